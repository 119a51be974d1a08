/* Unit data files: the model (schema + code tables, loaded once, immutable, shareable by
 * threads) and loading a file: read → RELAX NG → check.c → annotate. See docs/data-model.md. */
#ifndef MLPS_DATA_H
#define MLPS_DATA_H
#include <stddef.h>
#include <libxml/tree.h>

#include "check.h"
#include "codes.h"
#include "diag.h"

typedef struct mlps_model mlps_model;

/* Loads data_dir/templates/schema/unit.rng and data_dir/templates/codes.xml. NULL (with
 * diagnostics) on failure. */
mlps_model *mlps_model_load(const char *data_dir, mlps_diags *d);
void mlps_model_free(mlps_model *m);
const mlps_codes *mlps_model_codes(const mlps_model *m);
/* The data model as a field tree (fieldtree.h): for init and serve. */
const struct mlps_form *mlps_model_form(const mlps_model *m);

/* RELAX NG validation only; libxml2's messages become Chinese "file:line: path: 消息".
 * Returns the number of errors added. Safe to call from several threads at once. */
size_t mlps_data_validate(const mlps_model *m, xmlDocPtr doc, const char *file, mlps_diags *d);

/* Any other RELAX NG schema (render plans), its errors in the same Chinese words. Loaded once,
 * immutable; validation is safe from several threads at once. */
typedef struct mlps_schema mlps_schema;
mlps_schema *mlps_schema_load(const char *rng_path, mlps_diags *d);
size_t mlps_schema_validate(const mlps_schema *s, xmlDocPtr doc, const char *file, mlps_diags *d);
void mlps_schema_free(mlps_schema *s);

/* Adds what the engine computed (templates read it; never written back):
 *   <system> gets <computed business-level service-level level level-name level-title
 *                  business-level-name service-level-name business-harm service-harm/>
 *   every coded attribute X gets X-label (for @code: @label) with its text from codes.xml;
 *   受侵害客体/侵害程度 labels follow the system's grading/@standard; materials with a 2.0
 *   wording also get @label-2.0.
 * Attributes whose codes are unknown are left alone. */
void mlps_data_annotate(const mlps_codes *c, xmlDocPtr doc);

/* The <system>s of unit data in document order: the first when prev is NULL, else the one after
 * prev; NULL after the last. */
xmlNodePtr mlps_data_next_system(xmlDocPtr doc, xmlNodePtr prev);

/* The id attributes of every <system>, in document order, joined by "、" for messages
 * ("oa、ehr"; "" when there is none; caller frees). */
char *mlps_data_system_ids(xmlDocPtr doc);

/* The <system> of unit data whose id attribute is id; NULL when there is none. */
xmlNodePtr mlps_data_find_system(xmlDocPtr doc, const char *id);

/* Strips leading and trailing white space (ASCII) from every attribute value and every leaf
 * element's text, in place: a pasted "2025-03-18 " or code="society " is then the same value
 * for check, the templates and the grading. Inner lines and line numbers are kept.
 * mlps_data_check (so mlps_data_load) does it first. */
void mlps_data_normalise(xmlDocPtr doc);

/* Every check of `mlpsdoc check` on a parsed document (normalised first, then schema, empty
 * fields, check.c), sorted by line; `file` names it in messages and locates topology images.
 * Returns the errors added. */
size_t mlps_data_check(const mlps_model *m, xmlDocPtr doc, const char *file, const mlps_check_opts *opts,
                       mlps_diags *d);

/* Reads, validates (schema and check.c), annotates. Every problem goes to d (sorted by line).
 * Returns the document only when there is no error (caller frees with xmlFreeDoc). */
xmlDocPtr mlps_data_load(const mlps_model *m, const char *path, const mlps_check_opts *opts,
                         mlps_diags *d);

#endif
