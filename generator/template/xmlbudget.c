#include "xmlbudget.h"

#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlmemory.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define SCRATCH_NOACCESS(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define SCRATCH_FRESH(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#elif defined(MLPS_VALGRIND) /* make valgrind */
#include <valgrind/memcheck.h>
#define SCRATCH_NOACCESS(p, n) VALGRIND_MAKE_MEM_NOACCESS(p, n)
#define SCRATCH_FRESH(p, n) VALGRIND_MAKE_MEM_UNDEFINED(p, n)
#endif
#ifndef SCRATCH_NOACCESS
#define SCRATCH_NOACCESS(p, n) ((void)(p), (void)(n))
#define SCRATCH_FRESH(p, n) ((void)(p), (void)(n))
#endif

/* Outside scratch the hooks keep libxml2's memory plain malloc memory (malloc_usable_size
 * gives a block's size on free), so blocks allocated before the hooks, or freed by other code,
 * stay valid. They kept each thread's small freed blocks for reuse while glibc's malloc served
 * the binary; mimalloc's own per-thread free lists do that now. */
static _Thread_local mlps_xml_budget *tl_budget;

/* Scratch (mlps_xml_scratch_begin): the thread's chunks, kept for its next expansion and freed
 * when it exits. A block is a header (its capacity, and the next free block of its size while
 * it is free), then the block. A freed small block waits on its size's list for the next
 * allocation of that size: an expansion frees most of what it makes (XPath values, strings)
 * and reuses it at once, so scratch holds about what is live, not all that was made. */
#define SCRATCH_CHUNK (1u << 20)
#define SCRATCH_MAX_BLOCK 16384u      /* larger blocks stay malloc's (and are freed at once) */
#define SCRATCH_MAX_TOTAL (2u << 20)  /* past this much in one scratch run, malloc again */
#define SCRATCH_CLASSES 32u           /* free lists for capacities 16, 32 .. 512 */
typedef struct header {
    size_t cap;
    struct header *next_free;
} header;
typedef struct chunk {
    struct chunk *next;
    size_t used;
    _Alignas(16) unsigned char data[SCRATCH_CHUNK];
} chunk;
static _Thread_local struct {
    chunk *first, *cur;
    header *free[SCRATCH_CLASSES + 1];
    size_t total; /* bytes of chunk taken since begin */
    int on;
    int active;  /* between begin and end, paused or not */
    int spilled; /* a block made since begin came from malloc (large, past the total, paused) */
} tl_scratch;
static pthread_key_t scratch_key; /* its destructor frees an exiting thread's chunks */

static int in_scratch(const void *p)
{
    const unsigned char *b = p;
    for (const chunk *c = tl_scratch.first; c; c = c->next)
        if (b >= c->data && b < c->data + SCRATCH_CHUNK)
            return 1;
    return 0;
}

static header *header_of(void *p)
{
    return (header *)p - 1;
}

/* n bytes from the scratch chunks; NULL when scratch is off, n is large, or past the total. */
static void *scratch_alloc(size_t n)
{
    if (!tl_scratch.on || n > SCRATCH_MAX_BLOCK)
        return NULL;
    size_t cap = n ? (n + 15) & ~(size_t)15 : 16;
    size_t k = cap / 16;
    header *h = k <= SCRATCH_CLASSES ? tl_scratch.free[k] : NULL;
    if (h) {
        tl_scratch.free[k] = h->next_free;
        SCRATCH_FRESH(h + 1, cap);
        return h + 1;
    }
    if (tl_scratch.total > SCRATCH_MAX_TOTAL)
        return NULL;
    size_t need = sizeof *h + cap;
    chunk *c = tl_scratch.cur;
    while (c && SCRATCH_CHUNK - c->used < need) {
        c = c->next;
        if (c)
            c->used = 0;
    }
    if (!c) {
        c = malloc(sizeof *c);
        if (!c)
            return NULL;
        c->next = NULL;
        c->used = 0;
        SCRATCH_NOACCESS(c->data, SCRATCH_CHUNK);
        chunk **tail = &tl_scratch.first;
        while (*tail)
            tail = &(*tail)->next;
        *tail = c;
        pthread_setspecific(scratch_key, c);
    }
    tl_scratch.cur = c;
    h = (header *)(c->data + c->used);
    c->used += need;
    tl_scratch.total += need;
    SCRATCH_FRESH(h, need);
    h->cap = cap;
    return h + 1;
}

/* Takes back scratch block p: on its size's list, or left for the end. */
static void scratch_free(void *p)
{
    header *h = header_of(p);
    size_t k = h->cap / 16;
    SCRATCH_NOACCESS(p, h->cap);
    if (k <= SCRATCH_CLASSES && tl_scratch.on) {
        h->next_free = tl_scratch.free[k];
        tl_scratch.free[k] = h;
    }
}

static void scratch_release(void *unused)
{
    (void)unused;
    for (chunk *c = tl_scratch.first, *next; c; c = next) {
        next = c->next;
        SCRATCH_FRESH(c->data, SCRATCH_CHUNK);
        free(c);
    }
    tl_scratch.first = tl_scratch.cur = NULL;
}

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

static void b_free(void *p);

static void *b_malloc(size_t n)
{
    mlps_xml_budget *b = tl_budget;
    if (b && !fits(b, n))
        return NULL;
    void *p = scratch_alloc(n);
    size_t got = p ? header_of(p)->cap : 0;
    if (!p && (p = malloc(n)) != NULL) {
        got = malloc_usable_size(p);
        tl_scratch.spilled |= tl_scratch.active;
    }
    if (p && b && (b->used += (long long)got) > b->peak)
        b->peak = b->used;
    return p;
}

static void *b_realloc(void *p, size_t n)
{
    mlps_xml_budget *b = tl_budget;
    if (p && tl_scratch.first && in_scratch(p)) {
        size_t old = header_of(p)->cap;
        if (n <= old)
            return p;
        void *q = b_malloc(n);
        if (q) {
            memcpy(q, p, old);
            b_free(p);
        }
        return q;
    }
    tl_scratch.spilled |= tl_scratch.active;
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
    if (tl_scratch.first && in_scratch(p)) {
        if (b)
            b->used -= (long long)header_of(p)->cap;
        scratch_free(p);
        return;
    }
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
    pthread_key_create(&scratch_key, scratch_release);
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

/* Scratch blocks come only through the hooks, so scratch_key exists by the first chunk. */
void mlps_xml_scratch_begin(void)
{
    memset(tl_scratch.free, 0, sizeof tl_scratch.free);
    tl_scratch.on = 1;
    tl_scratch.active = 1;
    tl_scratch.spilled = 0;
    tl_scratch.total = 0;
    tl_scratch.cur = tl_scratch.first;
    if (tl_scratch.cur)
        tl_scratch.cur->used = 0;
}

int mlps_xml_scratch_pause(void)
{
    int on = tl_scratch.on;
    tl_scratch.on = 0;
    return on;
}

void mlps_xml_scratch_resume(int on)
{
    tl_scratch.on = on;
}

int mlps_xml_scratch_only(void)
{
    return !tl_scratch.spilled;
}

void mlps_xml_scratch_end(void)
{
    memset(tl_scratch.free, 0, sizeof tl_scratch.free);
    tl_scratch.on = 0;
    tl_scratch.active = 0;
    for (chunk *c = tl_scratch.first; c; c = c == tl_scratch.cur ? NULL : c->next)
        SCRATCH_NOACCESS(c->data, c->used); /* chunks after cur were not used this run */
}
