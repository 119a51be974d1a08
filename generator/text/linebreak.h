/* Line-break classes of GB/T 15834—2011 §5.1 and clreq (the "gb" level of
 * ../shared/typography/RULES.md §1–2), and the break opportunities of a paragraph:
 * ICU's UAX #14 opportunities minus those prohibitions. */
#ifndef MLPS_LINEBREAK_H
#define MLPS_LINEBREAK_H
#include <stddef.h>
#include <stdint.h>

#include <unicode/ubrk.h>

enum {
    MLPS_LB_NO_START = 1u << 0,   /* never begins a line */
    MLPS_LB_NO_END = 1u << 1,     /* never ends a line */
    MLPS_LB_PAUSE = 1u << 2,      /* 点号: GB glyphs sit left, the blank half is on the right */
    MLPS_LB_CLOSE = 1u << 3,      /* closing quote/bracket: blank half on the right */
    MLPS_LB_OPEN = 1u << 4,       /* opening quote/bracket: blank half on the left */
    MLPS_LB_CONNECTOR = 1u << 5,  /* 连接号 - – — ～ */
    MLPS_LB_INTERPUNCT = 1u << 6, /* 间隔号 · */
    MLPS_LB_SOLIDUS = 1u << 7,    /* 分隔号 / */
    MLPS_LB_DOUBLED = 1u << 8,    /* — …: a doubled mark (——, ……) is one unit */
    MLPS_LB_UNIT = 1u << 9,       /* follows its number: 50% 30℃ */
    MLPS_LB_PREFIX = 1u << 10,    /* precedes its number: ¥100 */
    MLPS_LB_QUOTE = 1u << 11,     /* “”‘’: Chinese text sets them full width, some fonts do not */
};

/* The classes of one code point (0 for ordinary characters). */
unsigned mlps_lb_class(uint32_t cp);
/* 1 for decimal digits (ASCII and full width). */
int mlps_lb_is_digit(uint32_t cp);

/* Reusable working memory for mlps_lb_breaks (one per thread). */
typedef struct mlps_lb_work {
    UBreakIterator *bi;           /* "zh" line iterator, opened on first use */
    UBreakIterator *wi;           /* "zh" word iterator, opened on first use */
    size_t m;                     /* UTF-16 length of the last text */
    uint16_t *u16;                /* paragraph as UTF-16 */
    size_t u16_cap;
    size_t *u16_to_cp;            /* UTF-16 index → code point index */
    size_t map_cap;
} mlps_lb_work;

/* Values of brk[i]: 0 = no break before cps[i]; otherwise MLPS_BRK_OK, with these bits. */
enum {
    MLPS_BRK_OK = 1,
    MLPS_BRK_SOFT = 2, /* inside a URL, e-mail, path or hash: only when nothing better fits */
    MLPS_BRK_WORD = 4, /* also a word boundary (mlps_lb_words) */
};

/* brk[i] (i = 1..n-1) != 0 where a line may break before cps[i]; brk[0] = 0, brk[n] = 1
 * (brk has n + 1 entries). Returns 0, or -1 if ICU failed. */
int mlps_lb_breaks(mlps_lb_work *w, const uint32_t *cps, size_t n, unsigned char *brk);
/* Marks the breaks of the last mlps_lb_breaks call that are also word boundaries (ICU word
 * breaking: dictionary words for Chinese) with MLPS_BRK_WORD. Returns 0, or -1. */
int mlps_lb_words(mlps_lb_work *w, size_t n, unsigned char *brk);
/* 1 if the gap between a and b must never widen or break (inside ——/……, number+unit). */
int mlps_lb_glued(uint32_t a, uint32_t b);
void mlps_lb_work_free(mlps_lb_work *w);

#endif
