/* The former template language (t: instructions in urn:mlpsdoc:template), kept only until the
 * shipped templates are ported to XSLT (template.c dispatches .xml templates here). */
#ifndef MLPS_TLANG_H
#define MLPS_TLANG_H
#include <libxml/tree.h>

#include "diag.h"
#include "doc.h"
#include "template.h"

#define MLPS_TEMPLATE_NS "urn:mlpsdoc:template"

typedef struct mlps_tlang mlps_tlang;

mlps_tlang *mlps_tlang_load(const char *path, mlps_diags *d);
void mlps_tlang_free(mlps_tlang *t);
const char *mlps_tlang_path(const mlps_tlang *t);
xmlDocPtr mlps_tlang_expand(const mlps_tlang *t, const mlps_expand_in *in, mlps_diags *d);
mlps_doc *mlps_tlang_build(const mlps_tlang *t, const mlps_expand_in *in, const char *base_dir,
                           mlps_diags *d);

#endif
