/* Safe reading of untrusted XML (data files, templates, doc XML): no network, no DTD loading,
 * no entity expansion, size and nesting limits, only UTF-8 or GB18030 input. */
#ifndef MLPS_XMLREAD_H
#define MLPS_XMLREAD_H
#include <libxml/tree.h>

#include "diag.h"

/* Reads and parses path. NULL (with a Chinese diagnostic naming file:line) on any problem.
 * The caller frees the result with xmlFreeDoc. */
xmlDocPtr mlps_xml_read_file(const char *path, mlps_diags *d);
/* Same, names interned in dict (NULL: none), as libxslt needs for stylesheets. */
struct _xmlDict;
xmlDocPtr mlps_xml_read_file_dict(const char *path, struct _xmlDict *dict, mlps_diags *d);
/* Same, from memory; `name` is used in messages. */
xmlDocPtr mlps_xml_read_memory(const char *bytes, size_t len, const char *name, mlps_diags *d);

/* The XML declaration of a file's bytes (after a UTF-8 BOM, if any): its length in bytes, 0 when
 * there is none; enc gets the encoding it names, upper-cased ("" none, "?" one we cannot read). */
size_t mlps_xml_declaration(const char *bytes, size_t len, char enc[32]);
/* The file a parsed document came from, as the user wrote its path, for messages (caller
 * frees; NULL when it has none). libxml2 keeps doc->URL percent-escaped
 * ("%E6%9C%AC.xml" for 本.xml): never print doc->URL itself. */
char *mlps_xml_doc_file(const xmlDoc *doc);
/* The same for a URI libxml2 or libxslt printed (their messages name doc->URL). */
char *mlps_xml_uri_file(const char *uri);

/* Path of a node for messages, e.g. "unit/systems/system[2]/grading/level" (caller frees).
 * Attributes end in "/@code". */
char *mlps_xml_node_path(const xmlNode *node);
/* The same path appended to b (a template notes one for each data value it copies). */
struct mlps_buf;
void mlps_xml_node_path_append(struct mlps_buf *b, const xmlNode *node);

/* An error located at a node of `file`: its line (an attribute's element line) and its path. */
void mlps_xml_error_at(mlps_diags *d, const char *file, const xmlNode *node, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
