/* Templates: XSLT 1.0 stylesheets (.xsl, run by libxslt with EXSLT and the f: functions)
 * whose result is doc XML, over a unit data file (templates/README.md).
 *
 * A loaded template is immutable: it has been compiled and checked at load, and any number of
 * threads may expand the same template at once (each expansion has its own transformation
 * context, output tree and limits). */
#ifndef MLPS_TEMPLATE_H
#define MLPS_TEMPLATE_H
#include <libxml/tree.h>

#include "diag.h"
#include "doc.h"
#include "glyphsets.h"

typedef struct mlps_template mlps_template;
struct mlps_codes;

/* Process-wide libxslt setup (EXSLT modules, the file loader, the per-instruction hook); done
 * by the first mlps_template_load, or call it before threads start. Idempotent. */
void mlps_template_init(void);

/* Reads path and every file it imports (confined to path's folder and below), and compiles
 * it. NULL, with every problem found as "file:line: message", on error. */
mlps_template *mlps_template_load(const char *path, mlps_diags *d);
void mlps_template_free(mlps_template *t);
/* The path the template was loaded from (as given). */
const char *mlps_template_path(const mlps_template *t);
/* The shared glyph sets read from NAME.glyphs beside the template (glyphsets.h); NULL when
 * there is no such file. */
const mlps_glyph_sets *mlps_template_glyph_sets(const mlps_template *t);
/* How many document() files the template holds parsed for its expansions, with and without
 * origins (for tests). */
size_t mlps_template_shared_docs(const mlps_template *t);

/* What one expansion reads. data: the unit document (annotated with <computed> by data.c);
 * system_id: the stylesheet parameter system-id (NULL: ''); codes: for f:label, f:codes and
 * friends (NULL: those functions fail); blank: the source is an empty <unit/> (data unused),
 * the parameter blank is '1', and f: functions given an empty value give ''. */
typedef struct mlps_expand_in {
    xmlDocPtr data;
    const char *system_id;
    const struct mlps_codes *codes;
    int blank;
} mlps_expand_in;

/* Expands t into a new doc XML tree (caller frees with xmlFreeDoc), checked against
 * templates/schema/doc.rng. Every element carries origin="file:line" (the template line that
 * wrote it) and, where its value came from the data, data="file:line:path"
 * (docs/doc-format.md). NULL (with diagnostics naming the template's file:line and the
 * expression) on error. */
xmlDocPtr mlps_template_expand(const mlps_template *t, const mlps_expand_in *in, mlps_diags *d);

/* Expands t and builds the document (mlps_doc_from_xml, whose checks cover doc.rng's); base_dir
 * resolves relative image paths (the data file's folder). Problems in the expanded doc XML
 * point at the template file and line the element came from, data_file/data_line/data_path at
 * the data field its text came from. A document with nothing to report is made without
 * origins (its blocks' src_file/src_line are the template's path and 0); one with something
 * to report is made again with them, and the messages are those of that second making. */
mlps_doc *mlps_template_build(const mlps_template *t, const mlps_expand_in *in,
                              const char *base_dir, mlps_diags *d);
/* The same, with origins: every block's src_file/src_line point at the template line (for a
 * layout with something to report); without them if the template's files no longer compile
 * (the reasons reported once), so that the document's own messages still come. */
mlps_doc *mlps_template_build_origins(const mlps_template *t, const mlps_expand_in *in,
                                      const char *base_dir, mlps_diags *d);
/* 1 when t's documents carry origins (mlps_template_build makes them with origins). */
int mlps_template_origins(const mlps_template *t);

#endif
