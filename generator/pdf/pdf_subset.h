/* Our subsetter for TrueType (glyf) faces: the bytes hb-subset 6.0 makes, faster. */
#ifndef MLPS_PDF_SUBSET_H
#define MLPS_PDF_SUBSET_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <hb-subset.h>
#include <hb.h>

/* What subsetting a font learns once for its later subsets, in slots that start zeroed (not
 * known yet) and that threads may share (relaxed atomics: a slot's value is the same whoever
 * finds it). */
typedef struct mlps_subset_memo {
    _Atomic uint32_t *ends; /* by gid (the face's glyph count): 1 a simple glyph whose points
                               do not parse, else 1 + the length its kept bytes end at */
    _Atomic uint32_t *bmp;  /* by code point below 0x10000: 1 no nominal glyph, else 2 + it */
} mlps_subset_memo;

/* hb_font_get_nominal_glyph, through memo when not NULL. */
int mlps_subset_nominal(hb_font_t *font, const mlps_subset_memo *memo, uint32_t cp,
                        hb_codepoint_t *gid);

/* Adds the tables our PDF fonts leave out to an hb_subset_input_t's drop set. */
void mlps_subset_drop_tables(hb_set_t *drop);

/* The subset hb_subset_or_fail(hb_font_get_face(font), in) would make, as a face of its tables
 * (a face builder), when in asks for code points only, with exactly the flag
 * HB_SUBSET_FLAGS_NO_HINTING, and the face is one this code reproduces byte for byte; NULL
 * otherwise, and then the caller runs hb-subset. *glyphs (malloc'd, caller frees) gets the
 * original gid of each new gid, ascending: a glyph's new gid is its rank there. font must use
 * HarfBuzz's own OpenType functions (its cmap look-ups are hb-subset's).
 * With nfirst > 0, firsts (original gids, ascending, each a simple glyph in the subset) take
 * the new gids 1..nfirst, in that order, and the other glyphs follow, ascending: their bytes
 * then start glyf in every subset that has them (pdf_font.c deflates them once a run). NULL
 * when a first is missing or composite.
 * memo: NULL, or what earlier calls for this font learnt (mlps_subset_memo). */
hb_face_t *mlps_subset_glyf(hb_font_t *font, hb_subset_input_t *in, const uint32_t *firsts,
                            unsigned nfirst, const mlps_subset_memo *memo, uint32_t **glyphs,
                            unsigned *nglyphs);
/* gids (n) without the composite glyphs and those past the face's count, in place; the count
 * left (firsts must be simple glyphs). */
unsigned mlps_subset_simple_only(hb_face_t *face, uint32_t *gids, unsigned n);
/* The new gid of original gid c in a subset's new2old (n gids: .notdef, nfirst firsts
 * ascending, the rest ascending); n when c is not in it. */
unsigned mlps_subset_new_gid(const uint32_t *new2old, unsigned n, unsigned nfirst, uint32_t c);

/* Big-endian reads and stores in font tables (the subsetter's and pdf_font.c's file assembly). */
static inline unsigned mlps_get_be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static inline uint32_t mlps_get_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Where glyph g starts in glyf, by loca (long_loca: head's indexToLocFormat; g + 1 entries
 * must be there). */
static inline size_t mlps_loca_at(const unsigned char *loca, int long_loca, size_t g)
{
    return long_loca ? mlps_get_be32(loca + 4 * g) : 2 * (size_t)mlps_get_be16(loca + 2 * g);
}

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
