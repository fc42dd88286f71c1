/* Flow table (sensor/flow.h) on hand-made packets: the ip[] layers are filled directly, so these
 * tests do not depend on the decoders. Expected values are hand counts of the packets sent and the
 * configured timeouts. */
#include "flow-key.h"
#include "flow.h"
#include "sw-test.h"

#include <jansson.h>
#include <string.h>

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_ACK 0x10

#define MAX_EVENTS 64

typedef struct seen_obs {
    sw_obs_type type;
    sw_time ts;
    uint64_t pcap_cnt;
    sw_flow_obs flow;
    int has_tunnel;
    sw_tunnel_info tunnel; /* copied: the pointer is valid during the callback only */
} seen_obs;

typedef struct recorder {
    seen_obs ev[MAX_EVENTS];
    size_t n;
} recorder;

static void record_cb(const sw_observation *obs, void *user)
{
    recorder *rec = user;
    ck_assert_uint_lt(rec->n, MAX_EVENTS);
    seen_obs *s = &rec->ev[rec->n++];
    s->type = obs->type;
    s->ts = obs->ts;
    s->pcap_cnt = obs->pcap_cnt;
    s->flow = obs->u.flow;
    s->has_tunnel = obs->u.flow.tunnel != NULL;
    if (s->has_tunnel)
        s->tunnel = *obs->u.flow.tunnel;
    s->flow.tunnel = NULL;
}

static sw_flow_config test_config(void)
{
    sw_flow_config cfg;
    sw_flow_config_defaults(&cfg);
    cfg.seed = 0x1234;
    cfg.hash_size = 64;
    return cfg;
}

static sw_ip addr(const char *text)
{
    sw_ip ip;
    ck_assert_int_eq(sw_ip_parse(&ip, text), SW_OK);
    return ip;
}

static void set_layer(sw_ip_layer *lay, const char *src, uint16_t sp, const char *dst, uint16_t dp,
                      uint8_t proto)
{
    memset(lay, 0, sizeof(*lay));
    lay->src = addr(src);
    lay->dst = addr(dst);
    lay->version = lay->src.family;
    lay->sp = sp;
    lay->dp = dp;
    lay->proto = proto;
    lay->ip_len = 100;
}

/* A one-layer packet at `sec` seconds. */
static sw_packet packet(int64_t sec, const char *src, uint16_t sp, const char *dst, uint16_t dp,
                        uint8_t proto, uint8_t flags)
{
    sw_packet p;
    memset(&p, 0, sizeof(p));
    p.ts.sec = sec;
    p.n_ip = 1;
    set_layer(&p.ip[0], src, sp, dst, dp, proto);
    p.ip[0].tcp_flags = flags;
    return p;
}

static sw_packet tcp(int64_t sec, uint64_t cnt, int toserver, uint8_t flags, uint32_t ip_len)
{
    sw_packet p = toserver ? packet(sec, "10.0.0.1", 40000, "10.0.0.2", 23, 6, flags)
                           : packet(sec, "10.0.0.2", 23, "10.0.0.1", 40000, 6, flags);
    p.pcap_cnt = cnt;
    p.ip[0].ip_len = ip_len;
    return p;
}

static sw_time at(int64_t sec)
{
    sw_time t = {sec, 0};
    return t;
}

static size_t count_type(const recorder *rec, sw_obs_type type)
{
    size_t n = 0;
    for (size_t i = 0; i < rec->n; i++)
        n += rec->ev[i].type == type;
    return n;
}

/* ---- keys and orientation ------------------------------------------------------------------ */

START_TEST(both_directions_meet)
{
    sw_flow_config cfg = test_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    ck_assert_ptr_nonnull(ft);
    sw_packet q = packet(1, "192.0.2.10", 5353, "198.51.100.1", 53, 17, 0);
    sw_packet a = packet(1, "198.51.100.1", 53, "192.0.2.10", 5353, 17, 0);
    uint64_t id1 = sw_flow_table_packet(ft, &q, 0);
    uint64_t id2 = sw_flow_table_packet(ft, &a, 0);
    ck_assert_uint_ne(id1, 0);
    ck_assert_uint_eq(id1, id2);
    ck_assert_uint_eq(sw_flow_table_stats(ft)->total, 1);
    ck_assert_uint_eq(sw_flow_table_stats(ft)->udp, 1);
    ck_assert_uint_eq(sw_flow_table_stats(ft)->active, 1);
    sw_flow_table_flush(ft, at(2));
    ck_assert_uint_eq(rec.n, 3); /* START, ANSWERED, END */
    const sw_flow_obs *end = &rec.ev[2].flow;
    ck_assert_uint_eq(end->pkts_toserver, 1);
    ck_assert_uint_eq(end->pkts_toclient, 1);
    ck_assert_uint_eq(end->bytes_toserver, 100);
    ck_assert_uint_eq(end->bytes_toclient, 100);
    ck_assert(sw_ip_equal(&end->src, &q.ip[0].src));
    ck_assert_uint_eq(end->sp, 5353);
    ck_assert_uint_eq(end->dp, 53);
    sw_flow_table_free(ft);
}
END_TEST

START_TEST(first_sender_is_client)
{
    sw_flow_config cfg = test_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    /* The higher address speaks first: it must still be the client. */
    sw_packet p = packet(1, "203.0.113.200", 161, "10.1.1.1", 40001, 17, 0);
    sw_flow_table_packet(ft, &p, 0);
    ck_assert_uint_eq(rec.n, 1);
    ck_assert_int_eq(rec.ev[0].type, SW_OBS_FLOW_START);
    ck_assert(sw_ip_equal(&rec.ev[0].flow.src, &p.ip[0].src));
    ck_assert_uint_eq(rec.ev[0].flow.sp, 161);
    ck_assert_uint_eq(rec.ev[0].flow.dp, 40001);
    ck_assert_uint_eq(rec.ev[0].flow.pkts_toserver, 1);
    sw_flow_table_free(ft);
}
END_TEST

START_TEST(midstream_syn_ack_sender_is_server)
{
    sw_flow_config cfg = test_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    sw_packet sa = tcp(1, 1, 0, TH_SYN | TH_ACK, 60); /* from 10.0.0.2:23 */
    sw_packet ack = tcp(1, 2, 1, TH_ACK, 52);
    sw_flow_table_packet(ft, &sa, 0);
    sw_flow_table_packet(ft, &ack, 0);
    ck_assert_uint_eq(rec.n, 3);
    ck_assert_int_eq(rec.ev[0].type, SW_OBS_FLOW_START);
    ck_assert_int_eq(rec.ev[1].type, SW_OBS_FLOW_ANSWERED);
    ck_assert_int_eq(rec.ev[2].type, SW_OBS_FLOW_ESTABLISHED);
    const sw_flow_obs *f = &rec.ev[0].flow;
    ck_assert(sw_ip_equal(&f->src, &ack.ip[0].src));
    ck_assert_uint_eq(f->sp, 40000);
    ck_assert_uint_eq(f->dp, 23);
    ck_assert_uint_eq(f->pkts_toserver, 0);
    ck_assert_uint_eq(f->pkts_toclient, 1);
    ck_assert_uint_eq(sw_flow_table_stats(ft)->tcp_midstream, 1);
    sw_flow_table_free(ft);
}
END_TEST

START_TEST(midstream_data_is_established_like)
{
    sw_flow_config cfg = test_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    sw_packet data = tcp(1, 1, 1, TH_ACK, 500);
    sw_flow_table_packet(ft, &data, 0);
    ck_assert_uint_eq(sw_flow_table_stats(ft)->tcp_midstream, 1);
    ck_assert_int_eq(rec.ev[0].flow.tcp_state, SW_TCP_NONE);
    /* Past the new-connection timeout (60 s) but within the established one (600 s). */
    sw_flow_table_expire(ft, at(1 + 300));
    ck_assert_uint_eq(count_type(&rec, SW_OBS_FLOW_END), 0);
    sw_flow_table_expire(ft, at(1 + 600));
    ck_assert_uint_eq(count_type(&rec, SW_OBS_FLOW_END), 1);
    ck_assert_int_eq(rec.ev[rec.n - 1].flow.end_reason, SW_FLOW_END_TIMEOUT);
    sw_flow_table_free(ft);
}
END_TEST

/* ---- lifecycle ----------------------------------------------------------------------------- */

START_TEST(tcp_session_observations)
{
    sw_flow_config cfg = test_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    /* Client packets 60+52+152+52+52 = 368 bytes, server 60+52+52 = 164 bytes. */
    const sw_packet pkts[] = {
        tcp(10, 1, 1, TH_SYN, 60),          tcp(10, 2, 0, TH_SYN | TH_ACK, 60),
        tcp(10, 3, 1, TH_ACK, 52),          tcp(11, 4, 1, TH_ACK, 152),
        tcp(12, 5, 1, TH_FIN | TH_ACK, 52), tcp(12, 6, 0, TH_FIN | TH_ACK, 52),
        tcp(12, 7, 1, TH_ACK, 52),          tcp(12, 8, 0, TH_ACK, 52),
    };
    uint64_t id = 0;
    for (size_t i = 0; i < sizeof(pkts) / sizeof(pkts[0]); i++) {
        uint64_t got = sw_flow_table_packet(ft, &pkts[i], 0);
        ck_assert_uint_ne(got, 0);
        ck_assert(id == 0 || got == id);
        id = got;
    }
    ck_assert_uint_eq(rec.n, 3);
    ck_assert_int_eq(rec.ev[0].type, SW_OBS_FLOW_START);
    ck_assert_uint_eq(rec.ev[0].pcap_cnt, 1);
    ck_assert_int_eq(rec.ev[0].flow.tcp_state, SW_TCP_SYN_SENT);
    ck_assert_int_eq(rec.ev[1].type, SW_OBS_FLOW_ANSWERED);
    ck_assert_uint_eq(rec.ev[1].pcap_cnt, 2);
    ck_assert_int_eq(rec.ev[2].type, SW_OBS_FLOW_ESTABLISHED);
    ck_assert_uint_eq(rec.ev[2].pcap_cnt, 3);
    ck_assert_int_eq(rec.ev[2].flow.tcp_state, SW_TCP_ESTABLISHED);
    /* Closed at t=12: it stays for the closed timeout (60 s) to catch late segments. */
    sw_flow_table_expire(ft, at(12 + 59));
    ck_assert_uint_eq(rec.n, 3);
    sw_flow_table_expire(ft, at(12 + 60));
    ck_assert_uint_eq(rec.n, 4);
    const seen_obs *end = &rec.ev[3];
    ck_assert_int_eq(end->type, SW_OBS_FLOW_END);
    ck_assert_int_eq(end->flow.end_reason, SW_FLOW_END_CLOSED);
    ck_assert_int_eq(end->flow.tcp_state, SW_TCP_CLOSED);
    ck_assert_uint_eq(end->flow.flow_id, id);
    ck_assert_uint_eq(end->flow.pkts_toserver, 5);
    ck_assert_uint_eq(end->flow.pkts_toclient, 3);
    ck_assert_uint_eq(end->flow.bytes_toserver, 368);
    ck_assert_uint_eq(end->flow.bytes_toclient, 164);
    ck_assert_int_eq(end->flow.start.sec, 10);
    ck_assert_int_eq(end->flow.last.sec, 12);
    ck_assert_uint_eq(sw_flow_table_stats(ft)->closed, 1);
    ck_assert_uint_eq(sw_flow_table_stats(ft)->active, 0);
    ck_assert_uint_eq(sw_flow_table_stats(ft)->tcp_midstream, 0);
    sw_flow_table_free(ft);
}
END_TEST

/* A one-way GRE stream that never goes idle: FLOW_PROGRESS at 1, 2 and 4 MiB (both directions'
 * IP bytes counted), each with the counters so far, none before and none twice; a small flow
 * gets none. 1400-byte packets: 1 MiB is reached by packet 749 (749 x 1400 = 1,048,600). */
START_TEST(progress_at_each_doubling)
{
    sw_flow_config cfg = test_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    for (uint64_t i = 1; i <= 3000; i++) {
        sw_packet p = packet(1 + (int64_t)(i / 100), "10.0.0.1", 0, "10.40.0.2", 0, 47, 0);
        p.pcap_cnt = i;
        p.ip[0].ip_len = 1400;
        ck_assert_uint_ne(sw_flow_table_packet(ft, &p, 0), 0);
    }
    sw_packet small = packet(40, "10.0.0.3", 1000, "10.0.0.4", 53, 17, 0);
    ck_assert_uint_ne(sw_flow_table_packet(ft, &small, 0), 0);
    sw_flow_table_flush(ft, at(100));
    sw_flow_table_free(ft);
    ck_assert_uint_eq(count_type(&rec, SW_OBS_FLOW_PROGRESS), 3);
    static const uint64_t due_at[] = {749, 1498, 2996}; /* ceil(2^k MiB / 1400) */
    size_t k = 0;
    for (size_t i = 0; i < rec.n; i++) {
        if (rec.ev[i].type != SW_OBS_FLOW_PROGRESS)
            continue;
        ck_assert_uint_eq(rec.ev[i].pcap_cnt, due_at[k]);
        ck_assert_uint_eq(rec.ev[i].flow.bytes_toserver, due_at[k] * 1400);
        ck_assert_uint_eq(rec.ev[i].flow.pkts_toserver, due_at[k]);
        sw_ip peer = addr("10.40.0.2");
        ck_assert(sw_ip_equal(&rec.ev[i].flow.dst, &peer));
        k++;
    }
}
END_TEST

/* The packets' flows' last state, each flow's observation types in order (S start, A answered,
 * E established, X end) after a flush. */
static sw_tcp_state run_tcp(const sw_packet *pkts, size_t n, char *types, size_t cap)
{
    sw_flow_config cfg = test_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    for (size_t i = 0; i < n; i++)
        ck_assert_uint_ne(sw_flow_table_packet(ft, &pkts[i], 0), 0);
    sw_flow_table_flush(ft, at(100));
    sw_flow_table_free(ft);
    size_t k = 0;
    for (size_t i = 0; i < rec.n && k + 1 < cap; i++)
        types[k++] = "?SAEX"[rec.ev[i].type <= SW_OBS_FLOW_END ? rec.ev[i].type : 0];
    types[k] = '\0';
    ck_assert_int_eq(rec.ev[rec.n - 1].type, SW_OBS_FLOW_END);
    return rec.ev[rec.n - 1].flow.tcp_state;
}

/* A FIN closes only what was open: before the handshake completed the flow stays new (as
 * Suricata reports it); a FIN riding on the ACK that completes the handshake still makes the
 * flow established first. */
START_TEST(fin_before_and_with_the_handshake)
{
    char types[16];
    const sw_packet no_answer[] = {tcp(1, 1, 1, TH_SYN, 60), tcp(2, 2, 1, TH_ACK, 52),
                                   tcp(3, 3, 1, TH_FIN | TH_ACK, 52)};
    ck_assert_int_eq(run_tcp(no_answer, 3, types, sizeof(types)), SW_TCP_SYN_SENT);
    ck_assert_str_eq(types, "SX");
    const sw_packet one_segment[] = {tcp(1, 1, 1, TH_SYN, 60), tcp(1, 2, 0, TH_SYN | TH_ACK, 60),
                                     tcp(1, 3, 1, TH_FIN | TH_ACK, 120)};
    ck_assert_int_eq(run_tcp(one_segment, 3, types, sizeof(types)), SW_TCP_CLOSING);
    ck_assert_str_eq(types, "SAEX");
    const sw_packet both_fins[] = {tcp(1, 1, 1, TH_SYN, 60), tcp(2, 2, 1, TH_FIN, 40),
                                   tcp(2, 3, 0, TH_FIN | TH_ACK, 40)};
    ck_assert_int_eq(run_tcp(both_fins, 3, types, sizeof(types)), SW_TCP_CLOSED);
}
END_TEST

START_TEST(tcp_reset_closes)
{
    sw_flow_config cfg = test_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    sw_packet syn = tcp(1, 1, 1, TH_SYN, 60);
    sw_packet rst = tcp(1, 2, 0, TH_RST | TH_ACK, 40);
    sw_flow_table_packet(ft, &syn, 0);
    sw_flow_table_packet(ft, &rst, 0);
    sw_flow_table_expire(ft, at(1 + 60));
    ck_assert_uint_eq(rec.n, 3); /* START, ANSWERED (the reset), END */
    ck_assert_int_eq(rec.ev[2].flow.end_reason, SW_FLOW_END_CLOSED);
    ck_assert_int_eq(rec.ev[2].flow.tcp_state, SW_TCP_CLOSED);
    sw_flow_table_free(ft);
}
END_TEST

START_TEST(syn_ack_retransmit_does_not_establish)
{
    sw_flow_config cfg = test_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    const sw_packet pkts[] = {
        tcp(1, 1, 1, TH_SYN, 60), tcp(1, 2, 0, TH_SYN | TH_ACK, 60),
        tcp(2, 3, 0, TH_SYN | TH_ACK, 60), /* the server's retransmission */
        tcp(2, 4, 1, TH_ACK, 52),          /* RFC 9293 section 3.5: the client's ACK completes */
    };
    for (size_t i = 0; i < 3; i++)
        sw_flow_table_packet(ft, &pkts[i], 0);
    ck_assert_uint_eq(count_type(&rec, SW_OBS_FLOW_ESTABLISHED), 0);
    sw_flow_table_packet(ft, &pkts[3], 0);
    ck_assert_uint_eq(count_type(&rec, SW_OBS_FLOW_ESTABLISHED), 1);
    ck_assert_uint_eq(rec.ev[rec.n - 1].pcap_cnt, 4);
    ck_assert_uint_eq(count_type(&rec, SW_OBS_FLOW_ANSWERED), 1);
    sw_flow_table_free(ft);
}
END_TEST

START_TEST(udp_observations)
{
    sw_flow_config cfg = test_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    sw_packet q = packet(5, "192.0.2.10", 1812, "198.51.100.1", 1812, 17, 0);
    sw_packet a = packet(6, "198.51.100.1", 1812, "192.0.2.10", 1812, 17, 0);
    q.pcap_cnt = 7;
    a.pcap_cnt = 9;
    sw_flow_table_packet(ft, &q, 0);
    sw_flow_table_packet(ft, &a, 0);
    ck_assert_uint_eq(rec.n, 2);
    ck_assert_int_eq(rec.ev[0].type, SW_OBS_FLOW_START);
    ck_assert_uint_eq(rec.ev[0].pcap_cnt, 7);
    ck_assert_int_eq(rec.ev[1].type, SW_OBS_FLOW_ANSWERED);
    ck_assert_uint_eq(rec.ev[1].pcap_cnt, 9);
    ck_assert_int_eq(rec.ev[1].flow.tcp_state, SW_TCP_NONE);
    /* Answered UDP: 300 s idle from the last packet (t=6). */
    sw_flow_table_expire(ft, at(6 + 299));
    ck_assert_uint_eq(rec.n, 2);
    sw_flow_table_expire(ft, at(6 + 300));
    ck_assert_uint_eq(rec.n, 3);
    ck_assert_int_eq(rec.ev[2].type, SW_OBS_FLOW_END);
    ck_assert_int_eq(rec.ev[2].flow.end_reason, SW_FLOW_END_TIMEOUT);
    ck_assert_int_eq(rec.ev[2].ts.sec, 306);
    ck_assert_uint_eq(sw_flow_table_stats(ft)->timeouts, 1);
    sw_flow_table_free(ft);
}
END_TEST

START_TEST(icmp_echo_pairs)
{
    sw_flow_config cfg = test_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    sw_packet req = packet(1, "192.0.2.1", 0, "192.0.2.2", 0, 1, 0);
    sw_packet rep = packet(1, "192.0.2.2", 0, "192.0.2.1", 0, 1, 0);
    req.ip[0].icmp_type = 8; /* echo request, RFC 792 */
    rep.ip[0].icmp_type = 0; /* echo reply */
    ck_assert_uint_eq(sw_flow_table_packet(ft, &req, 0), sw_flow_table_packet(ft, &rep, 0));
    ck_assert_uint_eq(rec.n, 2);
    ck_assert_uint_eq(rec.ev[1].flow.icmp_type, 8);
    ck_assert_uint_eq(rec.ev[1].flow.sp, 0);
    ck_assert_uint_eq(sw_flow_table_stats(ft)->icmpv4, 1);
    sw_flow_table_free(ft);
}
END_TEST

/* ---- timeouts ------------------------------------------------------------------------------ */

/* Distinct values, so a flow timed out by the wrong class fails. */
static const uint32_t class_timeouts[] = {11, 22, 33, 44, 55, 66, 77};

static sw_flow_config timeout_config(void)
{
    sw_flow_config cfg = test_config();
    cfg.timeout_tcp_new = class_timeouts[0];
    cfg.timeout_tcp_established = class_timeouts[1];
    cfg.timeout_tcp_closed = class_timeouts[2];
    cfg.timeout_udp_new = class_timeouts[3];
    cfg.timeout_udp = class_timeouts[4];
    cfg.timeout_icmp = class_timeouts[5];
    cfg.timeout_other = class_timeouts[6];
    return cfg;
}

/* Puts one flow into timeout class `cls` (the order of class_timeouts), last seen at t=100. */
static void make_class_flow(sw_flow_table *ft, int cls)
{
    static const uint8_t handshake[] = {TH_SYN, TH_SYN | TH_ACK, TH_ACK, TH_RST};
    static const int handshake_len[] = {1, 3, 4};
    sw_packet p;
    switch (cls) {
    case 0:
    case 1:
    case 2: /* SYN (new); + SYN-ACK, ACK (established); + RST (closed) */
        for (int i = 0; i < handshake_len[cls]; i++) {
            p = tcp(100, (uint64_t)i + 1, i != 1, handshake[i], 60);
            sw_flow_table_packet(ft, &p, 0);
        }
        return;
    case 3:
    case 4:
        p = packet(100, "192.0.2.1", 514, "192.0.2.2", 514, 17, 0);
        sw_flow_table_packet(ft, &p, 0);
        if (cls == 4) {
            p = packet(100, "192.0.2.2", 514, "192.0.2.1", 514, 17, 0);
            sw_flow_table_packet(ft, &p, 0);
        }
        return;
    case 5:
        p = packet(100, "2001:db8::1", 0, "2001:db8::2", 0, 58, 0);
        sw_flow_table_packet(ft, &p, 0);
        return;
    default:
        p = packet(100, "192.0.2.1", 0, "192.0.2.2", 0, 47, 0);
        sw_flow_table_packet(ft, &p, 0);
        return;
    }
}

START_TEST(class_timeout_exact)
{
    sw_flow_config cfg = timeout_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    make_class_flow(ft, _i);
    size_t before = rec.n;
    ck_assert_uint_eq(count_type(&rec, SW_OBS_FLOW_END), 0);
    sw_flow_table_expire(ft, at(100 + class_timeouts[_i] - 1));
    ck_assert_uint_eq(rec.n, before);
    sw_flow_table_expire(ft, at(100 + class_timeouts[_i]));
    ck_assert_uint_eq(rec.n, before + 1);
    ck_assert_int_eq(rec.ev[before].type, SW_OBS_FLOW_END);
    ck_assert_int_eq(rec.ev[before].flow.end_reason,
                     _i == 2 ? SW_FLOW_END_CLOSED : SW_FLOW_END_TIMEOUT);
    ck_assert_uint_eq(sw_flow_table_stats(ft)->active, 0);
    sw_flow_table_free(ft);
}
END_TEST

START_TEST(packet_time_drives_expiry)
{
    sw_flow_config cfg = timeout_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    sw_packet old = packet(100, "192.0.2.1", 1, "192.0.2.2", 2, 17, 0);
    sw_packet later = packet(100 + 44, "192.0.2.7", 1, "192.0.2.8", 2, 17, 0);
    later.pcap_cnt = 2;
    sw_flow_table_packet(ft, &old, 0);
    sw_flow_table_packet(ft, &later, 0);
    /* The unanswered UDP flow idle for udp_new (44 s) ends before the new one starts. */
    ck_assert_uint_eq(rec.n, 3);
    ck_assert_int_eq(rec.ev[1].type, SW_OBS_FLOW_END);
    ck_assert_uint_eq(rec.ev[1].pcap_cnt, 2);
    ck_assert_int_eq(rec.ev[2].type, SW_OBS_FLOW_START);
    sw_flow_table_free(ft);
}
END_TEST

START_TEST(absurd_times_are_safe)
{
    sw_flow_config cfg = timeout_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    sw_packet early = packet(INT64_MIN, "192.0.2.1", 1, "192.0.2.2", 2, 17, 0);
    sw_packet late = packet(INT64_MAX, "192.0.2.3", 1, "192.0.2.4", 2, 17, 0);
    early.ts.usec = -1;
    late.ts.usec = INT32_MAX;
    ck_assert_uint_ne(sw_flow_table_packet(ft, &early, 0), 0);
    ck_assert_uint_ne(sw_flow_table_packet(ft, &late, 0), 0);
    /* Billions of years apart: the first flow has long timed out. */
    ck_assert_uint_eq(rec.n, 3);
    ck_assert_int_eq(rec.ev[1].type, SW_OBS_FLOW_END);
    ck_assert_uint_ne(sw_flow_table_packet(ft, &early, 0), 0); /* time going back */
    sw_flow_table_free(ft);
}
END_TEST

/* ---- memory cap ---------------------------------------------------------------------------- */

/* Bytes one flow record costs, as reported by the table itself. */
static size_t record_size(void)
{
    sw_flow_config cfg = test_config();
    sw_flow_table *ft = sw_flow_table_new(&cfg, NULL, NULL);
    sw_packet p = packet(1, "192.0.2.1", 1, "192.0.2.2", 2, 17, 0);
    sw_flow_table_packet(ft, &p, 0);
    size_t size = (size_t)sw_flow_table_stats(ft)->memuse;
    sw_flow_table_free(ft);
    ck_assert_uint_gt(size, 0);
    return size;
}

START_TEST(memcap_evicts_least_recent)
{
    sw_flow_config cfg = test_config();
    cfg.memcap = 3 * record_size();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    /* One flow per timeout class, so the victim is chosen across list heads. */
    sw_packet f1 = tcp(1, 1, 1, TH_SYN, 60);
    sw_packet f2 = packet(2, "192.0.2.1", 2222, "192.0.2.2", 53, 17, 0);
    sw_packet f3 = packet(3, "192.0.2.1", 0, "192.0.2.3", 0, 1, 0);
    sw_packet f1_again = tcp(4, 4, 1, TH_SYN, 60);
    sw_packet f4 = packet(5, "192.0.2.1", 4444, "192.0.2.4", 53, 17, 0);
    sw_flow_table_packet(ft, &f1, 0);
    sw_flow_table_packet(ft, &f2, 0);
    sw_flow_table_packet(ft, &f3, 0);
    sw_flow_table_packet(ft, &f1_again, 0);
    ck_assert_uint_ne(sw_flow_table_packet(ft, &f4, 0), 0);
    ck_assert_uint_eq(count_type(&rec, SW_OBS_FLOW_END), 1);
    const seen_obs *end = &rec.ev[3];
    ck_assert_int_eq(end->type, SW_OBS_FLOW_END);
    ck_assert_int_eq(end->flow.end_reason, SW_FLOW_END_EVICTED);
    ck_assert_uint_eq(end->flow.sp, 2222); /* f2: last active at t=2 */
    const sw_flow_stats *st = sw_flow_table_stats(ft);
    ck_assert_uint_eq(st->memcap_evictions, 1);
    ck_assert_uint_eq(st->memcap_refused, 0);
    ck_assert_uint_eq(st->active, 3);
    ck_assert_uint_eq(st->total, 4);
    ck_assert_uint_le(st->memuse, cfg.memcap);
    sw_flow_table_free(ft);
}
END_TEST

START_TEST(memcap_refusal_counted)
{
    sw_flow_config cfg = test_config();
    cfg.memcap = 1; /* smaller than one record: nothing can ever be tracked */
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    ck_assert_ptr_nonnull(ft);
    sw_packet p = packet(1, "192.0.2.1", 1, "192.0.2.2", 2, 17, 0);
    ck_assert_uint_eq(sw_flow_table_packet(ft, &p, 0), 0);
    ck_assert_uint_eq(sw_flow_table_packet(ft, &p, 0), 0);
    const sw_flow_stats *st = sw_flow_table_stats(ft);
    ck_assert_uint_eq(st->memcap_refused, 2);
    ck_assert_uint_eq(st->total, 0);
    ck_assert_uint_eq(st->active, 0);
    ck_assert_uint_eq(rec.n, 0);
    sw_flow_table_free(ft);
}
END_TEST

/* ---- VLAN and tunnels ---------------------------------------------------------------------- */

START_TEST(vlan_ids_separate_flows)
{
    sw_flow_config cfg = test_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    sw_packet v10 = packet(1, "192.0.2.1", 1, "192.0.2.2", 2, 17, 0);
    sw_packet v20 = v10, qinq = v10;
    v10.ip[0].vlan_count = 1, v10.ip[0].vlan[0] = 10;
    v20.ip[0].vlan_count = 1, v20.ip[0].vlan[0] = 20;
    qinq.ip[0].vlan_count = 2, qinq.ip[0].vlan[0] = 100, qinq.ip[0].vlan[1] = 10;
    uint64_t a = sw_flow_table_packet(ft, &v10, 0);
    uint64_t b = sw_flow_table_packet(ft, &v20, 0);
    uint64_t c = sw_flow_table_packet(ft, &qinq, 0);
    ck_assert_uint_ne(a, b);
    ck_assert_uint_ne(a, c);
    ck_assert_uint_ne(b, c);
    ck_assert_uint_eq(sw_flow_table_stats(ft)->total, 3);
    ck_assert_uint_eq(rec.ev[0].flow.vlan[0], 10);
    ck_assert_uint_eq(rec.ev[1].flow.vlan[0], 20);
    ck_assert_uint_eq(rec.ev[2].flow.vlan[0], 100);
    ck_assert_uint_eq(rec.ev[2].flow.vlan[1], 10);
    sw_flow_table_free(ft);
}
END_TEST

/* TCP 10.0.0.1:1234 -> 10.0.0.2:80 inside GRE (RFC 2784) between two routers; `reverse` swaps
 * both the outer and the inner endpoints. */
static sw_packet gre_packet(int64_t sec, const char *outer_a, const char *outer_b, int reverse)
{
    sw_packet p = reverse ? packet(sec, outer_b, 0, outer_a, 0, 47, 0)
                          : packet(sec, outer_a, 0, outer_b, 0, 47, 0);
    p.ip[0].gre_payload = 0x0800;
    p.n_ip = 2;
    if (reverse)
        set_layer(&p.ip[1], "10.0.0.2", 80, "10.0.0.1", 1234, 6);
    else
        set_layer(&p.ip[1], "10.0.0.1", 1234, "10.0.0.2", 80, 6);
    p.ip[1].tcp_flags = reverse ? TH_SYN | TH_ACK : TH_SYN;
    p.ip[1].carried_by = SW_TUNNEL_GRE;
    p.ip[1].ip_len = 80;
    return p;
}

START_TEST(tunnel_layers_are_distinct_flows)
{
    sw_flow_config cfg = test_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    sw_packet fwd = gre_packet(1, "192.0.2.1", "192.0.2.2", 0);
    sw_packet rev = gre_packet(1, "192.0.2.1", "192.0.2.2", 1);
    sw_packet other_tunnel = gre_packet(1, "192.0.2.1", "192.0.2.9", 0);
    uint64_t outer = sw_flow_table_packet(ft, &fwd, 0);
    uint64_t inner = sw_flow_table_packet(ft, &fwd, 1);
    ck_assert_uint_ne(outer, inner);
    ck_assert_uint_eq(sw_flow_table_packet(ft, &rev, 0), outer);
    ck_assert_uint_eq(sw_flow_table_packet(ft, &rev, 1), inner);
    ck_assert_uint_ne(sw_flow_table_packet(ft, &other_tunnel, 1), inner);
    sw_packet bare = fwd;
    bare.n_ip = 1;
    bare.ip[0] = fwd.ip[1];
    bare.ip[0].carried_by = SW_TUNNEL_NONE;
    ck_assert_uint_ne(sw_flow_table_packet(ft, &bare, 0), inner);
    ck_assert_uint_eq(sw_flow_table_stats(ft)->total, 4);

    ck_assert_int_eq(rec.ev[0].type, SW_OBS_FLOW_START); /* the GRE flow itself */
    ck_assert_int_eq(rec.ev[0].has_tunnel, 0);
    ck_assert_uint_eq(rec.ev[0].flow.proto, 47);
    ck_assert_uint_eq(rec.ev[0].flow.gre_payload, 0x0800);
    ck_assert_int_eq(rec.ev[1].type, SW_OBS_FLOW_START); /* the TCP flow inside */
    ck_assert_int_eq(rec.ev[1].has_tunnel, 1);
    ck_assert_int_eq(rec.ev[1].tunnel.kind, SW_TUNNEL_GRE);
    ck_assert_uint_eq(rec.ev[1].tunnel.depth, 1);
    ck_assert_uint_eq(rec.ev[1].tunnel.outer_proto, 47);
    ck_assert(sw_ip_equal(&rec.ev[1].tunnel.outer_src, &fwd.ip[0].src));
    ck_assert(sw_ip_equal(&rec.ev[1].tunnel.outer_dst, &fwd.ip[0].dst));
    ck_assert_uint_eq(rec.ev[1].flow.bytes_toserver, 80);
    sw_flow_table_free(ft);
}
END_TEST

START_TEST(tunnel_depth_two)
{
    sw_flow_config cfg = test_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    /* ERSPAN-style outer GRE, then IPv4-in-IPv4, then the TCP flow. */
    sw_packet p = gre_packet(1, "192.0.2.1", "192.0.2.2", 0);
    p.ip[1].carried_by = SW_TUNNEL_ERSPAN;
    p.ip[2] = p.ip[1];
    set_layer(&p.ip[1], "172.16.0.1", 0, "172.16.0.2", 0, 4);
    p.ip[1].carried_by = SW_TUNNEL_ERSPAN;
    p.ip[2].carried_by = SW_TUNNEL_IPIP;
    p.n_ip = 3;
    ck_assert_uint_ne(sw_flow_table_packet(ft, &p, 2), 0);
    ck_assert_uint_eq(rec.n, 1);
    ck_assert_int_eq(rec.ev[0].tunnel.kind, SW_TUNNEL_ERSPAN);
    ck_assert_uint_eq(rec.ev[0].tunnel.depth, 2);
    ck_assert(sw_ip_equal(&rec.ev[0].tunnel.outer_src, &p.ip[0].src));
    ck_assert_uint_eq(sw_flow_table_packet(ft, &p, 3), 0); /* no such layer */
    sw_flow_table_free(ft);
}
END_TEST

/* ---- identity and reuse -------------------------------------------------------------------- */

static void ids_with_seed(uint32_t seed, uint64_t ids[3])
{
    sw_flow_config cfg = test_config();
    cfg.seed = seed;
    sw_flow_table *ft = sw_flow_table_new(&cfg, NULL, NULL);
    sw_packet a = packet(1, "192.0.2.1", 1, "192.0.2.2", 2, 17, 0);
    sw_packet b = packet(1, "192.0.2.1", 1, "192.0.2.2", 3, 17, 0);
    sw_packet c = tcp(2, 3, 1, TH_SYN, 60);
    ids[0] = sw_flow_table_packet(ft, &a, 0);
    ids[1] = sw_flow_table_packet(ft, &b, 0);
    ids[2] = sw_flow_table_packet(ft, &c, 0);
    sw_flow_table_free(ft);
}

START_TEST(flow_id_independent_of_seed)
{
    uint64_t x[3], y[3], z[3];
    ids_with_seed(1, x);
    ids_with_seed(0xdeadbeef, y);
    ids_with_seed(0, z); /* random seed */
    for (int i = 0; i < 3; i++) {
        ck_assert_uint_eq(x[i], y[i]);
        ck_assert_uint_eq(x[i], z[i]);
        ck_assert_uint_ne(x[i], 0);
        ck_assert_uint_lt(x[i], 1ULL << 51);
    }
    ck_assert_uint_ne(x[0], x[1]);
    ck_assert_uint_ne(x[1], x[2]);
}
END_TEST

static uint64_t next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

static void random_ip(sw_ip *ip, uint64_t *rng)
{
    uint8_t bytes[16];
    for (size_t i = 0; i < sizeof(bytes); i++)
        bytes[i] = (uint8_t)next_random(rng);
    if (next_random(rng) & 1)
        sw_ip_from_v4(ip, bytes);
    else
        sw_ip_from_v6(ip, bytes);
}

/* Flow ids are computed from words shifted together; the reference lays the fields out in a
 * struct and hashes its bytes. Random keys of every shape (families, tunnel depths, VLANs). */
START_TEST(flow_id_equals_its_definition)
{
    uint64_t rng = 0x9e3779b97f4a7c15ULL;
    for (int round = 0; round < 20000; round++) {
        sw_packet p;
        memset(&p, 0, sizeof(p));
        p.n_ip = (uint8_t)(1 + next_random(&rng) % SW_PKT_MAX_IP_LAYERS);
        for (unsigned i = 0; i < p.n_ip; i++) {
            random_ip(&p.ip[i].src, &rng);
            random_ip(&p.ip[i].dst, &rng);
            p.ip[i].proto = (uint8_t)next_random(&rng);
        }
        unsigned index = (unsigned)(next_random(&rng) % p.n_ip);
        p.ip[index].vlan_count = (uint8_t)(next_random(&rng) % (SW_PKT_MAX_VLAN + 1));
        for (unsigned i = 0; i < p.ip[index].vlan_count; i++)
            p.ip[index].vlan[i] = (uint16_t)(next_random(&rng) & 0xfff);
        uint64_t ports = next_random(&rng);
        flow_key key;
        flow_key_build_ports(&key, &p, index, (uint16_t)ports, (uint16_t)(ports >> 16));
        sw_time t = {(int64_t)(next_random(&rng) >> 24), (int32_t)(next_random(&rng) % 1000000)};
        ck_assert_uint_eq(flow_key_flow_id(&key, t), flow_key_flow_id_reference(&key, t));
    }
}
END_TEST

/* A layer whose transport header could not be read (decode.h) joins no flow: its ports are
 * unknown, and keying it by ports 0 made a flow that no packet of the conversation had. */
START_TEST(unreadable_transport_makes_no_flow)
{
    sw_flow_config cfg = test_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    sw_packet bad = tcp(1, 1, 1, 0, 40);
    bad.ip[0].sp = bad.ip[0].dp = 0;
    bad.ip[0].transport_invalid = 1;
    sw_flow_ref ref;
    ck_assert_uint_eq(sw_flow_table_packet(ft, &bad, 0), 0);
    ck_assert_uint_eq(sw_flow_table_packet_ref(ft, &bad, 0, &ref), 0);
    ck_assert_ptr_null(ref.flow);
    ck_assert_uint_eq(rec.n, 0);
    ck_assert_uint_eq(sw_flow_table_stats(ft)->total, 0);
    sw_packet good = tcp(2, 2, 1, TH_SYN, 60);
    ck_assert_uint_ne(sw_flow_table_packet(ft, &good, 0), 0);
    ck_assert_uint_eq(sw_flow_table_stats(ft)->total, 1);
    sw_flow_table_free(ft);
}
END_TEST

START_TEST(port_reuse_after_close)
{
    sw_flow_config cfg = test_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    const sw_packet first[] = {
        tcp(10, 1, 1, TH_SYN, 60),
        tcp(10, 2, 0, TH_SYN | TH_ACK, 60),
        tcp(10, 3, 1, TH_ACK, 52),
        tcp(11, 4, 1, TH_RST, 40),
    };
    uint64_t old_id = 0;
    for (size_t i = 0; i < 4; i++)
        old_id = sw_flow_table_packet(ft, &first[i], 0);
    sw_packet syn = tcp(20, 5, 1, TH_SYN, 60); /* within the closed timeout */
    uint64_t new_id = sw_flow_table_packet(ft, &syn, 0);
    ck_assert_uint_ne(new_id, 0);
    ck_assert_uint_ne(new_id, old_id);
    ck_assert_uint_eq(rec.n, 5);
    ck_assert_int_eq(rec.ev[3].type, SW_OBS_FLOW_END);
    ck_assert_int_eq(rec.ev[3].flow.end_reason, SW_FLOW_END_CLOSED);
    ck_assert_uint_eq(rec.ev[3].flow.flow_id, old_id);
    ck_assert_uint_eq(rec.ev[3].pcap_cnt, 5);
    ck_assert_int_eq(rec.ev[4].type, SW_OBS_FLOW_START);
    ck_assert_uint_eq(rec.ev[4].flow.flow_id, new_id);
    ck_assert_uint_eq(rec.ev[4].flow.pkts_toserver, 1);
    ck_assert_uint_eq(sw_flow_table_stats(ft)->total, 2);
    ck_assert_uint_eq(sw_flow_table_stats(ft)->closed, 1);
    sw_flow_table_free(ft);
}
END_TEST

START_TEST(flush_ends_all)
{
    sw_flow_config cfg = test_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    sw_packet a = packet(1, "192.0.2.1", 1, "192.0.2.2", 2, 17, 0);
    sw_packet b = tcp(2, 2, 1, TH_SYN, 60);
    sw_packet c = packet(3, "2001:db8::1", 0, "2001:db8::2", 0, 58, 0);
    sw_flow_table_packet(ft, &a, 0);
    sw_flow_table_packet(ft, &b, 0);
    sw_flow_table_packet(ft, &c, 0);
    sw_flow_table_flush(ft, at(50));
    ck_assert_uint_eq(rec.n, 6);
    ck_assert_uint_eq(count_type(&rec, SW_OBS_FLOW_END), 3);
    for (size_t i = 3; i < 6; i++) {
        ck_assert_int_eq(rec.ev[i].flow.end_reason, SW_FLOW_END_SHUTDOWN);
        ck_assert_int_eq(rec.ev[i].ts.sec, 50);
    }
    const sw_flow_stats *st = sw_flow_table_stats(ft);
    ck_assert_uint_eq(st->shutdown, 3);
    ck_assert_uint_eq(st->active, 0);
    ck_assert_uint_eq(st->memuse, 0);
    sw_flow_table_flush(ft, at(51));
    ck_assert_uint_eq(rec.n, 6);
    sw_flow_table_free(ft);
}
END_TEST

START_TEST(free_emits_nothing)
{
    sw_flow_config cfg = test_config();
    recorder rec = {0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, record_cb, &rec);
    sw_packet a = packet(1, "192.0.2.1", 1, "192.0.2.2", 2, 17, 0);
    sw_flow_table_packet(ft, &a, 0);
    sw_flow_table_free(ft);
    ck_assert_uint_eq(rec.n, 1);
    sw_flow_table_free(NULL);
}
END_TEST

START_TEST(unusable_config_rejected)
{
    sw_flow_config cfg = test_config();
    cfg.hash_size = 0;
    ck_assert_ptr_null(sw_flow_table_new(&cfg, NULL, NULL));
    ck_assert_ptr_null(sw_flow_table_new(NULL, NULL, NULL));
}
END_TEST

/* ---- stats --------------------------------------------------------------------------------- */

static const char *const suricata_keys[] = {"total",  "tcp",    "udp",    "icmpv4",
                                            "icmpv6", "memcap", "active", "memuse"};
static const char *const seawall_keys[] = {
    "flow.total",    "flow.tcp",    "flow.udp",      "flow.icmpv4",           "flow.icmpv6",
    "flow.other",    "flow.active", "flow.memuse",   "flow.memcap_evictions", "flow.memcap_refused",
    "flow.timeouts", "flow.closed", "flow.shutdown", "flow.tcp_midstream",
};
#define N_KEYS(a) (sizeof(a) / sizeof((a)[0]))

/* stats.flow.properties of Suricata's EVE schema (additionalProperties: false). */
static json_t *schema_flow_properties(json_t *schema)
{
    json_t *props = json_object_get(json_object_get(schema, "properties"), "stats");
    props = json_object_get(json_object_get(props, "properties"), "flow");
    ck_assert_ptr_eq(json_object_get(props, "additionalProperties"), json_false());
    return json_object_get(props, "properties");
}

START_TEST(stats_json_names)
{
    json_error_t err;
    json_t *schema = json_load_file(sw_test_shared("eve/suricata-eve-schema.json"), 0, &err);
    ck_assert_msg(schema != NULL, "schema: %s", err.text);
    json_t *allowed = schema_flow_properties(schema);
    ck_assert_ptr_nonnull(allowed);

    sw_flow_stats st = {0};
    st.total = 7, st.tcp = 3, st.udp = 2, st.icmpv4 = 1, st.icmpv6 = 1;
    st.memcap_evictions = 4, st.memcap_refused = 1, st.tcp_midstream = 2;
    json_t *suricata = json_object(), *seawall = json_object();
    sw_flow_stats_to_json(&st, suricata, seawall);

    json_t *flow = json_object_get(suricata, "flow");
    ck_assert_uint_eq(json_object_size(suricata), 1);
    ck_assert_uint_eq(json_object_size(flow), N_KEYS(suricata_keys));
    for (size_t i = 0; i < N_KEYS(suricata_keys); i++) {
        ck_assert_msg(json_is_integer(json_object_get(flow, suricata_keys[i])), "%s",
                      suricata_keys[i]);
        ck_assert_msg(json_object_get(allowed, suricata_keys[i]) != NULL, "%s not in schema",
                      suricata_keys[i]);
    }
    ck_assert_int_eq(json_integer_value(json_object_get(flow, "total")), 7);
    ck_assert_int_eq(json_integer_value(json_object_get(flow, "memcap")), 5);
    ck_assert_uint_eq(json_object_size(seawall), N_KEYS(seawall_keys));
    for (size_t i = 0; i < N_KEYS(seawall_keys); i++)
        ck_assert_msg(json_is_integer(json_object_get(seawall, seawall_keys[i])), "%s",
                      seawall_keys[i]);
    ck_assert_int_eq(json_integer_value(json_object_get(seawall, "flow.memcap_evictions")), 4);
    ck_assert_int_eq(json_integer_value(json_object_get(seawall, "flow.tcp_midstream")), 2);
    json_decref(suricata);
    json_decref(seawall);
    json_decref(schema);
}
END_TEST

static Suite *flow_suite(void)
{
    Suite *s = suite_create("flow");
    TCase *keys = tcase_create("keys");
    tcase_add_test(keys, both_directions_meet);
    tcase_add_test(keys, progress_at_each_doubling);
    tcase_add_test(keys, first_sender_is_client);
    tcase_add_test(keys, midstream_syn_ack_sender_is_server);
    tcase_add_test(keys, midstream_data_is_established_like);
    tcase_add_test(keys, icmp_echo_pairs);
    tcase_add_test(keys, vlan_ids_separate_flows);
    tcase_add_test(keys, tunnel_layers_are_distinct_flows);
    tcase_add_test(keys, tunnel_depth_two);
    tcase_add_test(keys, flow_id_independent_of_seed);
    tcase_add_test(keys, flow_id_equals_its_definition);
    tcase_add_test(keys, unreadable_transport_makes_no_flow);
    tcase_add_test(keys, fin_before_and_with_the_handshake);
    suite_add_tcase(s, keys);
    TCase *life = tcase_create("lifecycle");
    tcase_add_test(life, tcp_session_observations);
    tcase_add_test(life, tcp_reset_closes);
    tcase_add_test(life, syn_ack_retransmit_does_not_establish);
    tcase_add_test(life, udp_observations);
    tcase_add_test(life, port_reuse_after_close);
    tcase_add_test(life, flush_ends_all);
    tcase_add_test(life, free_emits_nothing);
    tcase_add_test(life, unusable_config_rejected);
    suite_add_tcase(s, life);
    TCase *timeouts = tcase_create("timeouts");
    tcase_add_loop_test(timeouts, class_timeout_exact, 0, (int)N_KEYS(class_timeouts));
    tcase_add_test(timeouts, packet_time_drives_expiry);
    tcase_add_test(timeouts, absurd_times_are_safe);
    suite_add_tcase(s, timeouts);
    TCase *memcap = tcase_create("memcap");
    tcase_add_test(memcap, memcap_evicts_least_recent);
    tcase_add_test(memcap, memcap_refusal_counted);
    suite_add_tcase(s, memcap);
    TCase *stats = tcase_create("stats");
    tcase_add_test(stats, stats_json_names);
    suite_add_tcase(s, stats);
    return s;
}

int main(void)
{
    return sw_test_run(flow_suite());
}
