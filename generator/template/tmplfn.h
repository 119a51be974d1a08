/* Template formatting helpers: XSLT extension functions in the namespace urn:mlpsdoc:fn
 * (prefix f:), registered per transformation (never globally), plus their C cores for tests. */
#ifndef MLPS_TMPLFN_H
#define MLPS_TMPLFN_H
#include <stddef.h>

#include <libxml/xpath.h>

#define MLPS_FN_NS "urn:mlpsdoc:fn"

struct mlps_codes;

/* What the functions may read while one expansion runs. Owned by the caller; must outlive the
 * XPath context it is registered with. */
typedef struct mlps_tmplfn_env {
    const struct mlps_codes *codes; /* f:label, f:codes, level names…; NULL: they fail */
    int blank;                      /* blank mode: an empty argument gives an empty result */
    const struct _xmlDoc *data;     /* the unit data (NULL in blank mode), for f:origin */
    const char *data_name;          /* its file name, as messages show it */
    char msg[512];                  /* Chinese reason of the last failing call ("" if none) */
    void *owner;                    /* the expander's own state (template.c) */
} mlps_tmplfn_env;

/* Registers every f: function on one XSLT transformation; env goes to tctxt->_private. */
struct _xsltTransformContext;
void mlps_tmplfn_register_xslt(struct _xsltTransformContext *tctxt, mlps_tmplfn_env *env);

/* "file:line:path" of node if it belongs to env's data (caller frees), else NULL. */
char *mlps_tmplfn_origin(const mlps_tmplfn_env *env, const struct _xmlNode *node);

/* 1 if local_name is an f: function; its accepted argument counts go to *min / *max. */
int mlps_tmplfn_known(const char *local_name, int *min_args, int *max_args);

/* C cores (UTF-8 results). Each returns 0 on success, -1 when the input is out of range. */
int mlps_fn_date(const char *iso, char *out, size_t cap);  /* 2011-07-01 → 2011年7月1日 */
int mlps_fn_cn_number(long n, char *out, size_t cap);      /* 0–9999: 3 → 三, 21 → 二十一 */
const char *mlps_fn_level_name(long level);                /* 3 → 第三级; NULL out of 1–5 */
const char *mlps_fn_level_title(long level);               /* 3 → 监督保护级 */

#endif
