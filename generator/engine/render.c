/* The render pipeline for one (template, data, system) → PDF, and the fonts' coverage of a
 * unit's data. */
#include "render.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cputime.h"
#include "form.h"
#include "imgcache.h"
#include "mem.h"
#include "mlps_limits.h"
#include "outfile.h"
#include "pdf.h"
#include "utf8.h"
#include "xmlread.h"

/* MLPS_GLYPH_LOG=FILE (for scripts/glyph-sets.py, which makes templates/NAME.glyphs): each
 * document adds one line per face, "TEMPLATE<TAB>FACE<TAB>the characters it shows", in one
 * append each, so that a batch's workers can share the file. */
static void log_glyphs(const mlps_template *t, const mlps_layout *lay)
{
    const char *path = getenv("MLPS_GLYPH_LOG");
    if (!path || !t)
        return;
    const char *name = strrchr(mlps_template_path(t), '/');
    name = name ? name + 1 : mlps_template_path(t);
    const mlps_face *faces[MLPS_MAX_FONT_CHAIN * 4];
    size_t nfaces = 0;
    for (size_t p = 0; p < lay->npages; p++)
        for (size_t i = 0; i < lay->pages[p].nglyphs; i++) {
            const mlps_face *f = lay->pages[p].glyphs[i].face;
            size_t k = 0;
            while (k < nfaces && faces[k] != f)
                k++;
            if (f && k == nfaces && nfaces < sizeof faces / sizeof *faces)
                faces[nfaces++] = f;
        }
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    for (size_t k = 0; k < nfaces; k++) {
        mlps_buf line = {0};
        mlps_buf_printf(&line, "%s\t%s\t", name, mlps_face_postscript(faces[k]));
        for (size_t p = 0; p < lay->npages; p++)
            for (size_t i = 0; i < lay->pages[p].nglyphs; i++) {
                const mlps_glyph *g = &lay->pages[p].glyphs[i];
                char u[4];
                if (g->face == faces[k] && g->uni > ' ')
                    mlps_buf_append(&line, u, mlps_utf8_encode(g->uni, u));
            }
        mlps_buf_putc(&line, '\n');
        if (write(fd, line.ptr, line.len) < 0) { /* a log for a script: nothing to undo */
        }
        mlps_buf_free(&line);
    }
    close(fd);
}

int mlps_render_document(const mlps_render_job *job, mlps_doc **doc_out, mlps_layout **lay_out,
                         mlps_diags *d)
{
    int rc = -1;
    mlps_layout *lay = NULL;
    mlps_imgcache *own_images = NULL;
    mlps_buf text = MLPS_BUF_INIT;
    mlps_render_times *tm = job->times;
    double t = tm ? mlps_thread_cpu_ms() : 0, t1;
    mlps_expand_in in = {.data = job->data, .system_id = job->system_id, .codes = job->codes};
    const char *code = mlps_diag_set_code(d, MLPS_DC_EXPAND);
    mlps_doc *doc = mlps_template_build(job->tmpl, &in, job->data_dir, d);
    if (!doc)
        goto done;
    if (tm) {
        t1 = mlps_thread_cpu_ms();
        tm->template_ms += t1 - t;
        t = t1;
    }
    mlps_diag_set_code(d, MLPS_DC_LAYOUT);
    mlps_geom g = mlps_geom_gbt9704();
    /* layout and the PDF writer share one load of each image (the run's, or this document's) */
    own_images = job->images ? NULL : mlps_imgcache_new();
    g.images = job->images ? job->images : own_images;
    g.paras = job->paras;
    /* Form cells' errors name the data line of their field: found only when there are
     * errors (an XPath per cell, a third of a form's layout), then laid out again. */
    mlps_diags ld = MLPS_DIAGS_INIT;
    mlps_diag_set_code(&ld, MLPS_DC_LAYOUT);
    lay = mlps_layout_doc(doc, job->fonts, &g, &ld);
    if (ld.count && job->tmpl && !mlps_template_origins(job->tmpl)) {
        /* the document was made without template lines (mlps_template_build): made again
         * with them, for messages that name the line */
        mlps_layout_free(lay);
        lay = NULL;
        mlps_diag_free(&ld);
        mlps_doc_free(doc);
        mlps_diag_set_code(d, MLPS_DC_EXPAND);
        doc = mlps_template_build_origins(job->tmpl, &in, job->data_dir, d);
        mlps_diag_set_code(d, MLPS_DC_LAYOUT);
        if (!doc)
            goto done;
        mlps_diag_set_code(&ld, MLPS_DC_LAYOUT);
        lay = mlps_layout_doc(doc, job->fonts, &g, &ld);
    }
    if (ld.errors && job->data) {
        mlps_layout_free(lay);
        mlps_diag_free(&ld);
        mlps_doc_resolve_origins(doc, job->data);
        lay = mlps_layout_doc(doc, job->fonts, &g, d);
    } else {
        mlps_diag_merge(d, &ld);
    }
    mlps_diag_free(&ld);
    if (tm) {
        t1 = mlps_thread_cpu_ms();
        tm->layout_ms += t1 - t;
        t = t1;
    }
    if (!lay)
        goto done;
    if (job->text_path) {
        mlps_layout_text(doc, lay, &text);
        if (mlps_write_atomic(job->text_path, text.ptr ? text.ptr : "", text.len, d))
            goto done;
    }
    mlps_diag_set_code(d, MLPS_DC_PDF);
    mlps_pdf_times pt = {0, 0};
    log_glyphs(job->tmpl, lay);
    int wrc = mlps_pdf_write_timed(lay, &doc->meta, job->out_path, &pt, job->font_objects,
                                   job->tmpl ? mlps_template_glyph_sets(job->tmpl) : NULL, d);
    if (tm) {
        /* subset and compress are timed by the monotonic clock (cheaper to read than the
         * thread's CPU clock): on a busy machine they can pass the write's CPU time, which
         * left the rest negative (a report out of its schema); then they are scaled to it */
        double cpu = mlps_thread_cpu_ms() - t, parts = pt.subset_ms + pt.compress_ms;
        double k = parts > cpu && parts > 0 ? (cpu > 0 ? cpu : 0) / parts : 1;
        tm->subset_ms += k * pt.subset_ms;
        tm->compress_ms += k * pt.compress_ms;
        tm->write_ms += cpu > k * parts ? cpu - k * parts : 0;
    }
    if (wrc)
        goto done;
    rc = 0;
done:
    mlps_diag_set_code(d, code);
    mlps_buf_free(&text);
    if (lay)
        lay->geom.images = NULL; /* the layout outlives this call; the images may not */
    if (lay)
        lay->geom.paras = NULL;
    mlps_imgcache_free(own_images);
    if (lay_out)
        *lay_out = lay;
    else
        mlps_layout_free(lay);
    if (doc_out)
        *doc_out = doc;
    else
        mlps_doc_free(doc);
    return rc;
}

int mlps_render_pdf(const mlps_render_job *job, mlps_diags *d)
{
    return mlps_render_document(job, NULL, NULL, d);
}

/* One coverage walk: the body chain, and the BMP code points already found covered. Most
 * characters of a unit repeat, and each look-up walks the chain with a HarfBuzz call per face;
 * a character no face covers is looked up again (it is an error, and rare). Owned by the
 * walk: the font set stays immutable and shared. */
typedef struct {
    const mlps_fontset *fs;
    int role;
    uint64_t covered[0x10000 / 64];
} coverage;

static int covered(coverage *c, uint32_t cp)
{
    if (cp < 0x10000 && (c->covered[cp >> 6] >> (cp & 63) & 1))
        return 1;
    if (!mlps_fontset_pick(c->fs, c->role, cp))
        return 0;
    if (cp < 0x10000)
        c->covered[cp >> 6] |= (uint64_t)1 << (cp & 63);
    return 1;
}

/* Text of one node: every character no face of the body chain covers, listed once. */
static void coverage_of(coverage *c, const xmlNode *n, const char *text, const char *file, mlps_diags *d)
{
    mlps_buf missing = MLPS_BUF_INIT;
    size_t len = strlen(text), i = 0, listed = 0;
    while (i < len) {
        size_t at = i;
        unsigned char b = (unsigned char)text[i];
        uint32_t cp = b < 0x80 ? (i++, b) : mlps_utf8_next(text, len, &i);
        if (cp == UTF8_INVALID || cp < 0x20 || covered(c, cp))
            continue;
        if (listed >= MLPS_MAX_LISTED_CHARS)
            break;
        char hex[16];
        snprintf(hex, sizeof hex, "U+%04X", (unsigned)cp);
        if (missing.ptr && strstr(missing.ptr, hex))
            continue;
        mlps_buf_printf(&missing, "%s%.*s（%s）", listed ? "、" : "", (int)(i - at), text + at, hex);
        listed++;
    }
    if (listed)
        mlps_xml_error_at(d, file, n, "以下字符没有可用字体，无法印出：%s", missing.ptr);
    mlps_buf_free(&missing);
}

static void coverage_walk(coverage *c, const xmlNode *n, const char *file, mlps_diags *d)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                coverage_of(c, n->parent, (const char *)n->content, file, d);
        } else if (n->type == XML_ELEMENT_NODE) {
            for (const xmlAttr *a = n->properties; a; a = a->next)
                if (a->children && a->children->content)
                    coverage_of(c, (const xmlNode *)a, (const char *)a->children->content, file, d);
            coverage_walk(c, n->children, file, d);
        }
    }
}

size_t mlps_render_check_coverage(const mlps_fontset *fs, xmlDocPtr data, const char *file,
                                  mlps_diags *d)
{
    size_t errors0 = d->errors;
    int role = mlps_fontset_role(fs, "body");
    if (role >= 0) {
        coverage *c = mlps_xcalloc(1, sizeof *c);
        c->fs = fs;
        c->role = role;
        coverage_walk(c, xmlDocGetRootElement(data), file, d);
        free(c);
    }
    return d->errors - errors0;
}
