/* UTF-8 decoding/encoding. Text is (ptr, len), never assumed NUL-terminated. */
#ifndef MLPS_UTF8_H
#define MLPS_UTF8_H
#include <stddef.h>
#include <stdint.h>

#define UTF8_INVALID 0xFFFFFFFFu

/* Decodes one code point at s[*i], advances *i. Returns UTF8_INVALID (and advances 1) on bad input. */
uint32_t mlps_utf8_next(const char *s, size_t len, size_t *i);
/* Writes cp as UTF-8 into out (4 bytes room); returns bytes written (0 if cp invalid). */
size_t mlps_utf8_encode(uint32_t cp, char out[4]);
/* 1 if the whole buffer is valid UTF-8. */
int mlps_utf8_valid(const char *s, size_t len);

#endif
