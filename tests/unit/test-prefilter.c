/* Aho-Corasick prefilter against an independent oracle: a naive case-insensitive search of every
 * pattern at every offset, over pseudo-random patterns and inputs drawn from a small alphabet (so
 * overlaps, shared prefixes and suffix links are exercised), plus hand-checked cases. */
#include "prefilter-ac.h"
#include "sw-test.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HITS 100000

typedef struct hits {
    size_t n;
    uint64_t key[MAX_HITS]; /* pattern id << 32 | end offset */
} hits;

static int record(uint32_t id, size_t end, void *user)
{
    hits *h = user;
    ck_assert_uint_lt(h->n, MAX_HITS);
    h->key[h->n++] = ((uint64_t)id << 32) | end;
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static uint32_t rng_state;
static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u; /* fixed LCG: deterministic runs */
    return rng_state >> 8;
}

static void naive(uint8_t pats[][8], const size_t *plen, size_t np, const uint8_t *text, size_t len,
                  hits *h)
{
    for (size_t p = 0; p < np; p++)
        for (size_t end = plen[p]; end <= len; end++) {
            size_t j = 0;
            while (j < plen[p] && tolower(text[end - plen[p] + j]) == tolower(pats[p][j]))
                j++;
            if (j == plen[p])
                record((uint32_t)p, end, h);
        }
}

static hits got, want;

START_TEST(test_random_against_naive)
{
    static const char alphabet[] = "abAB\x00\xff";
    rng_state = 1234u + (uint32_t)_i;
    uint8_t pats[40][8];
    size_t plen[40], np = 1 + rng() % 40;
    sw_ac *ac = sw_ac_new();
    for (size_t p = 0; p < np; p++) {
        plen[p] = 1 + rng() % 6;
        for (size_t j = 0; j < plen[p]; j++)
            pats[p][j] = (uint8_t)alphabet[rng() % 6];
        ck_assert_int_eq(sw_ac_add(ac, pats[p], plen[p], (uint32_t)p), SW_OK);
    }
    ck_assert_int_eq(sw_ac_compile(ac), SW_OK);
    size_t len = rng() % 300;
    uint8_t *text = malloc(len ? len : 1);
    for (size_t i = 0; i < len; i++)
        text[i] = (uint8_t)alphabet[rng() % 6];
    got.n = want.n = 0;
    size_t n = sw_ac_scan(ac, text, len, record, &got);
    naive(pats, plen, np, text, len, &want);
    ck_assert_uint_eq(n, got.n);
    ck_assert_uint_eq(got.n, want.n);
    qsort(got.key, got.n, sizeof(uint64_t), cmp_u64);
    qsort(want.key, want.n, sizeof(uint64_t), cmp_u64);
    ck_assert_int_eq(memcmp(got.key, want.key, got.n * sizeof(uint64_t)), 0);
    free(text);
    sw_ac_free(ac);
}
END_TEST

/* The textbook example (Aho-Corasick 1975, figure 1): he, she, his, hers in "ushers". */
START_TEST(test_ushers)
{
    sw_ac *ac = sw_ac_new();
    const char *p[] = {"he", "she", "his", "hers"};
    for (uint32_t i = 0; i < 4; i++)
        ck_assert_int_eq(sw_ac_add(ac, (const uint8_t *)p[i], strlen(p[i]), i), SW_OK);
    ck_assert_int_eq(sw_ac_compile(ac), SW_OK);
    got.n = 0;
    ck_assert_uint_eq(sw_ac_scan(ac, (const uint8_t *)"USHERS", 6, record, &got), 3);
    qsort(got.key, got.n, sizeof(uint64_t), cmp_u64);
    /* he ends at 4, she at 4, hers at 6 */
    ck_assert_uint_eq(got.key[0], ((uint64_t)0 << 32) | 4);
    ck_assert_uint_eq(got.key[1], ((uint64_t)1 << 32) | 4);
    ck_assert_uint_eq(got.key[2], ((uint64_t)3 << 32) | 6);
    sw_ac_free(ac);
}
END_TEST

START_TEST(test_bad_calls)
{
    sw_ac *ac = sw_ac_new();
    uint8_t big[SW_AC_MAX_PATTERN + 1] = {0};
    ck_assert_int_eq(sw_ac_add(ac, big, 0, 1), SW_ERR_INVALID);
    ck_assert_int_eq(sw_ac_add(ac, big, sizeof(big), 1), SW_ERR_INVALID);
    ck_assert_uint_eq(sw_ac_scan(ac, big, 4, record, &got), 0); /* not compiled */
    ck_assert_int_eq(sw_ac_compile(ac), SW_OK);
    ck_assert_int_eq(sw_ac_add(ac, big, 1, 1), SW_ERR_INVALID); /* after compile */
    ck_assert_uint_eq(sw_ac_scan(ac, big, 4, record, &got), 0); /* no patterns */
    sw_ac_free(ac);
    sw_ac_free(NULL);
}
END_TEST

static Suite *prefilter_suite(void)
{
    Suite *s = suite_create("prefilter");
    TCase *tc = tcase_create("aho-corasick");
    tcase_add_loop_test(tc, test_random_against_naive, 0, 300);
    tcase_add_test(tc, test_ushers);
    tcase_add_test(tc, test_bad_calls);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return sw_test_run(prefilter_suite());
}
