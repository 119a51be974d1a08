/* PDF backend: draws a finished layout with libharu (pages, graphics, images, outline,
 * metadata, compression); text goes through our own fonts (pdf_font.c). */
#include "pdf.h"

#include <errno.h>
#include <hpdf.h>
#include <libdeflate.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "cputime.h"
#include "image.h"
#include "imgcache.h"
#include "mem.h"
#include "mlps_limits.h"
#include "outfile.h"
#include "pdf_font.h"
#include "pdf_fontcache.h"
#include "pdf_graph.h"
#include "utf8.h"

#define PDF_MAX_OUTLINE_DEPTH 16 /* deeper headings hang under the 16th level */
#define PDF_TC_SAMPLE 64         /* glyph gaps of a run looked at to choose its Tc */
#define PDF_PAGE_FACES 16        /* faces of a page whose resource names draw_text keeps */
/* libdeflate level of the content, object and xref streams. A page's content is 1–4 KB, where
 * libdeflate's cost per call (its hash tables are cleared each time) outweighs what levels
 * above 1 find: on 50 generated units (588 documents, 8,885 streams) level 1 takes 0.45 s of
 * CPU against 0.57 s at 4, for 0.3 % more bytes; the anchor is 193,255 B with 1, 192,975 with
 * 4 (ToUnicode at 9; size target: XeLaTeX's 193,896). */
#define PDF_DEFLATE_LEVEL 1
/* Shading, rules and images of this many bytes or more go in a content stream of their own,
 * which the run deflates once when another page has the same (mlps_pdf_page_set_content): a
 * filing form page's grid and tick boxes, 5.4 KB of its 10 KB, repeat in 85 % of the pages of
 * 25 units; a report's table rules (0.2–0.6 KB a page) stay with their text, which an extra
 * stream object (about 60 bytes) would outweigh. */
#define PDF_SPLIT_GRAPHICS 2048

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
    unsigned *cids;   /* by glyph of the page being drawn: its CID and its width in /W, */
    int *widths;      /* looked up once per glyph; reused */
    size_t glyphs_cap;
    struct libdeflate_compressor *zc; /* content, object and xref streams */
    mlps_pdf_splices splices;         /* deflated stream data, kept out of libharu */
    mlps_diags *d;
} writer;

/* llround(v) without the library call: the writer rounds about 16,000 numbers a document.
 * Exact for |v| < 2^52 (v minus its truncation is exact there); anything else goes to llround. */
static long long round_half_away(double v)
{
    if (!(fabs(v) < 4.0e15))
        return llround(v);
    long long r = (long long)v;
    double f = v - (double)r;
    return f >= 0.5 ? r + 1 : f <= -0.5 ? r - 1 : r;
}

/* A string literal into b, its length known at compile time. */
#define PUT_LIT(b, lit) mlps_buf_put_bytes((b), (lit), sizeof(lit) - 1)

/* The digits of u at o (room for 20), returned past them. Numbers are written in place, without
 * printf or a copy, two digits at a time: content streams hold tens of thousands of them, most
 * below 10,000. */
static char *fmt_uint(char *o, unsigned long long u)
{
    static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                "8081828384858687888990919293949596979899";
    if (u < 10) {
        *o = (char)('0' + u);
        return o + 1;
    }
    if (u < 100) {
        memcpy(o, pairs + 2 * u, 2);
        return o + 2;
    }
    if (u < 1000) {
        *o = (char)('0' + u / 100);
        memcpy(o + 1, pairs + 2 * (u % 100), 2);
        return o + 3;
    }
    if (u < 10000) {
        memcpy(o, pairs + 2 * (u / 100), 2);
        memcpy(o + 2, pairs + 2 * (u % 100), 2);
        return o + 4;
    }
    char tmp[20];
    size_t k = sizeof tmp;
    do {
        tmp[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    while (k < sizeof tmp)
        *o++ = tmp[k++];
    return o;
}

/* Locale-independent integer at o (room for 21). */
static char *fmt_int(char *o, long long n)
{
    if (n < 0)
        *o++ = '-';
    return fmt_uint(o, n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n);
}

/* A fixed-point number given in 1/10^decimals units (2 or 3), trailing zeros dropped, at o
 * (room for 26). */
static char *fmt_fixed(char *o, long long n, int decimals)
{
    unsigned long long u = n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;
    if (n < 0)
        *o++ = '-';
    unsigned fp;
    if (decimals == 3) {
        o = fmt_uint(o, u / 1000);
        fp = (unsigned)(u % 1000);
        if (fp) {
            *o++ = '.';
            *o++ = (char)('0' + fp / 100);
            if (fp % 100) {
                *o++ = (char)('0' + fp / 10 % 10);
                if (fp % 10)
                    *o++ = (char)('0' + fp % 10);
            }
        }
    } else {
        o = fmt_uint(o, u / 100);
        fp = (unsigned)(u % 100);
        if (fp) {
            *o++ = '.';
            *o++ = (char)('0' + fp / 10);
            if (fp % 10)
                *o++ = (char)('0' + fp % 10);
        }
    }
    return o;
}

#define FMT_ROOM 32 /* bytes any one fmt_* call may write */

/* Ends a write in place at o (mlps_buf_reserve made the room). */
static void put_end(mlps_buf *b, char *o)
{
    b->len = (size_t)(o - b->ptr);
    *o = '\0';
}

static void put_int(mlps_buf *b, long long n)
{
    mlps_buf_reserve(b, FMT_ROOM);
    put_end(b, fmt_int(b->ptr + b->len, n));
}

static void put_fixed(mlps_buf *b, long long n, int decimals)
{
    mlps_buf_reserve(b, FMT_ROOM);
    put_end(b, fmt_fixed(b->ptr + b->len, n, decimals));
}

static void put_num(mlps_buf *b, double v, int decimals)
{
    put_fixed(b, round_half_away(v * (decimals == 3 ? 1000.0 : 100.0)), decimals);
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
        mlps_buf_append(&b, s, len);
    } else {
        mlps_buf_append(&b, "\xFE\xFF", 2);
        for (size_t i = 0; i < len;) {
            uint32_t cp = mlps_utf8_next(s, len, &i);
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
                mlps_buf_append(&b, u, 2);
            }
        }
    }
    HPDF_Binary bin = HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)(b.ptr ? b.ptr : ""), (HPDF_UINT)b.len);
    mlps_buf_free(&b);
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
        mlps_diag_error(w->d, NULL, 0, NULL, "环境变量 SOURCE_DATE_EPOCH 的值“%s”不是有效的秒数", sde);
        return -1;
    }
    HPDF_Date date = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                      tm.tm_sec, 'Z', 0, 0};
    if (HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, date) != HPDF_OK ||
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, date) != HPDF_OK)
        return -1;
    return 0;
}

/* libharu drops /Filter and /DecodeParms from streams it does not encode itself; these add
 * them while the dictionary is written. */
static HPDF_STATUS write_dct_filter(HPDF_Dict dict, HPDF_Stream out)
{
    (void)dict;
    return HPDF_Stream_WriteStr(out, "/Filter /DCTDecode\012");
}

static HPDF_STATUS write_png_filter(HPDF_Dict dict, HPDF_Stream out, int colors)
{
    HPDF_Number w = HPDF_Dict_GetItem(dict, "Width", HPDF_OCLASS_NUMBER);
    HPDF_Number bpc = HPDF_Dict_GetItem(dict, "BitsPerComponent", HPDF_OCLASS_NUMBER);
    char s[160];
    if (!w || !bpc)
        return HPDF_INVALID_OBJECT;
    snprintf(s, sizeof s,
             "/Filter /FlateDecode\012/DecodeParms << /Predictor 15 /Colors %d /BitsPerComponent %d "
             "/Columns %d >>\012",
             colors, (int)bpc->value, (int)w->value);
    return HPDF_Stream_WriteStr(out, s);
}

/* decoded pixels (a transparent or interlaced PNG) and their soft mask: no predictor */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream out)
{
    (void)dict;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* one component: gray or a palette index */
static HPDF_STATUS write_png1_filter(HPDF_Dict dict, HPDF_Stream out)
{
    return write_png_filter(dict, out, 1);
}

static HPDF_STATUS write_png3_filter(HPDF_Dict dict, HPDF_Stream out)
{
    return write_png_filter(dict, out, 3);
}

/* The /SMask of a decoded PNG: its alpha plane as an 8-bit DeviceGray image. Takes alpha. */
static HPDF_Dict smask_for(writer *w, const mlps_image_data *im, unsigned char *alpha)
{
    HPDF_Dict m = HPDF_DictStream_New(w->pdf->mmgr, w->pdf->xref);
    HPDF_STATUS st = m ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
    if (m) {
        m->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
        st |= HPDF_Dict_AddName(m, "Type", "XObject");
        st |= HPDF_Dict_AddName(m, "Subtype", "Image");
        st |= HPDF_Dict_AddNumber(m, "Width", (HPDF_INT32)im->width);
        st |= HPDF_Dict_AddNumber(m, "Height", (HPDF_INT32)im->height);
        st |= HPDF_Dict_AddNumber(m, "BitsPerComponent", 8);
        st |= HPDF_Dict_AddName(m, "ColorSpace", "DeviceGray");
        m->write_fn = write_flate_filter;
    }
    if (st != HPDF_OK) {
        free(alpha);
        return NULL;
    }
    return mlps_pdf_stream_splice(m, alpha, im->alpha_len, &w->splices) == 0 ? m : NULL;
}

/* An image XObject holding the file's data as it is (image.c validated it): PNG's IDAT as
 * /FlateDecode with the PNG predictor, JPEG as /DCTDecode. Nothing is decoded, except PNGs
 * with transparency or interlacing (image.c gives their pixels, deflated, and an alpha plane
 * that becomes the /SMask). */
static HPDF_Image image_for(writer *w, const char *path)
{
    for (size_t i = 0; i < w->nimages; i++)
        if (strcmp(w->images[i].path, path) == 0)
            return w->images[i].image;
    mlps_image_data own = {0};
    char why[MLPS_IMAGE_WHY];
    mlps_imgcache *cache = w->lay->geom.images;
    const mlps_image_data *ci = cache ? mlps_imgcache_get(cache, path, why) : NULL;
    if (cache ? !ci : mlps_image_load(path, &own, why) != 0) {
        mlps_diag_error(w->d, path, 0, NULL, "图片文件%s", why);
        return NULL;
    }
    mlps_image_data im = cache ? *ci : own;
    /* the splice owns its bytes; a cached image's stay with the cache */
    unsigned char *bytes = cache ? mlps_xmalloc(im.len ? im.len : 1) : own.data;
    if (cache && im.len)
        memcpy(bytes, im.data, im.len);
    HPDF_MMgr mm = w->pdf->mmgr;
    HPDF_Dict x = HPDF_DictStream_New(mm, w->pdf->xref);
    HPDF_STATUS st = x ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
    if (x) {
        x->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
        st |= HPDF_Dict_AddName(x, "Type", "XObject");
        st |= HPDF_Dict_AddName(x, "Subtype", "Image");
        st |= HPDF_Dict_AddNumber(x, "Width", (HPDF_INT32)im.width);
        st |= HPDF_Dict_AddNumber(x, "Height", (HPDF_INT32)im.height);
        st |= HPDF_Dict_AddNumber(x, "BitsPerComponent", im.bits);
        if (im.palette_n) {
            HPDF_Array cs = HPDF_Array_New(mm);
            HPDF_Binary lookup = HPDF_Binary_New(mm, im.palette, (HPDF_UINT)(im.palette_n * 3));
            if (!cs || !lookup)
                st |= HPDF_FAILD_TO_ALLOC_MEM;
            else {
                st |= HPDF_Array_AddName(cs, "Indexed");
                st |= HPDF_Array_AddName(cs, "DeviceRGB");
                st |= HPDF_Array_AddNumber(cs, im.palette_n - 1);
                st |= HPDF_Array_Add(cs, lookup);
                st |= HPDF_Dict_Add(x, "ColorSpace", cs);
            }
        } else {
            st |= HPDF_Dict_AddName(x, "ColorSpace", im.colors == 3 ? "DeviceRGB" : "DeviceGray");
        }
        x->write_fn = im.kind == MLPS_IMAGE_JPEG     ? write_dct_filter
                     : im.kind == MLPS_IMAGE_PIXELS ? write_flate_filter
                     : im.colors == 3               ? write_png3_filter
                                                    : write_png1_filter;
        if (st == HPDF_OK && im.alpha) {
            /* smask_for takes its bytes; a cached image's alpha stays with the cache */
            unsigned char *a = own.alpha;
            own.alpha = NULL;
            if (cache) {
                a = mlps_xmalloc(im.alpha_len ? im.alpha_len : 1);
                memcpy(a, im.alpha, im.alpha_len);
            }
            HPDF_Dict m = smask_for(w, &im, a);
            st |= m ? HPDF_Dict_Add(x, "SMask", m) : HPDF_FAILD_TO_ALLOC_MEM;
        }
    }
    free(own.alpha);
    if (st != HPDF_OK || mlps_pdf_stream_splice(x, bytes, im.len, &w->splices) != 0) {
        if (st != HPDF_OK)
            free(bytes);
        mlps_diag_error(w->d, path, 0, NULL, "图片无法写入 PDF（内存不足）");
        return NULL;
    }
    XGROW(w->images, w->images_cap, w->nimages + 1);
    w->images[w->nimages++] = (loaded_image){path, x};
    return x;
}

static bool is_tick(const mlps_glyph *g)
{
    return g->mark == MLPS_MARK_TICK_OFF || g->mark == MLPS_MARK_TICK_ON;
}

static int same_run(const mlps_glyph *a, const mlps_glyph *b)
{
    return a->face == b->face && a->size == b->size && a->y == b->y && a->repeated == b->repeated &&
           !is_tick(a) && !is_tick(b);
}

/* The character spacing for a run, 1/1000 pt: the most frequent gap between one glyph's
 * advance and the next glyph (justified and letter-spaced lines share one), so TJ only needs
 * numbers where the gap differs. Keeps cur when fewer than two gaps agree. */
static long long run_spacing(const int *widths, const mlps_glyph *g, size_t n, long long cur)
{
    long long gaps[PDF_TC_SAMPLE];
    size_t m = 0;
    for (size_t k = 0; k + 1 < n && m < PDF_TC_SAMPLE; k++) {
        double adv = widths[k] * g[k].size / 1000.0;
        gaps[m++] = round_half_away((g[k + 1].x - g[k].x - adv) * 1000.0);
    }
    /* The distinct gaps in order of first appearance, with their counts (a run has one to
     * a few). The most frequent wins, the first of equals, but cur keeps its place when it is
     * among them; a gap seen once never wins. */
    long long val[PDF_TC_SAMPLE];
    size_t cnt[PDF_TC_SAMPLE], nd = 0;
    for (size_t k = 0; k < m; k++) {
        size_t x = 0;
        while (x < nd && val[x] != gaps[k])
            x++;
        if (x == nd) {
            val[nd] = gaps[k];
            cnt[nd++] = 0;
        }
        cnt[x]++;
    }
    long long best = cur;
    size_t best_count = 1;
    for (size_t x = 0; x < nd; x++)
        if (cnt[x] > best_count || (cnt[x] == best_count && cnt[x] > 1 && val[x] == cur)) {
            best = val[x];
            best_count = cnt[x];
        }
    return best;
}

/* A byte of a glyph code inside a literal string, at o: binary, escaped only where the string
 * syntax needs it (a bare CR would be read as LF). Anchor report: 25.6 KB of content to
 * deflate instead of 33.9 KB in hex, 10.44 KB deflated instead of 10.50. */
static inline char *fmt_code_byte(char *o, unsigned v)
{
    if (v == '(' || v == ')' || v == '\\') {
        *o++ = '\\';
    } else if (v == '\r') {
        *o++ = '\\';
        v = 'r';
    }
    *o++ = (char)v;
    return o;
}

/* Bytes one glyph of a TJ string may take: an adjustment ")-123(" and two escaped bytes. */
#define TJ_GLYPH_ROOM (FMT_ROOM + 6)

/* One BT…ET per page; Tf only when face or size changes. Each run of glyphs sharing face, size
 * and baseline starts with a Td relative to the previous run, in exact 1/100 pt steps. TJ
 * adjustments are whole 1/1000 em, each computed against where the reader's pen really is
 * (widths exactly as in /W), so rounding never accumulates along a line. */
static int draw_text(writer *w, HPDF_Page page, const mlps_page *pg, double page_h)
{
    mlps_buf *b = &w->content;
    const mlps_face *cur_face = NULL;
    double cur_size = 0;
    long long tx = 0, ty = 0; /* start of the current text line, 1/100 pt */
    long long tc = 0;         /* character spacing (Tc), 1/1000 pt; 0 at the start of a page */
    int open = 0, hidden = 0;
    /* the faces already in this page's /Resources, and their names: a face is looked up and
     * added once per page, not at each change of face or size */
    const mlps_face *added[PDF_PAGE_FACES];
    char added_name[PDF_PAGE_FACES][16];
    size_t nadded = 0;
    if (pg->nglyphs > w->glyphs_cap) {
        w->glyphs_cap = pg->nglyphs;
        w->cids = mlps_xrealloc(w->cids, w->glyphs_cap * sizeof *w->cids);
        w->widths = mlps_xrealloc(w->widths, w->glyphs_cap * sizeof *w->widths);
    }
    mlps_pdf_fonts_page_codes(w->fonts, (size_t)(pg - w->lay->pages), w->cids, w->widths);
    for (size_t i = 0; i < pg->nglyphs;) {
        const mlps_glyph *g0 = &pg->glyphs[i];
        size_t j = i + 1;
        while (j < pg->nglyphs && same_run(g0, &pg->glyphs[j]))
            j++;
        if (!g0->face || g0->size <= 0) {
            i = j;
            continue;
        }
        if (!open) {
            PUT_LIT(b, "BT\n");
            open = 1;
        }
        if (g0->repeated != hidden) {
            /* Text shown again (a repeated table head) gets an empty /ActualText, so that
             * copying, searching and pdftotext see it once, as tagged PDF treats such
             * pagination artifacts; poppler honours /ActualText only on a /Span. */
            mlps_buf_puts(b, hidden ? "EMC\n" : "/Span<</ActualText()>>BDC\n");
            hidden = g0->repeated;
        }
        double size = g0->size;
        if (g0->face != cur_face || size != cur_size) {
            char name_buf[16];
            const char *name = name_buf;
            size_t a = 0;
            while (a < nadded && added[a] != g0->face)
                a++;
            if (a < nadded) {
                name = added_name[a];
            } else {
                if (mlps_pdf_fonts_use(w->fonts, page, g0->face, name_buf) != 0)
                    return -1;
                if (nadded < PDF_PAGE_FACES) {
                    added[nadded] = g0->face;
                    memcpy(added_name[nadded++], name_buf, sizeof name_buf);
                }
            }
            mlps_buf_putc(b, '/');
            mlps_buf_puts(b, name);
            mlps_buf_putc(b, ' ');
            put_num(b, size, 2);
            PUT_LIT(b, " Tf\n");
            cur_face = g0->face;
            cur_size = size;
        }
        /* a tick box is drawn as rules over a U+3000; readers extract it as ☐ or ☑ */
        bool tick = is_tick(g0) && !hidden;
        if (tick)
            mlps_buf_puts(b, g0->mark == MLPS_MARK_TICK_ON ? "/Span<</ActualText<FEFF2611>>>BDC\n"
                                                          : "/Span<</ActualText<FEFF2610>>>BDC\n");
        long long want_tc = run_spacing(w->widths + i, pg->glyphs + i, j - i, tc);
        if (want_tc != tc) {
            tc = want_tc;
            put_fixed(b, tc, 3);
            PUT_LIT(b, " Tc\n");
        }
        long long x = round_half_away(g0->x * 100.0), y = round_half_away((page_h - g0->y) * 100.0);
        /* the run's Td and TJ written in place: room for them all first */
        mlps_buf_reserve(b, 2 * FMT_ROOM + 16 + (j - i) * TJ_GLYPH_ROOM);
        char *o = fmt_fixed(b->ptr + b->len, x - tx, 2);
        *o++ = ' ';
        o = fmt_fixed(o, y - ty, 2);
        memcpy(o, " Td[(", 5);
        o += 5;
        tx = x;
        ty = y;
        double pen = (double)x / 100.0;
        /* in locals: the bytes written through o may alias anything, so the compiler would load
         * these again for every glyph */
        const mlps_glyph *glyphs = pg->glyphs;
        const unsigned *cids = w->cids;
        const int *widths = w->widths;
        const double tc_pt = (double)tc / 1000.0;
        for (size_t k = i; k < j; k++) {
            const mlps_glyph *g = &glyphs[k];
            if (k > i) {
                long long adj = round_half_away((pen - g->x) * 1000.0 / size);
                if (adj != 0) {
                    *o++ = ')';
                    o = fmt_int(o, adj);
                    *o++ = '(';
                    pen -= (double)adj * size / 1000.0;
                }
            }
            unsigned cid = cids[k];
            o = fmt_code_byte(o, (cid >> 8) & 0xFF);
            o = fmt_code_byte(o, cid & 0xFF);
            pen += widths[k] * size / 1000.0 + tc_pt;
        }
        memcpy(o, ")]TJ\n", 5);
        put_end(b, o + 5);
        if (tick)
            PUT_LIT(b, "EMC\n");
        i = j;
    }
    if (hidden)
        PUT_LIT(b, "EMC\n");
    if (open)
        PUT_LIT(b, "ET\n");
    return 0;
}

/* A rule as written: hundredths of a point in PDF space, lo..hi along its length. */
typedef struct {
    float width;
    int kind;           /* 0 vertical, 1 horizontal, 2 other (x1 y1 x2 y2 as given) */
    long long at, lo, hi; /* vertical: x, y from lo to hi; horizontal: y, x; other: unused */
    long long c[4];
} printed_rule;

static int rule_order(const void *pa, const void *pb)
{
    const printed_rule *a = pa, *b = pb;
    if (a->width != b->width)
        return a->width < b->width ? -1 : 1;
    if (a->kind != b->kind)
        return a->kind - b->kind;
    for (int i = 0; i < 4; i++) /* other rules: by their ends, so the order is the same each run */
        if (a->kind == 2 && a->c[i] != b->c[i])
            return a->c[i] < b->c[i] ? -1 : 1;
    if (a->at != b->at)
        return a->at < b->at ? -1 : 1;
    return a->lo < b->lo ? -1 : a->lo > b->lo;
}

/* rule_order as three unsigned words, then the rule's index: the order glibc's qsort (a stable
 * merge sort) gave, at a few instructions a comparison instead of a call of rule_order. */
typedef struct {
    uint64_t k[3];
    size_t i;
} rule_key;

static inline int key_before(const rule_key *a, const rule_key *b)
{
    if (a->k[0] != b->k[0])
        return a->k[0] < b->k[0];
    if (a->k[1] != b->k[1])
        return a->k[1] < b->k[1];
    if (a->k[2] != b->k[2])
        return a->k[2] < b->k[2];
    return a->i < b->i;
}

/* A float's order as an unsigned number (-0 as +0); 0 with *ok cleared for NaN. */
static uint32_t float_order(float f, int *ok)
{
    uint32_t u;
    if (f != f) {
        *ok = 0;
        return 0;
    }
    if (f == 0)
        f = 0; /* -0 */
    memcpy(&u, &f, sizeof u);
    return u & 0x80000000u ? ~u : u | 0x80000000u;
}

/* Two coordinates as one word, in order; *ok cleared if either needs more than 32 bits. */
static uint64_t pair_order(long long x, long long y, int *ok)
{
    const long long lim = 0x80000000ll;
    if (x < -lim || x >= lim || y < -lim || y >= lim)
        *ok = 0;
    return (uint64_t)(x + lim) << 32 | (uint64_t)(y + lim);
}

/* Writes into order[] the indices of v's rules sorted as qsort(…, rule_order) sorted them;
 * tmp: n keys of room. Returns -1 (nothing written) for a width or coordinate the keys do not
 * hold. Insertion sort of short runs, then merges, skipped where two runs are already in order
 * (a table's rules come row by row). */
static int sort_rules(const printed_rule *v, size_t n, rule_key *key, rule_key *tmp)
{
    enum { RUN = 8 };
    int ok = 1;
    for (size_t i = 0; i < n; i++) {
        const printed_rule *r = &v[i];
        key[i].k[0] = (uint64_t)float_order(r->width, &ok) << 2 | (uint64_t)r->kind;
        key[i].k[1] = r->kind == 2 ? pair_order(r->c[0], r->c[1], &ok) : pair_order(r->at, r->lo, &ok);
        key[i].k[2] = r->kind == 2 ? pair_order(r->c[2], r->c[3], &ok) : 0;
        key[i].i = i;
    }
    if (!ok)
        return -1;
    for (size_t s = 0; s < n; s += RUN) {
        size_t e = s + RUN < n ? s + RUN : n;
        for (size_t i = s + 1; i < e; i++) {
            rule_key x = key[i];
            size_t j = i;
            for (; j > s && key_before(&x, &key[j - 1]); j--)
                key[j] = key[j - 1];
            key[j] = x;
        }
    }
    for (size_t w = RUN; w < n; w *= 2)
        for (size_t lo = 0; lo + w < n; lo += 2 * w) {
            size_t mid = lo + w, hi = mid + w < n ? mid + w : n;
            if (!key_before(&key[mid], &key[mid - 1]))
                continue;
            /* the left run goes to tmp; the right one moves down only as far as it is taken */
            size_t nl = mid - lo, i = 0, j = mid, k = lo;
            memcpy(tmp, key + lo, nl * sizeof *key);
            while (i < nl && j < hi)
                key[k++] = key_before(&key[j], &tmp[i]) ? key[j++] : tmp[i++];
            while (i < nl)
                key[k++] = tmp[i++];
        }
    return 0;
}

/* The page's rules in one q…Q, one stroke per width. The layout draws a table's column rules
 * row by row (a row knows only its cells): straight rules of one width that continue or overlap
 * one another, as written to 0.01 pt, are written as one. The rules are all black and stroked
 * as one group, so their order does not show, and the merged rule covers exactly the pieces. On
 * the forms this was half the bytes of the content streams. */
static int put_rules(mlps_buf *b, const mlps_page *pg, double ph)
{
    printed_rule *v = malloc(pg->nrules * sizeof *v);
    rule_key *key = malloc(2 * pg->nrules * sizeof *key); /* and sort_rules' room */
    if (!v || !key) {
        free(v);
        free(key);
        return -1;
    }
    for (size_t i = 0; i < pg->nrules; i++) {
        const mlps_rule *r = &pg->rules[i];
        long long x1 = round_half_away(r->x1 * 100.0), y1 = round_half_away((ph - r->y1) * 100.0);
        long long x2 = round_half_away(r->x2 * 100.0), y2 = round_half_away((ph - r->y2) * 100.0);
        printed_rule *p = &v[i];
        *p = (printed_rule){.width = r->width, .kind = 2, .c = {x1, y1, x2, y2}};
        if (x1 == x2)
            *p = (printed_rule){.width = r->width, .kind = 0, .at = x1,
                                .lo = y1 < y2 ? y1 : y2, .hi = y1 < y2 ? y2 : y1};
        else if (y1 == y2)
            *p = (printed_rule){.width = r->width, .kind = 1, .at = y1,
                                .lo = x1 < x2 ? x1 : x2, .hi = x1 < x2 ? x2 : x1};
    }
    if (sort_rules(v, pg->nrules, key, key + pg->nrules) != 0) {
        qsort(v, pg->nrules, sizeof *v, rule_order);
        for (size_t i = 0; i < pg->nrules; i++)
            key[i].i = i;
    }
    PUT_LIT(b, "q\n");
    for (size_t i = 0; i < pg->nrules;) {
        const printed_rule *cur = &v[key[i].i], *next;
        if (i == 0 || cur->width != v[key[i - 1].i].width) {
            if (i)
                PUT_LIT(b, "S\n");
            put_num(b, cur->width, 2);
            PUT_LIT(b, " w\n");
        }
        printed_rule r = *cur;
        for (i++; r.kind != 2 && i < pg->nrules; i++) {
            next = &v[key[i].i];
            if (next->width != r.width || next->kind != r.kind || next->at != r.at || next->lo > r.hi)
                break;
            if (next->hi > r.hi)
                r.hi = next->hi;
        }
        long long c[4] = {r.at, r.hi, r.at, r.lo}; /* vertical: top to bottom */
        if (r.kind == 1)
            memcpy(c, (long long[4]){r.lo, r.at, r.hi, r.at}, sizeof c); /* left to right */
        else if (r.kind == 2)
            memcpy(c, r.c, sizeof c);
        put_fixed(b, c[0], 2);
        mlps_buf_put_byte(b, ' ');
        put_fixed(b, c[1], 2);
        PUT_LIT(b, " m ");
        put_fixed(b, c[2], 2);
        mlps_buf_put_byte(b, ' ');
        put_fixed(b, c[3], 2);
        PUT_LIT(b, " l\n");
    }
    PUT_LIT(b, "S\nQ\n");
    free(v);
    free(key);
    return 0;
}

static int draw_page(writer *w, const mlps_page *pg)
{
    HPDF_Page page = HPDF_AddPage(w->pdf);
    const mlps_geom *pgeom = pg->geom.page_h > 0 ? &pg->geom : &w->lay->geom;
    double ph = pgeom->page_h;
    if (!page || HPDF_Page_SetWidth(page, (HPDF_REAL)pgeom->page_w) != HPDF_OK ||
        HPDF_Page_SetHeight(page, (HPDF_REAL)ph) != HPDF_OK)
        return -1;
    /* /ProcSet is obsolete (PDF 1.4 readers ignore it); 45 bytes a page. */
    HPDF_Dict res = HPDF_Page_GetInheritableItem(page, "Resources", HPDF_OCLASS_DICT);
    if (res)
        HPDF_Dict_RemoveElement(res, "ProcSet");
    mlps_buf *b = &w->content;
    mlps_buf_clear(b);
    /* Shading and rules each in one q…Q; fill colour and line width set only when they change,
     * rules of one width stroked as one path. */
    if (pg->nrects) {
        PUT_LIT(b, "q\n");
        for (size_t i = 0; i < pg->nrects; i++) {
            const mlps_rect *r = &pg->rects[i];
            if (i == 0 || r->gray != pg->rects[i - 1].gray) {
                if (i)
                    PUT_LIT(b, "f\n");
                put_num(b, r->gray, 3);
                PUT_LIT(b, " g\n");
            }
            put_num(b, r->x, 2);
            mlps_buf_put_byte(b, ' ');
            put_num(b, ph - r->y - r->h, 2);
            mlps_buf_put_byte(b, ' ');
            put_num(b, r->w, 2);
            mlps_buf_put_byte(b, ' ');
            put_num(b, r->h, 2);
            PUT_LIT(b, " re\n");
        }
        PUT_LIT(b, "f\nQ\n");
    }
    if (pg->nrules && put_rules(b, pg, ph) != 0)
        return -1;
    for (size_t i = 0; i < pg->nimages; i++) {
        const mlps_placed_image *im = &pg->images[i];
        HPDF_Image img = image_for(w, im->path);
        if (!img)
            return -2; /* already reported */
        const char *name = mlps_pdf_page_image_name(page, img);
        if (!name)
            return -1;
        PUT_LIT(b, "q ");
        put_num(b, im->w, 2);
        PUT_LIT(b, " 0 0 ");
        put_num(b, im->h, 2);
        mlps_buf_put_byte(b, ' ');
        put_num(b, im->x, 2);
        mlps_buf_put_byte(b, ' ');
        put_num(b, ph - im->y - im->h, 2);
        PUT_LIT(b, " cm /");
        mlps_buf_puts(b, name);
        PUT_LIT(b, " Do Q\n");
    }
    /* large shading, rules and images (a filing form's grid) in a stream before the text's */
    size_t graphics = b->len >= PDF_SPLIT_GRAPHICS ? b->len : 0;
    if (draw_text(w, page, pg, ph) != 0 ||
        mlps_pdf_page_set_content(page, w->zc, b->ptr, b->len, graphics, &w->splices) != 0)
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
        /* A direct [page /XYZ null top null] (libharu's destinations are indirect objects, an
         * xref entry each): keeps the reader's zoom, which SetXYZ cannot express. */
        HPDF_Array dst = title ? HPDF_Array_New(pdf->mmgr) : NULL;
        if (!dst || HPDF_Dict_Add(o, "Title", title) != HPDF_OK)
            return -1;
        double top = w->lay->geom.page_h - e->y;
        if (HPDF_Array_Add(dst, pages[e->page]) != HPDF_OK ||
            HPDF_Array_AddName(dst, "XYZ") != HPDF_OK ||
            HPDF_Array_Add(dst, HPDF_Null_New(pdf->mmgr)) != HPDF_OK ||
            HPDF_Array_AddNumber(dst, (HPDF_INT32)lround(top < 0 ? 0 : top)) != HPDF_OK ||
            HPDF_Array_Add(dst, HPDF_Null_New(pdf->mmgr)) != HPDF_OK ||
            HPDF_Dict_Add(o, "Dest", dst) != HPDF_OK ||
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

/* One object of libharu's output: where it starts and ends, and where its body starts. */
typedef struct {
    size_t start, end, body;
    int stream; /* stream objects stay top-level */
} pdf_obj_span;

static int cmp_span(const void *a, const void *b)
{
    size_t x = ((const pdf_obj_span *)a)->start, y = ((const pdf_obj_span *)b)->start;
    return x < y ? -1 : x > y;
}

/* The first needle in hay[0, n), or NULL; its first byte found by memchr (whole words at a
 * time: the stream markers are looked for through every object's body). */
static const char *find_bytes(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (const char *p = hay, *end = hay + n; k && (size_t)(end - p) >= k; p++) {
        p = memchr(p, needle[0], (size_t)(end - p) - k + 1);
        if (!p)
            break;
        if (memcmp(p, needle, k) == 0)
            return p;
    }
    return NULL;
}

/* The object number after key (e.g. "/Root ") in the trailer, 0 if absent. */
static unsigned long trailer_ref(const char *trailer, size_t n, const char *key)
{
    const char *p = find_bytes(trailer, n, key);
    return p ? strtoul(p + strlen(key), NULL, 10) : 0;
}

/* libharu 2.3.0 writes PDF 1.3: each small dict is a plain object with a 20-byte xref line.
 * Repacks its output as PDF 1.5: the non-stream objects go into one deflated object stream and
 * the xref table becomes a deflated cross-reference stream (about 9 KB less on the anchor
 * report). The data of the streams in splices, which libharu wrote empty, goes in on the way.
 * in[len] must be '\0' (numbers are read with strtoul). Returns -1, leaving out empty, when
 * the input is not laid out as libharu writes it. */
static int pack_objects(const char *in, size_t len, const mlps_pdf_splices *splices,
                        struct libdeflate_compressor *c, mlps_buf *out)
{
    int rc = -1;
    pdf_obj_span *spans = NULL;
    mlps_pdf_packed pk = {0};
    const char *sx = len > 64 ? find_bytes(in + len - 64, 64, "startxref\n") : NULL;
    if (!sx)
        goto done;
    size_t xoff = strtoul(sx + 10, NULL, 10);
    if (xoff + 7 >= len || memcmp(in + xoff, "xref\n0 ", 7) != 0)
        goto done;
    unsigned long nobj = strtoul(in + xoff + 7, NULL, 10);
    if (nobj < 2 || nobj > len / 20)
        goto done;
    const char *ent = memchr(in + xoff + 7, '\n', len - xoff - 7); /* end of "xref\n0 N" */
    if (!ent || (size_t)(in + len - ent) < 20 * nobj + 1)
        goto done;
    ent++;
    const char *tr = ent + 20 * nobj;
    size_t trlen = (size_t)(in + len - tr);
    if (trlen < 8 || find_bytes(tr, trlen, "/Encrypt") || memcmp(tr, "trailer", 7) != 0)
        goto done;
    unsigned long root = trailer_ref(tr, trlen, "/Root "), info = trailer_ref(tr, trlen, "/Info ");
    if (mlps_pdf_packed_init(&pk, nobj, splices) != 0)
        goto done;
    spans = mlps_xcalloc(nobj, sizeof *spans);
    size_t nspans = 0;
    for (unsigned long i = 1; i < nobj; i++) {
        const char *e = ent + 20 * i;
        if (e[17] != 'n')
            goto done; /* libharu never frees object numbers */
        spans[nspans++] = (pdf_obj_span){.start = strtoul(e, NULL, 10)};
        if (spans[nspans - 1].start >= xoff)
            goto done; /* every object lies before the xref table */
    }
    qsort(spans, nspans, sizeof *spans, cmp_span);
    for (size_t k = 0; k < nspans; k++) {
        pdf_obj_span *sp = &spans[k];
        sp->end = k + 1 < nspans ? spans[k + 1].start : xoff;
        unsigned long num = strtoul(in + sp->start, NULL, 10);
        const char *ob = sp->end > sp->start ? find_bytes(in + sp->start, sp->end - sp->start,
                                                          " 0 obj\n") : NULL;
        if (num == 0 || num >= nobj || !ob || sp->end - sp->start < 8 ||
            memcmp(in + sp->end - 7, "endobj\n", 7) != 0)
            goto done;
        sp->body = (size_t)(ob - in) + 7;
        /* A dict followed by stream data; strings are hex or escaped, so the marker can only
         * be the real one. */
        sp->stream = find_bytes(in + sp->body, sp->end - sp->body, ">>\nstream\r\n") != NULL;
        pk.slot[num] = sp->stream ? ~0ul : pk.ninside++;
        if (pk.spliced[num] && !sp->stream)
            goto done;
        if (!sp->stream) {
            put_int(&pk.hdr, (long long)num); /* "num offset " without printf */
            mlps_buf_put_byte(&pk.hdr, ' ');
            put_int(&pk.hdr, (long long)pk.bodies.len);
            mlps_buf_put_byte(&pk.hdr, ' ');
            if (pk.length_of[num])
                put_int(&pk.bodies, (long long)pk.length_of[num]->len);
            else
                mlps_buf_append(&pk.bodies, in + sp->body, sp->end - 8 - sp->body);
            mlps_buf_putc(&pk.bodies, '\n');
        }
    }
    /* out's size at most, reserved at once: grown by doubling, it was copied about once over */
    size_t most = 64 + libdeflate_zlib_compress_bound(c, pk.hdr.len + pk.bodies.len) + 256 +
                  libdeflate_zlib_compress_bound(c, 7 * (nobj + 2)) + 256;
    for (size_t k = 0; k < nspans; k++)
        if (spans[k].stream)
            most += spans[k].end - spans[k].start;
    for (size_t i = 0; i < splices->n; i++)
        most += splices->items[i].len;
    mlps_buf_reserve(out, most);
    mlps_buf_puts(out, "%PDF-1.5\n%\xE2\xE3\xCF\xD3\n");
    size_t nspliced = 0;
    for (size_t k = 0; k < nspans; k++) {
        const pdf_obj_span *o = &spans[k];
        if (!o->stream)
            continue;
        unsigned long num = strtoul(in + o->start, NULL, 10);
        pk.offs[num] = out->len;
        if (!pk.spliced[num]) {
            mlps_buf_append(out, in + o->start, o->end - o->start);
            continue;
        }
        const char *data = find_bytes(in + o->body, o->end - o->body, ">>\nstream\r\n") + 11;
        if (in + o->end - data != 18 || memcmp(data, "\nendstream\nendobj\n", 18) != 0)
            goto done; /* libharu should have written it empty */
        mlps_buf_append(out, in + o->start, (size_t)(data - (in + o->start)));
        mlps_buf_append(out, (const char *)pk.spliced[num]->data, pk.spliced[num]->len);
        mlps_buf_puts(out, "\nendstream\nendobj\n");
        nspliced++;
    }
    if (nspliced != splices->n)
        goto done; /* a stream we filled was not in libharu's output */
    pk.root = root;
    pk.info = info;
    if (mlps_pdf_pack_finish(&pk, c, splices->times, out) != 0)
        goto done;
    rc = 0;
done:
    if (rc != 0)
        mlps_buf_clear(out);
    free(spans);
    mlps_pdf_packed_free(&pk);
    return rc;
}

/* libharu's serialization of the document, NUL-terminated (caller frees); NULL on failure. */
static char *serialize(HPDF_Doc pdf, size_t *len)
{
    if (HPDF_SaveToStream(pdf) != HPDF_OK)
        return NULL;
    HPDF_UINT32 size = HPDF_GetStreamSize(pdf), got = 0;
    char *bytes = mlps_xmalloc((size_t)size + 1);
    /* the memory stream's blocks copied as they are (HPDF_ReadFromStream copies byte by byte);
     * if they do not add up, libharu's own reading */
    HPDF_UINT nbufs = HPDF_MemStream_GetBufCount(pdf->stream);
    for (HPDF_UINT i = 0; i < nbufs; i++) {
        HPDF_UINT n = 0;
        const HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(pdf->stream, i, &n);
        if (!p || n > size - got)
            break;
        memcpy(bytes + got, p, n);
        got += n;
    }
    if (got != size) {
        got = size;
        HPDF_ResetStream(pdf);
        HPDF_STATUS st = HPDF_ReadFromStream(pdf, (HPDF_BYTE *)bytes, &got);
        if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || got != size) {
            free(bytes);
            return NULL;
        }
    }
    bytes[size] = '\0';
    *len = size;
    return bytes;
}

/* Puts the spliced stream data into libharu's streams, so that its own output is whole. */
static int unsplice(const mlps_pdf_splices *sp)
{
    for (size_t i = 0; i < sp->n; i++) {
        const mlps_pdf_splice *x = &sp->items[i];
        if (!x->stream || !x->stream->stream ||
            HPDF_Stream_Write(x->stream->stream, x->data, (HPDF_UINT)x->len) != HPDF_OK)
            return -1;
    }
    return 0;
}

/* Writes the document's graph packed (pdf_graph.h); when the graph holds what only libharu
 * writes, serializes it and repacks that (or, when libharu's bytes are not as pack_objects
 * expects, takes libharu's own output). Through a temporary file to out_path. */
static int save_atomically(writer *w, const char *out_path, mlps_pdf_probe *probe)
{
    int rc = -1;
    size_t len = 0;
    mlps_buf packed = MLPS_BUF_INIT;
    char *bytes = NULL;
    if (!(probe && probe->alter) && mlps_pdf_pack_graph(w->pdf, &w->splices, w->zc, &packed) == 0) {
        if (probe)
            probe->graph = 1;
        rc = mlps_write_atomic(out_path, packed.ptr, packed.len, w->d);
        goto done;
    }
    bytes = serialize(w->pdf, &len);
    if (!bytes)
        goto done;
    if (probe && probe->alter)
        probe->alter(bytes, len, probe->user);
    if (pack_objects(bytes, len, &w->splices, w->zc, &packed) == 0) {
        rc = mlps_write_atomic(out_path, packed.ptr, packed.len, w->d);
        goto done;
    }
    free(bytes);
    bytes = unsplice(&w->splices) == 0 ? serialize(w->pdf, &len) : NULL;
    if (!bytes)
        goto done;
    if (probe)
        probe->plain = 1;
    rc = mlps_write_atomic(out_path, bytes, len, w->d);
done:
    free(bytes);
    mlps_buf_free(&packed);
    return rc;
}

static int write_pdf(const mlps_layout *lay, const mlps_doc_meta *meta, const char *out_path,
                     mlps_pdf_probe *probe, mlps_pdf_times *times, mlps_pdf_fontcache *fonts,
                     const struct mlps_glyph_sets *glyph_sets, mlps_diags *d);

int mlps_pdf_write(const mlps_layout *lay, const mlps_doc_meta *meta, const char *out_path,
                   mlps_diags *d)
{
    return mlps_pdf_write_probe(lay, meta, out_path, NULL, d);
}

int mlps_pdf_write_probe(const mlps_layout *lay, const mlps_doc_meta *meta, const char *out_path,
                         mlps_pdf_probe *probe, mlps_diags *d)
{
    return write_pdf(lay, meta, out_path, probe, NULL, NULL, NULL, d);
}

int mlps_pdf_write_timed(const mlps_layout *lay, const mlps_doc_meta *meta, const char *out_path,
                         mlps_pdf_times *times, mlps_pdf_fontcache *fonts,
                         const struct mlps_glyph_sets *glyph_sets, mlps_diags *d)
{
    return write_pdf(lay, meta, out_path, NULL, times, fonts, glyph_sets, d);
}

static int write_pdf(const mlps_layout *lay, const mlps_doc_meta *meta, const char *out_path,
                     mlps_pdf_probe *probe, mlps_pdf_times *times, mlps_pdf_fontcache *fonts,
                     const struct mlps_glyph_sets *glyph_sets, mlps_diags *d)
{
    int rc = -1;
    size_t errors_before = d->errors;
    hpdf_errors herr = {0, 0};
    writer w = {0};
    HPDF_Page *pages = NULL;
    w.lay = lay;
    w.d = d;
    w.splices.times = times;
    w.splices.fontcache = fonts;
    w.splices.glyph_sets = glyph_sets;
    if (lay->npages == 0) {
        mlps_diag_error(d, out_path, 0, NULL, "文档没有任何页面，未生成 PDF");
        return -1;
    }
    w.pdf = HPDF_New(on_hpdf_error, &herr);
    if (!w.pdf)
        goto done;
    if (HPDF_SetCompressionMode(w.pdf, HPDF_COMP_ALL) != HPDF_OK || set_metadata(&w, meta) != 0)
        goto done;
    w.fonts = mlps_pdf_fonts_build(w.pdf, lay, &w.splices, d);
    w.zc = mlps_pdf_compressor_take(fonts, PDF_DEFLATE_LEVEL);
    if (!w.fonts || !w.zc)
        goto done;
    pages = mlps_xcalloc(lay->npages, sizeof *pages);
    for (size_t i = 0; i < lay->npages; i++) {
        if (draw_page(&w, &lay->pages[i]) != 0)
            goto done;
        pages[i] = HPDF_GetCurrentPage(w.pdf);
    }
    if (write_outline(&w, pages) != 0)
        goto done;
    rc = save_atomically(&w, out_path, probe);
done:
    if (rc != 0 && d->errors == errors_before)
        mlps_diag_error(d, out_path, 0, NULL, "生成 PDF 失败（libharu 错误 0x%04lX，细节 %lu）",
                   (unsigned long)herr.error, (unsigned long)herr.detail);
    free(pages);
    free(w.images);
    free(w.cids);
    free(w.widths);
    mlps_buf_free(&w.content);
    mlps_pdf_compressor_give(fonts, PDF_DEFLATE_LEVEL, w.zc);
    mlps_pdf_splices_free(&w.splices);
    mlps_pdf_fonts_free(w.fonts);
    if (w.pdf)
        HPDF_Free(w.pdf);
    return rc;
}
