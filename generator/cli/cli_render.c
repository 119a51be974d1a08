/* mlpsdoc render: data file + template(s) → PDF(s).
 *   render -t TEMPLATE -d DATA [-s SYSTEM_ID] -o OUT.pdf
 *   render -d DATA [-p PLAN] [--form 1.0|2.0] [-o DIR]   every document of a render plan
 *                                (default templates/plans/default.xml) into DIR (default out/)
 * Order: data validated, plan expanded (every output name unique and short enough), templates
 * loaded and checked, fonts loaded once; only then is anything written, so bad data, a bad
 * plan or a bad template leaves no file behind. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "buf.h"
#include "cli.h"
#include "data.h"
#include "diag.h"
#include "font.h"
#include "mem.h"
#include "plan.h"
#include "render.h"
#include "template.h"
#include "xmlread.h"

static void usage(FILE *out)
{
    fputs("用法: mlpsdoc render -t TEMPLATE -d DATA [-s SYSTEM_ID] -o OUT.pdf\n"
          "      mlpsdoc render -d DATA [-p PLAN] [--form 1.0|2.0] [-o DIR]\n"
          "  -t  模板文件路径，或模板目录中的名称（如 grading-report）\n"
          "  -d  单位数据文件\n"
          "  -s  定级对象 id（数据中只有一个定级对象时可省略）\n"
          "  -p  生成计划（默认：数据目录下 templates/plans/default.xml），列出每个单位生成哪些文档、文件名\n"
          "  --form 1.0|2.0  只生成该版本表格的文档\n"
          "  -o  输出 PDF（用 -t 时）或输出目录（默认 out/）\n"
          "  --fonts FONTS.xml  字体配置（默认：数据目录下 fonts/fonts.xml）\n"
          "  --text   同时在每个 PDF 旁写出文档的纯文本（同名 .txt），供 cjkcheck --expected 比对\n",
          out);
}

/* OUT.pdf → OUT.txt; other names get ".txt" appended (caller frees). */
static char *text_path_for(const char *pdf)
{
    size_t n = strlen(pdf);
    mlps_buf b = MLPS_BUF_INIT;
    if (n > 4 && !strcmp(pdf + n - 4, ".pdf"))
        n -= 4;
    mlps_buf_append(&b, pdf, n);
    mlps_buf_puts(&b, ".txt");
    return mlps_buf_detach(&b);
}

/* Loaded, validated and annotated unit data, with the model (schema + codes) it was read by. */
typedef struct data_in {
    mlps_model *model;
    xmlDocPtr xml;
    const struct mlps_codes *codes;
} data_in;

/* Reads and checks the unit file exactly as `mlpsdoc check` does; 0 on success. */
static int load_data(const char *path, data_in *out, mlps_diags *d)
{
    mlps_check_opts opts = {0};
    out->xml = NULL;
    out->codes = NULL;
    out->model = mlps_model_load(mlps_data_dir(), d);
    if (!out->model)
        return -1;
    out->codes = mlps_model_codes(out->model);
    out->xml = mlps_data_load(out->model, path, &opts, d);
    return out->xml ? 0 : -1;
}

static void free_data(data_in *in)
{
    xmlFreeDoc(in->xml);
    mlps_model_free(in->model);
}

/* The <system> elements of the unit, in file order. */
static size_t list_systems(xmlDocPtr data, xmlNodePtr *out, size_t cap)
{
    size_t n = 0;
    xmlNodePtr root = xmlDocGetRootElement(data);
    for (xmlNodePtr s = root ? root->children : NULL; s; s = s->next) {
        if (s->type != XML_ELEMENT_NODE || strcmp((const char *)s->name, "systems"))
            continue;
        for (xmlNodePtr y = s->children; y; y = y->next)
            if (y->type == XML_ELEMENT_NODE && !strcmp((const char *)y->name, "system")) {
                if (n < cap)
                    out[n] = y;
                n++;
            }
    }
    return n;
}

/* -t NAME: a path as given if it exists or holds a '/', else NAME[.xml] in the data folder. */
static char *resolve_template(const char *name)
{
    mlps_buf b = MLPS_BUF_INIT;
    if (strchr(name, '/') || access(name, F_OK) == 0) {
        mlps_buf_puts(&b, name);
    } else {
        size_t n = strlen(name);
        mlps_buf_printf(&b, "%s/templates/%s%s", mlps_data_dir(), name,
                   n > 4 && !strcmp(name + n - 4, ".xml") ? "" : ".xml");
    }
    return mlps_buf_detach(&b);
}

static char *dir_of(const char *path)
{
    const char *sl = strrchr(path, '/');
    if (!sl)
        return mlps_xstrdup("");
    if (sl == path)
        return mlps_xstrdup("/");
    return mlps_xstrndup(path, (size_t)(sl - path));
}

/* mkdir -p; 0 on success. */
static int make_dirs(const char *dir, mlps_diags *d)
{
    char *p = mlps_xstrdup(dir);
    int rc = 0;
    for (char *s = p + 1; ; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            mlps_diag_error(d, p, 0, NULL, "无法创建输出目录：%s", strerror(errno));
            rc = -1;
            break;
        }
        *s = c;
        if (!c)
            break;
    }
    free(p);
    return rc;
}

/* Every document of the plan for the loaded unit, into dir; 0 when the whole set was written.
 * Names, templates and fonts are all checked before the first file is written. */
static int render_plan(const char *plan_path, const char *form, const char *dir, int text,
                       const data_in *data, const char *data_path, const mlps_fontset *fs,
                       mlps_diags *d)
{
    int rc = 1;
    mlps_buf b = MLPS_BUF_INIT;
    mlps_schema *schema = NULL;
    mlps_plan *plan = NULL;
    mlps_plan_jobs jobs = {0};
    mlps_template **tmpls = NULL;
    char *base = NULL;

    mlps_buf_printf(&b, "%s/templates/schema/plan.rng", mlps_data_dir());
    schema = mlps_schema_load(b.ptr, d);
    mlps_buf_clear(&b);
    mlps_buf_printf(&b, "%s/templates", mlps_data_dir());
    plan = schema ? mlps_plan_load(schema, plan_path, b.ptr, d) : NULL;
    if (!plan || mlps_plan_expand(plan, data->xml, data_path, form, dir, &jobs, d))
        goto done;
    if (!jobs.count) {
        mlps_diag_error(d, plan_path, 0, NULL, "按此计划，该单位没有要生成的文档");
        goto done;
    }
    size_t ndocs = mlps_plan_count(plan);
    tmpls = mlps_xcalloc(ndocs, sizeof *tmpls);
    for (size_t j = 0; j < jobs.count; j++) {
        size_t k = jobs.items[j].doc;
        if (!tmpls[k])
            tmpls[k] = mlps_template_load(mlps_plan_template_path(plan, k), d);
    }
    if (d->errors || make_dirs(dir, d))
        goto done;
    base = dir_of(data_path);
    size_t failed = 0;
    for (size_t j = 0; j < jobs.count; j++) {
        const mlps_plan_job *x = &jobs.items[j];
        char *tp = text ? text_path_for(x->out_path) : NULL;
        mlps_render_job job = {tmpls[x->doc], data->xml, base, x->system_id, data->codes, fs,
                               x->out_path, tp};
        if (mlps_render_pdf(&job, d) == 0) {
            printf("已生成 %s\n", x->out_path);
        } else {
            mlps_diag_error(d, x->out_path, 0, NULL, "未能生成此文档（原因见上）");
            failed++;
        }
        free(tp);
    }
    if (failed)
        mlps_diag_error(d, data_path, 0, NULL, "计划中的 %zu 份文档有 %zu 份未能生成；改正后重新运行即可补齐",
                        jobs.count, failed);
    rc = failed ? 1 : 0;
done:
    for (size_t k = 0; tmpls && k < mlps_plan_count(plan); k++)
        mlps_template_free(tmpls[k]);
    free(tmpls);
    mlps_plan_jobs_free(&jobs);
    mlps_plan_free(plan);
    mlps_schema_free(schema);
    mlps_buf_free(&b);
    free(base);
    return rc;
}

int mlps_cmd_render(int argc, char **argv)
{
    const char *tname = NULL, *data_path = NULL, *sys_id = NULL, *out = NULL, *fonts = NULL;
    const char *plan = NULL, *form = NULL;
    int status = 2, text = 0;
    mlps_diags d = MLPS_DIAGS_INIT;
    data_in data = {0};
    mlps_template *tmpl = NULL;
    mlps_fontset *fs = NULL;
    char *conf = NULL, *tpath = NULL, *base = NULL, *plan_default = NULL;
    xmlNodePtr *systems = NULL;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = !strcmp(a, "-t")        ? &tname
                            : !strcmp(a, "-d")      ? &data_path
                            : !strcmp(a, "-s")      ? &sys_id
                            : !strcmp(a, "-o")      ? &out
                            : !strcmp(a, "-p")      ? &plan
                            : !strcmp(a, "--form")  ? &form
                            : !strcmp(a, "--fonts") ? &fonts
                                                    : NULL;
        if (slot && i + 1 < argc) {
            *slot = argv[++i];
        } else if (!strcmp(a, "--text")) {
            text = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            status = 0;
            goto done;
        } else {
            fprintf(stderr, "mlpsdoc render: %s“%s”\n", slot ? "选项缺少参数" : "未知参数", a);
            usage(stderr);
            goto done;
        }
    }
    if (!data_path || (tname && !out) || (!tname && sys_id) || (tname && (plan || form)) ||
        (form && strcmp(form, "1.0") && strcmp(form, "2.0"))) {
        usage(stderr);
        goto done;
    }
    status = 1;

    /* 1. data: nothing is written when it has errors */
    if (load_data(data_path, &data, &d) || d.errors)
        goto done;
    size_t nsys = list_systems(data.xml, NULL, 0);
    systems = mlps_xcalloc(nsys ? nsys : 1, sizeof *systems);
    list_systems(data.xml, systems, nsys);
    if (!nsys) {
        mlps_diag_error(&d, data_path, 0, NULL, "数据中没有定级对象（unit/systems/system）");
        goto done;
    }
    if (tname && !sys_id && nsys > 1) {
        mlps_buf b = MLPS_BUF_INIT;
        for (size_t i = 0; i < nsys; i++) {
            xmlChar *id = xmlGetNoNsProp(systems[i], (const xmlChar *)"id");
            mlps_buf_printf(&b, "%s%s", i ? "、" : "", id ? (const char *)id : "?");
            xmlFree(id);
        }
        mlps_diag_error(&d, data_path, 0, NULL, "数据中有 %zu 个定级对象（%s），请用 -s 指定其一", nsys,
                   b.ptr);
        mlps_buf_free(&b);
        goto done;
    }

    /* 2. the template, checked before any output */
    if (tname) {
        tpath = resolve_template(tname);
        tmpl = mlps_template_load(tpath, &d);
        if (d.errors)
            goto done;
    }

    /* 3. fonts, once for the whole run */
    if (!fonts) {
        mlps_buf b = MLPS_BUF_INIT;
        mlps_buf_printf(&b, "%s/fonts/fonts.xml", mlps_data_dir());
        conf = mlps_buf_detach(&b);
        fonts = conf;
    }
    fs = mlps_fontset_load(fonts, &d);
    if (!fs || mlps_render_check_coverage(fs, data.xml, data_path, &d))
        goto done;

    /* 4. documents */
    if (!tname) {
        if (!plan) {
            mlps_buf b = MLPS_BUF_INIT;
            mlps_buf_printf(&b, "%s/templates/plans/default.xml", mlps_data_dir());
            plan = plan_default = mlps_buf_detach(&b);
        }
        status = render_plan(plan, form, out ? out : "out", text, &data, data_path, fs, &d);
        goto done;
    }
    base = dir_of(data_path);
    mlps_render_job job = {tmpl, data.xml, base, sys_id, data.codes, fs, out, NULL};
    if (!sys_id) {
        xmlChar *id = xmlGetNoNsProp(systems[0], (const xmlChar *)"id");
        job.system_id = id ? mlps_xstrdup((const char *)id) : NULL;
        xmlFree(id);
    }
    char *tp = text ? text_path_for(out) : NULL;
    job.text_path = tp;
    int rc = mlps_render_pdf(&job, &d);
    free(tp);
    if (!sys_id)
        free((char *)job.system_id);
    if (rc)
        goto done;
    printf("已生成 %s\n", out);
    status = 0;
done:
    mlps_diag_print(&d, stderr);
    if (status == 0 && d.errors)
        status = 1;
    mlps_template_free(tmpl);
    mlps_fontset_free(fs);
    free_data(&data);
    free(systems);
    free(conf);
    free(tpath);
    free(base);
    free(plan_default);
    mlps_diag_free(&d);
    return status;
}
