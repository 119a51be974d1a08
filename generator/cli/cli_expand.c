/* mlpsdoc expand -t TEMPLATE -d DATA [-s SYSTEM_ID] [--blank]: the doc XML a template makes
 * from a data file (or, with --blank, from no data), on standard output, exactly as render
 * and blank typeset it. For template authors and the template tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "cli.h"
#include "data.h"
#include "diag.h"
#include "mem.h"
#include "template.h"

static void usage(FILE *out)
{
    fputs("用法: mlpsdoc expand -t TEMPLATE -d DATA [-s SYSTEM_ID] [--blank]\n"
          "  -t       模板文件路径，或模板目录中的名称（如 grading-report）\n"
          "  -d       单位数据文件（--blank 时不需要）\n"
          "  -s       定级对象 id（传给模板参数 system-id；数据中只有一个定级对象，或模板按单位生成\n"
          "           （默认计划中 for=\"unit\" 的模板，如备案表、响应预案）时可省略）\n"
          "  --blank  空白模式：不读数据，所有取值为空\n",
          out);
}

int mlps_cmd_expand(int argc, char **argv)
{
    const char *tname = NULL, *data_path = NULL, *sys_id = NULL;
    int blank = 0, status = 2;
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_model *model = NULL;
    mlps_template *t = NULL;
    xmlDocPtr data = NULL, out = NULL;
    char *only = NULL, *tpath = NULL;

    const mlps_cli_opt options[] = {{"-t", &tname, NULL},     {"-d", &data_path, NULL},
                                    {"-s", &sys_id, NULL},    {"--blank", NULL, &blank},
                                    {NULL, NULL, NULL}};
    int rc = mlps_cli_options("expand", argc, argv, options, usage);
    if (rc >= 0) {
        status = rc;
        goto done;
    }
    if (!tname || (!data_path && !blank)) {
        usage(stderr);
        goto done;
    }
    status = 1;
    model = mlps_model_load(mlps_data_dir(), &d);
    if (!model)
        goto done;
    if (!blank) {
        mlps_check_opts opts = {0};
        data = mlps_data_load(model, data_path, &opts, &d);
        if (!data || d.errors)
            goto done;
    }
    tpath = mlps_cli_template_path(tname);
    if (!blank && !sys_id) {
        /* as render: a per-unit template gets system-id = ''; a per-system one the only
         * system, or a message naming the ones to choose from */
        int per_system = mlps_cli_template_per_system(tpath);
        sys_id = only = per_system ? mlps_cli_only_system(data) : mlps_xstrdup("");
        size_t nsys = 0;
        for (xmlNodePtr y = mlps_data_next_system(data, NULL); y; y = mlps_data_next_system(data, y))
            nsys++;
        if (!sys_id && nsys > 1) {
            char *ids = mlps_data_system_ids(data);
            mlps_cli_need_system(&d, data_path, nsys, ids);
            free(ids);
            goto done;
        }
    }
    t = mlps_template_load(tpath, &d);
    if (!t)
        goto done;
    mlps_expand_in in = {data, sys_id, mlps_model_codes(model), blank};
    out = mlps_template_expand(t, &in, &d);
    if (!out)
        goto done;
    xmlChar *mem = NULL;
    int len = 0;
    xmlDocDumpMemoryEnc(out, &mem, &len, "UTF-8");
    if (mem && fwrite(mem, 1, (size_t)len, stdout) == (size_t)len && fflush(stdout) == 0)
        status = 0;
    xmlFree(mem);
done:
    xmlFreeDoc(out);
    xmlFreeDoc(data);
    mlps_template_free(t);
    mlps_model_free(model);
    free(only);
    free(tpath);
    return mlps_cli_finish(&d, status);
}
