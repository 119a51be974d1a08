#include "data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/relaxng.h>
#include <libxml/xmlregexp.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>

#include "buf.h"
#include "fieldtree.h"
#include "grading.h"
#include "mem.h"
#include "mlps_limits.h"
#include "xmlread.h"
#include "xmlselect.h"

/* Element names the schema lets hold text; such fields must not be empty. */
#define MLPS_MAX_SCHEMA_NAMES 512
/* refs followed when reading the schema's structure (it has no deep recursion) */
#define MLPS_MAX_SCHEMA_REF_DEPTH 16

struct mlps_model {
    xmlRelaxNGPtr schema;
    xmlDocPtr schema_doc; /* read-only after load: structure for messages */
    mlps_codes *codes;
    xmlDocPtr catalogue_2019, catalogue_2008; /* templates/catalogue/, for gap analyses */
    mlps_form *form; /* the schema as fields: every missing element at once, init, serve */
    const xmlChar *text_fields[MLPS_MAX_SCHEMA_NAMES]; /* names in schema_doc */
    size_t ntext_fields;
};

/* ---- reading the schema's structure (for "missing element" messages, empty fields) ---- */

static int rng_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, (const xmlChar *)name);
}

static xmlNode *rng_define(const xmlDoc *schema, const xmlChar *name)
{
    xmlNode *g = xmlDocGetRootElement((xmlDoc *)schema);
    for (xmlNode *k = g ? g->children : NULL; k; k = k->next)
        if (rng_is(k, "define")) {
            xmlChar *dn = xmlGetProp(k, (const xmlChar *)"name");
            int hit = dn && xmlStrEqual(dn, name);
            xmlFree(dn);
            if (hit)
                return k;
        }
    return NULL;
}

typedef struct {
    const xmlChar *names[64];
    int required[64];
    size_t count;
    int text; /* content allows text */
    const xmlChar *attrs[64];
    int attr_required[64];
    const xmlNode *attr_defs[64];
    size_t nattrs;
} rng_content;

/* The child elements a pattern allows, in order, and whether each is required. */
static void rng_children(const xmlDoc *schema, const xmlNode *pat, int optional, int depth, rng_content *out)
{
    if (depth > MLPS_MAX_SCHEMA_REF_DEPTH)
        return;
    for (xmlNode *k = pat->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (rng_is(k, "element")) {
            if (out->count < 64) {
                out->names[out->count] = xmlHasProp(k, (const xmlChar *)"name") ? xmlHasProp(k, (const xmlChar *)"name")->children->content : NULL;
                out->required[out->count++] = !optional;
            }
        } else if (rng_is(k, "optional") || rng_is(k, "zeroOrMore") || rng_is(k, "choice")) {
            rng_children(schema, k, 1, depth + 1, out);
        } else if (rng_is(k, "oneOrMore") || rng_is(k, "group") || rng_is(k, "interleave")) {
            rng_children(schema, k, optional, depth + 1, out);
        } else if (rng_is(k, "ref")) {
            xmlChar *rn = xmlGetProp(k, (const xmlChar *)"name");
            xmlNode *def = rn ? rng_define(schema, rn) : NULL;
            xmlFree(rn);
            if (def)
                rng_children(schema, def, optional, depth + 1, out);
        } else if (rng_is(k, "attribute")) {
            if (out->nattrs < 64 && xmlHasProp(k, (const xmlChar *)"name")) {
                out->attrs[out->nattrs] = xmlHasProp(k, (const xmlChar *)"name")->children->content;
                out->attr_defs[out->nattrs] = k;
                out->attr_required[out->nattrs++] = !optional;
            }
        } else if (rng_is(k, "text") || rng_is(k, "data") || rng_is(k, "value")) {
            out->text = 1;
        }
    }
}

/* Calls fn for every <element name="name"> definition of the schema. */
static void rng_find_elements(const xmlNode *n, const xmlChar *name, void (*fn)(const xmlNode *, void *), void *user)
{
    for (const xmlNode *k = n ? n->children : NULL; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (rng_is(k, "element")) {
            xmlChar *en = xmlGetProp(k, (const xmlChar *)"name");
            if (en && xmlStrEqual(en, name))
                fn(k, user);
            xmlFree(en);
        }
        rng_find_elements(k, name, fn, user);
    }
}

typedef struct {
    const xmlDoc *schema;
    const xmlNode *node; /* the unexpected element */
    char *msg;
    const mlps_form *form; /* for the fields' hints; may be NULL */
} refine_ctx;

static void refine_cb(const xmlNode *def, void *user)
{
    refine_ctx *r = user;
    rng_content rc = {0};
    if (r->msg)
        return;
    rng_children(r->schema, def, 0, 0, &rc);
    size_t at = rc.count;
    for (size_t i = 0; i < rc.count; i++)
        if (rc.names[i] && xmlStrEqual(rc.names[i], r->node->name) && at == rc.count)
            at = i;
    if (at == rc.count)
        return; /* another element of the same name */
    for (size_t i = 0; i < rc.count; i++) {
        int present = 0;
        if (!rc.required[i] || !rc.names[i])
            continue;
        for (const xmlNode *k = r->node->parent->children; k && !present; k = k->next)
            present = k->type == XML_ELEMENT_NODE && xmlStrEqual(k->name, rc.names[i]);
        if (present)
            continue;
        mlps_buf b = MLPS_BUF_INIT;
        mlps_buf_printf(&b, "缺少必需的元素 <%s>", (const char *)rc.names[i]);
        if (i < at)
            mlps_buf_printf(&b, "（应位于 <%s> 之前）", (const char *)r->node->name);
        r->msg = mlps_buf_detach(&b);
        return;
    }
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_printf(&b, "元素 <%s> 的位置不对或重复（子元素的顺序见 docs/data-model.md）", (const char *)r->node->name);
    r->msg = mlps_buf_detach(&b);
}

/* 1 when the attribute pattern lists <value>s and v is none of them; the values, "、"
 * separated, are added to all (for the message). */
static int rng_value_refused(const xmlDoc *schema, const xmlNode *pat, const xmlChar *v, int depth, int *listed,
                             mlps_buf *all)
{
    int hit = 0;
    for (const xmlNode *k = pat->children; k && depth <= MLPS_MAX_SCHEMA_REF_DEPTH; k = k->next) {
        if (rng_is(k, "value")) {
            xmlChar *t = xmlNodeGetContent(k);
            *listed = 1;
            hit |= t && xmlStrEqual(t, v);
            if (t)
                mlps_buf_printf(all, "%s%s", all->len ? "、" : "", (const char *)t);
            xmlFree(t);
        } else if (rng_is(k, "ref")) {
            xmlChar *rn = xmlGetProp(k, (const xmlChar *)"name");
            xmlNode *def = rn ? rng_define(schema, rn) : NULL;
            xmlFree(rn);
            if (def)
                hit |= !rng_value_refused(schema, def, v, depth + 1, listed, all);
        } else if (rng_is(k, "choice")) {
            hit |= !rng_value_refused(schema, k, v, depth + 1, listed, all);
        }
    }
    return *listed && !hit;
}

/* The pattern of an attribute's <data><param name="pattern">, or NULL. */
static const xmlChar *rng_pattern(const xmlNode *attr_def)
{
    for (const xmlNode *dt = attr_def->children; dt; dt = dt->next)
        for (const xmlNode *p = rng_is(dt, "data") ? dt->children : NULL; p; p = p->next) {
            xmlAttr *nm = rng_is(p, "param") ? xmlHasProp(p, (const xmlChar *)"name") : NULL;
            if (nm && nm->children && xmlStrEqual(nm->children->content, (const xmlChar *)"pattern") &&
                p->children && p->children->type == XML_TEXT_NODE)
                return p->children->content;
        }
    return NULL;
}

/* fields.xml's hint for attribute name of element el ("小写字母、数字和“-”…"), or NULL. */
static const char *attr_hint(const mlps_form *form, const xmlNode *el, const xmlChar *name)
{
    const xmlNode *chain[MLPS_MAX_XML_DEPTH + 1];
    int n = 0;
    for (const xmlNode *p = el; p && p->type == XML_ELEMENT_NODE && n <= MLPS_MAX_XML_DEPTH; p = p->parent)
        chain[n++] = p;
    const mlps_field *f = form ? mlps_form_root(form) : NULL;
    if (!f || !n || strcmp(f->name, (const char *)chain[n - 1]->name))
        return NULL;
    for (int i = n - 2; i >= 0 && f; i--)
        f = mlps_field_kid(f, (const char *)chain[i]->name, 0);
    f = f ? mlps_field_kid(f, (const char *)name, 1) : NULL;
    return f ? f->hint : NULL;
}

static void attr_cb(const xmlNode *def, void *user)
{
    refine_ctx *r = user;
    rng_content rc = {0};
    if (r->msg)
        return;
    rng_children(r->schema, def, 0, 0, &rc);
    for (size_t i = 0; i < rc.nattrs; i++)
        if (rc.attr_required[i] && !xmlHasProp(r->node, rc.attrs[i])) {
            mlps_buf b = MLPS_BUF_INIT;
            mlps_buf_printf(&b, "元素 <%s> 缺少必需的属性 %s", (const char *)r->node->name, (const char *)rc.attrs[i]);
            r->msg = mlps_buf_detach(&b);
            return;
        }
    for (size_t i = 0; i < rc.nattrs; i++) {
        xmlChar *v = xmlGetProp(r->node, rc.attrs[i]);
        int listed = 0;
        mlps_buf all = MLPS_BUF_INIT;
        if (v && rng_value_refused(r->schema, rc.attr_defs[i], v, 0, &listed, &all)) {
            mlps_buf b = MLPS_BUF_INIT;
            if (v[0])
                mlps_buf_printf(&b, "属性 %s 的取值“%s”无效（可选：%s）", (const char *)rc.attrs[i], (const char *)v,
                                all.ptr);
            else
                mlps_buf_printf(&b, "属性 %s 未填写（可选：%s）", (const char *)rc.attrs[i], all.ptr);
            r->msg = mlps_buf_detach(&b);
        }
        mlps_buf_free(&all);
        const xmlChar *pat = v && !r->msg ? rng_pattern(rc.attr_defs[i]) : NULL;
        xmlRegexpPtr re = pat ? xmlRegexpCompile(pat) : NULL;
        if (re && xmlRegexpExec(re, v) != 1) {
            const char *hint = attr_hint(r->form, r->node, rc.attrs[i]);
            mlps_buf b = MLPS_BUF_INIT;
            if (v[0])
                mlps_buf_printf(&b, "属性 %s 的取值“%s”无效：", (const char *)rc.attrs[i], (const char *)v);
            else
                mlps_buf_printf(&b, "属性 %s 未填写：", (const char *)rc.attrs[i]);
            if (hint)
                mlps_buf_printf(&b, "应为%s%s（格式 %s）", (unsigned char)hint[0] < 0x80 ? " " : "", hint,
                                (const char *)pat);
            else
                mlps_buf_printf(&b, "应符合格式 %s", (const char *)pat);
            r->msg = mlps_buf_detach(&b);
        }
        if (re)
            xmlRegFreeRegexp(re);
        xmlFree(v);
        if (r->msg)
            return;
    }
}

static void missing_cb(const xmlNode *def, void *user)
{
    refine_ctx *r = user;
    rng_content rc = {0};
    if (r->msg)
        return;
    rng_children(r->schema, def, 0, 0, &rc);
    for (size_t i = 0; i < rc.count; i++) {
        int present = 0;
        if (!rc.required[i] || !rc.names[i])
            continue;
        for (const xmlNode *k = r->node->children; k && !present; k = k->next)
            present = k->type == XML_ELEMENT_NODE && xmlStrEqual(k->name, rc.names[i]);
        if (!present) {
            mlps_buf b = MLPS_BUF_INIT;
            mlps_buf_printf(&b, "缺少必需的元素 <%s>", (const char *)rc.names[i]);
            r->msg = mlps_buf_detach(&b);
            return;
        }
    }
}

/* "Expecting an element, got nothing" under node: names the first missing required child. */
static char *refine_missing(const xmlDoc *schema, const xmlNode *node)
{
    refine_ctx r = {schema, node, NULL, NULL};
    if (schema && node && node->type == XML_ELEMENT_NODE)
        rng_find_elements(xmlDocGetRootElement((xmlDoc *)schema), node->name, missing_cb, &r);
    return r.msg;
}

/* "Element X failed to validate attributes": names the missing attribute when there is one. */
static char *refine_attributes(const xmlDoc *schema, const mlps_form *form, const xmlNode *node)
{
    refine_ctx r = {schema, node, NULL, form};
    if (schema && node && node->type == XML_ELEMENT_NODE)
        rng_find_elements(xmlDocGetRootElement((xmlDoc *)schema), node->name, attr_cb, &r);
    return r.msg;
}

/* A Chinese message for "element X not expected here" that names what is missing. */
static char *refine_unexpected(const xmlDoc *schema, const xmlNode *node)
{
    refine_ctx r = {schema, node, NULL, NULL};
    if (!schema || !node || node->type != XML_ELEMENT_NODE || !node->parent ||
        node->parent->type != XML_ELEMENT_NODE)
        return NULL;
    rng_find_elements(xmlDocGetRootElement((xmlDoc *)schema), node->parent->name, refine_cb, &r);
    if (!r.msg) {
        mlps_buf b = MLPS_BUF_INIT;
        mlps_buf_printf(&b, "<%s> 中不允许元素 <%s>（名称是否拼错？字段见 docs/data-model.md）",
                   (const char *)node->parent->name, (const char *)node->name);
        r.msg = mlps_buf_detach(&b);
    }
    return r.msg;
}

static void collect_text_fields(mlps_model *m, const xmlNode *n)
{
    for (const xmlNode *k = n ? n->children : NULL; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (rng_is(k, "element") && xmlHasProp(k, (const xmlChar *)"name")) {
            rng_content rc = {0};
            rng_children(m->schema_doc, k, 0, 0, &rc);
            const xmlChar *name = xmlHasProp(k, (const xmlChar *)"name")->children->content;
            size_t i = 0;
            while (i < m->ntext_fields && !xmlStrEqual(m->text_fields[i], name))
                i++;
            if (rc.text && rc.count == 0 && !xmlHasProp(k, (const xmlChar *)"mixed") && i == m->ntext_fields &&
                m->ntext_fields < MLPS_MAX_SCHEMA_NAMES)
                m->text_fields[m->ntext_fields++] = name;
        }
        collect_text_fields(m, k);
    }
}

/* ---- model ---- */

typedef struct {
    mlps_diags *d;
    const char *file;
} parse_err_ctx;

static void on_schema_parse_error(void *user, xmlErrorPtr e)
{
    parse_err_ctx *p = user;
    if (!e || e->level < XML_ERR_ERROR)
        return;
    mlps_diag_error(p->d, p->file, e->line, NULL, "数据结构定义（RELAX NG）有误：%s", e->message ? e->message : "?");
}

static xmlDocPtr load_catalogue(const char *data_dir, const char *name, mlps_diags *d)
{
    mlps_buf p = MLPS_BUF_INIT;
    mlps_buf_printf(&p, "%s/templates/catalogue/%s.xml", data_dir, name);
    xmlDocPtr doc = mlps_xml_read_file(p.ptr, d);
    mlps_buf_free(&p);
    return doc;
}

/* Reads and compiles a RELAX NG schema; 0 on success (both outputs set, caller frees). */
static int load_rng(const char *path, xmlRelaxNGPtr *schema, xmlDocPtr *schema_doc, mlps_diags *d)
{
    xmlDocPtr doc = mlps_xml_read_file(path, d);
    xmlRelaxNGParserCtxtPtr pc = doc ? xmlRelaxNGNewDocParserCtxt(doc) : NULL; /* copies doc */
    size_t errors0 = d->errors;
    *schema = NULL;
    *schema_doc = NULL;
    if (doc && !pc)
        mlps_diag_error(d, path, 0, NULL, "无法创建 RELAX NG 解析器");
    if (pc) {
        parse_err_ctx pe = {d, path};
        xmlRelaxNGSetParserStructuredErrors(pc, on_schema_parse_error, &pe);
        *schema = xmlRelaxNGParse(pc);
        if (!*schema && d->errors == errors0)
            mlps_diag_error(d, path, 0, NULL, "数据结构定义（RELAX NG）无法编译");
        xmlRelaxNGFreeParserCtxt(pc);
    }
    if (*schema)
        *schema_doc = doc;
    else
        xmlFreeDoc(doc);
    return *schema ? 0 : -1;
}

mlps_model *mlps_model_load(const char *data_dir, mlps_diags *d)
{
    mlps_model *m = mlps_xcalloc(1, sizeof *m);
    mlps_buf rng = MLPS_BUF_INIT, codes = MLPS_BUF_INIT;
    int ok = 0;

    mlps_buf_printf(&rng, "%s/templates/schema/unit.rng", data_dir);
    mlps_buf_printf(&codes, "%s/templates/codes.xml", data_dir);
    m->codes = mlps_codes_load(codes.ptr, d);
    if (!m->codes)
        goto cleanup;
    if (load_rng(rng.ptr, &m->schema, &m->schema_doc, d))
        goto cleanup;
    collect_text_fields(m, xmlDocGetRootElement(m->schema_doc));
    mlps_buf_clear(&rng);
    mlps_buf_printf(&rng, "%s/templates/schema/fields.xml", data_dir);
    m->form = mlps_form_build(m->schema_doc, m->codes, rng.ptr, d);
    ok = m->form != NULL;
    if (ok && (!(m->catalogue_2019 = load_catalogue(data_dir, "gbt22239-2019", d)) ||
               !(m->catalogue_2008 = load_catalogue(data_dir, "gbt22239-2008", d))))
        ok = 0;
cleanup:
    mlps_buf_free(&rng);
    mlps_buf_free(&codes);
    if (!ok) {
        mlps_model_free(m);
        m = NULL;
    }
    return m;
}

void mlps_model_free(mlps_model *m)
{
    if (!m)
        return;
    if (m->schema)
        xmlRelaxNGFree(m->schema);
    mlps_form_free(m->form);
    xmlFreeDoc(m->schema_doc);
    xmlFreeDoc(m->catalogue_2019);
    xmlFreeDoc(m->catalogue_2008);
    mlps_codes_free(m->codes);
    free(m);
}

const mlps_codes *mlps_model_codes(const mlps_model *m)
{
    return m->codes;
}

const struct mlps_form *mlps_model_form(const mlps_model *m)
{
    return m->form;
}

/* ---- schema validation with Chinese messages ---- */

typedef struct {
    int code;
    long line;
    char *path;
    char *msg;
} rng_err;

typedef struct {
    rng_err *items;
    size_t count, cap;
    const xmlDoc *schema;
    const mlps_form *form; /* NULL for schemas other than the unit's */
} rng_errs;

static int generic(int code)
{
    /* cascades: "Element X failed to validate content" follows the real error */
    return code == XML_RELAXNG_ERR_CONTENTVALID || code == XML_RELAXNG_ERR_INTERSEQ ||
           code == XML_RELAXNG_ERR_NOSTATE || code == XML_RELAXNG_ERR_INTERNODATA;
}

static const char *or_q(const char *s)
{
    return s && *s ? s : "?";
}

static char *translate(const xmlError *e, const xmlNode *node)
{
    mlps_buf b = MLPS_BUF_INIT;
    const char *s1 = e->str1, *s2 = e->str2;
    const char *here = node && node->type == XML_ELEMENT_NODE ? (const char *)node->name : NULL;
    switch (e->code) {
    case XML_RELAXNG_ERR_ELEMNAME:
        mlps_buf_printf(&b, "此处应为元素 <%s>，实际为 <%s>（缺少 <%s>，或元素顺序不对）", or_q(s1), or_q(s2), or_q(s1));
        break;
    case XML_RELAXNG_ERR_NOELEM:
        if (s1 && *s1)
            mlps_buf_printf(&b, "缺少元素 <%s>", s1);
        else
            mlps_buf_printf(&b, "<%s> 缺少必需的子元素", or_q(here));
        break;
    case XML_RELAXNG_ERR_ELEMWRONG:
    case XML_RELAXNG_ERR_INTEREXTRA:
        mlps_buf_printf(&b, "此处不允许元素 <%s>", or_q(s1));
        break;
    case XML_RELAXNG_ERR_EXTRACONTENT:
        mlps_buf_printf(&b, "元素 <%s> 中有多余的内容 <%s>", or_q(s1), or_q(s2));
        break;
    case XML_RELAXNG_ERR_INVALIDATTR:
        mlps_buf_printf(&b, "元素 <%s> 不允许属性 %s", or_q(s2), or_q(s1));
        break;
    case XML_RELAXNG_ERR_ATTRVALID:
        mlps_buf_printf(&b, "元素 <%s> 缺少必需的属性，或属性取值无效", or_q(s1 ? s1 : here));
        break;
    case XML_RELAXNG_ERR_TEXTWRONG:
        mlps_buf_printf(&b, "元素 <%s> 中不应有文字", or_q(s1 ? s1 : here));
        break;
    case XML_RELAXNG_ERR_NOTELEM:
        mlps_buf_puts(&b, "此处应为元素，实际为文字");
        break;
    case XML_RELAXNG_ERR_DATAELEM:
    case XML_RELAXNG_ERR_VALELEM:
    case XML_RELAXNG_ERR_LISTELEM:
        mlps_buf_printf(&b, "元素 <%s> 中不应有子元素", or_q(s1 ? s1 : here));
        break;
    case XML_RELAXNG_ERR_TYPE:
    case XML_RELAXNG_ERR_TYPEVAL:
    case XML_RELAXNG_ERR_DATATYPE:
    case XML_RELAXNG_ERR_VALUE:
    case XML_RELAXNG_ERR_LIST:
    case XML_RELAXNG_ERR_LACKDATA:
        if (e->code == XML_RELAXNG_ERR_TYPEVAL && s2)
            mlps_buf_printf(&b, "取值“%s”无效", s2);
        else
            mlps_buf_puts(&b, "取值无效");
        break;
    case XML_RELAXNG_ERR_CONTENTVALID:
        mlps_buf_printf(&b, "元素 <%s> 的内容不符合数据结构定义", or_q(s1 ? s1 : here));
        break;
    case XML_RELAXNG_ERR_EXTRADATA:
        mlps_buf_puts(&b, "文档末尾有多余的内容");
        break;
    default: {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", e->message ? e->message : "?");
        size_t n = strlen(msg);
        while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
            msg[--n] = '\0';
        mlps_buf_printf(&b, "不符合数据结构定义（%s）", msg);
        break;
    }
    }
    return mlps_buf_detach(&b);
}

static void on_valid_error(void *user, xmlErrorPtr e)
{
    rng_errs *r = user;
    if (!e || e->level < XML_ERR_ERROR || r->count >= MLPS_MAX_FILE_MESSAGES)
        return; /* past the cap: no path or message is computed (bounded time) */
    const xmlNode *node = e->node;
    while (node && node->type != XML_ELEMENT_NODE && node->type != XML_ATTRIBUTE_NODE)
        node = node->parent;
    XGROW(r->items, r->cap, r->count + 1);
    rng_err *x = &r->items[r->count++];
    x->code = e->code;
    long line = node ? xmlGetLineNo(node) : 0;
    x->line = line > 0 ? line : (e->line > 0 ? e->line : 0);
    x->msg = e->code == XML_RELAXNG_ERR_ELEMWRONG ? refine_unexpected(r->schema, node)
             : e->code == XML_RELAXNG_ERR_ATTRVALID ? refine_attributes(r->schema, r->form, node)
             : e->code == XML_RELAXNG_ERR_NOELEM && (!e->str1 || !*e->str1) ? refine_missing(r->schema, node)
                                                              : NULL;
    if (e->code == XML_RELAXNG_ERR_ELEMWRONG && x->msg && !strncmp(x->msg, "缺少", 6) && node->parent &&
        node->parent->type == XML_ELEMENT_NODE) /* the missing field is the parent's */
        node = node->parent;
    x->path = node ? mlps_xml_node_path(node) : NULL;
    if (!x->msg)
        x->msg = translate(e, node);
}

/* form: the unit schema as fields, to name every missing element; NULL for other schemas. */
static size_t validate_with(xmlRelaxNGPtr schema, const xmlDoc *schema_doc, const char *schema_name,
                            const mlps_form *form, xmlDocPtr doc, const char *file, mlps_diags *d)
{
    size_t before = d->errors, first = d->count;
    rng_errs r = {NULL, 0, 0, schema_doc, form};
    xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
    if (!vc) {
        mlps_diag_error(d, file, 0, NULL, "无法创建 RELAX NG 校验器");
        goto cleanup;
    }
    xmlRelaxNGSetValidStructuredErrors(vc, on_valid_error, &r);
    int rc = xmlRelaxNGValidateDoc(vc, doc);
    int specific = 0;
    for (size_t i = 0; i < r.count; i++)
        specific |= !generic(r.items[i].code);
    for (size_t i = 0; i < r.count; i++) {
        rng_err *x = &r.items[i];
        int dup = 0;
        for (size_t j = 0; j < i && !dup; j++)
            dup = r.items[j].line == x->line && !strcmp(r.items[j].msg, x->msg);
        if (!dup && !(specific && generic(x->code)))
            mlps_diag_error(d, file, x->line, x->path, "%s", x->msg);
    }
    if (rc != 0 && form) /* RELAX NG names only the first missing child of each parent */
        mlps_form_missing(form, doc, file, d, first);
    if (rc != 0 && d->errors == before)
        mlps_diag_error(d, file, 0, NULL, "不符合数据结构定义（%s）", schema_name);
cleanup:
    for (size_t i = 0; i < r.count; i++) {
        free(r.items[i].path);
        free(r.items[i].msg);
    }
    free(r.items);
    if (vc)
        xmlRelaxNGFreeValidCtxt(vc);
    return d->errors - before;
}

size_t mlps_data_validate(const mlps_model *m, xmlDocPtr doc, const char *file, mlps_diags *d)
{
    return validate_with(m->schema, m->schema_doc, "templates/schema/unit.rng", m->form, doc, file, d);
}

/* ---- any other schema (render plans) ---- */

struct mlps_schema {
    xmlRelaxNGPtr rng;
    xmlDocPtr doc;
    char *name;
};

mlps_schema *mlps_schema_load(const char *path, mlps_diags *d)
{
    mlps_schema *s = mlps_xcalloc(1, sizeof *s);
    if (load_rng(path, &s->rng, &s->doc, d)) {
        free(s);
        return NULL;
    }
    s->name = mlps_xstrdup(path);
    return s;
}

size_t mlps_schema_validate(const mlps_schema *s, xmlDocPtr doc, const char *file, mlps_diags *d)
{
    return validate_with(s->rng, s->doc, s->name, NULL, doc, file, d);
}

void mlps_schema_free(mlps_schema *s)
{
    if (!s)
        return;
    if (s->rng)
        xmlRelaxNGFree(s->rng);
    xmlFreeDoc(s->doc);
    free(s->name);
    free(s);
}

/* ---- text fields must not be empty ---- */

/* Length of the white space at p: ASCII, ideographic space U+3000 and no-break space U+00A0
 * (a field of only these is empty: a name "　" must not render as "一、　描述"). */
static size_t space_len(const xmlChar *p)
{
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        return 1;
    if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
        return 3;
    if (p[0] == 0xC2 && p[1] == 0xA0)
        return 2;
    return 0;
}

static void check_fields(const mlps_model *m, xmlNode *n, const char *file, size_t errors0, mlps_diags *d)
{
    int has_el = 0;
    for (xmlNode *k = n->children; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE) {
            has_el = 1;
            check_fields(m, k, file, errors0, d);
        }
    if (d->errors - errors0 >= MLPS_MAX_FILE_MESSAGES)
        return;
    if (has_el || n->properties) /* not a text field: no need to look its name up */
        return;
    size_t i = 0; /* the first byte compared inline: most names differ there */
    while (i < m->ntext_fields &&
           (m->text_fields[i][0] != n->name[0] || !xmlStrEqual(m->text_fields[i], n->name)))
        i++;
    if (i == m->ntext_fields)
        return;
    xmlChar *t = xmlNodeGetContent(n);
    const xmlChar *p = t;
    for (size_t k; p && (k = space_len(p)) > 0;)
        p += k;
    size_t len = p ? strlen((const char *)p) : 0;
    if (!len || len > MLPS_MAX_FIELD_BYTES) {
        char *path = mlps_xml_node_path(n);
        long line = xmlGetLineNo(n);
        if (!len)
            mlps_diag_error(d, file, line > 0 ? line : 0, path, "<%s> 的内容为空", (const char *)n->name);
        else
            mlps_diag_error(d, file, line > 0 ? line : 0, path, "<%s> 的内容过长（上限 %u 字节）", (const char *)n->name,
                       MLPS_MAX_FIELD_BYTES);
        free(path);
    }
    xmlFree(t);
}

/* ---- annotation ---- */

static xmlNode *kid(const xmlNode *n, const char *name)
{
    for (xmlNode *k = n ? n->children : NULL; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE && xmlStrEqual(k->name, (const xmlChar *)name))
            return k;
    return NULL;
}

static char *prop(const xmlNode *n, const char *name)
{
    xmlChar *v = n ? xmlGetProp(n, (const xmlChar *)name) : NULL;
    char *s = v ? mlps_xstrdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

/* The grading standard of the system that contains n ("2008"/"2020"), caller frees. */
static char *standard_of(const xmlNode *n)
{
    while (n && !(n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, (const xmlChar *)"system")))
        n = n->parent;
    return prop(kid(n, "grading"), "standard");
}

static void label_list(const mlps_codes *c, xmlXPathContextPtr xp, const mlps_code_list *l)
{
    xmlXPathObjectPtr r = mlps_xml_select(xp, l->field);
    for (int i = 0; r && r->nodesetval && i < r->nodesetval->nodeNr; i++) {
        xmlNode *a = r->nodesetval->nodeTab[i];
        if (a->type != XML_ATTRIBUTE_NODE || !a->parent)
            continue;
        xmlNode *owner = a->parent;
        xmlChar *v = xmlNodeGetContent(a);
        const mlps_code_item *it = mlps_codes_find(c, l->id, v ? (const char *)v : "");
        if (it) {
            mlps_buf name = MLPS_BUF_INIT;
            if (xmlStrEqual(a->name, (const xmlChar *)"code"))
                mlps_buf_puts(&name, "label");
            else
                mlps_buf_printf(&name, "%s-label", (const char *)a->name);
            const char *label = it->label;
            if (!strcmp(l->id, "object") || !strcmp(l->id, "degree")) {
                char *std = standard_of(owner);
                label = !strcmp(l->id, "object") ? mlps_object_label(c, it->code, std)
                                                  : mlps_degree_label(c, it->code, std);
                free(std);
            }
            xmlSetProp(owner, (const xmlChar *)name.ptr, (const xmlChar *)label);
            if (it->label20)
                xmlSetProp(owner, (const xmlChar *)"label-2.0", (const xmlChar *)it->label20);
            mlps_buf_free(&name);
        }
        xmlFree(v);
    }
    xmlXPathFreeObject(r);
}

static void set_int(xmlNode *n, const char *name, int v)
{
    char s[16];
    snprintf(s, sizeof s, "%d", v);
    xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)s);
}

static void set_str(xmlNode *n, const char *name, const char *v)
{
    if (v)
        xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)v);
}

static void annotate_system(const mlps_codes *c, xmlNode *sys)
{
    xmlNode *g = kid(sys, "grading");
    char *std = prop(g, "standard");
    xmlNode *old = kid(sys, "computed");
    if (old) {
        xmlUnlinkNode(old);
        xmlFreeNode(old);
    }
    xmlNode *out = xmlNewChild(sys, NULL, (const xmlChar *)"computed", NULL);
    static const char *const parts[] = {"business-info", "system-service"};
    static const char *const names[] = {"business", "service"};
    int lv[2] = {0, 0};
    for (int i = 0; i < 2; i++) {
        xmlNode *h = kid(g, parts[i]);
        const char *obj, *deg; /* the highest of the part's damage items */
        lv[i] = mlps_grade_items(c, h, &obj, &deg);
        char an[32];
        if (lv[i]) {
            snprintf(an, sizeof an, "%s-level", names[i]);
            set_int(out, an, lv[i]);
            snprintf(an, sizeof an, "%s-level-name", names[i]);
            set_str(out, an, mlps_level_name(c, lv[i]));
            snprintf(an, sizeof an, "%s-harm", names[i]);
            set_str(out, an, mlps_grade_wording(c, obj, deg, std));
        }
    }
    int level = mlps_grade_overall(lv[0], lv[1]);
    if (level) {
        set_int(out, "level", level);
        set_str(out, "level-name", mlps_level_name(c, level));
        set_str(out, "level-title", mlps_level_title(c, level));
    }
    free(std);
}

/* Paragraphs written <p>a</p><p>b</p>, with nothing between them, get a line break between
 * them: templates read a long-text field's paragraphs from its text, one a line, and would
 * otherwise print them as one. */
static void separate_paragraphs(xmlNode *n)
{
    for (xmlNode *k = n ? n->children : NULL; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual(k->name, (const xmlChar *)"p") && k->next && k->next->type == XML_ELEMENT_NODE &&
            xmlStrEqual(k->next->name, (const xmlChar *)"p")) {
            xmlNode *nl = xmlNewDocText(k->doc, (const xmlChar *)"\n");
            if (nl)
                xmlAddNextSibling(k, nl);
        }
        separate_paragraphs(k);
    }
}

static bool named(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

char *mlps_data_system_ids(xmlDocPtr doc)
{
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_puts(&b, "");
    for (xmlNodePtr y = mlps_data_next_system(doc, NULL); y; y = mlps_data_next_system(doc, y)) {
        xmlChar *id = xmlGetNoNsProp(y, (const xmlChar *)"id");
        mlps_buf_printf(&b, "%s%s", b.len ? "、" : "", id ? (const char *)id : "");
        xmlFree(id);
    }
    return mlps_buf_detach(&b);
}

xmlNodePtr mlps_data_next_system(xmlDocPtr doc, xmlNodePtr prev)
{
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    xmlNodePtr ss = prev ? prev->parent : root ? root->children : NULL;
    for (bool first = true; ss; ss = ss->next, first = false) {
        if (!named(ss, "systems"))
            continue;
        for (xmlNodePtr y = first && prev ? prev->next : ss->children; y; y = y->next)
            if (named(y, "system"))
                return y;
    }
    return NULL;
}

xmlNodePtr mlps_data_find_system(xmlDocPtr doc, const char *id)
{
    for (xmlNodePtr y = mlps_data_next_system(doc, NULL); y; y = mlps_data_next_system(doc, y)) {
        xmlChar *v = xmlGetNoNsProp(y, (const xmlChar *)"id");
        int hit = v && !strcmp((const char *)v, id);
        xmlFree(v);
        if (hit)
            return y;
    }
    return NULL;
}

void mlps_data_annotate(const mlps_codes *c, xmlDocPtr doc)
{
    separate_paragraphs(xmlDocGetRootElement(doc));
    xmlXPathContextPtr xp = xmlXPathNewContext(doc);
    for (size_t i = 0; xp && i < mlps_codes_list_count(c); i++) {
        const mlps_code_list *l = mlps_codes_list_at(c, i);
        if (l->field)
            label_list(c, xp, l);
    }
    xmlXPathFreeContext(xp);
    for (xmlNode *s = mlps_data_next_system(doc, NULL); s; s = mlps_data_next_system(doc, s))
        annotate_system(c, s);
}

/* ---- leading and trailing white space ---- */

static int ascii_space(xmlChar c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Bytes of the white space starting at s[i] (a U+00A0 NO-BREAK SPACE, pasted from Word, too:
 * the serve page trims it as well); 0 when none. */
static size_t space_at(const xmlChar *s, size_t i, size_t len)
{
    if (ascii_space(s[i]))
        return 1;
    return i + 1 < len && s[i] == 0xC2 && s[i + 1] == 0xA0 ? 2 : 0;
}

/* Text nodes and CDATA hold a value's characters; comments inside a value are skipped. */
static int is_text(const xmlNode *n)
{
    return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE;
}

/* Strips the white space at the start (front) or end of one text node; 1 when it is now
 * empty. Node content is set through libxml2 (it may live in the document's dictionary). */
static int strip_text(xmlNode *t, int front)
{
    const xmlChar *s = t->content ? t->content : (const xmlChar *)"";
    size_t len = strlen((const char *)s), a = 0, b = len;
    size_t k;
    if (front)
        while (a < len && (k = space_at(s, a, len)) > 0)
            a += k;
    else
        while (b > 0 && (ascii_space(s[b - 1]) || (b >= 2 && space_at(s, b - 2, len) == 2)))
            b -= ascii_space(s[b - 1]) ? 1 : 2;
    if (a == 0 && b == len)
        return 0;
    xmlChar *kept = xmlStrndup(s + a, (int)(b - a));
    xmlNodeSetContent(t, kept);
    xmlFree(kept);
    return a == b;
}

/* Trims a leaf element's value at both ends; its inner lines (paragraphs) stay. */
static void trim_leaf(xmlNode *el)
{
    for (int front = 1; front >= 0; front--) {
        xmlNode *t = front ? el->children : el->last;
        while (t && (!is_text(t) || strip_text(t, front))) {
            xmlNode *next = front ? t->next : t->prev;
            if (is_text(t)) { /* emptied: dropped, the next one is trimmed too */
                xmlUnlinkNode(t);
                xmlFreeNode(t);
            }
            t = next;
        }
    }
}

static void trim_values(xmlNode *n)
{
    int leaf = 1;
    for (xmlAttr *a = n->properties; a; a = a->next)
        if (a->children && is_text(a->children) && !a->children->next) {
            strip_text(a->children, 1);
            strip_text(a->children, 0);
        }
    for (xmlNode *k = n->children; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE) {
            leaf = 0;
            trim_values(k);
        }
    if (leaf)
        trim_leaf(n);
}

void mlps_data_normalise(xmlDocPtr doc)
{
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (root)
        trim_values(root);
}

/* ---- load ---- */

/* Stable sort of d->items[from..] by line, so a file's problems read top to bottom. */
static void sort_by_line(mlps_diags *d, size_t from)
{
    for (size_t i = from + 1; i < d->count; i++) {
        mlps_diag x = d->items[i];
        size_t j = i;
        while (j > from && d->items[j - 1].line > x.line) {
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = x;
    }
}

size_t mlps_data_check(const mlps_model *m, xmlDocPtr doc, const char *file, const mlps_check_opts *opts,
                       mlps_diags *d)
{
    size_t first = d->count, errors = d->errors;
    const char *code = mlps_diag_set_code(d, MLPS_DC_DATA_SCHEMA);
    mlps_data_normalise(doc);
    mlps_data_validate(m, doc, file, d);
    check_fields(m, xmlDocGetRootElement(doc), file, d->errors, d);
    mlps_diag_set_code(d, MLPS_DC_DATA_CHECK);
    mlps_check_unit(m->codes, doc, file, opts, d);
    mlps_check_gap_analyses(m->codes, doc, file, m->catalogue_2019, m->catalogue_2008, opts, d);
    sort_by_line(d, first);
    if (d->errors - errors >= MLPS_MAX_FILE_MESSAGES)
        mlps_diag_error(d, file, 0, NULL, "问题过多：每类检查最多列出 %d 个，请先改正以上问题再检查",
                        MLPS_MAX_FILE_MESSAGES);
    mlps_diag_set_code(d, code);
    return d->errors - errors;
}

xmlDocPtr mlps_data_load(const mlps_model *m, const char *path, const mlps_check_opts *opts,
                         mlps_diags *d)
{
    size_t errors = d->errors;
    const char *code = mlps_diag_set_code(d, MLPS_DC_DATA_READ);
    xmlDocPtr doc = mlps_xml_read_file(path, d);
    if (!doc)
        goto cleanup;
    mlps_data_check(m, doc, path, opts, d);
    if (d->errors != errors) {
        xmlFreeDoc(doc);
        doc = NULL;
        goto cleanup;
    }
    mlps_data_annotate(m->codes, doc);
    /* document order numbered once, here: templates' XPath sorts by it, and threads sharing
     * this document then only read it */
    xmlXPathOrderDocElems(doc);
cleanup:
    mlps_diag_set_code(d, code);
    return doc;
}
