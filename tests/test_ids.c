/* Identifiers: 统一社会信用代码, 行政区划代码, 邮政编码, phones, e-mail, dates. */
#include "buf.h"
#include "cli.h"
#include "codes.h"
#include "harness.h"
#include "ids.h"

int main(void)
{
    char want = 0, bad = 0;
    /* valid codes (check characters computed independently with the GB 32100 weights) */
    CHECK_INT(mlps_credit_code_validate("91330300MA2L7Q8K3L", NULL, NULL), MLPS_ID_OK);
    CHECK_INT(mlps_credit_code_validate("12500103MB1P6X2H4T", NULL, NULL), MLPS_ID_OK);
    CHECK_INT(mlps_credit_code_validate("91350100M000100Y43", NULL, NULL), MLPS_ID_OK);
    CHECK_INT(mlps_credit_check_char("91330300MA2L7Q8K4"), 'P');
    CHECK_INT(mlps_credit_check_char("91330300MA2L7Q8K"), 0); /* too short: stops at NUL */
    CHECK_INT(mlps_credit_check_char("9133030OMA2L7Q8K3"), 0);
    /* check character wrong */
    CHECK_INT(mlps_credit_code_validate("91330300MA2L7Q8K3A", &want, NULL), MLPS_ID_CHECK);
    CHECK_INT(want, 'L');
    CHECK_INT(mlps_credit_code_validate("12500103MB1P6X2H4A", &want, NULL), MLPS_ID_CHECK);
    CHECK_INT(want, 'T');
    /* lowercase and the forbidden letters I O S V Z */
    CHECK_INT(mlps_credit_code_validate("91330300ma2l7q8k3l", NULL, &bad), MLPS_ID_CHARSET);
    CHECK_INT(bad, 'm');
    static const char *const forbidden[] = {"91330300MA2I7Q8K3L", "91330300MA2O7Q8K3L", "91330300MA2S7Q8K3L",
                                            "91330300MA2V7Q8K3L", "91330300MA2Z7Q8K3L"};
    for (int i = 0; i < 5; i++) {
        CHECK_INT(mlps_credit_code_validate(forbidden[i], NULL, &bad), MLPS_ID_CHARSET);
        CHECK_INT(bad, forbidden[i][11]);
    }
    /* wrong length */
    CHECK_INT(mlps_credit_code_validate("91330300MA2L7Q8K3", NULL, NULL), MLPS_ID_LENGTH);
    CHECK_INT(mlps_credit_code_validate("91330300MA2L7Q8K3LL", NULL, NULL), MLPS_ID_LENGTH);
    CHECK_INT(mlps_credit_code_validate("", NULL, NULL), MLPS_ID_LENGTH);
    CHECK_INT(mlps_credit_code_validate(NULL, NULL, NULL), MLPS_ID_LENGTH);
    /* positions 3–8 must be digits */
    CHECK_INT(mlps_credit_code_validate("913A0300MA2L7Q8K3L", NULL, NULL), MLPS_ID_SHAPE);

    mlps_diags d = MLPS_DIAGS_INIT;
    mlps_buf p = MLPS_BUF_INIT;
    mlps_buf_printf(&p, "%s/templates/codes.xml", mlps_data_dir());
    mlps_codes *c = mlps_codes_load(p.ptr, &d);
    CHECK(c != NULL, "codes.xml did not load");
    if (c) {
        CHECK_INT(mlps_region_code_validate(c, "330300", 1), MLPS_ID_OK);
        CHECK_INT(mlps_region_code_validate(c, "500100", 1), MLPS_ID_OK);
        CHECK_INT(mlps_region_code_validate(c, "330302", 1), MLPS_ID_LEVEL);
        CHECK_INT(mlps_region_code_validate(c, "330302", 0), MLPS_ID_OK);
        CHECK_INT(mlps_region_code_validate(c, "330000", 1), MLPS_ID_LEVEL);
        CHECK_INT(mlps_region_code_validate(c, "990300", 1), MLPS_ID_PROVINCE);
        CHECK_INT(mlps_region_code_validate(c, "100000", 0), MLPS_ID_PROVINCE);
        CHECK_INT(mlps_region_code_validate(c, "33030", 1), MLPS_ID_SHAPE);
        CHECK_INT(mlps_region_code_validate(c, "33O300", 1), MLPS_ID_SHAPE);
        mlps_codes_free(c);
    }
    mlps_diag_free(&d);
    mlps_buf_free(&p);

    CHECK(mlps_postcode_valid("325000"), "postcode");
    CHECK(!mlps_postcode_valid("32500"), "short postcode");
    CHECK(!mlps_postcode_valid("32500a"), "letter in postcode");

    CHECK(mlps_mobile_valid("13857712345"), "mobile");
    CHECK(mlps_mobile_valid("19912345678"), "mobile 19x");
    CHECK(!mlps_mobile_valid("12857712345"), "12x is not a mobile prefix");
    CHECK(!mlps_mobile_valid("1385771234"), "10-digit mobile");
    CHECK(mlps_landline_valid("0577-88886666"), "landline 4-digit area");
    CHECK(mlps_landline_valid("010-62345678"), "landline Beijing");
    CHECK(!mlps_landline_valid("010-12345678"), "local number starting with 1");
    CHECK(mlps_landline_valid("023-6388102"), "7-digit local number");
    CHECK(mlps_landline_valid("0577-88886666-801"), "extension");
    CHECK(!mlps_landline_valid("88886666"), "no area code");
    CHECK(!mlps_landline_valid("057788886666"), "no separator");
    CHECK(!mlps_landline_valid("0577-888866"), "6-digit local number");
    CHECK(!mlps_landline_valid("577-88886666"), "area code without 0");
    CHECK(mlps_hotline_valid("110") && mlps_hotline_valid("95598") && mlps_hotline_valid("400-123-4567"),
          "service numbers");
    CHECK(!mlps_hotline_valid("400-1234-567") && !mlps_hotline_valid("12"), "bad service numbers");

    CHECK(mlps_email_valid("chenxd@oujiang-water.example.cn"), "email");
    CHECK(mlps_email_valid("a.b+c@x.cn"), "email with dot and plus");
    CHECK(!mlps_email_valid("heyu.eling-health.example.cn"), "no @");
    CHECK(!mlps_email_valid("a@b"), "no dot in domain");
    CHECK(!mlps_email_valid("a@@b.cn"), "two @");
    CHECK(!mlps_email_valid("a..b@x.cn"), "double dot");
    CHECK(!mlps_email_valid("a@-x.cn"), "label starts with -");
    CHECK(!mlps_email_valid("a@x.c"), "1-letter TLD");
    CHECK(!mlps_email_valid("张三@x.cn"), "non-ASCII local part");

    CHECK_INT(mlps_date_parse("2024-05-20"), 20240520);
    CHECK_INT(mlps_date_parse("2024-02-29"), 20240229);
    CHECK_INT(mlps_date_parse("2023-02-29"), 0);
    CHECK_INT(mlps_date_parse("2100-02-29"), 0);
    CHECK_INT(mlps_date_parse("2000-02-29"), 20000229);
    CHECK_INT(mlps_date_parse("2024-13-01"), 0);
    CHECK_INT(mlps_date_parse("2024-04-31"), 0);
    CHECK_INT(mlps_date_parse("2024-5-20"), 0);
    CHECK_INT(mlps_date_parse("2024/05/20"), 0);
    CHECK(mlps_date_today() > 20240101, "today is %d", mlps_date_today());
    TEST_DONE();
}
