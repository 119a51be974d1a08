/* The record of a unit's outputs in a batch output folder: for each output, what it was made
 * from (one input hash) and which file it is (size, mtime, inode), so that a later run can
 * tell, without reading the data, that it is still up to date. Text, one line an entry,
 * tab-separated, written atomically. A record of another format version reads as missing. */
#ifndef MLPS_BATCH_RECORD_H
#define MLPS_BATCH_RECORD_H
#include <stddef.h>

#include "diag.h"
#include "hash.h"

typedef struct mlps_record_out {
    char *name;        /* file name inside the output folder */
    char *document, *system_id, *system_name;
    size_t doc;        /* the plan's document (index) */
    mlps_hash input;   /* everything it was made from */
    mlps_hash entry;   /* of that, its plan entry and template files (to tell why it is rebuilt) */
    long long size, mtime_ns;
    unsigned long long ino;
    long pages;
    char **images;     /* image files it embeds (their hashes are part of input) */
    size_t nimages;
    char **fonts;      /* font files it depends on (mlps_fontset_depends; hashes in input) */
    size_t nfonts;
} mlps_record_out;

/* An output an earlier run made that the plan no longer makes, still in the folder as that run
 * left it: kept until --prune deletes it or it is gone (batch.h, mlps_batch_stale). */
typedef struct mlps_record_gone {
    char *name;
    long long size, mtime_ns;
    unsigned long long ino;
} mlps_record_gone;

typedef struct mlps_record {
    mlps_hash unit_hash; /* data file + model + engine */
    mlps_hash plan_hash; /* the plan's entries and --form: which outputs the unit has */
    char *data_file;
    char *unit;
    mlps_record_out *outs;
    size_t nouts, cap;
    mlps_record_gone *gone;
    size_t ngone, gone_cap;
} mlps_record;

/* 0 when path holds a well-formed record; -1 (r empty) when it is missing or unreadable, which
 * callers treat as "nothing is up to date". */
int mlps_record_read(const char *path, mlps_record *r);
/* The data file a record names, reading no further than its "data" line (a run looks at
 * every record of units it was not given: most are not read whole); NULL when none.
 * Caller frees. */
char *mlps_record_read_data(const char *path);
int mlps_record_write(const char *path, const mlps_record *r, mlps_diags *d);
/* Appends a deep copy of o. */
void mlps_record_add(mlps_record *r, const mlps_record_out *o);
/* Appends a stale output (name copied). */
void mlps_record_add_gone(mlps_record *r, const char *name, long long size, long long mtime_ns,
                          unsigned long long ino);
void mlps_record_out_free(mlps_record_out *o);
void mlps_record_free(mlps_record *r);

#endif
