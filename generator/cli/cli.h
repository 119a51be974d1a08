/* Subcommands of the mlpsdoc CLI; each returns the process exit status. */
#ifndef MLPS_CLI_H
#define MLPS_CLI_H
#include <stdio.h>

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

/* cli_args.c. One option: with a value ("-t NAME" sets *value) or a flag ("--text" sets *flag
 * to 1); a list ends with {NULL}. */
typedef struct mlps_cli_opt {
    const char *name;
    const char **value;
    int *flag;
} mlps_cli_opt;
/* Reads argv[1..] by opts: -1 when read; otherwise the exit status, help (-h, --help) having
 * been printed on stdout (0), or "mlpsdoc CMD: 未知参数“x”" and usage on stderr (2). */
int mlps_cli_options(const char *cmd, int argc, char **argv, const mlps_cli_opt *opts,
                     void (*usage)(FILE *));

/* Prints d's messages on stderr and frees them; returns status, or 1 if d holds an error. */
struct mlps_diags;
int mlps_cli_finish(struct mlps_diags *d, int status);

/* cli_tmpl.c. -t NAME: a path as given if it exists or holds a '/', else
 * mlps_data_dir()/templates/NAME.xsl (caller frees). */
char *mlps_cli_template_path(const char *name);
/* -p NAME: a path as given if it holds a '/' or ends in ".xml", else
 * mlps_data_dir()/templates/plans/NAME.xml (caller frees); render and batch alike. */
char *mlps_cli_plan_path(const char *name);
/* Whether the default plan renders that template file once per system (1), once per unit (0:
 * no -s needed), or does not use it (-1: a template of the user's own). */
int mlps_cli_template_per_system(const char *template_path);
/* The one message for a per-system template, data with several systems and no -s. */
struct mlps_diags;
void mlps_cli_need_system(struct mlps_diags *d, const char *data_path, size_t count, const char *ids);
/* That template, loaded; NULL with the messages in d. */
struct mlps_template;
struct mlps_template *mlps_cli_template_load(const char *name, struct mlps_diags *d);
/* The id of the data's only <system>, or NULL when it has none or several (caller frees). */
struct _xmlDoc;
char *mlps_cli_only_system(struct _xmlDoc *data);

/* Folder holding templates/, fonts/ (installed: PREFIX/share/mlpsdoc; in the source tree:
 * the checkout). $MLPSDOC_HOME overrides. Returns a static string. */
const char *mlps_data_dir(void);
/* mlps_data_dir()/rel, e.g. "templates/codes.xml" (caller frees). */
char *mlps_data_file(const char *rel);
/* The default font configuration: the data folder's fonts/fonts.xml, or the installed one when
 * $MLPSDOC_HOME has no fonts/ (a copy of templates/ only). The caller frees. */
char *mlps_data_fonts_conf(void);

#define MLPS_VERSION "0.1.0"

#endif
