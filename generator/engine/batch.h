/* Batch runs: every document of every unit, in worker threads sharing one loaded model, font
 * set and template set, rebuilding only the outputs whose inputs changed.
 *
 * Work is a queue of units and of documents: a worker finishes the documents already planned
 * before it reads the next unit, so at most about one unit a worker is in memory, whatever the
 * number of units. Each unit's outputs are recorded in OUTDIR/.mlpsdoc/<key>.rec (what each
 * was made from: data, its plan entry, template and fragments, the model, the font files it
 * depends on, its images, the engine), written atomically after its PDFs; a unit is worked on under a lock on
 * OUTDIR/.mlpsdoc/<key>.lock, so runs sharing an output folder never write the same unit at
 * once (docs/batch-report.md describes the record and the report). */
#ifndef MLPS_BATCH_H
#define MLPS_BATCH_H
#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "hash.h"

#define MLPS_BATCH_MAX_JOBS 64
#define MLPS_BATCH_STATE_DIR ".mlpsdoc" /* inside the output folder */

typedef struct mlps_batch_progress {
    size_t units_total, units_done;
    size_t built, skipped, failed; /* documents */
    double elapsed_s;
} mlps_batch_progress;

typedef struct mlps_batch_output {
    char *path;          /* OUTDIR/name.pdf */
    char *data_file;
    char *unit;          /* unit name */
    char *system_id, *system_name;
    char *document;      /* the plan document's template name (grading-report…) */
    long pages;
    long long bytes;
    char input_hash[MLPS_HASH_HEX];
    int built;           /* 1 built now, 0 up to date (skipped), 2 to be built (dry run) */
    double ms;           /* time to build (0 when skipped) */
    const char *reason;  /* built or to be built: why (docs/batch-report.md); NULL when skipped */
} mlps_batch_output;

typedef struct mlps_batch_failure {
    char *data_file;     /* the unit's data file */
    char *output;        /* the output that failed, NULL when the whole unit failed */
    char *file;          /* where the problem is (data file, template…), may be NULL */
    long line;           /* 0 = unknown */
    char *field;         /* field path, may be NULL */
    char *code;          /* stable diagnostic code */
    char *message;       /* the Chinese message, as check/render print it */
} mlps_batch_failure;

/* An output the unit's previous run made that its plan no longer makes (a system renamed or
 * removed, a plan entry dropped, its data file deleted or renamed): still in the folder, or
 * deleted by --prune. */
typedef struct mlps_batch_stale {
    char *path;          /* OUTDIR/name.pdf */
    char *data_file;
    int removed;         /* 1 deleted now (--prune) */
    int changed;         /* 1 not as that run left it (edited or replaced since): never deleted */
} mlps_batch_stale;

/* Time spent in each phase, summed over the workers (ms). render is wall time; its parts
 * (template … write, render.h) are the workers' CPU time. */
typedef struct mlps_batch_phases {
    double up_to_date, load_data, render, record;
    double template, layout, font_subset, compress, write;
} mlps_batch_phases;

/* Outputs are not kept: each is handed to the progress callback as it is done (the report is
 * streamed), so memory does not grow with the number of units. Failures are kept. */
typedef struct mlps_batch_result {
    size_t noutputs;
    mlps_batch_failure *failures;
    size_t nfailures, failures_cap;
    mlps_batch_stale *stale;
    size_t nstale, stale_cap, removed;
    size_t units;        /* in this run (this shard) */
    size_t units_done;   /* fewer than units when stopped */
    int stopped;         /* cfg->stop was set */
    size_t units_failed;
    size_t built, skipped, failed;
    double seconds, setup_seconds;
    mlps_batch_phases phases;
    int jobs;
    /* the workers' paragraph layout caches (paracache.h): layouts asked for, answered from a
     * cache, and the most bytes one cache held */
    size_t para_lookups, para_hits, para_bytes;
    /* the workers' <f:memo> output (memo.h), likewise */
    size_t memo_lookups, memo_hits, memo_bytes;
} mlps_batch_result;

typedef struct mlps_batch_config {
    const char *data_dir;   /* the folder holding templates/ (schema, codes) */
    const char *fonts_conf; /* fonts/fonts.xml */
    const struct mlps_plan *plan; /* each output hashes its own entry (mlps_plan_entry_key) */
    const char *form;       /* "1.0"/"2.0": only that form version's documents; NULL: all */
    const char *outdir;
    const char *engine_id;  /* the engine's version: part of every input hash */
    int jobs;               /* worker threads, >= 1 */
    int force;              /* rebuild even what is up to date */
    /* Called under the run's lock: with p after each unit and document, with o for every
     * output (built or skipped), with f for every failure. Keep it short. */
    void (*progress)(void *ctx, const mlps_batch_progress *p, const mlps_batch_output *o,
                     const mlps_batch_failure *f);
    void *progress_ctx;
    /* Checked before each unit is started: when it becomes non-zero (Ctrl-C), the run finishes
     * the units it started, writes their records and returns. May be NULL. */
    const volatile sig_atomic_t *stop;
    /* Plan only: every output that would be built is reported (built = 2) with its reason;
     * nothing is written, not even the output folder, records, locks or the hash cache. */
    int dry_run;
    /* Delete stale outputs (mlps_batch_stale) that are as their run left them. */
    int prune;
    /* The folders this run reads (mlps_batch_collect) and its shard: a unit recorded in the
     * output folder whose data file was in one of them, is gone (ENOENT) and is in this shard
     * has all its outputs stale. A unit of another folder is never looked at. */
    char *const *folders;
    size_t nfolders;
    unsigned shard_k, shard_n; /* 1/1: no --shard */
} mlps_batch_config;

/* Runs the batch over the data files. Returns 0 when the run itself could be made (model,
 * fonts, templates loaded, output folder usable) — failures of single units or documents are
 * in res and do not stop the others; -1 with messages in d otherwise. */
int mlps_batch_run(const mlps_batch_config *cfg, char *const *data_files, size_t nfiles,
                   mlps_batch_result *res, mlps_diags *d);
void mlps_batch_result_free(mlps_batch_result *r);

/* --shard K/N: whether a data file is in shard k (1-based) of n, by the hash of its file name
 * (not its folder: hosts may mount the data elsewhere), so a unit's documents stay together
 * and every unit is in exactly one shard. */
int mlps_batch_in_shard(const char *data_file, unsigned k, unsigned n);

/* PATH arguments → data files: a data file as is, a folder's *.xml files (sorted, not
 * recursing), a batch file's (templates/schema/batch.rng) <data href> and <folder href>
 * relative to the batch file. *plan gets the batch file's plan attribute (caller frees; NULL
 * when none); *folders the folders read, as named (*nfolders of them: mlps_batch_config's
 * folders; caller frees each and the array). Returns the number of files, with *files (caller
 * frees each and the array); on errors (unreadable folder, invalid batch file) messages in d. */
size_t mlps_batch_collect(const char *data_dir, char *const *paths, size_t npaths, char ***files,
                          char **plan, char ***folders, size_t *nfolders, mlps_diags *d);

/* Every file a template reads: itself and what it imports or includes (t:import, xsl:import,
 * xsl:include, xi:include hrefs, followed recursively inside its folder) and each file named by
 * a literal document('name') in any of them, for its input hash (a name computed while the
 * template runs is not known here: not followed).
 * Returns the count, with *files (caller frees each and the array). */
size_t mlps_batch_template_files(const char *template_path, char ***files);

/* The report (docs/batch-report.md) as JSON: one output's entry (written as outputs come, to a
 * scratch file), then the whole report around the entries of that file. */
void mlps_batch_report_output(FILE *out, const mlps_batch_output *o, int first);
void mlps_batch_report_json(const mlps_batch_result *r, const mlps_batch_config *cfg,
                            FILE *entries, FILE *out);

#endif
