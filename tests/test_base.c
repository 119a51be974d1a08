/* Base utilities: UTF-8, buffers and the single diagnostic formatter. */
#include <stdlib.h>

#include "buf.h"
#include "diag.h"
#include "harness.h"
#include "recode.h"
#include "utf8.h"

int main(void)
{
    const char *s = "a汉𠮷";
    size_t i = 0, n = strlen(s);
    CHECK_INT(mlps_utf8_next(s, n, &i), 'a');
    CHECK_INT(mlps_utf8_next(s, n, &i), 0x6C49);
    CHECK_INT(mlps_utf8_next(s, n, &i), 0x20BB7);
    CHECK_INT(i, n);
    CHECK(!mlps_utf8_valid("\xE6\xB1", 2), "truncated sequence accepted");
    CHECK(!mlps_utf8_valid("\xC0\xAF", 2), "overlong accepted");
    CHECK(!mlps_utf8_valid("\xED\xA0\x80", 3), "surrogate accepted");
    char out[4];
    CHECK_INT(mlps_utf8_encode(0x20BB7, out), 4);

    mlps_buf b = MLPS_BUF_INIT;
    mlps_buf_printf(&b, "%d-%s", 7, "七");
    CHECK_STR(b.ptr, "7-七");
    mlps_buf_free(&b);

    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_diag_error(&d, "a.xml", 12, "unit/name", "缺少%s", "单位名称");
    mlps_diag_error(&d, NULL, 0, NULL, "无位置");
    char *f0 = mlps_diag_format(&d.items[0]);
    char *f1 = mlps_diag_format(&d.items[1]);
    CHECK_STR(f0, "a.xml:12: unit/name: 缺少单位名称");
    CHECK_STR(f1, "无位置");
    CHECK_INT(d.errors, 2);
    free(f0);
    free(f1);
    mlps_diag_free(&d);

    /* GB18030 and back, whole; an invalid or unencodable character converts nothing */
    mlps_buf gb = MLPS_BUF_INIT, back = MLPS_BUF_INIT;
    size_t bad = 0;
    CHECK_INT(mlps_recode(s, n, "UTF-8", "GB18030", &gb, &bad), 0);
    CHECK(gb.len == 7 && !memcmp(gb.ptr, "a\xBA\xBA\x95\x34\xB2\x35", 7), "GB18030 bytes of a汉𠮷 (%zu)", gb.len);
    CHECK_INT(mlps_recode(gb.ptr, gb.len, "GB18030", "UTF-8", &back, &bad), 0);
    CHECK_STR(back.ptr, s);
    mlps_buf_clear(&back);
    mlps_buf_puts(&back, "kept");
    CHECK_INT(mlps_recode("ab\x81", 3, "GB18030", "UTF-8", &back, &bad), -1); /* cut in a character */
    CHECK_INT(bad, 2);
    CHECK_STR(back.ptr, "kept");
    CHECK_INT(mlps_recode("汉😀", strlen("汉😀"), "UTF-8", "GB2312", &back, &bad), -1);
    CHECK_INT(bad, 3);
    CHECK_STR(back.ptr, "kept");
    CHECK_INT(mlps_recode("a", 1, "UTF-8", "NO-SUCH-ENCODING", &back, &bad), -2);
    mlps_buf_free(&gb);
    mlps_buf_free(&back);
    TEST_DONE();
}
