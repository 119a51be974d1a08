/* Paragraph line layout: fonts per character, HarfBuzz shaping, break opportunities
 * (linebreak.c), punctuation compression, Han–Latin spacing, total-fit breaking of justified
 * text, headings and titles (first fit with 先挤进后推出 for other ragged text), orphan control,
 * full justification. See para.h. */
#include "para.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <hb.h>
#include <unicode/uchar.h>
#include <xxhash.h>

#include "buf.h"
#include "linebreak.h"
#include "mem.h"
#include "mlps_limits.h"
#include "utf8.h"

/* Spacing, in em of the font size (clreq / RULES.md §3–5). */
#define HAN_LATIN_EM 0.25       /* 5.2: space between Han and a Latin letter/digit */
#define HAN_LATIN_MIN_EM 0.125  /* 3.5: it may shrink to this */
#define SPACE_MIN_EM 0.25       /* 3.5: a Latin word space may shrink to this */
#define SPACE_MAX_EM 0.9        /* 4.2: a word space stays under 1 em (cjkcheck: > 1 em is loose) */
#define GAP_STRETCH_MAX_EM 1.0  /* 4.2: no inter-character gap widens by more */
#define INK_MARGIN_EM 0.04      /* compression stops this short of a mark's ink */
#define FULL_WIDTH_MIN 0.9      /* glyph advance (em) counted as full width */
/* Paragraph optimiser (total fit, after Knuth–Plass): a line is "loose" past these. */
#define LS_LIMIT_EM 0.1         /* letter-spacing between ideographs (cjkcheck: > 0.1 em) */
#define WORD_GAP_MAX_EM 0.45    /* a word space is widened to at most this (cjkcheck: > 0.5) */
#define TRACK_MAX_EM 0.04       /* between Latin letters of a URL line: below a word gap */
#define HL_STRETCH_MAX_EM 0.2   /* the 1/4 em Han–Latin gap widens by at most this */
#define SHRINK_WEIGHT 0.01      /* badness of compression relative to widening */
#define LINE_PENALTY 10.0       /* per line: fewer lines when all else is equal */
#define LOOSE_MAX_EM 4.0        /* a justified line is never tried this much short */
#define BAD_MAX 10000.0         /* badness of a line that cannot be set well */
#define SOFT_BREAK_PENALTY 100.0 /* a break inside a URL, path or hash */
#define OPEN_START_PENALTY 60.0 /* a line begins with an opening bracket pulled into the margin */
#define NON_WORD_PENALTY 300.0  /* a title broken inside a word */
#define HEADING_NON_WORD_PENALTY 40.0 /* a heading broken inside a word: rather than widen a line
                                        by more than about 0.07 em */
#define ORPHAN_DEMERITS 1e6     /* 孤字: a last line of one character */
#define EMERGENCY_DEMERITS 1e12 /* no acceptable break: the overflowing glyph breaks */
#define EPS 0.005               /* pt: rounding slack in fit tests */

enum { K_OTHER, K_HAN, K_WEST, K_SPACE, K_MARK, K_WIDE, K_EXTRA };
enum { BLANK_NONE, BLANK_LEFT, BLANK_RIGHT };

/* One glyph. A cluster's first glyph carries the code point; extra glyphs are K_EXTRA. */
typedef struct item {
    const mlps_face *face;
    uint32_t gid, uni, cp;
    unsigned cls;       /* mlps_lb_class(cp) */
    unsigned char kind, blank;
    unsigned char brk;     /* a line may break before this glyph: MLPS_BRK_* flags, 0 = never */
    unsigned char stretch; /* the gap before it may widen when justifying */
    unsigned char track;   /* between two Latin letters, digits or marks: may widen a little */
    unsigned char hl;      /* a typed space between Han and Latin: set as the 1/4 em gap */
    unsigned char mark;    /* mlps_mark of its span */
    float adv;          /* set advance, pt (grid and quote padding included) */
    float dx, dy;       /* pen offset inside its advance (padding, HarfBuzz offsets) */
    float gap;          /* space before it (Han–Latin), dropped at a line start */
    float cap;          /* how far its blank side may shrink, pt */
    float cmp;          /* shrunk by adjacent-mark compression, pt */
    float q_self, q_gap; /* what it and its gap can still give when a line must shrink */
    uint32_t src;       /* its cluster: index into the code points */
} item;

struct mlps_para_work {
    uint32_t *cps;
    const mlps_face **faces;
    unsigned char *brk;
    unsigned char *marks; /* per code point: its span's mark */
    size_t cps_cap;
    item *items;
    double *pre, *qpre; /* prefix sums of widths and of shrinkability */
    double *gpre, *rpre; /* prefix sums: stretchable gaps, word spaces' room to widen */
    size_t *tpre;       /* prefix counts of Latin tracking gaps */
    size_t *wpre;       /* prefix counts of word spaces */
    double *cost;       /* optimiser: least demerits of a paragraph prefix ending at a break */
    size_t *prev;       /* optimiser: where the last line of that prefix starts */
    float *shrink;      /* 2 per glyph of the line being set: own shrink, gap shrink */
    size_t items_cap;
    size_t *starts;     /* line starts */
    size_t starts_cap;
    uint32_t *missing;
    size_t missing_cap;
    hb_buffer_t *hb;
    mlps_lb_work lb;
    struct pick_cache *pick;
    struct shape_cache *shapes;
    uint32_t *skey;     /* the shaping key being looked up */
    size_t skey_cap;
    struct shape_entry *long_shape; /* the last run too long for the cache */
};

/* The face mlps_fontset_pick gives a (role, code point), remembered: it asks HarfBuzz face by
 * face down the role's chain, about 270 instructions a character, and a document repeats its
 * characters. Direct-mapped; a key is cp << 8 | (role + 1), 0 = empty. */
#define PICK_CACHE 1024
#define PICK_MAX_ROLE 254
struct pick_cache {
    const mlps_fontset *fs; /* what the entries were picked in */
    uint32_t key[PICK_CACHE];
    const mlps_face *face[PICK_CACHE];
};

static const mlps_face *pick_face(struct mlps_para_work *w, const mlps_fontset *fs, int role,
                                  uint32_t cp)
{
    if (role > PICK_MAX_ROLE)
        return mlps_fontset_pick(fs, role, cp);
    if (!w->pick)
        w->pick = mlps_xcalloc(1, sizeof *w->pick);
    struct pick_cache *pc = w->pick;
    if (pc->fs != fs) {
        memset(pc, 0, sizeof *pc);
        pc->fs = fs;
    }
    uint32_t key = cp << 8 | (uint32_t)(role + 1);
    size_t h = ((cp * 0x9E3779B1u) >> 22 ^ (uint32_t)role) & (PICK_CACHE - 1);
    if (pc->key[h] != key) {
        pc->key[h] = key;
        pc->face[h] = mlps_fontset_pick(fs, role, cp);
    }
    return pc->face[h];
}

/* HarfBuzz's result for a run, remembered: its glyphs depend only on the face, the run's code
 * points, the five before and after it (HarfBuzz's context) and the buffer flags, not on the
 * size (positions are in font units), so a form cell shrunk to fit, a paragraph measured at
 * another width, and the same words in the next document shape once. hb_shape was about
 * 12,000 instructions a run. Direct-mapped; a collision replaces the entry. */
#define SHAPE_CACHE 512
#define SHAPE_MAX_GLYPHS 64 /* longer runs are shaped each time */
#define SHAPE_CONTEXT 5      /* HB_BUFFER_CONTEXT_LENGTH */
typedef struct {
    uint32_t gid, cluster; /* cluster: from the run's start */
    int32_t x_advance, x_offset, y_offset;
} shaped_glyph;
typedef struct shape_entry {
    uint64_t hash;
    const mlps_face *face;
    size_t nkey, ng; /* then uint32_t key[nkey], shaped_glyph glyphs[ng] */
} shape_entry;
struct shape_cache {
    const mlps_fontset *fs; /* what the faces belong to */
    shape_entry *e[SHAPE_CACHE];
};

static uint32_t *entry_key(shape_entry *e)
{
    return (uint32_t *)(e + 1);
}

static shaped_glyph *entry_glyphs(shape_entry *e)
{
    return (shaped_glyph *)(entry_key(e) + e->nkey);
}

typedef struct pctx {
    const mlps_fontset *fs;
    const mlps_para *para;
    struct mlps_para_work *w;
    size_t n;        /* code points */
    size_t ni;       /* items */
    double size, em; /* em = size; cell = full-width advance (grid) */
    double cell;
    int grid;
    int ragged;      /* titles: balanced lines, not justified */
    int heading;     /* headings: word boundaries, never letter-spaced past LS_LIMIT_EM */
} pctx;

static struct mlps_para_work *work_get(mlps_lines *out)
{
    if (!out->work)
        out->work = mlps_xcalloc(1, sizeof *out->work);
    return out->work;
}

static void work_free(struct mlps_para_work *w)
{
    if (!w)
        return;
    free(w->cps);
    free(w->faces);
    free(w->brk);
    free(w->marks);
    free(w->items);
    free(w->pre);
    free(w->qpre);
    free(w->gpre);
    free(w->rpre);
    free(w->wpre);
    free(w->tpre);
    free(w->cost);
    free(w->prev);
    free(w->shrink);
    free(w->starts);
    free(w->missing);
    if (w->hb)
        hb_buffer_destroy(w->hb);
    mlps_lb_work_free(&w->lb);
    free(w->pick);
    if (w->shapes)
        for (size_t i = 0; i < SHAPE_CACHE; i++)
            free(w->shapes->e[i]);
    free(w->shapes);
    free(w->skey);
    free(w->long_shape);
    free(w);
}

/* Ranges with no default-ignorable code point and no combining mark (ICU 72, checked code point
 * by code point): CJK punctuation, kana, ideographs and full-width forms, most of the text,
 * answered without a call into ICU. */
static bool plain_cjk(uint32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0x3000 && cp <= 0x3029) ||
           (cp >= 0xFF00 && cp <= 0xFF9F);
}

int mlps_para_ignorable(uint32_t cp)
{
    return cp >= 0x80 && cp != UTF8_INVALID && !plain_cjk(cp) &&
           u_hasBinaryProperty((UChar32)cp, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

static bool combining(uint32_t cp)
{
    return cp >= 0x300 && !plain_cjk(cp) && u_getCombiningClass((UChar32)cp) != 0;
}

void mlps_lines_clear(mlps_lines *l)
{
    l->nlines = 0;
    l->nglyphs = 0;
}

void mlps_lines_free(mlps_lines *l)
{
    free(l->lines);
    free(l->glyphs);
    work_free(l->work);
    *l = (mlps_lines){0};
}

static int is_han(uint32_t c)
{
    return (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3005 && c <= 0x3007) ||
           (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
           (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

static int is_west(uint32_t c)
{
    if (c < 0x80)
        return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9');
    return c < 0x2000 && u_isalnum((UChar32)c);
}

/* ------------------------------------------------------------------ text and fonts */

static void grow_cps(struct mlps_para_work *w, size_t need)
{
    if (need <= w->cps_cap)
        return;
    size_t cap = w->cps_cap ? w->cps_cap : 256;
    while (cap < need)
        cap *= 2;
    w->cps = mlps_xrealloc(w->cps, cap * sizeof *w->cps);
    w->faces = mlps_xrealloc(w->faces, cap * sizeof *w->faces);
    w->brk = mlps_xrealloc(w->brk, (cap + 1) * sizeof *w->brk);
    w->marks = mlps_xrealloc(w->marks, cap * sizeof *w->marks);
    w->cps_cap = cap;
}

static void note_missing(struct mlps_para_work *w, size_t *nmiss, size_t *total, uint32_t cp)
{
    for (size_t i = 0; i < *nmiss; i++)
        if (w->missing[i] == cp)
            return;
    (*total)++;
    if (*nmiss < MLPS_MAX_LISTED_CHARS) {
        XGROW(w->missing, w->missing_cap, *nmiss + 1);
        w->missing[(*nmiss)++] = cp;
    }
}

static int bad_role(const char *role, const char *file, long line, mlps_diags *d)
{
    mlps_diag_error(d, file, line, NULL, "字体角色“%s”未在字体配置中定义", role);
    return 1;
}

/* Decodes the spans into w->cps and picks a face for each. Returns non-zero (with one
 * message) when a role is unknown, the text is not UTF-8 or characters have no font. */
static int load_text(pctx *c, const char *file, long line, mlps_diags *d)
{
    struct mlps_para_work *w = c->w;
    const mlps_para *p = c->para;
    const char *prole = p->style.role ? p->style.role : "body";
    int r0 = mlps_fontset_role(c->fs, prole);
    size_t total = 0, nmiss = 0, listed_total = 0;
    int bad_utf8 = 0;
    if (r0 < 0)
        return bad_role(prole, file, line, d);
    for (size_t s = 0; s < p->nspans; s++)
        total += p->spans[s].len;
    if (total > MLPS_MAX_PARA_BYTES) {
        mlps_diag_error(d, file, line, NULL, "段落过长（%zu 字节，上限 %u 字节）", total,
                   MLPS_MAX_PARA_BYTES);
        return 1;
    }
    grow_cps(w, total + 1);
    c->n = 0;
    for (size_t s = 0; s < p->nspans; s++) {
        const mlps_span *sp = &p->spans[s];
        int role = r0;
        if (sp->role && (role = mlps_fontset_role(c->fs, sp->role)) < 0)
            return bad_role(sp->role, file, line, d);
        for (size_t i = 0; i < sp->len;) {
            uint32_t cp = mlps_utf8_next(sp->text, sp->len, &i);
            const mlps_face *f;
            if (cp == UTF8_INVALID) {
                bad_utf8 = 1;
                continue;
            }
            if (cp == '\t' || cp == '\n' || cp == '\r')
                cp = ' '; /* layout whitespace: a word space */
            if (mlps_para_ignorable(cp)) {
                f = NULL; /* ZWSP, variation selectors…: shaped with their neighbour, no glyph */
            } else if (c->n && w->faces[c->n - 1] && combining(cp) &&
                       mlps_face_glyph(w->faces[c->n - 1], cp)) {
                f = w->faces[c->n - 1]; /* keep a combining mark with its base */
            } else if (!(f = pick_face(w, c->fs, role, cp))) {
                note_missing(w, &nmiss, &listed_total, cp);
                continue;
            }
            w->cps[c->n] = cp;
            w->marks[c->n] = sp->mark;
            w->faces[c->n++] = f;
        }
    }
    if (bad_utf8) {
        mlps_diag_error(d, file, line, NULL, "段落含有无效的 UTF-8 字节序列");
        return 1;
    }
    if (nmiss) {
        mlps_buf b = MLPS_BUF_INIT;
        for (size_t i = 0; i < nmiss; i++) {
            char u8[5] = {0};
            uint32_t cp = w->missing[i];
            if (i)
                mlps_buf_puts(&b, "、");
            if (cp >= 0x20 && !(cp >= 0x7F && cp < 0xA0))
                mlps_buf_append(&b, u8, mlps_utf8_encode(cp, u8));
            mlps_buf_printf(&b, "（U+%04X）", (unsigned)cp);
        }
        if (listed_total > nmiss)
            mlps_buf_printf(&b, "等共 %zu 个", listed_total);
        mlps_diag_error(d, file, line, NULL, "以下字符没有可用字体：%s（字体角色“%s”的字体链都不含这些字符）",
                   b.ptr, prole);
        mlps_buf_free(&b);
        return 1;
    }
    /* ignorables take the face of a neighbour; a paragraph of nothing else has no glyphs */
    for (size_t i = 0; i < c->n; i++)
        if (!w->faces[i])
            w->faces[i] = i ? w->faces[i - 1] : NULL;
    for (size_t i = c->n; i-- > 0;)
        if (!w->faces[i] && i + 1 < c->n)
            w->faces[i] = w->faces[i + 1];
    if (c->n && !w->faces[0])
        c->n = 0;
    return 0;
}

/* ------------------------------------------------------------------ shaping */

static item *new_item(pctx *c)
{
    struct mlps_para_work *w = c->w;
    if (c->ni + 1 > w->items_cap) {
        size_t cap = w->items_cap ? w->items_cap * 2 : 256;
        while (cap < c->ni + 1)
            cap *= 2;
        w->items = mlps_xrealloc(w->items, cap * sizeof *w->items);
        w->pre = mlps_xrealloc(w->pre, (cap + 1) * sizeof *w->pre);
        w->qpre = mlps_xrealloc(w->qpre, (cap + 1) * sizeof *w->qpre);
        w->gpre = mlps_xrealloc(w->gpre, (cap + 1) * sizeof *w->gpre);
        w->rpre = mlps_xrealloc(w->rpre, (cap + 1) * sizeof *w->rpre);
        w->wpre = mlps_xrealloc(w->wpre, (cap + 1) * sizeof *w->wpre);
        w->tpre = mlps_xrealloc(w->tpre, (cap + 1) * sizeof *w->tpre);
        w->cost = mlps_xrealloc(w->cost, (cap + 1) * sizeof *w->cost);
        w->prev = mlps_xrealloc(w->prev, (cap + 1) * sizeof *w->prev);
        w->shrink = mlps_xrealloc(w->shrink, 2 * cap * sizeof *w->shrink);
        w->items_cap = cap;
    }
    item *it = &w->items[c->ni++];
    memset(it, 0, sizeof *it);
    return it;
}

void mlps_para_prepare_threads(void)
{
    (void)hb_language_from_string("zh", -1);
}

/* The glyphs of cps[a, b) in face f, from the cache or from HarfBuzz (then kept); *ng set. The
 * result is valid until the next call. */
static const shaped_glyph *shape_run(pctx *c, const mlps_face *f, size_t a, size_t b, size_t *ng)
{
    struct mlps_para_work *w = c->w;
    /* liga=0, clig=0, dlig=0 over the whole buffer (hb_feature_from_string's result, without
     * parsing the strings per paragraph) */
    static const hb_feature_t feats[3] = {
        {HB_TAG('l', 'i', 'g', 'a'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
        {HB_TAG('c', 'l', 'i', 'g'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
        {HB_TAG('d', 'l', 'i', 'g'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END}};
    unsigned flags = (a == 0 ? HB_BUFFER_FLAG_BOT : 0) | (b == c->n ? HB_BUFFER_FLAG_EOT : 0) |
                     HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES;
    /* the key: flags, the context before, the run, the context after, each with its length */
    size_t pre = a < SHAPE_CONTEXT ? a : SHAPE_CONTEXT;
    size_t post = c->n - b < SHAPE_CONTEXT ? c->n - b : SHAPE_CONTEXT;
    size_t nkey = 4 + pre + (b - a) + post;
    XGROW_RAW(w->skey, w->skey_cap, nkey);
    uint32_t *k = w->skey;
    *k++ = flags;
    *k++ = (uint32_t)pre;
    memcpy(k, w->cps + a - pre, pre * sizeof *k);
    k += pre;
    *k++ = (uint32_t)(b - a);
    memcpy(k, w->cps + a, (b - a) * sizeof *k);
    k += b - a;
    *k++ = (uint32_t)post;
    memcpy(k, w->cps + b, post * sizeof *k);
    uint64_t h = XXH3_64bits(w->skey, nkey * sizeof *w->skey) ^ (uint64_t)(uintptr_t)f;
    if (!w->shapes)
        w->shapes = mlps_xcalloc(1, sizeof *w->shapes);
    struct shape_cache *sc = w->shapes;
    if (sc->fs != c->fs) {
        for (size_t i = 0; i < SHAPE_CACHE; i++) {
            free(sc->e[i]);
            sc->e[i] = NULL;
        }
        sc->fs = c->fs;
    }
    shape_entry **slot = &sc->e[h & (SHAPE_CACHE - 1)], *e = *slot;
    if (e && e->hash == h && e->face == f && e->nkey == nkey &&
        !memcmp(entry_key(e), w->skey, nkey * sizeof *w->skey)) {
        *ng = e->ng;
        return entry_glyphs(e);
    }
    hb_buffer_t *buf = w->hb;
    hb_buffer_clear_contents(buf);
    hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
    hb_buffer_set_flags(buf, (hb_buffer_flags_t)flags);
    hb_buffer_add_codepoints(buf, w->cps, (int)c->n, (unsigned)a, (int)(b - a));
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    hb_buffer_guess_segment_properties(buf);
    hb_buffer_set_language(buf, hb_language_from_string("zh", -1));
    hb_shape(mlps_face_hb_font(f), buf, feats, 3);
    unsigned n;
    hb_glyph_info_t *gi = hb_buffer_get_glyph_infos(buf, &n);
    hb_glyph_position_t *gp = hb_buffer_get_glyph_positions(buf, &n);
    /* kept in a new entry, or (too long to keep) in the work's own one */
    int keep = n <= SHAPE_MAX_GLYPHS;
    e = mlps_xmalloc(sizeof *e + nkey * sizeof *w->skey + (n ? n : 1) * sizeof(shaped_glyph));
    *e = (shape_entry){h, f, nkey, n};
    memcpy(entry_key(e), w->skey, nkey * sizeof *w->skey);
    shaped_glyph *sg = entry_glyphs(e);
    for (unsigned g = 0; g < n; g++)
        sg[g] = (shaped_glyph){gi[g].codepoint, (uint32_t)(gi[g].cluster - a), gp[g].x_advance,
                               gp[g].x_offset, gp[g].y_offset};
    if (!keep) {
        free(w->long_shape);
        w->long_shape = e;
    } else {
        free(*slot);
        *slot = e;
    }
    *ng = n;
    return sg;
}

/* Shapes each run of one face; one item per glyph, in logical order. */
static void shape(pctx *c)
{
    struct mlps_para_work *w = c->w;
    if (!w->hb)
        w->hb = hb_buffer_create();
    c->ni = 0;
    for (size_t a = 0, b; a < c->n; a = b) {
        const mlps_face *f = w->faces[a];
        for (b = a + 1; b < c->n && w->faces[b] == f;)
            b++;
        size_t ng;
        const shaped_glyph *sg = shape_run(c, f, a, b, &ng);
        double scale = c->size / mlps_face_upem(f);
        for (size_t g = 0; g < ng; g++) {
            size_t cl = a + sg[g].cluster;
            int first = g == 0 || sg[g - 1].cluster != sg[g].cluster;
            item *it = new_item(c);
            it->face = f;
            it->gid = sg[g].gid;
            it->cp = w->cps[cl];
            it->uni = first ? it->cp : 0;
            it->mark = w->marks[cl];
            it->brk = first ? w->brk[cl] : 0;
            it->src = (uint32_t)cl;
            it->adv = (float)(sg[g].x_advance * scale);
            it->dx = (float)(sg[g].x_offset * scale);
            it->dy = (float)(-sg[g].y_offset * scale);
            it->kind = first ? K_OTHER : K_EXTRA;
        }
    }
}

/* ------------------------------------------------------------------ measuring */

/* Classes, grid advances, blank sides of marks and Han–Latin gaps. */
static void measure(pctx *c)
{
    item *v = c->w->items;
    for (size_t i = 0; i < c->ni; i++) {
        item *it = &v[i];
        if (it->kind == K_EXTRA)
            continue;
        uint32_t cp = it->cp;
        double nat = it->adv / c->size; /* natural advance in em */
        it->cls = mlps_lb_class(cp);
        if (cp == ' ' || cp == 0xA0)
            it->kind = K_SPACE;
        else if (it->cls & (MLPS_LB_PAUSE | MLPS_LB_CLOSE | MLPS_LB_OPEN))
            it->kind = K_MARK;
        else if (is_han(cp))
            it->kind = K_HAN;
        else if (nat >= FULL_WIDTH_MIN)
            it->kind = K_WIDE;
        else if (is_west(cp))
            it->kind = K_WEST;
        if (c->grid && nat >= FULL_WIDTH_MIN && nat <= 2 - FULL_WIDTH_MIN)
            it->adv = (float)c->cell;
        /* Chinese text sets “”‘’ full width; pad proportional ones on their outer side */
        if ((it->cls & MLPS_LB_QUOTE) && nat < FULL_WIDTH_MIN) {
            double pad = c->cell - it->adv;
            if (it->cls & MLPS_LB_OPEN)
                it->dx += (float)pad;
            it->adv = (float)c->cell;
        }
        if (it->kind == K_MARK && it->adv >= FULL_WIDTH_MIN * c->cell) {
            /* how much blank the glyph really has on its open side (fonts differ) */
            hb_glyph_extents_t ext;
            double scale = c->size / mlps_face_upem(it->face);
            double ink_l = it->dx, ink_r = it->dx + it->adv / 2;
            if (hb_font_get_glyph_extents(mlps_face_hb_font(it->face), it->gid, &ext)) {
                ink_l = it->dx + ext.x_bearing * scale;
                ink_r = ink_l + ext.width * scale;
            }
            double half = it->adv / 2, margin = INK_MARGIN_EM * c->em;
            double blank;
            if (it->cls & MLPS_LB_OPEN) {
                it->blank = BLANK_LEFT;
                blank = ink_l;
            } else {
                it->blank = BLANK_RIGHT;
                blank = it->adv - ink_r;
            }
            double cap = blank - margin < half ? blank - margin : half;
            it->cap = (float)(cap > 0 ? cap : 0);
        }
    }
    /* a space typed between Han and a Latin letter/digit is the Han–Latin gap (clreq 5.2), not a
     * word space: 1/4 em, widened only as much as the gaps between characters */
    for (size_t i = 1; i + 1 < c->ni; i++) {
        item *it = &v[i];
        const item *p = &v[i - 1], *nx = &v[i + 1];
        if (it->kind != K_SPACE || it->cp != ' ' || p->kind == K_EXTRA || nx->kind == K_EXTRA)
            continue;
        if ((p->kind == K_HAN && nx->kind == K_WEST) || (p->kind == K_WEST && nx->kind == K_HAN)) {
            it->hl = 1;
            it->adv = (float)(HAN_LATIN_EM * c->em);
        }
    }
    /* adjacent marks: the pair loses the blank between them (1.5 em for two) */
    size_t prev = (size_t)-1;
    for (size_t i = 0; i < c->ni; i++) {
        item *it = &v[i];
        if (it->kind == K_EXTRA)
            continue;
        if (prev != (size_t)-1) {
            item *p = &v[prev];
            /* clreq: a pair of marks loses one blank half when a bracket or quote is one of
             * them; a run of pause marks (：；？！，) keeps its full widths */
            int paired = ((p->cls | it->cls) & (MLPS_LB_OPEN | MLPS_LB_CLOSE)) != 0;
            if (paired && p->blank == BLANK_RIGHT && it->blank != BLANK_NONE && p->cmp == 0)
                p->cmp = p->cap;
            else if (paired && p->blank != BLANK_NONE && it->blank == BLANK_LEFT)
                it->cmp = it->cap;
            if ((p->kind == K_HAN && it->kind == K_WEST) ||
                (p->kind == K_WEST && it->kind == K_HAN))
                it->gap = (float)(HAN_LATIN_EM * c->em);
            int cjk = p->kind == K_HAN || p->kind == K_MARK || p->kind == K_WIDE ||
                      it->kind == K_HAN || it->kind == K_MARK || it->kind == K_WIDE;
            int lone_conn = ((p->cls | it->cls) & MLPS_LB_SOLIDUS) ||
                            ((p->cls & MLPS_LB_CONNECTOR) && p->cp != it->cp &&
                             !(prev > 0 && v[prev - 1].cp == p->cp)) ||
                            ((it->cls & MLPS_LB_CONNECTOR) && p->cp != it->cp &&
                             !(i + 1 < c->ni && v[i + 1].cp == it->cp));
            it->stretch = cjk && it->adv > 0 && p->kind != K_SPACE && it->kind != K_SPACE &&
                          !lone_conn && !mlps_lb_glued(p->cp, it->cp);
            it->track = !cjk && p->kind != K_SPACE && it->kind != K_SPACE && p->cp > ' ' &&
                        p->cp < 0x2000 && it->cp > ' ' && it->cp < 0x2000 &&
                        !mlps_lb_glued(p->cp, it->cp);
        }
        prev = i;
    }
    /* what each glyph can give when a line must shrink (clreq 3.5), and prefix sums */
    double *pre = c->w->pre, *qpre = c->w->qpre, *gpre = c->w->gpre, *rpre = c->w->rpre;
    size_t *wpre = c->w->wpre, *tpre = c->w->tpre;
    pre[0] = qpre[0] = gpre[0] = rpre[0] = 0;
    wpre[0] = tpre[0] = 0;
    for (size_t i = 0; i < c->ni; i++) {
        item *it = &v[i];
        int word = it->kind == K_SPACE && !it->hl;
        double room = WORD_GAP_MAX_EM * c->em - it->adv;
        gpre[i + 1] = gpre[i] + (it->stretch || (it->kind == K_SPACE && it->hl));
        wpre[i + 1] = wpre[i] + word;
        tpre[i + 1] = tpre[i] + it->track;
        rpre[i + 1] = rpre[i] + (word && room > 0 ? room : 0);
        it->q_self = it->blank ? it->cap - it->cmp : 0;
        if (it->kind == K_SPACE && it->adv > SPACE_MIN_EM * c->em)
            it->q_self = (float)(it->adv - SPACE_MIN_EM * c->em);
        it->q_gap = it->gap > 0 ? (float)(it->gap - HAN_LATIN_MIN_EM * c->em) : 0;
        pre[i + 1] = pre[i] + it->gap + it->adv - it->cmp;
        qpre[i + 1] = qpre[i] + it->q_self + it->q_gap;
    }
}

/* ------------------------------------------------------------------ breaking */

/* End of the visible content of [s, e): trailing spaces dropped. */
static size_t trim(const pctx *c, size_t s, size_t e)
{
    const item *v = c->w->items;
    while (e > s && v[e - 1].kind == K_SPACE)
        e--;
    return e;
}

/* An opening bracket begins the continuation line at s: its blank half stays at the start, its
 * box inside the line (a cell's rule is at the edge), and the break costs a penalty. */
static int opens_line(const pctx *c, size_t s)
{
    const item *it = &c->w->items[s];
    return s > 0 && it->blank == BLANK_LEFT && it->cap > it->cmp;
}

/* What an opening bracket that begins a line gets back: the blank it gave up to a mark before
 * it, now on the line before. */
static double startback(const pctx *c, size_t s)
{
    const item *it = &c->w->items[s];
    return it->blank == BLANK_LEFT ? it->cmp : 0;
}

/* What a closing mark that ends the line gets back: the blank it gave up to the mark after it
 * (》（), which begins the next line. */
static double endback(const pctx *c, size_t e)
{
    const item *it = &c->w->items[e - 1];
    return it->blank == BLANK_RIGHT ? it->cmp : 0;
}

/* Natural width of [s, e) as a line (e already trimmed). A closing mark that ends the line
 * keeps its whole advance inside it: nothing hangs past the edge, where a table cell's rule
 * is (RULES.md 3.4; a PDF reader's box of the glyph is its whole advance). */
static double natural(const pctx *c, size_t s, size_t e)
{
    if (e <= s)
        return 0;
    return c->w->pre[e] - c->w->pre[s] - c->w->items[s].gap + startback(c, s) + endback(c, e);
}

/* How much [s, e) can shrink (not the last glyph: its blank stays in its box). */
static double shrinkable(const pctx *c, size_t s, size_t e)
{
    if (e <= s)
        return 0;
    const item *v = c->w->items;
    double q = c->w->qpre[e] - c->w->qpre[s] - v[s].q_gap - v[e - 1].q_self;
    return v[s].blank == BLANK_LEFT && e - 1 > s ? q - v[s].q_self : q;
}

static double line_avail(double measure, double first_indent, size_t s)
{
    return s == 0 ? measure - first_indent : measure;
}

/* Greedy choice of the end of the line starting at s. */
static size_t break_line(const pctx *c, size_t s, double avail)
{
    const item *v = c->w->items;
    size_t best = 0, ov = 0;
    size_t e;
    for (e = s + 1; e <= c->ni; e++) {
        size_t t = trim(c, s, e);
        double wd = natural(c, s, t);
        if (wd > avail + EPS) {
            ov = e - 1;
            break;
        }
        if (e == c->ni || v[e].brk)
            best = e;
    }
    if (e > c->ni)
        return c->ni;
    /* 先挤进: marks that may not begin a line are squeezed in before anything is pushed down */
    for (size_t e2 = ov + 1; e2 <= c->ni; e2++) {
        const item *m = &v[e2 - 1];
        if (!(m->cls & MLPS_LB_NO_START) && m->kind != K_EXTRA)
            break;
        if (e2 == c->ni || v[e2].brk) {
            size_t t = trim(c, s, e2);
            if (natural(c, s, t) - shrinkable(c, s, t) <= avail + EPS)
                best = e2;
        }
    }
    if (best > s)
        return best;
    /* nothing breakable fits (a long URL): break at the glyph that overflows */
    e = ov > s ? ov : s + 1;
    while (e < c->ni && v[e].kind == K_EXTRA)
        e++;
    return e;
}

/* Characters (not marks or spaces) in [s, e). */
static size_t count_chars(const pctx *c, size_t s, size_t e)
{
    size_t k = 0;
    for (size_t i = s; i < e; i++) {
        const item *it = &c->w->items[i];
        if (it->kind != K_EXTRA && it->kind != K_SPACE && it->kind != K_MARK &&
            !(it->cls & MLPS_LB_NO_START))
            k++;
    }
    return k;
}

/* First fit (ragged text other than titles): line starts into w->starts; returns the number of
 * lines. */
static size_t break_all(pctx *c, double measure, double first_indent)
{
    struct mlps_para_work *w = c->w;
    size_t nl = 0;
    for (size_t s = 0; s < c->ni;) {
        XGROW(w->starts, w->starts_cap, nl + 2);
        w->starts[nl++] = s;
        s = break_line(c, s, line_avail(measure, first_indent, s));
    }
    XGROW(w->starts, w->starts_cap, nl + 1);
    w->starts[nl] = c->ni;
    /* 孤字: a last line of one character (with its marks) takes one more from above */
    if (nl >= 2 && count_chars(c, w->starts[nl - 1], c->ni) <= 1) {
        size_t ps = w->starts[nl - 2], ls = w->starts[nl - 1];
        for (size_t e = ls - 1; e > ps; e--) {
            if (!c->w->items[e].brk)
                continue;
            double av = line_avail(measure, first_indent, e);
            if (natural(c, e, trim(c, e, c->ni)) <= av + EPS &&
                count_chars(c, ps, e) >= 1)
                w->starts[nl - 1] = e;
            break;
        }
    }
    return nl;
}

/* ------------------------------------------------------------------ total fit */

/* How a line [s, t) that is `extra` pt short of the measure is filled: the gaps between
 * characters (and the Han–Latin gaps) widen to LS_LIMIT_EM first, then word spaces to
 * WORD_GAP_MAX_EM, then the gaps again; word spaces alone only in a line without gaps. */
static double fill_line(const pctx *c, size_t s, size_t t, double extra, double *per_gap,
                      double *space_frac, double *per_space, double *per_track)
{
    const struct mlps_para_work *w = c->w;
    double ng = w->gpre[t] - w->gpre[s] - (w->items[s].stretch ? 1 : 0);
    double room = w->rpre[t] - w->rpre[s];
    size_t ns = w->wpre[t] - w->wpre[s];
    double nt = (double)(w->tpre[t] - w->tpre[s] - w->items[s].track);
    *per_gap = *space_frac = *per_space = *per_track = 0;
    if (extra <= 0)
        return 0;
    /* ideograph gaps to the limit, word spaces to theirs, Latin tracking to its, then gaps */
    double a = extra < ng * LS_LIMIT_EM * c->em ? extra : ng * LS_LIMIT_EM * c->em;
    double rest = extra - a, b = rest < room ? rest : room;
    rest -= b;
    double tr = rest < nt * TRACK_MAX_EM * c->em ? rest : nt * TRACK_MAX_EM * c->em;
    rest -= tr;
    *space_frac = room > 0 ? b / room : 0;
    *per_track = nt > 0 ? tr / nt : 0;
    if (ng > 0)
        *per_gap = (a + rest) / ng;
    else if (ns && c->grid) /* a justified body line of Latin words only: spaces take the rest */
        *per_space = rest / (double)ns;
    return ng > 0 ? 0 : rest; /* what no gap could take comfortably */
}

/* Badness of [s, e) as a line (TeX's 100 r³, r = stretch or shrink used / what is comfortable),
 * or -1 when it cannot be set even fully shrunk. Ragged (balanced) lines: squared slack. */
static double badness(const pctx *c, size_t s, size_t t, double avail, int last)
{
    double nat = natural(c, s, t);
    if (nat > avail + EPS) {
        double shr = shrinkable(c, s, t);
        if (nat - shr > avail + EPS)
            return -1;
        /* 先挤进 (clreq): compressing punctuation costs little; a line as tight as it can be
         * still costs less than a visibly letter-spaced one */
        double r = (nat - avail) / shr;
        return SHRINK_WEIGHT * 100 * r * r * r;
    }
    if (c->ragged) {
        double slack = (avail - nat) / c->em;
        return 4 * slack * slack;
    }
    if (last)
        return 0;
    double extra = avail - nat, per_gap, frac, per_space, per_track, r;
    double left = fill_line(c, s, t, extra, &per_gap, &frac, &per_space, &per_track);
    double rt = per_track / (TRACK_MAX_EM * c->em);
    r = per_gap / (LS_LIMIT_EM * c->em);
    if (left > c->em / 8) /* no ideograph gap, and spaces or tracking past their limits */
        r = 10;
    if (rt > r) /* tracking Latin costs as much as letter-spacing Chinese */
        r = rt;
    double b = 100 * r * r * r;
    return b < BAD_MAX ? b : BAD_MAX;
}

/* Line starts into w->starts choosing the breaks of least total demerits over the whole
 * paragraph ((LINE_PENALTY + badness)² + penalty², as in TeX). Returns the number of lines. */
static size_t break_optimal(pctx *c, double measure, double first_indent)
{
    struct mlps_para_work *w = c->w;
    const item *v = w->items;
    size_t ni = c->ni;
    double *cost = w->cost;
    size_t *prev = w->prev;
    for (size_t i = 0; i <= ni; i++)
        cost[i] = HUGE_VAL;
    cost[0] = 0;
    for (size_t s = 0; s < ni; s++) {
        if (cost[s] == HUGE_VAL)
            continue;
        double avail = line_avail(measure, first_indent, s);
        int found = 0;
        /* a justified line shorter than this is never worth setting: start where it is reached
         * (widths only grow with e); the last line is always tried */
        size_t e0 = s + 1;
        if (!c->ragged) {
            double least = w->pre[s] + avail - LOOSE_MAX_EM * c->em;
            size_t lo = s + 1, hi = ni;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (w->pre[mid] < least)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            e0 = lo;
        }
    scan:
        for (size_t e = e0; e <= ni; e++) {
            if (e < ni && !v[e].brk) { /* inside a long unbreakable string: stop past the edge */
                if (w->pre[e] - w->pre[s] - (w->qpre[e] - w->qpre[s]) > avail + 3 * c->em)
                    break;
                continue;
            }
            size_t t = trim(c, s, e);
            int last = e == ni;
            double b = badness(c, s, t, avail, last);
            if (b < 0) {
                if (natural(c, s, t) - shrinkable(c, s, t) > avail + 2 * c->em)
                    break;
                continue;
            }
            double pen = 0;
            if (!last && (v[e].brk & MLPS_BRK_SOFT))
                pen += SOFT_BREAK_PENALTY;
            if (!last && opens_line(c, e))
                pen += OPEN_START_PENALTY;
            if (!last && (c->ragged || c->heading) && !(v[e].brk & MLPS_BRK_WORD))
                pen += c->ragged ? NON_WORD_PENALTY : HEADING_NON_WORD_PENALTY;
            double d = (LINE_PENALTY + b) * (LINE_PENALTY + b) + pen * pen;
            if (last && s > 0 && !c->ragged && count_chars(c, s, ni) <= 1)
                d += ORPHAN_DEMERITS;
            if (cost[s] + d < cost[e]) {
                cost[e] = cost[s] + d;
                prev[e] = s;
            }
            found = 1;
        }
        if (!found && e0 > s + 1) { /* only a loose line will do (before a long string) */
            e0 = s + 1;
            goto scan;
        }
        if (!found) { /* nothing fits (a long unbreakable string): break where it overflows */
            size_t e = break_line(c, s, avail);
            if (cost[s] + EMERGENCY_DEMERITS < cost[e]) {
                cost[e] = cost[s] + EMERGENCY_DEMERITS;
                prev[e] = s;
            }
        }
    }
    size_t nl = 0;
    for (size_t e = ni; e > 0; e = prev[e])
        nl++;
    XGROW(w->starts, w->starts_cap, nl + 1);
    w->starts[nl] = ni;
    for (size_t e = ni, k = nl; e > 0; e = prev[e])
        w->starts[--k] = prev[e];
    return nl;
}

/* ------------------------------------------------------------------ setting lines */

/* Shrinks the glyphs of [s, e) by `need` pt: spaces, then marks, then Han–Latin gaps. */
static void squeeze(const pctx *c, size_t s, size_t e, double need, float *sh, float *gsh)
{
    const item *v = c->w->items;
    for (int tier = 0; tier < 3 && need > 0; tier++) {
        double tot = 0;
        for (size_t i = s; i < e; i++) {
            double q = tier == 2 ? (i > s ? v[i].q_gap : 0)
                                 : (i + 1 < e && (v[i].kind == K_SPACE) == (tier == 0) &&
                                    !(i == s && v[s].blank == BLANK_LEFT) ? v[i].q_self : 0);
            tot += q;
        }
        if (tot <= 0)
            continue;
        double f = need < tot ? need / tot : 1;
        for (size_t i = s; i < e; i++) {
            if (tier == 2) {
                if (i > s)
                    gsh[i - s] += (float)(f * v[i].q_gap);
            } else if (i + 1 < e && (v[i].kind == K_SPACE) == (tier == 0) &&
                       !(i == s && v[s].blank == BLANK_LEFT)) {
                sh[i - s] += (float)(f * v[i].q_self);
            }
        }
        need -= f * tot;
    }
}

static void set_line(pctx *c, size_t s, size_t e, double x0, double avail, int last,
                     mlps_lines *out)
{
    const item *v = c->w->items;
    const mlps_align al = c->para->style.align;
    size_t t = trim(c, s, e), n = t - s;
    /* per glyph: own shrink and gap shrink (two halves of one scratch array) */
    float *sh = c->w->shrink, *gsh = c->w->shrink + n;
    memset(sh, 0, 2 * n * sizeof *sh);
    double sb = n ? startback(c, s) : 0;
    double back = n ? endback(c, t) : 0;
    double wd = n ? c->w->pre[t] - c->w->pre[s] - v[s].gap + sb + back : 0;
    double per_space = 0, per_gap = 0, space_frac = 0, per_track = 0, offset = 0;
    if (n && wd > avail + EPS) {
        squeeze(c, s, t, wd - avail, sh, gsh);
    } else if (n && al == MLPS_ALIGN_JUSTIFY && !last && !c->ragged) {
        fill_line(c, s, t, avail - wd, &per_gap, &space_frac, &per_space, &per_track);
        /* too loose: left short (a table cell is never letter-spaced past the limit) */
        double cap = (c->grid && !c->heading ? GAP_STRETCH_MAX_EM : LS_LIMIT_EM) * c->em;
        if (per_gap > cap)
            per_gap = cap;
    }
    if (al == MLPS_ALIGN_CENTER || al == MLPS_ALIGN_RIGHT) {
        if (wd < avail)
            offset = al == MLPS_ALIGN_CENTER ? (avail - wd) / 2 : avail - wd;
    }
    XGROW_RAW(out->glyphs, out->glyphs_cap, out->nglyphs + n + 1);
    XGROW_RAW(out->lines, out->lines_cap, out->nlines + 1);
    mlps_line *ln = &out->lines[out->nlines++];
    ln->first_glyph = out->nglyphs;
    ln->nglyphs = n;
    ln->last = last;
    ln->ascent = ln->descent = 0;
    double x = x0 + offset;
    const mlps_face *lastf = NULL;
    for (size_t i = s; i < t; i++) {
        const item *it = &v[i];
        if (i > s)
            x += it->gap - gsh[i - s] + (it->stretch ? per_gap : 0) + (it->track ? per_track : 0);
        double cm = i == s ? it->cmp - sb : it->cmp;
        double left = it->blank == BLANK_LEFT ? cm + sh[i - s] : 0;
        mlps_glyph *g = &out->glyphs[out->nglyphs++];
        g->face = it->face;
        g->repeated = 0;
        g->size = (float)c->size;
        g->gid = it->gid;
        g->uni = it->uni;
        g->mark = it->mark;
        g->x = (float)(x + it->dx - left);
        g->y = it->dy;
        double widen = 0;
        if (it->kind == K_SPACE && it->hl)
            widen = per_gap < HL_STRETCH_MAX_EM * c->em ? per_gap : HL_STRETCH_MAX_EM * c->em;
        else if (it->kind == K_SPACE && WORD_GAP_MAX_EM * c->em > it->adv)
            widen = space_frac * (WORD_GAP_MAX_EM * c->em - it->adv) + per_space;
        else if (it->kind == K_SPACE)
            widen = per_space;
        if (it->kind == K_SPACE && !it->hl && it->adv + widen > SPACE_MAX_EM * c->em)
            widen = it->adv < SPACE_MAX_EM * c->em ? SPACE_MAX_EM * c->em - it->adv : 0;
        x += it->adv - cm - sh[i - s] + widen;
        if (it->face != lastf) {
            lastf = it->face;
            double k = c->size / mlps_face_upem(it->face);
            double a = mlps_face_ascender(it->face) * k, d = -mlps_face_descender(it->face) * k;
            ln->ascent = a > ln->ascent ? a : ln->ascent;
            ln->descent = d > ln->descent ? d : ln->descent;
        }
    }
    ln->width = x + back - (x0 + offset);
}

/* ------------------------------------------------------------------ entry point */

static void empty_line(pctx *c, mlps_lines *out)
{
    int role = mlps_fontset_role(c->fs, c->para->style.role ? c->para->style.role : "body");
    const mlps_face *f = role >= 0 ? mlps_fontset_pick(c->fs, role, 0x4E00) : NULL;
    XGROW(out->lines, out->lines_cap, out->nlines + 1);
    mlps_line *ln = &out->lines[out->nlines++];
    memset(ln, 0, sizeof *ln);
    ln->first_glyph = out->nglyphs;
    ln->last = true;
    if (f) {
        double k = c->size / mlps_face_upem(f);
        ln->ascent = mlps_face_ascender(f) * k;
        ln->descent = -mlps_face_descender(f) * k;
    }
}

int mlps_para_layout(const mlps_fontset *fs, const mlps_para *para, double width,
                     const char *src_file, long src_line, mlps_lines *out, mlps_diags *d)
{
    int rc = 1;
    const mlps_style *st = &para->style;
    pctx c = {.fs = fs, .para = para, .w = work_get(out), .size = st->size_pt, .em = st->size_pt};
    c.grid = st->grid_chars > 0;
    c.ragged = st->name && (!strcmp(st->name, "title") || !strcmp(st->name, "subtitle"));
    c.heading = st->outline_level > 0 && !c.ragged;
    c.cell = c.grid ? width / st->grid_chars : c.size;
    if (load_text(&c, src_file, src_line, d))
        goto done;
    if (mlps_lb_breaks(&c.w->lb, c.w->cps, c.n, c.w->brk)) {
        mlps_diag_error(d, src_file, src_line, NULL, "ICU 断行初始化失败");
        goto done;
    }
    shape(&c);
    if (c.ni == 0) {
        empty_line(&c, out);
        rc = 0;
        goto done;
    }
    measure(&c);
    {
        /* indents count in grid cells on a grid (GB/T 9704: 首行空二字 of 28 per line) */
        double unit = c.cell;
        double left = st->indent_left_em * unit, right = st->indent_right_em * unit;
        double first = st->indent_first_em * unit;
        double measure_w = width - left - right;
        /* a heading or title that wraps breaks at word boundaries (ICU's dictionary) */
        if ((c.ragged || c.heading) && natural(&c, 0, trim(&c, 0, c.ni)) > measure_w - first + EPS) {
            if (mlps_lb_words(&c.w->lb, c.n, c.w->brk)) {
                mlps_diag_error(d, src_file, src_line, NULL, "ICU 分词初始化失败");
                goto done;
            }
            for (size_t i = 0; i < c.ni; i++) /* items carry the break flags of their clusters */
                if (c.w->items[i].brk)
                    c.w->items[i].brk = c.w->brk[c.w->items[i].src];
        }
        /* justified text, headings and titles: total fit; other ragged text: first fit */
        size_t nl = st->align == MLPS_ALIGN_JUSTIFY || c.ragged
                        ? break_optimal(&c, measure_w, first)
                        : break_all(&c, measure_w, first);
        for (size_t k = 0; k < nl; k++) {
            size_t s = c.w->starts[k], e = c.w->starts[k + 1];
            double x0 = left + (s == 0 ? first : 0);
            set_line(&c, s, e, x0, line_avail(measure_w, first, s), k + 1 == nl, out);
        }
    }
    rc = 0;
done:
    return rc;
}
