/* Pagination: places the lines mlps_para_layout makes, tables, images and page numbers on
 * GB/T 9704 pages. Coordinates: points, origin top-left, y down (layout.h).
 * Body lines sit on the page grid (text_h / lines_per_page), the first line's glyph box touching
 * the top of the text block; headings keep with what follows; no single line of a paragraph is
 * left at a page bottom or carried to the next page top; a figure stays with its caption (and
 * when both do not fit, tops the next page while the whole body paragraphs after it fill this
 * one) and the closing signature block with what comes before it. */
#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "form.h"
#include "image.h"
#include "imgcache.h"
#include "mem.h"
#include "mlps_limits.h"
#include "para.h"
#include "paracache.h"
#include "utf8.h"

#define MM (72.0 / 25.4)
#define EPS 0.01                 /* pt: rounding slack in fit tests */
#define CELL_PAD (1.5 * MM)      /* inside every table cell, all four sides */
#define RULE_W 0.5               /* table borders */
#define SHADE_GRAY 0.85          /* shaded cells */
#define TABLE_SPACE_AFTER 6.0    /* between a table and what follows */
#define CELL_PITCH_FACTOR 1.4    /* cell paragraphs without their own pitch */
/* Cell line pitch at most this × size: poppler joins lines into one block only when their
 * baselines are ≤ 1.5 × size apart, and a cell split into one-line blocks gets read out of
 * row order (pdftotext); 1.5 exactly is left to float rounding. */
#define CELL_PITCH_MAX 1.4
#define KEEP_CHAIN_MAX 8         /* headings looked through when keeping with next */
#define TABLE_KEEP_WHOLE (1.0 / 3) /* tables up to this share of the text block never split */
#define TABLE_MIN_FIRST_ROWS 2   /* body rows a table must start a page with */
#define TABLE_MIN_LAST_ROWS 2    /* body rows a split table must end with on its last page */
#define TOC_DOT_STEP 0.25       /* em: table-of-contents leader dot pitch */
#define TOC_GAP 0.2             /* em: least space between a leader and the entry or number */

mlps_geom mlps_geom_gbt9704(void)
{
    mlps_geom g = {
        .page_w = 595.28,
        .page_h = 841.89,
        .margin_top = 37 * MM,
        .margin_left = 28 * MM,
        .text_w = 156 * MM,
        .text_h = 225 * MM,
        .lines_per_page = 22,
        .pagenum_gap = 7 * MM,
        .pagenum_size = 14,
    };
    return g;
}

/* A line of a table cell, positioned inside the cell's content box. */
typedef struct cline {
    size_t line;       /* into st.L.lines */
    double top, slot;  /* slot top from the cell content top, and height */
    double base;       /* baseline from the slot top */
} cline;

typedef struct tcell {
    const mlps_cell *cell;
    cline *lines;
    size_t n;
    double x, w;       /* from the table's left edge */
    double h;          /* content height */
} tcell;

typedef struct trow {
    tcell *cells;
    size_t n;
    double h;          /* full height, padding included */
} trow;

typedef struct st {
    const mlps_doc *doc;
    const mlps_fontset *fs;
    mlps_diags *d;
    mlps_layout *lay;
    double pitch;      /* grid pitch */
    double grid_asc;   /* ascent per pt of size of the body face: grid lines share baselines */
    double y;          /* next free position, from the text block top */
    bool empty;        /* nothing placed on the current page yet */
    int next_number;   /* printed number of the next new page; 0 = unnumbered */
    bool failed;
    mlps_lines L;      /* every line of the document (copied onto pages) */
    size_t *first;     /* per top-level block: first line in L */
    size_t *count;     /* per top-level block: number of lines */
    struct toc_mark *toc; /* table-of-contents lines placed, for their leaders and page numbers */
    size_t ntoc, toc_cap;
    /* A figure that did not fit where it stands waits for the top of the next page while the
     * body text after it fills this one (as LaTeX floats a figure): block index + 1 of the
     * image and of its caption, 0 for none. */
    size_t float_img, float_cap;
    const double *img_h, *img_w;
} st;

/* Where a table-of-contents line ended: its leader and page number are drawn after pagination. */
typedef struct toc_mark {
    size_t page;       /* index into pages */
    double base;       /* baseline, page y */
    double x_end;      /* right end of the entry's last line, page x */
    int entry;         /* mlps_para.toc_entry */
    const mlps_style *style;
} toc_mark;

/* ------------------------------------------------------------------ pages */

static mlps_page *cur(st *s)
{
    return &s->lay->pages[s->lay->npages - 1];
}

static void place_floated(st *s);

static void new_page(st *s)
{
    mlps_layout *lay = s->lay;
    if (lay->npages >= MLPS_MAX_PAGES) {
        if (!s->failed)
            mlps_diag_error(s->d, s->doc->nblocks ? s->doc->blocks[0].src_file : NULL, 0, NULL,
                            "文档超过 %d 页的上限", MLPS_MAX_PAGES);
        s->failed = true;
        return;
    }
    XGROW(lay->pages, lay->pages_cap, lay->npages + 1);
    mlps_page *p = &lay->pages[lay->npages++];
    memset(p, 0, sizeof *p);
    p->number = s->next_number;
    p->geom = lay->geom;
    if (s->next_number)
        s->next_number++;
    s->y = 0;
    s->empty = true;
    if (s->float_img)
        place_floated(s);
}

/* n glyphs moved by (dx, dy) onto the page, room made once (a line's glyphs come together) */
static void put_glyphs(mlps_page *p, const mlps_glyph *g, size_t n, double dx, double dy)
{
    XGROW_RAW(p->glyphs, p->glyphs_cap, p->nglyphs + n);
    mlps_glyph *o = &p->glyphs[p->nglyphs];
    for (size_t k = 0; k < n; k++) {
        o[k] = g[k];
        o[k].x = (float)(g[k].x + dx);
        o[k].y = (float)(g[k].y + dy);
    }
    p->nglyphs += n;
}

static void put_rule(mlps_page *p, double x1, double y1, double x2, double y2)
{
    XGROW_RAW(p->rules, p->rules_cap, p->nrules + 1);
    p->rules[p->nrules++] = (mlps_rule){(float)x1, (float)y1, (float)x2, (float)y2, RULE_W};
}

static void put_rect(mlps_page *p, double x, double y, double w, double h, double gray)
{
    XGROW_RAW(p->rects, p->rects_cap, p->nrects + 1);
    p->rects[p->nrects++] = (mlps_rect){(float)x, (float)y, (float)w, (float)h, (float)gray};
}

/* Copies line li of s->L with its baseline at page y `base`, measure starting at page x `x`. */
static void put_line(st *s, size_t li, double x, double base)
{
    const mlps_line *ln = &s->L.lines[li];
    put_glyphs(cur(s), &s->L.glyphs[ln->first_glyph], ln->nglyphs, x, base);
}

/* ------------------------------------------------------------------ line metrics */

static bool on_grid(const mlps_style *st)
{
    return st->line_pitch_pt <= 0;
}

static double snap(const st *s, double y)
{
    return ceil((y - EPS) / s->pitch) * s->pitch;
}

/* Slot height, baseline offset in the slot and the height a fit test needs. Grid lines are
 * top-aligned in whole grid cells; others get half the leading above and below. */
static void line_slot(const st *s, const mlps_style *style, const mlps_line *ln, double *slot,
                      double *base, double *fit)
{
    double hh = ln->ascent + ln->descent;
    if (on_grid(style)) {
        double k = ceil((hh - EPS) / s->pitch);
        *slot = (k < 1 ? 1 : k) * s->pitch;
        /* one baseline grid whatever the face: headings (黑体/楷体) align with the body */
        *base = s->grid_asc > 0 ? s->grid_asc * style->size_pt : ln->ascent;
        *fit = hh;
    } else {
        *slot = style->line_pitch_pt > hh ? style->line_pitch_pt : hh;
        *base = (*slot - hh) / 2 + ln->ascent;
        *fit = *slot;
    }
}

static double text_h(const st *s)
{
    return s->lay->geom.text_h;
}

/* Where paragraph lines begin when the paragraph starts at y. */
static double para_start(const st *s, const mlps_style *style, double y, bool page_empty)
{
    if (!page_empty)
        y += style->space_before_pt;
    return on_grid(style) ? snap(s, y) : y;
}

/* How many lines from line i (of n starting at first) fit when the first is placed at y. */
static size_t fit_lines(const st *s, const mlps_style *style, size_t first, size_t i, size_t n,
                        double y)
{
    size_t k = 0;
    for (size_t j = i; j < n; j++) {
        double slot, base, fit;
        line_slot(s, style, &s->L.lines[first + j], &slot, &base, &fit);
        if (y + fit > text_h(s) + EPS)
            break;
        k++;
        y += slot;
    }
    return k;
}

/* ------------------------------------------------------------------ measuring */

static int check_roles(st *s, const mlps_block *b)
{
    const mlps_para *p = &b->u.para;
    int bad = 0;
    if (mlps_fontset_role(s->fs, p->style.role) < 0) {
        mlps_diag_error(s->d, b->src_file, b->src_line, NULL, "字体角色“%s”未在字体配置中定义",
                   p->style.role);
        bad = 1;
    }
    for (size_t i = 0; i < p->nspans; i++)
        if (p->spans[i].role && mlps_fontset_role(s->fs, p->spans[i].role) < 0) {
            mlps_diag_error(s->d, b->src_file, b->src_line, NULL, "字体角色“%s”未在字体配置中定义",
                       p->spans[i].role);
            bad = 1;
        }
    return bad;
}

/* Lays a paragraph out at width w into s->L; first and n receive its lines. */
static int measure_para(st *s, const mlps_block *b, double w, size_t *first, size_t *n)
{
    *first = s->L.nlines;
    *n = 0;
    if (check_roles(s, b))
        return 1;
    if (mlps_para_layout_memo(s->lay->geom.paras, s->fs, &b->u.para, w, b->src_file, b->src_line, &s->L, s->d))
        return 1;
    *n = s->L.nlines - *first;
    return 0;
}

static void free_rows(trow *rows, size_t n)
{
    for (size_t r = 0; r < n; r++) {
        for (size_t c = 0; c < rows[r].n; c++)
            free(rows[r].cells[c].lines);
        free(rows[r].cells);
    }
    free(rows);
}

static double table_width(const st *s, const mlps_table *t)
{
    double f = t->width_frac > 0 && t->width_frac <= 1 ? t->width_frac : 1;
    return f * s->lay->geom.text_w;
}

/* Lays out every cell; NULL on error. */
static trow *measure_table(st *s, const mlps_block *b)
{
    const mlps_table *t = &b->u.table;
    double W = table_width(s, t), sum = 0, colx[MLPS_MAX_TABLE_COLS + 1];
    int bad = 0;
    for (size_t i = 0; i < t->ncols; i++)
        sum += t->col_weights[i];
    colx[0] = 0;
    for (size_t i = 0; i < t->ncols; i++)
        colx[i + 1] = colx[i] + W * t->col_weights[i] / sum;
    trow *rows = mlps_xcalloc(t->nrows, sizeof *rows);
    for (size_t r = 0; r < t->nrows; r++) {
        const mlps_row *row = &t->rows[r];
        rows[r].cells = mlps_xcalloc(row->ncells, sizeof(tcell));
        rows[r].n = row->ncells;
        size_t col = 0;
        double maxh = 0;
        for (size_t c = 0; c < row->ncells; c++) {
            tcell *tc = &rows[r].cells[c];
            const mlps_cell *cell = &row->cells[c];
            size_t span = cell->colspan > 0 ? (size_t)cell->colspan : 1;
            if (col + span > t->ncols)
                span = col < t->ncols ? t->ncols - col : 0;
            tc->cell = cell;
            tc->x = colx[col < t->ncols ? col : t->ncols];
            tc->w = colx[col + span <= t->ncols ? col + span : t->ncols] - tc->x;
            col += span;
            double inner = tc->w - 2 * CELL_PAD, y = 0;
            size_t cap = 0;
            for (size_t k = 0; k < cell->nblocks; k++) {
                const mlps_block *pb = &cell->blocks[k];
                if (pb->kind != MLPS_BLK_PARA)
                    continue;
                size_t first, n;
                if (measure_para(s, pb, inner > 1 ? inner : 1, &first, &n)) {
                    bad = 1;
                    continue;
                }
                mlps_style style = pb->u.para.style;
                if (on_grid(&style))
                    style.line_pitch_pt = style.size_pt * CELL_PITCH_FACTOR;
                if (style.line_pitch_pt > style.size_pt * CELL_PITCH_MAX)
                    style.line_pitch_pt = style.size_pt * CELL_PITCH_MAX;
                if (k)
                    y += style.space_before_pt;
                for (size_t j = 0; j < n; j++) {
                    double slot, base, fit;
                    line_slot(s, &style, &s->L.lines[first + j], &slot, &base, &fit);
                    XGROW(tc->lines, cap, tc->n + 1);
                    tc->lines[tc->n++] = (cline){first + j, y, slot, base};
                    y += slot;
                }
                if (k + 1 < cell->nblocks)
                    y += style.space_after_pt;
            }
            tc->h = y;
            if (y > maxh)
                maxh = y;
        }
        rows[r].h = maxh + 2 * CELL_PAD;
    }
    if (bad) {
        free_rows(rows, t->nrows);
        rows = NULL;
    }
    return rows;
}

/* Pixel size of a validated PNG/JPEG (image.c); 0, or -1 and why. */
static int image_size(mlps_imgcache *cache, const char *path, long *w, long *h,
                      char why[MLPS_IMAGE_WHY])
{
    const mlps_image_data *ci = cache ? mlps_imgcache_get(cache, path, why) : NULL;
    if (cache) {
        if (!ci)
            return -1;
        *w = (long)ci->width;
        *h = (long)ci->height;
        return 0;
    }
    mlps_image_data im;
    if (mlps_image_load(path, &im, why) != 0)
        return -1;
    *w = (long)im.width;
    *h = (long)im.height;
    mlps_image_free(&im);
    return 0;
}

/* ------------------------------------------------------------------ keep with next */

static bool para_styled(const mlps_block *b, const char *name)
{
    return b->kind == MLPS_BLK_PARA && b->u.para.style.name &&
           !strcmp(b->u.para.style.name, name);
}

/* Height of all lines of paragraph bi placed from y (space before included). */
static double para_h(const st *s, size_t bi, double y)
{
    const mlps_style *style = &s->doc->blocks[bi].u.para.style;
    double t = para_start(s, style, y, false);
    for (size_t j = 0; j < s->count[bi]; j++) {
        double slot, base, fit;
        line_slot(s, style, &s->L.lines[s->first[bi] + j], &slot, &base, &fit);
        t += slot;
    }
    return (s->count[bi] ? t : t + s->pitch) - y;
}

/* The closing signature block (成文单位, 日期) that follows block bi, vertical spaces before it
 * included, and a keep-with-next note between (附件说明, GB/T 9704 7.3.5): its height, or 0 when
 * bi is not the last text before it. */
static double signature_h(const st *s, size_t bi)
{
    size_t nb = s->doc->nblocks, j = bi + 1;
    double h = 0;
    if (para_styled(&s->doc->blocks[bi], "signature"))
        return 0;
    for (; j < nb; j++) {
        const mlps_block *x = &s->doc->blocks[j];
        if (x->kind == MLPS_BLK_VSPACE)
            h += x->u.vspace.pt < 0 ? -x->u.vspace.pt * s->pitch : x->u.vspace.pt;
        else if (x->kind == MLPS_BLK_PARA && x->u.para.style.keep_with_next &&
                 x->u.para.style.outline_level <= 0 && !para_styled(x, "signature"))
            h += para_h(s, j, h);
        else
            break;
    }
    if (j >= nb || !para_styled(&s->doc->blocks[j], "signature"))
        return 0;
    for (; j < nb && para_styled(&s->doc->blocks[j], "signature"); j++)
        h += para_h(s, j, h);
    return h;
}


/* Height a table needs at its start: the whole table when it is short (a small table such as
 * the grading matrix is never split) with the signature block if that follows, else its header
 * rows and two body rows, so that no page ends with a lone first row. */
static double table_start_h(const st *s, const trow *rows, size_t bi)
{
    const mlps_table *t = &s->doc->blocks[bi].u.table;
    double whole = 0, h = 0;
    for (size_t r = 0; r < t->nrows; r++)
        whole += rows[r].h;
    if (whole <= TABLE_KEEP_WHOLE * text_h(s))
        return whole + signature_h(s, bi);
    for (size_t r = 0; r < t->nrows && r < t->header_rows + TABLE_MIN_FIRST_ROWS; r++)
        h += rows[r].h;
    return h;
}

/* Where the part of block bi that must not be separated from its predecessor ends, when that
 * block starts at y: its first two lines, a table's head and first row, a whole image, and for a
 * keep-with-next paragraph all of it plus the same for its successor. */
static double need_end(st *s, size_t bi, double y, trow *const *tables, const double *img_h,
                       int depth)
{
    const mlps_block *b = &s->doc->blocks[bi];
    switch (b->kind) {
    case MLPS_BLK_PARA: {
        const mlps_style *style = &b->u.para.style;
        size_t first = s->first[bi], n = s->count[bi];
        bool keep = style->keep_with_next && depth < KEEP_CHAIN_MAX && bi + 1 < s->doc->nblocks;
        /* two lines, or all three of a three-line paragraph (two would leave a widow) */
        size_t m = keep || n <= 3 ? n : 2;
        double t = para_start(s, style, y, false), end = t;
        for (size_t j = 0; j < m; j++) {
            double slot, base, fit;
            line_slot(s, style, &s->L.lines[first + j], &slot, &base, &fit);
            end = t + fit;
            t += slot;
        }
        if (!m)
            end = t += s->pitch;
        if (keep)
            return need_end(s, bi + 1, t + style->space_after_pt, tables, img_h, depth + 1);
        if (m == n) /* all of it goes with the signature block that may follow */
            end = t + style->space_after_pt + signature_h(s, bi);
        return end;
    }
    case MLPS_BLK_TABLE: return tables[bi] ? y + table_start_h(s, tables[bi], bi) : y;
    case MLPS_BLK_IMAGE: return y + img_h[bi];
    default: return y;
    }
}

/* ------------------------------------------------------------------ placing */

static void add_outline(st *s, const mlps_para *p, double top)
{
    mlps_layout *lay = s->lay;
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_append(&b, "", 0);
    for (size_t i = 0; i < p->nspans; i++)
        mlps_buf_append(&b, p->spans[i].text, p->spans[i].len);
    XGROW(lay->outline, lay->outline_cap, lay->noutline + 1);
    mlps_outline_entry *e = &lay->outline[lay->noutline++];
    e->level = p->style.outline_level;
    e->title = mlps_buf_detach(&b);
    e->page = lay->npages - 1;
    e->y = (float)(lay->geom.margin_top + top);
}

/* Extent [lo, hi) of glyphs g[0..n) along x, advances included. */
static void glyph_extent(const mlps_glyph *g, size_t n, double *lo, double *hi)
{
    *lo = 1e9;
    *hi = -1e9;
    for (size_t k = 0; k < n; k++) {
        double adv = (double)mlps_face_advance(g[k].face, g[k].gid) * g[k].size /
                     (double)mlps_face_upem(g[k].face);
        *lo = g[k].x < *lo ? g[k].x : *lo;
        *hi = g[k].x + adv > *hi ? g[k].x + adv : *hi;
    }
}

static void mark_toc(st *s, const mlps_para *p, size_t g0, double base)
{
    mlps_page *pg = cur(s);
    double lo, hi;
    glyph_extent(pg->glyphs + g0, pg->nglyphs - g0, &lo, &hi);
    XGROW(s->toc, s->toc_cap, s->ntoc + 1);
    s->toc[s->ntoc++] = (toc_mark){s->lay->npages - 1, base, pg->nglyphs > g0 ? hi : 0,
                                   p->toc_entry, &p->style};
}

/* tail: height of what must follow the paragraph's last line on the same page (the signature
 * block); when it does not fit there, the last two lines go over with it. */
static void place_para(st *s, size_t bi, double tail)
{
    const mlps_block *b = &s->doc->blocks[bi];
    const mlps_style *style = &b->u.para.style;
    const mlps_geom *g = &s->lay->geom;
    size_t first = s->first[bi], n = s->count[bi], i = 0;
    bool outlined = style->outline_level <= 0;
    if (!n) { /* an empty paragraph is a blank line */
        double y = para_start(s, style, s->y, s->empty);
        double h = on_grid(style) ? s->pitch : style->line_pitch_pt;
        if (y + h > text_h(s) + EPS && !s->empty) {
            new_page(s);
            y = 0;
        }
        s->y = y + h + style->space_after_pt;
        return;
    }
    while (i < n && !s->failed) {
        double y = para_start(s, style, s->y, s->empty);
        size_t k = fit_lines(s, style, first, i, n, y), rest = n - i, m = k;
        if (m < rest) {
            if (rest - m == 1) /* widow: never carry a single line over */
                m = m ? m - 1 : 0;
            if (i == 0 && m == 1) /* orphan: never leave a single first line behind */
                m = 0;
            if (m == 0 && s->empty) /* nothing else can make progress */
                m = k ? k : 1;
        } else if (tail > 0) {
            double end = y;
            for (size_t j = 0; j < m; j++) {
                double slot, base, fit;
                line_slot(s, style, &s->L.lines[first + i + j], &slot, &base, &fit);
                end += slot;
            }
            if (end + tail > text_h(s) + EPS) { /* no page of the signature alone */
                m = rest > 2 ? rest - 2 : 0;
                if (i == 0 && m == 1)
                    m = 0;
                if (m == 0 && s->empty)
                    m = rest;
            }
        }
        for (size_t j = 0; j < m; j++) {
            double slot, base, fit;
            line_slot(s, style, &s->L.lines[first + i + j], &slot, &base, &fit);
            if (!outlined) {
                add_outline(s, &b->u.para, y);
                outlined = true;
            }
            size_t g0 = cur(s)->nglyphs;
            put_line(s, first + i + j, g->margin_left, g->margin_top + y + base);
            if (b->u.para.toc_entry > 0 && i + j + 1 == n)
                mark_toc(s, &b->u.para, g0, g->margin_top + y + base);
            y += slot;
        }
        if (m) {
            s->y = y;
            s->empty = false;
        }
        i += m;
        if (i < n)
            new_page(s);
    }
    s->y += style->space_after_pt;
}

/* Draws the lines [from[c], to[c]) of every cell as one row piece of height h at s->y. */
static void draw_piece(st *s, const trow *row, double x0, double W, const size_t *from,
                       const size_t *to, double h, bool whole, bool top_rule, mlps_valign va)
{
    const mlps_geom *g = &s->lay->geom;
    mlps_page *p = cur(s);
    double top = g->margin_top + s->y, left = g->margin_left + x0;
    for (size_t c = 0; c < row->n; c++)
        if (row->cells[c].cell->shade)
            put_rect(p, left + row->cells[c].x, top, row->cells[c].w, h, SHADE_GRAY);
    if (top_rule)
        put_rule(p, left, top, left + W, top);
    put_rule(p, left, top + h, left + W, top + h);
    for (size_t c = 0; c < row->n; c++)
        put_rule(p, left + row->cells[c].x, top, left + row->cells[c].x, top + h);
    put_rule(p, left + W, top, left + W, top + h);
    for (size_t c = 0; c < row->n; c++) {
        const tcell *tc = &row->cells[c];
        if (from[c] >= to[c])
            continue;
        double off = tc->lines[from[c]].top;
        double v = 0; /* a split row's pieces start at the top */
        if (whole && va != MLPS_VALIGN_TOP)
            v = (h - 2 * CELL_PAD - tc->h) / (va == MLPS_VALIGN_BOTTOM ? 1 : 2);
        for (size_t j = from[c]; j < to[c]; j++)
            put_line(s, tc->lines[j].line, left + tc->x + CELL_PAD,
                     top + CELL_PAD + v + tc->lines[j].top - off + tc->lines[j].base);
    }
    s->y += h;
    s->empty = false;
}

static void draw_row(st *s, const trow *row, double x0, double W, bool top_rule, mlps_valign va)
{
    size_t from[MLPS_MAX_TABLE_COLS] = {0}, to[MLPS_MAX_TABLE_COLS];
    for (size_t c = 0; c < row->n; c++)
        to[c] = row->cells[c].n;
    draw_piece(s, row, x0, W, from, to, row->h, true, top_rule, va);
}

/* Continues a table on a new page: its header rows again. Returns where body rows start. */
static double table_page(st *s, const trow *rows, const mlps_table *t, double x0, double W)
{
    new_page(s);
    mlps_page *p = cur(s);
    size_t first = p->nglyphs;
    for (size_t hr = 0; hr < t->header_rows && !s->failed; hr++)
        draw_row(s, &rows[hr], x0, W, hr == 0, MLPS_VALIGN_MIDDLE);
    for (size_t i = first; i < p->nglyphs; i++)
        p->glyphs[i].repeated = 1;
    return s->y;
}

static void place_table(st *s, size_t bi, const trow *rows)
{
    const mlps_table *t = &s->doc->blocks[bi].u.table;
    double W = table_width(s, t), x0 = (s->lay->geom.text_w - W) / 2;
    double head_h = 0;
    for (size_t r = 0; r < t->header_rows; r++)
        head_h += rows[r].h;
    if (!s->empty && s->y + table_start_h(s, rows, bi) > text_h(s) + EPS)
        new_page(s);
    bool top_rule = true;
    for (size_t r = 0; r < t->header_rows && !s->failed; r++) {
        draw_row(s, &rows[r], x0, W, top_rule, MLPS_VALIGN_MIDDLE);
        top_rule = false;
    }
    double body_top = s->y; /* a page holding only the repeated head counts as empty */
    /* a split table ends with at least its last TABLE_MIN_LAST_ROWS body rows together, and the
     * signature block after a long table takes them along (short tables keep whole,
     * table_start_h): from row `last` on, everything must fit on one page */
    double tail = signature_h(s, bi), last_h = tail > 0 ? TABLE_SPACE_AFTER + tail : 0;
    size_t last = t->nrows;
    while (last > t->header_rows && t->nrows - last < TABLE_MIN_LAST_ROWS)
        last_h += rows[--last].h;
    if (head_h + last_h > text_h(s) + EPS)
        last = t->nrows; /* they cannot share a page: rows split as usual */
    for (size_t r = t->header_rows; r < t->nrows && !s->failed; r++) {
        const trow *row = &rows[r];
        if (r == last && s->y > body_top + EPS && s->y + last_h > text_h(s) + EPS) {
            body_top = table_page(s, rows, t, x0, W);
            top_rule = t->header_rows == 0;
            if (s->failed)
                return;
        }
        size_t from[MLPS_MAX_TABLE_COLS] = {0}, to[MLPS_MAX_TABLE_COLS];
        bool whole = true;
        for (;;) {
            bool fresh = s->y <= body_top + EPS;
            double h = 2 * CELL_PAD, avail = text_h(s) - s->y - 2 * CELL_PAD;
            bool all = true, any = false;
            for (size_t c = 0; c < row->n; c++) {
                const tcell *tc = &row->cells[c];
                size_t j = from[c];
                double off = j < tc->n ? tc->lines[j].top : 0, ext = 0;
                while (j < tc->n && tc->lines[j].top - off + tc->lines[j].slot <= avail + EPS) {
                    ext = tc->lines[j].top - off + tc->lines[j].slot;
                    j++;
                }
                if (j < tc->n)
                    all = false;
                if (j > from[c])
                    any = true;
                to[c] = j;
                if (2 * CELL_PAD + ext > h)
                    h = 2 * CELL_PAD + ext;
            }
            if (all && whole && s->y + row->h <= text_h(s) + EPS) {
                draw_piece(s, row, x0, W, from, to, row->h, true, top_rule, t->valign);
                break;
            }
            if (all) {
                draw_piece(s, row, x0, W, from, to, h, false, top_rule, t->valign);
                break;
            }
            /* split only rows that cannot fit a page of their own */
            bool fits_page = whole && head_h + row->h <= text_h(s) + EPS;
            if ((fits_page || !any) && !fresh) {
                body_top = table_page(s, rows, t, x0, W);
                top_rule = t->header_rows == 0;
                if (s->failed)
                    return;
                continue;
            }
            if (!any) /* one line taller than the page: place it anyway */
                for (size_t c = 0; c < row->n; c++)
                    if (from[c] < row->cells[c].n) {
                        to[c] = from[c] + 1;
                        h = text_h(s) - s->y;
                    }
            draw_piece(s, row, x0, W, from, to, h, false, top_rule, t->valign);
            top_rule = false;
            memcpy(from, to, sizeof from);
            whole = false;
            body_top = table_page(s, rows, t, x0, W);
            top_rule = t->header_rows == 0;
            if (s->failed)
                return;
        }
        top_rule = false;
    }
    s->y += TABLE_SPACE_AFTER;
}

/* keep: height of the caption that follows, which must stay on the image's page */
static void place_image(st *s, const mlps_block *b, double h, double w, double keep)
{
    const mlps_geom *g = &s->lay->geom;
    if (h <= 0)
        return; /* reported while measuring */
    if (!s->empty && s->y + h + keep > text_h(s) + EPS)
        new_page(s);
    if (s->failed)
        return;
    mlps_page *p = cur(s);
    XGROW(p->images, p->images_cap, p->nimages + 1);
    p->images[p->nimages++] = (mlps_placed_image){
        b->u.image.path, (float)(g->margin_left + (g->text_w - w) / 2),
        (float)(g->margin_top + s->y), (float)w, (float)h};
    s->y += h;
    s->empty = false;
}

/* The waiting figure and its caption, at the top of the page just begun. */
static void place_floated(st *s)
{
    size_t i = s->float_img - 1, cap = s->float_cap;
    s->float_img = s->float_cap = 0;
    s->lay->order[s->lay->norder++] = i;
    place_image(s, &s->doc->blocks[i], s->img_h[i], s->img_w[i], 0);
    if (cap)
        s->lay->order[s->lay->norder++] = cap - 1;
    if (cap && !s->failed)
        place_para(s, cap - 1, 0);
}

/* Whether block bi may go on this page before a waiting figure: body text (a paragraph that is
 * no heading, caption, signature or table-of-contents line and keeps with nothing) that fits
 * whole below s->y, with the signature block when that must follow it on the same page. A
 * paragraph is never split around the figure: the text reads in order. */
static bool fills_before_float(const st *s, size_t bi)
{
    if (bi >= s->doc->nblocks || s->doc->blocks[bi].kind != MLPS_BLK_PARA)
        return false;
    const mlps_block *b = &s->doc->blocks[bi];
    const mlps_style *style = &b->u.para.style;
    if (style->keep_with_next || style->outline_level > 0 || b->u.para.toc_entry ||
        para_styled(b, "caption") || para_styled(b, "figure-caption") ||
        para_styled(b, "signature") || !s->count[bi])
        return false;
    double sig = signature_h(s, bi);
    return s->y + para_h(s, bi, s->y) + (sig > 0 ? style->space_after_pt + sig : 0) <=
           text_h(s) + EPS;
}

/* "— N —" below the text block, 1 字 in from the outer edge (odd right, even left). */
static int page_numbers(st *s)
{
    mlps_lines nl = {0};
    int rc = 0;
    for (size_t i = 0; i < s->lay->npages && !rc; i++) {
        mlps_page *p = &s->lay->pages[i];
        const mlps_geom *g = &p->geom;
        if (p->number <= 0)
            continue;
        char text[64];
        int len = snprintf(text, sizeof text, "\xE2\x80\x94 %d \xE2\x80\x94", p->number);
        mlps_span span = {text, (size_t)len, NULL, 0};
        mlps_para para = {0};
        para.style = *mlps_style_named("body");
        para.style.name = "pagenum";
        para.style.role = "pagenum";
        para.style.size_pt = g->pagenum_size;
        para.style.align = MLPS_ALIGN_LEFT;
        para.style.indent_first_em = 0;
        para.style.grid_chars = 0;
        para.spans = &span;
        para.nspans = 1;
        mlps_lines_clear(&nl);
        if (mlps_para_layout_memo(s->lay->geom.paras, s->fs, &para, g->text_w, NULL, 0, &nl, s->d) || !nl.nlines) {
            rc = 1;
            break;
        }
        const mlps_line *ln = &nl.lines[0];
        double lo = 1e9, hi = -1e9;
        for (size_t k = 0; k < ln->nglyphs; k++) {
            const mlps_glyph *gl = &nl.glyphs[ln->first_glyph + k];
            double adv = (double)mlps_face_advance(gl->face, gl->gid) * gl->size /
                         (double)mlps_face_upem(gl->face);
            lo = gl->x < lo ? gl->x : lo;
            hi = gl->x + adv > hi ? gl->x + adv : hi;
        }
        double inset = g->pagenum_size; /* 1 字 */
        double x = p->number % 2 ? g->margin_left + g->text_w - inset - hi
                                 : g->margin_left + inset - lo;
        double base = g->margin_top + g->text_h + g->pagenum_gap + ln->ascent;
        for (size_t k = 0; k < ln->nglyphs; k++)
            put_glyphs(p, &nl.glyphs[ln->first_glyph + k], 1, x, base);
    }
    mlps_lines_free(&nl);
    return rc;
}

/* A <section>'s page master over the document's base geometry. */
static mlps_geom section_geom(const mlps_section *sec, const mlps_geom *base)
{
    mlps_geom g = *base;
    if (sec->margin_top_mm > 0)
        g.margin_top = sec->margin_top_mm * MM;
    if (sec->margin_left_mm > 0)
        g.margin_left = sec->margin_left_mm * MM;
    if (sec->text_w_mm > 0)
        g.text_w = sec->text_w_mm * MM;
    if (sec->text_h_mm > 0) {
        g.text_h = sec->text_h_mm * MM;
        g.lines_per_page = (int)floor(g.text_h / (base->text_h / base->lines_per_page) + 0.5);
    }
    if (sec->lines > 0)
        g.lines_per_page = sec->lines;
    if (g.lines_per_page < 1)
        g.lines_per_page = 1;
    return g;
}

/* Starts a <section>: its page master and numbering apply from the next page on, or from the
 * current page when nothing is on it yet. */
static void start_section(st *s, const mlps_section *sec, const mlps_geom *base)
{
    s->lay->geom = section_geom(sec, base);
    s->pitch = s->lay->geom.text_h / s->lay->geom.lines_per_page;
    if (sec->numbering == MLPS_PNUM_START)
        s->next_number = 1;
    else if (sec->numbering == MLPS_PNUM_NONE)
        s->next_number = 0;
    else if (s->empty && s->lay->npages)
        s->next_number = cur(s)->number; /* the empty page keeps its number */
    if (!s->empty || !s->lay->npages) {
        new_page(s);
        return;
    }
    mlps_page *p = cur(s);
    p->geom = s->lay->geom;
    p->number = s->next_number;
    if (s->next_number)
        s->next_number++;
    s->y = 0;
}

/* Places a form box whole: on this page if it fits, else on the next. */
static void place_form(st *s, const mlps_block *b, const mlps_form_box *box)
{
    const mlps_geom *g = &s->lay->geom;
    if (!box)
        return;
    if (box->h > text_h(s) + EPS || box->w > g->page_w) {
        mlps_diag_error(s->d, b->src_file, b->src_line, NULL,
                        "表单高 %.1f 毫米、宽 %.1f 毫米，超过版心（%.1f × %.1f 毫米）", box->h / MM,
                        box->w / MM, g->text_w / MM, g->text_h / MM);
        s->failed = true;
        return;
    }
    if (!s->empty && s->y + box->h > text_h(s) + EPS)
        new_page(s);
    if (s->failed)
        return;
    mlps_page *p = cur(s);
    double x0 = g->margin_left + (g->text_w - box->w) / 2, y0 = g->margin_top + s->y;
    const mlps_page *c = &box->content;
    for (size_t i = 0; i < c->nglyphs; i++)
        put_glyphs(p, &c->glyphs[i], 1, x0, y0);
    for (size_t i = 0; i < c->nrules; i++) {
        const mlps_rule *r = &c->rules[i];
        XGROW(p->rules, p->rules_cap, p->nrules + 1);
        p->rules[p->nrules++] = (mlps_rule){(float)(r->x1 + x0), (float)(r->y1 + y0),
                                            (float)(r->x2 + x0), (float)(r->y2 + y0), r->width};
    }
    for (size_t i = 0; i < c->nrects; i++)
        put_rect(p, c->rects[i].x + x0, c->rects[i].y + y0, c->rects[i].w, c->rects[i].h,
                 c->rects[i].gray);
    s->y += box->h;
    s->empty = false;
}

/* Lays out `text` as one line in style st (left-aligned, no indent); 0 on success. */
static int one_line(st *s, const mlps_style *style, const char *text, mlps_lines *nl)
{
    mlps_span span = {(char *)text, strlen(text), NULL, MLPS_MARK_NONE};
    mlps_para para = {0};
    para.style = *style;
    para.style.align = MLPS_ALIGN_LEFT;
    para.style.indent_first_em = para.style.indent_left_em = para.style.indent_right_em = 0;
    para.style.grid_chars = 0;
    para.spans = &span;
    para.nspans = 1;
    mlps_lines_clear(nl);
    if (mlps_para_layout_memo(s->lay->geom.paras, s->fs, &para, s->lay->geom.text_w, NULL, 0, nl, s->d) || !nl->nlines)
        return 1;
    return 0;
}

/* Records what a table-of-contents line got, for the document's text. */
static void toc_tail(mlps_layout *lay, size_t entry, size_t ndots, const char *num)
{
    if (!lay->toc_tails) {
        lay->toc_tails = mlps_xcalloc(lay->noutline, sizeof *lay->toc_tails);
        lay->ntoc_tails = lay->noutline;
    }
    size_t nl = strlen(num);
    char *t = mlps_xmalloc(ndots + nl + 1);
    memset(t, '.', ndots);
    memcpy(t + ndots, num, nl + 1);
    free(lay->toc_tails[entry]);
    lay->toc_tails[entry] = t;
}

/* Each table-of-contents line gets its heading's printed page number at the right edge of the
 * text block and a dot leader up to it; dots sit on a common grid so that they line up. */
static int toc_fill(st *s)
{
    const mlps_geom *g = &s->lay->geom;
    mlps_lines nl = {0}, dot = {0};
    int rc = 0;
    for (size_t i = 0; i < s->ntoc && !rc; i++) {
        const toc_mark *m = &s->toc[i];
        size_t e = (size_t)m->entry - 1;
        if (e >= s->lay->noutline || s->lay->pages[s->lay->outline[e].page].number <= 0)
            continue; /* heading not placed, or on an unnumbered page */
        char num[16];
        snprintf(num, sizeof num, "%d", s->lay->pages[s->lay->outline[e].page].number);
        if (one_line(s, m->style, num, &nl) || one_line(s, m->style, ".", &dot)) {
            rc = 1;
            break;
        }
        mlps_page *p = &s->lay->pages[m->page];
        double lo, hi, dlo, dhi;
        const mlps_line *ln = &nl.lines[0];
        glyph_extent(nl.glyphs + ln->first_glyph, ln->nglyphs, &lo, &hi);
        double x_num = g->margin_left + g->text_w - hi;
        for (size_t k = 0; k < ln->nglyphs; k++)
            put_glyphs(p, &nl.glyphs[ln->first_glyph + k], 1, x_num, m->base);
        const mlps_glyph *dg = &dot.glyphs[dot.lines[0].first_glyph];
        glyph_extent(dg, 1, &dlo, &dhi);
        /* dots every TOC_DOT_STEP em (closer than their advance: one run of dots to a reader
         * and to text extraction), TOC_GAP em at least from the entry and from the number and
         * less than one step more: a wider hole reads as a word gap or a column gutter, and the
         * number as a lone figure (a page number) */
        double dw = dhi - dlo > 0 ? dhi - dlo : 0, em = m->style->size_pt;
        double step = TOC_DOT_STEP * em, gap = TOC_GAP * em;
        size_t ndots = 0;
        for (double k = ceil((m->x_end + gap - g->margin_left) / step);
             g->margin_left + k * step + dw <= x_num - gap; k++, ndots++)
            put_glyphs(p, dg, 1, g->margin_left + k * step - dg->x, m->base);
        toc_tail(s->lay, e, ndots, num);
    }
    mlps_lines_free(&nl);
    mlps_lines_free(&dot);
    return rc;
}

/* The characters of blocks' paragraphs and table cells, about the glyphs they lay out into
 * s->L: sized once, it does not grow by doubling from empty (copying the glyphs up to twice,
 * 1 % of a batch). */
static size_t text_chars(const mlps_block *b, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++, b++) {
        if (b->kind == MLPS_BLK_PARA) {
            for (size_t k = 0; k < b->u.para.nspans; k++) {
                const mlps_span *sp = &b->u.para.spans[k];
                for (size_t j = 0; j < sp->len; j++)
                    c += ((unsigned char)sp->text[j] & 0xC0) != 0x80; /* UTF-8 lead bytes */
            }
        } else if (b->kind == MLPS_BLK_TABLE) {
            for (size_t r = 0; r < b->u.table.nrows; r++)
                for (size_t k = 0; k < b->u.table.rows[r].ncells; k++)
                    c += text_chars(b->u.table.rows[r].cells[k].blocks,
                                    b->u.table.rows[r].cells[k].nblocks);
        }
    }
    return c;
}

mlps_layout *mlps_layout_doc(const mlps_doc *doc, const mlps_fontset *fs, const mlps_geom *geom,
                             mlps_diags *d)
{
    mlps_layout *lay = mlps_xcalloc(1, sizeof *lay);
    lay->geom = geom ? *geom : mlps_geom_gbt9704();
    size_t nb = doc->nblocks, errors0 = d->errors;
    st s = {doc, fs, d, lay, lay->geom.text_h / lay->geom.lines_per_page, 0, 0, true,
            doc->numbered_from_start ? 1 : 0, false, {0}, mlps_xcalloc(nb + 1, sizeof(size_t)),
            mlps_xcalloc(nb + 1, sizeof(size_t)), NULL, 0, 0, 0, 0, NULL, NULL};
    size_t chars = text_chars(doc->blocks, nb);
    XGROW_RAW(s.L.glyphs, s.L.glyphs_cap, chars + 1);
    XGROW_RAW(s.L.lines, s.L.lines_cap, chars / 8 + nb + 1);
    int body = mlps_fontset_role(fs, "body");
    const mlps_face *bf = body >= 0 ? mlps_fontset_pick(fs, body, 0x4E00) : NULL;
    if (bf)
        s.grid_asc = (double)mlps_face_ascender(bf) / (double)mlps_face_upem(bf);
    trow **tables = mlps_xcalloc(nb + 1, sizeof *tables);
    double *img_h = mlps_xcalloc(nb + 1, sizeof *img_h);
    double *img_w = mlps_xcalloc(nb + 1, sizeof *img_w);
    mlps_form_box **forms = mlps_xcalloc(nb + 1, sizeof *forms);
    const mlps_geom base = lay->geom;

    /* measure everything first: keep-with-next looks ahead */
    for (size_t i = 0; i < nb; i++) {
        const mlps_block *b = &doc->blocks[i];
        if (b->kind == MLPS_BLK_SECTION) {
            lay->geom = section_geom(&b->u.section, &base); /* measure at the section's width */
        } else if (b->kind == MLPS_BLK_FORM) {
            forms[i] = mlps_form_layout(b, fs, lay->geom.paras, d);
        } else if (b->kind == MLPS_BLK_PARA) {
            measure_para(&s, b, lay->geom.text_w, &s.first[i], &s.count[i]);
        } else if (b->kind == MLPS_BLK_TABLE) {
            tables[i] = measure_table(&s, b);
        } else if (b->kind == MLPS_BLK_IMAGE) {
            long pw, ph;
            char why[MLPS_IMAGE_WHY];
            if (image_size(lay->geom.images, b->u.image.path, &pw, &ph, why)) {
                mlps_diag_error(d, b->src_file, b->src_line, NULL, "图片“%s”%s", b->u.image.path, why);
                continue;
            }
            double w = b->u.image.width_frac * lay->geom.text_w, h = w * (double)ph / (double)pw;
            img_h[i] = h > lay->geom.text_h ? lay->geom.text_h : h;
            img_w[i] = img_h[i] * (double)pw / (double)ph;
        }
    }
    lay->geom = base;
    if (d->errors > errors0)
        goto done;

    if (!nb || doc->blocks[0].kind != MLPS_BLK_SECTION)
        new_page(&s);
    s.img_h = img_h;
    s.img_w = img_w;
    lay->order = mlps_xcalloc(nb + 1, sizeof *lay->order);
    for (size_t i = 0; i < nb && !s.failed; i++) {
        const mlps_block *b = &doc->blocks[i];
        if (s.float_img && !fills_before_float(&s, i))
            new_page(&s); /* the figure goes before anything but body text that fits */
        if (s.failed)
            break;
        bool floated = false;
        switch (b->kind) {
        case MLPS_BLK_PARA:
            if (b->u.para.style.keep_with_next && !s.empty && i + 1 < nb &&
                !(i > 0 && doc->blocks[i - 1].kind == MLPS_BLK_IMAGE &&
                  para_styled(b, "caption")) &&
                need_end(&s, i, s.y, tables, img_h, 0) > text_h(&s) + EPS)
                new_page(&s);
            if (!s.failed)
                place_para(&s, i, signature_h(&s, i));
            break;
        case MLPS_BLK_TABLE: place_table(&s, i, tables[i]); break;
        case MLPS_BLK_IMAGE: { /* a caption right below a figure stays with it */
            bool captioned = i + 1 < nb && (para_styled(&doc->blocks[i + 1], "caption") ||
                                            para_styled(&doc->blocks[i + 1], "figure-caption"));
            double keep = captioned ? para_h(&s, i + 1, s.y + img_h[i]) : 0;
            size_t next = i + 1 + captioned;
            if (!s.empty && img_h[i] > 0 && s.y + img_h[i] + keep > text_h(&s) + EPS &&
                fills_before_float(&s, next)) {
                s.float_img = i + 1; /* body text fills this page; the figure tops the next */
                s.float_cap = captioned ? i + 2 : 0;
                floated = true;
            } else {
                place_image(&s, b, img_h[i], img_w[i], keep);
            }
            break;
        }
        case MLPS_BLK_FORM: place_form(&s, b, forms[i]); break;
        case MLPS_BLK_SECTION: start_section(&s, &b->u.section, &base); break;
        case MLPS_BLK_VSPACE: {
            double h = b->u.vspace.pt < 0 ? -b->u.vspace.pt * s.pitch : b->u.vspace.pt;
            if (s.y + h > text_h(&s) + EPS)
                new_page(&s);
            else
                s.y += h;
            break;
        }
        case MLPS_BLK_PAGEBREAK:
            if (!s.empty)
                new_page(&s);
            if (!b->u.pagebreak.start_numbering || s.failed)
                break;
            /* page 1 is a recto in double-sided printing: an even physical page before it stays
             * blank and, like every blank page (GB/T 9704), unnumbered */
            if (lay->npages % 2 == 0) {
                cur(&s)->number = 0;
                new_page(&s);
            }
            cur(&s)->number = 1;
            s.next_number = 2;
            break;
        }
        if (floated)
            i += s.float_cap != 0; /* the caption waits with its figure */
        else
            lay->order[lay->norder++] = i;
    }
    if (s.float_img && !s.failed)
        new_page(&s);
    if (!s.failed)
        page_numbers(&s);
    if (!s.failed && s.ntoc && toc_fill(&s))
        s.failed = true;

done:
    for (size_t i = 0; i < nb; i++)
        if (tables[i])
            free_rows(tables[i], doc->blocks[i].u.table.nrows);
    free(tables);
    for (size_t i = 0; i < nb; i++)
        mlps_form_box_free(forms[i]);
    free(forms);
    free(img_h);
    free(img_w);
    free(s.first);
    free(s.count);
    free(s.toc);
    mlps_lines_free(&s.L);
    if (d->errors > errors0 || s.failed) {
        mlps_layout_free(lay);
        lay = NULL;
    }
    return lay;
}

void mlps_layout_free(mlps_layout *lay)
{
    if (!lay)
        return;
    free(lay->order);
    for (size_t i = 0; i < lay->ntoc_tails; i++)
        free(lay->toc_tails[i]);
    free(lay->toc_tails);
    for (size_t i = 0; i < lay->npages; i++) {
        free(lay->pages[i].glyphs);
        free(lay->pages[i].rules);
        free(lay->pages[i].rects);
        free(lay->pages[i].images);
    }
    free(lay->pages);
    for (size_t i = 0; i < lay->noutline; i++)
        free(lay->outline[i].title);
    free(lay->outline);
    free(lay);
}

void mlps_layout_text(const mlps_doc *doc, const mlps_layout *lay, mlps_buf *out)
{
    mlps_placed_text pt = {lay->order, lay->norder, lay->toc_tails, lay->ntoc_tails};
    mlps_doc_text_placed(doc, &pt, out);
}
