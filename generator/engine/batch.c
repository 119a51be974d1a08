/* The batch run: setup (model, fonts, templates, input hashes), the work queue, a unit's plan
 * and a document's build, each unit's record. */
#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include <libxml/parser.h>

#include "batch_hashes.h"
#include "batch_record.h"
#include "buf.h"
#include "data.h"
#include "doc.h"
#include "font.h"
#include "iter.h"
#include "layout.h"
#include "mem.h"
#include "memo.h"
#include "mlps.h"
#include "mlps_limits.h"
#include "outfile.h"
#include "para.h"
#include "paracache.h"
#include "plan.h"
#include "pdf.h"
#include "imgcache.h"
#include "render.h"
#include "template.h"
#include "xmlread.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct unit_task unit_task;

typedef struct doc_task {
    unit_task *u;
    size_t out;         /* index into u->rec.outs */
    size_t plan;        /* index into the plan */
    const char *reason; /* why it is built (build_reason) */
} doc_task;

struct unit_task {
    const char *data_file;
    char key[MLPS_HASH_HEX];
    int lock_fd;
    mlps_hash unit_hash;
    xmlDocPtr xml;
    char *base_dir;
    mlps_record rec;     /* the new record: kept entries and entries being built */
    unsigned char *ok;   /* per rec.outs entry: 1 once written (or kept) */
    size_t remaining;    /* documents not finished */
    mlps_imgcache *images; /* validated once for all the unit's documents */
    int changed;         /* the record must be rewritten */
};

typedef struct run {
    const mlps_batch_config *cfg;
    mlps_batch_result *res;
    mlps_hashcache *hashes; /* file hashes trusted by (size, mtime, inode) */
    mlps_pdf_fontcache *font_objects; /* font objects whose glyph set repeats, for every worker */
    /* the model and the templates: loaded when the first unit must be read (a run where nothing
     * changed never does); a failure stops the run as a setup failure would */
    pthread_mutex_t load_mu;
    int loaded;
    atomic_int load_failed; /* also read by workers under mu, not load_mu */
    mlps_diags load_diags;
    mlps_model *model;
    const mlps_codes *codes;
    mlps_template **tmpl;
    mlps_fontset *fonts;
    size_t ndocs;          /* the plan's documents */
    char **doc_name;       /* per plan document: its template's name */
    mlps_hash *entry_hash; /* per plan document: its plan entry, template and every fragment */
    mlps_hash plan_hash;   /* every entry in order and --form: which outputs a unit has */
    mlps_hash global;      /* model, engine */
    mlps_hash fonts_conf;  /* fonts.xml and the faces each role resolved to */
    char **font_file;      /* the distinct files of the faces, with their hashes */
    mlps_hash *font_hash;
    size_t nfont_files;
    size_t *face_file;     /* per face id: its index in font_file */
    char *state_dir;
    pthread_mutex_t dir_mu;
    char *dir, *dir_real; /* the last data folder and its real path (unit_key) */
    char *const *files;
    size_t nfiles;
    double t0;
    /* per file: its record's key once known (gone_units leaves this run's own records) */
    char (*keys)[MLPS_HASH_HEX];
    /* the name of every output this run made, or would make, or failed to make (under mu):
     * a gone unit's output of such a name is another unit's now (gone_unit) */
    mlps_hash *made;
    size_t nmade, made_cap;

    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t next_unit, planning;
    doc_task *queue;
    size_t q_head, q_len, q_cap;
    size_t units_done;
} run;

/* ---- results (under run->mu) ---- */

static void add_failure(run *r, const char *data_file, const char *output, const char *code,
                        const mlps_diags *d)
{
    mlps_batch_result *res = r->res;
    size_t added = 0;
    for (size_t i = 0; i < d->count; i++) {
        const mlps_diag *x = &d->items[i];
        if (x->severity != MLPS_ERROR)
            continue;
        XGROW(res->failures, res->failures_cap, res->nfailures + 1);
        mlps_batch_failure *f = &res->failures[res->nfailures++];
        /* the diagnostic's own stable code (docs/diagnostics.md), else the batch step's */
        const char *c = x->code && strcmp(x->code, MLPS_DC_OTHER) ? x->code : code;
        *f = (mlps_batch_failure){mlps_xstrdup(data_file), output ? mlps_xstrdup(output) : NULL,
                                  x->file ? mlps_xstrdup(x->file) : NULL, x->line,
                                  x->path ? mlps_xstrdup(x->path) : NULL, mlps_xstrdup(c),
                                  mlps_xstrdup(x->msg)};
        if (r->cfg->progress)
            r->cfg->progress(r->cfg->progress_ctx, NULL, NULL, f);
        added++;
    }
    if (!added) { /* a failure always says something */
        XGROW(res->failures, res->failures_cap, res->nfailures + 1);
        res->failures[res->nfailures++] = (mlps_batch_failure){
            mlps_xstrdup(data_file), output ? mlps_xstrdup(output) : NULL, mlps_xstrdup(data_file), 0,
            NULL, mlps_xstrdup(code), mlps_xstrdup("生成失败")};
    }
}

/* Under r->mu. */
static void note_made(run *r, const char *name)
{
    XGROW(r->made, r->made_cap, r->nmade + 1);
    r->made[r->nmade++] = mlps_hash_bytes(name, strlen(name));
}

static void report_progress(run *r)
{
    if (!r->cfg->progress)
        return;
    mlps_batch_progress p = {r->nfiles, r->units_done, r->res->built, r->res->skipped,
                             r->res->failed, now_s() - r->t0};
    r->cfg->progress(r->cfg->progress_ctx, &p, NULL, NULL);
}

/* Counts an output and hands it to the callback (nothing is kept). */
static void add_output(run *r, const unit_task *u, const mlps_record_out *o, int built, double ms,
                       const char *reason)
{
    mlps_batch_result *res = r->res;
    note_made(r, o->name);
    res->noutputs++;
    if (built)
        res->built++;
    else
        res->skipped++;
    if (!r->cfg->progress)
        return;
    mlps_buf p = MLPS_BUF_INIT;
    mlps_buf_printf(&p, "%s/%s", r->cfg->outdir, o->name);
    mlps_batch_output x = {p.ptr, (char *)u->data_file, u->rec.unit ? u->rec.unit : "",
                           o->system_id, o->system_name, o->document, o->pages, o->size, "", built, ms,
                           built ? reason : NULL};
    mlps_hash_hex(o->input, x.input_hash);
    r->cfg->progress(r->cfg->progress_ctx, NULL, &x, NULL);
    mlps_buf_free(&p);
}

/* ---- input hashes ---- */

/* What output o of plan document doc is made from: the unit (data, model, engine), its plan
 * entry and templates, the font configuration, the font files and images it lists. *ok is
 * cleared when one of them cannot be read or a font file is no longer in the font set. */
static mlps_hash output_hash(const run *r, mlps_hash unit_hash, size_t doc, const mlps_record_out *o,
                             int *ok)
{
    mlps_hasher *h = mlps_hasher_new();
    mlps_hasher_hash(h, unit_hash);
    mlps_hasher_hash(h, r->entry_hash[doc]);
    mlps_hasher_hash(h, r->fonts_conf);
    for (size_t i = 0; i < o->nfonts; i++) {
        size_t k = 0;
        while (k < r->nfont_files && strcmp(r->font_file[k], o->fonts[i]))
            k++;
        if (k == r->nfont_files)
            *ok = 0;
        mlps_hasher_str(h, o->fonts[i]);
        mlps_hasher_hash(h, k < r->nfont_files ? r->font_hash[k] : (mlps_hash){0, 0});
    }
    for (size_t i = 0; i < o->nimages; i++) {
        mlps_hash ih = {0, 0};
        mlps_diags quiet = MLPS_DIAGS_INIT;
        if (mlps_hashcache_file(r->hashes, o->images[i], &ih, &quiet))
            *ok = 0;
        mlps_diag_free(&quiet);
        mlps_hasher_str(h, o->images[i]);
        mlps_hasher_hash(h, ih);
    }
    return mlps_hasher_end(h);
}

/* The previous record's entry is still what the current inputs would make as plan document
 * doc, and the file is the one it wrote. */
static int up_to_date(const run *r, const mlps_record *old, const mlps_record_out *o, size_t doc)
{
    if (doc >= r->ndocs)
        return 0;
    int ok = 1;
    mlps_hash want = output_hash(r, old->unit_hash, doc, o, &ok);
    if (!ok || !mlps_hash_eq(want, o->input))
        return 0;
    mlps_buf p = MLPS_BUF_INIT;
    mlps_buf_printf(&p, "%s/%s", r->cfg->outdir, o->name);
    int same = mlps_output_unchanged(p.ptr, o->size, o->mtime_ns, o->ino) == 1;
    mlps_buf_free(&p);
    return same;
}

static int has_output(const mlps_record *rec, const char *name)
{
    for (size_t k = 0; k < rec->nouts; k++)
        if (!strcmp(rec->outs[k].name, name))
            return 1;
    return 0;
}

/* One stale output candidate: listed when still in the folder; deleted with --prune, or kept
 * in u->rec.gone for a later run, when it is the very file that run wrote (size, mtime,
 * inode); one edited or replaced since is listed and no longer ours. Under the unit's lock. */
static void stale_one(run *r, unit_task *u, const char *name, long long size, long long mtime,
                      unsigned long long ino)
{
    if (!mlps_output_name_ok(name, ".pdf"))
        return; /* never a name this batch wrote: a record edited by hand stays confined */
    mlps_buf p = MLPS_BUF_INIT;
    mlps_buf_printf(&p, "%s/%s", r->cfg->outdir, name);
    int same = mlps_output_unchanged(p.ptr, size, mtime, ino);
    if (same >= 0) {
        int removed = same && r->cfg->prune && !r->cfg->dry_run && unlink(p.ptr) == 0;
        if (same && !removed)
            mlps_record_add_gone(&u->rec, name, size, mtime, ino);
        pthread_mutex_lock(&r->mu);
        mlps_batch_result *res = r->res;
        XGROW(res->stale, res->stale_cap, res->nstale + 1);
        res->stale[res->nstale++] = (mlps_batch_stale){mlps_buf_detach(&p), mlps_xstrdup(u->data_file),
                                                       removed, !same};
        res->removed += (size_t)removed;
        pthread_mutex_unlock(&r->mu);
    }
    mlps_buf_free(&p);
}

/* The outputs the unit's previous record lists, as made or already stale, that the outputs
 * of now (its new record, or the old one when nothing changed) do not include: a system
 * renamed or removed, a plan entry dropped. Returns 1 when the stale list to record differs
 * from the old one. */
static int stale_outputs(run *r, unit_task *u, const mlps_record *old, const mlps_record *now)
{
    for (size_t i = 0; i < old->nouts; i++)
        if (!has_output(now, old->outs[i].name))
            stale_one(r, u, old->outs[i].name, old->outs[i].size, old->outs[i].mtime_ns, old->outs[i].ino);
    for (size_t i = 0; i < old->ngone; i++)
        if (!has_output(now, old->gone[i].name))
            stale_one(r, u, old->gone[i].name, old->gone[i].size, old->gone[i].mtime_ns, old->gone[i].ino);
    if (u->rec.ngone != old->ngone)
        return 1;
    for (size_t i = 0; i < old->ngone; i++)
        if (strcmp(u->rec.gone[i].name, old->gone[i].name))
            return 1;
    return 0;
}

/* Not in the record: "new", or "unrecorded" when a file is there all the same (made by an
 * earlier run whose record was lost or rewritten without it, as after a failed build). */
static const char *unrecorded_or_new(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) ? "unrecorded" : "new";
}

/* Why output name (at path) of plan document doc is to be built, as the report's reason code
 * (docs/batch-report.md): the first of these that holds. old is the unit's previous record
 * (have_record: there is one), same_unit: its data, model and engine are unchanged. */
static const char *build_reason(const run *r, const mlps_record *old, int have_record, int same_unit,
                                const char *name, const char *path, size_t doc)
{
    if (r->cfg->force)
        return "forced";
    if (!have_record)
        return unrecorded_or_new(path);
    if (!same_unit)
        return "data";
    for (size_t i = 0; i < old->nouts; i++)
        if (!strcmp(old->outs[i].name, name)) {
            int ok = 1;
            mlps_hash want = output_hash(r, old->unit_hash, doc, &old->outs[i], &ok);
            if (ok && mlps_hash_eq(want, old->outs[i].input))
                return "output";
            return mlps_hash_eq(r->entry_hash[doc], old->outs[i].entry) ? "inputs" : "template";
        }
    return unrecorded_or_new(path);
}

/* ---- one unit ---- */

static int ensure_loaded(run *r);

static char *trimmed_child(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, name)) {
            xmlChar *s = xmlNodeGetContent(c);
            const char *p = s ? (const char *)s : "";
            while (*p && strchr(" \t\r\n", *p))
                p++;
            size_t len = strlen(p);
            while (len && strchr(" \t\r\n", p[len - 1]))
                len--;
            char *r = mlps_xstrndup(p, len);
            xmlFree(s);
            return r;
        }
    return mlps_xstrdup("");
}

static char *system_name(xmlDocPtr doc, const char *id)
{
    xmlNodePtr y = mlps_data_find_system(doc, id);
    return y ? trimmed_child(y, "name") : mlps_xstrdup("");
}

static void unit_release(unit_task *u)
{
    if (u->lock_fd >= 0)
        close(u->lock_fd); /* releases the flock */
    xmlFreeDoc(u->xml);
    mlps_imgcache_free(u->images);
    mlps_record_free(&u->rec);
    free(u->ok);
    free(u->base_dir);
    free(u);
}

/* Rewrites the unit's record with the outputs now known good, then lets the unit go. */
static void unit_finish(run *r, unit_task *u)
{
    double t = now_s();
    if (u->changed) {
        mlps_record good = {u->unit_hash, r->plan_hash, (char *)u->data_file, u->rec.unit, NULL, 0, 0,
                            NULL, 0, 0};
        int complete = 1;
        for (size_t i = 0; i < u->rec.nouts; i++)
            if (u->ok[i])
                mlps_record_add(&good, &u->rec.outs[i]);
            else
                complete = 0;
        /* An output failed: its record must not claim the plan's outputs (plan_unit would skip
         * the unit unread and never make the missing ones); no plan hash matches this one. */
        if (!complete)
            good.plan_hash = (mlps_hash){0, 0};
        for (size_t i = 0; i < u->rec.ngone; i++)
            mlps_record_add_gone(&good, u->rec.gone[i].name, u->rec.gone[i].size, u->rec.gone[i].mtime_ns,
                                 u->rec.gone[i].ino);
        mlps_buf p = MLPS_BUF_INIT;
        mlps_buf_printf(&p, "%s/%s.rec", r->state_dir, u->key);
        mlps_diags d = MLPS_DIAGS_INIT;
        int rc = mlps_record_write(p.ptr, &good, &d);
        good.unit = NULL; /* borrowed */
        good.data_file = NULL;
        mlps_record_free(&good);
        pthread_mutex_lock(&r->mu);
        if (rc)
            add_failure(r, u->data_file, NULL, "record-write", &d);
        pthread_mutex_unlock(&r->mu);
        mlps_diag_free(&d);
        mlps_buf_free(&p);
    }
    pthread_mutex_lock(&r->mu);
    r->res->phases.record += (now_s() - t) * 1e3;
    r->units_done++;
    report_progress(r);
    pthread_mutex_unlock(&r->mu);
    unit_release(u);
}

static int lock_unit(run *r, unit_task *u, mlps_diags *d)
{
    mlps_buf p = MLPS_BUF_INIT;
    mlps_buf_printf(&p, "%s/%s.lock", r->state_dir, u->key);
    u->lock_fd = open(p.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    int rc = -1;
    if (u->lock_fd < 0) {
        mlps_diag_error(d, p.ptr, 0, NULL, "无法创建锁文件：%s", mlps_errno_text(errno));
    } else {
        while ((rc = flock(u->lock_fd, LOCK_EX)) != 0 && errno == EINTR)
            ;
        if (rc)
            mlps_diag_error(d, p.ptr, 0, NULL, "无法锁定：%s", mlps_errno_text(errno));
    }
    mlps_buf_free(&p);
    return rc;
}

/* The key of a data file's record and lock: the hash of "REAL_DIR/NAME" (left in p). */
static void key_of(mlps_buf *p, const char *real_dir, const char *name, char key[MLPS_HASH_HEX])
{
    mlps_buf_clear(p);
    mlps_buf_printf(p, "%s/%s", real_dir, name);
    mlps_hash_hex(mlps_hash_bytes(p->ptr, p->len), key);
}

/* The key of a data file's record and lock (key_of its real folder and its name). The
 * folder's real path is remembered, as units come folder by folder: resolving every file's
 * path would cost a readlink per path component per unit. -1 (errno set) when the folder is
 * unusable. */
static int unit_key(run *r, const char *data_file, char key[MLPS_HASH_HEX])
{
    const char *slash = strrchr(data_file, '/');
    char *dir = slash ? mlps_xstrndup(data_file, (size_t)(slash - data_file + (slash == data_file)))
                      : mlps_xstrdup(".");
    const char *name = slash ? slash + 1 : data_file;
    pthread_mutex_lock(&r->dir_mu);
    int hit = r->dir && !strcmp(r->dir, dir);
    mlps_buf p = MLPS_BUF_INIT;
    if (hit)
        key_of(&p, r->dir_real, name, key);
    pthread_mutex_unlock(&r->dir_mu);
    int rc = 0;
    if (!hit) {
        char real[PATH_MAX];
        if (realpath(dir, real)) {
            key_of(&p, real, name, key);
            pthread_mutex_lock(&r->dir_mu);
            free(r->dir);
            free(r->dir_real);
            r->dir = mlps_xstrdup(dir);
            r->dir_real = mlps_xstrdup(real);
            pthread_mutex_unlock(&r->dir_mu);
        } else {
            rc = -1;
        }
    }
    mlps_buf_free(&p);
    free(dir);
    return rc;
}

/* Plans a unit: up to date as recorded → skipped without reading it; otherwise read and
 * checked, and its out-of-date documents queued. Called without the run's lock. */
static void plan_unit(run *r, size_t index)
{
    double t = now_s();
    unit_task *u = mlps_xcalloc(1, sizeof *u);
    u->data_file = r->files[index];
    u->lock_fd = -1;
    mlps_diags d = MLPS_DIAGS_INIT;
    const char *fail = NULL;
    mlps_record old = {0};
    if (unit_key(r, u->data_file, u->key)) {
        mlps_diag_error(&d, u->data_file, 0, NULL, "无法读取数据文件：%s", mlps_errno_text(errno));
        fail = "input-unreadable";
        goto done;
    }
    memcpy(r->keys[index], u->key, MLPS_HASH_HEX);
    if (!r->cfg->dry_run && lock_unit(r, u, &d)) {
        fail = "lock";
        goto done;
    }
    mlps_hash data_hash;
    if (mlps_hashcache_file(r->hashes, u->data_file, &data_hash, &d)) {
        /* a file named (a batch file's <data>) but gone is a mistake to say, not a unit to
         * withdraw: only a folder's gone files are (gone_units) */
        fail = "input-unreadable";
        goto done;
    }
    mlps_hasher *h = mlps_hasher_new();
    mlps_hasher_hash(h, r->global);
    mlps_hasher_hash(h, data_hash);
    u->unit_hash = mlps_hasher_end(h);

    mlps_buf rp = MLPS_BUF_INIT;
    mlps_buf_printf(&rp, "%s/%s.rec", r->state_dir, u->key);
    int have_record = mlps_record_read(rp.ptr, &old) == 0;
    int same_unit = have_record && mlps_hash_eq(old.unit_hash, u->unit_hash);
    int have_old = same_unit && !r->cfg->force;
    /* the same plan entries: the same outputs, each still at its entry's index */
    int same_plan = have_old && mlps_hash_eq(old.plan_hash, r->plan_hash);
    mlps_buf_free(&rp);
    if (same_plan && old.nouts && !(old.ngone && r->cfg->prune)) {
        size_t fresh = 0;
        for (size_t i = 0; i < old.nouts; i++)
            fresh += up_to_date(r, &old, &old.outs[i], old.outs[i].doc);
        if (fresh == old.nouts) { /* nothing to do: not even read */
            stale_outputs(r, u, &old, &old); /* listed again; the record stays */
            pthread_mutex_lock(&r->mu);
            r->res->phases.up_to_date += (now_s() - t) * 1e3;
            u->rec.unit = old.unit;
            for (size_t i = 0; i < old.nouts; i++)
                add_output(r, u, &old.outs[i], 0, 0, NULL);
            u->rec.unit = NULL;
            r->units_done++;
            report_progress(r);
            pthread_mutex_unlock(&r->mu);
            goto done;
        }
    }
    double t1 = now_s();
    if (ensure_loaded(r))
        goto done; /* the run stops: its diagnostics say why */
    u->images = mlps_imgcache_new(); /* the check validates the images into it, once */
    mlps_check_opts opts = {.images = u->images};
    u->xml = mlps_data_load(r->model, u->data_file, &opts, &d);
    if (!u->xml || d.errors) {
        fail = "data-invalid";
        goto done;
    }
    if (mlps_render_check_coverage(r->fonts, u->xml, u->data_file, &d)) {
        fail = "font-coverage";
        goto done;
    }
    xmlNodePtr root = xmlDocGetRootElement(u->xml);
    u->rec.unit = trimmed_child(root, "name");
    u->rec.unit_hash = u->unit_hash;
    const char *slash = strrchr(u->data_file, '/');
    u->base_dir = slash ? mlps_xstrndup(u->data_file, (size_t)(slash - u->data_file)) : mlps_xstrdup("");

    /* the plan's jobs; each kept when the old record says it is up to date */
    mlps_plan_jobs jobs = {0};
    if (mlps_plan_expand(r->cfg->plan, u->xml, u->data_file, r->cfg->form, r->cfg->outdir, &jobs, &d)) {
        fail = "plan";
        goto done;
    }
    doc_task *tasks = NULL;
    size_t ntasks = 0, tasks_cap = 0, ok_cap = 0;
    for (size_t j = 0; j < jobs.count; j++) {
        const mlps_plan_job *x = &jobs.items[j];
        const char *sep = strrchr(x->out_path, '/');
        const char *name = sep ? sep + 1 : x->out_path;
        char *sname = x->system_id ? system_name(u->xml, x->system_id) : mlps_xstrdup("");
        mlps_record_out o = {(char *)name, r->doc_name[x->doc], x->system_id ? x->system_id : "",
                             sname, x->doc, {0, 0}, {0, 0}, 0, 0, 0, 0, NULL, 0, NULL, 0};
        const mlps_record_out *kept = NULL;
        /* found by name; its input hash says whether it was made by this same entry */
        for (size_t i = 0; have_old && i < old.nouts && !kept; i++)
            if (!strcmp(old.outs[i].name, name) && up_to_date(r, &old, &old.outs[i], x->doc))
                kept = &old.outs[i];
        mlps_record_add(&u->rec, kept ? kept : &o);
        u->rec.outs[u->rec.nouts - 1].doc = x->doc;
        XGROW(u->ok, ok_cap, u->rec.nouts);
        u->ok[u->rec.nouts - 1] = kept != NULL;
        if (!kept) {
            XGROW(tasks, tasks_cap, ntasks + 1);
            tasks[ntasks++] = (doc_task){u, u->rec.nouts - 1, x->doc,
                                         build_reason(r, &old, have_record, same_unit, name, x->out_path, x->doc)};
        }
        free(sname);
    }
    mlps_plan_jobs_free(&jobs);
    int stale_changed = have_record && stale_outputs(r, u, &old, &u->rec);
    u->changed = !r->cfg->dry_run && (ntasks > 0 || !same_plan || old.nouts != u->rec.nouts || stale_changed);
    pthread_mutex_lock(&r->mu);
    r->res->phases.load_data += (now_s() - t1) * 1e3;
    r->res->phases.up_to_date += (t1 - t) * 1e3;
    for (size_t i = 0; i < u->rec.nouts; i++)
        if (u->ok[i])
            add_output(r, u, &u->rec.outs[i], 0, 0, NULL);
    if (r->cfg->dry_run) { /* said, not done */
        for (size_t i = 0; i < ntasks; i++)
            add_output(r, u, &u->rec.outs[tasks[i].out], 2, 0, tasks[i].reason);
        ntasks = 0;
    }
    u->remaining = ntasks;
    for (size_t i = 0; i < ntasks; i++) {
        if (r->q_head == r->q_len)
            r->q_head = r->q_len = 0;
        XGROW(r->queue, r->q_cap, r->q_len + 1);
        r->queue[r->q_len++] = tasks[i];
    }
    if (ntasks)
        pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
    free(tasks);
    mlps_record_free(&old);
    mlps_diag_free(&d);
    if (!ntasks)
        unit_finish(r, u);
    return;
done:
    pthread_mutex_lock(&r->mu);
    if (fail) {
        add_failure(r, u->data_file, NULL, fail, &d);
        r->res->units_failed++;
        r->units_done++;
        report_progress(r);
    }
    pthread_mutex_unlock(&r->mu);
    mlps_record_free(&old);
    mlps_diag_free(&d);
    unit_release(u);
}

/* ---- units whose data file is gone ---- */

static int cmp_hash(const void *a, const void *b)
{
    const mlps_hash *x = a, *y = b;
    return x->hi != y->hi ? (x->hi < y->hi ? -1 : 1) : x->lo != y->lo ? (x->lo < y->lo ? -1 : 1) : 0;
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* A unit whose data file is gone (ENOENT) makes nothing now: every output its record lists,
 * made or already stale, is stale (stale_one), except a name this run made (a data file
 * renamed is made again under its new name, over the same PDFs). The record stays as it is
 * while all of them are still ours (a data file put back is up to date), is rewritten with
 * those still ours, and is deleted when none is: the next run is quiet. Under the unit's lock,
 * after the workers (r->made sorted). */
static void gone_unit(run *r, unit_task *u, const mlps_record *old, const char *rec_path)
{
    size_t total = old->nouts + old->ngone, listed = 0;
    for (size_t i = 0; i < total; i++) {
        const mlps_record_out *o = i < old->nouts ? &old->outs[i] : NULL;
        const mlps_record_gone *g = o ? NULL : &old->gone[i - old->nouts];
        const char *name = o ? o->name : g->name;
        mlps_hash h = mlps_hash_bytes(name, strlen(name));
        if (r->nmade && bsearch(&h, r->made, r->nmade, sizeof *r->made, cmp_hash))
            continue;
        listed++;
        stale_one(r, u, name, o ? o->size : g->size, o ? o->mtime_ns : g->mtime_ns, o ? o->ino : g->ino);
    }
    if (r->cfg->dry_run || (listed == total && u->rec.ngone == total))
        return;
    mlps_diags d = MLPS_DIAGS_INIT;
    int rc = 0;
    if (!u->rec.ngone) {
        if (unlink(rec_path) != 0 && errno != ENOENT) {
            mlps_diag_error(&d, rec_path, 0, NULL, "无法删除生成记录：%s", mlps_errno_text(errno));
            rc = -1;
        }
    } else { /* no outputs and no plan hash: a data file put back is read and made again */
        mlps_record keep = {old->unit_hash, {0, 0}, old->data_file, old->unit, NULL, 0, 0,
                            u->rec.gone, u->rec.ngone, u->rec.gone_cap};
        rc = mlps_record_write(rec_path, &keep, &d);
    }
    if (rc) {
        pthread_mutex_lock(&r->mu);
        add_failure(r, u->data_file, NULL, "record-write", &d);
        pthread_mutex_unlock(&r->mu);
    }
    mlps_diag_free(&d);
}

/* The gone unit of record `key`: data_file as this run names it, at check (the path to test).
 * Its record is read again under its lock, and the data file found gone again. */
static void handle_gone(run *r, const char *key, const char *data_file, const char *check)
{
    unit_task *u = mlps_xcalloc(1, sizeof *u);
    u->data_file = data_file;
    u->lock_fd = -1;
    memcpy(u->key, key, MLPS_HASH_HEX);
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_record old = {0};
    mlps_buf rp = MLPS_BUF_INIT;
    mlps_buf_printf(&rp, "%s/%s.rec", r->state_dir, key);
    struct stat st;
    if (!r->cfg->dry_run && lock_unit(r, u, &d)) {
        pthread_mutex_lock(&r->mu);
        add_failure(r, data_file, NULL, "lock", &d);
        pthread_mutex_unlock(&r->mu);
    } else if (lstat(check, &st) != 0 && errno == ENOENT && mlps_record_read(rp.ptr, &old) == 0) {
        gone_unit(r, u, &old, rp.ptr);
    }
    mlps_record_free(&old);
    mlps_buf_free(&rp);
    mlps_diag_free(&d);
    unit_release(u);
}

/* After the workers: the gone units. Every record of the output folder, not of this run's own
 * units, whose data file was in a folder this run read (the same key as unit_key: real folder
 * and name) and is gone, in this shard (by its name, as mlps_batch_in_shard puts units). One
 * of a folder not given is another run's and left alone. */
static void gone_units(run *r)
{
    const mlps_batch_config *c = r->cfg;
    if (!c->nfolders)
        return;
    DIR *dp = opendir(r->state_dir);
    if (!dp)
        return; /* a dry run into a new folder: no records */
    if (r->nmade > 1)
        qsort(r->made, r->nmade, sizeof *r->made, cmp_hash);
    char (*mine)[MLPS_HASH_HEX] = mlps_xcalloc(r->nfiles + 1, MLPS_HASH_HEX);
    memcpy(mine, r->keys, r->nfiles * MLPS_HASH_HEX);
    if (r->nfiles > 1)
        qsort(mine, r->nfiles, MLPS_HASH_HEX, cmp_key);
    char **real = mlps_xcalloc(c->nfolders, sizeof *real);
    for (size_t k = 0; k < c->nfolders; k++) {
        char buf[PATH_MAX];
        real[k] = realpath(c->folders[k], buf) ? mlps_xstrdup(buf) : NULL;
    }
    mlps_buf p = MLPS_BUF_INIT;
    for (struct dirent *e; (e = readdir(dp)) != NULL;) {
        char key[MLPS_HASH_HEX];
        size_t n = strlen(e->d_name);
        if (n != MLPS_HASH_HEX - 1 + 4 || strcmp(e->d_name + MLPS_HASH_HEX - 1, ".rec"))
            continue;
        memcpy(key, e->d_name, MLPS_HASH_HEX - 1);
        key[MLPS_HASH_HEX - 1] = '\0';
        if (bsearch(key, mine, r->nfiles, MLPS_HASH_HEX, cmp_key))
            continue;
        mlps_buf_clear(&p);
        mlps_buf_printf(&p, "%s/%s", r->state_dir, e->d_name);
        char *data = mlps_record_read_data(p.ptr);
        const char *base = data ? strrchr(data, '/') : NULL;
        base = base ? base + 1 : data;
        int ours = base && base[0] && mlps_batch_in_shard(base, c->shard_k, c->shard_n);
        for (size_t k = 0; ours && k < c->nfolders; k++) {
            if (!real[k])
                continue;
            char hex[MLPS_HASH_HEX];
            key_of(&p, real[k], base, hex);
            if (strcmp(hex, key))
                continue;
            /* as that folder's files are named this run (batch_input.c's join) */
            const char *dir = c->folders[k];
            mlps_buf name = MLPS_BUF_INIT;
            mlps_buf_printf(&name, "%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] != '/' ? "/" : "", base);
            handle_gone(r, key, name.ptr, p.ptr);
            mlps_buf_free(&name);
            break;
        }
        free(data);
    }
    mlps_buf_free(&p);
    closedir(dp);
    for (size_t k = 0; k < c->nfolders; k++)
        free(real[k]);
    free(real);
    free(mine);
}

/* ---- one document ---- */

/* The font files the laid-out document depends on (mlps_fontset_depends), in face order. */
static void record_fonts(const run *r, const mlps_layout *lay, mlps_record_out *o)
{
    size_t nf = mlps_fontset_face_count(r->fonts);
    unsigned char *used = mlps_xcalloc(nf + 1, 1), *dep = mlps_xcalloc(nf + 1, 1);
    unsigned char *file_taken = mlps_xcalloc(r->nfont_files + 1, 1);
    for (size_t p = 0; lay && p < lay->npages; p++) {
        const mlps_face *last = NULL; /* glyphs come in runs of one face: one look-up a run */
        for (size_t g = 0; g < lay->pages[p].nglyphs; g++) {
            const mlps_face *f = lay->pages[p].glyphs[g].face;
            if (f && f != last && (size_t)mlps_face_id(f) < nf)
                used[mlps_face_id(f)] = 1;
            last = f;
        }
    }
    mlps_fontset_depends(r->fonts, used, dep);
    o->fonts = mlps_xcalloc(r->nfont_files + 1, sizeof *o->fonts);
    o->nfonts = 0;
    for (size_t i = 0; i < nf; i++)
        if (dep[i] && !file_taken[r->face_file[i]] && o->nfonts < MLPS_MAX_RECORD_FONTS) {
            file_taken[r->face_file[i]] = 1;
            o->fonts[o->nfonts++] = mlps_xstrdup(r->font_file[r->face_file[i]]);
        }
    free(used);
    free(dep);
    free(file_taken);
}

static void build_doc(run *r, const doc_task *t, mlps_paracache *paras)
{
    unit_task *u = t->u;
    mlps_record_out *o = &u->rec.outs[t->out];
    mlps_diags d = MLPS_DIAGS_INIT;
    const char *fail = NULL;
    mlps_doc *doc = NULL;
    mlps_layout *lay = NULL;
    char **images = NULL;
    size_t nimages = 0, icap = 0;
    mlps_buf path = MLPS_BUF_INIT;
    mlps_buf_printf(&path, "%s/%s", r->cfg->outdir, o->name);
    double t0 = now_s();
    /* the engine's one pipeline (what render and mlps.h's jobs run) */
    mlps_render_times tm = {0, 0, 0, 0, 0};
    mlps_render_job job = {r->tmpl[t->plan], u->xml, u->base_dir,
                           o->system_id[0] ? o->system_id : NULL, r->codes, r->fonts, path.ptr, NULL, u->images,
                           &tm, paras, r->font_objects};
    if (mlps_render_document(&job, &doc, &lay, &d)) {
        fail = "render";
        goto done;
    }
    /* the images it embeds, wherever they are in the tree */
    mlps_doc_iter it;
    mlps_doc_iter_init(&it, doc);
    for (mlps_iter_event ev; (ev = mlps_doc_iter_next(&it)) != MLPS_ITER_DONE;) {
        const mlps_doc_node *n = mlps_doc_iter_node(&it);
        if (ev == MLPS_ITER_ENTER && n->kind == MLPS_NODE_BLOCK && n->block->kind == MLPS_BLK_IMAGE &&
            nimages < MLPS_MAX_RECORD_IMAGES) {
            XGROW(images, icap, nimages + 1);
            images[nimages++] = n->block->u.image.path;
        }
    }
    mlps_doc_iter_free(&it);
    o->images = nimages ? mlps_xcalloc(nimages, sizeof *o->images) : NULL;
    for (size_t i = 0; i < nimages; i++)
        o->images[i] = mlps_xstrdup(images[i]);
    o->nimages = nimages;
    record_fonts(r, lay, o);
    int ok = 1;
    o->input = output_hash(r, u->unit_hash, t->plan, o, &ok);
    o->entry = r->entry_hash[t->plan];
    if (!ok)
        o->input.lo ^= 1; /* an unreadable image: never up to date */
    struct stat st;
    if (stat(path.ptr, &st) != 0) {
        mlps_diag_error(&d, path.ptr, 0, NULL, "写出后无法读取：%s", mlps_errno_text(errno));
        fail = "write";
        goto done;
    }
    o->size = st.st_size;
    o->mtime_ns = mlps_stat_mtime_ns(&st);
    o->ino = st.st_ino;
    o->pages = lay ? (long)lay->npages : 0;
done:;
    double t1 = now_s();
    pthread_mutex_lock(&r->mu);
    r->res->phases.render += (t1 - t0) * 1e3;
    r->res->phases.template += tm.template_ms;
    r->res->phases.layout += tm.layout_ms;
    r->res->phases.font_subset += tm.subset_ms;
    r->res->phases.compress += tm.compress_ms;
    r->res->phases.write += tm.write_ms;
    if (fail) {
        add_failure(r, u->data_file, path.ptr, fail, &d);
        note_made(r, o->name);
        r->res->failed++;
        report_progress(r);
    } else {
        u->ok[t->out] = 1;
        add_output(r, u, o, 1, (t1 - t0) * 1e3, t->reason);
        report_progress(r);
    }
    int last = --u->remaining == 0;
    pthread_mutex_unlock(&r->mu);
    mlps_layout_free(lay);
    mlps_doc_free(doc);
    free(images);
    mlps_buf_free(&path);
    mlps_diag_free(&d);
    if (last)
        unit_finish(r, u);
}

/* ---- workers ---- */

static void *worker(void *arg)
{
    run *r = arg;
    /* this thread's documents share their paragraph layouts (no lock: one cache per thread) */
    mlps_paracache *paras = mlps_paracache_new(MLPS_PARA_CACHE_BYTES);
    mlps_memo_stats m0 = mlps_memo_thread_stats();
    pthread_mutex_lock(&r->mu);
    for (;;) {
        if (r->q_head < r->q_len) {
            doc_task t = r->queue[r->q_head++];
            pthread_mutex_unlock(&r->mu);
            build_doc(r, &t, paras);
            pthread_mutex_lock(&r->mu);
        } else if (r->next_unit < r->nfiles && !(r->cfg->stop && *r->cfg->stop) && !r->load_failed) {
            size_t i = r->next_unit++;
            r->planning++;
            pthread_mutex_unlock(&r->mu);
            plan_unit(r, i);
            pthread_mutex_lock(&r->mu);
            r->planning--;
            pthread_cond_broadcast(&r->cv);
        } else if (r->planning) {
            pthread_cond_wait(&r->cv, &r->mu); /* a unit being planned may queue documents */
        } else {
            break;
        }
    }
    mlps_paracache_stats ps = mlps_paracache_stats_get(paras);
    r->res->para_lookups += ps.lookups;
    r->res->para_hits += ps.hits;
    if (ps.peak_bytes > r->res->para_bytes)
        r->res->para_bytes = ps.peak_bytes;
    mlps_memo_stats m1 = mlps_memo_thread_stats();
    r->res->memo_lookups += m1.lookups - m0.lookups;
    r->res->memo_hits += m1.hits - m0.hits;
    if (m1.peak_bytes > r->res->memo_bytes)
        r->res->memo_bytes = m1.peak_bytes;
    pthread_mutex_unlock(&r->mu);
    mlps_paracache_free(paras);
    return NULL;
}

/* ---- a run's jobs (render -d) ---- */

typedef struct jobs_pool {
    const mlps_run *run;
    size_t n, next;
    int *ok;
    mlps_diags **diags; /* per job */
    pthread_mutex_t mu;
} jobs_pool;

/* Runs fn on `threads` threads, the calling one included; returns how many ran it. */
static int run_on_threads(void *(*fn)(void *), void *arg, int threads)
{
    pthread_t th[MLPS_BATCH_MAX_JOBS];
    int started = 0;
    for (int j = 1; j < threads && pthread_create(&th[j], NULL, fn, arg) == 0; j++)
        started = j;
    fn(arg);
    for (int j = 1; j <= started; j++)
        pthread_join(th[j], NULL);
    return started + 1;
}

static void *jobs_worker(void *arg)
{
    jobs_pool *p = arg;
    mlps_paracache *paras = mlps_paracache_new(MLPS_PARA_CACHE_BYTES);
    for (;;) {
        pthread_mutex_lock(&p->mu);
        size_t i = p->next < p->n ? p->next++ : p->n;
        pthread_mutex_unlock(&p->mu);
        if (i == p->n)
            break;
        mlps_job *j = mlps_job_new(p->run, i);
        p->ok[i] = mlps_job_render_with(j, paras) == 0;
        mlps_diags_move(p->diags[i], mlps_job_diags(j));
        mlps_job_free(j);
    }
    mlps_paracache_free(paras);
    return NULL;
}

size_t mlps_run_render_all(const mlps_run *r, int threads, int *ok, mlps_diags **diags)
{
    size_t n = mlps_run_count(r);
    jobs_pool p = {r, n, 0, ok, diags, PTHREAD_MUTEX_INITIALIZER};
    if (threads > MLPS_BATCH_MAX_JOBS)
        threads = MLPS_BATCH_MAX_JOBS;
    if ((size_t)threads > n)
        threads = (int)n;
    run_on_threads(jobs_worker, &p, threads);
    size_t failed = 0;
    for (size_t i = 0; i < n; i++)
        failed += !ok[i];
    pthread_mutex_destroy(&p.mu);
    return failed;
}

/* ---- setup ---- */

/* Temporary files ("NAME.PID.N.tmp", outfile.c) left by a run that was killed: removed when
 * their process is gone. */
static void remove_stale_temps(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    for (struct dirent *e; (e = readdir(dp)) != NULL;) {
        size_t n = strlen(e->d_name);
        if (n < 9 || strcmp(e->d_name + n - 4, ".tmp"))
            continue;
        /* NAME.PID.N.tmp: the PID is the second number from the end */
        char *copy = mlps_xstrndup(e->d_name, n - 4);
        char *dot2 = strrchr(copy, '.');
        if (dot2) {
            *dot2 = '\0';
            char *dot1 = strrchr(copy, '.');
            long pid = dot1 ? strtol(dot1 + 1, NULL, 10) : 0;
            if (pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
                mlps_buf p = MLPS_BUF_INIT;
                mlps_buf_printf(&p, "%s/%s", dir, e->d_name);
                unlink(p.ptr);
                mlps_buf_free(&p);
            }
        }
        free(copy);
    }
    closedir(dp);
}

/* Hashes f's bytes into h with its path (trusted by its metadata, batch_hashes.h). */
static int hash_file_into(run *r, mlps_hasher *h, const char *path, mlps_diags *d)
{
    mlps_hash x;
    if (mlps_hashcache_file(r->hashes, path, &x, d))
        return -1;
    mlps_hasher_str(h, path);
    mlps_hasher_hash(h, x);
    return 0;
}

/* The model and the plan's templates, once, by the first worker that needs them. */
static int ensure_loaded(run *r)
{
    pthread_mutex_lock(&r->load_mu);
    if (!r->loaded) {
        r->loaded = 1;
        mlps_diags *d = &r->load_diags;
        r->model = mlps_model_load(r->cfg->data_dir, d);
        if (r->model) {
            r->codes = mlps_model_codes(r->model);
            for (size_t i = 0; i < r->ndocs; i++)
                r->tmpl[i] = mlps_template_load(mlps_plan_template_path(r->cfg->plan, i), d);
        }
        r->load_failed = d->errors > 0;
    }
    int rc = r->load_failed ? -1 : 0;
    pthread_mutex_unlock(&r->load_mu);
    return rc;
}

/* The font set, the hash of its configuration (fonts.xml and what every role resolved to, as
 * `mlpsdoc fonts` describes it) and of each distinct face file. */
static int setup_fonts(run *r, mlps_diags *d)
{
    r->fonts = mlps_fontset_load(r->cfg->fonts_conf, d);
    if (!r->fonts)
        return -1;
    mlps_hasher *h = mlps_hasher_new();
    hash_file_into(r, h, r->cfg->fonts_conf, d);
    char *desc = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&desc, &len);
    if (m) {
        mlps_fontset_describe(r->fonts, m);
        fclose(m);
        mlps_hasher_bytes(h, desc, len);
    }
    free(desc);
    r->fonts_conf = mlps_hasher_end(h);
    size_t nf = mlps_fontset_face_count(r->fonts);
    r->face_file = mlps_xcalloc(nf + 1, sizeof *r->face_file);
    r->font_file = mlps_xcalloc(nf + 1, sizeof *r->font_file);
    r->font_hash = mlps_xcalloc(nf + 1, sizeof *r->font_hash);
    for (size_t i = 0; i < nf; i++) {
        const char *file = mlps_face_file(mlps_fontset_face_at(r->fonts, i));
        size_t k = 0;
        while (k < r->nfont_files && strcmp(r->font_file[k], file))
            k++;
        if (k == r->nfont_files) {
            r->font_file[k] = mlps_xstrdup(file);
            if (mlps_hashcache_file(r->hashes, file, &r->font_hash[k], d))
                return -1;
            r->nfont_files++;
        }
        r->face_file[i] = k;
    }
    return 0;
}

static int setup(run *r, mlps_diags *d)
{
    const mlps_batch_config *c = r->cfg;
    mlps_buf p = MLPS_BUF_INIT;
    mlps_buf_printf(&p, "%s/%s", c->outdir, MLPS_BATCH_STATE_DIR);
    r->state_dir = mlps_buf_detach(&p);
    if (!c->dry_run) {
        if (mlps_make_dirs(c->outdir, d) || mlps_make_dirs(r->state_dir, d))
            return -1;
        remove_stale_temps(c->outdir);
        remove_stale_temps(r->state_dir);
    }
    mlps_buf_printf(&p, "%s/hashes", r->state_dir);
    r->hashes = mlps_hashcache_load(p.ptr);
    mlps_buf_clear(&p);

    /* each plan entry: what it says and the files of its template */
    r->ndocs = mlps_plan_count(c->plan);
    r->tmpl = mlps_xcalloc(r->ndocs ? r->ndocs : 1, sizeof *r->tmpl);
    r->doc_name = mlps_xcalloc(r->ndocs ? r->ndocs : 1, sizeof *r->doc_name);
    r->entry_hash = mlps_xcalloc(r->ndocs ? r->ndocs : 1, sizeof *r->entry_hash);
    mlps_hasher *ph = mlps_hasher_new();
    mlps_hasher_str(ph, c->form);
    for (size_t i = 0; i < r->ndocs; i++) {
        const char *tp = mlps_plan_template_path(c->plan, i);
        const char *base = strrchr(tp, '/') ? strrchr(tp, '/') + 1 : tp;
        const char *dot = strrchr(base, '.');
        r->doc_name[i] = dot ? mlps_xstrndup(base, (size_t)(dot - base)) : mlps_xstrdup(base);
        mlps_hasher *h = mlps_hasher_new();
        char *key = mlps_plan_entry_key(c->plan, i);
        mlps_hasher_str(h, key);
        free(key);
        char **files = NULL;
        size_t n = mlps_batch_template_files(tp, &files);
        for (size_t k = 0; k < n; k++) {
            hash_file_into(r, h, files[k], d);
            free(files[k]);
        }
        free(files);
        r->entry_hash[i] = mlps_hasher_end(h);
        mlps_hasher_hash(ph, r->entry_hash[i]);
    }
    r->plan_hash = mlps_hasher_end(ph);
    if (d->errors || setup_fonts(r, d))
        return -1;

    /* the model and the engine: a change here rebuilds every output */
    mlps_hasher *g = mlps_hasher_new();
    mlps_hasher_str(g, "mlpsdoc batch 2");
    mlps_hasher_str(g, c->engine_id);
    const char *sde = getenv("SOURCE_DATE_EPOCH"); /* changes the PDFs' dates */
    mlps_hasher_str(g, sde ? sde : "");
    char exe[PATH_MAX];
    mlps_hash x;
    mlps_diags quiet = MLPS_DIAGS_INIT;
    if (realpath("/proc/self/exe", exe) && mlps_hashcache_file(r->hashes, exe, &x, &quiet) == 0)
        mlps_hasher_hash(g, x); /* the engine's own build */
    mlps_diag_free(&quiet);
    static const char *const model_files[] = {"templates/codes.xml", "templates/schema/unit.rng",
                                              "templates/schema/fields.xml",
                                              "templates/catalogue/gbt22239-2019.xml",
                                              "templates/catalogue/gbt22239-2008.xml"};
    for (size_t i = 0; i < sizeof model_files / sizeof *model_files; i++) {
        mlps_buf_printf(&p, "%s/%s", c->data_dir, model_files[i]);
        hash_file_into(r, g, p.ptr, d);
        mlps_buf_clear(&p);
    }
    mlps_buf_free(&p);
    r->global = mlps_hasher_end(g);
    return d->errors ? -1 : 0;
}

int mlps_batch_run(const mlps_batch_config *cfg, char *const *files, size_t nfiles,
                   mlps_batch_result *res, mlps_diags *d)
{
    memset(res, 0, sizeof *res);
    run r = {.cfg = cfg, .res = res, .files = files, .nfiles = nfiles, .load_diags = MLPS_DIAGS_INIT};
    r.t0 = now_s();
    r.keys = mlps_xcalloc(nfiles + 1, MLPS_HASH_HEX);
    pthread_mutex_init(&r.mu, NULL);
    pthread_mutex_init(&r.load_mu, NULL);
    pthread_mutex_init(&r.dir_mu, NULL);
    pthread_cond_init(&r.cv, NULL);
    r.font_objects = mlps_pdf_fontcache_new();
    xmlInitParser(); /* once, before threads parse (libxml2's rule) */
    mlps_para_prepare_threads();
    int rc = setup(&r, d);
    res->units = nfiles;
    res->setup_seconds = now_s() - r.t0;
    if (rc == 0) {
        int jobs = cfg->jobs < 1 ? 1 : cfg->jobs > MLPS_BATCH_MAX_JOBS ? MLPS_BATCH_MAX_JOBS : cfg->jobs;
        res->jobs = run_on_threads(worker, &r, jobs);
        if (r.load_failed) {
            mlps_diags_move(d, &r.load_diags);
            rc = -1;
        } else if (!(cfg->stop && *cfg->stop)) { /* stopped: r.made is not every output */
            gone_units(&r);
        }
    }
    if (r.hashes && !cfg->dry_run)
        mlps_hashcache_save(r.hashes);
    res->seconds = now_s() - r.t0;
    res->units_done = r.units_done;
    res->stopped = r.units_done < nfiles && cfg->stop && *cfg->stop;
    for (size_t i = 0; i < r.ndocs; i++) {
        mlps_template_free(r.tmpl[i]);
        free(r.doc_name[i]);
    }
    free(r.tmpl);
    free(r.doc_name);
    free(r.entry_hash);
    for (size_t i = 0; i < r.nfont_files; i++)
        free(r.font_file[i]);
    free(r.font_file);
    free(r.font_hash);
    free(r.face_file);
    mlps_fontset_free(r.fonts);
    mlps_model_free(r.model);
    mlps_hashcache_free(r.hashes);
    mlps_pdf_fontcache_free(r.font_objects);
    mlps_diag_free(&r.load_diags);
    free(r.state_dir);
    free(r.queue);
    pthread_cond_destroy(&r.cv);
    pthread_mutex_destroy(&r.mu);
    pthread_mutex_destroy(&r.load_mu);
    pthread_mutex_destroy(&r.dir_mu);
    free(r.dir);
    free(r.dir_real);
    free(r.keys);
    free(r.made);
    return rc;
}

void mlps_batch_result_free(mlps_batch_result *r)
{
    for (size_t i = 0; i < r->nfailures; i++) {
        mlps_batch_failure *f = &r->failures[i];
        free(f->data_file);
        free(f->output);
        free(f->file);
        free(f->field);
        free(f->code);
        free(f->message);
    }
    free(r->failures);
    for (size_t i = 0; i < r->nstale; i++) {
        free(r->stale[i].path);
        free(r->stale[i].data_file);
    }
    free(r->stale);
    memset(r, 0, sizeof *r);
}
