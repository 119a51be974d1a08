/* Memo of paragraph layouts (paracache.h): a chained hash table over a serialized key, the
 * entries on a most-recently-used list for eviction. */
#include "paracache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "mem.h"

/* One result: the entry, then its lines, its glyphs and its key, in one allocation. */
typedef struct entry {
    struct entry *chain;       /* next in its bucket */
    struct entry *newer, *older; /* recency list */
    uint64_t hash;
    size_t keylen, nlines, nglyphs, bytes;
} entry;

struct mlps_paracache {
    entry **buckets;
    size_t nbuckets;           /* a power of two */
    entry *newest, *oldest;
    size_t budget;
    unsigned char *key;        /* the key being looked up */
    size_t keylen, keycap;
    /* para.c's working memory, lent to each miss: a fresh one per lines object cost a break
     * iterator (ubrk_open), a shaping buffer, the face-pick cache and the scratch arrays' growth */
    struct mlps_para_work *work;
    mlps_paracache_stats st;
};

static mlps_line *e_lines(entry *e)
{
    return (mlps_line *)(e + 1);
}

static mlps_glyph *e_glyphs(entry *e)
{
    return (mlps_glyph *)(e_lines(e) + e->nlines);
}

static unsigned char *e_key(entry *e)
{
    return (unsigned char *)(e_glyphs(e) + e->nglyphs);
}

mlps_paracache *mlps_paracache_new(size_t budget)
{
    mlps_paracache *pc = mlps_xcalloc(1, sizeof *pc);
    pc->nbuckets = 1024;
    pc->buckets = mlps_xcalloc(pc->nbuckets, sizeof *pc->buckets);
    pc->budget = budget;
    return pc;
}

void mlps_paracache_free(mlps_paracache *pc)
{
    if (!pc)
        return;
    for (entry *e = pc->newest, *n; e; e = n) {
        n = e->older;
        free(e);
    }
    free(pc->buckets);
    free(pc->key);
    mlps_lines_free(&(mlps_lines){.work = pc->work});
    free(pc);
}

mlps_paracache_stats mlps_paracache_stats_get(const mlps_paracache *pc)
{
    mlps_paracache_stats z = {0, 0, 0, 0, 0, 0};
    return pc ? pc->st : z;
}

/* ---- the key: every input of mlps_para_layout that its result depends on ---- */

/* Appends n bytes at *at (room reserved by make_key). */
static unsigned char *key_put(unsigned char *at, const void *p, size_t n)
{
    memcpy(at, p, n);
    return at + n;
}

static unsigned char *key_str(unsigned char *at, const char *s, size_t len)
{
    size_t n = s ? len : SIZE_MAX; /* NULL and "" differ */
    at = key_put(at, &n, sizeof n);
    return s ? key_put(at, s, len) : at;
}

static size_t len_of(const char *s)
{
    return s ? strlen(s) : 0;
}

static void make_key(mlps_paracache *pc, const mlps_fontset *fs, const mlps_para *p, double width)
{
    const mlps_style *st = &p->style;
    /* the style fields para.c reads (not pitch, spacing or keep-with-next: pagination's) */
    struct {
        const mlps_fontset *fs;
        double width, size, first, left, right;
        int align, grid_chars, outline_level, pad;
        size_t nspans;
    } head;
    memset(&head, 0, sizeof head); /* padding bytes too: they are hashed */
    head.fs = fs;
    head.width = width;
    head.size = st->size_pt;
    head.first = st->indent_first_em;
    head.left = st->indent_left_em;
    head.right = st->indent_right_em;
    head.align = (int)st->align;
    head.grid_chars = st->grid_chars;
    head.outline_level = st->outline_level;
    head.nspans = p->nspans;
    size_t lname = len_of(st->name), lrole = len_of(st->role);
    size_t need = sizeof head + 2 * sizeof(size_t) + lname + lrole;
    for (size_t i = 0; i < p->nspans; i++)
        need += 1 + 2 * sizeof(size_t) + len_of(p->spans[i].role) + p->spans[i].len;
    XGROW(pc->key, pc->keycap, need);
    unsigned char *at = key_put(pc->key, &head, sizeof head);
    at = key_str(at, st->name, lname);
    at = key_str(at, st->role, lrole);
    for (size_t i = 0; i < p->nspans; i++) {
        const mlps_span *sp = &p->spans[i];
        at = key_put(at, &sp->mark, 1);
        at = key_str(at, sp->role, len_of(sp->role));
        at = key_str(at, sp->text ? sp->text : "", sp->len);
    }
    pc->keylen = (size_t)(at - pc->key);
}

/* ---- the table ---- */

static void unlink_recent(mlps_paracache *pc, entry *e)
{
    if (e->newer)
        e->newer->older = e->older;
    else
        pc->newest = e->older;
    if (e->older)
        e->older->newer = e->newer;
    else
        pc->oldest = e->newer;
    e->newer = e->older = NULL;
}

static void link_newest(mlps_paracache *pc, entry *e)
{
    e->older = pc->newest;
    e->newer = NULL;
    if (pc->newest)
        pc->newest->newer = e;
    pc->newest = e;
    if (!pc->oldest)
        pc->oldest = e;
}

static void evict_oldest(mlps_paracache *pc)
{
    entry *e = pc->oldest;
    entry **pp = &pc->buckets[e->hash & (pc->nbuckets - 1)];
    while (*pp != e)
        pp = &(*pp)->chain;
    *pp = e->chain;
    unlink_recent(pc, e);
    pc->st.bytes -= e->bytes;
    pc->st.entries--;
    pc->st.evictions++;
    free(e);
}

static void grow_buckets(mlps_paracache *pc)
{
    size_t n = pc->nbuckets * 2;
    entry **b = mlps_xcalloc(n, sizeof *b);
    for (size_t i = 0; i < pc->nbuckets; i++)
        for (entry *e = pc->buckets[i], *next; e; e = next) {
            next = e->chain;
            e->chain = b[e->hash & (n - 1)];
            b[e->hash & (n - 1)] = e;
        }
    free(pc->buckets);
    pc->buckets = b;
    pc->nbuckets = n;
}

static entry *find(mlps_paracache *pc, uint64_t h)
{
    for (entry *e = pc->buckets[h & (pc->nbuckets - 1)]; e; e = e->chain)
        if (e->hash == h && e->keylen == pc->keylen && !memcmp(e_key(e), pc->key, pc->keylen))
            return e;
    return NULL;
}

/* Keeps the lines [l0, nlines) and glyphs [g0, nglyphs) of out under the current key. */
static void insert(mlps_paracache *pc, uint64_t h, const mlps_lines *out, size_t l0, size_t g0)
{
    size_t nl = out->nlines - l0, ng = out->nglyphs - g0;
    size_t bytes = sizeof(entry) + nl * sizeof(mlps_line) + ng * sizeof(mlps_glyph) + pc->keylen;
    if (bytes > pc->budget / 8) /* one paragraph never takes much of the cache */
        return;
    while (pc->oldest && pc->st.bytes + bytes > pc->budget)
        evict_oldest(pc);
    entry *e = mlps_xmalloc(bytes);
    e->hash = h;
    e->keylen = pc->keylen;
    e->nlines = nl;
    e->nglyphs = ng;
    e->bytes = bytes;
    mlps_line *lines = e_lines(e);
    memcpy(lines, out->lines + l0, nl * sizeof *lines);
    for (size_t i = 0; i < nl; i++)
        lines[i].first_glyph -= g0;
    memcpy(e_glyphs(e), out->glyphs + g0, ng * sizeof(mlps_glyph));
    memcpy(e_key(e), pc->key, pc->keylen);
    if (pc->st.entries >= pc->nbuckets)
        grow_buckets(pc);
    entry **b = &pc->buckets[h & (pc->nbuckets - 1)];
    e->chain = *b;
    *b = e;
    link_newest(pc, e);
    pc->st.bytes += bytes;
    if (pc->st.bytes > pc->st.peak_bytes)
        pc->st.peak_bytes = pc->st.bytes;
    pc->st.entries++;
}

int mlps_para_layout_memo(mlps_paracache *pc, const mlps_fontset *fs, const mlps_para *para,
                          double width, const char *src_file, long src_line, mlps_lines *out,
                          mlps_diags *d)
{
    if (!pc)
        return mlps_para_layout(fs, para, width, src_file, src_line, out, d);
    make_key(pc, fs, para, width);
    uint64_t h = XXH3_64bits(pc->key, pc->keylen);
    pc->st.lookups++;
    entry *e = find(pc, h);
    if (e) {
        pc->st.hits++;
        unlink_recent(pc, e);
        link_newest(pc, e);
        size_t g0 = out->nglyphs;
        XGROW_RAW(out->lines, out->lines_cap, out->nlines + e->nlines);
        XGROW_RAW(out->glyphs, out->glyphs_cap, out->nglyphs + e->nglyphs + 1);
        memcpy(out->glyphs + g0, e_glyphs(e), e->nglyphs * sizeof(mlps_glyph));
        mlps_line *dst = out->lines + out->nlines;
        memcpy(dst, e_lines(e), e->nlines * sizeof *dst);
        for (size_t i = 0; i < e->nlines; i++)
            dst[i].first_glyph += g0;
        out->nlines += e->nlines;
        out->nglyphs += e->nglyphs;
        return 0;
    }
    size_t l0 = out->nlines, g0 = out->nglyphs;
    int lent = !out->work;
    if (lent)
        out->work = pc->work;
    int rc = mlps_para_layout(fs, para, width, src_file, src_line, out, d);
    if (lent) {
        pc->work = out->work;
        out->work = NULL;
    }
    if (rc == 0)
        insert(pc, h, out, l0, g0);
    return rc;
}
