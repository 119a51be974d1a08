/* Internal to the PDF backend: a libharu document written as PDF 1.5. Its dictionaries and
 * arrays go into one deflated object stream, its cross-reference table becomes a deflated
 * cross-reference stream, and the stream data kept out of libharu (mlps_pdf_splices) goes in
 * its place. mlps_pdf_pack_graph writes the object graph directly, as libharu 2.3.0 would
 * byte for byte but without its byte-at-a-time stream layer (a sixth of writing a PDF); pdf.c
 * repacks libharu's own output when the graph holds what only libharu can write. */
#ifndef MLPS_PDF_GRAPH_H
#define MLPS_PDF_GRAPH_H
#include <hpdf.h>

#include "buf.h"
#include "pdf.h"
#include "pdf_font.h"

struct libdeflate_compressor;

/* A file being packed: its top-level objects are in the output; the others wait here. */
typedef struct {
    unsigned long nobj;    /* objects 0..nobj-1; the object and xref streams follow */
    unsigned long *slot;   /* by object number: index in the object stream, ~0ul: top level */
    size_t *offs;          /* by object number (nobj + 2): where a top-level object starts */
    mlps_buf hdr, bodies;  /* the object stream's "num offset " pairs and its objects */
    size_t ninside;
    unsigned long root, info; /* the catalogue's and the Info dictionary's numbers (0: none) */
    /* by object number: the splice whose data the stream takes, whose length the number is */
    const mlps_pdf_splice **spliced, **length_of;
} mlps_pdf_packed;

/* pk for objects 0..nobj-1 and the splices' maps; -1 when a splice names no such object
 * (pk is still to be freed). */
int mlps_pdf_packed_init(mlps_pdf_packed *pk, unsigned long nobj, const mlps_pdf_splices *splices);
void mlps_pdf_packed_free(mlps_pdf_packed *pk);
/* Appends the object stream, the cross-reference stream and the trailer to out, which holds
 * the top-level objects. 0 on success. */
int mlps_pdf_pack_finish(mlps_pdf_packed *pk, struct libdeflate_compressor *c, mlps_pdf_times *times,
                         mlps_buf *out);

/* pdf's whole file into out (empty before). -1, out left empty, when the graph has what only
 * libharu writes: a stream whose data is libharu's, encryption, a string with an encoder. */
int mlps_pdf_pack_graph(HPDF_Doc pdf, const mlps_pdf_splices *splices,
                        struct libdeflate_compressor *c, mlps_buf *out);

#endif
