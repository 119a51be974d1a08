/* What a batch reads: PATH arguments (data files, folders, batch files) → data files; the
 * shard a data file belongs to; the files a template depends on. */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <libxml/relaxng.h>
#include <libxml/tree.h>

#include "batch.h"
#include "buf.h"
#include "glyphsets.h"
#include "mem.h"
#include "mlps_limits.h"
#include "xmlread.h"

#define SNIFF_BYTES 4096 /* enough to see the root element after the XML declaration */

typedef struct list {
    char **items;
    size_t n, cap;
} list;

static void list_add(list *l, char *s)
{
    XGROW(l->items, l->cap, l->n + 1);
    l->items[l->n++] = s;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The root element's name, read from the first bytes (no parse: folders of thousands of data
 * files are only looked at here). "" when none is found. */
static void root_name(const char *path, char *out, size_t cap)
{
    char buf[SNIFF_BYTES + 1];
    out[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    size_t n = fread(buf, 1, SNIFF_BYTES, f);
    fclose(f);
    buf[n] = '\0';
    for (const char *p = buf; (p = strchr(p, '<')) != NULL; p++) {
        if (p[1] == '?' || p[1] == '!')
            continue;
        size_t k = 0;
        for (p++; k + 1 < cap && *p && !strchr(" \t\r\n/>", *p); p++)
            out[k++] = *p;
        out[k] = '\0';
        return;
    }
}

static char *join(const char *dir, const char *name)
{
    mlps_buf b = MLPS_BUF_INIT;
    if (name[0] == '/' || !dir[0])
        mlps_buf_puts(&b, name);
    else
        mlps_buf_printf(&b, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
    return mlps_buf_detach(&b);
}

static char *dir_of(const char *path)
{
    const char *sl = strrchr(path, '/');
    return sl ? mlps_xstrndup(path, (size_t)(sl - path + 1)) : mlps_xstrdup("");
}

static void add_folder(const char *dir, list *out, list *folders, mlps_diags *d)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        mlps_diag_error(d, dir, 0, NULL, "无法读取文件夹");
        return;
    }
    list_add(folders, mlps_xstrdup(dir));
    list found = {0};
    for (struct dirent *e; (e = readdir(dp)) != NULL;) {
        size_t n = strlen(e->d_name);
        if (e->d_name[0] == '.' || n < 5 || strcmp(e->d_name + n - 4, ".xml"))
            continue;
        char *p = join(dir, e->d_name);
        struct stat st; /* the folder says what it is, except for links and some file systems */
        if (e->d_type == DT_REG ||
            ((e->d_type == DT_UNKNOWN || e->d_type == DT_LNK) && stat(p, &st) == 0 && S_ISREG(st.st_mode)))
            list_add(&found, p);
        else
            free(p);
    }
    closedir(dp);
    if (found.n)
        qsort(found.items, found.n, sizeof *found.items, cmp_str);
    for (size_t i = 0; i < found.n; i++)
        list_add(out, found.items[i]);
    free(found.items);
}

typedef struct rng_errors {
    const char *file;
    mlps_diags *d;
} rng_errors;

static void on_rng_error(void *ctx, const xmlError *e)
{
    rng_errors *r = ctx;
    size_t n = e && e->message ? strlen(e->message) : 0;
    while (n && e->message[n - 1] == '\n')
        n--;
    mlps_diag_error(r->d, r->file, e ? e->line : 0, NULL, "批处理文件不符合 templates/schema/batch.rng：%.*s",
                    (int)n, e && e->message ? e->message : "");
}

static void add_batch_file(const char *data_dir, const char *path, list *out, char **plan,
                           list *folders, mlps_diags *d)
{
    xmlDocPtr doc = mlps_xml_read_file(path, d);
    if (!doc)
        return;
    char *schema = join(data_dir, "templates/schema/batch.rng");
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(schema);
    xmlRelaxNGPtr rng = pc ? xmlRelaxNGParse(pc) : NULL;
    xmlRelaxNGValidCtxtPtr vc = rng ? xmlRelaxNGNewValidCtxt(rng) : NULL;
    rng_errors re = {path, d};
    if (!vc) {
        mlps_diag_error(d, schema, 0, NULL, "无法读取批处理文件的 RELAX NG 模式");
        goto done;
    }
    xmlRelaxNGSetValidStructuredErrors(vc, (xmlStructuredErrorFunc)on_rng_error, &re);
    if (xmlRelaxNGValidateDoc(vc, doc) != 0) {
        if (!d->errors)
            mlps_diag_error(d, path, 0, NULL, "批处理文件不符合 templates/schema/batch.rng");
        goto done;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    char *base = dir_of(path);
    xmlChar *p = xmlGetNoNsProp(root, (const xmlChar *)"plan");
    if (p) { /* a path is relative to the batch file; a bare name is a plan of templates/plans */
        const char *v = (const char *)p;
        size_t n = strlen(v);
        free(*plan);
        *plan = strchr(v, '/') || (n > 4 && !strcmp(v + n - 4, ".xml")) ? join(base, v) : mlps_xstrdup(v);
        xmlFree(p);
    }
    for (xmlNodePtr n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *href = xmlGetNoNsProp(n, (const xmlChar *)"href");
        char *full = join(base, (const char *)href);
        xmlFree(href);
        if (!strcmp((const char *)n->name, "folder")) {
            add_folder(full, out, folders, d);
            free(full);
        } else {
            list_add(out, full);
        }
    }
    free(base);
done:
    xmlRelaxNGFreeValidCtxt(vc);
    xmlRelaxNGFree(rng);
    xmlRelaxNGFreeParserCtxt(pc);
    free(schema);
    xmlFreeDoc(doc);
}

size_t mlps_batch_collect(const char *data_dir, char *const *paths, size_t npaths, char ***files,
                          char **plan, char ***folders, size_t *nfolders, mlps_diags *d)
{
    list out = {0}, dirs = {0};
    *plan = NULL;
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            mlps_diag_error(d, paths[i], 0, NULL, "文件或文件夹不存在");
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            add_folder(paths[i], &out, &dirs, d);
            continue;
        }
        char root[32];
        root_name(paths[i], root, sizeof root);
        if (!strcmp(root, "batch"))
            add_batch_file(data_dir, paths[i], &out, plan, &dirs, d);
        else
            list_add(&out, mlps_xstrdup(paths[i]));
    }
    if (out.n > MLPS_MAX_BATCH_FILES) {
        mlps_diag_error(d, NULL, 0, NULL, "数据文件过多（%zu 个，上限 %d 个）", out.n, MLPS_MAX_BATCH_FILES);
    }
    *files = out.items;
    *folders = dirs.items;
    *nfolders = dirs.n;
    return out.n;
}

int mlps_batch_in_shard(const char *data_file, unsigned k, unsigned n)
{
    if (n <= 1)
        return 1;
    const char *base = strrchr(data_file, '/');
    base = base ? base + 1 : data_file;
    mlps_hash h = mlps_hash_bytes(base, strlen(base));
    return h.lo % n == (uint64_t)(k - 1);
}

/* ---- a template's files ---- */

static int is_include(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE &&
           (!strcmp((const char *)n->name, "import") || !strcmp((const char *)n->name, "include"));
}

/* Adds file (resolved, inside root) to seen unless it is there: 1 if added. */
static int add_seen(const char *file, const char *root, list *seen, char *real)
{
    if (seen->n >= MLPS_MAX_BATCH_TEMPLATE_FILES)
        return 0;
    if (!realpath(file, real) || strncmp(real, root, strlen(root)))
        return 0; /* the template loader reports it */
    for (size_t i = 0; i < seen->n; i++)
        if (!strcmp(seen->items[i], real))
            return 0;
    list_add(seen, mlps_xstrdup(real));
    return 1;
}

/* document('name') and document("name") in an attribute: each literal name, relative to the
 * stylesheet file's folder (base), is an input of the template. A name computed while the
 * template runs (document($x), document(@src)) cannot be known here and is not followed. */
static void scan_documents(const char *v, const char *base, const char *root, list *seen)
{
    for (const char *p = v; (p = strstr(p, "document")) != NULL;) {
        int word = p == v || !(p[-1] == '-' || p[-1] == '_' || p[-1] == ':' || p[-1] == '.' ||
                               (p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= 'A' && p[-1] <= 'Z') ||
                               (p[-1] >= '0' && p[-1] <= '9'));
        p += strlen("document");
        const char *q = p;
        while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
            q++;
        if (!word || *q != '(')
            continue;
        for (q++; *q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'; q++)
            ;
        if (*q != '\'' && *q != '"')
            continue;
        const char *end = strchr(q + 1, *q);
        if (!end)
            break;
        const char *r = end + 1;
        while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
            r++;
        if ((*r == ')' || *r == ',') && end > q + 1 && !memchr(q + 1, ':', (size_t)(end - q - 1))) {
            char *name = mlps_xstrndup(q + 1, (size_t)(end - q - 1));
            char *full = join(base, name);
            char real[PATH_MAX];
            add_seen(full, root, seen, real);
            free(full);
            free(name);
        }
        p = end + 1;
    }
}

static void scan(const char *file, const char *root, list *seen)
{
    char real[PATH_MAX];
    if (!add_seen(file, root, seen, real))
        return;
    mlps_diags quiet = MLPS_DIAGS_INIT;
    xmlDocPtr doc = mlps_xml_read_file(real, &quiet);
    mlps_diag_free(&quiet);
    if (!doc)
        return;
    char *base = dir_of(real);
    /* document order, depth-first, without recursion on the tree */
    xmlNodePtr n = xmlDocGetRootElement(doc);
    while (n) {
        if (is_include(n)) {
            xmlChar *href = xmlGetNoNsProp(n, (const xmlChar *)"href");
            if (href && href[0] && !strchr((const char *)href, ':')) {
                char *next = join(base, (const char *)href);
                scan(next, root, seen);
                free(next);
            }
            xmlFree(href);
        }
        if (n->type == XML_ELEMENT_NODE)
            for (xmlAttrPtr a = n->properties; a; a = a->next) {
                xmlChar *v = xmlNodeListGetString(doc, a->children, 1);
                if (v && strstr((const char *)v, "document"))
                    scan_documents((const char *)v, base, root, seen);
                xmlFree(v);
            }
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && !n->next)
            n = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
        if (n)
            n = n->next;
    }
    free(base);
    xmlFreeDoc(doc);
}

size_t mlps_batch_template_files(const char *template_path, char ***files)
{
    list seen = {0};
    char root[PATH_MAX];
    char *dir = dir_of(template_path);
    if (realpath(dir[0] ? dir : ".", root)) {
        size_t n = strlen(root);
        if (n + 1 < sizeof root && root[n - 1] != '/')
            strcpy(root + n, "/");
        scan(template_path, root, &seen);
        /* its shared glyph sets change the font programs' bytes */
        char *glyphs = mlps_glyph_sets_path(template_path), real[PATH_MAX];
        if (access(glyphs, F_OK) == 0)
            add_seen(glyphs, root, &seen, real);
        free(glyphs);
    }
    free(dir);
    if (seen.n > 1)
        qsort(seen.items + 1, seen.n - 1, sizeof *seen.items, cmp_str);
    *files = seen.items;
    return seen.n;
}
