/* Doc XML against templates/schema/doc.rng, with the messages docxml.c gives for the same
 * mistakes (an unknown element or attribute reads the same whichever finds it). */
#include "docschema.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/relaxng.h>

#include "buf.h"
#include "doc.h"
#include "mem.h"
#include "xmlread.h"

struct mlps_doc_schema {
    xmlRelaxNGPtr rng;
    char *path;
};

typedef struct {
    mlps_diags *d;
    const char *file;
    int reported;
} rng_ctx;

static void on_parse_error(void *user, xmlErrorPtr e)
{
    rng_ctx *c = user;
    if (!e || e->level < XML_ERR_ERROR || c->reported++)
        return;
    char msg[512];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "?");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    mlps_diag_error(c->d, c->file, e->line, NULL, "doc XML 的 RELAX NG 定义有误：%s", msg);
}

mlps_doc_schema *mlps_doc_schema_load(const char *path, mlps_diags *d)
{
    mlps_doc_schema *s = NULL;
    xmlRelaxNGParserCtxtPtr pc = NULL;
    rng_ctx c = {d, path, 0};
    xmlDocPtr doc = mlps_xml_read_file(path, d);
    if (!doc)
        goto done;
    pc = xmlRelaxNGNewDocParserCtxt(doc); /* copies doc */
    if (!pc)
        goto done;
    xmlRelaxNGSetParserStructuredErrors(pc, on_parse_error, &c);
    xmlRelaxNGPtr rng = xmlRelaxNGParse(pc);
    if (!rng) {
        if (!c.reported)
            mlps_diag_error(d, path, 0, NULL, "doc XML 的 RELAX NG 定义无法编译");
        goto done;
    }
    s = mlps_xcalloc(1, sizeof *s);
    s->rng = rng;
    s->path = mlps_xstrdup(path);
done:
    if (pc)
        xmlRelaxNGFreeParserCtxt(pc);
    xmlFreeDoc(doc);
    return s;
}

void mlps_doc_schema_free(mlps_doc_schema *s)
{
    if (!s)
        return;
    xmlRelaxNGFree(s->rng);
    free(s->path);
    free(s);
}

typedef struct {
    mlps_diags *d;
    const char *file;
    size_t errors;
    int specific; /* a precise message was given: the cascades after it say nothing new */
    const xmlNode *last_node; /* libxml2 may report one mistake twice */
    char last_msg[256];
} check_ctx;

static const char *q(const xmlChar *s)
{
    return s && *s ? (const char *)s : "?";
}

static void on_valid_error(void *user, xmlErrorPtr e)
{
    check_ctx *c = user;
    if (!e || e->level < XML_ERR_ERROR)
        return;
    const xmlNode *n = e->node;
    while (n && n->type != XML_ELEMENT_NODE)
        n = n->parent;
    const xmlChar *s1 = (const xmlChar *)e->str1, *s2 = (const xmlChar *)e->str2;
    mlps_buf b = MLPS_BUF_INIT;
    switch (e->code) {
    case XML_RELAXNG_ERR_ELEMWRONG:
    case XML_RELAXNG_ERR_INTEREXTRA:
    case XML_RELAXNG_ERR_ELEMNAME:
    case XML_RELAXNG_ERR_EXTRACONTENT:
        if (c->specific && n && n == c->last_node) /* the cascade of text where none may be */
            goto done;
        mlps_buf_printf(&b, "未知元素 <%s>",
                        q(e->code == XML_RELAXNG_ERR_ELEMNAME ? s2 : n ? n->name : s1));
        break;
    case XML_RELAXNG_ERR_EXTRADATA: /* a second root: what a template without match="/" makes */
        mlps_buf_printf(&b, "只能有一个根元素 <document>，这里又有 <%s>", n ? q(n->name) : "?");
        break;
    case XML_RELAXNG_ERR_INVALIDATTR:
        mlps_buf_printf(&b, "元素 <%s> 不支持属性“%s”", q(s2), q(s1));
        break;
    case XML_RELAXNG_ERR_NOELEM:
        mlps_buf_printf(&b, "<%s> 缺少必需的子元素%s%s", n ? q(n->name) : "?", s1 ? " " : "",
                        s1 ? (const char *)s1 : "");
        break;
    case XML_RELAXNG_ERR_ATTRVALID:
    case XML_RELAXNG_ERR_VALUE:
    case XML_RELAXNG_ERR_DATATYPE:
        mlps_buf_printf(&b, "元素 <%s> 缺少必需的属性，或属性取值无效", n ? q(n->name) : q(s1));
        break;
    case XML_RELAXNG_ERR_TEXTWRONG:
    case XML_RELAXNG_ERR_NOTELEM:
        mlps_buf_printf(&b, "元素 <%s> 中不应有文字", n ? q(n->name) : q(s1));
        break;
    case XML_RELAXNG_ERR_CONTENTVALID:
    case XML_RELAXNG_ERR_INTERSEQ:
    case XML_RELAXNG_ERR_NOSTATE:
    case XML_RELAXNG_ERR_INTERNODATA:
        if (c->specific) /* the cascade of an error already given */
            goto done;
        mlps_buf_printf(&b, "元素 <%s> 的内容不符合 doc XML 的定义（templates/schema/doc.rng）",
                        n ? q(n->name) : q(s1));
        break;
    default: {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", e->message ? e->message : "?");
        size_t k = strlen(msg);
        while (k && (msg[k - 1] == '\n' || msg[k - 1] == ' '))
            msg[--k] = '\0';
        mlps_buf_printf(&b, "不符合 doc XML 的定义（%s）", msg);
        break;
    }
    }
    c->specific = 1;
    if (n && n == c->last_node && !strcmp(c->last_msg, b.ptr))
        goto done;
    c->last_node = n;
    snprintf(c->last_msg, sizeof c->last_msg, "%s", b.ptr);
    char file[1024];
    long line = 0;
    char *path = n ? mlps_xml_node_path(n) : NULL;
    if (n && mlps_doc_origin(n, file, sizeof file, &line))
        mlps_diag_error(c->d, file, line, path, "%s", b.ptr);
    else
        mlps_diag_error(c->d, c->file, n ? xmlGetLineNo(n) : e->line, path, "%s", b.ptr);
    free(path);
    c->errors++;
done:
    mlps_buf_free(&b);
}

size_t mlps_doc_schema_check(const mlps_doc_schema *s, xmlDocPtr doc, const char *file,
                             mlps_diags *d)
{
    check_ctx c = {d, file, 0, 0, NULL, ""};
    xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(s->rng);
    if (!vc) {
        mlps_diag_error(d, file, 0, NULL, "无法创建 RELAX NG 校验器");
        return 1;
    }
    xmlRelaxNGSetValidStructuredErrors(vc, on_valid_error, &c);
    int rc = xmlRelaxNGValidateDoc(vc, doc);
    xmlRelaxNGFreeValidCtxt(vc);
    if (rc != 0 && !c.errors) {
        mlps_diag_error(d, file, 0, NULL, "不符合 doc XML 的定义（%s）", s->path);
        c.errors++;
    }
    return c.errors;
}

char *mlps_doc_schema_find(const char *dir)
{
    char cur[PATH_MAX];
    if (!realpath(dir && *dir ? dir : ".", cur))
        return NULL;
    for (;;) {
        static const char *const rel[] = {"/schema/doc.rng", "/templates/schema/doc.rng"};
        for (size_t i = 0; i < 2; i++) {
            mlps_buf b = MLPS_BUF_INIT;
            mlps_buf_printf(&b, "%s%s", strcmp(cur, "/") ? cur : "", rel[i]);
            if (access(b.ptr, R_OK) == 0)
                return mlps_buf_detach(&b);
            mlps_buf_free(&b);
        }
        char *sl = strrchr(cur, '/');
        if (!sl || sl == cur)
            return NULL;
        *sl = '\0';
    }
}

mlps_doc *mlps_doc_load_checked(const char *path, const mlps_doc_schema *s, mlps_diags *d)
{
    mlps_doc *doc = NULL;
    char *dir = NULL;
    xmlDocPtr xml = mlps_xml_read_file(path, d);
    if (!xml || (s && mlps_doc_schema_check(s, xml, path, d)))
        goto done;
    const char *slash = strrchr(path, '/');
    dir = slash == path ? mlps_xstrdup("/")
          : slash       ? mlps_xstrndup(path, (size_t)(slash - path))
                        : mlps_xstrdup("");
    doc = mlps_doc_from_xml(xml, path, dir, d);
done:
    free(dir);
    xmlFreeDoc(xml);
    return doc;
}
