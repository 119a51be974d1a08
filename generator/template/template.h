/* Templates: doc XML mixed with instructions in urn:mlpsdoc:template (t:), whose expressions
 * are XPath 1.0 evaluated against a unit data file (templates/README.md describes the language).
 *
 * A loaded template is immutable: every expression, fragment reference and import has been
 * checked at load, and any number of threads may expand the same template at once (each
 * expansion builds its own output tree and its own XPath context). */
#ifndef MLPS_TEMPLATE_H
#define MLPS_TEMPLATE_H
#include <libxml/tree.h>

#include "diag.h"
#include "doc.h"

#define MLPS_TEMPLATE_NS "urn:mlpsdoc:template"

typedef struct mlps_template mlps_template;
struct mlps_codes;

/* Reads path and every fragment file it imports (confined to path's folder and below), and
 * compiles every expression. NULL, with every problem found as "file:line: message", on error. */
mlps_template *mlps_template_load(const char *path, mlps_diags *d);
void mlps_template_free(mlps_template *t);
/* The path the template was loaded from (as given). */
const char *mlps_template_path(const mlps_template *t);

/* What one expansion reads. data: the unit document (annotated with <computed> by data.c);
 * system_id: the <system id> bound to $system (NULL: $system is empty); codes: for f:label
 * and friends (NULL: those functions fail). */
typedef struct mlps_expand_in {
    xmlDocPtr data;
    const char *system_id;
    const struct mlps_codes *codes;
} mlps_expand_in;

/* Expands t into a new doc XML tree (caller frees with xmlFreeDoc). Line numbers of output
 * elements are those of the template elements they come from. NULL (with diagnostics naming
 * the template's file:line and the expression) on error. */
xmlDocPtr mlps_template_expand(const mlps_template *t, const mlps_expand_in *in, mlps_diags *d);

/* Expands t and builds the document (mlps_doc_from_xml); base_dir resolves relative image
 * paths (the data file's folder). Problems in the expanded doc XML and every block's
 * src_file/src_line point at the template file and line the element came from. */
mlps_doc *mlps_template_build(const mlps_template *t, const mlps_expand_in *in,
                              const char *base_dir, mlps_diags *d);

#endif
