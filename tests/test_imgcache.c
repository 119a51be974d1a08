/* imgcache: the same validated bytes as image.c, one load per unchanged file, a reload when
 * the file changes (size/mtime), shared by threads. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>

#include "harness.h"
#include "imgcache.h"

static int copy(const char *from, const char *to)
{
    FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
    char buf[4096];
    size_t n;
    int rc = a && b ? 0 : -1;
    while (a && b && (n = fread(buf, 1, sizeof buf, a)) > 0)
        if (fwrite(buf, 1, n, b) != n)
            rc = -1;
    if (a)
        fclose(a);
    if (b && fclose(b))
        rc = -1;
    return rc;
}

static int same_as_load(const mlps_image_data *c, const char *path)
{
    mlps_image_data im;
    char why[MLPS_IMAGE_WHY];
    if (!c || mlps_image_load(path, &im, why) != 0)
        return 0;
    int same = c->kind == im.kind && c->width == im.width && c->height == im.height &&
               c->bits == im.bits && c->colors == im.colors && c->palette_n == im.palette_n &&
               c->len == im.len && memcmp(c->data, im.data, im.len) == 0 &&
               memcmp(c->palette, im.palette, sizeof im.palette) == 0;
    mlps_image_free(&im);
    return same;
}

typedef struct {
    mlps_imgcache *c;
    const char *path;
    const mlps_image_data *got;
} arg;

static void *get_in_thread(void *p)
{
    arg *a = p;
    char why[MLPS_IMAGE_WHY];
    a->got = mlps_imgcache_get(a->c, a->path, why);
    return NULL;
}

int main(void)
{
    char dir[] = "/tmp/mlps-imgcache-XXXXXX", path[64], why[MLPS_IMAGE_WHY];
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    snprintf(path, sizeof path, "%s/t.png", dir);
    CHECK_INT(copy("samples/topology-oa.png", path), 0);

    mlps_imgcache *c = mlps_imgcache_new();
    const mlps_image_data *a = mlps_imgcache_get(c, path, why);
    CHECK(same_as_load(a, path), "cached image differs from mlps_image_load");
    CHECK(a && a->kind == MLPS_IMAGE_PNG && a->width > 0, "a PNG with a size");
    const mlps_image_data *b = mlps_imgcache_get(c, path, why);
    CHECK(a == b, "unchanged file: the same entry");
    CHECK_INT(mlps_imgcache_loads(c), 1);

    /* threads asking for the file at once all get the one entry */
    pthread_t t[4];
    arg args[4];
    for (int i = 0; i < 4; i++) {
        args[i] = (arg){c, path, NULL};
        pthread_create(&t[i], NULL, get_in_thread, &args[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CHECK(args[i].got == a, "thread %d: the cached entry", i);
    }
    CHECK_INT(mlps_imgcache_loads(c), 1);

    /* a new image (other size, later mtime) under the same name is loaded again */
    CHECK_INT(copy("samples/topology-scada.png", path), 0);
    struct timeval later[2] = {{2000000000, 0}, {2000000000, 0}};
    CHECK_INT(utimes(path, later), 0);
    const mlps_image_data *n = mlps_imgcache_get(c, path, why);
    CHECK(n && n != a, "changed file: a new entry");
    CHECK(same_as_load(n, path), "reloaded image equals the new file");
    CHECK_INT(mlps_imgcache_loads(c), 2);
    CHECK(a->len > 0 && a->data, "the old entry stays readable until the cache is freed");

    /* only the mtime changes: still reloaded */
    struct timeval later2[2] = {{2000000100, 0}, {2000000100, 0}};
    CHECK_INT(utimes(path, later2), 0);
    const mlps_image_data *m = mlps_imgcache_get(c, path, why);
    CHECK(m && m != n && same_as_load(m, path), "new mtime: reloaded");
    CHECK_INT(mlps_imgcache_loads(c), 3);

    /* errors are reported, not kept */
    char missing[80];
    snprintf(missing, sizeof missing, "%s/none.png", dir);
    why[0] = 0;
    CHECK(mlps_imgcache_get(c, missing, why) == NULL && why[0], "missing file: NULL and why");
    CHECK_INT(mlps_imgcache_loads(c), 3);

    mlps_imgcache_free(c);
    remove(path);
    remove(dir);
    TEST_DONE();
}
