#include "xmlbudget.h"

#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlmemory.h>

/* The hooks keep libxml2's memory plain malloc memory (malloc_usable_size gives a block's size
 * on free), so blocks allocated before the hooks, or freed by other code, stay valid. */
static _Thread_local mlps_xml_budget *tl_budget;

/* At most this many bytes of freed blocks are kept per budget. */
#define CACHE_BYTES (256u << 10)

/* 1 if n more bytes fit (the refused allocation marks the budget). */
static int fits(mlps_xml_budget *b, size_t n)
{
    long long held = b->used + (long long)b->cached;
    if (held > 0 && (unsigned long long)held + n > b->limit) {
        b->over = 1;
        return 0;
    }
    if (n > b->limit) {
        b->over = 1;
        return 0;
    }
    return 1;
}

/* The size class of a usable size: glibc's small chunks give 24 + 16 k bytes. */
static size_t class_of_usable(size_t u)
{
    return u >= 24 && (u - 24) % 16 == 0 ? (u - 24) / 16 : MLPS_XML_BUDGET_CLASSES;
}

static void *b_malloc(size_t n)
{
    mlps_xml_budget *b = tl_budget;
    if (!b)
        return malloc(n);
    if (!fits(b, n))
        return NULL;
    size_t c = n <= 24 ? 0 : (n - 24 + 15) / 16; /* the class malloc(n) would give */
    void *p;
    size_t u;
    if (c < MLPS_XML_BUDGET_CLASSES && b->cache[c]) {
        p = b->cache[c];
        memcpy(&b->cache[c], p, sizeof p);
        u = 24 + 16 * c;
        b->cached -= u;
    } else {
        p = malloc(n);
        if (!p)
            return NULL;
        u = malloc_usable_size(p);
    }
    if ((b->used += (long long)u) > b->peak)
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
    mlps_xml_budget *b = tl_budget;
    if (!b || !p) {
        free(p);
        return;
    }
    size_t u = malloc_usable_size(p), c = class_of_usable(u);
    b->used -= (long long)u;
    if (c < MLPS_XML_BUDGET_CLASSES && b->cached + u <= CACHE_BYTES) {
        memcpy(p, &b->cache[c], sizeof p);
        b->cache[c] = p;
        b->cached += u;
        return;
    }
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
    mlps_xml_budget *b = tl_budget;
    tl_budget = previous;
    for (size_t c = 0; b && c < MLPS_XML_BUDGET_CLASSES; c++)
        while (b->cache[c]) {
            void *p = b->cache[c];
            memcpy(&b->cache[c], p, sizeof p);
            free(p);
        }
    if (b)
        b->cached = 0;
}
