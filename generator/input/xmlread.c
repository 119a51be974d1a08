#include "xmlread.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/parser.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>

#include "buf.h"
#include "mem.h"
#include "mlps_limits.h"
#include "utf8.h"

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

/* libxml2's parser errors in Chinese; the rarer ones keep libxml2's own words after the code. */
static void describe(const xmlError *e, char *out, size_t cap)
{
    const char *s1 = e->str1 ? e->str1 : "?", *s2 = e->str2 ? e->str2 : "?";
    if (e->message && strstr(e->message, "not proper UTF-8")) {
        snprintf(out, cap, "文件内容不是所声明的编码（未声明时须为 UTF-8；也可声明 GB18030）");
        return;
    }
    switch (e->code) {
    case XML_ERR_TAG_NAME_MISMATCH:
        snprintf(out, cap, "开始标签 <%s>（第 %d 行）与结束标签 </%s> 不匹配", s1, e->int1, s2);
        return;
    case XML_ERR_TAG_NOT_FINISHED: snprintf(out, cap, "元素 <%s> 没有结束标签", s1); return;
    case XML_ERR_DOCUMENT_EMPTY: snprintf(out, cap, "文件为空或没有根元素"); return;
    case XML_ERR_DOCUMENT_END: snprintf(out, cap, "根元素之后还有多余的内容"); return;
    case XML_ERR_EXTRA_CONTENT: snprintf(out, cap, "根元素之后还有多余的内容"); return;
    case XML_ERR_NOT_WELL_BALANCED: snprintf(out, cap, "标签没有正确嵌套或闭合"); return;
    case XML_ERR_GT_REQUIRED: snprintf(out, cap, "标签缺少“>”"); return;
    case XML_ERR_LTSLASH_REQUIRED: snprintf(out, cap, "缺少结束标签“</”"); return;
    case XML_ERR_NAME_REQUIRED: /* also a bare < or & in text */
        snprintf(out, cap, "此处应为元素或属性名称（文字中的“<”请写作 &lt;，“&”请写作 &amp;）");
        return;
    case XML_ERR_EQUAL_REQUIRED: snprintf(out, cap, "属性名之后缺少“=”"); return;
    case XML_ERR_ATTRIBUTE_NOT_STARTED: snprintf(out, cap, "属性值须用引号括起"); return;
    case XML_ERR_ATTRIBUTE_NOT_FINISHED: snprintf(out, cap, "属性值缺少结束引号"); return;
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE: snprintf(out, cap, "属性 %s 没有取值", s1); return;
    case XML_ERR_ATTRIBUTE_REDEFINED: snprintf(out, cap, "属性 %s 重复", s1); return;
    case XML_ERR_LT_IN_ATTRIBUTE: snprintf(out, cap, "属性值中不能有“<”（请写作 &lt;）"); return;
    case XML_ERR_SPACE_REQUIRED: snprintf(out, cap, "此处须有空白"); return;
    case XML_ERR_INVALID_CHAR: snprintf(out, cap, "含有 XML 不允许的字符（控制字符等）"); return;
    case XML_ERR_INVALID_CHARREF:
    case XML_ERR_INVALID_DEC_CHARREF:
    case XML_ERR_INVALID_HEX_CHARREF: snprintf(out, cap, "字符引用（&#…;）无效"); return;
    case XML_ERR_INVALID_ENCODING: snprintf(out, cap, "文件内容不是所声明的编码（UTF-8 或 GB18030）"); return;
    case XML_ERR_UNSUPPORTED_ENCODING: snprintf(out, cap, "不支持的文件编码：请使用 UTF-8 或 GB18030"); return;
    case XML_I18N_CONV_FAILED: { /* libxml2 names the bytes: "…, bytes 0x81 0x3C …" */
        const char *bytes = e->message ? strstr(e->message, "bytes ") : NULL;
        int n = bytes ? (int)strcspn(bytes + 6, "\r\n") : 0;
        snprintf(out, cap, "文件内容不是所声明的编码（无法转换%s%.*s）：请按所声明的编码保存，或改正声明",
                 n ? "的字节 " : "", n, n ? bytes + 6 : "");
        return;
    }
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY: snprintf(out, cap, "未定义的实体 &%s;（“&”须写作 &amp;）", s1); return;
    case XML_ERR_ENTITYREF_SEMICOL_MISSING: snprintf(out, cap, "实体引用缺少“;”（“&”须写作 &amp;）"); return;
    case XML_ERR_ENTITY_LOOP: snprintf(out, cap, "实体引用成环或展开过大"); return;
    case XML_ERR_COMMENT_NOT_FINISHED: snprintf(out, cap, "注释没有结束（缺少“-->”）"); return;
    case XML_ERR_HYPHEN_IN_COMMENT: snprintf(out, cap, "注释中不能有“--”"); return;
    case XML_ERR_PI_NOT_FINISHED: snprintf(out, cap, "处理指令没有结束（缺少“?>”）"); return;
    case XML_ERR_CDATA_NOT_FINISHED: snprintf(out, cap, "CDATA 段没有结束（缺少“]]>”）"); return;
    case XML_ERR_XMLDECL_NOT_FINISHED: snprintf(out, cap, "XML 声明没有结束（缺少“?>”）"); return;
    case XML_ERR_VERSION_MISSING: snprintf(out, cap, "XML 声明缺少 version"); return;
    case XML_ERR_RESERVED_XML_NAME: snprintf(out, cap, "XML 声明只能出现在文件开头"); return;
    case XML_ERR_DOCTYPE_NOT_FINISHED: snprintf(out, cap, "文档类型声明（DOCTYPE）没有结束"); return;
    case XML_NS_ERR_UNDEFINED_NAMESPACE: snprintf(out, cap, "未声明的名称空间前缀 %s", s1); return;
    case XML_ERR_NO_MEMORY: snprintf(out, cap, "内存不足"); return;
    default: break;
    }
    char msg[400];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "?");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    snprintf(out, cap, "libxml2 错误 %d（%s）", e->code, msg);
}

static void on_error(void *user, const xmlError *e)
{
    err_ctx *c = user;
    if (c->reported || !e || e->level < XML_ERR_ERROR)
        return;
    c->reported = 1;
    char msg[512];
    describe(e, msg, sizeof msg);
    mlps_diag_error(c->d, c->name, e->line, NULL, "XML 格式错误：%s", msg);
}

static int xml_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* GBK and GB2312 are subsets of GB18030: such files are read as GB18030. */
static int gb_subset(const char *enc)
{
    return !strcmp(enc, "GBK") || !strcmp(enc, "GB2312") || !strcmp(enc, "CP936") || !strcmp(enc, "EUC-CN");
}

/* The declared encoding from the prolog, upper-cased: "" when there is none, "?" when the
 * declaration names one in a form we cannot read (then the file is refused, not guessed);
 * a subset of GB18030 is given as GB18030, for the reader and for serve alike. */
static void declared_encoding(const char *b, size_t len, char out[32])
{
    out[0] = '\0';
    if (len < 5 || memcmp(b, "<?xml", 5) != 0)
        return;
    const char *end = memchr(b, '>', len < 256 ? len : 256);
    if (!end)
        end = b + (len < 256 ? len : 256);
    const char *p = b + 5;
    while (p + 8 <= end && strncmp(p, "encoding", 8) != 0)
        p++;
    if (p + 8 > end)
        return;
    p += 8;
    strcpy(out, "?");
    while (p < end && xml_space(*p))
        p++;
    if (p >= end || *p++ != '=')
        return;
    while (p < end && xml_space(*p))
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
    if (p >= end || *p != q)
        strcpy(out, "?");
    else if (gb_subset(out))
        strcpy(out, "GB18030");
}

size_t mlps_xml_declaration(const char *bytes, size_t len, char enc[32])
{
    size_t bom = len >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3) ? 3 : 0;
    declared_encoding(bytes + bom, len - bom, enc);
    if (len - bom < 5 || memcmp(bytes + bom, "<?xml", 5) != 0)
        return 0;
    for (size_t i = bom + 5; i + 1 < len && i < bom + 256; i++)
        if (bytes[i] == '?' && bytes[i + 1] == '>')
            return i + 2 - bom;
    return 0;
}

/* The encoding the first bytes give away (BOM or the "<?" pattern of XML 1.0 appendix F),
 * or NULL for one byte-based (UTF-8, GB18030 or another that the declaration names). */
static const char *sniffed_encoding(const unsigned char *b, size_t len)
{
    if (len >= 4 && ((!b[0] && !b[1] && b[2] == 0xFE && b[3] == 0xFF) ||
                     (b[0] == 0xFF && b[1] == 0xFE && !b[2] && !b[3]) ||
                     (!b[0] && !b[1] && !b[2] && b[3]) || (b[0] && !b[1] && !b[2] && !b[3])))
        return "UTF-32";
    if (len >= 2 && ((b[0] == 0xFE && b[1] == 0xFF) || (b[0] == 0xFF && b[1] == 0xFE)))
        return "UTF-16";
    if (len >= 2 && ((!b[0] && b[1]) || (b[0] && !b[1])))
        return "UTF-16";
    if (len >= 4 && b[0] == 0x4C && b[1] == 0x6F && b[2] == 0xA7 && b[3] == 0x94)
        return "EBCDIC";
    return NULL;
}

/* What a file that is not text at all is, from its first bytes (NULL: maybe text): a
 * document saved from Word or a picture given in place of the data file. Read after "这是",
 * hence the leading space before a Latin name. */
static const char *binary_kind(const unsigned char *b, size_t len)
{
    if (len >= 4 && !memcmp(b, "PK\3\4", 4))
        return " Word/Excel（.docx/.xlsx）文件";
    if (len >= 4 && !memcmp(b, "\xD0\xCF\x11\xE0", 4))
        return "旧版 Word/Excel（.doc/.xls）文件";
    if (len >= 5 && !memcmp(b, "%PDF-", 5))
        return " PDF 文件";
    if (len >= 8 && !memcmp(b, "\x89PNG\r\n\x1A\n", 8))
        return " PNG 图片";
    if (len >= 3 && !memcmp(b, "\xFF\xD8\xFF", 3))
        return " JPEG 图片";
    return NULL;
}

/* 1 when no element is nested deeper than the limit; counts elements into *count (stops
 * counting past the limit). libxml2 itself refuses nesting beyond 256, so the recursion is
 * bounded. */
static int depth_ok(const xmlNode *n, int depth, size_t *count)
{
    if (depth > MLPS_MAX_XML_DEPTH)
        return 0;
    for (const xmlNode *c = n->children; c && *count <= MLPS_MAX_XML_ELEMENTS; c = c->next)
        if (c->type == XML_ELEMENT_NODE && (++*count, !depth_ok(c, depth + 1, count)))
            return 0;
    return 1;
}

/* Where the first byte that mlps_utf8_next finds invalid is, len if none; eight ASCII bytes a
 * step (mlps_utf8_next has the fast path for Chinese text). */
static size_t utf8_bad_at(const char *bytes, size_t len)
{
    const unsigned char *b = (const unsigned char *)bytes;
    size_t i = 0;
    while (i < len) {
        uint64_t w;
        if (len - i >= 8 && (memcpy(&w, b + i, 8), !(w & 0x8080808080808080ull))) {
            i += 8;
        } else if (b[i] < 0x80) {
            i++;
        } else {
            size_t at = i;
            if (mlps_utf8_next(bytes, len, &i) == UTF8_INVALID)
                return at;
        }
    }
    return len;
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
    const char *kind = binary_kind((const unsigned char *)bytes, len);
    if (kind) {
        mlps_diag_error(d, name, 0, NULL,
                        "这是%s，不是单位数据文件：单位数据文件是 XML 文本（可用 mlpsdoc init 写出骨架，"
                        "或用 mlpsdoc serve 在浏览器中填写）",
                        kind);
        goto cleanup;
    }
    const char *sniffed = sniffed_encoding((const unsigned char *)bytes, len);
    if (sniffed) {
        mlps_diag_error(d, name, 1, NULL, "不支持的文件编码（%s）：请使用 UTF-8 或 GB18030", sniffed);
        goto cleanup;
    }
    const char *body = len >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3) ? bytes + 3 : bytes;
    declared_encoding(body, len - (size_t)(body - bytes), enc);
    if (!strcmp(enc, "?")) {
        mlps_diag_error(d, name, 1, NULL, "XML 声明中的 encoding 写法无效（应如 encoding=\"UTF-8\"）");
        goto cleanup;
    }
    if (enc[0] && strcmp(enc, "UTF-8") != 0 && strcmp(enc, "UTF8") != 0 && strcmp(enc, "GB18030") != 0) {
        mlps_diag_error(d, name, 1, NULL, "不支持的文件编码“%s”：请使用 UTF-8 或 GB18030", enc);
        goto cleanup;
    }
    if (strcmp(enc, "GB18030") != 0) {
        /* UTF-8 (declared or not): refused at the first bad byte, with its line (libxml2
         * would fall back to Latin-1 and read on) */
        size_t at = utf8_bad_at(bytes, len);
        if (at < len) {
            long line = 1;
            for (size_t i = 0; i < at; i++)
                line += bytes[i] == '\n';
            mlps_diag_error(d, name, line, NULL, "文件从第 %zu 字节起不是有效的 UTF-8：请以 UTF-8 保存，或声明并使用 GB18030",
                            at + 1);
            goto cleanup;
        }
    }
    if (body != bytes && !strcmp(enc, "GB18030")) {
        mlps_diag_error(d, name, 1, NULL, "文件以 UTF-8 字节顺序标记开头，却声明编码为 GB18030");
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
    doc = xmlCtxtReadMemory(ctxt, bytes, (int)len, name, enc[0] ? enc : NULL, MLPS_XML_OPTIONS);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (!doc || !ctxt->wellFormed) {
        if (!ec.reported)
            mlps_diag_error(d, name, 0, NULL, "XML 格式错误");
        xmlFreeDoc(doc);
        doc = NULL;
        goto cleanup;
    }
    if (doc->intSubset || doc->extSubset) {
        /* its line: libxml2 keeps none for a DTD (the file's bytes are ASCII-compatible here) */
        long line = 1, nl = 0;
        for (size_t i = 0; i + 9 <= len; i++) {
            if (!memcmp(bytes + i, "<!DOCTYPE", 9)) {
                line += nl;
                break;
            }
            nl += bytes[i] == '\n';
        }
        mlps_diag_error(d, name, line, NULL, "不允许文档类型声明（DOCTYPE）");
        xmlFreeDoc(doc);
        doc = NULL;
        goto cleanup;
    }
    size_t count = 1;
    xmlNode *root = xmlDocGetRootElement(doc);
    const char *denc = (const char *)doc->encoding;
    if (denc && xmlStrcasecmp(doc->encoding, (const xmlChar *)"UTF-8") &&
        xmlStrcasecmp(doc->encoding, (const xmlChar *)"UTF8") &&
        xmlStrcasecmp(doc->encoding, (const xmlChar *)"GB18030")) {
        mlps_diag_error(d, name, 1, NULL, "不支持的文件编码“%s”：请使用 UTF-8 或 GB18030", denc);
        xmlFreeDoc(doc);
        doc = NULL;
        goto cleanup;
    }
    if (!root || !depth_ok(root, 1, &count)) {
        mlps_diag_error(d, name, root ? xmlGetLineNo(root) : 0, NULL, "元素嵌套超过 %d 层", MLPS_MAX_XML_DEPTH);
        xmlFreeDoc(doc);
        doc = NULL;
        goto cleanup;
    }
    if (count > MLPS_MAX_XML_ELEMENTS) {
        mlps_diag_error(d, name, 0, NULL, "元素过多（超过 %d 个）", MLPS_MAX_XML_ELEMENTS);
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
    struct stat st;
    /* O_NONBLOCK: a FIFO never blocks the open; only regular files are read */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        mlps_diag_error(d, path, 0, NULL, "无法打开文件：%s", mlps_errno_text(errno));
        goto cleanup;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        mlps_diag_error(d, path, 0, NULL, "不是普通文件（不能是目录、管道或设备）");
        goto cleanup;
    }
    if ((unsigned long long)st.st_size > MLPS_MAX_INPUT_BYTES) {
        mlps_diag_error(d, path, 0, NULL, "文件过大（%lld 字节，上限 %u 字节）", (long long)st.st_size,
                        MLPS_MAX_INPUT_BYTES);
        goto cleanup;
    }
    char chunk[65536];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            mlps_diag_error(d, path, 0, NULL, "读取文件失败：%s", mlps_errno_text(errno));
            goto cleanup;
        }
        if (n == 0)
            break;
        mlps_buf_append(&b, chunk, (size_t)n);
        if (b.len > MLPS_MAX_INPUT_BYTES) {
            mlps_diag_error(d, path, 0, NULL, "文件过大（上限 %u 字节）", MLPS_MAX_INPUT_BYTES);
            goto cleanup;
        }
    }
    doc = read_memory(b.ptr ? b.ptr : "", b.len, path, dict, d);
cleanup:
    if (fd >= 0)
        close(fd);
    mlps_buf_free(&b);
    return doc;
}

xmlDocPtr mlps_xml_read_file(const char *path, mlps_diags *d)
{
    return mlps_xml_read_file_dict(path, NULL, d);
}

char *mlps_xml_uri_file(const char *uri)
{
    /* xmlPathToURI escaped every byte a URI may not hold ('%' too) unless the whole path was
     * already a valid URI: unescaping gives the path back */
    char *s = xmlURIUnescapeString(uri, 0, NULL);
    char *r = mlps_xstrdup(s ? s : uri);
    xmlFree(s);
    return r;
}

char *mlps_xml_doc_file(const xmlDoc *doc)
{
    return doc && doc->URL ? mlps_xml_uri_file((const char *)doc->URL) : NULL;
}

char *mlps_xml_node_path(const xmlNode *node)
{
    mlps_buf b = MLPS_BUF_INIT;
    mlps_xml_node_path_append(&b, node);
    return mlps_buf_detach(&b);
}

void mlps_xml_node_path_append(mlps_buf *b, const xmlNode *node)
{
    const xmlNode *chain[MLPS_MAX_XML_DEPTH + 2];
    int n = 0;
    size_t start = b->len;
    for (const xmlNode *p = node; p && p->type != XML_DOCUMENT_NODE && n < MLPS_MAX_XML_DEPTH + 2;
         p = p->parent)
        chain[n++] = p;
    /* no printf: origins of data values are written by the thousand */
    for (int i = n - 1; i >= 0; i--) {
        const xmlNode *x = chain[i];
        if (b->len > start)
            mlps_buf_putc(b, '/');
        if (x->type == XML_ATTRIBUTE_NODE) {
            mlps_buf_putc(b, '@');
            mlps_buf_puts(b, (const char *)x->name);
            continue;
        }
        mlps_buf_puts(b, (const char *)x->name);
        /* index among same-named siblings, only when there is more than one: counted over the
         * siblings before it, and the first one after it (not all of them) */
        int idx = 1, more = 0;
        for (const xmlNode *s = x->prev; s; s = s->prev)
            idx += s->type == XML_ELEMENT_NODE && xmlStrEqual(s->name, x->name);
        for (const xmlNode *s = x->next; s && idx == 1 && !more; s = s->next)
            more = s->type == XML_ELEMENT_NODE && xmlStrEqual(s->name, x->name);
        if (idx > 1 || more) {
            mlps_buf_putc(b, '[');
            mlps_buf_put_long(b, idx);
            mlps_buf_putc(b, ']');
        }
    }
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
