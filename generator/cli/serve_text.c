/* A data file's text between the folder and the page: the page always gets UTF-8 (a GB18030
 * file converted), and a save writes the file back in the encoding and with the declaration it
 * had, so a GB18030 file stays GB18030. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "recode.h"
#include "serve.h"
#include "utf8.h"
#include "xmlread.h"

static const char UTF8_DECL[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

/* The encoding of a file's bytes that is not UTF-8 ("GB18030"), or NULL for UTF-8 (a UTF-8 BOM
 * before a GB18030 declaration is left as it is: check refuses that file). */
static const char *other_encoding(const char *data, size_t len, char enc[32], size_t *decl)
{
    *decl = mlps_xml_declaration(data, len, enc);
    return *decl && data[0] == '<' && !strcmp(enc, "GB18030") ? enc : NULL;
}

static char *msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *msg(const char *fmt, ...)
{
    mlps_buf b = MLPS_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    mlps_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return mlps_buf_detach(&b);
}

int serve_text_to_page(const char *name, const char *data, size_t len, mlps_buf *out, char **err)
{
    char enc[32];
    size_t decl = 0, bad = 0;
    const char *from = other_encoding(data, len, enc, &decl);
    if (!from) {
        mlps_buf_append(out, data, len);
        return 0;
    }
    mlps_buf_puts(out, UTF8_DECL); /* the page's text is UTF-8 and says so */
    int rc = mlps_recode(data + decl, len - decl, from, "UTF-8", out, &bad);
    if (rc == 0)
        return 0;
    *err = rc == -1 ? msg("数据文件“%s”声明为 %s 编码，但从第 %zu 字节起不是有效的 %s：未打开，请用 mlpsdoc check 查看",
                          name, from, decl + bad + 1, from)
                    : msg("本机不支持 %s 编码的转换，无法打开数据文件“%s”", from, name);
    return -1;
}

int serve_text_to_file(const char *name, const char *text, size_t len, const char *old, size_t old_len,
                       mlps_buf *out, char **err)
{
    char enc[32], ignored[32];
    size_t decl = 0, bad = 0;
    const char *to = old ? other_encoding(old, old_len, enc, &decl) : NULL;
    if (!to) {
        mlps_buf_append(out, text, len);
        return 0;
    }
    /* the file's own declaration, then the text after the one the writer gave it */
    size_t skip = mlps_xml_declaration(text, len, ignored);
    mlps_buf utf8 = MLPS_BUF_INIT;
    mlps_buf_append(&utf8, old, decl);
    mlps_buf_append(&utf8, text + skip, len - skip);
    int rc = mlps_recode(utf8.ptr, utf8.len, "UTF-8", to, out, &bad);
    if (rc == -1) {
        long line = 1;
        for (size_t i = 0; i < bad; i++)
            line += utf8.ptr[i] == '\n';
        size_t end = bad;
        uint32_t cp = mlps_utf8_next(utf8.ptr, utf8.len, &end);
        *err = msg("第 %ld 行的字符“%.*s”（U+%04X）无法用文件“%s”的编码 %s 保存：文件未修改。请删去或换掉这个字符，"
                   "或用“另存为”保存为 UTF-8 编码的新文件",
                   line, (int)(end - bad), utf8.ptr + bad, (unsigned)cp, name, to);
    } else if (rc == -2)
        *err = msg("本机不支持 %s 编码的转换，无法按原编码保存“%s”：文件未修改", to, name);
    mlps_buf_free(&utf8);
    return rc ? -1 : 0;
}
