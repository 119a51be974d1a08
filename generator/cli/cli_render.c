/* mlpsdoc render: data file + template(s) → PDF(s), through the public API (mlps.h) only.
 *   render -t TEMPLATE -d DATA [-s SYSTEM_ID] -o OUT.pdf
 *   render -d DATA [-p PLAN] [--form 1.0|2.0] [-o DIR]   every document of a render plan
 *                                (default templates/plans/default.xml) into DIR (default out/)
 * Order: engine (codes, schemas, plans, templates, fonts), data validated, plan expanded
 * (every output name unique and short enough); only then is anything written, so bad data, a
 * bad plan or a bad template leaves no file behind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "mem.h"
#include "mlps.h"
#include "outfile.h"

static void usage(FILE *out)
{
    fputs("用法: mlpsdoc render -t TEMPLATE -d DATA [-s SYSTEM_ID] -o OUT.pdf\n"
          "      mlpsdoc render -d DATA [-p PLAN] [--form 1.0|2.0] [-o DIR]\n"
          "  -t  模板文件路径，或模板目录中的名称（如 grading-report）\n"
          "  -d  单位数据文件\n"
          "  -s  定级对象 id（数据中只有一个定级对象，或模板按单位生成（默认计划中 for=\"unit\"\n"
          "      的模板，如备案表、响应预案）时可省略）\n"
          "  -p  生成计划（默认：数据目录下 templates/plans/default.xml），列出每个单位生成哪些文档、文件名\n"
          "  --form 1.0|2.0  只生成该版本表格的文档\n"
          "  -o  输出 PDF（用 -t 时）或输出目录（默认 out/）\n"
          "  --fonts FONTS.xml  字体配置（默认：数据目录下 fonts/fonts.xml）\n"
          "  --text   同时在每个 PDF 旁写出文档的纯文本（同名 .txt），供 cjkcheck --expected 比对\n",
          out);
}

/* Says once which font roles use a later family than their first choice (e.g. 仿宋_GB2312 not
 * installed): the output is right, but not in the face a reader of the form expects. */
static void report_fallbacks(const mlps_engine *e)
{
    char *note = mlps_engine_font_fallbacks(e);
    if (note)
        fprintf(stderr, "字体提示：以下字体角色未找到首选字体，已改用后备字体：%s\n", note);
    free(note);
}

/* mkdir -p, its message printed at once (before the unit's warnings, printed at the end). */
static int make_dirs(const char *dir)
{
    mlps_diags *md = mlps_diags_new();
    int rc = mlps_make_dirs(dir, md);
    mlps_diags_print(md, stderr);
    mlps_diags_free(md);
    return rc;
}

/* Renders one job, printing its messages; 0 when written. */
static int render_job(mlps_job *j)
{
    int rc = mlps_job_render(j);
    mlps_diags_print(mlps_job_diags(j), stderr);
    if (rc == 0)
        printf("已生成 %s\n", mlps_job_path(j));
    return rc;
}

/* Every document of the plan for the unit; 0 when the whole set was written. A failed
 * document is named and the others still written, so a re-run completes the set. *wrote: 1
 * when at least one PDF was. */
static int render_plan(const mlps_engine *e, const char *plan_path, const mlps_unit *u,
                       const char *data_path, const mlps_run_options *opts, mlps_diags *d,
                       int *wrote)
{
    int rc = 1;
    mlps_plan *own = plan_path ? mlps_plan_open(e, plan_path, d) : NULL;
    mlps_run *r = NULL;
    if (plan_path && !own)
        goto done;
    r = mlps_run_new(e, own, u, opts, d);
    if (!r || make_dirs(opts->out_dir))
        goto done;
    /* the documents in parallel, by the batch's workers; messages in plan order */
    size_t n = mlps_run_count(r);
    int *ok = calloc(n ? n : 1, sizeof *ok);
    mlps_diags **dg = calloc(n ? n : 1, sizeof *dg);
    if (!ok || !dg)
        abort();
    for (size_t i = 0; i < n; i++)
        dg[i] = mlps_diags_new();
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    size_t failed = mlps_run_render_all(r, ncpu > 0 ? (int)ncpu : 1, ok, dg);
    *wrote = failed < n;
    /* a message two documents share (a value too long for a cell of a fragment both forms use)
     * is said once; each failed document is still named */
    char **said = NULL;
    size_t nsaid = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < mlps_diags_count(dg[i]); k++) {
            char *line = mlps_diags_text(dg[i], k);
            size_t m = 0;
            while (m < nsaid && strcmp(said[m], line))
                m++;
            if (m < nsaid) {
                free(line);
                continue;
            }
            fprintf(stderr, "%s\n", line);
            said = mlps_xrealloc(said, (nsaid + 1) * sizeof *said);
            said[nsaid++] = line;
        }
        if (ok[i])
            printf("已生成 %s\n", mlps_run_path(r, i));
        else
            fprintf(stderr, "%s: 未能生成此文档（原因见上）\n", mlps_run_path(r, i));
        mlps_diags_free(dg[i]);
    }
    for (size_t m = 0; m < nsaid; m++)
        free(said[m]);
    free(said);
    free(dg);
    free(ok);
    if (failed)
        fprintf(stderr, "%s: 计划中的 %zu 份文档有 %zu 份未能生成；改正后重新运行即可补齐\n", data_path,
                n, failed);
    rc = failed ? 1 : 0;
done:
    mlps_run_free(r);
    mlps_plan_free(own);
    return rc;
}

int mlps_cmd_render(int argc, char **argv)
{
    const char *tname = NULL, *data_path = NULL, *sys_id = NULL, *out = NULL, *fonts = NULL;
    const char *plan = NULL, *form = NULL;
    int status = 2, text = 0, wrote = 0;
    mlps_diags *d = mlps_diags_new();
    mlps_engine *e = NULL;
    mlps_unit *u = NULL;
    mlps_job *job = NULL;
    char *tpath = NULL, *tp = NULL, *plan_file = NULL, *conf = NULL;

    const mlps_cli_opt options[] = {
        {"-t", &tname, NULL},      {"-d", &data_path, NULL}, {"-s", &sys_id, NULL},
        {"-o", &out, NULL},        {"-p", &plan, NULL},      {"--form", &form, NULL},
        {"--fonts", &fonts, NULL}, {"--text", NULL, &text},  {NULL, NULL, NULL}};
    int rc = mlps_cli_options("render", argc, argv, options, usage);
    if (rc >= 0) {
        status = rc;
        goto done;
    }
    if (form && strcmp(form, "1.0") && strcmp(form, "2.0")) {
        mlps_diag_error(d, NULL, 0, NULL, "--form 只能是 1.0 或 2.0（实际为“%s”）", form);
        goto done;
    }
    if (!data_path || (tname && !out) || (!tname && sys_id) || (tname && (plan || form))) {
        usage(stderr);
        goto done;
    }
    status = 1;
    if (tname) { /* before anything is loaded: a slip of -o never costs the data file */
        tpath = mlps_cli_template_path(tname);
        const char *inputs[] = {data_path, tpath, fonts, NULL}; /* fonts last: may be NULL */
        if (mlps_output_pdf_ok(out, inputs, d))
            goto done;
    }

    if (!fonts) /* not the engine's default: $MLPSDOC_HOME may have no fonts/ */
        fonts = conf = mlps_data_fonts_conf();
    e = mlps_engine_new(mlps_data_dir(), fonts, d);
    u = e ? mlps_unit_load(e, data_path, d) : NULL;
    if (!u)
        goto done;
    size_t nsys = mlps_unit_system_count(u);
    /* a per-unit template (the default plan's for="unit": 备案表, response plan) has no system
     * to choose; one the plan does not know is taken as per system */
    int per_system = tname ? mlps_engine_template_per_system(e, tpath) : 1;
    if (tname && !sys_id && !per_system)
        sys_id = "";
    if (tname && !sys_id && nsys > 1) {
        char *ids = mlps_unit_system_ids(u);
        mlps_cli_need_system(d, data_path, nsys, ids);
        free(ids);
        goto done;
    }
    if (!tname) {
        mlps_run_options opts = {out ? out : "out", form, text};
        plan_file = plan ? mlps_cli_plan_path(plan) : NULL;
        status = render_plan(e, plan_file, u, data_path, &opts, d, &wrote);
        goto done;
    }
    tp = text ? mlps_text_path_for(out) : NULL;
    job = mlps_job_new_template(e, u, tpath, sys_id, out, tp, d);
    if (job)
        status = render_job(job) ? 1 : 0;
    wrote = job && status == 0;
done:
    mlps_diags_print(d, stderr);
    if (status == 0 && mlps_diags_errors(d))
        status = 1;
    if (wrote) /* only about a PDF written; after the documents' own messages */
        report_fallbacks(e);
    mlps_job_free(job);
    mlps_unit_free(u);
    mlps_engine_free(e);
    mlps_diags_free(d);
    free(tpath);
    free(tp);
    free(plan_file);
    free(conf);
    return status;
}
