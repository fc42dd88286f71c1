/* Tunnel volume asymmetry (ST-TUN-004): a GRE (incl. ERSPAN) or IPsec flow where the
 * infrastructure end sends more than `ratio` times what it receives and at least `mb-per-hour`
 * MiB in some hour of the flow: traffic mirrored or exfiltrated through a tunnel.
 *
 * Judged on each observation that carries the flow's counters: FLOW_END always, and
 * FLOW_ANSWERED / PAYLOAD / FLOW_PROGRESS on the way; FLOW_PROGRESS (each doubling of the flow's
 * bytes from 1 MiB) is what judges a GRE or ESP tunnel that never goes idle while it runs. The
 * engine raises the id once a flow.
 * "In some hour" is the pigeonhole bound: a flow of d seconds sent bytes_out, so some hour of it
 * carried at least bytes_out / ceil(d / 3600) bytes. */
#include "detect.h"

#include <stdio.h>

#define IPPROTO_NUM_UDP 17
#define IPPROTO_NUM_GRE 47   /* RFC 2784 */
#define IPPROTO_NUM_ESP 50   /* RFC 4303 */
#define PORT_IKE        500  /* RFC 7296 section 2 */
#define PORT_IKE_NATT   4500 /* RFC 3948 section 2 */
#define MIB             (1024ull * 1024ull)

static const char *tunnel_transport(const sw_flow_obs *f)
{
    if (f->proto == IPPROTO_NUM_GRE)
        return "gre";
    if (f->proto == IPPROTO_NUM_ESP)
        return "esp";
    if (f->proto == IPPROTO_NUM_UDP && (f->sp == PORT_IKE_NATT || f->dp == PORT_IKE_NATT ||
                                        f->sp == PORT_IKE || f->dp == PORT_IKE))
        return "udp-ipsec";
    return NULL;
}

/* Bytes in the busiest hour, at least (see the top of the file). */
static uint64_t hourly_bytes(const sw_flow_obs *f, uint64_t bytes_out)
{
    int64_t us = sw_time_diff_us(f->start, f->last);
    uint64_t hours = us <= 0 ? 1 : (uint64_t)((us + 3600ll * 1000000 - 1) / (3600ll * 1000000));
    return bytes_out / hours;
}

static void observe_tunnel_volume(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_flow_obs *f = sw_obs_flow(obs);
    const char *transport = tunnel_transport(f);
    if (!transport)
        return;
    const sw_ip *infra, *peer;
    uint64_t out, in;
    if (sw_detect_in(ctx, SW_NET_INFRA, &f->src)) {
        infra = &f->src, peer = &f->dst, out = f->bytes_toserver, in = f->bytes_toclient;
    } else if (sw_detect_in(ctx, SW_NET_INFRA, &f->dst)) {
        infra = &f->dst, peer = &f->src, out = f->bytes_toclient, in = f->bytes_toserver;
    } else {
        return;
    }
    uint64_t ratio = sw_detect_param(ctx, "ST-TUN-004", "ratio");
    uint64_t per_hour = sw_detect_param(ctx, "ST-TUN-004", "mb-per-hour") * MIB;
    uint64_t hour = hourly_bytes(f, out);
    /* out / in > ratio, without dividing (in may be 0) or overflowing (in * ratio <= 2^64). */
    int asymmetric = in == 0 ? out > 0 : out / ratio > in || (out / ratio == in && out % ratio);
    if (!asymmetric || hour < per_hour)
        return;
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN], c[SW_DETECT_TEXT_LEN], d[SW_DETECT_TEXT_LEN],
        e[SW_DETECT_TEXT_LEN];
    snprintf(c, sizeof(c), "%llu", (unsigned long long)out);
    snprintf(d, sizeof(d), "%llu", (unsigned long long)in);
    snprintf(e, sizeof(e), "%llu", (unsigned long long)(hour / MIB));
    const sw_evidence ev[] = {
        {"infra", sw_detect_ip_text(infra, a)},
        {"peer", sw_detect_ip_text(peer, b)},
        {"transport", transport},
        {"bytes_out", c},
        {"bytes_in", d},
        {"mib_per_hour", e},
        {"peer_approved", sw_detect_in(ctx, SW_NET_TUNNEL_PEERS, peer) ? "yes" : "no"},
    };
    sw_detect_alert(ctx, SW_DET_TUN_004, obs, 0, ev, 7);
}

const sw_detector sw_detector_tunnel_volume = {
    .name = "tunnel-volume",
    .ids = {SW_DET_TUN_004},
    .n_ids = 1,
    .observe = observe_tunnel_volume,
    .obs_mask = SW_OBS_BIT(SW_OBS_FLOW_ANSWERED) | SW_OBS_BIT(SW_OBS_FLOW_END) |
                SW_OBS_BIT(SW_OBS_PAYLOAD) | SW_OBS_BIT(SW_OBS_FLOW_PROGRESS),
};
