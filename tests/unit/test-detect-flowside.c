/* ST-AAA-003/004, ST-EVA-002, ST-TUN-004 and ST-EXP-006/007 over hand-made observations.
 * Flags and types from RFC 8907 (TACACS+ section 4.8: 0x01 unencrypted), SMI message types from
 * the ET/Snort rules quoted in docs/detections.md section 1.4; volumes computed by hand. */
#include "helper-detect.h"
#include "sw-test.h"

#include <string.h>

#define ROUTER   "10.0.0.1"
#define OUTSIDER "203.0.113.7"
#define AAA      "10.8.0.10"
#define TCP      6
#define UDP      17
#define GRE      47
#define MIB      (1024ull * 1024ull)

static void tacacs(dfx *fx, sw_flow_obs *f, uint8_t flags)
{
    sw_observation o = dfx_obs(SW_OBS_TACACS, 100);
    o.u.tacacs.flow = f;
    o.u.tacacs.to_server = 1;
    o.u.tacacs.version_major = 0xc;
    o.u.tacacs.type = 1;
    o.u.tacacs.flags = flags;
    sw_engine_observe(fx->engine, &o);
}

START_TEST(tacacs_unencrypted_body)
{
    dfx fx;
    dfx_setup_lab(&fx, NULL);
    sw_flow_obs f = dfx_flow(ROUTER, 40000, AAA, 49, TCP, 1, 100);
    tacacs(&fx, &f, 0x00);
    tacacs(&fx, &f, 0x04); /* single-connect only */
    ck_assert_uint_eq(dfx_count(&fx, "ST-AAA-003"), 0);
    tacacs(&fx, &f, 0x05);
    ck_assert_uint_eq(dfx_count(&fx, "ST-AAA-003"), 1);
    const dfx_alert *a = dfx_first(&fx, "ST-AAA-003");
    ck_assert_int_eq(a->severity, SW_SEV_MEDIUM);
    ck_assert_str_eq(dfx_ev(a, "tacacs_type"), "authentication");
    ck_assert_str_eq(dfx_ev(a, "server"), AAA);
    dfx_teardown(&fx);
}
END_TEST

START_TEST(aaa_copied_in_tunnel_or_to_non_aaa_host)
{
    dfx fx;
    dfx_setup_lab(&fx, NULL);
    sw_tunnel_info tun;
    memset(&tun, 0, sizeof(tun));
    tun.kind = SW_TUNNEL_ERSPAN;
    tun.depth = 1;
    ck_assert_int_eq(sw_ip_parse(&tun.outer_dst, OUTSIDER), SW_OK);
    sw_flow_obs in_tunnel = dfx_flow(ROUTER, 40000, AAA, 49, TCP, 1, 100);
    in_tunnel.tunnel = &tun;
    tacacs(&fx, &in_tunnel, 0);
    /* A relay (not infra) forwarding RADIUS to a host outside the AAA set. */
    sw_flow_obs relay = dfx_flow("10.50.0.9", 40000, OUTSIDER, 1812, UDP, 2, 100);
    sw_observation r = dfx_obs(SW_OBS_RADIUS, 100);
    r.u.radius.flow = &relay;
    r.u.radius.to_server = 1;
    r.u.radius.code = 1;
    r.u.radius.user_name = "alice";
    r.u.radius.calling_station_id = "";
    sw_engine_observe(fx.engine, &r);
    /* Benign: the device to its AAA server, bare; infra to outsider is ST-AAA-001, not a copy. */
    sw_flow_obs normal = dfx_flow(ROUTER, 40001, AAA, 49, TCP, 3, 100);
    tacacs(&fx, &normal, 0);
    sw_flow_obs redirect = dfx_flow(ROUTER, 40002, OUTSIDER, 49, TCP, 4, 100);
    tacacs(&fx, &redirect, 0);
    ck_assert_uint_eq(dfx_count(&fx, "ST-AAA-004"), 2);
    ck_assert_int_eq(fx.alerts[0].severity, SW_SEV_CRITICAL);
    ck_assert_str_eq(dfx_ev(&fx.alerts[0], "copied_via"), "ERSPAN");
    ck_assert_str_eq(dfx_ev(&fx.alerts[0], "tunnel_dst"), OUTSIDER);
    ck_assert_str_eq(dfx_ev(&fx.alerts[1], "copied_via"), "non-aaa-host");
    ck_assert_str_eq(dfx_ev(&fx.alerts[1], "service"), "radius");
    dfx_teardown(&fx);
}
END_TEST

/* AAA over the operator's own tunnels is transport: GRE with an approved peer at either end (a
 * branch over DMVPN), ERSPAN to an approved collector (a sensor fed by ERSPAN). The same
 * exchange in GRE to anyone else, or in ERSPAN to a collector not approved, is a copy. */
START_TEST(aaa_over_approved_tunnels_is_transport)
{
    dfx fx;
    dfx_setup_lab(&fx, NULL);
    static const struct {
        sw_tunnel_kind kind;
        const char *outer_src, *outer_dst;
        int copy;
    } cases[] = {
        {SW_TUNNEL_GRE, ROUTER, "192.0.2.1", 0},       /* to the approved peer */
        {SW_TUNNEL_GRE, "192.0.2.1", ROUTER, 0},       /* from it */
        {SW_TUNNEL_ERSPAN, ROUTER, "10.30.0.50", 0},   /* to the approved collector */
        {SW_TUNNEL_GRE, ROUTER, OUTSIDER, 1},          /* GRE to anyone else */
        {SW_TUNNEL_ERSPAN, ROUTER, "192.0.2.1", 1},    /* a GRE peer is no ERSPAN collector */
        {SW_TUNNEL_ERSPAN, "10.30.0.50", OUTSIDER, 1}, /* from the collector, to an outsider */
    };
    size_t copies = 0;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        sw_tunnel_info tun;
        memset(&tun, 0, sizeof(tun));
        tun.kind = cases[i].kind;
        tun.depth = 1;
        ck_assert_int_eq(sw_ip_parse(&tun.outer_src, cases[i].outer_src), SW_OK);
        ck_assert_int_eq(sw_ip_parse(&tun.outer_dst, cases[i].outer_dst), SW_OK);
        sw_flow_obs f = dfx_flow(ROUTER, 40000, AAA, 49, TCP, 10 + i, 100);
        f.tunnel = &tun;
        tacacs(&fx, &f, 0);
        copies += (size_t)cases[i].copy;
        ck_assert_msg(dfx_count(&fx, "ST-AAA-004") == copies, "case %zu", i);
    }
    dfx_teardown(&fx);
}
END_TEST

START_TEST(aaa_copy_needs_the_aaa_set)
{
    dfx fx;
    dfx_setup(&fx, "networks:\n  infra: [10.0.0.0/24]\n");
    sw_flow_obs relay = dfx_flow("10.50.0.9", 40000, OUTSIDER, 49, TCP, 2, 100);
    tacacs(&fx, &relay, 0);
    ck_assert_uint_eq(dfx_count(&fx, "ST-AAA-004"), 0);
    dfx_teardown(&fx);
}
END_TEST

static void syslog_msg(dfx *fx, const char *dst, uint64_t flow_id)
{
    sw_flow_obs f = dfx_flow(ROUTER, 514, dst, 514, UDP, flow_id, 100);
    sw_observation o = dfx_obs(SW_OBS_SYSLOG, 100);
    o.u.syslog.flow = &f;
    o.u.syslog.facility = 23;
    o.u.syslog.severity = 5;
    o.u.syslog.hostname = "r1";
    o.u.syslog.app_name = "SYS-5-CONFIG_I";
    o.u.syslog.message = "Configured from console";
    sw_engine_observe(fx->engine, &o);
}

START_TEST(syslog_to_unknown_collector)
{
    dfx fx;
    dfx_setup_lab(&fx, NULL);
    syslog_msg(&fx, "10.30.0.40", 1);
    ck_assert_uint_eq(dfx_count(&fx, "ST-EVA-002"), 0);
    syslog_msg(&fx, OUTSIDER, 2);
    ck_assert_uint_eq(dfx_count(&fx, "ST-EVA-002"), 1);
    ck_assert_str_eq(dfx_ev(&fx.alerts[0], "collector"), OUTSIDER);
    ck_assert_str_eq(dfx_ev(&fx.alerts[0], "hostname"), "r1");
    ck_assert_int_eq(fx.alerts[0].severity, SW_SEV_MEDIUM);
    dfx_teardown(&fx);
}
END_TEST

static void gre_at(dfx *fx, sw_obs_type type, uint64_t id, int64_t seconds, uint64_t out,
                   uint64_t in)
{
    sw_observation o = dfx_obs(type, 100 + seconds);
    o.u.flow = dfx_flow(ROUTER, 0, "192.0.2.1", 0, GRE, id, 100);
    o.u.flow.last.sec = 100 + seconds;
    o.u.flow.bytes_toserver = out;
    o.u.flow.bytes_toclient = in;
    sw_engine_observe(fx->engine, &o);
}

static void gre_end(dfx *fx, uint64_t id, int64_t seconds, uint64_t out, uint64_t in)
{
    gre_at(fx, SW_OBS_FLOW_END, id, seconds, out, in);
}

/* A mirror that never goes idle is judged on its running counters (FLOW_PROGRESS at each
 * doubling of its bytes), not only when it ends; still one alert for the flow. */
START_TEST(tunnel_volume_judged_while_running)
{
    dfx fx;
    dfx_setup_lab(&fx, NULL);
    gre_at(&fx, SW_OBS_FLOW_PROGRESS, 1, 600, 64 * MIB, 0); /* 64 MiB: under 100 MiB an hour */
    ck_assert_uint_eq(dfx_count(&fx, "ST-TUN-004"), 0);
    gre_at(&fx, SW_OBS_FLOW_PROGRESS, 1, 1200, 128 * MIB, 0);
    ck_assert_uint_eq(dfx_count(&fx, "ST-TUN-004"), 1);
    ck_assert_str_eq(dfx_ev(&fx.alerts[0], "mib_per_hour"), "128");
    gre_at(&fx, SW_OBS_FLOW_PROGRESS, 1, 2400, 256 * MIB, 0);
    gre_end(&fx, 1, 3000, 300 * MIB, 0);
    ck_assert_uint_eq(dfx_count(&fx, "ST-TUN-004"), 1);
    dfx_teardown(&fx);
}
END_TEST

START_TEST(tunnel_volume_ratio_and_rate)
{
    dfx fx;
    dfx_setup_lab(&fx, NULL);                   /* defaults: ratio 20, 100 MiB per hour */
    gre_end(&fx, 1, 1800, 200 * MIB, 1 * MIB);  /* 200:1, 200 MiB in half an hour */
    gre_end(&fx, 2, 1800, 200 * MIB, 10 * MIB); /* exactly 20:1 is not above 20 */
    gre_end(&fx, 3, 1800, 99 * MIB, 0);         /* too little */
    /* 7201 s is three started hours: 300 MiB / 3 = 100 MiB per hour, at the threshold. */
    gre_end(&fx, 4, 7201, 300 * MIB, 0);
    /* 10800 s is three hours too; 299 MiB / 3 is under 100 MiB. */
    gre_end(&fx, 5, 10800, 299 * MIB, 0);
    ck_assert_uint_eq(dfx_count(&fx, "ST-TUN-004"), 2);
    ck_assert_uint_eq(fx.alerts[0].flow_id, 1);
    ck_assert_str_eq(dfx_ev(&fx.alerts[0], "mib_per_hour"), "200");
    ck_assert_str_eq(dfx_ev(&fx.alerts[0], "peer_approved"), "yes");
    ck_assert_str_eq(dfx_ev(&fx.alerts[0], "transport"), "gre");
    ck_assert_uint_eq(fx.alerts[1].flow_id, 4);
    dfx_teardown(&fx);
}
END_TEST

static void smi(dfx *fx, const char *src, uint64_t id, uint32_t type, uint8_t url, uint8_t copy,
                const uint8_t *prefix, size_t len)
{
    sw_flow_obs f = dfx_flow(src, 40000, ROUTER, 4786, TCP, id, 100);
    sw_observation o = dfx_obs(SW_OBS_SMI, 100);
    o.u.smi.flow = &f;
    o.u.smi.to_server = 1;
    o.u.smi.version = 1;
    o.u.smi.msg_type = type;
    o.u.smi.has_url = url;
    o.u.smi.has_copy = copy;
    o.u.smi.prefix = (sw_bytes){prefix, len};
    sw_engine_observe(fx->engine, &o);
}

START_TEST(smart_install_director_and_abuse)
{
    uint8_t filler[200], mixed[200];
    memset(filler, 'A', sizeof(filler));
    for (size_t i = 0; i < sizeof(mixed); i++)
        mixed[i] = (uint8_t)i;
    dfx fx;
    dfx_setup_lab(&fx, NULL);
    smi(&fx, "10.20.0.5", 1, 4, 0, 0, NULL, 0); /* the director: quiet */
    ck_assert_uint_eq(fx.n, 0);
    smi(&fx, OUTSIDER, 2, 8, 0, 1, NULL, 0); /* SIET get-config */
    ck_assert_uint_eq(dfx_count(&fx, "ST-EXP-006"), 1);
    ck_assert_uint_eq(dfx_count(&fx, "ST-EXP-007"), 1);
    ck_assert_str_eq(dfx_ev(dfx_first(&fx, "ST-EXP-007"), "marker"), "copy-command");
    ck_assert_str_eq(dfx_ev(dfx_first(&fx, "ST-EXP-007"), "msg_type"), "8");
    ck_assert_int_eq(dfx_first(&fx, "ST-EXP-007")->severity, SW_SEV_CRITICAL);
    smi(&fx, "10.20.0.5", 3, 3, 1, 0, NULL, 0); /* even a director may not push a URL */
    ck_assert_uint_eq(dfx_count(&fx, "ST-EXP-007"), 2);
    smi(&fx, OUTSIDER, 4, 7, 0, 0, filler, sizeof(filler));
    smi(&fx, OUTSIDER, 5, 7, 0, 0, mixed, sizeof(mixed)); /* type 7 without filler */
    smi(&fx, OUTSIDER, 6, 7, 0, 0, filler, 63);           /* run shorter than 64 */
    smi(&fx, OUTSIDER, 7, 4, 1, 0, NULL, 0);              /* URL in another type */
    ck_assert_uint_eq(dfx_count(&fx, "ST-EXP-007"), 3);
    ck_assert_uint_eq(dfx_count(&fx, "ST-EXP-006"), 5);
    dfx_teardown(&fx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("detect-flowside");
    TCase *tc = tcase_create("flowside");
    tcase_add_test(tc, tacacs_unencrypted_body);
    tcase_add_test(tc, aaa_copied_in_tunnel_or_to_non_aaa_host);
    tcase_add_test(tc, aaa_copy_needs_the_aaa_set);
    tcase_add_test(tc, aaa_over_approved_tunnels_is_transport);
    tcase_add_test(tc, syslog_to_unknown_collector);
    tcase_add_test(tc, tunnel_volume_ratio_and_rate);
    tcase_add_test(tc, tunnel_volume_judged_while_running);
    tcase_add_test(tc, smart_install_director_and_abuse);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
