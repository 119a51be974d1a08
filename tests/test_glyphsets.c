/* A template's shared glyph sets (templates/NAME.glyphs): the file's name, its lines, and
 * the clear errors a malformed one gets. */
#include <stdlib.h>
#include <unistd.h>

#include "glyphsets.h"
#include "harness.h"

static char dir[] = "/tmp/mlps-glyphsets-XXXXXX";

/* Writes text to dir/name; returns the path (static). */
static const char *put(const char *name, const char *text, size_t len)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    fwrite(text, 1, len, f);
    fclose(f);
    return path;
}

/* Loads text as a .glyphs file: the return code, the sets in *s, the first message in msg. */
static int load(const char *text, mlps_glyph_sets **s, char *msg, size_t cap)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    int rc = mlps_glyph_sets_load(put("t.glyphs", text, strlen(text)), s, &d);
    snprintf(msg, cap, "%s", d.count ? d.items[0].msg : "");
    if (d.count) {
        char where[64];
        snprintf(where, sizeof where, ":%ld", d.items[0].line);
        strncat(msg, where, cap - strlen(msg) - 1);
    }
    mlps_diag_free(&d);
    return rc;
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    char *p = mlps_glyph_sets_path("templates/policy-report.xsl");
    CHECK_STR(p, "templates/policy-report.glyphs");
    free(p);
    p = mlps_glyph_sets_path("a.b/noext");
    CHECK_STR(p, "a.b/noext.glyphs");
    free(p);

    mlps_glyph_sets *s = NULL;
    char msg[512];
    mlps_diags d = MLPS_DIAGS_INIT;
    CHECK_INT(mlps_glyph_sets_load("/nonexistent/x.glyphs", &s, &d), 0);
    CHECK(s == NULL && d.count == 0, "a missing file is no sets, and no error");
    CHECK(mlps_glyph_sets_next(NULL, "UMingCN", NULL) == NULL, "no sets: nothing found");

    /* comments, blank lines, CRLF; characters sorted, repeats and spaces dropped */
    CHECK_INT(load("# comment\n\nUMingCN\t的是安全的 \r\nUKaiCN\t一\n", &s, msg, sizeof msg), 0);
    const mlps_glyph_set *g = mlps_glyph_sets_next(s, "UMingCN", NULL);
    CHECK(g && g->n == 4, "four distinct characters (got %u)", g ? g->n : 0);
    CHECK(g && g->n == 4 && g->cps[0] == 0x5168 && g->cps[1] == 0x5B89 && g->cps[2] == 0x662F &&
              g->cps[3] == 0x7684, "ascending: 全 安 是 的");
    CHECK(mlps_glyph_sets_next(s, "UMingCN", g) == NULL, "one set for UMingCN");
    const mlps_glyph_set *k = mlps_glyph_sets_next(s, "UKaiCN", NULL);
    CHECK(k && k->n == 1, "the second face");
    CHECK(mlps_glyph_sets_next(s, "WenQuanYiZenHei", NULL) == NULL, "a face without a set");
    mlps_glyph_sets_free(s);

    /* malformed: each refused with its line */
    CHECK_INT(load("UMingCN\t的\nno tab here\n", &s, msg, sizeof msg), -1);
    CHECK(s == NULL && strstr(msg, "制表符") && strstr(msg, ":2"), "no tab: %s", msg);
    CHECK_INT(load("\t的\n", &s, msg, sizeof msg), -1);
    CHECK(strstr(msg, "制表符") && strstr(msg, ":1"), "no face: %s", msg);
    CHECK_INT(load("UMing CN\t的\n", &s, msg, sizeof msg), -1);
    CHECK(strstr(msg, "PostScript") != NULL, "a space in the face name: %s", msg);
    CHECK_INT(load("UMingCN\t\xff\xfe\n", &s, msg, sizeof msg), -1);
    CHECK(strstr(msg, "UTF-8") != NULL, "not UTF-8: %s", msg);

    /* several sets for one face, in file order */
    CHECK_INT(load("UMingCN\t的\n# x\nUKaiCN\t一\nUMingCN\t是安\n", &s, msg, sizeof msg), 0);
    g = mlps_glyph_sets_next(s, "UMingCN", NULL);
    CHECK(g && g->n == 1 && g->cps[0] == 0x7684, "the face's first set");
    g = g ? mlps_glyph_sets_next(s, "UMingCN", g) : NULL;
    CHECK(g && g->n == 2 && g->cps[0] == 0x5B89, "its second, after the other face's");
    CHECK(g && mlps_glyph_sets_next(s, "UMingCN", g) == NULL, "and no third");
    mlps_glyph_sets_free(s);

    /* too large: refused before anything is parsed */
    size_t big = (1u << 20) + 2;
    char *text = malloc(big);
    memset(text, 'a', big);
    text[0] = 'F', text[1] = '\t';
    d = (mlps_diags)MLPS_DIAGS_INIT;
    CHECK_INT(mlps_glyph_sets_load(put("big.glyphs", text, big), &s, &d), -1);
    CHECK(d.count == 1 && strstr(d.items[0].msg, "字节"), "too large");
    mlps_diag_free(&d);
    free(text);

    unlink(put("t.glyphs", "", 0));
    unlink(put("big.glyphs", "", 0));
    rmdir(dir);
    TEST_DONE();
}
