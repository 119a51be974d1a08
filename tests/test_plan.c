/* Output file names of render plans: unsafe characters, the documented shortening of long
 * values (cut at a character boundary, "~" + FNV-1a hash), stability and distinctness. */
#include <stdlib.h>

#include "harness.h"
#include "mlps_limits.h"
#include "plan.h"
#include "utf8.h"

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && !strcmp(s + n - m, tail);
}

int main(void)
{
    char *s = mlps_plan_file_name("{单位}-{系统}-定级报告.pdf", "温州市瓯江水务集团有限公司", "协同办公系统", "oa");
    CHECK_STR(s, "温州市瓯江水务集团有限公司-协同办公系统-定级报告.pdf");
    free(s);
    s = mlps_plan_file_name("{系统标识}-{系统}.pdf", "u", "a/b:c*?\"<>|\\", "oa");
    CHECK_STR(s, "oa-a_b_c_______.pdf");
    free(s);
    s = mlps_plan_file_name("{单位}.pdf", ".hidden", "", "");
    CHECK_STR(s, "_hidden.pdf");
    free(s);
    s = mlps_plan_file_name("x{系统}.pdf", "u", "", "");
    CHECK_STR(s, "x_.pdf");
    free(s);

    /* 60 Han characters = 180 bytes: cut to at most 71 bytes (23 characters = 69), then ~hash */
    char longname[256] = "", other[256];
    for (int i = 0; i < 60; i++)
        strcat(longname, "长");
    strcpy(other, longname);
    memcpy(other + strlen(other) - 3, "短", 3); /* differs only in the last character */
    char *a = mlps_plan_file_name("{单位}-{系统}-网络安全等级保护定级报告.pdf", longname, longname, "x");
    char *a2 = mlps_plan_file_name("{单位}-{系统}-网络安全等级保护定级报告.pdf", longname, longname, "x");
    char *b = mlps_plan_file_name("{单位}-{系统}-网络安全等级保护定级报告.pdf", other, longname, "x");
    CHECK(strlen(a) <= MLPS_MAX_FILE_NAME_BYTES - MLPS_OUTFILE_TMP_SUFFIX_BYTES, "%zu bytes", strlen(a));
    CHECK(mlps_utf8_valid(a, strlen(a)), "cut inside a character: %s", a);
    CHECK(!strncmp(a, longname, 69) && a[69] == '~', "%s", a);
    CHECK(ends_with(a, "-网络安全等级保护定级报告.pdf"), "%s", a);
    CHECK_STR(a, a2);
    CHECK(strcmp(a, b) != 0, "names differing at the end must stay distinct: %s", a);
    CHECK_INT(strlen(a), 2 * (69 + 9) + 2 + 36 + 4);
    /* ASCII + Han: the cut backs off to the start of the character it would split */
    char mixed[256] = "ab";
    for (int i = 0; i < 40; i++)
        strcat(mixed, "汉");
    char *m = mlps_plan_file_name("{单位}.pdf", mixed, "", "");
    CHECK(mlps_utf8_valid(m, strlen(m)), "%s", m);
    CHECK(!strncmp(m, mixed, 71) && m[71] == '~', "%s", m); /* 2 + 23 x 3 = 71 */
    CHECK_INT(strlen(m), 71 + 9 + 4);
    /* exactly the limit: kept whole */
    char edge[256] = "ab";
    for (int i = 0; i < 26; i++)
        strcat(edge, "汉");
    char *e = mlps_plan_file_name("{单位}.pdf", edge, "", "");
    CHECK(!strncmp(e, edge, strlen(edge)) && ends_with(e, ".pdf") && strlen(e) == 80 + 4, "%s", e);
    free(a);
    free(a2);
    free(b);
    free(m);
    free(e);
    TEST_DONE();
}
