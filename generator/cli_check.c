/* placeholder until the subcommand lands */
#include <stdio.h>

#include "cli.h"

int mlps_cmd_check(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("mlpsdoc check: 尚未实现\n", stderr);
    return 2;
}
