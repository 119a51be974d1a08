#include "xmlselect.h"

#include <string.h>
#include <libxml/xpathInternals.h>

#define MAX_STEPS 16 /* the data model's paths have at most 8; longer ones go to XPath */

typedef struct {
    const char *name[MAX_STEPS]; /* NULL: * */
    size_t len[MAX_STEPS];
    size_t n;
    const char *attr;
    size_t attr_len;
} plain_path;

static size_t name_len(const char *p)
{
    size_t k = 0;
    if (!((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z') || p[0] == '_'))
        return 0;
    while ((p[k] >= 'A' && p[k] <= 'Z') || (p[k] >= 'a' && p[k] <= 'z') || (p[k] >= '0' && p[k] <= '9') ||
           p[k] == '_' || p[k] == '-' || p[k] == '.')
        k++;
    return k;
}

/* 1 when path is one or more steps "/" NAME or "/" star, then "/@" NAME, and nothing else. */
static int parse(const char *path, plain_path *pp)
{
    const char *p = path;
    pp->n = 0;
    while (p[0] == '/' && p[1] != '@') {
        if (pp->n == MAX_STEPS)
            return 0;
        size_t k = p[1] == '*' ? 1 : name_len(p + 1);
        if (!k)
            return 0;
        pp->name[pp->n] = p[1] == '*' ? NULL : p + 1;
        pp->len[pp->n++] = k;
        p += 1 + k;
    }
    if (!pp->n || p[0] != '/' || p[1] != '@')
        return 0;
    pp->attr = p + 2;
    pp->attr_len = name_len(pp->attr);
    return pp->attr_len && !pp->attr[pp->attr_len];
}

/* XPath's name test without a prefix: the local name, and no namespace. */
static int same_name(const xmlChar *have, const char *want, size_t len)
{
    return !strncmp((const char *)have, want, len) && !have[len];
}

static void walk(const xmlNode *first, const plain_path *pp, size_t step, xmlNodeSetPtr out)
{
    for (const xmlNode *n = first; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (pp->name[step] && (n->ns || !same_name(n->name, pp->name[step], pp->len[step])))
            continue;
        if (step + 1 < pp->n) {
            walk(n->children, pp, step + 1, out);
            continue;
        }
        for (xmlAttr *a = n->properties; a; a = a->next)
            if (!a->ns && same_name(a->name, pp->attr, pp->attr_len)) {
                xmlXPathNodeSetAddUnique(out, (xmlNodePtr)a);
                break; /* attribute names are unique on an element */
            }
    }
}

xmlXPathObjectPtr mlps_xml_select(xmlXPathContextPtr xp, const char *path)
{
    plain_path pp;
    if (!xp->doc || !parse(path, &pp))
        return xmlXPathEvalExpression((const xmlChar *)path, xp);
    xmlNodeSetPtr set = xmlXPathNodeSetCreate(NULL);
    if (!set)
        return NULL;
    /* the elements of one depth, found depth first: document order, no duplicates */
    walk(xp->doc->children, &pp, 0, set);
    return xmlXPathWrapNodeSet(set);
}
