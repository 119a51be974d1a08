/* Decodes the PNGs that cannot be embedded as they are (alpha channel, tRNS, interlaced) with
 * libpng: 8-bit colour samples (grey or RGB) and, when the image has transparency, a separate
 * 8-bit alpha plane, each deflated with libdeflate for the PDF layer. */
#ifndef MLPS_PNG_DECODE_H
#define MLPS_PNG_DECODE_H
#include <stddef.h>

#include "image.h"

/* png/len: a whole PNG file whose chunks, CRCs, IHDR and dimensions image.c has validated.
 * Fills out->width/height/bits/colors, kind = MLPS_IMAGE_PIXELS, data and alpha (NULL when
 * opaque). 0, or -1 and why (out untouched). */
int mlps_png_decode(const unsigned char *png, size_t len, mlps_image_data *out, char why[MLPS_IMAGE_WHY]);

#endif
