/* Paragraph line layout: shaping (HarfBuzz), break opportunities (ICU + clreq/GB prohibitions),
 * punctuation width adjustment, Han–Latin spacing, total-fit line breaking and full justification.
 * Pagination (layout.c) calls it and positions the resulting lines on pages. */
#ifndef MLPS_PARA_H
#define MLPS_PARA_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "doc.h"
#include "font.h"
#include "glyph.h"

typedef struct mlps_line {
    size_t first_glyph, nglyphs; /* into mlps_lines.glyphs; x relative to the measure's left edge,
                                    y = 0 on the baseline */
    double ascent, descent;      /* pt, for this line's fonts and size (descent positive) */
    double width;                /* set width of the line's content, pt */
    bool last;                   /* last line of the paragraph */
} mlps_line;

typedef struct mlps_lines {
    mlps_line *lines;
    size_t nlines, lines_cap;
    mlps_glyph *glyphs;
    size_t nglyphs, glyphs_cap;
    struct mlps_para_work *work; /* para.c's reusable working memory (break iterator, shaping
                                    buffers); NULL until first use, freed by mlps_lines_free */
} mlps_lines;

/* Breaks para into lines of measure `width` pt (the paragraph's own left/right indents and
 * first-line indent are applied inside). Appends to out (which may hold earlier paragraphs'
 * lines). Characters no font of the role chain covers are reported as one error per
 * paragraph naming the characters, with src_file:src_line. Returns 0 on success. */
int mlps_para_layout(const mlps_fontset *fs, const mlps_para *para, double width,
                     const char *src_file, long src_line, mlps_lines *out, mlps_diags *d);
void mlps_lines_clear(mlps_lines *l); /* keep capacity */
/* 1 for a default-ignorable code point (U+200B, U+2060 WORD JOINER, U+00AD…): laid out with no
 * glyph, so it prints nothing and has no text in the PDF. */
int mlps_para_ignorable(uint32_t cp);
/* Interns what HarfBuzz creates lazily on first use (the "zh" language), so that threads that
 * lay out at the same time only ever read it. Call once before starting them. */
void mlps_para_prepare_threads(void);
void mlps_lines_free(mlps_lines *l);

#endif
