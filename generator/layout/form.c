/* Fixed-cell form layout (form.h). Coordinates: points, origin at the form's top-left, y down. */
#include "form.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "mlps_limits.h"
#include "para.h"
#include "paracache.h"
#include "utf8.h"

#define MM (72.0 / 25.4)
#define EPS 0.01
#define FORM_PITCH 1.25     /* line pitch × size inside a cell (pdftotext joins below 1.5) */
#define SHRINK_STEP 0.5     /* pt */
#define TICK_BOX 0.72       /* tick box side, em */
#define TICK_RULE 0.06      /* box outline, em */
#define TICK_MARK 0.09      /* the tick's stroke, em */
#define UNDERLINE_DROP 0.16 /* write-in line below the baseline, em */
#define UNDERLINE_W 0.5     /* pt */
#define DIGIT_GAP 0.5       /* between digit groups, in box widths */

/* Where each cell sits in the grid. */
typedef struct slot {
    size_t r, c, rs, cs;
} slot;

/* Places every cell; returns the problems found (reported when d is not NULL). */
static int place_cells(const mlps_form *f, slot **slots, const char *file, long line,
                       mlps_diags *d)
{
    int bad = 0;
    size_t nc = f->ncols, nr = f->nrows;
    unsigned char *occ = mlps_xcalloc(nr * nc + 1, 1);
    for (size_t r = 0; r < nr; r++) {
        const mlps_frow *row = &f->rows[r];
        slots[r] = mlps_xcalloc(row->ncells + 1, sizeof **slots);
        size_t c = 0;
        for (size_t k = 0; k < row->ncells; k++) {
            const mlps_fcell *cell = &row->cells[k];
            while (c < nc && occ[r * nc + c])
                c++;
            size_t cs = (size_t)cell->colspan, rs = (size_t)cell->rowspan;
            if (c + cs > nc || r + rs > nr) {
                if (d)
                    mlps_diag_error(d, file, line, NULL,
                                    "表单第 %zu 行第 %zu 个单元格超出表格（%zu 列 %zu 行）", r + 1,
                                    k + 1, nc, nr);
                bad++;
                cs = c < nc ? 1 : 0;
                rs = 1;
            }
            slots[r][k] = (slot){r, c, rs, cs};
            for (size_t i = r; i < r + rs && i < nr; i++)
                for (size_t j = c; j < c + cs && j < nc; j++)
                    occ[i * nc + j] = 1;
            c += cs;
        }
        for (size_t j = 0; j < nc; j++)
            if (!occ[r * nc + j]) {
                if (d)
                    mlps_diag_error(d, file, line, NULL, "表单第 %zu 行没有填满 %zu 列（第 %zu 列空缺）",
                                    r + 1, nc, j + 1);
                bad++;
                break;
            }
    }
    free(occ);
    return bad;
}

int mlps_form_check_grid(const mlps_form *f, const char *file, long line, mlps_diags *d)
{
    if (!f->ncols || !f->nrows)
        return 0; /* already reported */
    slot **slots = mlps_xcalloc(f->nrows, sizeof *slots);
    int bad = place_cells(f, slots, file, line, d);
    for (size_t r = 0; r < f->nrows; r++)
        free(slots[r]);
    free(slots);
    return bad;
}

static void put_rule(mlps_page *p, double x1, double y1, double x2, double y2, double w)
{
    XGROW_RAW(p->rules, p->rules_cap, p->nrules + 1);
    p->rules[p->nrules++] = (mlps_rule){(float)x1, (float)y1, (float)x2, (float)y2, (float)w};
}

static void put_glyph(mlps_page *p, const mlps_glyph *g, double dx, double dy)
{
    XGROW_RAW(p->glyphs, p->glyphs_cap, p->nglyphs + 1);
    mlps_glyph *o = &p->glyphs[p->nglyphs++];
    *o = *g;
    o->repeated = 0;
    o->x = (float)(g->x + dx);
    o->y = (float)(g->y + dy);
}

static double advance(const mlps_glyph *g)
{
    return (double)mlps_face_advance(g->face, g->gid) * g->size / (double)mlps_face_upem(g->face);
}

/* A tick box on the glyph's em square, centred on the ideograph's optical centre. */
static void draw_tick(mlps_page *p, const mlps_glyph *g, double x, double base)
{
    double em = g->size, s = TICK_BOX * em;
    double x0 = x + (advance(g) - s) / 2, y0 = base - 0.38 * em - s / 2, w = TICK_RULE * em;
    put_rule(p, x0, y0, x0 + s, y0, w);
    put_rule(p, x0 + s, y0, x0 + s, y0 + s, w);
    put_rule(p, x0 + s, y0 + s, x0, y0 + s, w);
    put_rule(p, x0, y0 + s, x0, y0, w);
    if (g->mark == MLPS_MARK_TICK_ON) {
        put_rule(p, x0 + 0.18 * s, y0 + 0.52 * s, x0 + 0.42 * s, y0 + 0.78 * s, TICK_MARK * em);
        put_rule(p, x0 + 0.42 * s, y0 + 0.78 * s, x0 + 0.86 * s, y0 + 0.2 * s, TICK_MARK * em);
    }
}

/* Copies a line's glyphs, drawing tick boxes and write-in lines where marked. */
static void put_line(mlps_page *p, const mlps_lines *L, const mlps_line *ln, double x, double base)
{
    double ul_x = 0, ul_end = 0, ul_em = 0;
    bool ul = false;
    for (size_t g = 0; g <= ln->nglyphs; g++) {
        const mlps_glyph *gl = g < ln->nglyphs ? &L->glyphs[ln->first_glyph + g] : NULL;
        bool under = gl && gl->mark == MLPS_MARK_UNDERLINE;
        if (ul && !under) {
            put_rule(p, ul_x, base + UNDERLINE_DROP * ul_em, ul_end, base + UNDERLINE_DROP * ul_em,
                     UNDERLINE_W);
            ul = false;
        }
        if (!gl)
            break;
        put_glyph(p, gl, x, base);
        if (under) {
            if (!ul)
                ul_x = x + gl->x;
            ul = true;
            ul_end = x + gl->x + advance(gl);
            ul_em = gl->size;
        } else if (gl->mark == MLPS_MARK_TICK_OFF || gl->mark == MLPS_MARK_TICK_ON) {
            draw_tick(p, gl, x + gl->x, base);
        }
    }
}

/* Lays the cell's paragraphs out at `scale` of their sizes; returns the text height (pt), or
 * -1 on a layout error (reported). Line widths beyond w count as not fitting (+inf). */
static double set_text(const mlps_fcell *cell, const mlps_fontset *fs, mlps_paracache *pc,
                       double scale, double w, mlps_lines *L, size_t *pfirst, double *pitch,
                       mlps_diags *d)
{
    double h = 0;
    mlps_lines_clear(L);
    for (size_t k = 0; k < cell->nblocks; k++) {
        const mlps_block *b = &cell->blocks[k];
        if (b->kind != MLPS_BLK_PARA)
            continue;
        mlps_para para = b->u.para;
        para.style.size_pt *= scale;
        para.style.grid_chars = 0;
        para.style.line_pitch_pt = para.style.size_pt * FORM_PITCH;
        pfirst[k] = L->nlines;
        pitch[k] = para.style.line_pitch_pt;
        if (k)
            h += para.style.space_before_pt * scale;
        if (mlps_para_layout_memo(pc, fs, &para, w, b->src_file, b->src_line, L, d))
            return -1;
        for (size_t i = pfirst[k]; i < L->nlines; i++) {
            if (L->lines[i].width > w + EPS)
                return INFINITY;
            h += pitch[k];
        }
        if (k + 1 < cell->nblocks)
            h += para.style.space_after_pt * scale;
    }
    pfirst[cell->nblocks] = L->nlines;
    return h;
}

/* The cell's text as one string (for digit boxes and the counts of messages): no spaces, and no
 * default-ignorable code points (f:nobr's word joiners), which print nothing (para.c). */
static void cell_chars(const mlps_fcell *cell, mlps_buf *out)
{
    for (size_t k = 0; k < cell->nblocks; k++)
        if (cell->blocks[k].kind == MLPS_BLK_PARA)
            for (size_t s = 0; s < cell->blocks[k].u.para.nspans; s++) {
                const mlps_span *sp = &cell->blocks[k].u.para.spans[s];
                for (size_t i = 0; i < sp->len;) {
                    size_t at = i;
                    uint32_t cp = mlps_utf8_next(sp->text, sp->len, &i);
                    if (cp != ' ' && !mlps_para_ignorable(cp))
                        mlps_buf_append(out, sp->text + at, i - at);
                }
            }
}

/* Characters of t (a cell_chars string). */
static size_t count_chars(const mlps_buf *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->len; n++)
        mlps_utf8_next(t->ptr, t->len, &i);
    return n;
}

/* Where a cell's problem is fixed: the data origin of its text (data="…" on the cell or a span:
 * file, line, field path), else its field="…" path resolved in the data (origins.c), else the
 * template line that wrote the cell. */
static void cell_place(const mlps_block *b, const mlps_fcell *cell, const char **file, long *line,
                       const char **path, long *tline)
{
    const mlps_block *p = cell->nblocks ? &cell->blocks[0] : NULL;
    *tline = p ? p->src_line : b->src_line;
    *file = p ? p->src_file : b->src_file;
    *line = *tline;
    *path = cell->field;
    if (p && p->data_file && p->data_line > 0) {
        *file = p->data_file;
        *line = p->data_line;
        *path = p->data_path ? p->data_path : cell->field;
    } else if (cell->origin_file) {
        *file = cell->origin_file;
        *line = cell->origin_line;
    }
}

/* A cell whose text does not fit even at its floor size: what to do (shorten it), how much
 * would fit and how much there is, at the data field; the template line last. */
static void cell_too_long(mlps_diags *d, const mlps_block *b, const mlps_fcell *cell,
                          size_t fits, size_t has)
{
    const char *file, *path;
    long line, tline;
    cell_place(b, cell, &file, &line, &path, &tline);
    const mlps_block *p = cell->nblocks ? &cell->blocks[0] : b;
    mlps_diag_error(d, file, line, path,
                    "内容太长，表格单元格放不下（约可容纳 %zu 个字，现有 %zu 个字）；请缩短（模板 %s:%ld）",
                    fits, has, p->src_file ? p->src_file : "", tline);
}

/* One character per box, centred; groups separated by half a box. */
static int digit_cell(mlps_page *p, const mlps_block *b, const mlps_fcell *cell,
                      const mlps_fontset *fs, mlps_paracache *pc, double x, double y, double w, double h, double rule,
                      mlps_diags *d)
{
    int n = 0, rc = 0;
    for (size_t g = 0; g < cell->ndigit_groups; g++)
        n += cell->digits[g];
    double units = n + DIGIT_GAP * (double)(cell->ndigit_groups - 1), bw = w / units;
    mlps_buf t = MLPS_BUF_INIT;
    mlps_buf_append(&t, "", 0);
    cell_chars(cell, &t);
    size_t nch = count_chars(&t);
    if (nch > (size_t)n) {
        const char *file, *path;
        long line, tline;
        cell_place(b, cell, &file, &line, &path, &tline);
        mlps_diag_error(d, file, line, path, "“%s”有 %zu 个字符，表格只有 %d 个数字格", t.ptr, nch, n);
        mlps_buf_free(&t);
        return 1;
    }
    const mlps_block *pb = NULL;
    for (size_t k = 0; k < cell->nblocks && !pb; k++)
        if (cell->blocks[k].kind == MLPS_BLK_PARA)
            pb = &cell->blocks[k];
    mlps_lines L = {0};
    double bx = x;
    size_t at = 0;
    int box = 0;
    for (size_t g = 0; g < cell->ndigit_groups; g++) {
        double gx = bx, gw = bw * cell->digits[g];
        put_rule(p, gx, y, gx + gw, y, rule);
        put_rule(p, gx, y + h, gx + gw, y + h, rule);
        for (int k = 0; k <= cell->digits[g]; k++)
            put_rule(p, gx + k * bw, y, gx + k * bw, y + h, rule);
        for (int k = 0; k < cell->digits[g]; k++, box++) {
            if (at >= t.len || !pb)
                continue;
            size_t from = at;
            mlps_utf8_next(t.ptr, t.len, &at);
            mlps_span sp = {t.ptr + from, at - from, NULL, MLPS_MARK_NONE};
            mlps_para para = pb->u.para;
            for (size_t s = 0; s < para.nspans; s++)
                if (para.spans[s].role)
                    sp.role = para.spans[s].role; /* the digits' role (fill-in) */
            para.spans = &sp;
            para.nspans = 1;
            para.style.size_pt = cell->size_pt;
            para.style.align = MLPS_ALIGN_CENTER;
            para.style.indent_first_em = para.style.indent_left_em = para.style.indent_right_em = 0;
            para.style.grid_chars = 0;
            mlps_lines_clear(&L);
            if (mlps_para_layout_memo(pc, fs, &para, bw, pb->src_file, pb->src_line, &L, d) ||
                !L.nlines) {
                rc = 1;
                break;
            }
            const mlps_line *ln = &L.lines[0];
            double base = y + (h - (ln->ascent + ln->descent)) / 2 + ln->ascent;
            put_line(p, &L, ln, gx + k * bw, base);
        }
        bx += gw + DIGIT_GAP * bw;
    }
    mlps_lines_free(&L);
    mlps_buf_free(&t);
    return rc;
}

/* Characters of the cell's text as printed (cell_chars). */
static size_t cell_length(const mlps_fcell *cell)
{
    mlps_buf t = MLPS_BUF_INIT;
    mlps_buf_append(&t, "", 0);
    cell_chars(cell, &t);
    size_t n = count_chars(&t);
    mlps_buf_free(&t);
    return n;
}

/* About how many characters the cell holds at its floor size: full lines of em-wide (Chinese)
 * characters; th is the height the text needed (pt, +inf for a word wider than the cell), has
 * its characters. Always fewer than it has, which did not fit. */
static size_t cell_capacity(const mlps_fcell *cell, size_t has, double iw, double ih, double th)
{
    double em = cell->min_size_pt, pitch = em * FORM_PITCH;
    double per_line = iw > 0 ? floor((iw + EPS) / em) : 0;
    double lines = ih > 0 ? floor((ih + EPS) / pitch) : 0;
    size_t fits = (size_t)(per_line * lines);
    if (fits >= has) /* narrower (Latin) characters: scale by the height needed */
        fits = isfinite(th) && th > 0 ? (size_t)floor((double)has * ih / th) : has / 2;
    return fits < has ? fits : (has ? has - 1 : 0);
}

static int text_cell(mlps_page *p, const mlps_block *b, const mlps_fcell *cell,
                     const mlps_fontset *fs, mlps_paracache *pc, double x, double y, double w, double h, mlps_lines *L,
                     mlps_diags *d)
{
    double pad = cell->pad_mm * MM, iw = w - 2 * pad, ih = h - 2 * pad;
    if (!cell->nblocks)
        return 0;
    size_t *first = mlps_xcalloc(cell->nblocks + 1, sizeof *first);
    double *pitch = mlps_xcalloc(cell->nblocks + 1, sizeof *pitch);
    double size = cell->size_pt, th = 0;
    int rc = 0;
    for (;;) {
        th = set_text(cell, fs, pc, size / cell->size_pt, iw > 1 ? iw : 1, L, first, pitch, d);
        if (th < 0) {
            rc = 1;
            goto done;
        }
        if (th <= ih + EPS)
            break;
        if (size - SHRINK_STEP < cell->min_size_pt - EPS) {
            size_t has = cell_length(cell);
            cell_too_long(d, b, cell, cell_capacity(cell, has, iw, ih, th), has);
            rc = 1;
            goto done;
        }
        size -= SHRINK_STEP;
    }
    double top = y + pad;
    if (cell->valign == MLPS_VALIGN_MIDDLE)
        top += (ih - th) / 2;
    else if (cell->valign == MLPS_VALIGN_BOTTOM)
        top += ih - th;
    double scale = size / cell->size_pt;
    for (size_t k = 0; k < cell->nblocks; k++) {
        if (cell->blocks[k].kind != MLPS_BLK_PARA)
            continue;
        if (k)
            top += cell->blocks[k].u.para.style.space_before_pt * scale;
        for (size_t i = first[k]; i < first[k + 1]; i++) {
            const mlps_line *ln = &L->lines[i];
            double base = top + (pitch[k] - (ln->ascent + ln->descent)) / 2 + ln->ascent;
            put_line(p, L, ln, x + pad, base);
            top += pitch[k];
        }
        top += cell->blocks[k].u.para.style.space_after_pt * scale;
    }
done:
    free(first);
    free(pitch);
    return rc;
}

mlps_form_box *mlps_form_layout(const mlps_block *b, const mlps_fontset *fs,
                                 struct mlps_paracache *pc, mlps_diags *d)
{
    const mlps_form *f = &b->u.form;
    mlps_form_box *box = mlps_xcalloc(1, sizeof *box);
    double *cx = mlps_xcalloc(f->ncols + 1, sizeof *cx), *ry = mlps_xcalloc(f->nrows + 1, sizeof *ry);
    slot **slots = mlps_xcalloc(f->nrows + 1, sizeof *slots);
    mlps_lines L = {0};
    int bad = place_cells(f, slots, b->src_file, b->src_line, NULL);
    for (size_t c = 0; c < f->ncols; c++)
        cx[c + 1] = cx[c] + f->col_mm[c] * MM;
    for (size_t r = 0; r < f->nrows; r++)
        ry[r + 1] = ry[r] + f->rows[r].h_mm * MM;
    box->w = cx[f->ncols];
    box->h = ry[f->nrows];
    mlps_page *p = &box->content;
    for (size_t r = 0; r < f->nrows && !bad; r++) {
        const mlps_frow *row = &f->rows[r];
        for (size_t k = 0; k < row->ncells; k++) {
            const mlps_fcell *cell = &row->cells[k];
            slot s = slots[r][k];
            double x = cx[s.c], y = ry[s.r], w = cx[s.c + s.cs] - x, h = ry[s.r + s.rs] - y;
            double rw = f->rule_pt;
            if (rw > 0) {
                if (cell->borders & MLPS_BORDER_TOP)
                    put_rule(p, x, y, x + w, y, rw);
                if (cell->borders & MLPS_BORDER_BOTTOM)
                    put_rule(p, x, y + h, x + w, y + h, rw);
                if (cell->borders & MLPS_BORDER_LEFT)
                    put_rule(p, x, y, x, y + h, rw);
                if (cell->borders & MLPS_BORDER_RIGHT)
                    put_rule(p, x + w, y, x + w, y + h, rw);
            }
            if (cell->ndigit_groups)
                bad |= digit_cell(p, b, cell, fs, pc, x, y, w, h, rw > 0 ? rw : 0.5, d);
            else
                bad |= text_cell(p, b, cell, fs, pc, x, y, w, h, &L, d);
        }
    }
    mlps_lines_free(&L);
    for (size_t r = 0; r < f->nrows; r++)
        free(slots[r]);
    free(slots);
    free(cx);
    free(ry);
    if (bad) {
        mlps_form_box_free(box);
        box = NULL;
    }
    return box;
}

void mlps_form_box_free(mlps_form_box *box)
{
    if (!box)
        return;
    free(box->content.glyphs);
    free(box->content.rules);
    free(box->content.rects);
    free(box->content.images);
    free(box);
}
