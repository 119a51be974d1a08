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
    struct stat st = {0};
    const mlps_image_data *img = NULL;
    /* loaded under the lock: documents asking for the same file at once (the two reports of
     * a system, on two workers) wait for the one load instead of repeating it */
    pthread_mutex_lock(&c->lock);
    int known = stat(path, &st) == 0; /* only to find the entry; mlps_image_load checks the file */
    entry *e = known ? find(c->head, path, &st) : NULL;
    if (e) {
        img = &e->img;
        goto done;
    }
    e = mlps_xcalloc(1, sizeof *e);
    if (mlps_image_load(path, &e->img, why) != 0) {
        free(e);
        goto done;
    }
    c->loads++;
    /* keyed by the stat before the load; a file replaced meanwhile never matches again */
    e->path = mlps_xstrdup(known ? path : "");
    e->dev = st.st_dev;
    e->ino = st.st_ino;
    e->size = st.st_size;
    e->mtime = st.st_mtim;
    e->next = c->head;
    c->head = e;
    img = &e->img;
done:
    pthread_mutex_unlock(&c->lock);
    return img;
}

size_t mlps_imgcache_loads(mlps_imgcache *c)
{
    pthread_mutex_lock(&c->lock);
    size_t n = c->loads;
    pthread_mutex_unlock(&c->lock);
    return n;
}
