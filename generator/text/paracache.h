/* A memo of paragraph layouts (mlps_para_layout results) keyed by everything a result depends
 * on: the font set, the measure, the style fields para.c reads and every span's text, role and
 * mark. A batch's documents repeat most of their paragraphs (catalogue items, response plan,
 * form labels), so a worker thread keeps one cache for all the documents it makes. Not shared
 * between threads (no locks): one cache per worker. Bounded by a byte budget, least recently
 * used entries evicted first. */
#ifndef MLPS_PARACACHE_H
#define MLPS_PARACACHE_H
#include <stddef.h>

#include "para.h"

typedef struct mlps_paracache mlps_paracache;

typedef struct mlps_paracache_stats {
    size_t lookups, hits;  /* calls through the cache; those answered from it */
    size_t entries, bytes; /* held now (bytes: entries, keys, lines, glyphs) */
    size_t evictions;
    size_t peak_bytes;     /* the most bytes held at once */
} mlps_paracache_stats;

/* budget: bytes the entries may hold (at most MLPS_PARA_CACHE_BYTES is a sensible choice). */
mlps_paracache *mlps_paracache_new(size_t budget);
void mlps_paracache_free(mlps_paracache *pc);
mlps_paracache_stats mlps_paracache_stats_get(const mlps_paracache *pc);

/* mlps_para_layout, answered from pc when the same paragraph was laid out at the same width
 * before: the lines and glyphs appended to out are a copy of the first result (same bytes).
 * Failures are not kept (their diagnostics come again). pc NULL: mlps_para_layout itself. */
int mlps_para_layout_memo(mlps_paracache *pc, const mlps_fontset *fs, const mlps_para *para,
                          double width, const char *src_file, long src_line, mlps_lines *out,
                          mlps_diags *d);

#endif
