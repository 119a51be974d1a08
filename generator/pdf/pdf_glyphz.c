/* Glyphs deflated one at a time with one Huffman code per face (pdf_glyphz.h). Deflate's
 * format: RFC 1951. */
#include "pdf_glyphz.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "pdf_subset.h"
#include "utf8.h"

#define NLITLEN 286 /* literals, end of block, 29 length codes */
#define NDIST 30
#define NCL 19 /* the code lengths' own code */
#define END_OF_BLOCK 256
#define MIN_MATCH 3
#define MAX_MATCH 258
#define WINDOW 32768
#define HASH_BITS 12
#define CHAIN_DEPTH 32 /* a glyph is coded once a run: a good parse is worth a longer search */

struct mlps_glyphz_code {
    uint16_t lit_code[NLITLEN]; /* bit-reversed, ready to write */
    uint8_t lit_len[NLITLEN];
    uint16_t dist_code[NDIST];
    uint8_t dist_len[NDIST];
    unsigned char *header; /* the block's first bits: BFINAL, BTYPE and the code */
    size_t header_bits;
};

static const uint16_t len_base[29] = {3,  4,  5,  6,  7,  8,  9,   10,  11,  13,
                                      15, 17, 19, 23, 27, 31, 35,  43,  51,  59,
                                      67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t len_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                      2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t dist_base[NDIST] = {1,    2,    3,    4,     5,     7,     9,    13,
                                          17,   25,   33,   49,    65,    97,    129,  193,
                                          257,  385,  513,  769,   1025,  1537,  2049, 3073,
                                          4097, 6145, 8193, 12289, 16385, 24577};
static const uint8_t dist_extra[NDIST] = {0, 0, 0, 0, 1, 1, 2,  2,  3,  3,  4,  4,  5,  5,  6,
                                          6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
static const uint8_t cl_order[NCL] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                      11, 4,  12, 3, 13, 2, 14, 1, 15};

static unsigned code_of(const uint16_t *base, unsigned n, unsigned v)
{
    unsigned k = 0;
    while (k + 1 < n && base[k + 1] <= v)
        k++;
    return k;
}

/* ---- bits, least significant first ---- */

static void reserve(mlps_glyphz_block *b, size_t more)
{
    if (b->len + more > b->cap) {
        b->cap = b->len + more > 2 * b->cap ? b->len + more : 2 * b->cap;
        b->p = mlps_xrealloc(b->p, b->cap);
    }
}

static void put_bits(mlps_glyphz_block *b, uint32_t v, unsigned n)
{
    b->acc |= (uint64_t)v << b->nacc;
    b->nacc += n;
    if (b->nacc >= 32) {
        reserve(b, 4);
        for (int i = 0; i < 4; i++)
            b->p[b->len++] = (unsigned char)(b->acc >> (8 * i));
        b->acc >>= 32;
        b->nacc -= 32;
    }
}

/* The bits still held, as whole bytes (the last one's high bits zero); the bit count before. */
static size_t flush_bits(mlps_glyphz_block *b)
{
    size_t nbits = 8 * b->len + b->nacc;
    while (b->nacc > 0) {
        reserve(b, 1);
        b->p[b->len++] = (unsigned char)b->acc;
        b->acc >>= 8;
        b->nacc = b->nacc > 8 ? b->nacc - 8 : 0;
    }
    b->acc = 0;
    return nbits;
}

static inline uint64_t load_le64(const unsigned char *p)
{
    uint64_t v;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(&v, p, 8);
#else
    v = 0;
    for (int j = 7; j >= 0; j--)
        v = v << 8 | p[j];
#endif
    return v;
}

static inline void store_le64(unsigned char *p, uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(p, &v, 8);
#else
    for (int j = 0; j < 8; j++)
        p[j] = (unsigned char)(v >> (8 * j));
#endif
}

/* Eight bytes at a time, shifted into place: a document copies its own glyphs' bits here. */
void mlps_glyphz_append(mlps_glyphz_block *b, const unsigned char *bits, size_t nbits)
{
    reserve(b, nbits / 8 + 16);
    while (b->nacc >= 8) { /* whole bytes out: fewer than 8 bits stay */
        b->p[b->len++] = (unsigned char)b->acc;
        b->acc >>= 8;
        b->nacc -= 8;
    }
    unsigned k = b->nacc;
    uint64_t carry = b->acc;
    unsigned char *out = b->p + b->len; /* locals: stores through b->p could be to *b */
    size_t i = 0;
    for (; nbits - 8 * i >= 64; i += 8, out += 8) {
        uint64_t v = load_le64(bits + i);
        store_le64(out, carry | v << k);
        carry = k ? v >> (64 - k) : 0;
    }
    b->len = (size_t)(out - b->p);
    b->acc = carry;
    b->nacc = k;
    for (size_t left = nbits - 8 * i; left > 0; i++) {
        unsigned n = left < 8 ? (unsigned)left : 8;
        put_bits(b, bits[i] & ((1u << n) - 1), n);
        left -= n;
    }
}

/* ---- the parse: matches within one glyph ---- */

typedef struct token {
    uint16_t len; /* 0: a literal */
    uint16_t lit_or_dist;
} token;

static unsigned hash3(const unsigned char *p)
{
    return ((unsigned)p[0] << 16 | (unsigned)p[1] << 8 | p[2]) * 2654435761u >> (32 - HASH_BITS);
}

static unsigned longest(const unsigned char *g, size_t len, size_t i, const int32_t *head,
                        const int32_t *prev, unsigned *dist)
{
    unsigned best = 0;
    if (i + MIN_MATCH > len)
        return 0;
    size_t max = len - i < MAX_MATCH ? len - i : MAX_MATCH;
    int32_t p = head[hash3(g + i)];
    for (int depth = 0; p >= 0 && depth < CHAIN_DEPTH && i - (size_t)p <= WINDOW; depth++) {
        size_t l = 0;
        while (l < max && g[(size_t)p + l] == g[i + l])
            l++;
        if (l > best) {
            best = (unsigned)l;
            *dist = (unsigned)(i - (size_t)p);
            if (l == max)
                break;
        }
        p = prev[p];
    }
    return best >= MIN_MATCH ? best : 0;
}

/* g's tokens (greedy with one step of lazy matching) into *out (malloc'd); their count. */
static size_t parse(const unsigned char *g, size_t len, token **out)
{
    token *t = mlps_xmalloc((len ? len : 1) * sizeof *t);
    int32_t *prev = mlps_xmalloc((len ? len : 1) * sizeof *prev);
    int32_t head[1 << HASH_BITS];
    memset(head, 0xFF, sizeof head);
    size_t n = 0, i = 0, inserted = 0;
#define INSERT_UP_TO(end)                                                                      \
    for (; inserted < (end) && inserted + MIN_MATCH <= len; inserted++) {                      \
        unsigned h_ = hash3(g + inserted);                                                     \
        prev[inserted] = head[h_];                                                             \
        head[h_] = (int32_t)inserted;                                                          \
    }
    while (i < len) {
        unsigned d = 0, d2 = 0;
        unsigned l = longest(g, len, i, head, prev, &d);
        INSERT_UP_TO(i + 1);
        if (l && l < MAX_MATCH && i + 1 < len && longest(g, len, i + 1, head, prev, &d2) > l)
            l = 0; /* a longer match starts at the next byte: this one is a literal */
        if (l) {
            t[n++] = (token){(uint16_t)l, (uint16_t)d};
            i += l;
        } else {
            t[n++] = (token){0, g[i]};
            i++;
        }
        INSERT_UP_TO(i);
    }
#undef INSERT_UP_TO
    free(prev);
    *out = t;
    return n;
}

/* ---- the code ---- */

/* Lengths of a Huffman code over n symbols (every symbol gets one: freq + 1), none above
 * limit (frequencies halved until so). Ties go to the lower symbol: the same code each time. */
static void huffman_lengths(const uint32_t *freq, unsigned n, unsigned limit, uint8_t *len)
{
    uint64_t f[NLITLEN];
    for (unsigned i = 0; i < n; i++)
        f[i] = (uint64_t)freq[i] + 1;
    for (;;) {
        uint64_t w[2 * NLITLEN];
        int parent[2 * NLITLEN], alive[2 * NLITLEN];
        unsigned m = n;
        for (unsigned i = 0; i < n; i++)
            w[i] = f[i], alive[i] = 1, parent[i] = -1;
        for (unsigned left = n; left > 1; left--) {
            int a = -1, b = -1;
            for (unsigned i = 0; i < m; i++) {
                if (!alive[i])
                    continue;
                if (a < 0 || w[i] < w[a])
                    b = a, a = (int)i;
                else if (b < 0 || w[i] < w[b])
                    b = (int)i;
            }
            w[m] = w[a] + w[b];
            alive[m] = 1;
            parent[m] = -1;
            alive[a] = alive[b] = 0;
            parent[a] = parent[b] = (int)m;
            m++;
        }
        unsigned max = 0;
        for (unsigned i = 0; i < n; i++) {
            unsigned d = 0;
            for (int p = parent[i]; p >= 0; p = parent[p])
                d++;
            len[i] = (uint8_t)(d ? d : 1);
            max = len[i] > max ? len[i] : max;
        }
        if (max <= limit)
            return;
        for (unsigned i = 0; i < n; i++)
            f[i] = (f[i] + 1) / 2;
    }
}

/* End of block gets a longest code (swapped with one that has it: the same code lengths). A
 * stored block follows it, and poppler's and pdf.js's inflaters read a code's longest length
 * ahead, then take a stored block's length from the bytes after what they read: once the end
 * code is short, those are past the length (poppler: "Bad uncompressed block length"). */
static void longest_end_of_block(uint8_t *len)
{
    unsigned at = END_OF_BLOCK;
    for (unsigned i = 0; i < NLITLEN; i++)
        if (len[i] > len[at])
            at = i;
    uint8_t t = len[at];
    len[at] = len[END_OF_BLOCK];
    len[END_OF_BLOCK] = t;
}

/* Canonical codes for lengths (RFC 1951, 3.2.2), bit-reversed for writing. */
static void canonical(const uint8_t *len, unsigned n, uint16_t *code)
{
    unsigned count[16] = {0}, next[16];
    for (unsigned i = 0; i < n; i++)
        count[len[i]]++;
    count[0] = 0;
    unsigned c = 0;
    for (unsigned b = 1; b < 16; b++) {
        c = (c + count[b - 1]) << 1;
        next[b] = c;
    }
    for (unsigned i = 0; i < n; i++) {
        unsigned v = next[len[i]]++, r = 0;
        for (unsigned k = 0; k < len[i]; k++)
            r |= ((v >> k) & 1u) << (len[i] - 1 - k);
        code[i] = (uint16_t)r;
    }
}

static void count_tokens(const token *t, size_t n, uint32_t *lit, uint32_t *dist)
{
    for (size_t i = 0; i < n; i++) {
        if (!t[i].len) {
            lit[t[i].lit_or_dist]++;
            continue;
        }
        lit[257 + code_of(len_base, 29, t[i].len)]++;
        dist[code_of(dist_base, NDIST, t[i].lit_or_dist)]++;
    }
}

/* The block's header: BFINAL 0, BTYPE 2 (dynamic), the code lengths run-length coded. */
static void make_header(mlps_glyphz_code *c)
{
    uint8_t all[NLITLEN + NDIST];
    memcpy(all, c->lit_len, NLITLEN);
    memcpy(all + NLITLEN, c->dist_len, NDIST);
    uint8_t sym[NLITLEN + NDIST], extra[NLITLEN + NDIST];
    size_t ns = 0;
    uint32_t cl_freq[NCL] = {0};
    for (size_t i = 0; i < NLITLEN + NDIST;) {
        size_t run = 1;
        while (i + run < NLITLEN + NDIST && all[i + run] == all[i])
            run++;
        size_t at = i;
        i += run;
        if (all[at] == 0) {
            while (run >= 11) {
                size_t k = run > 138 ? 138 : run;
                sym[ns] = 18, extra[ns++] = (uint8_t)(k - 11), run -= k;
            }
            if (run >= 3)
                sym[ns] = 17, extra[ns++] = (uint8_t)(run - 3), run = 0;
        } else {
            sym[ns] = all[at], extra[ns++] = 0, run--;
            while (run >= 3) {
                size_t k = run > 6 ? 6 : run;
                sym[ns] = 16, extra[ns++] = (uint8_t)(k - 3), run -= k;
            }
        }
        while (run-- > 0)
            sym[ns] = all[at], extra[ns++] = 0;
    }
    for (size_t i = 0; i < ns; i++)
        cl_freq[sym[i]]++;
    uint8_t cl_len[NCL];
    uint16_t cl_code[NCL];
    huffman_lengths(cl_freq, NCL, 7, cl_len);
    canonical(cl_len, NCL, cl_code);
    mlps_glyphz_block b = {0};
    put_bits(&b, 0, 1); /* not the final block */
    put_bits(&b, 2, 2); /* dynamic Huffman codes */
    put_bits(&b, NLITLEN - 257, 5);
    put_bits(&b, NDIST - 1, 5);
    put_bits(&b, NCL - 4, 4);
    for (unsigned i = 0; i < NCL; i++)
        put_bits(&b, cl_len[cl_order[i]], 3);
    static const uint8_t sym_extra_bits[NCL] = {[16] = 2, [17] = 3, [18] = 7};
    for (size_t i = 0; i < ns; i++) {
        put_bits(&b, cl_code[sym[i]], cl_len[sym[i]]);
        if (sym_extra_bits[sym[i]])
            put_bits(&b, extra[i], sym_extra_bits[sym[i]]);
    }
    c->header_bits = flush_bits(&b);
    c->header = b.p;
}

/* Glyph gid of the face as our subsets keep it: a simple glyph without its instructions. Into
 * *out (malloc'd); its length, 0 when empty or malformed. */
static size_t sample_glyph(const unsigned char *glyf, size_t glyf_len, const unsigned char *loca,
                           size_t loca_len, int long_loca, unsigned gid, unsigned char **out)
{
    size_t w = long_loca ? 4 : 2;
    if ((size_t)(gid + 2) * w > loca_len)
        return 0;
    size_t a = mlps_loca_at(loca, long_loca, gid), e = mlps_loca_at(loca, long_loca, gid + 1);
    if (e <= a || e > glyf_len || e - a < 12)
        return 0;
    const unsigned char *g = glyf + a;
    size_t len = e - a;
    int contours = (int16_t)mlps_get_be16(g);
    size_t keep = len, cut = 0, at = 0;
    if (contours >= 0) {
        at = 10 + 2 * (size_t)contours; /* the instruction length */
        if (at + 2 > len)
            return 0;
        cut = mlps_get_be16(g + at);
        if (at + 2 + cut > len)
            return 0;
        keep = len - cut;
    }
    unsigned char *p = mlps_xmalloc(keep);
    if (cut) {
        memcpy(p, g, at);
        p[at] = p[at + 1] = 0;
        memcpy(p + at + 2, g + at + 2 + cut, len - at - 2 - cut);
    } else {
        memcpy(p, g, len);
    }
    *out = p;
    return keep;
}

/* The sample: glyphs of common characters, whose pages of the font file documents read anyway
 * (glyphs spread over a whole CJK font touched 5 MiB more of it: peak RSS). */
static const char sample_text[] =
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可也你能而子那得"
    "安全信息系统等级保护网络管理数据单位备案报告定级技术服务应急事件响应处置"
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz（），。、：；";

mlps_glyphz_code *mlps_glyphz_code_new(hb_face_t *face)
{
    hb_blob_t *glyf_b = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
    hb_blob_t *loca_b = hb_face_reference_table(face, HB_TAG('l', 'o', 'c', 'a'));
    hb_blob_t *head_b = hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd'));
    unsigned glyf_len, loca_len, head_len;
    const unsigned char *glyf = (const unsigned char *)hb_blob_get_data(glyf_b, &glyf_len);
    const unsigned char *loca = (const unsigned char *)hb_blob_get_data(loca_b, &loca_len);
    const unsigned char *head = (const unsigned char *)hb_blob_get_data(head_b, &head_len);
    mlps_glyphz_code *c = NULL;
    if (glyf_len && loca_len && head_len >= 54) {
        int long_loca = head[51] != 0;
        uint32_t lit[NLITLEN] = {0}, dist[NDIST] = {0};
        hb_font_t *font = hb_font_create(face);
        for (size_t at = 0; at < sizeof sample_text - 1;) {
            uint32_t cp = mlps_utf8_next(sample_text, sizeof sample_text - 1, &at);
            hb_codepoint_t gid;
            unsigned char *g = NULL;
            size_t len = hb_font_get_nominal_glyph(font, cp, &gid)
                             ? sample_glyph(glyf, glyf_len, loca, loca_len, long_loca, gid, &g)
                             : 0;
            if (!len)
                continue;
            token *tk;
            size_t n = parse(g, len, &tk);
            count_tokens(tk, n, lit, dist);
            free(tk);
            free(g);
        }
        hb_font_destroy(font);
        c = mlps_xcalloc(1, sizeof *c);
        huffman_lengths(lit, NLITLEN, 15, c->lit_len);
        longest_end_of_block(c->lit_len);
        canonical(c->lit_len, NLITLEN, c->lit_code);
        huffman_lengths(dist, NDIST, 15, c->dist_len);
        canonical(c->dist_len, NDIST, c->dist_code);
        make_header(c);
    }
    hb_blob_destroy(glyf_b);
    hb_blob_destroy(loca_b);
    hb_blob_destroy(head_b);
    return c;
}

void mlps_glyphz_code_free(mlps_glyphz_code *c)
{
    if (c)
        free(c->header);
    free(c);
}

size_t mlps_glyphz_encode(const mlps_glyphz_code *c, const unsigned char *g, size_t len,
                          unsigned char **bits)
{
    *bits = NULL;
    if (!len)
        return 0;
    token *t;
    size_t n = parse(g, len, &t);
    mlps_glyphz_block b = {0};
    for (size_t i = 0; i < n; i++) {
        if (!t[i].len) {
            put_bits(&b, c->lit_code[t[i].lit_or_dist], c->lit_len[t[i].lit_or_dist]);
            continue;
        }
        unsigned l = code_of(len_base, 29, t[i].len);
        unsigned d = code_of(dist_base, NDIST, t[i].lit_or_dist);
        put_bits(&b, c->lit_code[257 + l], c->lit_len[257 + l]);
        put_bits(&b, t[i].len - len_base[l], len_extra[l]);
        put_bits(&b, c->dist_code[d], c->dist_len[d]);
        put_bits(&b, t[i].lit_or_dist - dist_base[d], dist_extra[d]);
    }
    free(t);
    size_t nbits = flush_bits(&b);
    *bits = b.p;
    return nbits;
}

void mlps_glyphz_begin(const mlps_glyphz_code *c, mlps_glyphz_block *b)
{
    mlps_glyphz_append(b, c->header, c->header_bits);
}

void mlps_glyphz_end(const mlps_glyphz_code *c, mlps_glyphz_block *b)
{
    put_bits(b, c->lit_code[END_OF_BLOCK], c->lit_len[END_OF_BLOCK]);
    put_bits(b, 0, 3); /* a stored block, not final, to end on a byte */
    flush_bits(b);
    static const unsigned char empty[4] = {0x00, 0x00, 0xFF, 0xFF};
    reserve(b, 4);
    memcpy(b->p + b->len, empty, 4);
    b->len += 4;
}
