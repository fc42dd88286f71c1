/* EVE flow and anomaly records as text, field for field in the order eve.c puts them into its
 * trees (see eve-write.h). Keys and the values Seawall itself chooses (timestamps, addresses,
 * names) are known to need no escaping and are copied as they are; only text that may come from
 * outside (host, pkt_src, anomaly type and event) goes through the escaping writer. */
#include "eve-write.h"
#include "eve-text.h"

void sw_eve_text_string(eve_text *w, const char *s)
{
    if (w->failed)
        return;
    if (!s)
        s = "";
    if (sw_json_append_string(w->b, s, strlen(s)) == 0)
        return;
    char clean[SW_EVE_MAX_TEXT + 1];
    size_t n = sw_eve_clean_text(s, clean);
    if (sw_json_append_string(w->b, clean, n) != 0)
        w->failed = 1;
}

void sw_eve_text_header(eve_text *w, sw_time ts, const sw_flow_obs *flow, uint64_t pcap_cnt,
                        const char *event_type_json, const sw_eve_options *opt)
{
    LIT(w, "{\"timestamp\":");
    timestamp(w, ts);
    if (flow) {
        LIT(w, ",\"flow_id\":");
        u64(w, flow->flow_id & INT64_MAX);
    }
    if (pcap_cnt) {
        LIT(w, ",\"pcap_cnt\":");
        u64(w, pcap_cnt);
    }
    LIT(w, ",\"event_type\":");
    raw_str(w, event_type_json);
    if (opt && opt->host) {
        LIT(w, ",\"host\":");
        sw_eve_text_string(w, opt->host);
    }
}

void sw_eve_text_endpoints(eve_text *w, const sw_flow_obs *flow)
{
    int ports = sw_eve_has_ports(flow->proto);
    LIT(w, "\"src_ip\":");
    ip(w, &flow->src);
    if (ports) {
        LIT(w, ",\"src_port\":");
        integer(w, flow->sp);
    }
    LIT(w, ",\"dest_ip\":");
    ip(w, &flow->dst);
    if (ports) {
        LIT(w, ",\"dest_port\":");
        integer(w, flow->dp);
    }
}

/* vlan, addresses, proto, icmp type/code and pkt_src (put_flow_fields). */
void sw_eve_text_flow_fields(eve_text *w, const sw_flow_obs *flow, const sw_eve_options *opt,
                             int with_pkt_src)
{
    if (flow->vlan[0]) {
        LIT(w, ",\"vlan\":[");
        for (unsigned i = 0; i < 3 && flow->vlan[i]; i++) {
            if (i)
                LIT(w, ",");
            integer(w, flow->vlan[i]);
        }
        LIT(w, "]");
    }
    LIT(w, ",");
    sw_eve_text_endpoints(w, flow);
    LIT(w, ",\"proto\":");
    proto(w, flow->proto);
    if (sw_eve_is_icmp(flow->proto)) {
        LIT(w, ",\"icmp_type\":");
        integer(w, flow->icmp_type);
        LIT(w, ",\"icmp_code\":");
        integer(w, flow->icmp_code);
    }
    if (with_pkt_src) {
        LIT(w, ",\"pkt_src\":");
        sw_eve_text_string(w, sw_eve_pkt_src(opt));
    }
}

int sw_eve_text_tunneled(const sw_flow_obs *flow)
{
    return flow && flow->tunnel && flow->tunnel->kind != SW_TUNNEL_NONE;
}

void sw_eve_text_tunnel(eve_text *w, const sw_flow_obs *flow)
{
    if (!sw_eve_text_tunneled(flow))
        return;
    const sw_tunnel_info *tun = flow->tunnel;
    LIT(w, ",\"tunnel\":{\"src_ip\":");
    ip(w, &tun->outer_src);
    LIT(w, ",\"dest_ip\":");
    ip(w, &tun->outer_dst);
    LIT(w, ",\"proto\":");
    proto(w, tun->outer_proto);
    LIT(w, ",\"depth\":");
    integer(w, tun->depth);
    LIT(w, "}");
}

void sw_eve_text_community_id(eve_text *w, const sw_flow_obs *flow, const sw_eve_options *opt)
{
    char cid[40];
    if (!opt || !opt->community_id)
        return;
    if (sw_community_id(flow, opt->community_id_seed, cid, sizeof(cid)) == SW_OK) {
        LIT(w, ",\"community_id\":");
        quoted(w, cid, strlen(cid));
    }
}

void sw_eve_text_tunnel_kind(eve_text *w, const sw_flow_obs *flow)
{
    const char *kind = sw_eve_tunnel_kind_text(flow->tunnel->kind);
    LIT(w, "\"tunnel_kind\":");
    quoted(w, kind, strlen(kind));
}

int sw_eve_text_finish(eve_text *w, size_t start)
{
    LIT(w, "}");
    if (!w->failed)
        return 0;
    w->b->len = start;
    return -1;
}

/* Counters and start time, the head of both Suricata flow objects (flow_counters_object). */
void sw_eve_text_flow_counters(eve_text *w, const sw_flow_obs *flow)
{
    LIT(w, "\"pkts_toserver\":");
    u64(w, flow->pkts_toserver);
    LIT(w, ",\"pkts_toclient\":");
    u64(w, flow->pkts_toclient);
    LIT(w, ",\"bytes_toserver\":");
    u64(w, flow->bytes_toserver);
    LIT(w, ",\"bytes_toclient\":");
    u64(w, flow->bytes_toclient);
    LIT(w, ",\"start\":");
    timestamp(w, flow->start);
}

static void flow_object(eve_text *w, const sw_flow_obs *flow)
{
    LIT(w, ",\"flow\":{");
    sw_eve_text_flow_counters(w, flow);
    LIT(w, ",\"end\":");
    timestamp(w, flow->last);
    LIT(w, ",\"age\":");
    integer(w, sw_eve_flow_age(flow));
    LIT(w, ",\"state\":\"");
    raw_str(w, sw_eve_flow_state_text(flow));
    LIT(w, "\",\"reason\":\"");
    raw_str(w, sw_eve_flow_reason_text(flow->end_reason));
    LIT(w, "\"}");
}

int sw_eve_flow_write(sw_jbuf *b, const sw_flow_obs *flow, sw_time ts, const sw_eve_options *opt)
{
    if (!flow)
        return -1;
    eve_text w = {b, 0, {0}};
    size_t start = b->len;
    sw_eve_text_header(&w, ts, flow, 0, "\"flow\"", opt);
    sw_eve_text_flow_fields(&w, flow, opt, 0);
    sw_eve_text_tunnel(&w, flow);
    flow_object(&w, flow);
    sw_eve_text_community_id(&w, flow, opt);
    const char *end_reason = sw_eve_end_reason_text(flow->end_reason);
    if (sw_eve_text_tunneled(flow) || end_reason) {
        LIT(&w, ",\"" SW_EVE_EXTENSION "\":{");
        if (sw_eve_text_tunneled(flow))
            sw_eve_text_tunnel_kind(&w, flow);
        if (sw_eve_text_tunneled(flow) && end_reason)
            LIT(&w, ",");
        if (end_reason) {
            LIT(&w, "\"end_reason\":\"");
            raw_str(&w, end_reason);
            LIT(&w, "\"");
        }
        LIT(&w, "}");
    }
    return sw_eve_text_finish(&w, start);
}

int sw_eve_anomaly_write(sw_jbuf *b, sw_time ts, uint64_t pcap_cnt, const char *type,
                         const char *event, const sw_flow_obs *flow, const sw_eve_options *opt)
{
    if (!type || !event)
        return -1;
    eve_text w = {b, 0, {0}};
    size_t start = b->len;
    sw_eve_text_header(&w, ts, flow, pcap_cnt, "\"anomaly\"", opt);
    if (flow) {
        sw_eve_text_flow_fields(&w, flow, opt, 1);
        sw_eve_text_tunnel(&w, flow);
        sw_eve_text_community_id(&w, flow, opt);
    } else {
        LIT(&w, ",\"pkt_src\":");
        sw_eve_text_string(&w, sw_eve_pkt_src(opt));
    }
    LIT(&w, ",\"anomaly\":{\"type\":");
    sw_eve_text_string(&w, type);
    LIT(&w, ",\"event\":");
    sw_eve_text_string(&w, event);
    LIT(&w, "}");
    if (sw_eve_text_tunneled(flow)) {
        LIT(&w, ",\"" SW_EVE_EXTENSION "\":{");
        sw_eve_text_tunnel_kind(&w, flow);
        LIT(&w, "}");
    }
    return sw_eve_text_finish(&w, start);
}
