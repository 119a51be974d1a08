/* Validation beyond the schema: the GB/T 22240 matrix, identifiers, option codes, dates and
 * the level-dependent filing rules. Every problem is reported (never only the first), each
 * with file:line and the field path. */
#ifndef MLPS_CHECK_H
#define MLPS_CHECK_H
#include <stddef.h>
#include <libxml/tree.h>

#include "codes.h"
#include "diag.h"

struct mlps_imgcache;
typedef struct mlps_check_opts {
    int today; /* YYYYMMDD that counts as today; 0 = the real current date */
    /* non-NULL: topology images are validated through this cache, where the unit's documents
     * then find them (each image read and checked once per unit) */
    struct mlps_imgcache *images;
} mlps_check_opts;

/* Checks a parsed unit file (schema-valid or not: missing parts are skipped). `file` names the
 * data file in messages and locates topology images (relative to its folder). Returns the
 * number of errors added to d. */
size_t mlps_check_unit(const mlps_codes *c, xmlDocPtr doc, const char *file,
                       const mlps_check_opts *opts, mlps_diags *d);

/* Checks each system's <gap-analysis> against the requirement catalogues it names
 * (templates/catalogue/gbt22239-2019.xml, -2008.xml): control points that exist, apply at the
 * system's declared level and appear once; a measure and a target date where not met. */
size_t mlps_check_gap_analyses(const mlps_codes *c, xmlDocPtr doc, const char *file, xmlDocPtr catalogue_2019,
                               xmlDocPtr catalogue_2008, const mlps_check_opts *opts,
                               mlps_diags *d);

#endif
