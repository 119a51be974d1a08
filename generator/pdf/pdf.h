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

#endif
