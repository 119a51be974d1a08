/* Laid-out pages: positioned glyphs, rules, shaded rectangles and images (glyph.h).
 * Coordinates are points with the origin at the page's top-left corner, y growing down;
 * a glyph's (x, y) is its pen position on the baseline. The PDF backend only draws these. */
#ifndef MLPS_LAYOUT_H
#define MLPS_LAYOUT_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "doc.h"
#include "font.h"
#include "glyph.h"

/* Page geometry, pt. Defaults (mlps_geom_gbt9704): A4, top 37 mm, left 28 mm,
 * text block 156 × 225 mm, 22 lines, page number 7 mm below the block. */
typedef struct mlps_geom {
    double page_w, page_h;
    double margin_top, margin_left;
    double text_w, text_h;
    int lines_per_page;        /* body grid; pitch = text_h / lines_per_page */
    double pagenum_gap;        /* from text block bottom to the top of the page-number line */
    double pagenum_size;       /* 14 pt (4号) */
    struct mlps_imgcache *images; /* validated images shared with the PDF writer; NULL = load */
    struct mlps_paracache *paras; /* paragraph layouts kept across documents; NULL = none */
} mlps_geom;

typedef struct mlps_page {
    mlps_glyph *glyphs;
    size_t nglyphs, glyphs_cap;
    mlps_rule *rules;
    size_t nrules, rules_cap;
    mlps_rect *rects;
    size_t nrects, rects_cap;
    mlps_placed_image *images;
    size_t nimages, images_cap;
    int number; /* printed page number, 0 = unnumbered (cover) */
    mlps_geom geom; /* this page's master (a <section> changes it for the pages after it) */
} mlps_page;

typedef struct mlps_outline_entry {
    int level;   /* 1 = top */
    char *title; /* UTF-8, owned */
    size_t page; /* index into pages */
    float y;     /* top of the heading, pt from page top */
} mlps_outline_entry;

mlps_geom mlps_geom_gbt9704(void);

typedef struct mlps_layout {
    mlps_page *pages;
    size_t npages, pages_cap;
    mlps_outline_entry *outline;
    size_t noutline, outline_cap;
    mlps_geom geom;
    /* The document's top-level blocks in the order they were placed: a figure that waited
     * for the next page comes after the text that filled the page before it. */
    size_t *order;
    size_t norder;
    /* By table-of-contents entry - 1: the leader dots and page number added to its line, as
     * text (NULL: none), so that the document's text reads as the page does. */
    char **toc_tails;
    size_t ntoc_tails;
} mlps_layout;

/* Lays out the whole document. NULL (with diagnostics, e.g. characters no font covers,
 * listed with where they occur) on error. */
mlps_layout *mlps_layout_doc(const mlps_doc *doc, const mlps_fontset *fs, const mlps_geom *geom,
                             mlps_diags *d);
void mlps_layout_free(mlps_layout *lay);
/* doc's text as lay placed it (mlps_doc_text_placed): what `render --text` writes. */
void mlps_layout_text(const mlps_doc *doc, const mlps_layout *lay, struct mlps_buf *out);
/* Text dump of every box, stable across runs, for golden tests. */
void mlps_layout_dump(const mlps_layout *lay, FILE *out);

#endif
