/* ST-SNMP-002/003/004 over hand-made SNMP observations, the core SHA-256 that redacts
 * communities, and the numeric detection settings. Digests come from coreutils sha256sum
 * (printf 's3cr3t-community' | sha256sum) and FIPS 180-2 appendix B; severities, thresholds and
 * OIDs from docs/detections.md section 5 and the MIB registrations cited in detect-snmp-ops.c. */
#include "helper-detect.h"
#include "sw-test.h"
#include "util-sha256.h"

#include <stdio.h>
#include <string.h>

#define COMMUNITY    "s3cr3t-community"
#define COMMUNITY_ID "4c4e4c9543a3" /* first 12 hex of its SHA-256 (sha256sum) */
#define OUTSIDER     "198.51.100.9"
#define NMS_HOST     "10.7.0.3"
#define CONFIG_COPY  "1.3.6.1.4.1.9.9.96.1.1.1.1.2.5" /* ccCopyProtocol.5 */
#define SYS_NAME     "1.3.6.1.2.1.1.5.0"
#define UDP          17

static void snmp(dfx *fx, const char *src, const char *dst, uint64_t flow_id, int64_t t,
                 uint8_t version, uint8_t pdu, const char *community, const char *oid)
{
    sw_flow_obs f = dfx_flow(src, 40000, dst, 161, UDP, flow_id, t);
    sw_observation o = dfx_obs(SW_OBS_SNMP, t);
    o.u.snmp.flow = &f;
    o.u.snmp.to_server = 1;
    o.u.snmp.version = version;
    o.u.snmp.pdu_type = pdu;
    o.u.snmp.community = (sw_bytes){(const uint8_t *)community, strlen(community)};
    o.u.snmp.n_oids = oid ? 1 : 0;
    o.u.snmp.oids[0] = oid;
    o.u.snmp.v3_user = "";
    sw_engine_observe(fx->engine, &o);
}

START_TEST(sha256_matches_fips_vectors)
{
    uint8_t d[SW_UTIL_SHA256_LEN];
    char hex[65];
    sw_util_sha256_ctx h;
    sw_util_sha256_init(&h);
    sw_util_sha256_update(&h, "abc", 3);
    sw_util_sha256_final(&h, d);
    ck_assert_str_eq(sw_util_sha256_hex(d, 64, hex),
                     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    sw_util_sha256_init(&h);
    sw_util_sha256_final(&h, d);
    ck_assert_str_eq(sw_util_sha256_hex(d, 12, hex), "e3b0c44298fc");
}
END_TEST

START_TEST(set_from_outside_nms_is_critical)
{
    dfx fx;
    dfx_setup_lab(&fx, NULL);
    snmp(&fx, OUTSIDER, "10.0.0.1", 1, 100, 1, 0xA3, COMMUNITY, SYS_NAME);
    const dfx_alert *a = dfx_first(&fx, "ST-SNMP-002");
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(a->severity, SW_SEV_CRITICAL);
    ck_assert_str_eq(dfx_ev(a, "infra"), "10.0.0.1");
    ck_assert_str_eq(dfx_ev(a, "source"), OUTSIDER);
    ck_assert_str_eq(dfx_ev(a, "oid"), SYS_NAME);
    ck_assert_str_eq(dfx_ev(a, "source_in_nms"), "no");
    dfx_teardown(&fx);
}
END_TEST

START_TEST(set_from_nms_is_high_unless_sensitive_mib)
{
    dfx fx;
    dfx_setup_lab(&fx, NULL);
    snmp(&fx, NMS_HOST, "10.0.0.1", 1, 100, 1, 0xA3, COMMUNITY, SYS_NAME);
    snmp(&fx, NMS_HOST, "10.0.0.2", 2, 100, 1, 0xA3, COMMUNITY, CONFIG_COPY);
    /* Whole-arc match: .960 is not under .96. */
    snmp(&fx, NMS_HOST, "10.0.0.3", 3, 100, 1, 0xA3, COMMUNITY, "1.3.6.1.4.1.9.9.960.1");
    ck_assert_uint_eq(dfx_count(&fx, "ST-SNMP-002"), 3);
    ck_assert_int_eq(fx.alerts[0].severity, SW_SEV_HIGH);
    const dfx_alert *copy = NULL, *near = NULL;
    for (size_t i = 0; i < fx.n; i++) {
        if (strcmp(fx.alerts[i].id, "ST-SNMP-002") != 0)
            continue;
        if (fx.alerts[i].flow_id == 2)
            copy = &fx.alerts[i];
        if (fx.alerts[i].flow_id == 3)
            near = &fx.alerts[i];
    }
    ck_assert_int_eq(copy->severity, SW_SEV_CRITICAL);
    ck_assert_str_eq(dfx_ev(copy, "mib"), "CISCO-CONFIG-COPY-MIB");
    ck_assert_str_eq(dfx_ev(copy, "oid"), CONFIG_COPY);
    ck_assert_int_eq(near->severity, SW_SEV_HIGH);
    ck_assert_ptr_null(dfx_ev(near, "mib"));
    dfx_teardown(&fx);
}
END_TEST

START_TEST(get_or_non_infra_is_no_set_alert)
{
    dfx fx;
    dfx_setup_lab(&fx, NULL);
    snmp(&fx, OUTSIDER, "10.0.0.1", 1, 100, 1, 0xA0, COMMUNITY, CONFIG_COPY);  /* GET */
    snmp(&fx, OUTSIDER, "10.99.0.1", 2, 100, 1, 0xA3, COMMUNITY, CONFIG_COPY); /* not infra */
    snmp(&fx, OUTSIDER, "10.0.0.1", 3, 100, 1, 0xA2, COMMUNITY, CONFIG_COPY);  /* response */
    ck_assert_uint_eq(dfx_count(&fx, "ST-SNMP-002"), 0);
    dfx_teardown(&fx);
}
END_TEST

/* Default: more than 5 devices in 300 s. */
START_TEST(sweep_fires_on_the_sixth_device_once_and_redacts)
{
    dfx fx;
    dfx_setup_lab(&fx, NULL);
    char dev[32];
    for (int i = 1; i <= 5; i++) {
        snprintf(dev, sizeof(dev), "10.0.0.%d", i);
        snmp(&fx, OUTSIDER, dev, (uint64_t)i, 100 + i, 1, 0xA0, COMMUNITY, SYS_NAME);
    }
    /* Repeating a device does not count twice. */
    snmp(&fx, OUTSIDER, "10.0.0.1", 50, 110, 1, 0xA0, COMMUNITY, SYS_NAME);
    ck_assert_uint_eq(dfx_count(&fx, "ST-SNMP-003"), 0);
    snmp(&fx, OUTSIDER, "10.0.0.6", 6, 120, 1, 0xA0, COMMUNITY, SYS_NAME);
    snmp(&fx, OUTSIDER, "10.0.0.7", 7, 121, 1, 0xA0, COMMUNITY, SYS_NAME);
    ck_assert_uint_eq(dfx_count(&fx, "ST-SNMP-003"), 1);
    const dfx_alert *a = dfx_first(&fx, "ST-SNMP-003");
    ck_assert_str_eq(dfx_ev(a, "community_sha256"), COMMUNITY_ID);
    ck_assert_str_eq(dfx_ev(a, "devices"), "6");
    ck_assert_str_eq(dfx_ev(a, "source"), OUTSIDER);
    ck_assert_str_eq(dfx_ev(a, "last_device"), "10.0.0.6");
    ck_assert(!dfx_any_evidence_contains(&fx, COMMUNITY));
    ck_assert(!dfx_any_evidence_contains(&fx, "s3cr3t"));
    dfx_teardown(&fx);
}
END_TEST

START_TEST(sweep_window_slides_and_nms_is_excluded)
{
    dfx fx;
    dfx_setup_lab(&fx, "detections:\n  ST-SNMP-003: {devices: 2, window: 60}\n");
    /* Three devices but the first is 100 s old when the third arrives: only 2 in the window. */
    snmp(&fx, OUTSIDER, "10.0.0.1", 1, 0, 1, 0xA0, COMMUNITY, SYS_NAME);
    snmp(&fx, OUTSIDER, "10.0.0.2", 2, 50, 1, 0xA0, COMMUNITY, SYS_NAME);
    snmp(&fx, OUTSIDER, "10.0.0.3", 3, 100, 1, 0xA0, COMMUNITY, SYS_NAME);
    ck_assert_uint_eq(dfx_count(&fx, "ST-SNMP-003"), 0);
    /* A fourth at 101 makes three within 60 s (50 is 51 s old). */
    snmp(&fx, OUTSIDER, "10.0.0.4", 4, 101, 1, 0xA0, COMMUNITY, SYS_NAME);
    ck_assert_uint_eq(dfx_count(&fx, "ST-SNMP-003"), 1);
    /* A different community from the same source is a different sweep. */
    snmp(&fx, OUTSIDER, "10.0.0.5", 5, 102, 1, 0xA0, "other", SYS_NAME);
    ck_assert_uint_eq(dfx_count(&fx, "ST-SNMP-003"), 1);
    /* The NMS polls everything with one community by design. */
    for (int i = 1; i <= 6; i++) {
        char dev[32];
        snprintf(dev, sizeof(dev), "10.0.0.%d", i);
        snmp(&fx, NMS_HOST, dev, 100 + (uint64_t)i, 200, 1, 0xA0, COMMUNITY, SYS_NAME);
    }
    ck_assert_uint_eq(dfx_count(&fx, "ST-SNMP-003"), 1);
    dfx_teardown(&fx);
}
END_TEST

START_TEST(sweep_table_is_bounded_and_counts_evictions)
{
    dfx fx;
    dfx_setup_lab(&fx, "detections:\n  ST-SNMP-003: {max-sources: 16}\n");
    char community[32];
    for (int i = 0; i < 200; i++) {
        snprintf(community, sizeof(community), "guess-%d", i);
        snmp(&fx, OUTSIDER, "10.0.0.1", 1000 + (uint64_t)i, 100, 1, 0xA0, community, SYS_NAME);
    }
    sw_engine_stats st;
    sw_engine_get_stats(fx.engine, &st);
    /* 200 keys into at most 16 slots: at least 184 were pushed out. */
    ck_assert_uint_ge(st.state_dropped, 184);
    ck_assert_uint_eq(dfx_count(&fx, "ST-SNMP-003"), 0);
    dfx_teardown(&fx);
}
END_TEST

START_TEST(v1_v2c_posture_once_per_device_per_interval)
{
    dfx fx;
    dfx_setup_lab(&fx, "detections:\n  ST-SNMP-004: {interval: 10}\n");
    snmp(&fx, NMS_HOST, "10.0.0.1", 1, 100, 1, 0xA0, COMMUNITY, SYS_NAME);
    snmp(&fx, NMS_HOST, "10.0.0.1", 2, 105, 1, 0xA0, COMMUNITY, SYS_NAME);
    ck_assert_uint_eq(dfx_count(&fx, "ST-SNMP-004"), 1);
    const dfx_alert *a = dfx_first(&fx, "ST-SNMP-004");
    ck_assert_int_eq(a->severity, SW_SEV_LOW);
    ck_assert_str_eq(dfx_ev(a, "version"), "v2c");
    ck_assert_str_eq(dfx_ev(a, "community_sha256"), COMMUNITY_ID);
    snmp(&fx, NMS_HOST, "10.0.0.1", 3, 106, 0, 0xA0, COMMUNITY, SYS_NAME); /* v1: new finding */
    snmp(&fx, NMS_HOST, "10.0.0.1", 4, 111, 1, 0xA1, COMMUNITY, SYS_NAME); /* interval over */
    snmp(&fx, NMS_HOST, "10.0.0.2", 5, 111, 3, 0xA0, "", SYS_NAME);        /* v3: none */
    ck_assert_uint_eq(dfx_count(&fx, "ST-SNMP-004"), 3);
    ck_assert(!dfx_any_evidence_contains(&fx, COMMUNITY));
    dfx_teardown(&fx);
}
END_TEST

static sw_status apply(const char *yaml, sw_error *err)
{
    sw_catalog *cat = NULL;
    ck_assert_int_eq(sw_catalog_load_file(sw_test_source("signatures/catalog.yaml"), &cat, err),
                     SW_OK);
    sw_engine_config *cfg = sw_engine_config_new();
    sw_conf_node *root = NULL;
    ck_assert_int_eq(sw_conf_load_string(yaml, strlen(yaml), "t.yaml", &root, err), SW_OK);
    sw_status st = sw_engine_config_apply(cfg, root, cat, err);
    sw_conf_free(root);
    sw_engine_config_free(cfg);
    sw_catalog_free(cat);
    return st;
}

START_TEST(settings_are_checked)
{
    sw_error err;
    memset(&err, 0, sizeof(err));
    ck_assert_int_eq(apply("detections:\n  ST-SNMP-003:\n    devices: 0\n", &err), SW_ERR_PARSE);
    ck_assert_uint_eq(err.line, 3);
    memset(&err, 0, sizeof(err));
    ck_assert_int_ne(apply("detections:\n  ST-SNMP-003:\n    devicez: 4\n", &err), SW_OK);
    ck_assert_ptr_nonnull(strstr(err.text, "devicez") ? err.text : err.key);
    /* A setting belongs to its own id only. */
    ck_assert_int_ne(apply("detections:\n  ST-SNMP-004:\n    devices: 4\n", &err), SW_OK);
    ck_assert_int_eq(apply("detections:\n  ST-SNMP-003: {devices: 64, window: 86400}\n", &err),
                     SW_OK);
    /* One parameter table for every detection: durations may carry a unit (15m = 900 s), the
     * range still applies to the seconds (2d = 172800 > 86400), and keys are hyphenated like
     * every other key of the config (the underscore spelling is an unknown key). */
    ck_assert_int_eq(apply("detections:\n  ST-SNMP-003: {window: 15m, max-sources: 16}\n", &err),
                     SW_OK);
    ck_assert_int_eq(apply("detections:\n  ST-SNMP-003: {window: 2d}\n", &err), SW_ERR_PARSE);
    ck_assert_int_ne(apply("detections:\n  ST-SNMP-003: {max_sources: 16}\n", &err), SW_OK);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("detect-snmp");
    TCase *tc = tcase_create("snmp");
    tcase_add_test(tc, sha256_matches_fips_vectors);
    tcase_add_test(tc, set_from_outside_nms_is_critical);
    tcase_add_test(tc, set_from_nms_is_high_unless_sensitive_mib);
    tcase_add_test(tc, get_or_non_infra_is_no_set_alert);
    tcase_add_test(tc, sweep_fires_on_the_sixth_device_once_and_redacts);
    tcase_add_test(tc, sweep_window_slides_and_nms_is_excluded);
    tcase_add_test(tc, sweep_table_is_bounded_and_counts_evictions);
    tcase_add_test(tc, v1_v2c_posture_once_per_device_per_interval);
    tcase_add_test(tc, settings_are_checked);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
