#include "memo.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parserInternals.h> /* xmlStringText, xmlStringTextNoenc */
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxslt/extensions.h>
#include <libxslt/preproc.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <xxhash.h>

#include "buf.h"
#include "mlps_limits.h"
#include "tmplfn.h"

/* ---- the compiled element ---- */

typedef struct memo_comp {
    xsltElemPreComp base;
    xmlXPathCompExprPtr key, data; /* data: optional, nodes taken whole */
    xmlNsPtr *ns; /* the namespaces in scope, for the key's prefixes */
    int nns;
    uint64_t id;  /* unique in the process: a freed stylesheet's entries never match another's */
} memo_comp;

static void memo_comp_free(xsltElemPreCompPtr comp)
{
    memo_comp *c = (memo_comp *)comp;
    xmlXPathFreeCompExpr(c->key);
    xmlXPathFreeCompExpr(c->data);
    xmlFree(c->ns);
    xmlFree(c);
}

/* expr compiled, or NULL after an error at inst's line (libxml2 has given the reason). */
static xmlXPathCompExprPtr compile(xsltStylesheetPtr style, xmlNodePtr inst, const xmlChar *expr)
{
    xmlXPathCompExprPtr c = xsltXPathCompile(style, expr);
    if (!c) {
        xsltTransformError(NULL, style, inst, "f:memo: could not compile '%s'\n", (const char *)expr);
        style->errors++;
    }
    return c;
}

static xsltElemPreCompPtr memo_compile(xsltStylesheetPtr style, xmlNodePtr inst,
                                       xsltTransformFunction fn)
{
    static uint64_t next_id;
    static pthread_mutex_t id_lock = PTHREAD_MUTEX_INITIALIZER;
    memo_comp *c = xmlMalloc(sizeof *c);
    if (!c)
        return NULL;
    memset(c, 0, sizeof *c);
    xsltInitElemPreComp(&c->base, style, inst, fn, memo_comp_free);
    pthread_mutex_lock(&id_lock);
    c->id = ++next_id;
    pthread_mutex_unlock(&id_lock);
    xmlChar *key = xmlGetNsProp(inst, (const xmlChar *)"key", NULL);
    if (!key) {
        xsltTransformError(NULL, style, inst, "f:memo 缺少 key 属性（输出所依赖的一切值）\n");
        style->errors++;
    } else {
        c->key = compile(style, inst, key);
    }
    xmlFree(key);
    xmlChar *data = xmlGetNsProp(inst, (const xmlChar *)"data", NULL);
    if (data)
        c->data = compile(style, inst, data);
    xmlFree(data);
    c->ns = xmlGetNsList(inst->doc, inst);
    while (c->ns && c->ns[c->nns])
        c->nns++;
    return &c->base;
}

/* ---- this thread's cache ---- */

#define BUCKETS 512u
typedef struct entry {
    struct entry *next;
    uint64_t id, hash;
    size_t klen, flen;   /* the key, then the output (fragment format below) */
    unsigned char b[];
} entry;

#define MEMO_CHUNK (128u << 10)
typedef struct chunk {
    struct chunk *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
} chunk;

static _Thread_local struct {
    entry *tab[BUCKETS];
    chunk *chunks; /* the entries' memory, newest first */
    size_t bytes, peak;
    size_t lookups, hits;
    mlps_buf key, frag;
    mlps_buf origin, last; /* the previous origin, replaying and keeping */
    int owned; /* the thread-exit destructor frees this thread's entries and buffers */
} tl;
static pthread_key_t exit_key;
static pthread_once_t exit_once = PTHREAD_ONCE_INIT;

static void clear(void)
{
    for (chunk *c = tl.chunks, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    tl.chunks = NULL;
    memset(tl.tab, 0, sizeof tl.tab);
    tl.bytes = 0;
}

/* n bytes (16-aligned) of the thread's chunks, which go all at once (clear): entries of a
 * hundred sizes, each malloc's, took twice their bytes in resident memory */
static void *chunk_alloc(size_t n)
{
    n = (n + 15) & ~(size_t)15;
    chunk *c = tl.chunks;
    if (!c || c->size - c->used < n) {
        size_t size = n > MEMO_CHUNK ? n : MEMO_CHUNK;
        c = malloc(sizeof *c + size);
        if (!c)
            return NULL;
        c->size = size;
        c->used = 0;
        c->next = tl.chunks;
        tl.chunks = c;
    }
    void *p = c->data + c->used;
    c->used += n;
    return p;
}

static void thread_exit(void *unused)
{
    (void)unused;
    clear();
    mlps_buf_free(&tl.key);
    mlps_buf_free(&tl.frag);
    mlps_buf_free(&tl.origin);
    mlps_buf_free(&tl.last);
}

static void make_exit_key(void)
{
    pthread_key_create(&exit_key, thread_exit);
}

static const entry *find(uint64_t id, uint64_t h, const mlps_buf *key)
{
    for (const entry *e = tl.tab[h % BUCKETS]; e; e = e->next)
        if (e->hash == h && e->id == id && e->klen == key->len && !memcmp(e->b, key->ptr, key->len))
            return e;
    return NULL;
}

static void store(uint64_t id, uint64_t h, const mlps_buf *key, const mlps_buf *frag)
{
    size_t need = sizeof(entry) + key->len + frag->len;
    if (need > MLPS_TEMPLATE_MEMO_BYTES)
        return;
    if (tl.bytes + need > MLPS_TEMPLATE_MEMO_BYTES)
        clear();
    entry *e = chunk_alloc(need);
    if (!e)
        return;
    e->id = id;
    e->hash = h;
    e->klen = key->len;
    e->flen = frag->len;
    memcpy(e->b, key->ptr, key->len);
    memcpy(e->b + key->len, frag->ptr, frag->len);
    e->next = tl.tab[h % BUCKETS];
    tl.tab[h % BUCKETS] = e;
    tl.bytes += need;
    if (tl.bytes > tl.peak)
        tl.peak = tl.bytes;
}

/* ---- the key: every node of the value whole (an element with its attributes and
 * descendants: its string value alone leaves attributes out) ---- */

static void put_str(mlps_buf *b, char tag, const xmlChar *s)
{
    mlps_buf_putc(b, tag);
    if (s)
        mlps_buf_append(b, (const char *)s, strlen((const char *)s));
    mlps_buf_putc(b, '\0');
}

static void put_attr(mlps_buf *b, const xmlAttr *a)
{
    put_str(b, 'A', a->name);
    for (const xmlNode *v = a->children; v; v = v->next)
        if (v->content)
            mlps_buf_append(b, (const char *)v->content, strlen((const char *)v->content));
    mlps_buf_putc(b, '\0');
}

static void key_node(mlps_buf *b, const xmlNode *n)
{
    if (b->len > MLPS_TEMPLATE_MEMO_KEY)
        return;
    switch (n->type) {
    case XML_ELEMENT_NODE:
        put_str(b, 'E', n->name);
        for (const xmlAttr *a = n->properties; a; a = a->next)
            put_attr(b, a);
        for (const xmlNode *c = n->children; c; c = c->next)
            key_node(b, c);
        mlps_buf_putc(b, ')');
        break;
    case XML_ATTRIBUTE_NODE:
        put_attr(b, (const xmlAttr *)n);
        break;
    case XML_DOCUMENT_NODE:
    case XML_DOCUMENT_FRAG_NODE:
        mlps_buf_putc(b, 'D');
        for (const xmlNode *c = n->children; c; c = c->next)
            key_node(b, c);
        mlps_buf_putc(b, ')');
        break;
    case XML_NAMESPACE_DECL: {
        const xmlNs *ns = (const xmlNs *)n;
        put_str(b, 'S', ns->prefix);
        put_str(b, '=', ns->href);
        break;
    }
    default:
        put_str(b, (char)('0' + n->type), n->content);
        break;
    }
}

/* Appends expr's value, evaluated where f:memo stands; 0 if evaluation failed (reported). */
static int put_value(xsltTransformContextPtr ctxt, xmlNodePtr node, const memo_comp *c,
                     xmlXPathCompExprPtr expr, mlps_buf *b)
{
    xmlXPathContextPtr xp = ctxt->xpathCtxt;
    xmlNodePtr old_node = xp->node;
    xmlNsPtr *old_ns = xp->namespaces;
    int old_nns = xp->nsNr;
    xp->node = node;
    xp->namespaces = c->ns;
    xp->nsNr = c->nns;
    xmlXPathObjectPtr v = xmlXPathCompiledEval(expr, xp);
    xp->node = old_node;
    xp->namespaces = old_ns;
    xp->nsNr = old_nns;
    if (!v)
        return 0;
    mlps_buf_putc(b, (char)('0' + v->type));
    if ((v->type == XPATH_NODESET || v->type == XPATH_XSLT_TREE) && v->nodesetval) {
        xmlXPathNodeSetSort(v->nodesetval);
        for (int i = 0; i < v->nodesetval->nodeNr; i++)
            key_node(b, v->nodesetval->nodeTab[i]);
    } else {
        xmlChar *s = xmlXPathCastToString(v);
        put_str(b, 'V', s);
        xmlFree(s);
    }
    xmlXPathFreeObject(v);
    return 1;
}

/* The key: key's value, then data's nodes. */
static int eval_key(xsltTransformContextPtr ctxt, xmlNodePtr node, const memo_comp *c, mlps_buf *b)
{
    b->len = 0;
    if (!put_value(ctxt, node, c, c->key, b))
        return 0;
    mlps_buf_putc(b, '|');
    return !c->data || put_value(ctxt, node, c, c->data, b);
}

/* ---- the kept output: E name\0 (A name\0 value\0 | O k suffix\0)* > children ) · T text\0
 * · N text\0 (not escaped) · C comment\0. O is an origin="file:line": the first k bytes (one
 * byte, 0–255) of the previous origin, then its own; every element has one, and the file's
 * path is most of it. 0 if it cannot be kept: a node of another kind, a namespace, a data
 * origin (data="file:line:path" names this unit's file), too deep or too large. ---- */

static void put_origin(mlps_buf *b, mlps_buf *last, const xmlAttr *a)
{
    const char *v = a->children && a->children->type == XML_TEXT_NODE && !a->children->next
                        ? (const char *)a->children->content : NULL;
    if (!v) {
        put_attr(b, a);
        return;
    }
    size_t k = 0;
    while (k < 255 && k < last->len && v[k] == last->ptr[k])
        k++;
    mlps_buf_putc(b, 'O');
    mlps_buf_putc(b, (char)k);
    mlps_buf_append(b, v + k, strlen(v + k) + 1);
    last->len = 0;
    mlps_buf_append(last, v, strlen(v));
}

static int frag_nodes(mlps_buf *b, mlps_buf *last, const xmlNode *n, int depth)
{
    if (depth > 64)
        return 0;
    for (; n; n = n->next) {
        /* too large to keep: stop before copying a long text or value */
        if (b->len > MLPS_TEMPLATE_MEMO_BYTES ||
            (n->content && strlen((const char *)n->content) > MLPS_TEMPLATE_MEMO_BYTES))
            return 0;
        switch (n->type) {
        case XML_ELEMENT_NODE:
            if (n->ns)
                return 0; /* namespace declarations without a namespace go (drop_ns) */
            put_str(b, 'E', n->name);
            for (const xmlAttr *a = n->properties; a; a = a->next) {
                if (a->ns || !strcmp((const char *)a->name, "data") ||
                    (a->children && a->children->content &&
                     strlen((const char *)a->children->content) > MLPS_TEMPLATE_MEMO_BYTES))
                    return 0;
                if (!strcmp((const char *)a->name, "origin"))
                    put_origin(b, last, a);
                else
                    put_attr(b, a);
            }
            mlps_buf_putc(b, '>');
            if (!frag_nodes(b, last, n->children, depth + 1))
                return 0;
            mlps_buf_putc(b, ')');
            break;
        case XML_TEXT_NODE:
            put_str(b, n->name == xmlStringTextNoenc ? 'N' : 'T', n->content);
            break;
        case XML_COMMENT_NODE:
            put_str(b, 'C', n->content);
            break;
        default:
            return 0;
        }
    }
    return 1;
}

static const char *take(const char **p)
{
    const char *s = *p;
    *p += strlen(s) + 1;
    return s;
}

/* Makes the kept output again under parent, as the body made it. */
static void replay(xmlNodePtr parent, const char *p, const char *end)
{
    tl.origin.len = 0;
    xmlDocPtr doc = parent->doc;
    xmlNodePtr n;
    while (p < end) {
        char tag = *p++;
        switch (tag) {
        case 'E':
            n = xmlNewDocNode(doc, NULL, (const xmlChar *)take(&p), NULL);
            if (!n)
                return;
            for (;;) {
                if (*p == 'A') {
                    p++;
                    const char *name = take(&p);
                    xmlNewProp(n, (const xmlChar *)name, (const xmlChar *)take(&p));
                } else if (*p == 'O') {
                    size_t k = (unsigned char)p[1];
                    p += 2;
                    const char *suffix = take(&p);
                    tl.origin.len = k;
                    mlps_buf_append(&tl.origin, suffix, strlen(suffix));
                    xmlNewProp(n, (const xmlChar *)"origin", (const xmlChar *)tl.origin.ptr);
                } else {
                    break;
                }
            }
            p++; /* '>' */
            xmlAddChild(parent, n);
            parent = n;
            break;
        case ')':
            parent = parent->parent;
            break;
        case 'T':
        case 'N': {
            const char *s = take(&p);
            xmlNodePtr last = parent->last;
            if (tag == 'T' && last && last->type == XML_TEXT_NODE && last->name == xmlStringText) {
                xmlNodeAddContent(last, (const xmlChar *)s);
                break;
            }
            n = xmlNewDocText(doc, (const xmlChar *)s);
            if (!n)
                return;
            if (tag == 'N')
                n->name = xmlStringTextNoenc;
            xmlAddChild(parent, n);
            break;
        }
        case 'C':
            xmlAddChild(parent, xmlNewDocComment(doc, (const xmlChar *)take(&p)));
            break;
        default:
            return;
        }
    }
}

/* ---- the element at work ---- */

static void memo_run(xsltTransformContextPtr ctxt, xmlNodePtr node, xmlNodePtr inst,
                     xsltElemPreCompPtr comp)
{
    const memo_comp *c = (const memo_comp *)comp;
    xmlNodePtr insert = ctxt->insert;
    /* this adds text with libxml2's tree functions, which libxslt's text buffer does not see
     * (libxslt bug 777432) */
    ctxt->lasttext = NULL;
    if (!c || !c->key || !insert || ctxt->state != XSLT_STATE_OK)
        return;
    if (!tl.owned) { /* what this thread keeps is freed when it exits */
        pthread_once(&exit_once, make_exit_key);
        pthread_setspecific(exit_key, &tl);
        tl.owned = 1;
    }
    if (!eval_key(ctxt, node, c, &tl.key))
        return;
    int keep = tl.key.len <= MLPS_TEMPLATE_MEMO_KEY;
    uint64_t h = 0;
    if (keep) {
        tl.lookups++;
        h = XXH3_64bits(tl.key.ptr, tl.key.len);
        const entry *e = find(c->id, h, &tl.key);
        if (e) {
            tl.hits++;
            const char *f = (const char *)e->b + e->klen;
            replay(insert, f, f + e->flen);
            return;
        }
    }
    /* the body into a holder, then kept (if it can be) and moved where it belongs */
    xmlNodePtr holder = xmlNewDocNode(insert->doc, NULL, (const xmlChar *)"memo", NULL);
    if (!holder)
        return;
    ctxt->insert = holder;
    xsltApplyOneTemplate(ctxt, node, inst->children, NULL, NULL);
    ctxt->insert = insert;
    ctxt->lasttext = NULL;
    if (holder->properties) { /* a data origin or xsl:attribute meant for the element around */
        keep = 0;
        for (xmlAttrPtr a = holder->properties; a; a = a->next) {
            xmlChar *v = xmlNodeListGetString(holder->doc, a->children, 1);
            if (strcmp((const char *)a->name, "data") || !xmlHasProp(insert, a->name))
                xmlSetProp(insert, a->name, v);
            xmlFree(v);
        }
    }
    if (keep && ctxt->state == XSLT_STATE_OK) {
        tl.frag.len = 0;
        tl.last.len = 0;
        if (frag_nodes(&tl.frag, &tl.last, holder->children, 0))
            store(c->id, h, &tl.key, &tl.frag);
        if (tl.frag.cap > MLPS_TEMPLATE_MEMO_KEY * 4)
            mlps_buf_free(&tl.frag); /* a rare large body: not kept for the thread's life */
    }
    for (xmlNodePtr ch; (ch = holder->children) != NULL;) {
        xmlUnlinkNode(ch);
        xmlAddChild(insert, ch);
    }
    xmlFreeNode(holder);
}

void mlps_memo_register(void)
{
    xsltRegisterExtModuleElement((const xmlChar *)"memo", (const xmlChar *)MLPS_FN_NS,
                                 memo_compile, memo_run);
}

int mlps_memo_check(const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE || !n->ns || strcmp((const char *)n->name, "memo") ||
        strcmp((const char *)n->ns->href, MLPS_FN_NS))
        return 0;
    const xsltElemPreComp *c = n->psvi;
    return c && n->psvi != (void *)xsltExtMarker && c->func == memo_run ? 1 : -1;
}

mlps_memo_stats mlps_memo_thread_stats(void)
{
    mlps_memo_stats s = {tl.lookups, tl.hits, tl.peak};
    return s;
}
