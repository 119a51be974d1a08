/* Template loading (checks everything once) and expansion (one output tree and one XPath
 * context per call; the template itself is never written to after load). */
#include "tlang.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "buf.h"
#include "mem.h"
#include "mlps_limits.h"
#include "tmplfn.h"
#include "xmlread.h"

typedef enum {
    K_ELEM, /* doc XML element copied to the output (attributes may hold {expr}) */
    K_VALUE,
    K_IF,
    K_CHOOSE,
    K_WHEN,
    K_OTHERWISE,
    K_FOREACH,
    K_LET,
    K_CALL,
    K_TEXT,
    K_PARAS,
    K_FRAGMENT,
    K_IMPORT,
    K_FRAGMENTS,
    K_UNKNOWN
} kind;

static const char *const KIND_NAMES[] = {"", "value", "if", "choose", "when", "otherwise",
                                         "for-each", "let", "call", "text", "paras", "fragment",
                                         "import", "fragments"};

/* Per template node, found through node->_private (index + 1), written only during load. */
typedef struct info {
    kind k;
    int file;
    long line;
    int expr;  /* select / test, -1 if none */
    int frag;  /* K_CALL: fragment index */
    char *name; /* K_LET: variable name; K_CALL / K_FRAGMENT: fragment name */
} info;

typedef struct avt_part {
    int expr;  /* -1: literal */
    char *lit;
} avt_part;

typedef struct avt {
    avt_part *parts;
    size_t n, cap;
} avt;

typedef struct expr {
    char *src;
    int info;
} expr;

typedef struct tfile {
    char *path; /* as shown in messages */
    char *real;
    xmlDocPtr xml;
} tfile;

typedef struct frag {
    char *name;
    const xmlNode *node;
    int info;
} frag;

struct mlps_tlang {
    char *path;
    char *root_real; /* imports must stay inside this folder */
    tfile *files;
    size_t nfiles, files_cap;
    info *infos;
    size_t ninfos, infos_cap;
    expr *exprs;
    size_t nexprs, exprs_cap;
    avt *avts;
    size_t navts, avts_cap;
    frag *frags;
    size_t nfrags, frags_cap;
    char **vars; /* every variable name a t:let declares, plus "system" */
    size_t nvars, vars_cap;
};

/* Last XPath error seen by a context's error callback. */
typedef struct xperr {
    int code;
    char msg[256];
} xperr;

static void on_xpath_error(void *user, const xmlError *e)
{
    xperr *x = user;
    if (!x || !e || x->code)
        return;
    x->code = e->code;
    snprintf(x->msg, sizeof x->msg, "%s", e->message ? e->message : "");
    size_t n = strlen(x->msg);
    while (n && (x->msg[n - 1] == '\n' || x->msg[n - 1] == ' '))
        x->msg[--n] = '\0';
}

static const char *xpath_reason(int code)
{
    switch (code - XML_XPATH_EXPRESSION_OK) {
    case XPATH_NUMBER_ERROR: return "数字格式错误";
    case XPATH_UNFINISHED_LITERAL_ERROR: return "字符串没有结束引号";
    case XPATH_START_LITERAL_ERROR: return "字符串缺少开始引号";
    case XPATH_VARIABLE_REF_ERROR: return "变量引用错误";
    case XPATH_UNDEF_VARIABLE_ERROR: return "未定义的变量";
    case XPATH_INVALID_PREDICATE_ERROR: return "谓词（方括号）不完整";
    case XPATH_EXPR_ERROR: return "表达式不完整或有多余字符";
    case XPATH_UNCLOSED_ERROR: return "括号没有闭合";
    case XPATH_UNKNOWN_FUNC_ERROR: return "未知函数";
    case XPATH_INVALID_OPERAND: return "操作数无效";
    case XPATH_INVALID_TYPE: return "类型不符";
    case XPATH_INVALID_ARITY: return "函数参数个数不对";
    case XPATH_UNDEF_PREFIX_ERROR: return "未定义的命名空间前缀";
    case XPATH_INVALID_CHAR_ERROR: return "含有非法字符";
    case XPATH_OP_LIMIT_EXCEEDED: return "计算量超过上限";
    case XPATH_RECURSION_LIMIT_EXCEEDED: return "嵌套过深";
    default: return NULL;
    }
}

/* A fresh XPath context with our functions, the error callback and the limits. */
static xmlXPathContextPtr new_xpath(xmlDocPtr doc, xperr *err, mlps_tmplfn_env *env)
{
    xmlXPathContextPtr xp = xmlXPathNewContext(doc);
    if (!xp) {
        fputs("mlpsdoc: 内存不足（XPath）\n", stderr);
        abort();
    }
    xp->error = (xmlStructuredErrorFunc)on_xpath_error;
    xp->userData = err;
    xp->opLimit = MLPS_MAX_XPATH_OPS;
    mlps_tmplfn_register(xp, env);
    return xp;
}

/* ------------------------------------------------------------------ load */

typedef struct loader {
    mlps_tlang *t;
    mlps_diags *d;
    xmlXPathContextPtr xp; /* for compiling only */
    xperr err;
    mlps_tmplfn_env env;
} loader;

static int is_t(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           !strcmp((const char *)n->ns->href, MLPS_TEMPLATE_NS);
}

static int is_t_named(const xmlNode *n, const char *name)
{
    return is_t(n) && !strcmp((const char *)n->name, name);
}

static kind kind_of(const xmlNode *n)
{
    if (!is_t(n))
        return K_ELEM;
    for (int k = K_VALUE; k < K_UNKNOWN; k++)
        if (!strcmp((const char *)n->name, KIND_NAMES[k]))
            return (kind)k;
    return K_UNKNOWN;
}

static void lerr(loader *L, int file, long line, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void lerr(loader *L, int file, long line, const char *fmt, ...)
{
    mlps_buf b = MLPS_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    mlps_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    mlps_diag_error(L->d, file >= 0 ? L->t->files[file].path : L->t->path, line, NULL, "%s",
               b.ptr ? b.ptr : "");
    mlps_buf_free(&b);
}

static int add_info(mlps_tlang *t, xmlNode *n, kind k, int file)
{
    XGROW(t->infos, t->infos_cap, t->ninfos + 1);
    info *i = &t->infos[t->ninfos];
    i->k = k;
    i->file = file;
    i->line = xmlGetLineNo(n);
    i->expr = -1;
    i->frag = -1;
    i->name = NULL;
    n->_private = (void *)(uintptr_t)(t->ninfos + 1);
    return (int)t->ninfos++;
}

static info *info_of(const mlps_tlang *t, const xmlNode *n)
{
    uintptr_t i = (uintptr_t)n->_private;
    return i ? &t->infos[i - 1] : NULL;
}

static int known_var(const mlps_tlang *t, const char *name)
{
    for (size_t i = 0; i < t->nvars; i++)
        if (!strcmp(t->vars[i], name))
            return 1;
    return 0;
}

static int is_name_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int is_name_char(unsigned char c)
{
    return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* Function names and prefixes are resolved by libxml2 only when evaluated; check them now
 * with a lexical scan (string literals skipped; a name followed by "(" is a function call
 * unless it is a node type test or an operator name). */
static int check_names(loader *L, const char *src, int file, long line)
{
    static const char *const CORE[] = {
        "last", "position", "count", "id", "local-name", "namespace-uri", "name", "string",
        "concat", "starts-with", "contains", "substring-before", "substring-after", "substring",
        "string-length", "normalize-space", "translate", "boolean", "not", "true", "false",
        "lang", "number", "sum", "floor", "ceiling", "round", NULL};
    static const char *const NOT_FN[] = {"node", "text", "comment", "processing-instruction",
                                         "and", "or", "div", "mod", NULL};
    int ok = 1;
    const char *p = src;
    while (*p) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\'') {
            const char *q = strchr(p + 1, c);
            p = q ? q + 1 : p + strlen(p);
            continue;
        }
        if (c >= '0' && c <= '9') {
            while (*p && ((*p >= '0' && *p <= '9') || *p == '.'))
                p++;
            continue;
        }
        int var = c == '$';
        if (var)
            p++;
        if (!is_name_start((unsigned char)*p)) {
            p++;
            continue;
        }
        const char *s = p;
        while (is_name_char((unsigned char)*p))
            p++;
        const char *colon = NULL;
        if (p[0] == ':' && p[1] != ':' && is_name_start((unsigned char)p[1])) {
            colon = p++;
            while (is_name_char((unsigned char)*p))
                p++;
        }
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(p - s), s);
        if (var) {
            if (!known_var(L->t, name)) {
                lerr(L, file, line, "XPath 表达式错误：“%s”：未定义的变量 $%s", src, name);
                ok = 0;
            }
            continue;
        }
        const char *q = p;
        while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
            q++;
        if (*q != '(')
            continue;
        if (colon) {
            char prefix[64];
            snprintf(prefix, sizeof prefix, "%.*s", (int)(colon - s), s);
            if (strcmp(prefix, "f")) {
                lerr(L, file, line, "XPath 表达式错误：“%s”：未知的函数前缀“%s:”（只能用 f:）",
                     src, prefix);
                ok = 0;
            } else if (!mlps_tmplfn_known(name + (colon - s) + 1, NULL, NULL)) {
                lerr(L, file, line, "XPath 表达式错误：“%s”：未知函数 %s()", src, name);
                ok = 0;
            }
            continue;
        }
        int found = 0;
        for (size_t i = 0; NOT_FN[i] && !found; i++)
            found = !strcmp(NOT_FN[i], name);
        for (size_t i = 0; CORE[i] && !found; i++)
            found = !strcmp(CORE[i], name);
        if (!found) {
            lerr(L, file, line, "XPath 表达式错误：“%s”：未知函数 %s()", src, name);
            ok = 0;
        }
    }
    return ok;
}

/* Compiles src once to check it; returns its index, or -1 (reported). */
static int add_expr(loader *L, const char *src, int info_idx)
{
    const info *in = &L->t->infos[info_idx];
    if (!src || !*src) {
        lerr(L, in->file, in->line, "XPath 表达式为空");
        return -1;
    }
    L->err.code = 0;
    L->err.msg[0] = '\0';
    xmlXPathCompExprPtr c = xmlXPathCtxtCompile(L->xp, (const xmlChar *)src);
    if (!c || L->err.code) {
        const char *why = xpath_reason(L->err.code);
        lerr(L, in->file, in->line, "XPath 表达式错误：“%s”%s%s", src, why ? "：" : "",
             why ? why : "");
        xmlXPathFreeCompExpr(c);
        return -1;
    }
    xmlXPathFreeCompExpr(c);
    if (!check_names(L, src, in->file, in->line))
        return -1;
    mlps_tlang *t = L->t;
    XGROW(t->exprs, t->exprs_cap, t->nexprs + 1);
    t->exprs[t->nexprs].src = mlps_xstrdup(src);
    t->exprs[t->nexprs].info = info_idx;
    return (int)t->nexprs++;
}

static char *get_attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    char *s = v ? mlps_xstrdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

/* Parses an attribute value template ("{expr}" parts, "{{" and "}}" literal braces). */
static int parse_avt(loader *L, xmlAttr *a, int info_idx)
{
    mlps_tlang *t = L->t;
    const info *in = &t->infos[info_idx];
    xmlChar *v = xmlNodeListGetString(a->doc, a->children, 1);
    const char *s = v ? (const char *)v : "";
    int ok = 1;
    if (!strchr(s, '{') && !strchr(s, '}'))
        goto done;
    avt A = {0};
    mlps_buf lit = MLPS_BUF_INIT;
    for (const char *p = s; *p;) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            mlps_buf_putc(&lit, p[0]);
            p += 2;
        } else if (p[0] == '}') {
            lerr(L, in->file, in->line, "属性 %s 中有多余的“}”（字面的花括号请写成“}}”）",
                 (const char *)a->name);
            ok = 0;
            break;
        } else if (p[0] == '{') {
            const char *e = p + 1;
            char q = 0;
            while (*e && (q || *e != '}')) {
                if (q && *e == q)
                    q = 0;
                else if (!q && (*e == '\'' || *e == '"'))
                    q = *e;
                e++;
            }
            if (!*e) {
                lerr(L, in->file, in->line, "属性 %s 中的“{”没有对应的“}”", (const char *)a->name);
                ok = 0;
                break;
            }
            if (lit.len) {
                XGROW(A.parts, A.cap, A.n + 1);
                A.parts[A.n++] = (avt_part){-1, mlps_buf_detach(&lit)};
            }
            char *src = mlps_xstrndup(p + 1, (size_t)(e - p - 1));
            int x = add_expr(L, src, info_idx);
            free(src);
            if (x < 0)
                ok = 0;
            XGROW(A.parts, A.cap, A.n + 1);
            A.parts[A.n++] = (avt_part){x, NULL};
            p = e + 1;
        } else {
            mlps_buf_putc(&lit, *p++);
        }
    }
    if (lit.len) {
        XGROW(A.parts, A.cap, A.n + 1);
        A.parts[A.n++] = (avt_part){-1, mlps_buf_detach(&lit)};
    }
    mlps_buf_free(&lit);
    XGROW(t->avts, t->avts_cap, t->navts + 1);
    t->avts[t->navts++] = A;
    a->_private = (void *)(uintptr_t)t->navts;
done:
    xmlFree(v);
    return ok;
}

/* Unknown attributes on a t: element are errors (likely typos). */
static int check_t_attrs(loader *L, const xmlNode *n, int file, const char *const *allowed,
                         const char *const *required)
{
    int ok = 1;
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        int found = 0;
        for (size_t i = 0; allowed[i] && !found; i++)
            found = !strcmp(allowed[i], (const char *)a->name);
        if (!found && !(a->ns == NULL && !strcmp((const char *)n->name, "paras"))) {
            lerr(L, file, xmlGetLineNo(n), "<t:%s> 不支持属性“%s”", (const char *)n->name,
                 (const char *)a->name);
            ok = 0;
        }
    }
    for (size_t i = 0; required[i]; i++) {
        if (!xmlHasProp(n, (const xmlChar *)required[i])) {
            lerr(L, file, xmlGetLineNo(n), "<t:%s> 缺少属性 %s", (const char *)n->name, required[i]);
            ok = 0;
        }
    }
    return ok;
}

static int find_frag(const mlps_tlang *t, const char *name)
{
    for (size_t i = 0; i < t->nfrags; i++)
        if (!strcmp(t->frags[i].name, name))
            return (int)i;
    return -1;
}

static int only_blank_text(const xmlNode *n)
{
    if (n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE)
        return n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE;
    for (const xmlChar *s = n->content; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

static int validate(loader *L, xmlNode *n, int file, int top);

static int validate_children(loader *L, xmlNode *n, int file, int top)
{
    int ok = 1;
    for (xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !validate(L, c, file, top))
            ok = 0;
    return ok;
}

/* Checks one element and everything below it; top: a direct child of the file's root. */
static int validate(loader *L, xmlNode *n, int file, int top)
{
    static const char *const NONE[] = {NULL};
    static const char *const SELECT[] = {"select", NULL};
    static const char *const TEST[] = {"test", NULL};
    static const char *const LET[] = {"name", "select", NULL};
    static const char *const CALL[] = {"fragment", NULL};
    static const char *const NAME[] = {"name", NULL};
    static const char *const HREF[] = {"href", NULL};
    mlps_tlang *t = L->t;
    long line = xmlGetLineNo(n);
    int ok = 1;
    kind k = kind_of(n);
    if (k == K_ELEM && n->ns) {
        lerr(L, file, line, "不支持命名空间 %s 中的元素 <%s>%s", (const char *)n->ns->href,
             (const char *)n->name,
             strstr((const char *)n->ns->href, "XInclude") ? "（请用 <t:import href=\"…\"/>）" : "");
        return 0;
    }
    if (k == K_UNKNOWN) {
        lerr(L, file, line, "未知的模板指令 <t:%s>", (const char *)n->name);
        return 0;
    }
    int idx = add_info(t, n, k, file);
    char *s = NULL;
    switch (k) {
    case K_ELEM:
        top = n->parent && n->parent->type == XML_DOCUMENT_NODE; /* <document>: its children are */
        for (xmlAttr *a = n->properties; a; a = a->next) {
            if (a->ns) {
                lerr(L, file, line, "<%s> 不支持带前缀的属性“%s:%s”", (const char *)n->name,
                     (const char *)a->ns->prefix, (const char *)a->name);
                ok = 0;
            } else if (!parse_avt(L, a, idx)) {
                ok = 0;
            }
        }
        ok = validate_children(L, n, file, top) && ok;
        break;
    case K_VALUE:
    case K_FOREACH:
    case K_IF:
    case K_WHEN:
    case K_PARAS: {
        const char *an = (k == K_IF || k == K_WHEN) ? "test" : "select";
        ok = check_t_attrs(L, n, file, an[0] == 't' ? TEST : SELECT, an[0] == 't' ? TEST : SELECT);
        s = get_attr(n, an);
        if (s && (t->infos[idx].expr = add_expr(L, s, idx)) < 0)
            ok = 0;
        if (k == K_PARAS) {
            for (xmlAttr *a = n->properties; a; a = a->next)
                if (strcmp((const char *)a->name, "select") && !parse_avt(L, a, idx))
                    ok = 0;
        }
        if ((k == K_WHEN) && (!n->parent || !is_t_named(n->parent, "choose"))) {
            lerr(L, file, line, "<t:when> 只能放在 <t:choose> 里");
            ok = 0;
        }
        if (k == K_VALUE || k == K_PARAS) {
            for (xmlNode *c = n->children; c; c = c->next)
                if (!only_blank_text(c)) {
                    lerr(L, file, line, "<t:%s> 应为空元素", (const char *)n->name);
                    ok = 0;
                    break;
                }
        } else {
            ok = validate_children(L, n, file, 0) && ok;
        }
        break;
    }
    case K_OTHERWISE:
        ok = check_t_attrs(L, n, file, NONE, NONE);
        if (!n->parent || !is_t_named(n->parent, "choose")) {
            lerr(L, file, line, "<t:otherwise> 只能放在 <t:choose> 里");
            ok = 0;
        }
        ok = validate_children(L, n, file, 0) && ok;
        break;
    case K_CHOOSE: {
        ok = check_t_attrs(L, n, file, NONE, NONE);
        int whens = 0, other = 0;
        for (xmlNode *c = n->children; c; c = c->next) {
            if (only_blank_text(c))
                continue;
            if (is_t_named(c, "when") && !other) {
                whens++;
            } else if (is_t_named(c, "otherwise") && !other) {
                other = 1;
            } else {
                lerr(L, file, xmlGetLineNo(c),
                     "<t:choose> 中只能有 <t:when>，最后可有一个 <t:otherwise>");
                ok = 0;
            }
        }
        if (!whens) {
            lerr(L, file, line, "<t:choose> 至少要有一个 <t:when>");
            ok = 0;
        }
        ok = validate_children(L, n, file, 0) && ok;
        break;
    }
    case K_LET:
        ok = check_t_attrs(L, n, file, LET, LET);
        s = get_attr(n, "select");
        if (s && (t->infos[idx].expr = add_expr(L, s, idx)) < 0)
            ok = 0;
        t->infos[idx].name = get_attr(n, "name");
        for (xmlNode *c = n->children; c; c = c->next)
            if (!only_blank_text(c)) {
                lerr(L, file, line, "<t:let> 应为空元素");
                ok = 0;
                break;
            }
        break;
    case K_CALL:
        ok = check_t_attrs(L, n, file, CALL, CALL);
        t->infos[idx].name = get_attr(n, "fragment");
        if (t->infos[idx].name && (t->infos[idx].frag = find_frag(t, t->infos[idx].name)) < 0) {
            lerr(L, file, line, "找不到片段“%s”（<t:fragment name=\"%s\">，用 <t:import> 引入）",
                 t->infos[idx].name, t->infos[idx].name);
            ok = 0;
        }
        break;
    case K_TEXT:
        ok = check_t_attrs(L, n, file, NONE, NONE);
        for (xmlNode *c = n->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE) {
                lerr(L, file, xmlGetLineNo(c), "<t:text> 中只能有文字");
                ok = 0;
            }
        break;
    case K_FRAGMENT:
        ok = check_t_attrs(L, n, file, NAME, NAME);
        if (!top) {
            lerr(L, file, line, "<t:fragment> 只能放在文件的最外层（根元素下）");
            ok = 0;
        }
        t->infos[idx].name = get_attr(n, "name");
        ok = validate_children(L, n, file, 0) && ok;
        break;
    case K_IMPORT:
        ok = check_t_attrs(L, n, file, HREF, HREF);
        if (!top) {
            lerr(L, file, line, "<t:import> 只能放在文件的最外层（根元素下）");
            ok = 0;
        }
        break;
    case K_FRAGMENTS:
        lerr(L, file, line, "<t:fragments> 只能是片段文件的根元素");
        ok = 0;
        break;
    case K_UNKNOWN:
        break;
    }
    free(s);
    return ok;
}

static int load_file(loader *L, const char *path, int depth);

static int same_or_below(const char *root, const char *real)
{
    size_t n = strlen(root);
    return !strncmp(root, real, n) && (real[n] == '/' || real[n] == '\0' || !strcmp(root, "/"));
}

/* <t:import href>: relative to the importing file, never leaving the template folder. */
static int do_import(loader *L, const xmlNode *n, int file, int depth)
{
    mlps_tlang *t = L->t;
    long line = xmlGetLineNo(n);
    char *href = get_attr(n, "href");
    char *path = NULL, *real = NULL;
    int ok = 0;
    if (!href || !*href) {
        lerr(L, file, line, "<t:import> 缺少属性 href");
        goto done;
    }
    const char *colon = strchr(href, ':'), *slash = strchr(href, '/');
    if (href[0] == '/' || (colon && (!slash || colon < slash))) {
        lerr(L, file, line, "片段路径“%s”不允许：只能是模板文件夹内的相对路径（不允许绝对路径或网络地址）",
             href);
        goto done;
    }
    const char *from = t->files[file].path;
    const char *sl = strrchr(from, '/');
    mlps_buf b = MLPS_BUF_INIT;
    if (sl)
        mlps_buf_append(&b, from, (size_t)(sl - from + 1));
    mlps_buf_puts(&b, href);
    path = mlps_buf_detach(&b);
    real = realpath(path, NULL);
    if (!real) {
        lerr(L, file, line, "找不到片段文件“%s”", href);
        goto done;
    }
    if (!same_or_below(t->root_real, real)) {
        lerr(L, file, line, "片段路径“%s”超出了模板文件夹", href);
        goto done;
    }
    for (size_t i = 0; i < t->nfiles; i++)
        if (!strcmp(t->files[i].real, real)) { /* already loaded (shared or circular import) */
            ok = 1;
            goto done;
        }
    if (t->nfiles > MLPS_MAX_TEMPLATE_INCLUDES) {
        lerr(L, file, line, "引入的片段文件超过上限 %d 个", MLPS_MAX_TEMPLATE_INCLUDES);
        goto done;
    }
    if (depth >= MLPS_MAX_TEMPLATE_NESTING) {
        lerr(L, file, line, "片段引入嵌套超过 %d 层", MLPS_MAX_TEMPLATE_NESTING);
        goto done;
    }
    ok = load_file(L, path, depth + 1) >= 0;
done:
    free(href);
    free(path);
    free(real);
    return ok;
}

/* Reads one file, registers its fragments and follows its imports. Returns its index or -1. */
static int load_file(loader *L, const char *path, int depth)
{
    mlps_tlang *t = L->t;
    xmlDocPtr xml = mlps_xml_read_file(path, L->d);
    char *real = xml ? realpath(path, NULL) : NULL;
    if (!xml || !real) {
        if (xml && !real)
            mlps_diag_error(L->d, path, 0, NULL, "无法解析模板路径");
        xmlFreeDoc(xml);
        free(real);
        return -1;
    }
    XGROW(t->files, t->files_cap, t->nfiles + 1);
    int file = (int)t->nfiles++;
    t->files[file] = (tfile){mlps_xstrdup(path), real, xml};
    xmlNode *root = xmlDocGetRootElement(xml);
    int ok = 1;
    if (depth == 0 && (is_t(root) || strcmp((const char *)root->name, "document"))) {
        lerr(L, file, xmlGetLineNo(root), "模板的根元素应为 <document>（片段文件才用 <t:fragments>）");
        return -1;
    }
    if (depth > 0 && !is_t_named(root, "fragments")) {
        lerr(L, file, xmlGetLineNo(root), "片段文件的根元素应为 <t:fragments>");
        return -1;
    }
    for (xmlNode *c = root->children; c; c = c->next) {
        if (is_t_named(c, "import")) {
            ok = do_import(L, c, file, depth) && ok;
        } else if (is_t_named(c, "fragment")) {
            char *name = get_attr(c, "name");
            if (!name || !*name) {
                free(name);
                continue; /* reported by validate */
            }
            int prev = find_frag(t, name);
            if (prev >= 0) {
                lerr(L, file, xmlGetLineNo(c), "片段“%s”重复定义（另一处在 %s:%ld）", name,
                     t->files[t->infos[t->frags[prev].info].file].path,
                     t->infos[t->frags[prev].info].line);
                free(name);
                ok = 0;
                continue;
            }
            XGROW(t->frags, t->frags_cap, t->nfrags + 1);
            t->frags[t->nfrags++] = (frag){name, c, -1};
        } else if (depth > 0 && c->type == XML_ELEMENT_NODE) {
            lerr(L, file, xmlGetLineNo(c), "片段文件中只能有 <t:fragment> 和 <t:import>");
            ok = 0;
        }
    }
    return ok ? file : -1;
}

static void collect_vars(mlps_tlang *t, const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_t_named(c, "let")) {
            char *name = get_attr(c, "name");
            if (name && !known_var(t, name)) {
                XGROW(t->vars, t->vars_cap, t->nvars + 1);
                t->vars[t->nvars++] = name;
            } else {
                free(name);
            }
        }
        collect_vars(t, c);
    }
}

mlps_tlang *mlps_tlang_load(const char *path, mlps_diags *d)
{
    mlps_tlang *t = mlps_xcalloc(1, sizeof *t);
    loader L = {t, d, NULL, {0, ""}, {.codes = NULL}};
    size_t errors0 = d->errors;
    t->path = mlps_xstrdup(path);
    char *dir = mlps_xstrdup(path);
    char *sl = strrchr(dir, '/');
    if (sl)
        *(sl == dir ? sl + 1 : sl) = '\0';
    else
        strcpy(dir, ".");
    t->root_real = realpath(dir, NULL);
    free(dir);
    if (!t->root_real) {
        mlps_diag_error(d, path, 0, NULL, "找不到模板文件夹");
        goto done;
    }
    L.xp = new_xpath(NULL, &L.err, &L.env);
    if (load_file(&L, path, 0) < 0)
        goto done;
    XGROW(t->vars, t->vars_cap, t->nvars + 1);
    t->vars[t->nvars++] = mlps_xstrdup("system");
    for (size_t i = 0; i < t->nfiles; i++)
        collect_vars(t, xmlDocGetRootElement(t->files[i].xml));
    for (size_t f = 0; f < t->nfiles; f++) {
        xmlNode *root = xmlDocGetRootElement(t->files[f].xml);
        if (f == 0)
            validate(&L, root, (int)f, 0);
        else
            validate_children(&L, root, (int)f, 1);
    }
    for (size_t i = 0; i < t->nfrags; i++)
        t->frags[i].info = (int)((uintptr_t)t->frags[i].node->_private - 1);
    if (t->ninfos >= 65535)
        mlps_diag_error(d, path, 0, NULL, "模板过大（超过 65534 个元素）");
done:
    if (L.xp)
        xmlXPathFreeContext(L.xp);
    if (d->errors > errors0) {
        mlps_tlang_free(t);
        t = NULL;
    }
    return t;
}

void mlps_tlang_free(mlps_tlang *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nfiles; i++) {
        free(t->files[i].path);
        free(t->files[i].real);
        xmlFreeDoc(t->files[i].xml);
    }
    for (size_t i = 0; i < t->ninfos; i++)
        free(t->infos[i].name);
    for (size_t i = 0; i < t->nexprs; i++)
        free(t->exprs[i].src);
    for (size_t i = 0; i < t->navts; i++) {
        for (size_t j = 0; j < t->avts[i].n; j++)
            free(t->avts[i].parts[j].lit);
        free(t->avts[i].parts);
    }
    for (size_t i = 0; i < t->nfrags; i++)
        free(t->frags[i].name);
    for (size_t i = 0; i < t->nvars; i++)
        free(t->vars[i]);
    free(t->files);
    free(t->infos);
    free(t->exprs);
    free(t->avts);
    free(t->frags);
    free(t->vars);
    free(t->path);
    free(t->root_real);
    free(t);
}

const char *mlps_tlang_path(const mlps_tlang *t)
{
    return t->path;
}

/* ------------------------------------------------------------------ expand */

typedef struct var {
    const char *name;
    xmlXPathObjectPtr val;
} var;

typedef struct ex {
    mlps_tmplfn_env env;
    xperr err;
    const mlps_tlang *t;
    mlps_diags *d;
    xmlXPathContextPtr xp;
    xmlXPathCompExprPtr *comp; /* per expression, compiled on first use */
    var *vars;
    size_t nvars, vars_cap;
    int calls;                 /* t:call nesting */
    size_t nodes;              /* output nodes made */
    int origin_ids;            /* output line = info index + 1 (mlps_template_build) */
    xmlDocPtr out;
    int failed;
} ex;

static void xerr(ex *E, const info *in, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void xerr(ex *E, const info *in, const char *fmt, ...)
{
    mlps_buf b = MLPS_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    mlps_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    mlps_diag_error(E->d, in ? E->t->files[in->file].path : E->t->path, in ? in->line : 0, NULL, "%s",
               b.ptr ? b.ptr : "");
    mlps_buf_free(&b);
    E->failed = 1;
}

static xmlXPathObjectPtr lookup_var(void *user, const xmlChar *name, const xmlChar *ns_uri)
{
    ex *E = user;
    if (ns_uri)
        return NULL;
    for (size_t i = E->nvars; i-- > 0;)
        if (!strcmp(E->vars[i].name, (const char *)name))
            return xmlXPathObjectCopy(E->vars[i].val);
    return NULL;
}

typedef struct cur {
    xmlNodePtr node;
    int pos, size;
} cur;

static xmlXPathObjectPtr eval(ex *E, int x, const cur *c)
{
    const expr *e = &E->t->exprs[x];
    const info *in = &E->t->infos[e->info];
    E->err.code = 0;
    E->err.msg[0] = '\0';
    E->env.msg[0] = '\0';
    if (!E->comp[x])
        E->comp[x] = xmlXPathCtxtCompile(E->xp, (const xmlChar *)e->src);
    xmlXPathObjectPtr r = NULL;
    if (E->comp[x]) {
        E->xp->node = c->node;
        E->xp->contextSize = c->size;
        E->xp->proximityPosition = c->pos;
        r = xmlXPathCompiledEval(E->comp[x], E->xp);
    }
    if (!r || E->err.code) {
        const char *why = E->env.msg[0] ? E->env.msg : xpath_reason(E->err.code);
        if (!why)
            why = E->err.msg[0] ? E->err.msg : "求值失败";
        xerr(E, in, "XPath 求值出错：“%s”：%s", e->src, why);
        xmlXPathFreeObject(r);
        r = NULL;
    }
    return r;
}

static char *eval_string(ex *E, int x, const cur *c)
{
    xmlXPathObjectPtr r = eval(E, x, c);
    if (!r)
        return NULL;
    xmlChar *s = xmlXPathCastToString(r);
    xmlXPathFreeObject(r);
    char *out = mlps_xstrdup(s ? (const char *)s : "");
    xmlFree(s);
    return out;
}

static int eval_bool(ex *E, int x, const cur *c, int *out)
{
    xmlXPathObjectPtr r = eval(E, x, c);
    if (!r)
        return -1;
    *out = xmlXPathCastToBoolean(r);
    xmlXPathFreeObject(r);
    return 0;
}

static int count_node(ex *E, const info *in)
{
    if (++E->nodes > MLPS_MAX_TEMPLATE_OUTPUT_NODES) {
        if (!E->failed)
            xerr(E, in, "模板生成的内容超过上限（%u 个节点）", MLPS_MAX_TEMPLATE_OUTPUT_NODES);
        E->failed = 1;
        return -1;
    }
    return 0;
}

static void add_text(ex *E, xmlNodePtr parent, const info *in, const char *s)
{
    if (!s || !*s || count_node(E, in))
        return;
    xmlAddChild(parent, xmlNewDocText(E->out, (const xmlChar *)s));
}

static char *eval_avt(ex *E, const avt *A, const cur *c)
{
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_append(&b, "", 0);
    for (size_t i = 0; i < A->n; i++) {
        if (A->parts[i].expr < 0) {
            mlps_buf_puts(&b, A->parts[i].lit);
            continue;
        }
        char *s = eval_string(E, A->parts[i].expr, c);
        if (!s) {
            mlps_buf_free(&b);
            return NULL;
        }
        mlps_buf_puts(&b, s);
        free(s);
    }
    return mlps_buf_detach(&b);
}

/* A new output element named like tn, with tn's attributes (templates evaluated). */
static xmlNodePtr new_elem(ex *E, const xmlNode *tn, const char *name, const info *in,
                           const cur *c, const char *skip_attr)
{
    if (count_node(E, in))
        return NULL;
    xmlNodePtr o = xmlNewDocNode(E->out, NULL, (const xmlChar *)name, NULL);
    long line = E->origin_ids ? (long)((uintptr_t)tn->_private) : in->line;
    o->line = (unsigned short)(line > 65535 ? 65535 : line);
    for (const xmlAttr *a = tn->properties; a; a = a->next) {
        if (skip_attr && !strcmp((const char *)a->name, skip_attr))
            continue;
        char *v = NULL;
        if (a->_private) {
            v = eval_avt(E, &E->t->avts[(uintptr_t)a->_private - 1], c);
        } else {
            xmlChar *raw = xmlNodeListGetString(a->doc, a->children, 1);
            v = mlps_xstrdup(raw ? (const char *)raw : "");
            xmlFree(raw);
        }
        if (!v)
            break;
        xmlNewProp(o, a->name, (const xmlChar *)v);
        free(v);
    }
    return o;
}

static void expand_list(ex *E, const xmlNode *first, xmlNodePtr out, const cur *c);

static void pop_vars(ex *E, size_t mark)
{
    while (E->nvars > mark)
        xmlXPathFreeObject(E->vars[--E->nvars].val);
}

/* One template node into out. */
static void expand_node(ex *E, const xmlNode *n, xmlNodePtr out, const cur *c)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        add_text(E, out, NULL, (const char *)n->content);
        return;
    }
    if (n->type != XML_ELEMENT_NODE)
        return;
    const info *in = info_of(E->t, n);
    if (!in)
        return;
    switch (in->k) {
    case K_ELEM: {
        xmlNodePtr o = new_elem(E, n, (const char *)n->name, in, c, NULL);
        if (!o)
            break;
        xmlAddChild(out, o);
        expand_list(E, n->children, o, c);
        break;
    }
    case K_VALUE: {
        char *s = eval_string(E, in->expr, c);
        add_text(E, out, in, s);
        free(s);
        break;
    }
    case K_TEXT:
        for (const xmlNode *k = n->children; k; k = k->next)
            if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE)
                add_text(E, out, in, (const char *)k->content);
        break;
    case K_IF: {
        int b = 0;
        if (eval_bool(E, in->expr, c, &b) == 0 && b)
            expand_list(E, n->children, out, c);
        break;
    }
    case K_CHOOSE:
        for (const xmlNode *k = n->children; k; k = k->next) {
            if (k->type != XML_ELEMENT_NODE)
                continue;
            const info *ki = info_of(E->t, k);
            int b = 1;
            if (ki->k == K_WHEN && eval_bool(E, ki->expr, c, &b))
                break;
            if (b) {
                expand_list(E, k->children, out, c);
                break;
            }
        }
        break;
    case K_FOREACH: {
        xmlXPathObjectPtr r = eval(E, in->expr, c);
        if (!r)
            break;
        if (r->type != XPATH_NODESET) {
            xerr(E, in, "<t:for-each> 的 select“%s”的结果不是节点集", E->t->exprs[in->expr].src);
        } else if (r->nodesetval && r->nodesetval->nodeNr > MLPS_MAX_LOOP_ITEMS) {
            xerr(E, in, "<t:for-each> 的项数 %d 超过上限 %d", r->nodesetval->nodeNr,
                 MLPS_MAX_LOOP_ITEMS);
        } else if (r->nodesetval) {
            int size = r->nodesetval->nodeNr;
            for (int i = 0; i < size && !E->failed; i++) {
                cur k = {r->nodesetval->nodeTab[i], i + 1, size};
                expand_list(E, n->children, out, &k);
            }
        }
        xmlXPathFreeObject(r);
        break;
    }
    case K_LET: {
        xmlXPathObjectPtr r = eval(E, in->expr, c);
        if (!r)
            break;
        XGROW(E->vars, E->vars_cap, E->nvars + 1);
        E->vars[E->nvars++] = (var){in->name, r};
        break;
    }
    case K_CALL: {
        if (E->calls >= MLPS_MAX_TEMPLATE_NESTING) {
            xerr(E, in, "片段调用嵌套超过 %d 层（片段“%s”是否调用了自己？）",
                 MLPS_MAX_TEMPLATE_NESTING, in->name);
            break;
        }
        E->calls++;
        expand_list(E, E->t->frags[in->frag].node->children, out, c);
        E->calls--;
        break;
    }
    case K_PARAS: {
        char *s = eval_string(E, in->expr, c);
        for (char *p = s; p && *p && !E->failed;) {
            char *nl = strchr(p, '\n');
            size_t len = nl ? (size_t)(nl - p) : strlen(p);
            while (len && strchr(" \t\r", *p)) {
                p++;
                len--;
            }
            while (len && strchr(" \t\r", p[len - 1]))
                len--;
            if (len) {
                xmlNodePtr o = new_elem(E, n, "p", in, c, "select");
                if (o) {
                    xmlAddChild(out, o);
                    char *line = mlps_xstrndup(p, len);
                    add_text(E, o, in, line);
                    free(line);
                }
            }
            p = nl ? nl + 1 : p + strlen(p);
        }
        free(s);
        break;
    }
    case K_FRAGMENT: /* definitions and imports produce nothing where they stand */
    case K_IMPORT:
    default:
        break;
    }
}

/* A sibling list: variables a t:let declares live until the end of the list. */
static void expand_list(ex *E, const xmlNode *first, xmlNodePtr out, const cur *c)
{
    size_t mark = E->nvars;
    for (const xmlNode *n = first; n && !E->failed; n = n->next)
        expand_node(E, n, out, c);
    pop_vars(E, mark);
}

static xmlNodePtr find_system(xmlDocPtr data, const char *id)
{
    xmlNodePtr root = xmlDocGetRootElement(data);
    for (xmlNodePtr s = root ? root->children : NULL; s; s = s->next) {
        if (s->type != XML_ELEMENT_NODE || strcmp((const char *)s->name, "systems"))
            continue;
        for (xmlNodePtr y = s->children; y; y = y->next) {
            if (y->type != XML_ELEMENT_NODE || strcmp((const char *)y->name, "system"))
                continue;
            xmlChar *v = xmlGetNoNsProp(y, (const xmlChar *)"id");
            int hit = v && !strcmp((const char *)v, id);
            xmlFree(v);
            if (hit)
                return y;
        }
    }
    return NULL;
}

static xmlDocPtr expand(const mlps_tlang *t, const mlps_expand_in *in, int origin_ids,
                        mlps_diags *d)
{
    ex E = {0};
    E.t = t;
    E.d = d;
    E.origin_ids = origin_ids;
    E.env.codes = in->codes;
    E.comp = mlps_xcalloc(t->nexprs ? t->nexprs : 1, sizeof *E.comp);
    const char *data_name = in->data && in->data->URL ? (const char *)in->data->URL : "(数据)";
    xmlNodePtr sys = NULL;
    if (!in->data || !xmlDocGetRootElement(in->data)) {
        mlps_diag_error(d, data_name, 0, NULL, "没有数据");
        E.failed = 1;
        goto done;
    }
    if (in->system_id && !(sys = find_system(in->data, in->system_id))) {
        mlps_diag_error(d, data_name, 0, NULL, "数据中没有 id 为“%s”的定级对象", in->system_id);
        E.failed = 1;
        goto done;
    }
    E.xp = new_xpath(in->data, &E.err, &E.env);
    xmlXPathRegisterVariableLookup(E.xp, lookup_var, &E);
    XGROW(E.vars, E.vars_cap, 1);
    E.vars[E.nvars++] = (var){"system", xmlXPathNewNodeSet(sys)};
    E.out = xmlNewDoc((const xmlChar *)"1.0");
    const xmlNode *root = xmlDocGetRootElement(t->files[0].xml);
    const info *ri = info_of(t, root);
    cur c = {xmlDocGetRootElement(in->data), 1, 1};
    xmlNodePtr o = new_elem(&E, root, "document", ri, &c, NULL);
    if (o) {
        xmlDocSetRootElement(E.out, o);
        expand_list(&E, root->children, o, &c);
    }
done:
    pop_vars(&E, 0);
    free(E.vars);
    for (size_t i = 0; i < t->nexprs; i++)
        xmlXPathFreeCompExpr(E.comp[i]);
    free(E.comp);
    if (E.xp)
        xmlXPathFreeContext(E.xp);
    if (E.failed) {
        xmlFreeDoc(E.out);
        E.out = NULL;
    }
    return E.out;
}

xmlDocPtr mlps_tlang_expand(const mlps_tlang *t, const mlps_expand_in *in, mlps_diags *d)
{
    return expand(t, in, 0, d);
}

/* Output line numbers in build mode are info indexes: map them back to file and line. */
static void remap_blocks(const mlps_tlang *t, mlps_doc *doc, mlps_block *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        long id = b[i].src_line;
        if (id >= 1 && (size_t)id <= t->ninfos) {
            const info *in = &t->infos[id - 1];
            b[i].src_file = mlps_doc_intern(doc, t->files[in->file].path);
            b[i].src_line = in->line;
        }
        if (b[i].kind != MLPS_BLK_TABLE)
            continue;
        for (size_t r = 0; r < b[i].u.table.nrows; r++)
            for (size_t k = 0; k < b[i].u.table.rows[r].ncells; k++)
                remap_blocks(t, doc, b[i].u.table.rows[r].cells[k].blocks,
                             b[i].u.table.rows[r].cells[k].nblocks);
    }
}

mlps_doc *mlps_tlang_build(const mlps_tlang *t, const mlps_expand_in *in,
                              const char *base_dir, mlps_diags *d)
{
    mlps_doc *doc = NULL;
    xmlDocPtr xml = expand(t, in, 1, d);
    if (!xml)
        goto done;
    size_t first = d->count;
    doc = mlps_doc_from_xml(xml, t->path, base_dir, d);
    for (size_t i = first; i < d->count; i++) {
        mlps_diag *x = &d->items[i];
        if (!x->file || strcmp(x->file, t->path) || x->line < 1 || (size_t)x->line > t->ninfos)
            continue;
        const info *inf = &t->infos[x->line - 1];
        free(x->file);
        x->file = mlps_xstrdup(t->files[inf->file].path);
        x->line = inf->line;
    }
    if (doc)
        remap_blocks(t, doc, doc->blocks, doc->nblocks);
done:
    xmlFreeDoc(xml);
    return doc;
}
