/* PDF backend: a hand-built two-page layout written and read back with poppler and qpdf. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "font.h"
#include "harness.h"
#include "layout.h"
#include "mem.h"
#include "pdf.h"
#include "pdf_font.h"
#include "pdf_fontcache.h"
#include "pdf_glyphz.h"

#include <libdeflate.h>
#include "utf8.h"

#define TEXT "信息安全等级保护 GB/T 22240—2020 𠮷“引号”。"
#define TITLE "定级报告 𠮷"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Runs cmd, returns its stdout (caller frees); *status gets the exit status. */
static char *run(const char *cmd, int *status)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return mlps_xstrdup("");
    char *out = NULL;
    size_t len = 0, cap = 0;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) {
        XGROW(out, cap, len + n + 1);
        memcpy(out + len, chunk, n);
        len += n;
    }
    int st = pclose(p);
    if (status)
        *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    if (!out)
        return mlps_xstrdup("");
    out[len] = '\0';
    return out;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = mlps_xmalloc((size_t)n + 1);
    *len = fread(b, 1, (size_t)n, f);
    fclose(f);
    return b;
}

/* Lays text out on one line from x, with `extra` pt added after each character (to make the
 * positions depend on TJ adjustments, as justified lines do). Returns the end x. */
static double add_line(mlps_page *pg, const mlps_fontset *fs, int role, const char *text,
                       double x, double y, double size, double extra)
{
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        uint32_t cp = mlps_utf8_next(text, len, &i);
        const mlps_face *f = mlps_fontset_pick(fs, role, cp);
        if (!f)
            continue;
        uint32_t gid = mlps_face_glyph(f, cp);
        XGROW(pg->glyphs, pg->glyphs_cap, pg->nglyphs + 1);
        pg->glyphs[pg->nglyphs++] = (mlps_glyph){f, (float)size, gid, cp, (float)x, (float)y, 0, 0};
        x += mlps_face_advance(f, gid) * size / mlps_face_upem(f) + extra;
    }
    return x;
}

/* pdfinfo pads values to a column; compare "Key:" and the value. */
static int has_field(const char *info, const char *key, const char *value)
{
    for (const char *p = strstr(info, key); p; p = strstr(p + 1, key)) {
        if (p != info && p[-1] != '\n')
            continue;
        p += strlen(key);
        while (*p == ' ')
            p++;
        if (strncmp(p, value, strlen(value)) == 0 && (p[strlen(value)] == '\n' || !p[strlen(value)]))
            return 1;
    }
    return 0;
}

static int file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static int count_tmp_files(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += strstr(e->d_name, ".tmp") != NULL;
    if (d)
        closedir(d);
    return n;
}

/* The first n bytes of needle in hay[len], or NULL (memmem is a GNU extension). */
static char *find(const char *hay, size_t len, const char *needle, size_t n)
{
    for (size_t i = 0; i + n <= len; i++)
        if (!memcmp(hay + i, needle, n))
            return (char *)hay + i;
    return NULL;
}

/* Replaces the first occurrence of pair[0] in bytes by pair[1] (same length). */
static void alter_first(char *bytes, size_t len, void *user)
{
    const char *const *pair = user;
    char *p = find(bytes, len, pair[0], strlen(pair[0]));
    if (p)
        memcpy(p, pair[1], strlen(pair[1]));
}


/* The shared glyphs' deflate (mlps_pdf_fontcache_shared): open-ended raw deflate that a
 * document's own deflate of the rest follows, for data libdeflate makes one block of, several
 * blocks of, or a stored block of. Returns 1 when both checks hold for data (n bytes). */
/* glyphs coded one by one (pdf_glyphz.h), joined as a document joins them, after `lead` zero
 * bits; *bits gets the block's bits before its end (caller frees), *nbits their count */
static void glyphz_block(const mlps_glyphz_code *code, const unsigned char *const *g,
                         const size_t *len, size_t n, unsigned lead, mlps_glyphz_block *b,
                         size_t *nbits_before_end)
{
    unsigned char zero[2] = {0, 0}; /* lead: fewer than 16 bits */
    *b = (mlps_glyphz_block){0};
    mlps_glyphz_append(b, zero, lead);
    mlps_glyphz_begin(code, b);
    for (size_t i = 0; i < n; i++) {
        unsigned char *bits;
        size_t nbits = mlps_glyphz_encode(code, g[i], len[i], &bits);
        mlps_glyphz_append(b, bits, nbits);
        free(bits);
    }
    *nbits_before_end = 8 * b->len + b->nacc;
    mlps_glyphz_end(code, b);
}

/* The block of those glyphs, then a final empty stored block: libdeflate must inflate them
 * back whole. */
static int glyphz_round_trip(const mlps_glyphz_code *code, const unsigned char *const *g,
                             const size_t *len, size_t n)
{
    mlps_glyphz_block b;
    size_t before, total = 0;
    glyphz_block(code, g, len, n, 0, &b, &before);
    for (size_t i = 0; i < n; i++)
        total += len[i];
    unsigned char *z = malloc(b.len + 5), *out = malloc(total + 1);
    memcpy(z, b.p, b.len);
    memcpy(z + b.len, "\x01\x00\x00\xff\xff", 5); /* final, empty, stored */
    struct libdeflate_decompressor *dz = libdeflate_alloc_decompressor();
    size_t got = 0;
    int ok = libdeflate_deflate_decompress(dz, z, b.len + 5, out, total + 1, &got) == 0 &&
             got == total;
    for (size_t i = 0, at = 0; ok && i < n; at += len[i], i++)
        ok = memcmp(out + at, g[i], len[i]) == 0;
    libdeflate_free_decompressor(dz);
    free(z);
    free(out);
    free(b.p);
    return ok;
}

/* The same block after lead bits: the same bits, lead places on (a document's block starts
 * wherever the bits before it end). */
static int glyphz_shifted(const mlps_glyphz_code *code, const unsigned char *const *g,
                          const size_t *len, size_t n, unsigned lead)
{
    mlps_glyphz_block b0, bk;
    size_t n0, nk;
    glyphz_block(code, g, len, n, 0, &b0, &n0);
    glyphz_block(code, g, len, n, lead, &bk, &nk);
    int ok = nk == n0 + lead;
    for (size_t i = 0; ok && i < n0; i++)
        ok = (b0.p[i / 8] >> (i % 8) & 1) == (bk.p[(i + lead) / 8] >> ((i + lead) % 8) & 1);
    free(b0.p);
    free(bk.p);
    return ok;
}

static int shared_deflate_ok(mlps_pdf_fontcache *fc, const mlps_face *face,
                             const unsigned char *data, size_t n, const char *what)
{
    size_t zlen = 0;
    uint32_t adler = libdeflate_adler32(1, data, n);
    static const int set, other_set; /* two glyph sets: only their addresses count */
    const unsigned char *z = mlps_pdf_fontcache_shared(fc, face, &set, data, n, adler, &zlen);
    CHECK(z != NULL && zlen > 0, "%s: made", what);
    if (!z)
        return 0;
    size_t again_len = 0;
    CHECK(mlps_pdf_fontcache_shared(fc, face, &set, data, n, adler, &again_len) == z && again_len == zlen,
          "%s: kept for the run", what);
    const unsigned char *z2 = mlps_pdf_fontcache_shared(fc, face, &other_set, data, n, adler, &again_len);
    CHECK(z2 && z2 != z, "%s: another set's glyphs are kept apart, even with the same bytes", what);
    /* followed by another raw stream (the document's rest), it inflates to both */
    static const char rest[] = "the rest of the font program, deflated by the document";
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(1);
    size_t cap = zlen + libdeflate_deflate_compress_bound(c, sizeof rest);
    unsigned char *all = malloc(cap), *out = malloc(n + sizeof rest + 16);
    memcpy(all, z, zlen);
    size_t m = libdeflate_deflate_compress(c, rest, sizeof rest, all + zlen, cap - zlen);
    struct libdeflate_decompressor *dz = libdeflate_alloc_decompressor();
    size_t got = 0;
    int ok = m > 0 && libdeflate_deflate_decompress(dz, all, zlen + m, out, n + sizeof rest + 16,
                                                    &got) == LIBDEFLATE_SUCCESS &&
             got == n + sizeof rest && memcmp(out, data, n) == 0 &&
             memcmp(out + n, rest, sizeof rest) == 0;
    CHECK(ok, "%s: with the rest after it, inflates to the data and the rest (%zu bytes)", what, got);
    libdeflate_free_decompressor(dz);
    libdeflate_free_compressor(c);
    free(all);
    free(out);
    return ok;
}

int main(void)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_fontset *fs = mlps_fontset_load("fonts/fonts.xml", &d);
    CHECK(fs != NULL, "fontset");
    if (!fs) {
        mlps_diag_print(&d, stdout);
        TEST_DONE();
    }
    int body = mlps_fontset_role(fs, "body"), h1 = mlps_fontset_role(fs, "h1");
    int pagenum = mlps_fontset_role(fs, "pagenum");

    mlps_layout lay = {0};
    lay.geom.page_w = 595.28;
    lay.geom.page_h = 841.89;
    lay.npages = lay.pages_cap = 2;
    lay.pages = mlps_xcalloc(2, sizeof *lay.pages);
    mlps_page *p1 = &lay.pages[0], *p2 = &lay.pages[1];
    add_line(p1, fs, h1, "一、定级对象", 79.37, 140.0, 16, 0);
    double end = add_line(p1, fs, body, TEXT, 79.37, 180.0, 16, 0.37);
    add_line(p1, fs, body, "第二行", 79.37, 210.0, 16, 0);
    p1->number = 1;
    p1->rules = mlps_xcalloc(1, sizeof *p1->rules);
    p1->nrules = p1->rules_cap = 1;
    p1->rules[0] = (mlps_rule){79.37, 220.0, 515.9, 220.0, 0.75};
    p1->rects = mlps_xcalloc(1, sizeof *p1->rects);
    p1->nrects = p1->rects_cap = 1;
    p1->rects[0] = (mlps_rect){79.37, 230.0, 200, 30, 0.85f};
    add_line(p1, fs, pagenum, "— 1 —", 280, 780, 14, 0);
    add_line(p2, fs, body, "第二页", 79.37, 140.0, 16, 0);
    add_line(p2, fs, pagenum, "— 2 —", 280, 780, 14, 0);
    p2->number = 2;
    /* rules as a table draws them, row by row: merged where they continue one another */
    static const mlps_rule rules2[] = {
        {100, 300, 100, 320, 0.75}, {100, 320, 100, 340, 0.75}, /* continue */
        {100, 330, 100, 360, 0.75},                             /* overlaps */
        {100, 400, 100, 420, 0.75},                             /* a gap: apart */
        {200, 500, 100, 500, 0.75}, {200, 500, 300, 500, 0.75}, /* horizontal, either way */
        {100, 360, 100, 380, 1.5},                              /* another width: apart */
        {100, 600, 120, 620, 0.75},                             /* slanted: as given */
    };
    p2->nrules = p2->rules_cap = sizeof rules2 / sizeof *rules2;
    p2->rules = mlps_xmalloc(sizeof rules2);
    memcpy(p2->rules, rules2, sizeof rules2);
    lay.noutline = lay.outline_cap = 2;
    lay.outline = mlps_xcalloc(2, sizeof *lay.outline);
    lay.outline[0] = (mlps_outline_entry){1, mlps_xstrdup("一、定级对象 𠮷"), 0, 124.0f};
    lay.outline[1] = (mlps_outline_entry){2, mlps_xstrdup("（一）第二页"), 1, 124.0f};
    mlps_doc_meta meta = {(char *)TITLE, (char *)"某某单位", (char *)"信息安全等级保护",
                          (char *)"定级, MLPS"};

    char dir[] = "/tmp/mlps_test_pdf_XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char out[256], out2[256], cmd[1024];
    snprintf(out, sizeof out, "%s/a.pdf", dir);
    snprintf(out2, sizeof out2, "%s/b.pdf", dir);

    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    double t0 = now_ms();
    int rc = mlps_pdf_write(&lay, &meta, out, &d);
    double t1 = now_ms();
    mlps_diag_print(&d, stdout);
    CHECK_INT(rc, 0);
    CHECK_INT(d.errors, 0);
    size_t len = 0, len2 = 0;
    char *bytes = slurp(out, &len);
    CHECK(bytes != NULL, "output exists");
    printf("pdf write: %.2f ms, %zu bytes\n", t1 - t0, len);
    CHECK(len > 1000 && len < 40000, "size %zu", len);

    /* Font programs (figures), and the renumbering: .notdef stays 0, used glyphs are dense. */
    HPDF_Doc probe = HPDF_New(NULL, NULL);
    mlps_pdf_splices splices = {0};
    mlps_pdf_fonts *pf = mlps_pdf_fonts_build(probe, &lay, &splices, &d);
    CHECK(pf != NULL, "pdf fonts");
    if (pf) {
        const mlps_face *seen[8] = {0};
        size_t nseen = 0;
        for (size_t p = 0; p < lay.npages; p++)
            for (size_t i = 0; i < lay.pages[p].nglyphs; i++) {
                const mlps_glyph *g = &lay.pages[p].glyphs[i];
                unsigned cid;
                (void)mlps_pdf_fonts_glyph(pf, g->face, g->gid, &cid);
                CHECK(cid > 0 && cid < 64, "cid %u for gid %u", cid, g->gid);
                int known = 0;
                for (size_t k = 0; k < nseen; k++)
                    known |= seen[k] == g->face;
                if (!known && nseen < 8) {
                    seen[nseen++] = g->face;
                    printf("font program %s: %zu bytes (uncompressed)\n", mlps_face_family(g->face),
                           mlps_pdf_fonts_program_size(pf, g->face));
                }
            }
    }
    mlps_pdf_fonts_free(pf);
    mlps_pdf_splices_free(&splices);
    HPDF_Free(probe);

    int st = -1;
    snprintf(cmd, sizeof cmd, "pdffonts %s 2>&1", out);
    char *fonts = run(cmd, &st);
    printf("%s", fonts);
    CHECK_INT(st, 0);
    int nfonts = 0, allyes = 1;
    for (char *line = strtok(fonts, "\n"); line; line = strtok(NULL, "\n")) {
        if (!strstr(line, "CID TrueType"))
            continue;
        nfonts++;
        char name[128], t1s[32], t2s[32], enc[32], emb[8], sub[8], uni[8];
        if (sscanf(line, "%127s %31s %31s %31s %7s %7s %7s", name, t1s, t2s, enc, emb, sub, uni) !=
                7 ||
            strcmp(emb, "yes") || strcmp(sub, "yes") || strcmp(uni, "yes"))
            allyes = 0;
        CHECK(strlen(name) > 7 && name[6] == '+', "subset tag in %s", name);
    }
    CHECK(nfonts >= 2, "fonts: %d", nfonts);
    CHECK(allyes, "every font emb/sub/uni = yes");
    free(fonts);

    snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1", out);
    CHECK_INT(system(cmd), 0);

    /* page 2's rules as written (y from the page's bottom, 841.89 pt), by width, direction and
     * place */
    snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable %s - | grep -a ' [lw]$'", out);
    char *ops = run(cmd, &st);
    static const char want[] =
        "0.75 w\n100 441.89 m 100 421.89 l\n100 541.89 m 100 481.89 l\n"
        "100 341.89 m 300 341.89 l\n100 241.89 m 120 221.89 l\n1.5 w\n100 481.89 m 100 461.89 l\n";
    CHECK(strstr(ops, want) != NULL, "page 2's rules merged: %s", ops);
    free(ops);

    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s - 2>%s/err.txt", out, dir);
    char *text = run(cmd, &st);
    CHECK_INT(st, 0);
    CHECK(strstr(text, TEXT) != NULL, "text round trip: %s", text);
    CHECK(strstr(text, "第二页") && strstr(text, "一、定级对象"), "other lines");
    free(text);
    snprintf(cmd, sizeof cmd, "%s/err.txt", dir);
    size_t elen = 99;
    char *err = slurp(cmd, &elen);
    CHECK_INT(elen, 0);
    free(err);

    /* Positions: the last character of the spaced line ends where the layout put it. */
    snprintf(cmd, sizeof cmd, "pdftotext -bbox -f 1 -l 1 %s - 2>/dev/null | grep -F '。</word>'", out);
    char *bbox = run(cmd, &st);
    const char *xmax = strstr(bbox, "xMax=\"");
    double got_end = xmax ? atof(xmax + 6) : -1;
    CHECK(got_end > end - 0.37 - 0.02 && got_end < end - 0.37 + 0.02, "line end %.3f want %.3f",
          got_end, end - 0.37);
    free(bbox);

    snprintf(cmd, sizeof cmd, "pdfinfo %s 2>&1", out);
    char *info = run(cmd, &st);
    CHECK(has_field(info, "Title:", TITLE), "title: %s", info);
    CHECK(has_field(info, "Author:", "某某单位"), "author");
    CHECK(has_field(info, "Subject:", "信息安全等级保护"), "subject");
    CHECK(has_field(info, "Keywords:", "定级, MLPS"), "keywords");
    CHECK(has_field(info, "Producer:", "mlpsdoc"), "producer");
    CHECK(has_field(info, "CreationDate:", "Tue Nov 14 22:13:20 2023 UTC"),
          "date from SOURCE_DATE_EPOCH");
    CHECK(has_field(info, "Pages:", "2"), "pages");
    free(info);

    snprintf(cmd, sizeof cmd, "pdftohtml -xml -i -stdout -q %s 2>&1", out);
    char *xml = run(cmd, &st);
    CHECK(strstr(xml, ">一、定级对象 𠮷</item>") || strstr(xml, ">一、定级对象 𠮷<"), "outline");
    CHECK(strstr(xml, "（一）第二页") != NULL, "nested outline");
    free(xml);

    /* Reproducible: same input, same bytes. */
    t0 = now_ms();
    rc = mlps_pdf_write(&lay, &meta, out2, &d);
    printf("pdf write again (font tables warm): %.2f ms\n", now_ms() - t0);
    CHECK_INT(rc, 0);
    char *bytes2 = slurp(out2, &len2);
    CHECK(bytes && bytes2 && len == len2 && memcmp(bytes, bytes2, len) == 0, "byte-identical");
    free(bytes2);

    /* A run's font cache: the first document fills it, the second takes every font from it;
     * both are the same bytes as without it. */
    {
        mlps_pdf_fontcache *fc = mlps_pdf_fontcache_new();
        mlps_pdf_times tm = {0, 0};
        size_t hits = 0, entries = 0;
        for (int k = 0; k < 2; k++) {
            rc = mlps_pdf_write_timed(&lay, &meta, out2, &tm, fc, NULL, &d);
            bytes2 = slurp(out2, &len2);
            CHECK(rc == 0 && bytes && bytes2 && len == len2 && memcmp(bytes, bytes2, len) == 0,
                  "byte-identical with the font cache (%s)", k ? "hit" : "miss");
            free(bytes2);
            mlps_pdf_fontcache_counts(fc, &hits, &entries);
            CHECK(entries >= 3 && hits == (k ? entries : 0), "font cache: %zu hits, %zu entries",
                  hits, entries);
        }
        /* its page contents: kept the second time they were seen, taken the third */
        size_t phits = 0, pentries = 0;
        mlps_pdf_pagecache_counts(mlps_pdf_fontcache_pages(fc), &phits, &pentries);
        CHECK(phits == 0 && pentries == lay.npages, "page cache after two: %zu hits, %zu kept",
              phits, pentries);
        rc = mlps_pdf_write_timed(&lay, &meta, out2, &tm, fc, NULL, &d);
        bytes2 = slurp(out2, &len2);
        CHECK(rc == 0 && bytes && bytes2 && len == len2 && memcmp(bytes, bytes2, len) == 0,
              "byte-identical with page contents from the cache");
        free(bytes2);
        mlps_pdf_pagecache_counts(mlps_pdf_fontcache_pages(fc), &phits, &pentries);
        CHECK(phits == lay.npages && pentries == lay.npages,
              "page cache after three: %zu hits, %zu kept", phits, pentries);
        mlps_pdf_fontcache_counts(fc, &hits, &entries);
        /* one glyph more in a face: a different subset, not the cached one */
        add_line(p2, fs, body, "鑫", 79.37, 300.0, 16, 0);
        rc = mlps_pdf_write_timed(&lay, &meta, out2, &tm, fc, NULL, &d);
        size_t hits2 = 0, entries2 = 0;
        mlps_pdf_fontcache_counts(fc, &hits2, &entries2);
        CHECK(rc == 0 && hits2 == hits + entries - 1 && entries2 == entries + 1,
              "changed glyph set: %zu hits, %zu entries", hits2, entries2);
        p2->nglyphs -= 1; /* back to the document the other checks expect */
        {
            /* glyph-like bytes (one block), 400 KB of text then noise (several blocks: the
             * last one's BFINAL is cleared wherever it is), noise (stored), a few bytes */
            size_t big = 400000;
            unsigned char *d = malloc(big);
            uint32_t x = 12345;
            for (size_t i = 0; i < big; i++) {
                x = x * 1103515245u + 12345u;
                d[i] = i < big / 2 ? (unsigned char)("glyf data "[i % 10] + (i / 977) % 3)
                                   : (unsigned char)(x >> 24);
            }
            const mlps_face *any = mlps_fontset_face_at(fs, 0);
            shared_deflate_ok(fc, any, d, 20000, "repeating bytes");
            shared_deflate_ok(fc, any, d, big, "text then noise");
            shared_deflate_ok(fc, any, d + big / 2, 70000, "noise");
            shared_deflate_ok(fc, any, d + 3, 5, "five bytes");
            for (size_t k = 1; k <= 8; k++) /* each padding the last byte can have */
                shared_deflate_ok(fc, any, d + 1000 * k, 100 + 37 * k, "short text");
            free(d);
        }
        mlps_pdf_fontcache_free(fc);
    }
    free(bytes);

    /* The glyph code: every glyph of a face, coded alone, inflates back, whatever glyphs come
     * before it and however many bits come before the block; made twice, the same bits. */
    {
        hb_face_t *face = mlps_face_hb_face(mlps_fontset_face_at(fs, 0));
        mlps_glyphz_code *code = mlps_glyphz_code_new(face), *again = mlps_glyphz_code_new(face);
        CHECK(code && again, "a glyph code for the first face");
        hb_blob_t *glyf = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
        unsigned glen;
        const unsigned char *gd = (const unsigned char *)hb_blob_get_data(glyf, &glen);
        /* 300 pieces of glyf of every length up to 2 KB: glyph bytes as a font has them */
        const unsigned char *g[300];
        size_t len[300];
        uint32_t x = 7;
        for (size_t i = 0; i < 300 && glen > 4096; i++) {
            x = x * 1103515245u + 12345u;
            len[i] = i < 3 ? i : (x >> 8) % 2048;
            g[i] = gd + (x >> 4) % (glen - 2048);
        }
        int same = 1;
        for (size_t i = 0; code && again && i < 300; i++) {
            unsigned char *b1, *b2;
            size_t n1 = mlps_glyphz_encode(code, g[i], len[i], &b1);
            size_t n2 = mlps_glyphz_encode(again, g[i], len[i], &b2);
            same &= n1 == n2 && (n1 == 0 || memcmp(b1, b2, (n1 + 7) / 8) == 0);
            free(b1);
            free(b2);
        }
        CHECK(same, "a glyph's bits are the same from one code to another of the face");
        CHECK(code && glyphz_round_trip(code, g, len, 300), "300 glyphs coded one by one inflate back");
        CHECK(code && glyphz_round_trip(code, g + 3, len + 3, 1), "one glyph inflates back");
        for (unsigned lead = 1; code && lead < 12; lead++)
            CHECK(glyphz_shifted(code, g, len, 300, lead), "after %u bits, the same bits", lead);
        hb_blob_destroy(glyf);
        mlps_glyphz_code_free(code);
        mlps_glyphz_code_free(again);
    }

    /* A form page's grid (shading, rules, images of PDF_SPLIT_GRAPHICS bytes or more): a content
     * stream of its own before the text's, taken from the run's cache by a unit whose text
     * differs; the page shows the same text either way */
    {
        mlps_layout form = {0};
        form.geom = lay.geom;
        form.npages = form.pages_cap = 1;
        form.pages = mlps_xcalloc(1, sizeof *form.pages);
        mlps_page *fp = &form.pages[0];
        fp->nrules = fp->rules_cap = 120;
        fp->rules = mlps_xcalloc(fp->nrules, sizeof *fp->rules);
        for (size_t i = 0; i < fp->nrules; i++) /* a grid: 60 rows and 60 short columns */
            fp->rules[i] = i < 60 ? (mlps_rule){79.37f, 100.0f + 10 * i, 515.9f, 100.0f + 10 * i, 0.5f}
                                  : (mlps_rule){80.0f + 7 * (i - 60), 90.0f, 80.0f + 7 * (i - 60), 95.0f, 0.5f};
        add_line(fp, fs, body, "单位名称", 85.0, 108.0, 12, 0);
        add_line(fp, fs, body, "某某单位", 200.0, 108.0, 12, 0);
        char fout[300];
        snprintf(fout, sizeof fout, "%s/form.pdf", dir);
        mlps_pdf_fontcache *fc = mlps_pdf_fontcache_new();
        mlps_pdf_times tm = {0, 0};
        size_t phits = 0, pentries = 0;
        for (int k = 0; k < 3; k++) { /* the third unit's text is elsewhere */
            if (k == 2)
                fp->glyphs[fp->nglyphs - 1].x += 0.5f;
            rc = mlps_pdf_write_timed(&form, &meta, fout, &tm, fc, NULL, &d);
            CHECK_INT(rc, 0);
        }
        mlps_pdf_pagecache_counts(mlps_pdf_fontcache_pages(fc), &phits, &pentries);
        CHECK(phits == 1 && pentries == 2, "the grid from the cache, the new text not: %zu hits, %zu kept",
              phits, pentries);
        snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable %s - | grep -a -A3 '/Contents \\['", fout);
        char *contents = run(cmd, &st);
        CHECK(strstr(contents, "/Contents [") != NULL, "two content streams: %s", contents);
        free(contents);
        snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1", fout);
        CHECK_INT(system(cmd), 0);
        snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s - 2>/dev/null", fout);
        char *ftext = run(cmd, &st);
        CHECK(strstr(ftext, "单位名称") && strstr(ftext, "某某单位"), "the page's text: %s", ftext);
        free(ftext);
        /* a report page's few rules stay with its text: one stream */
        snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable %s - | grep -a -c '/Contents \\['", out);
        char *one = run(cmd, &st);
        CHECK(atoi(one) == 0, "a report page: one content stream (%s)", one);
        free(one);
        mlps_pdf_fontcache_free(fc);
        mlps_layout *owned = mlps_xmalloc(sizeof *owned);
        *owned = form;
        mlps_layout_free(owned);
    }

    /* Without SOURCE_DATE_EPOCH: no dates at all. */
    unsetenv("SOURCE_DATE_EPOCH");
    rc = mlps_pdf_write(&lay, &meta, out2, &d);
    snprintf(cmd, sizeof cmd, "pdfinfo %s 2>&1", out2);
    info = run(cmd, &st);
    CHECK(rc == 0 && !strstr(info, "CreationDate:"), "no date: %s", info);
    free(info);
    CHECK_INT(d.errors, 0);

    /* Two ways to the file: libharu 2.3.0's bytes repacked as PDF 1.5 (object and xref
     * streams), or, when its bytes are not laid out as expected, libharu's own output. Both
     * give the same text and pass qpdf. */
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    bytes = slurp(out, &len);
    CHECK(bytes && !strncmp(bytes, "%PDF-1.5\n", 9) && find(bytes, len, "/Type /ObjStm", 13) &&
              find(bytes, len, "/Type /XRef", 11),
          "repacked: PDF 1.5, object and cross-reference streams");
    free(bytes);
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s - 2>/dev/null", out);
    char *packed_text = run(cmd, &st);
    static const char *const alterations[][2] = {
        {"startxref\n", "startxref\r"}, /* another line end */
        {"endobj\n", "endobj\r"},       /* one object ends otherwise */
        {" 00000 n", " 00000 f"},       /* an xref entry marked free */
        {"trailer", "Trailer"},         /* the trailer spelled otherwise */
    };
    for (size_t k = 0; k < sizeof alterations / sizeof alterations[0]; k++) {
        mlps_pdf_probe probe = {alter_first, (void *)alterations[k], 0, 0};
        snprintf(out2, sizeof out2, "%s/plain%zu.pdf", dir, k);
        rc = mlps_pdf_write_probe(&lay, &meta, out2, &probe, &d);
        CHECK(rc == 0 && probe.plain == 1, "alteration %zu: libharu's output written (rc %d)", k, rc);
        bytes = slurp(out2, &len2);
        CHECK(bytes && !strncmp(bytes, "%PDF-1.3\n", 9) && !find(bytes, len2, "/ObjStm", 7),
              "alteration %zu: plain PDF 1.3", k);
        CHECK(len2 > len, "alteration %zu: plain is larger (%zu, packed %zu)", k, len2, len);
        free(bytes);
        snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1", out2);
        CHECK_INT(system(cmd), 0);
        snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s - 2>/dev/null", out2);
        char *plain_text = run(cmd, &st);
        CHECK(st == 0 && !strcmp(plain_text, packed_text), "alteration %zu: same text", k);
        free(plain_text);
    }
    /* the fallback is reproducible too */
    {
        char a[300], b[300];
        size_t la = 0, lb = 0;
        mlps_pdf_probe p1 = {alter_first, (void *)alterations[0], 0, 0};
        mlps_pdf_probe p2 = {alter_first, (void *)alterations[0], 0, 0};
        snprintf(a, sizeof a, "%s/pa.pdf", dir);
        snprintf(b, sizeof b, "%s/pb.pdf", dir);
        mlps_pdf_write_probe(&lay, &meta, a, &p1, &d);
        mlps_pdf_write_probe(&lay, &meta, b, &p2, &d);
        char *x = slurp(a, &la), *y = slurp(b, &lb);
        CHECK(x && y && la == lb && !memcmp(x, y, la), "plain output byte-identical");
        free(x);
        free(y);
    }
    /* unaltered: the graph written directly (pdf_graph.c), byte for byte what repacking
     * libharu's own serialization gives (an alteration that changes nothing takes that way) */
    mlps_pdf_probe none = {NULL, NULL, 0, 0};
    rc = mlps_pdf_write_probe(&lay, &meta, out2, &none, &d);
    CHECK(rc == 0 && none.plain == 0 && none.graph == 1, "the graph written directly");
    {
        static const char *const same[2] = {"endobj\n", "endobj\n"};
        char via[300];
        size_t lg = 0, lv = 0;
        mlps_pdf_probe repack = {alter_first, (void *)same, 0, 0};
        snprintf(via, sizeof via, "%s/repacked.pdf", dir);
        rc = mlps_pdf_write_probe(&lay, &meta, via, &repack, &d);
        CHECK(rc == 0 && repack.plain == 0 && repack.graph == 0, "libharu's bytes repacked");
        char *g = slurp(out2, &lg), *v = slurp(via, &lv);
        CHECK(g && v && lg == lv && !memcmp(g, v, lg),
              "graph writer and repacked libharu: the same bytes (%zu, %zu)", lg, lv);
        free(g);
        free(v);
    }
    free(packed_text);
    unsetenv("SOURCE_DATE_EPOCH");
    CHECK_INT(d.errors, 0);

    /* Failures leave nothing behind and say why in Chinese. */
    mlps_diags d2 = MLPS_DIAGS_INIT;
    rc = mlps_pdf_write(&lay, &meta, "/nonexistent-dir-mlps/x.pdf", &d2);
    CHECK(rc != 0 && d2.errors == 1, "unwritable folder fails");
    CHECK(d2.count && strstr(d2.items[0].msg, "无法创建输出文件"), "message");
    CHECK(!file_exists("/nonexistent-dir-mlps/x.pdf"), "no file");
    mlps_diag_free(&d2);
    char sub[300];
    snprintf(sub, sizeof sub, "%s/adir", dir);
    mkdir(sub, 0755);
    rc = mlps_pdf_write(&lay, &meta, sub, &d2); /* rename onto a folder fails */
    CHECK(rc != 0 && d2.errors == 1, "rename failure");
    CHECK_INT(count_tmp_files(dir), 0);
    mlps_diag_free(&d2);
    setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
    snprintf(out2, sizeof out2, "%s/c.pdf", dir);
    rc = mlps_pdf_write(&lay, &meta, out2, &d2);
    CHECK(rc != 0 && d2.errors == 1 && !file_exists(out2), "bad SOURCE_DATE_EPOCH");
    mlps_diag_free(&d2);
    unsetenv("SOURCE_DATE_EPOCH");
    /* A missing image is an error naming the file. */
    p2->images = mlps_xcalloc(1, sizeof *p2->images);
    p2->nimages = p2->images_cap = 1;
    p2->images[0] = (mlps_placed_image){"/nonexistent-mlps.png", 80, 200, 100, 50};
    rc = mlps_pdf_write(&lay, &meta, out2, &d2);
    CHECK(rc != 0 && d2.errors == 1 && d2.items[0].file &&
              strcmp(d2.items[0].file, "/nonexistent-mlps.png") == 0 && !file_exists(out2),
          "missing image");
    mlps_diag_free(&d2);

    if (getenv("MLPS_TEST_KEEP")) { /* for debugging: leave the PDFs to look at */
        printf("kept %s\n", dir);
    } else {
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        CHECK_INT(system(cmd), 0);
    }
    {
        /* the layout was filled by hand; mlps_layout_free releases it as it would its own */
        mlps_layout *owned = mlps_xmalloc(sizeof *owned);
        *owned = lay;
        mlps_layout_free(owned);
    }
    mlps_fontset_free(fs);
    mlps_diag_free(&d);
    TEST_DONE();
}
