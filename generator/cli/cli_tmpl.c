/* What expand and blank share: finding a template by name, reading the unit data as check does. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "buf.h"
#include "cli.h"
#include "data.h"

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
