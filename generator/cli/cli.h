/* Subcommands of the mlpsdoc CLI; each returns the process exit status. */
#ifndef MLPS_CLI_H
#define MLPS_CLI_H

int mlps_cmd_check(int argc, char **argv);   /* cli_check.c */
int mlps_cmd_render(int argc, char **argv);  /* cli_render.c */
int mlps_cmd_typeset(int argc, char **argv); /* cli_typeset.c: doc XML → PDF (or --dump) */
int mlps_cmd_fonts(int argc, char **argv);   /* cli_fonts.c: what each font role resolved to */
int mlps_cmd_batch(int argc, char **argv);   /* cli_batch.c: every document of many units */
int mlps_cmd_report(int argc, char **argv);  /* cli_report.c: merge the shards' batch reports */
int mlps_cmd_init(int argc, char **argv);    /* cli_init.c: a skeleton data file */
int mlps_cmd_serve(int argc, char **argv);   /* cli_serve.c: the local web form */
int mlps_cmd_expand(int argc, char **argv);  /* cli_expand.c: template + data → doc XML */
int mlps_cmd_blank(int argc, char **argv);   /* cli_blank.c: template, no data → PDF */

/* cli_tmpl.c. -t NAME: a path as given if it exists or holds a '/', else
 * mlps_data_dir()/templates/NAME.xsl (caller frees). */
char *mlps_cli_template_path(const char *name);
/* The id of the data's only <system>, or NULL when it has none or several (caller frees). */
struct _xmlDoc;
char *mlps_cli_only_system(struct _xmlDoc *data);

/* Folder holding templates/, fonts/ (installed: PREFIX/share/mlpsdoc; in the source tree:
 * the checkout). $MLPSDOC_HOME overrides. Returns a static string. */
const char *mlps_data_dir(void);

#define MLPS_VERSION "0.1.0"

#endif
