/* mlps_xml_select: the same nodes, in the same order, as XPath for every code list's field
 * path (and the check's extra paths) over the samples and over documents made to trip a
 * hand-written walker: namespaces (default and prefixed, on elements and attributes),
 * comments and processing instructions, text, a wrong root, repeated and nested names. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "codes.h"
#include "harness.h"
#include "xmlselect.h"

static int compared;

static void quiet(void *ctx, const xmlError *e)
{
    (void)ctx;
    (void)e;
}

static void compare(xmlDocPtr doc, const char *path, const char *what)
{
    xmlXPathContextPtr xp = xmlXPathNewContext(doc);
    xp->error = (xmlStructuredErrorFunc)quiet; /* the invalid paths' errors */
    xmlXPathObjectPtr want = xmlXPathEvalExpression((const xmlChar *)path, xp);
    xmlXPathObjectPtr got = mlps_xml_select(xp, path);
    int wn = want && want->nodesetval ? want->nodesetval->nodeNr : 0;
    int gn = got && got->nodesetval ? got->nodesetval->nodeNr : 0;
    int same = (want != NULL) == (got != NULL) && wn == gn && (!want || want->type == got->type);
    for (int i = 0; same && i < wn; i++)
        same = want->nodesetval->nodeTab[i] == got->nodesetval->nodeTab[i];
    CHECK(same, "%s: %s: %d nodes, XPath %d", what, path, gn, wn);
    compared++;
    xmlXPathFreeObject(want);
    xmlXPathFreeObject(got);
    xmlXPathFreeContext(xp);
}

static const char *extra[] = {
    "/unit/systems/system/grading/*/item/@object",
    "/unit/systems/system/grading/*/item/@degree",
    "/unit/systems/system/data-resources/data/storage/cloud/@code",
    "/unit/systems/system/data-resources/data/storage/room/@code",
    "/unit/systems/system/data-resources/data/storage/region/@code",
    /* not plain: XPath answers */
    "//item/@code",
    "/unit/systems/system[2]/@id",
    "/unit/systems/system/@x:code",
    "/unit/*/*/@code",
    "/unit/systems/system/@*",
    "/unit",
    "/unit/@",
    "/unit//@code",
    "/p:unit/@code",
};

static void all_paths(const mlps_codes *codes, xmlDocPtr doc, const char *what)
{
    for (size_t i = 0; i < mlps_codes_list_count(codes); i++) {
        const mlps_code_list *l = mlps_codes_list_at(codes, i);
        if (l->field)
            compare(doc, l->field, what);
    }
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++)
        compare(doc, extra[i], what);
}

static const char *made[] = {
    /* default namespace on the root: no name test matches, * still does below it */
    "<unit xmlns='urn:x'><affiliation code='1'/></unit>",
    /* namespace on an inner element and on attributes */
    "<unit><affiliation code='1' xmlns:p='urn:p' p:code='2'/><systems><system>"
    "<grading standard='2020'><p:a xmlns:p='urn:p'><object code='c'/></p:a><b xmlns='urn:q'><object code='d'/>"
    "</b><c><object code='e'/><object p:code='f' xmlns:p='urn:p'/></c></grading></system></systems></unit>",
    /* comments, PIs, text between the steps; repeated and nested names */
    "<?pi x?><!-- c --><unit><!-- c --><?pi?>t<systems><system><run-status code='a'/>"
    "<run-status code='b'/><run-status/></system><system><run-status code='c'/><system>"
    "<run-status code='nested'/></system></system></systems><systems><system>"
    "<run-status code='d'/></system></systems></unit>",
    /* a root of another name */
    "<units><unit><affiliation code='1'/></unit></units>",
    /* star steps over mixed children */
    "<unit><systems><system><data-resources><data><a size-unit='1'/><b size-unit='2'/>x<c/>"
    "<d size-unit='3'><e size-unit='4'/></d></data></data-resources></system></systems></unit>",
};

int main(void)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_codes *codes = mlps_codes_load("templates/codes.xml", &d);
    CHECK(codes != NULL, "templates/codes.xml loads");
    if (!codes)
        TEST_DONE();
    DIR *dir = opendir("samples");
    struct dirent *e;
    int files = 0;
    while (dir && (e = readdir(dir)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".xml"))
            continue;
        char path[512];
        snprintf(path, sizeof path, "samples/%s", e->d_name);
        xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
        if (!doc)
            continue;
        all_paths(codes, doc, path);
        xmlFreeDoc(doc);
        files++;
    }
    if (dir)
        closedir(dir);
    CHECK(files >= 2, "%d samples read", files);
    for (size_t i = 0; i < sizeof made / sizeof *made; i++) {
        xmlDocPtr doc = xmlReadMemory(made[i], (int)strlen(made[i]), "made.xml", NULL, XML_PARSE_NONET);
        CHECK(doc != NULL, "made document %zu parses", i);
        if (!doc)
            continue;
        all_paths(codes, doc, "made");
        compare(doc, "/unit/systems/system/run-status/@code", "made");
        compare(doc, "/unit/systems/system/grading/*/object/@code", "made");
        compare(doc, "/unit/systems/system/data-resources/data/*/@size-unit", "made");
        compare(doc, "/unit/affiliation/@code", "made");
        xmlFreeDoc(doc);
    }
    /* the walk found something: a test of empty sets alone would prove little */
    xmlDocPtr doc = xmlReadMemory(made[2], (int)strlen(made[2]), "made.xml", NULL, 0);
    xmlXPathContextPtr xp = xmlXPathNewContext(doc);
    xmlXPathObjectPtr r = mlps_xml_select(xp, "/unit/systems/system/run-status/@code");
    CHECK_INT(r && r->nodesetval ? r->nodesetval->nodeNr : -1, 4);
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(xp);
    xmlFreeDoc(doc);
    CHECK(compared > 400, "%d comparisons", compared);
    mlps_codes_free(codes);
    mlps_diag_free(&d);
    TEST_DONE();
}
