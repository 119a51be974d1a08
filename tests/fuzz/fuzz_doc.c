/* libFuzzer target: doc XML (what templates produce and `mlpsdoc typeset` reads) through the
 * document builder and the layout, with the project's fonts. Run from the repository root. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "doc.h"
#include "font.h"
#include "layout.h"
#include "xmlread.h"

static mlps_fontset *fonts;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    mlps_diags d = MLPS_DIAGS_INIT;
    fonts = mlps_fontset_load("fonts/fonts.xml", &d);
    mlps_diag_free(&d);
    if (!fonts) {
        fprintf(stderr, "fuzz_doc: run from the repository root, with the fonts installed\n");
        exit(2);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    xmlDocPtr x = mlps_xml_read_memory((const char *)data, size, "fuzz.xml", &d);
    mlps_doc *doc = x ? mlps_doc_from_xml(x, "fuzz.xml", "samples", &d) : NULL;
    if (doc && !d.errors) {
        mlps_geom g = mlps_geom_gbt9704();
        mlps_layout_free(mlps_layout_doc(doc, fonts, &g, &d));
    }
    mlps_doc_free(doc);
    xmlFreeDoc(x);
    mlps_diag_free(&d);
    return 0;
}
