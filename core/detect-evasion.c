/* ST-EVA-001: a device that used to send syslog or SNMP traps falls silent while it is still
 * seen in traffic (logging disabled or cleared, AA25-239A). Each device's mean interval between
 * messages is learned; silence longer than silence-factor times that mean (and at least
 * min-silence) is reported once, after the learning period, and re-armed when it talks again. */
#include "detect-state.h"

#include <stdio.h>
#include <string.h>

#define IPPROTO_NUM_TCP     6
#define IPPROTO_NUM_UDP     17
#define PORT_SYSLOG         514
#define PORT_SYSLOG_TLS     6514 /* RFC 5425 */
#define PORT_SNMP_TRAP      162
#define KIND_DEVICE         4
#define FLAG_SILENCE        1
#define CHECK_EVERY_SECONDS 10
#define SNMP_TRAP_V1        0xA4 /* RFC 1157 section 4.1.6 */
#define SNMP_TRAP_V2        0xA7 /* RFC 3416 section 3 */

static int is_log_port(const sw_flow_obs *f)
{
    if (f->proto == IPPROTO_NUM_UDP)
        return f->dp == PORT_SYSLOG || f->dp == PORT_SNMP_TRAP;
    return f->proto == IPPROTO_NUM_TCP && (f->dp == PORT_SYSLOG || f->dp == PORT_SYSLOG_TLS);
}

/* One syslog message or trap from a device to a collector: update that channel's cadence. */
static void record_message(sw_detect_ctx *ctx, const sw_observation *obs, sw_netset_id receivers,
                           uint16_t channel)
{
    sw_evasion_state *st = sw_detect_state(ctx, &sw_detector_evasion);
    const sw_flow_obs *f = sw_obs_flow(obs);
    if (!sw_detect_in(ctx, SW_NET_INFRA, &f->src) || !sw_detect_in(ctx, receivers, &f->dst))
        return;
    int64_t now = obs->ts.sec;
    sw_state_key k = sw_state_key_make(&f->src, NULL, channel, KIND_DEVICE);
    int created = 0;
    sw_state_entry *e = sw_detect_upsert(ctx, st->eva001_devices, &k, now, &created);
    /* Running mean of the intervals (count - 1 of them so far). The gap that ends a reported
     * silence is not a normal interval: counting it would hide the next silence. */
    if (!created && e->count > 0 && !(e->flags & FLAG_SILENCE)) {
        double interval = (double)(now - e->last);
        e->mean += (interval - e->mean) / (double)e->count;
    }
    e->count++;
    e->last = now;
    e->aux_ip = f->dst;
    e->aux = f->dp;
    e->flags &= (uint8_t)~FLAG_SILENCE;
    /* A message on one channel shows the device alive for the other. */
    sw_state_key other = sw_state_key_make(
        &f->src, NULL, channel == SW_EVA001_SYSLOG ? SW_EVA001_TRAPS : SW_EVA001_SYSLOG,
        KIND_DEVICE);
    sw_state_entry *o = sw_state_table_find(st->eva001_devices, &other);
    if (o)
        o->aux_time = now;
}

/* The end of a flow that proves itself alive: the sender of a first packet, the responder of
 * an answered flow. A poll or a connection attempt to a device that is down is neither. */
static const sw_ip *live_end(const sw_observation *obs)
{
    return obs->type == SW_OBS_FLOW_START ? &obs->u.flow.src : &obs->u.flow.dst;
}

/* Any other traffic the device sends proves it is alive (still forwarding). */
static void record_activity(sw_detect_ctx *ctx, const sw_observation *obs)
{
    sw_evasion_state *st = sw_detect_state(ctx, &sw_detector_evasion);
    /* Until some device has logged there is nobody to prove alive: skip the lookups, which
     * every new flow would otherwise pay. */
    if (is_log_port(&obs->u.flow) || sw_state_table_count(st->eva001_devices) == 0)
        return;
    for (uint16_t channel = SW_EVA001_SYSLOG; channel <= SW_EVA001_TRAPS; channel++) {
        sw_state_key k = sw_state_key_make(live_end(obs), NULL, channel, KIND_DEVICE);
        sw_state_entry *e = sw_state_table_find(st->eva001_devices, &k);
        if (e)
            e->aux_time = obs->ts.sec;
    }
}

static void raise_silence(sw_detect_ctx *ctx, const sw_observation *obs, sw_state_entry *e,
                          int64_t threshold)
{
    sw_flow_obs flow;
    memset(&flow, 0, sizeof(flow));
    flow.src = e->key.a;
    flow.dst = e->aux_ip;
    flow.dp = (uint16_t)e->aux;
    flow.proto = e->aux == PORT_SYSLOG_TLS ? IPPROTO_NUM_TCP : IPPROTO_NUM_UDP;
    flow.start.sec = e->last;
    flow.last = obs->ts;
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN], c[32], d[32], t[32];
    snprintf(c, sizeof(c), "%lld", (long long)(obs->ts.sec - e->last));
    snprintf(d, sizeof(d), "%.0f", e->mean);
    snprintf(t, sizeof(t), "%lld", (long long)threshold);
    const sw_evidence ev[] = {
        {"device", sw_detect_ip_text(&e->key.a, a)},
        {"messages", e->key.port == SW_EVA001_TRAPS ? "snmp-traps" : "syslog"},
        {"collector", sw_detect_ip_text(&e->aux_ip, b)},
        {"silent_seconds", c},
        {"normal_interval_seconds", d},
        {"threshold_seconds", t},
    };
    sw_detect_alert_flow(ctx, SW_DET_EVA_001, obs->ts, obs->pcap_cnt, &flow, 0, ev,
                         sizeof(ev) / sizeof(ev[0]));
}

/* Walks the device table at most every CHECK_EVERY_SECONDS of packet time. */
static void check_silence(sw_detect_ctx *ctx, const sw_observation *obs)
{
    sw_evasion_state *st = sw_detect_state(ctx, &sw_detector_evasion);
    int64_t now = obs->ts.sec;
    if (now < st->eva001_next_check || sw_detect_learning(ctx, st->eva001_learning, now))
        return;
    st->eva001_next_check = now + CHECK_EVERY_SECONDS;
    for (size_t i = 0; i < sw_state_table_slots(st->eva001_devices); i++) {
        sw_state_entry *e = sw_state_table_slot(st->eva001_devices, i);
        if (!e->used || (e->flags & FLAG_SILENCE) || e->count < st->eva001_min_messages)
            continue;
        int64_t threshold = (int64_t)(e->mean * st->eva001_factor);
        if (threshold < st->eva001_min_silence)
            threshold = st->eva001_min_silence;
        if (now - e->last <= threshold || e->aux_time <= e->last)
            continue;
        e->flags |= FLAG_SILENCE;
        raise_silence(ctx, obs, e, threshold);
    }
}

/* Syslog over TLS (RFC 5425) cannot be read: each chunk of stream the device sends to the
 * collector on TCP/6514 counts as a message of its syslog channel. */
static int is_tls_syslog(const sw_observation *obs)
{
    const sw_obs_payload *p = &obs->u.payload;
    return obs->type == SW_OBS_PAYLOAD && p->to_server && p->data.len > 0 &&
           p->flow->proto == IPPROTO_NUM_TCP && p->flow->dp == PORT_SYSLOG_TLS;
}

static int is_trap(const sw_observation *obs)
{
    return obs->type == SW_OBS_SNMP &&
           (obs->u.snmp.pdu_type == SNMP_TRAP_V1 || obs->u.snmp.pdu_type == SNMP_TRAP_V2);
}

/* Silence is judged on the clock's tick (once a second of packet time) when the front end has
 * one, so when it is seen does not depend on which unrelated observations happen to arrive (and
 * a split run may leave those out); a front end without ticks has it judged on every
 * observation. */
static void observe_evasion(sw_detect_ctx *ctx, const sw_observation *obs)
{
    if (obs->type == SW_OBS_PAYLOAD && !is_tls_syslog(obs))
        return; /* nearly every chunk: it is taken for syslog over TLS only */
    sw_evasion_state *st = sw_detect_state(ctx, &sw_detector_evasion);
    if (obs->type == SW_OBS_SYSLOG || is_tls_syslog(obs))
        record_message(ctx, obs, SW_NET_SYSLOG, SW_EVA001_SYSLOG);
    else if (is_trap(obs))
        record_message(ctx, obs, SW_NET_NMS, SW_EVA001_TRAPS);
    else if (obs->type == SW_OBS_FLOW_START || obs->type == SW_OBS_FLOW_ANSWERED)
        record_activity(ctx, obs);
    else if (obs->type == SW_OBS_TICK)
        st->eva001_ticked = 1;
    if (obs->type == SW_OBS_TICK || !st->eva001_ticked)
        check_silence(ctx, obs);
}

/* Messages from a device, flows a device sent or answered (the table holds INFRA devices only),
 * and the clock. */
static int wants_evasion(const sw_detect_ctx *ctx, const sw_observation *obs)
{
    if (obs->type == SW_OBS_TICK)
        return 1;
    const sw_flow_obs *f = sw_obs_flow(obs);
    if (obs->type == SW_OBS_SYSLOG || is_trap(obs) || is_tls_syslog(obs))
        return sw_detect_in(ctx, SW_NET_INFRA, &f->src);
    if (obs->type != SW_OBS_FLOW_START && obs->type != SW_OBS_FLOW_ANSWERED)
        return 0;
    return !is_log_port(f) && sw_detect_in(ctx, SW_NET_INFRA, live_end(obs));
}

const sw_detector sw_detector_evasion = {
    .name = "evasion",
    .state_new = sw_evasion_state_new,
    .state_free = sw_evasion_state_free,
    .ids = {SW_DET_EVA_001},
    .n_ids = 1,
    .observe = observe_evasion,
    .obs_mask = SW_OBS_BIT(SW_OBS_SYSLOG) | SW_OBS_BIT(SW_OBS_SNMP) |
                SW_OBS_BIT(SW_OBS_FLOW_START) | SW_OBS_BIT(SW_OBS_FLOW_ANSWERED) |
                SW_OBS_BIT(SW_OBS_TICK) | SW_OBS_BIT(SW_OBS_PAYLOAD),
    .cross_flow = 1,
    .wants = wants_evasion,
};
