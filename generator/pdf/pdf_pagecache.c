/* A run's deflated page contents (pdf_pagecache.h). */
#include "pdf_pagecache.h"

#include <libdeflate.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "mem.h"
#include "mlps_limits.h"

#define PAGECACHE_BUCKETS 1024
/* contents seen once, by hash: a direct-mapped table, a newer content taking an older's slot
 * (16 bytes a slot) */
#define PAGECACHE_SEEN 8192
/* entries are laid end to end in chunks of this size, taken from the allocator once: kept
 * till the run ends, small entries made among a document's own blocks would each hold a page
 * of the allocator's (peak RSS +5 MiB on 1,000 units) */
#define PAGECACHE_CHUNK (256u * 1024u)

typedef struct page_entry {
    uint64_t hash;
    size_t len, zlen;
    struct page_entry *next;
    unsigned char z[]; /* zlen bytes */
} page_entry;

typedef struct chunk {
    struct chunk *next;
    size_t used;
    _Alignas(16) unsigned char data[];
} chunk;

struct mlps_pdf_pagecache {
    pthread_mutex_t mu;
    struct libdeflate_decompressor *dc; /* used under mu */
    unsigned char *out;                 /* dc's output, out_cap bytes */
    size_t out_cap;
    page_entry *buckets[PAGECACHE_BUCKETS];
    chunk *chunks; /* the newest first */
    struct {
        uint64_t hash;
        size_t len;
    } seen[PAGECACHE_SEEN];
    size_t bytes, hits, entries;
};

mlps_pdf_pagecache *mlps_pdf_pagecache_new(void)
{
    mlps_pdf_pagecache *pc = mlps_xcalloc(1, sizeof *pc);
    pthread_mutex_init(&pc->mu, NULL);
    return pc;
}

void mlps_pdf_pagecache_free(mlps_pdf_pagecache *pc)
{
    if (!pc)
        return;
    for (chunk *k = pc->chunks, *next; k; k = next) {
        next = k->next;
        free(k);
    }
    libdeflate_free_decompressor(pc->dc);
    free(pc->out);
    pthread_mutex_destroy(&pc->mu);
    free(pc);
}

/* Whether e's deflated bytes are data's: inflated and compared (a tenth of deflating them,
 * and only the bytes themselves can say, a hash of untrusted text cannot). Under mu. */
static int same(mlps_pdf_pagecache *pc, const page_entry *e, const void *data, size_t len)
{
    if (!pc->dc && !(pc->dc = libdeflate_alloc_decompressor()))
        return 0;
    if (pc->out_cap < len) {
        free(pc->out);
        pc->out = mlps_xmalloc(len);
        pc->out_cap = len;
    }
    return libdeflate_zlib_decompress(pc->dc, e->z, e->zlen, pc->out, len, NULL) ==
               LIBDEFLATE_SUCCESS &&
           memcmp(pc->out, data, len) == 0;
}

static page_entry *find(mlps_pdf_pagecache *pc, uint64_t hash, const void *data, size_t len)
{
    for (page_entry *e = pc->buckets[hash % PAGECACHE_BUCKETS]; e; e = e->next)
        if (e->hash == hash && e->len == len && same(pc, e, data, len))
            return e;
    return NULL;
}

unsigned char *mlps_pdf_pagecache_get(mlps_pdf_pagecache *pc, const void *data, size_t len,
                                      size_t *zlen, int *keep)
{
    *keep = 0;
    if (!pc || len == 0)
        return NULL;
    uint64_t hash = XXH3_64bits(data, len);
    unsigned char *z = NULL;
    pthread_mutex_lock(&pc->mu);
    page_entry *e = find(pc, hash, data, len);
    if (e) {
        pc->hits++;
        *zlen = e->zlen;
        z = mlps_xmalloc(e->zlen);
        memcpy(z, e->z, e->zlen);
    } else {
        size_t s = hash % PAGECACHE_SEEN;
        *keep = pc->seen[s].hash == hash && pc->seen[s].len == len &&
                pc->bytes < MLPS_MAX_PAGECACHE_BYTES;
        pc->seen[s].hash = hash;
        pc->seen[s].len = len;
    }
    pthread_mutex_unlock(&pc->mu);
    return z;
}

void mlps_pdf_pagecache_put(mlps_pdf_pagecache *pc, const void *data, size_t len,
                            const unsigned char *z, size_t zlen)
{
    if (!pc || len == 0 || zlen == 0)
        return;
    uint64_t hash = XXH3_64bits(data, len);
    pthread_mutex_lock(&pc->mu);
    size_t need = (sizeof(page_entry) + zlen + 15) & ~(size_t)15;
    if (need <= PAGECACHE_CHUNK - sizeof(chunk) && zlen <= MLPS_MAX_PAGECACHE_BYTES - pc->bytes &&
        !find(pc, hash, data, len)) {
        chunk *k = pc->chunks;
        if (!k || PAGECACHE_CHUNK - sizeof(chunk) - k->used < need) {
            k = mlps_xmalloc(PAGECACHE_CHUNK);
            k->next = pc->chunks;
            k->used = 0;
            pc->chunks = k;
        }
        page_entry *e = (page_entry *)(k->data + k->used);
        k->used += need;
        e->hash = hash;
        e->len = len;
        e->zlen = zlen;
        memcpy(e->z, z, zlen);
        e->next = pc->buckets[hash % PAGECACHE_BUCKETS];
        pc->buckets[hash % PAGECACHE_BUCKETS] = e;
        pc->bytes += zlen;
        pc->entries++;
    }
    pthread_mutex_unlock(&pc->mu);
}

void mlps_pdf_pagecache_counts(mlps_pdf_pagecache *pc, size_t *hits, size_t *entries)
{
    *hits = *entries = 0;
    if (!pc)
        return;
    pthread_mutex_lock(&pc->mu);
    *hits = pc->hits;
    *entries = pc->entries;
    pthread_mutex_unlock(&pc->mu);
}
