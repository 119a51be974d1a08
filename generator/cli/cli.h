/* Subcommands of the mlpsdoc CLI; each returns the process exit status. */
#ifndef MLPS_CLI_H
#define MLPS_CLI_H

int mlps_cmd_check(int argc, char **argv);   /* cli_check.c */
int mlps_cmd_render(int argc, char **argv);  /* cli_render.c */
int mlps_cmd_typeset(int argc, char **argv); /* cli_typeset.c: doc XML → PDF (or --dump) */
int mlps_cmd_fonts(int argc, char **argv);   /* cli_fonts.c: what each font role resolved to */
int mlps_cmd_batch(int argc, char **argv);   /* cli_batch.c: every document of many units */

/* Folder holding templates/, fonts/ (installed: PREFIX/share/mlpsdoc; in the source tree:
 * the checkout). $MLPSDOC_HOME overrides. Returns a static string. */
const char *mlps_data_dir(void);

#define MLPS_VERSION "0.1.0"

#endif
