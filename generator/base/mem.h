/* Allocation that aborts on out-of-memory: callers never check for NULL. */
#ifndef MLPS_MEM_H
#define MLPS_MEM_H
#include <stddef.h>

void *mlps_xmalloc(size_t n);
void *mlps_xcalloc(size_t count, size_t size);
void *mlps_xrealloc(void *p, size_t n);
char *mlps_xstrdup(const char *s);
char *mlps_xstrndup(const char *s, size_t n);
/* The folder part of path: "a/b.xml" → "a", "/b.xml" → "/", "b.xml" → "" (caller frees). */
char *mlps_path_dir(const char *path);

/* Grow *items (element size elem) so that index `need-1` fits; doubles capacity. */
void mlps_xgrow(void **items, size_t *cap, size_t need, size_t elem);
/* mlps_xgrow without zeroing the new elements: for arrays whose callers write each element whole
 * as they append it (glyphs, rules, copied lines), where the zeroing was a third of growing. */
void mlps_xgrow_raw(void **items, size_t *cap, size_t need, size_t elem);
/* The capacity test inline: most calls (one per glyph or line appended) find room. need is
 * evaluated twice. */
#define XGROW(arr, cap, need)                                                                  \
    ((size_t)(need) > (cap) ? mlps_xgrow((void **)&(arr), &(cap), (need), sizeof *(arr)) : (void)0)
#define XGROW_RAW(arr, cap, need)                                                              \
    ((size_t)(need) > (cap) ? mlps_xgrow_raw((void **)&(arr), &(cap), (need), sizeof *(arr)) : (void)0)

#endif
