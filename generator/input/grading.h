/* GB/T 22240 grading: (受侵害客体, 侵害程度) → 安全保护等级, read from the matrix in
 * templates/codes.xml. 业务信息 and 系统服务 use the same matrix; the overall level is the higher. */
#ifndef MLPS_GRADING_H
#define MLPS_GRADING_H

#include "codes.h"

#define MLPS_LEVEL_MIN 1
#define MLPS_LEVEL_MAX 5

/* Level 1..5 for object (citizen|society|nation) and degree (general|serious|very-serious);
 * 0 when either code is unknown. */
int mlps_grade(const mlps_codes *c, const char *object, const char *degree);
/* The overall level: the higher of the two (0 if either is 0). */
int mlps_grade_overall(int business_level, int service_level);
/* The matrix sentence for the cell in the given edition ("2008" or "2020"; anything else =
 * 2020), e.g. "对社会秩序和公共利益造成严重危害"; NULL for an unknown cell. */
const char *mlps_grade_wording(const mlps_codes *c, const char *object, const char *degree,
                               const char *standard);
/* Labels of the object / degree in the given edition ("社会秩序和公共利益", "严重损害"). */
const char *mlps_object_label(const mlps_codes *c, const char *object, const char *standard);
const char *mlps_degree_label(const mlps_codes *c, const char *degree, const char *standard);
/* "第三级" / "监督保护级"; NULL outside 1..5. */
const char *mlps_level_name(const mlps_codes *c, int level);
const char *mlps_level_title(const mlps_codes *c, int level);
struct _xmlNode;
/* A 业务信息 / 系统服务 part (<business-info>, <system-service>) holds one or more damage items:
 * its <object code>/<degree code>, and any <item object degree>. Returns the highest level among
 * them (0 if none is a matrix cell) and, in *obj / *deg (may be NULL), the codes of the item
 * that gives it (owned by the tree). */
int mlps_grade_items(const mlps_codes *c, const struct _xmlNode *part, const char **obj,
                     const char **deg);
/* Parses "1".."5" (surrounding blanks allowed); 0 otherwise. */
int mlps_level_parse(const char *s);

#endif
