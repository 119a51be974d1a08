/* mlpsdoc blank -t TEMPLATE -o OUT.pdf [--fonts FONTS.xml]: a template expanded with no data
 * (every value empty, every option unticked: the blank forms coordination groups print),
 * typeset and written through a temporary file, as render writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "data.h"
#include "diag.h"
#include "doc.h"
#include "font.h"
#include "layout.h"
#include "outfile.h"
#include "pdf.h"
#include "template.h"

static void usage(FILE *out)
{
    fputs("用法: mlpsdoc blank -t TEMPLATE -o OUT.pdf [--fonts FONTS.xml]\n"
          "  -t       模板文件路径，或模板目录中的名称\n"
          "  -o       输出 PDF\n"
          "  --fonts  字体配置（默认：数据目录下 fonts/fonts.xml）\n",
          out);
}

int mlps_cmd_blank(int argc, char **argv)
{
    const char *tname = NULL, *out = NULL, *fonts = NULL;
    int status = 2;
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_model *model = NULL;
    mlps_template *t = NULL;
    mlps_fontset *fs = NULL;
    mlps_doc *doc = NULL;
    char *tpath = NULL;
    mlps_layout *lay = NULL;
    char *conf = NULL;

    const mlps_cli_opt options[] = {
        {"-t", &tname, NULL}, {"-o", &out, NULL}, {"--fonts", &fonts, NULL}, {NULL, NULL, NULL}};
    int rc = mlps_cli_options("blank", argc, argv, options, usage);
    if (rc >= 0) {
        status = rc;
        goto done;
    }
    if (!tname || !out) {
        usage(stderr);
        goto done;
    }
    status = 1;
    tpath = mlps_cli_template_path(tname);
    const char *inputs[] = {tpath, fonts, NULL};
    if (mlps_output_pdf_ok(out, inputs, &d))
        goto done;
    model = mlps_model_load(mlps_data_dir(), &d);
    if (!model)
        goto done;
    t = mlps_template_load(tpath, &d);
    if (!t)
        goto done;
    if (!fonts)
        fonts = conf = mlps_data_fonts_conf();
    fs = mlps_fontset_load(fonts, &d);
    if (!fs)
        goto done;
    mlps_expand_in in = {NULL, NULL, mlps_model_codes(model), 1};
    doc = mlps_template_build(t, &in, "", &d);
    if (!doc)
        goto done;
    mlps_geom g = mlps_geom_gbt9704();
    lay = mlps_layout_doc(doc, fs, &g, &d);
    if (!lay || mlps_pdf_write(lay, &doc->meta, out, &d))
        goto done;
    printf("已生成 %s\n", out);
    status = 0;
done:
    mlps_layout_free(lay);
    mlps_doc_free(doc);
    mlps_fontset_free(fs);
    mlps_template_free(t);
    mlps_model_free(model);
    free(conf);
    free(tpath);
    return mlps_cli_finish(&d, status);
}
