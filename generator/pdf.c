/* PDF backend: draws a finished layout with libharu (pages, graphics, images, outline,
 * metadata, compression); text goes through our own fonts (pdf_font.c). */
#include "pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <hpdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"
#include "mlps_limits.h"
#include "pdf_font.h"
#include "utf8.h"

#define PDF_MAX_OUTLINE_DEPTH 16 /* deeper headings hang under the 16th level */
#define PDF_TMP_ATTEMPTS 100     /* temporary names tried before giving up */

/* libharu reports errors through a callback; the first one is kept for the message. */
typedef struct {
    HPDF_STATUS error, detail;
} hpdf_errors;

static void on_hpdf_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
    hpdf_errors *e = user;
    if (!e->error) {
        e->error = error;
        e->detail = detail;
    }
}

typedef struct {
    const char *path;
    HPDF_Image image;
} loaded_image;

typedef struct {
    HPDF_Doc pdf;
    const mlps_layout *lay;
    mlps_pdf_fonts *fonts;
    loaded_image *images;
    size_t nimages, images_cap;
    mlps_buf content; /* one page's raw content, reused */
    mlps_diags *d;
} writer;

/* Locale-independent fixed-point number, trailing zeros dropped (content streams). */
static void put_num(mlps_buf *b, double v, int decimals)
{
    long long scale = decimals == 3 ? 1000 : 100;
    long long n = llround(v * (double)scale);
    if (n < 0) {
        buf_putc(b, '-');
        n = -n;
    }
    long long ip = n / scale, fp = n % scale;
    buf_printf(b, "%lld", ip);
    if (fp) {
        char frac[8];
        snprintf(frac, sizeof frac, decimals == 3 ? "%03lld" : "%02lld", fp);
        size_t k = strlen(frac);
        while (k && frac[k - 1] == '0')
            frac[--k] = '\0';
        buf_printf(b, ".%s", frac);
    }
}

/* A PDF text string: PDFDocEncoding if plain ASCII, else UTF-16BE with BOM (planes 1–16 as
 * surrogate pairs). libharu 2.3.0's own encoder turns characters beyond the BMP into spaces. */
static HPDF_Binary text_string(HPDF_Doc pdf, const char *s)
{
    size_t len = strlen(s);
    mlps_buf b = MLPS_BUF_INIT;
    int ascii = 1;
    for (size_t i = 0; i < len; i++)
        ascii &= (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f;
    if (ascii) {
        buf_append(&b, s, len);
    } else {
        buf_append(&b, "\xFE\xFF", 2);
        for (size_t i = 0; i < len;) {
            uint32_t cp = utf8_next(s, len, &i);
            if (cp == UTF8_INVALID)
                cp = 0xFFFD;
            uint32_t units[2] = {cp, 0};
            int n = 1;
            if (cp >= 0x10000) {
                units[0] = 0xD800 + ((cp - 0x10000) >> 10);
                units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
                n = 2;
            }
            for (int k = 0; k < n; k++) {
                char u[2] = {(char)(units[k] >> 8), (char)(units[k] & 0xFF)};
                buf_append(&b, u, 2);
            }
        }
    }
    HPDF_Binary bin = HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)(b.ptr ? b.ptr : ""), (HPDF_UINT)b.len);
    buf_free(&b);
    return bin;
}

static int set_info_text(HPDF_Doc pdf, const char *key, const char *value)
{
    if (!value || !*value)
        return 0;
    HPDF_Binary bin = text_string(pdf, value);
    return bin && HPDF_Dict_Add(pdf->info, key, bin) == HPDF_OK ? 0 : -1;
}

static int set_metadata(writer *w, const mlps_doc_meta *meta)
{
    HPDF_Doc pdf = w->pdf;
    if (HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, "mlpsdoc") != HPDF_OK || !pdf->info)
        return -1;
    if (meta && (set_info_text(pdf, "Title", meta->title) || set_info_text(pdf, "Author", meta->author) ||
                 set_info_text(pdf, "Subject", meta->subject) ||
                 set_info_text(pdf, "Keywords", meta->keywords)))
        return -1;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (!sde || !*sde)
        return 0; /* no clock time in the file: the same input gives the same bytes */
    char *end;
    errno = 0;
    long long t = strtoll(sde, &end, 10);
    struct tm tm;
    time_t tt = (time_t)t;
    if (errno || *end || t < 0 || !gmtime_r(&tt, &tm)) {
        diag_error(w->d, NULL, 0, NULL, "环境变量 SOURCE_DATE_EPOCH 的值“%s”不是有效的秒数", sde);
        return -1;
    }
    HPDF_Date date = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                      tm.tm_sec, 'Z', 0, 0};
    if (HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, date) != HPDF_OK ||
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, date) != HPDF_OK)
        return -1;
    return 0;
}

static HPDF_Image image_for(writer *w, const char *path)
{
    for (size_t i = 0; i < w->nimages; i++)
        if (strcmp(w->images[i].path, path) == 0)
            return w->images[i].image;
    HPDF_Image img = NULL;
    unsigned char magic[8] = {0};
    struct stat st;
    FILE *f = fopen(path, "rb");
    size_t got = f ? fread(magic, 1, sizeof magic, f) : 0;
    if (f)
        fclose(f);
    if (!f || stat(path, &st) != 0) {
        diag_error(w->d, path, 0, NULL, "无法读取图片文件：%s", strerror(errno));
        return NULL;
    }
    if ((unsigned long long)st.st_size > MLPS_MAX_IMAGE_BYTES) {
        diag_error(w->d, path, 0, NULL, "图片文件过大（上限 %u 字节）", MLPS_MAX_IMAGE_BYTES);
        return NULL;
    }
    if (got >= 8 && memcmp(magic, "\x89PNG\r\n\x1a\n", 8) == 0)
        img = HPDF_LoadPngImageFromFile(w->pdf, path);
    else if (got >= 3 && magic[0] == 0xFF && magic[1] == 0xD8 && magic[2] == 0xFF)
        img = HPDF_LoadJpegImageFromFile(w->pdf, path);
    else {
        diag_error(w->d, path, 0, NULL, "图片格式不受支持（只支持 PNG 和 JPEG）");
        return NULL;
    }
    if (!img) {
        diag_error(w->d, path, 0, NULL, "图片文件已损坏或无法解码（libharu 错误 0x%04lX）",
                   (unsigned long)HPDF_GetError(w->pdf));
        return NULL;
    }
    XGROW(w->images, w->images_cap, w->nimages + 1);
    w->images[w->nimages++] = (loaded_image){path, img};
    return img;
}

static int same_run(const mlps_glyph *a, const mlps_glyph *b)
{
    return a->face == b->face && a->size == b->size && a->y == b->y;
}

/* One BT…ET per run of glyphs sharing face, size and baseline. Positions are absolute: each
 * TJ adjustment is computed against where the reader's pen really is (widths exactly as in
 * /W, adjustments as printed), so rounding never accumulates along a line. */
static int draw_text(writer *w, HPDF_Page page, const mlps_page *pg, double page_h)
{
    mlps_buf *b = &w->content;
    for (size_t i = 0; i < pg->nglyphs;) {
        const mlps_glyph *g0 = &pg->glyphs[i];
        size_t j = i + 1;
        while (j < pg->nglyphs && same_run(g0, &pg->glyphs[j]))
            j++;
        if (!g0->face || g0->size <= 0) {
            i = j;
            continue;
        }
        char name[16];
        if (mlps_pdf_fonts_use(w->fonts, page, g0->face, name) != 0)
            return -1;
        double size = g0->size;
        buf_printf(b, "BT /%s ", name);
        put_num(b, size, 2);
        buf_puts(b, " Tf 1 0 0 1 ");
        put_num(b, g0->x, 2);
        buf_putc(b, ' ');
        put_num(b, page_h - g0->y, 2);
        buf_puts(b, " Tm [<");
        double pen = llround(g0->x * 100.0) / 100.0;
        for (size_t k = i; k < j; k++) {
            const mlps_glyph *g = &pg->glyphs[k];
            if (k > i) {
                double adj = llround((pen - g->x) * 1000.0 / size * 1000.0) / 1000.0;
                if (adj != 0) {
                    buf_puts(b, ">");
                    put_num(b, adj, 3);
                    buf_puts(b, "<");
                    pen -= adj * size / 1000.0;
                }
            }
            buf_printf(b, "%04X", mlps_pdf_fonts_cid(w->fonts, g->face, g->gid));
            pen += mlps_pdf_fonts_width(w->fonts, g->face, g->gid) * size / 1000.0;
        }
        buf_puts(b, ">] TJ ET\n");
        i = j;
    }
    return 0;
}

static int draw_page(writer *w, const mlps_page *pg)
{
    HPDF_Page page = HPDF_AddPage(w->pdf);
    double ph = w->lay->geom.page_h;
    if (!page || HPDF_Page_SetWidth(page, (HPDF_REAL)w->lay->geom.page_w) != HPDF_OK ||
        HPDF_Page_SetHeight(page, (HPDF_REAL)ph) != HPDF_OK)
        return -1;
    mlps_buf *b = &w->content;
    buf_clear(b);
    for (size_t i = 0; i < pg->nrects; i++) {
        const mlps_rect *r = &pg->rects[i];
        buf_puts(b, "q ");
        put_num(b, r->gray, 3);
        buf_puts(b, " g ");
        put_num(b, r->x, 2);
        buf_putc(b, ' ');
        put_num(b, ph - r->y - r->h, 2);
        buf_putc(b, ' ');
        put_num(b, r->w, 2);
        buf_putc(b, ' ');
        put_num(b, r->h, 2);
        buf_puts(b, " re f Q\n");
    }
    for (size_t i = 0; i < pg->nrules; i++) {
        const mlps_rule *r = &pg->rules[i];
        buf_puts(b, "q ");
        put_num(b, r->width, 2);
        buf_puts(b, " w ");
        put_num(b, r->x1, 2);
        buf_putc(b, ' ');
        put_num(b, ph - r->y1, 2);
        buf_puts(b, " m ");
        put_num(b, r->x2, 2);
        buf_putc(b, ' ');
        put_num(b, ph - r->y2, 2);
        buf_puts(b, " l S Q\n");
    }
    if (b->len && mlps_pdf_page_write(page, b->ptr, b->len) != 0)
        return -1;
    for (size_t i = 0; i < pg->nimages; i++) {
        const mlps_placed_image *im = &pg->images[i];
        HPDF_Image img = image_for(w, im->path);
        if (!img)
            return -2; /* already reported */
        if (HPDF_Page_DrawImage(page, img, im->x, (HPDF_REAL)(ph - im->y - im->h), im->w, im->h) !=
            HPDF_OK)
            return -1;
    }
    buf_clear(b);
    if (draw_text(w, page, pg, ph) != 0)
        return -1;
    if (b->len && mlps_pdf_page_write(page, b->ptr, b->len) != 0)
        return -1;
    return 0;
}

/* Bookmarks nested by level; each opens its page at the heading's top. */
static int write_outline(writer *w, HPDF_Page *pages)
{
    HPDF_Doc pdf = w->pdf;
    HPDF_Outline stack[PDF_MAX_OUTLINE_DEPTH] = {0};
    for (size_t i = 0; i < w->lay->noutline; i++) {
        const mlps_outline_entry *e = &w->lay->outline[i];
        if (e->page >= w->lay->npages)
            continue;
        int lv = e->level < 1 ? 1 : e->level > PDF_MAX_OUTLINE_DEPTH ? PDF_MAX_OUTLINE_DEPTH
                                                                       : e->level;
        HPDF_Outline parent = NULL;
        for (int k = lv - 2; k >= 0 && !parent; k--)
            parent = stack[k];
        HPDF_Outline o = HPDF_CreateOutline(pdf, parent, "", NULL);
        HPDF_Binary title = o ? text_string(pdf, e->title ? e->title : "") : NULL;
        HPDF_Destination dst = title ? HPDF_Page_CreateDestination(pages[e->page]) : NULL;
        if (!dst || HPDF_Dict_Add(o, "Title", title) != HPDF_OK)
            return -1;
        /* [page /XYZ null top null]: keep the reader's zoom, which SetXYZ cannot express. */
        HPDF_Array_Clear(dst);
        double top = w->lay->geom.page_h - e->y;
        if (HPDF_Array_Add(dst, pages[e->page]) != HPDF_OK ||
            HPDF_Array_AddName(dst, "XYZ") != HPDF_OK ||
            HPDF_Array_Add(dst, HPDF_Null_New(pdf->mmgr)) != HPDF_OK ||
            HPDF_Array_AddReal(dst, (HPDF_REAL)(top < 0 ? 0 : top)) != HPDF_OK ||
            HPDF_Array_Add(dst, HPDF_Null_New(pdf->mmgr)) != HPDF_OK ||
            HPDF_Outline_SetDestination(o, dst) != HPDF_OK ||
            HPDF_Outline_SetOpened(o, lv == 1) != HPDF_OK)
            return -1;
        stack[lv - 1] = o;
        for (int k = lv; k < PDF_MAX_OUTLINE_DEPTH; k++)
            stack[k] = NULL;
    }
    if (w->lay->noutline && HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE) != HPDF_OK)
        return -1;
    return 0;
}

/* Writes the saved document to a new temporary file beside out_path, then renames it. */
static int save_atomically(writer *w, const char *out_path)
{
    int rc = -1, fd = -1;
    char *tmp = NULL;
    HPDF_BYTE *bytes = NULL;
    if (HPDF_SaveToStream(w->pdf) != HPDF_OK)
        goto done;
    HPDF_UINT32 size = HPDF_GetStreamSize(w->pdf);
    bytes = xmalloc(size ? size : 1);
    HPDF_UINT32 got = size;
    HPDF_ResetStream(w->pdf);
    HPDF_STATUS st = HPDF_ReadFromStream(w->pdf, bytes, &got);
    if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || got != size)
        goto done;
    size_t n = strlen(out_path) + 64;
    tmp = xmalloc(n);
    for (int attempt = 0; attempt < PDF_TMP_ATTEMPTS && fd < 0; attempt++) {
        snprintf(tmp, n, "%s.%ld.%d.tmp", out_path, (long)getpid(), attempt);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        diag_error(w->d, out_path, 0, NULL, "无法创建输出文件：%s", strerror(errno));
        goto done;
    }
    for (size_t off = 0; off < size;) {
        ssize_t k = write(fd, bytes + off, size - off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            diag_error(w->d, out_path, 0, NULL, "写入输出文件失败：%s", strerror(errno));
            goto done;
        }
        off += (size_t)k;
    }
    int cerr = close(fd);
    fd = -1;
    if (cerr != 0 || rename(tmp, out_path) != 0) {
        diag_error(w->d, out_path, 0, NULL, "无法保存输出文件：%s", strerror(errno));
        goto done;
    }
    rc = 0;
done:
    if (fd >= 0)
        close(fd);
    if (rc != 0 && tmp && tmp[0])
        unlink(tmp);
    free(tmp);
    free(bytes);
    return rc;
}

int mlps_pdf_write(const mlps_layout *lay, const mlps_doc_meta *meta, const char *out_path,
                   mlps_diags *d)
{
    int rc = -1;
    size_t errors_before = d->errors;
    hpdf_errors herr = {0, 0};
    writer w = {0};
    HPDF_Page *pages = NULL;
    w.lay = lay;
    w.d = d;
    if (lay->npages == 0) {
        diag_error(d, out_path, 0, NULL, "文档没有任何页面，未生成 PDF");
        return -1;
    }
    w.pdf = HPDF_New(on_hpdf_error, &herr);
    if (!w.pdf)
        goto done;
    if (HPDF_SetCompressionMode(w.pdf, HPDF_COMP_ALL) != HPDF_OK || set_metadata(&w, meta) != 0)
        goto done;
    w.fonts = mlps_pdf_fonts_build(w.pdf, lay, d);
    if (!w.fonts)
        goto done;
    pages = xcalloc(lay->npages, sizeof *pages);
    for (size_t i = 0; i < lay->npages; i++) {
        if (draw_page(&w, &lay->pages[i]) != 0)
            goto done;
        pages[i] = HPDF_GetCurrentPage(w.pdf);
    }
    if (write_outline(&w, pages) != 0)
        goto done;
    rc = save_atomically(&w, out_path);
done:
    if (rc != 0 && d->errors == errors_before)
        diag_error(d, out_path, 0, NULL, "生成 PDF 失败（libharu 错误 0x%04lX，细节 %lu）",
                   (unsigned long)herr.error, (unsigned long)herr.detail);
    free(pages);
    free(w.images);
    buf_free(&w.content);
    mlps_pdf_fonts_free(w.fonts);
    if (w.pdf)
        HPDF_Free(w.pdf);
    return rc;
}
