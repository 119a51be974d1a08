/* A stable text form of a layout for golden tests: one line per glyph run, rule, rectangle,
 * image and outline entry, coordinates rounded to 0.01 pt. */
#include <math.h>
#include <stdio.h>

#include "layout.h"
#include "utf8.h"

/* -0.00 printed as 0.00, so dumps do not depend on the sign of a rounding error */
static double r2(double v)
{
    double x = round(v * 100.0) / 100.0;
    return x == 0 ? 0 : x;
}

static void dump_text(const mlps_page *p, FILE *out)
{
    size_t i = 0;
    while (i < p->nglyphs) {
        const mlps_glyph *g0 = &p->glyphs[i];
        size_t j = i + 1;
        /* a run: same face, size, baseline and repetition */
        while (j < p->nglyphs && p->glyphs[j].face == g0->face && p->glyphs[j].size == g0->size &&
               fabs(p->glyphs[j].y - g0->y) < 0.005 && p->glyphs[j].repeated == g0->repeated)
            j++;
        fprintf(out, "  text %.2f %.2f..%.2f size=%.2f font=%s%s |", r2(g0->x), r2(g0->y),
                r2(p->glyphs[j - 1].x), r2(g0->size), g0->face ? mlps_face_family(g0->face) : "?",
                g0->repeated ? " repeated" : "");
        for (size_t k = i; k < j; k++) {
            char u[4];
            size_t n = p->glyphs[k].uni ? mlps_utf8_encode(p->glyphs[k].uni, u) : 0;
            if (n)
                fwrite(u, 1, n, out);
            else
                fputc('?', out);
        }
        fputs("|\n", out);
        i = j;
    }
}

void mlps_layout_dump(const mlps_layout *lay, FILE *out)
{
    const mlps_geom *g = &lay->geom;
    fprintf(out, "layout pages=%zu page=%.2fx%.2f block=%.2f,%.2f %.2fx%.2f lines=%d\n", lay->npages,
            r2(g->page_w), r2(g->page_h), r2(g->margin_left), r2(g->margin_top), r2(g->text_w),
            r2(g->text_h), g->lines_per_page);
    for (size_t i = 0; i < lay->npages; i++) {
        const mlps_page *p = &lay->pages[i];
        fprintf(out, "page %zu number=%d\n", i + 1, p->number);
        for (size_t k = 0; k < p->nrects; k++)
            fprintf(out, "  rect %.2f %.2f %.2fx%.2f gray=%.2f\n", r2(p->rects[k].x),
                    r2(p->rects[k].y), r2(p->rects[k].w), r2(p->rects[k].h), r2(p->rects[k].gray));
        for (size_t k = 0; k < p->nimages; k++)
            fprintf(out, "  image %.2f %.2f %.2fx%.2f %s\n", r2(p->images[k].x),
                    r2(p->images[k].y), r2(p->images[k].w), r2(p->images[k].h), p->images[k].path);
        for (size_t k = 0; k < p->nrules; k++)
            fprintf(out, "  rule %.2f,%.2f %.2f,%.2f w=%.2f\n", r2(p->rules[k].x1),
                    r2(p->rules[k].y1), r2(p->rules[k].x2), r2(p->rules[k].y2),
                    r2(p->rules[k].width));
        dump_text(p, out);
    }
    for (size_t i = 0; i < lay->noutline; i++)
        fprintf(out, "outline %d page=%zu y=%.2f %s\n", lay->outline[i].level,
                lay->outline[i].page + 1, r2(lay->outline[i].y), lay->outline[i].title);
}
