/* One document from data: template expansion → mlps_doc → layout → PDF at a path (the
 * pipeline behind mlps.h's jobs). Everything a job reads is immutable and may be shared
 * between threads (the template, the fonts, the codes, the data document if no one modifies
 * it); each call builds its own document and layout, and writes through a temporary file
 * renamed on success. */
#ifndef MLPS_RENDER_H
#define MLPS_RENDER_H
#include <libxml/tree.h>

#include "diag.h"
#include "doc.h"
#include "font.h"
#include "layout.h"
#include "template.h"

/* CPU time of one document's phases (ms, the rendering thread's): expand the template and
 * build the document, lay it out, then in the PDF writer hb-subset the fonts, deflate the
 * streams, and the rest of writing (objects, content, the file). */
typedef struct mlps_render_times {
    double template_ms, layout_ms, subset_ms, compress_ms, write_ms;
} mlps_render_times;

typedef struct mlps_render_job {
    const mlps_template *tmpl;
    xmlDocPtr data;                 /* validated unit document, annotated with <computed> */
    const char *data_dir;           /* resolves relative image paths (topology); "" = cwd */
    const char *system_id;          /* bound to $system; NULL = none */
    const struct mlps_codes *codes; /* for f:label and friends */
    const mlps_fontset *fonts;
    const char *out_path;
    const char *text_path;          /* non-NULL: the document's text too (mlps_doc_text) */
    struct mlps_imgcache *images;   /* validated images of the run; NULL = this document's own */
    mlps_render_times *times;       /* non-NULL: each phase's CPU time added here */
    struct mlps_paracache *paras;   /* the calling worker's paragraph layouts; NULL = none */
    struct mlps_pdf_fontcache *font_objects; /* the run's finished font objects; NULL = none */
} mlps_render_job;

/* Returns 0 when the PDF (and the text, if asked) was written; otherwise nothing is left at
 * out_path and the reasons are in d, each with its stage's code (docs/diagnostics.md). The
 * document tree and its layout, as far as they were built, go to *doc and *lay (the caller
 * frees them) when those are non-NULL, else they are freed here. */
int mlps_render_document(const mlps_render_job *job, mlps_doc **doc, mlps_layout **lay,
                         mlps_diags *d);
/* The same, keeping nothing. */
int mlps_render_pdf(const mlps_render_job *job, mlps_diags *d);

/* mlps_job_render (mlps.h) with the calling worker's paragraph layouts (NULL = none): render -d's
 * threads (mlps_run_render_all) each keep one for the jobs they run. */
struct mlps_job;
int mlps_job_render_with(struct mlps_job *j, struct mlps_paracache *paras);

/* Every character of the data file's text and attributes that no face of the body font chain
 * covers, as errors at the data file's line and field path (before any document is laid out,
 * so the user is told which field to correct). Returns the number of errors added. */
size_t mlps_render_check_coverage(const mlps_fontset *fs, xmlDocPtr data, const char *file,
                                  mlps_diags *d);

#endif
