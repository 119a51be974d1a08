/* Doc XML (docs/doc-format.md) → mlps_doc. Every problem is reported with file:line and the
 * element's path, and parsing goes on so that one run lists them all. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>

#include "buf.h"
#include "image.h"
#include "doc.h"
#include "form.h"
#include "mem.h"
#include "mlps_limits.h"
#include "para.h"
#include "utf8.h"
#include "xmlread.h"

/* A numbered target of <ref to>: a captioned table (表N) or figure (图N). */
typedef struct label {
    char *id;
    char text[32];
} label;

/* A heading a <toc/> lists: its text with ordinal, level, and its place among outlined paragraphs. */
typedef struct toc_head {
    char *text;
    int level, ordinal;
} toc_head;

typedef struct ctx {
    mlps_doc *doc;
    const char *file; /* doc-owned */
    const char *origin_file; /* the last origin file interned (most blocks share one) */
    /* origin="…" values parsed, by address: libxslt gives every output element of one
     * template line the same string, and a table row's cells cycle through a few lines */
    struct {
        const char *value, *file;
        long line;
    } origins[16];
    const char *base_dir;
    const char *tmpl_dir; /* images a template names (src-folder="template"); NULL: none */
    mlps_diags *d;
    mlps_numbering num;
    bool saw_start;
    bool in_form;     /* inside a <form> cell: <tick> and <blank> are allowed */
    mlps_style *styles; /* <style> definitions read so far (names and roles doc-owned) */
    size_t nstyles, styles_cap;
    const mlps_style *builtin; /* the built-in style found last: cells ask for one again and again */
    label *labels; /* from the prescan, document order */
    size_t nlabels, labels_cap;
    size_t next_label;
    toc_head *heads;
    size_t nheads, heads_cap;
} ctx;

/* A style defined by the document, else a built-in one; NULL if neither. */
static const mlps_style *find_style(ctx *c, const char *name)
{
    for (size_t i = 0; name && i < c->nstyles; i++)
        if (!strcmp(c->styles[i].name, name))
            return &c->styles[i];
    if (name && c->builtin && !strcmp(c->builtin->name, name))
        return c->builtin;
    const mlps_style *st = mlps_style_named(name);
    if (st)
        c->builtin = st;
    return st;
}

/* strcmp(a, b) == 0, the first bytes compared inline: attribute names are looked up about
 * ten times per element, and most differ at the first byte. */
static inline bool same_str(const xmlChar *a, const char *b)
{
    return a[0] == (xmlChar)b[0] && !strcmp((const char *)a, b);
}

/* The value of attribute name on n, without copying it (NULL when absent or not plain text). */
static const char *attr_text(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (!a->ns && same_str(a->name, name))
            return a->children && a->children->type == XML_TEXT_NODE && !a->children->next
                       ? (const char *)a->children->content
                       : NULL;
    return NULL;
}

/* The origin="…" n or its nearest element ancestor carries (NULL: none). */
static const char *origin_attr(const xmlNode *n)
{
    for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
        const char *v = attr_text(n, "origin");
        if (v)
            return v;
    }
    return NULL;
}

/* origin="file:line" (templates write it on every element they make): where a problem must
 * be fixed. Parsed from the right, so a file name may hold ':'. 0 when absent or malformed. */
static int parse_origin(const char *v, char *file, size_t cap, long *line)
{
    const char *colon = v ? strrchr(v, ':') : NULL;
    char *end = NULL;
    long l = colon ? strtol(colon + 1, &end, 10) : 0;
    if (!colon || !end || *end || l <= 0 || (size_t)(colon - v) >= cap)
        return 0;
    memcpy(file, v, (size_t)(colon - v));
    file[colon - v] = '\0';
    *line = l;
    return 1;
}

int mlps_doc_origin(const xmlNode *n, char *file, size_t cap, long *line)
{
    return parse_origin(origin_attr(n), file, cap, line);
}

static void err(struct ctx *c, const xmlNode *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A problem at n, at its origin (the template line) if it has one, else at the doc XML line. */
static void err(ctx *c, const xmlNode *n, const char *fmt, ...)
{
    char file[1024], msg[1024];
    long line = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (mlps_doc_origin(n, file, sizeof file, &line)) {
        char *path = mlps_xml_node_path(n);
        mlps_diag_error(c->d, file, line, path, "%s", msg);
        free(path);
    } else {
        mlps_xml_error_at(c->d, c->file, n, "%s", msg);
    }
}

/* doc XML's elements are in no namespace (doc.rng): <p xmlns="…"> is not a <p> */
static bool is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !n->ns && !strcmp((const char *)n->name, name);
}

static bool is_text(const xmlNode *n)
{
    return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE;
}

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

/* The next child from k on that is element `name`; text that is not blank and other elements
 * are reported, at the parent and at the element ("<row> 中只允许 <cell>"). */
static const xmlNode *next_child(ctx *c, const xmlNode *parent, const xmlNode *k, const char *name)
{
    for (; k; k = k->next) {
        if (is_text(k)) {
            if (!blank((const char *)k->content))
                err(c, parent, "<%s> 中的文字必须放在 <cell> 里", (const char *)parent->name);
        } else if (k->type == XML_ELEMENT_NODE) {
            if (!strcmp((const char *)k->name, name))
                return k;
            err(c, k, "未知元素 <%s>（<%s> 中只允许 <%s>）", (const char *)k->name,
                (const char *)parent->name, name);
        }
    }
    return NULL;
}

/* Whether a list of n items at element k has reached its limit (reported: "表格行数超过上限"). */
static bool full(ctx *c, const xmlNode *k, size_t n, int limit, const char *what)
{
    if (n < (size_t)limit)
        return false;
    err(c, k, "%s超过上限 %d", what, limit);
    return true;
}

/* Rejects attributes outside `allowed` (NULL-terminated); origin and data go everywhere. */
static void check_attrs(ctx *c, const xmlNode *n, const char *const *allowed)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        bool ok = same_str(a->name, "origin") || same_str(a->name, "data");
        for (size_t i = 0; !ok && allowed[i]; i++)
            ok = same_str(a->name, allowed[i]);
        if (!ok)
            err(c, n, "元素 <%s> 不支持属性“%s”", (const char *)n->name, (const char *)a->name);
    }
}

/* The value xmlGetProp gives (the first attribute of that name, whatever its namespace), not
 * copied when it is one text node, as nearly every value is: reading the doc XML asked for
 * 46,000 values in 48 documents, each a copy and a free. *copy is what to xmlFree. */
static const char *attr_peek(const xmlNode *n, const char *name, xmlChar **copy)
{
    *copy = NULL;
    if (n->type != XML_ELEMENT_NODE)
        return NULL;
    const xmlAttr *a = n->properties;
    while (a && !same_str(a->name, name))
        a = a->next;
    const xmlNode *t = a ? a->children : NULL;
    if (t && a->type == XML_ATTRIBUTE_NODE && !t->next && t->content &&
        (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE))
        return (const char *)t->content;
    if (!a && !(n->doc && n->doc->intSubset))
        return NULL; /* no attribute, and no DTD to give a default */
    /* anything else (entity references, a DTD's default) as xmlGetProp has it */
    return (const char *)(*copy = xmlGetProp(n, (const xmlChar *)name));
}

/* xmlGetProp: a copy to xmlFree, NULL when absent (found without libxml2's look-up). */
static char *attr(const xmlNode *n, const char *name)
{
    xmlChar *copy;
    const char *v = attr_peek(n, name, &copy);
    return copy || !v ? (char *)copy : (char *)xmlStrdup((const xmlChar *)v);
}

/* Number attribute within [lo, hi]; *out untouched when absent. false on error (reported). */
static bool num_attr(ctx *c, const xmlNode *n, const char *name, double lo, double hi, double *out)
{
    xmlChar *copy;
    const char *v = attr_peek(n, name, &copy);
    bool ok = true;
    if (!v)
        goto done;
    char *end = NULL;
    errno = 0;
    double x = strtod(v, &end);
    if (end == v || !blank(end) || errno || !isfinite(x) || x < lo || x > hi) {
        err(c, n, "属性 %s=“%s”应为 %g 到 %g 之间的数", name, v, lo, hi);
        ok = false;
        goto done;
    }
    *out = x;
done:
    xmlFree(copy);
    return ok;
}

static void yesno_attr(ctx *c, const xmlNode *n, const char *name, bool *out)
{
    xmlChar *copy;
    const char *v = attr_peek(n, name, &copy);
    if (!v)
        return;
    if (!strcmp(v, "yes"))
        *out = true;
    else if (!strcmp(v, "no"))
        *out = false;
    else
        err(c, n, "属性 %s=“%s”应为 yes 或 no", name, v);
    xmlFree(copy);
}

static void align_attr(ctx *c, const xmlNode *n, mlps_style *st)
{
    static const char *const names[] = {"justify", "left", "center", "right"};
    xmlChar *copy;
    const char *v = attr_peek(n, "align", &copy);
    if (!v)
        return;
    bool ok = false;
    for (int i = 0; i < 4; i++)
        if (!strcmp(v, names[i])) {
            st->align = (mlps_align)i;
            ok = true;
        }
    if (!ok)
        err(c, n, "属性 align=“%s”应为 justify、left、center 或 right", v);
    xmlFree(copy);
}

/* Style attribute plus the overrides shared by <p>, <h> and <cell>. */
static void style_attrs(ctx *c, const xmlNode *n, const char *dflt, mlps_style *st)
{
    char *name = attr(n, "style");
    const mlps_style *base = find_style(c, name ? name : dflt);
    if (!base) {
        err(c, n, "未知样式“%s”", name);
        base = mlps_style_named("body");
    }
    *st = *base;
    xmlFree(name);
    align_attr(c, n, st);
    num_attr(c, n, "indent", -10, 50, &st->indent_first_em);
    num_attr(c, n, "size", 1, MLPS_MAX_FONT_SIZE_PT, &st->size_pt);
    num_attr(c, n, "space-before", 0, MLPS_MAX_SPACE_PT, &st->space_before_pt);
    num_attr(c, n, "space-after", 0, MLPS_MAX_SPACE_PT, &st->space_after_pt);
    yesno_attr(c, n, "keep-with-next", &st->keep_with_next);
}

/* Collapses XML white space: a run holding a line break next to a non-ASCII character (Chinese
 * wrapped in the source) disappears, any other run becomes one space; ends trimmed as asked. */
static char *normalise(const char *s, bool trim_start, bool trim_end, size_t *len)
{
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_append(&b, "", 0);
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t word = strcspn(s + i, " \t\r\n"); /* copied as one piece, not byte by byte */
        if (word) {
            mlps_buf_append(&b, s + i, word);
            i += word;
            continue;
        }
        size_t j = i;
        bool nl = false;
        for (; j < n && strchr(" \t\r\n", s[j]); j++)
            nl = nl || s[j] == '\n';
        bool at_start = b.len == 0 && trim_start, at_end = j == n && trim_end;
        bool wide = (b.len && (unsigned char)b.ptr[b.len - 1] >= 0x80) ||
                    (j < n && (unsigned char)s[j] >= 0x80);
        if (!at_start && !at_end && !(nl && wide))
            mlps_buf_putc(&b, ' ');
        i = j;
    }
    *len = b.len;
    return mlps_buf_detach(&b);
}

typedef struct span_list {
    mlps_span *items;
    size_t n, cap;
} span_list;

static void add_span(span_list *l, char *text, size_t len, const char *role)
{
    XGROW(l->items, l->cap, l->n + 1);
    l->items[l->n++] = (mlps_span){text, len, role, MLPS_MARK_NONE};
}

/* The text of k, which holds no elements (any is reported: "<span> 中不能再有元素"). */
static char *plain_text(ctx *c, const xmlNode *k)
{
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_append(&b, "", 0);
    for (const xmlNode *x = k->children; x; x = x->next) {
        if (is_text(x))
            mlps_buf_puts(&b, (const char *)x->content);
        else if (x->type == XML_ELEMENT_NODE)
            err(c, x, "<%s> 中不能再有元素 <%s>", (const char *)k->name, (const char *)x->name);
    }
    return mlps_buf_detach(&b);
}

#define IDEO_SPACE "\xE3\x80\x80" /* U+3000: a tick's place, a blank's padding */
#define WORD_JOINER "\xE2\x81\xA0"

/* Display width of UTF-8 text in em: wide characters (U+0800 on) 1, others ½, those that print
 * nothing 0. */
static double em_width(const char *s)
{
    double w = 0;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp = mlps_utf8_next(s, n, &i);
        if (!mlps_para_ignorable(cp))
            w += cp >= 0x800 && cp != UTF8_INVALID ? 1 : 0.5;
    }
    return w;
}

/* <tick on="yes"/> and <blank w="4">text</blank> of a form cell. */
static void form_inline(ctx *c, const xmlNode *k, span_list *raw)
{
    static const char *const tick_attrs[] = {"on", NULL};
    static const char *const blank_attrs[] = {"w", "role", NULL};
    if (is_elem(k, "tick")) {
        check_attrs(c, k, tick_attrs);
        bool on = false;
        yesno_attr(c, k, "on", &on);
        add_span(raw, mlps_xstrdup(IDEO_SPACE), 0, NULL);
        raw->items[raw->n - 1].mark = on ? MLPS_MARK_TICK_ON : MLPS_MARK_TICK_OFF;
        /* U+2060 WORD JOINER, in a span of its own (no second box): a tick never ends a line
         * apart from the label after it */
        add_span(raw, mlps_xstrdup(WORD_JOINER), 0, NULL);
        return;
    }
    check_attrs(c, k, blank_attrs);
    double w = 2;
    num_attr(c, k, "w", 0, 100, &w);
    char *role = attr(k, "role");
    mlps_buf b = MLPS_BUF_INIT;
    char *t = plain_text(c, k);
    size_t tl;
    char *text = normalise(t, true, true, &tl);
    free(t);
    /* padded with U+3000 on both sides up to w em: the line shows the blank's printed size */
    int pad = (int)ceil(w - em_width(text));
    mlps_buf_append(&b, "", 0);
    for (int i = 0; i < pad / 2; i++)
        mlps_buf_puts(&b, IDEO_SPACE);
    mlps_buf_puts(&b, text);
    for (int i = pad / 2; i < pad; i++)
        mlps_buf_puts(&b, IDEO_SPACE);
    free(text);
    add_span(raw, mlps_buf_detach(&b), 0, role && *role ? mlps_doc_intern(c->doc, role) : NULL);
    raw->items[raw->n - 1].mark = MLPS_MARK_UNDERLINE;
    xmlFree(role);
}

/* <ref to="id"/>: the label of a captioned table or figure ("表3", "图1"). */
static const char *ref_text(ctx *c, const xmlNode *n)
{
    static const char *const ref_attrs[] = {"to", NULL};
    check_attrs(c, n, ref_attrs);
    char *to = attr(n, "to");
    const char *text = "";
    if (!to || !*to)
        err(c, n, "<ref> 缺少属性 to（被引用的表格或图片的 id）");
    for (size_t i = 0; to && *to && i < c->nlabels; i++)
        if (!strcmp(c->labels[i].id, to))
            text = c->labels[i].text;
    if (to && *to && !*text)
        err(c, n, "<ref to=“%s”>：没有这个 id 的带标题表格或图片", to);
    xmlFree(to);
    return text;
}

/* Raw spans of an inline container (text, <span role>, <ref to>). */
static void collect_inline(ctx *c, const xmlNode *n, span_list *raw)
{
    static const char *const span_attrs[] = {"role", NULL};
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (is_text(k)) {
            add_span(raw, mlps_xstrdup((const char *)k->content), 0, NULL);
        } else if (is_elem(k, "span")) {
            check_attrs(c, k, span_attrs);
            char *role = attr(k, "role");
            const char *r = role && *role ? mlps_doc_intern(c->doc, role) : NULL;
            xmlFree(role);
            add_span(raw, plain_text(c, k), 0, r);
        } else if (c->in_form && (is_elem(k, "tick") || is_elem(k, "blank"))) {
            form_inline(c, k, raw);
        } else if (is_elem(k, "ref")) {
            add_span(raw, mlps_xstrdup(ref_text(c, k)), 0, NULL);
        } else if (k->type == XML_ELEMENT_NODE) {
            err(c, k, "未知元素 <%s>（段落中只允许文字、<span> 和 <ref>）", (const char *)k->name);
        }
    }
}

/* Turns raw spans into the paragraph's spans: white space normalised, empty spans dropped,
 * `prefix` (a heading ordinal) put in front. */
static void finish_para(ctx *c, const xmlNode *n, span_list *raw, const char *prefix, mlps_para *p)
{
    span_list out = {0};
    size_t total = 0;
    for (size_t i = 0; i < raw->n; i++) {
        size_t len;
        char *s = raw->items[i].text, *t;
        size_t plain = raw->items[i].mark ? 0 : strcspn(s, " \t\r\n");
        if (!raw->items[i].mark && !s[plain]) { /* no white space: normalise would copy it as is */
            t = s;
            len = plain;
            s = NULL;
        } else {
            t = raw->items[i].mark ? mlps_xstrdup(s) /* kept as built */
                                   : normalise(s, i == 0, i + 1 == raw->n, &len);
            if (raw->items[i].mark)
                len = strlen(t);
        }
        free(s);
        if (!len) {
            free(t);
            continue;
        }
        total += len;
        add_span(&out, t, len, raw->items[i].role);
        out.items[out.n - 1].mark = raw->items[i].mark;
    }
    free(raw->items);
    *raw = (span_list){0};
    if (prefix && *prefix) {
        if (out.n && !out.items[0].role) {
            mlps_buf b = MLPS_BUF_INIT;
            mlps_buf_puts(&b, prefix);
            mlps_buf_append(&b, out.items[0].text, out.items[0].len);
            free(out.items[0].text);
            out.items[0].len = b.len;
            out.items[0].text = mlps_buf_detach(&b);
        } else {
            add_span(&out, NULL, 0, NULL);
            memmove(out.items + 1, out.items, (out.n - 1) * sizeof *out.items);
            out.items[0] = (mlps_span){mlps_xstrdup(prefix), strlen(prefix), NULL, 0};
        }
        total += strlen(prefix);
    }
    if (total > MLPS_MAX_FIELD_BYTES)
        err(c, n, "段落过长（%zu 字节，上限 %u 字节）", total, MLPS_MAX_FIELD_BYTES);
    p->spans = out.items;
    p->nspans = out.n;
}

typedef struct block_list {
    mlps_block *items;
    size_t n, cap;
} block_list;

/* The first data="file:line:path" on n or inside it (a value in a <span>). */
static const xmlNode *with_data(const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE)
        return NULL;
    if (attr_text(n, "data"))
        return n;
    for (const xmlNode *k = n->children; k; k = k->next) {
        const xmlNode *hit = with_data(k);
        if (hit)
            return hit;
    }
    return NULL;
}

static void data_of(ctx *c, const xmlNode *n, mlps_block *b)
{
    const xmlNode *h = with_data(n);
    const char *s = h ? attr_text(h, "data") : NULL;
    const char *c2 = s ? strrchr(s, ':') : NULL; /* file:line:path, the path without ':' */
    const char *c1 = c2 ? c2 - 1 : NULL;
    while (c1 && c1 > s && *c1 != ':')
        c1--;
    if (c1 && c1 > s && *c1 == ':') {
        char *end = NULL;
        long line = strtol(c1 + 1, &end, 10);
        if (end == c2 && line > 0) {
            char *file = mlps_xstrndup(s, (size_t)(c1 - s));
            b->data_file = mlps_doc_intern(c->doc, file);
            b->data_line = line;
            b->data_path = mlps_doc_keep(c->doc, c2 + 1);
            free(file);
        }
    }
}

static mlps_block *new_block(ctx *c, block_list *l, mlps_block_kind kind, const xmlNode *n)
{
    XGROW_RAW(l->items, l->cap, l->n + 1);
    mlps_block *b = &l->items[l->n++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->src_file = c->file;
    b->src_line = xmlGetLineNo(n);
    const char *v = origin_attr(n);
    if (v) {
        size_t slot = ((uintptr_t)v >> 4) % (sizeof c->origins / sizeof c->origins[0]);
        if (c->origins[slot].value != v) {
            char file[1024];
            long line;
            c->origins[slot].value = v;
            c->origins[slot].file = NULL; /* malformed: the doc XML line stays */
            if (parse_origin(v, file, sizeof file, &line)) {
                if (!c->origin_file || strcmp(c->origin_file, file))
                    c->origin_file = mlps_doc_intern(c->doc, file);
                c->origins[slot].file = c->origin_file;
                c->origins[slot].line = line;
            }
        }
        if (c->origins[slot].file) {
            b->src_file = c->origins[slot].file;
            b->src_line = c->origins[slot].line;
        }
    }
    data_of(c, n, b);
    return b;
}

static void read_p(ctx *c, const xmlNode *n, block_list *out, const char *dflt_style,
                   const mlps_align *cell_align)
{
    static const char *const p_attrs[] = {"style", "align", "indent", "size", "space-before",
                                          "space-after", "keep-with-next", NULL};
    check_attrs(c, n, p_attrs);
    mlps_block *b = new_block(c, out, MLPS_BLK_PARA, n);
    if (cell_align)
        b->u.para.style.align = *cell_align;
    style_attrs(c, n, dflt_style, &b->u.para.style);
    char *al = attr(n, "align");
    if (cell_align && !al)
        b->u.para.style.align = *cell_align; /* the cell's align unless the <p> sets its own */
    xmlFree(al);
    span_list raw = {0};
    collect_inline(c, n, &raw);
    finish_para(c, n, &raw, NULL, &b->u.para);
}

static void read_h(ctx *c, const xmlNode *n, block_list *out)
{
    static const char *const h_attrs[] = {"level", "number", "style", "align", "indent", "size",
                                          "space-before", "space-after", "keep-with-next", NULL};
    check_attrs(c, n, h_attrs);
    double lv = 0;
    char *lvs = attr(n, "level");
    if (!lvs)
        err(c, n, "<h> 缺少属性 level（1–4）");
    else if (num_attr(c, n, "level", 1, MLPS_HEADING_LEVELS, &lv) && lv != floor(lv))
        err(c, n, "属性 level=“%s”应为 1 到 4 的整数", lvs);
    xmlFree(lvs);
    int level = lv >= 1 ? (int)lv : 1;
    char sname[8];
    snprintf(sname, sizeof sname, "h%d", level);
    bool numbered = true;
    yesno_attr(c, n, "number", &numbered);
    char prefix[32] = "";
    if (numbered)
        mlps_numbering_next(&c->num, level, prefix, sizeof prefix);
    mlps_block *b = new_block(c, out, MLPS_BLK_PARA, n);
    style_attrs(c, n, sname, &b->u.para.style);
    span_list raw = {0};
    collect_inline(c, n, &raw);
    finish_para(c, n, &raw, prefix, &b->u.para);
}

/* "20,5,5" → numbers in (0, hi], at most cap: their count, or NUMS_BAD / NUMS_TOO_MANY. */
enum { NUMS_BAD = -1, NUMS_TOO_MANY = -2 };
static int split_nums(const char *v, double hi, double *out, size_t cap)
{
    size_t k = 0;
    for (const char *p = v; p;) {
        char *end;
        errno = 0;
        double x = strtod(p, &end);
        while (*end == ' ')
            end++;
        if (end == p || errno || !isfinite(x) || x <= 0 || x > hi || (*end && *end != ','))
            return NUMS_BAD;
        if (k == cap)
            return NUMS_TOO_MANY;
        out[k++] = x;
        p = *end ? end + 1 : NULL;
    }
    return (int)k;
}

/* "1,3,2" → weights; 0 columns on error (reported). */
static size_t parse_cols(ctx *c, const xmlNode *n, double **w)
{
    char *v = attr(n, "cols");
    int k = 0;
    *w = NULL;
    if (!v) {
        err(c, n, "<table> 缺少属性 cols（各列相对宽度，如 cols=\"1,3,2\"）");
        goto done;
    }
    *w = mlps_xcalloc(MLPS_MAX_TABLE_COLS, sizeof **w);
    k = split_nums(v, 1e6, *w, MLPS_MAX_TABLE_COLS);
    if (k == NUMS_BAD)
        err(c, n, "属性 cols=“%s”应为逗号分隔的正数", v);
    else if (k == NUMS_TOO_MANY)
        err(c, n, "表格列数超过上限 %d", MLPS_MAX_TABLE_COLS);
done:
    if (k <= 0) {
        free(*w);
        *w = NULL;
    }
    xmlFree(v);
    return k > 0 ? (size_t)k : 0;
}

/* A cell's content: text and inline elements as one paragraph of style text_st, or <p>s (default
 * style p_style, the cell's alignment p_align unless a <p> sets its own; in a form cell the
 * cell's size unless a <p> sets its own), never both. */
static block_list read_cell_content(ctx *c, const xmlNode *n, const mlps_style *text_st,
                                    const char *p_style, const mlps_align *p_align)
{
    const char *allowed = c->in_form ? "文字、<span>、<tick>、<blank> 或 <p>" : "文字、<span> 或 <p>";
    bool has_p = false, has_text = false;
    for (const xmlNode *k = n->children; k; k = k->next) {
        has_p = has_p || is_elem(k, "p");
        has_text = has_text || (is_text(k) && !blank((const char *)k->content)) ||
                   is_elem(k, "span") || (c->in_form && (is_elem(k, "tick") || is_elem(k, "blank")));
    }
    block_list bl = {0};
    if (has_p && has_text) {
        err(c, n, "单元格中不能同时有文字和 <p>：请把文字也放进 <p>");
    } else if (has_p) {
        for (const xmlNode *k = n->children; k; k = k->next) {
            if (is_elem(k, "p")) {
                read_p(c, k, &bl, p_style, p_align);
                char *psz = c->in_form ? attr(k, "size") : NULL;
                if (c->in_form && !psz)
                    bl.items[bl.n - 1].u.para.style.size_pt = text_st->size_pt;
                xmlFree(psz);
            } else if (k->type == XML_ELEMENT_NODE) {
                err(c, k, "未知元素 <%s>（单元格中只允许%s）", (const char *)k->name, allowed);
            }
        }
    } else if (has_text) {
        mlps_block *b = new_block(c, &bl, MLPS_BLK_PARA, n);
        b->u.para.style = *text_st;
        span_list raw = {0};
        collect_inline(c, n, &raw);
        finish_para(c, n, &raw, NULL, &b->u.para);
    } else {
        for (const xmlNode *k = n->children; k; k = k->next)
            if (k->type == XML_ELEMENT_NODE)
                err(c, k, "未知元素 <%s>（单元格中只允许%s）", (const char *)k->name, allowed);
    }
    return bl;
}

static void read_cell(ctx *c, const xmlNode *n, mlps_cell *cell, size_t ncols)
{
    static const char *const cell_attrs[] = {"head", "colspan", "shade", "align", "style", NULL};
    check_attrs(c, n, cell_attrs);
    double span = 1;
    if (num_attr(c, n, "colspan", 1, MLPS_MAX_TABLE_COLS, &span) && span != floor(span))
        err(c, n, "属性 colspan 应为正整数");
    cell->colspan = (int)span;
    yesno_attr(c, n, "head", &cell->head);
    yesno_attr(c, n, "shade", &cell->shade);
    (void)ncols;
    char *sv = attr(n, "style");
    const char *dflt = cell->head ? "cell-head" : "cell";
    if (sv && !find_style(c, sv))
        err(c, n, "未知样式“%s”", sv);
    else if (sv)
        dflt = find_style(c, sv)->name;
    xmlFree(sv);
    mlps_style tmp = *find_style(c, dflt);
    align_attr(c, n, &tmp);
    char *al = attr(n, "align");
    const mlps_align *cell_align = al ? &tmp.align : NULL;
    cell->align_set = al != NULL;
    block_list bl = read_cell_content(c, n, &tmp, dflt, cell_align);
    xmlFree(al);
    cell->blocks = bl.items;
    cell->nblocks = bl.n;
}

/* Alignment of a cell: that of its first paragraph (cells hold paragraphs only). */
static bool cell_align(const mlps_cell *cell, mlps_align *out)
{
    if (!cell->nblocks || cell->blocks[0].kind != MLPS_BLK_PARA)
        return false;
    *out = cell->blocks[0].u.para.style.align;
    return true;
}

/* A header cell without an explicit align takes its column's, when every single-column body
 * cell below agrees: headings line up with their columns, and poppler's table detection (which
 * wants aligned cells) then reads a table row by row. */
static void align_heads_with_columns(mlps_table *t)
{
    for (size_t col = 0; col < t->ncols; col++) {
        mlps_align want = MLPS_ALIGN_JUSTIFY, a;
        bool have = false, agree = true;
        for (size_t r = t->header_rows; r < t->nrows && agree; r++) {
            size_t x = 0;
            for (size_t k = 0; k < t->rows[r].ncells; k++) {
                const mlps_cell *cell = &t->rows[r].cells[k];
                if (x == col && cell->colspan == 1 && cell_align(cell, &a)) {
                    agree = !have || a == want;
                    want = a;
                    have = true;
                }
                x += (size_t)cell->colspan;
            }
        }
        if (!have || !agree)
            continue;
        for (size_t r = 0; r < t->header_rows; r++) {
            size_t x = 0;
            for (size_t k = 0; k < t->rows[r].ncells; k++) {
                mlps_cell *cell = &t->rows[r].cells[k];
                if (x == col && cell->colspan == 1 && cell->head && !cell->align_set)
                    for (size_t b = 0; b < cell->nblocks; b++)
                        if (cell->blocks[b].kind == MLPS_BLK_PARA)
                            cell->blocks[b].u.para.style.align = want;
                x += (size_t)cell->colspan;
            }
        }
    }
}

/* The next label the prescan gave (captioned tables and figures, in document order). */
static const char *next_label(ctx *c)
{
    return c->next_label < c->nlabels ? c->labels[c->next_label++].text : "";
}

/* A caption paragraph "表3　标题" / "图1　标题" for a captioned table or image: one 汉字 (U+3000)
 * between number and title. */
static void add_caption(ctx *c, const xmlNode *n, block_list *out, const char *style,
                        const char *label, const char *title)
{
    mlps_block *b = new_block(c, out, MLPS_BLK_PARA, n);
    b->u.para.style = *mlps_style_named(style);
    span_list raw = {0};
    mlps_buf t = MLPS_BUF_INIT;
    mlps_buf_printf(&t, "%s%s%s", label, *label ? IDEO_SPACE : "", title);
    add_span(&raw, mlps_buf_detach(&t), 0, NULL);
    finish_para(c, n, &raw, NULL, &b->u.para);
}

/* valign="top|middle|bottom" of a <table> or a form <cell>; middle when absent. */
static mlps_valign valign_attr(ctx *c, const xmlNode *n)
{
    mlps_valign v = MLPS_VALIGN_MIDDLE;
    xmlChar *copy;
    const char *va = attr_peek(n, "valign", &copy);
    if (va && !strcmp(va, "top"))
        v = MLPS_VALIGN_TOP;
    else if (va && !strcmp(va, "bottom"))
        v = MLPS_VALIGN_BOTTOM;
    else if (va && strcmp(va, "middle"))
        err(c, n, "属性 valign=“%s”应为 top、middle 或 bottom", va);
    xmlFree(copy);
    return v;
}

static void read_table(ctx *c, const xmlNode *n, block_list *out)
{
    static const char *const t_attrs[] = {"cols", "header-rows", "width", "valign", "caption", "id",
                                          NULL};
    static const char *const no_attrs[] = {NULL};
    check_attrs(c, n, t_attrs);
    char *title = attr(n, "caption");
    if (title)
        add_caption(c, n, out, "caption", next_label(c), title);
    xmlFree(title);
    mlps_block *b = new_block(c, out, MLPS_BLK_TABLE, n);
    mlps_table *t = &b->u.table;
    t->ncols = parse_cols(c, n, &t->col_weights);
    double hr = 0, wf = 1;
    if (num_attr(c, n, "header-rows", 0, MLPS_MAX_TABLE_ROWS, &hr) && hr != floor(hr))
        err(c, n, "属性 header-rows 应为非负整数");
    num_attr(c, n, "width", 0.05, 1, &wf);
    t->header_rows = (size_t)hr;
    t->width_frac = wf;
    t->valign = valign_attr(c, n);
    size_t cap = 0;
    for (const xmlNode *r = next_child(c, n, n->children, "row");
         r && !full(c, r, t->nrows, MLPS_MAX_TABLE_ROWS, "表格行数"); r = next_child(c, n, r->next, "row")) {
        check_attrs(c, r, no_attrs);
        XGROW(t->rows, cap, t->nrows + 1);
        mlps_row *row = &t->rows[t->nrows++];
        size_t ccap = 0, width = 0;
        for (const xmlNode *k = next_child(c, r, r->children, "cell");
             k && !full(c, k, row->ncells, MLPS_MAX_TABLE_COLS, "一行的单元格");
             k = next_child(c, r, k->next, "cell")) {
            XGROW(row->cells, ccap, row->ncells + 1);
            mlps_cell *cell = &row->cells[row->ncells++];
            read_cell(c, k, cell, t->ncols);
            width += (size_t)cell->colspan;
        }
        if (t->ncols && width != t->ncols)
            err(c, r, "这一行占 %zu 列，表格有 %zu 列（cols）", width, t->ncols);
    }
    if (!t->nrows)
        err(c, n, "表格没有行");
    if (t->header_rows > t->nrows)
        err(c, n, "header-rows=%zu 超过表格行数 %zu", t->header_rows, t->nrows);
    else
        align_heads_with_columns(t);
}

static void read_image(ctx *c, const xmlNode *n, block_list *out)
{
    static const char *const i_attrs[] = {"src", "width", "caption", "id", "src-folder", NULL};
    check_attrs(c, n, i_attrs);
    char *src = attr(n, "src"), *cap = attr(n, "caption"), *folder = attr(n, "src-folder");
    double wf = 1;
    num_attr(c, n, "width", 0.01, 1, &wf);
    if (!src || !*src) {
        err(c, n, "<image> 缺少属性 src");
        goto done;
    }
    /* confined to the document's (or data file's) folder, symlinks followed; an image the
     * template itself names (src-folder="template", set when it is loaded) to its folder */
    char why[MLPS_IMAGE_WHY], *real = NULL;
    if (folder && (strcmp(folder, "template") || !c->tmpl_dir)) {
        err(c, n, "src-folder=\"%s\" 无效（只用于模板中直接写出的图片，由模板加载时标记）", folder);
        goto done;
    }
    if (folder ? mlps_image_resolve_in(c->tmpl_dir, MLPS_TEMPLATE_FOLDER_NAME, src, &real, why)
               : mlps_image_resolve(c->base_dir, src, &real, why)) {
        err(c, n, "图片“%s”%s", src, why);
        goto done;
    }
    mlps_block *b = new_block(c, out, MLPS_BLK_IMAGE, n);
    b->u.image.path = real;
    b->u.image.width_frac = wf;
    if (cap)
        add_caption(c, n, out, "figure-caption", next_label(c), cap);
done:
    xmlFree(src);
    xmlFree(cap);
    xmlFree(folder);
}

/* <toc levels="2" title="目　录"/>: a title and one line per heading up to that level. */
static void read_toc(ctx *c, const xmlNode *n, block_list *out)
{
    static const char *const toc_attrs[] = {"levels", "title", NULL};
    check_attrs(c, n, toc_attrs);
    double levels = 2;
    num_attr(c, n, "levels", 1, 3, &levels);
    char *title = attr(n, "title");
    add_caption(c, n, out, "toc-title", "", title ? title : "目　录");
    xmlFree(title);
    for (size_t i = 0; i < c->nheads; i++) {
        const toc_head *h = &c->heads[i];
        if (h->level > (int)levels)
            continue;
        char sname[8];
        snprintf(sname, sizeof sname, "toc%d", h->level);
        mlps_block *b = new_block(c, out, MLPS_BLK_PARA, n);
        b->u.para.style = *mlps_style_named(sname);
        b->u.para.toc_entry = h->ordinal;
        span_list raw = {0};
        add_span(&raw, mlps_xstrdup(h->text), 0, NULL);
        finish_para(c, n, &raw, NULL, &b->u.para);
    }
}

/* Style a top-level <p>/<h> resolves to (for the prescan); NULL if unknown. */
static const mlps_style *block_style(const xmlNode *n)
{
    char *v = attr(n, "style"), *lv = is_elem(n, "h") ? attr(n, "level") : NULL;
    char dflt[8] = "body";
    if (lv)
        snprintf(dflt, sizeof dflt, "h%d", atoi(lv) >= 1 && atoi(lv) <= 4 ? atoi(lv) : 1);
    const mlps_style *st = mlps_style_named(v ? v : dflt);
    xmlFree(v);
    xmlFree(lv);
    return st;
}

/* Before reading: numbers captioned tables and figures (for <ref>, forward ones too) and lists
 * the outlined headings with their ordinals (for <toc/>), in document order. */
static void prescan(ctx *c, const xmlNode *root)
{
    mlps_numbering num = {{0}};
    int tables = 0, figures = 0, ordinal = 0;
    for (const xmlNode *n = root->children; n; n = n->next) {
        if (is_elem(n, "table") || is_elem(n, "image")) {
            char *cap = attr(n, "caption"), *id = attr(n, "id");
            if (cap) {
                XGROW(c->labels, c->labels_cap, c->nlabels + 1);
                label *l = &c->labels[c->nlabels++];
                bool t = is_elem(n, "table");
                snprintf(l->text, sizeof l->text, "%s%d", t ? "表" : "图", t ? ++tables : ++figures);
                l->id = mlps_xstrdup(id ? id : "");
                for (size_t i = 0; id && *id && i + 1 < c->nlabels; i++)
                    if (!strcmp(c->labels[i].id, id))
                        err(c, n, "id=“%s”重复", id);
            } else if (id) {
                err(c, n, "id=“%s”只用于带 caption 的表格或图片", id);
            }
            xmlFree(cap);
            xmlFree(id);
        } else if (is_elem(n, "p") || is_elem(n, "h")) {
            const mlps_style *st = block_style(n);
            if (!st || st->outline_level <= 0)
                continue;
            ordinal++;
            char prefix[32] = "";
            char *number = attr(n, "number");
            if (is_elem(n, "h") && !(number && !strcmp(number, "no")))
                mlps_numbering_next(&num, st->outline_level, prefix, sizeof prefix);
            xmlFree(number);
            xmlChar *content = xmlNodeGetContent(n);
            size_t len;
            char *text = normalise(content ? (const char *)content : "", true, true, &len);
            xmlFree(content);
            XGROW(c->heads, c->heads_cap, c->nheads + 1);
            mlps_buf b = MLPS_BUF_INIT;
            mlps_buf_printf(&b, "%s%s", prefix, text);
            free(text);
            c->heads[c->nheads++] = (toc_head){mlps_buf_detach(&b), st->outline_level, ordinal};
        }
    }
}

/* "20,5,5" → n numbers in (0, hi]; 0 on error (reported). */
static size_t num_list(ctx *c, const xmlNode *n, const char *name, double hi, double *out,
                       size_t cap)
{
    char *v = attr(n, name);
    int k = v ? split_nums(v, hi, out, cap) : 0;
    if (k < 0)
        err(c, n, "属性 %s=“%s”应为逗号分隔的正数（至多 %zu 个，每个不超过 %g）", name, v, cap, hi);
    xmlFree(v);
    return k > 0 ? (size_t)k : 0;
}

static unsigned border_attr(ctx *c, const xmlNode *n, unsigned dflt)
{
    char *v = attr(n, "border");
    unsigned b = dflt;
    if (v) {
        b = 0;
        if (strcmp(v, "none")) {
            for (const char *p = v; *p; p++) {
                const char *at = strchr("tblr", *p);
                if (!at) {
                    err(c, n, "属性 border=“%s”应为 none 或 t、b、l、r 的组合（上下左右）", v);
                    break;
                }
                b |= 1u << (at - "tblr");
            }
        }
    }
    xmlFree(v);
    return b;
}

static void read_fcell(ctx *c, const xmlNode *n, const mlps_form *f, double size, double min_size,
                       const char *align, mlps_fcell *cell)
{
    static const char *const attrs[] = {"colspan", "rowspan", "border", "align", "valign", "size",
                                        "min-size", "pad", "digits", "style", "field", NULL};
    check_attrs(c, n, attrs);
    double cs = 1, rs = 1, pad = 1;
    if (num_attr(c, n, "colspan", 1, MLPS_MAX_TABLE_COLS, &cs) && cs != floor(cs))
        err(c, n, "属性 colspan 应为正整数");
    if (num_attr(c, n, "rowspan", 1, MLPS_MAX_FORM_ROWS, &rs) && rs != floor(rs))
        err(c, n, "属性 rowspan 应为正整数");
    num_attr(c, n, "size", 1, MLPS_MAX_FONT_SIZE_PT, &size);
    num_attr(c, n, "min-size", 1, MLPS_MAX_FONT_SIZE_PT, &min_size);
    num_attr(c, n, "pad", 0, 20, &pad);
    cell->colspan = (int)cs;
    cell->rowspan = (int)rs;
    cell->size_pt = size;
    cell->min_size_pt = min_size < size ? min_size : size;
    cell->pad_mm = pad;
    cell->borders = border_attr(c, n, MLPS_BORDER_ALL);
    cell->valign = valign_attr(c, n);
    double dg[4];
    size_t ng = xmlHasProp(n, (const xmlChar *)"digits") ? num_list(c, n, "digits", 32, dg, 4) : 0;
    for (size_t i = 0; i < ng; i++) {
        if (dg[i] != floor(dg[i]))
            err(c, n, "属性 digits 应为正整数，如 6 或 6,5");
        cell->digits[i] = (int)dg[i];
    }
    cell->ndigit_groups = ng;
    char *field = attr(n, "field"); /* the data field, when no data="…" origin names it */
    if (field && *field)
        cell->field = mlps_doc_intern(c->doc, field);
    xmlFree(field);
    (void)f;
    /* the cell's text: paragraphs of style "form" (or its own), with the form's alignment */
    char *sv = attr(n, "style");
    const char *sname = sv ? sv : "form";
    if (!find_style(c, sname)) {
        err(c, n, "未知样式“%s”", sname);
        sname = "form";
    }
    mlps_style tmp = *find_style(c, sname);
    tmp.size_pt = size;
    xmlFree(sv);
    char *al = attr(n, "align");
    if (!al && align) {
        static const char *const names[] = {"justify", "left", "center", "right"};
        for (int i = 0; i < 4; i++)
            if (!strcmp(align, names[i]))
                tmp.align = (mlps_align)i;
    } else {
        align_attr(c, n, &tmp);
    }
    xmlFree(al);
    c->in_form = true;
    block_list bl = read_cell_content(c, n, &tmp, tmp.name, &tmp.align); /* sv: freed */
    c->in_form = false;
    cell->blocks = bl.items;
    cell->nblocks = bl.n;
}

static void read_form(ctx *c, const xmlNode *n, block_list *out)
{
    static const char *const f_attrs[] = {"cols", "size", "min-size", "rule", "align", NULL};
    static const char *const r_attrs[] = {"h", NULL};
    check_attrs(c, n, f_attrs);
    mlps_block *b = new_block(c, out, MLPS_BLK_FORM, n);
    mlps_form *f = &b->u.form;
    double cols[MLPS_MAX_TABLE_COLS], size = 10.5, min_size = 7, rule = 0.75;
    if (!xmlHasProp(n, (const xmlChar *)"cols"))
        err(c, n, "<form> 缺少属性 cols（各列宽度，毫米，如 cols=\"30,20,100\"）");
    else
        f->ncols = num_list(c, n, "cols", 1000, cols, MLPS_MAX_TABLE_COLS);
    f->col_mm = mlps_xcalloc(f->ncols + 1, sizeof *f->col_mm);
    memcpy(f->col_mm, cols, f->ncols * sizeof *cols);
    num_attr(c, n, "size", 1, MLPS_MAX_FONT_SIZE_PT, &size);
    num_attr(c, n, "min-size", 1, MLPS_MAX_FONT_SIZE_PT, &min_size);
    num_attr(c, n, "rule", 0, 5, &rule);
    f->rule_pt = rule;
    char *align = attr(n, "align");
    size_t cap = 0;
    for (const xmlNode *r = next_child(c, n, n->children, "row");
         r && !full(c, r, f->nrows, MLPS_MAX_FORM_ROWS, "表单行数"); r = next_child(c, n, r->next, "row")) {
        check_attrs(c, r, r_attrs);
        XGROW(f->rows, cap, f->nrows + 1);
        mlps_frow *row = &f->rows[f->nrows++];
        if (!xmlHasProp(r, (const xmlChar *)"h"))
            err(c, r, "<row> 缺少属性 h（行高，毫米）");
        num_attr(c, r, "h", 0.5, 1000, &row->h_mm);
        size_t ccap = 0;
        for (const xmlNode *k = next_child(c, r, r->children, "cell");
             k && !full(c, k, row->ncells, MLPS_MAX_TABLE_COLS, "一行的单元格");
             k = next_child(c, r, k->next, "cell")) {
            XGROW(row->cells, ccap, row->ncells + 1);
            read_fcell(c, k, f, size, min_size, align, &row->cells[row->ncells++]);
        }
    }
    xmlFree(align);
    if (!f->nrows)
        err(c, n, "表单没有行");
    mlps_form_check_grid(f, c->file, b->src_line, c->d);
}

static void read_section(ctx *c, const xmlNode *n, block_list *out)
{
    static const char *const s_attrs[] = {"margin-top", "margin-left", "width", "height", "lines",
                                          "page-numbers", NULL};
    check_attrs(c, n, s_attrs);
    mlps_block *b = new_block(c, out, MLPS_BLK_SECTION, n);
    mlps_section *sec = &b->u.section;
    double lines = 0;
    num_attr(c, n, "margin-top", 0, 200, &sec->margin_top_mm);
    num_attr(c, n, "margin-left", 0, 200, &sec->margin_left_mm);
    num_attr(c, n, "width", 20, 210, &sec->text_w_mm);
    num_attr(c, n, "height", 20, 297, &sec->text_h_mm);
    if (num_attr(c, n, "lines", 1, 200, &lines) && lines != floor(lines))
        err(c, n, "属性 lines 应为正整数");
    sec->lines = (int)lines;
    char *v = attr(n, "page-numbers");
    if (!v || !strcmp(v, "continue"))
        sec->numbering = MLPS_PNUM_CONTINUE;
    else if (!strcmp(v, "start"))
        sec->numbering = MLPS_PNUM_START;
    else if (!strcmp(v, "none"))
        sec->numbering = MLPS_PNUM_NONE;
    else
        err(c, n, "属性 page-numbers=“%s”应为 continue、start 或 none", v);
    if (sec->numbering == MLPS_PNUM_START)
        c->saw_start = true;
    xmlFree(v);
}

/* <style name="x" base="body" …/>: a paragraph style the rest of the document may use. */
static void read_style(ctx *c, const xmlNode *n)
{
    static const char *const s_attrs[] = {"name", "base", "role", "size", "pitch", "align", "indent",
                                          "indent-left", "indent-right", "space-before",
                                          "space-after", "keep-with-next", "grid", "outline", NULL};
    check_attrs(c, n, s_attrs);
    char *name = attr(n, "name"), *base = attr(n, "base"), *role = attr(n, "role");
    const mlps_style *b = find_style(c, base ? base : "body");
    bool ok = name && *name && strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(name);
    if (!ok)
        err(c, n, "<style> 需要属性 name（小写字母、数字和“-”）");
    else if (find_style(c, name))
        err(c, n, "样式“%s”已经存在，不能重复定义", name);
    else if (!b)
        err(c, n, "未知的基础样式“%s”", base);
    else if (c->nstyles >= MLPS_MAX_DOC_STYLES)
        err(c, n, "样式定义过多（上限 %d）", MLPS_MAX_DOC_STYLES);
    else {
        mlps_style st = *b;
        double grid = st.grid_chars, outline = st.outline_level;
        st.name = mlps_doc_intern(c->doc, name);
        if (role && *role)
            st.role = mlps_doc_intern(c->doc, role);
        align_attr(c, n, &st);
        num_attr(c, n, "size", 1, MLPS_MAX_FONT_SIZE_PT, &st.size_pt);
        num_attr(c, n, "pitch", 0, MLPS_MAX_SPACE_PT, &st.line_pitch_pt);
        num_attr(c, n, "indent", -10, 50, &st.indent_first_em);
        num_attr(c, n, "indent-left", 0, 50, &st.indent_left_em);
        num_attr(c, n, "indent-right", 0, 50, &st.indent_right_em);
        num_attr(c, n, "space-before", 0, MLPS_MAX_SPACE_PT, &st.space_before_pt);
        num_attr(c, n, "space-after", 0, MLPS_MAX_SPACE_PT, &st.space_after_pt);
        num_attr(c, n, "grid", 0, 100, &grid);
        num_attr(c, n, "outline", 0, 9, &outline);
        yesno_attr(c, n, "keep-with-next", &st.keep_with_next);
        st.grid_chars = (int)grid;
        st.outline_level = (int)outline;
        XGROW(c->styles, c->styles_cap, c->nstyles + 1);
        c->styles[c->nstyles++] = st;
    }
    xmlFree(name);
    xmlFree(base);
    xmlFree(role);
}

static void read_body(ctx *c, const xmlNode *root, block_list *out)
{
    static const char *const vs_attrs[] = {"pt", "lines", NULL};
    static const char *const pb_attrs[] = {"numbering", NULL};
    for (const xmlNode *n = root->children; n; n = n->next) {
        if (is_text(n)) {
            if (!blank((const char *)n->content))
                err(c, root, "<document> 中的文字必须放在 <p> 或 <h> 里");
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (is_elem(n, "p")) {
            read_p(c, n, out, "body", NULL);
        } else if (is_elem(n, "h")) {
            read_h(c, n, out);
        } else if (is_elem(n, "table")) {
            read_table(c, n, out);
        } else if (is_elem(n, "image")) {
            read_image(c, n, out);
        } else if (is_elem(n, "form")) {
            read_form(c, n, out);
        } else if (is_elem(n, "section")) {
            read_section(c, n, out);
        } else if (is_elem(n, "style")) {
            read_style(c, n);
        } else if (is_elem(n, "toc")) {
            read_toc(c, n, out);
        } else if (is_elem(n, "vspace")) {
            check_attrs(c, n, vs_attrs);
            double pt = 0, lines = 0;
            num_attr(c, n, "pt", 0, MLPS_MAX_SPACE_PT, &pt);
            num_attr(c, n, "lines", 0, 100, &lines);
            /* negative pt = that many grid lines (layout.c knows the pitch) */
            mlps_block *b = new_block(c, out, MLPS_BLK_VSPACE, n);
            b->u.vspace.pt = lines > 0 ? -lines : pt;
        } else if (is_elem(n, "pagebreak")) {
            check_attrs(c, n, pb_attrs);
            char *v = attr(n, "numbering");
            mlps_block *b = new_block(c, out, MLPS_BLK_PAGEBREAK, n);
            if (v && strcmp(v, "start"))
                err(c, n, "属性 numbering=“%s”只能是 start", v);
            b->u.pagebreak.start_numbering = v && !strcmp(v, "start");
            c->saw_start = c->saw_start || b->u.pagebreak.start_numbering;
            xmlFree(v);
        } else {
            err(c, n, "未知元素 <%s>", (const char *)n->name);
        }
    }
}

static char *meta_attr(const xmlNode *n, const char *name)
{
    char *v = attr(n, name);
    char *s = v ? mlps_xstrdup(v) : NULL;
    xmlFree(v);
    return s;
}

mlps_doc *mlps_doc_from_xml(struct _xmlDoc *xml, const char *src_file, const char *base_dir,
                            mlps_diags *d)
{
    return mlps_doc_from_xml_in(xml, src_file, base_dir, NULL, d);
}

mlps_doc *mlps_doc_from_xml_in(struct _xmlDoc *xml, const char *src_file, const char *base_dir,
                               const char *tmpl_dir, mlps_diags *d)
{
    static const char *const doc_attrs[] = {"title", "author", "subject", "keywords", NULL};
    mlps_doc *doc = mlps_doc_new();
    size_t errors0 = d->errors;
    ctx c = {.doc = doc, .file = mlps_doc_intern(doc, src_file ? src_file : "(doc)"),
             .base_dir = base_dir, .tmpl_dir = tmpl_dir, .d = d};
    block_list bl = {0};
    const xmlNode *root = xml ? xmlDocGetRootElement(xml) : NULL;
    if (!root || !is_elem(root, "document")) {
        err(&c, root, "根元素应为 <document>");
        goto done;
    }
    /* as doc.rng: one <document> and nothing else (a template's stray text, a second root) */
    for (const xmlNode *n = xml->children; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && n != root)
            err(&c, n, "只能有一个根元素 <document>，这里又有 <%s>", (const char *)n->name);
        else if (is_text(n) && !blank((const char *)n->content))
            err(&c, root, "<document> 之外不应有文字（模板是否缺少 match=\"/\" 的规则？）");
    }
    if (d->errors > errors0)
        goto done;
    check_attrs(&c, root, doc_attrs);
    doc->meta.title = meta_attr(root, "title");
    doc->meta.author = meta_attr(root, "author");
    doc->meta.subject = meta_attr(root, "subject");
    doc->meta.keywords = meta_attr(root, "keywords");
    prescan(&c, root);
    read_body(&c, root, &bl);
    doc->numbered_from_start = !c.saw_start;
done:
    free(c.styles);
    for (size_t i = 0; i < c.nlabels; i++)
        free(c.labels[i].id);
    free(c.labels);
    for (size_t i = 0; i < c.nheads; i++)
        free(c.heads[i].text);
    free(c.heads);
    doc->blocks = bl.items;
    doc->nblocks = bl.n;
    if (d->errors > errors0) {
        mlps_doc_free(doc);
        doc = NULL;
    }
    return doc;
}

mlps_doc *mlps_doc_load_file(const char *path, mlps_diags *d)
{
    mlps_doc *doc = NULL;
    char *dir = NULL;
    xmlDocPtr xml = mlps_xml_read_file(path, d);
    if (!xml)
        goto done;
    const char *slash = strrchr(path, '/');
    dir = slash ? mlps_xstrndup(path, (size_t)(slash - path)) : mlps_xstrdup("");
    if (slash == path) {
        free(dir);
        dir = mlps_xstrdup("/");
    }
    doc = mlps_doc_from_xml(xml, path, dir, d);
done:
    free(dir);
    if (xml)
        xmlFreeDoc(xml);
    return doc;
}
