#include "codes.h"

#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>

#include "mem.h"
#include "xmlread.h"

struct mlps_codes {
    mlps_code_list *lists;
    size_t nlists, caplists;
    mlps_matrix_cell *cells;
    size_t ncells, capcells;
    xmlDocPtr doc; /* the file as read, for templates' f:codes() node-sets */
};

static const char *const OBJECTS[] = {"citizen", "society", "nation"};
static const char *const DEGREES[] = {"general", "serious", "very-serious"};

static char *attr_dup(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *s = v ? mlps_xstrdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

static int attr_yes(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    int yes = v && xmlStrEqual(v, (const xmlChar *)"yes");
    xmlFree(v);
    return yes;
}

static int is_el(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, (const xmlChar *)name);
}

static int load_list(mlps_codes *c, xmlNode *ln, const char *path, mlps_diags *d)
{
    XGROW(c->lists, c->caplists, c->nlists + 1);
    mlps_code_list *l = &c->lists[c->nlists++];
    memset(l, 0, sizeof *l);
    size_t cap = 0;
    l->id = attr_dup(ln, "id");
    l->title = attr_dup(ln, "title");
    l->field = attr_dup(ln, "field");
    if (!l->id || !l->title) {
        mlps_diag_error(d, path, xmlGetLineNo(ln), NULL, "代码表 <list> 缺少 id 或 title 属性");
        return 0;
    }
    size_t capr = 0;
    for (xmlNode *in = ln->children; in; in = in->next) {
        int retired = is_el(in, "retired"); /* a code no longer offered: its text says why */
        if (!retired && !is_el(in, "item"))
            continue;
        mlps_code_item *it;
        if (retired) {
            XGROW(l->retired, capr, l->nretired + 1);
            it = &l->retired[l->nretired++];
        } else {
            XGROW(l->items, cap, l->count + 1);
            it = &l->items[l->count++];
        }
        memset(it, 0, sizeof *it);
        it->code = attr_dup(in, "code");
        xmlChar *txt = xmlNodeGetContent(in);
        it->label = mlps_xstrdup(txt ? (const char *)txt : "");
        xmlFree(txt);
        if (!retired) {
            it->title = attr_dup(in, "title");
            it->label2008 = attr_dup(in, "label-2008");
            it->label2020 = attr_dup(in, "label-2020");
            it->label20 = attr_dup(in, "label-2.0");
            it->forms = attr_dup(in, "forms");
            it->other = attr_yes(in, "other");
            it->count = attr_yes(in, "count");
            it->exclusive = attr_yes(in, "exclusive");
            it->required = attr_yes(in, "required");
        }
        if (!it->code || !it->label[0]) {
            mlps_diag_error(d, path, xmlGetLineNo(in), NULL, "代码表“%s”的 <%s> 缺少 code 或文字", l->id,
                            (const char *)in->name);
            return 0;
        }
    }
    return 1;
}

static int load_matrix(mlps_codes *c, xmlNode *mn, const char *path, mlps_diags *d)
{
    for (xmlNode *cn = mn->children; cn; cn = cn->next) {
        if (!is_el(cn, "cell"))
            continue;
        XGROW(c->cells, c->capcells, c->ncells + 1);
        mlps_matrix_cell *x = &c->cells[c->ncells++];
        memset(x, 0, sizeof *x);
        x->object = attr_dup(cn, "object");
        x->degree = attr_dup(cn, "degree");
        x->wording2008 = attr_dup(cn, "wording-2008");
        x->wording2020 = attr_dup(cn, "wording-2020");
        char *lv = attr_dup(cn, "level");
        x->level = lv && lv[0] >= '1' && lv[0] <= '5' && !lv[1] ? lv[0] - '0' : 0;
        free(lv);
        if (!x->object || !x->degree || !x->level || !x->wording2008 || !x->wording2020) {
            mlps_diag_error(d, path, xmlGetLineNo(cn), NULL,
                       "定级矩阵的 <cell> 须有 object、degree、level（1–5）、wording-2008、wording-2020");
            return 0;
        }
    }
    return 1;
}

mlps_codes *mlps_codes_load(const char *path, mlps_diags *d)
{
    mlps_codes *c = mlps_xcalloc(1, sizeof *c);
    int ok = 0;
    xmlDocPtr doc = mlps_xml_read_file(path, d);
    if (!doc)
        goto cleanup;
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!root || !is_el(root, "codes")) {
        mlps_diag_error(d, path, 1, NULL, "代码表文件的根元素应为 <codes>");
        goto cleanup;
    }
    for (xmlNode *n = root->children; n; n = n->next) {
        if (is_el(n, "list") && !load_list(c, n, path, d))
            goto cleanup;
        if (is_el(n, "matrix") && !load_matrix(c, n, path, d))
            goto cleanup;
    }
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++)
            if (!mlps_codes_matrix_cell(c, OBJECTS[i], DEGREES[j])) {
                mlps_diag_error(d, path, 0, NULL, "定级矩阵缺少单元格（客体 %s，程度 %s）", OBJECTS[i], DEGREES[j]);
                goto cleanup;
            }
    static const char *const needed[] = {"level", "object", "degree", "material", "province"};
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
        if (!mlps_codes_list(c, needed[i])) {
            mlps_diag_error(d, path, 0, NULL, "代码表缺少列表“%s”", needed[i]);
            goto cleanup;
        }
    ok = 1;
cleanup:
    if (ok && c) {
        c->doc = doc;
        doc = NULL;
    }
    xmlFreeDoc(doc);
    if (!ok) {
        mlps_codes_free(c);
        c = NULL;
    }
    return c;
}

static void free_item(mlps_code_item *it)
{
    free(it->code);
    free(it->label);
    free(it->title);
    free(it->label2008);
    free(it->label2020);
    free(it->label20);
    free(it->forms);
}

void mlps_codes_free(mlps_codes *c)
{
    if (!c)
        return;
    xmlFreeDoc(c->doc);
    for (size_t i = 0; i < c->nlists; i++) {
        mlps_code_list *l = &c->lists[i];
        for (size_t j = 0; j < l->count; j++)
            free_item(&l->items[j]);
        free(l->items);
        for (size_t j = 0; j < l->nretired; j++)
            free_item(&l->retired[j]);
        free(l->retired);
        free(l->id);
        free(l->title);
        free(l->field);
    }
    for (size_t i = 0; i < c->ncells; i++) {
        free(c->cells[i].object);
        free(c->cells[i].degree);
        free(c->cells[i].wording2008);
        free(c->cells[i].wording2020);
    }
    free(c->lists);
    free(c->cells);
    free(c);
}

size_t mlps_codes_list_count(const mlps_codes *c)
{
    return c->nlists;
}

const mlps_code_list *mlps_codes_list_at(const mlps_codes *c, size_t i)
{
    return i < c->nlists ? &c->lists[i] : NULL;
}

const mlps_code_list *mlps_codes_list(const mlps_codes *c, const char *id)
{
    for (size_t i = 0; i < c->nlists; i++)
        if (!strcmp(c->lists[i].id, id))
            return &c->lists[i];
    return NULL;
}

const mlps_code_item *mlps_codes_find(const mlps_codes *c, const char *list, const char *code)
{
    const mlps_code_list *l = code ? mlps_codes_list(c, list) : NULL;
    for (size_t i = 0; l && i < l->count; i++)
        if (!strcmp(l->items[i].code, code))
            return &l->items[i];
    return NULL;
}

const char *mlps_codes_label(const mlps_codes *c, const char *list, const char *code)
{
    const mlps_code_item *it = mlps_codes_find(c, list, code);
    return it ? it->label : NULL;
}

const char *mlps_codes_variant(const mlps_codes *c, const char *list, const char *code,
                               const char *variant)
{
    const mlps_code_item *it = mlps_codes_find(c, list, code);
    const char *s = NULL;
    if (!it || !variant)
        return it ? it->label : NULL;
    if (!strcmp(variant, "title"))
        return it->title;
    if (!strcmp(variant, "label-2008"))
        s = it->label2008;
    else if (!strcmp(variant, "label-2020"))
        s = it->label2020;
    else if (!strcmp(variant, "label-2.0"))
        s = it->label20;
    return s ? s : it->label;
}

const mlps_matrix_cell *mlps_codes_matrix_cell(const mlps_codes *c, const char *object,
                                               const char *degree)
{
    for (size_t i = 0; object && degree && i < c->ncells; i++)
        if (!strcmp(c->cells[i].object, object) && !strcmp(c->cells[i].degree, degree))
            return &c->cells[i];
    return NULL;
}

const struct _xmlDoc *mlps_codes_doc(const mlps_codes *c)
{
    return c ? c->doc : NULL;
}
