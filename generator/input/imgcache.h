/* Validated images shared by the documents of a run: each file is read and validated by
 * image.c once, then handed out read-only. An entry is keyed by the real path and the file's
 * device, inode, size and mtime, so a changed file is loaded again; entries are never changed
 * or removed before the cache is freed, so a returned pointer stays valid and may be read by
 * any thread. All calls are thread-safe. */
#ifndef MLPS_IMGCACHE_H
#define MLPS_IMGCACHE_H
#include "image.h"

typedef struct mlps_imgcache mlps_imgcache;

mlps_imgcache *mlps_imgcache_new(void);
void mlps_imgcache_free(mlps_imgcache *c);

/* The validated image at path (as mlps_image_load reads it): from the cache when the file is
 * unchanged, else loaded and kept. NULL and why on error (errors are not kept). */
const mlps_image_data *mlps_imgcache_get(mlps_imgcache *c, const char *path, char why[MLPS_IMAGE_WHY]);

/* How many times a file was actually loaded (for tests). */
size_t mlps_imgcache_loads(mlps_imgcache *c);

#endif
