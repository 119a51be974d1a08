#include "ids.h"

#include <string.h>
#include <time.h>

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int credit_value(char ch)
{
    const char *p = ch ? strchr(MLPS_CREDIT_CHARSET, ch) : NULL;
    return p ? (int)(p - MLPS_CREDIT_CHARSET) : -1;
}

char mlps_credit_check_char(const char *s17)
{
    int sum = 0, w = 1;
    for (int i = 0; i < MLPS_CREDIT_CODE_LEN - 1; i++) {
        int v = credit_value(s17[i]);
        if (v < 0)
            return '\0';
        sum += v * w;
        w = w * 3 % 31; /* weights 3^(i-1) mod 31 */
    }
    return MLPS_CREDIT_CHARSET[(31 - sum % 31) % 31];
}

mlps_id_status mlps_credit_code_validate(const char *s, char *expected, char *bad)
{
    if (!s || strlen(s) != MLPS_CREDIT_CODE_LEN)
        return MLPS_ID_LENGTH;
    for (size_t i = 0; i < MLPS_CREDIT_CODE_LEN; i++)
        if (credit_value(s[i]) < 0) {
            if (bad)
                *bad = s[i];
            return MLPS_ID_CHARSET;
        }
    if (!digits(s + 2, 6))
        return MLPS_ID_SHAPE;
    char want = mlps_credit_check_char(s);
    if (want != s[17]) {
        if (expected)
            *expected = want;
        return MLPS_ID_CHECK;
    }
    return MLPS_ID_OK;
}

mlps_id_status mlps_region_code_validate(const mlps_codes *c, const char *s, int prefecture_level)
{
    if (!s || strlen(s) != 6 || !digits(s, 6))
        return MLPS_ID_SHAPE;
    char prov[3] = {s[0], s[1], '\0'};
    if (!mlps_codes_find(c, "province", prov))
        return MLPS_ID_PROVINCE;
    if (prefecture_level && (strcmp(s + 4, "00") != 0 || strncmp(s + 2, "00", 2) == 0))
        return MLPS_ID_LEVEL;
    return MLPS_ID_OK;
}

int mlps_postcode_valid(const char *s)
{
    return s && strlen(s) == 6 && digits(s, 6);
}

int mlps_mobile_valid(const char *s)
{
    return s && strlen(s) == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' && digits(s, 11);
}

/* Counts leading digits. */
static size_t run(const char *s)
{
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9')
        n++;
    return n;
}

int mlps_landline_valid(const char *s)
{
    if (!s || s[0] != '0' || s[1] < '1' || s[1] > '9')
        return 0;
    size_t a = run(s);
    if (a < 3 || a > 4 || s[a] != '-')
        return 0;
    const char *p = s + a + 1;
    size_t n = run(p);
    if (n < 7 || n > 8 || p[0] == '0' || p[0] == '1')
        return 0;
    p += n;
    if (!*p)
        return 1;
    /* extension: -1 to -6 digits */
    if (*p != '-')
        return 0;
    n = run(p + 1);
    return n >= 1 && n <= 6 && !p[1 + n];
}

int mlps_hotline_valid(const char *s)
{
    if (!s)
        return 0;
    size_t n = run(s);
    if (n == strlen(s))
        return n >= 3 && n <= 5; /* 110, 12345, 95598 */
    if ((strncmp(s, "400-", 4) && strncmp(s, "800-", 4)) || run(s + 4) != 3 || s[7] != '-')
        return 0;
    return run(s + 8) == 4 && !s[12];
}

static int email_local_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           strchr("._%+-", ch);
}

int mlps_email_valid(const char *s)
{
    if (!s)
        return 0;
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || at - s > 64)
        return 0;
    for (const char *p = s; p < at; p++)
        if (!*p || !email_local_char(*p))
            return 0;
    if (s[0] == '.' || at[-1] == '.' || strstr(s, ".."))
        return 0;
    /* domain: labels of [A-Za-z0-9-], not starting/ending with '-', ≥2 labels, TLD letters ≥2 */
    const char *d = at + 1;
    int labels = 0;
    size_t tld_len = 0;
    int tld_alpha = 1;
    while (*d) {
        size_t n = 0;
        int alpha = 1;
        while (d[n] && d[n] != '.') {
            char ch = d[n];
            int letter = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
            if (!letter && !(ch >= '0' && ch <= '9') && ch != '-')
                return 0;
            if (!letter)
                alpha = 0;
            n++;
        }
        if (n == 0 || n > 63 || d[0] == '-' || d[n - 1] == '-')
            return 0;
        labels++;
        tld_len = n;
        tld_alpha = alpha;
        d += n;
        if (*d == '.') {
            d++;
            if (!*d)
                return 0;
        }
    }
    return labels >= 2 && tld_len >= 2 && tld_alpha;
}

int mlps_date_parse(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) || !digits(s + 5, 2) ||
        !digits(s + 8, 2))
        return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int max = mdays[m - 1] + (m == 2 && leap);
    if (d > max)
        return 0;
    return y * 10000 + m * 100 + d;
}

int mlps_date_today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return 0;
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}
