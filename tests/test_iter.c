/* The document tree iterator: events in document order (containers ENTER and EXIT, leaves
 * ENTER), indexes and depths, nested tables, empty containers; mlps_doc_free and
 * mlps_doc_text, which walk with it. */
#include <stdlib.h>

#include "buf.h"
#include "doc.h"
#include "harness.h"
#include "iter.h"
#include "mem.h"
#include "xmlread.h"

/* "+para +table +row +cell +para -cell … -table" with "/depth" after nested nodes. */
static char *trace(mlps_doc *doc)
{
    mlps_buf b = MLPS_BUF_INIT;
    mlps_doc_iter it;
    mlps_doc_iter_init(&it, doc);
    static const char *const kinds[] = {"para", "table", "image", "break", "space"};
    for (mlps_iter_event ev; (ev = mlps_doc_iter_next(&it)) != MLPS_ITER_DONE;) {
        const mlps_doc_node *n = mlps_doc_iter_node(&it);
        const char *what = n->kind == MLPS_NODE_ROW    ? "row"
                           : n->kind == MLPS_NODE_CELL ? "cell"
                                                       : kinds[n->block->kind];
        mlps_buf_printf(&b, "%s%c%s%zu", b.len ? " " : "", ev == MLPS_ITER_ENTER ? '+' : '-', what,
                        n->index);
        if (n->depth)
            mlps_buf_printf(&b, "/%d", n->depth);
    }
    mlps_doc_iter_free(&it);
    return mlps_buf_detach(&b);
}

static mlps_block para(const char *text)
{
    mlps_block b = {.kind = MLPS_BLK_PARA};
    b.u.para.spans = mlps_xcalloc(1, sizeof *b.u.para.spans);
    b.u.para.nspans = 1;
    b.u.para.spans[0].text = mlps_xstrdup(text);
    b.u.para.spans[0].len = strlen(text);
    return b;
}

/* A table of rows x cols cells, each holding one paragraph "rc". */
static mlps_block table(size_t rows, size_t cols, const char *tag)
{
    mlps_block b = {.kind = MLPS_BLK_TABLE};
    mlps_table *t = &b.u.table;
    t->ncols = cols;
    t->col_weights = mlps_xcalloc(cols ? cols : 1, sizeof *t->col_weights);
    t->rows = mlps_xcalloc(rows ? rows : 1, sizeof *t->rows);
    t->nrows = rows;
    for (size_t r = 0; r < rows; r++) {
        t->rows[r].cells = mlps_xcalloc(cols ? cols : 1, sizeof(mlps_cell));
        t->rows[r].ncells = cols;
        for (size_t c = 0; c < cols; c++) {
            char s[64];
            snprintf(s, sizeof s, "%.8s%u%u", tag, (unsigned)(r % 10), (unsigned)(c % 10));
            t->rows[r].cells[c].blocks = mlps_xcalloc(1, sizeof(mlps_block));
            t->rows[r].cells[c].blocks[0] = para(s);
            t->rows[r].cells[c].nblocks = 1;
        }
    }
    return b;
}

int main(void)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    /* from doc XML, as templates produce it */
    const char *xml = "<document><p>甲</p><table cols=\"1,1\"><row><cell>乙</cell><cell><p style=\"cell\">丙</p>"
                      "<p style=\"cell\">丁</p></cell></row></table><pagebreak/><vspace pt=\"3\"/></document>";
    xmlDocPtr x = mlps_xml_read_memory(xml, strlen(xml), "t.xml", &d);
    mlps_doc *doc = x ? mlps_doc_from_xml(x, "t.xml", "/tmp", &d) : NULL;
    xmlFreeDoc(x);
    mlps_diag_print(&d, stdout);
    CHECK(doc != NULL, "doc");
    char *t = doc ? trace(doc) : NULL;
    CHECK_STR(t, "+para0 +table1 +row0 +cell0 +para0/1 -cell0 +cell1 +para0/1 +para1/1 -cell1 -row0 "
                 "-table1 +break2 +space3");
    free(t);
    mlps_buf text = MLPS_BUF_INIT;
    if (doc)
        mlps_doc_text(doc, &text);
    CHECK_STR(text.ptr, "甲\n乙\n丙\n丁\n");
    mlps_buf_free(&text);
    mlps_doc_free(doc);

    /* by hand: a table in a cell, an empty table, an empty row; freed by the same walk */
    doc = mlps_doc_new();
    doc->blocks = mlps_xcalloc(3, sizeof *doc->blocks);
    doc->nblocks = 3;
    doc->blocks[0] = table(1, 2, "a");
    mlps_cell *c = &doc->blocks[0].u.table.rows[0].cells[1];
    c->blocks = mlps_xrealloc(c->blocks, 2 * sizeof *c->blocks);
    c->blocks[1] = table(1, 1, "b");
    c->nblocks = 2;
    doc->blocks[1] = table(0, 0, "c");
    doc->blocks[2] = table(1, 0, "d");
    t = trace(doc);
    CHECK_STR(t, "+table0 +row0 +cell0 +para0/1 -cell0 +cell1 +para0/1 +table1/1 +row0/1 +cell0/1 "
                 "+para0/2 -cell0/1 -row0/1 -table1/1 -cell1 -row0 -table0 +table1 -table1 +table2 "
                 "+row0 -row0 -table2");
    free(t);
    mlps_doc_text(doc, &text);
    CHECK_STR(text.ptr, "a00\na01\nb00\n");
    mlps_buf_free(&text);
    mlps_doc_free(doc); /* asan/valgrind: every array freed once */

    /* an empty document: nothing, then DONE (and DONE again) */
    doc = mlps_doc_new();
    mlps_doc_iter it;
    mlps_doc_iter_init(&it, doc);
    CHECK_INT(mlps_doc_iter_next(&it), MLPS_ITER_DONE);
    CHECK_INT(mlps_doc_iter_next(&it), MLPS_ITER_DONE);
    mlps_doc_iter_free(&it);
    mlps_doc_free(doc);
    mlps_diag_free(&d);
    TEST_DONE();
}
