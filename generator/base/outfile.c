/* Atomic output files: temporary name, write, close, rename. */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"

#define OUTFILE_TMP_ATTEMPTS 100 /* temporary names tried before giving up */

long long mlps_stat_mtime_ns(const struct stat *st)
{
    return (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
}

int mlps_output_unchanged(const char *path, long long size, long long mtime_ns, unsigned long long ino)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return -1;
    return S_ISREG(st.st_mode) && st.st_size == size && mlps_stat_mtime_ns(&st) == mtime_ns &&
           (unsigned long long)st.st_ino == ino;
}

int mlps_output_name_ok(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return !strchr(name, '/') && name[0] != '.' && n > e && !strcmp(name + n - e, ext);
}

/* 1 when path ends in ".pdf", any case. */
static int has_pdf_ext(const char *path)
{
    size_t n = strlen(path);
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    return n > 4 && strlen(base) > 4 && !strcasecmp(path + n - 4, ".pdf");
}

char *mlps_text_path_for(const char *pdf)
{
    size_t n = strlen(pdf) - (has_pdf_ext(pdf) ? 4 : 0);
    char *s = mlps_xmalloc(n + 5);
    memcpy(s, pdf, n);
    memcpy(s + n, ".txt", 5);
    return s;
}

int mlps_output_pdf_ok(const char *path, const char *const *inputs, mlps_diags *d)
{
    const char *code = mlps_diag_set_code(d, MLPS_DC_OUTPUT);
    int rc = -1;
    struct stat st;
    int exists = stat(path, &st) == 0;
    for (size_t i = 0; exists && inputs && inputs[i]; i++) {
        struct stat in;
        if (stat(inputs[i], &in) == 0 && in.st_dev == st.st_dev && in.st_ino == st.st_ino) {
            mlps_diag_error(d, path, 0, NULL,
                            "输出文件（-o）与输入文件“%s”是同一个文件，拒绝覆盖；请另给一个 .pdf 文件名",
                            inputs[i]);
            goto done;
        }
    }
    if (exists && S_ISDIR(st.st_mode)) {
        mlps_diag_error(d, path, 0, NULL, "这是一个目录，不能作为输出 PDF（-o）；请给一个 .pdf 文件名");
        goto done;
    }
    if (!has_pdf_ext(path)) {
        mlps_diag_error(d, path, 0, NULL, "输出文件名须以 .pdf 结尾（-o），拒绝写入；请另给一个 .pdf 文件名");
        goto done;
    }
    if (exists) {
        char head[4] = {0};
        FILE *f = S_ISREG(st.st_mode) ? fopen(path, "rb") : NULL;
        size_t got = f ? fread(head, 1, sizeof head, f) : 0;
        if (f)
            fclose(f);
        if (got != sizeof head || memcmp(head, "%PDF", 4)) {
            mlps_diag_error(d, path, 0, NULL,
                            "文件已存在且不是 PDF，拒绝覆盖（-o）；请另给一个文件名，或先自行删除它");
            goto done;
        }
    }
    rc = 0;
done:
    mlps_diag_set_code(d, code);
    return rc;
}

int mlps_make_dirs(const char *dir, mlps_diags *d)
{
    if (!*dir) {
        mlps_diag_error(d, NULL, 0, NULL, "输出目录（-o）不能为空");
        return -1;
    }
    char *p = mlps_xstrdup(dir);
    int rc = 0;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s)
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            mlps_diag_error(d, p, 0, NULL, "无法创建输出目录：%s", mlps_errno_text(errno));
            rc = -1;
            break;
        }
        *s = c;
        if (!c)
            break;
    }
    struct stat st;
    if (rc == 0 && stat(p, &st) == 0 && !S_ISDIR(st.st_mode)) {
        mlps_diag_error(d, p, 0, NULL, "已存在且不是目录，不能作为输出目录（-o）；未写入任何文件");
        rc = -1;
    }
    free(p);
    return rc;
}

int mlps_write_atomic(const char *path, const void *data, size_t len, mlps_diags *d)
{
    int rc = -1, fd = -1;
    const char *code = mlps_diag_set_code(d, MLPS_DC_OUTPUT);
    size_t n = strlen(path) + 64;
    char *tmp = mlps_xmalloc(n);
    tmp[0] = '\0';
    /* pid + attempt: other processes and other threads of this one never share a name */
    for (int attempt = 0; attempt < OUTFILE_TMP_ATTEMPTS && fd < 0; attempt++) {
        snprintf(tmp, n, "%s.%ld.%d.tmp", path, (long)getpid(), attempt);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        mlps_diag_error(d, path, 0, NULL, "无法创建输出文件：%s", mlps_errno_text(errno));
        tmp[0] = '\0'; /* not ours to unlink */
        goto done;
    }
    for (size_t off = 0; off < len;) {
        ssize_t k = write(fd, (const char *)data + off, len - off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            if (k == 0)
                errno = ENOSPC;
            mlps_diag_error(d, path, 0, NULL, "写入输出文件失败：%s", mlps_errno_text(errno));
            goto done;
        }
        off += (size_t)k;
    }
    int cerr = close(fd);
    fd = -1;
    if (cerr != 0 || rename(tmp, path) != 0) {
        mlps_diag_error(d, path, 0, NULL, "无法保存输出文件：%s", mlps_errno_text(errno));
        goto done;
    }
    rc = 0;
done:
    if (fd >= 0)
        close(fd);
    if (rc != 0 && tmp[0])
        unlink(tmp);
    free(tmp);
    mlps_diag_set_code(d, code);
    return rc;
}
