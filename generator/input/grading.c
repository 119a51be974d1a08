#include "grading.h"

#include <string.h>
#include <libxml/tree.h>

static int is_2008(const char *standard)
{
    return standard && !strcmp(standard, "2008");
}

int mlps_grade(const mlps_codes *c, const char *object, const char *degree)
{
    const mlps_matrix_cell *x = mlps_codes_matrix_cell(c, object, degree);
    return x ? x->level : 0;
}

static const char *prop_of(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
        if (!strcmp((const char *)a->name, name) && a->children && a->children->content)
            return (const char *)a->children->content;
    return NULL;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (const xmlNode *k = n ? n->children : NULL; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE && !strcmp((const char *)k->name, name))
            return k;
    return NULL;
}

int mlps_grade_items(const mlps_codes *c, const struct _xmlNode *part, const char **obj,
                     const char **deg)
{
    const char *o = prop_of(child(part, "object"), "code"), *d = prop_of(child(part, "degree"), "code");
    int best = mlps_grade(c, o, d);
    if (obj)
        *obj = o;
    if (deg)
        *deg = d;
    for (const xmlNode *k = part ? part->children : NULL; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE || strcmp((const char *)k->name, "item"))
            continue;
        int lv = mlps_grade(c, prop_of(k, "object"), prop_of(k, "degree"));
        if (lv > best) {
            best = lv;
            if (obj)
                *obj = prop_of(k, "object");
            if (deg)
                *deg = prop_of(k, "degree");
        }
    }
    return best;
}

int mlps_grade_overall(int business_level, int service_level)
{
    if (!business_level || !service_level)
        return 0;
    return business_level > service_level ? business_level : service_level;
}

const char *mlps_grade_wording(const mlps_codes *c, const char *object, const char *degree,
                               const char *standard)
{
    const mlps_matrix_cell *x = mlps_codes_matrix_cell(c, object, degree);
    if (!x)
        return NULL;
    return is_2008(standard) ? x->wording2008 : x->wording2020;
}

static const char *edition_label(const mlps_code_item *it, const char *standard)
{
    if (!it)
        return NULL;
    const char *s = is_2008(standard) ? it->label2008 : it->label2020;
    return s ? s : it->label;
}

const char *mlps_object_label(const mlps_codes *c, const char *object, const char *standard)
{
    return edition_label(mlps_codes_find(c, "object", object), standard);
}

const char *mlps_degree_label(const mlps_codes *c, const char *degree, const char *standard)
{
    return edition_label(mlps_codes_find(c, "degree", degree), standard);
}

const char *mlps_level_name(const mlps_codes *c, int level)
{
    char code[2] = {(char)('0' + level), '\0'};
    if (level < MLPS_LEVEL_MIN || level > MLPS_LEVEL_MAX)
        return NULL;
    return mlps_codes_label(c, "level", code);
}

const char *mlps_level_title(const mlps_codes *c, int level)
{
    char code[2] = {(char)('0' + level), '\0'};
    if (level < MLPS_LEVEL_MIN || level > MLPS_LEVEL_MAX)
        return NULL;
    const mlps_code_item *it = mlps_codes_find(c, "level", code);
    return it ? it->title : NULL;
}

int mlps_level_parse(const char *s)
{
    if (!s)
        return 0;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    if (*s < '0' + MLPS_LEVEL_MIN || *s > '0' + MLPS_LEVEL_MAX)
        return 0;
    int level = *s++ - '0';
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return *s ? 0 : level;
}
