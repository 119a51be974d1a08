/* Fonts: roles (标题, 正文…) mapped to fallback chains of faces found with fontconfig.
 * A fontset is loaded once per process and is immutable afterwards: it may be shared by
 * any number of documents and threads. */
#ifndef MLPS_FONT_H
#define MLPS_FONT_H
#include <stdint.h>
#include <stdio.h>

#include "diag.h"

typedef struct mlps_fontset mlps_fontset;
typedef struct mlps_face mlps_face;
struct hb_font_t;
struct hb_face_t;

/* Loads the role configuration (fonts/fonts.xml) and opens every face it needs.
 * NULL (with diagnostics) when a role has no usable face at all. */
mlps_fontset *mlps_fontset_load(const char *conf_path, mlps_diags *d);
void mlps_fontset_free(mlps_fontset *fs);

/* Index of a role by name ("body", "h1", …); -1 if unknown. */
int mlps_fontset_role(const mlps_fontset *fs, const char *name);
/* The first face in the role's chain that maps cp; NULL if none does. */
const mlps_face *mlps_fontset_pick(const mlps_fontset *fs, int role, uint32_t cp);
/* The i-th role (0, 1, …) whose first-listed family is not installed, so that it uses a later
 * one: its name, that family and the family it uses. 0 when there is no i-th such role. */
int mlps_fontset_fallback(const mlps_fontset *fs, size_t i, const char **role, const char **wanted,
                          const char **used);
/* Human-readable description of what each role resolved to (for --fonts / README). */
void mlps_fontset_describe(const mlps_fontset *fs, FILE *out);

/* The faces the set opened, in a stable order (for batch input hashes: their files). */
size_t mlps_fontset_face_count(const mlps_fontset *fs);
const mlps_face *mlps_fontset_face_at(const mlps_fontset *fs, size_t i);
const char *mlps_face_file(const mlps_face *f);
/* The faces a layout depended on, given those it drew (used[id] != 0, by mlps_face_id): those,
 * every face before one of them in a role's chain (asked first, it did not map the character),
 * and the first face of every role (its metrics size lines, even empty ones). Sets dep[id]. */
void mlps_fontset_depends(const mlps_fontset *fs, const unsigned char *used, unsigned char *dep);

/* Face accessors. The hb objects are immutable: shape with them, never modify them. */
struct hb_font_t *mlps_face_hb_font(const mlps_face *f); /* scale = units per em */
struct hb_face_t *mlps_face_hb_face(const mlps_face *f);
unsigned mlps_face_upem(const mlps_face *f);
const char *mlps_face_family(const mlps_face *f);     /* e.g. "AR PL UMing CN" */
const char *mlps_face_postscript(const mlps_face *f); /* PostScript name, e.g. "ARPLUMingCN" */
int mlps_face_id(const mlps_face *f);                 /* small stable index within the fontset */
/* Font-unit metrics (from hhea/OS/2). */
int mlps_face_ascender(const mlps_face *f);
int mlps_face_descender(const mlps_face *f);          /* negative */
int mlps_face_cap_height(const mlps_face *f);
void mlps_face_bbox(const mlps_face *f, int bbox[4]);
/* Horizontal advance of a glyph, font units. */
int mlps_face_advance(const mlps_face *f, uint32_t gid);
/* Glyph id for cp, 0 if not mapped. */
uint32_t mlps_face_glyph(const mlps_face *f, uint32_t cp);

#endif
