/* Loading unit files: the model, schema + check, annotations, encodings, pinned "today". */
#include <stdlib.h>
#include <string.h>
#include <libxml/xpath.h>

#include "check.h"
#include "cli.h"
#include "data.h"
#include "imgcache.h"
#include "harness.h"
#include "xmlread.h"

static char *xp_str(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr c = xmlXPathNewContext(doc);
    xmlXPathObjectPtr r = xmlXPathEvalExpression((const xmlChar *)expr, c);
    xmlChar *s = xmlXPathCastToString(r);
    char *out = strdup((const char *)s);
    xmlFree(s);
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(c);
    return out;
}

#define CHECK_XP(doc, expr, want)                                                          \
    do {                                                                                   \
        char *s_ = xp_str((doc), (expr));                                                  \
        CHECK(!strcmp(s_, (want)), "%s = \"%s\", want \"%s\"", (expr), s_, (want));        \
        free(s_);                                                                          \
    } while (0)

static int has_msg(const mlps_diags *d, const char *needle)
{
    for (size_t i = 0; i < d->count; i++) {
        char *s = mlps_diag_format(&d->items[i]);
        int hit = strstr(s, needle) != NULL;
        free(s);
        if (hit)
            return 1;
    }
    return 0;
}

int main(void)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_model *m = mlps_model_load(mlps_data_dir(), &d);
    CHECK(m != NULL, "model did not load");
    if (!m) {
        mlps_diag_print(&d, stdout);
        TEST_DONE();
    }
    mlps_check_opts opts = {.today = 20260101};

    /* The Wenzhou sample loads clean and is annotated; its three topology images are
     * validated once, into the unit's image cache, where its documents find them. */
    opts.images = mlps_imgcache_new();
    xmlDocPtr doc = mlps_data_load(m, "samples/wenzhou-soe.xml", &opts, &d);
    CHECK_INT(mlps_imgcache_loads(opts.images), 3);
    char why[MLPS_IMAGE_WHY], *real = NULL; /* as docxml.c names it */
    CHECK_INT(mlps_image_resolve("samples", "topology-oa.png", &real, why), 0);
    CHECK(real && mlps_imgcache_get(opts.images, real, why) != NULL, "oa topology cached");
    CHECK_INT(mlps_imgcache_loads(opts.images), 3);
    free(real);
    mlps_imgcache_free(opts.images);
    opts.images = NULL;
    CHECK(doc != NULL, "wenzhou sample rejected");
    CHECK_INT(d.count, 0);
    mlps_diag_print(&d, stdout);
    if (doc) {
        CHECK_XP(doc, "string(//system[@id='oa']/computed/@level)", "2");
        CHECK_XP(doc, "string(//system[@id='scada']/computed/@level)", "3");
        CHECK_XP(doc, "string(//system[@id='billing']/computed/@business-level)", "3");
        CHECK_XP(doc, "string(//system[@id='billing']/computed/@service-level)", "2");
        CHECK_XP(doc, "string(//system[@id='billing']/computed/@level-name)", "第三级");
        CHECK_XP(doc, "string(//system[@id='billing']/computed/@level-title)", "监督保护级");
        CHECK_XP(doc, "string(//system[@id='billing']/computed/@business-harm)", "对社会秩序和公共利益造成严重危害");
        CHECK_XP(doc, "string(//system[@id='oa']/computed/@service-harm)", "对社会秩序和公共利益造成危害");
        CHECK_XP(doc, "string(/unit/affiliation/@label)", "地(区、市、州、盟)");
        CHECK_XP(doc, "string(/unit/industry/@label)", "水利");
        CHECK_XP(doc, "string(/unit/industry/@code2-label)", "水利");
        CHECK_XP(doc, "string(//system[@id='scada']/business/type[2]/@label)", "指挥调度");
        CHECK_XP(doc, "string(//system[@id='billing']/grading/business-info/object/@label)", "社会秩序和公共利益");
        CHECK_XP(doc, "string(//system[@id='billing']/products/item[5]/@domestic-label)", "部分使用及使用率");
        CHECK_XP(doc, "string(//system[@id='billing']/materials/material[@code='topology']/@label-2.0)",
                 "网络拓扑结构及说明");
        CHECK_XP(doc, "count(//computed)", "3");
        /* The 2008 wording follows grading/@standard (Chongqing portal). */
        mlps_diags d2 = MLPS_DIAGS_INIT;
        xmlDocPtr cq = mlps_data_load(m, "samples/chongqing-institution.xml", &opts, &d2);
        CHECK(cq != NULL, "chongqing sample rejected");
        if (cq) {
            /* Make the portal 第一级 (citizen / general for both): it must not be filed. */
            xmlXPathContextPtr xc = xmlXPathNewContext(cq);
            xmlXPathObjectPtr r = xmlXPathEvalExpression(
                (const xmlChar *)"//system[@id='portal']/grading/business-info/object | "
                                 "//system[@id='portal']/grading/*/level | //system[@id='portal']/grading/level", xc);
            for (int i = 0; r && r->nodesetval && i < r->nodesetval->nodeNr; i++) {
                xmlNode *n = r->nodesetval->nodeTab[i];
                if (xmlStrEqual(n->name, (const xmlChar *)"object"))
                    xmlSetProp(n, (const xmlChar *)"code", (const xmlChar *)"citizen");
                else
                    xmlNodeSetContent(n, (const xmlChar *)"1");
            }
            xmlXPathFreeObject(r);
            xmlXPathFreeContext(xc);
            size_t n_ = mlps_check_unit(mlps_model_codes(m), cq, "samples/cq.xml", &opts, &d2);
            CHECK_INT(n_, 1);
            if (n_ != 1)
                mlps_diag_print(&d2, stdout);
            CHECK(has_msg(&d2, "unit/systems/system[2]/filing: 第一级定级对象不需备案：请删除 <filing>"),
                  "filed 第一级 not reported");
            mlps_diag_free(&d2);
            xmlFreeDoc(cq);
            cq = mlps_data_load(m, "samples/chongqing-institution.xml", &opts, &d2);
        }
        if (cq) {
            CHECK_XP(cq, "string(//system[@id='portal']/computed/@business-harm)", "对社会秩序和公共利益造成损害");
            CHECK_XP(cq, "string(//system[@id='portal']/computed/@service-harm)", "仅对公民、法人和其他组织的合法权益造成损害");
            CHECK_XP(cq, "string(//system[@id='portal']/computed/@level)", "2");
            xmlFreeDoc(cq);
        }
        mlps_diag_free(&d2);

        /* "today" is a parameter: on 2024-06-01 the filing dates (2024-06-14) lie in the future,
         * and every one of the three systems is reported, not only the first. */
        mlps_check_opts early = {.today = 20240601};
        CHECK_INT(mlps_check_unit(mlps_model_codes(m), doc, "samples/wenzhou-soe.xml", &early, &d), 6);
        CHECK(has_msg(&d, "unit/systems/system[3]/filing/filed-on: 备案日期“2024-06-14”晚于当前日期"),
              "future filing date of system 3 not reported");
        CHECK(has_msg(&d, "unit/systems/system[1]/filing/filled-on: 填表日期“2024-06-12”晚于当前日期"),
              "future 填表日期 not reported");
        mlps_diag_free(&d);
        xmlFreeDoc(doc);
    }

    /* Encodings: GB18030 accepted, ISO-8859-1 and UTF-16 refused in Chinese. */
    doc = mlps_data_load(m, "tests/data/chongqing-gb18030.xml", &opts, &d);
    CHECK(doc != NULL, "GB18030 file rejected");
    if (doc)
        CHECK_XP(doc, "string(/unit/name)", "重庆市渝中区鹅岭健康信息服务中心");
    xmlFreeDoc(doc);
    CHECK_INT(d.count, 0);
    mlps_diag_free(&d);

    static const char latin1[] = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<unit version=\"1\"/>";
    doc = mlps_xml_read_memory(latin1, sizeof latin1 - 1, "l1.xml", &d);
    CHECK(doc == NULL, "ISO-8859-1 accepted");
    CHECK(has_msg(&d, "l1.xml:1: 不支持的文件编码“ISO-8859-1”：请使用 UTF-8 或 GB18030"), "latin-1 message");
    mlps_diag_free(&d);
    /* GBK and GB2312 are read as GB18030 ("鹅岭" in GBK bytes). */
    static const char *const gb_names[] = {"GBK", "gb2312"};
    for (size_t i = 0; i < 2; i++) {
        char gb[128];
        int n = snprintf(gb, sizeof gb, "<?xml version=\"1.0\" encoding=\"%s\"?><unit><name>\xB6\xEC\xC1\xEB</name></unit>",
                         gb_names[i]);
        doc = mlps_xml_read_memory(gb, (size_t)n, "gb.xml", &d);
        CHECK(doc != NULL, "%s refused", gb_names[i]);
        if (doc)
            CHECK_XP(doc, "string(/unit/name)", "鹅岭");
        xmlFreeDoc(doc);
    }
    CHECK_INT(d.count, 0);
    mlps_diag_print(&d, stdout);
    mlps_diag_free(&d);
    /* A document from Word, a PDF or a picture is named, not reported as bad UTF-8. */
    static const struct {
        const char *bytes;
        size_t len;
        const char *msg;
    } binaries[] = {
        {"PK\3\4\x14\0\6\0", 8, "docx.xml: 这是 Word/Excel（.docx/.xlsx）文件，不是单位数据文件："},
        {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "docx.xml: 这是旧版 Word/Excel（.doc/.xls）文件，不是单位数据文件："},
        {"%PDF-1.7\n", 9, "docx.xml: 这是 PDF 文件，不是单位数据文件："},
        {"\x89PNG\r\n\x1A\n\0\0", 10, "docx.xml: 这是 PNG 图片，不是单位数据文件："},
        {"\xFF\xD8\xFF\xE0\0\x10JFIF", 10, "docx.xml: 这是 JPEG 图片，不是单位数据文件："},
    };
    for (size_t i = 0; i < sizeof binaries / sizeof binaries[0]; i++) {
        doc = mlps_xml_read_memory(binaries[i].bytes, binaries[i].len, "docx.xml", &d);
        CHECK(doc == NULL, "binary %zu accepted", i);
        CHECK(has_msg(&d, binaries[i].msg), "binary %zu: %s", i, d.count ? d.items[0].msg : "no message");
        CHECK(!has_msg(&d, "UTF-8"), "binary %zu reported as bad UTF-8", i);
        mlps_diag_free(&d);
    }
    static const char u16[] = "\xFF\xFE<\0u\0/\0>\0";
    doc = mlps_xml_read_memory(u16, sizeof u16 - 1, "u16.xml", &d);
    CHECK(doc == NULL, "UTF-16 accepted");
    CHECK(has_msg(&d, "u16.xml:1: 不支持的文件编码（UTF-16）"), "utf-16 message");
    mlps_diag_free(&d);
    static const char utf8[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><unit version=\"1\"><name>瓯江</name></unit>";
    doc = mlps_xml_read_memory(utf8, sizeof utf8 - 1, "u8.xml", &d);
    CHECK(doc != NULL, "UTF-8 refused");

    /* Schema errors come in Chinese with file:line: path. */
    if (doc) {
        CHECK(mlps_data_validate(m, doc, "u8.xml", &d) >= 1, "incomplete unit validated");
        CHECK(has_msg(&d, "u8.xml:1: unit: 缺少必需的元素 <credit-code>"), "no Chinese missing-element message");
        for (size_t i = 0; i < d.count; i++)
            CHECK(!strstr(d.items[i].msg, "Expecting") && !strstr(d.items[i].msg, "failed"),
                  "English schema message: %s", d.items[i].msg);
        xmlFreeDoc(doc);
    }
    mlps_diag_free(&d);

    /* Values are trimmed at both ends on load; a long text keeps its inner lines, every
     * element its line number. */
    static const char spaced[] = "<unit code=\" society \">\n<a>\n 2025-03-18 \n</a>\n"
                                 "<b> x<!-- c --> </b><c>\n  line 1\n  line 2\n</c><d>  </d><e><p>q</p> </e>"
                                 "<f>\xC2\xA0y\xC2\xA0 </f></unit>";
    doc = mlps_xml_read_memory(spaced, sizeof spaced - 1, "sp.xml", &d);
    CHECK(doc != NULL, "spaced file refused");
    if (doc) {
        mlps_data_normalise(doc);
        CHECK_XP(doc, "string(/unit/@code)", "society");
        CHECK_XP(doc, "string(/unit/a)", "2025-03-18");
        CHECK_XP(doc, "string(/unit/b)", "x");
        CHECK_XP(doc, "string(/unit/c)", "line 1\n  line 2");
        CHECK_XP(doc, "string(/unit/d)", "");
        CHECK_XP(doc, "string(/unit/e)", "q "); /* not a leaf: mixed content as written */
        CHECK_XP(doc, "string(/unit/f)", "y"); /* U+00A0 too, as the serve page trims it */
        xmlNode *c = xmlDocGetRootElement(doc)->children;
        while (c && !xmlStrEqual(c->name, (const xmlChar *)"c"))
            c = c->next;
        CHECK_INT(c ? xmlGetLineNo(c) : 0, 5);
        xmlFreeDoc(doc);
    }
    mlps_diag_free(&d);

    /* A broken sample: the declared level disagrees with the matrix, the computation is shown. */
    doc = mlps_data_load(m, "samples/broken/wrong-business-level.xml", &opts, &d);
    CHECK(doc == NULL, "broken file accepted");
    CHECK_INT(d.errors, 1);
    CHECK(has_msg(&d, "按 GB/T 22240 矩阵计算应为第三级（受侵害客体：社会秩序和公共利益；侵害程度：严重损害）"),
          "matrix computation not shown");
    mlps_diag_free(&d);

    mlps_model_free(m);
    TEST_DONE();
}
