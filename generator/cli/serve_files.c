/* Files of the served folder: names checked, every component opened with O_NOFOLLOW from the
 * folder's descriptor, so neither ".." nor a symlink leads outside it. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "readall.h"
#include "serve.h"

int serve_name_ok(const char *name, const char *ext)
{
    size_t n = name ? strlen(name) : 0, e = strlen(ext);
    if (!n || n > MLPS_MAX_SERVE_NAME_BYTES || name[0] == '.' || n <= e || strcmp(name + n - e, ext))
        return 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\')
            return 0;
    return 1;
}

/* Opens each '/'-separated component of rel under dirfd without following symlinks. */
int serve_open(int dirfd, const char *rel, size_t max, size_t *size)
{
    char *copy = mlps_xstrdup(rel);
    int fd = dup(dirfd), ok = fd >= 0;
    char *save = NULL;
    for (char *part = strtok_r(copy, "/", &save); part && ok; part = strtok_r(NULL, "/", &save)) {
        if (part[0] == '.' || strlen(part) > MLPS_MAX_SERVE_NAME_BYTES) {
            ok = 0;
            break;
        }
        int last = save == NULL || *save == '\0';
        int next = openat(fd, part, (last ? O_RDONLY : O_RDONLY | O_DIRECTORY) | O_NOFOLLOW | O_CLOEXEC);
        close(fd);
        fd = next;
        ok = fd >= 0;
    }
    free(copy);
    struct stat st;
    if (ok && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > max))
        ok = 0;
    if (!ok) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    *size = (size_t)st.st_size;
    return fd;
}

char *serve_read(int dirfd, const char *rel, size_t max, size_t *len)
{
    size_t size = 0;
    int fd = serve_open(dirfd, rel, max, &size);
    if (fd < 0)
        return NULL;
    char *buf = mlps_xmalloc(size + 1);
    size_t got = mlps_read_all(fd, buf, size);
    close(fd);
    buf[got] = '\0';
    *len = got;
    return buf;
}

/* A real folder (not a symlink) called name under dirfd, made if absent; its fd or -1. */
static int sub_dir(int dirfd, const char *name)
{
    if (mkdirat(dirfd, name, 0777) != 0 && errno != EEXIST)
        return -1;
    return openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

char *serve_out_dir(serve_ctx *ctx, const char *name)
{
    size_t n = strlen(name);
    char *stem = mlps_xstrndup(name, n > 4 ? n - 4 : n); /* without ".xml" */
    char *path = NULL;
    int out = sub_dir(ctx->dirfd, "out");
    int sub = out >= 0 ? sub_dir(out, stem) : -1;
    if (sub >= 0) {
        mlps_buf b = MLPS_BUF_INIT;
        mlps_buf_printf(&b, "%s/out/%s", ctx->dir, stem);
        path = mlps_buf_detach(&b);
        close(sub);
    }
    if (out >= 0)
        close(out);
    free(stem);
    return path;
}

void serve_etag(const char *data, size_t len, char out[40])
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)data[i];
        h *= 1099511628211ull;
    }
    snprintf(out, 40, "\"%016llx-%zu\"", (unsigned long long)h, len);
}
