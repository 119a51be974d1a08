/* What expand, blank, render and batch share: a template or plan by name, the only system of
 * unit data, whether a template wants -s. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "buf.h"
#include "cli.h"
#include "data.h"
#include "diag.h"
#include "plan.h"
#include "template.h"

char *mlps_cli_template_path(const char *name)
{
    mlps_buf b = MLPS_BUF_INIT;
    size_t n = strlen(name);
    if (strchr(name, '/') || access(name, F_OK) == 0)
        mlps_buf_puts(&b, name);
    else
        mlps_buf_printf(&b, "%s/templates/%s%s", mlps_data_dir(), name,
                        n > 4 && !strcmp(name + n - 4, ".xsl")
                            ? ""
                            : ".xsl");
    return mlps_buf_detach(&b);
}

char *mlps_cli_plan_path(const char *name)
{
    mlps_buf b = MLPS_BUF_INIT;
    size_t n = strlen(name);
    if (strchr(name, '/') || (n > 4 && !strcmp(name + n - 4, ".xml")))
        mlps_buf_puts(&b, name);
    else
        mlps_buf_printf(&b, "%s/templates/plans/%s.xml", mlps_data_dir(), name);
    return mlps_buf_detach(&b);
}

int mlps_cli_template_per_system(const char *template_path)
{
    mlps_diags quiet = MLPS_DIAGS_INIT; /* a default plan that does not load: not known */
    char *rng = mlps_data_file("templates/schema/plan.rng");
    char *path = mlps_cli_plan_path("default");
    char *dir = mlps_data_file("templates");
    mlps_schema *schema = mlps_schema_load(rng, &quiet);
    mlps_plan *plan = schema ? mlps_plan_load(schema, path, dir, &quiet) : NULL;
    int per_system = plan ? mlps_plan_template_per_system(plan, template_path) : -1;
    mlps_plan_free(plan);
    mlps_schema_free(schema);
    mlps_diag_free(&quiet);
    free(rng);
    free(path);
    free(dir);
    return per_system;
}

void mlps_cli_need_system(mlps_diags *d, const char *data_path, size_t count, const char *ids)
{
    mlps_diag_error(d, data_path, 0, NULL,
                    "数据中有 %zu 个定级对象，请用 -s 指定其一（可用的有：%s）",
                    count, ids);
}

mlps_template *mlps_cli_template_load(const char *name, mlps_diags *d)
{
    char *path = mlps_cli_template_path(name);
    mlps_template *t = mlps_template_load(path, d);
    free(path);
    return t;
}

/* The <system id> of the only system, or NULL (caller frees). */
char *mlps_cli_only_system(xmlDocPtr data)
{
    xmlNodePtr y = mlps_data_next_system(data, NULL);
    if (!y || mlps_data_next_system(data, y))
        return NULL;
    xmlChar *v = xmlGetNoNsProp(y, (const xmlChar *)"id");
    char *id = v ? strdup((const char *)v) : NULL;
    xmlFree(v);
    return id;
}
