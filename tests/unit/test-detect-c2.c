/* ST-ACC-006 and ST-C2-001 (IOC matching) and ST-SCAN-001 (the alert hook), over hand-made
 * observations and alerts. Indicators come from a small list written here; verdicts follow
 * docs/detections.md section 5 by hand. */
#include "detect.h"
#include "helper-engine.h"
#include "ioc.h"
#include "sw-test.h"

#include <string.h>

#define T0 1700000000

static const char config[] = "networks:\n"
                             "  infra: [10.0.0.0/24]\n"
                             "  edge_apps: [203.0.113.0/28]\n"
                             "  own: [10.0.0.0/8]\n"
                             "detections:\n"
                             "  ST-SCAN-001: {threshold: 3, window: 1h}\n";

static const char iocs[] = "45.125.67.144\tip\tTrend\t2024-11-25\thigh\tDemodex C2\n"
                           "api.solveblemten.com\tdomain\tTrend\t2024-11-25\thigh\tSNAPPYBEE\n"
                           "materialplies.com\tdomain\tTrend\t2024-11-25\thigh\tAlpha C2\n";

static void setup_ioc(he_fixture *fx, const char *yaml)
{
    he_setup(fx, yaml);
    sw_ioc_set *set = sw_ioc_set_new();
    ck_assert_int_eq(
        sw_ioc_set_parse(set, (const uint8_t *)iocs, strlen(iocs), "t", NULL, NULL, NULL, NULL),
        SW_OK);
    sw_engine_config_set_ioc(fx->cfg, set);
    sw_engine_free(fx->engine);
    fx->engine = he_engine(fx);
}

START_TEST(test_acc006_ioc_endpoints)
{
    he_fixture fx;
    setup_ioc(&fx, config);
    he_flow(&fx, 1, 6, "10.0.0.1", 40000, "45.125.67.144", 443);
    he_flow_event(&fx, SW_OBS_FLOW_START, T0);
    ck_assert_uint_eq(he_count(&fx, "ST-ACC-006"), 1);
    ck_assert_int_eq(fx.seen[0].severity, SW_SEV_HIGH); /* to INFRA: H */
    ck_assert_str_eq(he_evidence(&fx, "ST-ACC-006", "ioc_source"), "Trend");
    ck_assert_str_eq(he_evidence(&fx, "ST-ACC-006", "seen_in"), "destination");
    he_flow(&fx, 2, 6, "45.125.67.144", 40000, "10.5.5.5", 80);
    he_flow_event(&fx, SW_OBS_FLOW_START, T0);
    ck_assert_uint_eq(he_count(&fx, "ST-ACC-006"), 2);
    ck_assert_int_eq(fx.seen[1].severity, SW_SEV_MEDIUM); /* catalog default M */
    he_flow(&fx, 3, 6, "10.5.5.5", 40000, "45.125.67.145", 443);
    he_flow_event(&fx, SW_OBS_FLOW_START, T0);
    ck_assert_uint_eq(he_count(&fx, "ST-ACC-006"), 2);
    he_teardown(&fx);
}
END_TEST

START_TEST(test_c2001_names)
{
    he_fixture fx;
    setup_ioc(&fx, config);
    he_flow(&fx, 1, 17, "10.5.5.5", 5353, "10.5.0.53", 53);
    he_dns_query(&fx, "API.SolveBlemten.com.", T0);
    ck_assert_uint_eq(he_count(&fx, "ST-C2-001"), 1);
    ck_assert_str_eq(he_evidence(&fx, "ST-C2-001", "seen_in"), "dns_query");
    he_flow(&fx, 2, 17, "10.5.5.5", 5354, "10.5.0.53", 53);
    he_dns_query(&fx, "xsolveblemten.com", T0);
    he_dns_query(&fx, "solveblemten.com", T0); /* parent of the listed name: not listed */
    ck_assert_uint_eq(he_count(&fx, "ST-C2-001"), 1);
    he_flow(&fx, 3, 6, "10.5.5.5", 40000, "198.51.100.9", 443);
    he_tls_hello(&fx, 1, "vpn12345.softether.net", T0); /* SoftEther relay from our host */
    ck_assert_uint_eq(he_count(&fx, "ST-C2-001"), 2);
    he_flow(&fx, 4, 6, "198.51.100.10", 40000, "198.51.100.9", 443);
    he_tls_hello(&fx, 1, "vpn12345.softether.net", T0); /* not from our hosts */
    he_flow(&fx, 5, 6, "10.5.5.5", 40001, "198.51.100.9", 443);
    he_tls_hello(&fx, 1, "www.softether.net", T0);
    he_tls_hello(&fx, 1, "vpn12a45.softether.net", T0);
    ck_assert_uint_eq(he_count(&fx, "ST-C2-001"), 2);
    he_flow(&fx, 6, 6, "10.5.5.5", 40002, "198.51.100.9", 8080);
    he_http_request(&fx, "materialplies.com:8080", "/", T0);
    ck_assert_uint_eq(he_count(&fx, "ST-C2-001"), 3);
    he_flow(&fx, 7, 6, "10.5.5.5", 40003, "198.51.100.9", 80);
    he_http_request(&fx, "benign.example", "/17ABE7F017ABE7F0", T0);
    ck_assert_uint_eq(he_count(&fx, "ST-C2-001"), 4);
    ck_assert_str_eq(fx.seen[3].values[1], "http_uri");
    he_flow(&fx, 8, 6, "10.5.5.5", 40004, "198.51.100.9", 80);
    he_http_request(&fx, "benign.example", "/index.html", T0);
    ck_assert_uint_eq(he_count(&fx, "ST-C2-001"), 4);
    he_teardown(&fx);
}
END_TEST

START_TEST(test_ioc_without_network_sets)
{
    he_fixture fx;
    setup_ioc(&fx, "outputs: []\n");
    he_flow(&fx, 1, 17, "192.0.2.5", 5353, "192.0.2.53", 53);
    he_dns_query(&fx, "api.solveblemten.com", T0);
    ck_assert_uint_eq(he_count(&fx, "ST-C2-001"), 1);
    he_teardown(&fx);
}
END_TEST

/* Raises `id` as the rule engine would, through sw_detect_emit. */
static void rule_alert(he_fixture *fx, const char *id, const char *src, const char *dst, int64_t t)
{
    sw_flow_obs *f = he_flow(fx, 0, 6, src, 40000, dst, 443);
    sw_alert a;
    memset(&a, 0, sizeof(a));
    a.entry = sw_catalog_find(fx->catalog, id);
    ck_assert_ptr_nonnull(a.entry);
    a.severity = a.entry->severity;
    a.ts.sec = t;
    a.flow = f;
    sw_detect_emit(fx->engine, &a);
}

START_TEST(test_scan001_distinct_targets)
{
    he_fixture fx;
    he_setup(&fx, config);
    rule_alert(&fx, "ST-EXP-001", "198.51.100.9", "10.0.0.1", T0);
    rule_alert(&fx, "ST-EXP-003", "198.51.100.9", "10.0.0.1", T0 + 1); /* same target */
    rule_alert(&fx, "ST-EXP-010", "198.51.100.9", "203.0.113.2", T0 + 2);
    rule_alert(&fx, "ST-ACC-005", "198.51.100.9", "10.0.0.3", T0 + 3); /* not ST-EXP-* */
    rule_alert(&fx, "ST-EXP-001", "198.51.100.9", "10.5.5.5", T0 + 4); /* not infra/edge */
    ck_assert_uint_eq(he_count(&fx, "ST-SCAN-001"), 0);
    rule_alert(&fx, "ST-EXP-001", "198.51.100.9", "10.0.0.4", T0 + 5);
    ck_assert_uint_eq(he_count(&fx, "ST-SCAN-001"), 1);
    ck_assert_str_eq(he_evidence(&fx, "ST-SCAN-001", "targets"), "3");
    ck_assert_str_eq(he_evidence(&fx, "ST-SCAN-001", "source"), "198.51.100.9");
    rule_alert(&fx, "ST-EXP-001", "198.51.100.9", "10.0.0.5", T0 + 6); /* once per window */
    ck_assert_uint_eq(he_count(&fx, "ST-SCAN-001"), 1);
    he_teardown(&fx);
}
END_TEST

START_TEST(test_scan001_window_expires)
{
    he_fixture fx;
    he_setup(&fx, config);
    rule_alert(&fx, "ST-EXP-001", "198.51.100.9", "10.0.0.1", T0);
    rule_alert(&fx, "ST-EXP-001", "198.51.100.9", "10.0.0.2", T0 + 10);
    rule_alert(&fx, "ST-EXP-001", "198.51.100.9", "10.0.0.3", T0 + 3700); /* window reset */
    rule_alert(&fx, "ST-EXP-001", "198.51.100.9", "10.0.0.1", T0 + 3701);
    ck_assert_uint_eq(he_count(&fx, "ST-SCAN-001"), 0);
    rule_alert(&fx, "ST-EXP-001", "198.51.100.9", "10.0.0.2", T0 + 3702);
    ck_assert_uint_eq(he_count(&fx, "ST-SCAN-001"), 1);
    he_teardown(&fx);
}
END_TEST

/* Three targets within an hour, the first 59 minutes after the source's very first hit: a
 * window fixed at that first hit ends between them and counts 1 + 2; the sliding one sees 3.
 * Then at most one report per window, and a later sweep is reported again. */
START_TEST(test_scan001_sweep_across_a_window_boundary)
{
    he_fixture fx;
    he_setup(&fx, config);
    rule_alert(&fx, "ST-EXP-001", "198.51.100.9", "10.0.0.1", T0);
    rule_alert(&fx, "ST-EXP-001", "198.51.100.9", "10.0.0.2", T0 + 3540);
    rule_alert(&fx, "ST-EXP-001", "198.51.100.9", "10.0.0.3", T0 + 3650);
    ck_assert_uint_eq(he_count(&fx, "ST-SCAN-001"), 0); /* .1 is 3650 s old: out */
    rule_alert(&fx, "ST-EXP-001", "198.51.100.9", "10.0.0.4", T0 + 3660);
    ck_assert_uint_eq(he_count(&fx, "ST-SCAN-001"), 1);
    ck_assert_str_eq(he_evidence(&fx, "ST-SCAN-001", "targets"), "3");
    rule_alert(&fx, "ST-EXP-001", "198.51.100.9", "10.0.0.5", T0 + 5000);
    rule_alert(&fx, "ST-EXP-001", "198.51.100.9", "10.0.0.6", T0 + 7000);
    ck_assert_uint_eq(he_count(&fx, "ST-SCAN-001"), 1); /* within an hour of the report */
    rule_alert(&fx, "ST-EXP-001", "198.51.100.9", "10.0.0.7", T0 + 7300);
    ck_assert_uint_eq(he_count(&fx, "ST-SCAN-001"), 2); /* .5 .6 .7 within the hour to 7300 */
    he_teardown(&fx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("detect-c2");
    TCase *tc = tcase_create("ioc");
    tcase_add_test(tc, test_acc006_ioc_endpoints);
    tcase_add_test(tc, test_c2001_names);
    tcase_add_test(tc, test_ioc_without_network_sets);
    suite_add_tcase(s, tc);
    tc = tcase_create("scan001");
    tcase_add_test(tc, test_scan001_distinct_targets);
    tcase_add_test(tc, test_scan001_window_expires);
    tcase_add_test(tc, test_scan001_sweep_across_a_window_boundary);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
