/* mlpsdoc batch [-j N] [-o OUTDIR] [--force] [-n] [--prune] [--fast] [--report FILE.json] [--shard K/N] PATH...
 * Every document of every unit, in worker threads, rebuilding only what changed
 * (generator/engine/batch.h). On a terminal a progress bar, otherwise one line a document;
 * a summary at the end; every failure listed; exit 1 when anything failed. -n (dry run) lists
 * what would be built and why, and writes nothing but the report. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "buf.h"
#include "cli.h"
#include "diag.h"
#include "mem.h"
#include "outfile.h"
#include "plan.h"

#define PROGRESS_REDRAW_S 0.1 /* the bar is redrawn at most this often */
#define PROGRESS_WIDTH 24

static void usage(FILE *out)
{
    fputs("用法: mlpsdoc batch [-j N] [-o OUTDIR] [--force] [-n] [--prune] [--fast] [--report FILE.json] [--shard K/N] PATH...\n"
          "  PATH        单位数据文件、存放数据文件的文件夹（其中的 *.xml），或批处理文件（templates/schema/batch.rng）\n"
          "  -j N        工作线程数（默认：CPU 核数）\n"
          "  -o OUTDIR   输出目录（默认 out/）\n"
          "  --force     全部重新生成（默认只生成输入有变化的文档）\n"
          "  -n, --dry-run  试运行：只列出将要生成的文档及原因，不生成、不写任何文件（--report 照写）\n"
          "  --prune     删除不再生成的旧输出（如定级对象改名或删除、数据文件删除后留下的 PDF；只删本工具生成后未被改动的文件）\n"
          "  --fast      已无作用（字形现已每批只压缩一次），保留以兼容旧脚本\n"
          "  --report F  把每份输出和每个失败写入 JSON 报告（格式见 docs/batch-report.md）\n"
          "  --shard K/N 只处理第 K 份（共 N 份，按单位稳定划分），供多台机器分担\n"
          "  -p PLAN     生成计划：templates/plans 中的名称或文件路径（默认 default；批处理文件可用 plan 属性指定）\n"
          "  --form V    只生成 1.0 或 2.0 版表格的文档\n"
          "  --fonts F   字体配置（默认：数据目录下 fonts/fonts.xml）\n"
          "  --progress / --no-progress  进度条（默认：标准错误是终端时显示）\n",
          out);
}

typedef struct progress_ctx {
    int bar;       /* draw a bar on stderr; else plain lines on stdout */
    double last;   /* when the bar was last drawn */
    int drawn;
    FILE *entries; /* the report's output entries as they come; NULL without --report */
    size_t nentries;
} progress_ctx;

/* Set by SIGINT/SIGTERM: the run finishes the units it started and stops. The one piece of
 * process state the CLI keeps, as a signal handler can reach nothing else. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void draw_bar(progress_ctx *pc, const mlps_batch_progress *p, int final)
{
    double t = now_s();
    if (!final && pc->drawn && t - pc->last < PROGRESS_REDRAW_S)
        return;
    pc->last = t;
    pc->drawn = 1;
    size_t docs = p->built + p->skipped + p->failed;
    double frac = p->units_total ? (double)p->units_done / (double)p->units_total : 1.0;
    int fill = (int)(frac * PROGRESS_WIDTH + 0.5);
    char bar[PROGRESS_WIDTH * 3 + 1];
    size_t k = 0;
    for (int i = 0; i < PROGRESS_WIDTH; i++) {
        const char *c = i < fill ? "█" : "░";
        memcpy(bar + k, c, 3);
        k += 3;
    }
    bar[k] = '\0';
    double rate = p->elapsed_s > 0 ? (double)docs / p->elapsed_s : 0;
    double eta = p->units_done ? p->elapsed_s * (double)(p->units_total - p->units_done) / (double)p->units_done : 0;
    fprintf(stderr, "\r%s 单位 %zu/%zu  文档 生成 %zu 跳过 %zu 失败 %zu  %.0f 份/秒  剩余 %d:%02d \033[K",
            bar, p->units_done, p->units_total, p->built, p->skipped, p->failed, rate,
            (int)eta / 60, (int)eta % 60);
    if (final)
        fputc('\n', stderr);
    fflush(stderr);
}

/* A reason code of the report (docs/batch-report.md) as the dry run prints it. */
static const char *reason_text(const char *code)
{
    static const char *const names[][2] = {
        {"forced", "--force"},
        {"new", "尚未生成过"},
        {"unrecorded", "文件已存在，但没有它的生成记录（上次生成失败或记录已作废）"},
        {"data", "数据文件或 mlpsdoc 已变"},
        {"template", "模板、片段或生成计划条目已变"},
        {"inputs", "字体配置、字体文件或图片已变"},
        {"output", "输出文件缺失或已被改动"},
    };
    for (size_t i = 0; code && i < sizeof names / sizeof *names; i++)
        if (!strcmp(code, names[i][0]))
            return names[i][1];
    return code ? code : "";
}

static void on_progress(void *ctx, const mlps_batch_progress *p, const mlps_batch_output *o,
                        const mlps_batch_failure *failed)
{
    progress_ctx *pc = ctx;
    (void)failed; /* listed at the end */
    if (o && pc->entries)
        mlps_batch_report_output(pc->entries, o, pc->nentries++ == 0);
    if (o && o->built == 2)
        printf("将生成 %s（%s）\n", o->path, reason_text(o->reason));
    else if (!pc->bar && o && o->built)
        printf("已生成 %s\n", o->path);
    if (pc->bar && p)
        draw_bar(pc, p, 0);
}

/* "K/N" with 1 <= K <= N; 0 on success. */
static int parse_shard(const char *s, unsigned *k, unsigned *n)
{
    char *end;
    long a = strtol(s, &end, 10);
    if (*end != '/')
        return -1;
    long b = strtol(end + 1, &end, 10);
    if (*end || b < 1 || a < 1 || a > b || b > 1000000)
        return -1;
    *k = (unsigned)a;
    *n = (unsigned)b;
    return 0;
}

/* Stale outputs that --prune deletes (or, in a dry run, would). */
static size_t count_prunable(const mlps_batch_result *r, int prune)
{
    size_t n = 0;
    for (size_t i = 0; prune && i < r->nstale; i++)
        n += !r->stale[i].changed;
    return n;
}

/* One line per output the plan no longer makes (docs/batch-report.md, "stale"). */
static void print_stale(const mlps_batch_result *r, int dry, int prune)
{
    for (size_t i = 0; i < r->nstale; i++) {
        const mlps_batch_stale *x = &r->stale[i];
        const char *what = x->removed                ? "已删除"
                           : x->changed              ? "保留：生成后已被改动，不会删除"
                           : dry && prune            ? "将删除"
                                                     : "仍在，加 --prune 可删除";
        printf("不再生成 %s（%s）\n", x->path, what);
    }
}

static void print_failures(const mlps_batch_result *r)
{
    for (size_t i = 0; i < r->nfailures; i++) {
        const mlps_batch_failure *f = &r->failures[i];
        mlps_diag x = {MLPS_ERROR, f->code, f->file, f->line, f->field, f->message};
        char *s = mlps_diag_format(&x);
        fprintf(stderr, "失败 [%s] %s\n", f->code, s);
        free(s);
    }
}

int mlps_cmd_batch(int argc, char **argv)
{
    const char *outdir = "out", *report = NULL, *fonts = NULL, *plan_arg = NULL, *form = NULL;
    long jobs = sysconf(_SC_NPROCESSORS_ONLN);
    int force = 0, dry = 0, prune = 0, status = 2, bar = isatty(2);
    unsigned shard_k = 1, shard_n = 1;
    char **paths = mlps_xcalloc((size_t)argc + 1, sizeof *paths);
    size_t npaths = 0, nfiles = 0, nmine = 0, nfolders = 0;
    char **files = NULL, *plan_name = NULL, *conf = NULL, **folders = NULL;
    char **mine = NULL;
    char *plan_path = NULL;
    mlps_schema *plan_schema = NULL;
    mlps_plan *plan = NULL;
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_batch_result res = {0};

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if ((!strcmp(a, "-j") && more) || (!strncmp(a, "-j", 2) && a[2])) {
            char *end; /* -j 8, or -j8 as make takes it */
            jobs = strtol(a[2] ? a + 2 : argv[++i], &end, 10);
            if (*end || jobs < 1 || jobs > MLPS_BATCH_MAX_JOBS) {
                fprintf(stderr, "mlpsdoc batch: -j 应为 1 到 %d 之间的整数\n", MLPS_BATCH_MAX_JOBS);
                goto done;
            }
        } else if (!strcmp(a, "-o") && more) {
            outdir = argv[++i];
        } else if (!strcmp(a, "--report") && more) {
            report = argv[++i];
        } else if (!strcmp(a, "-p") && more) {
            plan_arg = argv[++i];
        } else if (!strcmp(a, "--form") && more) {
            form = argv[++i];
            if (strcmp(form, "1.0") && strcmp(form, "2.0")) {
                fprintf(stderr, "mlpsdoc batch: --form 应为 1.0 或 2.0\n");
                goto done;
            }
        } else if (!strcmp(a, "--fonts") && more) {
            fonts = argv[++i];
        } else if (!strcmp(a, "--shard") && more) {
            if (parse_shard(argv[++i], &shard_k, &shard_n)) {
                fprintf(stderr, "mlpsdoc batch: --shard 应写作 K/N（1 ≤ K ≤ N），如 --shard 2/8\n");
                goto done;
            }
        } else if (!strcmp(a, "--force")) {
            force = 1;
        } else if (!strcmp(a, "-n") || !strcmp(a, "--dry-run")) {
            dry = 1;
        } else if (!strcmp(a, "--prune")) {
            prune = 1;
        } else if (!strcmp(a, "--fast")) {
            /* was: font programs by igzip; each glyph is now deflated once a run (pdf_glyphz.h),
             * which left it nothing to speed up. Accepted for the scripts that pass it. */
        } else if (!strcmp(a, "--progress")) {
            bar = 1;
        } else if (!strcmp(a, "--no-progress")) {
            bar = 0;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            status = 0;
            goto done;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "mlpsdoc batch: %s“%s”\n", more ? "未知选项" : "选项缺少参数或未知", a);
            usage(stderr);
            goto done;
        } else {
            paths[npaths++] = argv[i];
        }
    }
    if (dry)
        bar = 0; /* one line an output instead */
    if (!npaths) {
        usage(stderr);
        goto done;
    }
    status = 1;

    const char *home = mlps_data_dir();
    nfiles = mlps_batch_collect(home, paths, npaths, &files, &plan_name, &folders, &nfolders, &d);
    if (d.errors)
        goto done;
    /* the plan: -p, else the batch file's, else default; a bare name is one of templates/plans */
    const char *pname = plan_arg ? plan_arg : plan_name ? plan_name : "default";
    mlps_buf pb = MLPS_BUF_INIT;
    plan_path = mlps_cli_plan_path(pname);
    mlps_buf_printf(&pb, "%s/templates/schema/plan.rng", home);
    plan_schema = mlps_schema_load(pb.ptr, &d);
    mlps_buf_clear(&pb);
    mlps_buf_printf(&pb, "%s/templates", home);
    plan = plan_schema ? mlps_plan_load(plan_schema, plan_path, pb.ptr, &d) : NULL;
    mlps_buf_free(&pb);
    if (!plan)
        goto done;
    mine = mlps_xcalloc(nfiles ? nfiles : 1, sizeof *mine);
    for (size_t i = 0; i < nfiles; i++)
        if (mlps_batch_in_shard(files[i], shard_k, shard_n))
            mine[nmine++] = files[i];
    if (!fonts)
        fonts = conf = mlps_data_fonts_conf();
    /* the report's folder, as -o's: made now, so that a run is not lost for want of it */
    const char *rslash = report ? strrchr(report, '/') : NULL;
    if (rslash && rslash != report) {
        char *rdir = mlps_xstrndup(report, (size_t)(rslash - report));
        int bad = mlps_make_dirs(rdir, &d);
        free(rdir);
        if (bad)
            goto done;
    }
    progress_ctx pc = {bar, 0, 0, report ? tmpfile() : NULL, 0};
    if (report && !pc.entries) {
        mlps_diag_error(&d, report, 0, NULL, "无法创建报告的临时文件");
        goto done;
    }
    mlps_batch_config cfg = {home, fonts, plan, form, outdir, "mlpsdoc " MLPS_VERSION, (int)jobs, force,
                             on_progress, &pc, &interrupted, dry, prune, folders, nfolders,
                             shard_k, shard_n};
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND; /* a second Ctrl-C stops at once */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    int rc = mlps_batch_run(&cfg, mine, nmine, &res, &d);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    if (rc) {
        if (pc.entries)
            fclose(pc.entries);
        goto done;
    }
    if (bar) {
        /* interrupted: the units finished, not all of them */
        mlps_batch_progress p = {nmine, res.stopped ? res.units_done : nmine, res.built, res.skipped,
                                 res.failed, res.seconds};
        draw_bar(&pc, &p, 1);
    }
    if (report) {
        mlps_buf tmp = MLPS_BUF_INIT;
        mlps_buf_printf(&tmp, "%s.%ld.tmp", report, (long)getpid());
        FILE *f = fopen(tmp.ptr, "w");
        if (f) {
            mlps_batch_report_json(&res, &cfg, pc.entries, f);
            if (fclose(f) != 0 || rename(tmp.ptr, report) != 0) {
                mlps_diag_error(&d, report, 0, NULL, "无法写出报告：%s", mlps_errno_text(errno));
                unlink(tmp.ptr);
            }
        } else {
            mlps_diag_error(&d, report, 0, NULL, "无法写出报告：%s", mlps_errno_text(errno));
        }
        mlps_buf_free(&tmp);
        fclose(pc.entries);
    }
    print_failures(&res);
    print_stale(&res, dry, prune);
    if (dry)
        printf("试运行：%zu 个单位%s，将生成 %zu 份，跳过 %zu 份（输入未变），%zu 个单位失败；没有生成或写入任何文件\n",
               nmine, shard_n > 1 ? "（本分片）" : "", res.built, res.skipped, res.units_failed);
    else if (res.stopped) /* not "完成": Ctrl-C left units not started */
        printf("已停止：%zu 个单位%s中完成 %zu 个，生成 %zu 份，跳过 %zu 份（输入未变），失败 %zu 份、%zu 个单位；用时 %.2f 秒（%d 个线程）\n",
               nmine, shard_n > 1 ? "（本分片）" : "", res.units_done, res.built, res.skipped, res.failed,
               res.units_failed, res.seconds, res.jobs);
    else
        printf("完成：%zu 个单位%s，生成 %zu 份，跳过 %zu 份（输入未变），失败 %zu 份、%zu 个单位；用时 %.2f 秒（%d 个线程）\n",
           nmine, shard_n > 1 ? "（本分片）" : "", res.built, res.skipped, res.failed, res.units_failed,
           res.seconds, res.jobs);
    if (res.nstale)
        printf("不再生成的旧输出 %zu 份，%s %zu 份\n", res.nstale, dry ? "将删除" : "已删除",
               dry ? count_prunable(&res, prune) : res.removed);
    if (res.para_lookups)
        printf("段落排版缓存：命中 %zu/%zu 次（%.1f%%），每线程最多 %.1f MiB\n", res.para_hits,
               res.para_lookups, 100.0 * (double)res.para_hits / (double)res.para_lookups,
               (double)res.para_bytes / 1048576.0);
    if (res.memo_lookups)
        printf("模板片段（f:memo）：复用 %zu/%zu 次（%.1f%%），每线程最多 %.1f MiB\n", res.memo_hits,
               res.memo_lookups, 100.0 * (double)res.memo_hits / (double)res.memo_lookups,
               (double)res.memo_bytes / 1048576.0);
    status = res.nfailures || d.errors ? 1 : 0;
    if (res.stopped) {
        fprintf(stderr, "已中断：完成 %zu/%zu 个单位，已开始的单位均已写完；重新运行同一命令即可继续\n",
                res.units_done, nmine);
        status = 130;
    }
done:
    mlps_diag_print(&d, stderr);
    if (status == 0 && d.errors)
        status = 1;
    mlps_batch_result_free(&res);
    for (size_t i = 0; i < nfiles; i++)
        free(files[i]);
    free(files);
    for (size_t i = 0; i < nfolders; i++)
        free(folders[i]);
    free(folders);
    free(mine);
    free(plan_name);
    mlps_plan_free(plan);
    mlps_schema_free(plan_schema);
    free(plan_path);
    free(conf);
    free(paths);
    mlps_diag_free(&d);
    return status;
}
