/* Template loading and expansion against tests/data fixtures. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "diag.h"
#include "codes.h"
#include "harness.h"
#include "template.h"
#include "tmplfn.h"
#include "xmlbudget.h"
#include "xmlread.h"

#define DIR "tests/data/tmpl/"

/* The expanded doc XML as a string (caller frees), or NULL with diagnostics in d. */
static const mlps_codes *g_codes;

/* origin= and data= off every element, so content checks read plainly (test_origins checks them). */
static void strip_origins(xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlUnsetProp(n, (const xmlChar *)"origin");
        xmlUnsetProp(n, (const xmlChar *)"data");
        strip_origins(n->children);
    }
}

static char *expand_mode(const char *tpath, xmlDocPtr data, const char *sys, int blank,
                         mlps_diags *d)
{
    char *out = NULL;
    mlps_template *t = mlps_template_load(tpath, d);
    if (!t)
        return NULL;
    mlps_expand_in in = {data, sys, g_codes, blank};
    xmlDocPtr x = mlps_template_expand(t, &in, d);
    if (x) {
        strip_origins(xmlDocGetRootElement(x));
        xmlChar *mem = NULL;
        int len = 0;
        xmlDocDumpMemoryEnc(x, &mem, &len, "UTF-8");
        out = strdup((const char *)mem);
        xmlFree(mem);
        xmlFreeDoc(x);
    }
    mlps_template_free(t);
    return out;
}

static char *expand_to_string(const char *tpath, xmlDocPtr data, const char *sys, mlps_diags *d)
{
    return expand_mode(tpath, data, sys, 0, d);
}

/* All diagnostics joined, for substring checks (caller frees). */
static char *diags_text(const mlps_diags *d)
{
    size_t cap = 1;
    for (size_t i = 0; i < d->count; i++) {
        char *s = mlps_diag_format(&d->items[i]);
        cap += strlen(s) + 1;
        free(s);
    }
    char *all = calloc(1, cap);
    for (size_t i = 0; i < d->count; i++) {
        char *s = mlps_diag_format(&d->items[i]);
        strcat(all, s);
        strcat(all, "\n");
        free(s);
    }
    return all;
}

#define CHECK_HAS(hay, needle) CHECK((hay) && strstr((hay), (needle)), "\"%s\" not in:\n%s", (needle), (hay) ? (hay) : "(null)")
#define CHECK_HASNT(hay, needle) CHECK((hay) && !strstr((hay), (needle)), "\"%s\" unexpectedly in:\n%s", (needle), (hay) ? (hay) : "(null)")

/* Loading path must fail, with `want` in the messages; nothing is returned. */
static void load_fails(const char *path, const char *want)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_template *t = mlps_template_load(path, &d);
    CHECK(t == NULL, "%s loaded", path);
    char *msg = diags_text(&d);
    CHECK_HAS(msg, want);
    free(msg);
    mlps_template_free(t);
    mlps_diag_free(&d);
}

/* The budget counts this thread's libxml2 allocations while entered, refuses one past the
 * limit, gives back what is freed, and leaves other threads (and no budget) alone. */
static void *budget_thread(void *arg)
{
    (void)arg;
    void *p = xmlMalloc(2u << 20); /* no budget on this thread */
    int ok = p != NULL;
    xmlFree(p);
    return ok ? (void *)1 : NULL;
}

static void test_budget(void)
{
    mlps_template_init(); /* installs the hooks */
    mlps_xml_budget b = {.limit = 1u << 20};
    mlps_xml_budget *prev = mlps_xml_budget_enter(&b);
    void *small = xmlMalloc(1000);
    CHECK(small && b.used >= 1000 && !b.over, "small allocation counted: %lld", b.used);
    CHECK(xmlMalloc(2u << 20) == NULL && b.over, "past the limit refused");
    b.over = 0;
    void *r = xmlRealloc(small, 4000);
    CHECK(r && b.used >= 4000, "realloc counted: %lld", b.used);
    CHECK(xmlRealloc(r, 3u << 20) == NULL && b.over, "realloc past the limit refused");
    xmlChar *dup = xmlStrdup((const xmlChar *)"预算");
    CHECK(dup != NULL, "strdup");
    pthread_t th;
    void *thread_ok = NULL;
    CHECK(pthread_create(&th, NULL, budget_thread, NULL) == 0 && pthread_join(th, &thread_ok) == 0 &&
              thread_ok, "another thread is not bound by this budget");
    xmlFree(dup);
    xmlFree(r);
    CHECK_INT(b.used, 0);
    void *again = xmlMalloc(90);
    CHECK(b.used >= 90, "a block counted: %lld", b.used);
    xmlFree(again);
    CHECK_INT(b.used, 0);
    mlps_xml_budget_leave(prev);
    void *big = xmlMalloc(2u << 20);
    CHECK(big != NULL, "no budget after leave");
    xmlFree(big);
}

/* Scratch: small blocks bumped from the thread's chunks, counted on and off the budget like
 * malloc's, a freed one given again to the next allocation of its size, all taken back at end
 * (the next run starts at the same address); large blocks and what is made while paused are
 * malloc's and outlive end. */
static void test_scratch(void)
{
    mlps_template_init();
    mlps_xml_budget b = {.limit = 64u << 20};
    mlps_xml_budget *prev = mlps_xml_budget_enter(&b);
    mlps_xml_scratch_begin();
    char *a = xmlMalloc(100);
    char *c = xmlMalloc(100);
    CHECK(a && c && c >= a + 100 && c <= a + 160, "small blocks follow each other: %p %p", (void *)a, (void *)c);
    CHECK_INT(b.used, 224); /* capacities: 100 bytes take 112 */
    memcpy(a, "预算预算", 13);
    char *g = xmlRealloc(a, 3000);
    CHECK(g && !memcmp(g, "预算预算", 13), "realloc keeps the bytes");
    CHECK_INT(b.used, 3120);
    xmlFree(c);
    CHECK_INT(b.used, 3008);
    char *c2 = xmlMalloc(110); /* 112 too */
    CHECK(c2 == c, "a freed block of the same size is reused: %p %p", (void *)c2, (void *)c);
    xmlFree(c2);
    char *big = xmlMalloc(1u << 20);
    CHECK(big && b.used >= 3000 + (1 << 20), "a large block counted: %lld", b.used);
    xmlFree(g);
    xmlFree(big);
    CHECK_INT(b.used, 0);
    int was = mlps_xml_scratch_pause();
    char *kept = (char *)xmlStrdup((const xmlChar *)"保留");
    mlps_xml_scratch_resume(was);
    CHECK(was == 1 && kept, "paused");
    mlps_xml_scratch_end();
    mlps_xml_scratch_begin();
    char *again = xmlMalloc(100);
    CHECK(again == a, "the next run reuses the chunk: %p %p", (void *)again, (void *)a);
    xmlFree(again);
    mlps_xml_scratch_end();
    mlps_xml_budget_leave(prev);
    CHECK(!strcmp(kept, "保留"), "made while paused outlives end");
    xmlFree(kept);
    void *plain = xmlMalloc(100);
    CHECK(plain && plain != a, "after end, malloc's");
    xmlFree(plain);
}

static void test_functions(void)
{
    char b[128];
    CHECK_INT(mlps_fn_date("2011-07-01", b, sizeof b), 0);
    CHECK_STR(b, "2011年7月1日");
    CHECK_INT(mlps_fn_date("2024-12-25", b, sizeof b), 0);
    CHECK_STR(b, "2024年12月25日");
    CHECK_INT(mlps_fn_date("2023-02-29", b, sizeof b), -1);
    CHECK_INT(mlps_fn_date("2024-02-29", b, sizeof b), 0);
    CHECK_INT(mlps_fn_date("2024/01/01", b, sizeof b), -1);
    CHECK_STR(mlps_fn_level_name(3), "第三级");
    CHECK_STR(mlps_fn_level_name(5), "第五级");
    CHECK(mlps_fn_level_name(6) == NULL, "level 6");
    CHECK_STR(mlps_fn_level_title(3), "监督保护级");
    CHECK_STR(mlps_fn_level_title(1), "自主保护级");
    static const struct { long n; const char *s; } N[] = {
        {0, "零"}, {3, "三"}, {10, "十"}, {12, "十二"}, {20, "二十"}, {21, "二十一"},
        {100, "一百"}, {105, "一百零五"}, {110, "一百一十"}, {2024, "二千零二十四"}};
    for (size_t i = 0; i < sizeof N / sizeof N[0]; i++) {
        CHECK_INT(mlps_fn_cn_number(N[i].n, b, sizeof b), 0);
        CHECK_STR(b, N[i].s);
    }
    CHECK_INT(mlps_fn_cn_number(-1, b, sizeof b), -1);
}

/* Params, with-param into an imported template, sort, f:codes, blank mode. */
static void test_xslt(xmlDocPtr data)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    char *s = expand_to_string(DIR "basic.xsl", data, "oa", &d);
    char *msg = diags_text(&d);
    CHECK(s != NULL, "basic.xsl: %s", msg);
    CHECK_HAS(s, "title=\"协同办公系统定级报告\"");
    CHECK_HAS(s, "subject=\"字面{花括号}\"");
    CHECK_HAS(s, "<p style=\"title\">协同办公系统安全等级保护定级报告</p>");
    CHECK_HAS(s, "等级：第三级（监督保护级）");
    CHECK_HAS(s, "投运：2011年7月1日");
    CHECK_HAS(s, "数：三");
    CHECK_HAS(s, "<p>需要专家评审</p>");
    CHECK_HASNT(s, "不需要专家评审");
    CHECK_HAS(s, "<cell>1/3</cell><cell>公文流转</cell></row><row><cell>2/3</cell><cell>邮件</cell>");
    CHECK_HAS(s, "级别：1=第一级;2=第二级;3=第三级;4=第四级;5=第五级;");
    CHECK_HAS(s, "<p>空白：</p>");
    CHECK_HASNT(s, "urn:mlpsdoc");
    free(s);
    free(msg);
    mlps_diag_free(&d);

    /* blank: no data, every value empty, the parameter set */
    s = expand_mode(DIR "basic.xsl", NULL, NULL, 1, &d);
    msg = diags_text(&d);
    CHECK(s != NULL, "basic.xsl blank: %s", msg);
    CHECK_HAS(s, "<p>等级：（）</p>");
    CHECK_HAS(s, "<p>单位：</p>");
    CHECK_HAS(s, "<p>空白：1</p>");
    CHECK_HAS(s, "<table cols=\"1,3\" header-rows=\"1\"><row><cell head=\"yes\">序号</cell><cell head=\"yes\">子系统</cell></row></table>");
    free(s);
    free(msg);
    mlps_diag_free(&d);
}

/* Every block knows the template line it came from (when made with origins: for a document
 * with something to report) and the data field its text came from; a problem in the doc XML
 * is reported at the template line, in the file that wrote it. */
static void test_origins(xmlDocPtr data)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_template *t = mlps_template_load(DIR "basic.xsl", &d);
    CHECK(t != NULL, "basic.xsl");
    mlps_expand_in in = {data, "oa", g_codes, 0};
    /* without origins (nothing to report): the data fields still, the template's own path */
    mlps_doc *plain = t ? mlps_template_build(t, &in, "", &d) : NULL;
    CHECK(plain && !d.count && t && !mlps_template_origins(t), "basic.xsl built without origins");
    for (size_t i = 0; plain && i < plain->nblocks; i++) {
        const mlps_block *b = &plain->blocks[i];
        if (b->kind == MLPS_BLK_PARA && b->u.para.nspans &&
            strstr(b->u.para.spans[0].text, "安全等级保护定级报告")) {
            CHECK_STR(b->src_file, DIR "basic.xsl");
            CHECK_STR(b->data_path, "unit/systems/system[1]/name");
            CHECK_INT(b->data_line, 9);
        }
    }
    mlps_doc_free(plain);
    mlps_doc *doc = t ? mlps_template_build_origins(t, &in, "", &d) : NULL;
    CHECK(doc != NULL, "basic.xsl build");
    const mlps_block *title = NULL, *unit = NULL;
    for (size_t i = 0; doc && i < doc->nblocks; i++) {
        const mlps_block *b = &doc->blocks[i];
        if (b->kind != MLPS_BLK_PARA || !b->u.para.nspans)
            continue;
        if (strstr(b->u.para.spans[0].text, "安全等级保护定级报告"))
            title = b;
        if (strstr(b->u.para.spans[0].text, "单位："))
            unit = b;
    }
    CHECK(title && unit, "blocks found");
    if (title && unit) {
        CHECK_STR(title->src_file, DIR "fragments/common.xsl");
        CHECK_INT(title->src_line, 5);
        CHECK_STR(title->data_file, "tests/data/tmpl-unit.xml");
        CHECK_INT(title->data_line, 9);
        CHECK_STR(title->data_path, "unit/systems/system[1]/name");
        CHECK_STR(unit->src_file, DIR "basic.xsl");
        CHECK_INT(unit->src_line, 13);
        CHECK_STR(unit->data_path, "unit/name");
        CHECK_INT(unit->data_line, 3);
    }
    mlps_doc_free(doc);
    mlps_template_free(t);
    mlps_diag_free(&d);

    t = mlps_template_load(DIR "bad-style.xsl", &d);
    doc = t ? mlps_template_build(t, &in, "", &d) : NULL;
    CHECK(t && !doc, "bad-style.xsl built");
    char *msg = diags_text(&d);
    CHECK_HAS(msg, DIR "fragments/bad-style.xsl:4: document/p[2]: 未知样式“no-such-style”");
    free(msg);
    mlps_doc_free(doc);
    mlps_template_free(t);
    mlps_diag_free(&d);

    /* the template's file broken after it was loaded: the copy with origins cannot be made,
     * which is said, and the document's own problem is still reported */
    char path[] = "/tmp/mlps-origins-XXXXXX.xsl";
    int fd = mkstemps(path, 4);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (f) {
        fputs("<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n"
              "<xsl:param name=\"system-id\"/>\n"
              "<xsl:template match=\"/\"><document><p style=\"no-such-style\">一</p></document></xsl:template>\n"
              "</xsl:stylesheet>\n", f);
        fclose(f);
    }
    t = f ? mlps_template_load(path, &d) : NULL;
    CHECK(t != NULL, "temporary template loads");
    f = fopen(path, "w");
    if (f) {
        fputs("<xsl:stylesheet", f);
        fclose(f);
    }
    doc = t ? mlps_template_build(t, &in, "", &d) : NULL;
    CHECK(t && !doc, "broken after loading: not built");
    msg = diags_text(&d);
    CHECK_HAS(msg, "未知样式“no-such-style”");
    CHECK_HAS(msg, path);
    free(msg);
    mlps_doc_free(doc);
    mlps_template_free(t);
    mlps_diag_free(&d);
    remove(path);
}

static void test_errors(xmlDocPtr data)
{
    load_fails(DIR "bad-xpath.xsl", DIR "bad-xpath.xsl:4: XPath 表达式错误：“systems/system[”");
    load_fails(DIR "bad-element.xsl", DIR "bad-element.xsl:4: 未知的 XSLT 指令 xsl:foreach");
    load_fails(DIR "escape.xsl", DIR "escape.xsl:3: 导入的文件“tests/data/tmpl-unit.xml”超出了模板文件夹");
    load_fails(DIR "net.xsl", DIR "net.xsl:3: 导入的文件“http://example.com/x.xsl”超出了模板文件夹");
    load_fails(DIR "missing-import.xsl", DIR "missing-import.xsl:3: 找不到导入的文件“tests/data/tmpl/fragments/nowhere.xsl”");
    load_fails(DIR "does-not-exist.xsl", "无法打开文件");
    load_fails(DIR "bad-fn.xsl", DIR "bad-fn.xsl:4: XPath 表达式错误：“f:no-such(1)”：未知函数 f:no-such()");

    /* a run-time error names the template line and the expression */
    mlps_diags d = MLPS_DIAGS_INIT;
    char *s = expand_to_string(DIR "runtime.xsl", data, "oa", &d);
    CHECK(s == NULL, "runtime.xsl expanded");
    char *msg = diags_text(&d);
    CHECK_HAS(msg, DIR "runtime.xsl:5: XPath 求值出错：“f:level-name(/unit/name)”");
    CHECK_HAS(msg, "应为 1 到 5 的整数");
    free(msg);
    free(s);
    mlps_diag_free(&d);

    /* an unknown system id */
    s = expand_to_string(DIR "basic.xsl", data, "nope", &d);
    CHECK(s == NULL, "expanded for an unknown system");
    msg = diags_text(&d);
    CHECK_HAS(msg, "没有 id 为“nope”的定级对象");
    free(msg);
    free(s);
    mlps_diag_free(&d);
}

/* The shipped templates load cleanly (every expression, fragment and import checked). */
/* Sets psvi of every element and attribute below n to mark; counts those that differ from want. */
static int set_psvi(xmlNodePtr n, void *mark, void *want)
{
    int k = 0;
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        k += n->psvi != want;
        n->psvi = mark;
        for (xmlAttrPtr a = n->properties; a; a = a->next) {
            k += a->psvi != want;
            a->psvi = mark;
        }
        k += set_psvi(n->children, mark, want);
    }
    return k;
}

/* libxslt writes into the source nodes for xsl:key and generate-id() (psvi and flag bits,
 * then clears them all): such a template expands a copy, and the unit's data, which other
 * threads read at the same time, keeps what it had. */
static void test_private_data(xmlDocPtr data)
{
    static int mark;
    mlps_diags d = MLPS_DIAGS_INIT;
    xmlNodePtr root = xmlDocGetRootElement(data);
    set_psvi(root, &mark, NULL);
    char *s = expand_to_string(DIR "keyed.xsl", data, "oa", &d);
    char *msg = diags_text(&d);
    CHECK(s != NULL, "keyed.xsl: %s", msg);
    CHECK_HAS(s, "<p>键：协同办公系统</p>");
    CHECK_HAS(s, "<p>同一：true</p>");
    CHECK_INT(set_psvi(root, NULL, &mark), 0);
    free(s);
    free(msg);
    mlps_diag_free(&d);
}

/* The output node limit holds on any thread. libxml2 2.9 calls only a thread's own node hook,
 * and xmlRegisterNodeDefault() sets the main thread's from any thread: expansions on other
 * threads were not counted, and one thread's reset could make the main thread call NULL. */
static void *many_nodes(void *data)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    char *s = expand_to_string(DIR "many-nodes.xsl", data, "oa", &d);
    char *msg = diags_text(&d);
    int ok = s == NULL && strstr(msg, "模板生成的内容超过上限") != NULL;
    if (!ok)
        fprintf(stderr, "many-nodes.xsl: %s\n", msg);
    free(s);
    free(msg);
    mlps_diag_free(&d);
    return ok ? data : NULL;
}

static void test_node_limit(xmlDocPtr data)
{
    CHECK(many_nodes(data) != NULL, "node limit on the calling thread");
    pthread_t th;
    void *ok = NULL;
    CHECK(pthread_create(&th, NULL, many_nodes, data) == 0 && pthread_join(th, &ok) == 0 && ok,
          "node limit on another thread");
    CHECK(many_nodes(data) != NULL, "node limit on the calling thread, after another thread's");
}

static void test_shipped(void)
{
    static const char *const T[] = {"templates/grading-report.xsl",
                                     "templates/grading-report-2.0.xsl"};
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        mlps_diags d = MLPS_DIAGS_INIT;
        mlps_template *t = mlps_template_load(T[i], &d);
        char *msg = diags_text(&d);
        CHECK(t != NULL, "%s: %s", T[i], msg);
        free(msg);
        mlps_template_free(t);
        mlps_diag_free(&d);
    }
}

/* A document() file of a template in a folder with a Chinese name is parsed once for all
 * expansions (libxml2 keeps doc->URL %-escaped: the cache compares the path as asked for). */
static void test_shared_docs(xmlDocPtr data)
{
    char dir[] = "/tmp/mlps-模板-XXXXXX", path[256];
    if (!mkdtemp(dir)) {
        CHECK(0, "mkdtemp");
        return;
    }
    snprintf(path, sizeof path, "%s/extra.xml", dir);
    FILE *f = fopen(path, "w");
    fputs("<extra><v>额外</v></extra>\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/t.xsl", dir);
    f = fopen(path, "w");
    fputs("<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n"
          "<xsl:param name=\"system-id\"/>\n"
          "<xsl:template match=\"/\"><document><p><xsl:value-of select=\"document('extra.xml')/extra/v\"/></p></document></xsl:template>\n"
          "</xsl:stylesheet>\n", f);
    fclose(f);
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_template *t = mlps_template_load(path, &d);
    CHECK(t != NULL, "shared docs: template loads");
    for (int i = 0; t && i < 3; i++) {
        mlps_expand_in in = {data, "", g_codes, 0};
        xmlDocPtr x = mlps_template_expand(t, &in, &d);
        xmlChar *txt = x ? xmlNodeGetContent(xmlDocGetRootElement(x)) : NULL;
        CHECK(txt && strstr((const char *)txt, "额外"), "shared docs: expansion %d reads the file", i);
        xmlFree(txt);
        xmlFreeDoc(x);
        if (i == 0) { /* the file becomes a link to one outside: the later expansions take the
                         parse from memory, without asking the disk (or reading outside) */
            char outside[300], file[300];
            snprintf(outside, sizeof outside, "%s-outside.xml", dir);
            snprintf(file, sizeof file, "%s/extra.xml", dir);
            FILE *o = fopen(outside, "w");
            fputs("<extra><v>外面</v></extra>\n", o);
            fclose(o);
            remove(file);
            CHECK_INT(symlink(outside, file), 0);
        }
    }
    CHECK(t && mlps_template_shared_docs(t) == 1, "shared docs: parsed once for 3 expansions (%zu)",
          t ? mlps_template_shared_docs(t) : 0);
    mlps_template_free(t);
    mlps_diag_free(&d);
    remove(path);
    snprintf(path, sizeof path, "%s/extra.xml", dir);
    remove(path);
    snprintf(path, sizeof path, "%s-outside.xml", dir);
    remove(path);
    rmdir(dir);
}

int main(void)
{
    test_shipped();
    mlps_diags d = MLPS_DIAGS_INIT;
    xmlDocPtr data = mlps_xml_read_file("tests/data/tmpl-unit.xml", &d);
    CHECK(data != NULL, "fixture");
    test_functions();
    test_budget();
    test_scratch();
    mlps_codes *codes = mlps_codes_load("templates/codes.xml", &d);
    CHECK(codes != NULL, "codes");
    g_codes = codes;
    if (data) {
        test_xslt(data);
        test_origins(data);
        test_private_data(data);
        test_node_limit(data);
        test_shared_docs(data);
        g_codes = NULL;
        test_errors(data);
    }
    xmlFreeDoc(data);
    mlps_codes_free(codes);
    mlps_diag_free(&d);
    xmlCleanupParser();
    TEST_DONE();
}
