/* Paragraph line layout: break positions, prohibitions, justification, text order, fonts.
 * GB/T 9704 body: 16 pt, 28 characters per line in 442.2 pt (156 mm).
 * `test_para --bench FILE` lays out every line of FILE as a paragraph and prints timings. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "linebreak.h"
#include "para.h"
#include "utf8.h"

#define MEASURE 442.2
#define SIZE 16.0
#define CELL (MEASURE / 28)
#define TOL 0.01

static mlps_para body_para(const char *text)
{
    mlps_para p;
    memset(&p, 0, sizeof p);
    p.style.name = "body";
    p.style.role = "body";
    p.style.size_pt = SIZE;
    p.style.align = MLPS_ALIGN_JUSTIFY;
    p.style.indent_first_em = 2;
    p.style.grid_chars = 28;
    static mlps_span sp; /* one span per call; tests are single-threaded */
    sp.text = (char *)text;
    sp.len = strlen(text);
    sp.role = NULL;
    p.spans = &sp;
    p.nspans = 1;
    return p;
}

/* Set advance of a glyph as the layout uses it: full-width glyphs take a grid cell. */
static double set_adv(const mlps_glyph *g)
{
    double a = (double)mlps_face_advance(g->face, g->gid) * g->size / mlps_face_upem(g->face);
    return a >= 0.9 * g->size ? CELL : a;
}

/* Where a PDF reader's box of the glyph ends: its whole advance, as /W has it. */
static double box_end(const mlps_glyph *g)
{
    return g->x + (double)mlps_face_advance(g->face, g->gid) * g->size / mlps_face_upem(g->face);
}

static void utf8_of_line(const mlps_lines *L, const mlps_line *ln, char *out, size_t cap,
                         size_t *len)
{
    for (size_t k = 0; k < ln->nglyphs; k++) {
        uint32_t u = L->glyphs[ln->first_glyph + k].uni;
        char b[4];
        size_t n = u ? mlps_utf8_encode(u, b) : 0;
        if (*len + n + 1 < cap) {
            memcpy(out + *len, b, n);
            *len += n;
        }
    }
    out[*len] = 0;
}

static void strip_spaces(char *s)
{
    char *o = s;
    for (; *s; s++)
        if (*s != ' ')
            *o++ = *s;
    *o = 0;
}

/* Every rule the brief lists, checked on one laid-out paragraph (lines [first, L->nlines)). */
static void check_rules(const char *name, const char *text, const mlps_lines *L, size_t first)
{
    static char got[65536], want[65536];
    size_t len = 0;
    size_t nl = L->nlines - first;
    CHECK(nl >= 1, "%s: has lines", name);
    for (size_t i = first; i < L->nlines; i++) {
        const mlps_line *ln = &L->lines[i];
        CHECK(ln->last == (i + 1 == L->nlines), "%s: last flag of line %zu", name, i - first);
        CHECK(ln->ascent > 10 && ln->descent > 1, "%s: metrics %.2f %.2f", name, ln->ascent,
              ln->descent);
        if (!ln->nglyphs)
            continue;
        const mlps_glyph *g0 = &L->glyphs[ln->first_glyph];
        const mlps_glyph *gl = &L->glyphs[ln->first_glyph + ln->nglyphs - 1];
        unsigned c0 = mlps_lb_class(g0->uni), cl = mlps_lb_class(gl->uni);
        int dash = (c0 & MLPS_LB_DOUBLED) && ln->nglyphs > 1 && g0[1].uni == g0->uni;
        CHECK(!(c0 & MLPS_LB_NO_START) || dash, "%s: line %zu starts with U+%04X", name,
              i - first, (unsigned)g0->uni);
        CHECK(!(cl & MLPS_LB_NO_END), "%s: line %zu ends with U+%04X", name, i - first,
              (unsigned)gl->uni);
        CHECK(gl->uni != ' ', "%s: line %zu ends with a space", name, i - first);
        if (i == first)
            CHECK(g0->x > 2 * CELL - TOL && g0->x < 2 * CELL + TOL,
                  "%s: first line starts at %.3f, want %.3f (2 grid cells)", name, g0->x,
                  2 * CELL);
        else /* an opening bracket too: its blank half stays inside */
            CHECK(g0->x > -TOL && g0->x < TOL, "%s: line %zu starts at %.3f", name, i - first,
                  g0->x);
        if (!ln->last) {
            /* a closing mark at the end keeps its whole advance in the line: nothing hangs */
            double edge = gl->x + set_adv(gl);
            CHECK(edge > MEASURE - TOL && edge < MEASURE + TOL,
                  "%s: line %zu right edge %.3f, want %.1f", name, i - first, edge, MEASURE);
            CHECK(ln->width > MEASURE - (i == first ? 2 * CELL : 0) - TOL &&
                      ln->width < MEASURE + TOL,
                  "%s: line %zu set width %.3f", name, i - first, ln->width);
        }
        /* no glyph reaches past the measure (on the grid a glyph takes one cell) */
        for (size_t k = 0; k < ln->nglyphs; k++)
            CHECK(g0[k].x + set_adv(&g0[k]) < MEASURE + TOL,
                  "%s: line %zu: U+%04X ends at %.3f, past %.1f", name, i - first,
                  (unsigned)g0[k].uni, g0[k].x + set_adv(&g0[k]), MEASURE);
        /* x never goes backwards by more than a compressed mark's blank */
        for (size_t k = 1; k < ln->nglyphs; k++)
            CHECK(g0[k].x >= g0[k - 1].x - 0.01, "%s: glyph order at line %zu", name, i - first);
        if (i > first) {
            const mlps_line *pv = &L->lines[i - 1];
            const mlps_glyph *pl = &L->glyphs[pv->first_glyph + pv->nglyphs - 1];
            CHECK(!(pl->uni == 0x2014 && g0->uni == 0x2014), "%s: —— split", name);
            CHECK(!(pl->uni == 0x2026 && g0->uni == 0x2026), "%s: …… split", name);
            CHECK(!(mlps_lb_is_digit(pl->uni) && (c0 & MLPS_LB_UNIT)), "%s: number/unit split",
                  name);
            CHECK(!((mlps_lb_class(pl->uni) & MLPS_LB_PREFIX) && mlps_lb_is_digit(g0->uni)),
                  "%s: prefix/number split", name);
        }
        utf8_of_line(L, ln, got, sizeof got, &len);
    }
    /* 孤字: the last line holds more than one character (marks not counted) */
    const mlps_line *last = &L->lines[L->nlines - 1];
    size_t chars = 0;
    for (size_t k = 0; k < last->nglyphs; k++) {
        uint32_t u = L->glyphs[last->first_glyph + k].uni;
        chars += u && u != ' ' && !(mlps_lb_class(u) & MLPS_LB_NO_START);
    }
    CHECK(nl == 1 || chars >= 2, "%s: last line has %zu character(s)", name, chars);
    snprintf(want, sizeof want, "%s", text);
    strip_spaces(want);
    strip_spaces(got);
    CHECK_STR(got, want);
}

static size_t layout_text(const mlps_fontset *fs, const char *name, const char *text,
                          mlps_lines *L)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_para p = body_para(text);
    size_t first = L->nlines;
    int rc = mlps_para_layout(fs, &p, MEASURE, "test.xml", 1, L, &d);
    CHECK_INT(rc, 0);
    mlps_diag_print(&d, stdout);
    mlps_diag_free(&d);
    if (!rc)
        check_rules(name, text, L, first);
    return first;
}

/* The text of line i as UTF-8 (static buffer). */
static const char *line_text(const mlps_lines *L, size_t i)
{
    static char b[4096];
    size_t len = 0;
    utf8_of_line(L, &L->lines[i], b, sizeof b, &len);
    return b;
}

static const char *REF[] = {
    "为贯彻落实国家网络安全等级保护制度，依据《中华人民共和国网络安全法》第二十一条关于“国家实行网络安全等级保护制度”的规定，XX集团信息技术部会同财务共享服务中心，对集团财务管理系统（以下简称“财务系统”）开展了定级工作，形成本报告。",
    "本报告旨在明确定级对象的边界、受侵害客体及侵害程度，为后续备案、建设整改和等级测评提供依据。定级工作坚持“自主定级、专家评审、主管部门审核、公安机关备案审查”的原则。",
    "主要包括《中华人民共和国网络安全法》（2017年6月1日起施行）、《中华人民共和国数据安全法》以及公安部《关于落实网络安全保护重点措施深入实施网络安全等级保护制度的指导意见》（公网安〔2020〕1960号）。",
    "GB/T 22240—2020《信息安全技术 网络安全等级保护定级指南》；GB/T 22239—2019《信息安全技术 网络安全等级保护基本要求》；同时参考ISO/IEC 27001:2022中关于资产识别与风险评估的方法。",
    "财务系统部署于集团总部数据中心A区，生产网段为192.168.1.0/24，数据库网段为192.168.10.0/26；灾备系统位于同城数据中心，网段为10.20.0.0/16。",
    "系统通过互联网向下属127家成员单位提供服务，访问地址为https://fms.xxgroup.com.cn；与网上银行、税务申报平台和集团ERP系统之间的接口，均纳入本次定级范围。",
    "定级对象名称为“XX集团财务管理系统”，英文名称Finance Management System（FMS），运营使用单位为XX集团有限公司，责任部门为集团财务部。",
    "建议启用TLS 1.3，禁用TLS 1.0/1.1及弱加密套件；仅允许应用服务器（192.168.1.11—192.168.1.18）通过1521端口访问数据库。",
    "如对本报告有疑问，请联系信息技术部安全管理处，电话：010-8888 6666转8021，邮箱：security@xxgroup.com.cn。",
};


/* ------------------------------------------------------------------ fitting (issue #11) */

static int is_han_cp(uint32_t c)
{
    return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

static int is_latin_cp(uint32_t c)
{
    return c < 0x80 && c > ' ';
}

/* Natural advance of a glyph, pt; full-width glyphs take `cell` (the grid) when cell > 0. */
static double nat_adv(const mlps_glyph *g, double cell)
{
    double a = (double)mlps_face_advance(g->face, g->gid) * g->size / mlps_face_upem(g->face);
    return cell > 0 && a >= 0.9 * g->size ? cell : a;
}

/* Widest extra gap between two adjacent ideographs on a justified line (not the last) of
 * lines [first, L->nlines), in em of size. */
static double max_letterspace(const mlps_lines *L, size_t first, double cell)
{
    double worst = 0;
    for (size_t i = first; i < L->nlines; i++) {
        const mlps_line *ln = &L->lines[i];
        const mlps_glyph *g = &L->glyphs[ln->first_glyph];
        if (ln->last)
            continue;
        for (size_t k = 0; k + 1 < ln->nglyphs; k++)
            if (is_han_cp(g[k].uni) && is_han_cp(g[k + 1].uni)) {
                double e = (g[k + 1].x - g[k].x - nat_adv(&g[k], cell)) / g[k].size;
                worst = e > worst ? e : worst;
            }
    }
    return worst;
}

/* Widest gap around Latin text (word spaces, Han–Latin gaps) on lines [first, nlines), em. */
static double max_word_gap(const mlps_lines *L, size_t first, double cell)
{
    double worst = 0;
    for (size_t i = first; i < L->nlines; i++) {
        const mlps_line *ln = &L->lines[i];
        const mlps_glyph *g = &L->glyphs[ln->first_glyph];
        for (size_t k = 0; k + 1 < ln->nglyphs; k++) {
            size_t j = k + 1;
            while (j < ln->nglyphs && g[j].uni == ' ')
                j++;
            if (j >= ln->nglyphs || g[k].uni == ' ' || !(is_latin_cp(g[k].uni) || is_latin_cp(g[j].uni)))
                continue;
            double e = (g[j].x - g[k].x - nat_adv(&g[k], cell)) / g[k].size;
            worst = e > worst ? e : worst;
        }
    }
    return worst;
}

/* Where mlps_lb_breaks allows a break inside text (ASCII only), as a string of '|' marks. */
static void soft_points(const char *text, char *out)
{
    uint32_t cps[128];
    unsigned char brk[129];
    size_t n = 0;
    for (; text[n] && n < 128; n++)
        cps[n] = (unsigned char)text[n];
    mlps_lb_work w = {0};
    CHECK_INT(mlps_lb_breaks(&w, cps, n, brk), 0);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && brk[i])
            out[o++] = '|';
        out[o++] = text[i];
    }
    out[o] = 0;
    mlps_lb_work_free(&w);
}

static void fitting_tests(const mlps_fontset *fs)
{
    mlps_lines L = {0};

    /* 4. conventional break points in URLs, addresses and hashes; none in numbers and IPv4 */
    {
        char got[512];
        soft_points("see https://a.example.com/x/index.html?id=1&lang=zh#top mail admin@example.cn", got);
        CHECK_STR(got, "see |https://a.|example.|com/x/index.|html?|id=|1&|lang=|zh|#top |mail |admin|@example.|cn");
        soft_points("net 192.168.10.0/26 v 12.2.1 rise 50% sum 1,200.50 sha256:9f86d081884c7d659a2feaa0c55ad015", got);
        CHECK(strstr(got, "192.|168.|10.|0/26") && strstr(got, "12.2.1") && strstr(got, "50%") &&
                  strstr(got, "1,200.50") && strstr(got, "sha256:|9") && strstr(got, "9|f|8|6"),
              "soft points %s", got);
    }

    /* 4. loose lines before unbreakable items: the anchor's "英文名称 / Finance…" line, a
     * "依据GB/T 22240" line, a hash and a URL: no line letter-spaced past 0.1 em, no word gap
     * past 0.5 em, and the hash and URL break inside at their conventional points */
    static const char *loose[] = {
        "定级对象名称为“XX集团财务管理系统”，英文名称Finance Management System（FMS），运营使用单位为XX集团有限公司，责任部门为集团财务部。",
        "依据GB/T 22240-2020《信息安全技术 网络安全等级保护定级指南》，信息系统的安全保护等级由业务信息安全保护等级和系统服务安全保护等级两方面确定。",
        "部署的容器镜像摘要为sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08，升级前须核对。",
        "门户网站访问地址为https://portal.example-health.cn/services/records/index.html?lang=zh&id=1024，管理邮箱为security.admin@example-health.cn，均纳入本次定级范围。",
    };
    for (size_t i = 0; i < sizeof loose / sizeof *loose; i++) {
        char name[16];
        snprintf(name, sizeof name, "loose%zu", i);
        mlps_lines_clear(&L);
        layout_text(fs, name, loose[i], &L);
        double ls = max_letterspace(&L, 0, CELL), wg = max_word_gap(&L, 0, CELL);
        CHECK(ls <= 0.1 + 1e-3, "%s: a line letter-spaced by %.3f em", name, ls);
        if (ls > 0.1 + 1e-3)
            for (size_t k = 0; k < L.nlines; k++)
                printf("  %s\n", line_text(&L, k));
        CHECK(wg <= 0.5 + 1e-3, "%s: a word gap of %.3f em", name, wg);
    }
    /* the anchor's line takes "Finance" (as Typst does) */
    mlps_lines_clear(&L);
    layout_text(fs, "finance", loose[0], &L);
    CHECK(strstr(line_text(&L, 0), "Finance") != NULL, "first line: %s", line_text(&L, 0));

    /* 4. a narrow table cell is not letter-spaced past 0.1 em: it is left short */
    {
        mlps_lines_clear(&L);
        mlps_diags d = MLPS_DIAGS_INIT;
        mlps_para p = body_para("电子印章子系统");
        p.style.name = "cell";
        p.style.role = "table";
        p.style.size_pt = 10.5;
        p.style.indent_first_em = 0;
        p.style.grid_chars = 0;
        CHECK_INT(mlps_para_layout(fs, &p, 5.6 * 10.5, "t", 1, &L, &d), 0);
        CHECK(L.nlines == 2, "cell lines %zu", L.nlines);
        double ls = max_letterspace(&L, 0, 0);
        CHECK(ls <= 0.1 + 1e-3, "cell letter-spaced by %.3f em", ls);
        mlps_diag_free(&d);
    }

    /* 5. a title breaks in balanced lines at a word boundary, not "…视频 / 融合…" (greedy: 20 + 8) */
    {
        mlps_lines_clear(&L);
        mlps_diags d = MLPS_DIAGS_INIT;
        mlps_para p = body_para("重庆市渝中区城市道路桥梁健康监测系统视频融合平台定级报告");
        p.style.name = "title";
        p.style.role = "title";
        p.style.size_pt = 22;
        p.style.align = MLPS_ALIGN_CENTER;
        p.style.indent_first_em = 0;
        p.style.grid_chars = 0;
        CHECK_INT(mlps_para_layout(fs, &p, MEASURE, "t", 1, &L, &d), 0);
        CHECK_INT(L.nlines, 2);
        if (L.nlines == 2) {
            long a = (long)L.lines[0].nglyphs, b = (long)L.lines[1].nglyphs;
            CHECK(labs(a - b) <= 4, "title lines of %ld and %ld characters", a, b);
            const char *l0 = line_text(&L, 0);
            CHECK(!strcmp(l0, "重庆市渝中区城市道路桥梁") || !strcmp(l0, "重庆市渝中区城市道路桥梁健康") ||
                      !strcmp(l0, "重庆市渝中区城市道路桥梁健康监测"),
                  "title first line %s", l0);
        }
        mlps_diag_free(&d);
    }

    /* 5. a heading that wraps breaks at a word boundary ("的 / 数据交换", not "数据交 / 换"; the
     * opening （ keeps its blank inside the measure, so "数据" no longer fits)
     * and is never letter-spaced past 0.1 em: justified within that, else left ragged */
    {
        mlps_lines_clear(&L);
        mlps_diags d = MLPS_DIAGS_INIT;
        mlps_para p = body_para("（一）城市道路桥梁健康监测系统与视频融合平台之间的数据交换接口安全");
        p.style.name = "h2";
        p.style.role = "h2";
        p.style.outline_level = 2;
        p.style.keep_with_next = true;
        CHECK_INT(mlps_para_layout(fs, &p, MEASURE, "t", 1, &L, &d), 0);
        CHECK(L.nlines == 2, "heading lines %zu", L.nlines);
        double ls = max_letterspace(&L, 0, CELL);
        CHECK(ls <= 0.1 + 1e-3, "heading letter-spaced by %.3f em", ls);
        if (L.nlines == 2) {
            const char *l0 = line_text(&L, 0);
            size_t n = strlen(l0);
            CHECK(n > 9 && !strcmp(l0 + n - 9, "之间的"), "heading first line %s", l0);
        }
        mlps_diag_free(&d);
    }

    /* 6. a continuation line that begins with （ keeps the bracket's blank half: its box starts
     * at the measure's edge, where a cell's rule is (clreq allows the cut, RULES 3.3 "may") */
    {
        mlps_lines_clear(&L);
        mlps_diags d = MLPS_DIAGS_INIT;
        mlps_para p = body_para("1234567890123456");
        p.style.indent_first_em = 0;
        p.style.grid_chars = 0;
        p.style.align = MLPS_ALIGN_LEFT;
        CHECK_INT(mlps_para_layout(fs, &p, MEASURE, "t", 1, &L, &d), 0);
        double w = L.nlines ? L.lines[0].width : 100;
        mlps_lines_clear(&L);
        p = body_para("1234567890123456（注）");
        p.style.indent_first_em = 0;
        p.style.grid_chars = 0;
        CHECK_INT(mlps_para_layout(fs, &p, w + 0.5, "t", 1, &L, &d), 0);
        CHECK_INT(L.nlines, 2);
        if (L.nlines == 2) {
            const mlps_glyph *g = &L.glyphs[L.lines[1].first_glyph];
            CHECK(g->uni == 0xFF08 && g->x > -TOL && g->x < TOL,
                  "line-start （ at %.2f pt", g->x);
        }
        mlps_diag_free(&d);
    }

    /* 7. a run of pause marks keeps its full widths; a bracket pair still takes 1.5 em */
    {
        mlps_lines_clear(&L);
        layout_text(fs, "run", "甲：；？！，乙（“丙”）。", &L);
        const mlps_glyph *g = L.glyphs;
        for (size_t k = 1; k < 5 && k + 1 < L.nglyphs; k++)
            CHECK(g[k + 1].x - g[k].x > 0.9 * CELL, "mark %zu takes %.2f pt", k,
                  g[k + 1].x - g[k].x);
    }
    mlps_lines_free(&L);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int bench(const mlps_fontset *fs, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 1;
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    mlps_lines L = {0};
    mlps_diags d = MLPS_DIAGS_INIT;
    double best = 1e9;
    size_t paras = 0, chars = 0, maxl = 0;
    for (int run = 0; run < 50; run++) {
        mlps_lines_clear(&L);
        paras = 0;
        double t0 = now_ms();
        for (char *s = text, *e; *s; s = *e ? e + 1 : e) {
            e = strchr(s, '\n');
            if (!e)
                e = s + strlen(s);
            mlps_para p = body_para(s);
            p.spans[0].len = (size_t)(e - s);
            size_t before = L.nlines;
            mlps_para_layout(fs, &p, MEASURE, path, 1, &L, &d);
            if (L.nlines - before > maxl)
                maxl = L.nlines - before;
            paras++;
        }
        double t = now_ms() - t0;
        best = t < best ? t : best;
    }
    for (size_t i = 0; i < L.nglyphs; i++)
        chars += L.glyphs[i].uni && L.glyphs[i].uni != ' ';
    size_t hist[8] = {0};
    for (size_t i = 0, k = 0; i < L.nlines; i++) {
        k++;
        if (L.lines[i].last) {
            hist[k < 7 ? k : 7]++;
            k = 0;
        }
    }
    printf("bench: %zu paragraphs, %zu characters, %zu lines: best of 50 runs %.3f ms "
           "(%.2f us/paragraph)\n",
           paras, chars, L.nlines, best, best * 1000 / paras);
    printf("lines per paragraph: 1:%zu 2:%zu 3:%zu 4:%zu 5:%zu 6:%zu 7+:%zu (max %zu)\n", hist[1],
           hist[2], hist[3], hist[4], hist[5], hist[6], hist[7], maxl);
    mlps_diag_print(&d, stdout);
    mlps_diag_free(&d);
    mlps_lines_free(&L);
    return 0;
}

/* A code point's classes are those of every row of linebreak.c's table that lists it. */
static void test_lb_class(void)
{
    CHECK_INT(mlps_lb_class(0x201C), MLPS_LB_NO_END | MLPS_LB_OPEN | MLPS_LB_QUOTE);   /* “ */
    CHECK_INT(mlps_lb_class(0x2014), MLPS_LB_NO_START | MLPS_LB_CONNECTOR | MLPS_LB_DOUBLED);
    CHECK_INT(mlps_lb_class(0x3002), MLPS_LB_NO_START | MLPS_LB_PAUSE);                 /* 。 */
    CHECK_INT(mlps_lb_class(','), MLPS_LB_NO_START);
    CHECK_INT(mlps_lb_class('/'), MLPS_LB_NO_START | MLPS_LB_NO_END | MLPS_LB_SOLIDUS);
    CHECK_INT(mlps_lb_class(0x2116), MLPS_LB_PREFIX);                                   /* № */
    CHECK_INT(mlps_lb_class(0x2031), MLPS_LB_UNIT);                                     /* ‱ */
    CHECK_INT(mlps_lb_class(0x4E00), 0);
    CHECK_INT(mlps_lb_class(0x3001 + 0x100), 0);
    CHECK_INT(mlps_lb_class(' '), 0);
    CHECK_INT(mlps_lb_class(0x10FFFF), 0);
}

int main(int argc, char **argv)
{
    test_lb_class();
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_fontset *fs = mlps_fontset_load("fonts/fonts.xml", &d);
    mlps_diag_print(&d, stdout);
    mlps_diag_free(&d);
    CHECK(fs != NULL, "fonts/fonts.xml loads");
    if (!fs)
        TEST_DONE();
    if (argc == 3 && strcmp(argv[1], "--bench") == 0) {
        int rc = bench(fs, argv[2]);
        mlps_fontset_free(fs);
        return rc;
    }
    mlps_lines L = {0};

    /* break classes and glued pairs */
    CHECK(mlps_lb_class(0x3002) & MLPS_LB_NO_START, "。 no start");
    CHECK(mlps_lb_class(0x300A) & MLPS_LB_NO_END, "《 no end");
    CHECK(mlps_lb_class('/') & MLPS_LB_NO_END, "/ no end (gb)");
    CHECK(mlps_lb_class(0x4E2D) == 0, "中 plain");
    CHECK(mlps_lb_glued('0', '%') && mlps_lb_glued(0x2014, 0x2014) && !mlps_lb_glued('1', 0x5E74),
          "glued pairs");

    /* the reference paragraphs obey every rule */
    for (size_t i = 0; i < sizeof REF / sizeof *REF; i++) {
        char name[16];
        snprintf(name, sizeof name, "ref%zu", i);
        layout_text(fs, name, REF[i], &L);
    }

    /* 28 plain Han characters fill one line exactly; 26 fit after the 2-cell indent */
    {
        mlps_lines_clear(&L);
        const char *t28 = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未";
        mlps_para p = body_para(t28);
        p.style.indent_first_em = 0;
        mlps_diags d2 = MLPS_DIAGS_INIT;
        CHECK_INT(mlps_para_layout(fs, &p, MEASURE, "t", 1, &L, &d2), 0);
        CHECK_INT(L.nlines, 1);
        if (L.nlines == 1) {
            const mlps_glyph *g = &L.glyphs[27];
            CHECK_INT(L.lines[0].nglyphs, 28);
            CHECK(g->x + CELL > MEASURE - TOL && g->x + CELL < MEASURE + TOL, "28th ends at %.3f",
                  g->x + CELL);
        }
        mlps_lines_clear(&L);
        size_t f = layout_text(fs, "indent26", "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥", &L);
        CHECK_INT(L.lines[f].nglyphs, 26);
        CHECK_STR(line_text(&L, f + 1), "午未申酉戌亥");
        mlps_diag_free(&d2);
    }

    /* —— never split, 50% never split, whatever the position in the line */
    for (int k = 0; k < 28; k++) {
        static char t[1024];
        char name[32];
        size_t o = 0;
        for (int j = 0; j < k; j++)
            o += (size_t)snprintf(t + o, sizeof t - o, "测");
        snprintf(t + o, sizeof t - o,
                 "这是——破折号，增长了50%%，约¥100元，气温30℃……后面还有一些文字用来换行测试。");
        mlps_lines_clear(&L);
        snprintf(name, sizeof name, "shift%d", k);
        layout_text(fs, name, t, &L);
    }

    /* 先挤进: a full line followed by ； squeezes it in (each ， gives half an em) rather than
     * pushing 未 down. The ； itself keeps its whole advance: it does not hang past the edge
     * (RULES.md 3.4), so with one ， to squeeze 未 goes down with it. */
    {
        mlps_lines_clear(&L);
        size_t f = layout_text(
            fs, "squeeze",
            "一，三，五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰未；下一行的文字在这里继续写。", &L);
        CHECK_STR(line_text(&L, f), "一，三，五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰未；");
        mlps_lines_clear(&L);
        f = layout_text(
            fs, "no hang",
            "一，三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰未；下一行的文字在这里继续写。", &L);
        CHECK_STR(line_text(&L, f), "一，三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰");
        CHECK_STR(line_text(&L, f + 1), "未；下一行的文字在这里继续写。");
    }
    int ends_closing = 0;
    /* cell-like measures, not on the grid, a 》 or ） ending some line: before, it hung half
     * an em past the measure (across a cell's rule) */
    for (int q = 0; q < 40; q++) {
        mlps_lines_clear(&L);
        mlps_para p = body_para("附件名称《鹅岭健康信息中心-中心门户网站-定级报告》（跳转至 HTTPS）"
                                "和其他材料（附件）以及《说明》");
        p.style.grid_chars = 0;
        p.style.indent_first_em = 0;
        double w = (8 + q * 0.25) * SIZE;
        size_t f = L.nlines;
        CHECK_INT(mlps_para_layout(fs, &p, w, "test.xml", 1, &L, &d), 0);
        for (size_t i = f; i + 1 < L.nlines; i++) {
            const mlps_glyph *gl = &L.glyphs[L.lines[i].first_glyph + L.lines[i].nglyphs - 1];
            ends_closing += gl->uni == 0x300B || gl->uni == 0xFF09;
        }
        for (size_t i = f; i < L.nlines; i++) {
            const mlps_line *ln = &L.lines[i];
            CHECK(ln->width < w + TOL, "cell: line %zu width %.3f, past %.3f", i - f, ln->width, w);
            for (size_t k = 0; k < ln->nglyphs; k++) {
                const mlps_glyph *g = &L.glyphs[ln->first_glyph + k];
                CHECK(box_end(g) < w + TOL, "cell: line %zu: U+%04X ends at %.3f, past %.3f",
                      i - f, (unsigned)g->uni, box_end(g), w);
            }
        }
    }
    CHECK(ends_closing >= 5, "cell: %d lines end with 》 or ）", ends_closing);

    /* 孤字: one character left for the last line pulls one more down */
    {
        mlps_lines_clear(&L);
        size_t f = layout_text(fs, "orphan",
                               "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
                               "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅。",
                               &L);
        CHECK_INT(L.nlines - f, 3);
        if (L.nlines - f == 3)
            CHECK_STR(line_text(&L, f + 2), "丑寅。");
    }

    /* adjacent marks: ”） and 。” take 1.5 em */
    {
        mlps_lines_clear(&L);
        layout_text(fs, "pairs", "简称“财务系统”）开展了定级工作。”很好", &L);
        const mlps_glyph *g = L.glyphs;
        for (size_t k = 0; k + 2 < L.nglyphs; k++)
            if (g[k].uni == 0x201D && g[k + 1].uni == 0xFF09)
                CHECK(g[k + 2].x - g[k].x < 1.5 * CELL + TOL && g[k + 2].x - g[k].x > 1.4 * CELL,
                      "”） pair %.3f", g[k + 2].x - g[k].x);
    }

    /* Han–Latin spacing: a quarter em between 称 and F */
    {
        mlps_lines_clear(&L);
        layout_text(fs, "hanlatin", "英文名称Finance系统", &L);
        const mlps_glyph *g = L.glyphs;
        CHECK(L.nglyphs == 13 && g[4].x - (g[3].x + CELL) > 0.25 * SIZE - TOL &&
                  g[4].x - (g[3].x + CELL) < 0.25 * SIZE + TOL,
              "gap %.3f", L.nglyphs == 13 ? g[4].x - (g[3].x + CELL) : -1.0);
    }

    /* A space typed between Han and digits is the quarter-em gap, not a half-em word space */
    {
        mlps_lines_clear(&L);
        layout_text(fs, "typed-space", "月生成约 62 万笔", &L);
        const mlps_glyph *g = L.glyphs;
        double gap = L.nglyphs == 10 ? g[5].x - (g[3].x + CELL) : -1.0;
        CHECK(gap > 0.25 * SIZE - TOL && gap < 0.25 * SIZE + TOL, "約 62 gap %.3f", gap);
    }

    /* Ext-B 𠮷 comes from the fallback face */
    {
        mlps_lines_clear(&L);
        layout_text(fs, "extb", "吉与𠮷不同", &L);
        int found = 0;
        for (size_t k = 0; k < L.nglyphs; k++)
            if (L.glyphs[k].uni == 0x20BB7) {
                found = 1;
                CHECK(L.glyphs[k].gid != 0, "𠮷 has a glyph");
                CHECK(strcmp(mlps_face_family(L.glyphs[k].face), "AR PL UMing CN") != 0,
                      "𠮷 from %s", mlps_face_family(L.glyphs[k].face));
                CHECK(L.glyphs[0].face != L.glyphs[k].face, "different face");
            }
        CHECK(found, "𠮷 laid out");
    }

    /* a character no font covers: one error naming it, non-zero */
    {
        mlps_diags d2 = MLPS_DIAGS_INIT;
        mlps_para p = body_para("私用\xf4\x8f\xbf\xbd区字符\xf4\x8f\xbf\xbd");
        size_t before = L.nlines;
        CHECK(mlps_para_layout(fs, &p, MEASURE, "data.xml", 42, &L, &d2) != 0, "fails");
        CHECK_INT(d2.count, 1);
        CHECK_INT(L.nlines, before);
        if (d2.count) {
            char *m = mlps_diag_format(&d2.items[0]);
            CHECK(strstr(m, "U+10FFFD") && strstr(m, "data.xml:42") && strstr(m, "没有可用字体"),
                  "message: %s", m);
            free(m);
        }
        mlps_diag_free(&d2);
        p.style.role = "nosuchrole";
        CHECK(mlps_para_layout(fs, &p, MEASURE, "data.xml", 43, &L, &d2) != 0, "unknown role");
        CHECK_INT(d2.errors, 1);
        mlps_diag_free(&d2);
    }

    /* empty paragraph: one empty line with the role's metrics */
    {
        mlps_lines_clear(&L);
        mlps_diags d2 = MLPS_DIAGS_INIT;
        mlps_para p = body_para("");
        CHECK_INT(mlps_para_layout(fs, &p, MEASURE, "t", 1, &L, &d2), 0);
        CHECK(L.nlines == 1 && L.lines[0].nglyphs == 0 && L.lines[0].ascent > 0, "empty line");
        mlps_diag_free(&d2);
    }

    /* centre and right alignment: natural spacing inside the measure */
    {
        mlps_lines_clear(&L);
        mlps_diags d2 = MLPS_DIAGS_INIT;
        mlps_para p = body_para("2024年5月20日");
        p.style.align = MLPS_ALIGN_RIGHT;
        p.style.indent_first_em = 0;
        p.style.grid_chars = 0;
        p.style.indent_right_em = 4;
        CHECK_INT(mlps_para_layout(fs, &p, MEASURE, "t", 1, &L, &d2), 0);
        if (L.nlines == 1) {
            const mlps_glyph *g = &L.glyphs[L.lines[0].nglyphs - 1];
            CHECK(g->x + SIZE > MEASURE - 4 * SIZE - TOL && g->x + SIZE < MEASURE - 4 * SIZE + TOL,
                  "right edge %.3f", g->x + SIZE);
        }
        mlps_diag_free(&d2);
    }

    mlps_lines_free(&L);
    fitting_tests(fs);
    mlps_fontset_free(fs);
    TEST_DONE();
}
