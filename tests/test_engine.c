/* The public API (mlps.h) as a program using the library sees it: one engine, a unit, the
 * default plan's run, jobs rendered in two threads at once, diagnostics with stable codes. */
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "mlps.h"

const char *mlps_data_dir(void); /* cli/datadir.c: the checkout */

typedef struct {
    const mlps_run *r;
    size_t first, step;
    int failed;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    for (size_t i = w->first; i < mlps_run_count(w->r); i += w->step) {
        mlps_job *j = mlps_job_new(w->r, i);
        if (mlps_job_render(j) != 0) {
            w->failed++;
            mlps_diags_print(mlps_job_diags(j), stdout);
        }
        mlps_job_free(j);
    }
    return NULL;
}

/* The code of the first diagnostic, or "" (the string stays valid while d lives). */
static const char *first_code(const mlps_diags *d)
{
    return mlps_diags_count(d) ? mlps_diags_code(d, 0) : "";
}

int main(void)
{
    char dir[] = "/tmp/mlps-test-engine-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char sample[4096], path[4096];
    snprintf(sample, sizeof sample, "%s/samples/wenzhou-soe.xml", mlps_data_dir());

    mlps_diags *d = mlps_diags_new();
    mlps_engine *e = mlps_engine_new(mlps_data_dir(), NULL, d);
    CHECK(e != NULL, "engine");
    CHECK_INT(mlps_diags_count(d), 0);
    mlps_unit *u = mlps_unit_load(e, sample, d);
    CHECK(u != NULL, "unit");
    CHECK_INT(mlps_unit_system_count(u), 3);
    CHECK_STR(mlps_unit_system_id(u, 1), "scada");

    mlps_run_options opts = {dir, NULL, 0};
    mlps_run *r = mlps_run_new(e, NULL, u, &opts, d);
    CHECK(r != NULL, "run");
    /* per system: 定级报告 1.0 and 2.0, policy report; per unit: both 备案表, the response plan */
    CHECK_INT(mlps_run_count(r), 12);
    snprintf(path, sizeof path, "%s/温州市瓯江水务集团有限公司-供水生产调度系统-网络安全等级保护定级报告.pdf", dir);
    size_t at = 0;
    while (at < mlps_run_count(r) && strcmp(mlps_run_path(r, at), path))
        at++;
    CHECK(at < mlps_run_count(r), "%s among the jobs", path);
    if (at < mlps_run_count(r)) {
        CHECK_STR(mlps_run_system_id(r, at), "scada");
        snprintf(sample, sizeof sample, "%s/templates/grading-report-2.0.", mlps_data_dir());
        const char *tp = mlps_run_template(r, at); /* .xsl or .xml */
        CHECK(tp && !strncmp(tp, sample, strlen(sample)) && strlen(tp) == strlen(sample) + 3, "%s", tp);
    }

    /* two threads share the engine, the plan and the unit */
    worker w[2] = {{r, 0, 2, 0}, {r, 1, 2, 0}};
    pthread_t th;
    CHECK(pthread_create(&th, NULL, work, &w[1]) == 0, "thread");
    work(&w[0]);
    pthread_join(th, NULL);
    CHECK_INT(w[0].failed + w[1].failed, 0);
    for (size_t i = 0; i < mlps_run_count(r); i++) {
        struct stat st;
        CHECK(stat(mlps_run_path(r, i), &st) == 0 && st.st_size > 10000, "%s", mlps_run_path(r, i));
        unlink(mlps_run_path(r, i));
    }

    /* --form 2.0: the three 2.0 定级报告, the 2.0 备案表 and the form-free policy reports and plan */
    mlps_run_options two = {dir, "2.0", 0};
    mlps_run *r2 = mlps_run_new(e, NULL, u, &two, d);
    CHECK(r2 && mlps_run_count(r2) == 8, "form 2.0");
    mlps_run_free(r2);

    /* a job whose file cannot be written: failure is the return value, the code says where */
    snprintf(path, sizeof path, "%s/no/such/folder/x.pdf", dir);
    mlps_diags *td = mlps_diags_new();
    mlps_job *j = mlps_job_new_template(e, u, mlps_run_template(r, 2), "oa", path, NULL, td);
    CHECK(j != NULL, "template job");
    CHECK(mlps_job_render(j) != 0, "unwritable path must fail");
    CHECK_STR(first_code(mlps_job_diags(j)), "output");
    char *t = mlps_diags_text(mlps_job_diags(j), 0);
    CHECK(t && strstr(t, "无法创建输出文件"), "%s", t ? t : "(null)");
    free(t);
    mlps_job_free(j);

    /* a template that is wrong at load (not even XML): code "template" */
    snprintf(sample, sizeof sample, "%s/bad-template.xsl", dir);
    FILE *bt = fopen(sample, "w");
    if (bt) {
        fputs("<xsl:stylesheet", bt);
        fclose(bt);
    }
    CHECK(mlps_job_new_template(e, u, sample, "oa", path, NULL, td) == NULL, "bad template");
    unlink(sample);
    CHECK_STR(mlps_diags_code(td, mlps_diags_count(td) - 1), "template");

    /* bad data: NULL, codes by kind */
    mlps_diags *bd = mlps_diags_new();
    snprintf(sample, sizeof sample, "%s/samples/broken/bad-postcode.xml", mlps_data_dir());
    CHECK(mlps_unit_load(e, sample, bd) == NULL, "broken unit");
    CHECK_STR(first_code(bd), "data.check");
    mlps_diags *md = mlps_diags_new();
    snprintf(sample, sizeof sample, "%s/samples/broken/missing-element.xml", mlps_data_dir());
    CHECK(mlps_unit_load(e, sample, md) == NULL, "unit missing an element");
    CHECK_STR(first_code(md), "data.schema");
    mlps_diags *pd = mlps_diags_new();
    snprintf(sample, sizeof sample, "%s/samples/broken/malformed.xml", mlps_data_dir());
    CHECK(mlps_unit_load(e, sample, pd) == NULL, "malformed unit");
    CHECK_STR(first_code(pd), "data.read");
    mlps_diags_move(bd, pd);
    CHECK_INT(mlps_diags_count(pd), 0);
    CHECK(mlps_diags_count(bd) >= 2, "moved");

    /* a plan file that does not exist */
    mlps_diags *pl = mlps_diags_new();
    CHECK(mlps_plan_open(e, "/nonexistent/plan.xml", pl) == NULL, "missing plan");
    CHECK_STR(first_code(pl), "plan");

    mlps_diags_free(pl);
    mlps_diags_free(md);
    mlps_diags_free(pd);
    mlps_diags_free(bd);
    mlps_diags_free(td);
    mlps_run_free(r);
    mlps_unit_free(u);
    mlps_engine_free(e);
    mlps_diags_free(d);
    rmdir(dir);
    TEST_DONE();
}
