/* What expand, blank and render share: a template by name, the only system of unit data. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "buf.h"
#include "cli.h"
#include "data.h"
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
