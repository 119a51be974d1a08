/* Allocation that aborts on out-of-memory: callers never check for NULL. */
#ifndef MLPS_MEM_H
#define MLPS_MEM_H
#include <stddef.h>

void *mlps_xmalloc(size_t n);
void *mlps_xcalloc(size_t count, size_t size);
void *mlps_xrealloc(void *p, size_t n);
char *mlps_xstrdup(const char *s);
char *mlps_xstrndup(const char *s, size_t n);

/* Grow *items (element size elem) so that index `need-1` fits; doubles capacity. */
void mlps_xgrow(void **items, size_t *cap, size_t need, size_t elem);
#define XGROW(arr, cap, need) mlps_xgrow((void **)&(arr), &(cap), (need), sizeof *(arr))

#endif
