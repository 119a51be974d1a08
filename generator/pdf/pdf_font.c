/* Type0/CIDFontType2 fonts with hb-subset font programs (style-and-libharu.md, B7(b)).
 * The only file that touches libharu's internal object API. */
#include "pdf_font.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <libdeflate.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "buf.h"
#include "cputime.h"
#include "glyphsets.h"
#include "mem.h"
#include "pdf.h"
#include "pdf_fontcache.h"
#include "pdf_subset.h"

#define PDF_TOUNICODE_BLOCK 100 /* bfrange entries per block (PDF limit) */
/* libdeflate level for the font programs. Anchor report
 * (341 KB: three subset programs), one thread: 1 → 177.0 KB in 1.8 ms, 3 → 172.5 KB in 2.7 ms,
 * 4 → 171.4 KB in 2.8 ms, 5 → 169.7 KB in 3.3 ms, 6 → 168.7 KB in 3.7 ms, 9 → 167.2 KB in
 * 8.2 ms, 12 → 164.8 KB in 32 ms. Compressing fonts was the largest part of a document's CPU
 * in a batch (31 %), and level 1 is the one step that changes it: libdeflate's fastest
 * matcher, 40 % less time than 4 on the generated units' programs (1.66 MB: 13.0 against
 * 21.9 ms) for 3 % more bytes (52.1 % against 50.5 % of the program), 7.7 % fewer
 * instructions per document in a batch. Whole anchor PDF 193.6 KB, under the size target
 * (XeLaTeX's 193,896 B); batch PDFs 2.6 % larger. */
#define PDF_FONT_DEFLATE_LEVEL 1
/* ToUnicode (when it has no head kept by the run: deflate_tounicode) is a few KB of hex that
 * lower levels barely shrink: 3 CMaps of the anchor report,
 * 6.2 KB → 2.86 KB at 4, 2.39 KB at 6, 2.29 KB at 9, 2.15 KB at 12; but 10–12 allocate 8.8 MB
 * (652 KB for 2–9), and on 50 generated units (771 CMaps) 9 takes 0.19 s of CPU, 6 0.11 s.
 * The anchor is 193,361 B with 6 (content at 1; size target: XeLaTeX's 193,896). */
#define PDF_TOUNICODE_DEFLATE_LEVEL 6
#define PDF_W_RANGE_MIN 3 /* equal widths in a row written as "first last w" in /W */
#define PDF_OBJ_ID_MASK 0x00FFFFFFu /* libharu: object number in the low bits of obj_id */

/* Per face and document. A bitmap of the original glyph ids used, rather than hb_set/hb_map:
 * every glyph of every page is looked up (about 6,000 per document, three times each while
 * drawing). A used gid's rank among them (the bits set before it: cum[] plus a popcount)
 * indexes the arrays by rank; bitmaps of 4 KB, not arrays of the face's 30,000 glyphs. */
typedef struct {
    const mlps_face *face; /* NULL: face unused in this document */
    size_t cap;            /* bits in seen: the face's glyph count, or more, rounded up to 64 */
    uint64_t *seen;        /* bit per original gid used */
    uint32_t *cum;         /* by word of seen: bits set in the words before it */
    uint32_t *gids;        /* by rank: the original gids used, ascending */
    uint32_t *uni;         /* by rank: the first code point shown with the glyph, 0 = none */
    uint16_t *old2new;     /* by rank: the new gid (TrueType has at most 65,535 glyphs) */
    unsigned ngids;
    int *widths;           /* by new gid, 1/1000 em */
    unsigned nnew;
    size_t program_size;
    HPDF_Dict type0;
    /* the template's shared glyphs (glyphsets.h) put first, when the document shows nearly all
     * of them: their original gids ascending (nfirst), then each one's code point, and the set
     * (part of the font cache's key) */
    uint32_t *firsts;
    unsigned nfirst;
    const mlps_glyph_set *shared;
} font_slot;

struct mlps_pdf_fonts {
    font_slot *slots; /* indexed by mlps_face_id */
    size_t nslots;
    const mlps_layout *lay;
    /* by glyph of the layout, pages in order: its gid's rank in its face's slot, found once
     * while collecting, so that drawing looks nothing up again */
    uint32_t *rank;
    size_t *page_first; /* by page: the index in rank of its first glyph */
};

void mlps_pdf_fonts_free(mlps_pdf_fonts *pf)
{
    if (!pf)
        return;
    for (size_t i = 0; i < pf->nslots; i++) {
        font_slot *s = &pf->slots[i];
        free(s->seen);
        free(s->cum);
        free(s->uni);
        free(s->old2new);
        free(s->gids);
        free(s->widths);
        free(s->firsts);
    }
    free(pf->slots);
    free(pf->rank);
    free(pf->page_first);
    free(pf);
}

static const font_slot *slot_of(const mlps_pdf_fonts *pf, const mlps_face *face)
{
    int id = mlps_face_id(face);
    if (id < 0 || (size_t)id >= pf->nslots || pf->slots[id].face != face)
        return NULL;
    return &pf->slots[id];
}

static int slot_has(const font_slot *s, uint32_t g)
{
    return g < s->cap && (s->seen[g >> 6] >> (g & 63) & 1);
}

/* Bits set in x, inline: without -mpopcnt, __builtin_popcountll is a call into libgcc. */
static inline unsigned popcount64(uint64_t x)
{
    x -= (x >> 1) & 0x5555555555555555ull;
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

/* The rank of a used gid g (slot_has) among the used ones. */
static inline unsigned slot_rank(const font_slot *s, uint32_t g)
{
    uint64_t below = s->seen[g >> 6] & ((1ull << (g & 63)) - 1);
    return s->cum[g >> 6] + popcount64(below);
}

/* Deterministic subset tag: the same glyph set gives the same six letters. */
static void subset_tag(const font_slot *s, char tag[7])
{
    uint64_t h = 1469598103934665603ull;
    for (const char *p = mlps_face_postscript(s->face); *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    for (unsigned i = 0; i < s->ngids; i++)
        for (int k = 0; k < 4; k++)
            h = (h ^ ((s->gids[i] >> (8 * k)) & 0xFF)) * 1099511628211ull;
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
    }
    tag[6] = '\0';
}

static int os2_weight(hb_face_t *face)
{
    hb_blob_t *b = hb_face_reference_table(face, HB_TAG('O', 'S', '/', '2'));
    unsigned len = 0;
    const unsigned char *p = (const unsigned char *)hb_blob_get_data(b, &len);
    int w = len >= 6 ? (p[4] << 8 | p[5]) : 400;
    hb_blob_destroy(b);
    return w;
}

/* "%04X" without printf (a ToUnicode CMap has one or two per character). */
static void put_hex4(mlps_buf *b, uint32_t v)
{
    static const char hex[] = "0123456789ABCDEF";
    if (v > 0xFFFF) {
        mlps_buf_printf(b, "%04X", v);
        return;
    }
    char t[4] = {hex[v >> 12], hex[(v >> 8) & 15], hex[(v >> 4) & 15], hex[v & 15]};
    mlps_buf_append(b, t, 4);
}

static void append_utf16be_hex(mlps_buf *b, uint32_t cp)
{
    if (cp >= 0x10000) {
        uint32_t v = cp - 0x10000;
        put_hex4(b, 0xD800 + (v >> 10));
        put_hex4(b, 0xDC00 + (v & 0x3FF));
    } else {
        put_hex4(b, cp);
    }
}

/* Length of the run of mapped CIDs starting at g, before end and within g's last-byte block
 * (a bfrange may not cross one). */
static unsigned range_len(const uint32_t *uni_by_new, unsigned end, unsigned g)
{
    unsigned n = 1;
    while (g + n < end && (g + n) % 256 != 0 && uni_by_new[g + n])
        n++;
    return n;
}

/* The bfrange blocks of CIDs [g, end) into b. */
static void put_ranges(mlps_buf *b, const uint32_t *uni_by_new, unsigned g, unsigned end)
{
    unsigned total = 0;
    for (unsigned k = g; k < end;)
        if (uni_by_new[k]) {
            k += range_len(uni_by_new, end, k);
            total++;
        } else {
            k++;
        }
    while (total > 0) {
        unsigned n = total < PDF_TOUNICODE_BLOCK ? total : PDF_TOUNICODE_BLOCK;
        mlps_buf_printf(b, "%u beginbfrange\n", n);
        for (unsigned k = 0; k < n; k++) {
            while (!uni_by_new[g])
                g++;
            unsigned len = range_len(uni_by_new, end, g);
            mlps_buf_putc(b, '<');
            put_hex4(b, g);
            mlps_buf_puts(b, "> <");
            put_hex4(b, g + len - 1);
            mlps_buf_puts(b, "> [");
            for (unsigned e = g + len; g < e; g++) {
                mlps_buf_putc(b, '<');
                append_utf16be_hex(b, uni_by_new[g]);
                mlps_buf_puts(b, g + 1 < e ? "> " : ">");
            }
            mlps_buf_puts(b, "]\n");
        }
        mlps_buf_puts(b, "endbfrange\n");
        total -= n;
    }
}

/* bfrange entries with an array of destinations, one entry per run of consecutive mapped CIDs:
 * the subset numbers glyphs densely, so a 600-glyph font takes a handful of entries, and the
 * CIDs are not repeated per character as bfchar would (4.1 → 2.6 KB deflated on the anchor
 * report). At most PDF_TOUNICODE_BLOCK entries per block. The shared glyphs (CIDs 1 to
 * nfirst) have blocks of their own, so that the text up to their end, *head bytes, is the same
 * in every document with the same shared glyphs and code points (deflated once a run). */
static char *tounicode_cmap(const font_slot *s, const uint32_t *uni_by_new, size_t *head)
{
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                 "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                 "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    unsigned split = s->nfirst && s->nfirst < s->nnew ? s->nfirst + 1 : 1;
    put_ranges(&b, uni_by_new, 1, split);
    *head = split > 1 ? b.len : 0;
    put_ranges(&b, uni_by_new, split, s->nnew);
    mlps_buf_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    return mlps_buf_detach(&b);
}

static int most_common_width(const int *w, unsigned n)
{
    int best = 1000, best_count = 0;
    for (unsigned i = 1; i < n; i++) {
        if (i > 1 && w[i] == w[i - 1])
            continue; /* counted with the first of the run; good enough for a default */
        int c = 0;
        for (unsigned j = 1; j < n; j++)
            c += w[j] == w[i];
        if (c > best_count || (c == best_count && w[i] < best)) {
            best = w[i];
            best_count = c;
        }
    }
    return best;
}

/* Big-endian 32-bit words of p (n a multiple of 4), summed as OpenType table checksums are;
 * unless dst is NULL, p's len bytes are copied to dst on the way and zeros up to n (one pass
 * over a table instead of two).
 * With SSE2, sixteen bytes a step without a byte swap: each byte's sum by its place in the
 * word (weights 2^24, 2^16, 2^8, 1) in 16-bit lanes, emptied before 256 steps overflow one. */
static uint32_t ot_checksum_copy(unsigned char *dst, const unsigned char *p, size_t len, size_t n)
{
    uint64_t sum = 0;
    size_t i = 0;
#ifdef __SSE2__
    const __m128i low = _mm_set1_epi16(0xFF);
    while (len - i >= 16) {
        size_t steps = (len - i) / 16 < 256 ? (len - i) / 16 : 256;
        __m128i even = _mm_setzero_si128(), odd = _mm_setzero_si128();
        for (size_t k = 0; k < steps; k++, i += 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(p + i));
            if (dst)
                _mm_storeu_si128((__m128i *)(dst + i), x);
            even = _mm_add_epi16(even, _mm_and_si128(x, low));
            odd = _mm_add_epi16(odd, _mm_srli_epi16(x, 8));
        }
        uint16_t e[8], o[8];
        _mm_storeu_si128((__m128i *)e, even);
        _mm_storeu_si128((__m128i *)o, odd);
        for (int j = 0; j < 8; j += 2)
            sum += ((uint64_t)e[j] << 24) + ((uint64_t)o[j] << 16) + ((uint64_t)e[j + 1] << 8) + o[j + 1];
    }
#endif
    if (dst) {
        memcpy(dst + i, p + i, len - i);
        memset(dst + len, 0, n - len);
        p = dst;
    }
    for (; i < n; i += 4)
        sum += (uint32_t)p[i] << 24 | (uint32_t)p[i + 1] << 16 | (uint32_t)p[i + 2] << 8 | p[i + 3];
    return (uint32_t)sum;
}

static uint32_t ot_checksum(const unsigned char *p, size_t n)
{
    return ot_checksum_copy(NULL, p, n, n);
}

typedef struct {
    hb_tag_t tag;
    hb_blob_t *blob;
    unsigned len;
} ot_table;

/* Tables in file order as hb-subset 6.0's face builder sorts them: by length, then tag. */
static int by_length_tag(const void *pa, const void *pb)
{
    const ot_table *a = pa, *b = pb;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return a->tag < b->tag ? -1 : a->tag > b->tag;
}

/* The font file of the subset face out, the bytes hb_face_reference_blob gives (HarfBuzz
 * 6.0's builder: tables by length then tag, records by tag, checksums, head's
 * checkSumAdjustment), without its zeroing of the whole buffer first and with a checksum
 * loop of a third of the instructions: that call was a fifth of hb-subset's. Its tables are the
 * source face's, those hb-subset made; a zero-length one (an empty blob is also what a missing
 * one looks like) leaves the file to HarfBuzz. With glyf_first, glyf comes right after the
 * table records (where shared glyphs must start: deflate_program). An empty blob on failure. */
static hb_blob_t *font_file(hb_face_t *source, hb_face_t *out, int glyf_first)
{
    hb_tag_t tags[64];
    unsigned ntags = sizeof tags / sizeof *tags;
    ot_table t[64];
    unsigned n = 0;
    if (hb_face_get_table_tags(source, 0, &ntags, tags) > ntags)
        return hb_face_reference_blob(out);
    size_t total = 12;
    int is_cff = 0;
    for (unsigned i = 0; i < ntags; i++) {
        unsigned seen = 0;
        while (seen < i && tags[seen] != tags[i])
            seen++;
        hb_blob_t *b = seen < i ? hb_blob_get_empty() : hb_face_reference_table(out, tags[i]);
        unsigned len = hb_blob_get_length(b);
        if (b == hb_blob_get_empty()) /* not in the subset (or listed twice) */
            continue;
        if (len == 0) {
            hb_blob_destroy(b);
            for (unsigned k = 0; k < n; k++)
                hb_blob_destroy(t[k].blob);
            return hb_face_reference_blob(out);
        }
        t[n++] = (ot_table){tags[i], b, len};
        total += 16 + ((size_t)len + 3) / 4 * 4;
        is_cff |= tags[i] == HB_TAG('C', 'F', 'F', ' ') || tags[i] == HB_TAG('C', 'F', 'F', '2');
    }
    qsort(t, n, sizeof *t, by_length_tag);
    for (unsigned i = 0; glyf_first && i < n; i++)
        if (t[i].tag == HB_TAG('g', 'l', 'y', 'f')) {
            ot_table g = t[i];
            memmove(t + 1, t, i * sizeof *t);
            t[0] = g;
            break;
        }
    unsigned char *buf = malloc(total);
    if (!buf || n == 0 || total > 0xFFFFFFFFu) {
        free(buf);
        for (unsigned k = 0; k < n; k++)
            hb_blob_destroy(t[k].blob);
        return hb_blob_get_empty();
    }
    /* the records, by tag: their slots are the tables' ranks among the tags */
    unsigned rank[64];
    for (unsigned i = 0; i < n; i++) {
        rank[i] = 0;
        for (unsigned k = 0; k < n; k++)
            rank[i] += t[k].tag < t[i].tag;
    }
    mlps_put_be32(buf, is_cff ? HB_TAG('O', 'T', 'T', 'O') : 0x00010000u);
    unsigned sel = 0;
    while ((2u << sel) <= n)
        sel++;
    mlps_put_be16(buf + 4, n);
    mlps_put_be16(buf + 6, 16u << sel);
    mlps_put_be16(buf + 8, sel);
    mlps_put_be16(buf + 10, n * 16 > (16u << sel) ? n * 16 - (16u << sel) : 0);
    size_t at = 12 + 16 * (size_t)n;
    uint32_t sum = 0;
    unsigned char *adjust = NULL;
    for (unsigned i = 0; i < n; i++) {
        unsigned char *start = buf + at, *rec = buf + 12 + 16 * rank[i];
        size_t padded = ((size_t)t[i].len + 3) / 4 * 4;
        const unsigned char *data = (const unsigned char *)hb_blob_get_data(t[i].blob, NULL);
        uint32_t cs;
        if (t[i].tag != HB_TAG('h', 'e', 'a', 'd')) {
            cs = ot_checksum_copy(start, data, t[i].len, padded);
        } else {
            memcpy(start, data, t[i].len);
            memset(start + t[i].len, 0, padded - t[i].len);
            if (t[i].tag == HB_TAG('h', 'e', 'a', 'd') && padded >= 54) {
                adjust = start + 8;
                memset(adjust, 0, 4);
            }
            cs = ot_checksum(start, padded);
        }
        mlps_put_be32(rec, t[i].tag);
        mlps_put_be32(rec + 4, cs);
        mlps_put_be32(rec + 8, (uint32_t)at);
        mlps_put_be32(rec + 12, t[i].len);
        sum += cs;
        at += padded;
        hb_blob_destroy(t[i].blob);
    }
    if (adjust)
        mlps_put_be32(adjust, 0xB1B0AFBAu - (sum + ot_checksum(buf, 12 + 16 * (size_t)n)));
    return hb_blob_create((const char *)buf, (unsigned)total, HB_MEMORY_MODE_WRITABLE, buf, free);
}

static int cmp_pair(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* A set's glyphs in face: the nominal glyphs of its code points, ascending, without repeats,
 * composites or .notdef (a composite's bytes depend on where its components land); *n gets
 * their count. Followed in the array by each one's code point (the lowest of the set's that
 * show it), for ToUnicode. */
static uint32_t *set_glyphs(const mlps_face *face, const mlps_glyph_set *set, unsigned *n)
{
    hb_font_t *font = mlps_face_hb_font(face);
    uint64_t *pair = mlps_xmalloc((set->n ? set->n : 1) * sizeof *pair); /* gid << 32 | cp */
    unsigned k = 0, m = 0;
    for (unsigned i = 0; i < set->n; i++) {
        hb_codepoint_t gid;
        if (hb_font_get_nominal_glyph(font, set->cps[i], &gid) && gid != 0)
            pair[k++] = (uint64_t)gid << 32 | set->cps[i];
    }
    qsort(pair, k, sizeof *pair, cmp_pair);
    uint32_t *g = mlps_xmalloc((2 * (size_t)k + 1) * sizeof *g);
    for (unsigned i = 0; i < k; i++)
        if (m == 0 || g[m - 1] != (uint32_t)(pair[i] >> 32))
            g[m++] = (uint32_t)(pair[i] >> 32);
    unsigned kept = mlps_subset_simple_only(mlps_face_hb_face(face), g, m);
    for (unsigned i = 0, j = 0; i < kept; i++) { /* both ascending; the first pair is the lowest */
        while ((uint32_t)(pair[j] >> 32) != g[i])
            j++;
        g[kept + i] = (uint32_t)pair[j];
    }
    free(pair);
    *n = kept;
    return g;
}

/* Whether the slot puts one of its template's shared glyph sets for this face first: the
 * largest set (in glyphs) with GLYPH_SET_MIN glyphs or more of which the document shows
 * GLYPH_SET_USE (the rest are embedded unused). A set's glyphs are found once a run (kept in
 * c; each time when c is NULL). Sets s->firsts, s->nfirst and s->shared. */
#define GLYPH_SET_MIN 8
#define GLYPH_SET_USE 0.9
static void choose_firsts(font_slot *s, const mlps_glyph_sets *sets, mlps_pdf_fontcache *c)
{
    const char *face = mlps_face_postscript(s->face);
    for (const mlps_glyph_set *set = mlps_glyph_sets_next(sets, face, NULL); set;
         set = mlps_glyph_sets_next(sets, face, set)) {
        if (set->n < GLYPH_SET_MIN || set->n <= s->nfirst)
            continue;
        unsigned m = 0, used = 0;
        uint32_t *own = NULL;
        const uint32_t *g = mlps_pdf_fontcache_set_glyphs(c, s->face, set, &m);
        if (!g) {
            g = own = set_glyphs(s->face, set, &m);
            if (c) { /* the cache takes it (or frees it for another worker's) */
                g = mlps_pdf_fontcache_keep_set_glyphs(c, s->face, set, own, &m);
                own = NULL;
            }
        }
        for (unsigned i = 0, k = 0; i < m; i++) { /* both ascending */
            while (k < s->ngids && s->gids[k] < g[i])
                k++;
            used += k < s->ngids && s->gids[k] == g[i];
        }
        if (m >= GLYPH_SET_MIN && m > s->nfirst && used >= GLYPH_SET_USE * m) {
            s->firsts = mlps_xrealloc(s->firsts, 2 * (size_t)m * sizeof *s->firsts);
            memcpy(s->firsts, g, 2 * (size_t)m * sizeof *g); /* the glyphs, their code points */
            s->nfirst = m;
            s->shared = set;
        }
        free(own);
    }
}

/* Subsets the face and fills old2new/widths; returns the font program (caller destroys). c:
 * the run's cache (may be NULL), for the subsetter's memo. */
static hb_blob_t *subset(font_slot *s, mlps_pdf_fontcache *c, mlps_diags *d)
{
    hb_blob_t *blob = NULL;
    hb_face_t *out = NULL;
    hb_subset_plan_t *plan = NULL;
    uint32_t *new2old = NULL;
    unsigned nnew = 0;
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        goto fail;
    /* hb-subset 6.0 walks the whole cmap when glyph ids are given (8 ms for BabelStone Han);
     * when every glyph is its character's nominal glyph, code points give the same subset
     * through its fast path. Shaped variants (no code point of their own) need the glyph set. */
    hb_font_t *font = mlps_face_hb_font(s->face);
    const mlps_subset_memo *memo = mlps_pdf_fontcache_subset_memo(
        c, s->face, hb_face_get_glyph_count(mlps_face_hb_face(s->face)));
    int nominal = 1;
    hb_codepoint_t ng;
    for (unsigned i = 0; nominal && i < s->ngids; i++) {
        uint32_t g = s->gids[i];
        nominal = g == 0 || (s->uni[i] && mlps_subset_nominal(font, memo, s->uni[i], &ng) &&
                             ng == g);
    }
    if (nominal) {
        hb_set_t *cps = hb_subset_input_unicode_set(in);
        for (unsigned i = 0; i < s->ngids; i++)
            if (s->gids[i] != 0)
                hb_set_add(cps, s->uni[i]);
        for (unsigned i = 0; s->nfirst && i < s->shared->n; i++) /* those the document lacks */
            if (mlps_subset_nominal(font, memo, s->shared->cps[i], &ng) && ng != 0)
                hb_set_add(cps, s->shared->cps[i]);
    } else {
        hb_set_add_sorted_array(hb_subset_input_glyph_set(in), s->gids, s->ngids);
    }
    mlps_subset_drop_tables(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG));
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    /* ours first (the same bytes, a fraction of the instructions); hb-subset for the rest */
    unsigned nfirst = nominal ? s->nfirst : 0;
    out = nominal ? mlps_subset_glyf(font, in, s->firsts, nfirst, memo, &new2old, &nnew) : NULL;
    if (!out) /* hb-subset: the shared glyphs in its order among the others */
        nfirst = 0;
    s->nfirst = nfirst; /* what the program has (the cache key keeps the set chosen) */
    const hb_map_t *map = NULL;
    if (!out) {
        plan = hb_subset_plan_create_or_fail(mlps_face_hb_face(s->face), in);
        if (!plan)
            goto fail;
        map = hb_subset_plan_old_to_new_glyph_mapping(plan);
        out = hb_subset_plan_execute_or_fail(plan);
        if (!out)
            goto fail;
    }
    s->nnew = hb_face_get_glyph_count(out);
    s->widths = mlps_xcalloc(s->nnew ? s->nnew : 1, sizeof *s->widths);
    double scale = 1000.0 / mlps_face_upem(s->face);
    unsigned k = 0; /* new2old and gids both ascend: a merge finds each new gid */
    for (unsigned i = 0; i < s->ngids; i++) {
        uint32_t g = s->gids[i];
        hb_codepoint_t n;
        if (map) {
            n = hb_map_get(map, g);
        } else if (nfirst) {
            n = mlps_subset_new_gid(new2old, nnew, nfirst, g);
            n = n < nnew ? n : HB_MAP_VALUE_INVALID;
        } else {
            while (k < nnew && new2old[k] < g)
                k++;
            n = k < nnew && new2old[k] == g ? k : HB_MAP_VALUE_INVALID;
        }
        if (n == HB_MAP_VALUE_INVALID || n >= s->nnew || n > 0xFFFF)
            goto fail;
        s->old2new[i] = (uint16_t)n;
        s->widths[n] = (int)lround(hb_font_get_glyph_h_advance(font, g) * scale);
    }
    /* shared glyphs this document does not show: their own widths, which /W then mostly
     * leaves to /DW, rather than 0 */
    for (unsigned n = 1; n <= nfirst && n < s->nnew; n++)
        if (s->widths[n] == 0)
            s->widths[n] = (int)lround(hb_font_get_glyph_h_advance(font, new2old[n]) * scale);
    blob = font_file(mlps_face_hb_face(s->face), out, nfirst != 0);
    if (hb_blob_get_length(blob) == 0) {
        hb_blob_destroy(blob);
        blob = NULL;
        goto fail;
    }
    goto done;
fail:
    mlps_diag_error(d, NULL, 0, NULL, "无法为字体 %s 生成子集（hb-subset 失败）",
               mlps_face_family(s->face));
done:
    hb_face_destroy(out);
    hb_subset_plan_destroy(plan);
    hb_subset_input_destroy(in);
    free(new2old);
    return blob;
}

static HPDF_Dict new_dict(HPDF_Doc pdf)
{
    HPDF_Dict dict = HPDF_Dict_New(pdf->mmgr);
    if (dict && HPDF_Xref_Add(pdf->xref, dict) != HPDF_OK)
        return NULL; /* Xref_Add frees the object on failure */
    return dict;
}

/* libharu removes /Filter from a stream whose filter flag is off before writing its keys;
 * write_fn runs after the keys, so the name survives for data we deflated ourselves. */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream out)
{
    (void)dict;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

void mlps_pdf_splices_free(mlps_pdf_splices *sp)
{
    for (size_t i = 0; i < sp->n; i++)
        free(sp->items[i].data);
    free(sp->items);
    *sp = (mlps_pdf_splices){0};
}

/* data deflated with c as one zlib stream (what /FlateDecode expects) into *out (caller
 * frees); 0 on success. */
static int deflate_bytes(struct libdeflate_compressor *c, const void *data,
                         size_t len, const mlps_pdf_splices *sp, unsigned char **out,
                         size_t *out_len)
{
    double t0 = sp->times ? mlps_part_ms() : 0;
    size_t cap = libdeflate_zlib_compress_bound(c, len);
    *out = mlps_xmalloc(cap);
    *out_len = libdeflate_zlib_compress(c, data, len, *out, cap);
    if (sp->times)
        sp->times->compress_ms += mlps_part_ms() - t0;
    if (*out_len == 0) { /* did not fit, which the bound rules out */
        free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

/* Records deflated bytes z (taken) in sp as stream's data; stream itself stays empty. */
static HPDF_STATUS splice_deflated(HPDF_Dict stream, unsigned char *z, size_t n,
                                   mlps_pdf_splices *sp)
{
    stream->write_fn = write_flate_filter;
    return mlps_pdf_stream_splice(stream, z, n, sp) == 0 ? HPDF_OK : HPDF_INVALID_OBJECT;
}

int mlps_pdf_stream_splice(HPDF_Dict stream, unsigned char *data, size_t len, mlps_pdf_splices *sp)
{
    HPDF_Number length = HPDF_Dict_GetItem(stream, "Length", HPDF_OCLASS_NUMBER);
    if (!length || !(stream->header.obj_id & HPDF_OTYPE_INDIRECT) ||
        !(length->header.obj_id & HPDF_OTYPE_INDIRECT)) {
        free(data);
        return -1;
    }
    stream->filter = HPDF_STREAM_FILTER_NONE;
    XGROW(sp->items, sp->cap, sp->n + 1);
    sp->items[sp->n++] = (mlps_pdf_splice){stream->header.obj_id & PDF_OBJ_ID_MASK,
                                           length->header.obj_id & PDF_OBJ_ID_MASK, data, len,
                                           stream};
    return 0;
}

/* One zlib stream of four parts: nstored bytes at stored (0 to 65,535) in a stored block;
 * z (zlen bytes), the run's open raw deflate of zsrc bytes whose Adler-32 is z_adler
 * (mlps_pdf_fontcache_shared, …_text); coded (ncoded bytes, may be none), raw deflate ending on
 * a byte without a final block, of the first ncovered bytes at rest (the glyphs pdf_glyphz.c
 * coded); and the other nrest - ncovered bytes at rest deflated by c as the final blocks; the
 * whole's Adler-32 made from the parts'. Into *out (caller frees); 0 on success. */
static int zlib_join(const unsigned char *stored, size_t nstored, const unsigned char *z,
                     size_t zlen, uint32_t z_adler, size_t zsrc, const unsigned char *coded,
                     size_t ncoded, size_t ncovered, const unsigned char *rest, size_t nrest,
                     struct libdeflate_compressor *c, unsigned char **out, size_t *out_len)
{
    if (nstored > 0xFFFF || ncovered > nrest)
        return -1;
    size_t bound = libdeflate_deflate_compress_bound(c, nrest - ncovered);
    size_t cap = 2 + 5 + nstored + zlen + ncoded + bound + 4;
    unsigned char *o = mlps_xmalloc(cap), *q = o;
    *q++ = 0x78; /* zlib header: deflate, 32 KB window, "fastest" (as libdeflate's level 1) */
    *q++ = 0x01;
    if (nstored) {
        *q++ = 0x00; /* stored block, not final */
        *q++ = (unsigned char)nstored;
        *q++ = (unsigned char)(nstored >> 8);
        *q++ = (unsigned char)~nstored;
        *q++ = (unsigned char)(~nstored >> 8);
        memcpy(q, stored, nstored);
        q += nstored;
    }
    memcpy(q, z, zlen);
    q += zlen;
    if (ncoded)
        memcpy(q, coded, ncoded);
    q += ncoded;
    size_t room = cap - (size_t)(q - o) - 4;
    size_t n = libdeflate_deflate_compress(c, rest + ncovered, nrest - ncovered, q, room);
    if (n == 0) {
        free(o);
        return -1;
    }
    q += n;
    uLong adler = adler32_combine(nstored ? libdeflate_adler32(1, stored, nstored) : 1, z_adler,
                                  (z_off_t)zsrc);
    adler = adler32_combine(adler, libdeflate_adler32(1, rest, nrest), (z_off_t)nrest);
    mlps_put_be32(q, (uint32_t)adler);
    *out = o;
    *out_len = (size_t)(q + 4 - o);
    return 0;
}

/* The program p (plen bytes, glyf right after the table records, the shared glyphs first in
 * it) as one zlib stream: the table records in a stored block; the shared glyphs as the run
 * deflated them once (non-final, ending on a byte); this document's own glyphs each coded once
 * a run (pdf_glyphz.h: a document with shared glyphs is made in a batch or a unit's render,
 * where glyphs repeat; one without would only pay for the coding) in one block; the tables
 * after glyf deflated by c; and the whole program's Adler-32. Without the face's glyph code the
 * own glyphs go with the tables. 0 on success; -1 (deflate it all) when the slot has no shared
 * glyphs, there is no run cache, the layout is not as expected or the run could not keep the
 * shared glyphs. */
static int deflate_program(const font_slot *s, const unsigned char *p, size_t plen,
                           struct libdeflate_compressor *c, const mlps_pdf_splices *sp,
                           unsigned char **out, size_t *out_len)
{
    if (plen < 12 || !s->nfirst || !sp->fontcache)
        return -1;
    size_t ntab = mlps_get_be16(p + 4), dir = 12 + 16 * ntab;
    size_t glyf = 0, glyf_len = 0, loca = 0, loca_len = 0, head = 0, head_len = 0;
    for (size_t i = 0; i < ntab && dir <= plen; i++) {
        const unsigned char *r = p + 12 + 16 * i;
        uint32_t tag = mlps_get_be32(r);
        size_t off = mlps_get_be32(r + 8), len = mlps_get_be32(r + 12);
        if (off > plen || len > plen - off)
            return -1;
        if (tag == HB_TAG('g', 'l', 'y', 'f'))
            glyf = off, glyf_len = len;
        else if (tag == HB_TAG('l', 'o', 'c', 'a'))
            loca = off, loca_len = len;
        else if (tag == HB_TAG('h', 'e', 'a', 'd'))
            head = off, head_len = len;
    }
    if (dir > plen || dir > 0xFFFF || glyf != dir || head_len < 54)
        return -1;
    int long_loca = p[head + 51] != 0;
    size_t w = long_loca ? 4 : 2, nglyphs = loca_len / w;
    if (nglyphs < 2)
        return -1;
    nglyphs--; /* loca has one more entry than glyphs */
    const unsigned char *lp = p + loca;
    size_t first_own = (size_t)s->nfirst + 1;
    if (first_own > nglyphs)
        return -1;
    size_t shared = mlps_loca_at(lp, long_loca, first_own);
    size_t glyphs_end = mlps_loca_at(lp, long_loca, nglyphs);
    if (shared == 0 || shared > glyphs_end || glyphs_end > glyf_len)
        return -1;
    const mlps_glyphz_code *code = mlps_pdf_fontcache_glyph_code(sp->fontcache, s->face);
    double t0 = sp->times ? mlps_part_ms() : 0;
    int rc = -1;
    mlps_glyphz_block b = {0};
    size_t zlen;
    /* the program's Adler-32 from its parts': the shared glyphs' is their cache key */
    uint32_t a_shared = libdeflate_adler32(1, p + dir, shared);
    const unsigned char *z = mlps_pdf_fontcache_shared(sp->fontcache, s->face, s->shared, p + dir,
                                                       shared, a_shared, &zlen);
    if (!z)
        goto done;
    if (code && glyphs_end > shared) {
        mlps_glyphz_begin(code, &b);
        for (size_t g = first_own, at = shared; g < nglyphs; g++) {
            size_t end = mlps_loca_at(lp, long_loca, g + 1);
            if (end < at || end > glyphs_end)
                goto done;
            const unsigned char *bits;
            unsigned char *own;
            size_t nbits = mlps_pdf_fontcache_glyph_bits(sp->fontcache, s->face, code, p + dir + at,
                                                         end - at, &bits, &own);
            mlps_glyphz_append(&b, bits, nbits);
            free(own);
            at = end;
        }
        mlps_glyphz_end(code, &b);
    }
    rc = zlib_join(p, dir, z, zlen, a_shared, shared, b.p, b.len, b.len ? glyphs_end - shared : 0,
                   p + dir + shared, plen - dir - shared, c, out, out_len);
done:
    free(b.p);
    if (sp->times)
        sp->times->compress_ms += mlps_part_ms() - t0;
    return rc;
}

/* The CMap text (len bytes, its first head bytes the same for all documents with the slot's
 * shared glyphs: tounicode_cmap) as one zlib stream, those head bytes deflated once a run;
 * 0 on success, -1 (deflate it all) when there is no such head or the run cannot keep it. */
static int deflate_tounicode(const font_slot *s, const char *text, size_t len, size_t head,
                             struct libdeflate_compressor *c, const mlps_pdf_splices *sp,
                             unsigned char **out, size_t *out_len)
{
    if (head == 0 || head >= len)
        return -1;
    double t0 = sp->times ? mlps_part_ms() : 0;
    const unsigned char *p = (const unsigned char *)text;
    uint32_t a_head;
    size_t zlen;
    const unsigned char *z =
        mlps_pdf_fontcache_text(sp->fontcache, s->face, s->shared, p, head, &a_head, &zlen);
    int rc = z ? zlib_join(NULL, 0, z, zlen, a_head, head, NULL, 0, 0, p + head, len - head, c,
                           out, out_len)
               : -1;
    if (sp->times)
        sp->times->compress_ms += mlps_part_ms() - t0;
    return rc;
}

/* The slot's font program (subset) and ToUnicode CMap, deflated with c and ct; 0 on success. */
static int deflate_streams(font_slot *s, hb_blob_t *program, struct libdeflate_compressor *c,
                           struct libdeflate_compressor *ct, const mlps_pdf_splices *sp,
                           mlps_pdf_font_entry *z)
{
    unsigned plen = 0;
    const char *pdata = hb_blob_get_data(program, &plen);
    s->program_size = plen;
    if (deflate_program(s, (const unsigned char *)pdata, plen, c, sp, &z->program,
                        &z->program_len) != 0 &&
        deflate_bytes(c, pdata, plen, sp, &z->program, &z->program_len) != 0)
        return -1;
    uint32_t *uni_by_new = mlps_xcalloc(s->nnew ? s->nnew : 1, sizeof *uni_by_new);
    for (unsigned i = 0; i < s->ngids; i++) {
        uint32_t n = s->old2new[i];
        if (n != 0 && s->uni[i])
            uni_by_new[n] = s->uni[i];
    }
    size_t head, len;
    /* the shared glyphs the document does not show too, as the set shows them: then the start of
     * the CMap is the same in every document with the set */
    for (unsigned n = 1; n <= s->nfirst && n < s->nnew; n++)
        if (!uni_by_new[n])
            uni_by_new[n] = s->firsts[s->nfirst + n - 1];
    char *cmap = tounicode_cmap(s, uni_by_new, &head);
    len = strlen(cmap);
    int rc = 0;
    /* after a head deflated once, the rest is a few hundred bytes: the fonts' level 1 (its
     * set-up is shorter) makes it at 70 % of level 6's instructions, 78 B more on 5 units */
    if (deflate_tounicode(s, cmap, len, head, c, sp, &z->tounicode, &z->tounicode_len) != 0)
        rc = deflate_bytes(ct, cmap, len, sp, &z->tounicode, &z->tounicode_len);
    free(cmap);
    free(uni_by_new);
    return rc;
}

/* Builds FontFile2, FontDescriptor, CIDFontType2, ToUnicode and Type0 for one slot from its
 * deflated program and ToUnicode in z, which it takes. */
static int build_objects(HPDF_Doc pdf, font_slot *s, mlps_pdf_font_entry *z, mlps_pdf_splices *sp)
{
    HPDF_STATUS st = HPDF_OK;
    HPDF_MMgr mm = pdf->mmgr;
    double scale = 1000.0 / mlps_face_upem(s->face);
    char tag[7], basefont[160];
    subset_tag(s, tag);
    snprintf(basefont, sizeof basefont, "%s+%s", tag, mlps_face_postscript(s->face));
    int rc = -1;

    HPDF_Dict ff = HPDF_DictStream_New(mm, pdf->xref);
    if (!ff)
        goto done;
    st |= HPDF_Dict_AddNumber(ff, "Length1", (HPDF_INT32)s->program_size);
    st |= splice_deflated(ff, z->program, z->program_len, sp);
    z->program = NULL;

    int bbox[4];
    mlps_face_bbox(s->face, bbox);
    HPDF_Dict fd = new_dict(pdf);
    HPDF_Array fbb = HPDF_Array_New(mm);
    if (!fd || !fbb)
        goto done;
    st |= HPDF_Dict_AddName(fd, "Type", "FontDescriptor");
    st |= HPDF_Dict_AddName(fd, "FontName", basefont);
    st |= HPDF_Dict_AddNumber(fd, "Flags", 4); /* symbolic: glyphs are addressed by id */
    for (int i = 0; i < 4; i++)
        st |= HPDF_Array_AddNumber(fbb, (HPDF_INT32)lround(bbox[i] * scale));
    st |= HPDF_Dict_Add(fd, "FontBBox", fbb);
    st |= HPDF_Dict_AddNumber(fd, "ItalicAngle", 0);
    st |= HPDF_Dict_AddNumber(fd, "Ascent", (HPDF_INT32)lround(mlps_face_ascender(s->face) * scale));
    st |= HPDF_Dict_AddNumber(fd, "Descent",
                              (HPDF_INT32)lround(mlps_face_descender(s->face) * scale));
    st |= HPDF_Dict_AddNumber(fd, "CapHeight",
                              (HPDF_INT32)lround(mlps_face_cap_height(s->face) * scale));
    /* No stem data in TrueType; the usual estimate from the weight class. */
    double wc = os2_weight(mlps_face_hb_face(s->face)) / 65.0;
    st |= HPDF_Dict_AddNumber(fd, "StemV", (HPDF_INT32)lround(50 + wc * wc));
    st |= HPDF_Dict_Add(fd, "FontFile2", ff);

    HPDF_Dict cid = new_dict(pdf);
    HPDF_Dict csi = HPDF_Dict_New(mm);
    HPDF_Array w = HPDF_Array_New(mm);
    if (!cid || !csi || !w)
        goto done;
    st |= HPDF_Dict_AddName(cid, "Type", "Font");
    st |= HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
    st |= HPDF_Dict_AddName(cid, "BaseFont", basefont);
    st |= HPDF_Dict_Add(csi, "Registry", HPDF_String_New(mm, "Adobe", NULL));
    st |= HPDF_Dict_Add(csi, "Ordering", HPDF_String_New(mm, "Identity", NULL));
    st |= HPDF_Dict_AddNumber(csi, "Supplement", 0);
    st |= HPDF_Dict_Add(cid, "CIDSystemInfo", csi);
    st |= HPDF_Dict_Add(cid, "FontDescriptor", fd);
    /* Glyphs were renumbered densely, so CID = new glyph id. */
    st |= HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");
    int dw = most_common_width(s->widths, s->nnew);
    st |= HPDF_Dict_AddNumber(cid, "DW", dw);
    /* /W: "first last w" for PDF_W_RANGE_MIN or more equal widths, "first [w …]" otherwise. */
    for (unsigned i = 1; i < s->nnew;) {
        unsigned same = 1;
        while (i + same < s->nnew && s->widths[i + same] == s->widths[i])
            same++;
        if (s->widths[i] == dw) {
            i += same;
            continue;
        }
        if (same >= PDF_W_RANGE_MIN) {
            st |= HPDF_Array_AddNumber(w, (HPDF_INT32)i);
            st |= HPDF_Array_AddNumber(w, (HPDF_INT32)(i + same - 1));
            st |= HPDF_Array_AddNumber(w, s->widths[i]);
            i += same;
            continue;
        }
        HPDF_Array run = HPDF_Array_New(mm);
        if (!run)
            goto done;
        st |= HPDF_Array_AddNumber(w, (HPDF_INT32)i);
        while (i < s->nnew && s->widths[i] != dw) {
            unsigned k = 1;
            while (i + k < s->nnew && s->widths[i + k] == s->widths[i])
                k++;
            if (k >= PDF_W_RANGE_MIN)
                break; /* left for a range of its own */
            for (; k > 0; k--, i++)
                st |= HPDF_Array_AddNumber(run, s->widths[i]);
        }
        st |= HPDF_Array_Add(w, run);
    }
    st |= HPDF_Dict_Add(cid, "W", w);

    HPDF_Dict tu = HPDF_DictStream_New(mm, pdf->xref);
    if (!tu)
        goto done;
    st |= splice_deflated(tu, z->tounicode, z->tounicode_len, sp);
    z->tounicode = NULL;

    HPDF_Dict t0 = new_dict(pdf);
    HPDF_Array desc = HPDF_Array_New(mm);
    if (!t0 || !desc)
        goto done;
    st |= HPDF_Dict_AddName(t0, "Type", "Font");
    st |= HPDF_Dict_AddName(t0, "Subtype", "Type0");
    st |= HPDF_Dict_AddName(t0, "BaseFont", basefont);
    st |= HPDF_Dict_AddName(t0, "Encoding", "Identity-H");
    st |= HPDF_Array_Add(desc, cid);
    st |= HPDF_Dict_Add(t0, "DescendantFonts", desc);
    st |= HPDF_Dict_Add(t0, "ToUnicode", tu);
    if (st != HPDF_OK)
        goto done;
    s->type0 = t0;
    rc = 0;
done:
    free(z->program);
    free(z->tounicode);
    z->program = z->tounicode = NULL;
    return rc;
}

/* Grows s's bitmap to at least n bits, zero-filled. */
static void slot_reserve(font_slot *s, size_t n)
{
    if (n <= s->cap)
        return;
    n = (n + 63) & ~(size_t)63;
    s->seen = mlps_xrealloc(s->seen, n / 64 * sizeof *s->seen);
    memset(s->seen + s->cap / 64, 0, (n - s->cap) / 64 * sizeof *s->seen);
    s->cap = n;
}

/* From the bitmap: cum, the used gids in ascending order, and zeroed arrays by rank. */
static void slot_rank_gids(font_slot *s)
{
    size_t nw = s->cap / 64;
    s->cum = mlps_xmalloc((nw ? nw : 1) * sizeof *s->cum);
    s->gids = mlps_xmalloc((s->ngids ? s->ngids : 1) * sizeof *s->gids);
    s->uni = mlps_xcalloc(s->ngids ? s->ngids : 1, sizeof *s->uni);
    s->old2new = mlps_xcalloc(s->ngids ? s->ngids : 1, sizeof *s->old2new);
    unsigned k = 0;
    for (size_t w = 0; w < nw; w++) {
        s->cum[w] = k;
        for (uint64_t bits = s->seen[w]; bits; bits &= bits - 1)
            s->gids[k++] = (uint32_t)(w * 64 + (unsigned)__builtin_ctzll(bits));
    }
}

mlps_pdf_fonts *mlps_pdf_fonts_build(HPDF_Doc pdf, const mlps_layout *lay, mlps_pdf_splices *sp,
                                     mlps_diags *d)
{
    mlps_pdf_fonts *pf = mlps_xcalloc(1, sizeof *pf);
    pf->lay = lay;
    pf->page_first = mlps_xmalloc((lay->npages ? lay->npages : 1) * sizeof *pf->page_first);
    size_t total = 0;
    for (size_t p = 0; p < lay->npages; p++) {
        pf->page_first[p] = total;
        total += lay->pages[p].nglyphs;
    }
    pf->rank = mlps_xmalloc((total ? total : 1) * sizeof *pf->rank);
    /* Pass 1: every glyph of the document, so each font is subset exactly once; the slots by
     * face id, grown as ids come. Glyphs come in runs of one face: a slot's look-ups once a run. */
    for (size_t p = 0; p < lay->npages; p++) {
        const mlps_glyph *gl = lay->pages[p].glyphs;
        size_t n = lay->pages[p].nglyphs;
        for (size_t i = 0, j; i < n; i = j) {
            const mlps_face *face = gl[i].face;
            for (j = i + 1; j < n && gl[j].face == face;)
                j++;
            if (!face)
                continue;
            size_t id = (size_t)mlps_face_id(face);
            if (id >= pf->nslots) {
                pf->slots = mlps_xrealloc(pf->slots, (id + 1) * sizeof *pf->slots);
                memset(pf->slots + pf->nslots, 0, (id + 1 - pf->nslots) * sizeof *pf->slots);
                pf->nslots = id + 1;
            }
            font_slot *s = &pf->slots[id];
            if (!s->face) {
                s->face = face;
                slot_reserve(s, hb_face_get_glyph_count(mlps_face_hb_face(face)));
            }
            uint64_t *seen = s->seen;
            size_t cap = s->cap;
            unsigned ngids = s->ngids;
            for (size_t k = i; k < j; k++) {
                uint32_t g = gl[k].gid;
                if (g >= cap) {
                    slot_reserve(s, (size_t)g + 1);
                    seen = s->seen;
                    cap = s->cap;
                }
                uint64_t bit = 1ull << (g & 63);
                ngids += !(seen[g >> 6] & bit);
                seen[g >> 6] |= bit;
            }
            s->ngids = ngids;
        }
    }
    for (size_t i = 0; i < pf->nslots; i++)
        if (pf->slots[i].face)
            slot_rank_gids(&pf->slots[i]);
    /* Pass 2: each glyph's rank, and the first code point shown with each glyph. */
    for (size_t p = 0; p < lay->npages; p++) {
        const mlps_glyph *gl = lay->pages[p].glyphs;
        size_t n = lay->pages[p].nglyphs;
        uint32_t *rank = pf->rank + pf->page_first[p];
        for (size_t i = 0, j; i < n; i = j) {
            const mlps_face *face = gl[i].face;
            for (j = i + 1; j < n && gl[j].face == face;)
                j++;
            const font_slot *s = face ? &pf->slots[mlps_face_id(face)] : NULL;
            uint32_t *uni = s ? s->uni : NULL;
            for (size_t k = i; k < j; k++) {
                unsigned r = s ? slot_rank(s, gl[k].gid) : 0;
                rank[k] = r;
                if (s && gl[k].uni && !uni[r])
                    uni[r] = gl[k].uni;
            }
        }
    }
    /* Compressors, taken when the run's cache does not have a font already (one compressor
     * is used by one thread at a time; the run's cache keeps them between documents). */
    struct libdeflate_compressor *c = NULL, *ct = NULL;
    for (size_t i = 0; i < pf->nslots; i++) {
        font_slot *s = &pf->slots[i];
        if (!s->face)
            continue;
        uint64_t key = 0;
        const mlps_pdf_font_entry *hit = NULL;
        mlps_pdf_font_entry z = {0};
        choose_firsts(s, sp->glyph_sets, sp->fontcache);
        const void *shared = s->shared;
        if (sp->fontcache) {
            key = mlps_pdf_fontcache_key(s->face, shared, s->gids, s->uni, s->ngids);
            hit = mlps_pdf_fontcache_find(sp->fontcache, s->face, shared, key, s->gids, s->uni,
                                          s->ngids);
        }
        int rc = 0;
        if (hit) {
            s->nnew = hit->nnew;
            memcpy(s->old2new, hit->old2new, s->ngids * sizeof *s->old2new);
            s->widths = mlps_xmalloc((s->nnew ? s->nnew : 1) * sizeof *s->widths);
            memcpy(s->widths, hit->widths, s->nnew * sizeof *s->widths);
            s->program_size = hit->program_size;
            z.program = mlps_xmalloc(hit->program_len ? hit->program_len : 1);
            memcpy(z.program, hit->program, hit->program_len);
            z.program_len = hit->program_len;
            z.tounicode = mlps_xmalloc(hit->tounicode_len ? hit->tounicode_len : 1);
            memcpy(z.tounicode, hit->tounicode, hit->tounicode_len);
            z.tounicode_len = hit->tounicode_len;
        } else {
            if (!c)
                c = mlps_pdf_compressor_take(sp->fontcache, PDF_FONT_DEFLATE_LEVEL);
            if (!ct)
                ct = mlps_pdf_compressor_take(sp->fontcache, PDF_TOUNICODE_DEFLATE_LEVEL);
            if (!c || !ct) {
                mlps_diag_error(d, NULL, 0, NULL, "无法初始化压缩器（内存不足）");
                goto fail;
            }
            double t0 = sp->times ? mlps_part_ms() : 0;
            hb_blob_t *program = subset(s, sp->fontcache, d);
            if (sp->times)
                sp->times->subset_ms += mlps_part_ms() - t0;
            if (!program)
                goto fail;
            rc = deflate_streams(s, program, c, ct, sp, &z);
            hb_blob_destroy(program);
            if (rc == 0 && sp->fontcache) {
                z.face = s->face;
                z.shared = shared;
                z.hash = key;
                z.ngids = s->ngids;
                z.gids = s->gids;
                z.uni = s->uni;
                z.nnew = s->nnew;
                z.old2new = s->old2new;
                z.widths = s->widths;
                z.program_size = s->program_size;
                mlps_pdf_fontcache_add(sp->fontcache, &z);
            }
        }
        if (rc == 0)
            rc = build_objects(pdf, s, &z, sp);
        free(z.program);
        free(z.tounicode);
        if (rc != 0) {
            mlps_diag_error(d, NULL, 0, NULL, "无法生成字体 %s 的 PDF 对象（libharu 错误 0x%04lX）",
                       mlps_face_family(s->face), (unsigned long)HPDF_GetError(pdf));
            goto fail;
        }
    }
    goto done;
fail:
    mlps_pdf_fonts_free(pf);
    pf = NULL;
done:
    mlps_pdf_compressor_give(sp->fontcache, PDF_FONT_DEFLATE_LEVEL, c);
    mlps_pdf_compressor_give(sp->fontcache, PDF_TOUNICODE_DEFLATE_LEVEL, ct);
    return pf;
}

int mlps_pdf_fonts_use(const mlps_pdf_fonts *pf, HPDF_Page page, const mlps_face *face,
                       char name[16])
{
    const font_slot *s = slot_of(pf, face);
    if (!s || !s->type0)
        return -1;
    snprintf(name, 16, "F%d", mlps_face_id(face));
    HPDF_Dict res = HPDF_Page_GetInheritableItem(page, "Resources", HPDF_OCLASS_DICT);
    if (!res)
        return -1;
    HPDF_Dict fonts = HPDF_Dict_GetItem(res, "Font", HPDF_OCLASS_DICT);
    if (!fonts) {
        fonts = HPDF_Dict_New(page->mmgr);
        if (!fonts || HPDF_Dict_Add(res, "Font", fonts) != HPDF_OK)
            return -1;
    }
    if (HPDF_Dict_GetItem(fonts, name, HPDF_OCLASS_DICT))
        return 0;
    return HPDF_Dict_Add(fonts, name, s->type0) == HPDF_OK ? 0 : -1;
}

int mlps_pdf_fonts_glyph(const mlps_pdf_fonts *pf, const mlps_face *face, uint32_t gid,
                         unsigned *cid)
{
    const font_slot *s = slot_of(pf, face);
    *cid = 0;
    if (!s || !s->old2new || !slot_has(s, gid))
        return 0;
    unsigned n = s->old2new[slot_rank(s, gid)];
    *cid = n;
    return s->widths && n < s->nnew ? s->widths[n] : 0;
}

void mlps_pdf_fonts_page_codes(const mlps_pdf_fonts *pf, size_t page, unsigned *cids, int *widths)
{
    const mlps_page *pg = &pf->lay->pages[page];
    const uint32_t *rank = pf->rank + pf->page_first[page];
    for (size_t i = 0, j; i < pg->nglyphs; i = j) {
        /* a run of glyphs of one face: its slot's checks once */
        const mlps_face *face = pg->glyphs[i].face;
        for (j = i + 1; j < pg->nglyphs && pg->glyphs[j].face == face;)
            j++;
        const font_slot *s = face ? slot_of(pf, face) : NULL;
        const uint16_t *old2new = s ? s->old2new : NULL;
        const int *w = old2new ? s->widths : NULL;
        unsigned nnew = w ? s->nnew : 0;
        for (size_t k = i; k < j; k++) {
            unsigned n = old2new ? old2new[rank[k]] : 0;
            cids[k] = n;
            widths[k] = n < nnew ? w[n] : 0;
        }
    }
}

size_t mlps_pdf_fonts_program_size(const mlps_pdf_fonts *pf, const mlps_face *face)
{
    const font_slot *s = slot_of(pf, face);
    return s ? s->program_size : 0;
}

/* s deflated as the run kept it, or by c (and kept if the run asks) into *z; 0 on success. */
static int deflate_content(struct libdeflate_compressor *c, const char *s, size_t len,
                           mlps_pdf_splices *sp, unsigned char **z, size_t *zlen)
{
    mlps_pdf_pagecache *pages = mlps_pdf_fontcache_pages(sp->fontcache);
    int keep;
    *z = mlps_pdf_pagecache_get(pages, s, len, zlen, &keep);
    if (*z)
        return 0;
    if (deflate_bytes(c, s, len, sp, z, zlen) != 0)
        return -1;
    if (keep)
        mlps_pdf_pagecache_put(pages, s, len, *z, *zlen);
    return 0;
}

int mlps_pdf_page_set_content(HPDF_Page page, struct libdeflate_compressor *c, const char *s,
                              size_t len, size_t split, mlps_pdf_splices *sp)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    unsigned char *z;
    size_t zlen;
    s = s ? s : "";
    if (split > 0 && split < len) { /* the first part in a stream of its own, before the page's */
        HPDF_Dict first = HPDF_DictStream_New(page->mmgr, attr->xref);
        HPDF_Array both = HPDF_Array_New(page->mmgr);
        if (!first || !both || HPDF_Array_Add(both, first) != HPDF_OK ||
            HPDF_Array_Add(both, attr->contents) != HPDF_OK ||
            HPDF_Dict_Add(page, "Contents", both) != HPDF_OK ||
            deflate_content(c, s, split, sp, &z, &zlen) != 0 ||
            splice_deflated(first, z, zlen, sp) != HPDF_OK)
            return -1;
        s += split;
        len -= split;
    }
    if (deflate_content(c, s, len, sp, &z, &zlen) != 0)
        return -1;
    return splice_deflated(attr->contents, z, zlen, sp) == HPDF_OK ? 0 : -1;
}

const char *mlps_pdf_page_image_name(HPDF_Page page, HPDF_Image image)
{
    return HPDF_Page_GetXObjectName(page, image);
}
