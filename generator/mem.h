/* Allocation that aborts on out-of-memory: callers never check for NULL. */
#ifndef MLPS_MEM_H
#define MLPS_MEM_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grow *items (element size elem) so that index `need-1` fits; doubles capacity. */
void xgrow(void **items, size_t *cap, size_t need, size_t elem);
#define XGROW(arr, cap, need) xgrow((void **)&(arr), &(cap), (need), sizeof *(arr))

#endif
