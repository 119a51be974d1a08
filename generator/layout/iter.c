/* The document tree iterator: a stack of sibling lists (blocks, rows, cells). */
#include "iter.h"

#include <stdlib.h>

#include "mem.h"

typedef enum { LIST_BLOCKS, LIST_ROWS, LIST_CELLS } list_kind;

struct mlps_iter_frame {
    list_kind kind;
    size_t i, n;
    mlps_block *blocks; /* LIST_BLOCKS */
    mlps_table *table;  /* LIST_ROWS, LIST_CELLS */
    mlps_row *row;      /* LIST_CELLS */
    int depth;
};

static void push(mlps_doc_iter *it, mlps_iter_frame f)
{
    XGROW(it->frames, it->cap, it->n + 1);
    it->frames[it->n++] = f;
}

void mlps_doc_iter_init(mlps_doc_iter *it, mlps_doc *doc)
{
    *it = (mlps_doc_iter){0};
    if (doc)
        push(it, (mlps_iter_frame){LIST_BLOCKS, 0, doc->nblocks, doc->blocks, NULL, NULL, 0});
}

/* The node at f->i. */
static mlps_doc_node node_at(const mlps_iter_frame *f)
{
    mlps_doc_node n = {.index = f->i, .depth = f->depth, .table = f->table, .row = f->row};
    switch (f->kind) {
    case LIST_BLOCKS:
        n.kind = MLPS_NODE_BLOCK;
        n.block = &f->blocks[f->i];
        n.table = n.block->kind == MLPS_BLK_TABLE ? &n.block->u.table : NULL;
        n.row = NULL;
        break;
    case LIST_ROWS:
        n.kind = MLPS_NODE_ROW;
        n.row = &f->table->rows[f->i];
        break;
    case LIST_CELLS:
        n.kind = MLPS_NODE_CELL;
        n.cell = &f->row->cells[f->i];
        break;
    }
    return n;
}

mlps_iter_event mlps_doc_iter_next(mlps_doc_iter *it)
{
    if (!it->n)
        return MLPS_ITER_DONE;
    mlps_iter_frame *f = &it->frames[it->n - 1];
    if (f->i >= f->n) { /* children done: the container that holds them ends */
        if (--it->n == 0)
            return MLPS_ITER_DONE;
        f = &it->frames[it->n - 1];
        it->cur = node_at(f);
        f->i++;
        return MLPS_ITER_EXIT;
    }
    mlps_doc_node n = node_at(f);
    it->cur = n;
    int depth = f->depth;
    if (n.kind == MLPS_NODE_BLOCK && n.block->kind == MLPS_BLK_TABLE)
        push(it, (mlps_iter_frame){LIST_ROWS, 0, n.table->nrows, NULL, n.table, NULL, depth});
    else if (n.kind == MLPS_NODE_ROW)
        push(it, (mlps_iter_frame){LIST_CELLS, 0, n.row->ncells, NULL, n.table, n.row, depth});
    else if (n.kind == MLPS_NODE_CELL)
        push(it, (mlps_iter_frame){LIST_BLOCKS, 0, n.cell->nblocks, n.cell->blocks, NULL, NULL,
                                   depth + 1});
    else
        f->i++; /* a leaf: no EXIT */
    return MLPS_ITER_ENTER;
}

const mlps_doc_node *mlps_doc_iter_node(const mlps_doc_iter *it)
{
    return &it->cur;
}

void mlps_doc_iter_free(mlps_doc_iter *it)
{
    free(it->frames);
    *it = (mlps_doc_iter){0};
}
