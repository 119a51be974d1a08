#include "skeleton.h"

#include <string.h>

/* Options per comment line, so long lists (行业类别) stay readable. */
#define SKELETON_OPTIONS_PER_LINE 8

static void indent(mlps_buf *b, int depth)
{
    for (int i = 0; i < depth; i++)
        mlps_buf_puts(b, "  ");
}

/* Comments may not contain "--". */
static void put_comment_text(mlps_buf *b, const char *s)
{
    for (; s && *s; s++)
        mlps_buf_putc(b, s[0] == '-' && s[1] == '-' ? '=' : s[0]);
}

static void put_options(mlps_buf *b, const mlps_field *f, int depth)
{
    const mlps_code_list *l = f->list;
    if (l) {
        for (size_t i = 0; i < l->count; i++) {
            if (i % SKELETON_OPTIONS_PER_LINE == 0) {
                mlps_buf_putc(b, '\n');
                indent(b, depth + 1);
                mlps_buf_puts(b, i ? "  " : "可选：");
            } else {
                mlps_buf_puts(b, "、");
            }
            mlps_buf_printf(b, "%s %s", l->items[i].code, l->items[i].label);
            if (l->items[i].other)
                mlps_buf_puts(b, "（须在元素内容中写明）");
            if (l->items[i].count)
                mlps_buf_puts(b, "（须填 count）");
        }
    } else if (f->nvalues > 1) {
        mlps_buf_puts(b, "，可选：");
        for (size_t i = 0; i < f->nvalues; i++)
            mlps_buf_printf(b, "%s%s", i ? "、" : "", f->values[i]);
    }
}

static void put_field_line(mlps_buf *b, const mlps_field *f, int depth, int own)
{
    if (!own) {
        mlps_buf_putc(b, '\n');
        indent(b, depth + 1);
        mlps_buf_printf(b, "%s：", f->name);
    }
    if (f->no) {
        put_comment_text(b, f->no);
        mlps_buf_putc(b, ' ');
    }
    put_comment_text(b, f->label ? f->label : f->name);
    if (!f->required)
        mlps_buf_puts(b, f->is_attr ? "（可不填）" : "（可不填：不用时删除此元素）");
    if (f->repeat)
        mlps_buf_puts(b, "（可重复）");
    if (f->paras)
        mlps_buf_puts(b, "（一段或多段 <p>）");
    if (f->hint) {
        mlps_buf_puts(b, "：");
        put_comment_text(b, f->hint);
    }
    put_options(b, f, depth);
}

static void comment(mlps_buf *b, const mlps_field *f, int depth)
{
    indent(b, depth);
    mlps_buf_puts(b, "<!-- ");
    put_field_line(b, f, depth, 1);
    for (size_t i = 0; i < f->nkids; i++) {
        const mlps_field *a = f->kids[i];
        /* @code is described by the element's own options above */
        if (a->is_attr && !(f->list && a->list == f->list) && a->nvalues != 1)
            put_field_line(b, a, depth, 0);
    }
    mlps_buf_puts(b, " -->\n");
}

static void element(const mlps_field *f, int optional, int comments, int depth, mlps_buf *b)
{
    if (!f->required && !optional)
        return;
    if (comments)
        comment(b, f, depth);
    indent(b, depth);
    mlps_buf_printf(b, "<%s", f->name);
    int kids = 0;
    for (size_t i = 0; i < f->nkids; i++) {
        const mlps_field *a = f->kids[i];
        if (a->is_attr && a->required) /* optional ones are named in the comment */
            mlps_buf_printf(b, " %s=\"%s\"", a->name, a->nvalues == 1 ? a->values[0] : "");
        kids |= !a->is_attr;
    }
    if (f->paras) {
        mlps_buf_printf(b, "><p></p></%s>\n", f->name);
        return;
    }
    if (!kids) {
        mlps_buf_printf(b, "></%s>\n", f->name);
        return;
    }
    mlps_buf_puts(b, ">\n");
    for (size_t i = 0; i < f->nkids; i++)
        if (!f->kids[i]->is_attr)
            element(f->kids[i], optional, comments, depth + 1, b);
    indent(b, depth);
    mlps_buf_printf(b, "</%s>\n", f->name);
}

void mlps_skeleton_write(const mlps_field *root, int optional, int comments, mlps_buf *out)
{
    mlps_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if (comments)
        mlps_buf_puts(out, "<!-- 单位数据文件（mlpsdoc init 生成）。逐项填写后运行 mlpsdoc check 本文件，按提示补全；\n"
                           "     字段说明见 docs/data-model.md。 -->\n");
    element(root, optional, comments, 0, out);
}
