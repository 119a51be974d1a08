/* placeholder until the subcommand lands */
#include <stdio.h>

#include "cli.h"

int mlps_cmd_render(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("mlpsdoc render: 尚未实现\n", stderr);
    return 2;
}
