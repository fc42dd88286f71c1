/* core/ioc.c: list parsing (good, malformed, defanged, CRLF), suffix matching at label
 * boundaries, longest-prefix matching, and the shipped lists of signatures/ioc checked against
 * docs/detections.md section 3 (present) and 3.4 (excluded). */
#include "ioc.h"
#include "sw-test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct reports {
    size_t n;
    char last[600];
} reports;

static void on_report(const sw_error *e, void *user)
{
    reports *r = user;
    r->n++;
    sw_error_format(e, r->last, sizeof(r->last));
}

static sw_ioc_set *parse(const char *text, size_t *added, size_t *bad, reports *r)
{
    sw_ioc_set *set = sw_ioc_set_new();
    ck_assert_ptr_nonnull(set);
    ck_assert_int_eq(sw_ioc_set_parse(set, (const uint8_t *)text, strlen(text), "t.tsv", on_report,
                                      r, added, bad),
                     SW_OK);
    return set;
}

static const char good[] = "# comment\n"
                           "\n"
                           "45.125.67[.]144\tip\tTrend\t2024-11-25\thigh\tDemodex\n"
                           "198.51.100.0/24\tcidr\tlab\t2025-01-01\tlow\tlab net\r\n"
                           "198.51.100.128/25\tcidr\tlab\t2025-01-01\tmedium\tinner\n"
                           "Evil[.]Example.com\tdomain\tlab\t2025-01-01\tmedium\tC2\n"
                           "2001:db8:bad::1\tip\tlab\t2025-01-01\thigh\tv6\n";

START_TEST(test_parse_and_match)
{
    size_t added = 0, bad = 0;
    reports r = {0, {0}};
    sw_ioc_set *set = parse(good, &added, &bad, &r);
    ck_assert_uint_eq(added, 5);
    ck_assert_uint_eq(bad, 0);
    ck_assert_uint_eq(sw_ioc_count(set), 5);
    sw_ip ip;
    sw_ip_parse(&ip, "45.125.67.144");
    const sw_ioc_entry *e = sw_ioc_match_ip(set, &ip);
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->indicator, "45.125.67.144");
    ck_assert_str_eq(e->source, "Trend");
    ck_assert_str_eq(e->label, "Demodex");
    sw_ip_parse(&ip, "198.51.100.200"); /* inside both prefixes: the /25 is more specific */
    ck_assert_str_eq(sw_ioc_match_ip(set, &ip)->label, "inner");
    sw_ip_parse(&ip, "198.51.100.5");
    ck_assert_str_eq(sw_ioc_match_ip(set, &ip)->label, "lab net");
    sw_ip_parse(&ip, "198.51.101.5");
    ck_assert_ptr_null(sw_ioc_match_ip(set, &ip));
    sw_ip_parse(&ip, "2001:db8:bad::1");
    ck_assert_ptr_nonnull(sw_ioc_match_ip(set, &ip));
    ck_assert_ptr_nonnull(sw_ioc_match_domain(set, "evil.example.com"));
    ck_assert_ptr_nonnull(sw_ioc_match_domain(set, "A.B.EVIL.example.com."));
    ck_assert_ptr_null(sw_ioc_match_domain(set, "notevil.example.com"));
    ck_assert_ptr_null(sw_ioc_match_domain(set, "example.com"));
    ck_assert_ptr_null(sw_ioc_match_domain(set, "evil.example.com.au"));
    ck_assert_ptr_null(sw_ioc_match_domain(set, ""));
    sw_ioc_set_free(set);
}
END_TEST

/* One indicator in two lists (the shipped Trend Micro C2 domain reappears in a weak list that
 * sorts later): the higher confidence is reported, whichever came first; at equal confidence
 * the later line. Counted once. */
START_TEST(test_repeated_indicator_keeps_higher_confidence)
{
    static const char strong[] = "materialplies.com\tdomain\tTrend\t2024-11-25\thigh\tC2\n"
                                 "203.0.113.5\tip\tTrend\t2024-11-25\thigh\tVPS\n";
    static const char weak[] = "materialplies.com\tdomain\tSilentPush\t2025-09-15\tlow\tweak\n"
                               "203.0.113.5/32\tcidr\tSilentPush\t2025-09-15\tlow\tweak\n"
                               "203.0.113.6\tip\tSilentPush\t2025-09-15\tlow\tother\n";
    static const char same[] = "materialplies.com\tdomain\tLocal\t2025-10-01\thigh\tours\n";
    const char *orders[2][2] = {{strong, weak}, {weak, strong}};
    sw_ip ip, other;
    sw_ip_parse(&ip, "203.0.113.5");
    sw_ip_parse(&other, "203.0.113.6");
    for (int o = 0; o < 2; o++) {
        sw_ioc_set *set = sw_ioc_set_new();
        size_t added[2] = {0, 0};
        for (int i = 0; i < 2; i++)
            ck_assert_int_eq(sw_ioc_set_parse(set, (const uint8_t *)orders[o][i],
                                              strlen(orders[o][i]), "t.tsv", NULL, NULL, &added[i],
                                              NULL),
                             SW_OK);
        ck_assert_uint_eq(added[0] + added[1], 3);
        ck_assert_uint_eq(sw_ioc_count(set), 3);
        ck_assert_str_eq(sw_ioc_match_domain(set, "materialplies.com")->confidence, "high");
        ck_assert_str_eq(sw_ioc_match_ip(set, &ip)->source, "Trend");
        ck_assert_str_eq(sw_ioc_match_ip(set, &other)->label, "other");
        ck_assert_int_eq(sw_ioc_set_parse(set, (const uint8_t *)same, strlen(same), "t.tsv", NULL,
                                          NULL, &added[0], NULL),
                         SW_OK);
        ck_assert_str_eq(sw_ioc_match_domain(set, "x.materialplies.com")->label, "ours");
        ck_assert_uint_eq(sw_ioc_count(set), 3);
        sw_ioc_set_free(set);
    }
}
END_TEST

START_TEST(test_malformed_lines_skipped_and_named)
{
    static const char text[] = "1.2.3.4\tip\tsrc\t2024-01-01\thigh\n"         /* 5 fields */
                               "1.2.3.4\thost\tsrc\t2024-01-01\thigh\tx\n"    /* type */
                               "1.2.3.999\tip\tsrc\t2024-01-01\thigh\tx\n"    /* address */
                               "1.2.3.4\tip\tsrc\t01/02/2024\thigh\tx\n"      /* date */
                               "1.2.3.4\tip\tsrc\t2024-01-01\tsure\tx\n"      /* confidence */
                               "1.2.3.0/33\tcidr\tsrc\t2024-01-01\thigh\tx\n" /* prefix */
                               "bad..name.com\tdomain\tsrc\t2024-01-01\tlow\tx\n"
                               "1.2.3.4\tip\t\t2024-01-01\thigh\tx\n" /* empty field */
                               "5.6.7.8\tip\tsrc\t2024-01-01\thigh\tok\n";
    size_t added = 0, bad = 0;
    reports r = {0, {0}};
    sw_ioc_set *set = parse(text, &added, &bad, &r);
    ck_assert_uint_eq(added, 1);
    ck_assert_uint_eq(bad, 8);
    ck_assert_uint_eq(r.n, 8);
    ck_assert_msg(strstr(r.last, "t.tsv:8:") != NULL, "%s", r.last);
    sw_ioc_set_free(set);
}
END_TEST

START_TEST(test_overlong_line_and_nul)
{
    char *text = malloc(3000);
    memset(text, 'a', 2000);
    strcpy(text + 2000, "\n9.9.9.9\tip\ts\t2024-01-01\tlow\tx\n");
    size_t added = 0, bad = 0;
    reports r = {0, {0}};
    sw_ioc_set *set = parse(text, &added, &bad, &r);
    ck_assert_uint_eq(added, 1);
    ck_assert_uint_eq(bad, 1);
    sw_ioc_set_free(set);
    static const uint8_t nul_line[] = "1.1.1.1\tip\ts\0x\t2024-01-01\tlow\tx\n";
    set = sw_ioc_set_new();
    bad = 0;
    sw_ioc_set_parse(set, nul_line, sizeof(nul_line) - 1, "n.tsv", NULL, NULL, NULL, &bad);
    ck_assert_uint_eq(bad, 1);
    ck_assert_uint_eq(sw_ioc_count(set), 0);
    sw_ioc_set_free(set);
    free(text);
}
END_TEST

static sw_ioc_set *load_shipped(size_t *bad)
{
    static const char *const files[] = {"signatures/ioc/salt-typhoon.tsv",
                                        "signatures/ioc/silent-push-2025.tsv"};
    sw_ioc_set *set = sw_ioc_set_new();
    for (size_t i = 0; i < 2; i++) {
        FILE *f = fopen(sw_test_source(files[i]), "rb");
        ck_assert_ptr_nonnull(f);
        static uint8_t buf[65536];
        size_t n = fread(buf, 1, sizeof(buf), f);
        fclose(f);
        ck_assert_int_eq(sw_ioc_set_parse(set, buf, n, files[i], NULL, NULL, NULL, bad), SW_OK);
    }
    return set;
}

START_TEST(test_shipped_lists)
{
    size_t bad = 0;
    sw_ioc_set *set = load_shipped(&bad);
    ck_assert_uint_eq(bad, 0);
    static const char *const present_ips[] = {"1.222.84.29", "45.125.67.144", "104.194.153.65",
                                              "156.244.28.153"};
    static const char *const absent_ips[] = {"172.64.53.3", "162.251.82.125", "162.251.82.252"};
    sw_ip ip;
    for (size_t i = 0; i < 4; i++) {
        sw_ip_parse(&ip, present_ips[i]);
        ck_assert_msg(sw_ioc_match_ip(set, &ip) != NULL, "%s", present_ips[i]);
    }
    for (size_t i = 0; i < 3; i++) {
        sw_ip_parse(&ip, absent_ips[i]);
        ck_assert_msg(sw_ioc_match_ip(set, &ip) == NULL, "%s", absent_ips[i]);
    }
    ck_assert_ptr_nonnull(sw_ioc_match_domain(set, "aar.gandhibludtric.com"));
    ck_assert_str_eq(sw_ioc_match_domain(set, "aar.gandhibludtric.com")->source,
                     "Darktrace via particle.news");
    ck_assert_ptr_nonnull(sw_ioc_match_domain(set, "vpn305783366.softether.net"));
    ck_assert_ptr_nonnull(sw_ioc_match_domain(set, "xdmgwctese.com"));
    ck_assert_ptr_null(sw_ioc_match_domain(set, "irdns.mars.orderbox-dns.com"));
    ck_assert_ptr_null(sw_ioc_match_domain(set, "ns4.1domainregistry.com"));
    ck_assert_ptr_null(sw_ioc_match_domain(set, "earth.monovm.com"));
    ck_assert_ptr_null(sw_ioc_match_domain(set, "www.softether.net"));
    sw_ioc_set_free(set);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ioc");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, test_parse_and_match);
    tcase_add_test(tc, test_malformed_lines_skipped_and_named);
    tcase_add_test(tc, test_repeated_indicator_keeps_higher_confidence);
    tcase_add_test(tc, test_overlong_line_and_nul);
    tcase_add_test(tc, test_shipped_lists);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
