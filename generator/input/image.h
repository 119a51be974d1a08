/* Images (topology figures, doc XML <image>) read by the project, never by libharu's
 * decoders: the path is confined to its folder, only a regular file of bounded size is read,
 * and PNG/JPEG structure, dimensions and sizes are validated before the PDF layer embeds the
 * data as it is (PNG: IDAT as /FlateDecode with the PNG predictor; JPEG: /DCTDecode).
 * Only PNGs with transparency (alpha or tRNS) or interlacing are decoded (libpng, row by row,
 * within the same limits): 8-bit colour samples plus a separate alpha plane, both deflated. */
#ifndef MLPS_IMAGE_H
#define MLPS_IMAGE_H
#include <stddef.h>

#define MLPS_IMAGE_WHY 256 /* room for a reason, Chinese, UTF-8 */

/* PIXELS: data is a zlib stream of 8-bit samples, no predictor (a decoded PNG) */
typedef enum { MLPS_IMAGE_PNG = 1, MLPS_IMAGE_JPEG = 2, MLPS_IMAGE_PIXELS = 3 } mlps_image_kind;

typedef struct mlps_image_data {
    mlps_image_kind kind;
    unsigned width, height;
    int bits;              /* bits per component */
    int colors;            /* components per pixel in the data: 1 or 3 (1 when indexed) */
    int palette_n;         /* > 0: indexed; palette holds palette_n RGB triples */
    unsigned char palette[768];
    unsigned char *data;   /* PNG: the IDAT data joined (one zlib stream); JPEG: the file */
    size_t len;
    unsigned char *alpha;  /* PIXELS only, or NULL: zlib stream of 8-bit alpha, width×height */
    size_t alpha_len;
} mlps_image_data;

/* src resolved against base_dir ("" = the current folder), symlinks followed; it must end up
 * inside base_dir. 0 and *real (caller frees) on success; otherwise -1 and why says: the same
 * words for every path that leaves the folder (absolute, "..", a symlink out), whether or not
 * the file exists; a plain name missing inside it, with the folder, a name differing only in
 * letter case, or a "\" for "/" are named as such. */
int mlps_image_resolve(const char *base_dir, const char *src, char **real, char why[MLPS_IMAGE_WHY]);
/* The same, with the folder named in the message (folder_name, e.g. "模板文件夹"). */
int mlps_image_resolve_in(const char *base_dir, const char *folder_name, const char *src,
                          char **real, char why[MLPS_IMAGE_WHY]);
#define MLPS_TEMPLATE_FOLDER_NAME "模板文件夹"

/* Reads a regular file (no FIFOs, devices or symlinks; at most MLPS_MAX_IMAGE_BYTES) and
 * validates it. 0 and *out (free with mlps_image_free) on success; -1 and why otherwise. */
int mlps_image_load(const char *path, mlps_image_data *out, char why[MLPS_IMAGE_WHY]);

/* Validates bytes as PNG or JPEG and fills out (data copied). 0, or -1 and why. */
int mlps_image_parse(const unsigned char *buf, size_t len, mlps_image_data *out, char why[MLPS_IMAGE_WHY]);

void mlps_image_free(mlps_image_data *img);

#endif
