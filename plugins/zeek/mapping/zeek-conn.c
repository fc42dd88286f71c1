/* Zeek connections as Seawall flow observations (see zeek-conn.h). conn_state and history letters
 * are Zeek's, documented in base/protocols/conn/main.zeek (Conn::Info). */
#include "zeek-conn.h"

#include <math.h> /* isfinite (a macro: no libm needed) */
#include <string.h>

#define IPPROTO_NUM_ICMP   1
#define IPPROTO_NUM_TCP    6
#define IPPROTO_NUM_UDP    17
#define IPPROTO_NUM_ICMPV6 58
#define PORT_TACACS        49   /* RFC 8907 section 4.1 */
#define PORT_TFTP          69   /* RFC 1350 section 4 */
#define PORT_SMART_INSTALL 4786 /* Cisco Smart Install director/client */

static const char *text(const char *s)
{
    return s ? s : "";
}

uint8_t sw_zeek_proto_number(const char *proto, int ip_family)
{
    proto = text(proto);
    if (strcmp(proto, "tcp") == 0)
        return IPPROTO_NUM_TCP;
    if (strcmp(proto, "udp") == 0)
        return IPPROTO_NUM_UDP;
    /* Zeek names ICMPv6 "icmp" as well; the address family tells them apart. */
    if (strcmp(proto, "icmp") == 0)
        return ip_family == 6 ? IPPROTO_NUM_ICMPV6 : IPPROTO_NUM_ICMP;
    return 0;
}

uint64_t sw_zeek_flow_id(const char *uid)
{
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a 64-bit offset basis */
    for (const char *p = text(uid); *p; p++) {
        h ^= (uint8_t)*p;
        h *= 0x100000001b3ull;
    }
    return h ? h : 1; /* 0 means "no flow identity" to the engine */
}

int sw_zeek_conn_answered(const sw_zeek_conn *c)
{
    /* For TCP "answered" means the SYN-ACK (as the sensor reports it): a reset is no answer. */
    if (strcmp(text(c->proto), "tcp") == 0)
        return strchr(text(c->history), 'h') != NULL || sw_zeek_conn_established(c);
    if (c->resp_pkts > 0)
        return 1;
    for (const char *p = text(c->history); *p; p++)
        if (*p >= 'a' && *p <= 'z')
            return 1;
    return 0;
}

static int state_is(const char *state, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(state, *list) == 0)
            return 1;
    return 0;
}

/* Zeek's conn_state values that only follow a completed handshake. */
static const char *const established_states[] = {"S1", "SF", "S2", "S3", "RSTO", "RSTR", NULL};
/* Outcomes where an end was seen on the wire (FIN, RST or a rejected SYN). */
static const char *const closed_states[] = {"SF",  "REJ", "RSTO", "RSTR",   "RSTOS0", "RSTRH", "SH",
                                            "SHR", "S2",  "S3",   "RSTRS0", "RSTOH",  NULL};

int sw_zeek_conn_established(const sw_zeek_conn *c)
{
    if (strcmp(text(c->proto), "tcp") != 0)
        return 0;
    if (state_is(text(c->conn_state), established_states))
        return 1;
    /* Alive connections have no conn_state yet: read the history letters in order. */
    const char *h = text(c->history);
    const char *syn = strchr(h, 'S');
    const char *synack = syn ? strchr(syn, 'h') : NULL;
    return synack && (strchr(synack, 'A') || strchr(synack, 'D'));
}

sw_flow_end_reason sw_zeek_conn_end_reason(const char *conn_state)
{
    return state_is(text(conn_state), closed_states) ? SW_FLOW_END_CLOSED : SW_FLOW_END_TIMEOUT;
}

sw_tcp_state sw_zeek_conn_tcp_state(const sw_zeek_conn *c, sw_zeek_phase phase)
{
    if (strcmp(text(c->proto), "tcp") != 0)
        return SW_TCP_NONE;
    int established = phase == SW_ZEEK_PHASE_ESTABLISHED || sw_zeek_conn_established(c);
    if (phase == SW_ZEEK_PHASE_END) {
        if (sw_zeek_conn_end_reason(c->conn_state) == SW_FLOW_END_CLOSED)
            return SW_TCP_CLOSED;
        if (established)
            return SW_TCP_ESTABLISHED;
    } else if (established) {
        return SW_TCP_ESTABLISHED;
    }
    const char *h = text(c->history);
    if (strchr(h, 'S') && strchr(h, 'h'))
        return SW_TCP_SYN_RECV;
    if (strchr(h, 'S') || phase == SW_ZEEK_PHASE_START)
        return SW_TCP_SYN_SENT;
    return SW_TCP_NONE; /* picked up midstream */
}

static const struct {
    const char *service;
    sw_app_proto app;
} services[] = {
    {"ssh", SW_APP_SSH}, {"ssl", SW_APP_TLS},           {"http", SW_APP_HTTP},
    {"dns", SW_APP_DNS}, {"snmp", SW_APP_SNMP},         {"radius", SW_APP_RADIUS},
    {"ftp", SW_APP_FTP}, {"ftp-data", SW_APP_FTP_DATA}, {"syslog", SW_APP_SYSLOG},
};

/* Matches one comma-separated word of Zeek's service list ("ssl,http" is possible). */
static sw_app_proto service_app(const char *list)
{
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        for (size_t i = 0; i < sizeof(services) / sizeof(services[0]); i++)
            if (strlen(services[i].service) == n && strncmp(p, services[i].service, n) == 0)
                return services[i].app;
        p += n;
        if (*p == ',')
            p++;
    }
    return SW_APP_UNKNOWN;
}

sw_app_proto sw_zeek_conn_app(const sw_zeek_conn *c, uint8_t proto)
{
    sw_app_proto app = service_app(text(c->service));
    if (app != SW_APP_UNKNOWN)
        return app;
    if (proto == IPPROTO_NUM_TCP && c->resp_p == PORT_TACACS)
        return SW_APP_TACACS;
    if (proto == IPPROTO_NUM_UDP && c->resp_p == PORT_TFTP)
        return SW_APP_TFTP;
    if (proto == IPPROTO_NUM_TCP && c->resp_p == PORT_SMART_INSTALL)
        return SW_APP_SMI;
    return SW_APP_UNKNOWN;
}

sw_time sw_zeek_time(double seconds)
{
    sw_time t = {0, 0};
    if (!isfinite(seconds) || seconds < 0)
        return t;
    t.sec = (int64_t)seconds; /* truncation is floor for non-negative values */
    t.usec = (int32_t)((seconds - (double)t.sec) * 1e6 + 0.5);
    if (t.usec >= 1000000) {
        t.sec++;
        t.usec -= 1000000;
    }
    return t;
}

sw_status sw_zeek_conn_to_flow(const sw_zeek_conn *c, sw_flow_obs *out)
{
    memset(out, 0, sizeof(*out));
    sw_flow_obs f;
    memset(&f, 0, sizeof(f));
    if (sw_ip_parse(&f.src, text(c->orig_h)) != SW_OK ||
        sw_ip_parse(&f.dst, text(c->resp_h)) != SW_OK)
        return SW_ERR_INVALID;
    f.proto = sw_zeek_proto_number(c->proto, f.src.family);
    if (f.proto == 0)
        return SW_ERR_INVALID;
    f.flow_id = sw_zeek_flow_id(c->uid);
    if (f.proto == IPPROTO_NUM_ICMP || f.proto == IPPROTO_NUM_ICMPV6) {
        /* Zeek stores the ICMP type and code in the port fields. */
        f.icmp_type = (uint8_t)c->orig_p;
        f.icmp_code = (uint8_t)c->resp_p;
    } else {
        f.sp = c->orig_p;
        f.dp = c->resp_p;
    }
    f.start = sw_zeek_time(c->start);
    f.last = sw_zeek_time(c->start + (c->duration > 0 ? c->duration : 0));
    f.pkts_toserver = c->orig_pkts;
    f.pkts_toclient = c->resp_pkts;
    f.bytes_toserver = c->orig_ip_bytes;
    f.bytes_toclient = c->resp_ip_bytes;
    f.app_proto = sw_zeek_conn_app(c, f.proto);
    *out = f;
    return SW_OK;
}

static void push(sw_observation *out, size_t *n, sw_obs_type type, sw_time ts,
                 const sw_flow_obs *flow, sw_tcp_state state)
{
    sw_observation *o = &out[(*n)++];
    memset(o, 0, sizeof(*o));
    o->type = type;
    o->ts = ts;
    o->u.flow = *flow;
    o->u.flow.tcp_state = state;
}

size_t sw_zeek_conn_observations(const sw_zeek_conn *c, const sw_flow_obs *flow,
                                 sw_zeek_phase phase, double now, sw_observation *out)
{
    size_t n = 0;
    sw_tcp_state state = sw_zeek_conn_tcp_state(c, phase);
    if (phase == SW_ZEEK_PHASE_START) {
        push(out, &n, SW_OBS_FLOW_START, sw_zeek_time(c->start), flow, state);
        return n;
    }
    if (phase == SW_ZEEK_PHASE_ESTABLISHED) {
        push(out, &n, SW_OBS_FLOW_ANSWERED, sw_zeek_time(now), flow, state);
        push(out, &n, SW_OBS_FLOW_ESTABLISHED, sw_zeek_time(now), flow, state);
        return n;
    }
    sw_time end = sw_zeek_time(c->start + (c->duration > 0 ? c->duration : 0));
    if (sw_zeek_conn_answered(c))
        push(out, &n, SW_OBS_FLOW_ANSWERED, end, flow, state);
    if (sw_zeek_conn_established(c))
        push(out, &n, SW_OBS_FLOW_ESTABLISHED, end, flow, state);
    push(out, &n, SW_OBS_FLOW_END, end, flow, state);
    out[n - 1].u.flow.end_reason = sw_zeek_conn_end_reason(c->conn_state);
    return n;
}
