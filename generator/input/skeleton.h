/* A skeleton unit data file written from the field tree (fieldtree.h): every element of the data
 * model, each after a short Chinese comment naming its form field and allowed values, values
 * left empty so that `mlpsdoc check` lists what is still to fill in. */
#ifndef MLPS_SKELETON_H
#define MLPS_SKELETON_H

#include "buf.h"
#include "fieldtree.h"

/* Appends the XML text to out. optional = 0 leaves out optional elements (a new file in the
 * web form); comments = 0 writes no comments. */
void mlps_skeleton_write(const mlps_field *root, int optional, int comments, mlps_buf *out);

#endif
