/* The drawing primitives below paragraph and page layout: a positioned glyph, a rule, a shaded
 * rectangle, a placed image. Coordinates are points, origin at the top-left, y growing down; a
 * glyph's (x, y) is its pen position on the baseline. para.c makes glyphs relative to a line,
 * layout.c places them on pages (layout.h), the PDF backend draws them. */
#ifndef MLPS_GLYPH_H
#define MLPS_GLYPH_H
#include <stdint.h>

#include "font.h"

typedef struct mlps_glyph {
    const mlps_face *face;
    float size;     /* pt */
    uint32_t gid;
    uint32_t uni;   /* the code point this glyph shows (for ToUnicode); 0 = none */
    float x, y;     /* pen position, pt */
    uint8_t repeated; /* 1: text already shown (a table head repeated on a new page): drawn,
                         left out of text extraction */
    uint8_t mark;     /* mlps_mark of its span: a tick box is extracted as ☐/☑ (ActualText) */
} mlps_glyph;

typedef struct mlps_rule {
    float x1, y1, x2, y2;
    float width;    /* stroke width, pt */
} mlps_rule;

typedef struct mlps_rect {
    float x, y, w, h; /* y = top edge */
    float gray;       /* fill, 0 = black … 1 = white */
} mlps_rect;

typedef struct mlps_placed_image {
    const char *path; /* owned by the source doc */
    float x, y, w, h; /* y = top edge */
} mlps_placed_image;

#endif
