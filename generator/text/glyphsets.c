/* Loading a template's shared glyph sets (glyphsets.h). */
#include "glyphsets.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "utf8.h"

#define GLYPH_SETS_MAX_BYTES (1u << 20) /* one .glyphs file */
#define GLYPH_SETS_MAX_FACES 64         /* sets (lines) in one file */

struct mlps_glyph_sets {
    mlps_glyph_set sets[GLYPH_SETS_MAX_FACES];
    unsigned n;
};

char *mlps_glyph_sets_path(const char *template_path)
{
    size_t n = strlen(template_path);
    const char *slash = strrchr(template_path, '/');
    const char *dot = strrchr(template_path, '.');
    if (dot && (!slash || dot > slash))
        n = (size_t)(dot - template_path);
    char *p = mlps_xmalloc(n + sizeof ".glyphs");
    memcpy(p, template_path, n);
    memcpy(p + n, ".glyphs", sizeof ".glyphs");
    return p;
}

static int cmp_cp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* One "FACE<TAB>CHARACTERS" line into set; 0, or -1 with the reason in *why. */
static int parse_line(const char *s, size_t len, mlps_glyph_set *set, const char **why)
{
    const char *tab = memchr(s, '\t', len);
    if (!tab || tab == s) {
        *why = "应为“字体名<制表符>字符”";
        return -1;
    }
    size_t flen = (size_t)(tab - s);
    for (size_t i = 0; i < flen; i++)
        if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7F) {
            *why = "字体名应为 PostScript 名（ASCII，无空格）";
            return -1;
        }
    const char *c = tab + 1;
    size_t clen = len - flen - 1;
    set->cps = mlps_xmalloc((clen ? clen : 1) * sizeof *set->cps);
    set->n = 0;
    for (size_t i = 0; i < clen;) {
        uint32_t cp = mlps_utf8_next(c, clen, &i);
        if (cp == UTF8_INVALID) {
            *why = "不是有效的 UTF-8";
            return -1;
        }
        if (cp > ' ')
            set->cps[set->n++] = cp;
    }
    qsort(set->cps, set->n, sizeof *set->cps, cmp_cp);
    unsigned m = 0;
    for (unsigned i = 0; i < set->n; i++)
        if (m == 0 || set->cps[m - 1] != set->cps[i])
            set->cps[m++] = set->cps[i];
    set->n = m;
    set->face = mlps_xstrndup(s, flen);
    return 0;
}

int mlps_glyph_sets_load(const char *path, mlps_glyph_sets **out, mlps_diags *d)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f && errno == ENOENT)
        return 0; /* no sets: every glyph in each document's own deflate */
    if (!f) {
        mlps_diag_error(d, path, 0, NULL, "无法读取字形集文件：%s", strerror(errno));
        return -1;
    }
    char *buf = mlps_xmalloc(GLYPH_SETS_MAX_BYTES + 1);
    size_t len = fread(buf, 1, GLYPH_SETS_MAX_BYTES + 1, f);
    int bad = ferror(f);
    fclose(f);
    mlps_glyph_sets *s = mlps_xcalloc(1, sizeof *s);
    int rc = -1;
    if (bad) {
        mlps_diag_error(d, path, 0, NULL, "无法读取字形集文件");
        goto done;
    }
    if (len > GLYPH_SETS_MAX_BYTES) {
        mlps_diag_error(d, path, 0, NULL, "字形集文件超过 %u 字节", GLYPH_SETS_MAX_BYTES);
        goto done;
    }
    long line = 0;
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(buf + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - buf) : len, n = end - at;
        line++;
        if (n && buf[at + n - 1] == '\r')
            n--;
        const char *why = NULL;
        if (n == 0 || buf[at] == '#') {
            at = end + 1;
            continue;
        }
        if (s->n == GLYPH_SETS_MAX_FACES) {
            mlps_diag_error(d, path, line, NULL, "字形集超过 %d 行", GLYPH_SETS_MAX_FACES);
            goto done;
        }
        if (parse_line(buf + at, n, &s->sets[s->n], &why) != 0) {
            s->n++; /* freed with the rest */
            mlps_diag_error(d, path, line, NULL, "字形集格式错误：%s", why);
            goto done;
        }
        s->n++;
        at = end + 1;
    }
    *out = s;
    s = NULL;
    rc = 0;
done:
    free(buf);
    mlps_glyph_sets_free(s);
    return rc;
}

void mlps_glyph_sets_free(mlps_glyph_sets *s)
{
    if (!s)
        return;
    for (unsigned i = 0; i < s->n; i++) {
        free(s->sets[i].face);
        free(s->sets[i].cps);
    }
    free(s);
}

const mlps_glyph_set *mlps_glyph_sets_next(const mlps_glyph_sets *sets, const char *face,
                                           const mlps_glyph_set *prev)
{
    if (!sets || !face)
        return NULL;
    for (unsigned i = prev ? (unsigned)(prev - sets->sets) + 1 : 0; i < sets->n; i++)
        if (!strcmp(sets->sets[i].face, face))
            return &sets->sets[i];
    return NULL;
}
