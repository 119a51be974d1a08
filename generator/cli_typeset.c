/* placeholder until the subcommand lands */
#include <stdio.h>

#include "cli.h"

int mlps_cmd_typeset(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("mlpsdoc typeset: 尚未实现\n", stderr);
    return 2;
}
