/* A run's cache of finished font objects (pdf_fontcache.h). */
#include "pdf_fontcache.h"

#include <libdeflate.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>
#include <zlib.h>

#include "mem.h"
#include "mlps_limits.h"
#include "pdf_pagecache.h"

#define FONTCACHE_BUCKETS 256
#define FONTCACHE_SPARE 4 /* compressors kept: two kinds for each of two workers */
/* Shared glyphs (glyphsets.h), deflated once a run: libdeflate's level 6 gives 49.8 % of the
 * bytes at 34 MB/s where its level 1 gives 52.2 % at 65 MB/s (font programs of 24 documents;
 * zlib's level 6 the same 49.8 % at 17 MB/s). With level 1 every file would be 1.7 % larger than
 * without the sets (each program's rest loses its matches into the shared glyphs); a slower
 * level would cost a render of one unit, which deflates them once for about two documents,
 * more than it saves. */
#define SHARED_DEFLATE_LEVEL 6

#define GLYPHZ_BUCKETS 4096
struct glyph_code {
    const mlps_face *face;
    mlps_glyphz_code *code; /* NULL: the face has none */
    struct glyph_code *next;
};
struct glyph_bits {
    const mlps_face *face;
    XXH128_hash_t hash;
    size_t len, nbits;
    struct glyph_bits *next;
    unsigned char bits[]; /* (nbits + 7) / 8 bytes */
};
/* Coded glyphs live for the run, made by every worker among its short-lived blocks: kept in
 * chunks of their own rather than scattered through the workers' heaps. */
#define GLYPHZ_CHUNK (64u << 10)
struct glyph_chunk {
    struct glyph_chunk *next;
    size_t used;
    _Alignas(16) unsigned char data[GLYPHZ_CHUNK];
};

struct mlps_pdf_fontcache {
    pthread_mutex_t mu;
    mlps_pdf_font_entry *buckets[FONTCACHE_BUCKETS];
    size_t bytes; /* held by the entries */
    size_t hits, entries;
    struct {
        int level;
        void *z;
    } spare[FONTCACHE_SPARE];
    size_t nspare;
    mlps_pdf_shared_glyphs *shared; /* glyphs deflated once (mlps_pdf_fontcache_shared) */
    size_t shared_bytes;
    struct set_glyphs *sets; /* each glyph set's glyphs in a face (…_set_glyphs) */
    mlps_pdf_pagecache *pages; /* deflated page contents */
    struct subset_memo *memos; /* the subsetter's, by face */
    struct glyph_code *codes;  /* each face's glyph code */
    struct glyph_bits *glyphs[GLYPHZ_BUCKETS]; /* coded glyphs, in chunks */
    struct glyph_chunk *chunks;
    size_t glyphs_bytes;
};

struct subset_memo {
    const mlps_face *face;
    mlps_subset_memo memo;
    struct subset_memo *next;
};

struct set_glyphs {
    const mlps_face *face;
    const void *set;
    uint32_t *gids;
    unsigned n;
    struct set_glyphs *next;
};

struct mlps_pdf_shared_glyphs {
    const mlps_face *face;
    const void *set; /* the glyph set they are */
    uint32_t adler;  /* of the glyphs' bytes */
    size_t len;
    unsigned char *z;
    size_t zlen;
    unsigned char *raw; /* the bytes themselves (mlps_pdf_fontcache_text), NULL for glyphs */
    struct mlps_pdf_shared_glyphs *next;
};

mlps_pdf_fontcache *mlps_pdf_fontcache_new(void)
{
    mlps_pdf_fontcache *c = mlps_xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->mu, NULL);
    c->pages = mlps_pdf_pagecache_new();
    return c;
}

mlps_pdf_pagecache *mlps_pdf_fontcache_pages(mlps_pdf_fontcache *c)
{
    return c ? c->pages : NULL;
}

void mlps_pdf_fontcache_free(mlps_pdf_fontcache *c)
{
    if (!c)
        return;
    for (size_t b = 0; b < FONTCACHE_BUCKETS; b++)
        for (mlps_pdf_font_entry *e = c->buckets[b], *next; e; e = next) {
            next = e->next;
            free(e->gids);
            free(e->uni);
            free(e->old2new);
            free(e->widths);
            free(e->program);
            free(e->tounicode);
            free(e);
        }
    for (mlps_pdf_shared_glyphs *g = c->shared, *next; g; g = next) {
        next = g->next;
        free(g->z);
        free(g->raw);
        free(g);
    }
    for (struct set_glyphs *g = c->sets, *next; g; g = next) {
        next = g->next;
        free(g->gids);
        free(g);
    }
    for (size_t i = 0; i < c->nspare; i++)
        libdeflate_free_compressor(c->spare[i].z);
    mlps_pdf_pagecache_free(c->pages);
    for (struct subset_memo *m = c->memos, *next; m; m = next) {
        next = m->next;
        free((void *)m->memo.ends);
        free((void *)m->memo.bmp);
        free(m);
    }
    for (struct glyph_code *g = c->codes, *next; g; g = next) {
        next = g->next;
        mlps_glyphz_code_free(g->code);
        free(g);
    }
    for (struct glyph_chunk *k = c->chunks, *next; k; k = next) {
        next = k->next;
        free(k);
    }
    pthread_mutex_destroy(&c->mu);
    free(c);
}

/* A spare of this level an earlier document gave back, or NULL. */
static void *spare_take(mlps_pdf_fontcache *c, int level)
{
    void *z = NULL;
    if (c) {
        pthread_mutex_lock(&c->mu);
        for (size_t i = c->nspare; i-- > 0 && !z;)
            if (c->spare[i].level == level) {
                z = c->spare[i].z;
                c->spare[i] = c->spare[--c->nspare];
            }
        pthread_mutex_unlock(&c->mu);
    }
    return z;
}

/* Keeps z for the next document; returns it when it was not kept (c NULL, or enough kept). */
static void *spare_give(mlps_pdf_fontcache *c, int level, void *z)
{
    if (c && z) {
        pthread_mutex_lock(&c->mu);
        if (c->nspare < FONTCACHE_SPARE) {
            c->spare[c->nspare].level = level;
            c->spare[c->nspare++].z = z;
            z = NULL;
        }
        pthread_mutex_unlock(&c->mu);
    }
    return z;
}

struct libdeflate_compressor *mlps_pdf_compressor_take(mlps_pdf_fontcache *c, int level)
{
    struct libdeflate_compressor *z = spare_take(c, level);
    return z ? z : libdeflate_alloc_compressor(level);
}

void mlps_pdf_compressor_give(mlps_pdf_fontcache *c, int level, struct libdeflate_compressor *z)
{
    libdeflate_free_compressor(spare_give(c, level, z));
}

void mlps_pdf_fontcache_counts(mlps_pdf_fontcache *c, size_t *hits, size_t *entries)
{
    pthread_mutex_lock(&c->mu);
    *hits = c->hits;
    *entries = c->entries;
    pthread_mutex_unlock(&c->mu);
}

/* Where raw deflate data z (n bytes) puts its last block's header and where it ends, in bits
 * from the start, found by zlib's inflate stopping at each block boundary (Z_BLOCK); out
 * (len bytes, what z inflates to) is scratch. 0, or -1 when z is not one deflate stream of
 * exactly len bytes. */
static int last_block(const unsigned char *z, size_t n, unsigned char *out, size_t len,
                      uint64_t *header, uint64_t *end)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (n > UINT32_MAX || len > UINT32_MAX || inflateInit2(&zs, -15) != Z_OK)
        return -1;
    zs.next_in = (Bytef *)z; /* zlib's field is not const; it only reads */
    zs.avail_in = (uInt)n;
    zs.next_out = out;
    zs.avail_out = (uInt)len;
    int rc = Z_OK;
    *header = 0;
    int ended = 0;
    while (rc == Z_OK) {
        rc = inflate(&zs, Z_BLOCK);
        uint64_t at = 8 * (uint64_t)zs.total_in - (unsigned)(zs.data_type & 7);
        int boundary = rc == Z_OK && (zs.data_type & 128);
        if (boundary && !(zs.data_type & 64))
            *header = at; /* a block ended (or the stream began): the next header is here */
        if (boundary && (zs.data_type & 64)) {
            *end = at; /* the final block ended */
            ended = 1;
        }
        if (rc == Z_OK && !boundary && zs.avail_in == 0)
            rc = Z_DATA_ERROR; /* ran out inside a block */
    }
    rc = rc == Z_STREAM_END && ended ? Z_STREAM_END : Z_DATA_ERROR;
    int ok = rc == Z_STREAM_END && zs.total_out == len && zs.avail_in == 0;
    inflateEnd(&zs);
    return ok ? 0 : -1;
}

/* Raw deflate of len bytes at data that ends on a byte boundary without a final block, so that
 * more deflate data can follow: libdeflate's whole stream with its last block's BFINAL bit
 * cleared, then an empty stored block to reach a byte boundary. Checked by inflating it back;
 * NULL when anything fails (out of memory). */
static unsigned char *deflate_open(const unsigned char *data, size_t len, size_t *zlen)
{
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(SHARED_DEFLATE_LEVEL);
    size_t cap = c ? libdeflate_deflate_compress_bound(c, len) + 5 + 2 : 0;
    unsigned char *z = c ? malloc(cap) : NULL, *out = malloc(len + 2);
    size_t n = z ? libdeflate_deflate_compress(c, data, len, z, cap - 7) : 0;
    libdeflate_free_compressor(c);
    uint64_t header = 0, end = 0;
    if (n == 0 || !out || last_block(z, n, out, len, &header, &end) != 0 || (end + 7) / 8 != n)
        goto fail;
    z[header / 8] &= (unsigned char)~(1u << (header % 8)); /* BFINAL = 0 */
    unsigned pad = (unsigned)(8 * n - end); /* zero bits after the end-of-block code */
    if ((z[n - 1] >> (8 - pad) & ((1u << pad) - 1)) != 0)
        goto fail;
    if (pad < 3)
        z[n++] = 0; /* BFINAL 0 and BTYPE 00 (stored) need 3 bits: the rest of them */
    memcpy(z + n, "\x00\x00\xff\xff", 4); /* LEN 0, NLEN: the empty stored block's */
    n += 4;
    /* the check: followed by a final empty block, it inflates to data */
    z[n] = 0x03; /* BFINAL 1, BTYPE 01 (fixed codes), end-of-block code 0000000 */
    z[n + 1] = 0x00;
    size_t got = 0;
    struct libdeflate_decompressor *dz = libdeflate_alloc_decompressor();
    int ok = dz && libdeflate_deflate_decompress(dz, z, n + 2, out, len + 2, &got) ==
                       LIBDEFLATE_SUCCESS && got == len && memcmp(out, data, len) == 0;
    libdeflate_free_decompressor(dz);
    if (!ok)
        goto fail;
    free(out);
    *zlen = n;
    return z;
fail:
    free(z);
    free(out);
    return NULL;
}

/* The kept entry for these bytes of face's glyph set: by bytes, compared whole (by_bytes: the
 * entry keeps them), or by length and Adler-32. Under c->mu. */
static mlps_pdf_shared_glyphs *find_kept(mlps_pdf_fontcache *c, const mlps_face *face,
                                         const void *set, const unsigned char *data, size_t len,
                                         uint32_t adler, int by_bytes)
{
    for (mlps_pdf_shared_glyphs *g = c->shared; g; g = g->next)
        if (!g->raw == !by_bytes && g->face == face && g->set == set && g->len == len &&
            g->adler == adler && (!by_bytes || memcmp(g->raw, data, len) == 0))
            return g;
    return NULL;
}

/* mlps_pdf_fontcache_shared and …_text: found, or made outside the lock (a worker that made the
 * same first keeps its copy) and kept while the bytes they count (by_bytes: twice theirs)
 * stay within MLPS_MAX_FONTCACHE_BYTES. */
static const unsigned char *kept_deflate(mlps_pdf_fontcache *c, const mlps_face *face,
                                         const void *set, const unsigned char *data, size_t len,
                                         uint32_t adler, int by_bytes, size_t *zlen)
{
    if (!c || len == 0)
        return NULL;
    size_t cost = by_bytes ? 2 * len : len;
    pthread_mutex_lock(&c->mu);
    mlps_pdf_shared_glyphs *found = find_kept(c, face, set, data, len, adler, by_bytes);
    int room = c->shared_bytes + cost <= MLPS_MAX_FONTCACHE_BYTES;
    pthread_mutex_unlock(&c->mu);
    if (!found) {
        if (!room)
            return NULL;
        size_t n;
        unsigned char *z = deflate_open(data, len, &n), *raw = NULL;
        if (z && by_bytes && (raw = malloc(len)))
            memcpy(raw, data, len);
        if (!z || (by_bytes && !raw)) {
            free(z);
            return NULL;
        }
        pthread_mutex_lock(&c->mu);
        if (!(found = find_kept(c, face, set, data, len, adler, by_bytes))) {
            found = mlps_xmalloc(sizeof *found);
            *found = (mlps_pdf_shared_glyphs){face, set, adler, len, z, n, raw, c->shared};
            c->shared = found;
            c->shared_bytes += cost;
            z = raw = NULL;
        }
        pthread_mutex_unlock(&c->mu);
        free(z);
        free(raw);
    }
    *zlen = found->zlen;
    return found->z;
}

const unsigned char *mlps_pdf_fontcache_shared(mlps_pdf_fontcache *c, const mlps_face *face,
                                               const void *set, const unsigned char *data,
                                               size_t len, uint32_t adler, size_t *zlen)
{
    return kept_deflate(c, face, set, data, len, adler, 0, zlen);
}

const unsigned char *mlps_pdf_fontcache_text(mlps_pdf_fontcache *c, const mlps_face *face,
                                             const void *set, const unsigned char *data,
                                             size_t len, uint32_t *adler, size_t *zlen)
{
    *adler = (uint32_t)libdeflate_adler32(1, data, len);
    return kept_deflate(c, face, set, data, len, *adler, 1, zlen);
}

/* The kept glyphs of set in face, or NULL; under c->mu. */
static struct set_glyphs *find_set(mlps_pdf_fontcache *c, const mlps_face *face, const void *set)
{
    struct set_glyphs *g = c->sets;
    while (g && !(g->face == face && g->set == set))
        g = g->next;
    return g;
}

const uint32_t *mlps_pdf_fontcache_set_glyphs(mlps_pdf_fontcache *c, const mlps_face *face,
                                              const void *set, unsigned *n)
{
    if (!c)
        return NULL;
    pthread_mutex_lock(&c->mu);
    const struct set_glyphs *g = find_set(c, face, set);
    if (g)
        *n = g->n;
    pthread_mutex_unlock(&c->mu);
    return g ? g->gids : NULL;
}

const uint32_t *mlps_pdf_fontcache_keep_set_glyphs(mlps_pdf_fontcache *c, const mlps_face *face,
                                                   const void *set, uint32_t *gids, unsigned *n)
{
    pthread_mutex_lock(&c->mu);
    struct set_glyphs *g = find_set(c, face, set);
    if (g) {
        free(gids);
    } else {
        g = mlps_xmalloc(sizeof *g);
        *g = (struct set_glyphs){face, set, gids, *n, c->sets};
        c->sets = g;
    }
    *n = g->n;
    pthread_mutex_unlock(&c->mu);
    return g->gids;
}

uint64_t mlps_pdf_fontcache_key(const mlps_face *face, const void *shared, const uint32_t *gids,
                                const uint32_t *uni, unsigned n)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)mlps_face_id(face) ^ (uint64_t)(uintptr_t)shared;
    for (unsigned i = 0; i < n; i++)
        h = (h ^ gids[i] ^ ((uint64_t)uni[i] << 32)) * 1099511628211ull;
    return h;
}

static int same_key(const mlps_pdf_font_entry *e, const mlps_face *face, const void *shared,
                    uint64_t hash, const uint32_t *gids, const uint32_t *uni, unsigned n)
{
    return e->hash == hash && e->face == face && e->shared == shared && e->ngids == n &&
           memcmp(e->gids, gids, n * sizeof *gids) == 0 && memcmp(e->uni, uni, n * sizeof *uni) == 0;
}

const mlps_pdf_font_entry *mlps_pdf_fontcache_find(mlps_pdf_fontcache *c, const mlps_face *face,
                                                   const void *shared, uint64_t hash,
                                                   const uint32_t *gids, const uint32_t *uni,
                                                   unsigned n)
{
    const mlps_pdf_font_entry *found = NULL;
    pthread_mutex_lock(&c->mu);
    for (const mlps_pdf_font_entry *e = c->buckets[hash % FONTCACHE_BUCKETS]; e && !found;
         e = e->next)
        if (same_key(e, face, shared, hash, gids, uni, n))
            found = e;
    c->hits += found != NULL;
    pthread_mutex_unlock(&c->mu);
    return found;
}

static void *dup_bytes(const void *p, size_t n)
{
    void *q = mlps_xmalloc(n ? n : 1);
    if (n)
        memcpy(q, p, n);
    return q;
}

void mlps_pdf_fontcache_add(mlps_pdf_fontcache *c, const mlps_pdf_font_entry *e)
{
    size_t size = sizeof *e + e->ngids * (2 * sizeof *e->gids + sizeof *e->old2new) +
                  e->nnew * sizeof *e->widths + e->program_len + e->tounicode_len;
    if (e->program_size > MLPS_MAX_FONTCACHE_PROGRAM)
        return;
    pthread_mutex_lock(&c->mu);
    int fits = c->bytes + size <= MLPS_MAX_FONTCACHE_BYTES;
    mlps_pdf_font_entry **head = &c->buckets[e->hash % FONTCACHE_BUCKETS];
    for (const mlps_pdf_font_entry *x = *head; x && fits; x = x->next)
        if (same_key(x, e->face, e->shared, e->hash, e->gids, e->uni, e->ngids))
            fits = 0; /* another worker added it */
    if (fits) {
        mlps_pdf_font_entry *n = mlps_xmalloc(sizeof *n);
        *n = *e;
        n->gids = dup_bytes(e->gids, e->ngids * sizeof *e->gids);
        n->uni = dup_bytes(e->uni, e->ngids * sizeof *e->uni);
        n->old2new = dup_bytes(e->old2new, e->ngids * sizeof *e->old2new);
        n->widths = dup_bytes(e->widths, e->nnew * sizeof *e->widths);
        n->program = dup_bytes(e->program, e->program_len);
        n->tounicode = dup_bytes(e->tounicode, e->tounicode_len);
        n->next = *head;
        *head = n;
        c->bytes += size;
        c->entries++;
    }
    pthread_mutex_unlock(&c->mu);
}

const mlps_subset_memo *mlps_pdf_fontcache_subset_memo(mlps_pdf_fontcache *c,
                                                       const mlps_face *face, unsigned n)
{
    if (!c)
        return NULL;
    pthread_mutex_lock(&c->mu);
    struct subset_memo *m = c->memos;
    while (m && m->face != face)
        m = m->next;
    if (!m) { /* zero: not known; pages the run never touches cost no memory */
        m = mlps_xmalloc(sizeof *m);
        m->face = face;
        m->memo.ends = mlps_xcalloc(n ? n : 1, sizeof *m->memo.ends);
        m->memo.bmp = mlps_xcalloc(0x10000, sizeof *m->memo.bmp);
        m->next = c->memos;
        c->memos = m;
    }
    pthread_mutex_unlock(&c->mu);
    return &m->memo;
}

/* face's glyph code, or NULL when the run has not made it; under c->mu. */
static struct glyph_code *find_code(mlps_pdf_fontcache *c, const mlps_face *face)
{
    struct glyph_code *g = c->codes;
    while (g && g->face != face)
        g = g->next;
    return g;
}

const mlps_glyphz_code *mlps_pdf_fontcache_glyph_code(mlps_pdf_fontcache *c, const mlps_face *face)
{
    if (!c)
        return NULL;
    pthread_mutex_lock(&c->mu);
    struct glyph_code *g = find_code(c, face);
    pthread_mutex_unlock(&c->mu);
    if (g)
        return g->code;
    mlps_glyphz_code *made = mlps_glyphz_code_new(mlps_face_hb_face(face));
    pthread_mutex_lock(&c->mu);
    if (!(g = find_code(c, face))) {
        g = mlps_xmalloc(sizeof *g);
        *g = (struct glyph_code){face, made, c->codes};
        c->codes = g;
        made = NULL;
    }
    pthread_mutex_unlock(&c->mu);
    mlps_glyphz_code_free(made); /* another worker's came first: the same code */
    return g->code;
}

/* The kept bits of a glyph of face (len bytes, hash h), or NULL; under c->mu. */
static const struct glyph_bits *find_bits(const mlps_pdf_fontcache *c, const mlps_face *face,
                                          size_t len, XXH128_hash_t h)
{
    const struct glyph_bits *e = c->glyphs[h.low64 & (GLYPHZ_BUCKETS - 1)];
    while (e && !(e->face == face && e->len == len && XXH128_isEqual(e->hash, h)))
        e = e->next;
    return e;
}

size_t mlps_pdf_fontcache_glyph_bits(mlps_pdf_fontcache *c, const mlps_face *face,
                                     const mlps_glyphz_code *code, const unsigned char *g,
                                     size_t len, const unsigned char **bits, unsigned char **own)
{
    *own = NULL;
    *bits = NULL;
    if (!len)
        return 0;
    XXH128_hash_t h = XXH3_128bits(g, len);
    pthread_mutex_lock(&c->mu);
    const struct glyph_bits *e = find_bits(c, face, len, h);
    pthread_mutex_unlock(&c->mu);
    if (e) {
        *bits = e->bits;
        return e->nbits;
    }
    size_t nbits = mlps_glyphz_encode(code, g, len, own);
    *bits = *own;
    size_t need = (sizeof(struct glyph_bits) + (nbits + 7) / 8 + 15) & ~(size_t)15;
    if (need > GLYPHZ_CHUNK)
        return nbits;
    pthread_mutex_lock(&c->mu);
    e = find_bits(c, face, len, h);
    int fits = c->chunks && GLYPHZ_CHUNK - c->chunks->used >= need;
    if (!e && !fits && c->glyphs_bytes + GLYPHZ_CHUNK <= MLPS_MAX_GLYPHZ_BYTES) {
        struct glyph_chunk *k = mlps_xmalloc(sizeof *k);
        k->next = c->chunks;
        k->used = 0;
        c->chunks = k;
        c->glyphs_bytes += GLYPHZ_CHUNK;
        fits = 1;
    }
    if (!e && fits) {
        struct glyph_bits *k = (struct glyph_bits *)(c->chunks->data + c->chunks->used);
        size_t b = h.low64 & (GLYPHZ_BUCKETS - 1);
        c->chunks->used += need;
        *k = (struct glyph_bits){face, h, len, nbits, c->glyphs[b]};
        memcpy(k->bits, *own, (nbits + 7) / 8);
        c->glyphs[b] = k;
        e = k;
    }
    pthread_mutex_unlock(&c->mu);
    if (e) { /* kept (by this worker or another first): the caller need not free */
        free(*own);
        *own = NULL;
        *bits = e->bits;
    }
    return nbits;
}
