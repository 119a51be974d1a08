#include "diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>

#include "buf.h"
#include "mem.h"

static void add(mlps_diags *d, mlps_severity sev, const char *file, long line, const char *path,
                const char *fmt, va_list ap)
{
    XGROW(d->items, d->cap, d->count + 1);
    mlps_diag *x = &d->items[d->count++];
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_vprintf(&b, fmt, ap);
    x->severity = sev;
    x->code = d->code ? d->code : MLPS_DC_OTHER;
    x->file = file ? mlps_xstrdup(file) : NULL;
    x->line = line;
    x->path = path && *path ? mlps_xstrdup(path) : NULL;
    x->msg = mlps_buf_detach(&b);
    if (sev == MLPS_ERROR)
        d->errors++;
}

const char *mlps_diag_set_code(mlps_diags *d, const char *code)
{
    const char *old = d->code;
    d->code = code;
    return old;
}

void mlps_diag_error(mlps_diags *d, const char *file, long line, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, MLPS_ERROR, file, line, path, fmt, ap);
    va_end(ap);
}

void mlps_diag_verror(mlps_diags *d, const char *file, long line, const char *path, const char *fmt,
                 va_list ap)
{
    add(d, MLPS_ERROR, file, line, path, fmt, ap);
}

void mlps_diag_warning(mlps_diags *d, const char *file, long line, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, MLPS_WARNING, file, line, path, fmt, ap);
    va_end(ap);
}

void mlps_diag_note(mlps_diags *d, const char *file, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, MLPS_NOTE, file, line, NULL, fmt, ap);
    va_end(ap);
}

const char *mlps_errno_text(int err)
{
    switch (err) {
    case ENOENT: return "文件或目录不存在";
    case EACCES:
    case EPERM: return "没有权限";
    case EISDIR: return "这是一个目录";
    case ENOTDIR: return "路径中有一部分不是目录";
    case ENOSPC: return "磁盘空间已满";
    case EDQUOT: return "超出磁盘配额";
    case EROFS: return "文件系统只读";
    case EEXIST: return "已存在";
    case ENAMETOOLONG: return "路径过长";
    case ELOOP: return "符号链接过多或成环";
    case EMFILE:
    case ENFILE: return "打开的文件过多";
    case EFBIG: return "文件过大";
    case EIO: return "输入输出错误";
    case EBUSY: return "设备或资源忙";
    case ETXTBSY: return "文件正被使用";
    case EXDEV: return "不能跨文件系统改名";
    case ENOTEMPTY: return "目录不为空";
    case ENOMEM: return "内存不足";
    case EINVAL: return "参数无效";
    case ENXIO:
    case ENODEV: return "设备不存在";
    default: return "系统错误";
    }
}

char *mlps_diag_format(const mlps_diag *x)
{
    mlps_buf b = MLPS_BUF_INIT;
    if (x->severity == MLPS_NOTE) { /* the template's own words, after where they come from */
        mlps_buf_printf(&b, "模板 %s", x->file ? x->file : "");
        if (x->line > 0)
            mlps_buf_printf(&b, ":%ld", x->line);
        mlps_buf_printf(&b, " 的消息：%s", x->msg);
        return mlps_buf_detach(&b);
    }
    if (x->file) {
        mlps_buf_puts(&b, x->file);
        if (x->line > 0)
            mlps_buf_printf(&b, ":%ld", x->line);
        mlps_buf_puts(&b, ": ");
    }
    if (x->severity == MLPS_WARNING)
        mlps_buf_puts(&b, "警告: ");
    if (x->path)
        mlps_buf_printf(&b, "%s: ", x->path);
    mlps_buf_puts(&b, x->msg);
    return mlps_buf_detach(&b);
}

void mlps_diag_print(const mlps_diags *d, FILE *out)
{
    for (size_t i = 0; i < d->count; i++) {
        char *s = mlps_diag_format(&d->items[i]);
        fprintf(out, "%s\n", s);
        free(s);
    }
}

void mlps_diag_merge(mlps_diags *dst, mlps_diags *src)
{
    for (size_t i = 0; i < src->count; i++) {
        XGROW(dst->items, dst->cap, dst->count + 1);
        dst->items[dst->count++] = src->items[i];
        if (src->items[i].severity == MLPS_ERROR)
            dst->errors++;
    }
    free(src->items);
    src->items = NULL;
    src->count = src->cap = src->errors = 0; /* src->code stays: the caller's setting */
}

void mlps_diag_free(mlps_diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        free(d->items[i].file);
        free(d->items[i].path);
        free(d->items[i].msg);
    }
    free(d->items);
    d->items = NULL;
    d->count = d->cap = d->errors = 0;
}
