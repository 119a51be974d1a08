/* What the subcommands share: reading "-x VALUE" options and flags, the exit status. */
#include <string.h>

#include "cli.h"
#include "diag.h"

int mlps_cli_finish(struct mlps_diags *d, int status)
{
    mlps_diag_print(d, stderr);
    if (status == 0 && d->errors)
        status = 1;
    mlps_diag_free(d);
    return status;
}

int mlps_cli_options(const char *cmd, int argc, char **argv, const mlps_cli_opt *opts,
                     void (*usage)(FILE *))
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const mlps_cli_opt *o = opts;
        while (o->name && strcmp(o->name, a))
            o++;
        if (o->name && o->value && i + 1 < argc) {
            *o->value = argv[++i];
        } else if (o->name && o->flag) {
            *o->flag = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "mlpsdoc %s: %s“%s”\n", cmd, o->name ? "选项缺少参数" : "未知参数", a);
            usage(stderr);
            return 2;
        }
    }
    return -1;
}
