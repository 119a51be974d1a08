/* <f:memo key="EXPR">…</f:memo>: an XSLT extension element whose output is kept by the value
 * of its key and made again from the copy when the same key comes back (the policy report's
 * requirement tables, a form's option lists): the key must say everything the body's output
 * depends on. One cache per thread, so no locks; it is emptied when full
 * (MLPS_TEMPLATE_MEMO_BYTES). Output with a data origin (data="…", which differs between
 * units) is never kept. templates/README.md "Memo" explains it to template authors. */
#ifndef MLPS_MEMO_H
#define MLPS_MEMO_H
#include <stddef.h>

struct _xmlNode;

/* Registers f:memo with libxslt (once per process, before any stylesheet is compiled). */
void mlps_memo_register(void);

/* 1 if n is an f:memo element that libxslt compiled as ours (its prefix declared in
 * extension-element-prefixes), -1 if it is an f:memo that will be copied to the output as a
 * plain element, 0 if n is not f:memo. */
int mlps_memo_check(const struct _xmlNode *n);

typedef struct mlps_memo_stats {
    size_t lookups, hits; /* a lookup per f:memo met; a hit is output made from the copy */
    size_t peak_bytes;    /* the most the cache held */
} mlps_memo_stats;

/* This thread's counts since it started. */
mlps_memo_stats mlps_memo_thread_stats(void);

#endif
