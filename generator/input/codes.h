/* Option lists and code tables of the forms, loaded once from templates/codes.xml into an
 * immutable object (shared read-only by threads). Labels are never written in C. */
#ifndef MLPS_CODES_H
#define MLPS_CODES_H
#include <stddef.h>

#include "diag.h"

typedef struct mlps_code_item {
    char *code;
    char *label;      /* the option's text, e.g. "地(区、市、州、盟)" */
    char *title;      /* optional second text (levels: "监督保护级"), else NULL */
    char *label2008;  /* optional wording for GB/T 22240-2008, else NULL */
    char *label2020;  /* optional wording for GB/T 22240-2020, else NULL */
    char *label20;    /* optional wording on the 2.0 备案表 (@label-2.0), else NULL */
    char *forms;      /* "2007 2.0", "2007"…; NULL = every form */
    int other;        /* the 其他 option: free text required */
    int count;        /* needs @count (服务范围 跨__个) */
    int required;     /* materials: listed by every 第三级以上 system */
    int exclusive;    /* ticked only alone (个人信息 不涉及, 无交互) */
} mlps_code_item;

typedef struct mlps_code_list {
    char *id;         /* "affiliation" */
    char *title;      /* "隶属关系" */
    char *field;      /* XPath of the data-file attributes it governs, or NULL */
    mlps_code_item *items;
    size_t count;
    /* codes no longer offered (<retired code=…>what to write instead</retired>): data that
     * still has one is refused with that advice, not as an unknown code */
    mlps_code_item *retired;
    size_t nretired;
} mlps_code_list;

/* One cell of the GB/T 22240 matrix. */
typedef struct mlps_matrix_cell {
    char *object;     /* citizen | society | nation */
    char *degree;     /* general | serious | very-serious */
    int level;        /* 1..5 */
    char *wording2008;
    char *wording2020;
} mlps_matrix_cell;

typedef struct mlps_codes mlps_codes;

/* NULL (with diagnostics) when the file is unreadable or inconsistent (e.g. the matrix lacks
 * a cell). */
mlps_codes *mlps_codes_load(const char *path, mlps_diags *d);
void mlps_codes_free(mlps_codes *c);

size_t mlps_codes_list_count(const mlps_codes *c);
const mlps_code_list *mlps_codes_list_at(const mlps_codes *c, size_t i);
const mlps_code_list *mlps_codes_list(const mlps_codes *c, const char *id);
const mlps_code_item *mlps_codes_find(const mlps_codes *c, const char *list, const char *code);
/* Label of code in list, or NULL when either is unknown. */
const char *mlps_codes_label(const mlps_codes *c, const char *list, const char *code);

/* A wording of the option: variant NULL = the label; "label-2008", "label-2020", "label-2.0"
 * (falling back to the label when the item has no such wording) or "title" (NULL if none).
 * NULL when list/code is unknown. For templates' f:label(list, code [, variant]). */
const char *mlps_codes_variant(const mlps_codes *c, const char *list, const char *code,
                               const char *variant);

/* The matrix: the cell for (object, degree), or NULL. All 9 cells exist after a load. */
const mlps_matrix_cell *mlps_codes_matrix_cell(const mlps_codes *c, const char *object,
                                               const char *degree);

/* codes.xml as read (read-only; lives as long as c): templates' f:codes('list') node-sets. */
struct _xmlDoc;
const struct _xmlDoc *mlps_codes_doc(const mlps_codes *c);

#endif
