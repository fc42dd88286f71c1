/* The `outputs:` entries of the network sinks: every key read into the spec and the options the
 * sensor opens them with; errors name file, line and key. */
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

START_TEST(every_sink_and_key)
{
    const char *yaml =
        "outputs:\n"
        "  - {type: unix_dgram, path: /run/a.sock, queue-size: 50}\n"
        "  - {type: unix_stream, path: /run/b.sock}\n"
        "  - {type: syslog, protocol: tcp, address: '::1', port: 6514, facility: 4}\n"
        "  - {type: redis, port: 7000, mode: stream, key: eve, flush-deadline: 500}\n"
        "  - {type: kafka, brokers: '127.0.0.1:9092', topic: t, key-by: sensor}\n"
        "  - {type: syslog}\n";
    sw_sensor_config cfg;
    sw_error err = {0};
    ck_assert_int_eq(apply_text(yaml, &cfg, &err), SW_OK);
    ck_assert_uint_eq(cfg.n_outputs, 6);
    sw_output_options opt;
    sw_output_net_options net;

    sw_output_spec_options(&cfg.outputs[0], &opt, &net);
    ck_assert_int_eq(opt.kind, SW_OUTPUT_UNIX_DGRAM);
    ck_assert_str_eq(opt.path, "/run/a.sock");
    ck_assert_uint_eq(net.queue_size, 50);
    ck_assert_int_eq(cfg.outputs[1].kind, SW_OUTPUT_UNIX_STREAM);

    sw_output_spec_options(&cfg.outputs[2], &opt, &net);
    ck_assert_int_eq(net.protocol, SW_SYSLOG_TCP);
    ck_assert_str_eq(net.address, "::1");
    ck_assert_uint_eq(net.port, 6514);
    ck_assert_int_eq(net.facility, 4);

    sw_output_spec_options(&cfg.outputs[3], &opt, &net);
    ck_assert_int_eq(net.redis_mode, SW_REDIS_STREAM);
    ck_assert_str_eq(net.key, "eve");
    ck_assert_uint_eq(net.port, 7000);
    ck_assert_uint_eq(net.flush_deadline_ms, 500);
    ck_assert_ptr_null(net.address); /* the sink's default, 127.0.0.1 */

    sw_output_spec_options(&cfg.outputs[4], &opt, &net);
    ck_assert_str_eq(net.brokers, "127.0.0.1:9092");
    ck_assert_str_eq(net.topic, "t");
    ck_assert_int_eq(net.key_by, SW_KAFKA_KEY_SENSOR);

    sw_output_spec_options(&cfg.outputs[5], &opt, &net);
    ck_assert_int_eq(net.protocol, SW_SYSLOG_LOCAL);
    ck_assert_int_eq(net.facility, 16); /* local0 unless configured */
}
END_TEST

static const struct {
    const char *yaml;
    unsigned line;
    const char *key;
} bad_cases[] = {
    {"outputs:\n  - type: redis\n    mode: queue\n", 3, "mode"},
    {"outputs:\n  - type: redis\n    port: 70000\n", 3, "port"},
    {"outputs:\n  - type: syslog\n    protocol: sctp\n", 3, "protocol"},
    {"outputs:\n  - type: syslog\n    facility: 24\n", 3, "facility"},
    {"outputs:\n  - type: kafka\n    topic: t\n", 2, "brokers"},
    {"outputs:\n  - type: kafka\n    brokers: b:1\n    key-by: packet\n", 4, "key-by"},
    {"outputs:\n  - type: unix_dgram\n", 2, "path"},
    {"outputs:\n  - type: redis\n    queue-size: 0\n", 3, "queue-size"},
    {"outputs:\n  - type: redis\n    topic: t\n", 3, "topic"}, /* a kafka key on redis */
    {"outputs:\n  - type: file\n    port: 1\n", 3, "port"},
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

int main(void)
{
    Suite *s = suite_create("output-config");
    TCase *tc = tcase_create("outputs");
    tcase_add_test(tc, every_sink_and_key);
    tcase_add_loop_test(tc, errors_name_line_and_key, 0,
                        (int)(sizeof(bad_cases) / sizeof(bad_cases[0])));
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
