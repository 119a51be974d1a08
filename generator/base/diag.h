/* Diagnostics: every user-visible problem is collected here and formatted in one place.
 * Format: "file:line: 字段路径: 消息" (path and line omitted when unknown). Messages are Chinese. */
#ifndef MLPS_DIAG_H
#define MLPS_DIAG_H
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

typedef enum { MLPS_ERROR, MLPS_WARNING } mlps_severity;

typedef struct mlps_diag {
    mlps_severity severity;
    char *file;   /* may be NULL */
    long line;    /* 0 = unknown */
    char *path;   /* field path like "unit/systems/system[2]/grading/level"; may be NULL */
    char *msg;
} mlps_diag;

typedef struct mlps_diags {
    mlps_diag *items;
    size_t count;
    size_t cap;
    size_t errors;
} mlps_diags;

#define MLPS_DIAGS_INIT {NULL, 0, 0, 0}

/* The single sink for errors. file/path may be NULL, line may be 0. */
void mlps_diag_error(mlps_diags *d, const char *file, long line, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void mlps_diag_verror(mlps_diags *d, const char *file, long line, const char *path, const char *fmt,
                 va_list ap);
void mlps_diag_warning(mlps_diags *d, const char *file, long line, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* A system error (errno) in Chinese, for messages about files: strerror is English. */
const char *mlps_errno_text(int err);

/* One formatted line, without newline (caller frees). */
char *mlps_diag_format(const mlps_diag *x);
/* Prints every diagnostic, one per line. */
void mlps_diag_print(const mlps_diags *d, FILE *out);
/* Moves all items of src to the end of dst. */
void mlps_diag_merge(mlps_diags *dst, mlps_diags *src);
void mlps_diag_free(mlps_diags *d);

#endif
