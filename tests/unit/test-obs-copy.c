/* Deep copies of observations and alerts (sensor/obs-copy.h): the copy must not point into the
 * original's memory, must hold the same values, must fit exactly the size a measuring pass
 * reported, and must say when an arena is too small. Originals are built in heap buffers that
 * are overwritten after copying, so a pointer left behind shows up as a changed value (and as a
 * use after free under ASan). */
#include "obs-copy.h"
#include "sw-test.h"

#include <stdlib.h>
#include <string.h>

static int inside(const void *p, const uint8_t *base, size_t len)
{
    return (const uint8_t *)p >= base && (const uint8_t *)p < base + len;
}

START_TEST(snmp_observation_copy_is_self_contained)
{
    char *text = strdup("1.3.6.1.4.1.9.9.96.1.1.1.1.2.7");
    char *user = strdup("admin");
    uint8_t *community = malloc(6);
    memcpy(community, "pub\0lc", 6); /* a community may hold any byte */
    sw_tunnel_info *tun = calloc(1, sizeof(*tun));
    tun->kind = SW_TUNNEL_GRE;
    tun->depth = 1;
    sw_flow_obs *flow = calloc(1, sizeof(*flow));
    flow->flow_id = 42;
    flow->dp = 161;
    flow->tunnel = tun;
    sw_observation obs;
    memset(&obs, 0, sizeof(obs));
    obs.type = SW_OBS_SNMP;
    obs.ts.sec = 1700000000;
    obs.u.snmp.flow = flow;
    obs.u.snmp.version = 1;
    obs.u.snmp.pdu_type = 0xA3;
    obs.u.snmp.community = (sw_bytes){community, 6};
    obs.u.snmp.n_oids = 1;
    obs.u.snmp.oids[0] = text;
    obs.u.snmp.v3_user = user;

    sw_arena measure = sw_arena_init(NULL, 0);
    (void)sw_obs_copy(&measure, &obs);
    ck_assert_uint_gt(measure.used, 0);
    uint8_t *buf = malloc(measure.used);
    sw_arena arena = sw_arena_init(buf, measure.used);
    sw_observation copy = sw_obs_copy(&arena, &obs);
    ck_assert(!arena.overflow);
    ck_assert_uint_eq(arena.used, measure.used);

    memset(text, 'x', strlen(text)); /* the originals change or go away */
    free(text);
    free(user);
    free(community);
    free(tun);
    free(flow);
    const sw_obs_snmp *s = &copy.u.snmp;
    ck_assert(inside(s->flow, buf, measure.used));
    ck_assert(inside(s->flow->tunnel, buf, measure.used));
    ck_assert_uint_eq(s->flow->flow_id, 42);
    ck_assert_int_eq(s->flow->tunnel->kind, SW_TUNNEL_GRE);
    ck_assert_str_eq(s->oids[0], "1.3.6.1.4.1.9.9.96.1.1.1.1.2.7");
    ck_assert_str_eq(s->v3_user, "admin");
    ck_assert_uint_eq(s->community.len, 6);
    ck_assert_mem_eq(s->community.data, "pub\0lc", 6);
    ck_assert_uint_eq(s->pdu_type, 0xA3);
    free(buf);
}
END_TEST

/* SW_OBS_TELNET comes after SW_OBS_TICK in the enum: its flow and banner line are copied too
 * (ST-ACC-004 and ST-LAT-001 read them in the correlator). */
START_TEST(telnet_observation_copy_is_self_contained)
{
    char *banner = strdup("User Access Verification");
    sw_flow_obs *flow = calloc(1, sizeof(*flow));
    flow->flow_id = 7;
    flow->dp = 2323;
    sw_observation obs;
    memset(&obs, 0, sizeof(obs));
    obs.type = SW_OBS_TELNET;
    obs.u.telnet.flow = flow;
    obs.u.telnet.n_options = 2;
    obs.u.telnet.options[0] = (sw_obs_telnet_option){251, 1};
    obs.u.telnet.options[1] = (sw_obs_telnet_option){251, 3};
    obs.u.telnet.banner = banner;

    sw_arena measure = sw_arena_init(NULL, 0);
    (void)sw_obs_copy(&measure, &obs);
    uint8_t *buf = malloc(measure.used);
    sw_arena arena = sw_arena_init(buf, measure.used);
    sw_observation copy = sw_obs_copy(&arena, &obs);
    ck_assert(!arena.overflow);
    ck_assert_uint_eq(arena.used, measure.used);
    memset(banner, 'x', strlen(banner));
    free(banner);
    free(flow);
    const sw_obs_telnet *t = &copy.u.telnet;
    ck_assert(inside(t->flow, buf, measure.used));
    ck_assert(inside(t->banner, buf, measure.used));
    ck_assert_ptr_eq(sw_obs_flow(&copy), t->flow);
    ck_assert_uint_eq(t->flow->flow_id, 7);
    ck_assert_uint_eq(t->flow->dp, 2323);
    ck_assert_str_eq(t->banner, "User Access Verification");
    ck_assert_uint_eq(t->n_options, 2);
    ck_assert_uint_eq(t->options[1].option, 3);
    free(buf);
}
END_TEST

START_TEST(bulk_bytes_are_left_out)
{
    uint8_t body[64] = {0};
    sw_flow_obs flow;
    memset(&flow, 0, sizeof(flow));
    sw_observation obs;
    memset(&obs, 0, sizeof(obs));
    obs.type = SW_OBS_HTTP_REQUEST;
    obs.u.http_request.flow = &flow;
    obs.u.http_request.method = "POST";
    obs.u.http_request.host = (sw_bytes){(const uint8_t *)"r1.example", 10};
    obs.u.http_request.body = (sw_bytes){body, sizeof(body)};
    obs.u.http_request.headers = (sw_bytes){body, sizeof(body)};
    uint8_t buf[512];
    sw_arena arena = sw_arena_init(buf, sizeof(buf));
    sw_observation copy = sw_obs_copy(&arena, &obs);
    ck_assert(!arena.overflow);
    ck_assert_uint_eq(copy.u.http_request.body.len, 0);
    ck_assert_uint_eq(copy.u.http_request.headers.len, 0);
    ck_assert_uint_eq(copy.u.http_request.host.len, 10);
    ck_assert_mem_eq(copy.u.http_request.host.data, "r1.example", 10);
    ck_assert_str_eq(copy.u.http_request.method, "POST");
}
END_TEST

START_TEST(alert_copy_and_a_small_arena)
{
    sw_flow_obs flow;
    memset(&flow, 0, sizeof(flow));
    flow.flow_id = 7;
    char value[32] = "10.0.0.1";
    sw_alert alert;
    memset(&alert, 0, sizeof(alert));
    alert.flow = &flow;
    alert.n_evidence = 1;
    alert.evidence[0] = (sw_evidence){"source", value};
    uint8_t buf[256];
    sw_arena arena = sw_arena_init(buf, sizeof(buf));
    sw_alert copy = sw_alert_copy(&arena, &alert);
    memset(value, 0, sizeof(value));
    flow.flow_id = 0;
    ck_assert_str_eq(copy.evidence[0].key, "source");
    ck_assert_str_eq(copy.evidence[0].value, "10.0.0.1");
    ck_assert_uint_eq(copy.flow->flow_id, 7);
    sw_arena tiny = sw_arena_init(buf, 16); /* not even room for the flow */
    (void)sw_alert_copy(&tiny, &alert);
    ck_assert(tiny.overflow);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("obs-copy");
    TCase *tc = tcase_create("copy");
    tcase_add_test(tc, snmp_observation_copy_is_self_contained);
    tcase_add_test(tc, telnet_observation_copy_is_self_contained);
    tcase_add_test(tc, bulk_bytes_are_left_out);
    tcase_add_test(tc, alert_copy_and_a_small_arena);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
