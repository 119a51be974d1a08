/* The document tree: named styles (GB/T 9704-2012), heading numbering, ownership. */
#include "doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "iter.h"
#include "mem.h"
#include "para.h"
#include "utf8.h"

/* Strings the document owns besides span texts and image paths (file names, roles). */
typedef struct doc_priv {
    char **strs;
    size_t n, cap;
    char **kept;    /* mlps_doc_keep: many distinct strings (data paths), never searched */
    size_t nkept, capkept;
} doc_priv;

#define GRID 28 /* GB/T 9704: 28 characters per line of 3号 text */

/* name, role, size, pitch, align, first, left, right, before, after, grid, keep, outline */
static const mlps_style STYLES[] = {
    {"body", "body", 16, 0, MLPS_ALIGN_JUSTIFY, 2, 0, 0, 0, 0, GRID, false, 0},
    {"title", "title", 22, 0, MLPS_ALIGN_CENTER, 0, 0, 0, 0, 0, 0, true, 0},
    {"subtitle", "title", 16, 0, MLPS_ALIGN_CENTER, 0, 0, 0, 0, 0, 0, true, 0},
    {"cover-line", "body", 16, 0, MLPS_ALIGN_CENTER, 0, 0, 0, 0, 0, GRID, false, 0},
    {"h1", "h1", 16, 0, MLPS_ALIGN_JUSTIFY, 2, 0, 0, 0, 0, GRID, true, 1},
    {"h2", "h2", 16, 0, MLPS_ALIGN_JUSTIFY, 2, 0, 0, 0, 0, GRID, true, 2},
    {"h3", "body", 16, 0, MLPS_ALIGN_JUSTIFY, 2, 0, 0, 0, 0, GRID, true, 3},
    {"h4", "body", 16, 0, MLPS_ALIGN_JUSTIFY, 2, 0, 0, 0, 0, GRID, true, 4},
    {"caption", "h1", 14, 0, MLPS_ALIGN_CENTER, 0, 0, 0, 0, 0, 0, true, 0},
    /* 五号 cells at 1.5 × the size: the leading of Word/ctex tables */
    {"cell", "table", 10.5, 15.75, MLPS_ALIGN_JUSTIFY, 0, 0, 0, 0, 0, 0, false, 0},
    {"cell-head", "h1", 10.5, 15.75, MLPS_ALIGN_CENTER, 0, 0, 0, 0, 0, 0, false, 0},
    {"signature", "body", 16, 0, MLPS_ALIGN_RIGHT, 0, 0, 4, 0, 0, GRID, false, 0},
    {"note", "body", 14, 0, MLPS_ALIGN_JUSTIFY, 0, 0, 0, 0, 0, 0, false, 0},
    /* form cells (form.c sets the pitch): printed labels in 宋体 五号; fill-in text takes the
     * role "fill" on its spans */
    {"form", "table", 10.5, 0, MLPS_ALIGN_LEFT, 0, 0, 0, 0, 0, 0, false, 0},
    {"form-title", "title", 16, 0, MLPS_ALIGN_CENTER, 0, 0, 0, 0, 0, 0, false, 0},
    /* below a figure: the figure keeps with it (layout.c) */
    {"figure-caption", "h1", 14, 0, MLPS_ALIGN_CENTER, 0, 0, 0, 0, 0, 0, false, 0},
    /* table of contents (<toc/>): the right indent leaves room for the leader's page number */
    {"toc-title", "h1", 16, 0, MLPS_ALIGN_CENTER, 0, 0, 0, 0, 0, 0, true, 0},
    {"toc1", "body", 16, 0, MLPS_ALIGN_LEFT, -2, 2, 3, 0, 0, 0, false, 0},
    {"toc2", "body", 16, 0, MLPS_ALIGN_LEFT, -2, 4, 3, 0, 0, 0, false, 0},
    {"toc3", "body", 16, 0, MLPS_ALIGN_LEFT, -2, 6, 3, 0, 0, 0, false, 0},
};

const mlps_style *mlps_style_named(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof STYLES / sizeof STYLES[0]; i++) /* the first byte first */
        if (STYLES[i].name[0] == name[0] && !strcmp(STYLES[i].name, name))
            return &STYLES[i];
    return NULL;
}

/* 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一; Arabic digits from 100 on (never reached in practice). */
static size_t cn_numeral(int n, char *out, size_t cap)
{
    static const char *const D[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n <= 0 || n >= 100)
        return (size_t)snprintf(out, cap, "%d", n);
    int t = n / 10, u = n % 10;
    return (size_t)snprintf(out, cap, "%s%s%s", t > 1 ? D[t] : "", t ? "十" : "", u ? D[u] : "");
}

size_t mlps_numbering_next(mlps_numbering *num, int level, char *out, size_t cap)
{
    char cn[24];
    size_t w = 0;
    if (level < 1 || level > MLPS_HEADING_LEVELS || cap < 32) {
        if (cap)
            out[0] = '\0';
        goto done;
    }
    int n = ++num->count[level - 1];
    for (int i = level; i < MLPS_HEADING_LEVELS; i++)
        num->count[i] = 0;
    cn_numeral(n, cn, sizeof cn);
    switch (level) {
    case 1: w = (size_t)snprintf(out, cap, "%s、", cn); break;
    case 2: w = (size_t)snprintf(out, cap, "（%s）", cn); break;
    case 3: w = (size_t)snprintf(out, cap, "%d.", n); break;
    default: w = (size_t)snprintf(out, cap, "（%d）", n); break;
    }
done:
    return w;
}

mlps_doc *mlps_doc_new(void)
{
    mlps_doc *doc = mlps_xcalloc(1, sizeof *doc);
    doc->numbered_from_start = true;
    doc->priv = mlps_xcalloc(1, sizeof(doc_priv));
    return doc;
}

const char *mlps_doc_intern(mlps_doc *doc, const char *s)
{
    doc_priv *p = doc->priv;
    for (size_t i = 0; i < p->n; i++) /* few distinct strings: file names and roles */
        if (!strcmp(p->strs[i], s))
            return p->strs[i];
    XGROW(p->strs, p->cap, p->n + 1);
    p->strs[p->n] = mlps_xstrdup(s);
    return p->strs[p->n++];
}

const char *mlps_doc_keep(mlps_doc *doc, const char *s)
{
    doc_priv *p = doc->priv;
    XGROW(p->kept, p->capkept, p->nkept + 1);
    p->kept[p->nkept] = mlps_xstrdup(s);
    return p->kept[p->nkept++];
}

static void free_spans(mlps_para *p)
{
    for (size_t s = 0; s < p->nspans; s++)
        free(p->spans[s].text);
    free(p->spans);
}

/* A form is a leaf of the iterator: its cells hold only paragraphs. */
static void free_form(mlps_form *f)
{
    for (size_t r = 0; r < f->nrows; r++) {
        for (size_t c = 0; c < f->rows[r].ncells; c++) {
            mlps_fcell *cell = &f->rows[r].cells[c];
            for (size_t k = 0; k < cell->nblocks; k++)
                if (cell->blocks[k].kind == MLPS_BLK_PARA)
                    free_spans(&cell->blocks[k].u.para);
            free(cell->blocks);
        }
        free(f->rows[r].cells);
    }
    free(f->rows);
    free(f->col_mm);
}

/* Post-order through the iterator: a leaf's data on ENTER, a container's children on EXIT. */
static void free_tree(mlps_doc *doc)
{
    mlps_doc_iter it;
    mlps_doc_iter_init(&it, doc);
    for (mlps_iter_event ev; (ev = mlps_doc_iter_next(&it)) != MLPS_ITER_DONE;) {
        const mlps_doc_node *n = mlps_doc_iter_node(&it);
        if (n->kind == MLPS_NODE_CELL && ev == MLPS_ITER_EXIT) {
            free(n->cell->blocks);
        } else if (n->kind == MLPS_NODE_ROW && ev == MLPS_ITER_EXIT) {
            free(n->row->cells);
        } else if (n->kind == MLPS_NODE_BLOCK) {
            mlps_block *b = n->block;
            if (b->kind == MLPS_BLK_PARA) {
                for (size_t s = 0; s < b->u.para.nspans; s++)
                    free(b->u.para.spans[s].text);
                free(b->u.para.spans);
            } else if (b->kind == MLPS_BLK_IMAGE) {
                free(b->u.image.path);
            } else if (b->kind == MLPS_BLK_FORM) {
                free_form(&b->u.form);
            } else if (b->kind == MLPS_BLK_TABLE && ev == MLPS_ITER_EXIT) {
                free(b->u.table.rows);
                free(b->u.table.col_weights);
            }
        }
    }
    mlps_doc_iter_free(&it);
    free(doc->blocks);
}

void mlps_doc_free(mlps_doc *doc)
{
    if (!doc)
        return;
    free_tree(doc);
    free(doc->meta.title);
    free(doc->meta.author);
    free(doc->meta.subject);
    free(doc->meta.keywords);
    doc_priv *p = doc->priv;
    if (p) {
        for (size_t i = 0; i < p->n; i++)
            free(p->strs[i]);
        free(p->strs);
        for (size_t i = 0; i < p->nkept; i++)
            free(p->kept[i]);
        free(p->kept);
        free(p);
    }
    free(doc);
}

/* s without the default-ignorable code points (U+200B, U+2060 WORD JOINER, U+00AD…): the
 * typesetter gives them no glyph (para.c), so the PDF has no text for them either. */
static void append_visible(mlps_buf *out, const char *s, size_t len)
{
    size_t from = 0, i = 0;
    while (i < len) {
        size_t at = i;
        uint32_t cp = mlps_utf8_next(s, len, &i);
        if (mlps_para_ignorable(cp)) {
            mlps_buf_append(out, s + from, at - from);
            from = i;
        }
    }
    mlps_buf_append(out, s + from, len - from);
}

/* A paragraph's text; a tick box reads as ☐ or ☑ (as the PDF's /ActualText gives it); a
 * table-of-contents line ends with what layout appended to it. */
static void para_text(const mlps_para *p, const mlps_placed_text *pt, mlps_buf *out)
{
    for (size_t s = 0; s < p->nspans; s++) {
        const mlps_span *sp = &p->spans[s];
        if (sp->mark == MLPS_MARK_TICK_OFF || sp->mark == MLPS_MARK_TICK_ON)
            mlps_buf_puts(out, sp->mark == MLPS_MARK_TICK_ON ? "\xE2\x98\x91" : "\xE2\x98\x90");
        else
            append_visible(out, sp->text, sp->len);
    }
    if (pt && p->toc_entry > 0 && (size_t)p->toc_entry <= pt->ntoc_tails &&
        pt->toc_tails[p->toc_entry - 1])
        mlps_buf_puts(out, pt->toc_tails[p->toc_entry - 1]);
    mlps_buf_putc(out, '\n');
}

static void doc_text(const mlps_doc *doc, const mlps_placed_text *pt, mlps_buf *out)
{
    mlps_doc_iter it;
    mlps_doc_iter_init(&it, (mlps_doc *)doc); /* read only */
    for (mlps_iter_event ev; (ev = mlps_doc_iter_next(&it)) != MLPS_ITER_DONE;) {
        const mlps_block *b = mlps_doc_iter_node(&it)->block;
        if (b && b->kind == MLPS_BLK_FORM) { /* a form's cells, row by row */
            const mlps_form *f = &b->u.form;
            for (size_t r = 0; r < f->nrows; r++)
                for (size_t c = 0; c < f->rows[r].ncells; c++)
                    for (size_t k = 0; k < f->rows[r].cells[c].nblocks; k++)
                        if (f->rows[r].cells[c].blocks[k].kind == MLPS_BLK_PARA)
                            para_text(&f->rows[r].cells[c].blocks[k].u.para, pt, out);
        }
        if (!b || b->kind != MLPS_BLK_PARA)
            continue; /* tables give their cells' paragraphs, row by row */
        para_text(&b->u.para, pt, out);
    }
    mlps_doc_iter_free(&it);
}

void mlps_doc_text_placed(const mlps_doc *doc, const mlps_placed_text *pt, mlps_buf *out)
{
    if (!pt || !pt->order) {
        doc_text(doc, pt, out);
        return;
    }
    mlps_doc view = *doc; /* the same blocks, shallow copies in the given order */
    view.blocks = mlps_xcalloc(pt->norder + 1, sizeof *view.blocks);
    view.nblocks = 0;
    for (size_t i = 0; i < pt->norder; i++)
        if (pt->order[i] < doc->nblocks)
            view.blocks[view.nblocks++] = doc->blocks[pt->order[i]];
    doc_text(&view, pt, out);
    free(view.blocks);
}

void mlps_doc_text(const mlps_doc *doc, mlps_buf *out)
{
    doc_text(doc, NULL, out);
}
