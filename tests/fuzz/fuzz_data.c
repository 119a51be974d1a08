/* libFuzzer target: a unit data file through the loader and checker (safe XML reading, RELAX NG
 * with Chinese messages, check.c, annotation), as `mlpsdoc check` runs them. Run from the
 * repository root (the schema and codes are read from templates/). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "data.h"
#include "diag.h"
#include "xmlread.h"

static mlps_model *model;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    mlps_diags d = MLPS_DIAGS_INIT;
    model = mlps_model_load(".", &d);
    mlps_diag_free(&d);
    if (!model) {
        fprintf(stderr, "fuzz_data: run from the repository root\n");
        exit(2);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_check_opts opts = {.today = 20240630};
    xmlDocPtr doc = mlps_xml_read_memory((const char *)data, size, "fuzz/data.xml", &d);
    if (doc) {
        mlps_data_validate(model, doc, "fuzz/data.xml", &d);
        mlps_check_unit(mlps_model_codes(model), doc, "fuzz/data.xml", &opts, &d);
        mlps_data_annotate(mlps_model_codes(model), doc);
        xmlFreeDoc(doc);
    }
    for (size_t i = 0; i < d.count; i++)
        free(mlps_diag_format(&d.items[i]));
    mlps_diag_free(&d);
    return 0;
}
