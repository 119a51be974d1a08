/* Content hashes for incremental builds: XXH3-128 (libxxhash, Debian libxxhash-dev). Not a
 * cryptographic hash: it tells whether an input changed, at memory speed (the font files, tens
 * of MB, are hashed on every batch run), with 128 bits so that an accidental match is out of
 * reach. */
#ifndef MLPS_HASH_H
#define MLPS_HASH_H
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

#define MLPS_HASH_HEX 33 /* 32 hex digits + NUL */

typedef struct mlps_hash {
    uint64_t hi, lo;
} mlps_hash;

/* A running hash of several parts (each part is length-prefixed, so "ab"+"c" ≠ "a"+"bc"). */
typedef struct mlps_hasher mlps_hasher;
mlps_hasher *mlps_hasher_new(void);
void mlps_hasher_bytes(mlps_hasher *h, const void *p, size_t n);
void mlps_hasher_str(mlps_hasher *h, const char *s); /* NULL hashes as "" */
void mlps_hasher_hash(mlps_hasher *h, mlps_hash x);
/* The result; frees h. */
mlps_hash mlps_hasher_end(mlps_hasher *h);

mlps_hash mlps_hash_bytes(const void *p, size_t n);
/* The hash of a file's bytes (read in pieces). -1 with a Chinese message in d when it
 * cannot be read. */
int mlps_hash_file(const char *path, mlps_hash *out, mlps_diags *d);

void mlps_hash_hex(mlps_hash x, char out[MLPS_HASH_HEX]);
/* 0 when s is 32 hex digits. */
int mlps_hash_parse(const char *s, mlps_hash *out);
int mlps_hash_eq(mlps_hash a, mlps_hash b);

#endif
