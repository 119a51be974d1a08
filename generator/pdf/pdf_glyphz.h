/* A font program's own glyphs deflated one glyph at a time, each with the same Huffman code
 * for its face (a code made from a fixed sample of the face's glyphs). A glyph's bits are then
 * the same in every document, so a run codes each glyph once and a document copies bits: what
 * was a tenth of a batch's instructions (deflating each document's own glyphs) becomes a copy,
 * for matches that no longer reach into the glyph before (about 14 % more bytes on that part,
 * 3 % on a file). The bytes depend on the face and the glyph only, not on the run. */
#ifndef MLPS_PDF_GLYPHZ_H
#define MLPS_PDF_GLYPHZ_H

#include <stddef.h>
#include <stdint.h>

#include <hb.h>

typedef struct mlps_glyphz_code mlps_glyphz_code;

/* The code for face (a TrueType face: glyf and loca), or NULL when it has none or on failure.
 * Made from the glyphs of a fixed list of common characters, hinting left out as our subsets
 * leave it. */
mlps_glyphz_code *mlps_glyphz_code_new(hb_face_t *face);
void mlps_glyphz_code_free(mlps_glyphz_code *code);

/* Glyph g (len bytes) coded with code: matches within g only, then its Huffman codes, no end
 * of block. Returns the bit count and *bits (malloc'd, caller frees; whole bytes, the last
 * one's high bits zero), or 0 with *bits NULL when out of memory or len is 0. */
size_t mlps_glyphz_encode(const mlps_glyphz_code *code, const unsigned char *g, size_t len,
                          unsigned char **bits);

/* A raw deflate block under construction, written least significant bit first. */
typedef struct mlps_glyphz_block {
    unsigned char *p;
    size_t len, cap;
    uint64_t acc;  /* bits not yet in p */
    unsigned nacc; /* how many */
} mlps_glyphz_block;

/* Starts a non-final block with code's tables into b (zeroed before, freed by the caller with
 * free(b->p)). */
void mlps_glyphz_begin(const mlps_glyphz_code *code, mlps_glyphz_block *b);
/* Appends nbits coded bits (from mlps_glyphz_encode). */
void mlps_glyphz_append(mlps_glyphz_block *b, const unsigned char *bits, size_t nbits);
/* Ends the block and aligns it to a byte with an empty stored block (non-final), so that
 * another deflate stream's blocks may follow; b->p, b->len are then the block's bytes. */
void mlps_glyphz_end(const mlps_glyphz_code *code, mlps_glyphz_block *b);

#endif
