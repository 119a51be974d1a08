/* Text from one encoding to another (a GB18030 data file shown and saved as UTF-8 by serve):
 * whole or nothing, never a replacement character. */
#ifndef MLPS_RECODE_H
#define MLPS_RECODE_H
#include <stddef.h>

#include "buf.h"

/* Appends in[0..len) converted from `from` to `to` (iconv names) to out. 0 on success; -1 when a
 * character is invalid in `from` or has no code in `to` (*bad: its byte offset in in, out
 * unchanged); -2 when the system cannot convert between the two encodings at all. */
int mlps_recode(const char *in, size_t len, const char *from, const char *to, mlps_buf *out, size_t *bad);

#endif
