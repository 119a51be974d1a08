/* HTTP for mlpsdoc serve, on libmicrohttpd: every request passes the security checks here
 * (Host, Origin, fetch site, token, a custom header on POST, body size) before serve_route.
 * libmicrohttpd is opened by `serve` only: linked, it and its GnuTLS chain cost every other
 * command about 2.7 ms of start-up. */
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <microhttpd.h>

#include "mem.h"
#include "serve.h"

/* The libmicrohttpd calls serve makes, bound once by load_mhd. */
static struct {
    const char *(*lookup_connection_value)(struct MHD_Connection *, enum MHD_ValueKind, const char *);
    struct MHD_Response *(*create_response_from_fd)(size_t, int);
    struct MHD_Response *(*create_response_from_buffer)(size_t, void *, enum MHD_ResponseMemoryMode);
    enum MHD_Result (*add_response_header)(struct MHD_Response *, const char *, const char *);
    enum MHD_Result (*queue_response)(struct MHD_Connection *, unsigned int, struct MHD_Response *);
    void (*destroy_response)(struct MHD_Response *);
    struct MHD_Daemon *(*start_daemon)(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *,
                                       MHD_AccessHandlerCallback, void *, ...);
    void (*stop_daemon)(struct MHD_Daemon *);
    int ok;
} mhd;
static pthread_once_t mhd_once = PTHREAD_ONCE_INIT;

static void load_mhd(void)
{
    void *lib = dlopen("libmicrohttpd.so.12", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "mlpsdoc serve: 无法加载 libmicrohttpd（%s）；请先运行 make demo 安装依赖\n", dlerror());
        return;
    }
    struct {
        const char *name;
        void **slot;
    } syms[] = {
        {"MHD_lookup_connection_value", (void **)&mhd.lookup_connection_value},
        {"MHD_create_response_from_fd", (void **)&mhd.create_response_from_fd},
        {"MHD_create_response_from_buffer", (void **)&mhd.create_response_from_buffer},
        {"MHD_add_response_header", (void **)&mhd.add_response_header},
        {"MHD_queue_response", (void **)&mhd.queue_response},
        {"MHD_destroy_response", (void **)&mhd.destroy_response},
        {"MHD_start_daemon", (void **)&mhd.start_daemon},
        {"MHD_stop_daemon", (void **)&mhd.stop_daemon},
    };
    for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++)
        if (!(*syms[i].slot = dlsym(lib, syms[i].name))) {
            fprintf(stderr, "mlpsdoc serve: libmicrohttpd 缺少 %s\n", syms[i].name);
            return; /* the library stays open: nothing else would use it */
        }
    mhd.ok = 1;
}

typedef struct {
    mlps_buf body;
    int too_big;
    int answered; /* refused before the body was read */
} conn_state;

static const char *arg_of(void *c, const char *name)
{
    return mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
}

static const char *header_of(void *c, const char *name)
{
    return mhd.lookup_connection_value(c, MHD_HEADER_KIND, name);
}

static enum MHD_Result send_reply(struct MHD_Connection *c, serve_reply *rp)
{
    struct MHD_Response *r;
    if (rp->fd >= 0)
        r = mhd.create_response_from_fd(rp->size, rp->fd);
    else
        r = mhd.create_response_from_buffer(rp->body.len, rp->body.ptr ? rp->body.ptr : "",
                                            MHD_RESPMEM_MUST_COPY);
    if (!r) {
        if (rp->fd >= 0)
            close(rp->fd);
        return MHD_NO;
    }
    mhd.add_response_header(r, "Content-Type", rp->type ? rp->type : "application/json; charset=utf-8");
    mhd.add_response_header(r, "X-Content-Type-Options", "nosniff");
    mhd.add_response_header(r, "X-Frame-Options", "SAMEORIGIN");
    mhd.add_response_header(r, "Referrer-Policy", "no-referrer");
    mhd.add_response_header(r, "Cache-Control", "no-store");
    mhd.add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data: blob:; frame-src 'self'; "
                            "object-src 'self'; frame-ancestors 'self'; form-action 'none'; base-uri 'none'");
    if (rp->etag[0])
        mhd.add_response_header(r, "ETag", rp->etag);
    if (rp->disposition[0])
        mhd.add_response_header(r, "Content-Disposition", rp->disposition);
    if (rp->cookie[0])
        mhd.add_response_header(r, "Set-Cookie", rp->cookie);
    enum MHD_Result ok = mhd.queue_response(c, (unsigned)rp->status, r);
    mhd.destroy_response(r);
    return ok;
}

static enum MHD_Result refuse(struct MHD_Connection *c, int status, const char *msg)
{
    serve_reply rp = {0};
    rp.fd = -1;
    serve_error(&rp, status, "%s", msg);
    enum MHD_Result ok = send_reply(c, &rp);
    mlps_buf_free(&rp.body);
    return ok;
}

/* Constant-time comparison of the token. */
static int token_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned char diff = la != lb;
    for (size_t i = 0; i < la && i < lb; i++)
        diff |= (unsigned char)(a[i] ^ b[i]);
    return !diff;
}

/* NULL when the request may go on, else the reason (and its status in *status). */
static const char *screen(serve_ctx *ctx, struct MHD_Connection *c, const char *method, const char *url,
                          int *status, int *set_cookie)
{
    const char *host = header_of(c, "Host");
    *status = 403;
    if (strcmp(method, "GET") && strcmp(method, "POST")) {
        *status = 405;
        return "不支持的请求方法";
    }
    if (!host)
        return "请求缺少 Host";
    if (!ctx->token) { /* loopback: only our own names, so a hostile DNS name cannot reach us */
        int ok = 0;
        for (size_t i = 0; i < 3 && !ok; i++)
            ok = !strcmp(host, ctx->hosts[i]);
        if (!ok)
            return "拒绝访问：请求的主机名不是本机地址";
    }
    const char *origin = header_of(c, "Origin");
    if (origin) {
        mlps_buf want = MLPS_BUF_INIT;
        mlps_buf_printf(&want, "http://%s", host);
        int same = !strcmp(origin, want.ptr);
        mlps_buf_free(&want);
        if (!same)
            return "拒绝来自其他来源（网站）的请求";
    }
    const char *site = header_of(c, "Sec-Fetch-Site");
    if (site && strcmp(site, "same-origin") && strcmp(site, "none"))
        return "拒绝来自其他来源（网站）的请求";
    if (ctx->token) {
        const char *t = mhd.lookup_connection_value(c, MHD_COOKIE_KIND, "mlpsdoc_token");
        const char *h = header_of(c, "X-Mlpsdoc-Token");
        const char *q = arg_of(c, "token");
        int ok = (t && token_equal(t, ctx->token)) || (h && token_equal(h, ctx->token));
        if (!ok && q && token_equal(q, ctx->token) && !strcmp(method, "GET") && !strcmp(url, "/")) {
            ok = 1;
            *set_cookie = 1;
        }
        if (!ok)
            return "需要访问令牌：请使用 mlpsdoc serve 启动时显示的完整地址（含 ?token=…）";
    }
    if (!strcmp(method, "POST")) {
        const char *x = header_of(c, "X-Mlpsdoc");
        if (!x || strcmp(x, "1"))
            return "拒绝请求：缺少 X-Mlpsdoc 请求头（只接受本程序网页发出的请求）";
        const char *cl = header_of(c, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > MLPS_MAX_SERVE_UPLOAD_BYTES) {
            *status = 413;
            return "请求内容过大";
        }
    }
    return NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **state)
{
    serve_ctx *ctx = cls;
    (void)version;
    conn_state *st = *state;
    if (!st) {
        int status = 0, set_cookie = 0;
        st = mlps_xcalloc(1, sizeof *st);
        *state = st;
        const char *why = screen(ctx, c, method, url, &status, &set_cookie);
        if (why) {
            st->answered = 1;
            return refuse(c, status, why);
        }
        if (set_cookie)
            st->too_big = -1; /* marks: answer sets the cookie */
        return MHD_YES;
    }
    if (st->answered) { /* refused: drop the body */
        *upload_size = 0;
        return MHD_YES;
    }
    if (*upload_size) {
        if (st->body.len + *upload_size > MLPS_MAX_SERVE_UPLOAD_BYTES)
            st->too_big = 1;
        else
            mlps_buf_append(&st->body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (st->too_big == 1)
        return refuse(c, 413, "请求内容过大");
    serve_request rq = {method, url, arg_of, header_of, c, st->body.ptr ? st->body.ptr : "", st->body.len};
    serve_reply rp = {0};
    rp.fd = -1;
    serve_route(ctx, &rq, &rp);
    if (st->too_big == -1)
        snprintf(rp.cookie, sizeof rp.cookie, "mlpsdoc_token=%s; HttpOnly; SameSite=Strict; Path=/", ctx->token);
    enum MHD_Result ok = send_reply(c, &rp);
    mlps_buf_free(&rp.body);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode t)
{
    (void)cls;
    (void)c;
    (void)t;
    conn_state *st = *state;
    if (st) {
        mlps_buf_free(&st->body);
        free(st);
        *state = NULL;
    }
}

void *serve_http_start(serve_ctx *ctx, const char *addr, unsigned port, unsigned *bound_port)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
        return NULL;
    pthread_once(&mhd_once, load_mhd);
    if (!mhd.ok)
        return NULL;
    /* our own listening socket: the port it got is known, and the Host names screen() accepts
     * are written, before the daemon's threads can take a request */
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1;
    socklen_t len = sizeof sa;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) ||
        bind(fd, (struct sockaddr *)&sa, sizeof sa) || listen(fd, SOMAXCONN) ||
        getsockname(fd, (struct sockaddr *)&sa, &len)) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    *bound_port = ntohs(sa.sin_port);
    snprintf(ctx->hosts[0], sizeof ctx->hosts[0], "127.0.0.1:%u", *bound_port);
    snprintf(ctx->hosts[1], sizeof ctx->hosts[1], "localhost:%u", *bound_port);
    snprintf(ctx->hosts[2], sizeof ctx->hosts[2], "%s:%u", addr, *bound_port);
    struct MHD_Daemon *d = mhd.start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, ctx,
        MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd, MHD_OPTION_THREAD_POOL_SIZE, 4u,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)MLPS_MAX_SERVE_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)MLPS_SERVE_TIMEOUT_S, MHD_OPTION_NOTIFY_COMPLETED, on_completed, ctx, MHD_OPTION_END);
    if (!d)
        close(fd);
    return d;
}

void serve_http_stop(void *daemon)
{
    if (daemon)
        mhd.stop_daemon(daemon);
}
