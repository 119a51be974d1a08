/* The data model as a tree of fields, read from the RELAX NG schema (structure, order,
 * required/repeating), templates/codes.xml (option lists, by each list's field XPath) and
 * templates/schema/fields.xml (the Chinese form labels). One tree serves `check` (every missing
 * element and attribute), `init` (the skeleton file) and `serve` (the web form), so a field added
 * to the schema appears in all three. Immutable once built; shareable by threads. */
#ifndef MLPS_FIELDTREE_H
#define MLPS_FIELDTREE_H
#include <stddef.h>
#include <libxml/tree.h>

#include "codes.h"
#include "diag.h"

typedef struct mlps_field {
    int is_attr;
    char *name;                 /* element or attribute name */
    char *path;                 /* schema path, "/unit/systems/system/@id" */
    int required;               /* at least one must be present */
    int repeat;                 /* may occur more than once */
    int text;                   /* content (or attribute value) is text */
    int paras;                  /* content is one or more <p> paragraphs */
    char **values;              /* fixed values (<value>: yes/no …), or NULL */
    size_t nvalues;
    const mlps_code_list *list; /* option list governing the value, or NULL */
    const char *label;          /* 单位名称 (fields.xml), or NULL */
    const char *no;             /* form number, "表一01", or NULL */
    const char *table;          /* form table the field belongs to ("表二"), or NULL */
    const char *hint;           /* how to fill it in, or NULL */
    struct mlps_field **kids;   /* attributes first, then elements in document order */
    size_t nkids;
} mlps_field;

typedef struct mlps_form mlps_form;

/* Builds the tree from a parsed schema document. fields_path (templates/schema/fields.xml) may be
 * NULL for no labels. NULL (with diagnostics) on failure. */
mlps_form *mlps_form_build(const xmlDoc *schema, const mlps_codes *codes, const char *fields_path,
                           mlps_diags *d);
void mlps_form_free(mlps_form *f);
const mlps_field *mlps_form_root(const mlps_form *f);

/* The child of f called name (attribute when is_attr), or NULL. */
const mlps_field *mlps_field_kid(const mlps_field *f, const char *name, int is_attr);

/* Every required element and attribute missing anywhere in doc, as errors at the element that
 * lacks it ("缺少必需的元素 <X>", "元素 <E> 缺少必需的属性 A"), except those already reported
 * in d from index `from` on (RELAX NG names the first missing child of each parent). */
size_t mlps_form_missing(const mlps_form *f, xmlDocPtr doc, const char *file, mlps_diags *d,
                         size_t from);

#endif
