/* The GB/T 22240 matrix from templates/codes.xml: all 9 cells, both wordings, level names. */
#include <stdlib.h>

#include "cli.h"
#include "codes.h"
#include "buf.h"
#include "grading.h"
#include "harness.h"

int main(void)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_buf p = MLPS_BUF_INIT;
    mlps_buf_printf(&p, "%s/templates/codes.xml", mlps_data_dir());
    mlps_codes *c = mlps_codes_load(p.ptr, &d);
    CHECK(c != NULL, "codes.xml did not load");
    if (!c) {
        mlps_diag_print(&d, stdout);
        TEST_DONE();
    }
    static const struct {
        const char *obj, *deg;
        int level;
        const char *w2008, *w2020;
    } cells[] = {
        {"citizen", "general", 1, "仅对公民、法人和其他组织的合法权益造成损害", "对公民、法人和其他组织的合法权益造成一般损害"},
        {"citizen", "serious", 2, "对公民、法人和其他组织的合法权益造成严重损害", "对公民、法人和其他组织的合法权益造成严重损害"},
        {"citizen", "very-serious", 2, "对公民、法人和其他组织的合法权益造成特别严重损害", "对公民、法人和其他组织的合法权益造成特别严重损害"},
        {"society", "general", 2, "对社会秩序和公共利益造成损害", "对社会秩序和公共利益造成危害"},
        {"society", "serious", 3, "对社会秩序和公共利益造成严重损害", "对社会秩序和公共利益造成严重危害"},
        {"society", "very-serious", 4, "对社会秩序和公共利益造成特别严重损害", "对社会秩序和公共利益造成特别严重危害"},
        {"nation", "general", 3, "对国家安全造成损害", "对国家安全造成危害"},
        {"nation", "serious", 4, "对国家安全造成严重损害", "对国家安全造成严重危害"},
        {"nation", "very-serious", 5, "对国家安全造成特别严重损害", "对国家安全造成特别严重危害"},
    };
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        CHECK_INT(mlps_grade(c, cells[i].obj, cells[i].deg), cells[i].level);
        CHECK_STR(mlps_grade_wording(c, cells[i].obj, cells[i].deg, "2008"), cells[i].w2008);
        CHECK_STR(mlps_grade_wording(c, cells[i].obj, cells[i].deg, "2020"), cells[i].w2020);
    }
    CHECK_INT(mlps_grade(c, "society", "huge"), 0);
    CHECK_INT(mlps_grade(c, "planet", "serious"), 0);
    CHECK_INT(mlps_grade(c, NULL, "serious"), 0);
    CHECK(mlps_grade_wording(c, "nation", "bad", "2020") == NULL, "unknown cell has a wording");

    CHECK_INT(mlps_grade_overall(3, 2), 3);
    CHECK_INT(mlps_grade_overall(2, 4), 4);
    CHECK_INT(mlps_grade_overall(0, 4), 0);

    static const char *const names[] = {"第一级", "第二级", "第三级", "第四级", "第五级"};
    static const char *const titles[] = {"自主保护级", "指导保护级", "监督保护级", "强制保护级", "专控保护级"};
    for (int lv = 1; lv <= 5; lv++) {
        CHECK_STR(mlps_level_name(c, lv), names[lv - 1]);
        CHECK_STR(mlps_level_title(c, lv), titles[lv - 1]);
    }
    CHECK(mlps_level_name(c, 0) == NULL && mlps_level_name(c, 6) == NULL, "level out of range named");
    CHECK_INT(mlps_level_parse(" 3\n"), 3);
    CHECK_INT(mlps_level_parse("6"), 0);
    CHECK_INT(mlps_level_parse("3a"), 0);
    CHECK_INT(mlps_level_parse(""), 0);
    CHECK_STR(mlps_object_label(c, "society", "2020"), "社会秩序和公共利益");
    CHECK_STR(mlps_degree_label(c, "very-serious", "2008"), "特别严重损害");
    CHECK_STR(mlps_codes_label(c, "industry-2007", "47"), "水利");
    CHECK_STR(mlps_codes_label(c, "affiliation", "3"), "地(区、市、州、盟)");
    CHECK(mlps_codes_find(c, "affiliation", "9")->other, "其他 not marked other");
    CHECK(mlps_codes_find(c, "service-range", "11")->count, "跨省 not marked count");
    CHECK(mlps_codes_find(c, "material", "evaluation")->required, "测评报告 not required");
    CHECK(!mlps_codes_find(c, "material", "guidance")->required, "2.0-only material required");
    CHECK_STR(mlps_codes_variant(c, "material", "topology", "label-2.0"), "网络拓扑结构及说明");
    CHECK_STR(mlps_codes_variant(c, "material", "evaluation", "label-2.0"), "系统等级测评报告");
    CHECK_STR(mlps_codes_variant(c, "level", "3", "title"), "监督保护级");
    CHECK_STR(mlps_codes_variant(c, "object", "nation", "label-2008"), "国家安全");
    CHECK(mlps_codes_variant(c, "level", "7", NULL) == NULL, "unknown code has a label");
    mlps_codes_free(c);

    /* A matrix with a missing cell is refused. */
    mlps_codes *bad = mlps_codes_load("tests/data/codes-incomplete-matrix.xml", &d);
    CHECK(bad == NULL, "incomplete matrix accepted");
    CHECK(d.count == 1 && strstr(d.items[0].msg, "定级矩阵缺少单元格（客体 nation，程度 very-serious）"),
          "got %s", d.count ? d.items[0].msg : "(nothing)");
    mlps_codes_free(bad);
    mlps_diag_free(&d);
    mlps_buf_free(&p);
    TEST_DONE();
}
