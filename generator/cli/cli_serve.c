/* mlpsdoc serve [--listen ADDR:PORT] [--today YYYY-MM-DD] [DIR]: the local web form over the
 * data files of DIR (default: the current folder) until Ctrl+C. On 127.0.0.1 (the default) no
 * token is needed; on any other address a random token printed at start is required. */
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "cli.h"
#include "grading.h"
#include "ids.h"
#include "mem.h"
#include "mlps.h"
#include "serve.h"

#define SERVE_DEFAULT_PORT 8080
#define SERVE_TOKEN_BYTES 16

static void usage(FILE *out)
{
    fputs("用法: mlpsdoc serve [--listen ADDR:PORT] [DIR]\n"
          "  在浏览器中填写、校验、保存 DIR（默认当前文件夹）中的单位数据文件，并生成文档。\n"
          "  --listen  监听地址和端口（默认 127.0.0.1:8080；端口 0 = 任选空闲端口）。\n"
          "            非 127.x 地址须使用启动时显示的带令牌地址访问。\n"
          "  --today   把该日期当作今天校验日期（测试用）\n",
          out);
}

static int parse_listen(const char *s, char *addr, size_t cap, unsigned *port)
{
    const char *colon = strrchr(s, ':');
    char *end = NULL;
    if (!colon || (size_t)(colon - s) >= cap || colon == s)
        return -1;
    unsigned long p = strtoul(colon + 1, &end, 10);
    if (!colon[1] || *end || p > 65535)
        return -1;
    memcpy(addr, s, (size_t)(colon - s));
    addr[colon - s] = '\0';
    *port = (unsigned)p;
    return 0;
}

static char *make_token(void)
{
    unsigned char raw[SERVE_TOKEN_BYTES];
    if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
        return NULL;
    char *t = mlps_xmalloc(2 * sizeof raw + 1);
    for (size_t i = 0; i < sizeof raw; i++)
        snprintf(t + 2 * i, 3, "%02x", raw[i]);
    return t;
}

int mlps_cmd_serve(int argc, char **argv)
{
    char addr[64] = "127.0.0.1";
    unsigned port = SERVE_DEFAULT_PORT, bound = 0;
    const char *dir = ".";
    int status = 2;
    serve_ctx ctx = {0};
    mlps_diags d = MLPS_DIAGS_INIT;
    void *daemon = NULL;
    ctx.dirfd = -1;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--listen") && i + 1 < argc) {
            if (parse_listen(argv[++i], addr, sizeof addr, &port)) {
                fprintf(stderr, "mlpsdoc serve: --listen 的值“%s”无效（应为 ADDR:PORT，如 127.0.0.1:8080）\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(argv[i], "--today") && i + 1 < argc) {
            ctx.today = mlps_date_parse(argv[++i]);
            if (!ctx.today) {
                fprintf(stderr, "mlpsdoc serve: --today 的日期“%s”无效（应为 YYYY-MM-DD）\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] != '-' && !strcmp(dir, ".")) {
            dir = argv[i];
        } else {
            fprintf(stderr, "mlpsdoc serve: 未知参数“%s”\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    ctx.dir = realpath(dir, NULL);
    ctx.dirfd = ctx.dir ? open(ctx.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (ctx.dirfd < 0) {
        fprintf(stderr, "mlpsdoc serve: 数据文件夹“%s”不存在或不是文件夹\n", dir);
        goto done;
    }
    ctx.data_dir = mlps_data_dir();
    mlps_buf web = MLPS_BUF_INIT;
    mlps_buf_printf(&web, "%s/web", ctx.data_dir);
    ctx.web = mlps_buf_detach(&web);
    ctx.model = mlps_model_load(ctx.data_dir, &d);
    char *fonts = mlps_data_fonts_conf();
    ctx.engine = ctx.model ? mlps_engine_new(ctx.data_dir, fonts, &d) : NULL;
    free(fonts);
    if (!ctx.engine)
        goto done;
    ctx.model_json = serve_model_json(&ctx);
    if (strncmp(addr, "127.", 4)) {
        ctx.token = make_token();
        if (!ctx.token) {
            fprintf(stderr, "mlpsdoc serve: 无法生成访问令牌\n");
            goto done;
        }
    }
    pthread_mutex_init(&ctx.lock, NULL);
    pthread_mutex_init(&ctx.out_lock, NULL);
    /* Ctrl+C and TERM are taken by sigwait below, in no other thread */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    daemon = serve_http_start(&ctx, addr, port, &bound);
    if (!daemon) {
        fprintf(stderr, "mlpsdoc serve: 无法在 %s:%u 上监听（地址无效或端口已被占用）\n", addr, port);
        status = 1;
        goto unlock;
    }
    printf("mlpsdoc serve：数据文件夹 %s\n", ctx.dir);
    if (ctx.token)
        printf("在浏览器中打开 http://%s:%u/?token=%s\n（此地址含访问令牌，只告诉需要填写的人）\n", addr, bound, ctx.token);
    else
        printf("在浏览器中打开 http://%s:%u/\n", addr, bound);
    printf("按 Ctrl+C 结束。\n");
    fflush(stdout);
    int sig = 0;
    sigwait(&sigs, &sig);
    printf("mlpsdoc serve：已结束\n");
    status = 0;
unlock:
    serve_http_stop(daemon);
    serve_render_join_all(&ctx);
    pthread_mutex_destroy(&ctx.lock);
    pthread_mutex_destroy(&ctx.out_lock);
done:
    mlps_diag_print(&d, stderr);
    mlps_diag_free(&d);
    mlps_engine_free(ctx.engine);
    mlps_model_free(ctx.model);
    free(ctx.model_json);
    free(ctx.token);
    free(ctx.web);
    free(ctx.dir);
    if (ctx.dirfd >= 0)
        close(ctx.dirfd);
    return status;
}
