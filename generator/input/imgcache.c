/* Validated images, once per file per run (imgcache.h). */
#include "imgcache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mem.h"

typedef struct entry {
    struct entry *next;
    char *path;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    mlps_image_data img;
} entry;

struct mlps_imgcache {
    pthread_mutex_t lock;
    entry *head;
    size_t loads;
};

mlps_imgcache *mlps_imgcache_new(void)
{
    mlps_imgcache *c = mlps_xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

void mlps_imgcache_free(mlps_imgcache *c)
{
    if (!c)
        return;
    for (entry *e = c->head, *n; e; e = n) {
        n = e->next;
        mlps_image_free(&e->img);
        free(e->path);
        free(e);
    }
    pthread_mutex_destroy(&c->lock);
    free(c);
}

static entry *find(entry *e, const char *path, const struct stat *st)
{
    for (; e; e = e->next)
        if (e->dev == st->st_dev && e->ino == st->st_ino && e->size == st->st_size &&
            e->mtime.tv_sec == st->st_mtim.tv_sec && e->mtime.tv_nsec == st->st_mtim.tv_nsec &&
            strcmp(e->path, path) == 0)
            return e;
    return NULL;
}

const mlps_image_data *mlps_imgcache_get(mlps_imgcache *c, const char *path, char why[MLPS_IMAGE_WHY])
{
    struct stat st;
    entry *e = NULL;
    /* stat only to find the entry; mlps_image_load does the checks (regular file, size) */
    if (stat(path, &st) == 0) {
        pthread_mutex_lock(&c->lock);
        e = find(c->head, path, &st);
        pthread_mutex_unlock(&c->lock);
        if (e)
            return &e->img;
    }
    /* loaded outside the lock, so other documents are not held up by a large file */
    entry *n = mlps_xcalloc(1, sizeof *n);
    if (mlps_image_load(path, &n->img, why) != 0) {
        free(n);
        return NULL;
    }
    pthread_mutex_lock(&c->lock);
    c->loads++;
    if (stat(path, &st) == 0 && !(e = find(c->head, path, &st))) {
        n->path = mlps_xstrdup(path);
        n->dev = st.st_dev;
        n->ino = st.st_ino;
        n->size = st.st_size;
        n->mtime = st.st_mtim;
        n->next = c->head;
        c->head = n;
        e = n;
        n = NULL;
    }
    pthread_mutex_unlock(&c->lock);
    if (n && e) { /* another thread kept the same file first */
        mlps_image_free(&n->img);
        free(n);
    } else if (n) { /* the file went away or changed while read: keep it anyway, unindexed */
        n->path = mlps_xstrdup("");
        pthread_mutex_lock(&c->lock);
        n->next = c->head;
        c->head = n;
        pthread_mutex_unlock(&c->lock);
        e = n;
    }
    return &e->img;
}

size_t mlps_imgcache_loads(mlps_imgcache *c)
{
    pthread_mutex_lock(&c->lock);
    size_t n = c->loads;
    pthread_mutex_unlock(&c->lock);
    return n;
}
