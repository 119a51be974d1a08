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
    char *id = NULL;
    int n = 0;
    xmlNodePtr root = xmlDocGetRootElement(data);
    for (xmlNodePtr s = root ? root->children : NULL; s; s = s->next) {
        if (s->type != XML_ELEMENT_NODE || strcmp((const char *)s->name, "systems"))
            continue;
        for (xmlNodePtr y = s->children; y; y = y->next) {
            if (y->type != XML_ELEMENT_NODE || strcmp((const char *)y->name, "system"))
                continue;
            if (n++ == 0) {
                xmlChar *v = xmlGetNoNsProp(y, (const xmlChar *)"id");
                id = v ? strdup((const char *)v) : NULL;
                xmlFree(v);
            }
        }
    }
    if (n != 1) {
        free(id);
        id = NULL;
    }
    return id;
}
