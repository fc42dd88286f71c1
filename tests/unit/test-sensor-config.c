/* The sensor's own config sections: defaults, overrides, and errors that name file:line:key. */
#include "sensor-config.h"
#include "sw-test.h"

#include <string.h>

static sw_status apply_text(const char *yaml, sw_sensor_config *cfg, sw_error *err)
{
    sw_conf_node *root = NULL;
    sw_sensor_config_defaults(cfg);
    sw_status st = sw_conf_load_string(yaml, strlen(yaml), "t.yaml", &root, err);
    if (st == SW_OK)
        st = sw_sensor_config_apply(cfg, root, err);
    sw_conf_free(root);
    return st;
}

START_TEST(sizes_parse_with_units)
{
    uint64_t v = 0;
    ck_assert_int_eq(sw_parse_size("4096", &v), SW_OK);
    ck_assert_uint_eq(v, 4096);
    ck_assert_int_eq(sw_parse_size("64mb", &v), SW_OK);
    ck_assert_uint_eq(v, 64ull << 20);
    ck_assert_int_eq(sw_parse_size("16 MiB", &v), SW_OK);
    ck_assert_uint_eq(v, 16ull << 20);
    ck_assert_int_eq(sw_parse_size("1G", &v), SW_OK);
    ck_assert_uint_eq(v, 1ull << 30);
    ck_assert_int_eq(sw_parse_size("2k", &v), SW_OK);
    ck_assert_uint_eq(v, 2048);
}
END_TEST

START_TEST(sizes_reject_garbage_and_overflow)
{
    uint64_t v = 7;
    ck_assert_int_eq(sw_parse_size("lots", &v), SW_ERR_INVALID);
    ck_assert_int_eq(sw_parse_size("-1", &v), SW_ERR_INVALID);
    ck_assert_int_eq(sw_parse_size("12 parsecs", &v), SW_ERR_INVALID);
    ck_assert_int_eq(sw_parse_size("", &v), SW_ERR_INVALID);
    ck_assert_int_eq(sw_parse_size("99999999999999999999", &v), SW_ERR_INVALID);
    ck_assert_int_eq(sw_parse_size("17179869184g", &v), SW_ERR_INVALID);
    ck_assert_uint_eq(v, 7);
}
END_TEST

START_TEST(defaults_are_documented_values)
{
    sw_sensor_config cfg;
    sw_sensor_config_defaults(&cfg);
    ck_assert_str_eq(cfg.log_dir, "/var/log/seawall");
    ck_assert_uint_eq(cfg.snaplen, 262144);
    ck_assert_int_eq(cfg.promisc, 1);
    ck_assert_int_eq(cfg.eve.community_id, 1);
    ck_assert_uint_eq(cfg.n_outputs, 1);
    ck_assert_int_eq(cfg.outputs[0].kind, SW_OUTPUT_FILE);
    ck_assert_str_eq(cfg.outputs[0].path, "eve.json");
    ck_assert_uint_eq(cfg.flow.timeout_tcp_established, 600);
    ck_assert_int_eq(cfg.fanout, SW_FANOUT_PAIR);
}
END_TEST

START_TEST(sections_override_defaults)
{
    sw_sensor_config cfg;
    sw_error err = {0};
    const char *yaml =
        "default-log-dir: /tmp/x\n"
        "capture: {snaplen: 1500, promisc: false, bpf: \"not port 22\", fanout: hash}\n"
        "defrag: {memcap: 1mb, trackers: 10, timeout: 5}\n"
        "flow: {memcap: 8mb, hash-size: 4096, timeouts: {udp: 7, tcp-new: 9}}\n"
        "eve: {community-id: false, community-id-seed: 5, flows: false,\n"
        "      anomalies: false, stats-interval: 0}\n"
        "outputs:\n  - type: stdout\n  - {type: file, path: /tmp/a.json, buffer-size: 64k}\n";
    ck_assert_int_eq(apply_text(yaml, &cfg, &err), SW_OK);
    ck_assert_str_eq(cfg.log_dir, "/tmp/x");
    ck_assert_uint_eq(cfg.snaplen, 1500);
    ck_assert_int_eq(cfg.promisc, 0);
    ck_assert_str_eq(cfg.bpf, "not port 22");
    ck_assert_int_eq(cfg.fanout, SW_FANOUT_HASH);
    ck_assert_uint_eq(cfg.decode.defrag_memcap, 1u << 20);
    ck_assert_uint_eq(cfg.decode.defrag_trackers, 10);
    ck_assert_uint_eq(cfg.decode.defrag_timeout_s, 5);
    ck_assert_uint_eq(cfg.flow.memcap, 8u << 20);
    ck_assert_uint_eq(cfg.flow.hash_size, 4096);
    ck_assert_uint_eq(cfg.flow.timeout_udp, 7);
    ck_assert_uint_eq(cfg.flow.timeout_tcp_new, 9);
    ck_assert_uint_eq(cfg.flow.timeout_tcp_established, 600);
    ck_assert_int_eq(cfg.eve.community_id, 0);
    ck_assert_uint_eq(cfg.eve.community_id_seed, 5);
    ck_assert_int_eq(cfg.log_flows, 0);
    ck_assert_int_eq(cfg.log_anomalies, 0);
    ck_assert_uint_eq(cfg.stats_interval_s, 0);
    ck_assert_uint_eq(cfg.n_outputs, 2);
    ck_assert_int_eq(cfg.outputs[0].kind, SW_OUTPUT_STDOUT);
    ck_assert_int_eq(cfg.outputs[1].kind, SW_OUTPUT_FILE);
    ck_assert_str_eq(cfg.outputs[1].path, "/tmp/a.json");
    ck_assert_uint_eq(cfg.outputs[1].buffer_size, 65536);
}
END_TEST

static const struct {
    const char *yaml;
    unsigned line;
    const char *key;
} bad_cases[] = {
    {"capture:\n  snaplen: 10\n", 2, "snaplen"},
    {"capture:\n  promisc: maybe\n", 2, "promisc"},
    {"capture:\n  fanout: flow\n", 2, "fanout"},
    {"defrag:\n  memcap: 12 parsecs\n", 2, "memcap"},
    {"flow:\n  hash-size: 3\n", 2, "hash-size"},
    {"flow:\n  timeouts:\n    tcp-forever: 3\n", 3, "tcp-forever"},
    {"flow: [1, 2]\n", 1, "flow"},
    {"eve:\n  stats-interval: -4\n", 2, "stats-interval"},
    {"outputs:\n  - type: elastic\n", 2, "type"},
    {"outputs: {type: file}\n", 1, "outputs"},
    {"outputs:\n  - type: file\n    path: x\n    mode: append\n", 4, "mode"},
    {"rule: [a.rules]\n", 1, "rule"}, /* rules: is now read (sensor-rules.c); a typo is not */
};

START_TEST(errors_name_line_and_key)
{
    sw_sensor_config cfg;
    sw_error err = {0};
    ck_assert_int_ne(apply_text(bad_cases[_i].yaml, &cfg, &err), SW_OK);
    ck_assert_str_eq(err.file, "t.yaml");
    ck_assert_uint_eq(err.line, bad_cases[_i].line);
    ck_assert_msg(strstr(err.key, bad_cases[_i].key) || strstr(err.text, bad_cases[_i].key),
                  "case %d: key '%s' not named in key='%s' text='%s'", _i, bad_cases[_i].key,
                  err.key, err.text);
}
END_TEST

START_TEST(shipped_configs_apply)
{
    const char *files[] = {"etc/seawall.yaml", "etc/seawall-lab.yaml"};
    for (size_t i = 0; i < 2; i++) {
        sw_conf_node *root = NULL;
        sw_error err = {0};
        sw_sensor_config cfg;
        sw_sensor_config_defaults(&cfg);
        ck_assert_int_eq(sw_conf_load_file(sw_test_source(files[i]), &root, &err), SW_OK);
        ck_assert_msg(sw_sensor_config_apply(&cfg, root, &err) == SW_OK, "%s: %s", files[i],
                      err.text);
        sw_conf_free(root);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sensor-config");
    TCase *tc = tcase_create("sizes");
    tcase_add_test(tc, sizes_parse_with_units);
    tcase_add_test(tc, sizes_reject_garbage_and_overflow);
    suite_add_tcase(s, tc);
    tc = tcase_create("sections");
    tcase_add_test(tc, defaults_are_documented_values);
    tcase_add_test(tc, sections_override_defaults);
    tcase_add_loop_test(tc, errors_name_line_and_key, 0,
                        (int)(sizeof(bad_cases) / sizeof(bad_cases[0])));
    tcase_add_test(tc, shipped_configs_apply);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
