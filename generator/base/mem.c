#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t n)
{
    fprintf(stderr, "mlpsdoc: 内存不足（申请 %zu 字节失败）\n", n);
    abort();
}

void *mlps_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *mlps_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory(count * size);
    return p;
}

void *mlps_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
    return q;
}

char *mlps_xstrdup(const char *s)
{
    return mlps_xstrndup(s, strlen(s));
}

char *mlps_xstrndup(const char *s, size_t n)
{
    char *p = mlps_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static size_t grown(size_t cap, size_t need, size_t elem)
{
    size_t c = cap;
    if (!c) {
        /* 8 elements, or fewer in a first block of about 256 bytes: most arrays of large
         * elements (a table cell's blocks) hold one or two */
        c = elem ? 256 / elem : 8;
        c = c < 1 ? 1 : c > 8 ? 8 : c;
    }
    while (c < need)
        c *= 2;
    return c;
}

void mlps_xgrow_raw(void **items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    size_t c = grown(*cap, need, elem);
    *items = mlps_xrealloc(*items, c * elem);
    *cap = c;
}

void mlps_xgrow(void **items, size_t *cap, size_t need, size_t elem)
{
    size_t old = *cap;
    mlps_xgrow_raw(items, cap, need, elem);
    memset((char *)*items + old * elem, 0, (*cap - old) * elem);
}

char *mlps_path_dir(const char *path)
{
    const char *sl = strrchr(path, '/');
    if (!sl)
        return mlps_xstrdup("");
    return sl == path ? mlps_xstrdup("/") : mlps_xstrndup(path, (size_t)(sl - path));
}
