#include "image.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <isa-l/igzip_lib.h>
#include <libdeflate.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"
#include "mlps_limits.h"
#include "readall.h"
#include "png_decode.h"

static int fail(char why[MLPS_IMAGE_WHY], const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(char why[MLPS_IMAGE_WHY], const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, MLPS_IMAGE_WHY, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- confinement ---- */

#define UNREACHABLE_IN "不存在、无法读取，或不在允许的目录（%s）之内：不能用绝对路径、“..”或指向目录外的符号链接"
#define DATA_FOLDER "数据文件或文档所在的目录"
#define UNREACHABLE UNREACHABLE_IN, DATA_FOLDER

int mlps_image_resolve(const char *base_dir, const char *src, char **real, char why[MLPS_IMAGE_WHY])
{
    return mlps_image_resolve_in(base_dir, DATA_FOLDER, src, real, why);
}

/* 1 when src is absolute or has a ".." component: refused with the confinement message
 * whether or not the file exists (nothing is said about files outside the folder). */
static int leaves_folder(const char *src)
{
    if (src[0] == '/')
        return 1;
    for (const char *p = src; (p = strstr(p, "..")) != NULL; p += 2)
        if ((p == src || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
            return 1;
    return 0;
}

/* An entry of dir whose name differs from name in letter case only, or NULL (caller frees). */
static char *case_twin(const char *dir, const char *name)
{
    DIR *d = opendir(dir);
    char *hit = NULL;
    struct dirent *e;
    for (int n = 0; d && !hit && n < MLPS_MAX_IMAGE_NAME_SCAN && (e = readdir(d)) != NULL; n++)
        if (!strcasecmp(e->d_name, name) && strcmp(e->d_name, name))
            hit = mlps_xstrdup(e->d_name);
    if (d)
        closedir(d);
    return hit;
}

/* src did not resolve: why, as precisely as can be said without telling anything about
 * files outside base (a plain name missing inside it, a case slip, a Windows "\"). */
static void unresolved(const char *base, const char *folder_name, const char *src, const char *cand,
                       char why[MLPS_IMAGE_WHY])
{
    struct stat st;
    char *parent = NULL, *twin = NULL;
    if (strchr(src, '\\')) {
        mlps_buf fixed = MLPS_BUF_INIT;
        for (const char *p = src; *p; p++)
            mlps_buf_putc(&fixed, *p == '\\' ? '/' : *p);
        fail(why, "的路径请用“/”分隔，不能用“\\”（应写作“%s”）", fixed.ptr);
        mlps_buf_free(&fixed);
        return;
    }
    if (leaves_folder(src) || lstat(cand, &st) == 0 || errno != ENOENT) {
        fail(why, UNREACHABLE_IN, folder_name);
        return;
    }
    const char *slash = strrchr(cand, '/'); /* cand is base/src: there is one */
    char *dir = mlps_xstrndup(cand, (size_t)(slash - cand));
    parent = realpath(dir, NULL);
    size_t n = strlen(base);
    if (!parent || strncmp(parent, base, n) != 0 || (parent[n] && parent[n] != '/' && n > 1))
        fail(why, UNREACHABLE_IN, folder_name);
    else if ((twin = case_twin(parent, slash + 1)) != NULL)
        fail(why, "不存在（在 %s 中查找）；那里有“%.*s%s”：文件名的大小写须一致", parent,
             (int)(strrchr(src, '/') ? strrchr(src, '/') - src + 1 : 0), src, twin);
    else
        fail(why, "不存在（在 %s 中查找）", parent);
    free(dir);
    free(parent);
    free(twin);
}

int mlps_image_resolve_in(const char *base_dir, const char *folder_name, const char *src,
                          char **real, char why[MLPS_IMAGE_WHY])
{
    int rc = -1;
    char *base = realpath(base_dir && *base_dir ? base_dir : ".", NULL);
    char *r = NULL;
    mlps_buf cand = MLPS_BUF_INIT;
    *real = NULL;
    if (!base || !src || !*src) {
        fail(why, UNREACHABLE_IN, folder_name);
        goto done;
    }
    if (src[0] != '/')
        mlps_buf_printf(&cand, "%s/", base);
    mlps_buf_puts(&cand, src);
    r = realpath(cand.ptr, NULL);
    size_t n = strlen(base);
    if (!r) {
        unresolved(base, folder_name, src, cand.ptr, why);
        goto done;
    }
    if (strncmp(r, base, n) != 0 || (r[n] != '/' && !(n == 1 && base[0] == '/'))) {
        fail(why, UNREACHABLE_IN, folder_name);
        goto done;
    }
    *real = r;
    r = NULL;
    rc = 0;
done:
    free(base);
    free(r);
    mlps_buf_free(&cand);
    return rc;
}

/* ---- PNG ---- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int dims_ok(unsigned long w, unsigned long h, char why[MLPS_IMAGE_WHY])
{
    if (w == 0 || h == 0)
        return fail(why, "的像素尺寸为 0");
    if (w > MLPS_MAX_IMAGE_SIDE || h > MLPS_MAX_IMAGE_SIDE || w * h > MLPS_MAX_IMAGE_PIXELS)
        return fail(why, "过大（%lu×%lu 像素；上限：边长 %d 像素，共 %lu 像素）", w, h, MLPS_MAX_IMAGE_SIDE,
                    MLPS_MAX_IMAGE_PIXELS);
    return 0;
}

/* Inflates the joined IDAT data in small pieces (constant memory) and checks that it holds
 * exactly one filter byte and one row per line: a truncated or corrupt stream is refused
 * here rather than drawn wrong by a PDF reader.
 * ISA-L decodes, at about five times zlib's speed on topology diagrams (this check was a
 * twentieth of a batch's CPU), and checks the Adler-32. Its verdicts are zlib's on damaged
 * streams (tests/test_png.c) but for one kind: a Huffman code left incomplete, which zlib
 * refuses at the block header and ISA-L refuses only if a missing code is read; such a stream
 * still decodes to one sequence of bytes. The zlib header is checked here as zlib does (ISA-L
 * takes a window size field of 8). */
static int png_data_ok(const unsigned char *z, size_t zlen, size_t rowbytes, unsigned long rows,
                       char why[MLPS_IMAGE_WHY])
{
    unsigned char out[65536];
    uint64_t want = (uint64_t)(rowbytes + 1) * rows, got = 0;
    size_t col = 0; /* got % (rowbytes + 1), kept without a division per byte */
    int rc = -1;
    if (zlen < 2 || (z[0] & 0x0F) != 8 || (z[0] >> 4) > 7 || (z[0] << 8 | z[1]) % 31 != 0 ||
        (z[1] & 0x20))
        return zlen < 2 ? fail(why, "已损坏或被截断：PNG 图像数据不完整")
                        : fail(why, "已损坏：PNG 图像数据无法解压");
    struct inflate_state *s = malloc(sizeof *s);
    if (!s)
        return fail(why, "无法检查（内存不足）");
    isal_inflate_init(s);
    s->crc_flag = ISAL_ZLIB;
    s->next_in = (uint8_t *)z;
    s->avail_in = zlen > UINT32_MAX ? UINT32_MAX : (uint32_t)zlen;
    for (;;) {
        s->next_out = out;
        s->avail_out = sizeof out;
        uint32_t in_before = s->avail_in;
        int zr = isal_inflate(s);
        size_t n = sizeof out - s->avail_out;
        /* a call that can make no progress is zlib's Z_BUF_ERROR: a cut stream, said so */
        if (zr != ISAL_DECOMP_OK ||
            (n == 0 && s->avail_in == in_before && s->block_state != ISAL_BLOCK_FINISH)) {
            fail(why, "已损坏：PNG 图像数据无法解压");
            goto done;
        }
        for (size_t i = 0; i < n;) {
            if (col == 0 && got < want && out[i] > 4) {
                fail(why, "已损坏：PNG 第 %lu 行的过滤类型 %u 无效", (unsigned long)(got / (rowbytes + 1)) + 1,
                     out[i]);
                goto done;
            }
            /* on to the next filter byte (or the end of this piece) */
            size_t step = rowbytes + 1 - col < n - i ? rowbytes + 1 - col : n - i;
            i += step;
            got += step;
            col = (col + step) % (rowbytes + 1);
        }
        if (got > want) {
            fail(why, "已损坏：PNG 图像数据多于 IHDR 声明的尺寸");
            goto done;
        }
        if (s->block_state == ISAL_BLOCK_FINISH || (n == 0 && s->avail_in == 0))
            break; /* the end, or the last input taken without a byte out */
    }
    if (s->block_state != ISAL_BLOCK_FINISH || got != want) {
        fail(why, "已损坏或被截断：PNG 图像数据不完整");
        goto done;
    }
    rc = 0;
done:
    free(s);
    return rc;
}

static int png_parse(const unsigned char *b, size_t len, mlps_image_data *out, char why[MLPS_IMAGE_WHY])
{
    size_t pos = 8, idat_total = 0;
    int seen_ihdr = 0, seen_idat = 0, idat_done = 0, seen_plte = 0, ct = 0, interlaced = 0, trns = 0;
    mlps_buf data = MLPS_BUF_INIT;
    int rc = -1;
    for (;;) {
        if (len - pos < 12) {
            fail(why, "已损坏或被截断：PNG 缺少结束块 IEND");
            goto done;
        }
        uint32_t n = be32(b + pos);
        const unsigned char *type = b + pos + 4, *body = b + pos + 8;
        if (n > 0x7FFFFFFFu || n > len - pos - 12) {
            fail(why, "已损坏或被截断：PNG 数据块长度超出文件");
            goto done;
        }
        for (int i = 0; i < 4; i++)
            if (!((type[i] >= 'A' && type[i] <= 'Z') || (type[i] >= 'a' && type[i] <= 'z'))) {
                fail(why, "已损坏：PNG 数据块类型无效");
                goto done;
            }
        if ((uint32_t)libdeflate_crc32(0, type, n + 4) != be32(body + n)) {
            fail(why, "已损坏：PNG 数据块 %.4s 的校验和（CRC）不符", (const char *)type);
            goto done;
        }
        pos += 12 + (size_t)n;
        if (!seen_ihdr && memcmp(type, "IHDR", 4) != 0) {
            fail(why, "已损坏：PNG 的第一个数据块不是 IHDR");
            goto done;
        }
        if (seen_idat && memcmp(type, "IDAT", 4) != 0)
            idat_done = 1;
        if (!memcmp(type, "IHDR", 4)) {
            if (seen_ihdr || n != 13) {
                fail(why, "已损坏：PNG 的 IHDR 数据块无效");
                goto done;
            }
            seen_ihdr = 1;
            out->width = be32(body);
            out->height = be32(body + 4);
            out->bits = body[8];
            ct = body[9];
            if (body[10] != 0 || body[11] != 0 || body[12] > 1) {
                fail(why, "已损坏：PNG 的压缩、过滤或隔行方式无效");
                goto done;
            }
            int bd = out->bits;
            int ok = (ct == 0 && (bd == 1 || bd == 2 || bd == 4 || bd == 8 || bd == 16)) ||
                     (ct == 3 && (bd == 1 || bd == 2 || bd == 4 || bd == 8)) ||
                     ((ct == 2 || ct == 4 || ct == 6) && (bd == 8 || bd == 16));
            if (!ok) {
                fail(why, "已损坏：PNG 的位深度 %d 与颜色类型 %d 不相容", bd, ct);
                goto done;
            }
            if (dims_ok(out->width, out->height, why))
                goto done;
            interlaced = body[12];
            out->colors = ct == 2 ? 3 : 1;
        } else if (!memcmp(type, "PLTE", 4)) {
            if (seen_plte || seen_idat || n == 0 || n % 3 != 0 || n / 3 > 256 || ct == 0 || ct == 4) {
                fail(why, "已损坏：PNG 的调色板（PLTE）无效");
                goto done;
            }
            seen_plte = 1;
            if (ct == 3) {
                if (n / 3 > (1u << out->bits)) {
                    fail(why, "已损坏：PNG 的调色板（PLTE）项数多于位深度允许的");
                    goto done;
                }
                out->palette_n = (int)(n / 3);
                memcpy(out->palette, body, n);
            }
        } else if (!memcmp(type, "tRNS", 4)) {
            if (trns || seen_idat || ct == 4 || ct == 6 || (ct == 3 && (!seen_plte || n > (uint32_t)out->palette_n)) ||
                (ct == 0 && n != 2) || (ct == 2 && n != 6)) {
                fail(why, "已损坏：PNG 的透明色（tRNS）数据块无效");
                goto done;
            }
            trns = 1;
        } else if (!memcmp(type, "IDAT", 4)) {
            if (idat_done) {
                fail(why, "已损坏：PNG 的 IDAT 数据块不连续");
                goto done;
            }
            if (ct == 3 && !seen_plte) {
                fail(why, "已损坏：PNG 使用调色板却没有 PLTE 数据块");
                goto done;
            }
            seen_idat = 1;
            idat_total += n;
            mlps_buf_append(&data, (const char *)body, n);
        } else if (!memcmp(type, "IEND", 4)) {
            break;
        } else if (type[0] >= 'A' && type[0] <= 'Z') {
            fail(why, "含未知的关键数据块 %.4s，不受支持", (const char *)type);
            goto done;
        }
    }
    if (!seen_idat || idat_total == 0) {
        fail(why, "已损坏：PNG 没有图像数据（IDAT）");
        goto done;
    }
    size_t chans = ct == 2 ? 3 : ct == 4 ? 2 : ct == 6 ? 4 : 1;
    size_t rowbytes = ((size_t)out->width * chans * (size_t)out->bits + 7) / 8;
    /* interlaced data is seven passes of other row lengths: libpng checks it while decoding */
    if (!interlaced && png_data_ok((const unsigned char *)data.ptr, data.len, rowbytes, out->height, why))
        goto done;
    if (interlaced || trns || ct == 4 || ct == 6) {
        /* transparency or interlacing: only decoded pixels can be embedded */
        rc = mlps_png_decode(b, len, out, why);
        goto done;
    }
    out->kind = MLPS_IMAGE_PNG;
    out->len = data.len;
    out->data = (unsigned char *)mlps_buf_detach(&data);
    rc = 0;
done:
    mlps_buf_free(&data);
    return rc;
}

/* ---- JPEG ---- */

static int jpeg_parse(const unsigned char *b, size_t len, mlps_image_data *out, char why[MLPS_IMAGE_WHY])
{
    size_t pos = 2;
    int have_sof = 0;
    for (;;) {
        while (pos < len && b[pos] == 0xFF && pos + 1 < len && b[pos + 1] == 0xFF)
            pos++; /* fill bytes */
        if (len - pos < 4 || b[pos] != 0xFF)
            return fail(why, "已损坏或被截断：JPEG 标记段无效");
        unsigned m = b[pos + 1];
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
            pos += 2;
            continue;
        }
        if (m == 0xD8 || m == 0xD9 || m == 0x00)
            return fail(why, "已损坏：JPEG 在图像数据之前出现标记 %02X", m);
        size_t seg = (size_t)b[pos + 2] << 8 | b[pos + 3];
        if (seg < 2 || seg > len - pos - 2)
            return fail(why, "已损坏或被截断：JPEG 标记段长度超出文件");
        const unsigned char *body = b + pos + 4;
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            if (m != 0xC0 && m != 0xC1 && m != 0xC2)
                return fail(why, "的编码方式（无损、分层或算术编码 JPEG）不受支持：请另存为基线或渐进式 JPEG");
            if (have_sof || seg < 8)
                return fail(why, "已损坏：JPEG 帧头（SOF）无效");
            int nc = body[5];
            if (seg != 8 + 3 * (size_t)nc)
                return fail(why, "已损坏：JPEG 帧头（SOF）长度不符");
            if (body[0] != 8)
                return fail(why, "的采样精度为 %d 位，不受支持（只支持 8 位）", body[0]);
            out->height = (unsigned)body[1] << 8 | body[2];
            out->width = (unsigned)body[3] << 8 | body[4];
            if (dims_ok(out->width, out->height, why))
                return -1;
            if (nc != 1 && nc != 3)
                return fail(why, "有 %d 个颜色分量（CMYK 等），不受支持：请另存为 RGB 或灰度 JPEG", nc);
            out->colors = nc;
            out->bits = 8;
            have_sof = 1;
        } else if (m == 0xDA) {
            if (!have_sof)
                return fail(why, "已损坏：JPEG 缺少帧头（SOF）");
            break;
        }
        pos += 2 + seg;
    }
    /* the entropy-coded data must end with EOI */
    size_t end = len;
    while (end > pos && b[end - 1] == 0x00)
        end--;
    if (end - pos < 2 || b[end - 2] != 0xFF || b[end - 1] != 0xD9)
        return fail(why, "已损坏或被截断：JPEG 缺少结束标记（EOI）");
    out->kind = MLPS_IMAGE_JPEG;
    out->data = mlps_xmalloc(len);
    memcpy(out->data, b, len);
    out->len = len;
    return 0;
}

int mlps_image_parse(const unsigned char *buf, size_t len, mlps_image_data *out, char why[MLPS_IMAGE_WHY])
{
    int rc;
    memset(out, 0, sizeof *out);
    if (len > MLPS_MAX_IMAGE_BYTES)
        return fail(why, "过大（%zu 字节，上限 %u 字节）", len, MLPS_MAX_IMAGE_BYTES);
    if (len >= 8 && !memcmp(buf, "\x89PNG\r\n\x1a\n", 8))
        rc = png_parse(buf, len, out, why);
    else if (len >= 3 && buf[0] == 0xFF && buf[1] == 0xD8 && buf[2] == 0xFF)
        rc = jpeg_parse(buf, len, out, why);
    else
        rc = fail(why, "不是 PNG 或 JPEG 图像");
    if (rc)
        mlps_image_free(out);
    return rc;
}

int mlps_image_load(const char *path, mlps_image_data *out, char why[MLPS_IMAGE_WHY])
{
    int rc = -1;
    unsigned char *buf = NULL;
    memset(out, 0, sizeof *out);
    /* O_NONBLOCK: opening a FIFO never waits for a writer; O_NOFOLLOW: the resolved path is
     * not swapped for a symlink in between. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0) {
        fail(why, UNREACHABLE);
        goto done;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        fail(why, "不是普通文件（不能是目录、管道或设备）");
        goto done;
    }
    if ((unsigned long long)st.st_size > MLPS_MAX_IMAGE_BYTES) {
        fail(why, "过大（%lld 字节，上限 %u 字节）", (long long)st.st_size, MLPS_MAX_IMAGE_BYTES);
        goto done;
    }
    size_t size = (size_t)st.st_size;
    buf = mlps_xmalloc(size + 1);
    if (mlps_read_all(fd, buf, size) != size) {
        fail(why, "读取失败（文件在读取时被改动或读取出错）");
        goto done;
    }
    rc = mlps_image_parse(buf, size, out, why);
done:
    if (fd >= 0)
        close(fd);
    free(buf);
    return rc;
}

void mlps_image_free(mlps_image_data *img)
{
    if (!img)
        return;
    free(img->data);
    free(img->alpha);
    img->data = img->alpha = NULL;
    img->len = img->alpha_len = 0;
}
