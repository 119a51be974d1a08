/* Output files: written whole to a temporary file beside the target, then renamed over it, so
 * a reader never sees half a file and a failed run leaves the old one (or none) in place. */
#ifndef MLPS_OUTFILE_H
#define MLPS_OUTFILE_H
#include <stddef.h>

#include "diag.h"

/* Writes len bytes of data to path. 0 on success; otherwise -1, a Chinese message in d, and
 * nothing left behind. Safe to call from several threads, even for the same path. */
int mlps_write_atomic(const char *path, const void *data, size_t len, mlps_diags *d);

/* mkdir -p dir (an output folder). 0 on success; otherwise -1 and a Chinese message in d (an
 * empty name is refused, "-o" being where it comes from). */
int mlps_make_dirs(const char *dir, mlps_diags *d);

#endif
