/* PDF backend: libharu for pages, graphics, images, outlines, metadata and compression;
 * our own Type0/CIDFontType2 font layer (pdf_font.c) for text. */
#ifndef MLPS_PDF_H
#define MLPS_PDF_H
#include "diag.h"
#include "doc.h"
#include "layout.h"

/* Writes lay to out_path through a temporary file in the same folder, renamed on success;
 * on failure nothing is left at out_path. CreationDate/ModDate come from SOURCE_DATE_EPOCH
 * when set and are left out otherwise, so the same input gives byte-identical output.
 * Returns 0 on success. */
int mlps_pdf_write(const mlps_layout *lay, const mlps_doc_meta *meta, const char *out_path,
                   mlps_diags *d);

/* libharu's object graph is written as PDF 1.5 (object and cross-reference streams) by
 * pdf_graph.c, as libharu 2.3.0 would write it; when it holds what only libharu writes,
 * libharu's bytes are repacked; when those are not laid out as expected (another libharu),
 * its own PDF 1.3 output is written instead, with the same content. For tests: alter may
 * change libharu's bytes in place before the repacking reads them (standing in for a
 * libharu that writes differently; set, it skips the graph writer); graph is set to 1 when
 * the graph writer made the file, plain to 1 when libharu's own output was written. */
typedef struct mlps_pdf_probe {
    void (*alter)(char *bytes, size_t len, void *user);
    void *user;
    int plain, graph;
} mlps_pdf_probe;
int mlps_pdf_write_probe(const mlps_layout *lay, const mlps_doc_meta *meta, const char *out_path,
                         mlps_pdf_probe *probe, mlps_diags *d);

/* CPU time of a write's parts (ms, this thread): hb-subset of the fonts, deflate of every
 * stream we compress (font programs, ToUnicode, content, object and xref streams). */
typedef struct mlps_pdf_times {
    double subset_ms, compress_ms;
} mlps_pdf_times;
/* A run's cache of finished font objects (pdf_fontcache.h), shared by its threads. */
typedef struct mlps_pdf_fontcache mlps_pdf_fontcache;
mlps_pdf_fontcache *mlps_pdf_fontcache_new(void);
void mlps_pdf_fontcache_free(mlps_pdf_fontcache *c);
/* Fonts found in c so far, and the entries it holds. */
void mlps_pdf_fontcache_counts(mlps_pdf_fontcache *c, size_t *hits, size_t *entries);

/* mlps_pdf_write, adding the time of its parts to *times; fonts (NULL: none) gives and keeps
 * font objects whose face and glyph set repeat between documents, and, with the template's
 * glyph sets (NULL: none), the shared glyphs deflated once a run (glyphsets.h). */
struct mlps_glyph_sets;
int mlps_pdf_write_timed(const mlps_layout *lay, const mlps_doc_meta *meta, const char *out_path,
                         mlps_pdf_times *times, mlps_pdf_fontcache *fonts,
                         const struct mlps_glyph_sets *glyph_sets, mlps_diags *d);

#endif
