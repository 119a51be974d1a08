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
 * empty name is refused, "-o" being where it comes from, and so is a name that is already
 * something other than a folder). */
int mlps_make_dirs(const char *dir, mlps_diags *d);

/* Whether a PDF may be written at path, a name the user gave (-o): it must end in ".pdf" (any
 * case), must not be any of inputs (NULL-terminated: the data file, the template…, compared as
 * files, not names), and a file already there must be a PDF (its first bytes "%PDF"), so that a
 * slip of the command line never overwrites data, a picture or a folder. 0 when it may;
 * otherwise -1 and a Chinese message in d. */
int mlps_output_pdf_ok(const char *path, const char *const *inputs, mlps_diags *d);

/* The plain-text file beside a PDF (render --text): OUT.pdf (any case) → OUT.txt, another name
 * gets ".txt" appended. The caller frees. */
char *mlps_text_path_for(const char *pdf);

struct stat;
/* st's modification time in ns. */
long long mlps_stat_mtime_ns(const struct stat *st);

/* Whether path still holds the file a run wrote and noted (size, modification time in ns,
 * inode: any rewrite, replacement or edit changes one, as make and ninja rely on): 1 it does;
 * 0 something else is there (changed, or not a regular file); -1 nothing is (lstat: a link is
 * never the file written). */
int mlps_output_unchanged(const char *path, long long size, long long mtime_ns, unsigned long long ino);

/* 1 when name is a bare file name ending in ext (".pdf"): no folder, not hidden. A name read
 * back from a list the tool keeps must pass before it is opened or deleted, so that an edited
 * list cannot point outside its folder. */
int mlps_output_name_ok(const char *name, const char *ext);

#endif
