/* Render jobs of mlpsdoc serve: one thread per job renders every system of a saved data file
 * with every default template into <folder>/out/<file name>/, as `render -d` does, counting
 * documents as they are written so the browser can show progress. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "font.h"
#include "mem.h"
#include "render.h"
#include "serve.h"
#include "template.h"
#include "xmlread.h"

#define MAX_TEMPLATES 16

static char *child_text(xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, (const xmlChar *)name)) {
            xmlChar *s = xmlNodeGetContent(c);
            const char *p = s ? (const char *)s : "";
            while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
                p++;
            size_t len = strlen(p);
            while (len && strchr(" \n\t\r", p[len - 1]))
                len--;
            char *r = mlps_xstrndup(p, len);
            xmlFree(s);
            return r;
        }
    return mlps_xstrdup("");
}

static xmlNode *kid(xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, (const xmlChar *)name))
            return c;
    return NULL;
}

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

static void *run(void *arg)
{
    serve_job *j = arg;
    serve_ctx *ctx = j->ctx;
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_check_opts opts = {ctx->today};
    mlps_template *tmpls[MAX_TEMPLATES] = {0};
    const char *suffixes[MAX_TEMPLATES] = {0};
    size_t ntmpl = 0;
    mlps_fontset *fs = NULL;
    int failed = 1;
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_printf(&b, "%s/%s", ctx->dir, j->name);
    char *path = mlps_buf_detach(&b), *out = NULL, *unit = NULL;
    xmlDocPtr doc = mlps_data_load(ctx->model, path, &opts, &d);
    if (!doc)
        goto done;
    serve_check_images(ctx, doc, path, &d);
    for (const char *f; ntmpl < MAX_TEMPLATES && (f = mlps_render_default(ntmpl, &suffixes[ntmpl]));) {
        mlps_buf_printf(&b, "%s/templates/%s", ctx->data_dir, f);
        char *tp = mlps_buf_detach(&b);
        tmpls[ntmpl++] = mlps_template_load(tp, &d);
        free(tp);
    }
    mlps_buf_printf(&b, "%s/fonts/fonts.xml", ctx->data_dir);
    char *conf = mlps_buf_detach(&b);
    if (!d.errors)
        fs = mlps_fontset_load(conf, &d);
    free(conf);
    if (d.errors || !fs || mlps_render_check_coverage(fs, doc, path, &d))
        goto done;
    out = serve_out_dir(ctx, j->name);
    if (!out) {
        mlps_diag_error(&d, NULL, 0, NULL, "无法在数据文件夹中建立输出文件夹 out/（或它是符号链接）");
        goto done;
    }
    xmlNode *systems = kid(xmlDocGetRootElement(doc), "systems");
    size_t nsys = 0;
    for (xmlNode *s = systems ? systems->children : NULL; s; s = s->next)
        nsys += s->type == XML_ELEMENT_NODE && xmlStrEqual(s->name, (const xmlChar *)"system");
    pthread_mutex_lock(&ctx->lock);
    j->total = nsys * ntmpl;
    pthread_mutex_unlock(&ctx->lock);
    unit = child_text(xmlDocGetRootElement(doc), "name");
    const char *stem = strrchr(out, '/') + 1;
    mlps_render_job job = {NULL, doc, ctx->dir, NULL, mlps_model_codes(ctx->model), fs, NULL, NULL};
    failed = 0;
    for (xmlNode *s = systems ? systems->children : NULL; s; s = s->next) {
        if (s->type != XML_ELEMENT_NODE || !xmlStrEqual(s->name, (const xmlChar *)"system"))
            continue;
        xmlChar *id = xmlGetProp(s, (const xmlChar *)"id");
        char *sname = child_text(s, "name");
        for (size_t k = 0; k < ntmpl; k++) {
            char *file = mlps_render_file_name(unit, sname, suffixes[k]);
            mlps_buf_printf(&b, "%s/%s", out, file);
            char *pdf = mlps_buf_detach(&b);
            job.tmpl = tmpls[k];
            job.system_id = id ? (const char *)id : "";
            job.out_path = pdf;
            int rc = mlps_render_pdf(&job, &d);
            pthread_mutex_lock(&ctx->lock);
            j->done++;
            if (rc == 0) {
                mlps_buf_printf(&j->files, "%s{\"system\":", j->files.len ? "," : "");
                serve_json_str(&j->files, id ? (const char *)id : "");
                mlps_buf_puts(&j->files, ",\"name\":");
                serve_json_str(&j->files, file);
                mlps_buf_puts(&j->files, ",\"url\":");
                mlps_buf_printf(&b, "/out/%s/%s", stem, file);
                serve_json_str(&j->files, b.ptr);
                mlps_buf_clear(&b);
                mlps_buf_putc(&j->files, '}');
            } else
                failed = 1;
            pthread_mutex_unlock(&ctx->lock);
            free(pdf);
            free(file);
        }
        free(sname);
        xmlFree(id);
    }
done:
    pthread_mutex_lock(&ctx->lock);
    job_diags(j, &d);
    j->state = failed || d.errors ? JOB_FAILED : JOB_DONE;
    pthread_mutex_unlock(&ctx->lock);
    for (size_t i = 0; i < ntmpl; i++)
        mlps_template_free(tmpls[i]);
    mlps_fontset_free(fs);
    xmlFreeDoc(doc);
    mlps_diag_free(&d);
    mlps_buf_free(&b);
    free(path);
    free(out);
    free(unit);
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
