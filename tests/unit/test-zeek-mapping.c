/* Unit tests for the Zeek mapping (plugins/zeek/mapping), without Zeek.
 *
 * Expected values come from outside the mapping: Zeek's documented conn_state/history letters
 * (base/protocols/conn/main.zeek), RFC 4253/3416/959/2784/2890 for the fields, tshark's reading
 * of the shared ERSPAN captures (gre.proto, gre.flags.sequence_number), and the logs a real Zeek
 * 8.2.2 wrote for the shared captures (testdata/zeek-logs), read here field by field. Which
 * alert a record must raise is worked out by hand from the rules of docs/detections.md section 5
 * and the network sets of `lab_config` below. */
#include "sw-test.h"
#include "zeek-app.h"
#include "zeek-conn.h"
#include "zeek-session.h"
#include "zeek-tunnel.h"

#include <jansson.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The lab plan's shape (etc/seawall-lab.yaml) with the addresses of the shared captures put in
 * the sets: the SNMP agent, the SSH server, the RADIUS NAS and the GRE/ERSPAN sources are infra;
 * everyone else is in no allow list except `own`, which holds 10/8 and 172.16/12. */
static const char lab_config[] = "networks:\n"
                                 "  infra: [10.10.3.109, 131.159.14.23, 10.0.0.1, 172.31.1.23,\n"
                                 "          2.2.2.2, 100.95.0.15, 192.168.0.10]\n"
                                 "  noc: [10.20.0.0/24]\n"
                                 "  aaa: [10.30.0.10]\n"
                                 "  nms: [10.30.0.20]\n"
                                 "  tunnel_peers: [10.40.0.0/24]\n"
                                 "  erspan_collectors: [10.30.0.50]\n"
                                 "  own: [10.0.0.0/8, 172.16.0.0/12]\n";

/* ---- reading Zeek's JSON logs ---------------------------------------------------------------- */

/* The n-th (0-based) record of `path_kind` ("conn", "tunnel", ...) in a zeek-logs file; caller
 * owns, json_decref. */
static json_t *zeek_record(const char *rel, const char *path_kind, int n)
{
    char rel_path[512];
    snprintf(rel_path, sizeof(rel_path), "testdata/zeek-logs/%s", rel);
    FILE *f = fopen(sw_test_shared(rel_path), "r");
    ck_assert_msg(f != NULL, "cannot open %s", rel_path);
    char *line = NULL;
    size_t cap = 0;
    json_t *found = NULL;
    while (!found && getline(&line, &cap, f) > 0) {
        json_t *rec = json_loads(line, 0, NULL);
        const char *kind = json_string_value(json_object_get(rec, "_path"));
        if (kind && strcmp(kind, path_kind) == 0 && n-- == 0)
            found = rec;
        else
            json_decref(rec);
    }
    free(line);
    fclose(f);
    ck_assert_msg(found != NULL, "%s: no %s record", rel, path_kind);
    return found;
}

static const char *jstr(const json_t *rec, const char *key)
{
    const char *s = json_string_value(json_object_get(rec, key));
    return s ? s : "";
}

static double jnum(const json_t *rec, const char *key)
{
    return json_number_value(json_object_get(rec, key));
}

/* A conn.log record as the plain values the BiF passes from a `connection`. */
static void conn_from_json(const json_t *rec, sw_zeek_conn *c)
{
    memset(c, 0, sizeof(*c));
    c->uid = jstr(rec, "uid");
    c->orig_h = jstr(rec, "id.orig_h");
    c->resp_h = jstr(rec, "id.resp_h");
    c->orig_p = (uint16_t)jnum(rec, "id.orig_p");
    c->resp_p = (uint16_t)jnum(rec, "id.resp_p");
    c->proto = jstr(rec, "proto");
    c->conn_state = jstr(rec, "conn_state");
    c->history = jstr(rec, "history");
    c->start = jnum(rec, "ts");
    c->duration = jnum(rec, "duration");
    c->orig_pkts = (uint64_t)jnum(rec, "orig_pkts");
    c->resp_pkts = (uint64_t)jnum(rec, "resp_pkts");
    c->orig_ip_bytes = (uint64_t)jnum(rec, "orig_ip_bytes");
    c->resp_ip_bytes = (uint64_t)jnum(rec, "resp_ip_bytes");
    c->service = jstr(rec, "service");
}

/* ---- an engine session collecting alerts
 * --------------------------------------------------------- */

#define MAX_SEEN 8

typedef struct seen_alert {
    char id[32];
    sw_severity severity;
    char evidence[256]; /* "key=value;..." */
} seen_alert;

typedef struct fixture {
    sw_zeek_session *session;
    size_t n;
    seen_alert seen[MAX_SEEN];
} fixture;

static void on_alert(const sw_alert *a, void *user)
{
    fixture *fx = user;
    ck_assert_uint_lt(fx->n, MAX_SEEN);
    seen_alert *s = &fx->seen[fx->n++];
    snprintf(s->id, sizeof(s->id), "%s", a->entry->id);
    s->severity = a->severity;
    size_t used = 0;
    for (size_t i = 0; i < a->n_evidence && used < sizeof(s->evidence); i++)
        used += (size_t)snprintf(s->evidence + used, sizeof(s->evidence) - used, "%s=%s;",
                                 a->evidence[i].key, a->evidence[i].value);
}

static void fixture_start(fixture *fx, const char *yaml)
{
    memset(fx, 0, sizeof(*fx));
    sw_error err;
    memset(&err, 0, sizeof(err));
    fx->session = sw_zeek_session_new(sw_test_source("signatures/catalog.yaml"), &err);
    ck_assert_msg(fx->session != NULL, "catalog: %s", err.text);
    char path[] = "/tmp/sw-zeek-cfg-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs(yaml, f);
    fclose(f);
    sw_status st = sw_zeek_session_load_config(fx->session, path, &err);
    remove(path);
    ck_assert_msg(st == SW_OK, "config: %u %s: %s", err.line, err.key, err.text);
    ck_assert_int_eq(sw_zeek_session_start(fx->session, on_alert, fx, &err), SW_OK);
}

static void fixture_end(fixture *fx)
{
    sw_zeek_session_free(fx->session);
}

/* Feeds one conn record as Zeek would: new_connection, then connection_state_remove. */
static void feed_conn(fixture *fx, const json_t *rec, const sw_tunnel_info *tunnel)
{
    sw_zeek_conn c;
    conn_from_json(rec, &c);
    sw_flow_obs flow;
    ck_assert_int_eq(sw_zeek_conn_to_flow(&c, &flow), SW_OK);
    flow.tunnel = tunnel;
    sw_observation obs[SW_ZEEK_MAX_CONN_OBS];
    size_t n = sw_zeek_conn_observations(&c, &flow, SW_ZEEK_PHASE_START, 0, obs);
    for (size_t i = 0; i < n; i++)
        sw_zeek_session_observe(fx->session, &obs[i]);
    n = sw_zeek_conn_observations(&c, &flow, SW_ZEEK_PHASE_END, 0, obs);
    for (size_t i = 0; i < n; i++)
        sw_zeek_session_observe(fx->session, &obs[i]);
}

static void feed_log_conns(fixture *fx, const char *rel)
{
    json_t *rec = zeek_record(rel, "conn", 0);
    feed_conn(fx, rec, NULL);
    json_decref(rec);
}

/* ---- conn_state and history ----------------------------------------------------------------- */

static sw_zeek_conn conn_of(const char *proto, const char *state, const char *history)
{
    sw_zeek_conn c;
    memset(&c, 0, sizeof(c));
    c.uid = "Ctest";
    c.orig_h = "192.0.2.1";
    c.resp_h = "10.10.0.1";
    c.orig_p = 40000;
    c.resp_p = 22;
    c.proto = proto;
    c.conn_state = state;
    c.history = history;
    c.start = 100.5;
    c.duration = 2.0;
    return c;
}

START_TEST(conn_full_handshake)
{
    /* SF with "ShADadFf": SYN, SYN-ACK, ACK, data both ways, FIN both ways. */
    sw_zeek_conn c = conn_of("tcp", "SF", "ShADadFf");
    ck_assert_int_eq(sw_zeek_conn_answered(&c), 1);
    ck_assert_int_eq(sw_zeek_conn_established(&c), 1);
    ck_assert_int_eq(sw_zeek_conn_end_reason("SF"), SW_FLOW_END_CLOSED);
    sw_flow_obs f;
    ck_assert_int_eq(sw_zeek_conn_to_flow(&c, &f), SW_OK);
    sw_observation obs[SW_ZEEK_MAX_CONN_OBS];
    ck_assert_uint_eq(sw_zeek_conn_observations(&c, &f, SW_ZEEK_PHASE_START, 0, obs), 1);
    ck_assert_int_eq(obs[0].type, SW_OBS_FLOW_START);
    ck_assert_int_eq(obs[0].ts.sec, 100);
    ck_assert_int_eq(obs[0].ts.usec, 500000);
    ck_assert_uint_eq(sw_zeek_conn_observations(&c, &f, SW_ZEEK_PHASE_END, 0, obs), 3);
    ck_assert_int_eq(obs[0].type, SW_OBS_FLOW_ANSWERED);
    ck_assert_int_eq(obs[1].type, SW_OBS_FLOW_ESTABLISHED);
    ck_assert_int_eq(obs[2].type, SW_OBS_FLOW_END);
    ck_assert_int_eq(obs[2].u.flow.end_reason, SW_FLOW_END_CLOSED);
    ck_assert_int_eq(obs[2].u.flow.tcp_state, SW_TCP_CLOSED);
    ck_assert_int_eq(obs[2].ts.sec, 102); /* start + duration */
}
END_TEST

START_TEST(conn_unanswered_and_rejected)
{
    /* S0: a SYN and nothing back. */
    sw_zeek_conn c = conn_of("tcp", "S0", "S");
    ck_assert_int_eq(sw_zeek_conn_answered(&c), 0);
    ck_assert_int_eq(sw_zeek_conn_established(&c), 0);
    ck_assert_int_eq(sw_zeek_conn_end_reason("S0"), SW_FLOW_END_TIMEOUT);
    ck_assert_int_eq(sw_zeek_conn_tcp_state(&c, SW_ZEEK_PHASE_END), SW_TCP_SYN_SENT);
    sw_flow_obs f;
    ck_assert_int_eq(sw_zeek_conn_to_flow(&c, &f), SW_OK);
    sw_observation obs[SW_ZEEK_MAX_CONN_OBS];
    ck_assert_uint_eq(sw_zeek_conn_observations(&c, &f, SW_ZEEK_PHASE_END, 0, obs), 1);
    ck_assert_int_eq(obs[0].type, SW_OBS_FLOW_END);
    /* REJ ("Sr"): the responder reset the SYN; a reset is no answer from a service. */
    c = conn_of("tcp", "REJ", "Sr");
    ck_assert_int_eq(sw_zeek_conn_answered(&c), 0);
    ck_assert_int_eq(sw_zeek_conn_established(&c), 0);
    ck_assert_int_eq(sw_zeek_conn_end_reason("REJ"), SW_FLOW_END_CLOSED);
    /* RSTO after a handshake is established, then closed. */
    c = conn_of("tcp", "RSTO", "ShAR");
    ck_assert_int_eq(sw_zeek_conn_established(&c), 1);
    ck_assert_int_eq(sw_zeek_conn_tcp_state(&c, SW_ZEEK_PHASE_END), SW_TCP_CLOSED);
}
END_TEST

START_TEST(conn_alive_and_midstream)
{
    /* While alive Zeek has no conn_state: the history alone says the handshake completed. */
    sw_zeek_conn c = conn_of("tcp", "", "ShA");
    ck_assert_int_eq(sw_zeek_conn_established(&c), 1);
    ck_assert_int_eq(sw_zeek_conn_tcp_state(&c, SW_ZEEK_PHASE_START), SW_TCP_ESTABLISHED);
    c = conn_of("tcp", "", "Sh");
    ck_assert_int_eq(sw_zeek_conn_established(&c), 0);
    ck_assert_int_eq(sw_zeek_conn_answered(&c), 1);
    ck_assert_int_eq(sw_zeek_conn_tcp_state(&c, SW_ZEEK_PHASE_START), SW_TCP_SYN_RECV);
    /* Picked up midstream (OTH, no SYN): never "established". */
    c = conn_of("tcp", "OTH", "DdAa");
    ck_assert_int_eq(sw_zeek_conn_established(&c), 0);
    ck_assert_int_eq(sw_zeek_conn_tcp_state(&c, SW_ZEEK_PHASE_END), SW_TCP_NONE);
    /* connection_established: answered and established, at the time given. */
    c = conn_of("tcp", "", "Sh");
    sw_flow_obs f;
    ck_assert_int_eq(sw_zeek_conn_to_flow(&c, &f), SW_OK);
    sw_observation obs[SW_ZEEK_MAX_CONN_OBS];
    ck_assert_uint_eq(sw_zeek_conn_observations(&c, &f, SW_ZEEK_PHASE_ESTABLISHED, 101.25, obs), 2);
    ck_assert_int_eq(obs[1].type, SW_OBS_FLOW_ESTABLISHED);
    ck_assert_int_eq(obs[1].ts.usec, 250000);
}
END_TEST

START_TEST(conn_udp_and_icmp)
{
    /* UDP "Dd": data both ways is an answer; UDP is never "established". */
    sw_zeek_conn c = conn_of("udp", "SF", "Dd");
    c.resp_p = 161;
    ck_assert_int_eq(sw_zeek_conn_answered(&c), 1);
    ck_assert_int_eq(sw_zeek_conn_established(&c), 0);
    sw_flow_obs f;
    ck_assert_int_eq(sw_zeek_conn_to_flow(&c, &f), SW_OK);
    ck_assert_uint_eq(f.proto, 17);
    ck_assert_uint_eq(f.dp, 161);
    ck_assert_int_eq(f.tcp_state, SW_TCP_NONE);
    /* ICMP: Zeek's ports are the type and code; ICMPv6 is "icmp" over IPv6. */
    c = conn_of("icmp", "OTH", "");
    c.orig_p = 8;
    c.resp_p = 0;
    ck_assert_int_eq(sw_zeek_conn_to_flow(&c, &f), SW_OK);
    ck_assert_uint_eq(f.proto, 1);
    ck_assert_uint_eq(f.icmp_type, 8);
    ck_assert_uint_eq(f.sp, 0);
    ck_assert_uint_eq(sw_zeek_proto_number("icmp", 6), 58);
    ck_assert_uint_eq(sw_zeek_proto_number("unknown_transport", 4), 0);
    c = conn_of("tcp", "SF", "");
    c.orig_h = "not-an-address";
    ck_assert_int_eq(sw_zeek_conn_to_flow(&c, &f), SW_ERR_INVALID);
    ck_assert_uint_eq(f.flow_id, 0);
}
END_TEST

START_TEST(conn_ids_time_and_app)
{
    ck_assert_uint_ne(sw_zeek_flow_id("CzsmNL6NEHTEjUfIi"), 0);
    ck_assert_uint_eq(sw_zeek_flow_id("CzsmNL6NEHTEjUfIi"), sw_zeek_flow_id("CzsmNL6NEHTEjUfIi"));
    ck_assert_uint_ne(sw_zeek_flow_id("CzsmNL6NEHTEjUfIi"), sw_zeek_flow_id("Ctc0Uh1tfIuSwmVefl"));
    /* FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (the published test vector). */
    ck_assert_uint_eq(sw_zeek_flow_id("a"), 0xaf63dc4c8601ec8cull);
    sw_time t = sw_zeek_time(1258482072.45023);
    ck_assert_int_eq(t.sec, 1258482072);
    ck_assert_int_eq(t.usec, 450230);
    sw_zeek_conn c = conn_of("tcp", "S0", "S");
    c.resp_p = 49;
    ck_assert_int_eq(sw_zeek_conn_app(&c, 6), SW_APP_TACACS);
    c.resp_p = 4786;
    ck_assert_int_eq(sw_zeek_conn_app(&c, 6), SW_APP_SMI);
    c.resp_p = 69;
    ck_assert_int_eq(sw_zeek_conn_app(&c, 17), SW_APP_TFTP);
    ck_assert_int_eq(sw_zeek_conn_app(&c, 6), SW_APP_UNKNOWN);
    c.service = "ssl,http";
    ck_assert_int_eq(sw_zeek_conn_app(&c, 6), SW_APP_TLS);
}
END_TEST

/* ---- tunnels --------------------------------------------------------------------------------- */

/* Ethernet + IPv4 (proto 47) + GRE with the given flags and protocol type. */
static size_t gre_frame(uint8_t *buf, uint16_t gre_flags, uint16_t gre_proto)
{
    static const uint8_t head[] = {
        /* Ethernet: destination, source, EtherType IPv4 */
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00,
        /* IPv4: version 4 / IHL 5, TOS, total length 36, id, flags+offset 0 */
        0x45, 0x00, 0x00, 36, 0x12, 0x34, 0x00, 0x00,
        /* TTL 64, protocol 47 (GRE), checksum, source 192.0.2.1, destination 198.51.100.7 */
        64, 47, 0x00, 0x00, 192, 0, 2, 1, 198, 51, 100, 7};
    memcpy(buf, head, sizeof(head));
    size_t n = sizeof(head);
    buf[n++] = (uint8_t)(gre_flags >> 8); /* GRE flags and version (RFC 2784 section 2) */
    buf[n++] = (uint8_t)gre_flags;
    buf[n++] = (uint8_t)(gre_proto >> 8); /* protocol type */
    buf[n++] = (uint8_t)gre_proto;
    for (int i = 0; i < 12; i++) /* sequence number and ERSPAN bytes: not read */
        buf[n++] = 0;
    return n;
}

START_TEST(tunnel_kinds)
{
    ck_assert_int_eq(sw_zeek_tunnel_kind("Tunnel::GRE", 4, 4), SW_TUNNEL_GRE);
    ck_assert_int_eq(sw_zeek_tunnel_kind("Tunnel::IP", 4, 4), SW_TUNNEL_IPIP);
    ck_assert_int_eq(sw_zeek_tunnel_kind("Tunnel::IP", 4, 6), SW_TUNNEL_6IN4);
    ck_assert_int_eq(sw_zeek_tunnel_kind("Tunnel::IP", 6, 4), SW_TUNNEL_4IN6);
    ck_assert_int_eq(sw_zeek_tunnel_kind("IP", 6, 6), SW_TUNNEL_6IN6);
    ck_assert_int_eq(sw_zeek_tunnel_kind("Tunnel::TEREDO", 4, 6), SW_TUNNEL_NONE);
    ck_assert_int_eq(sw_zeek_tunnel_kind("Tunnel::VXLAN", 4, 4), SW_TUNNEL_NONE);
    sw_tunnel_info t;
    /* tunnel.log of zeek-gre-erspan3-dot1q: Tunnel::GRE 172.31.1.23 -> 172.31.1.135. */
    ck_assert_int_eq(
        sw_zeek_tunnel_info("Tunnel::GRE", "172.31.1.23", "172.31.1.135", 4, 1, 0x22EB, &t), SW_OK);
    ck_assert_int_eq(t.kind, SW_TUNNEL_ERSPAN);
    ck_assert_uint_eq(t.outer_proto, 47);
    ck_assert_int_eq(
        sw_zeek_tunnel_info("Tunnel::GRE", "172.31.1.23", "172.31.1.135", 4, 1, 0x0800, &t), SW_OK);
    ck_assert_int_eq(t.kind, SW_TUNNEL_GRE);
    ck_assert_int_eq(
        sw_zeek_tunnel_info("Tunnel::VXLAN", "172.31.1.23", "172.31.1.135", 4, 1, 0, &t),
        SW_ERR_UNSUPPORTED);
    ck_assert_int_eq(sw_zeek_tunnel_info("Tunnel::GRE", "x", "172.31.1.135", 4, 1, 0, &t),
                     SW_ERR_INVALID);
}
END_TEST

START_TEST(gre_sniff_frames)
{
    uint8_t buf[128];
    sw_zeek_gre g;
    /* RFC 2890: the S bit (0x1000) marks ERSPAN type II; type I has no sequence number. */
    size_t n = gre_frame(buf, 0x1000, 0x88BE);
    ck_assert_int_eq(sw_zeek_gre_sniff(buf, n, SW_ZEEK_LINK_ETHERNET, &g), SW_OK);
    ck_assert_uint_eq(g.gre_proto, 0x88BE);
    ck_assert_uint_eq(g.erspan_version, 2);
    char a[64];
    ck_assert_str_eq(sw_ip_format(&g.src, a, sizeof(a)), "192.0.2.1");
    ck_assert_str_eq(sw_ip_format(&g.dst, a, sizeof(a)), "198.51.100.7");
    n = gre_frame(buf, 0x0000, 0x88BE);
    ck_assert_int_eq(sw_zeek_gre_sniff(buf, n, SW_ZEEK_LINK_ETHERNET, &g), SW_OK);
    ck_assert_uint_eq(g.erspan_version, 1);
    n = gre_frame(buf, 0x0000, 0x22EB);
    ck_assert_int_eq(sw_zeek_gre_sniff(buf, n, SW_ZEEK_LINK_ETHERNET, &g), SW_OK);
    ck_assert_uint_eq(g.erspan_version, 3);
    n = gre_frame(buf, 0x0000, 0x0800);
    ck_assert_int_eq(sw_zeek_gre_sniff(buf, n, SW_ZEEK_LINK_ETHERNET, &g), SW_OK);
    ck_assert_uint_eq(g.erspan_version, 0);
    /* GRE version 2 does not exist (RFC 2784 section 2.3.1: 0; RFC 2637: 1 for PPTP). */
    n = gre_frame(buf, 0x0002, 0x0800);
    ck_assert_int_eq(sw_zeek_gre_sniff(buf, n, SW_ZEEK_LINK_ETHERNET, &g), SW_ERR_PARSE);
    /* Not GRE (protocol 17), an IHL below 5, another link type. */
    n = gre_frame(buf, 0, 0x0800);
    buf[23] = 17;
    ck_assert_int_eq(sw_zeek_gre_sniff(buf, n, SW_ZEEK_LINK_ETHERNET, &g), SW_ERR_NOTFOUND);
    buf[23] = 47;
    buf[14] = 0x44;
    ck_assert_int_eq(sw_zeek_gre_sniff(buf, n, SW_ZEEK_LINK_ETHERNET, &g), SW_ERR_PARSE);
    buf[14] = 0x45;
    ck_assert_int_eq(sw_zeek_gre_sniff(buf, n, 1, &g), SW_ERR_NOTFOUND);
    ck_assert_int_eq(sw_zeek_gre_sniff(NULL, 0, SW_ZEEK_LINK_ETHERNET, &g), SW_ERR_NOTFOUND);
}
END_TEST

static void sniff_prefix(const uint8_t *buf, size_t len, void *user)
{
    (void)user;
    sw_zeek_gre g;
    /* Every cut before the GRE protocol field ends is truncated: never OK, never a crash. */
    ck_assert_int_ne(sw_zeek_gre_sniff(buf, len, SW_ZEEK_LINK_ETHERNET, &g), SW_OK);
}

START_TEST(gre_sniff_truncated)
{
    uint8_t buf[128];
    gre_frame(buf, 0x1000, 0x88BE);
    sw_test_all_prefixes(buf, 14 + 20 + 4, sniff_prefix, NULL);
}
END_TEST

/* The first packet of a shared capture, sniffed as the plugin does with get_current_packet(). */
static sw_status sniff_capture(const char *rel, sw_zeek_gre *g)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline(sw_test_shared(rel), errbuf);
    ck_assert_msg(p != NULL, "%s: %s", rel, errbuf);
    ck_assert_int_eq(pcap_datalink(p), DLT_EN10MB);
    struct pcap_pkthdr *h;
    const u_char *data;
    ck_assert_int_eq(pcap_next_ex(p, &h, &data), 1);
    uint8_t *copy = malloc(h->caplen);
    memcpy(copy, data, h->caplen); /* exactly sized, so ASan sees an overread */
    sw_status st = sw_zeek_gre_sniff(copy, h->caplen, SW_ZEEK_LINK_ETHERNET, g);
    free(copy);
    pcap_close(p);
    return st;
}

START_TEST(gre_sniff_captures)
{
    /* tshark -T fields -e ip.src -e ip.dst -e gre.flags.sequence_number -e gre.proto, packet 1. */
    sw_zeek_gre g;
    char a[64];
    ck_assert_int_eq(sniff_capture("testdata/tunnels/zeek-gre-erspan3-dot1q.pcap", &g), SW_OK);
    ck_assert_uint_eq(g.gre_proto, 0x22EB);
    ck_assert_uint_eq(g.erspan_version, 3);
    ck_assert_str_eq(sw_ip_format(&g.src, a, sizeof(a)), "172.31.1.23");
    ck_assert_int_eq(sniff_capture("testdata/tunnels/sv-decode-erspan-typeII-01.pcap", &g), SW_OK);
    ck_assert_uint_eq(g.gre_proto, 0x88BE);
    ck_assert_uint_eq(g.erspan_version, 2); /* sequence flag 1 */
    ck_assert_str_eq(sw_ip_format(&g.dst, a, sizeof(a)), "1.1.1.1");
    ck_assert_int_eq(sniff_capture("testdata/tunnels/sv-decode-erspan-typeI-02.pcap", &g), SW_OK);
    ck_assert_uint_eq(g.erspan_version, 1); /* sequence flag 0 */
    ck_assert_str_eq(sw_ip_format(&g.src, a, sizeof(a)), "100.95.0.15");
}
END_TEST

/* ---- application events ---------------------------------------------------------------------- */

START_TEST(app_ssh_banner)
{
    sw_flow_obs f;
    memset(&f, 0, sizeof(f));
    sw_zeek_scratch sc;
    sw_obs_ssh_banner b;
    /* ssh.log of zeek-ssh-single-conn: client and server strings. */
    json_t *rec = zeek_record("mgmt/ssh/zeek-ssh-single-conn.pcap.zeek.json", "ssh", 0);
    sw_zeek_ssh_banner(&f, 1, jstr(rec, "client"), &sc, &b);
    ck_assert_str_eq(b.proto_version, "2.0");
    ck_assert_str_eq(b.software, "OpenSSH_3.8.1p1");
    ck_assert_str_eq(b.comments, "");
    ck_assert_uint_eq(b.to_server, 1);
    sw_zeek_ssh_banner(&f, 0, jstr(rec, "server"), &sc, &b);
    ck_assert_str_eq(b.proto_version, "1.99");
    ck_assert_str_eq(b.software, "OpenSSH_3.9p1");
    json_decref(rec);
    /* RFC 4253 section 4.2: comments follow a space. */
    sw_zeek_ssh_banner(&f, 0, "SSH-2.0-Cisco-1.25 extra words", &sc, &b);
    ck_assert_str_eq(b.software, "Cisco-1.25");
    ck_assert_str_eq(b.comments, "extra words");
    sw_zeek_ssh_banner(&f, 0, "garbage\x01", &sc, &b);
    ck_assert_str_eq(b.software, "garbage.");
    ck_assert_str_eq(b.proto_version, "");
}
END_TEST

START_TEST(app_snmp)
{
    sw_flow_obs f;
    memset(&f, 0, sizeof(f));
    sw_obs_snmp s;
    /* snmp.log of zeek-snmpv2_get: version "2c", community "public" (header version 1). */
    json_t *rec = zeek_record("mgmt/snmp/zeek-snmpv2_get.pcap.zeek.json", "snmp", 0);
    const char *community = jstr(rec, "community");
    ck_assert_str_eq(jstr(rec, "version"), "2c");
    sw_zeek_snmp(&f, 1, 1, "get", (const uint8_t *)community, strlen(community), 42, &s);
    ck_assert_uint_eq(s.version, 1);
    ck_assert_uint_eq(s.pdu_type, 0xA0);
    ck_assert_uint_eq(s.community.len, 6);
    ck_assert_int_eq(memcmp(s.community.data, "public", 6), 0);
    ck_assert_int_eq(s.request_id, 42);
    json_decref(rec);
    /* RFC 3416 section 3 tags; v3 carries no community. */
    ck_assert_uint_eq(sw_zeek_snmp_pdu_tag("set"), 0xA3);
    ck_assert_uint_eq(sw_zeek_snmp_pdu_tag("get_bulk"), 0xA5);
    ck_assert_uint_eq(sw_zeek_snmp_pdu_tag("trap"), 0xA4);
    ck_assert_uint_eq(sw_zeek_snmp_pdu_tag("trapV2"), 0xA7);
    ck_assert_uint_eq(sw_zeek_snmp_pdu_tag("nonsense"), 0);
    sw_zeek_snmp(&f, 1, 3, "get_next", (const uint8_t *)"x", 1, 1, &s);
    ck_assert_uint_eq(s.community.len, 0);
}
END_TEST

START_TEST(app_dns_http_ftp_radius)
{
    sw_flow_obs f;
    memset(&f, 0, sizeof(f));
    sw_zeek_scratch sc;
    json_t *rec = zeek_record("misc/zeek-ipv6-fragmented-dns.pcap.zeek.json", "dns", 0);
    sw_obs_dns d;
    sw_zeek_dns_query(&f, (uint16_t)jnum(rec, "trans_id"), jstr(rec, "query"),
                      (uint16_t)jnum(rec, "qtype"), &sc, &d);
    ck_assert_str_eq(d.qname, "txtpadding_323.n1.netalyzr.icsi.berkeley.edu");
    ck_assert_uint_eq(d.qtype, 16); /* TXT */
    ck_assert_uint_eq(d.id, 3903);
    json_decref(rec);

    rec = zeek_record("http/zeek-http-get.pcap.zeek.json", "http", 0);
    sw_zeek_http_req req;
    memset(&req, 0, sizeof(req));
    req.method = jstr(rec, "method");
    req.original_uri = jstr(rec, "uri");
    req.version = jstr(rec, "version");
    req.host = jstr(rec, "host");
    req.user_agent = jstr(rec, "user_agent");
    req.tx_id = (uint64_t)jnum(rec, "trans_depth") - 1;
    sw_obs_http_request h;
    sw_zeek_http_request(&f, &req, &sc, &h);
    ck_assert_str_eq(h.method, "GET");
    ck_assert_uint_eq(h.protocol.len, 8);
    ck_assert_int_eq(memcmp(h.protocol.data, "HTTP/1.1", 8), 0);
    ck_assert_uint_eq(h.uri.len, strlen("/download/CHANGES.bro-aux.txt"));
    ck_assert_uint_eq(h.host.len, strlen("bro.org"));
    ck_assert_uint_eq(h.tx_id, 0);
    json_decref(rec);

    uint8_t hdr[32];
    size_t used = 0;
    ck_assert_int_eq(sw_zeek_header_append(hdr, sizeof(hdr), &used, "Host", "bro.org"), 1);
    ck_assert_uint_eq(used, strlen("Host: bro.org\r\n"));
    ck_assert_int_eq(memcmp(hdr, "Host: bro.org\r\n", used), 0);
    /* A header that does not fit whole is left out, the buffer unchanged. */
    ck_assert_int_eq(sw_zeek_header_append(hdr, sizeof(hdr), &used, "User-Agent", "Wget/1.14 x"),
                     0);
    ck_assert_uint_eq(used, 15);

    sw_obs_ftp ftp;
    sw_zeek_ftp_command(&f, "pass", "test", &sc, &ftp);
    ck_assert_str_eq(ftp.command, "PASS");
    ck_assert_str_eq(ftp.argument, "***");
    sw_zeek_ftp_command(&f, "stor", "router-confg", &sc, &ftp);
    ck_assert_str_eq(ftp.command, "STOR");
    ck_assert_str_eq(ftp.argument, "router-confg");

    /* radius.log of zeek-radius: username John.McGuirk; Access-Request is code 1. */
    rec = zeek_record("mgmt/radius/zeek-radius.pcap.zeek.json", "radius", 0);
    sw_obs_radius r;
    sw_zeek_radius(&f, 1, 1, 7, jstr(rec, "username"), "", "10.0.0.1", &r);
    ck_assert_str_eq(r.user_name, "John.McGuirk");
    ck_assert_uint_eq(r.nas_ip.family, 4);
    sw_zeek_radius(&f, 1, 1, 7, NULL, NULL, "bogus", &r);
    ck_assert_str_eq(r.user_name, "");
    ck_assert_uint_eq(r.nas_ip.family, 0);
    json_decref(rec);
}
END_TEST

/* ---- real Zeek records through the engine -----------------------------------------------------
 */

START_TEST(logs_snmp_from_outside_nms)
{
    /* 10.10.1.159 -> 10.10.3.109:161/udp; the agent is infra, the client is not in nms, but in
     * own (10/8): ST-SNMP-001 only (ST-ACC-005 needs an outsider). */
    fixture fx;
    fixture_start(&fx, lab_config);
    feed_log_conns(&fx, "mgmt/snmp/zeek-snmpv2_get.pcap.zeek.json");
    ck_assert_uint_eq(fx.n, 1);
    ck_assert_str_eq(fx.seen[0].id, "ST-SNMP-001");
    ck_assert_ptr_nonnull(strstr(fx.seen[0].evidence, "infra=10.10.3.109;"));
    ck_assert_ptr_nonnull(strstr(fx.seen[0].evidence, "source=10.10.1.159;"));
    fixture_end(&fx);
}
END_TEST

START_TEST(logs_ssh_from_outsider)
{
    /* 192.150.186.169 -> 131.159.14.23:22, "ShAdDaFf"/SF: a completed session from outside noc
     * and own to a management port of infra: ST-ACC-005, service ssh. */
    fixture fx;
    fixture_start(&fx, lab_config);
    feed_log_conns(&fx, "mgmt/ssh/zeek-ssh-single-conn.pcap.zeek.json");
    ck_assert_uint_eq(fx.n, 1);
    ck_assert_str_eq(fx.seen[0].id, "ST-ACC-005");
    ck_assert_ptr_nonnull(strstr(fx.seen[0].evidence, "service=ssh;"));
    ck_assert_ptr_nonnull(strstr(fx.seen[0].evidence, "source=192.150.186.169;"));
    fixture_end(&fx);
}
END_TEST

START_TEST(logs_radius_and_tftp)
{
    /* 10.0.0.1:1645 -> 10.0.0.100:1812/udp: the NAS (infra) sends RADIUS to a server outside
     * aaa: ST-AAA-002 with the server and port. */
    fixture fx;
    fixture_start(&fx, lab_config);
    feed_log_conns(&fx, "mgmt/radius/zeek-radius.pcap.zeek.json");
    ck_assert_uint_eq(fx.n, 1);
    ck_assert_str_eq(fx.seen[0].id, "ST-AAA-002");
    ck_assert_ptr_nonnull(strstr(fx.seen[0].evidence, "server=10.0.0.100;"));
    ck_assert_ptr_nonnull(strstr(fx.seen[0].evidence, "port=1812;"));
    fixture_end(&fx);
    /* TFTP read request to udp/69 ("D", S0): the flow maps to app tftp by port, unanswered. */
    json_t *rec = zeek_record("exfil/tftp/sv-output-eve-tftp-01.pcap.zeek.json", "conn", 1);
    sw_zeek_conn c;
    conn_from_json(rec, &c);
    sw_flow_obs f;
    ck_assert_int_eq(sw_zeek_conn_to_flow(&c, &f), SW_OK);
    ck_assert_uint_eq(f.dp, 69);
    ck_assert_int_eq(f.app_proto, SW_APP_TFTP);
    ck_assert_int_eq(sw_zeek_conn_answered(&c), 0);
    json_decref(rec);
}
END_TEST

/* Feeds tunnel.log's record as the plugin does at tunnel_changed: an outer GRE flow. */
static void feed_tunnel(fixture *fx, const char *rel, const sw_zeek_gre *gre)
{
    json_t *rec = zeek_record(rel, "tunnel", 0);
    ck_assert_str_eq(jstr(rec, "tunnel_type"), "Tunnel::GRE");
    sw_flow_obs f;
    ck_assert_int_eq(sw_zeek_tunnel_flow(jstr(rec, "uid"), jstr(rec, "id.orig_h"),
                                         jstr(rec, "id.resp_h"), gre, jnum(rec, "ts"), &f),
                     SW_OK);
    sw_observation obs;
    memset(&obs, 0, sizeof(obs));
    obs.type = SW_OBS_FLOW_START;
    obs.ts = f.start;
    obs.u.flow = f;
    sw_zeek_session_observe(fx->session, &obs);
    json_decref(rec);
}

START_TEST(logs_gre_and_erspan)
{
    static const char log[] = "tunnels/zeek-gre-erspan3-dot1q.pcap.zeek.json";
    /* Without the GRE type (no packet to sniff): infra 172.31.1.23 -> 172.31.1.135, not an
     * approved peer but inside own: ST-TUN-001 at its catalog severity. */
    fixture fx;
    fixture_start(&fx, lab_config);
    feed_tunnel(&fx, log, NULL);
    ck_assert_uint_eq(fx.n, 1);
    ck_assert_str_eq(fx.seen[0].id, "ST-TUN-001");
    ck_assert_ptr_nonnull(strstr(fx.seen[0].evidence, "peer=172.31.1.135;"));
    fixture_end(&fx);
    /* With the GRE type the capture holds (0x22EB, ERSPAN III): ST-TUN-003, version 3. */
    sw_zeek_gre g;
    ck_assert_int_eq(sniff_capture("testdata/tunnels/zeek-gre-erspan3-dot1q.pcap", &g), SW_OK);
    fixture_start(&fx, lab_config);
    feed_tunnel(&fx, log, &g);
    ck_assert_uint_eq(fx.n, 1);
    ck_assert_str_eq(fx.seen[0].id, "ST-TUN-003");
    ck_assert_ptr_nonnull(strstr(fx.seen[0].evidence, "erspan_version=3;"));
    fixture_end(&fx);
    /* The benign twin: the same ERSPAN to an approved collector stays silent. */
    char cfg[sizeof(lab_config) + 64];
    snprintf(cfg, sizeof(cfg), "%s", lab_config);
    char *at = strstr(cfg, "10.30.0.50]");
    ck_assert_ptr_nonnull(at);
    memcpy(at, "172.31.1.135", 12);
    at[12] = ']';
    at[13] = '\n';
    at[14] = '\0';
    snprintf(cfg + strlen(cfg), sizeof(cfg) - strlen(cfg), "  own: [10.0.0.0/8]\n");
    fixture_start(&fx, cfg);
    feed_tunnel(&fx, log, &g);
    ck_assert_uint_eq(fx.n, 0);
    fixture_end(&fx);
}
END_TEST

START_TEST(logs_gre_outside_own_is_critical)
{
    /* The tunnel record of the ERSPAN II capture (2.2.2.2 -> 1.1.1.1) fed as a plain GRE tunnel
     * (GRE type 0x0800): infra 2.2.2.2 to a peer that is neither approved nor inside own is the
     * exfiltration case, ST-TUN-001 escalated to critical. */
    fixture fx;
    fixture_start(&fx, lab_config);
    sw_zeek_gre plain;
    memset(&plain, 0, sizeof(plain));
    plain.gre_proto = 0x0800;
    feed_tunnel(&fx, "tunnels/sv-decode-erspan-typeII-01.pcap.zeek.json", &plain);
    ck_assert_uint_eq(fx.n, 1);
    ck_assert_str_eq(fx.seen[0].id, "ST-TUN-001");
    ck_assert_int_eq(fx.seen[0].severity, SW_SEV_CRITICAL);
    fixture_end(&fx);
}
END_TEST

START_TEST(session_config_errors)
{
    sw_error err;
    memset(&err, 0, sizeof(err));
    sw_zeek_session *s = sw_zeek_session_new(sw_test_source("signatures/catalog.yaml"), &err);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(sw_zeek_netset_by_name("erspan_collectors"), SW_NET_ERSPAN_COLLECTORS);
    ck_assert_int_eq(sw_zeek_netset_by_name("routers"), -1);
    ck_assert_int_eq(sw_zeek_session_add_net(s, "routers", "10.0.0.0/8", &err), SW_ERR_NOTFOUND);
    ck_assert_str_eq(err.key, "routers");
    ck_assert_int_ne(sw_zeek_session_add_net(s, "infra", "10.0.0.1/8", &err), SW_OK);
    ck_assert_int_eq(sw_zeek_session_add_net(s, "infra", "10.0.0.0/8", &err), SW_OK);
    ck_assert_int_ne(sw_zeek_session_load_config(s, "/nonexistent/seawall.yaml", &err), SW_OK);
    ck_assert_int_eq(sw_zeek_session_ready(s), 0);
    ck_assert_int_eq(sw_zeek_session_start(s, NULL, NULL, &err), SW_OK);
    ck_assert_int_eq(sw_zeek_session_ready(s), 1); /* the infra set survived the failed load */
    ck_assert_int_eq(sw_zeek_session_add_net(s, "noc", "10.1.0.0/16", &err), SW_ERR_INVALID);
    /* Alerts follow the sink: none while it is NULL, then to the new one. An ESP flow from
     * infra to an unapproved peer is ST-TUN-002 (docs/detections.md section 5). */
    fixture fx;
    memset(&fx, 0, sizeof(fx));
    sw_observation obs;
    memset(&obs, 0, sizeof(obs));
    obs.type = SW_OBS_FLOW_START;
    obs.u.flow.flow_id = 7;
    obs.u.flow.proto = 50;
    ck_assert_int_eq(sw_ip_parse(&obs.u.flow.src, "10.1.2.3"), SW_OK);
    ck_assert_int_eq(sw_ip_parse(&obs.u.flow.dst, "203.0.113.9"), SW_OK);
    sw_zeek_session_observe(s, &obs);
    ck_assert_uint_eq(fx.n, 0);
    sw_zeek_session_set_sink(s, on_alert, &fx);
    obs.u.flow.flow_id = 8;
    sw_zeek_session_observe(s, &obs);
    ck_assert_uint_eq(fx.n, 1);
    ck_assert_str_eq(fx.seen[0].id, "ST-TUN-002");
    sw_zeek_session_free(s);
    ck_assert_ptr_null(sw_zeek_session_new("/nonexistent/catalog.yaml", &err));
    /* From text, as the plugin does with its compiled-in copy; a bad catalog names its line. */
    static const char bad[] = "detections:\n  - id: nonsense\n";
    ck_assert_ptr_null(sw_zeek_session_new_text(bad, sizeof(bad) - 1, "compiled-in", &err));
    ck_assert_str_eq(err.file, "compiled-in");
}
END_TEST

static Suite *zeek_mapping_suite(void)
{
    Suite *s = suite_create("zeek-mapping");
    TCase *conn = tcase_create("conn");
    tcase_add_test(conn, conn_full_handshake);
    tcase_add_test(conn, conn_unanswered_and_rejected);
    tcase_add_test(conn, conn_alive_and_midstream);
    tcase_add_test(conn, conn_udp_and_icmp);
    tcase_add_test(conn, conn_ids_time_and_app);
    suite_add_tcase(s, conn);
    TCase *tun = tcase_create("tunnel");
    tcase_add_test(tun, tunnel_kinds);
    tcase_add_test(tun, gre_sniff_frames);
    tcase_add_test(tun, gre_sniff_truncated);
    tcase_add_test(tun, gre_sniff_captures);
    suite_add_tcase(s, tun);
    TCase *app = tcase_create("app");
    tcase_add_test(app, app_ssh_banner);
    tcase_add_test(app, app_snmp);
    tcase_add_test(app, app_dns_http_ftp_radius);
    suite_add_tcase(s, app);
    TCase *logs = tcase_create("zeek-logs");
    tcase_add_test(logs, logs_snmp_from_outside_nms);
    tcase_add_test(logs, logs_ssh_from_outsider);
    tcase_add_test(logs, logs_radius_and_tftp);
    tcase_add_test(logs, logs_gre_and_erspan);
    tcase_add_test(logs, logs_gre_outside_own_is_critical);
    tcase_add_test(logs, session_config_errors);
    suite_add_tcase(s, logs);
    return s;
}

int main(void)
{
    return sw_test_run(zeek_mapping_suite());
}
