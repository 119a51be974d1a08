/* A template's shared glyph sets (templates/NAME.glyphs beside NAME.xsl): for each face, the
 * characters most of the template's documents show. A document that shows nearly all of a
 * face's set embeds those glyphs first in its font program, in a fixed order, so that a run
 * deflates them once for all such documents (pdf_font.c). Only speed and size depend on the
 * sets: a missing, stale or empty file gives the same pages. Immutable once loaded. */
#ifndef MLPS_GLYPHSETS_H
#define MLPS_GLYPHSETS_H
#include <stdint.h>

#include "diag.h"

typedef struct mlps_glyph_set {
    char *face;     /* PostScript name, as in a PDF's /BaseFont after the subset tag */
    uint32_t *cps;  /* code points, ascending, no repeats */
    unsigned n;
} mlps_glyph_set;

typedef struct mlps_glyph_sets mlps_glyph_sets;

/* The sets file of the template at template_path: the same name with .glyphs for its
 * extension (caller frees). */
char *mlps_glyph_sets_path(const char *template_path);
/* Reads path: UTF-8 lines "FACE<TAB>CHARACTERS", '#' comments and blank lines ignored, at most
 * 64 sets.
 * *out = NULL when the file does not exist; -1, with "file:line: message" in d, when it is
 * malformed or too large. */
int mlps_glyph_sets_load(const char *path, mlps_glyph_sets **out, mlps_diags *d);
void mlps_glyph_sets_free(mlps_glyph_sets *s);
/* The face's sets (PostScript name face) in file order: the first with prev NULL, then the one
 * after prev; NULL when there are no more (also when sets is NULL). A face may have several,
 * for groups of documents that show different text (the policy report's levels). */
const mlps_glyph_set *mlps_glyph_sets_next(const mlps_glyph_sets *sets, const char *face,
                                           const mlps_glyph_set *prev);

#endif
