/* The stat-keyed file hash cache: an open-addressing table of paths, one mutex. The file is
 * text, one line a file: path, size, mtime_ns, inode, hash, tab-separated. */
#include "batch_hashes.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "mem.h"
#include "mlps_limits.h"
#include "outfile.h"

typedef struct entry {
    char *path; /* NULL: free slot */
    long long size, mtime_ns;
    unsigned long long ino;
    mlps_hash h;
} entry;

struct mlps_hashcache {
    char *file;
    entry *slots;
    size_t cap, n; /* cap: a power of two */
    int dirty;
    pthread_mutex_t mu;
};

static size_t slot_of(const mlps_hashcache *c, const char *path)
{
    size_t i = (size_t)mlps_hash_bytes(path, strlen(path)).lo & (c->cap - 1);
    while (c->slots[i].path && strcmp(c->slots[i].path, path))
        i = (i + 1) & (c->cap - 1);
    return i;
}

static void grow(mlps_hashcache *c)
{
    entry *old = c->slots;
    size_t oldcap = c->cap;
    c->cap = oldcap ? oldcap * 2 : 1024;
    c->slots = mlps_xcalloc(c->cap, sizeof *c->slots);
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].path)
            c->slots[slot_of(c, old[i].path)] = old[i];
    free(old);
}

/* The entry of path, added (empty) when missing; NULL when the cache is full. */
static entry *put(mlps_hashcache *c, const char *path)
{
    if ((c->n + 1) * 2 > c->cap)
        grow(c);
    entry *e = &c->slots[slot_of(c, path)];
    if (!e->path) {
        if (c->n >= MLPS_MAX_HASHCACHE_ENTRIES)
            return NULL;
        e->path = mlps_xstrdup(path);
        c->n++;
    }
    return e;
}


mlps_hashcache *mlps_hashcache_load(const char *file)
{
    mlps_hashcache *c = mlps_xcalloc(1, sizeof *c);
    c->file = mlps_xstrdup(file);
    pthread_mutex_init(&c->mu, NULL);
    grow(c);
    FILE *f = fopen(file, "rb");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while (f && (n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] != '\n')
            break; /* cut: the rest is not trusted */
        line[n - 1] = '\0';
        char *tab = strchr(line, '\t'), hex[MLPS_HASH_HEX];
        long long size, mt;
        unsigned long long ino;
        mlps_hash h;
        if (!tab || sscanf(tab + 1, "%lld\t%lld\t%llu\t%32s", &size, &mt, &ino, hex) != 4 ||
            mlps_hash_parse(hex, &h))
            continue;
        *tab = '\0';
        entry *e = put(c, line);
        if (!e)
            break;
        e->size = size;
        e->mtime_ns = mt;
        e->ino = ino;
        e->h = h;
    }
    free(line);
    if (f)
        fclose(f);
    return c;
}

int mlps_hashcache_file(mlps_hashcache *c, const char *path, mlps_hash *out, mlps_diags *d)
{
    struct stat st;
    if (stat(path, &st) != 0 || strchr(path, '\t') || strchr(path, '\n'))
        return mlps_hash_file(path, out, d); /* its message says why it cannot be read */
    pthread_mutex_lock(&c->mu);
    entry *e = &c->slots[slot_of(c, path)];
    int hit = e->path && e->size == st.st_size && e->mtime_ns == mlps_stat_mtime_ns(&st) &&
              e->ino == (unsigned long long)st.st_ino;
    if (hit)
        *out = e->h;
    pthread_mutex_unlock(&c->mu);
    if (hit)
        return 0;
    if (mlps_hash_file(path, out, d))
        return -1;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    if (now.tv_sec - st.st_mtim.tv_sec < MLPS_HASHCACHE_RACY_S)
        return 0; /* too fresh to be trusted by its metadata next time */
    pthread_mutex_lock(&c->mu);
    if ((e = put(c, path)) != NULL) {
        *e = (entry){e->path, st.st_size, mlps_stat_mtime_ns(&st), st.st_ino, *out};
        c->dirty = 1;
    }
    pthread_mutex_unlock(&c->mu);
    return 0;
}

void mlps_hashcache_save(mlps_hashcache *c)
{
    if (!c->dirty)
        return;
    mlps_buf b = MLPS_BUF_INIT;
    char hex[MLPS_HASH_HEX];
    for (size_t i = 0; i < c->cap; i++) {
        const entry *e = &c->slots[i];
        if (!e->path)
            continue;
        mlps_hash_hex(e->h, hex);
        mlps_buf_printf(&b, "%s\t%lld\t%lld\t%llu\t%s\n", e->path, e->size, e->mtime_ns, e->ino, hex);
    }
    mlps_diags quiet = MLPS_DIAGS_INIT; /* only a cache: rebuilt next time */
    mlps_write_atomic(c->file, b.ptr ? b.ptr : "", b.len, &quiet);
    mlps_diag_free(&quiet);
    mlps_buf_free(&b);
    c->dirty = 0;
}

void mlps_hashcache_free(mlps_hashcache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->cap; i++)
        free(c->slots[i].path);
    free(c->slots);
    free(c->file);
    pthread_mutex_destroy(&c->mu);
    free(c);
}
