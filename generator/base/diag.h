/* Diagnostics: every user-visible problem is collected here and formatted in one place.
 * Format: "file:line: 字段路径: 消息" (path and line omitted when unknown). Messages are Chinese. */
#ifndef MLPS_DIAG_H
#define MLPS_DIAG_H
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* MLPS_NOTE: what a template itself says (xsl:message), shown and never a failure */
typedef enum { MLPS_ERROR, MLPS_WARNING, MLPS_NOTE } mlps_severity;

/* Stable codes, one per kind of problem, for machine-readable reports (docs/diagnostics.md).
 * The text of a message may change; its code does not. */
#define MLPS_DC_OTHER "other"
#define MLPS_DC_ENGINE "engine"             /* the data folder: codes, schemas, plans, fonts */
#define MLPS_DC_DATA_READ "data.read"       /* a data file cannot be read or parsed */
#define MLPS_DC_DATA_SCHEMA "data.schema"   /* structure (unit.rng), empty fields */
#define MLPS_DC_DATA_CHECK "data.check"     /* matrix, identifiers, codes, dates, filing rules */
#define MLPS_DC_DATA_FONT "data.font"       /* characters no font can print */
#define MLPS_DC_PLAN "plan"                 /* a render plan file */
#define MLPS_DC_PLAN_COLLISION "plan.collision" /* two documents would share one file name */
#define MLPS_DC_TEMPLATE "template"         /* a template found wrong at load */
#define MLPS_DC_EXPAND "template.expand"    /* expanding a template, or the doc XML it made */
#define MLPS_DC_LAYOUT "layout"             /* laying out pages */
#define MLPS_DC_PDF "pdf"                   /* building the PDF */
#define MLPS_DC_OUTPUT "output"             /* writing a file */

typedef struct mlps_diag {
    mlps_severity severity;
    const char *code; /* MLPS_DC_* (static) */
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
    const char *code; /* given to what is added now; NULL = MLPS_DC_OTHER */
} mlps_diags;

#define MLPS_DIAGS_INIT {NULL, 0, 0, 0, NULL}

/* Sets the code of the diagnostics added from now on; returns the previous one (to restore). */
const char *mlps_diag_set_code(mlps_diags *d, const char *code);

/* The single sink for errors. file/path may be NULL, line may be 0. */
void mlps_diag_error(mlps_diags *d, const char *file, long line, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void mlps_diag_verror(mlps_diags *d, const char *file, long line, const char *path, const char *fmt,
                 va_list ap);
void mlps_diag_warning(mlps_diags *d, const char *file, long line, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

void mlps_diag_note(mlps_diags *d, const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

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
