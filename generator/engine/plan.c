/* Render plans: load and check a plan file, expand it for one unit into jobs. */
#include "plan.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "data.h"
#include "mem.h"
#include "mlps_limits.h"
#include "xmlread.h"

/* The placeholders of an output pattern. */
enum { PH_UNIT, PH_SYSTEM, PH_SYSTEM_ID, PH_COUNT };
static const char *const PLACEHOLDERS[PH_COUNT] = {"{单位}", "{系统}", "{系统标识}"};

typedef struct plan_doc {
    char *template_path;
    mlps_template *tmpl; /* compiled by mlps_plan_compile; shared by documents of one path */
    int owns_tmpl;
    char *output;     /* pattern */
    char form[4];     /* "" = any */
    int per_system;
    int min_level, max_level; /* 0 = no bound */
    long line;
    char *field;      /* "plan/document[2]" */
} plan_doc;

struct mlps_plan {
    char *path;
    plan_doc *docs;
    size_t ndocs;
};

static const char UNSAFE[] = "/\\:*?\"<>|";
/* a template name, as plan.rng's pattern [A-Za-z0-9][A-Za-z0-9._\-]{0,63} */
#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
static const char TEMPLATE_FIRST[] = ALNUM;
static const char TEMPLATE_CHARS[] = ALNUM "._-";

static int placeholder_at(const char *s)
{
    for (int k = 0; k < PH_COUNT; k++)
        if (!strncmp(s, PLACEHOLDERS[k], strlen(PLACEHOLDERS[k])))
            return k;
    return -1;
}

/* ---- file names ---- */

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

/* Appends v with unsafe characters as "_", cut + "~hash" when longer than its share. */
static void put_value(mlps_buf *b, const char *v)
{
    size_t start = b->len;
    v = v ? v : "";
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        unsigned char c = *p;
        int bad = c < 0x20 || c == 0x7f || strchr(UNSAFE, c) || (c == '.' && b->len == start);
        mlps_buf_putc(b, bad ? '_' : (char)c);
    }
    if (b->len == start)
        mlps_buf_putc(b, '_');
    if (b->len - start > MLPS_MAX_NAME_VALUE_BYTES) {
        size_t cut = MLPS_MAX_NAME_VALUE_BYTES - MLPS_NAME_HASH_BYTES;
        while (cut > 0 && ((unsigned char)b->ptr[start + cut] & 0xC0) == 0x80)
            cut--; /* never inside a UTF-8 sequence */
        b->len = start + cut;
        b->ptr[b->len] = '\0';
        mlps_buf_printf(b, "~%08x", (unsigned)fnv1a(v));
    }
}

static char *compose(const char *pattern, const char *const values[PH_COUNT])
{
    mlps_buf b = MLPS_BUF_INIT;
    for (const char *s = pattern; *s;) {
        int k = *s == '{' ? placeholder_at(s) : -1;
        if (k >= 0) {
            put_value(&b, values[k]);
            s += strlen(PLACEHOLDERS[k]);
        } else {
            mlps_buf_putc(&b, *s++);
        }
    }
    return mlps_buf_detach(&b);
}

char *mlps_plan_file_name(const char *pattern, const char *unit, const char *system,
                          const char *system_id)
{
    const char *values[PH_COUNT] = {unit, system, system_id};
    return compose(pattern, values);
}

/* ---- loading ---- */

static char *prop(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    char *s = v ? mlps_xstrdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

static void error_at_attr(mlps_diags *d, const char *file, const xmlNode *n, const char *attr,
                          const char *fmt, const char *arg)
{
    xmlAttr *a = xmlHasProp(n, (const xmlChar *)attr);
    mlps_xml_error_at(d, file, a ? (const xmlNode *)a : n, fmt, arg);
}

/* What plan.rng cannot say about an output pattern; errors added to d. */
static void check_output(const char *file, const xmlNode *n, const char *out, int per_system,
                         mlps_diags *d)
{
    size_t literal = 0, values = 0;
    for (const char *s = out; *s;) {
        int k = *s == '{' ? placeholder_at(s) : -1;
        if (k >= 0) {
            if (k != PH_UNIT && !per_system) {
                error_at_attr(d, file, n, "output",
                              "每个单位一份的文档（for=\"unit\"）不能使用 %s", PLACEHOLDERS[k]);
                return;
            }
            values++;
            s += strlen(PLACEHOLDERS[k]);
            continue;
        }
        unsigned char c = (unsigned char)*s;
        if (c == '{' || c == '}') {
            error_at_attr(d, file, n, "output",
                          "输出文件名“%s”中有未知的占位符（可用：{单位}、{系统}、{系统标识}）", out);
            return;
        }
        if (c < 0x20 || c == 0x7f || strchr(UNSAFE, c) || (c == '.' && s == out)) {
            error_at_attr(d, file, n, "output",
                          "输出文件名“%s”中有文件名不允许的字符（/ \\ : * ? \" < > | 或控制字符，或以 . 开头）",
                          out);
            return;
        }
        literal++;
        s++;
    }
    size_t worst = literal + values * MLPS_MAX_NAME_VALUE_BYTES;
    if (worst > MLPS_MAX_FILE_NAME_BYTES - MLPS_OUTFILE_TMP_SUFFIX_BYTES) {
        mlps_buf b = MLPS_BUF_INIT;
        mlps_buf_printf(&b, "%zu", MLPS_MAX_FILE_NAME_BYTES - MLPS_OUTFILE_TMP_SUFFIX_BYTES -
                                      values * MLPS_MAX_NAME_VALUE_BYTES);
        error_at_attr(d, file, n, "output", "输出文件名中占位符以外的文字过长（上限 %s 字节）", b.ptr);
        mlps_buf_free(&b);
    }
    if (per_system && !strstr(out, PLACEHOLDERS[PH_SYSTEM]) &&
        !strstr(out, PLACEHOLDERS[PH_SYSTEM_ID]))
        error_at_attr(d, file, n, "output",
                      "每个定级对象一份的文档（for=\"system\"）的文件名“%s”须含 {系统} 或 {系统标识}，"
                      "否则各定级对象的文件同名、互相覆盖（见 docs/plans.md）",
                      out);
}

/* templates_dir/NAME.xsl, else templates_dir/NAME.xml; NULL when neither is there. */
static char *find_template(const char *templates_dir, const char *name)
{
    static const char *const ext[] = {".xsl", ".xml"};
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        mlps_buf b = MLPS_BUF_INIT;
        mlps_buf_printf(&b, "%s/%s%s", templates_dir, name, ext[i]);
        if (access(b.ptr, R_OK) == 0)
            return mlps_buf_detach(&b);
        mlps_buf_free(&b);
    }
    return NULL;
}

static int is_named(const xmlNode *n, const char *name)
{
    return !strcmp((const char *)n->name, name);
}

/* The plan's own words for what plan.rng refuses (its generic message names neither the
 * attribute nor the rule): each problem at its file:line, pointing to docs/plans.md. Returns
 * the number of errors; none means plan.rng still has the last word. */
static size_t precheck(const char *file, const xmlNode *root, mlps_diags *d)
{
    static const char *const attrs[] = {"template", "for", "output", "form", "min-level",
                                        "max-level", NULL};
    static const char *const required[] = {"template", "for", "output", NULL};
    size_t errors0 = d->errors;
    if (!root)
        return 0; /* plan.rng says it */
    if (!is_named(root, "plan")) {
        mlps_xml_error_at(d, file, root, "根元素应为 <plan>，而不是 <%s>（见 docs/plans.md）",
                          (const char *)root->name);
        return d->errors - errors0;
    }
    for (const xmlNode *n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!is_named(n, "document")) {
            mlps_xml_error_at(d, file, n, "未知元素 <%s>：<plan> 中只能有 <document>（见 docs/plans.md）",
                              (const char *)n->name);
            continue;
        }
        for (const xmlAttr *a = n->properties; a; a = a->next) {
            size_t k = 0;
            while (attrs[k] && strcmp(attrs[k], (const char *)a->name))
                k++;
            if (!attrs[k])
                mlps_xml_error_at(d, file, (const xmlNode *)a,
                                  "<document> 没有属性 %s（可用：template、for、output、form、"
                                  "min-level、max-level；见 docs/plans.md）",
                                  (const char *)a->name);
        }
        for (size_t k = 0; required[k]; k++)
            if (!xmlHasProp(n, (const xmlChar *)required[k]))
                mlps_xml_error_at(d, file, n, "<document> 缺少必需的属性 %s（见 docs/plans.md）",
                                  required[k]);
        char *t = prop(n, "template"), *f = prop(n, "for"), *o = prop(n, "output");
        char *fm = prop(n, "form");
        size_t tl = t ? strlen(t) : 0;
        if (t && (tl == 0 || tl > 64 || !strchr(TEMPLATE_FIRST, t[0]) ||
                  strspn(t, TEMPLATE_CHARS) != tl))
            error_at_attr(d, file, n, "template",
                          "template=“%s”应为模板目录中模板的名称，不带扩展名和路径：字母或数字开头，"
                          "只含字母、数字和 . _ -，至多 64 个字符（见 docs/plans.md）",
                          t);
        if (f && strcmp(f, "unit") && strcmp(f, "system"))
            error_at_attr(d, file, n, "for", "for=“%s”只能是 unit（每个单位一份）或 system（每个定级对象一份）", f);
        size_t ol = o ? strlen(o) : 0;
        if (o && (ol <= 4 || strcmp(o + ol - 4, ".pdf")))
            error_at_attr(d, file, n, "output", "output=“%s”是文件名，须以 .pdf 结尾（见 docs/plans.md）", o);
        if (fm && strcmp(fm, "1.0") && strcmp(fm, "2.0"))
            error_at_attr(d, file, n, "form", "form=“%s”只能是 1.0 或 2.0", fm);
        static const char *const lv[] = {"min-level", "max-level"};
        for (size_t k = 0; k < 2; k++) {
            char *v = prop(n, lv[k]);
            if (v && (strlen(v) != 1 || v[0] < '1' || v[0] > '5'))
                mlps_xml_error_at(d, file, (const xmlNode *)xmlHasProp(n, (const xmlChar *)lv[k]),
                                  "%s=“%s”应为 1 到 5 的整数（等级）", lv[k], v);
            free(v);
        }
        free(t);
        free(f);
        free(o);
        free(fm);
    }
    return d->errors - errors0;
}

static int int_prop(const xmlNode *n, const char *name)
{
    char *s = prop(n, name);
    int v = s ? atoi(s) : 0; /* plan.rng allows only 1..5 */
    free(s);
    return v;
}

mlps_plan *mlps_plan_load(const mlps_schema *schema, const char *path, const char *templates_dir,
                          mlps_diags *d)
{
    size_t errors0 = d->errors;
    const char *code = mlps_diag_set_code(d, MLPS_DC_PLAN);
    mlps_plan *p = mlps_xcalloc(1, sizeof *p);
    p->path = mlps_xstrdup(path);
    xmlDocPtr doc = mlps_xml_read_file(path, d);
    if (!doc)
        goto done;
    /* plan.rng decides; what it refuses, precheck says in plain words where it can */
    mlps_diags sv = MLPS_DIAGS_INIT;
    mlps_diag_set_code(&sv, MLPS_DC_PLAN);
    int refused = mlps_schema_validate(schema, doc, path, &sv) != 0;
    if (refused && !precheck(path, xmlDocGetRootElement(doc), d))
        mlps_diag_merge(d, &sv);
    mlps_diag_free(&sv);
    if (refused)
        goto done;
    for (xmlNode *n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (p->ndocs >= MLPS_MAX_PLAN_DOCUMENTS) {
            mlps_xml_error_at(d, path, n, "计划中的文档过多（上限 %d 个）", MLPS_MAX_PLAN_DOCUMENTS);
            break;
        }
        p->docs = mlps_xrealloc(p->docs, (p->ndocs + 1) * sizeof *p->docs);
        plan_doc *x = &p->docs[p->ndocs++];
        memset(x, 0, sizeof *x);
        char *tmpl = prop(n, "template"), *per = prop(n, "for"), *form = prop(n, "form");
        x->output = prop(n, "output");
        x->per_system = per && !strcmp(per, "system");
        snprintf(x->form, sizeof x->form, "%s", form ? form : "");
        x->min_level = int_prop(n, "min-level");
        x->max_level = int_prop(n, "max-level");
        x->line = xmlGetLineNo(n);
        x->field = mlps_xml_node_path(n);
        check_output(path, n, x->output, x->per_system, d);
        x->template_path = find_template(templates_dir, tmpl);
        if (!x->template_path)
            mlps_xml_error_at(d, path, (const xmlNode *)xmlHasProp(n, (const xmlChar *)"template"),
                              "模板目录“%s”中没有名为“%s”的模板（.xsl 或 .xml）", templates_dir, tmpl);
        if (x->min_level && x->max_level && x->min_level > x->max_level)
            error_at_attr(d, path, n, "min-level", "%s", "min-level 大于 max-level，此文档永远不会生成");
        free(tmpl);
        free(per);
        free(form);
    }
done:
    xmlFreeDoc(doc);
    mlps_diag_set_code(d, code);
    if (d->errors > errors0) {
        mlps_plan_free(p);
        return NULL;
    }
    return p;
}

void mlps_plan_free(mlps_plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->ndocs; i++) {
        if (p->docs[i].owns_tmpl)
            mlps_template_free(p->docs[i].tmpl);
        free(p->docs[i].template_path);
        free(p->docs[i].output);
        free(p->docs[i].field);
    }
    free(p->docs);
    free(p->path);
    free(p);
}

const char *mlps_plan_path(const mlps_plan *p)
{
    return p->path;
}

size_t mlps_plan_count(const mlps_plan *p)
{
    return p->ndocs;
}

const char *mlps_plan_template_path(const mlps_plan *p, size_t doc)
{
    return doc < p->ndocs ? p->docs[doc].template_path : NULL;
}

int mlps_plan_template_per_system(const mlps_plan *p, const char *template_path)
{
    struct stat want, st;
    int found = -1;
    if (!p || stat(template_path, &want) != 0)
        return -1;
    for (size_t i = 0; i < p->ndocs; i++)
        if (stat(p->docs[i].template_path, &st) == 0 && st.st_dev == want.st_dev &&
            st.st_ino == want.st_ino)
            found = found == 1 || p->docs[i].per_system;
    return found;
}

char *mlps_plan_entry_key(const mlps_plan *p, size_t doc)
{
    if (doc >= p->ndocs)
        return mlps_xstrdup("");
    const plan_doc *x = &p->docs[doc];
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_printf(&b, "template=%s\tfor=%s\tform=%s\tmin-level=%d\tmax-level=%d\toutput=%s",
                    x->template_path, x->per_system ? "system" : "unit", x->form, x->min_level,
                    x->max_level, x->output);
    return mlps_buf_detach(&b);
}

int mlps_plan_compile(mlps_plan *p, mlps_diags *d)
{
    size_t errors0 = d->errors;
    const char *code = mlps_diag_set_code(d, MLPS_DC_TEMPLATE);
    for (size_t i = 0; i < p->ndocs; i++) {
        plan_doc *x = &p->docs[i];
        for (size_t j = 0; j < i && !x->tmpl; j++)
            if (!strcmp(p->docs[j].template_path, x->template_path))
                x->tmpl = p->docs[j].tmpl;
        if (!x->tmpl) {
            x->tmpl = mlps_template_load(x->template_path, d);
            x->owns_tmpl = 1;
        }
    }
    mlps_diag_set_code(d, code);
    return d->errors > errors0 ? -1 : 0;
}

const mlps_template *mlps_plan_template(const mlps_plan *p, size_t doc)
{
    return doc < p->ndocs ? p->docs[doc].tmpl : NULL;
}

/* ---- expansion ---- */

static int is_el(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static xmlNode *kid(const xmlNode *n, const char *name)
{
    for (xmlNode *k = n ? n->children : NULL; k; k = k->next)
        if (is_el(k, name))
            return k;
    return NULL;
}

/* Trimmed text of n's child `name` (caller frees; "" when absent). */
static char *child_text(const xmlNode *n, const char *name)
{
    xmlNode *k = kid(n, name);
    xmlChar *s = k ? xmlNodeGetContent(k) : NULL;
    const char *t = s ? (const char *)s : "";
    while (*t == ' ' || *t == '\n' || *t == '\t' || *t == '\r')
        t++;
    size_t len = strlen(t);
    while (len && strchr(" \n\t\r", t[len - 1]))
        len--;
    char *r = mlps_xstrndup(t, len);
    xmlFree(s);
    return r;
}

static int system_level(const xmlNode *sys)
{
    xmlNode *c = kid(sys, "computed");
    return c ? int_prop(c, "level") : 0;
}

static int applies(const plan_doc *x, const char *form, int level)
{
    if (form && x->form[0] && strcmp(form, x->form))
        return 0;
    if (x->min_level && level < x->min_level)
        return 0;
    if (x->max_level && (level == 0 || level > x->max_level))
        return 0;
    return 1;
}

typedef struct {
    const char *path;
    const xmlNode *system; /* NULL for a per-unit document */
    size_t doc;
    size_t order;
} name_key;

static int by_path(const void *a, const void *b)
{
    const name_key *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

static void add_job(mlps_plan_jobs *out, const xmlNode **where, size_t doc, const xmlNode *sys,
                    const char *out_dir, const char *name)
{
    XGROW(out->items, out->cap, out->count + 1);
    mlps_plan_job *j = &out->items[out->count];
    mlps_buf b = MLPS_BUF_INIT;
    if (out_dir && *out_dir)
        mlps_buf_printf(&b, "%s/", out_dir);
    mlps_buf_puts(&b, name);
    j->doc = doc;
    j->out_path = mlps_buf_detach(&b);
    xmlChar *id = sys ? xmlGetNoNsProp(sys, (const xmlChar *)"id") : NULL;
    j->system_id = sys ? mlps_xstrdup(id ? (const char *)id : "") : NULL;
    xmlFree(id);
    where[out->count++] = sys;
}

/* Two jobs writing the same file: named at the second system's name (data) or document (plan). */
static size_t check_unique(const mlps_plan *p, const mlps_plan_jobs *jobs, const xmlNode **where,
                           const char *data_file, mlps_diags *d)
{
    size_t errors0 = d->errors;
    const char *code = mlps_diag_set_code(d, MLPS_DC_PLAN_COLLISION);
    name_key *k = mlps_xcalloc(jobs->count ? jobs->count : 1, sizeof *k);
    unsigned char *told = mlps_xcalloc(p->ndocs * p->ndocs + 1, 1); /* plan pairs named */
    for (size_t i = 0; i < jobs->count; i++)
        k[i] = (name_key){jobs->items[i].out_path, where[i], jobs->items[i].doc, i};
    qsort(k, jobs->count, sizeof *k, by_path);
    for (size_t i = 1; i < jobs->count; i++) {
        if (strcmp(k[i].path, k[i - 1].path))
            continue;
        const name_key *first = &k[i - 1], *second = &k[i];
        if (first->system != second->system) { /* the data's names: two systems, one file */
            const xmlNode *data_at = second->system ? second->system : first->system;
            const xmlNode *other = second->system ? first->system : second->system;
            char *name = other ? child_text(other, "name") : NULL;
            const xmlNode *at = kid(data_at, "name");
            if (other)
                mlps_xml_error_at(d, data_file, at ? at : data_at,
                                  "输出文件“%s”与定级对象“%s”（第 %ld 行）的文件重名，会互相覆盖；请改用不同的名称",
                                  second->path, name, xmlGetLineNo(other));
            else
                mlps_xml_error_at(d, data_file, at ? at : data_at,
                                  "输出文件“%s”与单位的文档重名，会互相覆盖；请改用不同的名称", second->path);
            free(name);
        } else { /* the plan's patterns: two documents, one file */
            size_t a = first->doc < second->doc ? first->doc : second->doc;
            size_t b = first->doc < second->doc ? second->doc : first->doc;
            if (told[a * p->ndocs + b]++)
                continue;
            mlps_diag_error(d, p->path, p->docs[b].line, p->docs[b].field,
                            "输出文件“%s”与计划第 %ld 行的文档重名，会互相覆盖", second->path,
                            p->docs[a].line);
        }
    }
    free(told);
    mlps_diag_set_code(d, code);
    free(k);
    return d->errors - errors0;
}

int mlps_plan_expand(const mlps_plan *p, xmlDocPtr unit, const char *data_file, const char *form,
                     const char *out_dir, mlps_plan_jobs *out, mlps_diags *d)
{
    xmlNode *root = xmlDocGetRootElement(unit);
    size_t nsys = 0;
    int top = 0;
    for (xmlNode *s = mlps_data_next_system(unit, NULL); s; s = mlps_data_next_system(unit, s)) {
        nsys++;
        int lv = system_level(s);
        top = lv > top ? lv : top;
    }
    const xmlNode **where = mlps_xcalloc(p->ndocs * (nsys + 1) + 1, sizeof *where);
    char *unit_name = child_text(root, "name");
    out->items = NULL;
    out->count = out->cap = 0;
    /* per-unit documents first, then each system's documents: a system's set stays together */
    for (size_t i = 0; i < p->ndocs; i++) {
        const plan_doc *x = &p->docs[i];
        if (x->per_system || !applies(x, form, top))
            continue;
        char *name = mlps_plan_file_name(x->output, unit_name, NULL, NULL);
        add_job(out, where, i, NULL, out_dir, name);
        free(name);
    }
    for (xmlNode *s = mlps_data_next_system(unit, NULL); s; s = mlps_data_next_system(unit, s)) {
        char *sname = child_text(s, "name");
        xmlChar *id = xmlGetNoNsProp(s, (const xmlChar *)"id");
        for (size_t i = 0; i < p->ndocs; i++) {
            const plan_doc *x = &p->docs[i];
            if (!x->per_system || !applies(x, form, system_level(s)))
                continue;
            char *name = mlps_plan_file_name(x->output, unit_name, sname, id ? (const char *)id : "");
            add_job(out, where, i, s, out_dir, name);
            free(name);
        }
        xmlFree(id);
        free(sname);
    }
    int rc = check_unique(p, out, where, data_file, d) ? -1 : 0;
    free(where);
    free(unit_name);
    if (rc)
        mlps_plan_jobs_free(out);
    return rc;
}

void mlps_plan_jobs_free(mlps_plan_jobs *j)
{
    for (size_t i = 0; i < j->count; i++) {
        free(j->items[i].system_id);
        free(j->items[i].out_path);
    }
    free(j->items);
    j->items = NULL;
    j->count = j->cap = 0;
}
