/* One walk over the document tree, as cmark's cmark_iter: every node in document order, a
 * container (a table, a row, a cell) once on ENTER and once on EXIT, a leaf (a paragraph, an
 * image, a break, a space) once on ENTER. Tables nest: cells hold blocks.
 *
 *   mlps_doc_iter it;
 *   mlps_doc_iter_init(&it, doc);
 *   for (mlps_iter_event ev; (ev = mlps_doc_iter_next(&it)) != MLPS_ITER_DONE;) {
 *       const mlps_doc_node *n = mlps_doc_iter_node(&it);
 *       ...
 *   }
 *   mlps_doc_iter_free(&it);
 *
 * The walk reads only the arrays of the nodes it has not finished: on a container's EXIT its
 * children may be freed (mlps_doc_free does so), never the arrays of its parents. */
#ifndef MLPS_ITER_H
#define MLPS_ITER_H
#include <stddef.h>

#include "doc.h"

typedef enum { MLPS_ITER_DONE = 0, MLPS_ITER_ENTER, MLPS_ITER_EXIT } mlps_iter_event;
typedef enum { MLPS_NODE_BLOCK, MLPS_NODE_ROW, MLPS_NODE_CELL } mlps_node_kind;

typedef struct mlps_doc_node {
    mlps_node_kind kind;
    mlps_block *block; /* MLPS_NODE_BLOCK */
    mlps_table *table; /* the table of a row or a cell */
    mlps_row *row;     /* MLPS_NODE_ROW, and the row of a cell */
    mlps_cell *cell;   /* MLPS_NODE_CELL */
    size_t index;      /* among its siblings: block, row or column number */
    int depth;         /* tables around it: 0 for the document's own blocks (a row or cell: its table's) */
} mlps_doc_node;

typedef struct mlps_iter_frame mlps_iter_frame;

typedef struct mlps_doc_iter {
    mlps_iter_frame *frames; /* one list of siblings per level being walked */
    size_t n, cap;
    mlps_doc_node cur;
} mlps_doc_iter;

void mlps_doc_iter_init(mlps_doc_iter *it, mlps_doc *doc);
mlps_iter_event mlps_doc_iter_next(mlps_doc_iter *it);
/* The node of the last event. */
const mlps_doc_node *mlps_doc_iter_node(const mlps_doc_iter *it);
void mlps_doc_iter_free(mlps_doc_iter *it);

#endif
