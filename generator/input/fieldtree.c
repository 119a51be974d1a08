#include "fieldtree.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "mlps_limits.h"
#include "xmlread.h"

/* Nesting of elements and refs followed while reading the schema (it does not recurse). */
#define MLPS_MAX_FORM_DEPTH 48
/* Fields in the whole tree (the schema has about 300). */
#define MLPS_MAX_FORM_FIELDS 4000

typedef struct {
    char *path;  /* "unit/name", matched as a suffix of the field path on step boundaries */
    char *label, *no, *table, *hint;
    char *list; /* a codes.xml list id for a field its lists' XPath does not name */
} label_entry;

struct mlps_form {
    mlps_field *root;
    label_entry *labels;
    size_t nlabels, caplabels;
    size_t nfields;
};

typedef struct {
    mlps_form *form;
    const xmlDoc *schema;
    const mlps_codes *codes;
} build_ctx;

static int rng_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, (const xmlChar *)name);
}

static char *prop(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *s = v ? mlps_xstrdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

static const xmlNode *rng_define(const xmlDoc *schema, const char *name)
{
    const xmlNode *g = xmlDocGetRootElement((xmlDoc *)schema);
    for (const xmlNode *k = g ? g->children : NULL; k; k = k->next)
        if (rng_is(k, "define")) {
            char *dn = prop(k, "name");
            int hit = dn && !strcmp(dn, name);
            free(dn);
            if (hit)
                return k;
        }
    return NULL;
}

/* 1 when the schema path matches the XPath of a codes.xml list ("*" = any one step). */
static int xpath_matches(const char *xpath, const char *path)
{
    while (*xpath && *path) {
        const char *xe = strchr(xpath + 1, '/'), *pe = strchr(path + 1, '/');
        size_t xl = xe ? (size_t)(xe - xpath) : strlen(xpath), pl = pe ? (size_t)(pe - path) : strlen(path);
        if (!(xl == 2 && xpath[1] == '*') && (xl != pl || memcmp(xpath, path, xl)))
            return 0;
        xpath += xl;
        path += pl;
    }
    return !*xpath && !*path;
}

static void find_list(build_ctx *c, mlps_field *f)
{
    for (size_t i = 0; i < mlps_codes_list_count(c->codes); i++) {
        const mlps_code_list *l = mlps_codes_list_at(c->codes, i);
        if (l->field && xpath_matches(l->field, f->path))
            f->list = l;
    }
}

/* The most specific fields.xml entry whose path ends the field's path. */
static void find_label(build_ctx *c, mlps_field *f)
{
    size_t best = 0, plen = strlen(f->path);
    for (size_t i = 0; i < c->form->nlabels; i++) {
        const label_entry *e = &c->form->labels[i];
        size_t el = strlen(e->path);
        if (el >= plen || el <= best || strcmp(f->path + plen - el, e->path) || f->path[plen - el - 1] != '/')
            continue;
        best = el;
        f->label = e->label;
        f->no = e->no;
        f->table = e->table;
        f->hint = e->hint;
        if (e->list && !f->list)
            f->list = mlps_codes_list(c->codes, e->list);
    }
}

static mlps_field *new_field(build_ctx *c, const char *parent_path, const char *name, int is_attr,
                             int required, int repeat)
{
    mlps_field *f = mlps_xcalloc(1, sizeof *f);
    mlps_buf p = MLPS_BUF_INIT;
    mlps_buf_printf(&p, "%s/%s%s", parent_path, is_attr ? "@" : "", name);
    f->is_attr = is_attr;
    f->name = mlps_xstrdup(name);
    f->path = mlps_buf_detach(&p);
    f->required = required;
    f->repeat = repeat;
    c->form->nfields++;
    find_list(c, f);
    find_label(c, f);
    return f;
}

static void add_kid(mlps_field *parent, mlps_field *k)
{
    parent->kids = mlps_xrealloc(parent->kids, (parent->nkids + 1) * sizeof *parent->kids);
    parent->kids[parent->nkids++] = k;
}

static void add_value(mlps_field *f, const xmlNode *v)
{
    xmlChar *t = xmlNodeGetContent(v);
    f->values = mlps_xrealloc(f->values, (f->nvalues + 1) * sizeof *f->values);
    f->values[f->nvalues++] = mlps_xstrdup(t ? (const char *)t : "");
    xmlFree(t);
}

/* Attribute content: text, and the <value>s it is limited to. */
static void attr_content(build_ctx *c, mlps_field *f, const xmlNode *pat, int depth)
{
    for (const xmlNode *k = pat->children; k && depth < MLPS_MAX_FORM_DEPTH; k = k->next) {
        if (rng_is(k, "value"))
            add_value(f, k);
        else if (rng_is(k, "ref")) {
            char *rn = prop(k, "name");
            const xmlNode *def = rn ? rng_define(c->schema, rn) : NULL;
            free(rn);
            if (def)
                attr_content(c, f, def, depth + 1);
        } else if (rng_is(k, "choice"))
            attr_content(c, f, k, depth + 1);
    }
}

static mlps_field *build_element(build_ctx *c, const xmlNode *def, const char *parent_path, int required,
                                 int repeat, int depth);

/* The content pattern of an element: its attributes, child elements (in order) and text. */
static void content(build_ctx *c, mlps_field *f, const xmlNode *pat, int optional, int repeat, int depth)
{
    if (depth > MLPS_MAX_FORM_DEPTH || c->form->nfields > MLPS_MAX_FORM_FIELDS)
        return;
    for (const xmlNode *k = pat->children; k; k = k->next) {
        if (rng_is(k, "element")) {
            mlps_field *e = build_element(c, k, f->path, !optional, repeat, depth + 1);
            if (e)
                add_kid(f, e);
        } else if (rng_is(k, "attribute")) {
            char *an = prop(k, "name");
            if (!an)
                continue;
            mlps_field *a = new_field(c, f->path, an, 1, !optional, 0);
            a->text = 1;
            attr_content(c, a, k, depth + 1);
            /* attributes before elements, as in the file */
            size_t at = 0;
            while (at < f->nkids && f->kids[at]->is_attr)
                at++;
            add_kid(f, a);
            memmove(f->kids + at + 1, f->kids + at, (f->nkids - 1 - at) * sizeof *f->kids);
            f->kids[at] = a;
            free(an);
        } else if (rng_is(k, "optional") || rng_is(k, "choice")) {
            content(c, f, k, 1, repeat, depth + 1);
        } else if (rng_is(k, "zeroOrMore")) {
            content(c, f, k, 1, 1, depth + 1);
        } else if (rng_is(k, "oneOrMore")) {
            content(c, f, k, optional, 1, depth + 1);
        } else if (rng_is(k, "group") || rng_is(k, "interleave")) {
            content(c, f, k, optional, repeat, depth + 1);
        } else if (rng_is(k, "ref")) {
            char *rn = prop(k, "name");
            const xmlNode *d = rn ? rng_define(c->schema, rn) : NULL;
            free(rn);
            if (d)
                content(c, f, d, optional, repeat, depth + 1);
        } else if (rng_is(k, "text") || rng_is(k, "data") || rng_is(k, "value")) {
            f->text = 1;
            if (rng_is(k, "value"))
                add_value(f, k);
        }
    }
}

static mlps_field *build_element(build_ctx *c, const xmlNode *def, const char *parent_path, int required,
                                 int repeat, int depth)
{
    char *name = prop(def, "name");
    if (!name)
        return NULL;
    mlps_field *f = new_field(c, parent_path, name, 0, required, repeat);
    free(name);
    content(c, f, def, 0, 0, depth);
    size_t elements = 0;
    for (size_t i = 0; i < f->nkids; i++)
        elements += !f->kids[i]->is_attr;
    f->paras = elements == 1 && !strcmp(f->kids[f->nkids - 1]->name, "p") && f->kids[f->nkids - 1]->repeat;
    for (size_t i = 0; !f->list && i < f->nkids; i++)
        if (f->kids[i]->is_attr && !strcmp(f->kids[i]->name, "code"))
            f->list = f->kids[i]->list;
    return f;
}

static void field_free(mlps_field *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nkids; i++)
        field_free(f->kids[i]);
    for (size_t i = 0; i < f->nvalues; i++)
        free(f->values[i]);
    free(f->values);
    free(f->kids);
    free(f->name);
    free(f->path);
    free(f);
}

static int load_labels(mlps_form *form, const char *path, mlps_diags *d)
{
    xmlDocPtr doc = mlps_xml_read_file(path, d);
    if (!doc)
        return -1;
    xmlNode *root = xmlDocGetRootElement(doc);
    for (xmlNode *k = root ? root->children : NULL; k; k = k->next) {
        if (!rng_is(k, "field"))
            continue;
        char *p = prop(k, "path");
        if (!p) {
            mlps_xml_error_at(d, path, k, "<field> 缺少 path 属性");
            continue;
        }
        XGROW(form->labels, form->caplabels, form->nlabels + 1);
        label_entry *e = &form->labels[form->nlabels++];
        xmlChar *t = xmlNodeGetContent(k);
        e->path = p;
        e->label = mlps_xstrdup(t ? (const char *)t : "");
        e->no = prop(k, "no");
        e->table = prop(k, "table");
        e->hint = prop(k, "hint");
        e->list = prop(k, "list");
        xmlFree(t);
    }
    xmlFreeDoc(doc);
    return 0;
}

void mlps_form_free(mlps_form *f)
{
    if (!f)
        return;
    field_free(f->root);
    for (size_t i = 0; i < f->nlabels; i++) {
        free(f->labels[i].path);
        free(f->labels[i].label);
        free(f->labels[i].no);
        free(f->labels[i].table);
        free(f->labels[i].hint);
        free(f->labels[i].list);
    }
    free(f->labels);
    free(f);
}

mlps_form *mlps_form_build(const xmlDoc *schema, const mlps_codes *codes, const char *fields_path,
                           mlps_diags *d)
{
    mlps_form *form = mlps_xcalloc(1, sizeof *form);
    build_ctx c = {form, schema, codes};
    const xmlNode *g = xmlDocGetRootElement((xmlDoc *)schema), *start = NULL;
    if (fields_path && load_labels(form, fields_path, d))
        goto fail;
    for (const xmlNode *k = g ? g->children : NULL; k && !start; k = k->next)
        if (rng_is(k, "start"))
            start = k;
    for (const xmlNode *k = start ? start->children : NULL; k && !form->root; k = k->next)
        if (rng_is(k, "element"))
            form->root = build_element(&c, k, "", 1, 0, 0);
    if (!form->root || form->nfields > MLPS_MAX_FORM_FIELDS) {
        mlps_diag_error(d, NULL, 0, NULL, "数据结构定义（templates/schema/unit.rng）没有可用的根元素或字段过多");
        goto fail;
    }
    return form;
fail:
    mlps_form_free(form);
    return NULL;
}

const mlps_field *mlps_form_root(const mlps_form *f)
{
    return f->root;
}

const mlps_field *mlps_field_kid(const mlps_field *f, const char *name, int is_attr)
{
    for (size_t i = 0; f && i < f->nkids; i++)
        if (f->kids[i]->is_attr == is_attr && !strcmp(f->kids[i]->name, name))
            return f->kids[i];
    return NULL;
}

/* ---- every missing required element and attribute ---- */

typedef struct {
    const char *file;
    mlps_diags *d;
    size_t from;   /* RELAX NG's diagnostics are d->items[from..walked) */
    size_t walked;
    size_t errors0;
} missing_ctx;

/* 1 when a diagnostic from m->from on, at path or below it, already names `needle`. */
static int reported(const missing_ctx *m, const char *path, const char *needle)
{
    size_t pl = strlen(path);
    for (size_t i = m->from; i < m->d->count; i++) {
        const mlps_diag *x = &m->d->items[i];
        if (x->path && !strncmp(x->path, path, pl) && (x->path[pl] == '\0' || x->path[pl] == '/') &&
            strstr(x->msg, needle))
            return 1;
    }
    return 0;
}

/* An attribute value the schema refuses. RELAX NG reports a bad yes/no value without a line
 * or field, and an empty typed value as "不允许属性 X" although X is allowed: named here. */
static void bad_value(const missing_ctx *m, const mlps_field *k, const xmlNode *n, const char *path)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)k->name);
    int ok = !v || k->nvalues < 2;
    for (size_t i = 0; !ok && i < k->nvalues; i++)
        ok = !strcmp(k->values[i], (const char *)v);
    mlps_buf msg = MLPS_BUF_INIT, wrong = MLPS_BUF_INIT;
    mlps_buf_printf(&msg, "属性 %s 的取值“%s”无效", k->name, v ? (const char *)v : "");
    for (size_t i = 0; i < k->nvalues && k->nvalues > 1; i++)
        mlps_buf_printf(&msg, "%s%s%s", i ? "、" : "（可选：", k->values[i], i + 1 == k->nvalues ? "）" : "");
    mlps_buf_printf(&wrong, "元素 <%s> 不允许属性 %s", (const char *)n->name, k->name);
    for (size_t i = m->from; v && i < m->walked; i++) {
        mlps_diag *x = &m->d->items[i];
        if (x->path && !strcmp(x->path, path) && !strcmp(x->msg, wrong.ptr)) {
            free(x->msg);
            x->msg = mlps_xstrdup(msg.ptr);
            ok = 1;
        }
    }
    mlps_buf_clear(&wrong);
    mlps_buf_printf(&wrong, "属性 %s", k->name);
    if (!ok && !reported(m, path, wrong.ptr))
        mlps_xml_error_at(m->d, m->file, n, "%s", msg.ptr);
    mlps_buf_free(&msg);
    mlps_buf_free(&wrong);
    xmlFree(v);
}

static void missing_walk(const missing_ctx *m, const mlps_field *f, const xmlNode *n)
{
    if (m->d->errors - m->errors0 >= MLPS_MAX_FILE_MESSAGES)
        return; /* data.c says there are too many */
    char *path = mlps_xml_node_path(n);
    for (size_t i = 0; i < f->nkids; i++) {
        const mlps_field *k = f->kids[i];
        if (k->is_attr)
            bad_value(m, k, n, path);
        if (!k->required)
            continue;
        mlps_buf needle = MLPS_BUF_INIT;
        int present = 0;
        if (k->is_attr) {
            present = xmlHasProp(n, (const xmlChar *)k->name) != NULL;
            mlps_buf_printf(&needle, "属性 %s", k->name);
        } else {
            for (const xmlNode *c = n->children; c && !present; c = c->next)
                present = c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, (const xmlChar *)k->name);
            mlps_buf_printf(&needle, "<%s>", k->name);
        }
        if (!present && !reported(m, path, needle.ptr)) {
            if (k->is_attr)
                mlps_xml_error_at(m->d, m->file, n, "元素 <%s> 缺少必需的属性 %s", (const char *)n->name, k->name);
            else
                mlps_xml_error_at(m->d, m->file, n, "缺少必需的元素 <%s>", k->name);
        }
        mlps_buf_free(&needle);
    }
    free(path);
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) {
            const mlps_field *k = mlps_field_kid(f, (const char *)c->name, 0);
            if (k)
                missing_walk(m, k, c);
        }
}

/* RELAX NG's "缺少必需的属性，或属性取值无效" without line or field, once the walk has named
 * the attribute of that element with its line and field. */
static void drop_unlocated(mlps_diags *d, size_t from, size_t walked)
{
    size_t out = from;
    for (size_t i = from; i < d->count; i++) {
        mlps_diag *x = &d->items[i];
        int drop = 0;
        if (i < walked && !x->line && !x->path && strstr(x->msg, "缺少必需的属性，或属性取值无效")) {
            const char *end = strchr(x->msg, '>');
            for (size_t j = walked; j < d->count && end && !drop; j++)
                drop = !strncmp(d->items[j].msg, x->msg, (size_t)(end - x->msg + 1));
        }
        if (drop) {
            d->errors -= x->severity == MLPS_ERROR;
            free(x->file);
            free(x->path);
            free(x->msg);
        } else {
            d->items[out++] = *x;
        }
    }
    d->count = out;
}

size_t mlps_form_missing(const mlps_form *f, xmlDocPtr doc, const char *file, mlps_diags *d, size_t from)
{
    size_t before = d->errors, walked = d->count;
    const xmlNode *root = xmlDocGetRootElement(doc);
    missing_ctx m = {file, d, from, walked, before};
    if (f && root && xmlStrEqual(root->name, (const xmlChar *)f->root->name))
        missing_walk(&m, f->root, root);
    drop_unlocated(d, from, walked);
    return d->errors - before;
}
