/* Render jobs of mlpsdoc serve: one thread per job renders a saved data file by the engine's
 * default render plan (templates/plans/default.xml), as `render -d` does, into
 * <folder>/out/<file name>/, counting documents as they are written so the browser can show
 * progress. The engine (fonts, templates, plan) is loaded once at start and shared. The folder
 * is serve's: after a job that made every document, the PDFs an earlier job wrote there that
 * the data no longer gives (a system renamed or removed) are deleted, unless changed since. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "mlps.h"
#include "outfile.h"
#include "serve.h"
#include "xmlread.h"

static void job_diags(serve_job *j, const mlps_diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        const mlps_diag *x = &d->items[i];
        mlps_buf_printf(&j->errors, "%s{\"line\":%ld,\"path\":", j->errors.len ? "," : "", x->line);
        serve_json_str(&j->errors, x->path ? x->path : "");
        mlps_buf_puts(&j->errors, ",\"msg\":");
        serve_json_str(&j->errors, x->msg);
        mlps_buf_putc(&j->errors, '}');
    }
}

static void add_file(serve_job *j, const char *stem, const char *out_path, const char *system_id)
{
    const char *slash = strrchr(out_path, '/');
    const char *file = slash ? slash + 1 : out_path;
    mlps_buf url = MLPS_BUF_INIT;
    mlps_buf_printf(&url, "/out/%s/%s", stem, file);
    mlps_buf_printf(&j->files, "%s{\"system\":", j->files.len ? "," : "");
    serve_json_str(&j->files, system_id ? system_id : "");
    mlps_buf_puts(&j->files, ",\"name\":");
    serve_json_str(&j->files, file);
    mlps_buf_puts(&j->files, ",\"url\":");
    serve_json_str(&j->files, url.ptr);
    mlps_buf_putc(&j->files, '}');
    mlps_buf_free(&url);
}

#define SERVE_OUT_LIST ".mlpsdoc-serve" /* in out/<file>/: each PDF serve wrote, size, mtime, inode */

typedef struct out_entry {
    char *name;
    long long size, mtime;
    unsigned long long ino;
} out_entry;

typedef struct out_list {
    out_entry *e;
    size_t n, cap;
} out_list;

static void list_add(out_list *l, const char *name, long long size, long long mtime, unsigned long long ino)
{
    XGROW(l->e, l->cap, l->n + 1);
    l->e[l->n++] = (out_entry){mlps_xstrdup(name), size, mtime, ino};
}

static void list_free(out_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->e[i].name);
    free(l->e);
}

/* The PDFs earlier jobs wrote in dir, as they left them; only plain *.pdf names (the list is
 * a file in the served folder: an edited one must not reach outside it). */
static void list_read(const char *dir, out_list *l)
{
    mlps_buf p = MLPS_BUF_INIT;
    mlps_buf_printf(&p, "%s/" SERVE_OUT_LIST, dir);
    FILE *f = fopen(p.ptr, "r");
    mlps_buf_free(&p);
    if (!f)
        return;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0 && l->n < MLPS_MAX_SERVE_FILES) {
        char *tab = strchr(line, '\t'), *end;
        if (!tab)
            continue;
        *tab = '\0';
        long long size = strtoll(tab + 1, &end, 10);
        long long mtime = strtoll(end, &end, 10);
        unsigned long long ino = strtoull(end, &end, 10);
        if (mlps_output_name_ok(line, ".pdf"))
            list_add(l, line, size, mtime, ino);
    }
    free(line);
    fclose(f);
}

/* After a job, under out_lock: records the PDFs it wrote in dir, and deals with those an
 * earlier job wrote that the plan no longer makes. When the job made every document they are
 * deleted (named in j->removed), if still as that job left them; otherwise they stay listed
 * for the next job. One changed since (edited, replaced) is no longer serve's: left alone. */
static void update_outputs(serve_job *j, const char *dir, const mlps_run *r, const unsigned char *written,
                           int complete)
{
    serve_ctx *ctx = j->ctx;
    out_list old = {0}, now = {0};
    mlps_buf removed = MLPS_BUF_INIT, p = MLPS_BUF_INIT, list = MLPS_BUF_INIT;
    struct stat st;
    size_t n = mlps_run_count(r);
    pthread_mutex_lock(&ctx->out_lock);
    list_read(dir, &old);
    for (size_t i = 0; i < n; i++) {
        const char *path = mlps_run_path(r, i);
        if (written[i] && lstat(path, &st) == 0)
            list_add(&now, strrchr(path, '/') + 1, st.st_size, mlps_stat_mtime_ns(&st), st.st_ino);
    }
    for (size_t k = 0; k < old.n; k++) {
        const out_entry *e = &old.e[k];
        size_t i = 0;
        while (i < n && strcmp(strrchr(mlps_run_path(r, i), '/') + 1, e->name))
            i++;
        if (i < n && written[i])
            continue; /* made again */
        mlps_buf_clear(&p);
        mlps_buf_printf(&p, "%s/%s", dir, e->name);
        if (mlps_output_unchanged(p.ptr, e->size, e->mtime, e->ino) != 1)
            continue; /* gone, or no longer as serve left it */
        if (i == n && complete && unlink(p.ptr) == 0) {
            mlps_buf_puts(&removed, removed.len ? "," : "");
            serve_json_str(&removed, e->name);
        } else {
            list_add(&now, e->name, e->size, e->mtime, e->ino);
        }
    }
    for (size_t k = 0; k < now.n; k++)
        mlps_buf_printf(&list, "%s\t%lld\t%lld\t%llu\n", now.e[k].name, now.e[k].size, now.e[k].mtime,
                        now.e[k].ino);
    mlps_buf_clear(&p);
    mlps_buf_printf(&p, "%s/" SERVE_OUT_LIST, dir);
    mlps_diags quiet = MLPS_DIAGS_INIT;
    /* a list not written only means old PDFs stay next time: not worth failing the job */
    mlps_write_atomic(p.ptr, list.ptr ? list.ptr : "", list.len, &quiet);
    mlps_diag_free(&quiet);
    pthread_mutex_unlock(&ctx->out_lock);
    pthread_mutex_lock(&ctx->lock);
    mlps_buf_free(&j->removed);
    j->removed = removed;
    pthread_mutex_unlock(&ctx->lock);
    list_free(&old);
    list_free(&now);
    mlps_buf_free(&p);
    mlps_buf_free(&list);
}

static void *run(void *arg)
{
    serve_job *j = arg;
    serve_ctx *ctx = j->ctx;
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_check_opts opts = {.today = ctx->today};
    mlps_unit *u = NULL;
    mlps_run *r = NULL;
    int failed = 1;
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_printf(&b, "%s/%s", ctx->dir, j->name);
    char *path = mlps_buf_detach(&b), *out = NULL;
    /* images first: render must read nothing outside the folder */
    xmlDocPtr doc = mlps_data_load(ctx->model, path, &opts, &d);
    if (doc)
        serve_check_images(ctx, doc, path, &d);
    xmlFreeDoc(doc);
    if (d.errors)
        goto done;
    out = serve_out_dir(ctx, j->name);
    if (!out) {
        mlps_diag_error(&d, NULL, 0, NULL, "无法在数据文件夹中建立输出文件夹 out/（或它是符号链接）");
        goto done;
    }
    u = mlps_unit_load(ctx->engine, path, &d);
    mlps_run_options ro = {out, NULL, 0};
    r = u ? mlps_run_new(ctx->engine, NULL, u, &ro, &d) : NULL;
    if (!r)
        goto done;
    size_t n = mlps_run_count(r);
    pthread_mutex_lock(&ctx->lock);
    j->total = n;
    pthread_mutex_unlock(&ctx->lock);
    const char *stem = strrchr(out, '/') + 1;
    unsigned char *written = mlps_xcalloc(n + 1, 1);
    failed = 0;
    for (size_t i = 0; i < n; i++) {
        mlps_job *job = mlps_job_new(r, i);
        int rc = mlps_job_render(job);
        written[i] = rc == 0;
        mlps_diag_merge(&d, mlps_job_diags(job));
        pthread_mutex_lock(&ctx->lock);
        j->done++;
        if (rc == 0)
            add_file(j, stem, mlps_run_path(r, i), mlps_run_system_id(r, i));
        else
            failed = 1;
        pthread_mutex_unlock(&ctx->lock);
        mlps_job_free(job);
    }
    update_outputs(j, out, r, written, !failed);
    free(written);
done:
    pthread_mutex_lock(&ctx->lock);
    job_diags(j, &d);
    j->state = failed || d.errors ? JOB_FAILED : JOB_DONE;
    pthread_mutex_unlock(&ctx->lock);
    mlps_run_free(r);
    mlps_unit_free(u);
    mlps_diag_free(&d);
    mlps_buf_free(&b);
    free(path);
    free(out);
    return NULL;
}

static void job_free(serve_job *j)
{
    pthread_join(j->thread, NULL);
    mlps_buf_free(&j->files);
    mlps_buf_free(&j->errors);
    mlps_buf_free(&j->removed);
    free(j->name);
    free(j);
}

int serve_render_start(serve_ctx *ctx, const char *name, unsigned *id)
{
    int rc = -1;
    pthread_mutex_lock(&ctx->lock);
    if (ctx->njobs == MLPS_MAX_SERVE_JOBS) { /* make room: drop the oldest finished job */
        size_t i = 0;
        while (i < ctx->njobs && ctx->jobs[i]->state == JOB_RUNNING)
            i++;
        if (i == ctx->njobs)
            goto done;
        job_free(ctx->jobs[i]);
        memmove(ctx->jobs + i, ctx->jobs + i + 1, (ctx->njobs - i - 1) * sizeof *ctx->jobs);
        ctx->njobs--;
    }
    serve_job *j = mlps_xcalloc(1, sizeof *j);
    j->id = ++ctx->next_job;
    j->name = mlps_xstrdup(name);
    j->ctx = ctx;
    j->state = JOB_RUNNING;
    if (pthread_create(&j->thread, NULL, run, j) != 0) {
        free(j->name);
        free(j);
        goto done;
    }
    ctx->jobs[ctx->njobs++] = j;
    *id = j->id;
    rc = 0;
done:
    pthread_mutex_unlock(&ctx->lock);
    return rc;
}

int serve_render_status(serve_ctx *ctx, unsigned id, mlps_buf *out)
{
    int found = 0;
    pthread_mutex_lock(&ctx->lock);
    for (size_t i = 0; i < ctx->njobs && !found; i++) {
        serve_job *j = ctx->jobs[i];
        if (j->id != id)
            continue;
        found = 1;
        static const char *const STATES[] = {"running", "done", "failed"};
        mlps_buf_printf(out, "{\"job\":%u,\"state\":\"%s\",\"done\":%zu,\"total\":%zu,\"name\":", j->id,
                        STATES[j->state], j->done, j->total);
        serve_json_str(out, j->name);
        mlps_buf_printf(out, ",\"files\":[%s],\"errors\":[%s],\"removed\":[%s]}", j->files.ptr ? j->files.ptr : "",
                        j->errors.ptr ? j->errors.ptr : "", j->removed.ptr ? j->removed.ptr : "");
    }
    pthread_mutex_unlock(&ctx->lock);
    return found;
}

void serve_render_join_all(serve_ctx *ctx)
{
    pthread_mutex_lock(&ctx->lock);
    size_t n = ctx->njobs;
    ctx->njobs = 0;
    pthread_mutex_unlock(&ctx->lock);
    for (size_t i = 0; i < n; i++)
        job_free(ctx->jobs[i]);
}
