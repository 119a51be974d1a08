/* The template spec suite, in the manner of cmark's spec tests: every folder of tests/templates/
 * is one case, run here exactly as the engine runs a template:
 *   template.xsl   the template (may import files of its own folder)
 *   data.xml       the source document, read as is (not validated); absent: blank mode
 *   system         optional: the system-id parameter (one line)
 *   expected.xml   the doc XML the expansion must give, byte for byte (origins included), or
 *   expected.txt   the messages load or expansion must give, one per line ("{DIR}" stands for
 *                  the case's folder)
 *   built.txt      optional: what the render path builds from it (mlps_template_build, images
 *                  found in the case's folder): the text of each top-level paragraph, one a line
 *                  (table and figure numbers, <ref to> resolved), or its messages when it fails
 * A case with no expected file fails: every case asserts something. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "buf.h"
#include "codes.h"
#include "diag.h"
#include "doc.h"
#include "harness.h"
#include "template.h"
#include "xmlread.h"

#define SPEC "tests/templates"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    mlps_buf b = MLPS_BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        mlps_buf_append(&b, chunk, n);
    fclose(f);
    mlps_buf_append(&b, "", 0);
    return mlps_buf_detach(&b);
}

static void chomp(char *s)
{
    size_t n = s ? strlen(s) : 0;
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
        s[--n] = '\0';
}

/* The document mlps_template_build makes, as built.txt has it (caller frees). */
static char *built_text(const mlps_template *t, const mlps_expand_in *in, const char *dir)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_doc *doc = mlps_template_build(t, in, dir, &d);
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_append(&b, "", 0);
    for (size_t i = 0; doc && i < doc->nblocks; i++) {
        if (doc->blocks[i].kind != MLPS_BLK_PARA)
            continue;
        const mlps_para *p = &doc->blocks[i].u.para;
        for (size_t k = 0; k < p->nspans; k++)
            mlps_buf_append(&b, p->spans[k].text, p->spans[k].len);
        mlps_buf_putc(&b, '\n');
    }
    for (size_t i = 0; !doc && i < d.count; i++) {
        char *s = mlps_diag_format(&d.items[i]);
        mlps_buf_printf(&b, "%s\n", s);
        free(s);
    }
    mlps_doc_free(doc);
    mlps_diag_free(&d);
    char *s = mlps_buf_detach(&b);
    chomp(s);
    return s;
}

/* s with every "{DIR}" replaced by dir (caller frees). */
static char *subst_dir(const char *s, const char *dir)
{
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_append(&b, "", 0);
    for (const char *p = s; *p;) {
        if (!strncmp(p, "{DIR}", 5)) {
            mlps_buf_puts(&b, dir);
            p += 5;
        } else {
            mlps_buf_putc(&b, *p++);
        }
    }
    return mlps_buf_detach(&b);
}

static void run_case(const char *name, const mlps_codes *codes)
{
    char dir[512], path[600];
    snprintf(dir, sizeof dir, SPEC "/%s", name);
    mlps_diags d = MLPS_DIAGS_INIT;
    xmlDocPtr data = NULL, out = NULL;
    char *got = NULL, *want_xml = NULL, *want_txt = NULL, *want_built = NULL, *sys = NULL;

    snprintf(path, sizeof path, "%s/expected.xml", dir);
    want_xml = slurp(path);
    snprintf(path, sizeof path, "%s/expected.txt", dir);
    want_txt = slurp(path);
    snprintf(path, sizeof path, "%s/built.txt", dir);
    want_built = slurp(path);
    CHECK(want_xml || want_txt || want_built || getenv("SPEC_BLESS"),
          "%s: no expected.xml, expected.txt or built.txt", name);
    snprintf(path, sizeof path, "%s/system", dir);
    sys = slurp(path);
    chomp(sys);
    snprintf(path, sizeof path, "%s/data.xml", dir);
    FILE *probe = fopen(path, "rb");
    if (probe) {
        fclose(probe);
        data = mlps_xml_read_file(path, &d);
    }
    snprintf(path, sizeof path, "%s/template.xsl", dir);
    mlps_template *t = mlps_template_load(path, &d);
    if (t) {
        mlps_expand_in in = {data, sys, codes, data == NULL};
        out = mlps_template_expand(t, &in, &d);
    }
    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_append(&b, "", 0);
    if (out) {
        xmlChar *mem = NULL;
        int len = 0;
        xmlDocDumpMemoryEnc(out, &mem, &len, "UTF-8");
        mlps_buf_append(&b, (const char *)mem, (size_t)len);
        xmlFree(mem);
    } else {
        for (size_t i = 0; i < d.count; i++) {
            char *s = mlps_diag_format(&d.items[i]);
            mlps_buf_printf(&b, "%s\n", s);
            free(s);
        }
    }
    got = mlps_buf_detach(&b);
    chomp(got);
    if (!want_xml && !want_txt && getenv("SPEC_BLESS")) { /* writes a new case's expectation */
        snprintf(path, sizeof path, "%s/expected.%s", dir, out ? "xml" : "txt");
        FILE *f = fopen(path, "w");
        for (const char *p = got; f && *p; p++) {
            if (!strncmp(p, dir, strlen(dir))) {
                fputs("{DIR}", f);
                p += strlen(dir) - 1;
            } else {
                fputc(*p, f);
            }
        }
        if (f) {
            fputc('\n', f);
            fclose(f);
        }
    }
    if (want_xml) {
        char *w = subst_dir(want_xml, dir);
        chomp(w);
        CHECK(out && !strcmp(got, w), "%s: expected doc XML\n%s\ngot\n%s", name, w, got);
        free(w);
    } else if (want_txt) {
        char *w = subst_dir(want_txt, dir);
        chomp(w);
        CHECK(!out && !strcmp(got, w), "%s: expected messages\n%s\ngot\n%s", name, w,
              out ? "(an expanded document)" : got);
        free(w);
    }
    if (t && want_built) {
        mlps_expand_in in = {data, sys, codes, data == NULL};
        char *w = subst_dir(want_built, dir), *b = built_text(t, &in, dir);
        chomp(w);
        CHECK(!strcmp(b, w), "%s: expected built\n%s\ngot\n%s", name, w, b);
        free(w);
        free(b);
    }
    /* err-doc-*: the render path (docxml, no schema pass) says the same at the same line */
    if (t && want_txt && !strncmp(name, "err-doc-", 8)) {
        mlps_diags d2 = MLPS_DIAGS_INIT;
        mlps_expand_in in = {data, sys, codes, data == NULL};
        mlps_doc *doc = mlps_template_build(t, &in, "", &d2);
        CHECK(doc == NULL, "%s: built", name);
        char *first = d2.count ? mlps_diag_format(&d2.items[0]) : NULL;
        char *w = subst_dir(want_txt, dir);
        chomp(w);
        CHECK(first && !strcmp(first, w), "%s: build says\n%s\nexpand says\n%s", name,
              first ? first : "(nothing)", w);
        free(w);
        free(first);
        mlps_doc_free(doc);
        mlps_diag_free(&d2);
    }
    xmlFreeDoc(out);
    xmlFreeDoc(data);
    mlps_template_free(t);
    mlps_diag_free(&d);
    free(got);
    free(want_xml);
    free(want_txt);
    free(want_built);
    free(sys);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_codes *codes = mlps_codes_load("templates/codes.xml", &d);
    CHECK(codes != NULL, "codes");
    DIR *dp = opendir(SPEC);
    CHECK(dp != NULL, "no " SPEC);
    char *names[512];
    size_t n = 0;
    for (struct dirent *e; dp && (e = readdir(dp)) && n < 512;)
        if (e->d_name[0] != '.')
            names[n++] = strdup(e->d_name);
    if (dp)
        closedir(dp);
    qsort(names, n, sizeof *names, by_name);
    CHECK(n >= 20, "only %zu cases", n);
    for (size_t i = 0; i < n; i++) {
        run_case(names[i], codes);
        free(names[i]);
    }
    mlps_codes_free(codes);
    mlps_diag_free(&d);
    xmlCleanupParser();
    TEST_DONE();
}
