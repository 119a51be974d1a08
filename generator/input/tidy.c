#include "tidy.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* Position of an element or attribute among the field's kids; unknown names keep their place
 * after the known ones (check reports them). */
static size_t rank(const mlps_field *f, const xmlNode *n, int is_attr)
{
    for (size_t i = 0; f && i < f->nkids; i++)
        if (f->kids[i]->is_attr == is_attr && xmlStrEqual((const xmlChar *)f->kids[i]->name, n->name))
            return i;
    return f ? f->nkids : 0;
}

static int blank(const xmlNode *n)
{
    if (n->type != XML_TEXT_NODE)
        return 0;
    for (const xmlChar *p = n->content; p && *p; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return 0;
    return 1;
}

typedef struct {
    xmlNode *node;
    size_t rank, seq;
} item;

static int by_rank(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void reorder_attrs(const mlps_field *f, xmlNode *n)
{
    size_t count = 0, i = 0;
    for (xmlAttr *a = n->properties; a; a = a->next)
        count++;
    if (count < 2)
        return;
    item *r = mlps_xcalloc(count, sizeof *r);
    for (xmlAttr *a = n->properties; a; a = a->next, i++)
        r[i] = (item){(xmlNode *)a, rank(f, (xmlNode *)a, 1), i};
    qsort(r, count, sizeof *r, by_rank);
    xmlAttr *prev = NULL;
    for (i = 0; i < count; i++) {
        xmlAttr *a = (xmlAttr *)r[i].node;
        a->prev = prev;
        a->next = NULL;
        if (prev)
            prev->next = a;
        else
            n->properties = a;
        prev = a;
    }
    free(r);
}

static const mlps_field *kid_field(const mlps_field *f, const xmlNode *k)
{
    for (size_t i = 0; f && i < f->nkids; i++)
        if (!f->kids[i]->is_attr && xmlStrEqual((const xmlChar *)f->kids[i]->name, k->name))
            return f->kids[i];
    return NULL;
}

static void tidy(const mlps_field *f, xmlNode *n)
{
    reorder_attrs(f, n);
    int elements = 0;
    for (xmlNode *k = n->children; k; k = k->next)
        elements |= k->type == XML_ELEMENT_NODE;
    if (!elements)
        return; /* text content stays as it is */
    /* element content: indentation dropped (the writer indents), each comment moves with the
     * element after it */
    size_t count = 0, cap = 0;
    item *r = NULL;
    for (xmlNode *k = n->children, *next; k; k = next) {
        next = k->next;
        xmlUnlinkNode(k);
        if (blank(k)) {
            xmlFreeNode(k);
            continue;
        }
        XGROW(r, cap, count + 1);
        r[count] = (item){k, k->type == XML_ELEMENT_NODE ? rank(f, k, 0) : (size_t)-1, count};
        count++;
    }
    for (size_t i = count; i-- > 0;)
        if (r[i].node->type != XML_ELEMENT_NODE && i + 1 < count)
            r[i].rank = r[i + 1].rank;
    qsort(r, count, sizeof *r, by_rank);
    for (size_t i = 0; i < count; i++)
        xmlAddChild(n, r[i].node);
    free(r);
    for (xmlNode *k = n->children; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE)
            tidy(kid_field(f, k), k);
}

void mlps_data_tidy(const mlps_field *root, xmlDocPtr doc, mlps_buf *out)
{
    xmlNode *u = xmlDocGetRootElement(doc);
    if (u)
        tidy(root && xmlStrEqual((const xmlChar *)root->name, u->name) ? root : NULL, u);
    xmlChar *mem = NULL;
    int size = 0;
    xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
    if (mem)
        mlps_buf_append(out, (const char *)mem, (size_t)size);
    xmlFree(mem);
}
