/* The app layer's plumbing: per-flow state from a free list, TCP segments through reassembly,
 * in-order chunks to detection and to the protocol's message loop (buffering an incomplete message
 * up to APP_BUF_MAX, within the stream memcap) or, for HTTP, to its incremental parser
 * (app-layer-http.c), datagrams to their parser. */
#include "app-layer-int.h"

#include "app-detect.h"
#include "app-telnet.h"
#include "util-cursor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TCP_ACK 0x10

sw_app_layer *sw_app_layer_new(const sw_stream_config *cfg, sw_app_obs_cb obs,
                               sw_app_anomaly_cb anomaly, void *user)
{
    sw_app_layer *al = calloc(1, sizeof(*al));
    if (!al)
        return NULL;
    sw_stream_ctx_init(&al->stream, cfg);
    al->obs_cb = obs;
    al->anomaly_cb = anomaly;
    al->user = user;
    return al;
}

void sw_app_layer_free(sw_app_layer *al)
{
    if (!al)
        return;
    while (al->free_flows) {
        app_flow *af = al->free_flows;
        al->free_flows = af->next_free;
        free(af);
    }
    free(al);
}

/* Flow state comes from the free list (allocated once per concurrent flow, then reused). */
static app_flow *flow_state_new(sw_app_layer *al)
{
    if (!sw_stream_mem_reserve(&al->stream, sizeof(app_flow))) {
        al->flows_refused++;
        return NULL;
    }
    app_flow *af = al->free_flows;
    if (af)
        al->free_flows = af->next_free;
    else if (!(af = malloc(sizeof(*af)))) {
        sw_stream_mem_release(&al->stream, sizeof(app_flow));
        al->flows_refused++;
        return NULL;
    }
    memset(af, 0, sizeof(*af));
    return af;
}

static void dir_drop_buffer(sw_app_layer *al, app_dir *d)
{
    sw_stream_mem_release(&al->stream, d->cap);
    free(d->buf);
    d->buf = NULL;
    d->len = d->cap = 0;
}

/* Keeps bytes of an incomplete message: 0 (and the direction stops) past APP_BUF_MAX or the
 * memcap. c's remaining bytes are appended. */
static int dir_keep(sw_app_layer *al, app_dir *d, sw_cursor *c)
{
    size_t n = sw_cur_left(c);
    if (d->len + n > APP_BUF_MAX) {
        d->done = 1;
        dir_drop_buffer(al, d);
        return 0;
    }
    if (d->len + n > d->cap) {
        size_t cap = d->cap ? d->cap : 2048;
        while (cap < d->len + n)
            cap *= 2;
        cap = cap > APP_BUF_MAX ? APP_BUF_MAX : cap;
        uint8_t *nb = NULL;
        if (sw_stream_mem_reserve(&al->stream, cap - d->cap) && !(nb = realloc(d->buf, cap)))
            sw_stream_mem_release(&al->stream, cap - d->cap);
        if (!nb) {
            d->done = 1;
            dir_drop_buffer(al, d);
            return 0;
        }
        d->buf = nb;
        d->cap = cap;
    }
    sw_cur_bytes(c, d->buf + d->len, n);
    d->len += n;
    return 1;
}

/* Parses whole messages from c; returns with c at the first byte not consumed. */
static void message_loop(sw_app_layer *al, app_flow *af, int to_server, sw_cursor *c)
{
    app_dir *d = &af->dir[to_server ? 1 : 0];
    while (!d->done && sw_cur_left(c) > 0) {
        sw_app_result r = app_stream_message(al, af, to_server, sw_cur_ptr(c), sw_cur_left(c));
        if (r.status == SW_APP_INCOMPLETE)
            return; /* trunc here only means "wait for the next segment": not counted */
        app_count(al, &r);
        if (r.status != SW_APP_OK || r.consumed == 0) {
            d->done = 1;
            return;
        }
        sw_cur_skip(c, r.consumed);
    }
}

static void parse_chunk(sw_app_layer *al, app_flow *af, int to_server, const uint8_t *data,
                        size_t len)
{
    app_dir *d = &af->dir[to_server ? 1 : 0];
    sw_cursor in = sw_cur_init(data, len);
    if (d->len == 0) {
        message_loop(al, af, to_server, &in);
        if (!d->done && sw_cur_left(&in))
            dir_keep(al, d, &in);
        return;
    }
    if (!dir_keep(al, d, &in))
        return;
    sw_cursor held = sw_cur_init(d->buf, d->len);
    message_loop(al, af, to_server, &held);
    size_t left = sw_cur_left(&held);
    if (d->done || left == 0) {
        d->len = 0;
        return;
    }
    memmove(d->buf, d->buf + held.off, left);
    d->len = left;
}

/* Content first (services run on unusual ports), then the well-known port. */
static void detect(sw_app_layer *al, app_flow *af, const uint8_t *data, size_t len)
{
    sw_app_proto p = sw_app_detect(data, len, 0);
    const sw_flow_obs *f = &al->flow;
    app_expect *e;
    if (p == SW_APP_UNKNOWN && (e = app_expect_match(al, f)) != NULL && e->has_file) {
        p = SW_APP_FTP_DATA;
        af->file = e->file;
        af->has_file = 1;
        e->used = 0;
    }
    /* A login prompt without negotiation is Telnet only from the server: text a client sends
     * proves nothing. */
    if (p == SW_APP_UNKNOWN && !al->cur_to_server && sw_telnet_looks_login(data, len))
        p = SW_APP_TELNET;
    if (p == SW_APP_UNKNOWN) {
        if (f->dp == 4786)
            p = SW_APP_SMI;
        else if (f->dp == 49)
            p = SW_APP_TACACS;
        else if (f->dp == 53)
            p = SW_APP_DNS;
        else if (f->dp == 21)
            p = SW_APP_FTP;
        else if (f->dp == 514 || f->dp == 601)
            p = SW_APP_SYSLOG;
        else if (f->dp == 23)
            p = SW_APP_TELNET;
    }
    if (p != SW_APP_UNKNOWN || ++af->detect_tries >= APP_DETECT_CHUNKS)
        af->detect_done = 1;
    af->proto = p;
    al->flow.app_proto = p;
}

static void on_chunk(const uint8_t *data, size_t len, uint64_t offset, int gap, void *user)
{
    sw_app_layer *al = user;
    app_flow *af = al->cur;
    int to_server = al->cur_to_server;
    app_dir *d = &af->dir[to_server ? 1 : 0];
    app_emit_payload(al, to_server, offset, data, len);
    if (!af->detect_done)
        detect(al, af, data, len);
    if (af->proto == SW_APP_FTP_DATA) {
        app_emit_file(al, SW_OBS_FILE_DATA, &af->file, offset, data, len);
        return;
    }
    if (af->proto == SW_APP_HTTP) {
        app_http_chunk(al, af, to_server, data, len, gap);
        return;
    }
    if (gap && !d->done) { /* message boundaries are lost after a hole */
        d->done = 1;
        dir_drop_buffer(al, d);
    }
    if (af->detect_done && !d->done)
        parse_chunk(al, af, to_server, data, len);
}

static void set_current(sw_app_layer *al, const sw_flow_obs *flow, const sw_tunnel_info *tunnel,
                        sw_time ts, uint64_t pcap_cnt, int pkt_to_server)
{
    al->flow = *flow;
    al->flow.tunnel = tunnel;
    al->ts = ts;
    al->pcap_cnt = pcap_cnt;
    al->pkt_to_server = pkt_to_server;
}

static void tcp_segment(sw_app_layer *al, const sw_ip_layer *lay, const sw_flow_ref *ref)
{
    app_flow *af = *ref->slot;
    if (!af) {
        if (!(af = flow_state_new(al)))
            return;
        *ref->slot = af;
    }
    al->cur = af;
    al->flow.app_proto = af->proto;
    int ts = ref->to_server ? 1 : 0;
    al->cur_to_server = ts;
    sw_stream_segment(&al->stream, &af->dir[ts].stream, lay->tcp_seq, lay->tcp_flags, lay->payload,
                      lay->payload_len, on_chunk, al);
    if (lay->tcp_flags & TCP_ACK) {
        al->cur_to_server = !ts;
        sw_stream_acked(&al->stream, &af->dir[!ts].stream, lay->tcp_ack, on_chunk, al);
    }
    ref->flow->app_proto = af->proto;
}

void sw_app_layer_packet(sw_app_layer *al, const sw_packet *p, unsigned index,
                         const sw_flow_ref *ref)
{
    if (!al || !ref || !ref->flow || index >= p->n_ip)
        return;
    const sw_ip_layer *lay = &p->ip[index];
    if (lay->is_fragment)
        return;
    set_current(al, ref->flow, ref->tunnel, p->ts, p->pcap_cnt, ref->to_server != 0);
    if (lay->proto == 6) {
        tcp_segment(al, lay, ref);
        return;
    }
    if (lay->proto != 17 || lay->payload_len == 0 || !lay->payload)
        return;
    app_emit_payload(al, ref->to_server, 0, lay->payload, lay->payload_len);
    sw_app_proto proto = app_datagram(al, ref->to_server, lay->payload, lay->payload_len);
    if (proto != SW_APP_UNKNOWN && ref->flow->app_proto == SW_APP_UNKNOWN)
        ref->flow->app_proto = proto;
}

void sw_app_layer_flow_end(void *slot, const sw_flow_obs *flow, void *user)
{
    sw_app_layer *al = user;
    app_flow *af = slot;
    if (flow) {
        set_current(al, flow, flow->tunnel, flow->last, 0, 1);
        al->flow.app_proto = af->proto;
        al->cur = af;
    }
    for (int i = 0; i < 2; i++) {
        al->cur_to_server = i;
        sw_stream_dir_finish(&al->stream, &af->dir[i].stream, flow ? on_chunk : NULL, al);
        if (flow && i == 0 && af->proto == SW_APP_TELNET)
            app_telnet_end(al, af);
        dir_drop_buffer(al, &af->dir[i]);
    }
    app_http_end(al, af, flow != NULL);
    if (af->owns_expect)
        app_expect_forget_owner(al, af);
    sw_stream_mem_release(&al->stream, sizeof(app_flow));
    af->next_free = al->free_flows;
    al->free_flows = af;
    al->cur = NULL;
}

const sw_stream_stats *sw_app_layer_stream_stats(const sw_app_layer *al)
{
    return &al->stream.st;
}

const sw_app_stats *sw_app_layer_anomaly_stats(const sw_app_layer *al)
{
    return &al->anomalies;
}

void sw_app_layer_stats_to_json(const sw_app_layer *al, json_t *seawall)
{
    sw_stream_stats_to_json(&al->stream.st, seawall);
    json_object_set_new(seawall, "stream.flows_refused",
                        json_integer((json_int_t)al->flows_refused));
    char name[64];
    for (unsigned p = 1; p < SW_APP_COUNT; p++) {
        snprintf(name, sizeof(name), "app.%s.tx", sw_app_proto_name((sw_app_proto)p));
        json_object_set_new(seawall, name, json_integer((json_int_t)al->tx[p]));
    }
    for (unsigned e = 0; e < SW_APP_EV_COUNT; e++)
        json_object_set_new(seawall, sw_app_event_name((sw_app_event)e),
                            json_integer((json_int_t)al->anomalies.events[e]));
}
