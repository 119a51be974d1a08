#include "recode.h"

#include <errno.h>
#include <iconv.h>

int mlps_recode(const char *in, size_t len, const char *from, const char *to, mlps_buf *out, size_t *bad)
{
    iconv_t cd = iconv_open(to, from);
    if (cd == (iconv_t)-1)
        return -2;
    size_t start = out->len, left = len;
    char *src = (char *)in, chunk[4096];
    int rc = 0;
    for (;;) {
        char *dst = chunk;
        size_t room = sizeof chunk;
        /* the final call (NULL input) writes any shift sequence the target needs */
        size_t r = left ? iconv(cd, &src, &left, &dst, &room) : iconv(cd, NULL, NULL, &dst, &room);
        mlps_buf_append(out, chunk, (size_t)(dst - chunk));
        if (r != (size_t)-1 && !left && dst == chunk)
            break;
        if (r == (size_t)-1 && errno != E2BIG) { /* EILSEQ, or EINVAL: cut in a character */
            *bad = (size_t)(src - in);
            rc = -1;
            break;
        }
    }
    iconv_close(cd);
    if (rc) { /* nothing half-converted */
        out->len = start;
        if (out->ptr)
            out->ptr[start] = '\0';
    }
    return rc;
}
