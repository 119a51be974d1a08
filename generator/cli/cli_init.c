/* mlpsdoc init [-o FILE]: a skeleton unit data file (every field, each with a Chinese comment
 * naming its form field and options) on stdout or in FILE, which must not exist yet. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "data.h"
#include "outfile.h"
#include "skeleton.h"

static void usage(FILE *out)
{
    fputs("用法: mlpsdoc init [-o FILE]\n"
          "  写出单位数据文件的骨架：数据模型的每个元素，前面注释其备案表栏目和可选值。\n"
          "  逐项填写后运行 mlpsdoc check FILE，按提示补全。\n"
          "  -o  写入 FILE（FILE 不得已存在）；默认写到标准输出\n",
          out);
}

int mlps_cmd_init(int argc, char **argv)
{
    const char *out = NULL;
    int status = 2;
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_model *m = NULL;
    mlps_buf b = MLPS_BUF_INIT;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc) {
            out = argv[++i];
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "mlpsdoc init: 未知参数“%s”\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (out && access(out, F_OK) == 0) {
        fprintf(stderr, "mlpsdoc init: 文件“%s”已存在，未覆盖\n", out);
        return 1;
    }
    m = mlps_model_load(mlps_data_dir(), &d);
    if (!m)
        goto done;
    mlps_skeleton_write(mlps_form_root(mlps_model_form(m)), 1, 1, &b);
    if (out) {
        status = mlps_write_atomic(out, b.ptr, b.len, &d) ? 1 : 0;
        if (!status)
            fprintf(stderr, "已生成 %s：逐项填写后运行 mlpsdoc check %s\n", out, out);
    } else {
        status = fwrite(b.ptr, 1, b.len, stdout) == b.len ? 0 : 1;
    }
done:
    mlps_diag_print(&d, stderr);
    mlps_buf_free(&b);
    mlps_model_free(m);
    return status;
}
