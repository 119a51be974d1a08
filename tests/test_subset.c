/* Our glyf subsetter (pdf_subset.c) against hb-subset: the same tables, byte for byte, and the
 * same old → new glyph map, for many code-point sets of every installed face; and the cases
 * it must leave to hb-subset. */
#include <hb-subset.h>
#include <hb.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "font.h"
#include "harness.h"
#include "pdf_subset.h"

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int handled, fell_back, closed, cjk_firsts; /* closed: subsets with glyphs no code point maps to */

static hb_subset_input_t *input_of(const uint32_t *cps, unsigned n)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    for (unsigned i = 0; i < n; i++)
        hb_set_add(hb_subset_input_unicode_set(in), cps[i]);
    mlps_subset_drop_tables(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG));
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    return in;
}

/* Subsets with both; 1 if ours made it (and then compares), 0 if it fell back. */
static int compare_font(hb_font_t *font, const char *fam, const char *what, const uint32_t *cps,
                        unsigned n)
{
    hb_face_t *src = hb_font_get_face(font);
    hb_subset_input_t *in = input_of(cps, n);
    uint32_t *new2old = NULL;
    unsigned nnew = 0;
    /* ours twice: filling the memo, then from it (the same bytes: glyf compared below) */
    mlps_subset_memo m = {calloc(hb_face_get_glyph_count(src) + 1, sizeof *m.ends),
                          calloc(0x10000, sizeof *m.bmp)}, *memo = &m;
    hb_face_t *ours = mlps_subset_glyf(font, in, NULL, 0, memo, &new2old, &nnew);
    uint32_t *again2old = NULL;
    unsigned nagain = 0;
    hb_face_t *again = ours ? mlps_subset_glyf(font, in, NULL, 0, memo, &again2old, &nagain) : NULL;
    if (ours) {
        hb_blob_t *a = hb_face_reference_table(ours, HB_TAG('g', 'l', 'y', 'f'));
        hb_blob_t *b = hb_face_reference_table(again, HB_TAG('g', 'l', 'y', 'f'));
        unsigned la, lb;
        const char *da = hb_blob_get_data(a, &la), *db = hb_blob_get_data(b, &lb);
        CHECK(again && nagain == nnew && la == lb && (la == 0 || memcmp(da, db, la) == 0),
              "%s %s: glyf the same from the memo (%u bytes, %u)", fam, what, la, lb);
        hb_blob_destroy(a);
        hb_blob_destroy(b);
    }
    hb_face_destroy(again);
    free(again2old);
    free((void *)m.ends);
    free((void *)m.bmp);
    hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(src, in);
    hb_face_t *ref = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
    CHECK(ref != NULL, "%s %s: hb-subset works", fam, what);
    int made = ours != NULL;
    if (ours && ref) {
        handled++;
        const hb_map_t *map = hb_subset_plan_old_to_new_glyph_mapping(plan);
        int same_map = hb_map_get_population(map) == nnew;
        for (unsigned i = 0; same_map && i < nnew; i++)
            same_map = hb_map_get(map, new2old[i]) == i;
        hb_set_t *nominal = hb_set_create();
        hb_set_add(nominal, 0);
        for (unsigned i = 0; i < n; i++) {
            hb_codepoint_t g;
            if (hb_font_get_nominal_glyph(font, cps[i], &g))
                hb_set_add(nominal, g);
        }
        closed += hb_set_get_population(nominal) < nnew;
        hb_set_destroy(nominal);
        CHECK(same_map, "%s %s: glyph map (%u glyphs, hb %u)", fam, what,
              nnew, hb_map_get_population(map));
        hb_tag_t tags[64];
        unsigned nt = 64;
        hb_face_get_table_tags(src, 0, &nt, tags);
        for (unsigned i = 0; i < nt; i++) {
            hb_blob_t *a = hb_face_reference_table(ours, tags[i]);
            hb_blob_t *b = hb_face_reference_table(ref, tags[i]);
            unsigned la, lb;
            const char *da = hb_blob_get_data(a, &la), *db = hb_blob_get_data(b, &lb);
            unsigned at = 0;
            while (at < la && at < lb && da[at] == db[at])
                at++;
            char t[5];
            hb_tag_to_string(tags[i], t);
            t[4] = 0;
            CHECK(la == lb && at == la, "%s %s: table %s: %u bytes, hb %u, first difference at %u",
                  fam, what, t, la, lb, at);
            hb_blob_destroy(a);
            hb_blob_destroy(b);
        }
    } else {
        fell_back++;
    }
    hb_face_destroy(ours);
    hb_face_destroy(ref);
    hb_subset_plan_destroy(plan);
    hb_subset_input_destroy(in);
    free(new2old);
    return made;
}

static int compare(const mlps_face *face, const char *what, const uint32_t *cps, unsigned n)
{
    return compare_font(mlps_face_hb_font(face), mlps_face_family(face), what, cps, n);
}


/* A table of a subset face, and one glyph's bytes in it (loca short or long, per head). */
static const unsigned char *table(hb_face_t *f, hb_tag_t tag, hb_blob_t **keep, unsigned *len)
{
    *keep = hb_face_reference_table(f, tag);
    return (const unsigned char *)hb_blob_get_data(*keep, len);
}
static unsigned be16_at(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static const unsigned char *glyph_of(hb_face_t *f, unsigned gid, unsigned *len)
{
    hb_blob_t *hb, *lb, *gb;
    unsigned hl, ll, gl;
    const unsigned char *head = table(f, HB_TAG('h', 'e', 'a', 'd'), &hb, &hl);
    const unsigned char *loca = table(f, HB_TAG('l', 'o', 'c', 'a'), &lb, &ll);
    const unsigned char *glyf = table(f, HB_TAG('g', 'l', 'y', 'f'), &gb, &gl);
    int lng = hl >= 54 && head[51];
    unsigned a = lng ? (unsigned)(loca[4 * gid] << 24 | loca[4 * gid + 1] << 16 | loca[4 * gid + 2] << 8 | loca[4 * gid + 3])
                     : 2 * be16_at(loca + 2 * gid);
    unsigned b = lng ? (unsigned)(loca[4 * gid + 4] << 24 | loca[4 * gid + 5] << 16 | loca[4 * gid + 6] << 8 | loca[4 * gid + 7])
                     : 2 * be16_at(loca + 2 * gid + 2);
    hb_blob_destroy(hb);
    hb_blob_destroy(lb);
    hb_blob_destroy(gb); /* the face keeps its tables: the bytes stay valid */
    *len = b - a;
    return glyf + a;
}
static unsigned advance_of(hb_face_t *f, unsigned gid)
{
    hb_blob_t *hb, *mb;
    unsigned hl, ml;
    const unsigned char *hhea = table(f, HB_TAG('h', 'h', 'e', 'a'), &hb, &hl);
    const unsigned char *hmtx = table(f, HB_TAG('h', 'm', 't', 'x'), &mb, &ml);
    unsigned nlm = be16_at(hhea + 34), adv = be16_at(hmtx + 4 * (gid < nlm ? gid : nlm - 1));
    hb_blob_destroy(hb);
    hb_blob_destroy(mb);
    return adv;
}

/* Shared glyphs first (firsts: original gids ascending): the same glyphs as the plain subset,
 * firsts at new gids 1..nfirst, the rest ascending, each glyph's bytes and advance those of the
 * same original glyph there (a composite's components renumbered to the same originals).
 * Returns whether ours made it. */
static int check_firsts(hb_font_t *font, const char *what, const uint32_t *cps, unsigned n,
                        const uint32_t *firsts, unsigned nfirst)
{
    hb_subset_input_t *in = input_of(cps, n);
    uint32_t *p2o = NULL, *r2o = NULL;
    unsigned np = 0, nr = 0;
    hb_face_t *plain = mlps_subset_glyf(font, in, NULL, 0, NULL, &p2o, &np);
    hb_face_t *re = mlps_subset_glyf(font, in, firsts, nfirst, NULL, &r2o, &nr);
    int made = re != NULL;
    if (plain && re) {
        CHECK_INT(nr, np);
        int order = r2o[0] == 0;
        for (unsigned i = 0; i < nfirst && i + 1 < nr; i++)
            order &= r2o[i + 1] == firsts[i];
        for (unsigned i = nfirst + 2; i < nr; i++)
            order &= r2o[i - 1] < r2o[i];
        CHECK(order, "%s: .notdef, the firsts in order, then the rest ascending", what);
        int same = 1, gids = 1;
        for (unsigned i = 0; i < nr; i++) {
            unsigned pi = mlps_subset_new_gid(p2o, np, 0, r2o[i]);
            gids &= mlps_subset_new_gid(r2o, nr, nfirst, r2o[i]) == i && pi < np;
            if (pi >= np)
                continue;
            unsigned la, lb;
            const unsigned char *a = glyph_of(re, i, &la), *b = glyph_of(plain, pi, &lb);
            same &= la == lb && advance_of(re, i) == advance_of(plain, pi);
            if (!same || la < 10 || (int16_t)be16_at(a) >= 0) {
                same &= la == 0 || memcmp(a, b, la) == 0;
                continue;
            }
            /* composite: the same bytes but each component's glyph index, which must name
             * the same original glyph */
            for (unsigned at = 10; at + 4 <= la;) {
                unsigned fl = be16_at(a + at), ca = be16_at(a + at + 2), cb = be16_at(b + at + 2);
                same &= fl == be16_at(b + at) && ca < nr && cb < np && r2o[ca] == p2o[cb];
                at += 4 + (fl & 1 ? 4 : 2) + (fl & 8 ? 2 : fl & 0x40 ? 4 : fl & 0x80 ? 8 : 0);
                if (!(fl & 0x20))
                    break;
            }
        }
        CHECK(gids, "%s: mlps_subset_new_gid finds every glyph", what);
        CHECK(same, "%s: every glyph's bytes and advance are the plain subset's", what);
    }
    hb_face_destroy(plain);
    hb_face_destroy(re);
    hb_subset_input_destroy(in);
    free(p2o);
    free(r2o);
    return made;
}

/* Liberation Serif with damaged glyphs (its loca is short: offsets / 2), as a new font. */
static hb_font_t *damaged(hb_face_t *src, hb_codepoint_t *gids, int kind)
{
    hb_blob_t *glyf = hb_face_reference_table(src, HB_TAG('g', 'l', 'y', 'f'));
    hb_blob_t *loca = hb_face_reference_table(src, HB_TAG('l', 'o', 'c', 'a'));
    unsigned gl = hb_blob_get_length(glyf), ll = hb_blob_get_length(loca);
    unsigned char *g = malloc(gl), *l = malloc(ll);
    memcpy(g, hb_blob_get_data(glyf, NULL), gl);
    memcpy(l, hb_blob_get_data(loca, NULL), ll);
    unsigned a = gids[0], b = gids[1], c = gids[2]; /* 'A', 'B', 'C' */
#define LOCA(i) ((unsigned)l[2 * (i)] << 8 | l[2 * (i) + 1])
#define SET_LOCA(i, v) (l[2 * (i)] = (unsigned char)((v) >> 8), l[2 * (i) + 1] = (unsigned char)(v))
    if (kind == 0) { /* A's end inside its flags (and B's start too) */
        SET_LOCA(a + 1, (LOCA(a) + LOCA(a + 1)) / 2);
    } else if (kind == 1) { /* B's instruction length past its end */
        unsigned at = 2 * LOCA(b), nc = (unsigned)g[at] << 8 | g[at + 1];
        g[at + 10 + 2 * nc] = 0xFF;
    } else if (kind == 2) { /* C's loca out of order */
        unsigned v = LOCA(c);
        SET_LOCA(c, LOCA(c + 1));
        SET_LOCA(c + 1, v);
    } else { /* A's last point count one more than its flags hold */
        unsigned at = 2 * LOCA(a), nc = (unsigned)g[at] << 8 | g[at + 1];
        unsigned e = at + 10 + 2 * nc - 2, pts = ((unsigned)g[e] << 8 | g[e + 1]) + 1;
        g[e] = (unsigned char)(pts >> 8);
        g[e + 1] = (unsigned char)pts;
    }
#undef LOCA
#undef SET_LOCA
    hb_face_t *b2 = hb_face_builder_create();
    hb_tag_t tags[64];
    unsigned nt = 64;
    hb_face_get_table_tags(src, 0, &nt, tags);
    for (unsigned i = 0; i < nt; i++) {
        hb_blob_t *t = tags[i] == HB_TAG('g', 'l', 'y', 'f')
                           ? hb_blob_create((const char *)g, gl, HB_MEMORY_MODE_WRITABLE, g, free)
                       : tags[i] == HB_TAG('l', 'o', 'c', 'a')
                           ? hb_blob_create((const char *)l, ll, HB_MEMORY_MODE_WRITABLE, l, free)
                           : hb_face_reference_table(src, tags[i]);
        hb_face_builder_add_table(b2, tags[i], t);
        hb_blob_destroy(t);
    }
    hb_blob_t *file = hb_face_reference_blob(b2);
    hb_face_t *face = hb_face_create(file, 0);
    hb_font_t *font = hb_font_create(face);
    hb_face_destroy(face);
    hb_blob_destroy(file);
    hb_face_destroy(b2);
    hb_blob_destroy(glyf);
    hb_blob_destroy(loca);
    return font;
}

static uint32_t rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(*s >> 33);
}

int main(void)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_fontset *fs = mlps_fontset_load("fonts/fonts.xml", &d);
    CHECK(fs != NULL, "fonts/fonts.xml loads");
    if (!fs)
        TEST_DONE();
    uint32_t *cps = malloc(200000 * sizeof *cps);
    int composites_seen = 0;
    for (size_t fi = 0; fi < mlps_fontset_face_count(fs); fi++) {
        const mlps_face *face = mlps_fontset_face_at(fs, fi);
        const char *fam = mlps_face_family(face);
        hb_set_t *all = hb_set_create();
        hb_face_collect_unicodes(mlps_face_hb_face(face), all);
        unsigned nall = 0;
        for (hb_codepoint_t c = HB_SET_VALUE_INVALID; hb_set_next(all, &c) && nall < 200000;)
            cps[nall++] = c;
        printf("%s: %u code points, %u glyphs\n", fam, nall,
               hb_face_get_glyph_count(mlps_face_hb_face(face)));
        /* only .notdef: an empty glyf, which hb-subset's font file leaves out: ours declines */
        CHECK(!compare(face, "notdef", NULL, 0), "%s: only .notdef falls back", fam);
        uint32_t set[4096];
        unsigned n = 0;
        for (uint32_t c = 0x20; c < 0x7F; c++)
            set[n++] = c;
        CHECK(compare(face, "ASCII", set, n), "%s: ASCII handled", fam);
        n = 0;
        for (uint32_t c = 0x4E00; c < 0x9FA5; c += 67)
            set[n++] = c;
        set[n++] = 0x3002; /* 。 */
        set[n++] = 0xFF0C; /* ， */
        set[n++] = 0x10FFFF; /* no glyph anywhere */
        /* Liberation has none of them: only .notdef again */
        CHECK(compare(face, "CJK", set, n) == (mlps_face_glyph(face, 0x4E00) != 0),
              "%s: CJK handled where the face has them", fam);
        uint64_t seed = 12345 + fi;
        for (int round = 0; round < 6 && nall; round++) {
            unsigned want = round < 3 ? 3000 : 40 + rnd(&seed) % 400;
            for (n = 0; n < want && n < nall; n++)
                set[n] = cps[rnd(&seed) % nall];
            char what[32];
            snprintf(what, sizeof what, "random %d (%u)", round, n);
            CHECK(compare(face, what, set, n), "%s: %s handled", fam, what);
        }

        /* shared glyphs first in a CJK face: every 3rd glyph of a random sample (ascending) */
        if (mlps_face_glyph(face, 0x4E00) != 0 && nall > 3000) {
            for (n = 0; n < 600; n++)
                set[n] = cps[rnd(&seed) % nall];
            uint32_t firsts[600];
            unsigned nf = 0;
            for (unsigned i = 0; i < n; i += 3) {
                hb_codepoint_t g;
                if (hb_font_get_nominal_glyph(mlps_face_hb_font(face), set[i], &g) && g)
                    firsts[nf++] = g;
            }
            qsort(firsts, nf, sizeof *firsts, cmp_u32);
            unsigned m = 0;
            for (unsigned i = 0; i < nf; i++)
                if (!m || firsts[m - 1] != firsts[i])
                    firsts[m++] = firsts[i];
            unsigned simple = mlps_subset_simple_only(mlps_face_hb_face(face), firsts, m);
            CHECK(simple <= m, "%s: simple glyphs only", fam);
            printf("%s: %u of %u shared glyphs are simple\n", fam, simple, m);
            m = simple;
            int made = check_firsts(mlps_face_hb_font(face), fam, set, n, firsts, m);
            printf("%s: %u shared glyphs first: %s\n", fam, m, made ? "made" : "declined");
            cjk_firsts += made;
        }
        /* every code point: all composites the cmap reaches, and the long loca format */
        if (nall < 5000) {
            CHECK(compare(face, "all", cps, nall), "%s: all handled", fam);
            composites_seen = 1;
        }
        hb_set_destroy(all);
    }
    CHECK(cjk_firsts >= 5, "shared glyphs first in every CJK face (%d made)", cjk_firsts);
    CHECK(composites_seen, "a face small enough to subset whole (Liberation)");
    CHECK(closed >= 2, "composite components and variation glyphs were compared (%d sets)", closed);
    const mlps_face *lib = mlps_fontset_pick(fs, mlps_fontset_role(fs, "fill"), 'A');
    CHECK(lib != NULL, "the fill role has a Latin face");
    if (lib) {
        /* what ours does not make goes to hb-subset: glyph ids, other flags, a kept GSUB */
        hb_face_t *src = mlps_face_hb_face(lib);
        uint32_t *g = NULL;
        unsigned ng = 0;
        hb_subset_input_t *in = input_of((const uint32_t[]){'A', 'B'}, 2);
        hb_face_t *ok = mlps_subset_glyf(mlps_face_hb_font(lib), in, NULL, 0, NULL, &g, &ng);
        CHECK(ok != NULL && ng == 3, "A, B: .notdef and two glyphs (%u)", ng);
        hb_face_destroy(ok);
        free(g);
        hb_set_add(hb_subset_input_glyph_set(in), 5);
        CHECK(!mlps_subset_glyf(mlps_face_hb_font(lib), in, NULL, 0, NULL, &g, &ng), "a glyph id set declines");
        hb_subset_input_destroy(in);
        in = input_of((const uint32_t[]){'A', 'B'}, 2);
        hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_RETAIN_GIDS);
        CHECK(!mlps_subset_glyf(mlps_face_hb_font(lib), in, NULL, 0, NULL, &g, &ng), "other flags decline");
        hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
        hb_set_del(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG), HB_TAG('G', 'S', 'U', 'B'));
        hb_blob_t *gsub = hb_face_reference_table(src, HB_TAG('G', 'S', 'U', 'B'));
        CHECK(hb_blob_get_length(gsub) > 0, "Liberation has GSUB");
        hb_blob_destroy(gsub);
        CHECK(!mlps_subset_glyf(mlps_face_hb_font(lib), in, NULL, 0, NULL, &g, &ng), "a kept GSUB declines");
        hb_subset_input_destroy(in);

        /* shared glyphs first: simple glyphs only (a composite's bytes depend on where its
         * components land) */
        uint32_t latin[] = {'A', 'B', 'C', 'a', 'b', 'z', 0xC5 /* Å: composite */, 0xE9};
        uint32_t fl[3];
        for (int i = 0; i < 3; i++)
            hb_font_get_nominal_glyph(mlps_face_hb_font(lib), "Bbz"[i], &fl[i]);
        CHECK(fl[0] < fl[1] && fl[1] < fl[2], "B, b, z ascend in Liberation");
        CHECK(check_firsts(mlps_face_hb_font(lib), "Liberation, B b z first", latin, 8, fl, 3),
              "simple firsts are made");
        hb_codepoint_t aring;
        hb_font_get_nominal_glyph(mlps_face_hb_font(lib), 0xC5, &aring);
        uint32_t withc[] = {fl[0], aring};
        if (aring < fl[0])
            withc[0] = aring, withc[1] = fl[0];
        CHECK(!check_firsts(mlps_face_hb_font(lib), "Liberation, Å first", latin, 8, withc, 2),
              "a composite first declines");
        uint32_t missing[] = {fl[0], 7};
        CHECK(!check_firsts(mlps_face_hb_font(lib), "Liberation, a glyph not in the subset",
                            latin, 8, missing, 2), "a first outside the subset declines");

        /* damaged glyphs: ours must make what hb-subset makes of them (or decline) */
        hb_codepoint_t abc[3];
        for (int i = 0; i < 3; i++)
            hb_font_get_nominal_glyph(mlps_face_hb_font(lib), 'A' + i, &abc[i]);
        uint32_t text[] = {'A', 'B', 'C', 'D', 'a', 'b', 0xC5 /* Å: composite */};
        static const char *kinds[] = {"A cut short", "B's instructions too long",
                                      "C's loca reversed", "A with a point too many"};
        for (int k = 0; k < 4; k++) {
            hb_font_t *bad = damaged(src, abc, k);
            int before = handled;
            compare_font(bad, "Liberation Serif (damaged)", kinds[k], text,
                         sizeof text / sizeof *text);
            printf("damaged, %s: %s\n", kinds[k], handled > before ? "compared" : "fell back");
            hb_font_destroy(bad);
        }
    }
    printf("%d subsets compared (%d with glyphs beyond the nominal ones), %d fell back\n",
           handled, closed, fell_back);
    free(cps);
    mlps_fontset_free(fs);
    TEST_DONE();
}
