/* mlpsdoc typeset DOC.xml -o OUT.pdf [--dump] [--fonts FONTS.xml]: doc XML straight to PDF.
 * Hidden: --repeat N [--jobs J] loads the fonts once, then reads, lays out and writes the
 * document N times in J threads sharing the fonts, and prints the time per document (make
 * bench: the warm-batch figures). */
#include <libxml/parser.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "diag.h"
#include "doc.h"
#include "docschema.h"
#include "font.h"
#include "layout.h"
#include "outfile.h"
#include "para.h"
#include "pdf.h"

#define MAX_REPEAT 100000
#define MAX_JOBS 64

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void usage(void)
{
    fputs("用法: mlpsdoc typeset DOC.xml -o OUT.pdf [--dump] [--fonts FONTS.xml]\n"
          "  --dump    把排版结果（页、文字、线条）以文本形式输出到标准输出\n"
          "  --fonts   字体配置文件（默认：数据目录下 fonts/fonts.xml）\n",
          stderr);
}

/* One document: read, lay out, write / dump. 0 on success. */
static int typeset_once(const char *in, const char *out, int dump, const mlps_fontset *fs,
                        const mlps_doc_schema *schema, mlps_diags *d)
{
    int rc = 1;
    mlps_layout *lay = NULL;
    mlps_doc *doc = mlps_doc_load_checked(in, schema, d);
    if (!doc)
        goto done;
    mlps_geom g = mlps_geom_gbt9704();
    lay = mlps_layout_doc(doc, fs, &g, d);
    if (!lay)
        goto done;
    if (dump)
        mlps_layout_dump(lay, stdout);
    if (out && mlps_pdf_write(lay, &doc->meta, out, d))
        goto done;
    rc = d->errors ? 1 : 0;
done:
    mlps_layout_free(lay);
    mlps_doc_free(doc);
    return rc;
}

/* The warm batch: workers take the next document number until all are done. */
typedef struct {
    const char *in, *out;
    const mlps_fontset *fs;
    const mlps_doc_schema *schema;
    long repeat;
    atomic_long next;
    atomic_int failed;
    double *times; /* per document, ms */
} batch;

typedef struct {
    batch *b;
    mlps_diags d;
} worker;

static void *work(void *arg)
{
    worker *wk = arg;
    batch *b = wk->b;
    for (long k; !atomic_load(&b->failed) && (k = atomic_fetch_add(&b->next, 1)) < b->repeat;) {
        double t = now_ms();
        if (typeset_once(b->in, b->out, 0, b->fs, b->schema, &wk->d)) {
            atomic_store(&b->failed, 1);
            break;
        }
        b->times[k] = now_ms() - t;
    }
    return NULL;
}

/* Runs the batch on jobs threads (the calling one included); prints each worker's messages,
 * then the figures. 0 when every document was written. */
static int run_batch(batch *b, int jobs, double t_fonts)
{
    worker wk[MAX_JOBS];
    pthread_t th[MAX_JOBS];
    int started = 0;
    xmlInitParser(); /* once, before threads parse (libxml2's rule) */
    mlps_para_prepare_threads();
    double t0 = now_ms();
    for (int j = 0; j < jobs; j++)
        wk[j] = (worker){b, MLPS_DIAGS_INIT};
    for (int j = 1; j < jobs && pthread_create(&th[j], NULL, work, &wk[j]) == 0; j++)
        started = j;
    work(&wk[0]);
    for (int j = 1; j <= started; j++)
        pthread_join(th[j], NULL);
    double wall = now_ms() - t0;
    for (int j = 0; j < jobs; j++) {
        mlps_diag_print(&wk[j].d, stderr);
        mlps_diag_free(&wk[j].d);
    }
    if (atomic_load(&b->failed))
        return 1;
    long n = b->repeat;
    double sum = 0;
    for (long k = 0; k < n; k++)
        sum += b->times[k];
    double first = b->times[0];
    qsort(b->times, (size_t)n, sizeof *b->times, cmp_double);
    printf("fonts_load_ms %.3f\nfirst_doc_ms %.3f\nrepeat %ld\njobs %d\nmean_ms_per_doc %.3f\n"
           "median_ms_per_doc %.3f\nmin_ms_per_doc %.3f\nwall_ms_per_doc %.3f\n",
           t_fonts, first, n, started + 1, sum / (double)n, b->times[n / 2], b->times[0],
           wall / (double)n);
    return 0;
}

int mlps_cmd_typeset(int argc, char **argv)
{
    const char *in = NULL, *out = NULL, *fonts = NULL;
    int dump = 0, status = 2;
    long repeat = 0, jobs = 1;
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_fontset *fs = NULL;
    mlps_doc_schema *schema = NULL;
    char *conf = NULL, *rng = NULL;
    double *times = NULL;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-o") && i + 1 < argc) {
            out = argv[++i];
        } else if (!strcmp(a, "--fonts") && i + 1 < argc) {
            fonts = argv[++i];
        } else if (!strcmp(a, "--dump")) {
            dump = 1;
        } else if (!strcmp(a, "--repeat") && i + 1 < argc) {
            char *end;
            repeat = strtol(argv[++i], &end, 10);
            if (*end || repeat < 1 || repeat > MAX_REPEAT) {
                fprintf(stderr, "mlpsdoc typeset: --repeat 应为 1 到 %d 之间的整数\n", MAX_REPEAT);
                goto done;
            }
        } else if (!strcmp(a, "--jobs") && i + 1 < argc) {
            char *end;
            jobs = strtol(argv[++i], &end, 10);
            if (*end || jobs < 1 || jobs > MAX_JOBS) {
                fprintf(stderr, "mlpsdoc typeset: --jobs 应为 1 到 %d 之间的整数\n", MAX_JOBS);
                goto done;
            }
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage();
            status = 0;
            goto done;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "mlpsdoc typeset: 未知选项“%s”\n", a);
            usage();
            goto done;
        } else if (!in) {
            in = a;
        } else {
            fprintf(stderr, "mlpsdoc typeset: 多余的参数“%s”\n", a);
            usage();
            goto done;
        }
    }
    if (!in || (!out && !dump)) {
        usage();
        goto done;
    }
    status = 1;
    const char *inputs[] = {in, fonts, NULL};
    if (out && mlps_output_pdf_ok(out, inputs, &d))
        goto done;
    if (!fonts)
        fonts = conf = mlps_data_fonts_conf();
    /* doc XML is checked against templates/schema/doc.rng, as templates' output is */
    rng = mlps_data_file("templates/schema/doc.rng");
    schema = mlps_doc_schema_load(rng, &d);
    if (!schema)
        goto done;
    double t0 = now_ms();
    fs = mlps_fontset_load(fonts, &d);
    if (!fs)
        goto done;
    double t_fonts = now_ms() - t0;
    if (!repeat) {
        status = typeset_once(in, out, dump, fs, schema, &d);
        goto done;
    }
    times = calloc((size_t)repeat, sizeof *times);
    if (!times)
        goto done;
    batch b = {.in = in, .out = out, .fs = fs, .schema = schema, .repeat = repeat, .times = times};
    status = run_batch(&b, (int)jobs, t_fonts);
done:
    free(times);
    mlps_fontset_free(fs);
    mlps_doc_schema_free(schema);
    free(conf);
    free(rng);
    return mlps_cli_finish(&d, status);
}
