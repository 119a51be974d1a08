/* The font check of a unit's data (the document pipeline itself is mlps_job_render, in
 * engine.c, behind mlps.h). */
#ifndef MLPS_COVERAGE_H
#define MLPS_COVERAGE_H
#include <libxml/tree.h>

#include "diag.h"
#include "font.h"

/* Every character of the data file's text and attributes that no face of the body font chain
 * covers, as errors at the data file's line and field path (before any document is laid out,
 * so the user is told which field to correct). Returns the number of errors added. */
size_t mlps_render_check_coverage(const mlps_fontset *fs, xmlDocPtr data, const char *file,
                                  mlps_diags *d);

#endif
