/* libharu's object graph written as PDF 1.5 (pdf_graph.h). */
#include "pdf_graph.h"

#include <hpdf_utils.h>
#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cputime.h"
#include "mem.h"

static void put_be(mlps_buf *b, unsigned long long v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--)
        mlps_buf_put_byte(b, (char)((v >> (8 * i)) & 0xFF));
}

/* Appends "<n> 0 obj\n<<dict /Length L /Filter /FlateDecode>>\nstream\n…" to out. */
static int put_deflated_obj(mlps_buf *out, struct libdeflate_compressor *c, unsigned long n,
                            const char *dict, const mlps_buf *data, mlps_pdf_times *times)
{
    double t0 = times ? mlps_part_ms() : 0;
    size_t cap = libdeflate_zlib_compress_bound(c, data->len);
    char *z = mlps_xmalloc(cap);
    size_t zlen = libdeflate_zlib_compress(c, data->ptr ? data->ptr : "", data->len, z, cap);
    if (times)
        times->compress_ms += mlps_part_ms() - t0;
    int rc = zlen ? 0 : -1; /* 0: did not fit, which the bound rules out */
    if (rc == 0) {
        mlps_buf_printf(out, "%lu 0 obj\n<<%s /Length %zu /Filter /FlateDecode>>\nstream\n", n, dict,
                        zlen);
        mlps_buf_append(out, z, zlen);
        mlps_buf_puts(out, "\nendstream\nendobj\n");
    }
    free(z);
    return rc;
}

int mlps_pdf_pack_finish(mlps_pdf_packed *pk, struct libdeflate_compressor *c, mlps_pdf_times *times,
                         mlps_buf *out)
{
    unsigned long nobj = pk->nobj, objstm = nobj, xrefobj = nobj + 1;
    char dict[96];
    snprintf(dict, sizeof dict, "/Type /ObjStm /N %zu /First %zu", pk->ninside, pk->hdr.len);
    mlps_buf_append(&pk->hdr, pk->bodies.ptr ? pk->bodies.ptr : "", pk->bodies.len);
    pk->offs[objstm] = out->len;
    if (put_deflated_obj(out, c, objstm, dict, &pk->hdr, times) != 0)
        return -1;
    pk->offs[xrefobj] = out->len;
    /* W [1 4 2]: type, offset or object stream number, generation or index */
    mlps_buf xref = MLPS_BUF_INIT;
    mlps_buf_reserve(&xref, 7 * (nobj + 2));
    for (unsigned long i = 0; i < nobj + 2; i++) {
        int inside = i > 0 && i < nobj && pk->slot[i] != ~0ul;
        put_be(&xref, i == 0 ? 0 : inside ? 2 : 1, 1);
        put_be(&xref, i == 0 ? 0 : inside ? objstm : pk->offs[i], 4);
        put_be(&xref, i == 0 ? 0xFFFF : inside ? pk->slot[i] : 0, 2);
    }
    char xdict[160];
    int dn = snprintf(xdict, sizeof xdict, "/Type /XRef /Size %lu /W [1 4 2] /Root %lu 0 R",
                      nobj + 2, pk->root);
    if (pk->info)
        snprintf(xdict + dn, sizeof xdict - (size_t)dn, " /Info %lu 0 R", pk->info);
    int rc = -1;
    if (pk->ninside <= 0xFFFF && out->len <= 0xFFFFFFFFu &&
        put_deflated_obj(out, c, xrefobj, xdict, &xref, times) == 0) {
        mlps_buf_printf(out, "startxref\n%zu\n%%%%EOF\n", pk->offs[xrefobj]);
        rc = 0;
    }
    mlps_buf_free(&xref);
    return rc;
}

int mlps_pdf_packed_init(mlps_pdf_packed *pk, unsigned long nobj, const mlps_pdf_splices *splices)
{
    *pk = (mlps_pdf_packed){.nobj = nobj};
    pk->slot = mlps_xcalloc(nobj, sizeof *pk->slot);
    pk->offs = mlps_xcalloc(nobj + 2, sizeof *pk->offs);
    pk->spliced = mlps_xcalloc(nobj, sizeof *pk->spliced);
    pk->length_of = mlps_xcalloc(nobj, sizeof *pk->length_of);
    for (size_t i = 0; i < splices->n; i++) {
        const mlps_pdf_splice *x = &splices->items[i];
        if (x->obj == 0 || x->obj >= nobj || x->length_obj == 0 || x->length_obj >= nobj)
            return -1;
        pk->spliced[x->obj] = pk->length_of[x->length_obj] = x;
    }
    return 0;
}

void mlps_pdf_packed_free(mlps_pdf_packed *pk)
{
    free(pk->slot);
    free(pk->offs);
    free(pk->spliced);
    free(pk->length_of);
    mlps_buf_free(&pk->hdr);
    mlps_buf_free(&pk->bodies);
}

/* ---- the graph, written as libharu 2.3.0 writes it (hpdf_objects.c, hpdf_dict.c,
 * hpdf_streams.c), byte for byte, without its stream layer ---- */

typedef struct {
    HPDF_Stream scratch; /* a dictionary's write_fn writes here, copied out */
} emitter;

static int needs_escape(unsigned char c)
{
    return c < 0x20 || c > 0x7e || c == '\\' || c == '%' || c == '#' || c == '/' || c == '(' ||
           c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}';
}

static void put_hex(mlps_buf *b, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    mlps_buf_put_byte(b, hex[c >> 4]);
    mlps_buf_put_byte(b, hex[c & 15]);
}

/* HPDF_Stream_WriteEscapeName: at most HPDF_LIMIT_MAX_NAME_LEN bytes, others as #XX. */
static void put_name(mlps_buf *b, const char *s)
{
    mlps_buf_put_byte(b, '/');
    for (size_t i = 0; i < HPDF_LIMIT_MAX_NAME_LEN && s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (needs_escape(c)) {
            mlps_buf_put_byte(b, '#');
            put_hex(b, c);
        } else {
            mlps_buf_put_byte(b, (char)c);
        }
    }
}

/* HPDF_Stream_WriteEscapeText2: (…) with \ooo escapes. */
static void put_text(mlps_buf *b, const char *s)
{
    size_t n = s ? strnlen(s, HPDF_LIMIT_MAX_STRING_LEN) : 0;
    mlps_buf_put_byte(b, '(');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (needs_escape(c)) {
            char e[4] = {'\\', (char)('0' + (c >> 6)), (char)('0' + ((c & 0x38) >> 3)),
                         (char)('0' + (c & 7))};
            mlps_buf_put_bytes(b, e, 4);
        } else {
            mlps_buf_put_byte(b, (char)c);
        }
    }
    mlps_buf_put_byte(b, ')');
}

static int put_value(emitter *em, void *obj, mlps_buf *b);

/* HPDF_Obj_Write: hidden objects give nothing, indirect ones their reference. */
static int put_obj(emitter *em, void *obj, mlps_buf *b)
{
    const HPDF_Obj_Header *h = obj;
    if (h->obj_id & HPDF_OTYPE_HIDDEN)
        return 0;
    if (h->obj_class == HPDF_OCLASS_PROXY) {
        const HPDF_Obj_Header *to = ((HPDF_Proxy)obj)->obj;
        mlps_buf_put_long(b, (long)(to->obj_id & 0x00FFFFFF));
        mlps_buf_put_byte(b, ' ');
        mlps_buf_put_long(b, (long)to->gen_no);
        mlps_buf_put_bytes(b, " R", 2);
        return 0;
    }
    return put_value(em, obj, b);
}

/* HPDF_Dict_Write up to and with ">>": the stream part is the caller's. */
static int put_dict(emitter *em, HPDF_Dict d, mlps_buf *b)
{
    mlps_buf_put_bytes(b, "<<\n", 3);
    if (d->before_write_fn && d->before_write_fn(d) != HPDF_OK)
        return -1;
    if (d->header.obj_class == (HPDF_OCLASS_DICT | HPDF_OSUBCLASS_ENCRYPT))
        return -1; /* never made here: encryption is not used */
    if (d->stream) {
        if (d->filter != HPDF_STREAM_FILTER_NONE)
            return -1; /* libharu would encode it: only its own writer does that */
        HPDF_Dict_RemoveElement(d, "Filter");
    }
    for (HPDF_UINT i = 0; i < d->list->count; i++) {
        HPDF_DictElement el = HPDF_List_ItemAt(d->list, i);
        if (!el || !el->value)
            return -1;
        if (((const HPDF_Obj_Header *)el->value)->obj_id & HPDF_OTYPE_HIDDEN)
            continue;
        put_name(b, el->key);
        mlps_buf_put_byte(b, ' ');
        if (put_obj(em, el->value, b) != 0)
            return -1;
        mlps_buf_put_byte(b, '\n');
    }
    if (d->write_fn) {
        HPDF_MemStream_FreeData(em->scratch);
        if (d->write_fn(d, em->scratch) != HPDF_OK)
            return -1;
        HPDF_UINT32 got = 0;
        for (HPDF_UINT k = 0; k < HPDF_MemStream_GetBufCount(em->scratch); k++) {
            HPDF_UINT n = 0;
            HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(em->scratch, k, &n);
            if (!p)
                return -1;
            mlps_buf_put_bytes(b, (const char *)p, n);
            got += n;
        }
        if (got != em->scratch->size)
            return -1;
    }
    mlps_buf_put_bytes(b, ">>", 2);
    return 0;
}

/* HPDF_Obj_WriteValue for everything but a dictionary's stream. */
static int put_value(emitter *em, void *obj, mlps_buf *b)
{
    const HPDF_Obj_Header *h = obj;
    char t[64];
    switch (h->obj_class & HPDF_OCLASS_ANY) {
    case HPDF_OCLASS_NAME:
        put_name(b, ((HPDF_Name)obj)->value);
        return 0;
    case HPDF_OCLASS_NUMBER: /* HPDF_IToA, FToA: libharu's own rounding and clamping */
        mlps_buf_put_bytes(b, t, (size_t)(HPDF_IToA(t, ((HPDF_Number)obj)->value, t + HPDF_INT_LEN) - t));
        return 0;
    case HPDF_OCLASS_REAL:
        mlps_buf_put_bytes(b, t, (size_t)(HPDF_FToA(t, ((HPDF_Real)obj)->value, t + HPDF_REAL_LEN) - t));
        return 0;
    case HPDF_OCLASS_STRING: {
        HPDF_String s = obj;
        if (s->encoder)
            return -1; /* never made here: text strings are Binary (pdf.c text_string) */
        put_text(b, (const char *)s->value);
        return 0;
    }
    case HPDF_OCLASS_BINARY: {
        HPDF_Binary x = obj;
        mlps_buf_put_byte(b, '<');
        for (HPDF_UINT i = 0; i < x->len; i++)
            put_hex(b, x->value[i]);
        mlps_buf_put_byte(b, '>');
        return 0;
    }
    case HPDF_OCLASS_ARRAY: {
        HPDF_Array a = obj;
        mlps_buf_put_bytes(b, "[ ", 2);
        for (HPDF_UINT i = 0; i < a->list->count; i++) {
            void *el = HPDF_List_ItemAt(a->list, i);
            if (!el || put_obj(em, el, b) != 0)
                return -1;
            mlps_buf_put_byte(b, ' ');
        }
        mlps_buf_put_byte(b, ']');
        return 0;
    }
    case HPDF_OCLASS_DICT: {
        HPDF_Dict d = obj;
        if (d->stream)
            return -1; /* a stream that is not an object of its own */
        if (put_dict(em, d, b) != 0)
            return -1;
        return d->after_write_fn && d->after_write_fn(d) != HPDF_OK ? -1 : 0;
    }
    case HPDF_OCLASS_BOOLEAN:
        if (((HPDF_Boolean)obj)->value)
            mlps_buf_put_bytes(b, "true", 4);
        else
            mlps_buf_put_bytes(b, "false", 5);
        return 0;
    case HPDF_OCLASS_NULL:
        mlps_buf_put_bytes(b, "null", 4);
        return 0;
    default:
        return -1;
    }
}

/* A stream object, its data the splice's: "n g obj\n<<…>>\nstream\r\n…\nendstream\nendobj\n". */
static int put_stream_obj(emitter *em, HPDF_Dict d, unsigned long n, const HPDF_XrefEntry e,
                          const mlps_pdf_splice *x, mlps_buf *out)
{
    HPDF_Number length = HPDF_Dict_GetItem(d, "Length", HPDF_OCLASS_NUMBER);
    if (!x || !length || !(length->header.obj_id & HPDF_OTYPE_INDIRECT) ||
        HPDF_Stream_Size(d->stream) != 0)
        return -1; /* only data kept out of libharu: its own it would encode */
    mlps_buf_put_long(out, (long)n);
    mlps_buf_put_byte(out, ' ');
    mlps_buf_put_long(out, (long)e->gen_no);
    mlps_buf_put_bytes(out, " obj\n", 5);
    if (put_dict(em, d, out) != 0)
        return -1;
    mlps_buf_put_bytes(out, "\nstream\r\n", 9);
    mlps_buf_put_bytes(out, (const char *)x->data, x->len);
    mlps_buf_put_bytes(out, "\nendstream", 10);
    if (d->after_write_fn && d->after_write_fn(d) != HPDF_OK)
        return -1;
    mlps_buf_put_bytes(out, "\nendobj\n", 8);
    return 0;
}

int mlps_pdf_pack_graph(HPDF_Doc pdf, const mlps_pdf_splices *splices,
                        struct libdeflate_compressor *c, mlps_buf *out)
{
    HPDF_Xref xref = pdf->xref;
    if (!xref || xref->prev || xref->start_offset != 0 || pdf->encrypt_on || !pdf->catalog ||
        xref->entries->count < 2)
        return -1;
    unsigned long nobj = xref->entries->count;
    int rc = -1;
    mlps_pdf_packed pk;
    emitter em = {HPDF_MemStream_New(pdf->mmgr, 256)};
    if (mlps_pdf_packed_init(&pk, nobj, splices) != 0 || !em.scratch)
        goto done;
    /* out's size at least: the spliced data and the object stream's bodies (a few KB) */
    size_t most = 4096;
    for (size_t i = 0; i < splices->n; i++)
        most += splices->items[i].len + 160;
    mlps_buf_reserve(out, most);
    mlps_buf_puts(out, "%PDF-1.5\n%\xE2\xE3\xCF\xD3\n");
    for (unsigned long i = 1; i < nobj; i++) {
        HPDF_XrefEntry e = HPDF_List_ItemAt(xref->entries, i);
        if (!e || !e->obj || e->entry_typ != HPDF_IN_USE_ENTRY)
            goto done;
        const HPDF_Obj_Header *h = e->obj;
        int stream = (h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_DICT &&
                     ((HPDF_Dict)e->obj)->stream != NULL;
        if (stream) {
            pk.slot[i] = ~0ul;
            pk.offs[i] = out->len;
            if (put_stream_obj(&em, e->obj, i, e, pk.spliced[i], out) != 0)
                goto done;
            continue;
        }
        if (pk.spliced[i] || e->gen_no != 0)
            goto done;
        pk.slot[i] = pk.ninside++;
        mlps_buf_put_long(&pk.hdr, (long)i); /* "num offset " */
        mlps_buf_put_byte(&pk.hdr, ' ');
        mlps_buf_put_long(&pk.hdr, (long)pk.bodies.len);
        mlps_buf_put_byte(&pk.hdr, ' ');
        if (pk.length_of[i]) {
            if ((h->obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_NUMBER)
                goto done;
            mlps_buf_put_long(&pk.bodies, (long)pk.length_of[i]->len);
        } else if (put_value(&em, e->obj, &pk.bodies) != 0) {
            goto done;
        }
        mlps_buf_put_byte(&pk.bodies, '\n');
    }
    pk.root = pdf->catalog->header.obj_id & 0x00FFFFFF;
    pk.info = pdf->info ? pdf->info->header.obj_id & 0x00FFFFFF : 0;
    rc = mlps_pdf_pack_finish(&pk, c, splices->times, out);
done:
    if (rc != 0)
        mlps_buf_clear(out);
    if (em.scratch)
        HPDF_Stream_Free(em.scratch);
    mlps_pdf_packed_free(&pk);
    return rc;
}
