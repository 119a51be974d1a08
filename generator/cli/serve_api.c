/* The endpoints of mlpsdoc serve (README "mlpsdoc serve"). Every answer is JSON except the web
 * form's own files, PDFs and images; errors are {"error": "中文消息"} with a 4xx/5xx status. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "fieldtree.h"
#include "mem.h"
#include "outfile.h"
#include "serve.h"
#include "skeleton.h"
#include "tidy.h"
#include "xmlread.h"

void serve_json_str(mlps_buf *b, const char *s)
{
    mlps_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            mlps_buf_printf(b, "\\%c", *p);
        else if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&')
            mlps_buf_printf(b, "\\u%04x", *p);
        else
            mlps_buf_putc(b, (char)*p);
    }
    mlps_buf_putc(b, '"');
}

void serve_error(serve_reply *rp, int status, const char *fmt, ...)
{
    mlps_buf msg = MLPS_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    mlps_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    mlps_buf_clear(&rp->body);
    rp->status = status;
    rp->type = "application/json; charset=utf-8";
    mlps_buf_puts(&rp->body, "{\"error\":");
    serve_json_str(&rp->body, msg.ptr);
    mlps_buf_puts(&rp->body, "}");
    mlps_buf_free(&msg);
}

static void diags_json(const mlps_diags *d, mlps_buf *b)
{
    mlps_buf_putc(b, '[');
    for (size_t i = 0; i < d->count; i++) {
        const mlps_diag *x = &d->items[i];
        mlps_buf_printf(b, "%s{\"severity\":\"%s\",\"line\":%ld,\"path\":", i ? "," : "",
                        x->severity == MLPS_ERROR ? "error" : x->severity == MLPS_NOTE ? "note" : "warning", x->line);
        serve_json_str(b, x->path ? x->path : "");
        mlps_buf_puts(b, ",\"msg\":");
        serve_json_str(b, x->msg);
        mlps_buf_putc(b, '}');
    }
    mlps_buf_putc(b, ']');
}

/* ---- the model: field tree, option lists, matrix ---- */

static void field_json(const mlps_field *f, mlps_buf *b)
{
    mlps_buf_puts(b, "{\"n\":");
    serve_json_str(b, f->name);
    mlps_buf_printf(b, ",\"attr\":%d,\"req\":%d,\"rep\":%d,\"text\":%d,\"paras\":%d", f->is_attr, f->required,
                    f->repeat, f->text, f->paras);
    if (f->list) {
        mlps_buf_puts(b, ",\"list\":");
        serve_json_str(b, f->list->id);
    }
    static const char *const keys[] = {"label", "no", "table", "hint"};
    const char *vals[] = {f->label, f->no, f->table, f->hint};
    for (size_t i = 0; i < 4; i++)
        if (vals[i]) {
            mlps_buf_printf(b, ",\"%s\":", keys[i]);
            serve_json_str(b, vals[i]);
        }
    if (f->nvalues) {
        mlps_buf_puts(b, ",\"values\":[");
        for (size_t i = 0; i < f->nvalues; i++) {
            mlps_buf_puts(b, i ? "," : "");
            serve_json_str(b, f->values[i]);
        }
        mlps_buf_putc(b, ']');
    }
    if (f->nkids) {
        mlps_buf_puts(b, ",\"kids\":[");
        for (size_t i = 0; i < f->nkids; i++) {
            mlps_buf_puts(b, i ? "," : "");
            field_json(f->kids[i], b);
        }
        mlps_buf_putc(b, ']');
    }
    mlps_buf_putc(b, '}');
}

static void opt_str(mlps_buf *b, const char *key, const char *v)
{
    if (!v)
        return;
    mlps_buf_printf(b, ",\"%s\":", key);
    serve_json_str(b, v);
}

char *serve_model_json(const serve_ctx *ctx)
{
    const mlps_codes *c = mlps_model_codes(ctx->model);
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_puts(&b, "{\"root\":");
    field_json(mlps_form_root(mlps_model_form(ctx->model)), &b);
    mlps_buf_puts(&b, ",\"lists\":{");
    for (size_t i = 0; i < mlps_codes_list_count(c); i++) {
        const mlps_code_list *l = mlps_codes_list_at(c, i);
        mlps_buf_puts(&b, i ? "," : "");
        serve_json_str(&b, l->id);
        mlps_buf_puts(&b, ":{\"title\":");
        serve_json_str(&b, l->title);
        mlps_buf_puts(&b, ",\"items\":[");
        for (size_t j = 0; j < l->count; j++) {
            const mlps_code_item *it = &l->items[j];
            mlps_buf_puts(&b, j ? ",{\"code\":" : "{\"code\":");
            serve_json_str(&b, it->code);
            opt_str(&b, "label", it->label);
            opt_str(&b, "title", it->title);
            opt_str(&b, "forms", it->forms);
            mlps_buf_printf(&b, ",\"other\":%d,\"count\":%d,\"required\":%d}", it->other, it->count, it->required);
        }
        mlps_buf_puts(&b, "]}");
    }
    mlps_buf_puts(&b, "},\"matrix\":[");
    const mlps_code_list *objs = mlps_codes_list(c, "object"), *degs = mlps_codes_list(c, "degree");
    int first = 1;
    for (size_t i = 0; objs && degs && i < objs->count; i++)
        for (size_t j = 0; j < degs->count; j++) {
            const mlps_matrix_cell *cell = mlps_codes_matrix_cell(c, objs->items[i].code, degs->items[j].code);
            if (!cell)
                continue;
            mlps_buf_puts(&b, first ? "{\"object\":" : ",{\"object\":");
            serve_json_str(&b, cell->object);
            mlps_buf_puts(&b, ",\"degree\":");
            serve_json_str(&b, cell->degree);
            mlps_buf_printf(&b, ",\"level\":%d}", cell->level);
            first = 0;
        }
    mlps_buf_puts(&b, "]}");
    return mlps_buf_detach(&b);
}

/* ---- helpers ---- */

static int body_limit(const serve_request *rq, serve_reply *rp, size_t max)
{
    if (rq->len <= max)
        return 0;
    serve_error(rp, 413, "请求内容过大（上限 %zu 字节）", max);
    return -1;
}

static const char *data_name(const serve_request *rq, serve_reply *rp)
{
    const char *name = rq->arg(rq->conn, "name");
    if (serve_name_ok(name, ".xml"))
        return name;
    serve_error(rp, 400, "文件名无效：须为数据文件夹中的 .xml 文件名，不含“/”，不以“.”开头");
    return NULL;
}

/* The extension in any case (拓扑.PNG), as check and render take an image by its bytes. */
static int image_name_ok(const char *name)
{
    static const char *const exts[] = {".png", ".jpg", ".jpeg"};
    size_t n = name ? strlen(name) : 0;
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
        size_t e = strlen(exts[i]);
        if (n > e && !strcasecmp(name + n - e, exts[i]))
            return serve_name_ok(name, name + n - e);
    }
    return 0;
}

static int image_magic(const char *p, size_t n)
{
    return (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8)) ||
           (n >= 3 && (unsigned char)p[0] == 0xFF && (unsigned char)p[1] == 0xD8 && (unsigned char)p[2] == 0xFF);
}

/* Topology images must be plain files of the folder: render reads nothing outside it. */
void serve_check_images(serve_ctx *ctx, xmlDocPtr doc, const char *file, mlps_diags *d)
{
    for (xmlNode *s = mlps_data_next_system(doc, NULL); s; s = mlps_data_next_system(doc, s)) {
        for (xmlNode *t = s->children; t; t = t->next) {
            if (t->type != XML_ELEMENT_NODE || !xmlStrEqual(t->name, (const xmlChar *)"topology"))
                continue;
            xmlChar *src = xmlGetProp(t, (const xmlChar *)"src");
            size_t size = 0;
            int fd = -1;
            /* a plain name that does not exist is check.c's to report */
            if (src && *src &&
                (!image_name_ok((const char *)src) ||
                 (faccessat(ctx->dirfd, (const char *)src, F_OK, AT_SYMLINK_NOFOLLOW) == 0 &&
                  (fd = serve_open(ctx->dirfd, (const char *)src, MLPS_MAX_IMAGE_BYTES, &size)) < 0)))
                mlps_xml_error_at(d, file, (xmlNode *)xmlHasProp(t, (const xmlChar *)"src"),
                                  "拓扑图“%s”须是数据文件夹中的 PNG 或 JPEG 文件（请在网页中上传）", (const char *)src);
            if (fd >= 0)
                close(fd);
            xmlFree(src);
        }
    }
}

/* ---- endpoints ---- */

static void api_files(serve_ctx *ctx, serve_reply *rp)
{
    int fd = dup(ctx->dirfd);
    DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
    if (!dir) {
        if (fd >= 0)
            close(fd);
        serve_error(rp, 500, "无法读取数据文件夹");
        return;
    }
    rewinddir(dir);
    char *names[MLPS_MAX_SERVE_FILES];
    size_t n = 0;
    for (struct dirent *e; (e = readdir(dir)) && n < MLPS_MAX_SERVE_FILES;) {
        struct stat st;
        if (serve_name_ok(e->d_name, ".xml") && fstatat(ctx->dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(st.st_mode))
            names[n++] = mlps_xstrdup(e->d_name);
    }
    closedir(dir);
    for (size_t i = 1; i < n; i++) /* by name */
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    rp->status = 200;
    mlps_buf_puts(&rp->body, "{\"dir\":");
    serve_json_str(&rp->body, ctx->dir);
    mlps_buf_puts(&rp->body, ",\"files\":[");
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        fstatat(ctx->dirfd, names[i], &st, AT_SYMLINK_NOFOLLOW);
        mlps_buf_puts(&rp->body, i ? ",{\"name\":" : "{\"name\":");
        serve_json_str(&rp->body, names[i]);
        mlps_buf_printf(&rp->body, ",\"size\":%lld,\"mtime\":%lld}", (long long)st.st_size, (long long)st.st_mtime);
        free(names[i]);
    }
    mlps_buf_puts(&rp->body, "]}");
}

static void api_file(serve_ctx *ctx, const serve_request *rq, serve_reply *rp)
{
    const char *name = data_name(rq, rp);
    size_t len = 0;
    char *data = name ? serve_read(ctx->dirfd, name, MLPS_MAX_SERVE_BODY_BYTES, &len) : NULL;
    if (!name)
        return;
    if (!data) {
        serve_error(rp, 404, "找不到数据文件“%s”（或它是符号链接、过大）", name);
        return;
    }
    char *err = NULL;
    if (serve_text_to_page(name, data, len, &rp->body, &err) == 0) {
        rp->status = 200;
        rp->type = "application/xml; charset=utf-8";
        serve_etag(data, len, rp->etag); /* of the bytes on disk, as save compares */
    } else
        serve_error(rp, 422, "%s", err);
    free(err);
    free(data);
}

static void api_skeleton(serve_ctx *ctx, serve_reply *rp)
{
    rp->status = 200;
    rp->type = "application/xml; charset=utf-8";
    mlps_skeleton_write(mlps_form_root(mlps_model_form(ctx->model)), 0, 0, &rp->body);
}

static char *path_in_dir(const serve_ctx *ctx, const char *name)
{
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_printf(&b, "%s/%s", ctx->dir, name);
    return mlps_buf_detach(&b);
}

static void api_check(serve_ctx *ctx, const serve_request *rq, serve_reply *rp)
{
    const char *name = rq->arg(rq->conn, "name");
    if (body_limit(rq, rp, MLPS_MAX_SERVE_BODY_BYTES))
        return;
    char *file = path_in_dir(ctx, serve_name_ok(name, ".xml") ? name : "未命名.xml");
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_check_opts opts = {.today = ctx->today};
    xmlDocPtr doc = mlps_xml_read_memory(rq->body, rq->len, file, &d);
    if (doc) {
        mlps_data_normalise(doc);
        serve_check_images(ctx, doc, file, &d);
        mlps_data_check(ctx->model, doc, file, &opts, &d);
    }
    rp->status = 200;
    mlps_buf_printf(&rp->body, "{\"errors\":%zu,\"warnings\":%zu,\"items\":", d.errors, d.count - d.errors);
    diags_json(&d, &rp->body);
    mlps_buf_puts(&rp->body, "}");
    xmlFreeDoc(doc);
    mlps_diag_free(&d);
    free(file);
}

static int is_symlink(const serve_ctx *ctx, const char *name)
{
    struct stat st;
    return fstatat(ctx->dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode);
}

static void api_save(serve_ctx *ctx, const serve_request *rq, serve_reply *rp)
{
    const char *name = data_name(rq, rp);
    if (!name || body_limit(rq, rp, MLPS_MAX_SERVE_BODY_BYTES))
        return;
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_buf text = MLPS_BUF_INIT, bytes = MLPS_BUF_INIT;
    char *file = path_in_dir(ctx, name), *old = NULL, *err = NULL;
    xmlDocPtr doc = mlps_xml_read_memory(rq->body, rq->len, name, &d);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root || !xmlStrEqual(root->name, (const xmlChar *)"unit")) {
        char *m = d.count ? mlps_diag_format(&d.items[0]) : mlps_xstrdup("根元素应为 <unit>");
        serve_error(rp, 400, "无法保存：内容不是单位数据文件（%s）", m);
        free(m);
        goto done;
    }
    mlps_data_normalise(doc); /* the form keeps what was typed, pasted spaces too */
    mlps_data_tidy(mlps_form_root(mlps_model_form(ctx->model)), doc, &text);
    const char *if_match = rq->header(rq->conn, "If-Match"), *if_none = rq->header(rq->conn, "If-None-Match");
    pthread_mutex_lock(&ctx->lock);
    size_t len = 0;
    char etag[40] = "";
    old = serve_read(ctx->dirfd, name, MLPS_MAX_INPUT_BYTES, &len);
    if (old)
        serve_etag(old, len, etag);
    if (is_symlink(ctx, name))
        serve_error(rp, 403, "“%s”不是普通文件（符号链接或目录），不写入", name);
    else if (if_none && !strcmp(if_none, "*") && (old || faccessat(ctx->dirfd, name, F_OK, AT_SYMLINK_NOFOLLOW) == 0))
        serve_error(rp, 409, "文件“%s”已存在，未覆盖：请换一个文件名，或打开已有的文件", name);
    else if (!(if_none && !strcmp(if_none, "*")) && !if_match)
        serve_error(rp, 428, "保存请求缺少 If-Match（打开文件时得到的版本标记）");
    else if (if_match && (!old || strcmp(if_match, etag)))
        serve_error(rp, 409, "文件“%s”在打开之后已在磁盘上被修改或删除（另一个窗口或编辑器），为免覆盖他人的修改，未保存。请重新打开文件后再修改，或用“另存为”保存为新文件", name);
    else if (serve_text_to_file(name, text.ptr, text.len, old, len, &bytes, &err))
        serve_error(rp, 422, "无法保存：%s", err);
    else if (mlps_write_atomic(file, bytes.ptr, bytes.len, &d) == 0) {
        rp->status = 200;
        serve_etag(bytes.ptr, bytes.len, rp->etag);
        mlps_buf_puts(&rp->body, "{\"saved\":");
        serve_json_str(&rp->body, name);
        mlps_buf_puts(&rp->body, ",\"etag\":");
        serve_json_str(&rp->body, rp->etag);
        mlps_buf_printf(&rp->body, ",\"bytes\":%zu}", bytes.len);
    } else
        serve_error(rp, 500, "保存失败：%s", d.count ? d.items[d.count - 1].msg : "?");
    pthread_mutex_unlock(&ctx->lock);
done:
    xmlFreeDoc(doc);
    mlps_diag_free(&d);
    mlps_buf_free(&text);
    mlps_buf_free(&bytes);
    free(file);
    free(old);
    free(err);
}

/* Whether the folder's file name holds exactly these bytes (no symlink followed). */
static int same_bytes(const serve_ctx *ctx, const char *name, const char *body, size_t len)
{
    size_t got = 0;
    char *old = serve_read(ctx->dirfd, name, len, &got);
    int same = old && got == len && !memcmp(old, body, len);
    free(old);
    return same;
}

/* Where an upload goes: its own name when free; an existing file with the same bytes is reused
 * (*same = 1); otherwise the first free "<stem>-2<ext>", "-3" … so that two systems' images of
 * one name never become one. NULL when none is left. Called under ctx->lock. */
static char *upload_name(const serve_ctx *ctx, const char *name, const char *body, size_t len, int *same)
{
    const char *ext = strrchr(name, '.');
    for (unsigned n = 1; n <= MLPS_MAX_SERVE_UPLOAD_NAMES; n++) {
        mlps_buf b = MLPS_BUF_INIT;
        if (n == 1)
            mlps_buf_puts(&b, name);
        else
            mlps_buf_printf(&b, "%.*s-%u%s", (int)(ext - name), name, n, ext);
        struct stat st;
        if (image_name_ok(b.ptr)) {
            if (fstatat(ctx->dirfd, b.ptr, &st, AT_SYMLINK_NOFOLLOW) != 0) {
                if (errno == ENOENT)
                    return mlps_buf_detach(&b);
            } else if (S_ISREG(st.st_mode) && (size_t)st.st_size == len && same_bytes(ctx, b.ptr, body, len)) {
                *same = 1;
                return mlps_buf_detach(&b);
            }
        }
        mlps_buf_free(&b);
    }
    return NULL;
}

static void api_upload(serve_ctx *ctx, const serve_request *rq, serve_reply *rp)
{
    const char *name = rq->arg(rq->conn, "name"), *type = rq->header(rq->conn, "Content-Type");
    if (!image_name_ok(name)) {
        serve_error(rp, 400, "图片文件名无效：须以 .png、.jpg 或 .jpeg 结尾，不含“/”，不以“.”开头");
        return;
    }
    if (body_limit(rq, rp, MLPS_MAX_SERVE_UPLOAD_BYTES))
        return;
    if (!type || (strcmp(type, "image/png") && strcmp(type, "image/jpeg")) || !image_magic(rq->body, rq->len)) {
        serve_error(rp, 415, "只接受 PNG 或 JPEG 图片");
        return;
    }
    mlps_diags d = MLPS_DIAGS_INIT;
    int same = 0;
    pthread_mutex_lock(&ctx->lock);
    char *used = upload_name(ctx, name, rq->body, rq->len, &same);
    char *file = used ? path_in_dir(ctx, used) : NULL;
    if (!used)
        serve_error(rp, 409, "文件夹中名为“%s”及其编号（-2 至 -%u）的图片都已存在且内容不同：请把图片改名后再上传",
                    name, MLPS_MAX_SERVE_UPLOAD_NAMES);
    else if (same || mlps_write_atomic(file, rq->body, rq->len, &d) == 0) {
        rp->status = same ? 200 : 201;
        mlps_buf_puts(&rp->body, "{\"src\":");
        serve_json_str(&rp->body, used);
        mlps_buf_printf(&rp->body, ",\"bytes\":%zu,\"reused\":%s,\"renamed\":%s}", rq->len, same ? "true" : "false",
                        strcmp(used, name) ? "true" : "false");
    } else
        serve_error(rp, 500, "保存图片失败：%s", d.count ? d.items[0].msg : "?");
    pthread_mutex_unlock(&ctx->lock);
    mlps_diag_free(&d);
    free(file);
    free(used);
}

static void api_render(serve_ctx *ctx, const serve_request *rq, serve_reply *rp)
{
    const char *name = data_name(rq, rp);
    unsigned id = 0;
    if (!name)
        return;
    if (faccessat(ctx->dirfd, name, F_OK, AT_SYMLINK_NOFOLLOW) != 0 || is_symlink(ctx, name)) {
        serve_error(rp, 404, "找不到数据文件“%s”：请先保存", name);
        return;
    }
    if (serve_render_start(ctx, name, &id)) {
        serve_error(rp, 503, "无法开始生成：同时进行的任务过多，请稍后再试");
        return;
    }
    rp->status = 202;
    mlps_buf_printf(&rp->body, "{\"job\":%u}", id);
}

static void api_status(serve_ctx *ctx, const serve_request *rq, serve_reply *rp)
{
    const char *job = rq->arg(rq->conn, "job");
    char *end = NULL;
    unsigned long id = job ? strtoul(job, &end, 10) : 0;
    if (!job || !*job || *end || !serve_render_status(ctx, (unsigned)id, &rp->body)) {
        serve_error(rp, 404, "没有这个生成任务");
        return;
    }
    rp->status = 200;
}

static void put_filename(serve_reply *rp, const char *kind, const char *file)
{
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_printf(&b, "%s; filename*=UTF-8''", kind);
    for (const unsigned char *p = (const unsigned char *)file; *p; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr(".-_", *p))
            mlps_buf_putc(&b, (char)*p);
        else
            mlps_buf_printf(&b, "%%%02X", *p);
    if (b.len < sizeof rp->disposition)
        memcpy(rp->disposition, b.ptr, b.len + 1);
    mlps_buf_free(&b);
}

/* Sends a file of the folder (or of the web folder) whose relative path was checked. */
static void send_file(int dirfd, const char *rel, const char *type, size_t max, serve_reply *rp)
{
    size_t size = 0;
    int fd = serve_open(dirfd, rel, max, &size);
    if (fd < 0) {
        serve_error(rp, 404, "找不到文件");
        return;
    }
    rp->status = 200;
    rp->type = type;
    rp->fd = fd;
    rp->size = size;
}

/* /out/<folder>/<file>.pdf: one folder per data file, made by render. */
static void api_pdf(serve_ctx *ctx, const serve_request *rq, serve_reply *rp)
{
    const char *rel = rq->path + 1; /* "out/…" */
    const char *slash = strchr(rel + 4, '/');
    if (!slash || strchr(slash + 1, '/') || !serve_name_ok(slash + 1, ".pdf") || rel[4] == '.' ||
        strstr(rel, "..")) {
        serve_error(rp, 404, "找不到文件");
        return;
    }
    send_file(ctx->dirfd, rel, "application/pdf", (size_t)1 << 30, rp);
    const char *dl = rq->arg(rq->conn, "download");
    if (rp->status == 200)
        put_filename(rp, dl ? "attachment" : "inline", slash + 1);
}

static void api_image(serve_ctx *ctx, const serve_request *rq, serve_reply *rp)
{
    const char *name = rq->arg(rq->conn, "name");
    if (!image_name_ok(name)) {
        serve_error(rp, 400, "图片文件名无效");
        return;
    }
    size_t n = strlen(name);
    send_file(ctx->dirfd, name, !strcmp(name + n - 4, ".png") ? "image/png" : "image/jpeg", MLPS_MAX_IMAGE_BYTES, rp);
}

static void web_file(serve_ctx *ctx, const char *name, serve_reply *rp)
{
    static const struct {
        const char *ext, *type;
    } TYPES[] = {{".html", "text/html; charset=utf-8"},
                 {".js", "text/javascript; charset=utf-8"},
                 {".css", "text/css; charset=utf-8"},
                 {".svg", "image/svg+xml"}};
    for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0]; i++)
        if (serve_name_ok(name, TYPES[i].ext)) {
            int fd = open(ctx->web, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (fd >= 0) {
                send_file(fd, name, TYPES[i].type, MLPS_MAX_SERVE_BODY_BYTES, rp);
                close(fd);
            } else
                serve_error(rp, 500, "找不到网页文件夹 %s", ctx->web);
            return;
        }
    serve_error(rp, 404, "找不到文件");
}

void serve_route(serve_ctx *ctx, const serve_request *rq, serve_reply *rp)
{
    int get = !strcmp(rq->method, "GET"), post = !strcmp(rq->method, "POST");
    const char *p = rq->path;
    if (get && !strcmp(p, "/"))
        web_file(ctx, "index.html", rp);
    else if (get && !strcmp(p, "/api/model")) {
        rp->status = 200;
        mlps_buf_puts(&rp->body, ctx->model_json);
    } else if (get && !strcmp(p, "/api/files"))
        api_files(ctx, rp);
    else if (get && !strcmp(p, "/api/file"))
        api_file(ctx, rq, rp);
    else if (get && !strcmp(p, "/api/skeleton"))
        api_skeleton(ctx, rp);
    else if (get && !strcmp(p, "/api/image"))
        api_image(ctx, rq, rp);
    else if (get && !strcmp(p, "/api/render/status"))
        api_status(ctx, rq, rp);
    else if (post && !strcmp(p, "/api/check"))
        api_check(ctx, rq, rp);
    else if (post && !strcmp(p, "/api/save"))
        api_save(ctx, rq, rp);
    else if (post && !strcmp(p, "/api/upload"))
        api_upload(ctx, rq, rp);
    else if (post && !strcmp(p, "/api/render"))
        api_render(ctx, rq, rp);
    else if (get && !strncmp(p, "/out/", 5))
        api_pdf(ctx, rq, rp);
    else if (get && p[0] == '/' && !strchr(p + 1, '/'))
        web_file(ctx, p + 1, rp);
    else if (!strncmp(p, "/api/", 5) && (get || post))
        serve_error(rp, get ? 404 : 405, get ? "没有这个接口" : "此接口不接受该请求方法");
    else
        serve_error(rp, 404, "找不到文件");
}
