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

static const char *code_of(const xmlNode *n)
{
    for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
        if (!strcmp((const char *)a->name, "code") && a->children && a->children->content)
            return (const char *)a->children->content;
    return NULL;
}

int mlps_grade_items(const mlps_codes *c, const struct _xmlNode *part, const char **obj,
                     const char **deg)
{
    int best = 0;
    if (obj)
        *obj = NULL;
    if (deg)
        *deg = NULL;
    for (const xmlNode *o = part ? part->children : NULL; o; o = o->next) {
        if (o->type != XML_ELEMENT_NODE || strcmp((const char *)o->name, "object"))
            continue;
        const xmlNode *d = o->next;
        while (d && d->type != XML_ELEMENT_NODE)
            d = d->next;
        if (!d || strcmp((const char *)d->name, "degree"))
            continue;
        int lv = mlps_grade(c, code_of(o), code_of(d));
        if (lv > best || (!best && obj && !*obj)) {
            best = lv > best ? lv : best;
            if (obj)
                *obj = code_of(o);
            if (deg)
                *deg = code_of(d);
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
