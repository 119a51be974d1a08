/* Our subsetter for TrueType (glyf) faces: the bytes hb-subset 6.0 makes, faster. */
#ifndef MLPS_PDF_SUBSET_H
#define MLPS_PDF_SUBSET_H

#include <stdint.h>

#include <hb-subset.h>
#include <hb.h>

/* The subset hb_subset_or_fail(hb_font_get_face(font), in) would make, as a face of its tables
 * (a face builder), when in asks for code points only, with exactly the flag
 * HB_SUBSET_FLAGS_NO_HINTING, and the face is one this code reproduces byte for byte; NULL
 * otherwise, and then the caller runs hb-subset. *glyphs (malloc'd, caller frees) gets the
 * original gid of each new gid, ascending: a glyph's new gid is its rank there. font must use
 * HarfBuzz's own OpenType functions (its cmap look-ups are hb-subset's). */
/* Adds the tables our PDF fonts leave out to an hb_subset_input_t's drop set. */
void mlps_subset_drop_tables(hb_set_t *drop);

hb_face_t *mlps_subset_glyf(hb_font_t *font, hb_subset_input_t *in, uint32_t **glyphs,
                            unsigned *nglyphs);

/* Big-endian stores into font tables (the subsetter's and pdf_font.c's file assembly). */
static inline void mlps_put_be16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static inline void mlps_put_be32(unsigned char *p, uint32_t v)
{
    mlps_put_be16(p, v >> 16);
    mlps_put_be16(p + 2, v & 0xFFFF);
}

#endif
