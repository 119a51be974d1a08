#include "utf8.h"

uint32_t mlps_utf8_next(const char *str, size_t len, size_t *i)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t p = *i;
    unsigned char c = s[p];
    uint32_t cp;
    size_t n;
    if (c < 0x80) {
        *i = p + 1;
        return c;
    }
    /* three bytes that cannot be overlong, a surrogate or out of range (lead E1–EC, EE–EF):
     * most Chinese text, without the general loop */
    if (c >= 0xE1 && c != 0xED && c <= 0xEF && p + 2 < len && (s[p + 1] & 0xC0) == 0x80 &&
        (s[p + 2] & 0xC0) == 0x80) {
        *i = p + 3;
        return (uint32_t)(c & 0x0F) << 12 | (uint32_t)(s[p + 1] & 0x3F) << 6 | (s[p + 2] & 0x3F);
    }
    if ((c & 0xE0) == 0xC0) {
        cp = c & 0x1F;
        n = 1;
    } else if ((c & 0xF0) == 0xE0) {
        cp = c & 0x0F;
        n = 2;
    } else if ((c & 0xF8) == 0xF0) {
        cp = c & 0x07;
        n = 3;
    } else {
        *i = p + 1;
        return UTF8_INVALID;
    }
    if (p + n >= len) {
        *i = p + 1;
        return UTF8_INVALID;
    }
    for (size_t k = 1; k <= n; k++) {
        if ((s[p + k] & 0xC0) != 0x80) {
            *i = p + 1;
            return UTF8_INVALID;
        }
        cp = (cp << 6) | (s[p + k] & 0x3F);
    }
    /* reject overlong forms, surrogates and out-of-range values */
    static const uint32_t min[4] = {0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        *i = p + 1;
        return UTF8_INVALID;
    }
    *i = p + n + 1;
    return cp;
}

size_t mlps_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    } else if (cp < 0x10000) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            return 0;
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    } else if (cp <= 0x10FFFF) {
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        return 4;
    }
    return 0;
}

int mlps_utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len)
        if (mlps_utf8_next(s, len, &i) == UTF8_INVALID)
            return 0;
    return 1;
}
