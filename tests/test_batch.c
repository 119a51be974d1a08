/* The pieces of mlpsdoc batch: content hashes (file = bytes, parts delimited), record files
 * (round trip with awkward names, damaged files refused), shards (a partition, stable), the
 * files a template depends on (its fragments, found through imports), the stat-keyed hash
 * cache. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "batch_hashes.h"
#include "batch_record.h"
#include "buf.h"
#include "harness.h"
#include "hash.h"

static void write_file(const char *path, const char *s)
{
    FILE *f = fopen(path, "wb");
    fputs(s, f);
    fclose(f);
}

static void test_hash(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/h.txt", dir);
    write_file(path, "定级报告");
    mlps_hash a, b = mlps_hash_bytes("定级报告", strlen("定级报告"));
    mlps_diags d = MLPS_DIAGS_INIT;
    CHECK_INT(mlps_hash_file(path, &a, &d), 0);
    CHECK(mlps_hash_eq(a, b), "a file hashes as its bytes");
    /* larger than one read: the streaming path gives the one-shot hash */
    size_t n = 700 * 1024;
    char *big = malloc(n);
    for (size_t i = 0; i < n; i++)
        big[i] = (char)(i * 7 + i / 1000);
    FILE *f = fopen(path, "wb");
    fwrite(big, 1, n, f);
    fclose(f);
    CHECK_INT(mlps_hash_file(path, &a, &d), 0);
    CHECK(mlps_hash_eq(a, mlps_hash_bytes(big, n)), "streamed hash of a big file");
    free(big);
    CHECK_INT(mlps_hash_file("/nonexistent/x", &a, &d), -1);
    CHECK_INT(d.errors, 1);
    mlps_diag_free(&d);

    mlps_hasher *h1 = mlps_hasher_new(), *h2 = mlps_hasher_new();
    mlps_hasher_str(h1, "ab");
    mlps_hasher_str(h1, "c");
    mlps_hasher_str(h2, "a");
    mlps_hasher_str(h2, "bc");
    CHECK(!mlps_hash_eq(mlps_hasher_end(h1), mlps_hasher_end(h2)), "parts are delimited");

    char hex[MLPS_HASH_HEX];
    mlps_hash x = {0x0123456789abcdefULL, 0xfedcba9876543210ULL}, y;
    mlps_hash_hex(x, hex);
    CHECK_STR(hex, "0123456789abcdeffedcba9876543210");
    CHECK(mlps_hash_parse(hex, &y) == 0 && mlps_hash_eq(x, y), "hex round trip");
    CHECK_INT(mlps_hash_parse("0123", &y), -1);
    CHECK_INT(mlps_hash_parse("0123456789ABCDEFfedcba9876543210", &y), -1);
}

static void test_record(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/u.rec", dir);
    char *imgs[] = {"/data/a b.png", "/data/图\t2.png"};
    char *fonts[] = {"/usr/share/fonts/truetype/arphic/uming.ttc"};
    mlps_record r = {{1, 2}, {7, 8}, strdup("units/unit-0001.xml"), strdup("单位\\名\n称"), NULL, 0, 0,
                     NULL, 0, 0};
    mlps_record_out o1 = {"单位-系统-定级报告.pdf", "grading-report", "s1", "系统\t一", 0, {3, 4}, {11, 12},
                          118468, 1796159255657131842LL, 10952725ULL, 8, imgs, 2, fonts, 1};
    mlps_record_out o2 = {"单位-网络安全等级保护定级报告.pdf", "grading-report-2.0", "", "", 1, {5, 6},
                          {13, 14}, 1, 2, 3, 9, NULL, 0, NULL, 0};
    mlps_record_add(&r, &o1);
    mlps_record_add(&r, &o2);
    mlps_record_add_gone(&r, "单位-旧系统\t名-定级报告.pdf", 118000, 1796159255657131843LL, 10952726ULL);
    mlps_diags d = MLPS_DIAGS_INIT;
    CHECK_INT(mlps_record_write(path, &r, &d), 0);
    mlps_record got;
    CHECK_INT(mlps_record_read(path, &got), 0);
    CHECK(mlps_hash_eq(got.unit_hash, r.unit_hash), "unit hash");
    CHECK(mlps_hash_eq(got.plan_hash, r.plan_hash), "plan hash");
    CHECK_STR(got.unit, "单位\\名\n称");
    CHECK_STR(got.data_file, "units/unit-0001.xml");
    CHECK_INT(got.nouts, 2);
    if (got.nouts == 2) {
        CHECK_STR(got.outs[0].system_name, "系统\t一");
        CHECK_INT(got.outs[0].mtime_ns, 1796159255657131842LL);
        CHECK_INT(got.outs[0].ino, 10952725);
        CHECK_INT(got.outs[0].pages, 8);
        CHECK_INT(got.outs[0].nimages, 2);
        if (got.outs[0].nimages == 2)
            CHECK_STR(got.outs[0].images[1], "/data/图\t2.png");
        CHECK_INT(got.outs[0].nfonts, 1);
        if (got.outs[0].nfonts == 1)
            CHECK_STR(got.outs[0].fonts[0], fonts[0]);
        CHECK(mlps_hash_eq(got.outs[0].input, o1.input), "input hash");
        CHECK(mlps_hash_eq(got.outs[0].entry, o1.entry), "entry hash");
        CHECK_INT(got.outs[1].doc, 1);
        CHECK_STR(got.outs[1].system_id, "");
        CHECK_INT(got.outs[1].nimages, 0);
    }
    CHECK_INT(got.ngone, 1); /* a stale output, kept for a later --prune */
    if (got.ngone == 1) {
        CHECK_STR(got.gone[0].name, "单位-旧系统\t名-定级报告.pdf");
        CHECK_INT(got.gone[0].size, 118000);
        CHECK_INT(got.gone[0].mtime_ns, 1796159255657131843LL);
        CHECK_INT(got.gone[0].ino, 10952726);
    }
    mlps_record_free(&got);
    /* the data file alone, as a run reads the records of units it was not given */
    char *data = mlps_record_read_data(path);
    CHECK_STR(data ? data : "(null)", "units/unit-0001.xml");
    free(data);
    char none[512];
    snprintf(none, sizeof none, "%s/none.rec", dir);
    CHECK(mlps_record_read_data(none) == NULL, "no record, no data file");

    /* a record cut short (as by a crash while written in place) is no record at all */
    FILE *f = fopen(path, "rb");
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    for (size_t cut = 1; cut < n; cut += 7) {
        f = fopen(path, "wb");
        fwrite(buf, 1, cut, f);
        fclose(f);
        mlps_record t;
        int rc = mlps_record_read(path, &t);
        /* cutting at a line end may leave a shorter, well-formed record: never a longer one */
        CHECK(rc == -1 || t.nouts <= 2, "cut at %zu", cut);
        if (rc == 0) {
            CHECK(buf[cut - 1] == '\n', "a record cut inside a line must be refused (cut %zu)", cut);
            mlps_record_free(&t);
        }
    }
    write_file(path, "mlpsdoc-record\t2\nunit\t00000000000000000000000000000001\n");
    CHECK_INT(mlps_record_read(path, &got), -1);
    CHECK_INT(mlps_record_read("/nonexistent/r.rec", &got), -1);
    mlps_record_free(&r);
    mlps_diag_free(&d);
}

static void test_shard(void)
{
    enum { FILES = 500 };
    for (unsigned n = 1; n <= 7; n++) {
        size_t count[8] = {0};
        int once = 1;
        for (int i = 0; i < FILES; i++) {
            char a[64], b[64];
            snprintf(a, sizeof a, "units/unit-%04d.xml", i);
            snprintf(b, sizeof b, "/elsewhere/mounted/unit-%04d.xml", i);
            int in = 0;
            for (unsigned k = 1; k <= n; k++) {
                int here = mlps_batch_in_shard(a, k, n);
                in += here;
                count[k] += (size_t)here;
                if (here != mlps_batch_in_shard(b, k, n))
                    once = 0; /* the folder must not matter */
            }
            if (in != 1)
                once = 0;
        }
        CHECK(once, "N=%u: each file in exactly one shard, whatever its folder", n);
        for (unsigned k = 1; k <= n; k++)
            CHECK(count[k] > FILES / n / 2, "N=%u: shard %u holds %zu of %d", n, k, count[k], FILES);
    }
}

static void test_template_files(const char *dir)
{
    char p[512];
    snprintf(p, sizeof p, "%s/t", dir);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/t/fragments", dir);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/t/fragments/a.xml", dir);
    write_file(p, "<t:fragments xmlns:t=\"urn:mlpsdoc:template\"><t:import href=\"b.xml\"/></t:fragments>");
    snprintf(p, sizeof p, "%s/t/fragments/b.xml", dir);
    write_file(p, "<xsl:stylesheet xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" version=\"1.0\">"
                  "<xsl:include href=\"a.xml\"/></xsl:stylesheet>");
    snprintf(p, sizeof p, "%s/t/fragments/unused.xml", dir);
    write_file(p, "<x/>");
    snprintf(p, sizeof p, "%s/outside.xml", dir);
    write_file(p, "<x/>");
    snprintf(p, sizeof p, "%s/t/main.xml", dir);
    write_file(p, "<document xmlns:t=\"urn:mlpsdoc:template\"><t:import href=\"fragments/a.xml\"/>"
                  "<t:import href=\"../outside.xml\"/><t:import href=\"http://example.com/x.xml\"/>"
                  "<p><t:import href=\"fragments/b.xml\"/></p></document>");
    char **files = NULL;
    size_t n = mlps_batch_template_files(p, &files);
    CHECK_INT(n, 3); /* main, a, b: not unused, not outside the folder, not the network */
    int a = 0, b = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(files[i]);
        a += len > 15 && !strcmp(files[i] + len - 15, "fragments/a.xml");
        b += len > 15 && !strcmp(files[i] + len - 15, "fragments/b.xml");
        free(files[i]);
    }
    free(files);
    CHECK(a == 1 && b == 1, "the fragments, once each (a=%d b=%d)", a, b);
}

static void put_file(const char *path, const char *text, long long age_s)
{
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
    struct timespec t[2];
    clock_gettime(CLOCK_REALTIME, &t[0]);
    t[0].tv_sec -= age_s;
    t[1] = t[0];
    utimensat(AT_FDCWD, path, t, 0);
}

/* The stat-keyed cache: a file changed keeping size and mtime is not seen (the documented
 * trade-off), a change of either is; a file too fresh is not remembered. */
static void test_hashcache(const char *dir)
{
    char cache[512], a[512], b[512];
    snprintf(cache, sizeof cache, "%s/hashes", dir);
    snprintf(a, sizeof a, "%s/a.png", dir);
    snprintf(b, sizeof b, "%s/b.png", dir);
    put_file(a, "first", 100);
    put_file(b, "fresh", 0);
    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_hash ha, hb, x;
    mlps_hashcache *c = mlps_hashcache_load(cache);
    CHECK_INT(mlps_hashcache_file(c, a, &ha, &d), 0);
    CHECK_INT(mlps_hashcache_file(c, b, &hb, &d), 0);
    CHECK(mlps_hash_eq(ha, mlps_hash_bytes("first", 5)), "the bytes' hash");
    mlps_hashcache_save(c);
    mlps_hashcache_free(c);

    struct stat st;
    stat(a, &st);
    put_file(a, "other", 0); /* same size; then its old mtime back: only the inode could tell */
    struct timespec t[2] = {st.st_mtim, st.st_mtim};
    utimensat(AT_FDCWD, a, t, 0);
    put_file(b, "fresh", 0);
    c = mlps_hashcache_load(cache);
    CHECK_INT(mlps_hashcache_file(c, a, &x, &d), 0);
    CHECK(mlps_hash_eq(x, ha), "same size, mtime and inode: trusted");
    put_file(a, "other", 50);
    CHECK_INT(mlps_hashcache_file(c, a, &x, &d), 0);
    CHECK(mlps_hash_eq(x, mlps_hash_bytes("other", 5)), "a new mtime: hashed again");
    put_file(b, "fresh!", 0);
    CHECK_INT(mlps_hashcache_file(c, b, &x, &d), 0);
    CHECK(mlps_hash_eq(x, mlps_hash_bytes("fresh!", 6)), "a file too fresh was not remembered");
    CHECK_INT(mlps_hashcache_file(c, "/nonexistent/x.png", &x, &d), -1);
    CHECK(d.errors == 1, "an unreadable file is an error");
    mlps_hashcache_save(c);
    mlps_hashcache_free(c);
    mlps_diag_free(&d);
    /* the saved cache names the old file once, not the fresh one */
    FILE *f = fopen(cache, "rb");
    char buf[4096] = "";
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    CHECK(strstr(buf, "a.png\t") && !strstr(buf, "b.png"), "cache file: %s", buf);
}

int main(void)
{
    char dir[] = "/tmp/mlps-test-batch-XXXXXX";
    if (!mkdtemp(dir))
        return 2;
    test_hash(dir);
    test_record(dir);
    test_shard();
    test_template_files(dir);
    test_hashcache(dir);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("could not remove %s\n", dir);
    TEST_DONE();
}
