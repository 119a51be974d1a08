/* Font roles resolved through fontconfig into HarfBuzz faces. Loaded once, immutable after. */
#include "font.h"

#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "mem.h"
#include "mlps_limits.h"
#include "xmlread.h"

struct mlps_face {
    int id;
    char *file;
    unsigned index; /* face index inside a .ttc */
    char *family;
    char *psname;
    hb_blob_t *blob;
    hb_face_t *hbface;
    hb_font_t *hbfont;
    unsigned upem;
    int ascender, descender, cap_height;
    int bbox[4];
};

typedef struct {
    char *name;
    char *desc;
    const mlps_face *chain[MLPS_MAX_FONT_CHAIN];
    size_t n;
    char *wanted; /* the first family listed, when it is not installed (the role fell back) */
} font_role;

struct mlps_fontset {
    font_role *roles;
    size_t nroles, roles_cap;
    mlps_face **faces;
    size_t nfaces, faces_cap;
};

static void face_free(mlps_face *f)
{
    if (!f)
        return;
    hb_font_destroy(f->hbfont);
    hb_face_destroy(f->hbface);
    hb_blob_destroy(f->blob);
    free(f->file);
    free(f->family);
    free(f->psname);
    free(f);
}

void mlps_fontset_free(mlps_fontset *fs)
{
    if (!fs)
        return;
    for (size_t i = 0; i < fs->nroles; i++) {
        free(fs->roles[i].name);
        free(fs->roles[i].desc);
        free(fs->roles[i].wanted);
    }
    free(fs->roles);
    for (size_t i = 0; i < fs->nfaces; i++)
        face_free(fs->faces[i]);
    free(fs->faces);
    free(fs);
}

static int16_t be16(const char *p)
{
    return (int16_t)(((unsigned)(unsigned char)p[0] << 8) | (unsigned char)p[1]);
}

/* PDF names and BaseFont want plain printable ASCII without delimiters. */
static char *ps_name(hb_face_t *face, const char *family)
{
    char tmp[128];
    unsigned len = sizeof tmp;
    unsigned got = hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID,
                                       &len, tmp);
    const char *src = got ? tmp : family;
    mlps_buf b = MLPS_BUF_INIT;
    for (const char *p = src; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c > 0x20 && c < 0x7f && !strchr("()<>[]{}/%#", c))
            mlps_buf_putc(&b, (char)c);
    }
    if (b.len == 0)
        mlps_buf_puts(&b, "Font");
    return mlps_buf_detach(&b);
}

/* Opens file#index; NULL (with a warning) if unreadable or not glyf TrueType. */
static mlps_face *face_open(const char *file, unsigned index, const char *family,
                            const char *conf, mlps_diags *d)
{
    mlps_face *f = mlps_xcalloc(1, sizeof *f);
    hb_blob_t *glyf = NULL;
    f->file = mlps_xstrdup(file);
    f->index = index;
    f->family = mlps_xstrdup(family);
    f->blob = hb_blob_create_from_file_or_fail(file);
    if (!f->blob) {
        mlps_diag_warning(d, conf, 0, NULL, "无法读取字体文件 %s（%s），已跳过", file, family);
        goto fail;
    }
    f->hbface = hb_face_create(f->blob, index);
    f->upem = hb_face_get_upem(f->hbface);
    glyf = hb_face_reference_table(f->hbface, HB_TAG('g', 'l', 'y', 'f'));
    if (hb_face_get_glyph_count(f->hbface) == 0 || hb_blob_get_length(glyf) == 0) {
        mlps_diag_warning(d, conf, 0, NULL,
                     "字体 %s（%s）不是 TrueType 轮廓字体（没有 glyf 表，可能是 CFF/OTF），已跳过",
                     family, file);
        goto fail;
    }
    f->hbfont = hb_font_create(f->hbface);
    hb_font_set_scale(f->hbfont, (int)f->upem, (int)f->upem);
    hb_font_make_immutable(f->hbfont);

    hb_position_t v = 0;
    hb_ot_metrics_get_position_with_fallback(f->hbfont, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &v);
    f->ascender = v;
    hb_ot_metrics_get_position_with_fallback(f->hbfont, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER,
                                             &v);
    f->descender = v > 0 ? -v : v;
    hb_ot_metrics_get_position_with_fallback(f->hbfont, HB_OT_METRICS_TAG_CAP_HEIGHT, &v);
    f->cap_height = v;

    hb_blob_t *head = hb_face_reference_table(f->hbface, HB_TAG('h', 'e', 'a', 'd'));
    unsigned hlen = 0;
    const char *h = hb_blob_get_data(head, &hlen);
    if (h && hlen >= 54) {
        for (int i = 0; i < 4; i++)
            f->bbox[i] = be16(h + 36 + 2 * i);
    } else {
        f->bbox[0] = 0;
        f->bbox[1] = f->descender;
        f->bbox[2] = (int)f->upem;
        f->bbox[3] = f->ascender;
    }
    hb_blob_destroy(head);
    f->psname = ps_name(f->hbface, family);
    hb_blob_destroy(glyf);
    return f;
fail:
    hb_blob_destroy(glyf);
    face_free(f);
    return NULL;
}

/* One family name of one installed face. Collected once per load: asking fontconfig for every
 * face's names again for each of the ~40 listed families cost more than opening the faces. */
typedef struct {
    const char *name; /* owned by the FcConfig */
    size_t len;
    FcPattern *font;
} fc_name;

typedef struct {
    fc_name *items;
    size_t n, cap;
} fc_names;

static void fc_names_build(fc_names *ix, const FcFontSet *set)
{
    for (int i = 0; i < set->nfont; i++) {
        FcPattern *p = set->fonts[i];
        FcChar8 *s;
        for (int k = 0; FcPatternGetString(p, FC_FAMILY, k, &s) == FcResultMatch; k++) {
            XGROW(ix->items, ix->cap, ix->n + 1);
            ix->items[ix->n++] = (fc_name){(const char *)s, strlen((const char *)s), p};
        }
    }
}

/* Lower is better: the regular upright face of a family. */
static int style_distance(FcPattern *p)
{
    int w = FC_WEIGHT_REGULAR, sl = FC_SLANT_ROMAN;
    FcPatternGetInteger(p, FC_WEIGHT, 0, &w);
    FcPatternGetInteger(p, FC_SLANT, 0, &sl);
    return abs(w - FC_WEIGHT_REGULAR) + (sl != FC_SLANT_ROMAN ? 1000 : 0);
}

/* The face of `family`, opened once per (file, index); NULL if not installed or unusable.
 * fontconfig's matcher always answers something (DejaVu…) and costs ~0.3 ms a call, so the
 * installed list is searched for an exact family name instead. */
static const mlps_face *resolve(mlps_fontset *fs, const fc_names *ix, const char *family,
                                const char *conf, mlps_diags *d)
{
    FcPattern *best = NULL;
    const char *best_file = NULL;
    int best_dist = 0, best_index = 0;
    size_t len = strlen(family);
    for (size_t i = 0; i < ix->n; i++) {
        FcPattern *p = ix->items[i].font;
        FcChar8 *file;
        int index = 0;
        /* strcasecmp folds byte by byte, so equal names have equal lengths. */
        if (ix->items[i].len != len || strcasecmp(ix->items[i].name, family) != 0 ||
            FcPatternGetString(p, FC_FILE, 0, &file) != FcResultMatch)
            continue;
        FcPatternGetInteger(p, FC_INDEX, 0, &index);
        int dist = style_distance(p);
        /* Ties broken by index then path, so the choice does not depend on cache order. */
        if (!best || dist < best_dist || (dist == best_dist && index < best_index) ||
            (dist == best_dist && index == best_index && strcmp((const char *)file, best_file) < 0)) {
            best = p;
            best_file = (const char *)file;
            best_dist = dist;
            best_index = index;
        }
    }
    if (!best)
        return NULL;
    unsigned idx = (unsigned)best_index & 0xFFFFu; /* high bits: variable-font instance */
    for (size_t i = 0; i < fs->nfaces; i++)
        if (fs->faces[i]->index == idx && strcmp(fs->faces[i]->file, best_file) == 0)
            return fs->faces[i];
    FcChar8 *fam0 = NULL;
    if (FcPatternGetString(best, FC_FAMILY, 0, &fam0) != FcResultMatch)
        fam0 = (FcChar8 *)family;
    mlps_face *f = face_open(best_file, idx, (const char *)fam0, conf, d);
    if (!f)
        return NULL;
    f->id = (int)fs->nfaces;
    XGROW(fs->faces, fs->faces_cap, fs->nfaces + 1);
    fs->faces[fs->nfaces++] = f;
    return f;
}

/* Debian's /etc/fonts/fonts.conf without its conf.d rules: the same font and cache folders
 * (so the caches fc-cache wrote are used and nothing is scanned), its dpkg-file rejects, the
 * files where users and admins add their own folders, and no bitmap-only fonts (no glyf).
 * Roles match exact family names, so conf.d's aliases and rendering rules would only cost
 * time: parsing them is ~3 ms of FcInitLoadConfigAndFonts. Both list the same fonts.
 * ~/.fontconfig, the user cache folder before fontconfig 2.10, is left out: fontconfig would
 * try it for every font folder, and user caches have been in the XDG folder since. A folder
 * whose cache is stale is scanned, and its cache rewritten, without conf.d's few
 * target="scan" edits (Persian foundries, Delicious weight): harmless for exact names. */
static const char FC_DIRS_CONF[] =
    "<?xml version=\"1.0\"?><fontconfig>"
    "<dir>/usr/share/fonts</dir><dir>/usr/local/share/fonts</dir>"
    "<dir prefix=\"xdg\">fonts</dir><dir>~/.fonts</dir>"
    "<selectfont><rejectfont><glob>*.dpkg-tmp</glob><glob>*.dpkg-new</glob>"
    "<pattern><patelt name=\"scalable\"><bool>false</bool></patelt></pattern>"
    "</rejectfont></selectfont>"
    "<include ignore_missing=\"yes\">local.conf</include>"
    "<include ignore_missing=\"yes\" prefix=\"xdg\">fontconfig/conf.d</include>"
    "<include ignore_missing=\"yes\" prefix=\"xdg\">fontconfig/fonts.conf</include>"
    "<include ignore_missing=\"yes\">~/.fonts.conf.d</include>"
    "<include ignore_missing=\"yes\">~/.fonts.conf</include>"
    "<cachedir>/var/cache/fontconfig</cachedir><cachedir prefix=\"xdg\">fontconfig</cachedir>"
    "</fontconfig>";

/* The fontconfig configuration with every installed font; NULL if none loads. Whoever points
 * fontconfig at their own configuration gets all of it. */
static FcConfig *fc_config_load(void)
{
    if (getenv("FONTCONFIG_FILE") || getenv("FONTCONFIG_PATH") || getenv("FONTCONFIG_SYSROOT"))
        return FcInitLoadConfigAndFonts();
    FcConfig *fc = FcConfigCreate();
    if (fc && FcConfigParseAndLoadFromMemory(fc, (const FcChar8 *)FC_DIRS_CONF, FcTrue) &&
        FcConfigBuildFonts(fc))
        return fc;
    if (fc)
        FcConfigDestroy(fc);
    return FcInitLoadConfigAndFonts();
}

static int parse_role(mlps_fontset *fs, const fc_names *ix, xmlNode *rn, const char *conf,
                      mlps_diags *d)
{
    int rc = -1;
    char *path = mlps_xml_node_path(rn);
    xmlChar *name = xmlGetProp(rn, (const xmlChar *)"name");
    xmlChar *desc = xmlGetProp(rn, (const xmlChar *)"desc");
    if (!name || !*name) {
        mlps_diag_error(d, conf, rn->line, path, "字体角色缺少 name 属性");
        goto done;
    }
    for (size_t i = 0; i < fs->nroles; i++)
        if (strcmp(fs->roles[i].name, (const char *)name) == 0) {
            mlps_diag_error(d, conf, rn->line, path, "字体角色“%s”重复定义", (const char *)name);
            goto done;
        }
    if (fs->nroles >= MLPS_MAX_FONT_ROLES) {
        mlps_diag_error(d, conf, rn->line, path, "字体角色过多（上限 %d）", MLPS_MAX_FONT_ROLES);
        goto done;
    }
    XGROW(fs->roles, fs->roles_cap, fs->nroles + 1);
    font_role *role = &fs->roles[fs->nroles++];
    memset(role, 0, sizeof *role);
    role->name = mlps_xstrdup((const char *)name);
    role->desc = mlps_xstrdup(desc ? (const char *)desc : "");
    int nfam = 0;
    for (xmlNode *c = rn->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)c->name, "family") != 0) {
            mlps_diag_error(d, conf, c->line, path, "未知元素 <%s>（应为 <family>）",
                       (const char *)c->name);
            goto done;
        }
        if (++nfam > MLPS_MAX_FONT_FAMILIES) {
            mlps_diag_error(d, conf, c->line, path, "字体族过多（上限 %d）", MLPS_MAX_FONT_FAMILIES);
            goto done;
        }
        xmlChar *fam = xmlNodeGetContent(c);
        const mlps_face *f = fam && *fam ? resolve(fs, ix, (const char *)fam, conf, d) : NULL;
        if (nfam == 1 && !f)
            role->wanted = mlps_xstrdup(fam ? (const char *)fam : "");
        xmlFree(fam);
        if (!f || role->n >= MLPS_MAX_FONT_CHAIN)
            continue;
        int dup = 0;
        for (size_t i = 0; i < role->n; i++)
            dup |= role->chain[i] == f;
        if (!dup)
            role->chain[role->n++] = f;
    }
    if (role->n == 0) {
        mlps_diag_error(d, conf, rn->line, path,
                   "字体角色“%s”没有找到任何可用字体：请安装其中列出的字体之一",
                   role->name);
        goto done;
    }
    rc = 0;
done:
    xmlFree(name);
    xmlFree(desc);
    free(path);
    return rc;
}

mlps_fontset *mlps_fontset_load(const char *conf_path, mlps_diags *d)
{
    mlps_fontset *fs = NULL;
    FcConfig *fc = NULL;
    fc_names ix = {0};
    xmlDocPtr xml = mlps_xml_read_file(conf_path, d);
    if (!xml)
        goto fail;
    xmlNode *root = xmlDocGetRootElement(xml);
    if (!root || strcmp((const char *)root->name, "fonts") != 0) {
        mlps_diag_error(d, conf_path, root ? root->line : 0, NULL, "根元素应为 <fonts>");
        goto fail;
    }
    fc = fc_config_load();
    if (!fc) {
        mlps_diag_error(d, conf_path, 0, NULL, "无法初始化 fontconfig");
        goto fail;
    }
    /* The config's own set: an FcFontList copy of every face cost ~0.1 ms, and the config
     * outlives every use of the set. */
    const FcFontSet *set = FcConfigGetFonts(fc, FcSetSystem);
    if (!set) {
        mlps_diag_error(d, conf_path, 0, NULL, "无法列出已安装的字体（fontconfig）");
        goto fail;
    }
    fc_names_build(&ix, set);
    fs = mlps_xcalloc(1, sizeof *fs);
    int bad = 0;
    for (xmlNode *c = root->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)c->name, "role") != 0) {
            mlps_diag_error(d, conf_path, c->line, NULL, "未知元素 <%s>（应为 <role>）",
                       (const char *)c->name);
            bad = 1;
            continue;
        }
        if (parse_role(fs, &ix, c, conf_path, d) != 0)
            bad = 1;
    }
    if (!bad && fs->nroles == 0) {
        mlps_diag_error(d, conf_path, root->line, NULL, "没有定义任何字体角色");
        bad = 1;
    }
    if (!bad)
        goto done;
fail:
    mlps_fontset_free(fs);
    fs = NULL;
done:
    free(ix.items);
    if (fc)
        FcConfigDestroy(fc);
    if (xml)
        xmlFreeDoc(xml);
    return fs;
}

int mlps_fontset_role(const mlps_fontset *fs, const char *name)
{
    for (size_t i = 0; name && i < fs->nroles; i++) /* the first byte first: 80,000 calls a batch */
        if (fs->roles[i].name[0] == name[0] && strcmp(fs->roles[i].name, name) == 0)
            return (int)i;
    return -1;
}

const mlps_face *mlps_fontset_pick(const mlps_fontset *fs, int role, uint32_t cp)
{
    if (role < 0 || (size_t)role >= fs->nroles)
        return NULL;
    const font_role *r = &fs->roles[role];
    hb_codepoint_t g;
    for (size_t i = 0; i < r->n; i++)
        if (hb_font_get_nominal_glyph(r->chain[i]->hbfont, cp, &g) && g != 0)
            return r->chain[i];
    return NULL;
}

int mlps_fontset_fallback(const mlps_fontset *fs, size_t i, const char **role, const char **wanted,
                          const char **used)
{
    for (size_t k = 0; k < fs->nroles; k++) {
        const font_role *r = &fs->roles[k];
        if (!r->wanted || !r->n || i--)
            continue;
        *role = r->name;
        *wanted = r->wanted;
        *used = r->chain[0]->family;
        return 1;
    }
    return 0;
}

void mlps_fontset_describe(const mlps_fontset *fs, FILE *out)
{
    for (size_t i = 0; i < fs->nroles; i++) {
        const font_role *r = &fs->roles[i];
        fprintf(out, "%s (%s):", r->name, r->desc);
        for (size_t j = 0; j < r->n; j++)
            fprintf(out, "%s %s [%s #%u]", j ? " →" : "", r->chain[j]->family, r->chain[j]->file,
                    r->chain[j]->index);
        fputc('\n', out);
    }
}

struct hb_font_t *mlps_face_hb_font(const mlps_face *f) { return f->hbfont; }
struct hb_face_t *mlps_face_hb_face(const mlps_face *f) { return f->hbface; }
unsigned mlps_face_upem(const mlps_face *f) { return f->upem; }
size_t mlps_fontset_face_count(const mlps_fontset *fs) { return fs->nfaces; }
const mlps_face *mlps_fontset_face_at(const mlps_fontset *fs, size_t i) { return fs->faces[i]; }
const char *mlps_face_file(const mlps_face *f) { return f->file; }

void mlps_fontset_depends(const mlps_fontset *fs, const unsigned char *used, unsigned char *dep)
{
    for (size_t i = 0; i < fs->nfaces; i++)
        dep[i] = used[i] != 0;
    for (size_t k = 0; k < fs->nroles; k++) {
        const font_role *r = &fs->roles[k];
        size_t last = 0; /* the chain up to its last face drawn */
        for (size_t j = 0; j < r->n; j++)
            if (used[r->chain[j]->id])
                last = j;
        for (size_t j = 0; j <= last && j < r->n; j++)
            dep[r->chain[j]->id] = 1;
    }
}
const char *mlps_face_family(const mlps_face *f) { return f->family; }
const char *mlps_face_postscript(const mlps_face *f) { return f->psname; }
int mlps_face_id(const mlps_face *f) { return f->id; }
int mlps_face_ascender(const mlps_face *f) { return f->ascender; }
int mlps_face_descender(const mlps_face *f) { return f->descender; }
int mlps_face_cap_height(const mlps_face *f) { return f->cap_height; }
void mlps_face_bbox(const mlps_face *f, int bbox[4]) { memcpy(bbox, f->bbox, sizeof f->bbox); }

int mlps_face_advance(const mlps_face *f, uint32_t gid)
{
    return hb_font_get_glyph_h_advance(f->hbfont, gid);
}

uint32_t mlps_face_glyph(const mlps_face *f, uint32_t cp)
{
    hb_codepoint_t g = 0;
    if (!hb_font_get_nominal_glyph(f->hbfont, cp, &g))
        g = 0;
    return g;
}
