/* XXH3-128 through libxxhash's streaming state. */
#include "hash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
#if defined(__x86_64__) || defined(__i386__)
/* XXH3 through libxxhash's dispatcher: AVX2 where the CPU has it, the same hashes (a run hashes
 * over 100 MB of font files at the start, 6 % of a 5-unit batch's instructions with SSE2) */
#include <xxh_x86dispatch.h>
#endif

#include "mem.h"

struct mlps_hasher {
    XXH3_state_t *st;
};

mlps_hasher *mlps_hasher_new(void)
{
    mlps_hasher *h = mlps_xmalloc(sizeof *h);
    h->st = XXH3_createState();
    if (!h->st)
        abort();
    XXH3_128bits_reset(h->st);
    return h;
}

void mlps_hasher_bytes(mlps_hasher *h, const void *p, size_t n)
{
    uint64_t len = n;
    XXH3_128bits_update(h->st, &len, sizeof len);
    XXH3_128bits_update(h->st, p, n);
}

void mlps_hasher_str(mlps_hasher *h, const char *s)
{
    mlps_hasher_bytes(h, s ? s : "", s ? strlen(s) : 0);
}

void mlps_hasher_hash(mlps_hasher *h, mlps_hash x)
{
    uint64_t v[2] = {x.hi, x.lo};
    mlps_hasher_bytes(h, v, sizeof v);
}

mlps_hash mlps_hasher_end(mlps_hasher *h)
{
    XXH128_hash_t r = XXH3_128bits_digest(h->st);
    XXH3_freeState(h->st);
    free(h);
    return (mlps_hash){r.high64, r.low64};
}

mlps_hash mlps_hash_bytes(const void *p, size_t n)
{
    XXH128_hash_t r = XXH3_128bits(p, n);
    return (mlps_hash){r.high64, r.low64};
}

int mlps_hash_file(const char *path, mlps_hash *out, mlps_diags *d)
{
    /* read(), not mmap: mapped pages would count in the process's resident memory, and the
     * font files alone are over 100 MB */
    static const size_t chunk = 256 * 1024;
    int rc = -1;
    struct stat st;
    char *buf = NULL;
    XXH3_state_t *xs = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        mlps_diag_error(d, path, 0, NULL, "无法读取文件：%s", fd < 0 ? mlps_errno_text(errno) : "不是普通文件");
        goto done;
    }
    if (st.st_size <= (off_t)chunk) {
        buf = mlps_xmalloc(chunk);
        size_t len = 0;
        for (ssize_t k; len < chunk && (k = read(fd, buf + len, chunk - len)) != 0;) {
            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0)
                goto io_error;
            len += (size_t)k;
        }
        *out = mlps_hash_bytes(buf, len);
        rc = 0;
        goto done;
    }
    xs = XXH3_createState();
    if (!xs)
        abort();
    XXH3_128bits_reset(xs);
    buf = mlps_xmalloc(chunk);
    for (ssize_t k; (k = read(fd, buf, chunk)) != 0;) {
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            goto io_error;
        XXH3_128bits_update(xs, buf, (size_t)k);
    }
    XXH128_hash_t r = XXH3_128bits_digest(xs);
    *out = (mlps_hash){r.high64, r.low64};
    rc = 0;
    goto done;
io_error:
    mlps_diag_error(d, path, 0, NULL, "无法读取文件：%s", mlps_errno_text(errno));
done:
    if (xs)
        XXH3_freeState(xs);
    free(buf);
    if (fd >= 0)
        close(fd);
    return rc;
}

void mlps_hash_hex(mlps_hash x, char out[MLPS_HASH_HEX])
{
    snprintf(out, MLPS_HASH_HEX, "%016llx%016llx", (unsigned long long)x.hi,
             (unsigned long long)x.lo);
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int mlps_hash_parse(const char *s, mlps_hash *out)
{
    uint64_t v[2] = {0, 0};
    for (int i = 0; i < 32; i++) {
        int k = s ? hexval(s[i]) : -1;
        if (k < 0)
            return -1;
        v[i / 16] = v[i / 16] << 4 | (uint64_t)k;
    }
    if (s[32])
        return -1;
    *out = (mlps_hash){v[0], v[1]};
    return 0;
}

int mlps_hash_eq(mlps_hash a, mlps_hash b)
{
    return a.hi == b.hi && a.lo == b.lo;
}
