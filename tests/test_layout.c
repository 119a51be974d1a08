/* Doc XML → document tree → pages: numbering, errors, pagination rules, and golden dumps
 * (tests/golden/NAME.txt; MLPS_UPDATE_GOLDEN=1 rewrites them after an intended change). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "buf.h"
#include "cli.h"
#include "doc.h"
#include "font.h"
#include "harness.h"
#include "layout.h"
#include "mem.h"
#include "xmlread.h"

static mlps_doc *parse(const char *xml, mlps_diags *d)
{
    xmlDocPtr x = mlps_xml_read_memory(xml, strlen(xml), "t.xml", d);
    mlps_doc *doc = x ? mlps_doc_from_xml(x, "t.xml", "/tmp", d) : NULL;
    if (x)
        xmlFreeDoc(x);
    return doc;
}

static mlps_layout *lay_out(const char *xml, const mlps_fontset *fs, mlps_doc **docp)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_doc *doc = parse(xml, &d);
    mlps_layout *lay = NULL;
    if (doc) {
        mlps_geom g = mlps_geom_gbt9704();
        lay = mlps_layout_doc(doc, fs, &g, &d);
    }
    if (d.count)
        mlps_diag_print(&d, stdout);
    mlps_diag_free(&d);
    *docp = doc;
    return lay;
}

static void png_put(unsigned char *out, size_t *n, const void *p, size_t len)
{
    memcpy(out + *n, p, len);
    *n += len;
}

/* One PNG chunk: length, type, data, CRC over type and data. */
static void png_chunk(unsigned char *out, size_t *n, const char *type, const unsigned char *data, size_t len)
{
    unsigned char be[4] = {(unsigned char)(len >> 24), (unsigned char)(len >> 16), (unsigned char)(len >> 8),
                           (unsigned char)len};
    png_put(out, n, be, 4);
    size_t start = *n;
    png_put(out, n, type, 4);
    if (len)
        png_put(out, n, data, len);
    unsigned long c = crc32(0, out + start, (uInt)(len + 4));
    unsigned char cb[4] = {(unsigned char)(c >> 24), (unsigned char)(c >> 16), (unsigned char)(c >> 8),
                           (unsigned char)c};
    png_put(out, n, cb, 4);
}

/* A complete 200×100 1-bit white PNG (the image reader validates the data, not only the
 * header) into out (400 bytes room); returns its length. */
static size_t white_png(unsigned char *out)
{
    unsigned char raw[100 * 26] = {0}, z[256];
    uLongf zn = sizeof z;
    size_t pn = 0;
    if (compress(z, &zn, raw, sizeof raw) != Z_OK)
        return 0;
    png_put(out, &pn, "\x89PNG\r\n\x1a\n", 8);
    static const unsigned char ihdr[13] = {0, 0, 0, 200, 0, 0, 0, 100, 1, 0, 0, 0, 0};
    png_chunk(out, &pn, "IHDR", ihdr, 13);
    png_chunk(out, &pn, "IDAT", z, zn);
    png_chunk(out, &pn, "IEND", NULL, 0);
    return pn;
}

/* Text of the glyphs on page p whose baseline is y (within 0.1 pt). */
static char *line_text(const mlps_page *p, double y)
{
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_append(&b, "", 0);
    for (size_t i = 0; i < p->nglyphs; i++)
        if (p->glyphs[i].y > y - 0.1 && p->glyphs[i].y < y + 0.1 && p->glyphs[i].uni) {
            char u[8] = {0};
            uint32_t c = p->glyphs[i].uni;
            if (c < 0x80) u[0] = (char)c;
            else if (c < 0x800) { u[0] = (char)(0xC0 | c >> 6); u[1] = (char)(0x80 | (c & 63)); }
            else if (c < 0x10000) { u[0] = (char)(0xE0 | c >> 12); u[1] = (char)(0x80 | (c >> 6 & 63)); u[2] = (char)(0x80 | (c & 63)); }
            else { u[0] = (char)(0xF0 | c >> 18); u[1] = (char)(0x80 | (c >> 12 & 63)); u[2] = (char)(0x80 | (c >> 6 & 63)); u[3] = (char)(0x80 | (c & 63)); }
            mlps_buf_puts(&b, u);
        }
    return mlps_buf_detach(&b);
}

/* Baselines of page p, top to bottom, above the text block bottom (page number excluded). */
static size_t baselines(const mlps_layout *lay, const mlps_page *p, double *ys, size_t cap)
{
    size_t n = 0;
    double bottom = lay->geom.margin_top + lay->geom.text_h;
    for (size_t i = 0; i < p->nglyphs; i++) {
        double y = p->glyphs[i].y;
        if (y > bottom)
            continue;
        bool seen = false;
        for (size_t k = 0; k < n; k++)
            seen = seen || (ys[k] > y - 0.1 && ys[k] < y + 0.1);
        if (!seen && n < cap)
            ys[n++] = y;
    }
    for (size_t i = 1; i < n; i++) /* insertion sort: few lines */
        for (size_t k = i; k > 0 && ys[k - 1] > ys[k]; k--) {
            double t = ys[k];
            ys[k] = ys[k - 1];
            ys[k - 1] = t;
        }
    return n;
}

static void golden(const char *name, const mlps_layout *lay)
{
    char path[4096], *got = NULL;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/tests/golden/%s.txt", mlps_data_dir(), name);
    FILE *m = open_memstream(&got, &len);
    mlps_layout_dump(lay, m);
    fclose(m);
    const char *upd = getenv("MLPS_UPDATE_GOLDEN");
    if (upd && *upd == '1') {
        FILE *f = fopen(path, "wb");
        CHECK(f != NULL, "cannot write %s", path);
        if (f) {
            fwrite(got, 1, len, f);
            fclose(f);
        }
    }
    mlps_buf want = MLPS_BUF_INIT;
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL, "missing golden %s (run with MLPS_UPDATE_GOLDEN=1)", path);
    if (f) {
        char chunk[4096];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
            mlps_buf_append(&want, chunk, n);
        fclose(f);
        CHECK(want.len == len && !memcmp(want.ptr, got, len), "%s differs from the layout dump", path);
    }
    mlps_buf_free(&want);
    free(got);
}

static void test_numbering(void)
{
    mlps_numbering n = {{0}};
    char o[32];
    const int lv[] = {1, 2, 3, 4, 4, 3, 2, 1, 2};
    const char *want[] = {"一、", "（一）", "1.", "（1）", "（2）", "2.", "（二）", "二、", "（一）"};
    for (size_t i = 0; i < 9; i++) {
        mlps_numbering_next(&n, lv[i], o, sizeof o);
        CHECK_STR(o, want[i]);
    }
    for (int i = 0; i < 19; i++)
        mlps_numbering_next(&n, 1, o, sizeof o);
    CHECK_STR(o, "二十一、");
    CHECK_INT(mlps_numbering_next(&n, 5, o, sizeof o), 0);

    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_doc *doc = parse("<document><h level=\"1\">概述</h><h level=\"2\">目的</h>"
                          "<h level=\"2\" number=\"no\">附</h><h level=\"3\">依据</h>"
                          "<h level=\"4\">法律</h><h level=\"1\">对象</h><h level=\"2\">范围</h></document>",
                          &d);
    CHECK(doc && doc->nblocks == 7, "headings not read");
    if (doc && doc->nblocks == 7) {
        const char *w[] = {"一、概述", "（一）目的", "附", "1.依据", "（1）法律", "二、对象", "（一）范围"};
        for (size_t i = 0; i < 7; i++)
            CHECK_STR(doc->blocks[i].u.para.spans[0].text, w[i]);
        CHECK_STR(doc->blocks[0].u.para.style.role, "h1");
        CHECK_STR(doc->blocks[1].u.para.style.role, "h2");
        CHECK_INT(doc->blocks[3].u.para.style.outline_level, 3);
        CHECK(doc->blocks[0].u.para.style.keep_with_next, "h1 must keep with next");
        CHECK_INT(doc->blocks[6].src_line, 1);
    }
    mlps_doc_free(doc);
    mlps_diag_free(&d);
}

static void test_errors(void)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_doc *doc = parse("<document>\n<p>好</p>\n<para>坏</para>\n<p colour=\"red\">x</p>\n"
                          "<table cols=\"1,2\"><row><cell>a</cell></row></table>\n"
                          "<p style=\"nosuch\">y</p>\n"
                          "<table cols=\"1\" valign=\"centre\"><row><cell>a</cell></row></table>\n"
                          "</document>",
                          &d);
    CHECK(doc == NULL, "bad doc accepted");
    CHECK_INT(d.errors, 5);
    mlps_buf all = MLPS_BUF_INIT;
    for (size_t i = 0; i < d.count; i++) {
        char *s = mlps_diag_format(&d.items[i]);
        mlps_buf_printf(&all, "%s\n", s);
        free(s);
    }
    CHECK(all.ptr && strstr(all.ptr, "t.xml:3: document/para: 未知元素 <para>"), "%s", all.ptr);
    CHECK(all.ptr && strstr(all.ptr, "t.xml:4:") && strstr(all.ptr, "colour"), "%s", all.ptr);
    CHECK(all.ptr && strstr(all.ptr, "t.xml:5:") && strstr(all.ptr, "占 1 列"), "%s", all.ptr);
    CHECK(all.ptr && strstr(all.ptr, "t.xml:6:") && strstr(all.ptr, "nosuch"), "%s", all.ptr);
    CHECK(all.ptr && strstr(all.ptr, "t.xml:7:") && strstr(all.ptr, "valign=“centre”"), "%s", all.ptr);
    mlps_buf_free(&all);
    mlps_diag_free(&d);

    /* white space: Chinese wrapped in the source joins, Latin words keep one space */
    doc = parse("<document><p>\n  第一行\n  第二行 and\n  more <span role=\"h1\">黑</span> 字\n</p></document>", &d);
    CHECK(doc && doc->blocks[0].u.para.nspans == 3, "spans");
    if (doc && doc->blocks[0].u.para.nspans == 3) {
        CHECK_STR(doc->blocks[0].u.para.spans[0].text, "第一行第二行 and more ");
        CHECK_STR(doc->blocks[0].u.para.spans[1].role, "h1");
        CHECK_STR(doc->blocks[0].u.para.spans[2].text, " 字");
    }
    mlps_doc_free(doc);
    mlps_diag_free(&d);
}

/* A header cell without align follows its column's body cells; an explicit align is kept; a
 * column whose body cells disagree keeps the centred header. */
static void test_head_alignment(void)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_doc *doc = parse("<document><table cols=\"1,1,1\" header-rows=\"1\">"
                          "<row><cell head=\"yes\">甲</cell><cell head=\"yes\" align=\"right\">乙</cell>"
                          "<cell head=\"yes\">丙</cell></row>"
                          "<row><cell align=\"left\">1</cell><cell align=\"left\">2</cell>"
                          "<cell align=\"left\">3</cell></row>"
                          "<row><cell align=\"left\">4</cell><cell align=\"left\">5</cell>"
                          "<cell align=\"right\">6</cell></row></table></document>",
                          &d);
    CHECK(doc && d.errors == 0, "table parsed");
    if (doc) {
        const mlps_row *h = &doc->blocks[0].u.table.rows[0];
        CHECK_INT(h->cells[0].blocks[0].u.para.style.align, MLPS_ALIGN_LEFT);
        CHECK_INT(h->cells[1].blocks[0].u.para.style.align, MLPS_ALIGN_RIGHT);
        CHECK_INT(h->cells[2].blocks[0].u.para.style.align, MLPS_ALIGN_CENTER);
    }
    mlps_doc_free(doc);
    mlps_diag_free(&d);
}

/* body paragraphs of one short line each */
static void add_short(mlps_buf *b, int n)
{
    for (int i = 0; i < n; i++)
        mlps_buf_printf(b, "<p>第%d段。</p>", i + 1);
}

static const char *LONG = "这是一个较长的段落，用来检查分页时不把段落的单独一行留在页底或带到下一页页顶"
                          "，文字足够排成三行以上，以便测试孤行与寡行的处理规则是否正确执行。";

static void test_pagination(const mlps_fontset *fs)
{
    const mlps_geom g = mlps_geom_gbt9704();
    mlps_doc *doc;
    double ys[64];

    /* full page of one-line paragraphs: 22 lines on the grid, first glyph box at the top */
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_puts(&b, "<document>");
    add_short(&b, 23);
    mlps_buf_puts(&b, "</document>");
    mlps_layout *lay = lay_out(b.ptr, fs, &doc);
    CHECK(lay && lay->npages == 2, "23 lines → 2 pages");
    if (lay && lay->npages == 2) {
        size_t n = baselines(lay, &lay->pages[0], ys, 64);
        CHECK_INT(n, 22);
        double pitch = g.text_h / 22;
        for (size_t i = 1; i < n; i++)
            CHECK(ys[i] - ys[i - 1] > pitch - 0.01 && ys[i] - ys[i - 1] < pitch + 0.01, "pitch %g",
                  ys[i] - ys[i - 1]);
        const mlps_glyph *g0 = &lay->pages[0].glyphs[0];
        double asc = (double)mlps_face_ascender(g0->face) * g0->size / mlps_face_upem(g0->face);
        CHECK(ys[0] - asc > g.margin_top - 0.01 && ys[0] - asc < g.margin_top + 0.01,
              "first line top %g", ys[0] - asc);
        CHECK_INT(lay->pages[0].number, 1);
        golden("grid", lay);
    }
    mlps_layout_free(lay);
    mlps_doc_free(doc);
    mlps_buf_free(&b);

    /* a heading that would fall on the last line moves to the next page with its paragraph */
    mlps_buf_puts(&b, "<document>");
    add_short(&b, 21);
    mlps_buf_puts(&b, "<h level=\"1\">标题</h><p>正文。</p></document>");
    lay = lay_out(b.ptr, fs, &doc);
    CHECK(lay && lay->npages == 2, "heading kept with next");
    if (lay && lay->npages == 2) {
        size_t n = baselines(lay, &lay->pages[0], ys, 64);
        CHECK_INT(n, 21);
        char *t = line_text(&lay->pages[0], ys[n - 1]);
        CHECK_STR(t, "第21段。");
        free(t);
        n = baselines(lay, &lay->pages[1], ys, 64);
        t = line_text(&lay->pages[1], ys[0]);
        CHECK_STR(t, "一、标题");
        free(t);
        CHECK_INT(lay->noutline, 1);
        CHECK_INT(lay->noutline ? lay->outline[0].page : 9, 1);
    }
    mlps_layout_free(lay);
    mlps_doc_free(doc);
    mlps_buf_free(&b);

    /* widow/orphan: 20 lines used, a 3-line paragraph must not leave 1 line either side */
    mlps_buf_puts(&b, "<document>");
    add_short(&b, 20);
    mlps_buf_printf(&b, "<p>%s</p></document>", LONG);
    lay = lay_out(b.ptr, fs, &doc);
    CHECK(lay && lay->npages == 2, "pages");
    if (lay && lay->npages == 2) {
        size_t n0 = baselines(lay, &lay->pages[0], ys, 64);
        size_t n1 = baselines(lay, &lay->pages[1], ys, 64);
        CHECK(n0 != 21 && n1 != 1, "single line split off: %zu + %zu", n0, n1);
        CHECK(n0 == 20 || n0 == 22, "page 1 lines %zu", n0);
    }
    mlps_layout_free(lay);
    mlps_doc_free(doc);
    mlps_buf_free(&b);

    /* unnumbered cover, numbering from the page after the break; — 1 — must be a recto, so a
     * blank unnumbered verso follows the one-page cover */
    lay = lay_out("<document><p style=\"title\">封面</p><pagebreak numbering=\"start\"/>"
                  "<p>正文一。</p><pagebreak/><p>正文二。</p></document>",
                  fs, &doc);
    CHECK(lay && lay->npages == 4, "cover pages %zu", lay ? lay->npages : 0);
    if (lay && lay->npages == 4) {
        const int want[4] = {0, 0, 1, 2};
        double bottom = g.margin_top + g.text_h;
        for (int i = 0; i < 4; i++) {
            CHECK_INT(lay->pages[i].number, want[i]);
            size_t below = 0;
            double minx = 1e9;
            for (size_t k = 0; k < lay->pages[i].nglyphs; k++)
                if (lay->pages[i].glyphs[k].y > bottom) {
                    below++;
                    if (lay->pages[i].glyphs[k].x < minx)
                        minx = lay->pages[i].glyphs[k].x;
                }
            CHECK_INT(below, want[i] ? 5 : 0); /* "— 1 —" */
            if (want[i]) /* number parity = physical page parity (page i + 1) */
                CHECK_INT(want[i] % 2, (i + 1) % 2);
            if (i == 2) /* odd: right side */
                CHECK(minx > g.margin_left + g.text_w / 2, "odd page number at %g", minx);
            if (i == 3) /* even: left, 1 字 in */
                CHECK(minx > g.margin_left + 13.9 && minx < g.margin_left + 14.1, "even %g", minx);
        }
        CHECK_INT(lay->pages[1].nglyphs, 0); /* the inserted page is blank */
        golden("cover", lay);
    }
    mlps_layout_free(lay);
    mlps_doc_free(doc);

    /* a two-page front matter ends on a verso: no blank page; a break on an empty page adds none */
    lay = lay_out("<document><p style=\"title\">封面</p><pagebreak/><p>说明。</p><pagebreak/>"
                  "<pagebreak numbering=\"start\"/><p>正文一。</p></document>",
                  fs, &doc);
    CHECK(lay && lay->npages == 3, "two-page front matter %zu", lay ? lay->npages : 0);
    if (lay && lay->npages == 3) {
        CHECK_INT(lay->pages[0].number, 0);
        CHECK_INT(lay->pages[1].number, 0);
        CHECK_INT(lay->pages[2].number, 1);
    }
    mlps_layout_free(lay);
    mlps_doc_free(doc);
}


/* Page of the first glyph showing code point u, or -1. */
static long page_of(const mlps_layout *lay, uint32_t u)
{
    for (size_t pg = 0; pg < lay->npages; pg++)
        for (size_t k = 0; k < lay->pages[pg].nglyphs; k++)
            if (lay->pages[pg].glyphs[k].uni == u)
                return (long)pg;
    return -1;
}

/* A white 200 × 100 PNG as fig.png in a new folder made from the template dir (mkdtemp):
 * its path goes to pp. */
static void write_fig(char *dir, char *pp, size_t cap)
{
    unsigned char png[400];
    size_t pn = white_png(png);
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    snprintf(pp, cap, "%s/fig.png", dir);
    FILE *f = fopen(pp, "wb");
    CHECK(f && fwrite(png, 1, pn, f) == pn, "write %s", pp);
    if (f)
        fclose(f);
}

/* Keep rules of issue #11: heading with what follows, figure with caption, signature with text. */
static void test_keeps(const mlps_fontset *fs)
{
    static const char *P3 = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
                            "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四";
    mlps_doc *doc;
    double ys[64];
    mlps_buf b = MLPS_BUF_INIT;

    /* 1. a heading on line 20 before a three-line paragraph: two lines fit after it, but the
     * third would be a widow, so the paragraph moves; the heading must move with it */
    mlps_buf_puts(&b, "<document>");
    add_short(&b, 19);
    mlps_buf_printf(&b, "<h level=\"1\">标题</h><p>%s</p></document>", P3);
    mlps_layout *lay = lay_out(b.ptr, fs, &doc);
    CHECK(lay && lay->npages == 2, "stranded heading: pages %zu", lay ? lay->npages : 0);
    if (lay && lay->npages == 2) {
        size_t n = baselines(lay, &lay->pages[0], ys, 64);
        char *t = n ? line_text(&lay->pages[0], ys[n - 1]) : NULL;
        CHECK(t && !strstr(t, "标题"), "page 1 ends with the heading: %s", t ? t : "");
        free(t);
        n = baselines(lay, &lay->pages[1], ys, 64);
        t = n ? line_text(&lay->pages[1], ys[0]) : NULL;
        CHECK_STR(t, "一、标题");
        free(t);
        CHECK_INT(n, 4);
    }
    mlps_layout_free(lay);
    mlps_doc_free(doc);
    mlps_buf_free(&b);

    /* 2. a figure that fits at the page foot while its caption does not moves with the caption */
    char dir[] = "/tmp/mlps-keep-XXXXXX", pp[64];
    write_fig(dir, pp, sizeof pp);
    mlps_buf_puts(&b, "<document>");
    add_short(&b, 18);
    mlps_buf_printf(&b, "<image src=\"%s\" width=\"0.5\"/><p style=\"caption\" keep-with-next=\"no\">"
                        "图1　网络拓扑图</p><p>后文。</p></document>", pp);
    lay = lay_out(b.ptr, fs, &doc);
    CHECK(lay != NULL, "figure layout");
    if (lay) {
        long img = -1;
        for (size_t pg = 0; pg < lay->npages; pg++)
            if (lay->pages[pg].nimages)
                img = (long)pg;
        CHECK(img >= 0 && img == page_of(lay, 0x56FE /* 图 */), "figure on page %ld, caption on %ld",
              img, page_of(lay, 0x56FE));
    }
    mlps_layout_free(lay);
    mlps_doc_free(doc);
    mlps_buf_free(&b);
    unlink(pp);
    rmdir(dir);

    /* 3. the signature block (2 lines after a 2-line space) never takes a page alone: the text
     * before it goes over with it */
    mlps_buf_puts(&b, "<document>");
    add_short(&b, 17);
    mlps_buf_printf(&b, "<p>%s</p><vspace lines=\"2\"/><p style=\"signature\" keep-with-next=\"yes\">"
                        "某某单位</p><p style=\"signature\">2025年3月18日</p></document>", P3);
    lay = lay_out(b.ptr, fs, &doc);
    CHECK(lay && lay->npages == 2, "signature: pages %zu", lay ? lay->npages : 0);
    if (lay && lay->npages == 2) {
        size_t n = baselines(lay, &lay->pages[1], ys, 64);
        CHECK(n >= 4, "last page holds %zu lines (the signature alone)", n);
        CHECK_INT(page_of(lay, 0x67D0 /* 某 */), 1);
    }
    mlps_layout_free(lay);
    mlps_doc_free(doc);
    mlps_buf_free(&b);

    /* 3. a short table before the signature moves with it rather than leave it alone */
    mlps_buf_puts(&b, "<document>");
    add_short(&b, 17);
    mlps_buf_puts(&b, "<table cols=\"1,1\"><row><cell>甲</cell><cell>乙</cell></row>"
                      "<row><cell>丙</cell><cell>丁</cell></row></table><vspace lines=\"2\"/>"
                      "<p style=\"signature\" keep-with-next=\"yes\">某某单位</p>"
                      "<p style=\"signature\">2025年3月18日</p></document>");
    lay = lay_out(b.ptr, fs, &doc);
    CHECK(lay != NULL, "table + signature layout");
    if (lay) {
        long sig = page_of(lay, 0x67D0), tab = page_of(lay, 0x4E01 /* 丁 */);
        CHECK(sig == tab, "table on page %ld, signature on page %ld", tab, sig);
    }
    mlps_layout_free(lay);
    mlps_doc_free(doc);
    mlps_buf_free(&b);
}

/* Index of the first placed image's page, and its top (page y); -1 when none. */
static long image_page(const mlps_layout *lay, double *top)
{
    for (size_t pg = 0; pg < lay->npages; pg++)
        if (lay->pages[pg].nimages) {
            *top = lay->pages[pg].images[0].y;
            return (long)pg;
        }
    return -1;
}

/* The y of the first glyph u on page pg (-1 when none). */
static double glyph_y(const mlps_layout *lay, size_t pg, uint32_t u)
{
    for (size_t k = 0; pg < lay->npages && k < lay->pages[pg].nglyphs; k++)
        if (lay->pages[pg].glyphs[k].uni == u)
            return lay->pages[pg].glyphs[k].y;
    return -1;
}

/* A figure that does not fit below the text waits for the next page's top while the body
 * paragraphs after it fill this page, whole; a heading or a paragraph that does not fit whole
 * brings it out first. The text --text writes follows the order the blocks were placed. */
static void test_float(const mlps_fontset *fs)
{
    char dir[] = "/tmp/mlps-float-XXXXXX", pp[64]; /* 200 × 100: at full width about 78 mm high */
    write_fig(dir, pp, sizeof pp);
    mlps_buf b = MLPS_BUF_INIT;
    mlps_doc *doc;
    double top = 0;

    /* 1. 15 lines, the figure (does not fit), two short paragraphs (fit), a heading */
    mlps_buf_puts(&b, "<document>");
    add_short(&b, 15);
    mlps_buf_printf(&b, "<image src=\"%s\"/><p style=\"caption\" keep-with-next=\"no\">图1　拓扑</p>"
                        "<p>甲段。</p><p>乙段。</p><h level=\"1\">丙节</h><p>丁段。</p></document>", pp);
    mlps_layout *lay = lay_out(b.ptr, fs, &doc);
    CHECK(lay != NULL, "float layout");
    if (lay) {
        long img = image_page(lay, &top);
        CHECK(img == 1, "figure on page %ld (want 2: it does not fit on 1)", img + 1);
        CHECK(page_of(lay, 0x7532 /* 甲 */) == 0 && page_of(lay, 0x4E59 /* 乙 */) == 0,
              "the paragraphs after the figure fill page 1: 甲 on %ld, 乙 on %ld",
              page_of(lay, 0x7532) + 1, page_of(lay, 0x4E59) + 1);
        CHECK(page_of(lay, 0x56FE /* 图 */) == img, "caption with its figure");
        CHECK(img == 1 && top < lay->geom.margin_top + 1, "figure at the top of page 2: y %g", top);
        CHECK(page_of(lay, 0x4E19 /* 丙 */) == 1 && glyph_y(lay, 1, 0x4E19) > top,
              "the heading after the figure, on its page");
        mlps_buf t = MLPS_BUF_INIT;
        mlps_layout_text(doc, lay, &t);
        const char *a = t.ptr ? strstr(t.ptr, "乙段") : NULL, *c = t.ptr ? strstr(t.ptr, "图1") : NULL;
        const char *h = t.ptr ? strstr(t.ptr, "丙节") : NULL;
        CHECK(a && c && h && a < c && c < h, "text in placing order: %s", t.ptr ? t.ptr : "");
        mlps_buf_free(&t);
    }
    mlps_layout_free(lay);
    mlps_doc_free(doc);
    mlps_buf_free(&b);

    /* 2. a heading right after the figure: nothing fills, the figure moves as before */
    mlps_buf_puts(&b, "<document>");
    add_short(&b, 15);
    mlps_buf_printf(&b, "<image src=\"%s\"/><p style=\"caption\" keep-with-next=\"no\">图1　拓扑</p>"
                        "<h level=\"1\">丙节</h><p>丁段。</p></document>", pp);
    lay = lay_out(b.ptr, fs, &doc);
    CHECK(lay && image_page(lay, &top) == 1 && page_of(lay, 0x4E19) == 1 &&
              glyph_y(lay, 1, 0x4E19) > top,
          "heading after the figure: the figure first, on page 2");
    mlps_layout_free(lay);
    mlps_doc_free(doc);
    mlps_buf_free(&b);

    /* 3. a paragraph that does not fit whole is not split around the figure: it follows it */
    mlps_buf_puts(&b, "<document>");
    add_short(&b, 20);
    mlps_buf_printf(&b, "<image src=\"%s\"/><p>甲%s</p></document>", pp, LONG);
    lay = lay_out(b.ptr, fs, &doc);
    CHECK(lay && image_page(lay, &top) == 1 && page_of(lay, 0x7532) == 1 &&
              glyph_y(lay, 1, 0x7532) > top,
          "a long paragraph after the figure starts below it");
    if (lay)
        CHECK(lay->norder == doc->nblocks && lay->order[20] == 20 && lay->order[21] == 21,
              "order unchanged when nothing waits");
    mlps_layout_free(lay);
    mlps_doc_free(doc);
    mlps_buf_free(&b);

    /* 4. the last paragraph before the signature block fits, the signature does not: it is not
     * split around the figure either (the signature takes its last lines along) */
    mlps_buf_puts(&b, "<document>");
    add_short(&b, 15);
    mlps_buf_printf(&b, "<image src=\"%s\"/><p>甲%s%s</p><vspace lines=\"2\"/>"
                        "<p style=\"signature\" keep-with-next=\"yes\">某某单位</p>"
                        "<p style=\"signature\">2025年3月18日</p></document>", pp, LONG, LONG);
    lay = lay_out(b.ptr, fs, &doc);
    CHECK(lay && image_page(lay, &top) == 1 && page_of(lay, 0x7532) == 1 &&
              glyph_y(lay, 1, 0x7532) > top && page_of(lay, 0x67D0 /* 某 */) == 1,
          "before the signature: the paragraph, whole, after the figure (甲 on %ld, 某 on %ld)",
          lay ? page_of(lay, 0x7532) + 1 : 0, lay ? page_of(lay, 0x67D0) + 1 : 0);
    mlps_layout_free(lay);
    mlps_doc_free(doc);
    mlps_buf_free(&b);
    unlink(pp);
    rmdir(dir);
}

/* The text of a table-of-contents line (render --text) ends with the leader dots and the page
 * number layout drew on it: text extraction reads them, so cjkcheck --expected must get them. */
static void test_toc_text(const mlps_fontset *fs)
{
    mlps_doc *doc;
    mlps_layout *lay = lay_out("<document><toc levels=\"1\"/><h level=\"1\">甲节</h><p>甲段。</p>"
                               "<pagebreak/><h level=\"1\">乙节</h><p>乙段。</p></document>",
                               fs, &doc);
    CHECK(lay != NULL && lay->noutline == 2, "toc layout");
    if (lay && lay->noutline == 2) {
        mlps_buf t = MLPS_BUF_INIT;
        mlps_layout_text(doc, lay, &t);
        for (size_t e = 0; e < 2; e++) {
            int num = lay->pages[lay->outline[e].page].number;
            const char *line = t.ptr ? strstr(t.ptr, e ? "二、乙节" : "一、甲节") : NULL;
            size_t dots = 0;
            const char *q = line ? line + strlen("一、甲节") : NULL;
            while (q && q[dots] == '.')
                dots++;
            CHECK(line && dots >= 10 && num > 0 && atoi(q + dots) == num &&
                      q[dots + strspn(q + dots, "0123456789")] == '\n',
                  "contents line %zu: entry, %zu dots, page %d: %s", e + 1, dots, num,
                  t.ptr ? t.ptr : "");
        }
        /* the headings themselves carry nothing more */
        CHECK(t.ptr && strstr(t.ptr, "\n一、甲节\n") && strstr(t.ptr, "\n二、乙节\n"),
              "headings as written: %s", t.ptr ? t.ptr : "");
        mlps_buf_free(&t);
    }
    mlps_layout_free(lay);
    mlps_doc_free(doc);
}

/* Issue #10: a split table ends with two rows together, and the signature block after a long
 * table takes them along, under the repeated header; after a heading and a short paragraph,
 * all three go over together. */
static void test_signature_tail(const mlps_fontset *fs)
{
    static const char *SIG = "<vspace lines=\"2\"/><p style=\"signature\" keep-with-next=\"yes\">"
                             "某某单位</p><p style=\"signature\">2025年3月18日</p></document>";
    mlps_doc *doc;
    double ys[128];
    int apart = 0, tight = 0;
    /* every table length from one page to two: some end so near the page foot that the
     * signature alone would go over */
    for (int k = 0; k < 62; k++) {
        int rows = 20 + k / 2, sign = k % 2; /* with the signature, and without: no lone last row */
        mlps_buf b = MLPS_BUF_INIT;
        mlps_buf_puts(&b, "<document><table cols=\"1,3,2\" header-rows=\"1\"><row><cell head=\"yes\">"
                          "序号</cell><cell head=\"yes\">名称</cell><cell head=\"yes\">说明</cell></row>");
        for (int i = 1; i <= rows; i++)
            mlps_buf_printf(&b, "<row><cell>%d</cell><cell>%s</cell><cell>说明</cell></row>", i,
                            i == rows ? "末行" : i == rows - 1 ? "次末行" : "设备");
        mlps_buf_puts(&b, "</table>");
        mlps_buf_puts(&b, sign ? SIG : "<p>表后正文。</p></document>");
        mlps_layout *lay = lay_out(b.ptr, fs, &doc);
        CHECK(lay != NULL, "table of %d rows + signature", rows);
        if (lay) {
            long last = page_of(lay, 0x672B /* 末 */), prev = page_of(lay, 0x6B21 /* 次 */);
            long sig = sign ? page_of(lay, 0x67D0 /* 某 */) : last;
            apart += sig != last || sig != prev;
            CHECK(sig == last && sig == prev, "%d rows: last rows on pages %ld, %ld, signature on %ld",
                  rows, prev, last, sig);
            if (sig > 0 && sig == last) {
                size_t n = baselines(lay, &lay->pages[sig], ys, 128);
                char *t = n ? line_text(&lay->pages[sig], ys[0]) : NULL;
                CHECK(t && !strcmp(t, "序号名称说明"), "%d rows: the signature page starts with \"%s\"",
                      rows, t ? t : "");
                free(t);
                /* the page before still holds body rows of the table: the break moved up only
                 * by the rows the signature needs */
                tight += n <= 6;
            }
        }
        mlps_layout_free(lay);
        mlps_doc_free(doc);
        mlps_buf_free(&b);
    }
    CHECK_INT(apart, 0);
    CHECK(tight > 0, "no table length put the last rows over with the signature");

    /* a heading and its two-line paragraph near the page foot: the signature does not fit after
     * them, so heading and paragraph go over with it (neither a stranded heading nor a page of
     * the signature alone) */
    static const char *P2 = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四";
    int stranded = 0;
    for (int k = 14; k <= 20; k++) {
        mlps_buf b = MLPS_BUF_INIT;
        mlps_buf_puts(&b, "<document>");
        add_short(&b, k);
        mlps_buf_printf(&b, "<h level=\"1\">规划</h><p>%s</p>", P2);
        mlps_buf_puts(&b, SIG);
        mlps_layout *lay = lay_out(b.ptr, fs, &doc);
        CHECK(lay != NULL, "heading + signature after %d paragraphs", k);
        if (lay) {
            long h = page_of(lay, 0x89C4 /* 规 */), sig = page_of(lay, 0x67D0);
            stranded += h != sig;
            CHECK(h == sig, "%d paragraphs: heading on page %ld, signature on %ld", k, h, sig);
        }
        mlps_layout_free(lay);
        mlps_doc_free(doc);
        mlps_buf_free(&b);
    }
    CHECK_INT(stranded, 0);

    /* an attachment note (附件说明, keep-with-next) between the text and the signature goes
     * over with the signature, and the text's last lines with both */
    int alone = 0;
    for (int k = 12; k <= 20; k++) {
        mlps_buf b = MLPS_BUF_INIT;
        mlps_buf_puts(&b, "<document>");
        add_short(&b, k);
        mlps_buf_printf(&b, "<p>%s终</p><vspace lines=\"1\"/><p keep-with-next=\"yes\">附件：联系方式</p>",
                        P2);
        mlps_buf_puts(&b, SIG);
        mlps_layout *lay = lay_out(b.ptr, fs, &doc);
        CHECK(lay != NULL, "note + signature after %d paragraphs", k);
        if (lay) {
            long end = page_of(lay, 0x7EC8 /* 终 */), note = page_of(lay, 0x9644 /* 附 */);
            long sig = page_of(lay, 0x67D0);
            alone += end != note || note != sig;
            CHECK(end == note && note == sig, "%d paragraphs: text ends on page %ld, note on %ld, "
                  "signature on %ld", k, end, note, sig);
        }
        mlps_layout_free(lay);
        mlps_doc_free(doc);
        mlps_buf_free(&b);
    }
    CHECK_INT(alone, 0);
}

/* valign="top": every cell's first line on the row's first baseline (middle: a one-line cell
 * beside a three-line one sits on the three-line cell's middle line). */
static void test_valign(const mlps_fontset *fs)
{
    static const char *T = "<document><table cols=\"1,1\"%s><row><cell>短</cell><cell>"
                           "较长的单元格文字较长的单元格文字较长的单元格文字较长的单元格文字较长的单元格"
                           "文字较长的单元格文字较长的单元格文字较长的单元格文字</cell></row></table></document>";
    for (int top = 0; top <= 1; top++) {
        char xml[1024];
        snprintf(xml, sizeof xml, T, top ? " valign=\"top\"" : "");
        mlps_doc *doc;
        mlps_layout *lay = lay_out(xml, fs, &doc);
        CHECK(lay != NULL, "valign layout");
        if (lay) {
            double ys[16];
            size_t n = baselines(lay, &lay->pages[0], ys, 16);
            CHECK(n >= 3, "the long cell runs to %zu lines", n);
            char *t = n ? line_text(&lay->pages[0], ys[0]) : NULL;
            CHECK(t && (strncmp(t, "短", strlen("短")) == 0) == top, "valign %s: first line \"%s\"",
                  top ? "top" : "middle", t ? t : "");
            free(t);
        }
        mlps_layout_free(lay);
        mlps_doc_free(doc);
    }
}

static void test_table(const mlps_fontset *fs)
{
    mlps_buf b = MLPS_BUF_INIT;
    mlps_doc *doc;
    mlps_buf_puts(&b, "<document><p style=\"caption\">表1　清单</p>"
                 "<table cols=\"1,3,2\" header-rows=\"1\"><row><cell head=\"yes\">序号</cell>"
                 "<cell head=\"yes\">名称</cell><cell head=\"yes\">说明</cell></row>");
    for (int i = 1; i <= 40; i++)
        mlps_buf_printf(&b, "<row><cell align=\"center\">%d</cell><cell%s>设备%d</cell><cell>"
                       "用于测试表格跨页时表头是否重复出现</cell></row>",
                   i, i == 2 ? " shade=\"yes\"" : "", i);
    mlps_buf_puts(&b, "</table><p>表后正文。</p></document>");
    mlps_layout *lay = lay_out(b.ptr, fs, &doc);
    CHECK(lay && lay->npages >= 2, "long table spans pages");
    if (lay && lay->npages >= 2) {
        for (size_t pg = 1; pg < lay->npages; pg++) {
            double ys[128];
            size_t n = baselines(lay, &lay->pages[pg], ys, 128);
            char *t = n ? line_text(&lay->pages[pg], ys[0]) : NULL;
            CHECK(t && !strncmp(t, "序号名称说明", strlen("序号名称说明")),
                  "page %zu starts with \"%s\"", pg + 1, t ? t : "");
            free(t);
            CHECK(lay->pages[pg].nrules > 4, "rules on page %zu", pg + 1);
        }
        CHECK_INT(lay->pages[0].nrects, 1);
        CHECK(lay->pages[0].nrects && lay->pages[0].rects[0].gray > 0.84f &&
                  lay->pages[0].rects[0].gray < 0.86f, "shade gray");
        /* every rule inside the text block */
        const mlps_geom g = lay->geom;
        for (size_t pg = 0; pg < lay->npages; pg++)
            for (size_t k = 0; k < lay->pages[pg].nrules; k++) {
                const mlps_rule *r = &lay->pages[pg].rules[k];
                CHECK(r->y2 <= g.margin_top + g.text_h + 0.01 && r->x2 <= g.margin_left + g.text_w + 0.01,
                      "rule outside the text block on page %zu", pg + 1);
            }
        golden("table", lay);
    }
    mlps_layout_free(lay);
    mlps_doc_free(doc);
    mlps_buf_free(&b);
}

static void test_images(const mlps_fontset *fs)
{
    /* headers only: layout reads nothing else */
    /* complete files: the image reader validates structure and data, not only the header */
    unsigned char png[400];
    size_t pn = white_png(png);
    static const unsigned char jpg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11,
                                        8, 0x00, 0xC8, 0x01, 0x2C, 1, 1, 0x11, 0,
                                        0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0, 0x12, 0x34, 0xFF, 0xD9};
    char dir[] = "/tmp/mlps-img-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char pp[64], jp[64];
    snprintf(pp, sizeof pp, "%s/a.png", dir);
    snprintf(jp, sizeof jp, "%s/b.jpg", dir);
    FILE *f = fopen(pp, "wb");
    fwrite(png, 1, pn, f);
    fclose(f);
    f = fopen(jp, "wb");
    fwrite(jpg, 1, sizeof jpg, f);
    fclose(f);
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_printf(&b, "<document><image src=\"%s\" width=\"0.5\"/><image src=\"%s\"/>"
                   "<image src=\"%s\"/></document>", pp, jp, jp);
    mlps_doc *doc;
    mlps_layout *lay = lay_out(b.ptr, fs, &doc);
    const mlps_geom g = mlps_geom_gbt9704();
    CHECK(lay && lay->npages == 2, "third image moves to page 2");
    if (lay && lay->npages == 2) {
        const mlps_placed_image *a = &lay->pages[0].images[0];
        CHECK(a->w > g.text_w / 2 - 0.01 && a->w < g.text_w / 2 + 0.01, "w %g", a->w);
        CHECK(a->h > a->w / 2 - 0.01 && a->h < a->w / 2 + 0.01, "aspect %g", a->h);
        CHECK(a->x > g.margin_left + g.text_w / 4 - 0.01, "centred %g", a->x);
        CHECK_INT(lay->pages[0].nimages, 2);
        const mlps_placed_image *j = &lay->pages[0].images[1];
        CHECK(j->h > j->w * 2 / 3 - 0.01 && j->h < j->w * 2 / 3 + 0.01, "jpeg aspect %g/%g", j->w, j->h);
    }
    mlps_layout_free(lay);
    mlps_doc_free(doc);
    mlps_buf_free(&b);
    unlink(pp);
    unlink(jp);
    rmdir(dir);
}

int main(void)
{
    test_numbering();
    test_errors();
    test_head_alignment();
    mlps_diags d = MLPS_DIAGS_INIT;
    char conf[4096];
    snprintf(conf, sizeof conf, "%s/fonts/fonts.xml", mlps_data_dir());
    mlps_fontset *fs = mlps_fontset_load(conf, &d);
    CHECK(fs != NULL, "fonts");
    mlps_diag_print(&d, stdout);
    mlps_diag_free(&d);
    if (fs) {
        test_pagination(fs);
        test_table(fs);
        test_images(fs);
        test_keeps(fs);
        test_float(fs);
        test_toc_text(fs);
        test_signature_tail(fs);
        test_valign(fs);
    }
    mlps_fontset_free(fs);
    TEST_DONE();
}
