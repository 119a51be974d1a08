/* The batch report as JSON (docs/batch-report.md, docs/batch-report.schema.json). */
#include <stdio.h>
#include <string.h>

#include "batch.h"

static void jstr(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p == '\t')
            fputs("\\t", out);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

void mlps_batch_report_output(FILE *out, const mlps_batch_output *o, int first)
{
    fputs(first ? "\n    {" : ",\n    {", out);
    fputs("\"path\": ", out);
    jstr(out, o->path);
    fputs(", \"data\": ", out);
    jstr(out, o->data_file);
    fputs(", \"unit\": ", out);
    jstr(out, o->unit);
    fputs(", \"system\": ", out);
    jstr(out, o->system_id);
    fputs(", \"system_name\": ", out);
    jstr(out, o->system_name);
    fputs(", \"document\": ", out);
    jstr(out, o->document);
    fprintf(out, ", \"pages\": %ld, \"bytes\": %lld, \"input_hash\": \"%s\", \"status\": \"%s\", \"ms\": %.3f",
            o->pages, o->bytes, o->input_hash,
            o->built == 2 ? "to-build" : o->built ? "built" : "skipped", o->ms);
    if (o->reason) {
        fputs(", \"reason\": ", out);
        jstr(out, o->reason);
    }
    fputc('}', out);
}

void mlps_batch_report_json(const mlps_batch_result *r, const mlps_batch_config *cfg,
                            FILE *entries, FILE *out)
{
    fputs("{\n  \"format\": \"mlpsdoc-batch-report/1\",\n  \"engine\": ", out);
    jstr(out, cfg->engine_id);
    if (cfg->dry_run)
        fputs(",\n  \"dry_run\": true", out);
    fputs(",\n  \"outdir\": ", out);
    jstr(out, cfg->outdir);
    fprintf(out,
            ",\n  \"summary\": {\"units\": %zu, \"units_done\": %zu, \"stopped\": %s, \"units_failed\": %zu, "
            "\"built\": %zu, \"skipped\": %zu, \"failed\": %zu, \"seconds\": %.3f, \"setup_seconds\": %.3f, "
            "\"jobs\": %d},\n",
            r->units, r->units_done, r->stopped ? "true" : "false", r->units_failed, r->built,
            r->skipped, r->failed, r->seconds, r->setup_seconds, r->jobs);
    const mlps_batch_phases *ph = &r->phases;
    fprintf(out,
            "  \"phases_ms\": {\"up_to_date\": %.1f, \"load_data\": %.1f, \"render\": %.1f, "
            "\"record\": %.1f, \"render_template\": %.1f, \"render_layout\": %.1f, "
            "\"render_font_subset\": %.1f, \"render_compress\": %.1f, \"render_write\": %.1f},\n",
            ph->up_to_date, ph->load_data, ph->render, ph->record, ph->template, ph->layout,
            ph->font_subset, ph->compress, ph->write);
    fputs("  \"outputs\": [", out);
    char buf[65536];
    size_t n;
    rewind(entries);
    while ((n = fread(buf, 1, sizeof buf, entries)) > 0)
        fwrite(buf, 1, n, out);
    fputs(r->noutputs ? "\n  ],\n" : "],\n", out);
    fputs("  \"failures\": [", out);
    for (size_t i = 0; i < r->nfailures; i++) {
        const mlps_batch_failure *f = &r->failures[i];
        fputs(i ? ",\n    {" : "\n    {", out);
        fputs("\"data\": ", out);
        jstr(out, f->data_file);
        fputs(", \"output\": ", out);
        jstr(out, f->output);
        fputs(", \"file\": ", out);
        jstr(out, f->file);
        fprintf(out, ", \"line\": %ld, \"field\": ", f->line);
        jstr(out, f->field);
        fputs(", \"code\": ", out);
        jstr(out, f->code);
        fputs(", \"message\": ", out);
        jstr(out, f->message);
        fputc('}', out);
    }
    fputs(r->nfailures ? "\n  ],\n" : "],\n", out);
    fputs("  \"stale\": [", out);
    for (size_t i = 0; i < r->nstale; i++) {
        const mlps_batch_stale *x = &r->stale[i];
        fputs(i ? ",\n    {" : "\n    {", out);
        fputs("\"path\": ", out);
        jstr(out, x->path);
        fputs(", \"data\": ", out);
        jstr(out, x->data_file);
        fprintf(out, ", \"removed\": %s, \"changed\": %s}", x->removed ? "true" : "false",
                x->changed ? "true" : "false");
    }
    fputs(r->nstale ? "\n  ]\n}\n" : "]\n}\n", out);
}
