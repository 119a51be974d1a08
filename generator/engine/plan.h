/* Render plans: which documents a unit gets and what their files are called, read from a plan
 * file (templates/plans/NAME.xml, schema templates/schema/plan.rng, docs/plans.md). A loaded plan
 * is immutable and may be shared by threads; expanding it for one unit gives the ordered list
 * of jobs, every output name unique and short enough, before anything is written. */
#ifndef MLPS_PLAN_H
#define MLPS_PLAN_H
#include <stddef.h>
#include <libxml/tree.h>

#include "data.h"
#include "diag.h"
#include "template.h"

typedef struct mlps_plan mlps_plan;

/* Reads path, validates it against schema (plan.rng) and checks what the schema cannot:
 * placeholders, name lengths, templates present in templates_dir (NAME.xsl, else NAME.xml).
 * NULL with every problem as "file:line: 字段路径: 消息". */
mlps_plan *mlps_plan_load(const mlps_schema *schema, const char *path, const char *templates_dir,
                          mlps_diags *d);
void mlps_plan_free(mlps_plan *p);
const char *mlps_plan_path(const mlps_plan *p);
/* The plan's documents, in file order: the template file each one renders. */
size_t mlps_plan_count(const mlps_plan *p);
const char *mlps_plan_template_path(const mlps_plan *p, size_t doc);
/* Whether the plan renders template_path (compared as files) once per system: 1 it does (in
 * any entry), 0 only once per unit, -1 the plan has no entry for it. */
int mlps_plan_template_per_system(const mlps_plan *p, const char *template_path);
/* What the plan's entry for a document says, as one line: its template file, for, form,
 * min-level, max-level and output pattern (caller frees). The batch hashes it, so that
 * changing one entry rebuilds only that entry's outputs. */
char *mlps_plan_entry_key(const mlps_plan *p, size_t doc);
/* Loads and checks every template of the plan (each file once); -1 with diagnostics. Done
 * once, before the plan is shared. */
int mlps_plan_compile(mlps_plan *p, mlps_diags *d);
/* The compiled template of a document (NULL before mlps_plan_compile). */
const mlps_template *mlps_plan_template(const mlps_plan *p, size_t doc);

typedef struct mlps_plan_job {
    size_t doc;      /* the plan's document (index) */
    char *system_id; /* the <system id> rendered; NULL for a per-unit document */
    char *out_path;  /* out_dir/file name */
} mlps_plan_job;

typedef struct mlps_plan_jobs {
    mlps_plan_job *items;
    size_t count, cap;
} mlps_plan_jobs;

/* The jobs of p for one loaded (validated, annotated) unit, in plan order then system order.
 * form: "1.0"/"2.0" keeps only the documents of that form version (and those without one);
 * NULL keeps all. Two jobs writing the same file is an error (at the data file's line of the
 * second system, or at the plan's line). Returns 0, or -1 with diagnostics and no jobs. */
int mlps_plan_expand(const mlps_plan *p, xmlDocPtr unit, const char *data_file, const char *form,
                     const char *out_dir, mlps_plan_jobs *out, mlps_diags *d);
void mlps_plan_jobs_free(mlps_plan_jobs *j);

/* One output file name from a pattern: {单位}, {系统}, {系统标识} replaced by the values with
 * characters unsafe in file names (/ \ : * ? " < > |, control characters, a leading dot) as
 * "_"; a value longer than MLPS_MAX_NAME_VALUE_BYTES is cut at a character boundary and
 * followed by "~" and 8 hex digits of the FNV-1a hash of the whole value, so that every name
 * of a loaded plan fits MLPS_MAX_FILE_NAME_BYTES with the temporary suffix (caller frees). */
char *mlps_plan_file_name(const char *pattern, const char *unit, const char *system,
                          const char *system_id);

#endif
