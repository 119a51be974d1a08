/* The document tree: what templates produce and the typesetter consumes.
 * One mlps_doc owns everything hanging from it; mlps_doc_free releases it all.
 * Its XML form ("doc XML", see docs/doc-format.md) is read by mlps_doc_from_xml. */
#ifndef MLPS_DOC_H
#define MLPS_DOC_H
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

typedef enum {
    MLPS_ALIGN_JUSTIFY = 0, /* Chinese body text: every non-final line fills the measure */
    MLPS_ALIGN_LEFT,
    MLPS_ALIGN_CENTER,
    MLPS_ALIGN_RIGHT
} mlps_align;

/* Resolved paragraph style (named styles live in doc.c's style table; attributes override). */
typedef struct mlps_style {
    const char *name;        /* "body", "title", "h1"… (static string) */
    const char *role;        /* font role, e.g. "body", "h1", "title", "table" (static or doc-owned) */
    double size_pt;          /* font size */
    double line_pitch_pt;    /* baseline to baseline; 0 = the page grid pitch */
    mlps_align align;
    double indent_first_em;  /* first-line indent, in em of size_pt */
    double indent_left_em;   /* whole-paragraph left indent */
    double indent_right_em;  /* whole-paragraph right indent (e.g. 成文日期 right-indented 4 字) */
    double space_before_pt;
    double space_after_pt;
    int grid_chars;          /* >0: Han characters per full line (GB/T 9704: 28); sets tracking */
    bool keep_with_next;     /* headings: never last on a page */
    int outline_level;       /* >0: becomes a PDF bookmark at this level */
} mlps_style;

/* What a span's glyphs are besides text (drawn by the form layout, form.c). */
typedef enum {
    MLPS_MARK_NONE = 0,
    MLPS_MARK_TICK_OFF,      /* a tick box ☐: one U+3000 whose place gets a vector box */
    MLPS_MARK_TICK_ON,       /* ☑ */
    MLPS_MARK_UNDERLINE      /* a write-in line under the span (其他____, ____年__月__日) */
} mlps_mark;

typedef struct mlps_span {
    char *text;              /* UTF-8, NUL-terminated for convenience, length in len */
    size_t len;
    const char *role;        /* NULL: the paragraph's role */
    unsigned char mark;      /* mlps_mark */
} mlps_span;

typedef struct mlps_para {
    mlps_style style;
    mlps_span *spans;
    size_t nspans;
    int toc_entry;           /* >0: table-of-contents line for the toc_entry-th outlined heading
                                (1-based, document order); layout adds the leader and its page */
} mlps_para;

typedef struct mlps_block mlps_block;

typedef enum { MLPS_VALIGN_MIDDLE = 0, MLPS_VALIGN_TOP, MLPS_VALIGN_BOTTOM } mlps_valign;

typedef struct mlps_cell {
    mlps_block *blocks;      /* usually paragraphs with style "cell" */
    size_t nblocks;
    int colspan;             /* >= 1 */
    bool shade;              /* grey background (e.g. the hit cell of the grading matrix) */
    bool head;               /* header cell (bold role, centred) */
    bool align_set;          /* alignment given explicitly (else a header cell follows its column) */
} mlps_cell;

typedef struct mlps_row {
    mlps_cell *cells;
    size_t ncells;
} mlps_row;

typedef struct mlps_table {
    size_t ncols;
    double *col_weights;     /* ncols relative widths, sum > 0 */
    size_t header_rows;      /* repeated at the top of each page the table spans */
    mlps_row *rows;
    size_t nrows;
    double width_frac;       /* of the text block width, (0,1]; 1 = full */
    mlps_valign valign;      /* cell text in its row: middle (default), or top for running text */
} mlps_table;

typedef struct mlps_image {
    char *path;              /* resolved absolute or cwd-relative path of a PNG or JPEG */
    double width_frac;       /* of the text block width, (0,1] */
} mlps_image;

/* A fixed-cell form (docs/doc-format.md "Forms"): absolute grid in mm, fixed row heights,
 * rowspan/colspan, borders per side; laid out by form.c as one unbreakable box. */
enum { MLPS_BORDER_TOP = 1, MLPS_BORDER_BOTTOM = 2, MLPS_BORDER_LEFT = 4, MLPS_BORDER_RIGHT = 8,
       MLPS_BORDER_ALL = 15 };

typedef struct mlps_fcell {
    mlps_block *blocks;      /* paragraphs (style "form" unless set) */
    size_t nblocks;
    int colspan, rowspan;    /* >= 1 */
    unsigned borders;        /* MLPS_BORDER_* */
    mlps_valign valign;
    double size_pt, min_size_pt; /* text starts at size and shrinks by 0.5 pt down to min */
    double pad_mm;
    int digits[4];           /* digit boxes per group (e.g. 6,5); 0 = ordinary cell */
    size_t ndigit_groups;
    const char *field;       /* data field path the text came from (origin), doc-owned, or NULL */
    const char *origin_file; /* data file and line of that field, or NULL */
    long origin_line;
} mlps_fcell;

typedef struct mlps_frow {
    double h_mm;
    mlps_fcell *cells;
    size_t ncells;
} mlps_frow;

typedef struct mlps_form {
    size_t ncols;
    double *col_mm;          /* ncols absolute widths */
    mlps_frow *rows;
    size_t nrows;
    double rule_pt;          /* border width */
} mlps_form;

/* Page master of the pages from this block on (a <section>): text block and numbering. */
typedef enum { MLPS_PNUM_CONTINUE = 0, MLPS_PNUM_START, MLPS_PNUM_NONE } mlps_pnum;
typedef struct mlps_section {
    double margin_top_mm, margin_left_mm, text_w_mm, text_h_mm; /* 0 = GB/T 9704 default */
    int lines;               /* grid lines per page, 0 = from the height (≈ the 9704 pitch) */
    mlps_pnum numbering;
} mlps_section;

typedef enum {
    MLPS_BLK_PARA,
    MLPS_BLK_TABLE,
    MLPS_BLK_IMAGE,
    MLPS_BLK_PAGEBREAK,
    MLPS_BLK_VSPACE,
    MLPS_BLK_FORM,
    MLPS_BLK_SECTION
} mlps_block_kind;

struct mlps_block {
    mlps_block_kind kind;
    const char *src_file;    /* where it came from (doc XML or template), for messages; doc-owned */
    long src_line;
    const char *data_file;   /* where its text came from in the unit data (origin data="…"), */
    long data_line;          /* for messages naming the field: file, line and field path, */
    const char *data_path;   /* e.g. "unit/systems/system[2]/name"; NULL/0 when none; doc-owned */
    union {
        mlps_para para;
        mlps_table table;
        mlps_image image;
        struct {
            bool start_numbering; /* pages after this break are numbered from 1; pages before none */
        } pagebreak;
        struct {
            double pt;
        } vspace;
        mlps_form form;
        mlps_section section;
    } u;
};

typedef struct mlps_doc_meta {
    char *title;
    char *author;
    char *subject;
    char *keywords;
} mlps_doc_meta;

typedef struct mlps_doc {
    mlps_doc_meta meta;
    mlps_block *blocks;
    size_t nblocks;
    bool numbered_from_start; /* true unless a pagebreak with start_numbering exists */
    void *priv;               /* owned strings etc. (doc.c) */
} mlps_doc;

struct _xmlDoc;
struct _xmlNode;

/* The origin="file:line" of n or of its nearest ancestor that has one (docs/doc-format.md):
 * 1 with file and line filled in, 0 when there is none. */
int mlps_doc_origin(const struct _xmlNode *n, char *file, size_t cap, long *line);

/* Builds a document from doc XML. base_dir resolves relative image paths.
 * Returns NULL (and adds diagnostics) on any error. */
mlps_doc *mlps_doc_from_xml(struct _xmlDoc *xml, const char *src_file, const char *base_dir,
                            mlps_diags *d);
/* The same for a template's output: <image src-folder="template"> resolves in tmpl_dir. */
mlps_doc *mlps_doc_from_xml_in(struct _xmlDoc *xml, const char *src_file, const char *base_dir,
                               const char *tmpl_dir, mlps_diags *d);
/* Reads a doc XML file safely (no network, no DTD, size/depth limits) and builds it. */
mlps_doc *mlps_doc_load_file(const char *path, mlps_diags *d);
/* Looks up a named style; NULL if unknown. */
const mlps_style *mlps_style_named(const char *name);
void mlps_doc_free(mlps_doc *doc);

/* GB/T 9704 heading ordinals 一、 （一） 1. （1）: one counter per level, zero-initialise. */
#define MLPS_HEADING_LEVELS 4
typedef struct mlps_numbering {
    int count[MLPS_HEADING_LEVELS];
} mlps_numbering;
/* Counts a heading of level 1..4 (resetting the deeper levels) and writes its ordinal,
 * NUL-terminated, into out (cap >= 32). Returns the bytes written, 0 if level is out of range. */
size_t mlps_numbering_next(mlps_numbering *n, int level, char *out, size_t cap);

struct mlps_buf;
/* The document's text as a reader should get it back from the PDF: one line per paragraph,
 * tables row by row and cell by cell, nothing for images and breaks, no page numbers. Appends
 * to out. `render --text` writes it as placed (mlps_layout_text) for cjkcheck --expected. */
void mlps_doc_text(const mlps_doc *doc, struct mlps_buf *out);
/* What layout changed in the text a reader meets: the placing order of the top-level blocks
 * (a figure that waited comes after the text that filled the page before it) and the
 * leader dots and page number it appended to each table-of-contents line. */
typedef struct mlps_placed_text {
    const size_t *order; /* order[0..norder): block indices; NULL: as they stand */
    size_t norder;
    char *const *toc_tails; /* by toc_entry - 1, NULL entries: nothing appended */
    size_t ntoc_tails;
} mlps_placed_text;
/* mlps_doc_text as placed by layout (pt NULL: as mlps_doc_text). */
void mlps_doc_text_placed(const mlps_doc *doc, const mlps_placed_text *pt, struct mlps_buf *out);

/* An empty document (numbered_from_start = true), for builders other than doc XML. */
mlps_doc *mlps_doc_new(void);
/* A copy of s owned by doc (freed by mlps_doc_free): for src_file and span roles. */
const char *mlps_doc_intern(mlps_doc *doc, const char *s);
/* A copy of s owned by doc, not shared with equal strings: for the many distinct data paths. */
const char *mlps_doc_keep(mlps_doc *doc, const char *s);

#endif
