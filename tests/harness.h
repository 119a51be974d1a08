/* Minimal test harness. Every CHECK counts as one test; main() ends with TEST_DONE(),
 * which prints "RESULT <passed> <failed>" for tests/run.sh to add up. */
#ifndef MLPS_HARNESS_H
#define MLPS_HARNESS_H
#include <stdio.h>
#include <string.h>

static int h_passed, h_failed;

#define CHECK(cond, ...)                                                                   \
    do {                                                                                   \
        if (cond) {                                                                        \
            h_passed++;                                                                    \
        } else {                                                                           \
            h_failed++;                                                                    \
            printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                         \
            printf(__VA_ARGS__);                                                           \
            printf("\n");                                                                  \
        }                                                                                  \
    } while (0)

#define CHECK_STR(got, want)                                                               \
    do {                                                                                   \
        const char *g_ = (got), *w_ = (want);                                              \
        CHECK(g_ && w_ && strcmp(g_, w_) == 0, "got \"%s\", want \"%s\"", g_ ? g_ : "(null)", \
              w_ ? w_ : "(null)");                                                         \
    } while (0)

#define CHECK_INT(got, want)                                                               \
    do {                                                                                   \
        long long g_ = (long long)(got), w_ = (long long)(want);                           \
        CHECK(g_ == w_, "got %lld, want %lld", g_, w_);                                    \
    } while (0)

#define TEST_DONE()                                                                        \
    do {                                                                                   \
        printf("RESULT %d %d\n", h_passed, h_failed);                                      \
        return h_failed ? 1 : 0;                                                           \
    } while (0)

#endif
