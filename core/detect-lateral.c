/* Movement between and out of devices: a session from an uninventoried loopback or a first-seen
 * device pair (ST-LAT-001), device-originated
 * SSH to outside (ST-LAT-002), Go SSH clients (ST-LAT-003) and multi-hop relay chains
 * (ST-LAT-004). docs/detections-impl.md has the reasoning and the thresholds. */
#include "detect-state.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IPPROTO_NUM_TCP 6
#define PORT_SSH        22
#define PORT_TELNET     23
#define KIND_PAIR       2
#define KIND_HOST       3
#define BANNER_TEXT_LEN 160

/* An interactive session began: a completed handshake to SSH/Telnet, or an SSH client banner
 * or a Telnet server greeting on any other port (one session is not counted twice: port 22/23
 * flows use the handshake). */
static int is_interactive_session(const sw_observation *obs)
{
    if (obs->type == SW_OBS_FLOW_ESTABLISHED)
        return obs->u.flow.proto == IPPROTO_NUM_TCP &&
               (obs->u.flow.dp == PORT_SSH || obs->u.flow.dp == PORT_TELNET);
    const sw_flow_obs *f = NULL;
    if (obs->type == SW_OBS_SSH_BANNER && obs->u.ssh_banner.to_server)
        f = obs->u.ssh_banner.flow;
    else if (obs->type == SW_OBS_TELNET)
        f = obs->u.telnet.flow;
    return f && f->dp != PORT_SSH && f->dp != PORT_TELNET;
}

static const char *session_service(const sw_observation *obs, const sw_flow_obs *f)
{
    if (obs->type == SW_OBS_TELNET ||
        (obs->type == SW_OBS_FLOW_ESTABLISHED && f->dp == PORT_TELNET))
        return "telnet";
    return "ssh";
}

/* ST-LAT-001 evidence: the session, why it is news and the banner when the observation has one. */
static void alert_device_pair(sw_detect_ctx *ctx, const sw_observation *obs, const sw_flow_obs *f,
                              const char *reason)
{
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN], c[SW_DETECT_TEXT_LEN];
    char t[SW_DETECT_BANNER_LEN], ssh[BANNER_TEXT_LEN];
    const char *banner = NULL;
    if (obs->type == SW_OBS_TELNET) {
        banner = sw_detect_banner_text(obs->u.telnet.banner, t);
    } else if (obs->type == SW_OBS_SSH_BANNER) {
        snprintf(ssh, sizeof(ssh), "SSH-%s-%s", obs->u.ssh_banner.proto_version,
                 obs->u.ssh_banner.software);
        banner = sw_detect_banner_text(ssh, t);
    }
    const sw_evidence ev[] = {
        {"source", sw_detect_ip_text(&f->src, a)},
        {"destination", sw_detect_ip_text(&f->dst, b)},
        {"port", sw_detect_u16_text(f->dp, c)},
        {"service", session_service(obs, f)},
        {"baseline", reason},
        {"banner", banner ? banner : ""},
    };
    sw_detect_alert(ctx, SW_DET_LAT_001, obs, 0, ev, banner ? 6 : 5);
}

/* ST-LAT-001, between two infrastructure devices: a source inside the loopback ranges that is
 * no inventoried loopback (the inventory is the operator's, so no learning is needed), else a
 * source->destination pair not seen while learning. One alert per session, the loopback reason
 * first: it names what is wrong, a new pair only that something changed. */
static void check_device_pair(sw_detect_ctx *ctx, const sw_observation *obs, const sw_flow_obs *f)
{
    sw_lateral_state *st = sw_detect_state(ctx, &sw_detector_lateral);
    if (!sw_detect_in(ctx, SW_NET_INFRA, &f->src) || !sw_detect_in(ctx, SW_NET_INFRA, &f->dst))
        return;
    sw_state_key k = sw_state_key_make(&f->src, &f->dst, 0, KIND_PAIR);
    int created = 0;
    sw_state_entry *e = sw_detect_upsert(ctx, st->lat001_pairs, &k, obs->ts.sec, &created);
    e->last = obs->ts.sec;
    e->count++;
    if (sw_detect_in(ctx, SW_NET_LOOPBACK_RANGES, &f->src) &&
        !sw_detect_in(ctx, SW_NET_LOOPBACKS, &f->src)) {
        alert_device_pair(ctx, obs, f, "source is a loopback not in the inventory");
        return;
    }
    if (!created || sw_detect_learning(ctx, st->lat001_learning, obs->ts.sec))
        return;
    alert_device_pair(ctx, obs, f, "device pair not seen during learning");
}

/* ST-LAT-004: each session X->Y inherits the chain that reached X within the window; a chain of
 * min-hops sessions ending between two devices, begun outside the NOC, is a relay. */
static void check_chain(sw_detect_ctx *ctx, const sw_observation *obs, const sw_flow_obs *f)
{
    sw_lateral_state *st = sw_detect_state(ctx, &sw_detector_lateral);
    if (!sw_detect_in(ctx, SW_NET_INFRA, &f->dst))
        return;
    int64_t now = obs->ts.sec;
    sw_state_key from = sw_state_key_make(&f->src, NULL, 0, KIND_HOST);
    const sw_state_entry *prev = sw_state_table_find(st->lat004_hosts, &from);
    sw_ip origin = f->src;
    uint32_t hops = 1;
    if (prev && now - prev->last <= st->lat004_window) {
        origin = prev->aux_ip;
        hops = prev->aux + 1;
    }
    sw_state_key to = sw_state_key_make(&f->dst, NULL, 0, KIND_HOST);
    sw_state_entry *e = sw_detect_upsert(ctx, st->lat004_hosts, &to, now, NULL);
    e->aux_ip = origin;
    e->aux = hops;
    e->last = now;
    if (hops < st->lat004_min_hops || !sw_detect_in(ctx, SW_NET_INFRA, &f->src) ||
        sw_detect_in(ctx, SW_NET_NOC, &origin))
        return;
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN], c[SW_DETECT_TEXT_LEN], d[SW_DETECT_TEXT_LEN];
    const sw_evidence ev[] = {
        {"origin", sw_detect_ip_text(&origin, a)},
        {"relay", sw_detect_ip_text(&f->src, b)},
        {"target", sw_detect_ip_text(&f->dst, c)},
        {"hops", sw_detect_u16_text(hops, d)},
    };
    sw_detect_alert(ctx, SW_DET_LAT_004, obs, 0, ev, 4);
}

static int is_go_client(const char *software)
{
    /* Go's x/crypto/ssh announces "SSH-2.0-Go" (ET 2038967): "Go" then the end or a non-letter,
     * so "Gogs" or "GoAnywhere" are not taken for it. */
    return strncmp(software, "Go", 2) == 0 && !isalpha((unsigned char)software[2]);
}

/* ST-LAT-002 and ST-LAT-003, both on the client's SSH banner. */
static void check_ssh_client(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_obs_ssh_banner *b = &obs->u.ssh_banner;
    const sw_flow_obs *f = b->flow;
    const sw_lateral_ssh_params *p = sw_detect_state(ctx, &sw_detector_lateral_ssh);
    int src_infra = sw_detect_in(ctx, SW_NET_INFRA, &f->src);
    int dst_infra = sw_detect_in(ctx, SW_NET_INFRA, &f->dst);
    char a[SW_DETECT_TEXT_LEN], c[SW_DETECT_TEXT_LEN], d[SW_DETECT_TEXT_LEN], t[BANNER_TEXT_LEN];
    snprintf(t, sizeof(t), "SSH-%s-%s", b->proto_version, b->software);
    const sw_evidence ev[] = {
        {"client", sw_detect_ip_text(&f->src, a)},
        {"server", sw_detect_ip_text(&f->dst, c)},
        {"port", sw_detect_u16_text(f->dp, d)},
        {"banner", t},
    };
    if (src_infra && !dst_infra && !sw_detect_in(ctx, SW_NET_NOC, &f->dst) &&
        !sw_detect_in(ctx, SW_NET_FILE_SERVERS, &f->dst) &&
        !sw_netset_contains(p->lat002_allowed, &f->dst))
        sw_detect_alert(ctx, SW_DET_LAT_002, obs, 0, ev, 4);
    if (is_go_client(b->software) && (src_infra || sw_detect_in(ctx, SW_NET_NOC, &f->src)) &&
        (dst_infra || !sw_detect_in(ctx, SW_NET_OWN, &f->dst)) &&
        !sw_netset_contains(p->lat003_allowed, &f->src))
        sw_detect_alert(ctx, SW_DET_LAT_003, obs, 0, ev, 4);
}

/* ST-LAT-002 and ST-LAT-003 judge one client banner alone: a per-flow detector. */
static void observe_lateral_ssh(sw_detect_ctx *ctx, const sw_observation *obs)
{
    if (obs->u.ssh_banner.to_server)
        check_ssh_client(ctx, obs);
}

/* ST-LAT-001 (device pairs) and ST-LAT-004 (chains of sessions) span flows. */
static void observe_lateral(sw_detect_ctx *ctx, const sw_observation *obs)
{
    if (!is_interactive_session(obs))
        return;
    const sw_flow_obs *f = sw_obs_flow(obs);
    check_device_pair(ctx, obs, f);
    check_chain(ctx, obs, f);
}

/* A session to a device: both the pair and the chain need the destination in INFRA. */
static int wants_lateral(const sw_detect_ctx *ctx, const sw_observation *obs)
{
    return is_interactive_session(obs) && sw_detect_in(ctx, SW_NET_INFRA, &sw_obs_flow(obs)->dst);
}

const sw_detector sw_detector_lateral_ssh = {
    .name = "lateral-ssh",
    .state_new = sw_lateral_ssh_params_new,
    .state_free = free,
    .ids = {SW_DET_LAT_002, SW_DET_LAT_003},
    .n_ids = 2,
    .observe = observe_lateral_ssh,
    .obs_mask = SW_OBS_BIT(SW_OBS_SSH_BANNER),
};

const sw_detector sw_detector_lateral = {
    .name = "lateral",
    .state_new = sw_lateral_state_new,
    .state_free = sw_lateral_state_free,
    .ids = {SW_DET_LAT_001, SW_DET_LAT_004},
    .n_ids = 2,
    .observe = observe_lateral,
    .obs_mask = SW_OBS_BIT(SW_OBS_FLOW_ESTABLISHED) | SW_OBS_BIT(SW_OBS_SSH_BANNER) |
                SW_OBS_BIT(SW_OBS_TELNET),
    .cross_flow = 1,
    .wants = wants_lateral,
};
