#include "xmlread.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "buf.h"
#include "mem.h"
#include "mlps_limits.h"

/* Never fetch anything, never expand entities, never load a DTD. Line numbers past 65535 kept. */
#define MLPS_XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NO_XXE_COMPAT | XML_PARSE_BIG_LINES)
#ifndef XML_PARSE_NO_XXE
#define XML_PARSE_NO_XXE_COMPAT 0
#else
#define XML_PARSE_NO_XXE_COMPAT XML_PARSE_NO_XXE
#endif

typedef struct {
    mlps_diags *d;
    const char *name;
    int reported;
} err_ctx;

static void on_error(void *user, const xmlError *e)
{
    err_ctx *c = user;
    if (c->reported || !e || e->level < XML_ERR_ERROR)
        return;
    c->reported = 1;
    char msg[512];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "?");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    mlps_diag_error(c->d, c->name, e->line, NULL, "XML 格式错误：%s", msg);
}

/* The declared encoding from the prolog, upper-cased, or "" when none. */
static void declared_encoding(const char *b, size_t len, char out[32])
{
    out[0] = '\0';
    if (len < 5 || memcmp(b, "<?xml", 5) != 0)
        return;
    const char *end = memchr(b, '>', len < 256 ? len : 256);
    if (!end)
        return;
    const char *p = b;
    while (p < end && strncmp(p, "encoding", 8) != 0)
        p++;
    if (p >= end)
        return;
    p += 8;
    while (p < end && (*p == ' ' || *p == '='))
        p++;
    if (p >= end || (*p != '"' && *p != '\''))
        return;
    char q = *p++;
    size_t i = 0;
    while (p < end && *p != q && i < 31) {
        char ch = *p++;
        out[i++] = (ch >= 'a' && ch <= 'z') ? (char)(ch - 32) : ch;
    }
    out[i] = '\0';
}

static int depth_ok(const xmlNode *n, int depth)
{
    if (depth > MLPS_MAX_XML_DEPTH)
        return 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !depth_ok(c, depth + 1))
            return 0;
    return 1;
}

static xmlDocPtr read_memory(const char *bytes, size_t len, const char *name,
                             struct _xmlDict *dict, mlps_diags *d)
{
    xmlDocPtr doc = NULL;
    xmlParserCtxtPtr ctxt = NULL;
    err_ctx ec = {d, name, 0};
    char enc[32];

    if (len > MLPS_MAX_INPUT_BYTES) {
        mlps_diag_error(d, name, 0, NULL, "文件过大（%zu 字节，上限 %u 字节）", len, MLPS_MAX_INPUT_BYTES);
        goto cleanup;
    }
    if (len >= 2 && ((unsigned char)bytes[0] == 0xFE || (unsigned char)bytes[0] == 0xFF)) {
        mlps_diag_error(d, name, 1, NULL, "不支持的文件编码（UTF-16）：请使用 UTF-8 或 GB18030");
        goto cleanup;
    }
    declared_encoding(bytes, len, enc);
    if (enc[0] && strcmp(enc, "UTF-8") != 0 && strcmp(enc, "UTF8") != 0 &&
        strcmp(enc, "GB18030") != 0) {
        mlps_diag_error(d, name, 1, NULL, "不支持的文件编码“%s”：请使用 UTF-8 或 GB18030", enc);
        goto cleanup;
    }
    ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        mlps_diag_error(d, name, 0, NULL, "无法创建 XML 解析器");
        goto cleanup;
    }
    if (dict) { /* names interned in the caller's dictionary (libxslt compares pointers) */
        xmlDictFree(ctxt->dict);
        ctxt->dict = dict;
        xmlDictReference(dict);
        ctxt->dictNames = 1;
    }
    /* libxml2 keeps this handler per thread, so concurrent documents do not mix messages. */
    xmlSetStructuredErrorFunc(&ec, (xmlStructuredErrorFunc)on_error);
    doc = xmlCtxtReadMemory(ctxt, bytes, (int)len, name, NULL, MLPS_XML_OPTIONS);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (!doc || !ctxt->wellFormed) {
        if (!ec.reported)
            mlps_diag_error(d, name, 0, NULL, "XML 格式错误");
        xmlFreeDoc(doc);
        doc = NULL;
        goto cleanup;
    }
    if (doc->intSubset || doc->extSubset) {
        mlps_diag_error(d, name, 1, NULL, "不允许文档类型声明（DOCTYPE）");
        xmlFreeDoc(doc);
        doc = NULL;
        goto cleanup;
    }
    if (!doc->children || !depth_ok(xmlDocGetRootElement(doc), 1)) {
        mlps_diag_error(d, name, 0, NULL, "元素嵌套超过 %d 层", MLPS_MAX_XML_DEPTH);
        xmlFreeDoc(doc);
        doc = NULL;
        goto cleanup;
    }
cleanup:
    if (ctxt)
        xmlFreeParserCtxt(ctxt);
    return doc;
}

xmlDocPtr mlps_xml_read_memory(const char *bytes, size_t len, const char *name, mlps_diags *d)
{
    return read_memory(bytes, len, name, NULL, d);
}

xmlDocPtr mlps_xml_read_file_dict(const char *path, struct _xmlDict *dict, mlps_diags *d)
{
    xmlDocPtr doc = NULL;
    mlps_buf b = MLPS_BUF_INIT;
    FILE *f = fopen(path, "rb");
    if (!f) {
        mlps_diag_error(d, path, 0, NULL, "无法打开文件：%s", strerror(errno));
        goto cleanup;
    }
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        mlps_buf_append(&b, chunk, n);
        if (b.len > MLPS_MAX_INPUT_BYTES) {
            mlps_diag_error(d, path, 0, NULL, "文件过大（上限 %u 字节）", MLPS_MAX_INPUT_BYTES);
            goto cleanup;
        }
    }
    if (ferror(f)) {
        mlps_diag_error(d, path, 0, NULL, "读取文件失败");
        goto cleanup;
    }
    doc = read_memory(b.ptr ? b.ptr : "", b.len, path, dict, d);
cleanup:
    if (f)
        fclose(f);
    mlps_buf_free(&b);
    return doc;
}

xmlDocPtr mlps_xml_read_file(const char *path, mlps_diags *d)
{
    return mlps_xml_read_file_dict(path, NULL, d);
}

char *mlps_xml_node_path(const xmlNode *node)
{
    const xmlNode *chain[MLPS_MAX_XML_DEPTH + 2];
    int n = 0;
    for (const xmlNode *p = node; p && p->type != XML_DOCUMENT_NODE && n < MLPS_MAX_XML_DEPTH + 2;
         p = p->parent)
        chain[n++] = p;
    mlps_buf b = MLPS_BUF_INIT;
    for (int i = n - 1; i >= 0; i--) {
        const xmlNode *x = chain[i];
        if (b.len)
            mlps_buf_putc(&b, '/');
        if (x->type == XML_ATTRIBUTE_NODE) {
            mlps_buf_printf(&b, "@%s", (const char *)x->name);
            continue;
        }
        mlps_buf_puts(&b, (const char *)x->name);
        /* index among same-named siblings, only when there is more than one */
        int idx = 0, total = 0;
        for (const xmlNode *s = x->parent ? x->parent->children : NULL; s; s = s->next) {
            if (s->type == XML_ELEMENT_NODE && xmlStrEqual(s->name, x->name)) {
                total++;
                if (s == x)
                    idx = total;
            }
        }
        if (total > 1)
            mlps_buf_printf(&b, "[%d]", idx);
    }
    return mlps_buf_detach(&b);
}

void mlps_xml_error_at(mlps_diags *d, const char *file, const xmlNode *node, const char *fmt, ...)
{
    const xmlNode *el = node && node->type == XML_ATTRIBUTE_NODE ? node->parent : node;
    long line = el ? xmlGetLineNo(el) : 0;
    char *path = node ? mlps_xml_node_path(node) : NULL;
    va_list ap;
    va_start(ap, fmt);
    mlps_diag_verror(d, file, line > 0 ? line : 0, path, fmt, ap);
    va_end(ap);
    free(path);
}
