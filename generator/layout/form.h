/* Fixed-cell form layout (备案表): an absolute grid in mm, fixed row heights, rowspan and
 * colspan, borders per side. A cell's text wraps inside the cell, then shrinks in 0.5 pt steps
 * down to its floor size; past the floor it is an error naming the data field. Tick boxes and
 * digit boxes are drawn as vector rules. Pagination places the result as one unbreakable box. */
#ifndef MLPS_FORM_H
#define MLPS_FORM_H
#include "diag.h"
#include "doc.h"
#include "font.h"
#include "layout.h"

typedef struct mlps_form_box {
    mlps_page content; /* glyphs, rules, rects; origin = the form's top-left corner */
    double w, h;       /* pt */
} mlps_form_box;

/* Checks that the cells, with their rowspans and colspans, tile the grid exactly.
 * Reports each problem at file:line (the <form>); returns the number of problems. */
int mlps_form_check_grid(const mlps_form *f, const char *file, long line, mlps_diags *d);
/* Lays out a MLPS_BLK_FORM block; NULL (with diagnostics) when a cell cannot hold its text.
 * pc: paragraph layouts kept across documents (paracache.h), or NULL. */
mlps_form_box *mlps_form_layout(const mlps_block *b, const mlps_fontset *fs,
                                 struct mlps_paracache *pc, mlps_diags *d);
void mlps_form_box_free(mlps_form_box *box);
struct _xmlDoc;
/* Gives every form cell with a field="/unit/…" path and no origin the data file and line of the
 * node the path selects in data (origins.c), so that layout errors point into the data file. */
void mlps_doc_resolve_origins(mlps_doc *doc, struct _xmlDoc *data);

#endif
