/* The bounded state table (eviction of the least recently seen entry, drop counting) and the
 * baseline state text: every corrupt or mismatched input is refused with a clear error and
 * leaves the engine's learned state exactly as it was. */
#include "baseline-table.h"
#include "helper-engine.h"
#include "sw-test.h"

#include <stdlib.h>
#include <string.h>

#define T0 1700000000

START_TEST(test_table_evicts_stalest)
{
    sw_state_table *t = sw_state_table_new(8); /* one bucket of 8 ways */
    ck_assert_uint_eq(sw_state_table_slots(t), 8);
    uint64_t dropped = 0;
    sw_ip ip;
    for (int i = 0; i < 8; i++) {
        uint8_t v4[4] = {10, 0, 0, (uint8_t)i};
        sw_ip_from_v4(&ip, v4);
        sw_state_key k = sw_state_key_make(&ip, NULL, 22, 1);
        int created = 0;
        sw_state_table_upsert(t, &k, 100 + i, &created, &dropped);
        ck_assert_int_eq(created, 1);
    }
    ck_assert_uint_eq(sw_state_table_count(t), 8);
    ck_assert_uint_eq(dropped, 0);
    uint8_t nine[4] = {10, 0, 0, 9}, zero[4] = {10, 0, 0, 0}, one[4] = {10, 0, 0, 1};
    sw_ip_from_v4(&ip, nine);
    sw_state_key k9 = sw_state_key_make(&ip, NULL, 22, 1);
    sw_state_table_upsert(t, &k9, 200, NULL, &dropped);
    ck_assert_uint_eq(dropped, 1);
    ck_assert_uint_eq(sw_state_table_count(t), 8);
    sw_ip_from_v4(&ip, zero); /* last seen at 100: the one evicted */
    sw_state_key k0 = sw_state_key_make(&ip, NULL, 22, 1);
    ck_assert_ptr_null(sw_state_table_find(t, &k0));
    sw_ip_from_v4(&ip, one);
    sw_state_key k1 = sw_state_key_make(&ip, NULL, 22, 1);
    ck_assert_ptr_nonnull(sw_state_table_find(t, &k1));
    sw_state_key other_kind = sw_state_key_make(&ip, NULL, 22, 2);
    ck_assert_ptr_null(sw_state_table_find(t, &other_kind));
    sw_state_table_free(t);
}
END_TEST

static const char config[] = "networks: {infra: [10.0.0.0/24]}\n"
                             "detections: {ST-ACC-004: {learning-period: 60}}\n";

static size_t new_port_alerts(he_fixture *fx, uint16_t port, int64_t t)
{
    he_flow(fx, port, 6, "10.9.0.4", 40000, "10.0.0.1", port);
    he_ssh_banner(fx, 0, "Cisco-1.25", t);
    return he_count(fx, "ST-ACC-004");
}

START_TEST(test_corrupt_state_rejected_engine_unchanged)
{
    he_fixture fx;
    he_setup(&fx, config);
    new_port_alerts(&fx, 22, T0);
    size_t len = 0;
    char *good = sw_engine_state_save(fx.engine, &len);
    static const char *const bad[] = {
        "",
        "not json",
        "[1,2]",
        "{\"format\":\"other\",\"version\":1,\"learning_start\":0}",
        "{\"format\":\"seawall-baseline\",\"version\":1}",
        "{\"format\":\"seawall-baseline\",\"version\":1,\"learning_start\":0,\"server_ports\":[],"
        "\"device_pairs\":[],\"log_cadence\":{}}",
        "{\"format\":\"seawall-baseline\",\"version\":1,\"learning_start\":0,\"server_ports\":"
        "[{\"ip\":\"10.0.0.1\",\"port\":70000,\"first\":1,\"last\":1}],\"device_pairs\":[],"
        "\"log_cadence\":[]}",
        "{\"format\":\"seawall-baseline\",\"version\":1,\"learning_start\":0,\"server_ports\":"
        "[{\"ip\":\"10.0.0.999\",\"port\":22,\"first\":1,\"last\":1}],\"device_pairs\":[],"
        "\"log_cadence\":[]}",
        "{\"format\":\"seawall-baseline\",\"version\":1,\"learning_start\":0,\"server_ports\":[],"
        "\"device_pairs\":[],\"log_cadence\":[{\"device\":\"10.0.0.1\",\"channel\":\"email\","
        "\"collector\":\"10.6.1.5\",\"port\":514,\"count\":3,\"mean_interval\":10,\"last\":1}]}",
    };
    sw_error err;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        memset(&err, 0, sizeof(err));
        ck_assert_int_eq(sw_engine_state_load(fx.engine, bad[i], strlen(bad[i]), &err),
                         SW_ERR_PARSE);
        ck_assert_msg(strstr(err.text, "state not loaded") != NULL, "%zu: %s", i, err.text);
    }
    static const char newer[] = "{\"format\":\"seawall-baseline\",\"version\":2,"
                                "\"learning_start\":0}";
    ck_assert_int_eq(sw_engine_state_load(fx.engine, newer, strlen(newer), &err),
                     SW_ERR_UNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(err.text, "version 2"));
    /* Still the engine that learned port 22 at T0 (learning over at T0 + 60). */
    ck_assert_uint_eq(new_port_alerts(&fx, 22, T0 + 100), 0);
    ck_assert_uint_eq(new_port_alerts(&fx, 2200, T0 + 101), 1);
    /* The saved text loads back, and saving again gives the same text. */
    ck_assert_int_eq(sw_engine_state_load(fx.engine, good, len, &err), SW_OK);
    char *again = sw_engine_state_save(fx.engine, NULL);
    ck_assert_str_eq(again, good);
    free(again);
    free(good);
    he_teardown(&fx);
}
END_TEST

/* A state file written before syslog and traps were kept apart has no "channel": the collector
 * port tells them apart, and both cadences of one device survive the load and the next save. */
START_TEST(test_cadence_channel_from_older_file)
{
    he_fixture fx;
    he_setup(&fx, config);
    static const char older[] =
        "{\"format\":\"seawall-baseline\",\"version\":1,\"learning_start\":1,"
        "\"server_ports\":[],\"device_pairs\":[],\"log_cadence\":["
        "{\"device\":\"10.0.0.1\",\"collector\":\"10.6.1.5\",\"port\":514,\"count\":3,"
        "\"mean_interval\":10,\"last\":100},"
        "{\"device\":\"10.0.0.1\",\"collector\":\"10.6.2.7\",\"port\":162,\"count\":4,"
        "\"mean_interval\":20,\"last\":200}]}";
    sw_error err;
    ck_assert_int_eq(sw_engine_state_load(fx.engine, older, strlen(older), &err), SW_OK);
    char *text = sw_engine_state_save(fx.engine, NULL);
    ck_assert_ptr_nonnull(strstr(text, "\"channel\":\"syslog\",\"collector\":\"10.6.1.5\""));
    ck_assert_ptr_nonnull(strstr(text, "\"channel\":\"traps\",\"collector\":\"10.6.2.7\""));
    free(text);
    he_teardown(&fx);
}
END_TEST

/* What a restart or a reload does: the state `from` saves is loaded by `to`. */
static void carry_state(const he_fixture *from, he_fixture *to)
{
    size_t len = 0;
    char *text = sw_engine_state_save(from->engine, &len);
    ck_assert_ptr_nonnull(text);
    sw_error err;
    ck_assert_int_eq(sw_engine_state_load(to->engine, text, len, &err), SW_OK);
    free(text);
}

static uint64_t clock_resets(const he_fixture *fx)
{
    sw_engine_stats st;
    sw_engine_get_stats(fx->engine, &st);
    return st.learning_clock_reset;
}

/* An engine that never observed anything saves learning_start 0; the engine that loads it (the
 * engine swap at start and on SIGHUP does exactly this) must still learn from its own first
 * observation, not treat learning as over since 1970. */
START_TEST(test_unstarted_clock_stays_unstarted)
{
    he_fixture idle, next;
    he_setup(&idle, config);
    he_setup(&next, config);
    carry_state(&idle, &next);
    ck_assert_uint_eq(new_port_alerts(&next, 2201, T0), 0);      /* learning starts here */
    ck_assert_uint_eq(new_port_alerts(&next, 2202, T0 + 59), 0); /* still learning */
    ck_assert_uint_eq(new_port_alerts(&next, 2203, T0 + 61), 1); /* period (60 s) over */
    ck_assert_uint_eq(clock_resets(&next), 0);
    he_teardown(&idle);
    he_teardown(&next);
}
END_TEST

/* A state file whose clock starts years after the traffic (a replay with wrong timestamps wrote
 * it) must not keep the baselines learning, and silent, until then: learning lasts one period
 * from the first traffic, and the reset is counted. */
START_TEST(test_future_clock_moved_back_to_traffic)
{
    he_fixture future, next, later;
    he_setup(&future, config);
    he_setup(&next, config);
    he_setup(&later, config);
    const int64_t years = (int64_t)3 * 365 * 86400;
    ck_assert_uint_eq(new_port_alerts(&future, 2201, T0 + years), 0); /* its clock starts */
    carry_state(&future, &next);
    ck_assert_uint_eq(new_port_alerts(&next, 2202, T0), 0);      /* learning from here */
    ck_assert_uint_eq(new_port_alerts(&next, 2203, T0 + 59), 0); /* still learning */
    ck_assert_uint_eq(new_port_alerts(&next, 2204, T0 + 61), 1); /* one period, not years */
    ck_assert_uint_eq(clock_resets(&next), 1);
    /* A clock before the traffic, as every restart loads, is kept and not counted. */
    carry_state(&next, &later);
    ck_assert_uint_eq(new_port_alerts(&later, 2205, T0 + 61), 1); /* over since T0 + 60 */
    ck_assert_uint_eq(clock_resets(&later), 0);
    he_teardown(&future);
    he_teardown(&next);
    he_teardown(&later);
}
END_TEST

START_TEST(test_config_errors_name_the_key)
{
    he_fixture fx;
    memset(&fx, 0, sizeof(fx));
    sw_error err;
    ck_assert_int_eq(
        sw_catalog_load_file(sw_test_source("signatures/catalog.yaml"), &fx.catalog, &err), SW_OK);
    static const char *const bad[] = {
        "detections: {ST-ACC-004: {learning-period: 5x}}\n",
        "detections: {ST-ACC-001: {allowed-ports: [0]}}\n",
        "detections: {ST-LAT-002: {allowed-destinations: [10.0.0.1/8]}}\n",
        "detections: {ST-SCAN-001: {threshold: 1}}\n",
        "detections: {ST-ACC-001: {learning-period: 60}}\n",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        sw_engine_config *cfg = sw_engine_config_new();
        sw_conf_node *root = NULL;
        ck_assert_int_eq(sw_conf_load_string(bad[i], strlen(bad[i]), "c.yaml", &root, &err), SW_OK);
        memset(&err, 0, sizeof(err));
        ck_assert_int_ne(sw_engine_config_apply(cfg, root, fx.catalog, &err), SW_OK);
        ck_assert_msg(err.line == 1 && err.key[0] != '\0', "%zu: %u %s %s", i, err.line, err.key,
                      err.text);
        sw_conf_free(root);
        sw_engine_config_free(cfg);
    }
    sw_catalog_free(fx.catalog);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("baseline");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, test_table_evicts_stalest);
    suite_add_tcase(s, tc);
    tc = tcase_create("state");
    tcase_add_test(tc, test_corrupt_state_rejected_engine_unchanged);
    tcase_add_test(tc, test_unstarted_clock_stays_unstarted);
    tcase_add_test(tc, test_future_clock_moved_back_to_traffic);
    tcase_add_test(tc, test_cadence_channel_from_older_file);
    tcase_add_test(tc, test_config_errors_name_the_key);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
