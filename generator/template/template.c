/* Templates on libxslt: loading (every stylesheet file read safely, compiled once, checked) and
 * expansion (one transformation context per call, with the f: functions, the security
 * preferences and the limits; the compiled stylesheet is never written to after load). */
#include "template.h"

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libexslt/exslt.h>
#include <libxml/xpathInternals.h>
#include <libxslt/documents.h>
#include <libxslt/extensions.h>
#include <libxslt/functions.h>
#include <libxslt/imports.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "buf.h"
#include "data.h"
#include "docschema.h"
#include "image.h"
#include "mem.h"
#include "memo.h"
#include "mlps_limits.h"
#include "tmplfn.h"
#include "xmlbudget.h"
#include "xmlread.h"

struct mlps_template {
    char *path;      /* as given, for messages */
    char *root_real; /* the template's folder: every file it reads must be inside */
    xsltStylesheetPtr style;
    xsltSecurityPrefsPtr sec;
    /* Files read by document() (codes.xml, catalogues), parsed once on first use (each with a
     * dictionary of its own, which no expansion writes to) and then shared, read-only, by
     * every expansion and thread. */
    pthread_mutex_t docs_lock;
    xmlDocPtr docs[MLPS_MAX_TEMPLATE_SHARED_DOCS];
    char *doc_paths[MLPS_MAX_TEMPLATE_SHARED_DOCS]; /* as asked for: doc->URL is %-escaped */
    size_t ndocs;
    /* libxslt writes into the source document's nodes for generate-id(), xsl:key (marks in
     * psvi and the flag bits, then a walk clearing them all) and xsl:strip-space (removes
     * blank text): a template that uses any of them expands a private copy of the unit's
     * data, which other threads read at the same time, and reads its document() files
     * itself instead of sharing them. */
    int writes_source;
    mlps_glyph_sets *glyph_sets; /* NAME.glyphs beside the template; NULL = none */
    /* Literal result elements carry origin="file:line" (for messages naming the template's
     * line) only in a template loaded with origins: a document is made without them (a
     * twentieth of a batch's instructions) and made again with the twin, the same template
     * with origins, when it has anything to report. */
    int origins;
    pthread_mutex_t twin_lock;
    struct mlps_template *twin;
    int twin_failed;
};

/* Whether an attribute anywhere in doc mentions word (a function name in an XPath). */
static int doc_mentions(xmlNodePtr n, const char *word)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        for (xmlAttrPtr a = n->properties; a; a = a->next)
            for (xmlNodePtr v = a->children; v; v = v->next)
                if (v->content && strstr((const char *)v->content, word))
                    return 1;
        if (doc_mentions(n->children, word))
            return 1;
    }
    return 0;
}

static int writes_source(xsltStylesheetPtr style)
{
    for (xsltStylesheetPtr st = style; st; st = xsltNextImport(st)) {
        if (st->keys || st->stripSpaces || st->stripAll == 1)
            return 1;
        if (st->doc && doc_mentions(xmlDocGetRootElement(st->doc), "generate-id"))
            return 1;
        for (xsltDocumentPtr inc = st->docList; inc; inc = inc->next)
            if (inc->doc && doc_mentions(xmlDocGetRootElement(inc->doc), "generate-id"))
                return 1;
    }
    return 0;
}

/* ------------------------------------------------------------ messages */

/* libxslt reports in two pieces: a location line ("compilation error: file F line N element
 * E") and then the message; libxml2's XPath errors come first through the structured handler,
 * with the expression but no location. This collects them into Chinese diagnostics. */
typedef struct errsink {
    mlps_diags *d;
    const char *fallback_file;
    mlps_buf line;       /* the line being assembled */
    char *file;          /* location of the next message */
    long lineno;
    char xpath[1024];    /* pending XPath reason (Chinese), emitted with the next message */
    int count;           /* messages emitted */
    int stop_after_first; /* expansion: the first error stops it, later lines only echo it */
    const int *mem_over;  /* set: the budget refused memory, said once by stop() instead */
    xsltTransformContextPtr tctxt; /* expansion: a message without a location is at its instruction */
    xmlNodePtr msg_inst; /* the xsl:message running (its text comes without a location) */
    int located;         /* a location line came: the next message is libxslt's error */
} errsink;

static int template_message(errsink *s, const char *text);

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

/* English libxslt messages → Chinese: "prefix%ssuffix", the %s kept from the original. */
static const struct {
    const char *en;
    const char *zh;
} XSLT_MSG[] = {
    {"xsltStylePreCompute: unknown xsl:%s", "未知的 XSLT 指令 xsl:%s"},
    {"xsltParseStylesheetTop: unknown %s element", "样式表顶层的未知元素 %s"},
    {"xsl:import : unable to load %s", "无法导入文件“%s”"},
    {"xsl:include : unable to load %s", "无法包含文件“%s”"},
    {"xsltParseStylesheetProcess : document is not a stylesheet",
     "不是 XSLT 样式表（根元素应为 xsl:stylesheet）"},
    {"Undefined variable%s", "未定义的变量%s"},
    {"xsl:call-template : template %s not found", "找不到命名模板“%s”"},
    {"Local file read for %s refused", "document() 读取的文件“%s”超出了模板文件夹（只能读取模板文件夹内的文件）"},
    {"Network file read for %s refused", "不允许读取网络地址“%s”"},
    {"File write for %s refused", "模板不允许写文件“%s”"},
    {"Directory creation for %s refused", "模板不允许创建目录“%s”"},
    {"xsltDocumentElem: write rights for %s denied", "模板不允许写文件“%s”"},
    {"xmlXPathCompOpEval: function %s not found", "未知函数 %s()"},
    {"%s: A potential infinite template recursion was detected.",
     "模板调用嵌套超过上限（是否有模板调用了自己？）"},
    /* libxslt 1.1.35's wording */
    {"%s : select is missing", "%s 缺少 select 属性（要处理的数据）"},
    {"Variable '%s' has not been declared.",
     "未定义的变量 $%s（没有同名的 xsl:variable 或 xsl:param，或不在它的作用范围内）"},
    {"The called template '%s' was not found.", "找不到命名模板“%s”（没有这个 name 的 xsl:template）"},
    {"Recursive definition of %s", "变量 $%s 的定义引用了它自己（直接或经由其他变量）"},
    {"xsl:include : recursion detected on included URL %s",
     "文件“%s”被循环包含（xsl:include 直接或间接包含了自己）"},
    {"xsl:import : recursion detected on imported URL %s",
     "文件“%s”被循环导入（xsl:import 直接或间接导入了自己）"},
    {"xsltParseStylesheetTop: ignoring misplaced import element",
     "xsl:import 位置不对：必须写在样式表所有其他顶层元素之前"},
    {"XSLT-variable: Redefinition of variable '%s'.", "变量 $%s 在同一范围内重复定义"},
    {"XSLT-param: Redefinition of parameter '%s'.", "参数 $%s 在同一范围内重复定义"},
    {"redefinition of global variable %s", "全局变量 $%s 重复定义"},
    {"xsl:attribute: Cannot add attributes to an element if children have been already added to "
     "the element.",
     "xsl:attribute 来得太晚：元素已经有了内容（文字或子元素），属性必须写在内容之前"},
    {"element sort is not allowed within that context",
     "xsl:sort 不能用在这里：它只能是 xsl:for-each 或 xsl:apply-templates 最前面的子元素"},
    {"element %s is not allowed within that context", "xsl:%s 不能用在这个位置"},
    {"xsltApplySequenceConstructor: failed to find extension %s",
     "未知的扩展元素 %s（extension-element-prefixes 声明的命名空间中没有这个元素）"},
    {"Failed to find key definition for %s", "找不到名为“%s”的 xsl:key"},
    {"xsl:attribute: The attribute 'name' is missing.", "xsl:attribute 缺少 name 属性"},
    {"xsl:element: The attribute 'name' is missing.", "xsl:element 缺少 name 属性"},
    {"The attribute '%s' is missing.", "缺少属性 %s"},
};

/* Lines that only repeat an error already reported. */
static const char *const NOISE[] = {
    "XPath evaluation returned no result.",
    "You can adjust xsltMaxDepth",
    "You can adjust maxTemplateVars",
    "xsltLoadDocument: read rights for",
    "Templates:",
    "#",
    "Variables:",
};

/* msg matches pattern (one %s at most): the %s part goes to out. */
static int match(const char *pat, const char *msg, char *out, size_t cap)
{
    const char *pc = strstr(pat, "%s");
    size_t pre = pc ? (size_t)(pc - pat) : strlen(pat);
    if (strncmp(msg, pat, pre))
        return 0;
    out[0] = '\0';
    if (!pc)
        return 1;
    const char *suf = pc + 2;
    size_t ls = strlen(suf), lm = strlen(msg);
    if (lm < pre + ls || strcmp(msg + lm - ls, suf))
        return 0;
    snprintf(out, cap, "%.*s", (int)(lm - ls - pre), msg + pre);
    return 1;
}

static void sink_emit_at(errsink *s, const char *file, const char *msg);

static void sink_emit(errsink *s, const char *msg)
{
    char *own = NULL; /* the instruction's file as the user wrote it (doc->URL is %-escaped) */
    xmlNodePtr inst = s->tctxt ? s->tctxt->inst : NULL;
    if (!s->file && inst && inst->doc && inst->doc->URL) {
        own = mlps_xml_doc_file(inst->doc);
        s->lineno = xmlGetLineNo(inst);
    }
    sink_emit_at(s, own ? own : s->file ? s->file : s->fallback_file, msg);
    free(own);
}

static void sink_emit_at(errsink *s, const char *file, const char *msg)
{
    if (s->mem_over && *s->mem_over)
        return;
    for (size_t i = 0; i < sizeof NOISE / sizeof NOISE[0]; i++)
        if (!strncmp(msg, NOISE[i], strlen(NOISE[i])))
            return;
    if (s->xpath[0]) {
        mlps_diag_error(s->d, file, s->lineno, NULL, "%s", s->xpath);
        s->xpath[0] = '\0';
        s->count++;
        return;
    }
    if (s->count && s->stop_after_first)
        return;
    char arg[512];
    for (size_t i = 0; i < sizeof XSLT_MSG / sizeof XSLT_MSG[0]; i++) {
        if (!match(XSLT_MSG[i].en, msg, arg, sizeof arg))
            continue;
        char zh[768];
        const char *pc = strstr(XSLT_MSG[i].zh, "%s");
        if (pc)
            snprintf(zh, sizeof zh, "%.*s%s%s", (int)(pc - XSLT_MSG[i].zh), XSLT_MSG[i].zh, arg,
                     pc + 2);
        else
            snprintf(zh, sizeof zh, "%s", XSLT_MSG[i].zh);
        mlps_diag_error(s->d, file, s->lineno, NULL, "%s", zh);
        s->count++;
        return;
    }
    mlps_diag_error(s->d, file, s->lineno, NULL, "模板错误：%s", msg);
    s->count++;
}

/* One complete line from libxslt. */
static void sink_line(errsink *s, const char *l)
{
    static const char *const KIND[] = {"compilation error: ", "compilation warning: ",
                                       "runtime error: ", "error: "};
    if (!strcmp(l, "error") || !strcmp(l, "runtime error") || !strcmp(l, "compilation error"))
        return; /* a location line without a location: the message follows */
    for (size_t i = 0; i < sizeof KIND / sizeof KIND[0]; i++) {
        size_t k = strlen(KIND[i]);
        if (strncmp(l, KIND[i], k))
            continue;
        const char *p = l + k;
        s->located = 1;
        free(s->file);
        s->file = NULL;
        s->lineno = 0;
        if (!strncmp(p, "file ", 5)) {
            p += 5;
            const char *e = strstr(p, " line ");
            const char *e2 = strstr(p, " element ");
            if (!e || (e2 && e2 < e))
                e = e2;
            char *uri = mlps_xstrndup(p, e ? (size_t)(e - p) : strlen(p));
            s->file = mlps_xml_uri_file(uri);
            free(uri);
            if (e && !strncmp(e, " line ", 6))
                s->lineno = strtol(e + 6, NULL, 10);
        }
        return;
    }
    if (*l)
        sink_emit(s, l);
    s->located = 0;
}

static void sink_vprintf(errsink *s, const char *fmt, va_list ap)
{
    mlps_buf_vprintf(&s->line, fmt, ap);
    char *nl;
    while (s->line.ptr && (nl = strchr(s->line.ptr, '\n'))) {
        *nl = '\0';
        sink_line(s, s->line.ptr);
        size_t rest = s->line.len - (size_t)(nl + 1 - s->line.ptr);
        memmove(s->line.ptr, nl + 1, rest + 1);
        s->line.len = rest;
    }
}

static void on_generic(void *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void on_generic(void *ctx, const char *fmt, ...)
{
    const errsink *s = ctx;
    if (s->mem_over && *s->mem_over) /* each refused allocation reports: stop() says it once */
        return;
    va_list ap;
    va_start(ap, fmt);
    /* xsl:message's text, in one piece: libxslt writes it as "%s", then a lone "\n"; an error
     * inside the message's content comes as a location line and its text, the normal path */
    if (s->msg_inst && !s->located && !s->line.len && (!strcmp(fmt, "%s") || !strcmp(fmt, "\n"))) {
        mlps_buf b = MLPS_BUF_INIT;
        mlps_buf_vprintf(&b, fmt, ap);
        template_message(ctx, b.ptr ? b.ptr : "");
        mlps_buf_free(&b);
    } else {
        sink_vprintf(ctx, fmt, ap);
    }
    va_end(ap);
}

static void unwrap_expr(const char *s, char *out, size_t cap);

/* libxml2's structured errors (XPath compilation and evaluation, parser): kept as the reason
 * of the next libxslt message, which carries the template line. */
static void on_structured(void *ctx, xmlErrorPtr e)
{
    errsink *s = ctx;
    if (!e || e->level < XML_ERR_ERROR || s->xpath[0] || (s->mem_over && *s->mem_over))
        return;
    const char *why = e->domain == XML_FROM_XPATH ? xpath_reason(e->code) : NULL;
    char en[256];
    snprintf(en, sizeof en, "%s", e->message ? e->message : "");
    size_t n = strlen(en);
    while (n && (en[n - 1] == '\n' || en[n - 1] == ' '))
        en[--n] = '\0';
    if (e->domain == XML_FROM_XPATH && e->str1) {
        char expr[256];
        unwrap_expr(e->str1, expr, sizeof expr);
        snprintf(s->xpath, sizeof s->xpath, "XPath 表达式错误：“%s”：%s", expr, why ? why : en);
    }
    else
        snprintf(s->xpath, sizeof s->xpath, "%s%s", why ? "XPath 错误：" : "模板错误：", why ? why : en);
}

static void sink_flush(errsink *s)
{
    if (s->line.len)
        sink_line(s, s->line.ptr);
    if (s->xpath[0])
        sink_emit(s, "");
    mlps_buf_free(&s->line);
    free(s->file);
    s->file = NULL;
}

/* ------------------------------------------------------------ checks before compiling */

static int name_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int name_char(unsigned char c)
{
    return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* Arguments of the call whose "(" is at p: their count, or -1 if the parenthesis never closes. */
static int count_args(const char *p)
{
    int depth = 0, args = 0, any = 0;
    for (p++; *p; p++) {
        if (*p == '"' || *p == '\'') {
            const char *q = strchr(p + 1, *p);
            if (!q)
                return -1;
            p = q;
            any = 1;
        } else if (*p == '(' || *p == '[') {
            depth++;
            any = 1;
        } else if (*p == ')' || *p == ']') {
            if (depth-- == 0)
                return any ? args + 1 : 0;
        } else if (*p == ',' && depth == 0) {
            args++;
        } else if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
            any = 1;
        }
    }
    return -1;
}

static int is_xsl(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns &&
           !strcmp((const char *)n->ns->href, "http://www.w3.org/1999/XSL/Transform") &&
           (!name || !strcmp((const char *)n->name, name));
}

#define XSL_NS "http://www.w3.org/1999/XSL/Transform"
/* xsl:value-of select="X" runs as select="mlps-o:value(X)": the same string, and the data node
 * it came from is noted on the output element (data="file:line:path"); not when X is a call
 * that gives no node (plain_call). */
#define ORIGIN_NS "urn:mlpsdoc:origin"
#define VALUE_WRAP "mlps-o:value("

static void quiet_structured(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

/* 1 if expr is a well-formed XPath expression (checked quietly: libxslt reports it later). */
static int xpath_ok(const char *expr)
{
    xmlXPathContextPtr xp = xmlXPathNewContext(NULL);
    if (!xp)
        return 0;
    xp->error = quiet_structured;
    xmlXPathCompExprPtr c = xmlXPathCtxtCompile(xp, (const xmlChar *)expr);
    int ok = c != NULL;
    xmlXPathFreeCompExpr(c);
    xmlXPathFreeContext(xp);
    return ok;
}

/* The expression as the author wrote it (messages never show the value-of wrapper). */
static void unwrap_expr(const char *s, char *out, size_t cap)
{
    size_t n = strlen(s), k = strlen(VALUE_WRAP);
    if (n > k && !strncmp(s, VALUE_WRAP, k) && s[n - 1] == ')')
        snprintf(out, cap, "%.*s", (int)(n - k - 1), s + k);
    else
        snprintf(out, cap, "%s", s);
}

/* The functions a template may call, with their argument counts (-1: no upper bound): XPath
 * 1.0, XSLT 1.0, and the EXSLT modules init_once() registers. */
typedef struct fnsig {
    const char *name;
    int lo, hi;
} fnsig;

static const fnsig CORE_FNS[] = {
    {"last", 0, 0}, {"position", 0, 0}, {"count", 1, 1}, {"id", 1, 1},
    {"local-name", 0, 1}, {"namespace-uri", 0, 1}, {"name", 0, 1}, {"string", 0, 1},
    {"concat", 2, -1}, {"starts-with", 2, 2}, {"contains", 2, 2}, {"substring-before", 2, 2},
    {"substring-after", 2, 2}, {"substring", 2, 3}, {"string-length", 0, 1},
    {"normalize-space", 0, 1}, {"translate", 3, 3}, {"boolean", 1, 1}, {"not", 1, 1},
    {"true", 0, 0}, {"false", 0, 0}, {"lang", 1, 1}, {"number", 0, 1}, {"sum", 1, 1},
    {"floor", 1, 1}, {"ceiling", 1, 1}, {"round", 1, 1},
    /* XSLT 1.0 */
    {"document", 1, 2}, {"key", 2, 2}, {"format-number", 2, 3}, {"current", 0, 0},
    {"unparsed-entity-uri", 1, 1}, {"generate-id", 0, 1}, {"system-property", 1, 1},
    {"element-available", 1, 1}, {"function-available", 1, 1}, {NULL, 0, 0}};
static const fnsig EXSL_FNS[] = {{"node-set", 1, 1}, {"object-type", 1, 1}, {NULL, 0, 0}};
static const fnsig SET_FNS[] = {{"difference", 2, 2}, {"intersection", 2, 2}, {"distinct", 1, 1},
                                {"has-same-node", 2, 2}, {"leading", 2, 2}, {"trailing", 2, 2},
                                {NULL, 0, 0}};
static const fnsig STR_FNS[] = {{"tokenize", 1, 2}, {"split", 1, 2}, {"encode-uri", 2, 3},
                                {"decode-uri", 1, 2}, {"padding", 1, 2}, {"align", 2, 3},
                                {"concat", 1, 1}, {"replace", 3, 3}, {NULL, 0, 0}};
static const fnsig MATH_FNS[] = {{"min", 1, 1}, {"max", 1, 1}, {"highest", 1, 1}, {"lowest", 1, 1},
                                 {"constant", 2, 2}, {"random", 0, 0}, {"abs", 1, 1},
                                 {"sqrt", 1, 1}, {"power", 2, 2}, {"log", 1, 1}, {"sin", 1, 1},
                                 {"cos", 1, 1}, {"tan", 1, 1}, {"asin", 1, 1}, {"acos", 1, 1},
                                 {"atan", 1, 1}, {"atan2", 2, 2}, {"exp", 1, 1}, {NULL, 0, 0}};
static const fnsig ORIGIN_FNS[] = {{"value", 1, 1}, {NULL, 0, 0}};
static const struct {
    const char *uri;
    const fnsig *fns;
} NS_FNS[] = {
    {"http://exslt.org/common", EXSL_FNS}, {"http://exslt.org/sets", SET_FNS},
    {"http://exslt.org/strings", STR_FNS}, {"http://exslt.org/math", MATH_FNS},
    {ORIGIN_NS, ORIGIN_FNS},
};
#define EXSLT_FUNC_NS "http://exslt.org/functions"

static const fnsig *find_sig(const fnsig *t, const char *name)
{
    for (; t->name; t++)
        if (!strcmp(t->name, name))
            return t;
    return NULL;
}

/* The functions the stylesheet defines itself (<func:function name="p:n">, any file). */
typedef struct userfn {
    char *uri, *name;
    int nparams;
} userfn;

typedef struct userfns {
    userfn *v;
    size_t n, cap;
} userfns;

static void collect_userfns(const xmlNode *n, userfns *u)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (n->ns && !strcmp((const char *)n->ns->href, EXSLT_FUNC_NS) &&
            !strcmp((const char *)n->name, "function")) {
            xmlChar *qn = xmlGetNoNsProp(n, (const xmlChar *)"name");
            const char *colon = qn ? strchr((const char *)qn, ':') : NULL;
            if (colon) {
                char prefix[64];
                snprintf(prefix, sizeof prefix, "%.*s", (int)(colon - (const char *)qn),
                         (const char *)qn);
                xmlNsPtr ns = xmlSearchNs(n->doc, (xmlNodePtr)n, (const xmlChar *)prefix);
                if (ns) {
                    if (u->n == u->cap) {
                        u->cap = u->cap ? 2 * u->cap : 8;
                        u->v = mlps_xrealloc(u->v, u->cap * sizeof *u->v);
                    }
                    int np = 0;
                    for (const xmlNode *c = n->children; c; c = c->next)
                        np += is_xsl(c, "param");
                    u->v[u->n++] = (userfn){mlps_xstrdup((const char *)ns->href),
                                            mlps_xstrdup(colon + 1), np};
                }
            }
            xmlFree(qn);
        }
        collect_userfns(n->children, u);
    }
}

static void userfns_free(userfns *u)
{
    for (size_t i = 0; i < u->n; i++) {
        free(u->v[i].uri);
        free(u->v[i].name);
    }
    free(u->v);
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* One call found in an expression: known, with the right number of arguments? */
static void check_call(const xmlNode *el, const char *shown, const char *prefix, const char *name,
                       int nargs, const userfns *u, int phase, const char *file, mlps_diags *d)
{
    char qname[200];
    snprintf(qname, sizeof qname, "%s%s%s", prefix, *prefix ? ":" : "", name);
    long line = xmlGetLineNo(el);
    xmlNsPtr ns = NULL;
    if (*prefix) {
        ns = xmlSearchNs(el->doc, (xmlNodePtr)el, (const xmlChar *)prefix);
        if (!ns) { /* libxslt would only find it while rendering, without a line */
            if (phase == 0)
                mlps_diag_error(d, file, line, NULL,
                                "XPath 表达式错误：“%s”：函数 %s() 的前缀 %s 没有声明（xmlns:%s）",
                                shown, qname, prefix, prefix);
            return;
        }
    }
    if (phase == 0)
        return;
    const fnsig *sig = NULL;
    int lo = 0, hi = 0, known = 0;
    const char *uri = ns ? (const char *)ns->href : NULL;
    if (!uri) {
        sig = find_sig(CORE_FNS, name);
    } else if (!strcmp(uri, MLPS_FN_NS)) {
        known = mlps_tmplfn_known(name, &lo, &hi);
    } else {
        for (size_t i = 0; i < sizeof NS_FNS / sizeof NS_FNS[0] && !sig; i++)
            if (!strcmp(uri, NS_FNS[i].uri))
                sig = find_sig(NS_FNS[i].fns, name);
        for (size_t i = 0; u && i < u->n && !sig && !known; i++)
            if (!strcmp(u->v[i].uri, uri) && !strcmp(u->v[i].name, name)) {
                known = 1;
                lo = 0;
                hi = u->v[i].nparams;
            }
    }
    if (sig) {
        known = 1;
        lo = sig->lo;
        hi = sig->hi;
    }
    if (!known) {
        if (!uri || !strcmp(uri, MLPS_FN_NS))
            mlps_diag_error(d, file, line, NULL, "XPath 表达式错误：“%s”：未知函数 %s()", shown, qname);
        else if (mlps_tmplfn_known(name, NULL, NULL))
            mlps_diag_error(d, file, line, NULL,
                            "XPath 表达式错误：“%s”：未知函数 %s()（前缀 %s 的命名空间是“%s”，"
                            "f: 函数的命名空间应为“" MLPS_FN_NS "”）",
                            shown, qname, prefix, uri);
        else
            mlps_diag_error(d, file, line, NULL,
                            "XPath 表达式错误：“%s”：未知函数 %s()（命名空间“%s”中没有这个函数）",
                            shown, qname, uri);
        return;
    }
    if (nargs < 0 || (nargs >= lo && (hi < 0 || nargs <= hi)))
        return;
    char want[48];
    if (lo == hi)
        snprintf(want, sizeof want, " %d ", lo);
    else if (hi < 0)
        snprintf(want, sizeof want, "至少 %d ", lo);
    else
        snprintf(want, sizeof want, " %d 到 %d ", lo, hi);
    mlps_diag_error(d, file, line, NULL, "XPath 表达式错误：“%s”：函数 %s() 应有%s个参数，这里有 %d 个",
                    shown, qname, want, nargs);
}

/* libxml2 resolves functions only when it evaluates them: a call of a function that does not
 * exist or with the wrong number of arguments is found here, lexically (XPath 1.0 §3.7: a name
 * followed by "(" is a function call unless it is a node type or an operator). Phase 0, before
 * compiling: undeclared prefixes; phase 1, after (every file and func:function known): the
 * functions and their argument counts. */
static void check_fn_calls(const xmlNode *el, const char *expr, const char *shown,
                           const userfns *u, int phase, const char *file, mlps_diags *d)
{
    int operand = 0; /* the previous token ends an operand: a name next is an operator */
    for (const char *p = expr; *p;) {
        unsigned char c = (unsigned char)*p;
        if (is_ws((char)c)) {
            p++;
        } else if (c == '"' || c == '\'') {
            const char *q = strchr(p + 1, c);
            p = q ? q + 1 : p + strlen(p);
            operand = 1;
        } else if ((c >= '0' && c <= '9') || (c == '.' && p[1] >= '0' && p[1] <= '9')) {
            while ((*p >= '0' && *p <= '9') || *p == '.')
                p++;
            operand = 1;
        } else if (c == '.') {
            p += p[1] == '.' ? 2 : 1;
            operand = 1;
        } else if (c == '$') {
            for (p++; name_char((unsigned char)*p) || *p == ':'; p++)
                ;
            operand = 1;
        } else if (c == '*') {
            p++;
            operand = !operand; /* a multiplication, or the name test * */
        } else if (c == ')' || c == ']') {
            p++;
            operand = 1;
        } else if (!name_start(c)) {
            p++; /* ( [ , | + - = ! < > / @ :: */
            operand = 0;
        } else {
            const char *s = p;
            while (name_char((unsigned char)*p))
                p++;
            char prefix[64] = "", name[128];
            const char *local = s;
            if (p[0] == ':' && p[1] != ':' && (name_start((unsigned char)p[1]) || p[1] == '*')) {
                snprintf(prefix, sizeof prefix, "%.*s", (int)(p - s), s);
                local = ++p;
                if (*p == '*')
                    p++;
                else
                    while (name_char((unsigned char)*p))
                        p++;
            }
            snprintf(name, sizeof name, "%.*s", (int)(p - local), local);
            if (operand && !*prefix &&
                (!strcmp(name, "and") || !strcmp(name, "or") || !strcmp(name, "div") ||
                 !strcmp(name, "mod"))) {
                operand = 0;
                continue;
            }
            const char *q = p;
            while (is_ws(*q))
                q++;
            operand = 1;
            if (*q != '(' || !strcmp(name, "*"))
                continue;
            operand = 0;
            if (!*prefix && (!strcmp(name, "node") || !strcmp(name, "text") ||
                             !strcmp(name, "comment") || !strcmp(name, "processing-instruction")))
                continue;
            check_call(el, shown, prefix, name, count_args(q), u, phase, file, d);
        }
    }
}

/* An attribute value template: each {expression} of it ({{ and }} are literal braces). */
static void check_avt_calls(const xmlNode *el, const char *v, const userfns *u, int phase,
                            const char *file, mlps_diags *d)
{
    mlps_buf e = MLPS_BUF_INIT;
    for (const char *p = v; *p; p++) {
        if (*p != '{')
            continue;
        if (p[1] == '{') {
            p++;
            continue;
        }
        const char *q = p + 1;
        while (*q && *q != '}') {
            if (*q == '"' || *q == '\'') {
                const char *r = strchr(q + 1, *q);
                q = r ? r : q + strlen(q) - 1;
            }
            q++;
        }
        e.len = 0;
        mlps_buf_printf(&e, "%.*s", (int)(q - p - 1), p + 1);
        if (e.ptr) /* messages show the whole attribute */
            check_fn_calls(el, e.ptr, v, u, phase, file, d);
        if (!*q)
            break;
        p = q;
    }
    mlps_buf_free(&e);
}

static const char *skip_xml_space(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    return p;
}

/* 1 if expr is one call of an XPath core function whose value is a string, number or boolean:
 * such a value-of has no data node to note, and needs no mlps-o:value() around it. */
static int plain_call(const char *expr)
{
    static const char *const FNS[] = {
        "string", "concat", "substring", "substring-before", "substring-after",
        "normalize-space", "translate", "string-length", "count", "sum", "number", "round",
        "floor", "ceiling", "position", "last", "boolean", "not", "true", "false", "contains",
        "starts-with", "format-number", "generate-id", "local-name", "name", NULL};
    const char *p = skip_xml_space(expr), *name;
    for (name = p; (*p >= 'a' && *p <= 'z') || *p == '-'; p++)
        ;
    size_t len = (size_t)(p - name);
    p = skip_xml_space(p);
    if (*p != '(')
        return 0;
    int known = 0;
    for (size_t i = 0; FNS[i] && !known; i++)
        known = strlen(FNS[i]) == len && !strncmp(FNS[i], name, len);
    if (!known)
        return 0;
    int depth = 0;
    for (; *p; p++) { /* the ( that opens the call must close at the end */
        if (*p == '"' || *p == '\'') {
            const char *q = strchr(p + 1, *p);
            if (!q)
                return 0;
            p = q;
        } else if (*p == '(' || *p == '[') {
            depth++;
        } else if ((*p == ')' || *p == ']') && --depth == 0) {
            return *skip_xml_space(p + 1) == '\0';
        }
    }
    return 0;
}

static int is_stylesheet_root(const xmlNode *n)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && !strcmp((const char *)n->ns->href, XSL_NS) &&
           (!strcmp((const char *)n->name, "stylesheet") || !strcmp((const char *)n->name, "transform"));
}

/* <image src="…"> written literally in the template names a file of the templates folder
 * (root): checked here, at its line, and marked src-folder="template" for docxml, which
 * resolves it there again (a src computed from the data, "{…}", stays in the data folder). */
static void check_template_image(xmlNode *n, const char *file, const char *root, mlps_diags *d)
{
    if (xmlHasProp(n, (const xmlChar *)"src-folder")) {
        mlps_diag_error(d, file, xmlGetLineNo(n), NULL,
                        "<image> 的属性 src-folder 由 mlpsdoc 设置，模板中不能写");
        return;
    }
    xmlChar *src = xmlGetNoNsProp(n, (const xmlChar *)"src");
    char why[MLPS_IMAGE_WHY], *real = NULL;
    if (src && *src && !strchr((const char *)src, '{')) {
        if (!root || mlps_image_resolve_in(root, MLPS_TEMPLATE_FOLDER_NAME, (const char *)src, &real, why))
            mlps_diag_error(d, file, xmlGetLineNo(n), NULL, "图片“%s”%s", (const char *)src,
                            root ? why : "无法确定模板文件夹");
        xmlSetProp(n, (const xmlChar *)"src-folder", (const xmlChar *)"template");
    }
    free(real);
    xmlFree(src);
}

/* The function calls in one element's expressions: its XPath attributes (xsl:*, func:result)
 * and the {…} of its attribute value templates. */
static void check_node_calls(const xmlNode *n, const userfns *u, int phase, const char *file,
                             mlps_diags *d)
{
    static const char *const EXPR_ATTRS[] = {"select", "test", "match", "use", "count", "from",
                                             "value", NULL};
    int xsl = is_xsl(n, NULL);
    int result = n->ns && !strcmp((const char *)n->ns->href, EXSLT_FUNC_NS) &&
                 !strcmp((const char *)n->name, "result");
    int memo = mlps_memo_check(n) != 0;
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
        if (!v)
            continue;
        int whole = !a->ns && ((result && !strcmp((const char *)a->name, "select")) ||
                               (memo && (!strcmp((const char *)a->name, "key") ||
                                         !strcmp((const char *)a->name, "data"))));
        for (size_t i = 0; xsl && !a->ns && EXPR_ATTRS[i] && !whole; i++)
            whole = !strcmp((const char *)a->name, EXPR_ATTRS[i]);
        if (whole) {
            char shown[1024];
            unwrap_expr((const char *)v, shown, sizeof shown);
            check_fn_calls(n, (const char *)v, shown, u, phase, file, d);
        } else if (strchr((const char *)v, '{')) {
            check_avt_calls(n, (const char *)v, u, phase, file, d);
        }
        xmlFree(v);
    }
}

static void walk_calls(const xmlNode *n, const userfns *u, const char *file, mlps_diags *d)
{
    for (; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE) {
            check_node_calls(n, u, 1, file, d);
            if (mlps_memo_check(n) < 0)
                mlps_diag_error(d, file, xmlGetLineNo(n), NULL,
                                "f:memo 要作为扩展元素使用：请在这个文件的 xsl:stylesheet 上声明 "
                                "extension-element-prefixes=\"f\"");
            walk_calls(n->children, u, file, d);
        }
}

/* After compiling, with every file of the stylesheet and the functions it defines known: each
 * function call of each file. */
static void check_calls(xsltStylesheetPtr style, mlps_diags *d)
{
    userfns u = {0};
    for (int pass = 0; pass < 2; pass++)
        for (xsltStylesheetPtr st = style; st; st = xsltNextImport(st)) {
            xsltDocumentPtr inc = NULL;
            for (xmlDocPtr doc = st->doc; doc; doc = (inc = inc ? inc->next : st->docList) ? inc->doc : NULL) {
                xmlNodePtr root = xmlDocGetRootElement(doc);
                if (pass == 0)
                    collect_userfns(root, &u);
                else
                {
                    char *file = mlps_xml_doc_file(doc);
                    walk_calls(root, &u, file ? file : "", d);
                    free(file);
                }
            }
        }
    userfns_free(&u);
}

/* Every element of one stylesheet file: f: calls checked, no writing elements; with origins,
 * literal result elements get origin="file:line"; xsl:value-of selects are wrapped
 * (VALUE_WRAP). */
static void check_doc_node(xmlNode *n, const char *file, const char *root, int origins,
                           mlps_diags *d)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        int xsl = is_xsl(n, NULL);
        if ((xsl && !strcmp((const char *)n->name, "document")) ||
            (n->ns && !strcmp((const char *)n->ns->href, "http://exslt.org/common") &&
             !strcmp((const char *)n->name, "document")))
            mlps_diag_error(d, file, xmlGetLineNo(n), NULL,
                            "模板不允许写文件（%s:document 已被禁用）", xsl ? "xsl" : "exsl");
        check_node_calls(n, NULL, 0, file, d);
        if (xsl && !strcmp((const char *)n->name, "value-of")) {
            xmlChar *sel = xmlGetNoNsProp(n, (const xmlChar *)"select");
            if (sel && !plain_call((const char *)sel) && xpath_ok((const char *)sel)) {
                mlps_buf b = MLPS_BUF_INIT;
                mlps_buf_printf(&b, VALUE_WRAP "%s)", (const char *)sel);
                xmlNewNs(n, (const xmlChar *)ORIGIN_NS, (const xmlChar *)"mlps-o");
                xmlSetProp(n, (const xmlChar *)"select", (const xmlChar *)b.ptr);
                mlps_buf_free(&b);
            }
            xmlFree(sel);
        } else if (!n->ns && !strcmp((const char *)n->name, "image")) {
            check_template_image(n, file, root, d);
        }
        if (origins && !xsl && !n->ns && !is_stylesheet_root(n->parent) &&
            !xmlHasProp(n, (const xmlChar *)"origin")) {
            char origin[PATH_MAX + 32];
            snprintf(origin, sizeof origin, "%s:%ld", file, xmlGetLineNo(n));
            xmlSetProp(n, (const xmlChar *)"origin", (const xmlChar *)origin);
        }
        check_doc_node(n->children, file, root, origins, d);
    }
}

static int check_doc(xmlDocPtr doc, const char *file, const char *root, int origins,
                     mlps_diags *d)
{
    size_t errors0 = d->errors;
    check_doc_node(doc->children, file, root, origins, d);
    return d->errors > errors0 ? -1 : 0;
}

/* ------------------------------------------------------------ process-wide setup */

/* What the file loader and the security callbacks consult: the folder a load or a
 * transformation may read from. */
typedef struct loadctx {
    const char *root_real;
    mlps_diags *d;
    errsink *sink;
    int origins; /* literal result elements get origin="file:line" */
} loadctx;

/* Set only while this thread compiles a stylesheet. */
static _Thread_local loadctx *tl_load;
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t profile_mu = PTHREAD_MUTEX_INITIALIZER; /* MLPS_XSLT_PROFILE */

/* libxslt's generic error channel is one function for the whole process: set once, it passes
 * a message to the stylesheet this thread is compiling. Outside a load it carries only echoes
 * of errors already reported per transformation (template stacks…). */
static void on_xslt_generic(void *unused, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void on_xslt_generic(void *unused, const char *fmt, ...)
{
    (void)unused;
    if (!tl_load)
        return;
    va_list ap;
    va_start(ap, fmt);
    sink_vprintf(tl_load->sink, fmt, ap);
    va_end(ap);
}
static pthread_once_t once = PTHREAD_ONCE_INIT;

typedef struct expander expander;

/* path resolved as far as it exists (symbolic links and all), the missing rest appended as
 * written: where a file that is not there would be, without asking anything about the folders
 * outside (what exists there is not a template's business). 0 if it cannot be told. */
static int resolve_lax(const char *path, char *out)
{
    if (realpath(path, out))
        return 1;
    const char *sl = strrchr(path, '/');
    const char *base = sl ? sl + 1 : path;
    if (!*base || !strcmp(base, ".") || !strcmp(base, ".."))
        return 0;
    char dir[PATH_MAX];
    if (!sl)
        snprintf(dir, sizeof dir, ".");
    else if (sl == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(sl - path), path);
    char real[PATH_MAX];
    if (!resolve_lax(dir, real))
        return 0;
    return snprintf(out, PATH_MAX, "%s%s%s", real, strcmp(real, "/") ? "/" : "", base) < PATH_MAX;
}

/* 1 if path (resolved, present or not) is inside the folder root_real. */
static int inside(const char *root_real, const char *path)
{
    if (!path || strstr(path, "://"))
        return !strncmp(path ? path : "", "file://", 7) && inside(root_real, path + 7);
    char real[PATH_MAX];
    if (!resolve_lax(path, real))
        return 0;
    size_t n = strlen(root_real);
    return !strncmp(real, root_real, n) && (real[n] == '/' || real[n] == '\0');
}

static const char *root_of_ctxt(xsltTransformContextPtr ctxt);
static void document_unreadable(xsltTransformContextPtr ctxt, mlps_diags *why, int loaded,
                                const char *path);
static mlps_template *template_of_ctxt(xsltTransformContextPtr ctxt);
static void document_missing(xsltTransformContextPtr ctxt, const char *uri);

/* t's shared parse of path, or NULL; docs_lock held. */
static xmlDocPtr find_locked(mlps_template *t, const char *path)
{
    for (size_t i = 0; i < t->ndocs; i++)
        if (!strcmp(t->doc_paths[i], path))
            return t->docs[i];
    return NULL;
}

/* document(path) of an expansion: the template's shared parse of path (made now if it is the
 * first use). NULL: not cached (a parse error, or the cache is full); load it for this
 * expansion only. */
static xmlDocPtr shared_doc(mlps_template *t, const char *path, mlps_diags *d)
{
    pthread_mutex_lock(&t->docs_lock);
    xmlDocPtr doc = find_locked(t, path);
    if (!doc && t->ndocs < MLPS_MAX_TEMPLATE_SHARED_DOCS) {
        int scratch = mlps_xml_scratch_pause(); /* kept for later expansions */
        doc = mlps_xml_read_file(path, d);
        if (doc) {
            /* document order numbered once, before any thread reads it: XPath sorts node
             * sets by it (without it, each comparison walks the tree) */
            xmlXPathOrderDocElems(doc);
            t->doc_paths[t->ndocs] = mlps_xstrdup(path);
            t->docs[t->ndocs++] = doc;
        }
        mlps_xml_scratch_resume(scratch);
    }
    pthread_mutex_unlock(&t->docs_lock);
    return doc;
}

/* t's shared parse of path if it has one: a path read before, found inside the template's
 * folder then; asked again, it is served from memory without looking at the disk. */
static xmlDocPtr shared_find(mlps_template *t, const char *path)
{
    pthread_mutex_lock(&t->docs_lock);
    xmlDocPtr doc = find_locked(t, path);
    pthread_mutex_unlock(&t->docs_lock);
    return doc;
}

size_t mlps_template_shared_docs(const mlps_template *t)
{
    mlps_template *m = (mlps_template *)t; /* the locks only */
    pthread_mutex_lock(&m->docs_lock);
    size_t n = m->ndocs;
    pthread_mutex_unlock(&m->docs_lock);
    pthread_mutex_lock(&m->twin_lock);
    const mlps_template *twin = m->twin;
    pthread_mutex_unlock(&m->twin_lock);
    return n + (twin ? mlps_template_shared_docs(twin) : 0);
}

/* 1 if doc is one of t's shared documents (owned by t, not by the expansion). */
static int is_shared_doc(mlps_template *t, xmlDocPtr doc)
{
    int found = 0;
    pthread_mutex_lock(&t->docs_lock);
    for (size_t i = 0; i < t->ndocs && !found; i++)
        found = t->docs[i] == doc;
    pthread_mutex_unlock(&t->docs_lock);
    return found;
}

/* Every file libxslt reads (xsl:import, xsl:include, document()) goes through the safe reader,
 * and only inside the template's folder. */
static xmlDocPtr load_file(const xmlChar *URI, xmlDictPtr dict, int options, void *ctxt,
                           xsltLoadType type)
{
    (void)options;
    const char *root = type == XSLT_LOAD_DOCUMENT ? root_of_ctxt(ctxt)
                       : tl_load                  ? tl_load->root_real
                                                  : NULL;
    const char *uri = (const char *)URI;
    if (uri && !strncmp(uri, "file://", 7))
        uri += 7;
    /* libxslt resolves against the stylesheet's doc->URL, which libxml2 keeps %-escaped: a
     * folder named 模板 arrives as %E6%A8%A1%E6%9D%BF */
    char *path = uri ? mlps_xml_uri_file(uri) : NULL;
    xmlDocPtr doc = NULL;
    mlps_diags tmp = MLPS_DIAGS_INIT;
    mlps_template *shared = type == XSLT_LOAD_DOCUMENT ? template_of_ctxt(ctxt) : NULL;
    if (shared && shared->writes_source) /* it would mark the shared copy's nodes too */
        shared = NULL;
    if (shared && path && root && (doc = shared_find(shared, path)) != NULL)
        goto done; /* each document of a batch asks for the catalogue: no system calls */
    if (!root || !path || !inside(root, path)) {
        if (type == XSLT_LOAD_DOCUMENT)
            xsltTransformError(ctxt, NULL, NULL, "Local file read for %s refused\n",
                               path ? path : "");
        else if (tl_load) /* said at the xsl:import line, which libxslt reports next */
            snprintf(tl_load->sink->xpath, sizeof tl_load->sink->xpath,
                     "导入的文件“%s”超出了模板文件夹（只能导入模板文件夹内的文件）",
                     path ? path : "");
        goto done;
    }
    if (access(path, F_OK) != 0) { /* inside the folder: that it is missing may be said */
        if (type == XSLT_LOAD_DOCUMENT)
            document_missing(ctxt, path);
        else if (tl_load)
            snprintf(tl_load->sink->xpath, sizeof tl_load->sink->xpath, "找不到导入的文件“%s”",
                     path);
        goto done;
    }
    doc = shared ? shared_doc(shared, path, &tmp) : NULL;
    if (!doc && !tmp.count)
        doc = mlps_xml_read_file_dict(path, dict, &tmp);
    if (type != XSLT_LOAD_DOCUMENT && tl_load) { /* the reader resets this thread's handler */
        xmlSetStructuredErrorFunc(tl_load->sink, on_structured);
        if (doc && check_doc(doc, path, tl_load->root_real, tl_load->origins, tl_load->d)) {
            xmlFreeDoc(doc);
            doc = NULL;
        }
    }
    /* why the file cannot be read, at its own name (and line); then the instruction that
     * asked for it (libxslt names the xsl:import) */
    if (type == XSLT_LOAD_DOCUMENT)
        document_unreadable(ctxt, &tmp, doc != NULL, path);
    else if (tl_load)
        mlps_diag_merge(tl_load->d, &tmp);
done:
    mlps_diag_free(&tmp);
    free(path);
    return doc;
}

static void debug_step(xmlNodePtr inst, xmlNodePtr node, xsltTemplatePtr templ,
                       xsltTransformContextPtr ctxt);

static int debug_add(xsltTemplatePtr templ, xmlNodePtr source)
{
    (void)templ;
    (void)source;
    return 0;
}

static void debug_drop(void) {}

static void quiet(void *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void quiet(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

static void count_node(xmlNodePtr n);

static void init_once(void)
{
    mlps_xml_budget_install(); /* before the first transformation: expansions have a budget */
    xmlInitParser();
    xsltInit();
    exsltCommonRegister();
    exsltSetsRegister();
    exsltStrRegister();
    exsltMathRegister();
    exsltFuncRegister();
    mlps_memo_register();
    xsltSetLoaderFunc(load_file);
    /* libxml2 calls a thread's node hook only when this process-wide flag is set; the new
     * threads' default hook, set with it, is harmless outside expansions (count_node) */
    xmlThrDefRegisterNodeDefault(count_node);
    xsltSetGenericDebugFunc(NULL, quiet);
    xsltSetGenericErrorFunc(NULL, on_xslt_generic);
    /* The debugger hook is the one place libxslt calls out per instruction: it counts steps
     * and watches the clock, for transformations that ask (ctxt->debugStatus); the global
     * status stays XSLT_DEBUG_NONE. */
    static xsltHandleDebuggerCallback handler = debug_step;
    static xsltAddCallCallback add = debug_add;
    static xsltDropCallCallback drop = debug_drop;
    void *cbs[3];
    memcpy(&cbs[0], &handler, sizeof handler);
    memcpy(&cbs[1], &add, sizeof add);
    memcpy(&cbs[2], &drop, sizeof drop);
    xsltSetDebuggerCallbacks(3, cbs);
    /* Every transformation then has the hook (debugStatus), and libxslt no longer renumbers
     * the source document's order for each one (a write to data that threads share). */
    xsltSetDebuggerStatus(XSLT_DEBUG_RUN);
}

void mlps_template_init(void)
{
    pthread_once(&once, init_once);
}

/* ------------------------------------------------------------ load */

static char *folder_real(const char *path)
{
    const char *sl = strrchr(path, '/');
    char *dir = sl ? mlps_xstrndup(path, sl == path ? 1 : (size_t)(sl - path)) : mlps_xstrdup(".");
    char real[PATH_MAX];
    char *r = realpath(dir, real) ? mlps_xstrdup(real) : NULL;
    free(dir);
    return r;
}

static int sec_forbid(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt, const char *value)
{
    (void)sec;
    (void)ctxt;
    (void)value;
    return 0;
}

static int sec_read(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt, const char *value)
{
    (void)sec;
    const char *root = root_of_ctxt(ctxt);
    mlps_template *t = template_of_ctxt(ctxt);
    if (root && value && t && !t->writes_source) { /* a file read before: inside, then */
        const char *uri = strncmp(value, "file://", 7) ? value : value + 7;
        char *path = mlps_xml_uri_file(uri);
        int known = path && shared_find(t, path) != NULL;
        free(path);
        if (known)
            return 1;
    }
    return root && inside(root, value) ? 1 : 0;
}

/* The template at path, compiled with origin="file:line" on its literal result elements or
 * without (origins 0). */
static mlps_template *load(const char *path, int origins, mlps_diags *d)
{
    mlps_template_init();
    mlps_template *t = mlps_xcalloc(1, sizeof *t);
    pthread_mutex_init(&t->docs_lock, NULL);
    pthread_mutex_init(&t->twin_lock, NULL);
    t->origins = origins;
    size_t errors0 = d->errors;
    t->path = mlps_xstrdup(path);
    t->root_real = folder_real(path);
    xmlDictPtr dict = xmlDictCreate(); /* shared by every file of the stylesheet */
    xmlDocPtr doc = mlps_xml_read_file_dict(path, dict, d);
    xmlDictFree(dict);
    if (!doc)
        goto done;
    if (!t->root_real) {
        mlps_diag_error(d, path, 0, NULL, "无法确定模板所在的文件夹");
        xmlFreeDoc(doc);
        goto done;
    }
    if (check_doc(doc, path, t->root_real, origins, d)) {
        xmlFreeDoc(doc);
        goto done;
    }
    errsink sink = {.d = d, .fallback_file = path};
    loadctx L = {t->root_real, d, &sink, origins};
    pthread_mutex_lock(&load_lock); /* one compile at a time: loads are rare */
    tl_load = &L;
    xmlSetStructuredErrorFunc(&sink, on_structured);
    t->style = xsltParseStylesheetDoc(doc);
    if (t->style && t->style->errors && !sink.count)
        mlps_diag_error(d, path, 0, NULL, "模板有错误（%d 处）", t->style->errors);
    xmlSetStructuredErrorFunc(NULL, NULL);
    tl_load = NULL;
    pthread_mutex_unlock(&load_lock);
    sink_flush(&sink);
    if (!t->style) {
        xmlFreeDoc(doc);
        if (d->errors == errors0)
            mlps_diag_error(d, path, 0, NULL, "模板无法编译");
        goto done;
    }
    check_calls(t->style, d);
    if (d->errors > errors0)
        goto done;
    t->writes_source = writes_source(t->style);
    t->sec = xsltNewSecurityPrefs();
    xsltSetSecurityPrefs(t->sec, XSLT_SECPREF_READ_FILE, sec_read);
    xsltSetSecurityPrefs(t->sec, XSLT_SECPREF_WRITE_FILE, sec_forbid);
    xsltSetSecurityPrefs(t->sec, XSLT_SECPREF_CREATE_DIRECTORY, sec_forbid);
    xsltSetSecurityPrefs(t->sec, XSLT_SECPREF_READ_NETWORK, sec_forbid);
    xsltSetSecurityPrefs(t->sec, XSLT_SECPREF_WRITE_NETWORK, sec_forbid);
    char *gpath = mlps_glyph_sets_path(path);
    mlps_glyph_sets_load(gpath, &t->glyph_sets, d);
    free(gpath);
done:
    if (d->errors > errors0) {
        mlps_template_free(t);
        t = NULL;
    }
    return t;
}

mlps_template *mlps_template_load(const char *path, mlps_diags *d)
{
    return load(path, 0, d);
}

/* t itself when it has origins, else the same template compiled with them, made on first use
 * (only a document with something to report needs them); t again when that fails (its files
 * changed since: the reasons go to d once), so that no message is ever lost. */
static const mlps_template *with_origins(const mlps_template *t, mlps_diags *d)
{
    if (t->origins)
        return t;
    mlps_template *m = (mlps_template *)t; /* the twin is made once, under its lock */
    pthread_mutex_lock(&m->twin_lock);
    if (!m->twin && !m->twin_failed) {
        mlps_diags ld = MLPS_DIAGS_INIT;
        m->twin = load(t->path, 1, &ld);
        m->twin_failed = !m->twin;
        if (!m->twin)
            mlps_diag_merge(d, &ld);
        mlps_diag_free(&ld);
    }
    const mlps_template *twin = m->twin;
    pthread_mutex_unlock(&m->twin_lock);
    return twin ? twin : t;
}

void mlps_template_free(mlps_template *t)
{
    if (!t)
        return;
    mlps_template_free(t->twin);
    pthread_mutex_destroy(&t->twin_lock);
    for (size_t i = 0; i < t->ndocs; i++) {
        xmlFreeDoc(t->docs[i]); /* before the stylesheet: they use its dictionary */
        free(t->doc_paths[i]);
    }
    pthread_mutex_destroy(&t->docs_lock);
    if (t->style)
        xsltFreeStylesheet(t->style);
    if (t->sec)
        xsltFreeSecurityPrefs(t->sec);
    mlps_glyph_sets_free(t->glyph_sets);
    free(t->path);
    free(t->root_real);
    free(t);
}

const char *mlps_template_path(const mlps_template *t)
{
    return t->path;
}

const mlps_glyph_sets *mlps_template_glyph_sets(const mlps_template *t)
{
    return t->glyph_sets;
}

/* ------------------------------------------------------------ expand */

struct expander {
    mlps_tmplfn_env env; /* tctxt->_private; env.owner is this */
    const mlps_template *t;
    errsink sink;
    unsigned long steps;
    unsigned long nodes; /* nodes created (output, variables, fragments) */
    unsigned long max_steps, max_nodes; /* the limits, scaled by the data's size */
    mlps_xml_budget mem; /* what libxml2/libxslt allocate for this expansion */
    xmlNodePtr last_inst; /* the instruction running, for a limit found after it */
    double deadline_ms;
    int stopped;         /* a limit stopped the transformation (already reported) */
};

/* CPU time of this thread: the work the template causes, not how busy the machine is (a wall
 * clock made the step limit and the time limit race on a loaded machine or under valgrind). */
static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static expander *expander_of(xsltTransformContextPtr ctxt)
{
    mlps_tmplfn_env *env = ctxt ? ctxt->_private : NULL;
    return env ? env->owner : NULL;
}

static mlps_template *template_of_ctxt(xsltTransformContextPtr ctxt)
{
    expander *E = expander_of(ctxt);
    return E ? (mlps_template *)E->t : NULL;
}

static const char *root_of_ctxt(xsltTransformContextPtr ctxt)
{
    expander *E = expander_of(ctxt);
    return E ? E->t->root_real : NULL;
}

static void stop(xsltTransformContextPtr ctxt, expander *E, xmlNodePtr inst, const char *msg)
{
    char mem_msg[160];
    if (E->mem.over) { /* whatever failed for want of memory, the budget is the reason */
        snprintf(mem_msg, sizeof mem_msg, "模板展开使用的内存超过上限（%zu MB）", E->mem.limit >> 20);
        msg = mem_msg;
    }
    if (!E->stopped && !E->sink.count) {
        long line = inst ? xmlGetLineNo(inst) : 0;
        char *file = inst ? mlps_xml_doc_file(inst->doc) : NULL;
        mlps_diag_error(E->sink.d, file ? file : E->t->path, line, NULL, "%s", msg);
        free(file);
        E->sink.count++; /* libxslt's echoes of the same failure are not said again */
    }
    E->stopped = 1;
    ctxt->state = XSLT_STATE_STOPPED;
}

/* document() could not read path inside the templates folder: why (the file's own messages)
 * and then the instruction, which stops the expansion. */
static void document_unreadable(xsltTransformContextPtr ctxt, mlps_diags *why, int loaded,
                                const char *path)
{
    expander *E = expander_of(ctxt);
    if (!E || E->stopped)
        return;
    mlps_diag_merge(E->sink.d, why);
    if (!loaded) {
        char msg[PATH_MAX + 64];
        snprintf(msg, sizeof msg, "document() 无法读取文件“%s”", path);
        stop(ctxt, E, ctxt->inst, msg);
    }
}

/* document() named a file of the templates folder that is not there (a misspelt name). */
static void document_missing(xsltTransformContextPtr ctxt, const char *uri)
{
    expander *E = expander_of(ctxt);
    if (!E || E->stopped)
        return;
    const char *path = !strncmp(uri, "file://", 7) ? uri + 7 : uri;
    char msg[PATH_MAX + 96];
    snprintf(msg, sizeof msg, "document() 找不到文件“%s”（模板文件夹中没有这个文件，名称是否拼错？）", path);
    stop(ctxt, E, ctxt->inst, msg);
}

/* The expansion running on this thread, for the node-creation hook (libxml2 keeps that hook
 * per thread). */
static _Thread_local expander *tl_expander;

static void count_node(xmlNodePtr n)
{
    (void)n;
    if (tl_expander)
        tl_expander->nodes++;
}

/* 1 if n is top or below it. */
static int inside_node(const xmlNode *n, const xmlNode *top)
{
    for (; n; n = n->parent)
        if (n == top)
            return 1;
    return 0;
}

/* Called before every instruction of a transformation that set debugStatus. */
static void debug_step(xmlNodePtr inst, xmlNodePtr node, xsltTemplatePtr templ,
                       xsltTransformContextPtr ctxt)
{
    (void)node;
    (void)templ;
    expander *E = expander_of(ctxt);
    if (!E || E->stopped)
        return;
    E->last_inst = inst;
    /* the XPath budget is per instruction: libxml2 only ever adds to opCount */
    if (ctxt->xpathCtxt)
        ctxt->xpathCtxt->opCount = 0;
    /* the name first: is_xsl's namespace compare ran before every instruction (2 % of a 备案表's) */
    if (inst->type == XML_ELEMENT_NODE && inst->name && inst->name[0] == 'm' && is_xsl(inst, "message"))
        E->sink.msg_inst = inst;
    else if (E->sink.msg_inst && !inside_node(inst, E->sink.msg_inst))
        E->sink.msg_inst = NULL;
    if (E->mem.over) {
        stop(ctxt, E, inst, "");
    } else if (E->nodes > E->max_nodes) {
        char msg[160];
        snprintf(msg, sizeof msg, "模板生成的内容超过上限（%lu 个节点）", E->max_nodes);
        stop(ctxt, E, inst, msg);
    } else if (++E->steps > E->max_steps) {
        char msg[160];
        snprintf(msg, sizeof msg, "模板执行的指令数超过上限（%lu 步）", E->max_steps);
        stop(ctxt, E, inst, msg);
    } else if ((E->steps & 1023) == 0 && now_ms() > E->deadline_ms) {
        char msg[160];
        snprintf(msg, sizeof msg, "模板展开时间超过上限（%d 毫秒）", MLPS_MAX_TEMPLATE_MS);
        stop(ctxt, E, inst, msg);
    }
}

/* xsl:message's text (libxslt writes it, then a lone "\n" if it had none): a note at the
 * instruction's line; terminate="yes" stops the expansion, an error at that line. */
static int template_message(errsink *s, const char *text)
{
    expander *E = expander_of(s->tctxt);
    xmlNodePtr inst = s->msg_inst;
    if (!E || !inst || E->stopped)
        return 0;
    size_t n = strlen(text);
    while (n && (text[n - 1] == '\n' || text[n - 1] == '\r'))
        n--;
    xmlChar *term = xmlGetNoNsProp(inst, (const xmlChar *)"terminate");
    int stop_here = term && xmlStrEqual(term, (const xmlChar *)"yes");
    xmlFree(term);
    if (!n && (text[0] == '\n' || !stop_here))
        return 0; /* the closing newline, or an empty note */
    if (stop_here) {
        char msg[1200];
        snprintf(msg, sizeof msg, "模板用 xsl:message terminate=\"yes\" 停止了展开%s%.*s", n ? "：" : "",
                 (int)(n > 1000 ? 1000 : n), text);
        stop(s->tctxt, E, inst, msg);
    } else {
        char *file = mlps_xml_doc_file(inst->doc); /* doc->URL is %-escaped */
        mlps_diag_note(s->d, file ? file : E->t->path, xmlGetLineNo(inst), "%.*s", (int)n, text);
        free(file);
    }
    return 1;
}

/* The XPath error of a running transformation: its reason, at the current instruction. */
static void on_xpath_runtime(void *ctx, xmlErrorPtr e)
{
    xsltTransformContextPtr ctxt = ctx;
    expander *E = expander_of(ctxt);
    if (!E || !e || E->stopped)
        return;
    const char *why = E->env.msg[0] ? E->env.msg : xpath_reason(e->code);
    char msg[1400];
    xmlChar *expr = NULL;
    if (!e->str1 && ctxt->inst && ctxt->inst->type == XML_ELEMENT_NODE) {
        expr = xmlGetNoNsProp(ctxt->inst, (const xmlChar *)"select");
        if (!expr)
            expr = xmlGetNoNsProp(ctxt->inst, (const xmlChar *)"test");
    }
    char shown[512];
    unwrap_expr(e->str1 ? e->str1 : expr ? (const char *)expr : "", shown, sizeof shown);
    if (shown[0])
        snprintf(msg, sizeof msg, "XPath 求值出错：“%s”：%s", shown,
                 why ? why : (e->message ? e->message : "求值失败"));
    else
        snprintf(msg, sizeof msg, "XPath 求值出错：%s", why ? why : (e->message ? e->message : "求值失败"));
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = '\0';
    xmlFree(expr);
    E->env.msg[0] = '\0';
    stop(ctxt, E, ctxt->inst, msg);
}

/* mlps-o:value(X): string(X), noting on the output element being filled where in the data
 * the value came from (the first data node of X, in document order). */
static void fn_value(xmlXPathParserContextPtr ctxt, int nargs)
{
    if (nargs != 1) {
        xmlXPathErr(ctxt, XPATH_INVALID_ARITY);
        return;
    }
    xmlXPathObjectPtr o = valuePop(ctxt);
    xsltTransformContextPtr tc = xsltXPathGetTransformContext(ctxt);
    expander *E = expander_of(tc);
    xmlNodePtr out = tc ? tc->insert : NULL;
    if (E && E->env.data && o && o->type == XPATH_NODESET && o->nodesetval &&
        o->nodesetval->nodeNr > 0 && out && out->type == XML_ELEMENT_NODE &&
        !xmlHasProp(out, (const xmlChar *)"data")) {
        xmlXPathNodeSetSort(o->nodesetval);
        char *origin = mlps_tmplfn_origin(&E->env, o->nodesetval->nodeTab[0]);
        if (origin)
            xmlSetProp(out, (const xmlChar *)"data", (const xmlChar *)origin);
        free(origin);
    }
    xmlChar *str = o ? xmlXPathCastToString(o) : xmlStrdup((const xmlChar *)"");
    xmlXPathFreeObject(o);
    valuePush(ctxt, xmlXPathWrapString(str));
}


/* 1 if s can name a file for document(): libxslt gives an empty node-set, silently, for a
 * string it cannot make a URI of (any non-ASCII character). */
static int document_arg_ok(const xmlChar *s)
{
    for (const xmlChar *p = s; p && *p; p++)
        if (*p >= 0x80 || *p < 0x20)
            return 0;
    return 1;
}

/* document(X): libxslt's, after checking the names it is given. */
static void fn_document(xmlXPathParserContextPtr ctxt, int nargs)
{
    if (nargs < 1 || nargs > 2 || ctxt->valueNr < nargs) {
        xsltDocumentFunction(ctxt, nargs);
        return;
    }
    xmlXPathObjectPtr arg = ctxt->valueTab[ctxt->valueNr - nargs];
    xmlChar *bad = NULL;
    if (arg && arg->type == XPATH_NODESET && arg->nodesetval) {
        for (int i = 0; i < arg->nodesetval->nodeNr && !bad; i++) {
            xmlChar *v = xmlXPathCastNodeToString(arg->nodesetval->nodeTab[i]);
            if (document_arg_ok(v))
                xmlFree(v);
            else
                bad = v;
        }
    } else if (arg) {
        xmlChar *v = xmlXPathCastToString(arg);
        if (document_arg_ok(v))
            xmlFree(v);
        else
            bad = v;
    }
    if (!bad) {
        xsltDocumentFunction(ctxt, nargs);
        return;
    }
    expander *E = expander_of(xsltXPathGetTransformContext(ctxt));
    if (E)
        snprintf(E->env.msg, sizeof E->env.msg,
                 "document() 的参数“%.200s”不能作为文件名（只能用 ASCII 字母、数字和符号）", (const char *)bad);
    xmlFree(bad);
    xmlXPathErr(ctxt, XPATH_INVALID_OPERAND);
}

/* Namespace declarations left on doc XML elements (a prefix not excluded) mean nothing there. */
static void drop_ns(xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (n->nsDef && !n->ns) {
            xmlFreeNsList(n->nsDef);
            n->nsDef = NULL;
        }
        drop_ns(n->children);
    }
}

/* doc.rng found above the template's folder (none: not checked), compiled for this check only:
 * only expand asks for it, and a render loads templates without paying for it. Then the
 * checks a render makes beyond the schema (styles, heading levels, cells per row, refs,
 * images beside the data file), so that expand and render agree on what is valid. */
static void check_schema(const mlps_template *t, const char *data_file, xmlDocPtr out,
                         mlps_diags *d)
{
    size_t errors0 = d->errors;
    char *rng = mlps_doc_schema_find(t->root_real);
    mlps_doc_schema *s = rng ? mlps_doc_schema_load(rng, d) : NULL;
    if (s)
        mlps_doc_schema_check(s, out, t->path, d);
    /* the data file's folder, for its images */
    char *dir = mlps_path_dir(data_file ? data_file : "");
    if (d->errors == errors0)
        mlps_doc_free(mlps_doc_from_xml_in(out, t->path, dir, t->root_real, d));
    free(dir);
    mlps_doc_schema_free(s);
    free(rng);
}

/* Elements of the unit's data: the limits on steps, nodes and memory grow with it (a 备案表
 * lists every system), and stay small for a template given little data. */
static unsigned long count_elements(const xmlNode *n)
{
    unsigned long k = 0;
    for (; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            k += 1 + count_elements(n->children);
    return k;
}

static const xmlNode *last_element_child(const xmlNode *n)
{
    for (const xmlNode *c = n->last; c; c = c->prev)
        if (c->type == XML_ELEMENT_NODE)
            return c;
    return NULL;
}

/* The same count for a data tree the loader numbered with xmlXPathOrderDocElems, which keeps
 * -(an element's place in document order) in its content: the last element's number, found
 * down the last children instead of a walk of the whole tree in every expansion. */
static unsigned long data_elements(const xmlNode *root)
{
    const xmlNode *last = root;
    for (const xmlNode *c = root; c; c = last_element_child(c))
        last = c;
    ptrdiff_t order = last ? -(ptrdiff_t)last->content : 0;
    return order > 0 ? (unsigned long)order : count_elements(root);
}

/* schema: check the result against doc.rng (expand); the build path leaves it to docxml,
 * which rejects the same element and attribute names with the same words at the same origin,
 * and checks the values too (about 0.5 M instructions per document saved). */
static xmlDocPtr expand_xslt(const mlps_template *t, const mlps_expand_in *in, int schema,
                             mlps_diags *d)
{
    xmlDocPtr out = NULL, blank = NULL, own = NULL, src = in->data;
    xsltTransformContextPtr ctxt = NULL;
    char *data_file = NULL;
    expander E = {.t = t};
    E.env.codes = in->codes;
    E.env.blank = in->blank;
    E.env.owner = &E;
    E.sink.d = d;
    E.sink.fallback_file = t->path;
    E.sink.stop_after_first = 1;
    E.sink.mem_over = &E.mem.over;
    size_t errors0 = d->errors;
    if (in->blank) {
        src = blank = xmlNewDoc((const xmlChar *)"1.0");
        xmlDocSetRootElement(blank, xmlNewDocNode(blank, NULL, (const xmlChar *)"unit", NULL));
    } else {
        data_file = mlps_xml_doc_file(src);
        const char *data_name = data_file ? data_file : "(数据)";
        E.env.data = src;
        E.env.data_name = data_name;
        if (!src || !xmlDocGetRootElement(src)) {
            mlps_diag_error(d, data_name, 0, NULL, "没有数据");
            goto done;
        }
        if (t->writes_source) {
            src = own = xmlCopyDoc(src, 1);
            if (!src) {
                mlps_diag_error(d, t->path, 0, NULL, "无法开始模板展开（内存不足）");
                goto done;
            }
            xmlXPathOrderDocElems(src); /* as the data's loader did for the original */
            E.env.data = src;
        }
        if (in->system_id && *in->system_id && !mlps_data_find_system(src, in->system_id)) {
            char *ids = mlps_data_system_ids(src);
            mlps_diag_error(d, data_name, 0, NULL, "数据中没有 id 为“%s”的定级对象（可用的有：%s）",
                            in->system_id, *ids ? ids : "无");
            free(ids);
            goto done;
        }
    }
    unsigned long elements = data_elements(xmlDocGetRootElement(src));
    elements = elements > MLPS_TEMPLATE_DATA_ELEMENTS ? elements - MLPS_TEMPLATE_DATA_ELEMENTS : 0;
    E.max_steps = MLPS_MAX_TEMPLATE_STEPS + MLPS_TEMPLATE_STEPS_PER_DATA_ELEMENT * elements;
    E.max_nodes = MLPS_MAX_TEMPLATE_OUTPUT_NODES + MLPS_TEMPLATE_NODES_PER_DATA_ELEMENT * elements;
    E.mem.limit = MLPS_MAX_TEMPLATE_MEMORY + MLPS_TEMPLATE_MEMORY_PER_DATA_ELEMENT * elements;
    ctxt = xsltNewTransformContext(t->style, src);
    if (!ctxt) {
        mlps_diag_error(d, t->path, 0, NULL, "无法开始模板展开（内存不足）");
        goto done;
    }
    mlps_tmplfn_register_xslt(ctxt, &E.env);
    xsltRegisterExtFunction(ctxt, (const xmlChar *)"value", (const xmlChar *)ORIGIN_NS, fn_value);
    xmlXPathRegisterFunc(ctxt->xpathCtxt, (const xmlChar *)"document", NULL); /* replaced: */
    xmlXPathRegisterFunc(ctxt->xpathCtxt, (const xmlChar *)"document", fn_document);
    xsltSetCtxtSecurityPrefs(t->sec, ctxt);
    xsltSetTransformErrorFunc(ctxt, &E.sink, on_generic);
    E.sink.tctxt = ctxt;
    ctxt->maxTemplateDepth = MLPS_MAX_TEMPLATE_DEPTH;
    ctxt->maxTemplateVars = MLPS_MAX_TEMPLATE_VARS;
    ctxt->xpathCtxt->opLimit = MLPS_MAX_XPATH_OPS;
    ctxt->xpathCtxt->error = on_xpath_runtime;
    ctxt->xpathCtxt->userData = ctxt;
    ctxt->debugStatus = XSLT_DEBUG_RUN; /* per-instruction limits (debug_step) */
    E.deadline_ms = now_ms() + MLPS_MAX_TEMPLATE_MS;
    xsltQuoteOneUserParam(ctxt, (const xmlChar *)"system-id",
                          (const xmlChar *)(in->system_id && !in->blank ? in->system_id : ""));
    xsltQuoteOneUserParam(ctxt, (const xmlChar *)"blank", (const xmlChar *)(in->blank ? "1" : ""));
    /* libxml2's own complaints (an unknown function) go to this thread's generic handler */
    xmlGenericErrorFunc old_fn = xmlGenericError;
    void *old_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(&E.sink, on_generic);
    tl_expander = &E;
    /* libxml2 2.9's xmlRegisterNodeDefault() sets the main thread's hook from any thread, and
     * tree.c reads the hook twice (test, then call): set and reset per expansion, another
     * thread's reset between the two made the main thread call NULL. The hook is this
     * thread's own (the macro is per thread), set once and left: count_node counts only while
     * tl_expander is set. */
    if (xmlRegisterNodeDefaultValue != count_node)
        xmlRegisterNodeDefaultValue = count_node;
    mlps_xml_budget *old_mem = mlps_xml_budget_enter(&E.mem);
    /* MLPS_XSLT_PROFILE=FILE: libxslt's time per named template, appended (for authors). Its
     * counters and call tables live on the shared stylesheet and outlast the expansion: one
     * profiled expansion at a time, their memory malloc's, not scratch. */
    const char *prof_path = getenv("MLPS_XSLT_PROFILE");
    FILE *prof = prof_path ? fopen(prof_path, "a") : NULL;
    int scratch = 0;
    if (prof) {
        pthread_mutex_lock(&profile_mu);
        scratch = mlps_xml_scratch_pause();
    }
    out = xsltApplyStylesheetUser(t->style, src, NULL, NULL, prof, ctxt);
    if (prof) {
        mlps_xml_scratch_resume(scratch);
        pthread_mutex_unlock(&profile_mu);
        fclose(prof);
    }
    mlps_xml_budget_leave(old_mem);
    if (E.mem.over && !E.stopped) /* refused in the last steps, or outside any instruction */
        stop(ctxt, &E, ctxt->inst ? ctxt->inst : E.last_inst, "");
    tl_expander = NULL;
    xmlSetGenericErrorFunc(old_ctx, old_fn);
    sink_flush(&E.sink);
    if (ctxt->state != XSLT_STATE_OK || E.stopped || d->errors > errors0) {
        if (d->errors == errors0)
            mlps_diag_error(d, t->path, 0, NULL, "模板展开失败");
        goto done;
    }
    if (!out || !xmlDocGetRootElement(out)) {
        mlps_diag_error(d, t->path, 0, NULL, "模板没有生成任何内容（根元素应为 <document>）");
        goto done;
    }
    drop_ns(xmlDocGetRootElement(out));
    if (schema && d->errors == errors0)
        check_schema(t, data_file, out, d);
done:
    sink_flush(&E.sink);
    if (d->errors > errors0) {
        xmlFreeDoc(out);
        out = NULL;
    }
    if (ctxt) {
        /* the template's shared documents are not the context's to free ("main" ones) */
        for (xsltDocumentPtr x = ctxt->docList; x; x = x->next)
            if (!x->main && is_shared_doc((mlps_template *)t, x->doc))
                x->main = 1;
        xsltFreeTransformContext(ctxt);
    }
    xmlFreeDoc(blank);
    xmlFreeDoc(own);
    free(data_file);
    return out;
}

xmlDocPtr mlps_template_expand(const mlps_template *t, const mlps_expand_in *in, mlps_diags *d)
{
    return expand_xslt(with_origins(t, d), in, 1, d);
}

static mlps_doc *build(const mlps_template *t, const mlps_expand_in *in, const char *base_dir,
                       mlps_diags *d)
{
    mlps_doc *doc = NULL;
    mlps_xml_scratch_begin();
    xmlDocPtr xml = expand_xslt(t, in, 0, d);
    /* a tree all in scratch goes with it at end: only its hold on the dictionary is let go
     * (xmlFreeDoc visited every node and string, 3 % of a batch) */
    int in_scratch = mlps_xml_scratch_only();
    /* the doc model copies what it keeps of the tree; the strings it reads through libxml2
     * are malloc's, freed at once */
    mlps_xml_scratch_pause();
    if (xml)
        doc = mlps_doc_from_xml_in(xml, t->path, base_dir, t->root_real, d);
    if (xml && in_scratch)
        xmlDictFree(xml->dict);
    else
        xmlFreeDoc(xml);
    xmlResetLastError(); /* its message may be scratch memory */
    mlps_xml_scratch_end();
    return doc;
}

mlps_doc *mlps_template_build(const mlps_template *t, const mlps_expand_in *in,
                              const char *base_dir, mlps_diags *d)
{
    if (t->origins)
        return build(t, in, base_dir, d);
    mlps_diags fd = MLPS_DIAGS_INIT;
    mlps_diag_set_code(&fd, d->code);
    mlps_doc *doc = build(t, in, base_dir, &fd);
    if (fd.count) { /* something to report: made again, its messages naming template lines */
        mlps_doc_free(doc);
        doc = mlps_template_build_origins(t, in, base_dir, d);
    }
    mlps_diag_free(&fd);
    return doc;
}

mlps_doc *mlps_template_build_origins(const mlps_template *t, const mlps_expand_in *in,
                                      const char *base_dir, mlps_diags *d)
{
    return build(with_origins(t, d), in, base_dir, d);
}

int mlps_template_origins(const mlps_template *t)
{
    return t->origins;
}
