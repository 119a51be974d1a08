/* Form cells name the data field their text came from (field="/unit/…"); this finds that node in
 * the data file, so that a cell that cannot fit is reported at the data file's line. */
#include <stdlib.h>

#include <libxml/xpath.h>

#include "doc.h"
#include "form.h"
#include "xmlread.h"

static void resolve_cell(mlps_doc *doc, mlps_fcell *cell, xmlXPathContextPtr xp, const char *file)
{
    if (!cell->field || cell->origin_file)
        return;
    xmlXPathObjectPtr r = xmlXPathEvalExpression((const xmlChar *)cell->field, xp);
    if (r && r->type == XPATH_NODESET && r->nodesetval && r->nodesetval->nodeNr > 0) {
        xmlNode *n = r->nodesetval->nodeTab[0];
        if (n->type == XML_ATTRIBUTE_NODE)
            n = n->parent;
        long line = n ? xmlGetLineNo(n) : 0;
        if (line > 0) {
            cell->origin_file = mlps_doc_intern(doc, file);
            cell->origin_line = line;
        }
    }
    xmlXPathFreeObject(r);
}

void mlps_doc_resolve_origins(mlps_doc *doc, struct _xmlDoc *data)
{
    if (!doc || !data || !data->URL)
        return;
    xmlXPathContextPtr xp = xmlXPathNewContext(data);
    if (!xp)
        return;
    char *file = mlps_xml_doc_file(data);
    for (size_t i = 0; i < doc->nblocks; i++) {
        if (doc->blocks[i].kind != MLPS_BLK_FORM)
            continue;
        mlps_form *f = &doc->blocks[i].u.form;
        for (size_t r = 0; r < f->nrows; r++)
            for (size_t c = 0; c < f->rows[r].ncells; c++)
                resolve_cell(doc, &f->rows[r].cells[c], xp, file);
    }
    free(file);
    xmlXPathFreeContext(xp);
}
