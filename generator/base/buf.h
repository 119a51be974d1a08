/* Growable byte buffer (always NUL-terminated after the first append). */
#ifndef MLPS_BUF_H
#define MLPS_BUF_H
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct mlps_buf {
    char *ptr;
    size_t len;
    size_t cap;
} mlps_buf;

#define MLPS_BUF_INIT {NULL, 0, 0}

/* Room for extra more bytes and the NUL after them: a writer may then fill ptr[len…] itself. */
void mlps_buf_reserve(mlps_buf *b, size_t extra);
void mlps_buf_append(mlps_buf *b, const char *s, size_t n);
void mlps_buf_puts(mlps_buf *b, const char *s);
void mlps_buf_putc(mlps_buf *b, char c);
/* v in decimal, as printf's %ld writes it, without printf's cost (a template writes the line of
 * each data value it copies). */
void mlps_buf_put_long(mlps_buf *b, long v);
/* mlps_buf_putc and mlps_buf_append, in place while b has room: for writers of many small
 * pieces (a page's content stream, a PDF's objects: about a million bytes a document). */
static inline void mlps_buf_put_byte(mlps_buf *b, char c)
{
    if (b->len + 2 > b->cap) {
        mlps_buf_putc(b, c);
        return;
    }
    b->ptr[b->len++] = c;
    b->ptr[b->len] = '\0';
}

static inline void mlps_buf_put_bytes(mlps_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        mlps_buf_append(b, s, n);
        return;
    }
    memcpy(b->ptr + b->len, s, n);
    b->len += n;
    b->ptr[b->len] = '\0';
}
void mlps_buf_printf(mlps_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mlps_buf_vprintf(mlps_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void mlps_buf_clear(mlps_buf *b);
/* Hands the bytes to the caller (caller frees); the buffer is reset. Never NULL. */
char *mlps_buf_detach(mlps_buf *b);
void mlps_buf_free(mlps_buf *b);

#endif
