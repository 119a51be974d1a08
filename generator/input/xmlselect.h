/* The nodes a code list's field path selects in a data file, as XPath selects them, without
 * an XPath evaluation where the path is plain. */
#ifndef MLPS_XMLSELECT_H
#define MLPS_XMLSELECT_H
#include <libxml/xpath.h>

/* What xmlXPathEvalExpression(path, xp) returns (free with xmlXPathFreeObject). A path of
 * child steps ending in an attribute step ("/unit/systems/system/@code"; each step a name
 * without a prefix, or a star) is walked directly, in document order: such a path is
 * evaluated once per code list and unit, and libxml2 spends about 25 k instructions
 * compiling and walking each. Any other path goes to XPath. */
xmlXPathObjectPtr mlps_xml_select(xmlXPathContextPtr xp, const char *path);

#endif
