/* The render pipeline for one (template, data, system) → PDF. */
#include "render.h"

#include <string.h>

#include "buf.h"
#include "doc.h"
#include "layout.h"
#include "mem.h"
#include "pdf.h"

int mlps_render_pdf(const mlps_render_job *job, mlps_diags *d)
{
    int rc = 1;
    mlps_layout *lay = NULL;
    mlps_expand_in in = {job->data, job->system_id, job->codes};
    mlps_doc *doc = mlps_template_build(job->tmpl, &in, job->data_dir, d);
    if (!doc)
        goto done;
    mlps_geom g = mlps_geom_gbt9704();
    lay = mlps_layout_doc(doc, job->fonts, &g, d);
    if (!lay)
        goto done;
    if (mlps_pdf_write(lay, &doc->meta, job->out_path, d))
        goto done;
    rc = 0;
done:
    mlps_layout_free(lay);
    mlps_doc_free(doc);
    return rc;
}

static void put_clean(mlps_buf *b, const char *s)
{
    size_t start = b->len;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        unsigned char c = *p;
        int bad = c < 0x20 || c == 0x7f || strchr("/\\:*?\"<>|", c) || (c == '.' && b->len == start);
        buf_putc(b, bad ? '_' : (char)c);
    }
    if (b->len == start)
        buf_putc(b, '_');
}

char *mlps_render_file_name(const char *unit, const char *system, const char *suffix)
{
    mlps_buf b = MLPS_BUF_INIT;
    put_clean(&b, unit);
    buf_putc(&b, '-');
    put_clean(&b, system);
    buf_putc(&b, '-');
    put_clean(&b, suffix);
    buf_puts(&b, ".pdf");
    return buf_detach(&b);
}
