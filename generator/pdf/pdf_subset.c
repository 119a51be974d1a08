/* A subsetter for TrueType (glyf) faces that makes the bytes hb-subset 6.0.0 makes with
 * HB_SUBSET_FLAGS_NO_HINTING, for code-point subsets: hb-subset spent about 3,300
 * instructions a glyph walking its points through generic iterators. What it reproduces (tests/
 * test_subset.c compares both on every installed face):
 * - glyphs: .notdef, the code points' nominal glyphs, composite components; new gids in old
 *   order; .notdef's outline emptied;
 * - glyf: simple glyphs cut after their last point and stripped of instructions, composites
 *   with their components renumbered and instruction flags and bytes dropped; each glyph
 *   padded to even length when the short loca format holds the total;
 * - loca, head (indexToLocFormat), hhea (numberOfHMetrics), hmtx (trailing equal advances
 *   folded), maxp (numGlyphs, hinting limits reset), OS/2 (first/last char, Unicode ranges).
 * Any other table the subset would keep, a deep composite, an odd table size:
 * NULL, and hb-subset does it. */
#include "pdf_subset.h"

#include <stdatomic.h>

#include <stdlib.h>
#include <string.h>

#define T(a, b, c, d) HB_TAG(a, b, c, d)
#define SUBSET_MAX_DEPTH 4 /* composite nesting we follow (hb-subset follows deeper, then stops) */

typedef struct {
    const unsigned char *glyf, *loca;
    unsigned glyf_len;
    int long_loca;
    unsigned nglyphs;
    uint64_t *keep; /* bit per old gid */
    unsigned nkeep; /* bits set in keep */
    _Atomic uint32_t *ends; /* mlps_subset_memo's, or NULL */
} src_face;

/* The source glyph's bytes; empty where loca is out of order or past glyf, as hb-subset. */
static const unsigned char *glyph_bytes(const src_face *f, unsigned g, unsigned *len)
{
    size_t a = mlps_loca_at(f->loca, f->long_loca, g);
    size_t b = mlps_loca_at(f->loca, f->long_loca, g + 1);
    *len = a <= b && b <= f->glyf_len ? (unsigned)(b - a) : 0;
    return f->glyf + (*len ? a : 0);
}

/* A composite record's size, or 0 when it runs past the glyph. */
static unsigned record_size(const unsigned char *g, unsigned len, unsigned at)
{
    if (at + 4 > len)
        return 0;
    unsigned fl = mlps_get_be16(g + at);
    unsigned n = 4 + (fl & 0x0001 ? 4 : 2) +
                 (fl & 0x0008 ? 2 : fl & 0x0040 ? 4 : fl & 0x0080 ? 8 : 0);
    return at + n <= len ? n : 0;
}

static int is_composite(const unsigned char *g, unsigned len)
{
    return len >= 10 && mlps_get_be16(g) == 0xFFFF;
}

/* Adds g and its components to keep; -1 when nesting is deep, a record is cut short or a
 * component does not exist (hb-subset would leave its gid unmapped). */
static int close_glyph(src_face *f, unsigned g, int depth)
{
    if (f->keep[g >> 6] >> (g & 63) & 1)
        return 0;
    f->keep[g >> 6] |= 1ull << (g & 63);
    f->nkeep++;
    unsigned len;
    const unsigned char *p = glyph_bytes(f, g, &len);
    if (!is_composite(p, len))
        return 0;
    if (depth >= SUBSET_MAX_DEPTH)
        return -1;
    unsigned at = 10, n, more = 1;
    while (more) {
        if (!(n = record_size(p, len, at)))
            return -1;
        unsigned c = mlps_get_be16(p + at + 2);
        more = mlps_get_be16(p + at) & 0x0020;
        if (c >= f->nglyphs || close_glyph(f, c, depth + 1) < 0)
            return -1;
        at += n;
    }
    return 0;
}

/* Bytes of x and y a point with this flag has in a simple glyph (short: 1, same: 0, else 2). */
static const unsigned char coord_size[256] = {
    4, 4, 3, 3, 3, 3, 2, 2, 4, 4, 3, 3, 3, 3, 2, 2,
    2, 2, 3, 3, 1, 1, 2, 2, 2, 2, 3, 3, 1, 1, 2, 2,
    2, 2, 1, 1, 3, 3, 2, 2, 2, 2, 1, 1, 3, 3, 2, 2,
    0, 0, 1, 1, 1, 1, 2, 2, 0, 0, 1, 1, 1, 1, 2, 2,
    4, 4, 3, 3, 3, 3, 2, 2, 4, 4, 3, 3, 3, 3, 2, 2,
    2, 2, 3, 3, 1, 1, 2, 2, 2, 2, 3, 3, 1, 1, 2, 2,
    2, 2, 1, 1, 3, 3, 2, 2, 2, 2, 1, 1, 3, 3, 2, 2,
    0, 0, 1, 1, 1, 1, 2, 2, 0, 0, 1, 1, 1, 1, 2, 2,
    4, 4, 3, 3, 3, 3, 2, 2, 4, 4, 3, 3, 3, 3, 2, 2,
    2, 2, 3, 3, 1, 1, 2, 2, 2, 2, 3, 3, 1, 1, 2, 2,
    2, 2, 1, 1, 3, 3, 2, 2, 2, 2, 1, 1, 3, 3, 2, 2,
    0, 0, 1, 1, 1, 1, 2, 2, 0, 0, 1, 1, 1, 1, 2, 2,
    4, 4, 3, 3, 3, 3, 2, 2, 4, 4, 3, 3, 3, 3, 2, 2,
    2, 2, 3, 3, 1, 1, 2, 2, 2, 2, 3, 3, 1, 1, 2, 2,
    2, 2, 1, 1, 3, 3, 2, 2, 2, 2, 1, 1, 3, 3, 2, 2,
    0, 0, 1, 1, 1, 1, 2, 2, 0, 0, 1, 1, 1, 1, 2, 2,
};

/* Of eight flags read from memory into w, how many come before the first with the repeat bit. */
static unsigned plain_flags(uint64_t w)
{
    uint64_t r = w & 0x0808080808080808ull;
    if (!r)
        return 8;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return (unsigned)__builtin_clzll(r) / 8;
#else
    return (unsigned)__builtin_ctzll(r) / 8;
#endif
}

/* The glyph's bytes hb-subset writes, into out (room for len bytes); its length. new2old
 * renumbers components. Simple glyphs: cut after the last point (as fontTools' trim), the
 * instructions removed and their length zeroed; a glyph whose points do not parse is empty. */
/* Binary search of old gid c in new2old[lo, hi), ascending: its index, or hi. */
static unsigned find_gid(const uint32_t *new2old, unsigned lo, unsigned hi, uint32_t c)
{
    unsigned end = hi;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        if (new2old[mid] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < end && new2old[lo] == c ? lo : end;
}

int mlps_subset_nominal(hb_font_t *font, const mlps_subset_memo *memo, uint32_t cp,
                        hb_codepoint_t *gid)
{
    if (!memo || cp >= 0x10000)
        return hb_font_get_nominal_glyph(font, cp, gid);
    uint32_t m = atomic_load_explicit(&memo->bmp[cp], memory_order_relaxed);
    if (!m) {
        hb_codepoint_t g;
        m = hb_font_get_nominal_glyph(font, cp, &g) && g < 0xFFFF0000u ? g + 2 : 1;
        atomic_store_explicit(&memo->bmp[cp], m, memory_order_relaxed);
    }
    *gid = m > 1 ? m - 2 : 0;
    return m > 1;
}

unsigned mlps_subset_new_gid(const uint32_t *new2old, unsigned n, unsigned nfirst, uint32_t c)
{
    if (c == 0 || n == 0)
        return c == 0 ? 0 : n;
    unsigned i = find_gid(new2old, 1, 1 + nfirst, c);
    return i < 1 + nfirst ? i : find_gid(new2old, 1 + nfirst, n, c);
}

static unsigned put_glyph(const src_face *f, unsigned g, unsigned char *out,
                          const uint32_t *new2old, unsigned nnew, unsigned nfirst)
{
    unsigned len;
    const unsigned char *p = glyph_bytes(f, g, &len);
    if (len < 10)
        return 0;
    int nc = (int16_t)mlps_get_be16(p);
    if (nc > 0) {
        unsigned off = 10 + 2 * (unsigned)nc; /* instructionLength */
        if (off + 2 >= len)
            return 0;
        /* points to go, and the instructions' length */
        unsigned left = mlps_get_be16(p + off - 2) + 1, nins = mlps_get_be16(p + off);
        size_t keep;
        uint32_t m = f->ends ? atomic_load_explicit(&f->ends[g], memory_order_relaxed) : 0;
        if (m == 1)
            return 0;
        if (m) {
            keep = m - 1;
            goto copy;
        }
        const unsigned char *q = p + off + 2 + nins, *end = p + len;
        unsigned coords = 0;
        while (q < end) {
            /* by eight flags while more points remain: those before a repeating one */
            while (left > 8 && end - q >= 8) {
                uint64_t w;
                memcpy(&w, q, 8);
                unsigned k = plain_flags(w);
                if (k == 8) {
                    coords += coord_size[q[0]] + coord_size[q[1]] + coord_size[q[2]] +
                              coord_size[q[3]] + coord_size[q[4]] + coord_size[q[5]] +
                              coord_size[q[6]] + coord_size[q[7]];
                } else {
                    for (unsigned i = 0; i < k; i++)
                        coords += coord_size[q[i]];
                }
                q += k;
                left -= k;
                if (k < 8)
                    break;
            }
            if (q >= end)
                break;
            unsigned fl = *q++, rep = 1;
            if (fl & 8) {
                if (q >= end)
                    return 0;
                rep = *q++ + 1u;
            }
            coords += coord_size[fl] * rep;
            if (rep >= left) { /* more points than the contours have: hb-subset gives up */
                left = rep == left ? 0 : 1;
                break;
            }
            left -= rep;
        }
        if (left) {
            if (f->ends)
                atomic_store_explicit(&f->ends[g], 1, memory_order_relaxed);
            return 0;
        }
        keep = (size_t)len + coords - (size_t)(end - q);
        if (keep > len)
            keep = len;
        if (f->ends) /* the same every time: the walk above reads only the glyph's bytes */
            atomic_store_explicit(&f->ends[g], (uint32_t)keep + 1, memory_order_relaxed);
    copy:
        /* off + 2 + nins <= keep: the flags came after the instructions */
        memcpy(out, p, off + 2);
        mlps_put_be16(out + off, 0);
        memcpy(out + off + 2, p + off + 2 + nins, keep - off - 2 - nins);
        return (unsigned)keep - nins;
    }
    if (nc != -1)
        return 0;
    unsigned at = 10, n, last = 10;
    for (;;) {
        n = record_size(p, len, at); /* close_glyph checked every record */
        last = at;
        if (!(mlps_get_be16(p + at) & 0x0020))
            break;
        at += n;
    }
    unsigned keep = mlps_get_be16(p + last) & 0x0100 ? last + n : len;
    memcpy(out, p, keep);
    for (at = 10;; at += record_size(p, len, at)) {
        unsigned fl = mlps_get_be16(out + at), c = mlps_get_be16(out + at + 2);
        mlps_put_be16(out + at + 2, mlps_subset_new_gid(new2old, nnew, nfirst, c));
        mlps_put_be16(out + at, fl & ~0x0100u);
        if (!(fl & 0x0020))
            break;
    }
    return keep;
}

typedef struct {
    uint32_t first, last;
    unsigned bit;
} uni_range;

/* OS/2 ulUnicodeRange bits by block, as HarfBuzz's hb-ot-os2-unicode-ranges.hh (MIT). */
static const uni_range os2_ranges[] = {
    {0x0, 0x7F, 0}, {0x80, 0xFF, 1}, {0x100, 0x17F, 2}, {0x180, 0x24F, 3}, {0x250, 0x2AF, 4},
    {0x2B0, 0x2FF, 5}, {0x300, 0x36F, 6}, {0x370, 0x3FF, 7}, {0x400, 0x4FF, 9},
    {0x500, 0x52F, 9}, {0x530, 0x58F, 10}, {0x590, 0x5FF, 11}, {0x600, 0x6FF, 13},
    {0x700, 0x74F, 71}, {0x750, 0x77F, 13}, {0x780, 0x7BF, 72}, {0x7C0, 0x7FF, 14},
    {0x900, 0x97F, 15}, {0x980, 0x9FF, 16}, {0xA00, 0xA7F, 17}, {0xA80, 0xAFF, 18},
    {0xB00, 0xB7F, 19}, {0xB80, 0xBFF, 20}, {0xC00, 0xC7F, 21}, {0xC80, 0xCFF, 22},
    {0xD00, 0xD7F, 23}, {0xD80, 0xDFF, 73}, {0xE00, 0xE7F, 24}, {0xE80, 0xEFF, 25},
    {0xF00, 0xFFF, 70}, {0x1000, 0x109F, 74}, {0x10A0, 0x10FF, 26}, {0x1100, 0x11FF, 28},
    {0x1200, 0x137F, 75}, {0x1380, 0x139F, 75}, {0x13A0, 0x13FF, 76}, {0x1400, 0x167F, 77},
    {0x1680, 0x169F, 78}, {0x16A0, 0x16FF, 79}, {0x1700, 0x171F, 84}, {0x1720, 0x173F, 84},
    {0x1740, 0x175F, 84}, {0x1760, 0x177F, 84}, {0x1780, 0x17FF, 80}, {0x1800, 0x18AF, 81},
    {0x1900, 0x194F, 93}, {0x1950, 0x197F, 94}, {0x1980, 0x19DF, 95}, {0x19E0, 0x19FF, 80},
    {0x1A00, 0x1A1F, 96}, {0x1B00, 0x1B7F, 27}, {0x1B80, 0x1BBF, 112}, {0x1C00, 0x1C4F, 113},
    {0x1C50, 0x1C7F, 114}, {0x1D00, 0x1D7F, 4}, {0x1D80, 0x1DBF, 4}, {0x1DC0, 0x1DFF, 6},
    {0x1E00, 0x1EFF, 29}, {0x1F00, 0x1FFF, 30}, {0x2000, 0x206F, 31}, {0x2070, 0x209F, 32},
    {0x20A0, 0x20CF, 33}, {0x20D0, 0x20FF, 34}, {0x2100, 0x214F, 35}, {0x2150, 0x218F, 36},
    {0x2190, 0x21FF, 37}, {0x2200, 0x22FF, 38}, {0x2300, 0x23FF, 39}, {0x2400, 0x243F, 40},
    {0x2440, 0x245F, 41}, {0x2460, 0x24FF, 42}, {0x2500, 0x257F, 43}, {0x2580, 0x259F, 44},
    {0x25A0, 0x25FF, 45}, {0x2600, 0x26FF, 46}, {0x2700, 0x27BF, 47}, {0x27C0, 0x27EF, 38},
    {0x27F0, 0x27FF, 37}, {0x2800, 0x28FF, 82}, {0x2900, 0x297F, 37}, {0x2980, 0x29FF, 38},
    {0x2A00, 0x2AFF, 38}, {0x2B00, 0x2BFF, 37}, {0x2C00, 0x2C5F, 97}, {0x2C60, 0x2C7F, 29},
    {0x2C80, 0x2CFF, 8}, {0x2D00, 0x2D2F, 26}, {0x2D30, 0x2D7F, 98}, {0x2D80, 0x2DDF, 75},
    {0x2DE0, 0x2DFF, 9}, {0x2E00, 0x2E7F, 31}, {0x2E80, 0x2EFF, 59}, {0x2F00, 0x2FDF, 59},
    {0x2FF0, 0x2FFF, 59}, {0x3000, 0x303F, 48}, {0x3040, 0x309F, 49}, {0x30A0, 0x30FF, 50},
    {0x3100, 0x312F, 51}, {0x3130, 0x318F, 52}, {0x3190, 0x319F, 59}, {0x31A0, 0x31BF, 51},
    {0x31C0, 0x31EF, 61}, {0x31F0, 0x31FF, 50}, {0x3200, 0x32FF, 54}, {0x3300, 0x33FF, 55},
    {0x3400, 0x4DBF, 59}, {0x4DC0, 0x4DFF, 99}, {0x4E00, 0x9FFF, 59}, {0xA000, 0xA48F, 83},
    {0xA490, 0xA4CF, 83}, {0xA500, 0xA63F, 12}, {0xA640, 0xA69F, 9}, {0xA700, 0xA71F, 5},
    {0xA720, 0xA7FF, 29}, {0xA800, 0xA82F, 100}, {0xA840, 0xA87F, 53}, {0xA880, 0xA8DF, 115},
    {0xA900, 0xA92F, 116}, {0xA930, 0xA95F, 117}, {0xAA00, 0xAA5F, 118}, {0xAC00, 0xD7AF, 56},
    {0xD800, 0xDFFF, 57}, {0xE000, 0xF8FF, 60}, {0xF900, 0xFAFF, 61}, {0xFB00, 0xFB4F, 62},
    {0xFB50, 0xFDFF, 63}, {0xFE00, 0xFE0F, 91}, {0xFE10, 0xFE1F, 65}, {0xFE20, 0xFE2F, 64},
    {0xFE30, 0xFE4F, 65}, {0xFE50, 0xFE6F, 66}, {0xFE70, 0xFEFF, 67}, {0xFF00, 0xFFEF, 68},
    {0xFFF0, 0xFFFF, 69}, {0x10000, 0x1007F, 101}, {0x10080, 0x100FF, 101},
    {0x10100, 0x1013F, 101}, {0x10140, 0x1018F, 102}, {0x10190, 0x101CF, 119},
    {0x101D0, 0x101FF, 120}, {0x10280, 0x1029F, 121}, {0x102A0, 0x102DF, 121},
    {0x10300, 0x1032F, 85}, {0x10330, 0x1034F, 86}, {0x10380, 0x1039F, 103},
    {0x103A0, 0x103DF, 104}, {0x10400, 0x1044F, 87}, {0x10450, 0x1047F, 105},
    {0x10480, 0x104AF, 106}, {0x10800, 0x1083F, 107}, {0x10900, 0x1091F, 58},
    {0x10920, 0x1093F, 121}, {0x10A00, 0x10A5F, 108}, {0x12000, 0x123FF, 110},
    {0x12400, 0x1247F, 110}, {0x1D000, 0x1D0FF, 88}, {0x1D100, 0x1D1FF, 88},
    {0x1D200, 0x1D24F, 88}, {0x1D300, 0x1D35F, 109}, {0x1D360, 0x1D37F, 111},
    {0x1D400, 0x1D7FF, 89}, {0x1F000, 0x1F02F, 122}, {0x1F030, 0x1F09F, 122},
    {0x20000, 0x2A6DF, 59}, {0x2F800, 0x2FA1F, 61}, {0xE0000, 0xE007F, 92},
    {0xE0100, 0xE01EF, 91}, {0xF0000, 0xFFFFD, 90}, {0x100000, 0x10FFFD, 90},
};

/* The code point's ulUnicodeRange bit, -1 for none; *at: the block last found (code points
 * come in order, mostly from few blocks). */
static int range_bit(uint32_t cp, size_t *at)
{
    if (cp >= os2_ranges[*at].first && cp <= os2_ranges[*at].last)
        return (int)os2_ranges[*at].bit;
    size_t lo = 0, hi = sizeof os2_ranges / sizeof *os2_ranges;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < os2_ranges[mid].first)
            hi = mid;
        else if (cp > os2_ranges[mid].last)
            lo = mid + 1;
        else
            return (int)os2_ranges[*at = mid].bit;
    }
    return -1;
}

/* hb-subset adds the glyphs of a cmap format 14's non-default variation sequences whose base
 * character is kept; -1 when the subtable does not parse. */
static int close_uvs(src_face *f, hb_font_t *font, const hb_set_t *cps, hb_blob_t *cmap)
{
    unsigned len;
    const unsigned char *p = (const unsigned char *)hb_blob_get_data(cmap, &len);
    if (len < 4)
        return -1;
    unsigned n = mlps_get_be16(p + 2);
    for (unsigned i = 0; i < n; i++) {
        if (4 + 8 * i + 8 > len)
            return -1;
        uint32_t off = mlps_get_be32(p + 4 + 8 * i + 4);
        if (off > len - 2)
            return -1;
        if (mlps_get_be16(p + off) != 14)
            continue;
        if (off > len - 10)
            return -1;
        uint32_t nrec = mlps_get_be32(p + off + 6);
        if (nrec > (len - off - 10) / 11)
            return -1;
        for (uint32_t r = 0; r < nrec; r++) {
            uint32_t nd = mlps_get_be32(p + off + 10 + 11 * r + 7), m;
            if (!nd)
                continue;
            if (nd > len - off || len - off - nd < 4 ||
                (m = mlps_get_be32(p + off + nd)) > (len - off - nd - 4) / 5)
                return -1;
            const unsigned char *map = p + off + nd + 4;
            for (uint32_t k = 0; k < m; k++) {
                uint32_t cp = (uint32_t)map[5 * k] << 16 | mlps_get_be16(map + 5 * k + 1);
                unsigned g = mlps_get_be16(map + 5 * k + 3);
                hb_codepoint_t ng;
                if (g < f->nglyphs && hb_set_has(cps, cp) &&
                    hb_font_get_nominal_glyph(font, cp, &ng) && close_glyph(f, g, 0) < 0)
                    return -1;
            }
        }
    }
    return 0;
}

static unsigned char *dup_table(hb_blob_t *b, size_t len)
{
    unsigned char *p = malloc(len);
    if (p)
        memcpy(p, hb_blob_get_data(b, NULL), len);
    return p;
}

void mlps_subset_drop_tables(hb_set_t *drop)
{
    static const hb_tag_t tags[] = {
        T('G', 'S', 'U', 'B'), T('G', 'P', 'O', 'S'), T('G', 'D', 'E', 'F'), T('B', 'A', 'S', 'E'),
        T('J', 'S', 'T', 'F'), T('v', 'h', 'e', 'a'), T('v', 'm', 't', 'x'), T('V', 'O', 'R', 'G'),
        T('D', 'S', 'I', 'G'), T('k', 'e', 'r', 'n'),
        /* Not read by PDF consumers for a CIDFontType2 font: glyphs are addressed by id
         * (CIDToGIDMap /Identity), so cmap is unused too (PDF 32000-1 9.9). cmap and post
         * are 2.9 KB deflated on the anchor report, name ~0.5 KB. */
        T('n', 'a', 'm', 'e'), T('g', 'a', 's', 'p'), T('c', 'm', 'a', 'p'), T('p', 'o', 's', 't'),
    };
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
        hb_set_add(drop, tags[i]);
}

enum { B_HEAD, B_HHEA, B_HMTX, B_MAXP, B_OS2, B_GLYF, B_LOCA, B_CMAP, NB };
static const hb_tag_t tags[NB] = {T('h', 'e', 'a', 'd'), T('h', 'h', 'e', 'a'), T('h', 'm', 't', 'x'),
                                  T('m', 'a', 'x', 'p'), T('O', 'S', '/', '2'), T('g', 'l', 'y', 'f'),
                                  T('l', 'o', 'c', 'a'), T('c', 'm', 'a', 'p')};

typedef struct {
    hb_blob_t *src[NB];
    const unsigned char *p[NB]; /* the source tables */
    unsigned len[NB];
    unsigned char *out[NB]; /* ours, malloc'd; NULL: not in the subset */
    size_t out_len[NB];
} tables;

/* 1 when every table hb-subset would keep is one we make, and glyf, loca, head and maxp are
 * among them (hmtx with hhea, OS/2 optional). */
static int ours_to_make(hb_face_t *face, const hb_set_t *drop)
{
    hb_tag_t t[64];
    unsigned n = 64, have = 0;
    if (hb_face_get_table_tags(face, 0, &n, t) > n)
        return 0;
    for (unsigned i = 0; i < n; i++) {
        if (hb_set_has(drop, t[i]))
            continue;
        /* hb-subset 6.0 drops hinting tables under NO_HINTING */
        if (t[i] == T('c', 'v', 't', ' ') || t[i] == T('f', 'p', 'g', 'm') ||
            t[i] == T('p', 'r', 'e', 'p') || t[i] == T('h', 'd', 'm', 'x') ||
            t[i] == T('V', 'D', 'M', 'X'))
            continue;
        /* tables it does not know, seen dropped in our faces */
        if (t[i] == T('B', 'D', 'F', ' ') || t[i] == T('F', 'F', 'T', 'M') ||
            t[i] == T('m', 'e', 't', 'a'))
            continue;
        int k = 0;
        while (k < B_CMAP && tags[k] != t[i])
            k++;
        if (k == B_CMAP)
            return 0;
        have |= 1u << k;
    }
    unsigned need = 1u << B_GLYF | 1u << B_LOCA | 1u << B_HEAD | 1u << B_MAXP;
    return (have & need) == need &&
           !(have & 1u << B_HMTX) == !(have & 1u << B_HHEA);
}

/* glyf, loca and head (its loca format) for the glyphs new2old lists; 0 when glyf would be
 * empty (hb-subset's font file then leaves it out) or too long. */
static int make_glyf(tables *t, const src_face *f, const uint32_t *new2old, unsigned n,
                     unsigned nfirst)
{
    size_t room = 0; /* at most each source glyph and a pad byte */
    for (unsigned i = 1; i < n; i++) {
        unsigned l;
        glyph_bytes(f, new2old[i], &l);
        room += l + 1u;
    }
    uint32_t *glen = malloc(n * sizeof *glen);
    unsigned char *glyf = t->out[B_GLYF] = malloc(room ? room : 1);
    int ok = 0;
    if (!glen || !glyf)
        goto done;
    size_t total = 0, padded = 0;
    glen[0] = 0; /* .notdef's outline goes */
    for (unsigned i = 1; i < n; i++) {
        glen[i] = put_glyph(f, new2old[i], glyf + total, new2old, n, nfirst);
        total += glen[i];
        padded += glen[i] + (glen[i] & 1);
    }
    int short_loca = padded < 0x1FFFF;
    if (short_loca) { /* insert the pads, from the end */
        size_t at = padded, from = total;
        for (unsigned i = n; i-- > 1;) {
            if (glen[i] & 1)
                glyf[--at] = 0;
            at -= glen[i];
            from -= glen[i];
            memmove(glyf + at, glyf + from, glen[i]);
        }
        total = padded;
    }
    t->out_len[B_GLYF] = total;
    t->out_len[B_LOCA] = (size_t)(n + 1) * (short_loca ? 2 : 4);
    unsigned char *loca = t->out[B_LOCA] = malloc(t->out_len[B_LOCA]);
    if (total == 0 || total > 0xFFFFFFFFu || !loca)
        goto done;
    uint32_t off = 0;
    for (unsigned i = 0; i <= n; i++) {
        if (short_loca)
            mlps_put_be16(loca + 2 * i, off / 2);
        else
            mlps_put_be32(loca + 4 * i, off);
        if (i < n)
            off += glen[i] + (short_loca ? (glen[i] & 1) : 0);
    }
    t->out[B_HEAD] = dup_table(t->src[B_HEAD], t->len[B_HEAD]);
    t->out_len[B_HEAD] = t->len[B_HEAD];
    if (t->out[B_HEAD]) {
        mlps_put_be16(t->out[B_HEAD] + 50, !short_loca); /* indexToLocFormat */
        ok = 1;
    }
done:
    free(glen);
    return ok;
}

/* hmtx with trailing equal advances folded into the last long metric, and hhea's count. */
static int make_hmtx(tables *t, unsigned ng, const uint32_t *new2old, unsigned n)
{
    if (t->len[B_HHEA] != 36 || mlps_get_be16(t->p[B_HHEA]) != 1)
        return 0;
    unsigned nhm = mlps_get_be16(t->p[B_HHEA] + 34);
    if (nhm == 0 || nhm > ng || t->len[B_HMTX] < 4 * nhm + 2 * (ng - nhm))
        return 0;
    const unsigned char *m = t->p[B_HMTX];
#define ADV(g) mlps_get_be16(m + 4 * ((g) < nhm ? (g) : nhm - 1))
#define LSB(g) ((g) < nhm ? m + 4 * (g) + 2 : m + 4 * nhm + 2 * ((g) - nhm))
    unsigned nlm = n, last = ADV(new2old[n - 1]);
    while (nlm > 1 && ADV(new2old[nlm - 2]) == last)
        nlm--;
    t->out_len[B_HMTX] = 2 * (size_t)n + 2 * nlm;
    unsigned char *q = t->out[B_HMTX] = malloc(t->out_len[B_HMTX]);
    t->out[B_HHEA] = dup_table(t->src[B_HHEA], 36);
    t->out_len[B_HHEA] = 36;
    if (!q || !t->out[B_HHEA])
        return 0;
    mlps_put_be16(t->out[B_HHEA] + 34, nlm);
    for (unsigned i = 0; i < n; i++) {
        if (i < nlm) {
            mlps_put_be16(q, ADV(new2old[i]));
            q += 2;
        }
        memcpy(q, LSB(new2old[i]), 2);
        q += 2;
    }
#undef ADV
#undef LSB
    return 1;
}

/* OS/2 with the kept code points' first, last and Unicode range bits (only those set before). */
static int make_os2(tables *t, uint32_t first, uint32_t last, const uint32_t bits[4])
{
    static const unsigned sizes[] = {78, 86, 96, 96, 96, 100}; /* by version */
    unsigned v = t->len[B_OS2] >= 2 ? mlps_get_be16(t->p[B_OS2]) : 99;
    if (v > 5 || t->len[B_OS2] != sizes[v])
        return 0;
    unsigned char *os2 = t->out[B_OS2] = dup_table(t->src[B_OS2], t->len[B_OS2]);
    t->out_len[B_OS2] = t->len[B_OS2];
    if (!os2)
        return 0;
    for (unsigned i = 0; i < 4; i++)
        mlps_put_be32(os2 + 42 + 4 * i, mlps_get_be32(os2 + 42 + 4 * i) & bits[i]);
    mlps_put_be16(os2 + 64, first);
    mlps_put_be16(os2 + 66, last);
    return 1;
}

unsigned mlps_subset_simple_only(hb_face_t *face, uint32_t *gids, unsigned n)
{
    hb_blob_t *head = hb_face_reference_table(face, T('h', 'e', 'a', 'd'));
    hb_blob_t *glyf = hb_face_reference_table(face, T('g', 'l', 'y', 'f'));
    hb_blob_t *loca = hb_face_reference_table(face, T('l', 'o', 'c', 'a'));
    unsigned hl, gl, ll, ng = hb_face_get_glyph_count(face), m = 0;
    const unsigned char *h = (const unsigned char *)hb_blob_get_data(head, &hl);
    src_face f = {(const unsigned char *)hb_blob_get_data(glyf, &gl),
                  (const unsigned char *)hb_blob_get_data(loca, &ll), gl, hl >= 54 && h[51], ng,
                  NULL, 0, NULL};
    if (hl >= 54 && ll >= (ng + 1) * (f.long_loca ? 4u : 2u))
        for (unsigned i = 0; i < n; i++) {
            unsigned len;
            const unsigned char *g = gids[i] < ng ? glyph_bytes(&f, gids[i], &len) : NULL;
            if (g && !(len >= 10 && (int16_t)mlps_get_be16(g) < 0))
                gids[m++] = gids[i];
        }
    hb_blob_destroy(head);
    hb_blob_destroy(glyf);
    hb_blob_destroy(loca);
    return m;
}

/* new2old (n gids ascending, .notdef first) reordered as [.notdef][firsts][the rest], in place;
 * 0 when a first is not in new2old or is a composite glyph (whose bytes would depend on
 * where its components land). */
static int put_first(const src_face *f, uint32_t *new2old, unsigned n, const uint32_t *firsts,
                     unsigned nfirst)
{
    if (nfirst >= n)
        return 0;
    uint32_t *rest = malloc(n * sizeof *rest);
    if (!rest)
        return 0;
    unsigned nrest = 0, fi = 0;
    for (unsigned i = 1; i < n; i++) {
        if (fi < nfirst && firsts[fi] == new2old[i]) {
            unsigned len;
            const unsigned char *g = glyph_bytes(f, firsts[fi], &len);
            if (len >= 10 && (int16_t)mlps_get_be16(g) < 0)
                break;
            fi++;
        } else {
            rest[nrest++] = new2old[i];
        }
    }
    int ok = fi == nfirst && nrest + nfirst + 1 == n;
    if (ok) {
        memcpy(new2old + 1, firsts, nfirst * sizeof *firsts);
        memcpy(new2old + 1 + nfirst, rest, nrest * sizeof *rest);
    }
    free(rest);
    return ok;
}

hb_face_t *mlps_subset_glyf(hb_font_t *font, hb_subset_input_t *in, const uint32_t *firsts,
                            unsigned nfirst, const mlps_subset_memo *memo, uint32_t **glyphs,
                            unsigned *nglyphs)
{
    hb_face_t *face = hb_font_get_face(font), *out = NULL;
    tables t = {0};
    src_face f = {0};
    uint32_t *new2old = NULL;
    hb_set_t *cps = hb_subset_input_unicode_set(in);
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (int i = 0; i < NB; i++) {
        t.src[i] = hb_face_reference_table(face, tags[i]);
        t.p[i] = (const unsigned char *)hb_blob_get_data(t.src[i], &t.len[i]);
    }
    const unsigned char *head = t.p[B_HEAD], *maxp = t.p[B_MAXP];
    unsigned ng = hb_face_get_glyph_count(face);
    if (hb_subset_input_get_flags(in) != HB_SUBSET_FLAGS_NO_HINTING ||
        !hb_set_is_empty(hb_subset_input_glyph_set(in)) || !ours_to_make(face, drop) ||
        /* what hb-subset's sanitizer or glyf reader would refuse, it handles itself */
        t.len[B_HEAD] < 54 || mlps_get_be16(head) != 1 || mlps_get_be32(head + 12) != 0x5F0F3CF5u ||
        mlps_get_be16(head + 52) != 0 || mlps_get_be16(head + 50) > 1 || t.len[B_MAXP] < 32 ||
        mlps_get_be32(maxp) != 0x00010000u || ng == 0 || ng > 0xFFFF ||
        t.len[B_LOCA] < (ng + 1) * (mlps_get_be16(head + 50) ? 4u : 2u))
        goto done;
    f = (src_face){t.p[B_GLYF], t.p[B_LOCA], t.len[B_GLYF], mlps_get_be16(head + 50), ng, NULL, 0,
                   memo ? memo->ends : NULL};
    f.keep = calloc((ng + 63) / 64, sizeof *f.keep);
    if (!f.keep || close_glyph(&f, 0, 0) < 0)
        goto done;
    uint32_t first = 0xFFFF, last = 0xFFFF, bits[4] = {0};
    size_t block = 0;
    for (hb_codepoint_t cp = HB_SET_VALUE_INVALID; hb_set_next(cps, &cp);) {
        hb_codepoint_t g;
        if (!mlps_subset_nominal(font, memo, cp, &g))
            continue; /* hb-subset drops code points without a glyph */
        if (first == 0xFFFF)
            first = cp < 0xFFFF ? cp : 0xFFFF;
        last = cp < 0xFFFF ? cp : 0xFFFF;
        int bit = range_bit(cp, &block);
        if (bit >= 0)
            bits[bit / 32] |= 1u << (bit % 32);
        if (cp >= 0x10000 && cp <= 0x110000)
            bits[1] |= 1u << 25;
        if (g >= ng || close_glyph(&f, g, 0) < 0)
            goto done;
    }
    if (close_uvs(&f, font, cps, t.src[B_CMAP]) < 0 ||
        !(new2old = malloc(f.nkeep * sizeof *new2old)))
        goto done;
    unsigned n = 0;
    for (unsigned w = 0; w < (ng + 63) / 64; w++)
        for (uint64_t b = f.keep[w]; b; b &= b - 1)
            new2old[n++] = w * 64 + (unsigned)__builtin_ctzll(b);
    if ((nfirst && !put_first(&f, new2old, n, firsts, nfirst)) ||
        !make_glyf(&t, &f, new2old, n, nfirst) || !(t.out[B_MAXP] = dup_table(t.src[B_MAXP], 32)) ||
        (!hb_set_has(drop, tags[B_HMTX]) && !make_hmtx(&t, ng, new2old, n)) ||
        (!hb_set_has(drop, tags[B_OS2]) && t.len[B_OS2] && !make_os2(&t, first, last, bits)))
        goto done;
    t.out_len[B_MAXP] = 32; /* version 1.0, without what follows */
    mlps_put_be16(t.out[B_MAXP] + 4, n);
    static const unsigned maxp_hint[] = {1, 0, 0, 0, 0, 0, 0}; /* maxZones .. maxSizeOfInstructions */
    for (unsigned i = 0; i < 7; i++)
        mlps_put_be16(t.out[B_MAXP] + 14 + 2 * i, maxp_hint[i]);

    out = hb_face_builder_create();
    for (int i = 0; i < NB; i++) {
        if (!t.out[i])
            continue;
        hb_blob_t *b = hb_blob_create((const char *)t.out[i], (unsigned)t.out_len[i],
                                      HB_MEMORY_MODE_WRITABLE, t.out[i], free);
        t.out[i] = NULL; /* the blob's now, even when it could not be made */
        hb_face_builder_add_table(out, tags[i], b);
        hb_blob_destroy(b);
    }
    *glyphs = new2old;
    *nglyphs = n;
    new2old = NULL;
done:
    free(f.keep);
    free(new2old);
    for (int i = 0; i < NB; i++) {
        free(t.out[i]);
        hb_blob_destroy(t.src[i]);
    }
    return out;
}
