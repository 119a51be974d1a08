/* Internal to the PDF backend: a run's cache of finished font objects, keyed by face and exact
 * glyph set (with each glyph's code point), so that a document whose set repeats one seen
 * before (a heading face showing the same title in every system's report) takes the deflated
 * font program and ToUnicode instead of subsetting and compressing them again. The bytes are
 * those the document would make itself (hb-subset and libdeflate are deterministic), so every
 * PDF stays the same. Shared by a batch's workers: lookups and inserts under one lock, entries
 * immutable once added and kept until the cache is freed; bounded in bytes, small fonts only.
 * The run's compressors are kept here too. */
#ifndef MLPS_PDF_FONTCACHE_H
#define MLPS_PDF_FONTCACHE_H
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "font.h"
#include "pdf.h"
#include "pdf_glyphz.h"
#include "pdf_pagecache.h"
#include "pdf_subset.h"

typedef struct mlps_pdf_font_entry {
    const mlps_face *face;
    const void *shared;    /* the glyph set put first (glyphsets.h), NULL = none: part of the key */
    uint64_t hash;
    unsigned ngids;
    uint32_t *gids, *uni;  /* the key: original gids ascending, each one's code point */
    unsigned nnew;         /* glyphs in the subset */
    uint16_t *old2new;     /* by rank of the original gid */
    int *widths;           /* by new gid, 1/1000 em */
    size_t program_size;   /* uncompressed (/Length1) */
    unsigned char *program, *tounicode; /* deflated */
    size_t program_len, tounicode_len;
    struct mlps_pdf_font_entry *next;
} mlps_pdf_font_entry;

uint64_t mlps_pdf_fontcache_key(const mlps_face *face, const void *shared, const uint32_t *gids,
                                const uint32_t *uni, unsigned n);
/* The entry for exactly this key, or NULL. */
const mlps_pdf_font_entry *mlps_pdf_fontcache_find(mlps_pdf_fontcache *c, const mlps_face *face,
                                                   const void *shared, uint64_t hash,
                                                   const uint32_t *gids, const uint32_t *uni,
                                                   unsigned n);
/* Adds a copy of e (its next is ignored) unless the program is too large, the cache is full,
 * or another thread added the key first. */
void mlps_pdf_fontcache_add(mlps_pdf_fontcache *c, const mlps_pdf_font_entry *e);

/* The glyphs a face's shared set puts first in its documents' font programs (len bytes at
 * data, the same in every such document), as raw deflate that ends on a byte boundary without
 * a final block, so that a document's own deflate of the rest can follow it; made once a run
 * for each face and glyph set (set, as mlps_pdf_fontcache_set_glyphs: it fixes the bytes),
 * length and Adler-32 (adler: libdeflate_adler32(1, data, len), which the program's own
 * checksum is made from, guarding the key),
 * at libdeflate level 6, checked, and kept with c. NULL (make it all in the document) when c
 * is NULL, the kept glyphs would pass MLPS_MAX_FONTCACHE_BYTES, or it could not be made. */
typedef struct mlps_pdf_shared_glyphs mlps_pdf_shared_glyphs;
const unsigned char *mlps_pdf_fontcache_shared(mlps_pdf_fontcache *c, const mlps_face *face,
                                               const void *set, const unsigned char *data,
                                               size_t len, uint32_t adler, size_t *zlen);

/* The same for text that begins a stream of a face's documents with a shared glyph set (the
 * ToUnicode CMap up to the end of the shared glyphs' entries): found by its bytes, compared
 * whole (a glyph shown with another code point changes them); *adler gets theirs. */
const unsigned char *mlps_pdf_fontcache_text(mlps_pdf_fontcache *c, const mlps_face *face,
                                             const void *set, const unsigned char *data,
                                             size_t len, uint32_t *adler, size_t *zlen);

/* A glyph set's glyphs in face (original gids, ascending; set is a mlps_glyph_set), as the
 * run keeps them, followed by as many code points (each glyph's): *n gets their count. NULL when c is NULL or does not have them yet. */
const uint32_t *mlps_pdf_fontcache_set_glyphs(mlps_pdf_fontcache *c, const mlps_face *face,
                                              const void *set, unsigned *n);
/* Keeps gids (*n of them, taken) as set's glyphs in face, unless another worker kept them
 * first (then gids is freed and *n set to theirs); returns what c keeps. */
const uint32_t *mlps_pdf_fontcache_keep_set_glyphs(mlps_pdf_fontcache *c, const mlps_face *face,
                                                   const void *set, uint32_t *gids, unsigned *n);

/* A libdeflate compressor at level, one an earlier document of the run gave back when there is
 * one (allocating one is about 33,000 instructions, three a document; a compressor keeps no
 * state from one call to the next, so the bytes are the same); c NULL: a new one. NULL when
 * out of memory. */
struct libdeflate_compressor *mlps_pdf_compressor_take(mlps_pdf_fontcache *c, int level);
/* Gives z (may be NULL) back to c for the next document, or frees it (c NULL, or enough kept). */
void mlps_pdf_compressor_give(mlps_pdf_fontcache *c, int level, struct libdeflate_compressor *z);

/* The subsetter's memo for face (mlps_subset_glyf), n slots (the face's glyph count) made
 * once a run; NULL when c is NULL. */
const mlps_subset_memo *mlps_pdf_fontcache_subset_memo(mlps_pdf_fontcache *c,
                                                       const mlps_face *face, unsigned n);

/* The glyph code of face (pdf_glyphz.h), made once a run; NULL when c is NULL or the face
 * has no glyf table. */
const mlps_glyphz_code *mlps_pdf_fontcache_glyph_code(mlps_pdf_fontcache *c, const mlps_face *face);
/* Glyph g (len bytes) of face coded with code (mlps_pdf_fontcache_glyph_code): its bit count
 * and bits, kept by c while MLPS_MAX_GLYPHZ_BYTES allow (found by face, length and a 128-bit
 * hash of the bytes); when not kept, *own gets the bits too and the caller frees it. 0 with
 * *own NULL for an empty glyph. */
size_t mlps_pdf_fontcache_glyph_bits(mlps_pdf_fontcache *c, const mlps_face *face,
                                     const mlps_glyphz_code *code, const unsigned char *g,
                                     size_t len, const unsigned char **bits, unsigned char **own);

/* The run's deflated page contents (NULL when c is NULL). */
mlps_pdf_pagecache *mlps_pdf_fontcache_pages(mlps_pdf_fontcache *c);

#endif
