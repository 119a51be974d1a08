/* mlpsdoc fonts [--fonts FONTS.xml]: which installed face each font role resolved to, so a
 * user sees whether a licensed 仿宋/小标宋 is used or a free stand-in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "font.h"

int mlps_cmd_fonts(int argc, char **argv)
{
    int status = 2;
    mlps_diags d = MLPS_DIAGS_INIT;
    char *conf = NULL;
    mlps_fontset *fs = NULL;
    if (argc == 3 && !strcmp(argv[1], "--fonts")) {
        conf = strdup(argv[2]);
    } else if (argc == 1) {
        conf = mlps_data_fonts_conf();
    } else {
        fputs("用法: mlpsdoc fonts [--fonts FONTS.xml]\n", stderr);
        goto cleanup;
    }
    fs = mlps_fontset_load(conf, &d);
    mlps_diag_print(&d, stderr);
    if (!fs) {
        status = 1;
        goto cleanup;
    }
    printf("字体配置：%s\n", conf);
    mlps_fontset_describe(fs, stdout);
    status = 0;
cleanup:
    mlps_fontset_free(fs);
    free(conf);
    mlps_diag_free(&d);
    return status;
}
