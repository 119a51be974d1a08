/* mlpsdoc: the command-line front end. Each subcommand lives in its own cli_*.c. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *out)
{
    fputs("用法: mlpsdoc <命令> [选项]\n"
          "\n"
          "命令:\n"
          "  check [--today YYYY-MM-DD] FILE...    校验单位数据文件（结构、定级矩阵、代码、日期），列出全部问题\n"
          "  render -t TEMPLATE -d DATA [-s SYSTEM_ID] -o OUT.pdf\n"
          "                                        用模板和数据生成一份 PDF\n"
          "  render -d DATA [-p PLAN] [-o DIR]     按生成计划（默认 templates/plans/default.xml）生成单位的全部文档\n"
          "  expand -t TEMPLATE -d DATA [-s SYSTEM_ID] [--blank]\n"
          "                                        输出模板展开后的文档 XML（编写模板时用）\n"
          "  blank -t TEMPLATE -o OUT.pdf          不填数据，生成空白表格/文档\n"
          "  batch [-j N] [-o OUTDIR] [--force] [-n] [--prune] [--report F.json] [--shard K/N] PATH...\n"
          "                                        批量生成多个单位的全部文档，只重建输入有变化的\n"
          "  report merge REPORT.json... [-o ALL.json]\n"
          "                                        合并各分片（batch --shard）的报告\n"
          "  typeset DOC.xml -o OUT.pdf [--dump]   直接排版文档 XML（调试用）\n"
          "  fonts [--fonts FONTS.xml]             显示各字体角色实际使用的字体\n"
          "  init [-o FILE]                        写出单位数据文件的骨架（每个字段带中文注释）\n"
          "  serve [--listen ADDR:PORT] [DIR]      在浏览器中填写 DIR 中的数据文件、校验、保存并生成文档\n"
          "\n"
          "  --help     显示本帮助\n"
          "  --version  显示版本\n",
          out);
}

int main(int argc, char **argv)
{
    /* line-buffered: each "已生成" line is out before anything else can happen */
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("mlpsdoc %s\n", MLPS_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "check"))
        return mlps_cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "render"))
        return mlps_cmd_render(argc - 1, argv + 1);
    if (!strcmp(cmd, "batch"))
        return mlps_cmd_batch(argc - 1, argv + 1);
    if (!strcmp(cmd, "report"))
        return mlps_cmd_report(argc - 1, argv + 1);
    if (!strcmp(cmd, "fonts"))
        return mlps_cmd_fonts(argc - 1, argv + 1);
    if (!strcmp(cmd, "serve"))
        return mlps_cmd_serve(argc - 1, argv + 1);
    if (!strcmp(cmd, "init"))
        return mlps_cmd_init(argc - 1, argv + 1);
    if (!strcmp(cmd, "expand"))
        return mlps_cmd_expand(argc - 1, argv + 1);
    if (!strcmp(cmd, "blank"))
        return mlps_cmd_blank(argc - 1, argv + 1);
    if (!strcmp(cmd, "typeset"))
        return mlps_cmd_typeset(argc - 1, argv + 1);
    fprintf(stderr, "mlpsdoc: 未知命令“%s”\n", cmd);
    usage(stderr);
    return 2;
}
