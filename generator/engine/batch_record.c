/* Record files: "mlpsdoc-record 3", then "unit", "plan", "data", "name" lines, one "out"
 * line per output followed by its "img" and "font" lines, and one "gone" line per stale output. Fields are escaped (\\ \t \n) so names never break a
 * line. */
#include "batch_record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "mlps_limits.h"
#include "outfile.h"

#define RECORD_MAGIC "mlpsdoc-record\t3"
#define RECORD_OUT_FIELDS 13

static void put_field(mlps_buf *b, const char *s)
{
    mlps_buf_putc(b, '\t');
    for (; s && *s; s++) {
        if (*s == '\\' || *s == '\t' || *s == '\n') {
            mlps_buf_putc(b, '\\');
            mlps_buf_putc(b, *s == '\\' ? '\\' : *s == '\t' ? 't' : 'n');
        } else {
            mlps_buf_putc(b, *s);
        }
    }
}

/* Splits line (modified in place) at tabs, unescaping each field; returns the field count. */
static size_t split(char *line, char **f, size_t max)
{
    size_t n = 0;
    char *w = line, *r = line;
    f[n++] = w;
    for (; *r; r++) {
        if (*r == '\t') {
            *w++ = '\0';
            if (n == max)
                return n;
            f[n++] = w;
        } else if (*r == '\\' && r[1]) {
            r++;
            *w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return n;
}

int mlps_record_write(const char *path, const mlps_record *r, mlps_diags *d)
{
    mlps_buf b = MLPS_BUF_INIT;
    char hex[MLPS_HASH_HEX];
    mlps_hash_hex(r->unit_hash, hex);
    mlps_buf_printf(&b, "%s\nunit\t%s", RECORD_MAGIC, hex);
    mlps_hash_hex(r->plan_hash, hex);
    mlps_buf_printf(&b, "\nplan\t%s", hex);
    mlps_buf_puts(&b, "\ndata");
    put_field(&b, r->data_file);
    mlps_buf_puts(&b, "\nname");
    put_field(&b, r->unit);
    mlps_buf_putc(&b, '\n');
    for (size_t i = 0; i < r->nouts; i++) {
        const mlps_record_out *o = &r->outs[i];
        mlps_hash_hex(o->input, hex);
        mlps_buf_puts(&b, "out");
        put_field(&b, o->name);
        put_field(&b, o->document);
        put_field(&b, o->system_id);
        put_field(&b, o->system_name);
        char ehex[MLPS_HASH_HEX];
        mlps_hash_hex(o->entry, ehex);
        mlps_buf_printf(&b, "\t%zu\t%s\t%lld\t%lld\t%llu\t%ld\t%zu\t%zu\t%s\n", o->doc, hex, o->size,
                        o->mtime_ns, o->ino, o->pages, o->nimages, o->nfonts, ehex);
        for (size_t k = 0; k < o->nimages; k++) {
            mlps_buf_puts(&b, "img");
            put_field(&b, o->images[k]);
            mlps_buf_putc(&b, '\n');
        }
        for (size_t k = 0; k < o->nfonts; k++) {
            mlps_buf_puts(&b, "font");
            put_field(&b, o->fonts[k]);
            mlps_buf_putc(&b, '\n');
        }
    }
    for (size_t i = 0; i < r->ngone; i++) {
        const mlps_record_gone *g = &r->gone[i];
        mlps_buf_puts(&b, "gone");
        put_field(&b, g->name);
        mlps_buf_printf(&b, "\t%lld\t%lld\t%llu\n", g->size, g->mtime_ns, g->ino);
    }
    int rc = mlps_write_atomic(path, b.ptr, b.len, d);
    mlps_buf_free(&b);
    return rc;
}

int mlps_record_read(const char *path, mlps_record *r)
{
    memset(r, 0, sizeof *r);
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    int rc = -1, have_unit = 0, have_plan = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    mlps_record_out *cur = NULL;
    size_t want_img = 0, want_font = 0;
    if ((n = getline(&line, &cap, f)) <= 0 || strncmp(line, RECORD_MAGIC "\n", (size_t)n))
        goto done;
    while ((n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] != '\n')
            goto done; /* a cut line: not ours, or damaged */
        line[n - 1] = '\0';
        char *fld[RECORD_OUT_FIELDS + 1];
        size_t nf = split(line, fld, RECORD_OUT_FIELDS + 1);
        if (!strcmp(fld[0], "unit") && nf == 2) {
            if (mlps_hash_parse(fld[1], &r->unit_hash))
                goto done;
            have_unit = 1;
        } else if (!strcmp(fld[0], "plan") && nf == 2) {
            if (mlps_hash_parse(fld[1], &r->plan_hash))
                goto done;
            have_plan = 1;
        } else if (!strcmp(fld[0], "data") && nf == 2 && !r->data_file) {
            r->data_file = mlps_xstrdup(fld[1]);
        } else if (!strcmp(fld[0], "name") && nf == 2 && !r->unit) {
            r->unit = mlps_xstrdup(fld[1]);
        } else if (!strcmp(fld[0], "out") && nf == RECORD_OUT_FIELDS + 1 && !want_img && !want_font) {
            mlps_record_out o = {0};
            char *end;
            o.doc = strtoul(fld[5], &end, 10);
            if (mlps_hash_parse(fld[6], &o.input))
                goto done;
            o.size = strtoll(fld[7], &end, 10);
            o.mtime_ns = strtoll(fld[8], &end, 10);
            o.ino = strtoull(fld[9], &end, 10);
            o.pages = strtol(fld[10], &end, 10);
            want_img = strtoul(fld[11], &end, 10);
            want_font = strtoul(fld[12], &end, 10);
            if (mlps_hash_parse(fld[13], &o.entry))
                goto done;
            if (want_img > MLPS_MAX_RECORD_IMAGES || want_font > MLPS_MAX_RECORD_FONTS)
                goto done;
            o.name = fld[1];
            o.document = fld[2];
            o.system_id = fld[3];
            o.system_name = fld[4];
            mlps_record_add(r, &o);
            cur = &r->outs[r->nouts - 1];
            cur->images = want_img ? mlps_xcalloc(want_img, sizeof *cur->images) : NULL;
            cur->fonts = want_font ? mlps_xcalloc(want_font, sizeof *cur->fonts) : NULL;
        } else if (!strcmp(fld[0], "img") && nf == 2 && want_img && cur) {
            cur->images[cur->nimages++] = mlps_xstrdup(fld[1]);
            want_img--;
        } else if (!strcmp(fld[0], "font") && nf == 2 && !want_img && want_font && cur) {
            cur->fonts[cur->nfonts++] = mlps_xstrdup(fld[1]);
            want_font--;
        } else if (!strcmp(fld[0], "gone") && nf == 5 && !want_img && !want_font) {
            char *end;
            mlps_record_add_gone(r, fld[1], strtoll(fld[2], &end, 10), strtoll(fld[3], &end, 10),
                                 strtoull(fld[4], &end, 10));
        } else {
            goto done;
        }
    }
    rc = have_unit && have_plan && !want_img && !want_font && !ferror(f) ? 0 : -1;
done:
    free(line);
    fclose(f);
    if (rc)
        mlps_record_free(r);
    return rc;
}

char *mlps_record_read_data(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *line = NULL, *data = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, f);
    /* the header lines come first (mlps_record_write): stop at the first other line */
    if (n > 0 && !strncmp(line, RECORD_MAGIC "\n", (size_t)n)) {
        while (!data && (n = getline(&line, &cap, f)) > 0 && line[n - 1] == '\n') {
            line[n - 1] = '\0';
            char *fld[3];
            size_t nf = split(line, fld, 3);
            if (!strcmp(fld[0], "data") && nf == 2)
                data = mlps_xstrdup(fld[1]);
            else if (strcmp(fld[0], "unit") && strcmp(fld[0], "plan") && strcmp(fld[0], "name"))
                break;
        }
    }
    free(line);
    fclose(f);
    return data;
}

static char *dup0(const char *s)
{
    return mlps_xstrdup(s ? s : "");
}

void mlps_record_add(mlps_record *r, const mlps_record_out *o)
{
    XGROW(r->outs, r->cap, r->nouts + 1);
    mlps_record_out *c = &r->outs[r->nouts++];
    *c = *o;
    c->name = dup0(o->name);
    c->document = dup0(o->document);
    c->system_id = dup0(o->system_id);
    c->system_name = dup0(o->system_name);
    c->images = o->nimages ? mlps_xcalloc(o->nimages, sizeof *c->images) : NULL;
    for (size_t k = 0; k < o->nimages; k++)
        c->images[k] = dup0(o->images[k]);
    c->fonts = o->nfonts ? mlps_xcalloc(o->nfonts, sizeof *c->fonts) : NULL;
    for (size_t k = 0; k < o->nfonts; k++)
        c->fonts[k] = dup0(o->fonts[k]);
}

void mlps_record_add_gone(mlps_record *r, const char *name, long long size, long long mtime_ns,
                          unsigned long long ino)
{
    XGROW(r->gone, r->gone_cap, r->ngone + 1);
    r->gone[r->ngone++] = (mlps_record_gone){dup0(name), size, mtime_ns, ino};
}

void mlps_record_out_free(mlps_record_out *o)
{
    free(o->name);
    free(o->document);
    free(o->system_id);
    free(o->system_name);
    for (size_t k = 0; k < o->nimages; k++)
        free(o->images[k]);
    free(o->images);
    for (size_t k = 0; k < o->nfonts; k++)
        free(o->fonts[k]);
    free(o->fonts);
    memset(o, 0, sizeof *o);
}

void mlps_record_free(mlps_record *r)
{
    for (size_t i = 0; i < r->nouts; i++)
        mlps_record_out_free(&r->outs[i]);
    free(r->outs);
    for (size_t i = 0; i < r->ngone; i++)
        free(r->gone[i].name);
    free(r->gone);
    free(r->data_file);
    free(r->unit);
    memset(r, 0, sizeof *r);
}
