/* ST-ACC-001, ST-ACC-003 and ST-ACC-004 over hand-made observations. Expected verdicts follow
 * docs/detections.md section 5 (and the port helper p != 22 and p % 100 == 22) applied by hand
 * to the addresses and ports below. */
#include "detect.h" /* SW_DETECT_BANNER_KEEP */
#include "helper-engine.h"
#include "sw-test.h"

#include <stdlib.h>
#include <string.h>

#define T0 1700000000

static const char config[] = "networks:\n"
                             "  infra: [10.0.0.0/24]\n"
                             "  noc: [10.9.0.0/24]\n"
                             "  own: [10.0.0.0/8]\n"
                             "detections:\n"
                             "  ST-ACC-001: {allowed-ports: [2222]}\n"
                             "  ST-ACC-004: {learning-period: 60, allowed-ports: [830]}\n";

/* One SSH session to dst:dp with the server's banner; returns ACC-001 alerts so far. */
static size_t ssh_server_banner(he_fixture *fx, uint64_t id, const char *src, const char *dst,
                                uint16_t dp, int64_t t)
{
    he_flow(fx, id, 6, src, 40000, dst, dp);
    he_ssh_banner(fx, 0, "OpenSSH_8.9", t);
    return he_count(fx, "ST-ACC-001");
}

START_TEST(test_acc001_high_port_ssh)
{
    he_fixture fx;
    he_setup(&fx, config);
    ck_assert_uint_eq(ssh_server_banner(&fx, 1, "198.51.100.9", "10.0.0.1", 22022, T0), 1);
    ck_assert_str_eq(he_evidence(&fx, "ST-ACC-001", "infra"), "10.0.0.1");
    ck_assert_str_eq(he_evidence(&fx, "ST-ACC-001", "peer"), "198.51.100.9");
    ck_assert_str_eq(he_evidence(&fx, "ST-ACC-001", "port"), "22022");
    ck_assert_str_eq(he_evidence(&fx, "ST-ACC-001", "banner"), "SSH-2.0-OpenSSH_8.9");
    /* The client's banner on the same flow: still one alert for the flow. */
    he_ssh_banner(&fx, 1, "OpenSSH_9.6", T0);
    ck_assert_uint_eq(he_count(&fx, "ST-ACC-001"), 1);
    /* Infra as the client of an xxx22 server outside counts too. */
    ck_assert_uint_eq(ssh_server_banner(&fx, 2, "10.0.0.2", "198.51.100.9", 10022, T0), 2);
    he_teardown(&fx);
}
END_TEST

START_TEST(test_acc001_boundaries)
{
    he_fixture fx;
    he_setup(&fx, config);
    ck_assert_uint_eq(ssh_server_banner(&fx, 1, "198.51.100.9", "10.0.0.1", 22, T0), 0);
    ck_assert_uint_eq(ssh_server_banner(&fx, 2, "198.51.100.9", "10.0.0.1", 2222, T0), 0);
    ck_assert_uint_eq(ssh_server_banner(&fx, 3, "198.51.100.9", "10.0.0.1", 922, T0), 0);
    ck_assert_uint_eq(ssh_server_banner(&fx, 4, "198.51.100.9", "10.0.0.1", 22023, T0), 0);
    ck_assert_uint_eq(ssh_server_banner(&fx, 5, "198.51.100.9", "198.51.100.10", 22022, T0), 0);
    /* 1022 is the lowest port the catalog names (p >= 1022). */
    ck_assert_uint_eq(ssh_server_banner(&fx, 6, "198.51.100.9", "10.0.0.1", 1022, T0), 1);
    /* 57722 ends in 22 but is IOS XR sshd_operns: ST-ACC-002's, not raised twice. */
    ck_assert_uint_eq(ssh_server_banner(&fx, 7, "198.51.100.9", "10.0.0.1", 57722, T0), 1);
    he_teardown(&fx);
}
END_TEST

START_TEST(test_acc003_web_listener_18xxx)
{
    he_fixture fx;
    he_setup(&fx, config);
    he_flow(&fx, 1, 6, "10.9.0.4", 50000, "10.0.0.1", 18443);
    he_tls_hello(&fx, 1, "", T0);
    ck_assert_uint_eq(he_count(&fx, "ST-ACC-003"), 1);
    ck_assert_str_eq(he_evidence(&fx, "ST-ACC-003", "service"), "tls");
    ck_assert_str_eq(he_evidence(&fx, "ST-ACC-003", "port"), "18443");
    /* Same listener, new flow: the listener was already reported. */
    he_flow(&fx, 2, 6, "10.9.0.5", 50001, "10.0.0.1", 18443);
    he_tls_hello(&fx, 1, "", T0 + 5);
    ck_assert_uint_eq(he_count(&fx, "ST-ACC-003"), 1);
    he_flow(&fx, 3, 6, "10.9.0.4", 50002, "10.0.0.1", 17999);
    he_http_request(&fx, "r1", "/", T0);
    he_flow(&fx, 4, 6, "10.9.0.4", 50003, "10.0.0.1", 19000);
    he_http_request(&fx, "r1", "/", T0);
    he_flow(&fx, 5, 6, "10.9.0.4", 50004, "10.5.5.5", 18080);
    he_http_request(&fx, "h", "/", T0);
    ck_assert_uint_eq(he_count(&fx, "ST-ACC-003"), 1);
    he_flow(&fx, 6, 6, "10.9.0.4", 50005, "10.0.0.2", 18000);
    he_http_request(&fx, "r2", "/", T0);
    ck_assert_uint_eq(he_count(&fx, "ST-ACC-003"), 2);
    he_teardown(&fx);
}
END_TEST

/* The learning phase of ST-ACC-004: SSH on 22 and TLS on 443 of 10.0.0.1, first seen at T0. */
static void learn_ports(he_fixture *fx)
{
    he_flow(fx, 1, 6, "10.9.0.4", 40000, "10.0.0.1", 22);
    he_ssh_banner(fx, 0, "Cisco-1.25", T0);
    he_flow(fx, 2, 6, "10.9.0.4", 40001, "10.0.0.1", 443);
    he_tls_hello(fx, 0, "", T0 + 30);
}

START_TEST(test_acc004_learn_then_alert)
{
    he_fixture fx;
    he_setup(&fx, config);
    learn_ports(&fx);
    he_flow(&fx, 3, 6, "10.9.0.4", 40002, "10.0.0.1", 2200);
    he_ssh_banner(&fx, 0, "Cisco-1.25", T0 + 59); /* still learning: joins the baseline */
    ck_assert_uint_eq(he_count(&fx, "ST-ACC-004"), 0);
    he_flow(&fx, 4, 6, "10.9.0.4", 40003, "10.0.0.1", 22);
    he_ssh_banner(&fx, 0, "Cisco-1.25", T0 + 61);
    he_flow(&fx, 5, 6, "10.9.0.4", 40004, "10.0.0.1", 830); /* allowed port */
    he_ssh_banner(&fx, 0, "Cisco-1.25", T0 + 62);
    he_flow(&fx, 6, 6, "10.9.0.4", 40005, "10.0.0.1", 8443); /* client side only */
    he_tls_hello(&fx, 1, "", T0 + 62);
    ck_assert_uint_eq(he_count(&fx, "ST-ACC-004"), 0);
    he_flow(&fx, 7, 6, "10.9.0.4", 40006, "10.0.0.1", 8443);
    he_tls_hello(&fx, 0, "", T0 + 63);
    ck_assert_uint_eq(he_count(&fx, "ST-ACC-004"), 1);
    ck_assert_str_eq(he_evidence(&fx, "ST-ACC-004", "port"), "8443");
    ck_assert_str_eq(he_evidence(&fx, "ST-ACC-004", "service"), "tls");
    he_flow(&fx, 8, 6, "10.9.0.5", 40007, "10.0.0.1", 8443); /* now in the baseline */
    he_tls_hello(&fx, 0, "", T0 + 64);
    ck_assert_uint_eq(he_count(&fx, "ST-ACC-004"), 1);
    he_teardown(&fx);
}
END_TEST

/* Telnet answered from a port of a device is a new listener like SSH or TLS; the banner is
 * evidence, cut to SW_DETECT_BANNER_KEEP characters with "..." and made printable. */
START_TEST(test_acc004_telnet)
{
    he_fixture fx;
    he_setup(&fx, config);
    he_flow(&fx, 1, 6, "10.9.0.4", 40000, "10.0.0.1", 23);
    he_telnet(&fx, "User Access Verification", T0);
    he_flow(&fx, 2, 6, "10.9.0.4", 40001, "10.0.0.1", 23); /* learned: silent */
    he_telnet(&fx, "User Access Verification", T0 + 61);
    he_flow(&fx, 3, 6, "10.0.0.9", 40002, "10.9.0.4", 2323); /* not infrastructure's port */
    he_telnet(&fx, "login:", T0 + 62);
    ck_assert_uint_eq(he_count(&fx, "ST-ACC-004"), 0);
    char banner[200];
    memset(banner, 'x', 120);
    memcpy(banner, "R1 \x01", 4);
    banner[120] = '\0';
    he_flow(&fx, 4, 6, "10.9.0.4", 40003, "10.0.0.1", 2323);
    he_telnet(&fx, banner, T0 + 63);
    ck_assert_uint_eq(he_count(&fx, "ST-ACC-004"), 1);
    ck_assert_str_eq(he_evidence(&fx, "ST-ACC-004", "service"), "telnet");
    ck_assert_str_eq(he_evidence(&fx, "ST-ACC-004", "port"), "2323");
    const char *ev = he_evidence(&fx, "ST-ACC-004", "banner");
    ck_assert_uint_eq(strlen(ev), SW_DETECT_BANNER_KEEP + 3);
    ck_assert(strncmp(ev, "R1 .xxx", 7) == 0);
    ck_assert_str_eq(ev + SW_DETECT_BANNER_KEEP, "...");
    he_teardown(&fx);
}
END_TEST

START_TEST(test_acc004_state_round_trip)
{
    he_fixture fx;
    he_setup(&fx, config);
    learn_ports(&fx);
    size_t len = 0;
    char *text = sw_engine_state_save(fx.engine, &len);
    ck_assert_ptr_nonnull(text);
    ck_assert_uint_eq(strlen(text), len);
    /* A restarted engine, one hour later: learning is over, the ports are still known. */
    sw_engine_free(fx.engine);
    fx.engine = he_engine(&fx);
    sw_error err;
    ck_assert_int_eq(sw_engine_state_load(fx.engine, text, len, &err), SW_OK);
    free(text);
    he_flow(&fx, 9, 6, "10.9.0.4", 40000, "10.0.0.1", 443);
    he_tls_hello(&fx, 0, "", T0 + 3600);
    ck_assert_uint_eq(he_count(&fx, "ST-ACC-004"), 0);
    he_flow(&fx, 10, 6, "10.9.0.4", 40000, "10.0.0.1", 2200);
    he_ssh_banner(&fx, 0, "Cisco-1.25", T0 + 3601);
    ck_assert_uint_eq(he_count(&fx, "ST-ACC-004"), 1);
    he_teardown(&fx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("detect-access");
    TCase *tc = tcase_create("acc001");
    tcase_add_test(tc, test_acc001_high_port_ssh);
    tcase_add_test(tc, test_acc001_boundaries);
    suite_add_tcase(s, tc);
    tc = tcase_create("acc003");
    tcase_add_test(tc, test_acc003_web_listener_18xxx);
    suite_add_tcase(s, tc);
    tc = tcase_create("acc004");
    tcase_add_test(tc, test_acc004_learn_then_alert);
    tcase_add_test(tc, test_acc004_telnet);
    tcase_add_test(tc, test_acc004_state_round_trip);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
