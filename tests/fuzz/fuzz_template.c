/* libFuzzer target: a template through the loader and the expander, against a sample unit
 * (samples/wenzhou-soe.xml, system "oa"). The template is written to a private folder first,
 * since templates are loaded from files (their fragments are confined to that folder). Run
 * from the repository root. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data.h"
#include "diag.h"
#include "template.h"
#include "xmlread.h"

static mlps_model *model;
static xmlDocPtr unit;
static char dir[] = "/tmp/mlps-fuzz-template-XXXXXX";
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_check_opts opts = {.today = 20240630};
    model = mlps_model_load(".", &d);
    unit = model ? mlps_data_load(model, "samples/wenzhou-soe.xml", &opts, &d) : NULL;
    mlps_diag_free(&d);
    if (!unit || !mkdtemp(dir)) {
        fprintf(stderr, "fuzz_template: run from the repository root\n");
        exit(2);
    }
    snprintf(path, sizeof path, "%s/t.xsl", dir);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    mlps_template *t = mlps_template_load(path, &d);
    if (t) {
        mlps_expand_in in = {unit, "oa", mlps_model_codes(model), 0};
        xmlFreeDoc(mlps_template_expand(t, &in, &d));
        mlps_template_free(t);
    }
    mlps_diag_free(&d);
    return 0;
}
