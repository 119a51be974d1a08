/* Growable byte buffer (always NUL-terminated after the first append). */
#ifndef MLPS_BUF_H
#define MLPS_BUF_H
#include <stdarg.h>
#include <stddef.h>

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
void mlps_buf_printf(mlps_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mlps_buf_vprintf(mlps_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void mlps_buf_clear(mlps_buf *b);
/* Hands the bytes to the caller (caller frees); the buffer is reset. Never NULL. */
char *mlps_buf_detach(mlps_buf *b);
void mlps_buf_free(mlps_buf *b);

#endif
