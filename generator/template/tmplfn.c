/* f: functions for templates. Each reads its arguments with the usual XPath conversions
 * (a node-set argument becomes its string value), and on bad input leaves a Chinese reason
 * in env->msg and raises an XPath error, so the template expander reports it with file:line. */
#include "tmplfn.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/tree.h>
#include <libxml/xpathInternals.h>
#include <libxslt/extensions.h>
#include <libxslt/xsltInternals.h>

#include "buf.h"
#include "codes.h"
#include "mem.h"
#include "xmlread.h"

static const char *const CN_DIGIT[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

int mlps_fn_cn_number(long n, char *out, size_t cap)
{
    static const char *const UNIT[] = {"", "十", "百", "千"};
    int rc = -1;
    if (!cap)
        goto done;
    out[0] = '\0';
    if (n < 0 || n > 9999)
        goto done;
    if (n == 0) {
        snprintf(out, cap, "%s", CN_DIGIT[0]);
        rc = 0;
        goto done;
    }
    int d[4] = {(int)(n / 1000), (int)(n / 100 % 10), (int)(n / 10 % 10), (int)(n % 10)};
    size_t w = 0;
    int zero = 0, started = 0;
    for (int i = 0; i < 4; i++) {
        int pos = 3 - i;
        if (!d[i]) {
            zero = started;
            continue;
        }
        if (zero)
            w += (size_t)snprintf(out + w, w < cap ? cap - w : 0, "%s", CN_DIGIT[0]);
        zero = 0;
        /* 10–19 read 十, 十一 … (not 一十) */
        if (!(pos == 1 && d[i] == 1 && !started))
            w += (size_t)snprintf(out + w, w < cap ? cap - w : 0, "%s", CN_DIGIT[d[i]]);
        w += (size_t)snprintf(out + w, w < cap ? cap - w : 0, "%s", UNIT[pos]);
        started = 1;
    }
    rc = w < cap ? 0 : -1;
done:
    return rc;
}

const char *mlps_fn_level_name(long level)
{
    static const char *const N[] = {"第一级", "第二级", "第三级", "第四级", "第五级"};
    return level >= 1 && level <= 5 ? N[level - 1] : NULL;
}

const char *mlps_fn_level_title(long level)
{
    static const char *const T[] = {"自主保护级", "指导保护级", "监督保护级", "强制保护级",
                                    "专控保护级"};
    return level >= 1 && level <= 5 ? T[level - 1] : NULL;
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int mlps_fn_date(const char *iso, char *out, size_t cap)
{
    static const int MDAYS[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int rc = -1;
    if (cap)
        out[0] = '\0';
    if (!iso || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
        goto done;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (iso[i] < '0' || iso[i] > '9'))
            goto done;
    int y = atoi(iso), m = atoi(iso + 5), d = atoi(iso + 8);
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > MDAYS[m - 1] + (m == 2 && leap(y)))
        goto done;
    /* GB/T 9704 成文日期: Arabic numerals, no leading zeros */
    if ((size_t)snprintf(out, cap, "%d年%d月%d日", y, m, d) < cap)
        rc = 0;
done:
    return rc;
}

#define MLPS_FN_DISTINCT_FIELDS 8 /* fields f:distinct compares */

/* ---- XPath glue ---- */

/* The env hangs from the transformation (mlps_tmplfn_register_xslt). */
static mlps_tmplfn_env *env_of(xmlXPathParserContextPtr ctxt)
{
    xsltTransformContextPtr tc = xsltXPathGetTransformContext(ctxt);
    return tc ? tc->_private : NULL;
}

/* Blank mode: a function given an empty value gives an empty result, every form field empty. */
static int blank_empty(xmlXPathParserContextPtr ctxt, const xmlChar *s)
{
    mlps_tmplfn_env *env = env_of(ctxt);
    if (!env || !env->blank || (s && s[0]))
        return 0;
    valuePush(ctxt, xmlXPathNewString((const xmlChar *)""));
    return 1;
}

static void fail(xmlXPathParserContextPtr ctxt, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void fail(xmlXPathParserContextPtr ctxt, const char *fmt, ...)
{
    mlps_tmplfn_env *env = env_of(ctxt);
    va_list ap;
    va_start(ap, fmt);
    if (env)
        vsnprintf(env->msg, sizeof env->msg, fmt, ap);
    va_end(ap);
    xmlXPathErr(ctxt, XPATH_INVALID_OPERAND);
}

static void push_str(xmlXPathParserContextPtr ctxt, const char *s)
{
    valuePush(ctxt, xmlXPathNewString((const xmlChar *)s));
}

/* Pops a number argument that must be a whole number; -1 (error raised) if not. */
static int pop_int(xmlXPathParserContextPtr ctxt, const char *fn, long lo, long hi, long *out)
{
    xmlChar *s = xmlXPathPopString(ctxt);
    int rc = -1;
    if (ctxt->error || blank_empty(ctxt, s))
        goto done;
    char *end = NULL;
    const char *p = (const char *)s;
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    double x = strtod(p, &end);
    while (end && (*end == ' ' || *end == '\n' || *end == '\t' || *end == '\r'))
        end++;
    if (end == p || *end || !isfinite(x) || x != floor(x) || x < (double)lo || x > (double)hi) {
        fail(ctxt, "f:%s 的参数“%s”应为 %ld 到 %ld 的整数", fn, (const char *)s, lo, hi);
        goto done;
    }
    *out = (long)x;
    rc = 0;
done:
    xmlFree(s);
    return rc;
}

static void fn_date(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    xmlChar *s = xmlXPathPopString(ctxt);
    char out[64];
    if (ctxt->error)
        goto done;
    if (!s[0]) { /* an absent optional date prints as nothing */
        push_str(ctxt, "");
        goto done;
    }
    if (mlps_fn_date((const char *)s, out, sizeof out)) {
        fail(ctxt, "f:date 的参数“%s”不是有效日期（应为 YYYY-MM-DD）", (const char *)s);
        goto done;
    }
    push_str(ctxt, out);
done:
    xmlFree(s);
}

/* Level wordings come from codes.xml's "level" list (the C table only without codes). */
static void level_text(xmlXPathParserContextPtr ctxt, long n, const char *variant)
{
    mlps_tmplfn_env *env = env_of(ctxt);
    char code[8];
    snprintf(code, sizeof code, "%ld", n);
    const char *s = env && env->codes ? mlps_codes_variant(env->codes, "level", code, variant)
                                      : NULL;
    if (!s)
        s = variant ? mlps_fn_level_title(n) : mlps_fn_level_name(n);
    push_str(ctxt, s ? s : "");
}

static void fn_level_name(xmlXPathParserContextPtr ctxt, int nargs)
{
    long n;
    CHECK_ARITY(1);
    if (pop_int(ctxt, "level-name", 1, 5, &n) == 0)
        level_text(ctxt, n, NULL);
}

static void fn_level_title(xmlXPathParserContextPtr ctxt, int nargs)
{
    long n;
    CHECK_ARITY(1);
    if (pop_int(ctxt, "level-title", 1, 5, &n) == 0)
        level_text(ctxt, n, "title");
}

static void fn_cn_number(xmlXPathParserContextPtr ctxt, int nargs)
{
    long n;
    char out[128];
    CHECK_ARITY(1);
    if (pop_int(ctxt, "cn-number", 0, 9999, &n) == 0 && mlps_fn_cn_number(n, out, sizeof out) == 0)
        push_str(ctxt, out);
}

static void fn_checkbox(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    int b = xmlXPathPopBoolean(ctxt);
    if (!ctxt->error)
        push_str(ctxt, b ? "\xE2\x98\x91" : "\xE2\x98\x90"); /* ☑ U+2611 / ☐ U+2610 */
}

/* f:yes-no(bool): "yes"/"no" for doc XML attributes, e.g. shade="{f:yes-no(…)}". */
static void fn_yes_no(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    int b = xmlXPathPopBoolean(ctxt);
    if (!ctxt->error)
        push_str(ctxt, b ? "yes" : "no");
}

/* f:label(list, code [, variant]): the option label of code in templates/codes.xml. */
static void fn_label_common(xmlXPathParserContextPtr ctxt, const char *fn, const char *list,
                            const char *code, const char *variant)
{
    mlps_tmplfn_env *env = env_of(ctxt);
    if (!env || !env->codes) {
        fail(ctxt, "f:%s：代码表（templates/codes.xml）未加载", fn);
        return;
    }
    const char *label = mlps_codes_variant(env->codes, list, code, variant);
    if (!label) {
        fail(ctxt, "f:%s：代码表“%s”中没有代码“%s”", fn, list, code);
        return;
    }
    push_str(ctxt, label);
}

static void fn_label(xmlXPathParserContextPtr ctxt, int nargs)
{
    if (nargs != 2) {
        xmlXPathErr(ctxt, XPATH_INVALID_ARITY);
        return;
    }
    xmlChar *code = xmlXPathPopString(ctxt);
    xmlChar *list = xmlXPathPopString(ctxt);
    if (!ctxt->error && !blank_empty(ctxt, code))
        fn_label_common(ctxt, "label", (const char *)list, (const char *)code, NULL);
    xmlFree(code);
    xmlFree(list);
}

/* f:object-name(code [, standard]) and f:degree-name(code [, standard]): GB/T 22240 wording
 * of 受侵害客体 / 侵害程度 for the standard's edition (2008 or 2020, default 2020). */
static void named_with_standard(xmlXPathParserContextPtr ctxt, int nargs, const char *fn,
                                const char *list)
{
    xmlChar *std = NULL, *code = NULL;
    if (nargs < 1 || nargs > 2) {
        xmlXPathErr(ctxt, XPATH_INVALID_ARITY);
        return;
    }
    if (nargs == 2)
        std = xmlXPathPopString(ctxt);
    code = xmlXPathPopString(ctxt);
    if (ctxt->error || blank_empty(ctxt, code))
        goto done;
    const char *s = std && std[0] ? (const char *)std : "2020";
    if (strcmp(s, "2008") && strcmp(s, "2020")) {
        fail(ctxt, "f:%s 的标准版本“%s”应为 2008 或 2020", fn, s);
        goto done;
    }
    char variant[16];
    snprintf(variant, sizeof variant, "label-%s", s);
    fn_label_common(ctxt, fn, list, (const char *)code, variant);
done:
    xmlFree(std);
    xmlFree(code);
}

static void fn_object_name(xmlXPathParserContextPtr ctxt, int nargs)
{
    named_with_standard(ctxt, nargs, "object-name", "object");
}

static void fn_degree_name(xmlXPathParserContextPtr ctxt, int nargs)
{
    named_with_standard(ctxt, nargs, "degree-name", "degree");
}

char *mlps_tmplfn_origin(const mlps_tmplfn_env *env, const struct _xmlNode *node)
{
    if (!env || !env->data || !node || node->doc != env->data)
        return NULL;
    const xmlNode *at = node->type == XML_ATTRIBUTE_NODE ? node->parent : node;
    /* "file:line:path" in one buffer, no printf: one for each data value a template copies */
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_reserve(&b, 120);
    mlps_buf_puts(&b, env->data_name ? env->data_name : "");
    mlps_buf_putc(&b, ':');
    mlps_buf_put_long(&b, xmlGetLineNo(at));
    mlps_buf_putc(&b, ':');
    mlps_xml_node_path_append(&b, node);
    return mlps_buf_detach(&b);
}

/* f:origin(nodes): where the first of nodes (document order) is in the data file,
 * "file:line:path", or '' (for a doc XML data="" attribute, docs/doc-format.md). */
static void fn_origin(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    xmlXPathObjectPtr top = ctxt->value;
    if (top && top->type != XPATH_NODESET && top->type != XPATH_XSLT_TREE) {
        static const char *const KIND[] = {[XPATH_BOOLEAN] = "真假值", [XPATH_NUMBER] = "数字",
                                           [XPATH_STRING] = "字符串"};
        const char *kind = (size_t)top->type < sizeof KIND / sizeof KIND[0] && KIND[top->type]
                               ? KIND[top->type]
                               : "其他值";
        xmlChar *v = xmlXPathCastToString(top);
        fail(ctxt, "f:origin 的参数应为数据节点（如 f:origin($system/name)），这里是%s“%.100s”", kind,
             v ? (const char *)v : "");
        xmlFree(v);
        return;
    }
    xmlNodeSetPtr set = xmlXPathPopNodeSet(ctxt);
    char *o = NULL;
    if (ctxt->error)
        return;
    if (set && set->nodeNr > 0) {
        xmlXPathNodeSetSort(set);
        o = mlps_tmplfn_origin(env_of(ctxt), set->nodeTab[0]);
    }
    push_str(ctxt, o ? o : "");
    free(o);
    xmlXPathFreeNodeSet(set);
}

/* 1 if element n has an attribute name (no namespace) whose value is v. */
static int attr_is(xmlNodePtr n, const xmlChar *name, const xmlChar *v)
{
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        if (a->ns || !xmlStrEqual(a->name, name))
            continue;
        xmlNodePtr t = a->children;
        if (!t) /* an empty value */
            return !v[0];
        if (t->type == XML_TEXT_NODE && !t->next)
            return xmlStrEqual(t->content, v);
        xmlChar *s = xmlNodeListGetString(n->doc, t, 1);
        int eq = xmlStrEqual(s ? s : (const xmlChar *)"", v);
        xmlFree(s);
        return eq;
    }
    return 0;
}

/* 1 if a codes.xml item is printed on form (''), as contains(concat(' ', @forms, ' '),
 * concat(' ', form, ' ')) says: no forms= (every form), or form among its words. */
static int for_form(xmlNodePtr item, const xmlChar *form)
{
    if (!form[0])
        return 1;
    xmlChar *forms = xmlGetNoNsProp(item, (const xmlChar *)"forms");
    if (!forms)
        return 1;
    xmlChar *hay = xmlStrncatNew((const xmlChar *)" ", forms, -1);
    hay = xmlStrcat(hay, (const xmlChar *)" ");
    xmlChar *needle = xmlStrncatNew((const xmlChar *)" ", form, -1);
    needle = xmlStrcat(needle, (const xmlChar *)" ");
    int in = hay && needle && xmlStrstr(hay, needle) != NULL;
    xmlFree(needle);
    xmlFree(hay);
    xmlFree(forms);
    return in;
}

/* f:codes('list-id' [, form]): the <item> elements of that list of codes.xml, as a node-set;
 * with a form ('2007', '2.0'), only the items printed on it (forms=, as for_form), one call
 * instead of a predicate per item in every option list of a 备案表. */
static void fn_codes(xmlXPathParserContextPtr ctxt, int nargs)
{
    if (nargs < 1 || nargs > 2) {
        xmlXPathErr(ctxt, XPATH_INVALID_ARITY);
        return;
    }
    xmlChar *form = nargs == 2 ? xmlXPathPopString(ctxt) : NULL;
    xmlChar *id = ctxt->error ? NULL : xmlXPathPopString(ctxt);
    mlps_tmplfn_env *env = env_of(ctxt);
    const xmlDoc *doc = env ? mlps_codes_doc(env->codes) : NULL;
    xmlNodePtr list = NULL;
    if (ctxt->error)
        goto done;
    if (!doc) {
        fail(ctxt, "f:codes：代码表（templates/codes.xml）未加载");
        goto done;
    }
    /* the id compared where it is (attr_is), not copied out of each of the ~50 lists */
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr n = root ? root->children : NULL; n && !list; n = n->next)
        if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, (const xmlChar *)"list") &&
            attr_is(n, (const xmlChar *)"id", id))
            list = n;
    if (!list) {
        fail(ctxt, "f:codes：代码表中没有列表“%s”", (const char *)id);
        goto done;
    }
    xmlNodeSetPtr set = xmlXPathNodeSetCreate(NULL);
    for (xmlNodePtr n = list->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, (const xmlChar *)"item") &&
            (!form || for_form(n, form)))
            xmlXPathNodeSetAddUnique(set, n); /* each child once: no duplicate check */
    valuePush(ctxt, xmlXPathWrapNodeSet(set));
done:
    xmlFree(id);
    xmlFree(form);
}

/* f:nobr(s): s with U+2060 WORD JOINER between its characters (code points), so that the
 * line breaker keeps an option label whole; one call instead of a str:tokenize loop of
 * instructions per character (a fifth of a 2.0 备案表's expansion). */
static void fn_nobr(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    xmlChar *s = xmlXPathPopString(ctxt);
    if (ctxt->error) {
        xmlFree(s);
        return;
    }
    int chars = xmlUTF8Strlen(s); /* the reader let only valid UTF-8 in */
    size_t len = strlen((const char *)s);
    /* from libxml2's allocator: within the expansion's memory budget */
    xmlChar *out = chars > 1 ? xmlMallocAtomic(len + 3 * (size_t)(chars - 1) + 1) : NULL;
    if (!out) { /* nothing to join, or no memory (the budget stops the expansion) */
        valuePush(ctxt, xmlXPathWrapString(s));
        return;
    }
    size_t w = 0;
    for (size_t i = 0; i < len;) {
        size_t n = (size_t)xmlUTF8Size(s + i);
        if (i) {
            memcpy(out + w, "\xE2\x81\xA0", 3); /* U+2060 */
            w += 3;
        }
        memcpy(out + w, s + i, n);
        w += n;
        i += n;
    }
    out[w] = '\0';
    xmlFree(s);
    valuePush(ctxt, xmlXPathWrapString(out));
}

/* Pops a node-set argument of f:fn, with a Chinese reason when it is a string, number or
 * boolean; NULL (error raised) if it is not a node-set. */
static xmlNodeSetPtr pop_nodes(xmlXPathParserContextPtr ctxt, const char *fn)
{
    xmlXPathObjectPtr top = ctxt->value;
    if (top && top->type != XPATH_NODESET && top->type != XPATH_XSLT_TREE) {
        xmlChar *v = xmlXPathCastToString(top);
        fail(ctxt, "f:%s 的第一个参数应为节点集（数据、代码表或目录中的元素），这里是“%.100s”", fn,
             v ? (const char *)v : "");
        xmlFree(v);
        return NULL;
    }
    xmlNodeSetPtr set = xmlXPathPopNodeSet(ctxt);
    if (ctxt->error) {
        xmlXPathFreeNodeSet(set);
        return NULL;
    }
    return set;
}

/* f:where(nodes, 'attr', value): the nodes whose attribute attr is value (compared as text),
 * in their order: nodes[@attr = value] without XPath's cost per node (an attribute node-set,
 * a variable lookup and a string copy, about 3 k instructions), for a long list such as the
 * requirement catalogue. */
static void fn_where(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(3);
    xmlChar *value = xmlXPathPopString(ctxt);
    xmlChar *name = ctxt->error ? NULL : xmlXPathPopString(ctxt);
    xmlNodeSetPtr in = ctxt->error ? NULL : pop_nodes(ctxt, "where");
    if (ctxt->error)
        goto done;
    xmlNodeSetPtr out = xmlXPathNodeSetCreate(NULL);
    for (int i = 0; out && in && i < in->nodeNr; i++)
        if (attr_is(in->nodeTab[i], name, value) &&
            xmlXPathNodeSetAddUnique(out, in->nodeTab[i]) < 0)
            break;
    valuePush(ctxt, xmlXPathWrapNodeSet(out));
done:
    xmlXPathFreeNodeSet(in);
    xmlFree(name);
    xmlFree(value);
}

/* f:slice(nodes, from, n): the nodes at places from … from + n - 1 (from 1), in their order:
 * nodes[position() >= from and position() < from + n] without a predicate per node (the
 * option lines of a 备案表 each take theirs out of the whole list). */
static void fn_slice(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(3);
    double n = xmlXPathPopNumber(ctxt);
    double from = ctxt->error ? 0 : xmlXPathPopNumber(ctxt);
    xmlNodeSetPtr in = ctxt->error ? NULL : pop_nodes(ctxt, "slice");
    if (ctxt->error)
        goto done;
    xmlNodeSetPtr out = xmlXPathNodeSetCreate(NULL);
    for (int i = 0; out && in && i < in->nodeNr; i++) {
        double pos = i + 1; /* the same comparisons as the predicate, NaN included */
        if (pos >= from && pos < from + n && xmlXPathNodeSetAddUnique(out, in->nodeTab[i]) < 0)
            break;
    }
    valuePush(ctxt, xmlXPathWrapNodeSet(out));
done:
    xmlXPathFreeNodeSet(in);
}

/* The string value of field f of element n: '@name' its attribute, 'name' its first child
 * element of that name (what XPath's string(@name) and string(name) give); NULL when absent. */
static xmlChar *field_value(xmlNodePtr n, const xmlChar *f)
{
    if (n->type != XML_ELEMENT_NODE)
        return NULL;
    if (f[0] == '@')
        return xmlGetNoNsProp(n, f + 1);
    for (xmlNodePtr k = n->children; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE && !k->ns && xmlStrEqual(k->name, f))
            return xmlNodeGetContent(k);
    return NULL;
}

/* f:distinct(nodes, field, …): the first node of each different combination of the fields'
 * values, in the nodes' order: what nodes[not(preceding nodes with the same fields)] gives,
 * compared with every node before it (the roles and contacts of a response plan), in one pass
 * with a table. A field is '@name' (an attribute) or 'name' (a child element); a missing one
 * is the empty string, as in XPath. */
static void fn_distinct(xmlXPathParserContextPtr ctxt, int nargs)
{
    if (nargs < 2 || nargs > MLPS_FN_DISTINCT_FIELDS + 1) {
        xmlXPathSetArityError(ctxt);
        return;
    }
    xmlChar *fields[MLPS_FN_DISTINCT_FIELDS] = {0};
    int nf = nargs - 1;
    xmlNodeSetPtr in = NULL, out = NULL;
    xmlHashTablePtr seen = NULL;
    for (int i = nf - 1; i >= 0 && !ctxt->error; i--)
        fields[i] = xmlXPathPopString(ctxt);
    for (int i = 0; i < nf && !ctxt->error; i++)
        if (!fields[i] || !fields[i][0] || !fields[i][fields[i][0] == '@'] ||
            xmlValidateNCName(fields[i] + (fields[i][0] == '@'), 0))
            fail(ctxt, "f:distinct 的字段应为属性名（如 '@code'）或子元素名（如 'person'），这里是“%.100s”",
                 fields[i] ? (const char *)fields[i] : "");
    in = ctxt->error ? NULL : pop_nodes(ctxt, "distinct");
    if (ctxt->error)
        goto done;
    out = xmlXPathNodeSetCreate(NULL);
    seen = xmlHashCreate(in && in->nodeNr > 16 ? in->nodeNr : 16);
    for (int i = 0; out && seen && in && i < in->nodeNr; i++) {
        /* the values joined by U+0001, which XML text cannot hold */
        xmlChar *key = NULL;
        for (int k = 0; k < nf; k++) {
            xmlChar *v = field_value(in->nodeTab[i], fields[k]);
            if (k)
                key = xmlStrcat(key, (const xmlChar *)"\x01");
            key = xmlStrcat(key, v ? v : (const xmlChar *)"");
            xmlFree(v);
        }
        int fresh = key && xmlHashAddEntry(seen, key, seen) == 0;
        xmlFree(key);
        if (fresh && xmlXPathNodeSetAddUnique(out, in->nodeTab[i]) < 0)
            break;
    }
    valuePush(ctxt, xmlXPathWrapNodeSet(out));
    out = NULL;
done:
    xmlHashFree(seen, NULL);
    xmlXPathFreeNodeSet(out);
    xmlXPathFreeNodeSet(in);
    for (int i = 0; i < nf; i++)
        xmlFree(fields[i]);
}

static int ptr_cmp(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)*(void *const *)a, y = (uintptr_t)*(void *const *)b;
    return x < y ? -1 : x > y;
}

/* set:intersection(a, b), EXSLT's, in the same order (a's), by a sorted lookup into b instead
 * of libxml2's scan of b for each node of a (a third of a policy report's sets work). A
 * namespace node is compared by libxml2's own rules (xmlXPathIntersection). */
static void fn_set_intersection(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(2);
    xmlNodeSetPtr b = xmlXPathPopNodeSet(ctxt);
    if (ctxt->error)
        return;
    xmlNodeSetPtr a = xmlXPathPopNodeSet(ctxt);
    xmlNodeSetPtr out = NULL;
    xmlNodePtr *sorted = NULL;
    if (ctxt->error)
        goto done;
    int na = a ? a->nodeNr : 0, nb = b ? b->nodeNr : 0, ns = 0;
    for (int i = 0; i < na && !ns; i++)
        ns = a->nodeTab[i]->type == XML_NAMESPACE_DECL;
    if (ns || na * (long)nb <= 64 ||
        !(sorted = xmlMalloc((size_t)nb * sizeof *sorted))) { /* small: the plain scan */
        out = xmlXPathIntersection(a, b);
        goto done;
    }
    memcpy(sorted, b->nodeTab, (size_t)nb * sizeof *sorted);
    qsort(sorted, (size_t)nb, sizeof *sorted, ptr_cmp);
    out = xmlXPathNodeSetCreate(NULL);
    for (int i = 0; out && i < na; i++) {
        xmlNodePtr n = a->nodeTab[i];
        if (bsearch(&n, sorted, (size_t)nb, sizeof *sorted, ptr_cmp) &&
            xmlXPathNodeSetAddUnique(out, n) < 0)
            break;
    }
done:
    xmlFree(sorted);
    xmlXPathFreeNodeSet(a);
    xmlXPathFreeNodeSet(b);
    if (!ctxt->error)
        valuePush(ctxt, xmlXPathWrapNodeSet(out));
}

static const struct {
    const char *name;
    xmlXPathFunction fn;
    int min, max;
} FNS[] = {
    {"date", fn_date, 1, 1},
    {"level-name", fn_level_name, 1, 1},
    {"level-title", fn_level_title, 1, 1},
    {"cn-number", fn_cn_number, 1, 1},
    {"checkbox", fn_checkbox, 1, 1},
    {"yes-no", fn_yes_no, 1, 1},
    {"label", fn_label, 2, 2},
    {"object-name", fn_object_name, 1, 2},
    {"degree-name", fn_degree_name, 1, 2},
    {"codes", fn_codes, 1, 2},
    {"origin", fn_origin, 1, 1},
    {"nobr", fn_nobr, 1, 1},
    {"where", fn_where, 3, 3},
    {"slice", fn_slice, 3, 3},
    {"distinct", fn_distinct, 2, MLPS_FN_DISTINCT_FIELDS + 1},
};

void mlps_tmplfn_register_xslt(struct _xsltTransformContext *tctxt, mlps_tmplfn_env *env)
{
    tctxt->_private = env;
    for (size_t i = 0; i < sizeof FNS / sizeof FNS[0]; i++)
        xsltRegisterExtFunction(tctxt, (const xmlChar *)FNS[i].name, (const xmlChar *)MLPS_FN_NS,
                                FNS[i].fn);
    /* the context's functions come before the EXSLT module's */
    xsltRegisterExtFunction(tctxt, (const xmlChar *)"intersection",
                            (const xmlChar *)"http://exslt.org/sets", fn_set_intersection);
}

int mlps_tmplfn_known(const char *local_name, int *min_args, int *max_args)
{
    for (size_t i = 0; i < sizeof FNS / sizeof FNS[0]; i++)
        if (!strcmp(FNS[i].name, local_name)) {
            if (min_args)
                *min_args = FNS[i].min;
            if (max_args)
                *max_args = FNS[i].max;
            return 1;
        }
    return 0;
}
