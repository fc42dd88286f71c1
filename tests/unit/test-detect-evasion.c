/* ST-EVA-001 (syslog silence) and ST-CON-001 (container egress) over hand-made observations.
 * Cadence figures are computed by hand: messages every 10 s give a mean interval of 10 s; with
 * silence-factor 5 and min-silence 60 the threshold is max(50, 60) = 60 s. */
#include "helper-engine.h"
#include "sw-test.h"

#include <stdlib.h>
#include <string.h>

#define T0 1700000000

static const char config[] =
    "networks:\n"
    "  infra: [10.0.0.0/24]\n"
    "  noc: [10.9.0.0/24]\n"
    "  syslog: [10.6.1.0/24]\n"
    "  own: [10.0.0.0/8]\n"
    "  containers: [192.168.35.0/24]\n"
    "detections:\n"
    "  ST-EVA-001: {learning-period: 60, silence-factor: 5, min-silence: 60, min-messages: 3}\n"
    "  ST-CON-001: {allowed-destinations: [203.0.113.0/24]}\n";

/* Syslog from 10.0.0.1 every 10 s from T0 to T0 + 100 (11 messages). */
static void talk(he_fixture *fx, int64_t from, int64_t to)
{
    he_flow(fx, 1, 17, "10.0.0.1", 514, "10.6.1.5", 514);
    for (int64_t t = from; t <= to; t += 10)
        he_syslog(fx, t);
}

/* The device sends traffic of its own (an NTP query): it is up. */
static void activity(he_fixture *fx, int64_t t)
{
    he_flow(fx, 2, 17, "10.0.0.1", 123, "10.9.0.9", 123);
    he_flow_event(fx, SW_OBS_FLOW_START, t);
}

/* The NOC polls the device over SSH: `answered` says whether it replied. */
static void polled(he_fixture *fx, uint64_t id, int64_t t, int answered)
{
    he_flow(fx, id, 6, "10.9.0.4", 40000, "10.0.0.1", 22);
    he_flow_event(fx, SW_OBS_FLOW_START, t);
    if (answered)
        he_flow_event(fx, SW_OBS_FLOW_ANSWERED, t);
}

START_TEST(test_eva001_silence_while_active)
{
    he_fixture fx;
    he_setup(&fx, config);
    talk(&fx, T0, T0 + 100);
    activity(&fx, T0 + 150);
    he_tick(&fx, T0 + 160); /* 60 s of silence: not more than the threshold */
    ck_assert_uint_eq(he_count(&fx, "ST-EVA-001"), 0);
    he_tick(&fx, T0 + 171);
    ck_assert_uint_eq(he_count(&fx, "ST-EVA-001"), 1);
    ck_assert_str_eq(he_evidence(&fx, "ST-EVA-001", "device"), "10.0.0.1");
    ck_assert_str_eq(he_evidence(&fx, "ST-EVA-001", "collector"), "10.6.1.5");
    ck_assert_str_eq(he_evidence(&fx, "ST-EVA-001", "normal_interval_seconds"), "10");
    ck_assert_str_eq(he_evidence(&fx, "ST-EVA-001", "threshold_seconds"), "60");
    he_tick(&fx, T0 + 300); /* once per silence */
    ck_assert_uint_eq(he_count(&fx, "ST-EVA-001"), 1);
    /* It talks again, then falls silent again while active: a second episode. */
    talk(&fx, T0 + 400, T0 + 420);
    activity(&fx, T0 + 470);
    he_tick(&fx, T0 + 500);
    ck_assert_uint_eq(he_count(&fx, "ST-EVA-001"), 2);
    he_teardown(&fx);
}
END_TEST

START_TEST(test_eva001_negatives)
{
    he_fixture fx;
    he_setup(&fx, config);
    talk(&fx, T0, T0 + 100);
    he_tick(&fx, T0 + 400); /* silent but not seen in traffic: down, not evading */
    ck_assert_uint_eq(he_count(&fx, "ST-EVA-001"), 0);
    he_teardown(&fx);

    he_setup(&fx, config);
    talk(&fx, T0, T0 + 10); /* two messages: fewer than min-messages */
    activity(&fx, T0 + 300);
    he_tick(&fx, T0 + 400);
    ck_assert_uint_eq(he_count(&fx, "ST-EVA-001"), 0);
    he_teardown(&fx);
}
END_TEST

/* A device that is down is polled and connected to, and answers nothing: that is an outage,
 * not a device that stopped logging. Once it answers a poll it is alive and silent. */
START_TEST(test_eva001_down_device_is_not_evading)
{
    he_fixture fx;
    he_setup(&fx, config);
    talk(&fx, T0, T0 + 100);
    polled(&fx, 3, T0 + 150, 0);
    polled(&fx, 4, T0 + 200, 0);
    he_tick(&fx, T0 + 400);
    ck_assert_uint_eq(he_count(&fx, "ST-EVA-001"), 0);
    polled(&fx, 5, T0 + 410, 1);
    he_tick(&fx, T0 + 420);
    ck_assert_uint_eq(he_count(&fx, "ST-EVA-001"), 1);
    he_teardown(&fx);
}
END_TEST

/* `no logging host` with `snmp-server host` kept: traps keep coming, syslog has stopped. Each
 * channel has its cadence, so the syslog silence is reported (and the traps' is not). */
START_TEST(test_eva001_syslog_silence_while_traps_continue)
{
    he_fixture fx;
    he_setup(&fx, "networks: {infra: [10.0.0.0/24], syslog: [10.6.1.0/24], nms: [10.6.2.0/24]}\n"
                  "detections: {ST-EVA-001: {learning-period: 60, silence-factor: 5, "
                  "min-silence: 60, min-messages: 3}}\n");
    talk(&fx, T0, T0 + 100);
    he_flow(&fx, 6, 17, "10.0.0.1", 50000, "10.6.2.7", 162);
    for (int64_t t = T0; t <= T0 + 400; t += 20)
        he_snmp_trap(&fx, t);
    he_tick(&fx, T0 + 400);
    ck_assert_uint_eq(he_count(&fx, "ST-EVA-001"), 1);
    ck_assert_str_eq(he_evidence(&fx, "ST-EVA-001", "messages"), "syslog");
    ck_assert_str_eq(he_evidence(&fx, "ST-EVA-001", "collector"), "10.6.1.5");
    he_teardown(&fx);
}
END_TEST

/* Syslog over TLS (TCP/6514) is opaque: its stream chunks from the device are the cadence. */
START_TEST(test_eva001_tls_syslog_cadence)
{
    he_fixture fx;
    he_setup(&fx, config);
    he_flow(&fx, 7, 6, "10.0.0.1", 40000, "10.6.1.5", 6514);
    for (int64_t t = T0; t <= T0 + 100; t += 10)
        he_payload(&fx, 1, 40, t);
    activity(&fx, T0 + 150);
    he_tick(&fx, T0 + 171);
    ck_assert_uint_eq(he_count(&fx, "ST-EVA-001"), 1);
    ck_assert_str_eq(he_evidence(&fx, "ST-EVA-001", "messages"), "syslog");
    ck_assert_str_eq(he_evidence(&fx, "ST-EVA-001", "normal_interval_seconds"), "10");
    he_teardown(&fx);
    /* The collector's side of the stream, and an empty chunk, are no messages. */
    he_setup(&fx, config);
    he_flow(&fx, 7, 6, "10.0.0.1", 40000, "10.6.1.5", 6514);
    for (int64_t t = T0; t <= T0 + 100; t += 10) {
        he_payload(&fx, 0, 1, t);
        he_payload(&fx, 1, 0, t);
    }
    activity(&fx, T0 + 150);
    he_tick(&fx, T0 + 171);
    ck_assert_uint_eq(he_count(&fx, "ST-EVA-001"), 0);
    he_teardown(&fx);
}
END_TEST

START_TEST(test_eva001_learning_and_state)
{
    he_fixture fx;
    he_setup(&fx, "networks: {infra: [10.0.0.0/24], syslog: [10.6.1.0/24]}\n"
                  "detections: {ST-EVA-001: {learning-period: 1000, min-silence: 60}}\n");
    talk(&fx, T0, T0 + 100);
    activity(&fx, T0 + 300);
    he_tick(&fx, T0 + 400); /* silent, active, but still learning */
    ck_assert_uint_eq(he_count(&fx, "ST-EVA-001"), 0);
    size_t len = 0;
    char *text = sw_engine_state_save(fx.engine, &len);
    ck_assert_ptr_nonnull(text);
    sw_engine_free(fx.engine);
    fx.engine = he_engine(&fx);
    sw_error err;
    ck_assert_int_eq(sw_engine_state_load(fx.engine, text, len, &err), SW_OK);
    free(text);
    /* The restarted engine keeps the cadence (11 messages, mean 10 s) and the learning start. */
    activity(&fx, T0 + 1100);
    he_tick(&fx, T0 + 1200);
    ck_assert_uint_eq(he_count(&fx, "ST-EVA-001"), 1);
    he_teardown(&fx);
}
END_TEST

static size_t established(he_fixture *fx, uint64_t id, const char *src, const char *dst)
{
    he_flow(fx, id, 6, src, 40000, dst, 443);
    he_flow_event(fx, SW_OBS_FLOW_START, T0);
    he_flow_event(fx, SW_OBS_FLOW_ESTABLISHED, T0);
    return he_count(fx, "ST-CON-001");
}

START_TEST(test_con001_container_egress)
{
    he_fixture fx;
    he_setup(&fx, config);
    ck_assert_uint_eq(established(&fx, 1, "192.168.35.2", "198.51.100.9"), 1);
    ck_assert_str_eq(he_evidence(&fx, "ST-CON-001", "container"), "192.168.35.2");
    ck_assert_str_eq(he_evidence(&fx, "ST-CON-001", "destination"), "198.51.100.9");
    ck_assert_uint_eq(established(&fx, 2, "192.168.35.2", "10.5.5.5"), 1);     /* own */
    ck_assert_uint_eq(established(&fx, 3, "192.168.35.2", "203.0.113.7"), 1);  /* allowed */
    ck_assert_uint_eq(established(&fx, 4, "192.168.36.2", "198.51.100.9"), 1); /* not container */
    he_flow(&fx, 5, 6, "192.168.35.3", 40000, "198.51.100.9", 443);
    he_flow_event(&fx, SW_OBS_FLOW_START, T0); /* unanswered SYN: no egress yet */
    ck_assert_uint_eq(he_count(&fx, "ST-CON-001"), 1);
    he_teardown(&fx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("detect-evasion");
    TCase *tc = tcase_create("eva001");
    tcase_add_test(tc, test_eva001_silence_while_active);
    tcase_add_test(tc, test_eva001_negatives);
    tcase_add_test(tc, test_eva001_learning_and_state);
    tcase_add_test(tc, test_eva001_down_device_is_not_evading);
    tcase_add_test(tc, test_eva001_syslog_silence_while_traps_continue);
    tcase_add_test(tc, test_eva001_tls_syslog_cadence);
    suite_add_tcase(s, tc);
    tc = tcase_create("con001");
    tcase_add_test(tc, test_con001_container_egress);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
