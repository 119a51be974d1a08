#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void mlps_buf_reserve(mlps_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t c = b->cap ? b->cap : 64;
    while (c < need)
        c *= 2;
    b->ptr = mlps_xrealloc(b->ptr, c);
    b->cap = c;
}

void mlps_buf_append(mlps_buf *b, const char *s, size_t n)
{
    mlps_buf_reserve(b, n);
    if (n)
        memcpy(b->ptr + b->len, s, n);
    b->len += n;
    b->ptr[b->len] = '\0';
}

void mlps_buf_puts(mlps_buf *b, const char *s)
{
    mlps_buf_append(b, s, strlen(s));
}

/* Called per byte by the PDF writer and the doc XML reader: no memcpy for one byte. */
void mlps_buf_putc(mlps_buf *b, char c)
{
    if (b->len + 2 > b->cap)
        mlps_buf_reserve(b, 1);
    b->ptr[b->len++] = c;
    b->ptr[b->len] = '\0';
}

void mlps_buf_put_long(mlps_buf *b, long v)
{
    char d[24];
    size_t n = sizeof d;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do
        d[--n] = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        d[--n] = '-';
    mlps_buf_put_bytes(b, d + n, sizeof d - n);
}

void mlps_buf_vprintf(mlps_buf *b, const char *fmt, va_list ap)
{
    if (!fmt) /* never true; tells GCC's sanitizer build that fmt is set */
        return;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    mlps_buf_reserve(b, (size_t)n);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void mlps_buf_printf(mlps_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mlps_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void mlps_buf_clear(mlps_buf *b)
{
    b->len = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}

char *mlps_buf_detach(mlps_buf *b)
{
    char *p = b->ptr ? b->ptr : mlps_xstrdup("");
    b->ptr = NULL;
    b->len = b->cap = 0;
    return p;
}

void mlps_buf_free(mlps_buf *b)
{
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}
