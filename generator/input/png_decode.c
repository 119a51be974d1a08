#include "png_decode.h"

#include <libdeflate.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlps_limits.h"

/* the level of the PDF's content streams (pdf.c) */
#define PNG_DEFLATE_LEVEL 6

/* Everything libpng's longjmp could skip past lives here, on the heap, so the one cleanup path
 * after setjmp frees it whatever row the error came from. */
typedef struct {
    const unsigned char *b;
    size_t len, pos;
    png_structp png;
    png_infop info;
    unsigned char *rows;  /* interlaced: the whole image (passes fill it in); else one row */
    unsigned char *color, *alpha;
    unsigned char *zcolor, *zalpha;
    struct libdeflate_compressor *zc;
    const char *msg; /* why, when the decode fails */
    int rc;
} decode_ctx;

static void on_error(png_structp png, png_const_charp msg)
{
    (void)msg; /* English; the caller gives one Chinese message */
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

static void on_read(png_structp png, png_bytep dst, size_t n)
{
    decode_ctx *c = png_get_io_ptr(png);
    if (n > c->len - c->pos)
        png_error(png, "read past end");
    memcpy(dst, c->b + c->pos, n);
    c->pos += n;
}

/* one interleaved row → colour samples and alpha */
static void split_row(const unsigned char *row, size_t w, int nc, int has_alpha, unsigned char *color,
                      unsigned char *alpha)
{
    if (!has_alpha) {
        memcpy(color, row, w * (size_t)nc);
        return;
    }
    for (size_t x = 0; x < w; x++) {
        memcpy(color + x * (size_t)nc, row + x * (size_t)(nc + 1), (size_t)nc);
        alpha[x] = row[x * (size_t)(nc + 1) + (size_t)nc];
    }
}

static unsigned char *deflate_plane(decode_ctx *c, const unsigned char *p, size_t n, size_t *zlen)
{
    size_t cap = libdeflate_zlib_compress_bound(c->zc, n);
    unsigned char *z = malloc(cap);
    if (z && !(*zlen = libdeflate_zlib_compress(c->zc, p, n, z, cap))) {
        free(z);
        z = NULL;
    }
    return z;
}

int mlps_png_decode(const unsigned char *png, size_t len, mlps_image_data *out, char why[MLPS_IMAGE_WHY])
{
    decode_ctx *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(why, MLPS_IMAGE_WHY, "无法解码（内存不足）");
        return -1;
    }
    c->b = png;
    c->len = len;
    c->rc = -1;
    c->msg = "已损坏：PNG 图像数据无法解码";
    c->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, c, on_error, on_warning);
    c->info = c->png ? png_create_info_struct(c->png) : NULL;
    c->zc = libdeflate_alloc_compressor(PNG_DEFLATE_LEVEL);
    if (!c->png || !c->info || !c->zc) {
        c->msg = "无法解码（内存不足）";
        goto done;
    }
    if (setjmp(png_jmpbuf(c->png)))
        goto done;
    png_set_user_limits(c->png, MLPS_MAX_IMAGE_SIDE, MLPS_MAX_IMAGE_SIDE);
    png_set_chunk_malloc_max(c->png, MLPS_MAX_IMAGE_BYTES);
    png_set_benign_errors(c->png, 1);
    png_set_read_fn(c->png, c, on_read);
    png_read_info(c->png, c->info);
    png_uint_32 w = png_get_image_width(c->png, c->info), h = png_get_image_height(c->png, c->info);
    int ct = png_get_color_type(c->png, c->info);
    if ((size_t)w * h > MLPS_MAX_IMAGE_PIXELS)
        goto done; /* image.c refused these already */
    if (ct == PNG_COLOR_TYPE_PALETTE)
        png_set_palette_to_rgb(c->png); /* with tRNS: RGBA */
    if (ct == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(c->png, c->info) < 8)
        png_set_expand_gray_1_2_4_to_8(c->png);
    if (png_get_valid(c->png, c->info, PNG_INFO_tRNS))
        png_set_tRNS_to_alpha(c->png);
    png_set_strip_16(c->png);
    int passes = png_set_interlace_handling(c->png);
    png_read_update_info(c->png, c->info);
    int chans = png_get_channels(c->png, c->info);
    int has_alpha = chans == 2 || chans == 4, nc = has_alpha ? chans - 1 : chans;
    size_t rb = png_get_rowbytes(c->png, c->info);
    if (png_get_bit_depth(c->png, c->info) != 8 || rb != (size_t)w * (size_t)chans)
        goto done;
    c->rows = malloc(passes > 1 ? rb * h : rb);
    c->color = malloc((size_t)w * h * (size_t)nc);
    c->alpha = has_alpha ? malloc((size_t)w * h) : NULL;
    if (!c->rows || !c->color || (has_alpha && !c->alpha)) {
        c->msg = "无法解码（内存不足）";
        goto done;
    }
    for (int p = 0; p < passes; p++)
        for (png_uint_32 y = 0; y < h; y++) {
            unsigned char *row = passes > 1 ? c->rows + rb * y : c->rows;
            png_read_row(c->png, row, NULL);
            if (passes == 1)
                split_row(row, w, nc, has_alpha, c->color + (size_t)w * nc * y,
                          has_alpha ? c->alpha + (size_t)w * y : NULL);
        }
    if (passes > 1)
        for (png_uint_32 y = 0; y < h; y++)
            split_row(c->rows + rb * y, w, nc, has_alpha, c->color + (size_t)w * nc * y,
                      has_alpha ? c->alpha + (size_t)w * y : NULL);
    size_t zclen = 0, zalen = 0;
    c->zcolor = deflate_plane(c, c->color, (size_t)w * h * (size_t)nc, &zclen);
    if (has_alpha)
        c->zalpha = deflate_plane(c, c->alpha, (size_t)w * h, &zalen);
    if (!c->zcolor || (has_alpha && !c->zalpha)) {
        c->msg = "无法解码（内存不足）";
        goto done;
    }
    out->kind = MLPS_IMAGE_PIXELS;
    out->width = w;
    out->height = h;
    out->bits = 8;
    out->colors = nc;
    out->palette_n = 0;
    out->data = c->zcolor;
    out->len = zclen;
    out->alpha = c->zalpha;
    out->alpha_len = zalen;
    c->zcolor = c->zalpha = NULL;
    c->rc = 0;
done:
    if (c->rc)
        snprintf(why, MLPS_IMAGE_WHY, "%s", c->msg);
    png_destroy_read_struct(c->png ? &c->png : NULL, c->info ? &c->info : NULL, NULL);
    libdeflate_free_compressor(c->zc);
    free(c->rows);
    free(c->color);
    free(c->alpha);
    free(c->zcolor);
    free(c->zalpha);
    int rc = c->rc;
    free(c);
    return rc;
}
