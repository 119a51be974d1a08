/* mlpsdoc serve: the local web form over the data files of one folder. Shared by cli_serve.c
 * (start, stop), serve_http.c (requests, security), serve_api.c (endpoints), serve_files.c
 * (confined file access), serve_render.c (render jobs in threads). */
#ifndef MLPS_SERVE_H
#define MLPS_SERVE_H
#include <pthread.h>
#include <stddef.h>

#include "buf.h"
#include "data.h"
#include "mlps_limits.h"

typedef enum { JOB_RUNNING, JOB_DONE, JOB_FAILED } serve_job_state;

typedef struct serve_job {
    unsigned id;
    serve_job_state state;
    size_t done, total;
    char *name;        /* data file rendered */
    mlps_buf files;    /* JSON objects of the PDFs written, comma-separated */
    mlps_buf errors;   /* JSON objects of the diagnostics, comma-separated */
    mlps_buf removed;  /* JSON strings: old PDFs deleted as no longer made, comma-separated */
    pthread_t thread;
    struct serve_ctx *ctx;
} serve_job;

typedef struct serve_ctx {
    char *dir;              /* the served folder (real path) */
    int dirfd;
    char *web;              /* the web form's files: <data dir>/web */
    const char *data_dir;   /* templates/, fonts/ */
    char *token;            /* required from every request when not on loopback; else NULL */
    char hosts[3][96];      /* Host headers accepted on loopback (address up to 63 bytes + port) */
    mlps_model *model;      /* check, the form */
    struct mlps_engine *engine; /* render: fonts, plan, templates loaded once */
    char *model_json;       /* GET /api/model, built once */
    int today;              /* check's today (YYYYMMDD), 0 = real date */
    pthread_mutex_t lock;   /* saves, jobs */
    pthread_mutex_t out_lock; /* an output folder's list of the PDFs serve wrote there */
    serve_job *jobs[MLPS_MAX_SERVE_JOBS];
    size_t njobs;
    unsigned next_job;
} serve_ctx;

/* An HTTP answer built by an endpoint. */
typedef struct serve_reply {
    int status;
    const char *type;       /* Content-Type */
    mlps_buf body;
    int fd;                 /* >= 0: send this file (size bytes) instead of body */
    size_t size;
    char etag[40];          /* non-empty: ETag header */
    char disposition[400];  /* non-empty: Content-Disposition header */
    char cookie[160];       /* non-empty: Set-Cookie header */
} serve_reply;

typedef struct serve_request {
    const char *method, *path;
    const char *(*arg)(void *conn, const char *name);    /* query argument */
    const char *(*header)(void *conn, const char *name);
    void *conn;
    const char *body;
    size_t len;
} serve_request;

/* serve_http.c: listens on addr:port (0: any free port, *bound_port says which) and fills
 * ctx->hosts before the first request can arrive */
void *serve_http_start(serve_ctx *ctx, const char *addr, unsigned port, unsigned *bound_port);
void serve_http_stop(void *daemon);

/* serve_api.c: routes one checked request. */
void serve_route(serve_ctx *ctx, const serve_request *rq, serve_reply *rp);
/* {"error": msg} with status. */
void serve_error(serve_reply *rp, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void serve_json_str(mlps_buf *b, const char *s);
char *serve_model_json(const serve_ctx *ctx);

/* Topology images must be plain PNG/JPEG files of the folder: errors at their @src. */
void serve_check_images(serve_ctx *ctx, xmlDocPtr doc, const char *file, mlps_diags *d);

/* serve_files.c: names and files inside the served folder only (no "..", no symlinks). */
int serve_name_ok(const char *name, const char *ext);
/* Opens a regular file under dirfd by a relative path of checked components; -1 otherwise. */
int serve_open(int dirfd, const char *rel, size_t max, size_t *size);
/* Reads a whole file (at most max bytes); NULL if absent, not regular, a symlink or too big. */
char *serve_read(int dirfd, const char *rel, size_t max, size_t *len);
/* "out/<stem>" made (no symlinks); returns its path under ctx->dir (caller frees) or NULL. */
char *serve_out_dir(serve_ctx *ctx, const char *name);
/* Content hash used as ETag, "\"<16 hex>-<size>\"". */
void serve_etag(const char *data, size_t len, char out[40]);

/* serve_text.c: 0 and out = a data file's bytes as UTF-8 text for the page (a GB18030 file
 * converted, its declaration then saying UTF-8); -1 and a Chinese message in *err (caller frees). */
int serve_text_to_page(const char *name, const char *data, size_t len, mlps_buf *out, char **err);
/* 0 and out = text (UTF-8, as tidy writes it) as the bytes of the file it replaces (old, NULL for
 * a new file): a GB18030 file keeps its encoding and declaration, anything else is UTF-8; -1 and
 * a message in *err when a character cannot be written in that encoding. */
int serve_text_to_file(const char *name, const char *text, size_t len, const char *old, size_t old_len,
                       mlps_buf *out, char **err);

/* serve_render.c */
int serve_render_start(serve_ctx *ctx, const char *name, unsigned *id);
/* Appends the job's JSON; 0 when no such job. */
int serve_render_status(serve_ctx *ctx, unsigned id, mlps_buf *out);
void serve_render_join_all(serve_ctx *ctx);

#endif
