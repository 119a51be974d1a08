/* mlpsdoc report merge A.json B.json... [-o ALL.json]
 * The reports of the shards of one batch (`batch --shard K/N --report ...`) as one report of the
 * same shape (docs/batch-report.md): outputs and failures concatenated, counts added, the
 * longest time kept. Refuses, naming both reports, an output or a data file that appears twice:
 * every unit belongs to exactly one shard, so a repeat means a shard was run twice or reports
 * of different batches were mixed. JSON is read and written with Jansson (libjansson). */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "outfile.h"

#define REPORT_FORMAT "mlpsdoc-batch-report/1"

static void usage(FILE *out)
{
    fputs("用法: mlpsdoc report merge REPORT.json... [-o ALL.json]\n"
          "  把各分片（batch --shard K/N --report）的报告合并为一份同样格式的报告（docs/batch-report.md）；\n"
          "  同一输出或同一数据文件出现在两份报告中时拒绝合并。-o 省略时写到标准输出。\n",
          out);
}

static const char *SUM_KEYS[] = {"units", "units_done", "units_failed", "built", "skipped", "failed", "jobs"};
static const char *MAX_KEYS[] = {"seconds", "setup_seconds"};

/* The member key of object o when it has type t, else NULL with a message naming it. */
static json_t *member(json_t *o, const char *key, json_type t, const char *file, const char *where,
                      mlps_diags *d)
{
    json_t *v = json_object_get(o, key);
    int ok = v && (json_typeof(v) == t || (t == JSON_REAL && json_is_integer(v)));
    if (!ok)
        mlps_diag_error(d, file, 0, where, "报告缺少“%s”或其类型不对：不是 mlpsdoc batch --report 写出的报告？", key);
    return ok ? v : NULL;
}

/* Checks what the merge reads of one report; 0 when usable. */
static int check_report(json_t *r, const char *file, mlps_diags *d)
{
    size_t e0 = d->errors;
    json_t *f = json_object_get(r, "format");
    if (!json_is_object(r) || !json_is_string(f) || strcmp(json_string_value(f), REPORT_FORMAT)) {
        mlps_diag_error(d, file, 0, "format", "不是 mlpsdoc batch 的报告（format 应为 %s）", REPORT_FORMAT);
        return -1;
    }
    member(r, "engine", JSON_STRING, file, "engine", d);
    member(r, "outdir", JSON_STRING, file, "outdir", d);
    json_t *s = member(r, "summary", JSON_OBJECT, file, "summary", d);
    for (size_t i = 0; s && i < sizeof SUM_KEYS / sizeof *SUM_KEYS; i++)
        member(s, SUM_KEYS[i], JSON_INTEGER, file, "summary", d);
    for (size_t i = 0; s && i < sizeof MAX_KEYS / sizeof *MAX_KEYS; i++)
        member(s, MAX_KEYS[i], JSON_REAL, file, "summary", d);
    if (s && !json_is_boolean(json_object_get(s, "stopped")))
        member(s, "stopped", JSON_TRUE, file, "summary", d);
    json_t *ph = member(r, "phases_ms", JSON_OBJECT, file, "phases_ms", d);
    const char *k;
    json_t *v;
    json_object_foreach(ph, k, v) if (!json_is_number(v))
        mlps_diag_error(d, file, 0, "phases_ms", "“%s”应为数值", k);
    json_t *outs = member(r, "outputs", JSON_ARRAY, file, "outputs", d);
    size_t i;
    json_array_foreach(outs, i, v) if (!json_is_string(json_object_get(v, "path")) ||
                                       !json_is_string(json_object_get(v, "data")))
        mlps_diag_error(d, file, 0, "outputs", "第 %zu 个输出缺少 path 或 data", i + 1);
    json_t *fails = member(r, "failures", JSON_ARRAY, file, "failures", d);
    json_array_foreach(fails, i, v) if (!json_is_string(json_object_get(v, "data")))
        mlps_diag_error(d, file, 0, "failures", "第 %zu 个失败缺少 data", i + 1);
    return d->errors > e0 ? -1 : 0;
}

#define MERGE_MAX_REPEATS_LISTED 10 /* repeated outputs or data files named; then a count */

typedef struct repeats {
    json_t *seen; /* key → index of the report that had it first */
    size_t count;
} repeats;

/* Remembers key as seen in report i; a repeat (in an earlier report or this one) is an error,
 * the first few by name. Returns 1 for a repeat. */
static int once(repeats *r, const char *key, char *const *files, size_t i, const char *what,
                mlps_diags *d)
{
    json_t *prev = json_object_get(r->seen, key);
    if (!prev) {
        json_object_set_new(r->seen, key, json_integer((json_int_t)i));
        return 0;
    }
    size_t p = (size_t)json_integer_value(prev);
    if (r->count++ >= MERGE_MAX_REPEATS_LISTED)
        return 1;
    if (p == i)
        mlps_diag_error(d, files[i], 0, NULL, "%s“%s”在这份报告中出现了两次，拒绝合并", what, key);
    else
        mlps_diag_error(d, files[i], 0, NULL,
                        "%s“%s”同时出现在 %s 和 %s 中，拒绝合并：每个单位只属于一个分片（是否把同一分片的报告给了两次，"
                        "或混入了另一次批处理、另一个 N 的报告？）",
                        what, key, files[p], files[i]);
    return 1;
}

static void repeats_total(const repeats *r, const char *what, mlps_diags *d)
{
    if (r->count > MERGE_MAX_REPEATS_LISTED)
        mlps_diag_error(d, NULL, 0, NULL, "共有 %zu 个重复的%s（上面列出前 %d 个）", r->count, what,
                        MERGE_MAX_REPEATS_LISTED);
}

/* jansson's error, in Chinese (its text is English). */
static const char *json_error_zh(const json_error_t *e)
{
    switch (json_error_code(e)) {
    case json_error_premature_end_of_input:
        return "文件在 JSON 结束之前就结束了（报告是否没有写完？）";
    case json_error_end_of_input_expected:
        return "JSON 结束之后还有多余的内容";
    case json_error_invalid_utf8:
        return "不是有效的 UTF-8";
    case json_error_duplicate_key:
        return "同一对象中有重复的键";
    case json_error_null_character:
    case json_error_null_byte_in_key:
        return "含有空字符（\\u0000）";
    case json_error_numeric_overflow:
        return "数值超出范围";
    default:
        return "JSON 语法错误";
    }
}

static int merge(char *const *files, size_t n, const char *out, mlps_diags *d)
{
    json_t *all = json_object(), *sum = json_object(), *phases = json_object();
    json_t *outputs = json_array(), *failures = json_array(), *stale = json_array();
    repeats seen_out = {json_object(), 0}, seen_data = {json_object(), 0};
    const char *engine = NULL, *outdir = NULL;
    int same_outdir = 1, stopped = 0, dry = -1; /* dry: -1 until the first report says */
    json_t **reports = calloc(n, sizeof *reports);
    for (size_t i = 0; reports && i < n; i++) {
        json_error_t err;
        size_t same = 0;
        while (same < i && strcmp(files[same], files[i]))
            same++;
        if (same < i) {
            mlps_diag_error(d, files[i], 0, NULL, "这份报告给了两次，拒绝合并");
            continue;
        }
        /* opened here, not by jansson: its messages are English, and a FIFO would block it */
        int fd = open(files[i], O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        struct stat st;
        if (fd < 0) {
            mlps_diag_error(d, files[i], 0, NULL, "无法打开文件：%s", mlps_errno_text(errno));
            continue;
        }
        FILE *f = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? fdopen(fd, "rb") : NULL;
        if (!f) {
            mlps_diag_error(d, files[i], 0, NULL, "不是普通文件（不能是目录、管道或设备）");
            close(fd);
            continue;
        }
        reports[i] = json_loadf(f, JSON_REJECT_DUPLICATES, &err);
        fclose(f);
        if (!reports[i]) {
            mlps_diag_error(d, files[i], err.line > 0 ? err.line : 0, NULL, "无法读取 JSON：%s",
                            json_error_zh(&err));
            continue;
        }
        json_t *r = reports[i];
        if (check_report(r, files[i], d))
            continue;
        int is_dry = json_is_true(json_object_get(r, "dry_run"));
        if (dry < 0)
            dry = is_dry;
        else if (dry != is_dry)
            mlps_diag_error(d, files[i], 0, "dry_run", "这份报告来自%s，%s 来自%s：两者不能合并",
                            is_dry ? "试运行（-n）" : "实际运行", files[0], dry ? "试运行（-n）" : "实际运行");
        const char *e = json_string_value(json_object_get(r, "engine"));
        const char *o = json_string_value(json_object_get(r, "outdir"));
        if (!engine) {
            engine = e;
            outdir = o;
        } else if (strcmp(engine, e)) {
            mlps_diag_error(d, files[i], 0, "engine", "这份报告来自“%s”，%s 来自“%s”：请用同一版本的 mlpsdoc 运行各分片",
                            e, files[0], engine);
        } else if (strcmp(outdir, o)) {
            same_outdir = 0;
        }
        json_t *s = json_object_get(r, "summary"), *v;
        for (size_t k = 0; k < sizeof SUM_KEYS / sizeof *SUM_KEYS; k++) {
            json_int_t acc = json_integer_value(json_object_get(sum, SUM_KEYS[k]));
            json_object_set_new(sum, SUM_KEYS[k],
                                json_integer(acc + json_integer_value(json_object_get(s, SUM_KEYS[k]))));
        }
        for (size_t k = 0; k < sizeof MAX_KEYS / sizeof *MAX_KEYS; k++) {
            double acc = json_number_value(json_object_get(sum, MAX_KEYS[k]));
            double x = json_number_value(json_object_get(s, MAX_KEYS[k]));
            json_object_set_new(sum, MAX_KEYS[k], json_real(x > acc ? x : acc));
        }
        stopped |= json_is_true(json_object_get(s, "stopped"));
        const char *k;
        json_object_foreach(json_object_get(r, "phases_ms"), k, v)
            json_object_set_new(phases, k, json_real(json_number_value(json_object_get(phases, k)) +
                                                     json_number_value(v)));
        /* a data file belongs to one report; each output path appears once (two units of one
         * name in different shards would write the same file) */
        json_t *here = json_object(), *dup = json_object();
        size_t j;
        json_array_foreach(json_object_get(r, "outputs"), j, v) {
            json_object_set_new(here, json_string_value(json_object_get(v, "data")), json_true());
            json_array_append(outputs, v);
        }
        json_array_foreach(json_object_get(r, "stale"), j, v)
            json_array_append(stale, v);
        json_array_foreach(json_object_get(r, "failures"), j, v) {
            json_object_set_new(here, json_string_value(json_object_get(v, "data")), json_true());
            json_array_append(failures, v);
        }
        json_object_foreach(here, k, v) if (once(&seen_data, k, files, i, "数据文件", d))
            json_object_set_new(dup, k, json_true());
        json_array_foreach(json_object_get(r, "outputs"), j, v)
            if (!json_object_get(dup, json_string_value(json_object_get(v, "data"))))
                once(&seen_out, json_string_value(json_object_get(v, "path")), files, i, "输出", d);
        json_decref(here);
        json_decref(dup);
    }
    repeats_total(&seen_data, "数据文件", d);
    repeats_total(&seen_out, "输出", d);
    int rc = -1;
    if (!d->errors && reports) {
        json_object_set_new(all, "format", json_string(REPORT_FORMAT));
        json_object_set_new(all, "engine", json_string(engine));
        if (dry > 0)
            json_object_set_new(all, "dry_run", json_true());
        /* shards writing to different folders: their outputs' paths say where */
        json_object_set_new(all, "outdir", json_string(same_outdir ? outdir : ""));
        json_t *summary = json_object();
        const char *order[] = {"units", "units_done", "stopped", "units_failed", "built", "skipped",
                               "failed", "seconds", "setup_seconds", "jobs"};
        for (size_t k = 0; k < sizeof order / sizeof *order; k++)
            json_object_set(summary, order[k],
                            !strcmp(order[k], "stopped") ? json_boolean(stopped) : json_object_get(sum, order[k]));
        json_object_set_new(all, "summary", summary);
        json_object_set(all, "phases_ms", phases);
        json_object_set(all, "outputs", outputs);
        json_object_set(all, "failures", failures);
        json_object_set(all, "stale", stale);
        char *text = json_dumps(all, JSON_INDENT(2) | JSON_REAL_PRECISION(12));
        if (!text) {
            mlps_diag_error(d, out, 0, NULL, "无法生成合并后的报告");
        } else if (!out || !strcmp(out, "-")) {
            rc = fputs(text, stdout) < 0 || fputc('\n', stdout) < 0 ? -1 : 0;
        } else {
            size_t len = strlen(text);
            text[len] = '\n'; /* json_dumps leaves room for its NUL: a final newline instead */
            rc = mlps_write_atomic(out, text, len + 1, d);
        }
        free(text);
    }
    for (size_t i = 0; reports && i < n; i++)
        json_decref(reports[i]);
    free(reports);
    json_decref(all);
    json_decref(sum);
    json_decref(phases);
    json_decref(outputs);
    json_decref(failures);
    json_decref(stale);
    json_decref(seen_out.seen);
    json_decref(seen_data.seen);
    return rc;
}

int mlps_cmd_report(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "merge")) {
        if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
            usage(stdout);
            return 0;
        }
        usage(stderr);
        return 2;
    }
    const char *out = NULL;
    char **files = calloc((size_t)argc, sizeof *files);
    size_t n = 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc) {
            out = argv[++i];
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            free(files);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "mlpsdoc report merge: 未知选项“%s”\n", argv[i]);
            usage(stderr);
            free(files);
            return 2;
        } else {
            files[n++] = argv[i];
        }
    }
    if (!n) {
        usage(stderr);
        free(files);
        return 2;
    }
    mlps_diags d = MLPS_DIAGS_INIT;
    int rc = merge(files, n, out, &d);
    mlps_diag_print(&d, stderr);
    mlps_diag_free(&d);
    free(files);
    return rc ? 1 : 0;
}
