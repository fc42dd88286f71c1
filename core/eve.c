/* EVE JSON records: alert, flow, anomaly and stats, with Suricata 7's field names, nesting and
 * value formats (OISF/suricata: src/output-json.c, output-json-alert.c, output-json-flow.c,
 * output-json-anomaly.c, output-json-stats.c). Seawall-only data goes under SW_EVE_EXTENSION;
 * docs/eve.md lists every field. Records are built once with the stealing `_new` setters. */
#include "eve.h"
#include "eve-int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define PROTO_ICMP   1
#define PROTO_TCP    6
#define PROTO_UDP    17
#define PROTO_ICMPV6 58
#define PROTO_SCTP   132

/* Out-of-memory is remembered in `ok` so a record is checked once, at the end. */
typedef struct eve_builder {
    json_t *obj;
    int ok;
} eve_builder;

/* Like json_object_set_new, value is always consumed, also when obj is NULL. */
static void put(json_t *obj, const char *key, json_t *value, int *ok)
{
    if (!obj) {
        json_decref(value);
        *ok = 0;
        return;
    }
    if (!value || json_object_set_new(obj, key, value) != 0)
        *ok = 0;
}

/* Evidence and names may carry bytes copied from packets; jansson refuses invalid UTF-8, which
 * would lose the whole record. Such text is written with each non-ASCII byte as '?', cut at
 * SW_EVE_MAX_TEXT bytes. */
size_t sw_eve_clean_text(const char *text, char out[SW_EVE_MAX_TEXT + 1])
{
    size_t n = 0;
    for (; text[n] && n < SW_EVE_MAX_TEXT; n++) {
        unsigned char c = (unsigned char)text[n];
        out[n] = c < 0x80 ? (char)c : '?';
    }
    out[n] = '\0';
    return n;
}

static json_t *json_text(const char *text)
{
    if (!text)
        return json_string("");
    json_t *value = json_string(text);
    if (value)
        return value;
    char clean[SW_EVE_MAX_TEXT + 1];
    sw_eve_clean_text(text, clean);
    return json_string(clean);
}

/* EVE integers are signed 64-bit; clamp rather than wrap to a negative count. */
static json_t *json_u64(uint64_t v)
{
    return json_integer(v > INT64_MAX ? INT64_MAX : (json_int_t)v);
}

/* The names Suricata 7 writes for the protocols a router link carries (its table follows the
 * IANA registry, with "IP-in-IP" for 4 and "OSPF" for 89); other numbers are written as text. */
static const char *const proto_names[256] = {
    [1] = "ICMP",   [2] = "IGMP",       [4] = "IP-in-IP",     [6] = "TCP",    [17] = "UDP",
    [33] = "DCCP",  [41] = "IPv6",      [46] = "RSVP",        [47] = "GRE",   [50] = "ESP",
    [51] = "AH",    [58] = "IPv6-ICMP", [88] = "EIGRP",       [89] = "OSPF",  [97] = "ETHERIP",
    [103] = "PIM",  [108] = "IPComp",   [112] = "VRRP",       [115] = "L2TP", [124] = "IS-IS",
    [132] = "SCTP", [136] = "UDPLite",  [137] = "MPLS-in-IP",
};

const char *sw_eve_proto_name(uint8_t proto, char *buf, size_t len)
{
    if (proto_names[proto])
        return proto_names[proto];
    if (buf && len > 0)
        snprintf(buf, len, "%u", (unsigned)proto);
    return buf ? buf : "";
}

sw_status sw_eve_proto_parse(const char *text, uint8_t *out)
{
    if (!text || !*text)
        return SW_ERR_INVALID;
    for (unsigned i = 0; i < 256; i++)
        if (proto_names[i] && strcasecmp(text, proto_names[i]) == 0) {
            *out = (uint8_t)i;
            return SW_OK;
        }
    unsigned v = 0;
    for (const char *p = text; *p; p++)
        if (*p < '0' || *p > '9' || (v = v * 10 + (unsigned)(*p - '0')) > 255)
            return SW_ERR_INVALID;
    *out = (uint8_t)v;
    return SW_OK;
}

int sw_eve_has_ports(uint8_t proto)
{
    return proto == PROTO_TCP || proto == PROTO_UDP || proto == PROTO_SCTP;
}

int sw_eve_is_icmp(uint8_t proto)
{
    return proto == PROTO_ICMP || proto == PROTO_ICMPV6;
}

/* Suricata 7 writes IPv6 uncompressed ("2001:0db8:0000:...": PrintInet) and IPv4 dotted. */
/* Decimal without printf: every EVE record carries two addresses. */
static char *put_decimal(char *out, unsigned v)
{
    if (v >= 100)
        *out++ = (char)('0' + v / 100);
    if (v >= 10)
        *out++ = (char)('0' + v / 10 % 10);
    *out++ = (char)('0' + v % 10);
    return out;
}

/* IPv4 dotted, IPv6 as Suricata 7 writes it: eight groups of four hex digits, uncompressed. */
size_t sw_eve_ip_text(const sw_ip *ip, char out[SW_EVE_IP_LEN])
{
    static const char hex[] = "0123456789abcdef";
    char *p = out;
    if (ip->family == 6) {
        for (unsigned i = 0; i < 16; i++) {
            if (i && i % 2 == 0)
                *p++ = ':';
            *p++ = hex[ip->bytes[i] >> 4];
            *p++ = hex[ip->bytes[i] & 15];
        }
    } else if (ip->family == 4) {
        for (unsigned i = 0; i < 4; i++) {
            if (i)
                *p++ = '.';
            p = put_decimal(p, ip->bytes[i]);
        }
    }
    return (size_t)(p - out);
}

static json_t *json_ip(const sw_ip *ip)
{
    char text[SW_EVE_IP_LEN];
    return json_stringn(text, sw_eve_ip_text(ip, text));
}

static json_t *json_ts(sw_time ts)
{
    char buf[SW_EVE_TS_LEN];
    return json_string(sw_eve_timestamp(ts, buf, sizeof(buf)));
}

const char *sw_eve_pkt_src(const sw_eve_options *opt)
{
    return opt && opt->pkt_src ? opt->pkt_src : "wire/pcap";
}

/* timestamp, flow_id, pcap_cnt, event_type, host: the order Suricata's CreateEveHeader uses. */
static void put_header(eve_builder *b, sw_time ts, const sw_flow_obs *flow, uint64_t pcap_cnt,
                       const char *event_type, const sw_eve_options *opt)
{
    put(b->obj, "timestamp", json_ts(ts), &b->ok);
    if (flow)
        put(b->obj, "flow_id", json_u64(flow->flow_id & INT64_MAX), &b->ok);
    if (pcap_cnt)
        put(b->obj, "pcap_cnt", json_u64(pcap_cnt), &b->ok);
    put(b->obj, "event_type", json_string(event_type), &b->ok);
    if (opt && opt->host)
        put(b->obj, "host", json_text(opt->host), &b->ok);
}

static void put_vlan(eve_builder *b, const sw_flow_obs *flow)
{
    if (!flow->vlan[0])
        return;
    json_t *arr = json_array();
    for (unsigned i = 0; i < 3 && flow->vlan[i]; i++) {
        if (!arr || json_array_append_new(arr, json_integer(flow->vlan[i])) != 0)
            b->ok = 0;
    }
    put(b->obj, "vlan", arr, &b->ok);
}

static void put_endpoints(json_t *obj, const sw_flow_obs *flow, int *ok)
{
    put(obj, "src_ip", json_ip(&flow->src), ok);
    if (sw_eve_has_ports(flow->proto))
        put(obj, "src_port", json_integer(flow->sp), ok);
    put(obj, "dest_ip", json_ip(&flow->dst), ok);
    if (sw_eve_has_ports(flow->proto))
        put(obj, "dest_port", json_integer(flow->dp), ok);
}

/* vlan, addresses, proto, icmp type/code and (for packet-born records) pkt_src. */
static void put_flow_fields(eve_builder *b, const sw_flow_obs *flow, const sw_eve_options *opt,
                            int with_pkt_src)
{
    char num[8];
    put_vlan(b, flow);
    put_endpoints(b->obj, flow, &b->ok);
    put(b->obj, "proto", json_string(sw_eve_proto_name(flow->proto, num, sizeof(num))), &b->ok);
    if (sw_eve_is_icmp(flow->proto)) {
        put(b->obj, "icmp_type", json_integer(flow->icmp_type), &b->ok);
        put(b->obj, "icmp_code", json_integer(flow->icmp_code), &b->ok);
    }
    if (with_pkt_src)
        put(b->obj, "pkt_src", json_text(sw_eve_pkt_src(opt)), &b->ok);
}

/* Suricata's alert "tunnel" object (AlertJsonTunnel): the outer endpoints and the depth. */
static void put_tunnel(eve_builder *b, const sw_flow_obs *flow)
{
    const sw_tunnel_info *tun = flow->tunnel;
    if (!tun || tun->kind == SW_TUNNEL_NONE)
        return;
    char num[8];
    json_t *obj = json_object();
    put(obj, "src_ip", json_ip(&tun->outer_src), &b->ok);
    put(obj, "dest_ip", json_ip(&tun->outer_dst), &b->ok);
    put(obj, "proto", json_string(sw_eve_proto_name(tun->outer_proto, num, sizeof(num))), &b->ok);
    put(obj, "depth", json_integer(tun->depth), &b->ok);
    put(b->obj, "tunnel", obj, &b->ok);
}

static void put_community_id(eve_builder *b, const sw_flow_obs *flow, const sw_eve_options *opt)
{
    char cid[40];
    if (!opt || !opt->community_id)
        return;
    if (sw_community_id(flow, opt->community_id_seed, cid, sizeof(cid)) == SW_OK)
        put(b->obj, "community_id", json_string(cid), &b->ok);
}

const char *sw_eve_tunnel_kind_text(sw_tunnel_kind kind)
{
    static const char *const names[] = {
        [SW_TUNNEL_NONE] = "none", [SW_TUNNEL_GRE] = "GRE",   [SW_TUNNEL_ERSPAN] = "ERSPAN",
        [SW_TUNNEL_IPIP] = "IPIP", [SW_TUNNEL_6IN4] = "6in4", [SW_TUNNEL_4IN6] = "4in6",
        [SW_TUNNEL_6IN6] = "6in6",
    };
    if ((unsigned)kind >= sizeof(names) / sizeof(names[0]))
        return "unknown";
    return names[kind];
}

/* The Seawall extension object; the tunnel kind is kept because Suricata's tunnel object cannot
 * tell ERSPAN from plain GRE. */
static json_t *extension_new(const sw_flow_obs *flow, int *ok)
{
    json_t *ext = json_object();
    if (ext && flow && flow->tunnel && flow->tunnel->kind != SW_TUNNEL_NONE)
        put(ext, "tunnel_kind", json_string(sw_eve_tunnel_kind_text(flow->tunnel->kind)), ok);
    if (!ext)
        *ok = 0;
    return ext;
}

static json_t *finish(eve_builder *b)
{
    if (b->ok)
        return b->obj;
    json_decref(b->obj);
    return NULL;
}

const char *sw_eve_severity_text(sw_severity sev)
{
    switch (sev) {
    case SW_SEV_CRITICAL:
        return "critical";
    case SW_SEV_HIGH:
        return "high";
    case SW_SEV_MEDIUM:
        return "medium";
    case SW_SEV_LOW:
        return "low";
    }
    return "unknown";
}

/* ET/Proofpoint's signature_severity vocabulary, which SIEM content already keys on. */
const char *sw_eve_signature_severity_text(sw_severity sev)
{
    switch (sev) {
    case SW_SEV_CRITICAL:
        return "Critical";
    case SW_SEV_HIGH:
        return "Major";
    case SW_SEV_MEDIUM:
        return "Minor";
    case SW_SEV_LOW:
        return "Informational";
    }
    return "Informational";
}

static json_t *string_list(const char *const *items, size_t max, int *ok)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < max && items[i]; i++) {
        if (json_array_append_new(arr, json_text(items[i])) != 0)
            *ok = 0;
    }
    if (!arr)
        *ok = 0;
    return arr;
}

static json_t *alert_metadata(const sw_alert *alert, int *ok)
{
    const sw_catalog_entry *e = alert->entry;
    json_t *md = json_object();
    const char *id[1] = {e->id ? e->id : ""};
    put(md, "seawall_id", string_list(id, 1, ok), ok);
    if (e->attack[0])
        put(md, "mitre_technique_id", string_list(e->attack, SW_CATALOG_MAX_ATTACK, ok), ok);
    const char *sev[1] = {sw_eve_signature_severity_text(alert->severity)};
    put(md, "signature_severity", string_list(sev, 1, ok), ok);
    return md;
}

static json_t *alert_object(const sw_alert *alert, int *ok)
{
    const sw_catalog_entry *e = alert->entry;
    json_t *obj = json_object();
    put(obj, "action", json_string("allowed"), ok);
    put(obj, "gid", json_integer(e->gid), ok);
    put(obj, "signature_id", json_integer(e->sid), ok);
    put(obj, "rev", json_integer(e->rev), ok);
    put(obj, "signature", json_text(e->signature), ok);
    put(obj, "category", json_text(e->category), ok);
    put(obj, "severity", json_integer(alert->severity), ok);
    put(obj, "metadata", alert_metadata(alert, ok), ok);
    return obj;
}

/* Counters and start time, the head of both Suricata flow objects (alert and flow records). */
static json_t *flow_counters_object(const sw_flow_obs *flow, int *ok)
{
    json_t *obj = json_object();
    put(obj, "pkts_toserver", json_u64(flow->pkts_toserver), ok);
    put(obj, "pkts_toclient", json_u64(flow->pkts_toclient), ok);
    put(obj, "bytes_toserver", json_u64(flow->bytes_toserver), ok);
    put(obj, "bytes_toclient", json_u64(flow->bytes_toclient), ok);
    put(obj, "start", json_ts(flow->start), ok);
    return obj;
}

/* The flow summary Suricata 7 appends to alerts (AlertAddFlow / EveAddFlow without "end"). */
static json_t *alert_flow_object(const sw_flow_obs *flow, int *ok)
{
    json_t *obj = flow_counters_object(flow, ok);
    if (obj)
        put_endpoints(obj, flow, ok);
    return obj;
}

static json_t *alert_extension(const sw_alert *alert, int *ok)
{
    json_t *ext = extension_new(alert->flow, ok);
    put(ext, "id", json_text(alert->entry->id), ok);
    put(ext, "severity", json_string(sw_eve_severity_text(alert->severity)), ok);
    json_t *evidence = json_object();
    size_t n =
        alert->n_evidence < SW_ALERT_MAX_EVIDENCE ? alert->n_evidence : SW_ALERT_MAX_EVIDENCE;
    for (size_t i = 0; evidence && i < n; i++) {
        const sw_evidence *ev = &alert->evidence[i];
        if (ev->key && ev->value)
            put(evidence, ev->key, json_text(ev->value), ok);
    }
    put(ext, "evidence", evidence, ok);
    return ext;
}

json_t *sw_eve_alert(const sw_alert *alert, const sw_eve_options *opt)
{
    if (!alert || !alert->entry)
        return NULL;
    const sw_flow_obs *flow = alert->flow;
    eve_builder b = {json_object(), 1};
    if (!b.obj)
        return NULL;
    put_header(&b, alert->ts, flow, alert->pcap_cnt, "alert", opt);
    if (flow) {
        put_flow_fields(&b, flow, opt, 1);
        put_tunnel(&b, flow);
        put_community_id(&b, flow, opt);
    } else {
        put(b.obj, "pkt_src", json_text(sw_eve_pkt_src(opt)), &b.ok);
    }
    put(b.obj, "alert", alert_object(alert, &b.ok), &b.ok);
    if (flow)
        put(b.obj, "flow", alert_flow_object(flow, &b.ok), &b.ok);
    put(b.obj, SW_EVE_EXTENSION, alert_extension(alert, &b.ok), &b.ok);
    return finish(&b);
}

/* Suricata's flow "state": TCP from the tracker; other protocols are "established" once both
 * sides have spoken (FlowUpdateState on the first reply). */
/* Suricata: whole seconds of the last packet minus whole seconds of the first. Worked out in
 * unsigned arithmetic: timestamps from a hostile capture can be far apart enough to overflow. */
int64_t sw_eve_flow_age(const sw_flow_obs *flow)
{
    if (flow->last.sec <= flow->start.sec)
        return 0;
    uint64_t age = (uint64_t)flow->last.sec - (uint64_t)flow->start.sec;
    return age > INT64_MAX ? INT64_MAX : (int64_t)age;
}

const char *sw_eve_flow_state_text(const sw_flow_obs *flow)
{
    switch (flow->tcp_state) {
    case SW_TCP_SYN_SENT:
    case SW_TCP_SYN_RECV:
        return "new";
    case SW_TCP_ESTABLISHED:
    case SW_TCP_CLOSING:
        return "established";
    case SW_TCP_CLOSED:
        return "closed";
    case SW_TCP_NONE:
        break;
    }
    return flow->pkts_toclient > 0 ? "established" : "new";
}

/* Suricata has three reasons: closed flows also leave through the closed-state timeout, and a
 * flow pushed out under memory pressure is "forced". Seawall keeps the exact cause itself. */
const char *sw_eve_flow_reason_text(sw_flow_end_reason reason)
{
    switch (reason) {
    case SW_FLOW_END_EVICTED:
        return "forced";
    case SW_FLOW_END_SHUTDOWN:
        return "shutdown";
    case SW_FLOW_END_NONE:
    case SW_FLOW_END_TIMEOUT:
    case SW_FLOW_END_CLOSED:
        break;
    }
    return "timeout";
}

const char *sw_eve_end_reason_text(sw_flow_end_reason reason)
{
    switch (reason) {
    case SW_FLOW_END_TIMEOUT:
        return "timeout";
    case SW_FLOW_END_CLOSED:
        return "closed";
    case SW_FLOW_END_EVICTED:
        return "evicted";
    case SW_FLOW_END_SHUTDOWN:
        return "shutdown";
    case SW_FLOW_END_NONE:
        break;
    }
    return NULL;
}

static json_t *flow_object(const sw_flow_obs *flow, int *ok)
{
    json_t *obj = flow_counters_object(flow, ok);
    put(obj, "end", json_ts(flow->last), ok);
    put(obj, "age", json_integer(sw_eve_flow_age(flow)), ok);
    put(obj, "state", json_string(sw_eve_flow_state_text(flow)), ok);
    put(obj, "reason", json_string(sw_eve_flow_reason_text(flow->end_reason)), ok);
    return obj;
}

json_t *sw_eve_flow(const sw_flow_obs *flow, sw_time ts, const sw_eve_options *opt)
{
    if (!flow)
        return NULL;
    eve_builder b = {json_object(), 1};
    if (!b.obj)
        return NULL;
    put_header(&b, ts, flow, 0, "flow", opt);
    put_flow_fields(&b, flow, opt, 0);
    put_tunnel(&b, flow);
    put(b.obj, "flow", flow_object(flow, &b.ok), &b.ok);
    put_community_id(&b, flow, opt);
    json_t *ext = extension_new(flow, &b.ok);
    const char *end_reason = sw_eve_end_reason_text(flow->end_reason);
    if (end_reason)
        put(ext, "end_reason", json_string(end_reason), &b.ok);
    if (json_object_size(ext) > 0)
        put(b.obj, SW_EVE_EXTENSION, ext, &b.ok);
    else
        json_decref(ext);
    return finish(&b);
}

json_t *sw_eve_anomaly(sw_time ts, uint64_t pcap_cnt, const char *type, const char *event,
                       const sw_flow_obs *flow, const sw_eve_options *opt)
{
    if (!type || !event)
        return NULL;
    eve_builder b = {json_object(), 1};
    if (!b.obj)
        return NULL;
    put_header(&b, ts, flow, pcap_cnt, "anomaly", opt);
    if (flow) {
        put_flow_fields(&b, flow, opt, 1);
        put_tunnel(&b, flow);
        put_community_id(&b, flow, opt);
    } else {
        put(b.obj, "pkt_src", json_text(sw_eve_pkt_src(opt)), &b.ok);
    }
    json_t *anomaly = json_object();
    put(anomaly, "type", json_text(type), &b.ok);
    put(anomaly, "event", json_text(event), &b.ok);
    put(b.obj, "anomaly", anomaly, &b.ok);
    if (flow && flow->tunnel && flow->tunnel->kind != SW_TUNNEL_NONE)
        put(b.obj, SW_EVE_EXTENSION, extension_new(flow, &b.ok), &b.ok);
    return finish(&b);
}
