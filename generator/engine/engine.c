/* The public API (mlps.h): engine, unit, run and job objects over the layers. */
#include "mlps.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "data.h"
#include "diag.h"
#include "doc.h"
#include "font.h"
#include "layout.h"
#include "mem.h"
#include "outfile.h"
#include "para.h"
#include "plan.h"
#include "imgcache.h"
#include "pdf.h"
#include "render.h"
#include "template.h"

struct mlps_engine {
    char *home;
    char *templates_dir;
    mlps_model *model;
    mlps_schema *plan_schema;
    mlps_plan *plan;
    mlps_fontset *fonts;
};

struct mlps_unit {
    const mlps_engine *e;
    char *path;
    char *dir; /* resolves relative image paths; "" = cwd */
    xmlDocPtr xml;
    mlps_imgcache *images; /* validated once for all the unit's documents (its jobs may run at once) */
    mlps_pdf_fontcache *font_objects; /* font objects whose glyph set repeats between its documents */
    char **system_ids;
    size_t nsystems;
};

struct mlps_run {
    const mlps_engine *e;
    const mlps_plan *plan;
    const mlps_unit *u;
    mlps_plan_jobs jobs;
    int text;
};

struct mlps_job {
    const mlps_engine *e;
    const mlps_unit *u;
    const mlps_template *tmpl;
    mlps_template *own_tmpl;
    char *system_id;
    char *out_path;
    char *text_path;
    mlps_doc *doc;
    mlps_layout *lay;
    mlps_diags d;
};

/* ---- diagnostics ---- */

mlps_diags *mlps_diags_new(void)
{
    return mlps_xcalloc(1, sizeof(mlps_diags));
}

void mlps_diags_free(mlps_diags *d)
{
    if (!d)
        return;
    mlps_diag_free(d);
    free(d);
}

size_t mlps_diags_count(const mlps_diags *d)
{
    return d->count;
}

size_t mlps_diags_errors(const mlps_diags *d)
{
    return d->errors;
}

const char *mlps_diags_code(const mlps_diags *d, size_t i)
{
    return i < d->count ? d->items[i].code : NULL;
}

char *mlps_diags_text(const mlps_diags *d, size_t i)
{
    return i < d->count ? mlps_diag_format(&d->items[i]) : NULL;
}

void mlps_diags_print(const mlps_diags *d, FILE *out)
{
    mlps_diag_print(d, out);
}

void mlps_diags_move(mlps_diags *dst, mlps_diags *src)
{
    mlps_diag_merge(dst, src);
}

/* ---- engine ---- */

static char *join(const char *dir, const char *rest)
{
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_printf(&b, "%s/%s", dir, rest);
    return mlps_buf_detach(&b);
}

mlps_engine *mlps_engine_new(const char *home_dir, const char *fonts_xml, mlps_diags *d)
{
    size_t errors0 = d->errors;
    const char *code = mlps_diag_set_code(d, MLPS_DC_ENGINE);
    mlps_engine *e = mlps_xcalloc(1, sizeof *e);
    char *schema = join(home_dir, "templates/schema/plan.rng");
    char *plan = join(home_dir, "templates/plans/default.xml");
    char *fonts = fonts_xml ? NULL : join(home_dir, "fonts/fonts.xml");
    /* every thread prerequisite, before any job can start a thread */
    xmlInitParser();
    mlps_template_init(); /* libxslt, and the allocator hooks of template memory budgets */
    mlps_para_prepare_threads();
    e->home = mlps_xstrdup(home_dir);
    e->templates_dir = join(home_dir, "templates");
    e->model = mlps_model_load(home_dir, d);
    e->plan_schema = e->model ? mlps_schema_load(schema, d) : NULL;
    e->plan = e->plan_schema ? mlps_plan_load(e->plan_schema, plan, e->templates_dir, d) : NULL;
    if (e->plan)
        mlps_plan_compile(e->plan, d);
    if (d->errors == errors0)
        e->fonts = mlps_fontset_load(fonts_xml ? fonts_xml : fonts, d);
    free(schema);
    free(plan);
    free(fonts);
    mlps_diag_set_code(d, code);
    if (d->errors > errors0 || !e->fonts) {
        mlps_engine_free(e);
        return NULL;
    }
    return e;
}

char *mlps_engine_font_fallbacks(const mlps_engine *e)
{
    const char *role, *wanted, *used;
    mlps_buf b = MLPS_BUF_INIT;
    for (size_t i = 0; e && mlps_fontset_fallback(e->fonts, i, &role, &wanted, &used); i++)
        mlps_buf_printf(&b, "%s%s（%s → %s）", i ? "、" : "", role, wanted, used);
    return b.len ? mlps_buf_detach(&b) : (mlps_buf_free(&b), NULL);
}

void mlps_engine_free(mlps_engine *e)
{
    if (!e)
        return;
    mlps_fontset_free(e->fonts);
    mlps_plan_free(e->plan);
    mlps_schema_free(e->plan_schema);
    mlps_model_free(e->model);
    free(e->templates_dir);
    free(e->home);
    free(e);
}

const mlps_plan *mlps_engine_plan(const mlps_engine *e)
{
    return e->plan;
}

int mlps_engine_template_per_system(const mlps_engine *e, const char *template_path)
{
    return mlps_plan_template_per_system(e->plan, template_path);
}

mlps_plan *mlps_plan_open(const mlps_engine *e, const char *path, mlps_diags *d)
{
    mlps_plan *p = mlps_plan_load(e->plan_schema, path, e->templates_dir, d);
    if (p && mlps_plan_compile(p, d)) {
        mlps_plan_free(p);
        p = NULL;
    }
    return p;
}

/* ---- unit ---- */

mlps_unit *mlps_unit_load(const mlps_engine *e, const char *path, mlps_diags *d)
{
    size_t errors0 = d->errors;
    mlps_imgcache *images = mlps_imgcache_new(); /* the check validates the images into it, once */
    mlps_check_opts opts = {.images = images};
    xmlDocPtr xml = mlps_data_load(e->model, path, &opts, d);
    if (!xml) {
        mlps_imgcache_free(images);
        return NULL;
    }
    const char *code = mlps_diag_set_code(d, MLPS_DC_DATA_FONT);
    mlps_render_check_coverage(e->fonts, xml, path, d);
    mlps_diag_set_code(d, code);
    if (d->errors > errors0) {
        xmlFreeDoc(xml);
        mlps_imgcache_free(images);
        return NULL;
    }
    mlps_unit *u = mlps_xcalloc(1, sizeof *u);
    u->e = e;
    u->path = mlps_xstrdup(path);
    u->dir = mlps_path_dir(path);
    u->images = images;
    u->font_objects = mlps_pdf_fontcache_new();
    u->xml = xml;
    for (xmlNode *y = mlps_data_next_system(xml, NULL); y; y = mlps_data_next_system(xml, y)) {
        xmlChar *id = xmlGetNoNsProp(y, (const xmlChar *)"id");
        u->system_ids = mlps_xrealloc(u->system_ids, (u->nsystems + 1) * sizeof *u->system_ids);
        u->system_ids[u->nsystems++] = mlps_xstrdup(id ? (const char *)id : "");
        xmlFree(id);
    }
    return u;
}

void mlps_unit_free(mlps_unit *u)
{
    if (!u)
        return;
    for (size_t i = 0; i < u->nsystems; i++)
        free(u->system_ids[i]);
    free(u->system_ids);
    xmlFreeDoc(u->xml);
    free(u->dir);
    mlps_imgcache_free(u->images);
    mlps_pdf_fontcache_free(u->font_objects);
    free(u->path);
    free(u);
}

char *mlps_unit_system_ids(const mlps_unit *u)
{
    return mlps_data_system_ids(u->xml);
}

size_t mlps_unit_system_count(const mlps_unit *u)
{
    return u->nsystems;
}

const char *mlps_unit_system_id(const mlps_unit *u, size_t i)
{
    return i < u->nsystems ? u->system_ids[i] : NULL;
}

/* ---- run ---- */

mlps_run *mlps_run_new(const mlps_engine *e, const mlps_plan *plan, const mlps_unit *u,
                       const mlps_run_options *opts, mlps_diags *d)
{
    mlps_run *r = mlps_xcalloc(1, sizeof *r);
    r->e = e;
    r->plan = plan ? plan : e->plan;
    r->u = u;
    r->text = opts && opts->text;
    if (mlps_plan_expand(r->plan, u->xml, u->path, opts ? opts->form : NULL,
                         opts ? opts->out_dir : NULL, &r->jobs, d)) {
        free(r);
        return NULL;
    }
    if (!r->jobs.count) {
        const char *code = mlps_diag_set_code(d, MLPS_DC_PLAN);
        mlps_diag_error(d, mlps_plan_path(r->plan), 0, NULL, "按此计划，该单位没有要生成的文档");
        mlps_diag_set_code(d, code);
        mlps_run_free(r);
        return NULL;
    }
    return r;
}

void mlps_run_free(mlps_run *r)
{
    if (!r)
        return;
    mlps_plan_jobs_free(&r->jobs);
    free(r);
}

size_t mlps_run_count(const mlps_run *r)
{
    return r->jobs.count;
}

const char *mlps_run_path(const mlps_run *r, size_t i)
{
    return i < r->jobs.count ? r->jobs.items[i].out_path : NULL;
}

const char *mlps_run_system_id(const mlps_run *r, size_t i)
{
    return i < r->jobs.count ? r->jobs.items[i].system_id : NULL;
}

const char *mlps_run_template(const mlps_run *r, size_t i)
{
    return i < r->jobs.count ? mlps_plan_template_path(r->plan, r->jobs.items[i].doc) : NULL;
}

/* ---- job ---- */

static mlps_job *job_alloc(const mlps_engine *e, const mlps_unit *u, const char *system_id,
                           const char *out_path, const char *text_path)
{
    mlps_job *j = mlps_xcalloc(1, sizeof *j);
    j->e = e;
    j->u = u;
    j->system_id = system_id ? mlps_xstrdup(system_id) : NULL;
    j->out_path = mlps_xstrdup(out_path);
    j->text_path = text_path ? mlps_xstrdup(text_path) : NULL;
    return j;
}

mlps_job *mlps_job_new(const mlps_run *r, size_t i)
{
    if (i >= r->jobs.count)
        return NULL;
    const mlps_plan_job *x = &r->jobs.items[i];
    char *tp = r->text ? mlps_text_path_for(x->out_path) : NULL;
    mlps_job *j = job_alloc(r->e, r->u, x->system_id, x->out_path, tp);
    j->tmpl = mlps_plan_template(r->plan, x->doc);
    free(tp);
    return j;
}

mlps_job *mlps_job_new_template(const mlps_engine *e, const mlps_unit *u, const char *template_path,
                                const char *system_id, const char *out_pdf, const char *text_path,
                                mlps_diags *d)
{
    const char *code = mlps_diag_set_code(d, MLPS_DC_TEMPLATE);
    mlps_template *t = mlps_template_load(template_path, d);
    mlps_diag_set_code(d, code);
    if (!t)
        return NULL;
    if (!system_id && u->nsystems)
        system_id = u->system_ids[0];
    mlps_job *j = job_alloc(e, u, system_id, out_pdf, text_path);
    j->tmpl = j->own_tmpl = t;
    return j;
}

int mlps_job_render(mlps_job *j)
{
    return mlps_job_render_with(j, NULL);
}

int mlps_job_render_with(mlps_job *j, struct mlps_paracache *paras)
{
    if (j->doc || j->lay)
        return -1; /* a job writes its document once */
    mlps_render_job rj = {j->tmpl, j->u->xml, j->u->dir, j->system_id,
                          mlps_model_codes(j->e->model), j->e->fonts, j->out_path, j->text_path,
                          j->u->images, NULL, paras, j->u->font_objects};
    return mlps_render_document(&rj, &j->doc, &j->lay, &j->d);
}

const char *mlps_job_path(const mlps_job *j)
{
    return j->out_path;
}

mlps_diags *mlps_job_diags(mlps_job *j)
{
    return &j->d;
}

void mlps_job_free(mlps_job *j)
{
    if (!j)
        return;
    mlps_layout_free(j->lay);
    mlps_doc_free(j->doc);
    mlps_template_free(j->own_tmpl);
    mlps_diag_free(&j->d);
    free(j->system_id);
    free(j->out_path);
    free(j->text_path);
    free(j);
}
