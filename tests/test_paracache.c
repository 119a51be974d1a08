/* The paragraph layout memo (paracache.h): a repeated paragraph is answered from the cache with
 * the same lines and glyphs mlps_para_layout makes; anything that changes the result is part of
 * the key; failures are not kept; the byte budget holds. Then whole documents: every PDF made
 * through one cache (both samples, the second one's boilerplate found in the first's) is the
 * same bytes as without a cache, and so it is with a cache too small to keep much. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "mlps.h"
#include "mlps_limits.h"
#include "para.h"
#include "paracache.h"
#include "render.h"

const char *mlps_data_dir(void); /* cli/datadir.c: the checkout */

#define WIDTH 442.2

static mlps_span spans[2];

static mlps_para para_of(const char *text, const char *text2)
{
    mlps_para p;
    memset(&p, 0, sizeof p);
    p.style.name = "body";
    p.style.role = "body";
    p.style.size_pt = 16;
    p.style.align = MLPS_ALIGN_JUSTIFY;
    p.style.indent_first_em = 2;
    p.style.grid_chars = 28;
    memset(spans, 0, sizeof spans);
    spans[0].text = (char *)text;
    spans[0].len = strlen(text);
    spans[1].text = (char *)text2;
    spans[1].len = text2 ? strlen(text2) : 0;
    p.spans = spans;
    p.nspans = text2 ? 2 : 1;
    return p;
}

/* Lines [l0, nlines) of a and [m0, ...) of b hold the same lines and glyphs (relative to their
 * first glyph). */
static int same_lines(const mlps_lines *a, size_t l0, const mlps_lines *b, size_t m0)
{
    if (a->nlines - l0 != b->nlines - m0)
        return 0;
    for (size_t i = 0; i < a->nlines - l0; i++) {
        const mlps_line *x = &a->lines[l0 + i], *y = &b->lines[m0 + i];
        if (x->nglyphs != y->nglyphs || x->ascent != y->ascent || x->descent != y->descent ||
            x->width != y->width || x->last != y->last)
            return 0;
        for (size_t k = 0; k < x->nglyphs; k++) {
            const mlps_glyph *g = &a->glyphs[x->first_glyph + k], *h = &b->glyphs[y->first_glyph + k];
            if (g->face != h->face || g->size != h->size || g->gid != h->gid || g->uni != h->uni ||
                g->x != h->x || g->y != h->y || g->mark != h->mark || g->repeated != h->repeated)
                return 0;
        }
    }
    return 1;
}

/* Lays p out without and through the cache (onto lines already holding others); 1 when the
 * results agree. */
static int agrees(mlps_paracache *pc, const mlps_fontset *fs, const mlps_para *p, double w,
                  mlps_lines *with)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_lines plain = {0};
    size_t l0 = with->nlines;
    int ok = mlps_para_layout(fs, p, w, "t", 1, &plain, &d) == 0 &&
             mlps_para_layout_memo(pc, fs, p, w, "t", 1, with, &d) == 0 &&
             same_lines(&plain, 0, with, l0) && d.count == 0;
    mlps_lines_free(&plain);
    mlps_diag_free(&d);
    return ok;
}

static void test_memo(const mlps_fontset *fs)
{
    static const char *T = "根据《信息安全技术 网络安全等级保护基本要求》（GB/T 22239—2019），"
                           "第三级系统应在网络边界部署访问控制设备，启用访问控制功能，"
                           "并对进出网络的数据流实现基于应用协议和应用内容的访问控制。";
    mlps_paracache *pc = mlps_paracache_new(MLPS_PARA_CACHE_BYTES);
    mlps_lines L = {0};
    mlps_para p = para_of(T, NULL);
    CHECK(agrees(pc, fs, &p, WIDTH, &L), "first layout (a miss) as without the cache");
    mlps_paracache_stats s = mlps_paracache_stats_get(pc);
    CHECK_INT(s.lookups, 1);
    CHECK_INT(s.hits, 0);
    CHECK_INT(s.entries, 1);
    CHECK(L.nlines >= 3, "%zu lines", L.nlines);
    CHECK(agrees(pc, fs, &p, WIDTH, &L), "the same paragraph again, appended: the same lines");
    s = mlps_paracache_stats_get(pc);
    CHECK_INT(s.hits, 1);
    CHECK_INT(s.entries, 1);

    /* whatever changes the result is in the key: each of these is a miss, then a hit */
    size_t h0 = mlps_paracache_stats_get(pc).hits;
    CHECK(agrees(pc, fs, &p, WIDTH - 16, &L), "a narrower measure: as without the cache");
    CHECK_INT(mlps_paracache_stats_get(pc).hits, h0);
    mlps_para q[10];
    const char *qn[10];
    size_t nq = 0;
    q[nq] = para_of(T, NULL), q[nq].style.size_pt = 15.5, qn[nq++] = "size";
    q[nq] = para_of(T, NULL), q[nq].style.indent_first_em = 0, qn[nq++] = "first-line indent";
    q[nq] = para_of(T, NULL), q[nq].style.indent_left_em = 1, qn[nq++] = "left indent";
    q[nq] = para_of(T, NULL), q[nq].style.indent_right_em = 1, qn[nq++] = "right indent";
    q[nq] = para_of(T, NULL), q[nq].style.align = MLPS_ALIGN_LEFT, qn[nq++] = "alignment";
    q[nq] = para_of(T, NULL), q[nq].style.grid_chars = 0, qn[nq++] = "grid";
    q[nq] = para_of(T, NULL), q[nq].style.name = "title", qn[nq++] = "style name (title: ragged)";
    q[nq] = para_of(T, NULL), q[nq].style.outline_level = 1, qn[nq++] = "outline level (heading)";
    q[nq] = para_of(T, NULL), q[nq].style.role = "h1", qn[nq++] = "font role";
    for (size_t i = 0; i < nq; i++) {
        h0 = mlps_paracache_stats_get(pc).hits;
        CHECK(agrees(pc, fs, &q[i], WIDTH, &L), "changed %s: as without the cache", qn[i]);
        CHECK(mlps_paracache_stats_get(pc).hits == h0, "changed %s: a miss", qn[i]);
        CHECK(agrees(pc, fs, &q[i], WIDTH, &L), "changed %s, again", qn[i]);
        CHECK(mlps_paracache_stats_get(pc).hits == h0 + 1, "changed %s, again: a hit", qn[i]);
    }
    /* spans: the same characters split differently, another span role, a mark */
    static const char *A = "单位名称：", *B = "温州市瓯江水务集团有限公司";
    char ab[256];
    snprintf(ab, sizeof ab, "%s%s", A, B);
    mlps_para one = para_of(ab, NULL);
    CHECK(agrees(pc, fs, &one, WIDTH, &L), "one span");
    h0 = mlps_paracache_stats_get(pc).hits;
    mlps_para two = para_of(A, B);
    CHECK(agrees(pc, fs, &two, WIDTH, &L), "two spans");
    two = para_of(A, B);
    spans[1].role = "fill";
    CHECK(agrees(pc, fs, &two, WIDTH, &L), "two spans, the second in another role");
    two = para_of(A, B);
    spans[1].mark = MLPS_MARK_UNDERLINE;
    CHECK(agrees(pc, fs, &two, WIDTH, &L), "two spans, the second underlined");
    CHECK_INT(mlps_paracache_stats_get(pc).hits, h0);

    /* a failure is reported every time, never kept */
    mlps_para bad = para_of(T, NULL);
    bad.style.role = "no-such-role";
    mlps_diags d = MLPS_DIAGS_INIT;
    size_t e0 = mlps_paracache_stats_get(pc).entries;
    CHECK(mlps_para_layout_memo(pc, fs, &bad, WIDTH, "t", 7, &L, &d) != 0, "unknown role fails");
    CHECK(mlps_para_layout_memo(pc, fs, &bad, WIDTH, "t", 7, &L, &d) != 0, "and fails again");
    CHECK_INT(d.errors, 2);
    CHECK_INT(mlps_paracache_stats_get(pc).entries, e0);
    mlps_diag_free(&d);

    /* no cache: mlps_para_layout itself */
    CHECK(agrees(NULL, fs, &p, WIDTH, &L), "NULL cache");
    mlps_paracache_free(pc);

    /* a small budget: old entries go, results stay right */
    pc = mlps_paracache_new(64 * 1024);
    char buf[512];
    for (int i = 0; i < 60; i++) {
        snprintf(buf, sizeof buf, "第%d条：%s", i, T);
        mlps_para r = para_of(buf, NULL);
        CHECK(agrees(pc, fs, &r, WIDTH, &L), "paragraph %d under a small budget", i);
    }
    s = mlps_paracache_stats_get(pc);
    CHECK(s.evictions > 0, "evictions %zu", s.evictions);
    CHECK(s.bytes <= 64 * 1024 && s.peak_bytes <= 64 * 1024, "bytes %zu, peak %zu", s.bytes,
          s.peak_bytes);
    snprintf(buf, sizeof buf, "第%d条：%s", 59, T);
    mlps_para last = para_of(buf, NULL);
    h0 = s.hits;
    CHECK(agrees(pc, fs, &last, WIDTH, &L), "the newest paragraph");
    CHECK_INT(mlps_paracache_stats_get(pc).hits, h0 + 1);
    snprintf(buf, sizeof buf, "第%d条：%s", 0, T);
    mlps_para first = para_of(buf, NULL);
    CHECK(agrees(pc, fs, &first, WIDTH, &L), "the oldest paragraph, evicted");
    CHECK_INT(mlps_paracache_stats_get(pc).hits, h0 + 1);
    mlps_paracache_free(pc);
    mlps_lines_free(&L);
}

static int same_file(const char *a, const char *b)
{
    FILE *f = fopen(a, "rb"), *g = fopen(b, "rb");
    int same = f && g;
    while (same) {
        int c = fgetc(f), e = fgetc(g);
        if (c != e)
            same = 0;
        if (c == EOF)
            break;
    }
    if (f)
        fclose(f);
    if (g)
        fclose(g);
    return same;
}

/* Every document of the sample twice: by mlps_job_render (no cache) into dir/plain, and through
 * pc into dir/memo; the PDFs must be the same bytes. Returns the number of documents. */
static size_t render_both(mlps_engine *e, const char *sample, const char *dir, mlps_paracache *pc)
{
    char plain[4096], memo[4096];
    snprintf(plain, sizeof plain, "%s/plain", dir);
    snprintf(memo, sizeof memo, "%s/memo", dir);
    mkdir(plain, 0700);
    mkdir(memo, 0700);
    mlps_diags *d = mlps_diags_new();
    mlps_unit *u = mlps_unit_load(e, sample, d);
    CHECK(u != NULL, "%s loads", sample);
    mlps_run_options o1 = {plain, NULL, 0}, o2 = {memo, NULL, 0};
    mlps_run *r1 = u ? mlps_run_new(e, NULL, u, &o1, d) : NULL;
    mlps_run *r2 = u ? mlps_run_new(e, NULL, u, &o2, d) : NULL;
    size_t n = r1 && r2 ? mlps_run_count(r1) : 0;
    for (size_t i = 0; i < n; i++) {
        mlps_job *j1 = mlps_job_new(r1, i), *j2 = mlps_job_new(r2, i);
        CHECK(mlps_job_render(j1) == 0, "%s without a cache", mlps_run_path(r1, i));
        mlps_diags_print(mlps_job_diags(j1), stdout);
        CHECK(mlps_job_render_with(j2, pc) == 0, "%s with the cache", mlps_run_path(r2, i));
        CHECK(same_file(mlps_run_path(r1, i), mlps_run_path(r2, i)), "%s: the same bytes",
              mlps_run_path(r2, i));
        unlink(mlps_run_path(r1, i));
        unlink(mlps_run_path(r2, i));
        mlps_job_free(j1);
        mlps_job_free(j2);
    }
    mlps_diags_print(d, stdout);
    mlps_run_free(r1);
    mlps_run_free(r2);
    mlps_unit_free(u);
    mlps_diags_free(d);
    return n;
}

static void test_documents(void)
{
    char dir[] = "/tmp/mlps-test-paracache-XXXXXX", sample[4096];
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    mlps_diags *d = mlps_diags_new();
    mlps_engine *e = mlps_engine_new(mlps_data_dir(), NULL, d);
    CHECK(e != NULL, "engine");
    mlps_diags_print(d, stdout);
    if (!e) {
        mlps_diags_free(d);
        return;
    }
    mlps_paracache *pc = mlps_paracache_new(MLPS_PARA_CACHE_BYTES);
    snprintf(sample, sizeof sample, "%s/samples/wenzhou-soe.xml", mlps_data_dir());
    size_t n = render_both(e, sample, dir, pc);
    mlps_paracache_stats s1 = mlps_paracache_stats_get(pc);
    CHECK(n >= 10, "%zu documents", n);
    /* within one unit: the 备案表's repeated labels, the policy reports' shared catalogue */
    CHECK(s1.hits * 4 > s1.lookups, "one unit: %zu hits of %zu", s1.hits, s1.lookups);
    snprintf(sample, sizeof sample, "%s/samples/chongqing-institution.xml", mlps_data_dir());
    render_both(e, sample, dir, pc);
    mlps_paracache_stats s2 = mlps_paracache_stats_get(pc);
    /* the second unit finds most of its boilerplate in the first's */
    CHECK((s2.hits - s1.hits) * 2 > s2.lookups - s1.lookups, "second unit: %zu hits of %zu",
          s2.hits - s1.hits, s2.lookups - s1.lookups);
    CHECK(s2.peak_bytes <= MLPS_PARA_CACHE_BYTES, "peak %zu bytes", s2.peak_bytes);
    mlps_paracache_free(pc);

    /* a cache that must evict all the time still changes nothing */
    pc = mlps_paracache_new(64 * 1024);
    render_both(e, sample, dir, pc);
    mlps_paracache_stats s3 = mlps_paracache_stats_get(pc);
    CHECK(s3.evictions > 0 && s3.hits > 0, "small cache: %zu evictions, %zu hits", s3.evictions,
          s3.hits);
    mlps_paracache_free(pc);

    char sub[4200];
    snprintf(sub, sizeof sub, "%s/plain", dir);
    rmdir(sub);
    snprintf(sub, sizeof sub, "%s/memo", dir);
    rmdir(sub);
    rmdir(dir);
    mlps_engine_free(e);
    mlps_diags_free(d);
}

int main(void)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    char conf[4096];
    snprintf(conf, sizeof conf, "%s/fonts/fonts.xml", mlps_data_dir());
    mlps_fontset *fs = mlps_fontset_load(conf, &d);
    mlps_diag_print(&d, stdout);
    mlps_diag_free(&d);
    CHECK(fs != NULL, "fonts load");
    if (fs) {
        mlps_para_prepare_threads();
        test_memo(fs);
        mlps_fontset_free(fs);
    }
    test_documents();
    TEST_DONE();
}
