/* PNG image data validation (image.c): the same verdict and message as the plain zlib check it
 * replaced (zlib inflate with its own Adler-32, kept here as the reference) on valid streams
 * and on thousands of damaged ones: flipped bits, cuts, extra bytes, wrong checksums, bad
 * filter bytes, too many and too few rows, fixed, dynamic and stored blocks; and a stream that
 * libdeflate 1.14 would accept but zlib refuses is still refused. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "harness.h"
#include "image.h"

#define WHY_DATA "已损坏：PNG 图像数据无法解压"

/* The check before the Adler-32 moved to libdeflate: the reference verdict. */
static int ref_data_ok(const unsigned char *z, size_t zlen, size_t rowbytes, unsigned long rows, char *why)
{
    z_stream s;
    static unsigned char out[65536];
    uint64_t want = (uint64_t)(rowbytes + 1) * rows, got = 0;
    size_t col = 0;
    int rc = -1, zr;
    memset(&s, 0, sizeof s);
    if (inflateInit(&s) != Z_OK)
        return snprintf(why, MLPS_IMAGE_WHY, "无法检查（内存不足）"), -1;
    s.next_in = (unsigned char *)z;
    s.avail_in = (uInt)zlen;
    do {
        s.next_out = out;
        s.avail_out = sizeof out;
        zr = inflate(&s, Z_NO_FLUSH);
        if (zr != Z_OK && zr != Z_STREAM_END) {
            snprintf(why, MLPS_IMAGE_WHY, WHY_DATA);
            goto done;
        }
        size_t n = sizeof out - s.avail_out;
        for (size_t i = 0; i < n;) {
            if (col == 0 && got < want && out[i] > 4) {
                snprintf(why, MLPS_IMAGE_WHY, "已损坏：PNG 第 %lu 行的过滤类型 %u 无效",
                         (unsigned long)(got / (rowbytes + 1)) + 1, out[i]);
                goto done;
            }
            size_t step = rowbytes + 1 - col < n - i ? rowbytes + 1 - col : n - i;
            i += step;
            got += step;
            col = (col + step) % (rowbytes + 1);
        }
        if (got > want) {
            snprintf(why, MLPS_IMAGE_WHY, "已损坏：PNG 图像数据多于 IHDR 声明的尺寸");
            goto done;
        }
        if (zr == Z_OK && n == 0 && s.avail_in == 0)
            break;
    } while (zr != Z_STREAM_END);
    if (zr != Z_STREAM_END || got != want) {
        snprintf(why, MLPS_IMAGE_WHY, "已损坏或被截断：PNG 图像数据不完整");
        goto done;
    }
    rc = 0;
done:
    inflateEnd(&s);
    return rc;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16), p[2] = (unsigned char)(v >> 8),
    p[3] = (unsigned char)v;
}

static size_t put_chunk(unsigned char *p, const char *type, const unsigned char *body, size_t n)
{
    put32(p, (uint32_t)n);
    memcpy(p + 4, type, 4);
    if (n)
        memcpy(p + 8, body, n);
    put32(p + 8 + n, (uint32_t)crc32(0, p + 4, (uInt)n + 4));
    return 12 + n;
}

/* A w×h PNG of colour type ct (0 gray, 2 RGB), 8 bits, whose IDAT is z as given. */
static unsigned char *png_of(unsigned w, unsigned h, int ct, const unsigned char *z, size_t zlen, size_t *len)
{
    unsigned char *b = malloc(zlen + 64), ihdr[13] = {0};
    put32(ihdr, w);
    put32(ihdr + 4, h);
    ihdr[8] = 8;
    ihdr[9] = (unsigned char)ct;
    memcpy(b, "\x89PNG\r\n\x1a\n", 8);
    size_t at = 8;
    at += put_chunk(b + at, "IHDR", ihdr, 13);
    at += put_chunk(b + at, "IDAT", z, zlen);
    at += put_chunk(b + at, "IEND", NULL, 0);
    *len = at;
    return b;
}

static int cases, same;

/* One stream: image.c and the reference give the same verdict and message. */
static void compare(unsigned w, unsigned h, int ct, const unsigned char *z, size_t zlen, const char *what)
{
    size_t len;
    unsigned char *png = png_of(w, h, ct, z, zlen, &len);
    char why[MLPS_IMAGE_WHY] = "", ref[MLPS_IMAGE_WHY] = "";
    mlps_image_data im;
    int rc = mlps_image_parse(png, len, &im, why);
    int want = ref_data_ok(z, zlen, (size_t)w * (ct == 2 ? 3 : 1), h, ref);
    cases++;
    if (rc == want && (rc == 0 || !strcmp(why, ref)))
        same++;
    else
        CHECK(0, "%s: got %d \"%s\", want %d \"%s\"", what, rc, rc ? why : "", want, want ? ref : "");
    if (rc == 0)
        mlps_image_free(&im);
    free(png);
}

static uint32_t rng = 12345;
static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

/* Raw rows: flat areas with noise (long matches and literals, as a diagram has), filter
 * bytes 0–4, or bad at row bad_row (1-based; 0: none). */
static unsigned char *raw_rows(size_t rowbytes, unsigned rows, unsigned bad_row, size_t *len)
{
    *len = (rowbytes + 1) * rows;
    unsigned char *r = malloc(*len);
    for (unsigned y = 0; y < rows; y++) {
        unsigned char *p = r + (size_t)y * (rowbytes + 1);
        p[0] = y + 1 == bad_row ? (unsigned char)(5 + next() % 251) : (unsigned char)(next() % 5);
        for (size_t x = 0; x < rowbytes; x++)
            p[1 + x] = (x / 37 + y / 23) % 3 == 0 ? (unsigned char)next() : (unsigned char)(y / 50);
    }
    return r;
}

static unsigned char *deflated(const unsigned char *raw, size_t len, int level, int strategy, size_t *zlen)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    deflateInit2(&s, level, Z_DEFLATED, 15, 8, strategy);
    size_t cap = deflateBound(&s, len) + 16;
    unsigned char *z = malloc(cap);
    s.next_in = (unsigned char *)raw;
    s.avail_in = (uInt)len;
    s.next_out = z;
    s.avail_out = (uInt)cap;
    deflate(&s, Z_FINISH);
    *zlen = cap - s.avail_out;
    deflateEnd(&s);
    return z;
}

/* LSB-first bit writer for a hand-made deflate stream. */
typedef struct {
    unsigned char b[64];
    size_t n;
    int bits;
} bitw;

static void bits(bitw *w, unsigned v, int count)
{
    for (int i = 0; i < count; i++) {
        if (w->bits == 0)
            w->b[w->n++] = 0;
        w->b[w->n - 1] |= (unsigned char)(((v >> i) & 1) << w->bits);
        w->bits = (w->bits + 1) % 8;
    }
}

static void huff(bitw *w, unsigned code, int count) /* Huffman codes go most significant bit first */
{
    for (int i = count - 1; i >= 0; i--)
        bits(w, (code >> i) & 1, 1);
}

/* The deflate bits in w as a zlib stream into out, for data of nzeros zero bytes (at most 260):
 * header, the bits, the Adler-32. Its length. */
static size_t zlib_of(const bitw *w, size_t nzeros, unsigned char *out)
{
    unsigned char zeros[260] = {0};
    out[0] = 0x78, out[1] = 0x01;
    memcpy(out + 2, w->b, w->n);
    put32(out + 2 + w->n, (uint32_t)adler32(1, zeros, (uInt)nzeros));
    return 2 + w->n + 4;
}

/* 260 zero bytes (one row of a 259-pixel gray image) as one fixed-Huffman block: a literal,
 * a 258-byte match at distance 1 written with length code len_sym (285, or 286, which zlib
 * refuses and libdeflate 1.14 reads as 258) and distance code dist_sym (0; 1 or more reach
 * before the first byte; 30 and 31 do not exist), a literal, the end. */
static size_t fixed_stream(unsigned len_sym, unsigned dist_sym, unsigned char *out)
{
    bitw w = {{0}, 0, 0};
    bits(&w, 1, 1); /* BFINAL */
    bits(&w, 1, 2); /* BTYPE fixed */
    huff(&w, 0x30, 8); /* literal 0 */
    huff(&w, 0xC0 + (len_sym - 280), 8);
    huff(&w, dist_sym, 5);
    if (dist_sym >= 4)
        bits(&w, 0, (int)(dist_sym - 2) / 2); /* its extra bits */
    huff(&w, 0x30, 8);
    huff(&w, 0, 7); /* end of block */
    return zlib_of(&w, 260, out);
}

/* A dynamic-Huffman block header with hlit length codes and hdist distance codes (zlib
 * refuses more than 286 and 30), each code's length sent as such: literal 0 and the end of
 * block 1 bit each, the first distance code 1 bit; then literal 0 three times (a row of a
 * 2-pixel gray image) and the end. */
static size_t dynamic_stream(unsigned hlit, unsigned hdist, unsigned char *out)
{
    static const int order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    bitw w = {{0}, 0, 0};
    bits(&w, 1, 1);
    bits(&w, 2, 2); /* BTYPE dynamic */
    bits(&w, hlit - 257, 5);
    bits(&w, hdist - 1, 5);
    bits(&w, 19 - 4, 4);
    for (int i = 0; i < 19; i++) /* code length code: lengths 0 and 1 only, one bit each */
        bits(&w, order[i] == 0 || order[i] == 1 ? 1 : 0, 3);
    for (unsigned i = 0; i < hlit + hdist; i++)
        huff(&w, i == 0 || i == 256 || i == hlit, 1); /* 0 → code "0", 1 → code "1" */
    for (int i = 0; i < 3; i++)
        huff(&w, 0, 1); /* literal 0 (code 0) */
    huff(&w, 1, 1); /* end of block */
    return zlib_of(&w, 3, out);
}

int main(void)
{
    static const struct {
        unsigned w, h;
        int ct;
    } dims[] = {{640, 400, 2}, {300, 200, 0}, {7, 5, 2}, {1, 1, 0}, {20000, 2, 2}};
    static const struct {
        int level, strategy;
    } modes[] = {{6, Z_DEFAULT_STRATEGY}, {9, Z_FIXED}, {1, Z_HUFFMAN_ONLY}, {0, Z_DEFAULT_STRATEGY},
                 {6, Z_RLE}};
    for (size_t di = 0; di < sizeof dims / sizeof *dims; di++)
        for (size_t mi = 0; mi < sizeof modes / sizeof *modes; mi++) {
            unsigned w = dims[di].w, h = dims[di].h;
            int ct = dims[di].ct;
            size_t rowbytes = (size_t)w * (ct == 2 ? 3 : 1), rlen, zlen;
            char what[96];
            /* the image as it is, then with a bad filter byte on a row, a row more, a row less */
            for (int k = 0; k < 4; k++) {
                unsigned rows = k == 2 ? h + 1 : k == 3 ? h - 1 : h;
                unsigned char *raw = raw_rows(rowbytes, rows ? rows : 1, k == 1 ? 1 + next() % h : 0, &rlen);
                if (k == 3 && h == 1)
                    rlen = 0; /* no rows at all */
                unsigned char *z = deflated(raw, rlen, modes[mi].level, modes[mi].strategy, &zlen);
                snprintf(what, sizeof what, "%ux%u ct %d mode %zu variant %d", w, h, ct, mi, k);
                compare(w, h, ct, z, zlen, what);
                if (k == 0) {
                    /* damaged copies of the good stream */
                    unsigned char *m = malloc(zlen + 64);
                    for (int t = 0; t < 120; t++) {
                        memcpy(m, z, zlen);
                        size_t mlen = zlen;
                        int kind = t % 6;
                        if (kind <= 1) { /* flip 1–3 bits anywhere (header, blocks, trailer) */
                            for (int f = 0; f <= (int)(next() % 3); f++)
                                m[next() % mlen] ^= (unsigned char)(1u << (next() % 8));
                        } else if (kind == 2) { /* cut short */
                            mlen = next() % zlen;
                        } else if (kind == 3) { /* bytes after the stream */
                            for (int e = 0; e < 1 + (int)(next() % 40); e++)
                                m[mlen++] = (unsigned char)next();
                        } else if (kind == 4) { /* the Adler-32 changed */
                            m[zlen - 1 - next() % 4] ^= (unsigned char)(1 + next() % 255);
                        } else { /* a flipped byte near the end: the last piece's rows */
                            m[zlen - 1 - next() % (zlen < 40 ? zlen : 40)] ^= (unsigned char)(1 + next() % 255);
                        }
                        if (mlen == 0)
                            mlen = 1;
                        snprintf(what, sizeof what, "%ux%u ct %d mode %zu damage %d", w, h, ct, mi, t);
                        compare(w, h, ct, m, mlen, what);
                    }
                    free(m);
                }
                free(z);
                free(raw);
            }
        }
    CHECK(cases > 3000 && same == cases, "%d of %d streams judged as zlib judges them", same, cases);

    /* hand-made streams at the edges of the format, judged as zlib judges them: codes that
     * do not exist, a match before the first byte, too many codes in a header, the zlib header's
     * fields (ISA-L, which decodes, takes a window size field of 8) */
    unsigned char z[64];
    size_t zlen;
    for (unsigned d = 0; d < 32; d++) {
        char what[64];
        snprintf(what, sizeof what, "fixed block, distance code %u", d);
        compare(259, 1, 0, z, fixed_stream(285, d, z), what);
    }
    compare(2, 1, 0, z, dynamic_stream(286, 30, z), "dynamic block, 286 and 30 codes");
    compare(2, 1, 0, z, dynamic_stream(287, 30, z), "dynamic block, 287 length codes");
    compare(2, 1, 0, z, dynamic_stream(288, 30, z), "dynamic block, 288 length codes");
    compare(2, 1, 0, z, dynamic_stream(286, 31, z), "dynamic block, 31 distance codes");
    compare(2, 1, 0, z, dynamic_stream(286, 32, z), "dynamic block, 32 distance codes");
    static const unsigned char headers[][2] = {{0x78, 0x9C}, {0x88, 0x1C}, {0x77, 0x85}, {0x78, 0x9D},
                                               {0x78, 0xBB}, {0x08, 0x1D}};
    for (size_t i = 0; i < sizeof headers / sizeof *headers; i++) {
        char what[64];
        zlen = fixed_stream(285, 0, z);
        z[0] = headers[i][0], z[1] = headers[i][1];
        snprintf(what, sizeof what, "zlib header %02X %02X", z[0], z[1]);
        compare(259, 1, 0, z, zlen, what);
    }
    CHECK(same == cases, "%d of %d edge streams judged as zlib judges them", same, cases);
    size_t len;
    char why[MLPS_IMAGE_WHY];
    mlps_image_data im;
    unsigned char *png;
    /* a window size field of 8 (ISA-L would decode it): refused */
    zlen = fixed_stream(285, 0, z);
    z[0] = 0x88, z[1] = 0x1C;
    png = png_of(259, 1, 0, z, zlen, &len);
    CHECK_INT(mlps_image_parse(png, len, &im, why), -1);
    CHECK_STR(why, WHY_DATA);
    free(png);

    /* libdeflate 1.14 takes length code 286 as 258; zlib refuses it, and so does the check */
    zlen = fixed_stream(285, 0, z);
    compare(259, 1, 0, z, zlen, "fixed block, length code 285");
    png = png_of(259, 1, 0, z, zlen, &len);
    CHECK_INT(mlps_image_parse(png, len, &im, why), 0);
    mlps_image_free(&im);
    free(png);
    zlen = fixed_stream(286, 0, z);
    png = png_of(259, 1, 0, z, zlen, &len);
    CHECK_INT(mlps_image_parse(png, len, &im, why), -1);
    CHECK_STR(why, WHY_DATA);
    free(png);
    TEST_DONE();
}
