/* Suricata EVE records to observations (plugins/suricata/eve-map.c). The records are lines that
 * Suricata 7.0.17 wrote (shared/testdata/suricata-eve); expected epochs come from Python's
 * calendar.timegm, expected observation sequences from the record fields read by hand. */
#include "eve-map.h"
#include "sw-test.h"

#include <string.h>

/* mgmt/snmp: UDP 161 request and reply, flow.state established. */
static const char snmp_flow[] =
    "{\"timestamp\":\"2008-09-25T18:10:02.255725+0000\",\"flow_id\":810083647366355,"
    "\"event_type\":\"flow\",\"src_ip\":\"10.144.246.184\",\"src_port\":54059,\"dest_ip\":"
    "\"10.144.246.161\",\"dest_port\":161,\"proto\":\"UDP\",\"app_proto\":\"snmp\",\"flow\":{"
    "\"pkts_toserver\":1,\"pkts_toclient\":1,\"bytes_toserver\":93,\"bytes_toclient\":98,"
    "\"start\":\"2008-09-25T18:10:02.254148+0000\",\"end\":\"2008-09-25T18:10:02.255725+0000\","
    "\"age\":0,\"state\":\"established\",\"reason\":\"shutdown\",\"alerted\":false}}";

/* exfil/ftp: a full TCP session, SYN and ACK both seen, closed. */
static const char ftp_flow[] =
    "{\"timestamp\":\"2013-03-18T17:45:02.272410+0000\",\"flow_id\":1747372250017810,"
    "\"event_type\":\"flow\",\"src_ip\":\"141.142.228.5\",\"src_port\":50736,\"dest_ip\":"
    "\"141.142.192.162\",\"dest_port\":21,\"proto\":\"TCP\",\"app_proto\":\"ftp\",\"flow\":{"
    "\"pkts_toserver\":26,\"pkts_toclient\":17,\"bytes_toserver\":1841,\"bytes_toclient\":1666,"
    "\"start\":\"2013-03-18T17:45:02.013625+0000\",\"end\":\"2013-03-18T17:45:02.272410+0000\","
    "\"age\":0,\"state\":\"closed\",\"reason\":\"shutdown\",\"alerted\":false},\"tcp\":{"
    "\"tcp_flags\":\"1b\",\"syn\":true,\"fin\":true,\"psh\":true,\"ack\":true,\"state\":"
    "\"closed\"}}";

/* A lone SYN (flow.state new, no reply). */
static const char syn_only_flow[] =
    "{\"flow_id\":514211211741195,\"event_type\":\"flow\",\"src_ip\":\"70.55.213.211\","
    "\"src_port\":31337,\"dest_ip\":\"192.88.99.1\",\"dest_port\":80,\"proto\":\"TCP\","
    "\"flow\":{\"pkts_toserver\":1,\"pkts_toclient\":0,\"bytes_toserver\":40,\"bytes_toclient\":"
    "0,\"start\":\"2010-05-20T15:08:33.185260+0000\",\"end\":\"2010-05-20T15:08:33.185260+0000\","
    "\"state\":\"new\",\"reason\":\"shutdown\"},\"tcp\":{\"tcp_flags\":\"02\",\"syn\":true,"
    "\"state\":\"syn_sent\"}}";

static json_t *parse(const char *text)
{
    json_t *j = json_loads(text, 0, NULL);
    ck_assert_ptr_nonnull(j);
    return j;
}

START_TEST(time_utc_and_offset)
{
    sw_time t;
    ck_assert_int_eq(sw_suri_parse_time("2008-09-25T18:10:02.254148+0000", &t), SW_OK);
    ck_assert_int_eq(t.sec, 1222366202);
    ck_assert_int_eq(t.usec, 254148);
    /* +0230 is two and a half hours ahead of UTC: subtract 9000 s. */
    ck_assert_int_eq(sw_suri_parse_time("2013-03-18T17:45:02.5+0230", &t), SW_OK);
    ck_assert_int_eq(t.sec, 1363619702);
    ck_assert_int_eq(t.usec, 500000);
}
END_TEST

START_TEST(time_rejects_garbage)
{
    sw_time t;
    static const char *const bad[] = {"",
                                      "2008-09-25",
                                      "2008-09-25T18:10:02.254148",
                                      "2008-13-25T18:10:02.254148+0000",
                                      "2008-09-25T18:10:02.254148+0000x",
                                      "2008-09-25 18:10:02+0000",
                                      NULL};
    for (size_t i = 0; bad[i]; i++)
        ck_assert_msg(sw_suri_parse_time(bad[i], &t) == SW_ERR_INVALID, "%s", bad[i]);
    ck_assert_int_eq(sw_suri_parse_time(NULL, &t), SW_ERR_INVALID);
}
END_TEST

START_TEST(proto_names)
{
    uint8_t p = 0;
    ck_assert_int_eq(sw_suri_parse_proto("TCP", &p), SW_OK);
    ck_assert_uint_eq(p, 6);
    ck_assert_int_eq(sw_suri_parse_proto("IPv6-ICMP", &p), SW_OK);
    ck_assert_uint_eq(p, 58);
    ck_assert_int_eq(sw_suri_parse_proto("GRE", &p), SW_OK);
    ck_assert_uint_eq(p, 47);
    ck_assert_int_eq(sw_suri_parse_proto("132", &p), SW_OK);
    ck_assert_uint_eq(p, 132);
    ck_assert_int_eq(sw_suri_parse_proto("IP-in-IP", &p), SW_OK); /* Suricata 7's spelling */
    ck_assert_uint_eq(p, 4);
    ck_assert_int_eq(sw_suri_parse_proto("OSPF", &p), SW_OK);
    ck_assert_uint_eq(p, 89);
    ck_assert_int_eq(sw_suri_parse_proto("256", &p), SW_ERR_INVALID);
    ck_assert_int_eq(sw_suri_parse_proto("TCPX", &p), SW_ERR_INVALID);
}
END_TEST

START_TEST(udp_answered_flow)
{
    json_t *rec = parse(snmp_flow);
    sw_observation obs[SW_SURI_FLOW_OBS_MAX];
    size_t n = 0;
    ck_assert_int_eq(sw_suri_record_kind_of(rec), SW_SURI_REC_FLOW);
    ck_assert_int_eq(sw_suri_map_flow(rec, obs, &n), SW_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(obs[0].type, SW_OBS_FLOW_START);
    ck_assert_int_eq(obs[1].type, SW_OBS_FLOW_ANSWERED);
    ck_assert_int_eq(obs[2].type, SW_OBS_FLOW_END);
    const sw_flow_obs *f = &obs[2].u.flow;
    sw_ip want;
    sw_ip_parse(&want, "10.144.246.161");
    ck_assert(sw_ip_equal(&f->dst, &want));
    ck_assert_uint_eq(f->sp, 54059);
    ck_assert_uint_eq(f->dp, 161);
    ck_assert_uint_eq(f->proto, 17);
    ck_assert_uint_eq(f->flow_id, 810083647366355ull);
    ck_assert_uint_eq(f->bytes_toclient, 98);
    ck_assert_int_eq(obs[0].ts.usec, 254148);
    ck_assert_int_eq(obs[2].ts.usec, 255725);
    ck_assert_int_eq(f->end_reason, SW_FLOW_END_SHUTDOWN);
    json_decref(rec);
}
END_TEST

START_TEST(tcp_handshake_flow)
{
    json_t *rec = parse(ftp_flow);
    sw_observation obs[SW_SURI_FLOW_OBS_MAX];
    size_t n = 0;
    ck_assert_int_eq(sw_suri_map_flow(rec, obs, &n), SW_OK);
    ck_assert_uint_eq(n, 4);
    ck_assert_int_eq(obs[2].type, SW_OBS_FLOW_ESTABLISHED);
    ck_assert_int_eq(obs[3].type, SW_OBS_FLOW_END);
    ck_assert_int_eq(obs[3].u.flow.tcp_state, SW_TCP_CLOSED);
    ck_assert_uint_eq(obs[3].u.flow.pkts_toserver, 26);
    json_decref(rec);
}
END_TEST

START_TEST(tcp_syn_only_flow)
{
    json_t *rec = parse(syn_only_flow);
    sw_observation obs[SW_SURI_FLOW_OBS_MAX];
    size_t n = 0;
    ck_assert_int_eq(sw_suri_map_flow(rec, obs, &n), SW_OK);
    ck_assert_uint_eq(n, 2); /* start and end: nobody answered */
    ck_assert_int_eq(obs[0].type, SW_OBS_FLOW_START);
    ck_assert_int_eq(obs[1].type, SW_OBS_FLOW_END);
    ck_assert_int_eq(obs[1].u.flow.tcp_state, SW_TCP_SYN_SENT);
    json_decref(rec);
}
END_TEST

/* Established by Suricata's flow state but the tcp object shows no SYN: picked up midstream. */
START_TEST(tcp_midstream_not_established)
{
    json_t *rec = parse(ftp_flow);
    json_object_set_new(json_object_get(rec, "tcp"), "syn", json_false());
    sw_observation obs[SW_SURI_FLOW_OBS_MAX];
    size_t n = 0;
    ck_assert_int_eq(sw_suri_map_flow(rec, obs, &n), SW_OK);
    ck_assert_uint_eq(n, 3);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_ne(obs[i].type, SW_OBS_FLOW_ESTABLISHED);
    json_decref(rec);
}
END_TEST

START_TEST(unusable_flows)
{
    static const char *const drop[] = {"src_ip", "dest_ip", "proto", "flow", NULL};
    for (size_t i = 0; drop[i]; i++) {
        json_t *rec = parse(snmp_flow);
        json_object_del(rec, drop[i]);
        sw_observation obs[SW_SURI_FLOW_OBS_MAX];
        size_t n = 7;
        ck_assert_int_eq(sw_suri_map_flow(rec, obs, &n), SW_ERR_INVALID);
        ck_assert_uint_eq(n, 0);
        json_decref(rec);
    }
    json_t *rec = parse(snmp_flow);
    json_object_set_new(rec, "src_ip", json_string("10.144.246"));
    sw_observation obs[SW_SURI_FLOW_OBS_MAX];
    size_t n = 0;
    ck_assert_int_eq(sw_suri_map_flow(rec, obs, &n), SW_ERR_INVALID);
    json_decref(rec);
    json_t *arr = json_array();
    ck_assert_int_eq(sw_suri_map_flow(arr, obs, &n), SW_ERR_INVALID);
    ck_assert_int_eq(sw_suri_record_kind_of(arr), SW_SURI_REC_OTHER);
    json_decref(arr);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("suricata-eve-map");
    TCase *t = tcase_create("time-proto");
    tcase_add_test(t, time_utc_and_offset);
    tcase_add_test(t, time_rejects_garbage);
    tcase_add_test(t, proto_names);
    suite_add_tcase(s, t);
    t = tcase_create("flow");
    tcase_add_test(t, udp_answered_flow);
    tcase_add_test(t, tcp_handshake_flow);
    tcase_add_test(t, tcp_syn_only_flow);
    tcase_add_test(t, tcp_midstream_not_established);
    tcase_add_test(t, unusable_flows);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return sw_test_run(suite());
}
