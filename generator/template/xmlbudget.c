#include "xmlbudget.h"

#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlmemory.h>

/* The hooks keep libxml2's memory plain malloc memory (malloc_usable_size gives a block's size
 * on free), so blocks allocated before the hooks, or freed by other code, stay valid. They kept
 * each thread's small freed blocks for reuse while glibc's malloc served the binary; mimalloc's
 * own per-thread free lists do that now (the same instruction count without them). */
static _Thread_local mlps_xml_budget *tl_budget;

/* 1 if n more bytes fit (the refused allocation marks the budget). */
static int fits(mlps_xml_budget *b, size_t n)
{
    if (b->used > 0 && (unsigned long long)b->used + n > b->limit) {
        b->over = 1;
        return 0;
    }
    if (n > b->limit) {
        b->over = 1;
        return 0;
    }
    return 1;
}

static void *b_malloc(size_t n)
{
    mlps_xml_budget *b = tl_budget;
    if (b && !fits(b, n))
        return NULL;
    void *p = malloc(n);
    if (p && b && (b->used += (long long)malloc_usable_size(p)) > b->peak)
        b->peak = b->used;
    return p;
}

static void *b_realloc(void *p, size_t n)
{
    mlps_xml_budget *b = tl_budget;
    if (!b)
        return realloc(p, n);
    size_t old = p ? malloc_usable_size(p) : 0;
    if (n > old && !fits(b, n - old))
        return NULL;
    void *q = realloc(p, n);
    if (q && (b->used += (long long)malloc_usable_size(q) - (long long)old) > b->peak)
        b->peak = b->used;
    return q;
}

static void b_free(void *p)
{
    if (!p)
        return;
    mlps_xml_budget *b = tl_budget;
    if (b)
        b->used -= (long long)malloc_usable_size(p);
    free(p);
}

static char *b_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = b_malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static void install_once(void)
{
    xmlGcMemSetup(b_free, b_malloc, b_malloc, b_realloc, b_strdup);
}

void mlps_xml_budget_install(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, install_once);
}

mlps_xml_budget *mlps_xml_budget_enter(mlps_xml_budget *b)
{
    mlps_xml_budget *prev = tl_budget;
    tl_budget = b;
    return prev;
}

void mlps_xml_budget_leave(mlps_xml_budget *previous)
{
    tl_budget = previous;
}
