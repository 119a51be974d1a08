/* Internal to the PDF backend: a run's deflated page contents, so that a page whose content
 * stream is byte for byte one seen before (a policy report's requirement pages, the same in
 * every unit of a level) takes the deflated bytes instead of deflating them again. A content
 * is kept the second time it is seen (most are seen once: they show a unit's own names); a
 * lookup inflates what it finds by hash and compares it whole. Empty contents are not kept.
 * Bounded by MLPS_MAX_PAGECACHE_BYTES of deflated bytes. Shared by a
 * batch's workers under one lock. The bytes are those the document would make itself
 * (libdeflate is deterministic), so every PDF stays the same. */
#ifndef MLPS_PDF_PAGECACHE_H
#define MLPS_PDF_PAGECACHE_H
#include <stddef.h>

typedef struct mlps_pdf_pagecache mlps_pdf_pagecache;

mlps_pdf_pagecache *mlps_pdf_pagecache_new(void);
void mlps_pdf_pagecache_free(mlps_pdf_pagecache *pc);

/* A copy (caller frees) of the deflated bytes kept for exactly these len bytes of data, *zlen
 * its length; NULL when pc (may be NULL) does not have them. Then *keep says whether to give
 * them to mlps_pdf_pagecache_put once deflated (seen before, and there is room). */
unsigned char *mlps_pdf_pagecache_get(mlps_pdf_pagecache *pc, const void *data, size_t len,
                                      size_t *zlen, int *keep);
/* Keeps copies of data and its deflated bytes z, unless another worker kept them first or
 * they would pass the bound. */
void mlps_pdf_pagecache_put(mlps_pdf_pagecache *pc, const void *data, size_t len,
                            const unsigned char *z, size_t zlen);
/* Lookups answered, and contents kept (for tests and make bench). */
void mlps_pdf_pagecache_counts(mlps_pdf_pagecache *pc, size_t *hits, size_t *entries);

#endif
