/* File hashes trusted while a file's (size, mtime in ns, inode) is unchanged, as make, ninja
 * and Bazel trust them: kept in OUTDIR/.mlpsdoc/hashes, so that a run where nothing changed
 * reads no byte of the fonts, images, templates or data, only their metadata. A file is hashed
 * again when any of the three changed. A file changed less than MLPS_HASHCACHE_RACY_S before it
 * was hashed is not remembered: a second change within the same clock tick, keeping its size,
 * could otherwise go unseen ("racily clean", as git calls it). Safe to share between threads. */
#ifndef MLPS_BATCH_HASHES_H
#define MLPS_BATCH_HASHES_H
#include "diag.h"
#include "hash.h"

#define MLPS_HASHCACHE_RACY_S 2

typedef struct mlps_hashcache mlps_hashcache;

/* The cache kept in file (missing, unreadable or damaged: empty). */
mlps_hashcache *mlps_hashcache_load(const char *file);
/* The hash of path's bytes: remembered, or read now. -1 with a message in d when the file
 * cannot be read. */
int mlps_hashcache_file(mlps_hashcache *c, const char *path, mlps_hash *out, mlps_diags *d);
/* Writes the cache back (atomically) when it changed; a failure only costs rehashing. */
void mlps_hashcache_save(mlps_hashcache *c);
void mlps_hashcache_free(mlps_hashcache *c);

#endif
