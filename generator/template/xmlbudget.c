#include "xmlbudget.h"

#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlmemory.h>

/* The hooks keep libxml2's memory plain malloc memory (malloc_usable_size gives a block's size
 * on free), so blocks allocated before the hooks, or freed by other code, stay valid; a kept
 * block is a malloc block too. */
static _Thread_local mlps_xml_budget *tl_budget;

/* This thread's kept blocks by usable size (glibc's small chunks: 24, 40, … 1032 bytes), linked
 * through their first bytes; at most MLPS_XML_KEEP_BYTES. */
#define CLASSES 64
static _Thread_local void *tl_cache[CLASSES];
static _Thread_local size_t tl_cached;
/* 0: nothing kept yet; KEEPING: the thread-exit release is set; ENDED: released (or the
 * release could not be set), later frees go straight to free() */
enum { KEEPING = 1, ENDED = 2 };
static _Thread_local int tl_state;
static pthread_key_t release_key;

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

/* Gives this thread's kept blocks back (the key's destructor when it ends). */
static void release(void *unused)
{
    (void)unused;
    tl_state = ENDED;
    for (size_t c = 0; c < CLASSES; c++)
        while (tl_cache[c]) {
            void *p = tl_cache[c];
            memcpy(&tl_cache[c], p, sizeof p);
            free(p);
        }
    tl_cached = 0;
}

/* A value for the key, so that its destructor runs when this thread ends. */
static __attribute__((noinline)) void arm(void)
{
    tl_state = pthread_setspecific(release_key, &tl_state) == 0 ? KEEPING : ENDED;
}

static void release_main(void)
{
    release(NULL);
}

static void *b_malloc(size_t n)
{
    mlps_xml_budget *b = tl_budget;
    if (b && !fits(b, n))
        return NULL;
    size_t c = n <= 24 ? 0 : (n - 24 + 15) / 16; /* the class malloc(n) would give */
    void *p;
    size_t u;
    if (c < CLASSES && tl_cache[c]) {
        p = tl_cache[c];
        memcpy(&tl_cache[c], p, sizeof p);
        u = 24 + 16 * c;
        tl_cached -= u;
    } else {
        p = malloc(n);
        if (!p || !b)
            return p;
        u = malloc_usable_size(p);
    }
    if (b && (b->used += (long long)u) > b->peak)
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
    size_t u = malloc_usable_size(p);
    if (b)
        b->used -= (long long)u;
    size_t c = (u - 24) / 16; /* u < 24 wraps round: no class */
    if (tl_state == 0)
        arm();
    if (c < CLASSES && (u - 24) % 16 == 0 && tl_cached + u <= MLPS_XML_KEEP_BYTES && tl_state == KEEPING) {
        memcpy(p, &tl_cache[c], sizeof p);
        tl_cache[c] = p;
        tl_cached += u;
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
    pthread_key_create(&release_key, release);
    atexit(release_main); /* the thread that exits the process runs no key destructor */
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
