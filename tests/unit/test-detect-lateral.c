/* ST-LAT-001..004 over hand-made observations; verdicts from docs/detections.md section 5 and
 * docs/detections-impl.md applied by hand to the addresses below. */
#include "helper-engine.h"
#include "sw-test.h"

#include <stdio.h>
#include <string.h>

#define T0 1700000000

static const char config[] = "networks:\n"
                             "  infra: [10.0.0.0/24]\n"
                             "  noc: [10.9.0.0/24]\n"
                             "  file_servers: [10.5.0.0/24]\n"
                             "  own: [10.0.0.0/8]\n"
                             "detections:\n"
                             "  ST-LAT-001: {learning-period: 60, state-entries: 16}\n"
                             "  ST-LAT-002: {allowed-destinations: [192.0.2.0/24]}\n"
                             "  ST-LAT-003: {allowed-sources: [10.9.0.99]}\n"
                             "  ST-LAT-004: {window: 60}\n";

static void session(he_fixture *fx, uint64_t id, const char *src, const char *dst, int64_t t)
{
    he_flow(fx, id, 6, src, 40000, dst, 22);
    he_flow_event(fx, SW_OBS_FLOW_ESTABLISHED, t);
}

static size_t client_banner(he_fixture *fx, uint64_t id, const char *src, const char *dst,
                            const char *software, const char *id_to_count)
{
    he_flow(fx, id, 6, src, 40000, dst, 22);
    he_ssh_banner(fx, 1, software, T0);
    return he_count(fx, id_to_count);
}

START_TEST(test_lat001_first_seen_pair)
{
    he_fixture fx;
    he_setup(&fx, config);
    session(&fx, 1, "10.0.0.1", "10.0.0.2", T0);
    session(&fx, 2, "10.0.0.1", "10.0.0.2", T0 + 61);
    ck_assert_uint_eq(he_count(&fx, "ST-LAT-001"), 0);
    session(&fx, 3, "10.0.0.3", "10.0.0.2", T0 + 62);
    ck_assert_uint_eq(he_count(&fx, "ST-LAT-001"), 1);
    ck_assert_str_eq(he_evidence(&fx, "ST-LAT-001", "source"), "10.0.0.3");
    ck_assert_str_eq(he_evidence(&fx, "ST-LAT-001", "destination"), "10.0.0.2");
    session(&fx, 4, "10.0.0.3", "10.0.0.2", T0 + 63); /* reported once, now known */
    session(&fx, 5, "10.9.0.4", "10.0.0.2", T0 + 64); /* NOC host: not a device pair */
    ck_assert_uint_eq(he_count(&fx, "ST-LAT-001"), 1);
    he_teardown(&fx);
}
END_TEST

/* Telnet on another port than 23 is an interactive session from its greeting; on 23 the
 * handshake already counted it, so the greeting does not count it twice. */
START_TEST(test_lat001_telnet_pair)
{
    he_fixture fx;
    he_setup(&fx, config);
    he_flow(&fx, 1, 6, "10.0.0.1", 40000, "10.0.0.2", 2323);
    he_telnet(&fx, "rtr2 login:", T0);
    he_flow(&fx, 2, 6, "10.0.0.3", 40000, "10.0.0.2", 2323);
    he_telnet(&fx, "rtr2 login:", T0 + 61);
    ck_assert_uint_eq(he_count(&fx, "ST-LAT-001"), 1);
    ck_assert_str_eq(he_evidence(&fx, "ST-LAT-001", "service"), "telnet");
    ck_assert_str_eq(he_evidence(&fx, "ST-LAT-001", "banner"), "rtr2 login:");
    ck_assert_str_eq(he_evidence(&fx, "ST-LAT-001", "port"), "2323");
    he_flow(&fx, 3, 6, "10.0.0.4", 40000, "10.0.0.2", 23);
    he_telnet(&fx, "rtr2 login:", T0 + 62); /* port 23: counted by the handshake only */
    ck_assert_uint_eq(he_count(&fx, "ST-LAT-001"), 1);
    he_flow_event(&fx, SW_OBS_FLOW_ESTABLISHED, T0 + 62);
    ck_assert_uint_eq(he_count(&fx, "ST-LAT-001"), 2);
    he_teardown(&fx);
}
END_TEST

/* The loopback variant: sources in loopback_ranges that are not inventoried loopbacks, with no
 * learning period (the inventory is the operator's). Addresses checked by hand against the
 * ranges below. */
static const char loopback_config[] = "networks:\n"
                                      "  infra: [10.0.0.0/24, 10.255.0.0/24]\n"
                                      "  loopback_ranges: [10.255.0.0/24]\n"
                                      "  loopbacks: [10.255.0.1, 10.255.0.2]\n"
                                      "detections:\n"
                                      "  ST-LAT-001: {learning-period: 60}\n";

START_TEST(test_lat001_uninventoried_loopback)
{
    he_fixture fx;
    he_setup(&fx, loopback_config);
    session(&fx, 1, "10.255.0.1", "10.0.0.2", T0);   /* inventoried, learning */
    session(&fx, 2, "10.0.0.5", "10.0.0.2", T0 + 1); /* not in the ranges */
    ck_assert_uint_eq(he_count(&fx, "ST-LAT-001"), 0);
    session(&fx, 3, "10.255.0.9", "10.0.0.2", T0 + 2); /* still learning, yet reported */
    ck_assert_uint_eq(he_count(&fx, "ST-LAT-001"), 1);
    ck_assert_str_eq(he_evidence(&fx, "ST-LAT-001", "source"), "10.255.0.9");
    ck_assert_str_eq(he_evidence(&fx, "ST-LAT-001", "service"), "ssh");
    ck_assert_str_eq(he_evidence(&fx, "ST-LAT-001", "baseline"),
                     "source is a loopback not in the inventory");
    session(&fx, 4, "10.255.0.9", "10.0.0.2", T0 + 70); /* every session: the pair is no excuse */
    ck_assert_uint_eq(he_count(&fx, "ST-LAT-001"), 2);
    session(&fx, 5, "10.255.0.2", "10.0.0.3", T0 + 71); /* inventoried, but a new pair */
    ck_assert_uint_eq(he_count(&fx, "ST-LAT-001"), 3);
    ck_assert_str_eq(he_evidence(&fx, "ST-LAT-001", "source"), "10.255.0.9");
    session(&fx, 6, "10.255.0.9", "10.9.9.9", T0 + 72); /* destination outside infra */
    ck_assert_uint_eq(he_count(&fx, "ST-LAT-001"), 3);
    he_teardown(&fx);
}
END_TEST

START_TEST(test_lat001_state_cap_counts_drops)
{
    he_fixture fx;
    he_setup(&fx, config);
    /* 40 distinct pairs into a 16-entry table: at least 24 must be dropped and counted. */
    for (int i = 0; i < 40; i++) {
        char dst[32];
        snprintf(dst, sizeof(dst), "10.0.0.%d", 100 + i);
        session(&fx, (uint64_t)(10 + i), "10.0.0.1", dst, T0 + i);
    }
    sw_engine_stats st;
    sw_engine_get_stats(fx.engine, &st);
    ck_assert_uint_ge(st.state_dropped, 24);
    he_teardown(&fx);
}
END_TEST

START_TEST(test_lat002_device_ssh_out)
{
    he_fixture fx;
    he_setup(&fx, config);
    ck_assert_uint_eq(
        client_banner(&fx, 1, "10.0.0.1", "198.51.100.9", "OpenSSH_8.0", "ST-LAT-002"), 1);
    ck_assert_str_eq(he_evidence(&fx, "ST-LAT-002", "server"), "198.51.100.9");
    ck_assert_str_eq(he_evidence(&fx, "ST-LAT-002", "banner"), "SSH-2.0-OpenSSH_8.0");
    ck_assert_uint_eq(client_banner(&fx, 2, "10.0.0.1", "10.9.0.4", "OpenSSH_8.0", "ST-LAT-002"),
                      1);
    ck_assert_uint_eq(client_banner(&fx, 3, "10.0.0.1", "10.5.0.7", "OpenSSH_8.0", "ST-LAT-002"),
                      1);
    ck_assert_uint_eq(client_banner(&fx, 4, "10.0.0.1", "10.0.0.2", "OpenSSH_8.0", "ST-LAT-002"),
                      1);
    ck_assert_uint_eq(client_banner(&fx, 5, "10.0.0.1", "192.0.2.8", "OpenSSH_8.0", "ST-LAT-002"),
                      1);
    ck_assert_uint_eq(
        client_banner(&fx, 6, "10.5.5.5", "198.51.100.9", "OpenSSH_8.0", "ST-LAT-002"), 1);
    he_flow(&fx, 7, 6, "10.0.0.1", 40000, "198.51.100.9", 22);
    he_ssh_banner(&fx, 0, "OpenSSH_8.0", T0); /* a server banner is not a client */
    ck_assert_uint_eq(he_count(&fx, "ST-LAT-002"), 1);
    he_teardown(&fx);
}
END_TEST

START_TEST(test_lat003_go_client)
{
    he_fixture fx;
    he_setup(&fx, config);
    ck_assert_uint_eq(client_banner(&fx, 1, "10.9.0.4", "10.0.0.1", "Go", "ST-LAT-003"), 1);
    ck_assert_uint_eq(he_count(&fx, "ST-LAT-002"), 0);
    ck_assert_str_eq(he_evidence(&fx, "ST-LAT-003", "banner"), "SSH-2.0-Go");
    ck_assert_uint_eq(client_banner(&fx, 2, "10.9.0.4", "10.0.0.1", "Gogs", "ST-LAT-003"), 1);
    ck_assert_uint_eq(client_banner(&fx, 3, "10.9.0.4", "10.0.0.1", "OpenSSH_9", "ST-LAT-003"), 1);
    ck_assert_uint_eq(client_banner(&fx, 4, "10.9.0.4", "10.5.5.5", "Go", "ST-LAT-003"), 1);
    ck_assert_uint_eq(client_banner(&fx, 5, "198.51.100.9", "10.0.0.1", "Go", "ST-LAT-003"), 1);
    ck_assert_uint_eq(client_banner(&fx, 6, "10.9.0.99", "10.0.0.1", "Go", "ST-LAT-003"), 1);
    /* From a device to outside: both LAT-002 (device SSH out) and LAT-003 apply. */
    ck_assert_uint_eq(client_banner(&fx, 7, "10.0.0.1", "198.51.100.9", "Go", "ST-LAT-003"), 2);
    he_teardown(&fx);
}
END_TEST

START_TEST(test_lat004_relay_chain)
{
    he_fixture fx;
    he_setup(&fx, config);
    session(&fx, 1, "10.20.0.1", "10.0.0.1", T0);
    session(&fx, 2, "10.0.0.1", "10.0.0.2", T0 + 30);
    ck_assert_uint_eq(he_count(&fx, "ST-LAT-004"), 1);
    ck_assert_str_eq(he_evidence(&fx, "ST-LAT-004", "origin"), "10.20.0.1");
    ck_assert_str_eq(he_evidence(&fx, "ST-LAT-004", "relay"), "10.0.0.1");
    ck_assert_str_eq(he_evidence(&fx, "ST-LAT-004", "target"), "10.0.0.2");
    ck_assert_str_eq(he_evidence(&fx, "ST-LAT-004", "hops"), "2");
    /* Hop three extends the chain. */
    session(&fx, 3, "10.0.0.2", "10.0.0.3", T0 + 40);
    ck_assert_uint_eq(he_count(&fx, "ST-LAT-004"), 2);
    /* Hop four is Telnet on 2323, seen only from its greeting: it extends the chain too. */
    he_flow(&fx, 4, 6, "10.0.0.3", 40000, "10.0.0.4", 2323);
    he_telnet(&fx, "rtr4 login:", T0 + 50);
    ck_assert_uint_eq(he_count(&fx, "ST-LAT-004"), 3);
    he_teardown(&fx);
}
END_TEST

START_TEST(test_lat004_negatives)
{
    he_fixture fx;
    he_setup(&fx, config);
    session(&fx, 1, "10.20.0.1", "10.0.0.1", T0);
    session(&fx, 2, "10.0.0.1", "10.0.0.2", T0 + 61);  /* outside the 60 s window */
    session(&fx, 3, "10.9.0.4", "10.0.0.5", T0 + 100); /* chain begun in the NOC */
    session(&fx, 4, "10.0.0.5", "10.0.0.6", T0 + 110);
    ck_assert_uint_eq(he_count(&fx, "ST-LAT-004"), 0);
    he_teardown(&fx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("detect-lateral");
    TCase *tc = tcase_create("lat001");
    tcase_add_test(tc, test_lat001_first_seen_pair);
    tcase_add_test(tc, test_lat001_telnet_pair);
    tcase_add_test(tc, test_lat001_uninventoried_loopback);
    tcase_add_test(tc, test_lat001_state_cap_counts_drops);
    suite_add_tcase(s, tc);
    tc = tcase_create("lat002-003");
    tcase_add_test(tc, test_lat002_device_ssh_out);
    tcase_add_test(tc, test_lat003_go_client);
    suite_add_tcase(s, tc);
    tc = tcase_create("lat004");
    tcase_add_test(tc, test_lat004_relay_chain);
    tcase_add_test(tc, test_lat004_negatives);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
