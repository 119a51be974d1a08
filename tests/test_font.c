/* Font roles: resolution through fontconfig, per-character fallback, metrics. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "font.h"
#include "harness.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(void)
{
    mlps_diags d = MLPS_DIAGS_INIT;
    double t0 = now_ms();
    mlps_fontset *fs = mlps_fontset_load("fonts/fonts.xml", &d);
    double t1 = now_ms();
    mlps_diag_print(&d, stdout);
    CHECK(fs != NULL, "fonts/fonts.xml loads");
    if (!fs)
        TEST_DONE();
    printf("fontset load: %.2f ms\n", t1 - t0);
    mlps_fontset_describe(fs, stdout);
    CHECK_INT(d.errors, 0);

    const char *roles[] = {"title", "h1", "h2", "body", "table", "pagenum"};
    for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
        CHECK(mlps_fontset_role(fs, roles[i]) >= 0, "role %s", roles[i]);
    CHECK_INT(mlps_fontset_role(fs, "nosuchrole"), -1);
    CHECK(mlps_fontset_pick(fs, -1, 0x4E2D) == NULL, "bad role index");

    int body = mlps_fontset_role(fs, "body");
    const mlps_face *zh = mlps_fontset_pick(fs, body, 0x4E2D); /* 中 */
    CHECK(zh != NULL, "body maps 中");
    if (zh) {
        CHECK_STR(mlps_face_family(zh), "AR PL UMing CN");
        CHECK_STR(mlps_face_postscript(zh), "UMingCN");
        CHECK_INT(mlps_face_upem(zh), 1024);
        uint32_t g = mlps_face_glyph(zh, 0x4E2D);
        CHECK(g != 0, "glyph for 中");
        CHECK_INT(mlps_face_advance(zh, g), mlps_face_upem(zh)); /* full-width */
        CHECK(mlps_face_ascender(zh) > 0 && mlps_face_descender(zh) < 0, "asc %d desc %d",
              mlps_face_ascender(zh), mlps_face_descender(zh));
        CHECK(mlps_face_cap_height(zh) > 0, "cap height %d", mlps_face_cap_height(zh));
        int bb[4];
        mlps_face_bbox(zh, bb);
        CHECK(bb[2] > bb[0] && bb[3] > bb[1], "bbox %d %d %d %d", bb[0], bb[1], bb[2], bb[3]);
        CHECK(mlps_face_hb_font(zh) && mlps_face_hb_face(zh), "hb objects");
    }
    const mlps_face *ext = mlps_fontset_pick(fs, body, 0x20BB7); /* 𠮷 */
    CHECK(ext != NULL, "body maps U+20BB7");
    /* AR PL UMing has 1790 Ext-B characters, so accept it or BabelStone for 𠮷; a character
     * only BabelStone has must fall through to it. */
    if (ext)
        CHECK(strcmp(mlps_face_family(ext), "AR PL UMing CN") == 0 ||
                  strcmp(mlps_face_family(ext), "BabelStone Han") == 0,
              "got %s", mlps_face_family(ext));
    int found_babel = 0;
    for (uint32_t cp = 0x20000; cp < 0x2A6DF && !found_babel; cp++) {
        const mlps_face *f = mlps_fontset_pick(fs, body, cp);
        if (f && strcmp(mlps_face_family(f), "BabelStone Han") == 0) {
            found_babel = 1;
            CHECK(mlps_face_glyph(zh, cp) == 0, "UMing does not map U+%X", cp);
        }
    }
    CHECK(found_babel, "some Ext-B character falls back to BabelStone Han");

    CHECK(mlps_fontset_pick(fs, body, 0x10FFFD) == NULL, "U+10FFFD maps nowhere");
    CHECK(mlps_fontset_pick(fs, body, 0xE0FFF) == NULL, "unassigned U+E0FFF maps nowhere");

    int h1 = mlps_fontset_role(fs, "h1");
    const mlps_face *hei = mlps_fontset_pick(fs, h1, 0x4E2D);
    CHECK(hei && strcmp(mlps_face_family(hei), "WenQuanYi Zen Hei") == 0, "h1: %s",
          hei ? mlps_face_family(hei) : "(null)");
    int h2 = mlps_fontset_role(fs, "h2");
    const mlps_face *kai = mlps_fontset_pick(fs, h2, 0x4E2D);
    CHECK(kai && strcmp(mlps_face_family(kai), "AR PL UKai CN") == 0, "h2: %s",
          kai ? mlps_face_family(kai) : "(null)");
    /* Faces are shared between roles, not opened twice. */
    const mlps_face *tb = mlps_fontset_pick(fs, mlps_fontset_role(fs, "table"), 0x4E2D);
    CHECK(tb == zh, "table and body share the UMing face");
    if (tb && hei && kai)
        CHECK(mlps_face_id(tb) != mlps_face_id(hei) && mlps_face_id(hei) != mlps_face_id(kai),
              "distinct ids");

    /* Per-character pick speed (a figure, not an assertion). */
    double t2 = now_ms();
    unsigned long n = 0;
    for (int rep = 0; rep < 20; rep++)
        for (uint32_t cp = 0x4E00; cp < 0x9FA5; cp++)
            n += mlps_fontset_pick(fs, body, cp) != NULL;
    double t3 = now_ms();
    printf("pick: %.1f ns per call\n", (t3 - t2) * 1e6 / (20.0 * (0x9FA5 - 0x4E00)));
    CHECK(n > 0, "picks");
    mlps_fontset_free(fs);
    mlps_diag_free(&d);

    /* Errors: a role whose families are all missing; a file that is not a font config. */
    const char *bad = "/tmp/mlps_test_fonts_bad.xml";
    FILE *fp = fopen(bad, "w");
    fputs("<fonts><role name=\"x\"><family>NoSuchFamilyAnywhere</family></role></fonts>\n", fp);
    fclose(fp);
    mlps_diags d2 = MLPS_DIAGS_INIT;
    fs = mlps_fontset_load(bad, &d2);
    CHECK(fs == NULL, "a role with no font is an error");
    CHECK(d2.errors == 1 && strstr(d2.items[d2.count - 1].msg, "没有找到任何可用字体"), "msg");
    mlps_fontset_free(fs);
    mlps_diag_free(&d2);
    remove(bad);
    TEST_DONE();
}
