/* mlpsdoc's public C API: the one header a program that renders MLPS filing documents needs.
 * Every type is opaque; the layer headers under generator/<layer>/ are private.
 *
 *   mlps_diags  *d = mlps_diags_new();
 *   mlps_engine *e = mlps_engine_new(home, NULL, d);         once; shared by threads
 *   mlps_unit   *u = mlps_unit_load(e, "unit.xml", d);        one data file, checked
 *   mlps_run    *r = mlps_run_new(e, NULL, u, &opts, d);      the default plan for the unit
 *   for (i < mlps_run_count(r)) {                             each job may run in its own thread
 *       mlps_job *j = mlps_job_new(r, i);
 *       if (mlps_job_render(j) != 0) ... mlps_job_diags(j) ...
 *       mlps_job_free(j);
 *   }
 *   mlps_run_free(r); mlps_unit_free(u); mlps_engine_free(e); mlps_diags_free(d);
 *
 * Functions that can fail return NULL or non-zero and add Chinese messages
 * ("file:line: 字段路径: 消息"), each with a stable code (docs/diagnostics.md). Memory
 * exhaustion aborts. What a function returns is the caller's to free with the matching _free. */
#ifndef MLPS_PUBLIC_H
#define MLPS_PUBLIC_H
#include <stddef.h>
#include <stdio.h>

typedef struct mlps_diags mlps_diags;
typedef struct mlps_engine mlps_engine;
typedef struct mlps_plan mlps_plan;
typedef struct mlps_unit mlps_unit;
typedef struct mlps_run mlps_run;
typedef struct mlps_job mlps_job;

/* ---- diagnostics ---- */
mlps_diags *mlps_diags_new(void);
void mlps_diags_free(mlps_diags *d);
size_t mlps_diags_count(const mlps_diags *d);
size_t mlps_diags_errors(const mlps_diags *d);
/* The i-th diagnostic: its stable code ("data.check", ...) and its formatted line. */
const char *mlps_diags_code(const mlps_diags *d, size_t i);
char *mlps_diags_text(const mlps_diags *d, size_t i); /* caller frees */
void mlps_diags_print(const mlps_diags *d, FILE *out); /* one line each */
/* Moves every diagnostic of src to the end of dst. */
void mlps_diags_move(mlps_diags *dst, mlps_diags *src);

/* ---- the engine: loaded once, immutable, shared by any number of threads ---- */
/* Loads from home_dir (holding templates/ and fonts/) the code lists, the data schema, the plan
 * schema, the default plan (templates/plans/default.xml) with its compiled templates, and the
 * fonts (fonts_xml, or home_dir/fonts/fonts.xml when NULL); prepares libxml2 and HarfBuzz for
 * use from several threads. NULL on any error. */
mlps_engine *mlps_engine_new(const char *home_dir, const char *fonts_xml, mlps_diags *d);
void mlps_engine_free(mlps_engine *e);
const mlps_plan *mlps_engine_plan(const mlps_engine *e); /* the default plan */
/* The font roles whose first-listed family is not installed, as one line
 * ("body（仿宋_GB2312 → AR PL UMing CN）、…"); NULL when every role has its first choice.
 * Caller frees. */
char *mlps_engine_font_fallbacks(const mlps_engine *e);

/* Whether the default plan renders this template file once per 定级对象: 1 it does, 0 once
 * per unit (the 备案表, the response plan: no system to choose), -1 the plan does not use it. */
int mlps_engine_template_per_system(const mlps_engine *e, const char *template_path);

/* Another plan file, checked, with its templates compiled; immutable, shareable. */
mlps_plan *mlps_plan_open(const mlps_engine *e, const char *path, mlps_diags *d);
void mlps_plan_free(mlps_plan *p);

/* ---- a unit: one data file, read, validated and checked as `mlpsdoc check` does, and every
 * character of it printable by the fonts. NULL when it has any error. Read-only afterwards:
 * any number of jobs may read it at once. */
mlps_unit *mlps_unit_load(const mlps_engine *e, const char *path, mlps_diags *d);
void mlps_unit_free(mlps_unit *u);
size_t mlps_unit_system_count(const mlps_unit *u);
const char *mlps_unit_system_id(const mlps_unit *u, size_t i);
/* Every system id joined by "、" for a message ("oa、ehr"; caller frees). */
char *mlps_unit_system_ids(const mlps_unit *u);

/* ---- a run: a plan expanded for one unit, every output name unique and short enough ---- */
typedef struct mlps_run_options {
    const char *out_dir; /* folder of the outputs ("" or NULL: the current one) */
    const char *form;    /* "1.0" / "2.0": only that form version's documents; NULL: all */
    int text;            /* also write each document's text beside its PDF (NAME.txt) */
} mlps_run_options;

/* plan NULL = the engine's default plan. NULL when two documents would share a file name (or
 * the plan gives the unit no document). The engine, plan and unit must outlive the run. */
mlps_run *mlps_run_new(const mlps_engine *e, const mlps_plan *plan, const mlps_unit *u,
                       const mlps_run_options *opts, mlps_diags *d);
void mlps_run_free(mlps_run *r);
size_t mlps_run_count(const mlps_run *r);
const char *mlps_run_path(const mlps_run *r, size_t i);      /* the PDF written by job i */
const char *mlps_run_system_id(const mlps_run *r, size_t i); /* NULL: a per-unit document */
const char *mlps_run_template(const mlps_run *r, size_t i);  /* the template file of job i */

/* mkdir -p for an output folder (a run's out_dir). 0 on success; otherwise -1 and the reason
 * in d ("" is refused). */
int mlps_make_dirs(const char *dir, mlps_diags *d);
/* Whether a PDF may be written at path, given by the user: it ends in ".pdf" (any case), is
 * none of inputs (NULL-terminated), and a file already there is a PDF. 0 when it may;
 * otherwise -1 and the reason in d. */
int mlps_output_pdf_ok(const char *path, const char *const *inputs, mlps_diags *d);

/* ---- a job: one document; owns its document tree, layout, PDF and diagnostics ---- */
mlps_job *mlps_job_new(const mlps_run *r, size_t i);
/* One template file (a path) for one system (NULL: the unit's only system) into out_pdf;
 * text_path non-NULL writes the document's text too. NULL with diagnostics when the template
 * is wrong. */
mlps_job *mlps_job_new_template(const mlps_engine *e, const mlps_unit *u, const char *template_path,
                                const char *system_id, const char *out_pdf, const char *text_path,
                                mlps_diags *d);
/* Expands, lays out and writes the document (through a temporary file renamed on success).
 * 0 when written; otherwise nothing is left at its path and the reasons are in its diagnostics.
 * Thread-safe for different jobs. */
int mlps_job_render(mlps_job *j);
const char *mlps_job_path(const mlps_job *j);
mlps_diags *mlps_job_diags(mlps_job *j);
void mlps_job_free(mlps_job *j);

/* Every job of a run, made by `threads` workers taking the next job in turn (the workers of
 * mlpsdoc batch, engine/batch.c). ok[i] = 1 when job i was written; its messages are moved to
 * diags[i] (created by the caller), so what is printed need not depend on the threads. Returns
 * the number of jobs that failed. */
size_t mlps_run_render_all(const mlps_run *r, int threads, int *ok, mlps_diags **diags);

#endif
