/* imgcache: the same validated bytes as image.c, one load per unchanged file, a reload when
 * the file changes (size/mtime), shared by threads. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <zlib.h>

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

static void put_chunk(unsigned char *b, size_t *at, const char *type, const unsigned char *body,
                      uint32_t n)
{
    unsigned char *p = b + *at;
    p[0] = (unsigned char)(n >> 24), p[1] = (unsigned char)(n >> 16), p[2] = (unsigned char)(n >> 8),
    p[3] = (unsigned char)n;
    memcpy(p + 4, type, 4);
    if (n)
        memcpy(p + 8, body, n);
    uLong crc = crc32(0, p + 4, n + 4);
    p[8 + n] = (unsigned char)(crc >> 24), p[9 + n] = (unsigned char)(crc >> 16),
    p[10 + n] = (unsigned char)(crc >> 8), p[11 + n] = (unsigned char)crc;
    *at += 12 + n;
}

/* An 8-bit grey PNG of w x h whose row bad_row (0-based; -1: none) has filter type 7. */
static size_t make_png(unsigned char *b, unsigned w, unsigned h, int bad_row)
{
    static unsigned char raw[400 * 201], z[131072];
    size_t at = 8;
    memcpy(b, "\x89PNG\r\n\x1a\n", 8);
    unsigned char ihdr[13] = {0, 0, (unsigned char)(w >> 8), (unsigned char)w, 0, 0, (unsigned char)(h >> 8),
                              (unsigned char)h, 8, 0, 0, 0, 0};
    put_chunk(b, &at, "IHDR", ihdr, 13);
    for (unsigned r = 0; r < h; r++) {
        raw[r * (w + 1)] = (int)r == bad_row ? 7 : (unsigned char)(r % 5);
        for (unsigned x = 0; x < w; x++)
            raw[r * (w + 1) + 1 + x] = (unsigned char)(x * 3 + r);
    }
    uLongf zl = sizeof z;
    compress(z, &zl, raw, (uLong)h * (w + 1));
    put_chunk(b, &at, "IDAT", z, (uint32_t)zl);
    put_chunk(b, &at, "IEND", NULL, 0);
    return at;
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

    /* every row's filter byte is checked: the first, a middle one, the one that straddles
     * the inflater's first 64 KB piece (326 x 201 B), and the last */
    static unsigned char png[140000];
    mlps_image_data im;
    size_t pn = make_png(png, 200, 400, -1);
    CHECK_INT(mlps_image_parse(png, pn, &im, why), 0);
    mlps_image_free(&im);
    int rows[] = {0, 31, 326, 399};
    for (int i = 0; i < 4; i++) {
        char want[64];
        snprintf(want, sizeof want, "第 %d 行的过滤类型 7 无效", rows[i] + 1);
        pn = make_png(png, 200, 400, rows[i]);
        why[0] = 0;
        CHECK(mlps_image_parse(png, pn, &im, why) != 0 && strstr(why, want),
              "bad filter byte on row %d: \"%s\"", rows[i] + 1, why);
    }
    TEST_DONE();
}
