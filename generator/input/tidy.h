/* A unit data document written back as a file: elements and attributes in the documented order
 * (the schema's, via the field tree), indented two spaces, UTF-8, comments kept before the
 * element they precede, so saves from the web form are readable and diff well. */
#ifndef MLPS_TIDY_H
#define MLPS_TIDY_H
#include <libxml/tree.h>

#include "buf.h"
#include "fieldtree.h"

/* Reorders doc in place and appends its text to out. */
void mlps_data_tidy(const mlps_field *root, xmlDocPtr doc, mlps_buf *out);

#endif
