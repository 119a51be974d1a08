/* Internal to the PDF backend: our own Type0/CIDFontType2 fonts for libharu documents.
 * Per document, one subset font per face: the whole layout's glyphs are collected first, each
 * face is subset with hb-subset (glyphs renumbered densely), then content streams are written
 * with the new glyph ids. libharu's own TrueType/UTF-8 text path is never used (it drops
 * characters beyond the BMP and writes an invalid ToUnicode). */
#ifndef MLPS_PDF_FONT_H
#define MLPS_PDF_FONT_H
#include <hpdf.h>
#include <stdint.h>

#include "diag.h"
#include "font.h"
#include "layout.h"

struct libdeflate_compressor;

typedef struct mlps_pdf_fonts mlps_pdf_fonts;

/* Deflated stream data kept out of libharu, which would copy it byte by byte twice while
 * saving (about 5% of a document's time for the font programs): libharu writes the stream
 * empty, and pdf.c's repacking puts the data in its place and its length in its /Length. */
typedef struct {
    unsigned long obj, length_obj; /* object numbers of the stream and of its /Length */
    unsigned char *data;
    size_t len;
    HPDF_Dict stream; /* where the data goes when libharu's own output is written instead */
} mlps_pdf_splice;

typedef struct {
    mlps_pdf_splice *items;
    size_t n, cap;
    struct mlps_pdf_times *times; /* non-NULL: subset and deflate time added here */
    struct mlps_pdf_fontcache *fontcache; /* non-NULL: the run's finished font objects */
    const struct mlps_glyph_sets *glyph_sets; /* the template's shared glyphs; NULL = none */
} mlps_pdf_splices;

void mlps_pdf_splices_free(mlps_pdf_splices *sp);
/* Makes data (already encoded, its /Filter set by the caller; ownership passes to sp) the
 * data of stream, spliced in while repacking. 0 on success. */
int mlps_pdf_stream_splice(HPDF_Dict stream, unsigned char *data, size_t len, mlps_pdf_splices *sp);

/* Collects the glyphs of every page of lay, subsets each face and adds the font objects to
 * pdf, their streams' data to sp. NULL (with a Chinese diagnostic) on failure. */
mlps_pdf_fonts *mlps_pdf_fonts_build(HPDF_Doc pdf, const mlps_layout *lay, mlps_pdf_splices *sp,
                                     mlps_diags *d);
void mlps_pdf_fonts_free(mlps_pdf_fonts *pf);

/* Adds face's font to page's /Resources /Font (once per page) and writes its resource name
 * ("F0"…) into name. Returns 0 on success. */
int mlps_pdf_fonts_use(const mlps_pdf_fonts *pf, HPDF_Page page, const mlps_face *face,
                       char name[16]);
/* For face's original glyph gid: sets *cid, the glyph id to write in content streams (0 if
 * the glyph is not in the document's fonts), and returns its width as written in /W (or /DW),
 * 1/1000 em: content streams position glyphs against exactly this value. */
int mlps_pdf_fonts_glyph(const mlps_pdf_fonts *pf, const mlps_face *face, uint32_t gid,
                         unsigned *cid);
/* mlps_pdf_fonts_glyph for every glyph of the layout's page (cids and widths by glyph; 0 and 0
 * for a glyph without a face), from the ranks found while collecting. */
void mlps_pdf_fonts_page_codes(const mlps_pdf_fonts *pf, size_t page, unsigned *cids, int *widths);
/* Size of face's embedded font program (uncompressed), 0 if unused. For figures. */
size_t mlps_pdf_fonts_program_size(const mlps_pdf_fonts *pf, const mlps_face *face);

/* Sets page's whole content to s, deflated with c (libdeflate: about 4 times faster than
 * libharu's zlib, and smaller) into sp; with 0 < split < len, as two streams, s's first split
 * bytes and the rest, so that each can be one the run has deflated before (a filing form's
 * rules and boxes are the same in every unit, its text is not). Returns 0 on success. */
int mlps_pdf_page_set_content(HPDF_Page page, struct libdeflate_compressor *c, const char *s,
                              size_t len, size_t split, mlps_pdf_splices *sp);
/* Adds image to page's /Resources /XObject (once) and returns its resource name; NULL on
 * failure. */
const char *mlps_pdf_page_image_name(HPDF_Page page, HPDF_Image image);

#endif
