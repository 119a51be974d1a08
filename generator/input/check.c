#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xpath.h>

#include "buf.h"
#include "grading.h"
#include "ids.h"
#include "image.h"
#include "imgcache.h"
#include "mem.h"
#include "mlps_limits.h"
#include "xmlread.h"
#include "xmlselect.h"

/* Lists longer than this are named rather than spelled out in "unknown code" messages. */
#define MLPS_CHECK_MAX_LISTED_OPTIONS 12

typedef struct {
    const mlps_codes *codes;
    const char *file;
    mlps_diags *d;
    int today;
    size_t errors0; /* d->errors when the file's checks began */
    xmlDocPtr cat19, cat08; /* for gap analyses */
    struct mlps_imgcache *images; /* NULL: images loaded for the check only */
} ctx;

/* At most MLPS_MAX_FILE_MESSAGES problems per file: a file with thousands of bad elements
 * is reported in bounded time (mlps_data_load says when some were left out). */
#define err(c, n, ...)                                                                       \
    do {                                                                                     \
        if ((c)->d->errors - (c)->errors0 < MLPS_MAX_FILE_MESSAGES)                          \
            mlps_xml_error_at((c)->d, (c)->file, (n), __VA_ARGS__);                          \
    } while (0)

/* An element and the value it is keyed by, for finding duplicates in one sort. */
typedef struct {
    const char *key;
    xmlNode *node;
    size_t pos;
} keyed;

static int by_key_then_pos(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

static int is_el(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, (const xmlChar *)name);
}

static xmlNode *kid(const xmlNode *n, const char *name)
{
    for (xmlNode *k = n ? n->children : NULL; k; k = k->next)
        if (is_el(k, name))
            return k;
    return NULL;
}

static xmlNode *path2(const xmlNode *n, const char *a, const char *b)
{
    return kid(kid(n, a), b);
}

/* Trimmed text content (caller frees); NULL when n is NULL. */
static char *text(const xmlNode *n)
{
    if (!n)
        return NULL;
    xmlChar *raw = xmlNodeGetContent(n);
    const char *s = raw ? (const char *)raw : "";
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    char *out = mlps_xstrndup(s, len);
    xmlFree(raw);
    return out;
}

static char *attr(const xmlNode *n, const char *name)
{
    xmlChar *v = n ? xmlGetProp(n, (const xmlChar *)name) : NULL;
    char *s = v ? mlps_xstrdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

static xmlNode *attr_node(const xmlNode *n, const char *name)
{
    xmlAttr *a = n ? xmlHasProp(n, (const xmlChar *)name) : NULL;
    return a ? (xmlNode *)a : (xmlNode *)n;
}

static const char *level_name(ctx *c, int level)
{
    const char *s = mlps_level_name(c->codes, level);
    return s ? s : "?";
}

static void fmt_ymd(int ymd, char out[16])
{
    snprintf(out, 16, "%04d-%02d-%02d", ymd / 10000 % 10000, ymd / 100 % 100, ymd % 100);
}

/* ---- identifiers and contacts ---- */

#define MLPS_FULLWIDTH_HINT 96

/* "（含全角字符“３”，请改用半角）" when s holds a full-width form (U+FF01–FF5E) or the
 * ideographic space, else "": a Chinese input method types ３１００１２ and 2025－03－10,
 * which look right and are not digits. Appended to the messages of digit, phone, date and
 * code checks. */
static const char *fullwidth_hint(const char *s, char out[MLPS_FULLWIDTH_HINT])
{
    out[0] = '\0';
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
            snprintf(out, MLPS_FULLWIDTH_HINT, "（含全角空格“　”，请改用半角或删去）");
            break;
        }
        if (p[0] == 0xEF && ((p[1] == 0xBC && p[2] >= 0x81 && p[2] <= 0xBF) ||
                             (p[1] == 0xBD && p[2] >= 0x80 && p[2] <= 0x9E))) {
            snprintf(out, MLPS_FULLWIDTH_HINT, "（含全角字符“%.3s”，请改用半角）", (const char *)p);
            break;
        }
    }
    return out;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static void check_credit_code(ctx *c, xmlNode *n)
{
    char *s = text(n), fw[MLPS_FULLWIDTH_HINT];
    char want = 0, bad = 0;
    if (!s)
        return;
    switch (mlps_credit_code_validate(s, &want, &bad)) {
    case MLPS_ID_OK:
        break;
    case MLPS_ID_LENGTH:
        err(c, n, "统一社会信用代码应为 18 位，实际为 %zu 位（“%s”）%s", utf8_chars(s), s, fullwidth_hint(s, fw));
        break;
    case MLPS_ID_CHARSET:
        if (bad >= 'a' && bad <= 'z')
            err(c, n, "统一社会信用代码“%s”含小写字母“%c”：字母须大写", s, bad);
        else if ((unsigned char)bad < 0x80 && bad > ' ')
            err(c, n, "统一社会信用代码“%s”含非法字符“%c”（GB 32100-2015 只用数字和除 I、O、S、V、Z 以外的大写字母）",
                s, bad);
        else
            err(c, n, "统一社会信用代码“%s”含非法字符（GB 32100-2015 只用数字和除 I、O、S、V、Z 以外的大写字母）%s", s,
                fullwidth_hint(s, fw));
        break;
    case MLPS_ID_SHAPE:
        err(c, n, "统一社会信用代码“%s”的第 3–8 位应为登记管理机关行政区划码（6 位数字）", s);
        break;
    default:
        err(c, n, "统一社会信用代码“%s”的校验码（第 18 位）应为“%c”，实际为“%c”（GB 32100-2015）", s, want,
            s[17]);
        break;
    }
    free(s);
}

/* The 省级 prefix ("33") that the address's province names: its full name (浙江省) or a start of
 * it of two characters or more (浙江), when exactly one province matches; else NULL. */
static const char *province_prefix(const mlps_codes *codes, const char *name)
{
    const mlps_code_list *l = mlps_codes_list(codes, "province");
    const char *hit = NULL;
    size_t len = name ? strlen(name) : 0;
    if (!l || utf8_chars(name ? name : "") < 2)
        return NULL;
    for (size_t i = 0; i < l->count; i++) {
        if (!strncmp(l->items[i].label, name, len)) {
            if (hit)
                return NULL;
            hit = l->items[i].code;
        }
    }
    return hit;
}

static void check_region_code(ctx *c, xmlNode *n, xmlNode *province)
{
    char *s = text(n), *pv = text(province), fw[MLPS_FULLWIDTH_HINT];
    const char *want = province_prefix(c->codes, pv);
    if (!s) {
        free(pv);
        return;
    }
    mlps_id_status st = mlps_region_code_validate(c->codes, s, 1);
    if ((st == MLPS_ID_OK || st == MLPS_ID_LEVEL) && want && strncmp(s, want, 2)) {
        err(c, n, "行政区划代码“%s”的前两位“%.2s”是%s，与单位地址的省份“%s”（代码前两位应为 %s）不符", s, s,
            mlps_codes_label(c->codes, "province", (char[3]){s[0], s[1], '\0'}), pv, want);
        st = MLPS_ID_OK; /* one message is enough */
    }
    switch (st) {
    case MLPS_ID_OK:
        break;
    case MLPS_ID_PROVINCE:
        err(c, n, "行政区划代码“%s”的前两位“%.2s”不是省级行政区代码（GB/T 2260）", s, s);
        break;
    case MLPS_ID_LEVEL:
        if (!strcmp(s + 2, "0000"))
            err(c, n, "行政区划代码“%s”是省级代码：应填单位所在地（区、市、州、盟）的地级代码（如 %.2s0100，后两位为 00，中间两位不为 00）",
                s, s);
        else
            err(c, n, "行政区划代码应填单位所在地（区、市、州、盟）的地级代码（后两位为 00，如 330300），实际为“%s”", s);
        break;
    default:
        err(c, n, "行政区划代码应为 6 位数字（GB/T 2260），实际为“%s”%s", s, fullwidth_hint(s, fw));
        break;
    }
    free(s);
    free(pv);
}

/* 2.0 表一 行政区划代码: county (or prefecture) level, inside the unit's prefecture. */
static void check_county_code(ctx *c, xmlNode *n, xmlNode *prefecture)
{
    char *s = text(n), *p = text(prefecture), fw[MLPS_FULLWIDTH_HINT];
    mlps_id_status st = mlps_region_code_validate(c->codes, s, 0);
    if (st == MLPS_ID_OK && !strncmp(s + 2, "00", 2))
        st = MLPS_ID_LEVEL;
    if (st == MLPS_ID_PROVINCE)
        err(c, n, "行政区划代码“%s”的前两位“%.2s”不是省级行政区代码（GB/T 2260）", s, s);
    else if (st == MLPS_ID_LEVEL)
        err(c, n, "2.0 表的行政区划代码应为县级（如 330302）或地级代码，实际为省级“%s”", s);
    else if (st != MLPS_ID_OK)
        err(c, n, "行政区划代码应为 6 位数字（GB/T 2260），实际为“%s”%s", s, fullwidth_hint(s, fw));
    else if (p && strlen(p) == 6 && strncmp(s, p, 4))
        err(c, n, "2.0 表的行政区划代码“%s”不在单位所在地级行政区“%s”之内（前四位应相同）", s, p);
    free(s);
    free(p);
}

static void check_postcode(ctx *c, xmlNode *n)
{
    char *s = text(n), fw[MLPS_FULLWIDTH_HINT];
    if (s && !mlps_postcode_valid(s))
        err(c, n, "邮政编码应为 6 位数字，实际为“%s”%s", s, fullwidth_hint(s, fw));
    free(s);
}

/* "/": the field does not apply (real forms print it in such cells). */
static int not_applicable(const char *s)
{
    return s && !strcmp(s, "/");
}

/* A note (not an error): the field will print blank on the forms. */
static void note_blank(ctx *c, xmlNode *n, const char *fields)
{
    char *path = mlps_xml_node_path(n);
    long line = xmlGetLineNo(n);
    mlps_diag_warning(c->d, c->file, line > 0 ? line : 0, path, "提示：尚未填写，以下各项在备案表中打印为空白：%s",
                      fields);
    free(path);
}

static void check_office_phone(ctx *c, xmlNode *n)
{
    char *s = text(n), fw[MLPS_FULLWIDTH_HINT];
    if (s && !not_applicable(s) && !mlps_landline_valid(s) && !mlps_mobile_valid(s))
        err(c, n, "办公电话“%s”格式不正确：固定电话须带区号并用“-”分隔（如 0577-88886666），或填 11 位手机号码%s", s,
            fullwidth_hint(s, fw));
    free(s);
}

static void check_mobile(ctx *c, xmlNode *n)
{
    char *s = text(n), fw[MLPS_FULLWIDTH_HINT];
    if (s && !not_applicable(s) && !mlps_mobile_valid(s))
        err(c, n, "移动电话“%s”格式不正确：应为 11 位手机号码，以 13–19 开头（如 13857712345）%s", s,
            fullwidth_hint(s, fw));
    free(s);
}

static void check_any_phone(ctx *c, xmlNode *n)
{
    char *s = text(n), fw[MLPS_FULLWIDTH_HINT];
    if (s && !mlps_landline_valid(s) && !mlps_mobile_valid(s) && !mlps_hotline_valid(s))
        err(c, n, "联系电话“%s”格式不正确：应为带区号的固定电话（如 0577-88886666）、11 位手机号码或服务号码（如 110、400-123-4567）%s",
            s, fullwidth_hint(s, fw));
    free(s);
}

static void check_email(ctx *c, xmlNode *n)
{
    char *s = text(n), fw[MLPS_FULLWIDTH_HINT];
    if (s && !mlps_email_valid(s))
        err(c, n, "电子邮件地址“%s”格式不正确（应如 name@example.cn）%s", s, fullwidth_hint(s, fw));
    free(s);
}

static void check_person(ctx *c, xmlNode *p)
{
    if (!p)
        return;
    if (kid(p, "office-phone"))
        check_office_phone(c, kid(p, "office-phone"));
    if (kid(p, "mobile"))
        check_mobile(c, kid(p, "mobile"));
    if (kid(p, "email"))
        check_email(c, kid(p, "email"));
}

static void check_digits(ctx *c, xmlNode *n, size_t len, const char *what)
{
    char *s = text(n), fw[MLPS_FULLWIDTH_HINT];
    int ok = s && strlen(s) == len;
    for (size_t i = 0; ok && i < len; i++)
        ok = s[i] >= '0' && s[i] <= '9';
    if (s && !ok)
        err(c, n, "%s应为 %zu 位数字，实际为“%s”%s", what, len, s, fullwidth_hint(s, fw));
    free(s);
}

/* ---- dates ---- */

/* Returns YYYYMMDD, or 0 (with an error) when invalid or, if !future_ok, after today. */
static int check_date(ctx *c, xmlNode *n, const char *what, int future_ok)
{
    char *s = text(n), fw[MLPS_FULLWIDTH_HINT];
    int ymd = 0;
    if (!s)
        return 0;
    ymd = mlps_date_parse(s);
    if (!ymd)
        err(c, n, "%s“%s”不是有效日期（应为 YYYY-MM-DD 格式的真实日期，如 2024-05-20）%s", what, s,
            fullwidth_hint(s, fw));
    else if (!future_ok && ymd > c->today) {
        err(c, n, "%s“%s”晚于当前日期：%s不能是将来的日期", what, s, what);
        ymd = 0;
    }
    free(s);
    return ymd;
}

/* ---- option codes (lists in codes.xml name the fields they govern) ---- */

static void unknown_code(ctx *c, xmlNode *a, const mlps_code_list *l, const char *value)
{
    mlps_buf opts = MLPS_BUF_INIT;
    char fw[MLPS_FULLWIDTH_HINT];
    if (l->count <= MLPS_CHECK_MAX_LISTED_OPTIONS) {
        mlps_buf_puts(&opts, "可选：");
        for (size_t i = 0; i < l->count; i++)
            mlps_buf_printf(&opts, "%s%s %s", i ? "、" : "", l->items[i].code, l->items[i].label);
    } else {
        mlps_buf_printf(&opts, "可选值见 templates/codes.xml 的列表“%s”", l->id);
    }
    const mlps_code_item *retired = NULL;
    for (size_t i = 0; value && i < l->nretired; i++)
        if (!strcmp(l->retired[i].code, value))
            retired = &l->retired[i];
    if (retired)
        err(c, a, "%s代码“%s”已不再使用：%s", l->title, value, retired->label);
    else if (!value || !value[0])
        err(c, a, "未填写%s代码（%s）", l->title, opts.ptr);
    else
        err(c, a, "未知的%s代码“%s”（%s）%s", l->title, value, opts.ptr, fullwidth_hint(value, fw));
    mlps_buf_free(&opts);
}

/* A 表二07/08 grid row that is not used (used="no", quantity="0") needs no 其他 text. */
static int unused_row(const xmlNode *n)
{
    char *used = attr(n, "used"), *q = attr(n, "quantity");
    int unused = (used && !strcmp(used, "no")) || (q && !strcmp(q, "0"));
    free(used);
    free(q);
    return unused;
}

static void check_list_field(ctx *c, xmlXPathContextPtr xp, const mlps_code_list *l)
{
    xmlXPathObjectPtr r = mlps_xml_select(xp, l->field);
    if (!r || !r->nodesetval)
        goto cleanup;
    for (int i = 0; i < r->nodesetval->nodeNr; i++) {
        xmlNode *a = r->nodesetval->nodeTab[i];
        xmlNode *owner = a->type == XML_ATTRIBUTE_NODE ? a->parent : a;
        char *v = text(a);
        const mlps_code_item *it = NULL;
        for (size_t j = 0; j < l->count; j++)
            if (!strcmp(l->items[j].code, v))
                it = &l->items[j];
        if (!it) {
            unknown_code(c, a, l, v);
        } else if (it->other && a->type == XML_ATTRIBUTE_NODE && xmlStrEqual(a->name, (const xmlChar *)"code") &&
                   !unused_row(owner)) {
            char *t = text(owner);
            if (!t[0])
                err(c, owner, "选择%s“%s”（代码 %s）时须在元素内容中写明具体情况", l->title, it->label, it->code);
            free(t);
        }
        if (it && it->exclusive && a->type == XML_ATTRIBUTE_NODE) {
            int others = 0; /* same-named siblings: the other ticked options */
            for (xmlNode *k = owner->parent ? owner->parent->children : NULL; k; k = k->next)
                others += k != owner && k->type == XML_ELEMENT_NODE && xmlStrEqual(k->name, owner->name);
            if (others)
                err(c, owner, "%s“%s”只能单独勾选，不能与其他选项同时选", l->title, it->label);
        }
        if (it && it->count && !xmlHasProp(owner, (const xmlChar *)"count"))
            err(c, owner, "%s选“%s”时须用 count 属性写明跨越的个数", l->title, it->label);
        free(v);
    }
cleanup:
    xmlXPathFreeObject(r);
}

/* Attributes a list governs besides its own field path (codes.xml keeps one path per list). */
static void check_extra_field(ctx *c, xmlXPathContextPtr xp, const char *list, const char *path)
{
    const mlps_code_list *l = mlps_codes_list(c->codes, list);
    if (!l)
        return;
    mlps_code_list x = *l;
    x.field = (char *)path;
    check_list_field(c, xp, &x);
}

static void check_codes(ctx *c, xmlDocPtr doc)
{
    xmlXPathContextPtr xp = xmlXPathNewContext(doc);
    if (!xp)
        return;
    for (size_t i = 0; i < mlps_codes_list_count(c->codes); i++) {
        const mlps_code_list *l = mlps_codes_list_at(c->codes, i);
        if (l->field)
            check_list_field(c, xp, l);
    }
    check_extra_field(c, xp, "object", "/unit/systems/system/grading/*/item/@object");
    check_extra_field(c, xp, "degree", "/unit/systems/system/grading/*/item/@degree");
    check_extra_field(c, xp, "storage-cloud", "/unit/systems/system/data-resources/data/storage/cloud/@code");
    check_extra_field(c, xp, "storage-room", "/unit/systems/system/data-resources/data/storage/room/@code");
    check_extra_field(c, xp, "storage-region", "/unit/systems/system/data-resources/data/storage/region/@code");
    xmlXPathFreeContext(xp);
}

/* ---- grading ---- */

typedef struct {
    int declared, computed;
} levels;

static levels check_harm(ctx *c, xmlNode *h, const char *what, const char *standard)
{
    levels r = {0, 0};
    if (!h)
        return r;
    const char *obj, *deg; /* the item giving the highest level (several may be ticked) */
    xmlNode *ln = kid(h, "level");
    char *lt = text(ln), fw[MLPS_FULLWIDTH_HINT];
    r.declared = mlps_level_parse(lt);
    r.computed = mlps_grade_items(c->codes, h, &obj, &deg);
    if (ln && !r.declared)
        err(c, ln, "%s应为 1 到 5 的数字，实际为“%s”%s", what, lt, fullwidth_hint(lt, fw));
    else if (r.declared && r.computed && r.declared != r.computed)
        err(c, ln, "声明的%s为%s，但按 GB/T 22240 矩阵计算应为%s（受侵害客体：%s；侵害程度：%s）", what,
            level_name(c, r.declared), level_name(c, r.computed), mlps_object_label(c->codes, obj, standard),
            mlps_degree_label(c->codes, deg, standard));
    free(lt);
    return r;
}

/* Returns the system's level (computed when possible, else declared; 0 when unknown). */
static int check_grading(ctx *c, xmlNode *g)
{
    char *standard = attr(g, "standard");
    levels b = check_harm(c, kid(g, "business-info"), "业务信息安全保护等级", standard);
    levels s = check_harm(c, kid(g, "system-service"), "系统服务安全保护等级", standard);
    xmlNode *ln = kid(g, "level");
    char *lt = text(ln), fw[MLPS_FULLWIDTH_HINT];
    int declared = mlps_level_parse(lt);
    int computed = mlps_grade_overall(b.computed, s.computed);
    if (ln && !declared)
        err(c, ln, "安全保护等级应为 1 到 5 的数字，实际为“%s”%s", lt, fullwidth_hint(lt, fw));
    else if (declared && computed && declared != computed)
        err(c, ln, "声明的安全保护等级为%s，但应取业务信息安全保护等级（%s）与系统服务安全保护等级（%s）中的较高者，即%s",
            level_name(c, declared), level_name(c, b.computed), level_name(c, s.computed),
            level_name(c, computed));
    xmlNode *ar = kid(g, "authority-review");
    char *has = attr(ar, "has-authority");
    if (has && !strcmp(has, "yes")) {
        if (!xmlHasProp(ar, (const xmlChar *)"approved"))
            err(c, ar, "有主管部门时须用 approved 属性（yes/no）说明主管部门审批定级情况");
        xmlNode *unit = ar->parent ? ar->parent->parent : NULL;
        while (unit && !is_el(unit, "unit"))
            unit = unit->parent;
        if (!kid(ar, "name") && !kid(unit, "competent-authority"))
            err(c, ar, "有主管部门时须写明主管部门名称（<name>，或单位的 <competent-authority>）");
    }
    free(has);
    free(lt);
    free(standard);
    return computed ? computed : declared;
}

/* ---- per system ---- */

/* Each code used by more than one <material>: one message, at its second use (sorted once:
 * linear in the number of materials up to the log). */
static void check_duplicate_materials(ctx *c, xmlNode *ms)
{
    size_t n = 0, cap = 0;
    keyed *k = NULL;
    for (xmlNode *m = ms ? ms->children : NULL; m; m = m->next) {
        xmlAttr *a = is_el(m, "material") ? xmlHasProp(m, (const xmlChar *)"code") : NULL;
        if (!a || !a->children || !a->children->content)
            continue;
        XGROW(k, cap, n + 1);
        k[n] = (keyed){(const char *)a->children->content, m, n};
        n++;
    }
    if (n > 1)
        qsort(k, n, sizeof *k, by_key_then_pos);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && !strcmp(k[j].key, k[i].key))
            j++;
        if (j - i > 1) {
            const char *label = mlps_codes_label(c->codes, "material", k[i].key);
            err(c, k[i + 1].node, "材料“%s”重复填写（共 %zu 处）", label ? label : k[i].key, j - i);
        }
        i = j;
    }
    free(k);
}

static void check_materials(ctx *c, xmlNode *sys, int level)
{
    xmlNode *ms = kid(sys, "materials");
    const mlps_code_list *l = mlps_codes_list(c->codes, "material");
    check_duplicate_materials(c, ms);
    for (xmlNode *m = ms ? ms->children : NULL; m; m = m->next) {
        if (!is_el(m, "material"))
            continue;
        char *code = attr(m, "code"), *present = attr(m, "present"), *att = attr(m, "attachment");
        char *t = text(m);
        const char *label = mlps_codes_label(c->codes, "material", code);
        if (label && present && !strcmp(present, "yes") && (!att || !att[0]))
            err(c, m, "材料“%s”标为“有”，须用 attachment 属性写明附件名称", label);
        if (label && present && !strcmp(present, "no") && !t[0])
            err(c, m, "材料“%s”标为“无”，须在元素内容中说明原因", label);
        free(code);
        free(present);
        free(att);
        free(t);
    }
    if (level < 3 || !l)
        return;
    for (size_t i = 0; i < l->count; i++) {
        if (!l->items[i].required)
            continue;
        int found = 0;
        for (xmlNode *m = ms ? ms->children : NULL; m && !found; m = m->next) {
            char *code = is_el(m, "material") ? attr(m, "code") : NULL;
            found = code && !strcmp(code, l->items[i].code);
            free(code);
        }
        if (!found)
            err(c, ms ? ms : sys,
                "第三级及以上定级对象须说明表四材料“%s”：请添加 <material code=\"%s\" present=\"yes\" attachment=\"…\"/>，或 present=\"no\" 并写明原因",
                l->items[i].label, l->items[i].code);
    }
}

/* The topology image must be a valid PNG or JPEG inside the data file's folder: `check`
 * refuses what `render` could not embed. */
static void check_topology(ctx *c, xmlNode *t)
{
    char *src = attr(t, "src"), *real = NULL, why[MLPS_IMAGE_WHY];
    mlps_buf dir = MLPS_BUF_INIT;
    mlps_image_data im = {0};
    if (src && !src[0]) { /* as init writes it: documents come out without a 拓扑图 */
        xmlNode *a = attr_node(t, "src");
        char *path = mlps_xml_node_path(a);
        long line = xmlGetLineNo(t);
        mlps_diag_warning(c->d, c->file, line > 0 ? line : 0, path,
                          "未提供网络拓扑图：src 为空，报告中将没有拓扑图（请把 PNG 或 JPEG 图片放在数据文件所在的文件夹，在 src 中写文件名）");
        free(path);
    }
    if (!src || !src[0])
        goto done;
    const char *slash = strrchr(c->file, '/');
    if (slash)
        mlps_buf_append(&dir, c->file, slash == c->file ? 1 : (size_t)(slash - c->file));
    if (mlps_image_resolve(dir.ptr ? dir.ptr : "", src, &real, why) != 0 ||
        (c->images ? !mlps_imgcache_get(c->images, real, why) : mlps_image_load(real, &im, why) != 0))
        err(c, attr_node(t, "src"), "拓扑图文件“%s”%s", src, why);
done:
    mlps_image_free(&im);
    mlps_buf_free(&dir);
    free(real);
    free(src);
}

static void check_products_services(ctx *c, xmlNode *sys)
{
    for (xmlNode *it = kid(sys, "products") ? kid(sys, "products")->children : NULL; it; it = it->next) {
        if (!is_el(it, "item"))
            continue;
        char *dom = attr(it, "domestic"), *rate = attr(it, "rate");
        if (dom && !strcmp(dom, "partial")) {
            int r = rate ? atoi(rate) : 0;
            if (r < 1 || r > 99)
                err(c, it, "使用国产品率为“部分使用”时须用 rate 属性写明使用率（1–99，单位 %%）");
        }
        free(dom);
        free(rate);
    }
    for (xmlNode *it = kid(sys, "services") ? kid(sys, "services")->children : NULL; it; it = it->next) {
        if (!is_el(it, "item"))
            continue;
        char *used = attr(it, "used"), *prov = attr(it, "provider"), *code = attr(it, "code");
        const char *label = mlps_codes_label(c->codes, "service-type", code);
        if (used && !strcmp(used, "yes") && !prov)
            err(c, it, "服务“%s”标为“有”，须用 provider 属性写明服务责任方类型", label ? label : code);
        free(used);
        free(prov);
        free(code);
    }
}

static void check_system(ctx *c, xmlNode *sys, int *level_out)
{
    xmlNode *g = kid(sys, "grading");
    int level = g ? check_grading(c, g) : 0;
    *level_out = level;

    int graded = check_date(c, kid(g, "graded-on"), "定级时间", 0);
    xmlNode *filing = kid(sys, "filing");
    int filed = check_date(c, kid(filing, "filed-on"), "备案日期", 0);
    if (kid(filing, "filled-on"))
        check_date(c, kid(filing, "filled-on"), "填表日期", 0);
    if (graded && filed && graded > filed) {
        char a[16], b[16];
        fmt_ymd(graded, a);
        fmt_ymd(filed, b);
        err(c, kid(filing, "filed-on"), "定级时间（%s）晚于备案日期（%s）：应先定级，后备案", a, b);
    }
    char *status = attr(kid(sys, "run-status"), "code");
    if (kid(sys, "in-service"))
        check_date(c, kid(sys, "in-service"), "投入运行日期", status && !strcmp(status, "building"));
    free(status);

    /* before filing, <filing> (备案日期, 填表人, 填表日期) may be left out: a note, not an error */
    if (level >= 2 && !filing)
        note_blank(c, sys, "封面备案日期、表三填表人、填表日期（<filing> 的 <filed-on>、<filled-by>、<filled-on>）");
    if (level == 1 && filing)
        err(c, filing, "第一级定级对象不需备案：请删除 <filing>");
    if (kid(filing, "record-number"))
        check_digits(c, kid(filing, "record-number"), 11, "备案表编号");
    if (kid(filing, "object-number"))
        check_digits(c, kid(filing, "object-number"), 5, "定级对象编号");

    xmlNode *dr = kid(sys, "data-resources");
    for (xmlNode *dn = dr ? dr->children : NULL; dn; dn = dn->next) {
        static const char *const flows[] = {"flow-in", "flow-out"};
        static const char *const names[] = {"数据来源单位", "数据流出单位"};
        for (int f = 0; f < 2 && is_el(dn, "data"); f++) {
            int n = 0;
            for (xmlNode *k = dn->children; k; k = k->next)
                if (is_el(k, flows[f]) && ++n == MLPS_FORM_MAX_FLOW_UNITS + 1)
                    err(c, k, "%s至多填 %d 个（表六只有 %d 栏）", names[f], MLPS_FORM_MAX_FLOW_UNITS,
                        MLPS_FORM_MAX_FLOW_UNITS);
        }
    }
    check_materials(c, sys, level);
    if (kid(sys, "topology"))
        check_topology(c, kid(sys, "topology"));
    check_products_services(c, sys);

    xmlNode *nt = kid(sys, "new-tech");
    static const char *const platforms[] = {"cloud", "bigdata"};
    for (size_t i = 0; i < 2; i++) {
        xmlNode *pl = path2(nt, platforms[i], "platform-level");
        char *t = text(pl), fw[MLPS_FULLWIDTH_HINT];
        if (pl && !mlps_level_parse(t))
            err(c, pl, "平台安全保护等级应为 1 到 5 的数字，实际为“%s”%s", t, fullwidth_hint(t, fw));
        free(t);
    }
    xmlNode *resp = kid(sys, "response");
    for (xmlNode *r = kid(resp, "roles") ? kid(resp, "roles")->children : NULL; r; r = r->next) {
        if (!is_el(r, "role"))
            continue;
        if (kid(r, "office-phone"))
            check_office_phone(c, kid(r, "office-phone"));
        if (kid(r, "mobile"))
            check_mobile(c, kid(r, "mobile"));
    }
    for (xmlNode *k = kid(resp, "contacts") ? kid(resp, "contacts")->children : NULL; k; k = k->next)
        if (is_el(k, "contact") && kid(k, "phone"))
            check_any_phone(c, kid(k, "phone"));
}

/* The control point `ref` of a catalogue, or NULL. */
static xmlNode *catalogue_control(xmlDocPtr cat, const char *ref)
{
    xmlNode *root = cat ? xmlDocGetRootElement(cat) : NULL;
    for (xmlNode *p = root ? root->children : NULL; p; p = p->next)
        for (xmlNode *f = is_el(p, "part") ? p->children : NULL; f; f = f->next)
            for (xmlNode *k = is_el(f, "family") ? f->children : NULL; k; k = k->next) {
                char *id = is_el(k, "control") ? attr(k, "id") : NULL;
                int hit = id && !strcmp(id, ref);
                free(id);
                if (hit)
                    return k;
            }
    return NULL;
}

/* Whether a catalogue control point (or one of its items) applies at `level`. */
static int control_applies(const xmlNode *ctl, int level)
{
    char want[4];
    snprintf(want, sizeof want, "%d", level);
    for (const xmlNode *k = ctl->children; k; k = k->next) {
        if (is_el(k, "item") && control_applies(k, level))
            return 1;
        char *lv = is_el(k, "at") ? attr(k, "level") : NULL;
        int hit = lv && !strcmp(lv, want);
        free(lv);
        if (hit)
            return 1;
    }
    return 0;
}

/* 差距分析: control points that exist in the named catalogue, apply at the system's level and
 * appear once; a measure and a target date for every one not fully met. */
static void check_gap_analysis(ctx *c, xmlNode *ga, int level)
{
    char *cat = attr(ga, "catalogue");
    /* another catalogue name (or none) is the schema's to report */
    xmlDocPtr doc = !cat ? NULL : !strcmp(cat, "gbt22239-2019") ? c->cat19 : !strcmp(cat, "gbt22239-2008") ? c->cat08 : NULL;
    check_date(c, kid(ga, "assessed-on"), "差距分析日期", 0);
    for (xmlNode *k = ga->children; k; k = k->next) {
        if (!is_el(k, "control"))
            continue;
        char *ref = attr(k, "ref"), *st = attr(k, "status");
        xmlNode *ctl = doc && ref && ref[0] ? catalogue_control(doc, ref) : NULL;
        if (ref && !ref[0]) {
            /* the schema's pattern reports it: "属性 ref 未填写：…" */
        } else if (doc && ref && !ctl) {
            err(c, attr_node(k, "ref"), "控制点“%s”不在要求项目录 templates/catalogue/%s.xml 中", ref, cat);
        } else if (ctl && level && !control_applies(ctl, level)) {
            char *name = attr(ctl, "name");
            err(c, attr_node(k, "ref"), "控制点“%s”（%s）不适用于%s定级对象", ref, name,
                level_name(c, level));
            free(name);
        }
        for (xmlNode *p = ga->children; p != k && ref; p = p->next) {
            char *pref = is_el(p, "control") ? attr(p, "ref") : NULL;
            if (pref && !strcmp(pref, ref))
                err(c, attr_node(k, "ref"), "控制点“%s”在差距分析中重复", ref);
            free(pref);
        }
        if (st && (!strcmp(st, "partial") || !strcmp(st, "unmet"))) {
            if (!kid(k, "measure"))
                err(c, k, "控制点“%s”未完全满足：须填写整改措施 <measure>", ref ? ref : "");
            if (!kid(k, "target-date"))
                err(c, k, "控制点“%s”未完全满足：须填写计划完成日期 <target-date>", ref ? ref : "");
        }
        if (kid(k, "target-date"))
            check_date(c, kid(k, "target-date"), "计划完成日期", 1);
        free(ref);
        free(st);
    }
    free(cat);
}

/* Output files are named after systems (render plans): a name used twice would overwrite. */
static void check_unique_name(ctx *c, xmlNode *systems, xmlNode *s)
{
    char *name = text(kid(s, "name"));
    size_t k = 0;
    for (xmlNode *p = systems->children; name && *name && p != s; p = p->next) {
        if (!is_el(p, "system"))
            continue;
        k++;
        char *pname = text(kid(p, "name"));
        if (pname && !strcmp(name, pname)) {
            err(c, kid(s, "name"), "定级对象名称“%s”重复（第 %zu 个定级对象已使用）；各定级对象的名称须互不相同", name, k);
            free(pname);
            break;
        }
        free(pname);
    }
    free(name);
}

static void check_systems(ctx *c, xmlNode *systems)
{
    size_t n = 0, nids = 0, cap = 0;
    keyed *ids = NULL;
    for (xmlNode *s = systems ? systems->children : NULL; s; s = s->next) {
        if (!is_el(s, "system"))
            continue;
        if (++n > MLPS_MAX_SYSTEMS) {
            err(c, s, "定级对象过多（上限 %d 个）", MLPS_MAX_SYSTEMS);
            break;
        }
        xmlAttr *a = xmlHasProp(s, (const xmlChar *)"id");
        if (a && a->children && a->children->content) {
            XGROW(ids, cap, nids + 1);
            ids[nids] = (keyed){(const char *)a->children->content, s, n};
            nids++;
        }
        check_unique_name(c, systems, s);
        int level = 0;
        check_system(c, s, &level);
    }
    if (nids > 1)
        qsort(ids, nids, sizeof *ids, by_key_then_pos);
    for (size_t i = 0; i < nids;) {
        size_t j = i + 1;
        while (j < nids && !strcmp(ids[j].key, ids[i].key))
            j++;
        if (j - i > 1)
            err(c, attr_node(ids[i + 1].node, "id"), "定级对象标识“%s”重复（第 %zu 个定级对象已使用）", ids[i].key,
                ids[i].pos);
        i = j;
    }
    free(ids);
}

size_t mlps_check_unit(const mlps_codes *codes, xmlDocPtr doc, const char *file,
                       const mlps_check_opts *opts, mlps_diags *d)
{
    size_t errors0 = d->errors;
    ctx c = {codes, file, d, opts && opts->today ? opts->today : mlps_date_today(), d->errors,
             NULL, NULL, opts ? opts->images : NULL};
    xmlNode *u = xmlDocGetRootElement(doc);
    if (!is_el(u, "unit")) {
        err(&c, u, "根元素应为 <unit>");
        return d->errors - errors0;
    }
    if (kid(u, "credit-code"))
        check_credit_code(&c, kid(u, "credit-code"));
    if (kid(u, "region-code"))
        check_region_code(&c, kid(u, "region-code"), path2(u, "address", "province"));
    if (kid(u, "region-code-2.0"))
        check_county_code(&c, kid(u, "region-code-2.0"), kid(u, "region-code"));
    if (kid(u, "postcode"))
        check_postcode(&c, kid(u, "postcode"));
    check_person(&c, kid(u, "leader"));
    check_person(&c, kid(u, "security-contact"));
    check_person(&c, kid(u, "data-contact"));
    check_codes(&c, doc);
    check_systems(&c, kid(u, "systems"));
    return d->errors - errors0;
}

size_t mlps_check_gap_analyses(const mlps_codes *codes, xmlDocPtr doc, const char *file, xmlDocPtr catalogue_2019,
                               xmlDocPtr catalogue_2008, const mlps_check_opts *opts,
                               mlps_diags *d)
{
    size_t errors0 = d->errors;
    ctx c = {codes, file, d, opts && opts->today ? opts->today : mlps_date_today(), d->errors,
             catalogue_2019, catalogue_2008, NULL};
    xmlNode *u = xmlDocGetRootElement(doc);
    for (xmlNode *s = is_el(u, "unit") && kid(u, "systems") ? kid(u, "systems")->children : NULL;
         s; s = s->next) {
        xmlNode *ga = is_el(s, "system") ? kid(s, "gap-analysis") : NULL;
        if (!ga)
            continue;
        char *lv = text(path2(s, "grading", "level"));
        check_gap_analysis(&c, ga, lv ? mlps_level_parse(lv) : 0);
        free(lv);
    }
    return d->errors - errors0;
}
