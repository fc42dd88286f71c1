/* EVE record shapes, field by field, against Suricata 7's formats (the records Suricata wrote in
 * shared/testdata/suricata-eve and OISF/suricata's output-json-*.c). With SW_EVE_SAMPLE_OUT set,
 * one record of each kind is also appended to that file for tests/eve/validate_eve.py. */
#include "eve.h"
#include "eve-int.h"
#include "output.h"
#include "sw-test.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const sw_catalog_entry entry = {
    "ST-TUN-001",
    1,
    9100001,
    2,
    "SEAWALL ST-TUN-001 GRE tunnel to an unapproved peer",
    "Potentially Bad Traffic",
    SW_SEV_HIGH,
    {"T1572", "T1599", NULL, NULL},
    "A GRE tunnel from an infrastructure address to a peer outside tunnel_peers.",
};

static const sw_eve_options options = {1, 0, NULL, NULL};

/* 141.142.228.5:59856 -> 192.150.187.43:80, the flow of http/zeek-http-get, for which Suricata
 * wrote community_id 1:yvyB8h+3dnggTZW0UEITWCst97w=. */
static sw_flow_obs tcp_flow(void)
{
    sw_flow_obs f;
    memset(&f, 0, sizeof(f));
    f.flow_id = 1763481323788968;
    sw_ip_parse(&f.src, "141.142.228.5");
    sw_ip_parse(&f.dst, "192.150.187.43");
    f.sp = 59856;
    f.dp = 80;
    f.proto = 6;
    f.start = (sw_time){1575873238, 827155};
    f.last = (sw_time){1575873300, 5};
    f.pkts_toserver = 7;
    f.pkts_toclient = 6;
    f.bytes_toserver = 638;
    f.bytes_toclient = 5505;
    f.tcp_state = SW_TCP_ESTABLISHED;
    return f;
}

static sw_alert make_alert(const sw_flow_obs *flow)
{
    sw_alert a;
    memset(&a, 0, sizeof(a));
    a.entry = &entry;
    a.severity = SW_SEV_CRITICAL; /* raised above the catalog default */
    a.ts = (sw_time){1575873238, 827155};
    a.pcap_cnt = 11;
    a.flow = flow;
    a.n_evidence = 2;
    a.evidence[0] = (sw_evidence){"peer", "203.0.113.9"};
    a.evidence[1] = (sw_evidence){"net", "infra"};
    return a;
}

static const char *str_at(json_t *obj, const char *path)
{
    char key[64];
    const char *dot;
    while ((dot = strchr(path, '.')) != NULL) {
        snprintf(key, sizeof(key), "%.*s", (int)(dot - path), path);
        obj = json_object_get(obj, key);
        path = dot + 1;
    }
    json_t *v = json_object_get(obj, path);
    ck_assert_msg(json_is_string(v), "%s is not a string", path);
    return json_string_value(v);
}

static json_int_t int_at(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    ck_assert_msg(json_is_integer(v), "%s is not an integer", key);
    return json_integer_value(v);
}

/* The hand-written calendar against libc's: every ~97 days from 1970 to 9999, plus leap days. */
START_TEST(timestamp_matches_libc_calendar)
{
    char buf[SW_EVE_TS_LEN], expected[64], date[32];
    int64_t extra[] = {951782400, 951868799, 4107542400LL, 4107456000LL, 253402300799LL};
    /* A prime step of ~97 days lands on every month, weekday and time of day over the range. */
    for (int64_t t64 = 0; t64 <= 253402300799LL; t64 += 8388593) {
        time_t t = (time_t)t64;
        struct tm tm;
        ck_assert_ptr_nonnull(gmtime_r(&t, &tm));
        strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
        snprintf(expected, sizeof(expected), "%s.000042+0000", date);
        ck_assert_str_eq(sw_eve_timestamp((sw_time){t64, 42}, buf, sizeof(buf)), expected);
    }
    for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
        time_t t = (time_t)extra[i];
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
        snprintf(expected, sizeof(expected), "%s.999999+0000", date);
        ck_assert_str_eq(sw_eve_timestamp((sw_time){extra[i], 999999}, buf, sizeof(buf)), expected);
    }
}
END_TEST

START_TEST(timestamp_format)
{
    char buf[SW_EVE_TS_LEN];
    /* date -u -d @1575873238 gives 2019-12-09T06:33:58 */
    ck_assert_str_eq(sw_eve_timestamp((sw_time){1575873238, 827155}, buf, sizeof(buf)),
                     "2019-12-09T06:33:58.827155+0000");
    ck_assert_str_eq(sw_eve_timestamp((sw_time){1700000000, 7}, buf, sizeof(buf)),
                     "2023-11-14T22:13:20.000007+0000");
    /* an out-of-range microsecond field carries into the seconds */
    ck_assert_str_eq(sw_eve_timestamp((sw_time){1700000000, -1}, buf, sizeof(buf)),
                     "2023-11-14T22:13:19.999999+0000");
    ck_assert_str_eq(sw_eve_timestamp((sw_time){-5, 0}, buf, sizeof(buf)),
                     "1970-01-01T00:00:00.000000+0000");
    ck_assert_str_eq(sw_eve_timestamp((sw_time){INT64_MAX, 0}, buf, sizeof(buf)),
                     "9999-12-31T23:59:59.999999+0000");
    char small[8];
    ck_assert_str_eq(sw_eve_timestamp((sw_time){0, 0}, small, sizeof(small)), "1970-01");
}
END_TEST

/* The cached form must write what the plain one writes, whatever came before it: the same
 * second with other microseconds, the next second, a day later, across midnight either way,
 * and times out of range. */
START_TEST(timestamp_cache_writes_the_plain_text)
{
    static const sw_time seq[] = {
        {1575873238, 827155},
        {1575873238, 0},
        {1575873238, 999999},
        {1575873239, 5},
        {1575873238, 1},
        {1575959638, 1},
        {1575959638, -1},
        {1575959638, 1000000},
        {-5, 7},
        {0, 0},
        {-5, 7},
        {INT64_MAX, 0},
        {253402300799LL, 3},
        {INT64_MAX, 12},
        {1700000000, 7},
        {1700000000, 7},
    };
    sw_eve_ts_cache cache = {0};
    for (size_t i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
        char plain[SW_EVE_TS_TEXT + 1] = {0}, cached[SW_EVE_TS_TEXT + 1] = {0};
        sw_eve_timestamp_text(seq[i], plain);
        sw_eve_timestamp_text_cached(&cache, seq[i], cached);
        ck_assert_msg(strcmp(plain, cached) == 0, "step %zu: %s != %s", i, cached, plain);
    }
}
END_TEST

START_TEST(proto_names_as_suricata)
{
    char buf[8];
    ck_assert_str_eq(sw_eve_proto_name(6, buf, sizeof(buf)), "TCP");
    ck_assert_str_eq(sw_eve_proto_name(17, buf, sizeof(buf)), "UDP");
    ck_assert_str_eq(sw_eve_proto_name(1, buf, sizeof(buf)), "ICMP");
    ck_assert_str_eq(sw_eve_proto_name(58, buf, sizeof(buf)), "IPv6-ICMP");
    ck_assert_str_eq(sw_eve_proto_name(41, buf, sizeof(buf)), "IPv6");
    ck_assert_str_eq(sw_eve_proto_name(47, buf, sizeof(buf)), "GRE");
    ck_assert_str_eq(sw_eve_proto_name(50, buf, sizeof(buf)), "ESP");
    /* Suricata 7.0.17 names these too (its protocol table; OSPF, VRRP and PIM are what a router
     * link carries besides the tunnels), and IP-in-IP is its spelling for 4. */
    ck_assert_str_eq(sw_eve_proto_name(4, buf, sizeof(buf)), "IP-in-IP");
    ck_assert_str_eq(sw_eve_proto_name(89, buf, sizeof(buf)), "OSPF");
    ck_assert_str_eq(sw_eve_proto_name(103, buf, sizeof(buf)), "PIM");
    ck_assert_str_eq(sw_eve_proto_name(112, buf, sizeof(buf)), "VRRP");
    ck_assert_str_eq(sw_eve_proto_name(132, buf, sizeof(buf)), "SCTP");
    ck_assert_str_eq(sw_eve_proto_name(200, buf, sizeof(buf)), "200");
    /* Every name reads back as its number (the Suricata plugin parses them), any case. */
    for (unsigned n = 0; n < 256; n++) {
        char num[8], lower[32];
        const char *name = sw_eve_proto_name((uint8_t)n, num, sizeof(num));
        uint8_t back = 0;
        ck_assert_int_eq(sw_eve_proto_parse(name, &back), SW_OK);
        ck_assert_uint_eq(back, n);
        size_t i = 0;
        for (; name[i] && i + 1 < sizeof(lower); i++)
            lower[i] = (char)tolower((unsigned char)name[i]);
        lower[i] = '\0';
        ck_assert_int_eq(sw_eve_proto_parse(lower, &back), SW_OK);
        ck_assert_uint_eq(back, n);
    }
}
END_TEST

START_TEST(alert_with_tunnel_and_vlan)
{
    sw_flow_obs flow = tcp_flow();
    sw_tunnel_info tun = {SW_TUNNEL_ERSPAN, {0}, {0}, 47, 1};
    sw_ip_parse(&tun.outer_src, "10.0.0.1");
    sw_ip_parse(&tun.outer_dst, "10.0.0.2");
    flow.tunnel = &tun;
    flow.vlan[0] = 100;
    flow.vlan[1] = 20;
    sw_alert a = make_alert(&flow);
    json_t *rec = sw_eve_alert(&a, &options);
    ck_assert_ptr_nonnull(rec);

    ck_assert_str_eq(str_at(rec, "timestamp"), "2019-12-09T06:33:58.827155+0000");
    ck_assert_int_eq(int_at(rec, "flow_id"), 1763481323788968);
    ck_assert_int_eq(int_at(rec, "pcap_cnt"), 11);
    ck_assert_str_eq(str_at(rec, "event_type"), "alert");
    json_t *vlan = json_object_get(rec, "vlan");
    ck_assert_int_eq(json_array_size(vlan), 2);
    ck_assert_int_eq(json_integer_value(json_array_get(vlan, 0)), 100);
    ck_assert_int_eq(json_integer_value(json_array_get(vlan, 1)), 20);
    ck_assert_str_eq(str_at(rec, "src_ip"), "141.142.228.5");
    ck_assert_int_eq(int_at(rec, "src_port"), 59856);
    ck_assert_str_eq(str_at(rec, "dest_ip"), "192.150.187.43");
    ck_assert_int_eq(int_at(rec, "dest_port"), 80);
    ck_assert_str_eq(str_at(rec, "proto"), "TCP");
    ck_assert_str_eq(str_at(rec, "pkt_src"), "wire/pcap");
    ck_assert_str_eq(str_at(rec, "community_id"), "1:yvyB8h+3dnggTZW0UEITWCst97w=");
    ck_assert_str_eq(str_at(rec, "tunnel.src_ip"), "10.0.0.1");
    ck_assert_str_eq(str_at(rec, "tunnel.dest_ip"), "10.0.0.2");
    ck_assert_str_eq(str_at(rec, "tunnel.proto"), "GRE");
    ck_assert_int_eq(int_at(json_object_get(rec, "tunnel"), "depth"), 1);
    ck_assert_str_eq(str_at(rec, "seawall.tunnel_kind"), "ERSPAN");
    json_decref(rec);
}
END_TEST

START_TEST(alert_object_and_flow_summary)
{
    sw_flow_obs flow = tcp_flow();
    sw_alert a = make_alert(&flow);
    json_t *rec = sw_eve_alert(&a, &options);
    json_t *al = json_object_get(rec, "alert");
    ck_assert_str_eq(str_at(al, "action"), "allowed");
    ck_assert_int_eq(int_at(al, "gid"), 1);
    ck_assert_int_eq(int_at(al, "signature_id"), 9100001);
    ck_assert_int_eq(int_at(al, "rev"), 2);
    ck_assert_str_eq(str_at(al, "signature"), entry.signature);
    ck_assert_str_eq(str_at(al, "category"), "Potentially Bad Traffic");
    ck_assert_int_eq(int_at(al, "severity"), 1);
    json_t *md = json_object_get(al, "metadata");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(md, "seawall_id"), 0)),
                     "ST-TUN-001");
    json_t *mitre = json_object_get(md, "mitre_technique_id");
    ck_assert_int_eq(json_array_size(mitre), 2);
    ck_assert_str_eq(json_string_value(json_array_get(mitre, 1)), "T1599");
    ck_assert_str_eq(
        json_string_value(json_array_get(json_object_get(md, "signature_severity"), 0)),
        "Critical");

    json_t *fl = json_object_get(rec, "flow");
    ck_assert_int_eq(int_at(fl, "pkts_toserver"), 7);
    ck_assert_int_eq(int_at(fl, "pkts_toclient"), 6);
    ck_assert_int_eq(int_at(fl, "bytes_toserver"), 638);
    ck_assert_int_eq(int_at(fl, "bytes_toclient"), 5505);
    ck_assert_str_eq(str_at(fl, "start"), "2019-12-09T06:33:58.827155+0000");
    ck_assert_str_eq(str_at(fl, "src_ip"), "141.142.228.5");
    ck_assert_int_eq(int_at(fl, "dest_port"), 80);
    ck_assert_ptr_null(json_object_get(fl, "end")); /* alerts carry no end, as Suricata 7 */

    ck_assert_str_eq(str_at(rec, "seawall.id"), "ST-TUN-001");
    ck_assert_str_eq(str_at(rec, "seawall.severity"), "critical");
    ck_assert_str_eq(str_at(rec, "seawall.evidence.peer"), "203.0.113.9");
    ck_assert_str_eq(str_at(rec, "seawall.evidence.net"), "infra");
    ck_assert_ptr_null(json_object_get(rec, "vlan"));
    ck_assert_ptr_null(json_object_get(rec, "tunnel"));
    json_decref(rec);
}
END_TEST

START_TEST(alert_without_flow)
{
    sw_alert a = make_alert(NULL);
    a.pcap_cnt = 0;
    sw_eve_options opt = {1, 0, "edge-1", "wire/live"};
    json_t *rec = sw_eve_alert(&a, &opt);
    ck_assert_ptr_nonnull(rec);
    ck_assert_ptr_null(json_object_get(rec, "flow_id"));
    ck_assert_ptr_null(json_object_get(rec, "pcap_cnt")); /* 0 is left out, as Suricata */
    ck_assert_ptr_null(json_object_get(rec, "src_ip"));
    ck_assert_ptr_null(json_object_get(rec, "community_id"));
    ck_assert_ptr_null(json_object_get(rec, "flow"));
    ck_assert_str_eq(str_at(rec, "host"), "edge-1");
    ck_assert_str_eq(str_at(rec, "pkt_src"), "wire/live");
    json_decref(rec);
}
END_TEST

START_TEST(alert_evidence_not_utf8)
{
    sw_alert a = make_alert(NULL);
    a.evidence[0] = (sw_evidence){"banner", "SSH-2.0-\xff\xfeX"};
    json_t *rec = sw_eve_alert(&a, &options);
    ck_assert_ptr_nonnull(rec);
    ck_assert_str_eq(str_at(rec, "seawall.evidence.banner"), "SSH-2.0-??X");
    json_decref(rec);
}
END_TEST

static sw_flow_obs icmp6_flow(void)
{
    sw_flow_obs f;
    memset(&f, 0, sizeof(f));
    f.flow_id = 42;
    /* addresses and community_id of http/zeek-ipv6-http-atomic-frag (Suricata 7.0.17) */
    sw_ip_parse(&f.src, "2001:db8:1::1");
    sw_ip_parse(&f.dst, "2001:db8:1::2");
    f.proto = 58;
    f.icmp_type = 136;
    f.start = (sw_time){1700000000, 0};
    f.last = (sw_time){1700000003, 999999};
    f.pkts_toserver = 1;
    f.bytes_toserver = 86;
    f.end_reason = SW_FLOW_END_EVICTED;
    return f;
}

START_TEST(flow_record)
{
    sw_flow_obs f = icmp6_flow();
    json_t *rec = sw_eve_flow(&f, f.last, &options);
    ck_assert_ptr_nonnull(rec);
    ck_assert_str_eq(str_at(rec, "event_type"), "flow");
    ck_assert_ptr_null(json_object_get(rec, "pcap_cnt"));
    ck_assert_ptr_null(json_object_get(rec, "pkt_src"));
    /* Suricata 7 writes IPv6 uncompressed */
    ck_assert_str_eq(str_at(rec, "src_ip"), "2001:0db8:0001:0000:0000:0000:0000:0001");
    ck_assert_ptr_null(json_object_get(rec, "src_port"));
    ck_assert_str_eq(str_at(rec, "proto"), "IPv6-ICMP");
    ck_assert_int_eq(int_at(rec, "icmp_type"), 136);
    ck_assert_int_eq(int_at(rec, "icmp_code"), 0);
    ck_assert_str_eq(str_at(rec, "community_id"), "1:on65FKMd1L8JTxiqb1eHl08W6vY=");
    json_t *fl = json_object_get(rec, "flow");
    ck_assert_str_eq(str_at(fl, "start"), "2023-11-14T22:13:20.000000+0000");
    ck_assert_str_eq(str_at(fl, "end"), "2023-11-14T22:13:23.999999+0000");
    ck_assert_int_eq(int_at(fl, "age"), 3);
    ck_assert_str_eq(str_at(fl, "state"), "new");
    ck_assert_str_eq(str_at(fl, "reason"), "forced");
    ck_assert_str_eq(str_at(rec, "seawall.end_reason"), "evicted");
    json_decref(rec);
}
END_TEST

/* age is last minus start in whole seconds, never negative, and clamped rather than overflowed
 * when a capture's timestamps are absurdly far apart. */
START_TEST(flow_age_clamped)
{
    sw_flow_obs f = tcp_flow();
    const struct {
        int64_t start, last, age;
    } cases[] = {{100, 160, 60},
                 {160, 100, 0},
                 {-5, INT64_MAX, INT64_MAX},
                 {INT64_MIN, 0, INT64_MAX},
                 {INT64_MIN, INT64_MIN, 0}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        f.start = (sw_time){cases[i].start, 0};
        f.last = (sw_time){cases[i].last, 0};
        json_t *rec = sw_eve_flow(&f, f.last, &options);
        ck_assert_ptr_nonnull(rec);
        ck_assert_int_eq(int_at(json_object_get(rec, "flow"), "age"), cases[i].age);
        json_decref(rec);
    }
}
END_TEST

START_TEST(flow_state_and_reason_mapping)
{
    sw_flow_obs f = tcp_flow();
    f.tcp_state = SW_TCP_CLOSED;
    f.end_reason = SW_FLOW_END_CLOSED;
    json_t *rec = sw_eve_flow(&f, f.last, &options);
    ck_assert_str_eq(str_at(rec, "flow.state"), "closed");
    ck_assert_str_eq(str_at(rec, "flow.reason"), "timeout");
    ck_assert_str_eq(str_at(rec, "seawall.end_reason"), "closed");
    json_decref(rec);

    f = icmp6_flow();
    f.pkts_toclient = 1; /* answered: Suricata calls a non-TCP flow established */
    f.end_reason = SW_FLOW_END_SHUTDOWN;
    rec = sw_eve_flow(&f, f.last, &options);
    ck_assert_str_eq(str_at(rec, "flow.state"), "established");
    ck_assert_str_eq(str_at(rec, "flow.reason"), "shutdown");
    json_decref(rec);
}
END_TEST

START_TEST(anomaly_with_and_without_flow)
{
    json_t *rec =
        sw_eve_anomaly((sw_time){1700000000, 1}, 9, "decode", "decoder.ipv4.trunc", NULL, &options);
    ck_assert_ptr_nonnull(rec);
    ck_assert_str_eq(str_at(rec, "event_type"), "anomaly");
    ck_assert_int_eq(int_at(rec, "pcap_cnt"), 9);
    ck_assert_str_eq(str_at(rec, "anomaly.type"), "decode");
    ck_assert_str_eq(str_at(rec, "anomaly.event"), "decoder.ipv4.trunc");
    ck_assert_ptr_null(json_object_get(rec, "src_ip"));
    ck_assert_ptr_null(json_object_get(rec, "flow_id"));
    json_decref(rec);

    sw_flow_obs f = tcp_flow();
    rec = sw_eve_anomaly(f.start, 12, "applayer", "app.ssh.banner_too_long", &f, &options);
    ck_assert_int_eq(int_at(rec, "flow_id"), 1763481323788968);
    ck_assert_str_eq(str_at(rec, "src_ip"), "141.142.228.5");
    ck_assert_str_eq(str_at(rec, "community_id"), "1:yvyB8h+3dnggTZW0UEITWCst97w=");
    ck_assert_ptr_null(json_object_get(rec, "flow"));
    json_decref(rec);
    ck_assert_ptr_null(sw_eve_anomaly(f.start, 0, NULL, "x", NULL, &options));
}
END_TEST

START_TEST(stats_record)
{
    json_t *suricata = json_pack("{s:I, s:I, s:{s:I}}", "decoder.pkts", (json_int_t)10,
                                 "decoder.ipv4", (json_int_t)8, "flow", "tcp", (json_int_t)3);
    json_t *counters = json_pack("{s:I}", "decoder.ipv4.trunc", (json_int_t)2);
    json_t *rec = sw_eve_stats((sw_time){1700000000, 0}, 60, suricata, counters, &options);
    ck_assert_ptr_nonnull(rec);
    ck_assert_str_eq(str_at(rec, "event_type"), "stats");
    json_t *stats = json_object_get(rec, "stats");
    ck_assert_int_eq(int_at(stats, "uptime"), 60);
    ck_assert_int_eq(int_at(json_object_get(stats, "decoder"), "pkts"), 10);
    ck_assert_int_eq(int_at(json_object_get(stats, "decoder"), "ipv4"), 8);
    ck_assert_int_eq(int_at(json_object_get(stats, "flow"), "tcp"), 3);
    json_t *c = json_object_get(json_object_get(rec, "seawall"), "counters");
    ck_assert_int_eq(int_at(c, "decoder.ipv4.trunc"), 2);
    ck_assert_int_eq(json_object_size(rec), 4);
    json_decref(rec);

    rec = sw_eve_stats((sw_time){0, 0}, 0, NULL, NULL, &options); /* nothing to merge */
    ck_assert_int_eq(json_object_size(json_object_get(rec, "stats")), 1);
    json_decref(rec);
}
END_TEST

START_TEST(top_level_keys_are_suricatas_or_extension)
{
    /* Every key Seawall writes at the top level exists in Suricata's schema, except one. */
    static const char *const allowed[] = {
        "timestamp", "flow_id",  "pcap_cnt",       "event_type", "host",  "vlan",
        "src_ip",    "src_port", "dest_ip",        "dest_port",  "proto", "icmp_type",
        "icmp_code", "pkt_src",  "tunnel",         "alert",      "flow",  "community_id",
        "anomaly",   "stats",    SW_EVE_EXTENSION, NULL};
    sw_flow_obs f = tcp_flow();
    sw_tunnel_info tun = {SW_TUNNEL_GRE, {0}, {0}, 47, 1};
    f.tunnel = &tun;
    f.vlan[0] = 5;
    sw_alert a = make_alert(&f);
    sw_eve_options opt = {1, 0, "h", NULL};
    json_t *recs[] = {sw_eve_alert(&a, &opt), sw_eve_flow(&f, f.last, &opt),
                      sw_eve_anomaly(f.last, 1, "stream", "stream.gap", &f, &opt),
                      sw_eve_stats(f.last, 1, json_object(), json_object(), &opt)};
    for (size_t i = 0; i < sizeof(recs) / sizeof(recs[0]); i++) {
        const char *key;
        json_t *value;
        json_object_foreach(recs[i], key, value)
        {
            int found = 0;
            for (size_t k = 0; allowed[k]; k++)
                found |= strcmp(allowed[k], key) == 0;
            ck_assert_msg(found, "record %zu has top-level key %s", i, key);
        }
        json_decref(recs[i]);
    }
}
END_TEST

/* One record of each kind for tests/eve (schema validation); skipped without the variable. */
START_TEST(sample_records_written)
{
    const char *path = getenv("SW_EVE_SAMPLE_OUT");
    if (!path || !path[0])
        return;
    sw_output_options oo = {SW_OUTPUT_FILE, path, 0};
    sw_output *out = NULL;
    ck_assert_int_eq(sw_output_new(&oo, &out, NULL), SW_OK);

    sw_flow_obs tunneled = tcp_flow();
    sw_tunnel_info tun = {SW_TUNNEL_GRE, {0}, {0}, 47, 2};
    sw_ip_parse(&tun.outer_src, "192.0.2.1");
    sw_ip_parse(&tun.outer_dst, "2001:db8::2");
    tunneled.tunnel = &tun;
    tunneled.vlan[0] = 10;
    tunneled.vlan[1] = 20;
    sw_flow_obs bare = icmp6_flow();
    sw_alert with_tunnel = make_alert(&tunneled), plain = make_alert(&bare);
    sw_eve_options opt = {1, 0, "sensor-a", NULL};
    json_t *recs[] = {
        sw_eve_alert(&with_tunnel, &opt),
        sw_eve_alert(&plain, &opt),
        sw_eve_flow(&tunneled, tunneled.last, &opt),
        sw_eve_flow(&bare, bare.last, &opt),
        sw_eve_anomaly(bare.start, 3, "decode", "decoder.ipv6.trunc", NULL, &opt),
        sw_eve_anomaly(tunneled.start, 4, "stream", "stream.gap", &tunneled, &opt),
        sw_eve_stats(bare.last, 5, json_pack("{s:I}", "decoder.pkts", (json_int_t)4),
                     json_pack("{s:I}", "eve.dropped", (json_int_t)0), &opt),
    };
    for (size_t i = 0; i < sizeof(recs) / sizeof(recs[0]); i++) {
        ck_assert_ptr_nonnull(recs[i]);
        ck_assert_int_eq(sw_output_write(out, recs[i]), SW_OK);
        json_decref(recs[i]);
    }
    sw_output_free(out);
}
END_TEST

static Suite *eve_suite(void)
{
    Suite *s = suite_create("eve");
    TCase *fmt = tcase_create("formats");
    tcase_add_test(fmt, timestamp_format);
    tcase_add_test(fmt, timestamp_matches_libc_calendar);
    tcase_add_test(fmt, timestamp_cache_writes_the_plain_text);
    tcase_add_test(fmt, proto_names_as_suricata);
    suite_add_tcase(s, fmt);
    TCase *alert = tcase_create("alert");
    tcase_add_test(alert, alert_with_tunnel_and_vlan);
    tcase_add_test(alert, alert_object_and_flow_summary);
    tcase_add_test(alert, alert_without_flow);
    tcase_add_test(alert, alert_evidence_not_utf8);
    suite_add_tcase(s, alert);
    TCase *other = tcase_create("flow_anomaly_stats");
    tcase_add_test(other, flow_record);
    tcase_add_test(other, flow_state_and_reason_mapping);
    tcase_add_test(other, flow_age_clamped);
    tcase_add_test(other, anomaly_with_and_without_flow);
    tcase_add_test(other, stats_record);
    tcase_add_test(other, top_level_keys_are_suricatas_or_extension);
    tcase_add_test(other, sample_records_written);
    suite_add_tcase(s, other);
    return s;
}

int main(void)
{
    return sw_test_run(eve_suite());
}
