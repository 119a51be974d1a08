/* The schema as a field tree (fieldtree.c): structure, labels, option lists; every missing element
 * and attribute named at once; the skeleton checks back to its empty fields; saving puts
 * elements and attributes in documented order (tidy.c). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "data.h"
#include "fieldtree.h"
#include "harness.h"
#include "skeleton.h"
#include "tidy.h"
#include "xmlread.h"

static const mlps_field *at(const mlps_field *f, const char *path)
{
    char *copy = strdup(path), *save = NULL;
    for (char *p = strtok_r(copy, "/", &save); p && f; p = strtok_r(NULL, "/", &save))
        f = p[0] == '@' ? mlps_field_kid(f, p + 1, 1) : mlps_field_kid(f, p, 0);
    free(copy);
    return f;
}

/* Removes the first text from `from` through the next `to`. */
static void drop(char *s, const char *from, const char *to)
{
    char *a = strstr(s, from);
    char *b = a ? strstr(a + strlen(from), to) : NULL;
    if (b)
        memmove(a, b + strlen(to), strlen(b + strlen(to)) + 1);
}

static size_t count_msgs(const mlps_diags *d, const char *needle)
{
    size_t n = 0;
    for (size_t i = 0; i < d->count; i++)
        n += strstr(d->items[i].msg, needle) != NULL;
    return n;
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
    const mlps_field *root = mlps_form_root(mlps_model_form(m));
    CHECK_STR(root->name, "unit");

    /* structure, labels and lists */
    const mlps_field *f = at(root, "name");
    CHECK(f && f->required && f->text && !f->repeat, "unit/name");
    CHECK_STR(f ? f->label : NULL, "单位名称");
    CHECK_STR(f ? f->no : NULL, "表一01");
    f = at(root, "leader/name");
    CHECK_STR(f ? f->label : NULL, "姓名"); /* the longer label path wins */
    f = at(root, "affiliation");
    CHECK_STR(f && f->list ? f->list->id : NULL, "affiliation");
    f = at(root, "industry/@code2");
    CHECK(f && f->is_attr && !f->required, "industry/@code2 optional attribute");
    CHECK_STR(f && f->list ? f->list->id : NULL, "industry-2.0");
    f = at(root, "systems/system");
    CHECK(f && f->repeat && f->required, "system repeats");
    f = at(root, "systems/system/business/type");
    CHECK(f && f->repeat && f->list, "business/type: several ticks of a list");
    f = at(root, "systems/system/topology");
    CHECK(f && f->paras, "topology: paragraphs beside @src");
    CHECK(f && f->kids[0]->is_attr && !strcmp(f->kids[0]->name, "src"), "attributes first");
    f = at(root, "systems/system/grading/expert-review/@done");
    CHECK(f && f->nvalues == 2 && !strcmp(f->values[0], "yes"), "yes/no values");
    f = at(root, "systems/system/grading/business-info/object");
    CHECK_STR(f && f->list ? f->list->id : NULL, "object"); /* list field with "*" */
    CHECK_STR(at(root, "systems/system/grading")->table, "表三");

    /* every missing element and attribute at once */
    mlps_check_opts opts = {.today = 20260101};
    size_t len = 0;
    FILE *fp = fopen("samples/chongqing-institution.xml", "rb");
    char *xml = malloc(1 << 20);
    len = fp ? fread(xml, 1, (1 << 20) - 1, fp) : 0;
    if (fp)
        fclose(fp);
    xml[len] = '\0';
    char *cut = strdup(xml);
    drop(cut, "<postcode>", "</postcode>");
    drop(cut, "<security-dept>", "</security-dept>");
    drop(cut, " done=\"", "\"");
    xmlDocPtr doc = mlps_xml_read_memory(cut, strlen(cut), "cut.xml", &d);
    CHECK(doc != NULL, "cut sample parses");
    mlps_diag_free(&d);
    if (doc)
        mlps_data_check(m, doc, "samples/cut.xml", &opts, &d);
    CHECK_INT(count_msgs(&d, "缺少必需的元素 <postcode>"), 1);
    CHECK_INT(count_msgs(&d, "缺少必需的元素 <security-dept>"), 1);
    CHECK_INT(count_msgs(&d, "缺少必需的属性 done"), 1);
    xmlFreeDoc(doc);
    mlps_diag_free(&d);

    /* the skeleton: well-formed, every required field there, check lists what is empty */
    mlps_buf b = MLPS_BUF_INIT;
    mlps_skeleton_write(root, 0, 0, &b);
    doc = mlps_xml_read_memory(b.ptr, b.len, "skeleton.xml", &d);
    CHECK(doc != NULL, "skeleton parses");
    CHECK(strstr(b.ptr, "<data-dept") == NULL, "optional elements left out of a new file");
    if (doc)
        mlps_data_check(m, doc, "skeleton.xml", &opts, &d);
    CHECK_INT(count_msgs(&d, "缺少必需的元素"), 0);
    CHECK(count_msgs(&d, "的内容为空") > 30, "empty fields listed: %zu", count_msgs(&d, "的内容为空"));
    xmlFreeDoc(doc);
    mlps_diag_free(&d);
    mlps_buf_free(&b);

    /* tidy: documented order of elements and attributes, comments kept with their element */
    const char *messy = "<unit version=\"1\"><region-code>330300</region-code><!-- 邮编 --><postcode>325000</postcode>"
                        "<systems><system id=\"a\"><grading standard=\"2020\"><expert-review attachment=\"x\" done=\"no\"/>"
                        "<level>2</level></grading><name>甲</name></system></systems><name>单位</name></unit>";
    doc = mlps_xml_read_memory(messy, strlen(messy), "messy.xml", &d);
    mlps_data_tidy(root, doc, &b);
    const char *want = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<unit version=\"1\">\n"
                       "  <name>单位</name>\n"
                       "  <!-- 邮编 -->\n"
                       "  <postcode>325000</postcode>\n"
                       "  <region-code>330300</region-code>\n"
                       "  <systems>\n"
                       "    <system id=\"a\">\n"
                       "      <name>甲</name>\n"
                       "      <grading standard=\"2020\">\n"
                       "        <level>2</level>\n"
                       "        <expert-review done=\"no\" attachment=\"x\"/>\n"
                       "      </grading>\n"
                       "    </system>\n"
                       "  </systems>\n"
                       "</unit>\n";
    CHECK_STR(b.ptr, want);
    xmlFreeDoc(doc);
    mlps_buf_free(&b);
    mlps_diag_free(&d);
    free(cut);
    free(xml);
    mlps_model_free(m);
    TEST_DONE();
}
