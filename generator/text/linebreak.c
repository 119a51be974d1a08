#include "linebreak.h"

#include <pthread.h>
#include <stdlib.h>
#include <uchar.h>

#include <unicode/uchar.h>

#include "mem.h"

/* A run of ASCII letters and marks this long with two marks is a URL, address, path or hash;
 * one this long without them is a long Latin or number string. */
#define MLPS_LB_TOKEN_MIN 8
#define MLPS_LB_LONG_WORD 24

/* The prohibition classes, one row per rule of RULES.md (GB/T 15834—2011 §5.1, clreq "gb"
 * level). A code point may be listed in several rows; its classes are OR-ed. */
static const struct lb_row {
    const char32_t *chars;
    unsigned cls;
} LB_ROWS[] = {
    /* 1.1 点号 never begin a line (GB glyph design: ink left, blank right) */
    {U"。，、；：？！．", MLPS_LB_NO_START | MLPS_LB_PAUSE},
    {U",.;:?!", MLPS_LB_NO_START},
    /* 1.2 closing halves never begin a line, opening halves never end one */
    {U"”’）》〉」』】〕〗］｝〙〛⦆", MLPS_LB_NO_START | MLPS_LB_CLOSE},
    {U")]}", MLPS_LB_NO_START},
    {U"“‘（《〈「『【〔〖［｛〘〚⦅", MLPS_LB_NO_END | MLPS_LB_OPEN},
    {U"([{", MLPS_LB_NO_END},
    {U"“”‘’", MLPS_LB_QUOTE},
    /* 1.3 connectors and interpuncts never begin a line */
    {U"-‐‑‒–—―～〜~", MLPS_LB_NO_START | MLPS_LB_CONNECTOR},
    {U"·・‧•", MLPS_LB_NO_START | MLPS_LB_INTERPUNCT},
    /* 1.4 (gb level) the solidus neither begins nor ends a line */
    {U"/／", MLPS_LB_NO_START | MLPS_LB_NO_END | MLPS_LB_SOLIDUS},
    /* 2.1, 2.2 —— and …… are one unit */
    {U"—…⋯", MLPS_LB_DOUBLED},
    /* 2.3 numbers stay with their symbol units (only these; 年, 万元 may break) */
    {U"%％‰‱℃℉°′″", MLPS_LB_UNIT},
    {U"¥￥$＄£€#＃№", MLPS_LB_PREFIX},
};

/* LB_ROWS by code point, each one's classes OR-ed: built once and searched by halves, where
 * a walk of the rows cost about 110 compares per punctuation mark (several per break). */
typedef struct {
    char32_t cp;
    unsigned cls;
} lb_entry;

static lb_entry *lb_index; /* kept for the process's life */
static size_t lb_nindex;
static pthread_once_t lb_once = PTHREAD_ONCE_INIT;

static int by_cp(const void *a, const void *b)
{
    char32_t x = ((const lb_entry *)a)->cp, y = ((const lb_entry *)b)->cp;
    return (x > y) - (x < y);
}

static void build_index(void)
{
    size_t n = 0;
    for (size_t r = 0; r < sizeof LB_ROWS / sizeof LB_ROWS[0]; r++)
        for (const char32_t *c = LB_ROWS[r].chars; *c; c++)
            n++;
    lb_index = mlps_xmalloc(n * sizeof *lb_index);
    for (size_t r = 0; r < sizeof LB_ROWS / sizeof LB_ROWS[0]; r++)
        for (const char32_t *c = LB_ROWS[r].chars; *c; c++) {
            size_t i = 0;
            while (i < lb_nindex && lb_index[i].cp != *c)
                i++;
            if (i == lb_nindex)
                lb_index[lb_nindex++] = (lb_entry){*c, 0};
            lb_index[i].cls |= LB_ROWS[r].cls;
        }
    qsort(lb_index, lb_nindex, sizeof *lb_index, by_cp);
}

unsigned mlps_lb_class(uint32_t cp)
{
    /* Fast path: Han, kana, Latin letters and digits carry no class. */
    if ((cp >= 0x3400 && cp <= 0x9FFF) || cp >= 0x20000 || (cp >= '0' && cp <= '9') ||
        ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'))
        return 0;
    pthread_once(&lb_once, build_index);
    size_t lo = 0, hi = lb_nindex;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (lb_index[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < lb_nindex && lb_index[lo].cp == cp ? lb_index[lo].cls : 0;
}

int mlps_lb_is_digit(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

static int is_alnum(uint32_t cp)
{
    return cp < 0x80 ? ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') || (cp >= '0' && cp <= '9')
                     : (u_isalnum((UChar32)cp) != 0 && cp < 0x2E80);
}

static int is_space(uint32_t cp)
{
    return cp == ' ' || cp == 0x3000 || cp == 0xA0 || cp == '\t' || cp == '\n' || cp == '\r';
}

int mlps_lb_glued(uint32_t a, uint32_t b)
{
    if (a == b && (mlps_lb_class(a) & MLPS_LB_DOUBLED))
        return 1;
    if (mlps_lb_is_digit(a) && (mlps_lb_class(b) & MLPS_LB_UNIT))
        return 1;
    if (mlps_lb_is_digit(b) && (mlps_lb_class(a) & MLPS_LB_PREFIX)) /* the cheap test first */
        return 1;
    return 0;
}

/* Our prohibitions for a break before cps[i] (i in 1..n-1). */
static int prohibited(const uint32_t *cps, size_t n, size_t i)
{
    uint32_t b = cps[i];
    unsigned cb = mlps_lb_class(b);
    /* the line would end with the last non-space before i (trailing spaces are dropped) */
    size_t k = i;
    while (k > 0 && is_space(cps[k - 1]))
        k--;
    if (k == 0)
        return 0;
    uint32_t a = cps[k - 1];
    unsigned ca = mlps_lb_class(a);
    if (cb & MLPS_LB_NO_START) {
        /* a 破折号 —— may begin a line at the gb level; a single connector may not */
        int dash = (cb & MLPS_LB_DOUBLED) && i + 1 < n && cps[i + 1] == b;
        if (!dash)
            return 1;
    }
    if (ca & MLPS_LB_NO_END)
        return 1;
    if (k == i && mlps_lb_glued(a, b))
        return 1;
    /* a single connector between letters/digits (GB/T 22240—2020, 010-8888) stays whole */
    if ((ca & MLPS_LB_CONNECTOR) && k == i && k >= 2 && is_alnum(cps[k - 2]) && is_alnum(b) &&
        cps[k - 2] != a)
        return 1;
    return 0;
}

static int url_char(uint32_t c)
{
    return c > 0x20 && c < 0x7F;
}

/* Breaks inside a URL, e-mail address, path or hash (a run of ASCII marks and letters with no
 * space): before @ # _, after . ? & = and after a : not followed by /, and anywhere inside a
 * run of MLPS_LB_LONG_WORD letters and digits (a hash). Never where a line would begin or end with a mark that may not
 * (/ at a line end, . or - at a line start), never after a - (text extraction drops it). */
static void soft_breaks(const uint32_t *cps, size_t n, unsigned char *brk)
{
    for (size_t a = 0, b; a < n; a = b + 1) {
        for (b = a; b < n && url_char(cps[b]);)
            b++;
        size_t len = b - a, marks = 0, letters = 0;
        for (size_t i = a; i < b; i++) {
            marks += !is_alnum(cps[i]);
            letters += ((cps[i] | 0x20) >= 'a' && (cps[i] | 0x20) <= 'z');
        }
        /* an ordinary word, abbreviation or number (1,200.50) stays whole; an IPv4 address
         * (three marks or more) may break */
        if (len < MLPS_LB_TOKEN_MIN || (marks < (letters ? 2u : 3u) && len < MLPS_LB_LONG_WORD))
            continue;
        for (size_t i = a + 1, run = 0; i < b; i++) {
            uint32_t p = cps[i - 1], c = cps[i];
            if (is_alnum(p) && (i == a + 1 || !is_alnum(cps[i - 2]))) /* a new letter run */
                for (run = 0; i - 1 + run < b && is_alnum(cps[i - 1 + run]);)
                    run++;
            int ok = c == '@' || c == '#' || c == '_' || p == '.' || p == '?' || p == '&' ||
                     p == '=' || (p == ':' && c != '/') ||
                     (run >= MLPS_LB_LONG_WORD && is_alnum(p) && is_alnum(c));
            if (ok && !brk[i] && is_alnum(c) + is_alnum(p) >= 1 && !prohibited(cps, n, i))
                brk[i] = MLPS_BRK_OK | MLPS_BRK_SOFT;
        }
    }
}

int mlps_lb_breaks(mlps_lb_work *w, const uint32_t *cps, size_t n, unsigned char *brk)
{
    int rc = -1;
    UErrorCode e = U_ZERO_ERROR;
    for (size_t i = 0; i <= n; i++)
        brk[i] = 0;
    brk[n] = 1;
    if (n == 0)
        return 0;
    if (2 * n + 1 > w->u16_cap) {
        w->u16_cap = 2 * n + 1;
        w->u16 = mlps_xrealloc(w->u16, w->u16_cap * sizeof *w->u16);
        w->u16_to_cp = mlps_xrealloc(w->u16_to_cp, (w->u16_cap + 1) * sizeof *w->u16_to_cp);
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cps[i];
        if (c >= 0x10000) {
            w->u16_to_cp[m] = i;
            w->u16[m++] = (uint16_t)(0xD800 + ((c - 0x10000) >> 10));
            w->u16_to_cp[m] = i;
            w->u16[m++] = (uint16_t)(0xDC00 + ((c - 0x10000) & 0x3FF));
        } else {
            w->u16_to_cp[m] = i;
            w->u16[m++] = (uint16_t)c;
        }
    }
    w->u16_to_cp[m] = n;
    if (!w->bi) {
        /* lb=strict: the strictest ICU tailoring; our table below decides the CJK marks */
        w->bi = ubrk_open(UBRK_LINE, "zh@lb=strict", NULL, 0, &e);
        if (U_FAILURE(e))
            goto done;
    }
    ubrk_setText(w->bi, (const UChar *)w->u16, (int32_t)m, &e);
    if (U_FAILURE(e))
        goto done;
    for (int32_t p = ubrk_next(w->bi); p != UBRK_DONE; p = ubrk_next(w->bi))
        if ((size_t)p < m)
            brk[w->u16_to_cp[p]] = 1;
    for (size_t i = 1; i < n; i++)
        if (brk[i] && prohibited(cps, n, i))
            brk[i] = 0;
    soft_breaks(cps, n, brk);
    w->m = m;
    rc = 0;
done:
    return rc;
}

int mlps_lb_words(mlps_lb_work *w, size_t n, unsigned char *brk)
{
    UErrorCode e = U_ZERO_ERROR;
    if (n == 0)
        return 0;
    if (!w->wi) {
        w->wi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &e);
        if (U_FAILURE(e))
            return -1;
    }
    ubrk_setText(w->wi, (const UChar *)w->u16, (int32_t)w->m, &e);
    if (U_FAILURE(e))
        return -1;
    for (int32_t p = ubrk_next(w->wi); p != UBRK_DONE; p = ubrk_next(w->wi))
        if ((size_t)p < w->m && brk[w->u16_to_cp[p]])
            brk[w->u16_to_cp[p]] |= MLPS_BRK_WORD;
    return 0;
}

void mlps_lb_work_free(mlps_lb_work *w)
{
    if (w->wi)
        ubrk_close(w->wi);
    if (w->bi)
        ubrk_close(w->bi);
    free(w->u16);
    free(w->u16_to_cp);
    *w = (mlps_lb_work){0};
}
