/* The RELAX NG schema of doc XML (templates/schema/doc.rng): loaded once, immutable, shared by
 * threads; every document a template expands, and every file typeset reads, is checked
 * against it, each problem reported at the element's origin (the template line that wrote it). */
#ifndef MLPS_DOCSCHEMA_H
#define MLPS_DOCSCHEMA_H
#include <stddef.h>

#include <libxml/tree.h>

#include "diag.h"

typedef struct mlps_doc_schema mlps_doc_schema;

/* NULL (with diagnostics) when path cannot be read or is not a valid schema. */
mlps_doc_schema *mlps_doc_schema_load(const char *path, mlps_diags *d);
void mlps_doc_schema_free(mlps_doc_schema *s);

/* Checks doc; returns the number of errors added ("file:line: path: 消息", file:line being the
 * element's origin= when it has one, else file and the element's line). */
size_t mlps_doc_schema_check(const mlps_doc_schema *s, xmlDocPtr doc, const char *file,
                             mlps_diags *d);

/* Reads a doc XML file, checks it against s (NULL: not checked) and builds it, as
 * mlps_doc_load_file does. NULL (with diagnostics) on any problem. */
struct mlps_doc;
struct mlps_doc *mlps_doc_load_checked(const char *path, const mlps_doc_schema *s, mlps_diags *d);

/* DIR/schema/doc.rng or DIR/templates/schema/doc.rng for dir and each folder above it, the
 * first that exists (caller frees); NULL when there is none. */
char *mlps_doc_schema_find(const char *dir);

#endif
