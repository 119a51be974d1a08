/* Render jobs of mlpsdoc serve: one thread per job renders a saved data file by the default
 * render plan (templates/plans/default.xml), as `render -d` does, into <folder>/out/<file name>/,
 * counting documents as they are written so the browser can show progress. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font.h"
#include "mem.h"
#include "plan.h"
#include "render.h"
#include "serve.h"
#include "template.h"
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

static void add_file(serve_job *j, const char *stem, const mlps_plan_job *x)
{
    const char *file = strrchr(x->out_path, '/') + 1;
    mlps_buf url = MLPS_BUF_INIT;
    mlps_buf_printf(&url, "/out/%s/%s", stem, file);
    mlps_buf_printf(&j->files, "%s{\"system\":", j->files.len ? "," : "");
    serve_json_str(&j->files, x->system_id ? x->system_id : "");
    mlps_buf_puts(&j->files, ",\"name\":");
    serve_json_str(&j->files, file);
    mlps_buf_puts(&j->files, ",\"url\":");
    serve_json_str(&j->files, url.ptr);
    mlps_buf_putc(&j->files, '}');
    mlps_buf_free(&url);
}

static void *run(void *arg)
{
    serve_job *j = arg;
    serve_ctx *ctx = j->ctx;
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_check_opts opts = {ctx->today};
    mlps_schema *schema = NULL;
    mlps_plan *plan = NULL;
    mlps_plan_jobs jobs = {0};
    mlps_template **tmpls = NULL;
    mlps_fontset *fs = NULL;
    int failed = 1;
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_printf(&b, "%s/%s", ctx->dir, j->name);
    char *path = mlps_buf_detach(&b), *out = NULL;
    xmlDocPtr doc = mlps_data_load(ctx->model, path, &opts, &d);
    if (!doc)
        goto done;
    serve_check_images(ctx, doc, path, &d);
    out = d.errors ? NULL : serve_out_dir(ctx, j->name);
    if (!out) {
        if (!d.errors)
            mlps_diag_error(&d, NULL, 0, NULL, "无法在数据文件夹中建立输出文件夹 out/（或它是符号链接）");
        goto done;
    }
    mlps_buf_printf(&b, "%s/templates/schema/plan.rng", ctx->data_dir);
    schema = mlps_schema_load(b.ptr, &d);
    mlps_buf_clear(&b);
    mlps_buf_printf(&b, "%s/templates/plans/default.xml", ctx->data_dir);
    char *plan_path = mlps_buf_detach(&b);
    mlps_buf_printf(&b, "%s/templates", ctx->data_dir);
    plan = schema ? mlps_plan_load(schema, plan_path, b.ptr, &d) : NULL;
    mlps_buf_clear(&b);
    free(plan_path);
    if (!plan || mlps_plan_expand(plan, doc, path, NULL, out, &jobs, &d))
        goto done;
    tmpls = mlps_xcalloc(mlps_plan_count(plan) + 1, sizeof *tmpls);
    for (size_t i = 0; i < jobs.count; i++)
        if (!tmpls[jobs.items[i].doc])
            tmpls[jobs.items[i].doc] = mlps_template_load(mlps_plan_template_path(plan, jobs.items[i].doc), &d);
    mlps_buf_printf(&b, "%s/fonts/fonts.xml", ctx->data_dir);
    if (!d.errors)
        fs = mlps_fontset_load(b.ptr, &d);
    mlps_buf_clear(&b);
    if (d.errors || !fs || mlps_render_check_coverage(fs, doc, path, &d))
        goto done;
    pthread_mutex_lock(&ctx->lock);
    j->total = jobs.count;
    pthread_mutex_unlock(&ctx->lock);
    const char *stem = strrchr(out, '/') + 1;
    failed = 0;
    for (size_t i = 0; i < jobs.count; i++) {
        const mlps_plan_job *x = &jobs.items[i];
        mlps_render_job job = {tmpls[x->doc], doc, ctx->dir, x->system_id, mlps_model_codes(ctx->model), fs,
                               x->out_path, NULL};
        int rc = mlps_render_pdf(&job, &d);
        pthread_mutex_lock(&ctx->lock);
        j->done++;
        if (rc == 0)
            add_file(j, stem, x);
        else
            failed = 1;
        pthread_mutex_unlock(&ctx->lock);
    }
done:
    pthread_mutex_lock(&ctx->lock);
    job_diags(j, &d);
    j->state = failed || d.errors ? JOB_FAILED : JOB_DONE;
    pthread_mutex_unlock(&ctx->lock);
    for (size_t i = 0; tmpls && i < mlps_plan_count(plan); i++)
        mlps_template_free(tmpls[i]);
    free(tmpls);
    mlps_plan_jobs_free(&jobs);
    mlps_plan_free(plan);
    mlps_schema_free(schema);
    mlps_fontset_free(fs);
    xmlFreeDoc(doc);
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
        mlps_buf_printf(out, ",\"files\":[%s],\"errors\":[%s]}", j->files.ptr ? j->files.ptr : "",
                        j->errors.ptr ? j->errors.ptr : "");
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
