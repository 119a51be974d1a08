/* Shapes and check characters of identifiers: 统一社会信用代码 (GB 32100-2015), 行政区划代码
 * (GB/T 2260), 邮政编码, telephone numbers, e-mail addresses, ISO dates. Pure functions. */
#ifndef MLPS_IDS_H
#define MLPS_IDS_H

#include "codes.h"

typedef enum {
    MLPS_ID_OK = 0,
    MLPS_ID_LENGTH,   /* wrong number of characters */
    MLPS_ID_CHARSET,  /* a character outside the allowed set (*bad holds it) */
    MLPS_ID_SHAPE,    /* right characters, wrong layout (credit code: pos 3–8 not digits) */
    MLPS_ID_CHECK,    /* check character wrong (*expected holds the right one) */
    MLPS_ID_PROVINCE, /* region code: unknown province prefix */
    MLPS_ID_LEVEL     /* region code: not prefecture level */
} mlps_id_status;

/* The GB 32100 charset: 0-9 and A-Z without I, O, S, V, Z. */
#define MLPS_CREDIT_CHARSET "0123456789ABCDEFGHJKLMNPQRTUWXY"
#define MLPS_CREDIT_CODE_LEN 18

/* Check character for the first 17 characters of s; '\0' if any of them is not in the charset. */
char mlps_credit_check_char(const char *s17);
/* Validates a whole code. On CHARSET *bad = the first offending byte; on CHECK *expected = the
 * right check character. Either pointer may be NULL. */
mlps_id_status mlps_credit_code_validate(const char *s, char *expected, char *bad);

/* 6 digits with a known province prefix (list "province" in codes.xml); with
 * prefecture_level, also digits 5–6 = "00" and digits 3–4 ≠ "00" (备案表 表一04). */
mlps_id_status mlps_region_code_validate(const mlps_codes *c, const char *s, int prefecture_level);

int mlps_postcode_valid(const char *s);      /* 6 digits */
int mlps_mobile_valid(const char *s);        /* 1[3-9] + 9 digits */
int mlps_landline_valid(const char *s);      /* 0577-88886666, 010-12345678, optional -ext */
int mlps_hotline_valid(const char *s);       /* 400-xxx-xxxx, 800-xxx-xxxx, 110, 12345, 95598 */
int mlps_email_valid(const char *s);

/* "YYYY-MM-DD" of a real calendar day (1900–9999) → YYYYMMDD; 0 when invalid. */
int mlps_date_parse(const char *s);
/* Today's local date as YYYYMMDD. */
int mlps_date_today(void);

#endif
