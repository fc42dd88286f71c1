/* Tunnel detections: GRE (ST-TUN-001), IPsec/IKE (ST-TUN-002) and ERSPAN (ST-TUN-003) between
 * infrastructure and endpoints the operator did not approve. */
#include "detect.h"

#define IPPROTO_NUM_UDP 17
#define IPPROTO_NUM_GRE 47   /* RFC 2784 */
#define IPPROTO_NUM_ESP 50   /* RFC 4303 */
#define PORT_IKE        500  /* RFC 7296 section 2 */
#define PORT_IKE_NATT   4500 /* RFC 3948 section 2: UDP-encapsulated ESP and IKE */
#define GRE_ERSPAN_II   0x88BE
#define GRE_ERSPAN_III  0x22EB

/* ERSPAN rides GRE with its own protocol type; the decoder may also report the version. */
static int carries_erspan(const sw_flow_obs *f)
{
    return f->erspan_version > 0 || f->gre_payload == GRE_ERSPAN_II ||
           f->gre_payload == GRE_ERSPAN_III;
}

/* One end in INFRA, the other outside `allowed`: sets which is which and returns 1. */
static int infra_to_outsider(const sw_detect_ctx *ctx, const sw_flow_obs *f, sw_netset_id allowed,
                             const sw_ip **infra, const sw_ip **peer)
{
    if (sw_detect_in(ctx, SW_NET_INFRA, &f->src) && !sw_detect_in(ctx, allowed, &f->dst)) {
        *infra = &f->src;
        *peer = &f->dst;
        return 1;
    }
    if (sw_detect_in(ctx, SW_NET_INFRA, &f->dst) && !sw_detect_in(ctx, allowed, &f->src)) {
        *infra = &f->dst;
        *peer = &f->src;
        return 1;
    }
    return 0;
}

static void check_gre(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_flow_obs *f = &obs->u.flow;
    const sw_ip *infra, *peer;
    if (carries_erspan(f) || !infra_to_outsider(ctx, f, SW_NET_TUNNEL_PEERS, &infra, &peer))
        return;
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN], c[SW_DETECT_TEXT_LEN];
    const sw_evidence ev[] = {
        {"infra", sw_detect_ip_text(infra, a)},
        {"peer", sw_detect_ip_text(peer, b)},
        {"gre_protocol", sw_detect_hex16_text(f->gre_payload, c)},
    };
    /* A tunnel leaving the operator's own address space is the exfiltration case. */
    sw_severity escalate = sw_detect_in(ctx, SW_NET_OWN, peer) ? 0 : SW_SEV_CRITICAL;
    sw_detect_alert(ctx, SW_DET_TUN_001, obs, escalate, ev, 3);
}

static void check_erspan(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_flow_obs *f = &obs->u.flow;
    if (!carries_erspan(f) || !sw_detect_in(ctx, SW_NET_INFRA, &f->src) ||
        sw_detect_in(ctx, SW_NET_ERSPAN_COLLECTORS, &f->dst))
        return;
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN], c[SW_DETECT_TEXT_LEN], d[SW_DETECT_TEXT_LEN];
    sw_evidence ev[4] = {
        {"infra", sw_detect_ip_text(&f->src, a)},
        {"peer", sw_detect_ip_text(&f->dst, b)},
        {"gre_protocol", sw_detect_hex16_text(f->gre_payload, c)},
    };
    size_t n = 3;
    if (f->erspan_version > 0)
        ev[n++] = (sw_evidence){"erspan_version", sw_detect_u16_text(f->erspan_version, d)};
    sw_detect_alert(ctx, SW_DET_TUN_003, obs, 0, ev, n);
}

static const char *ipsec_transport(const sw_flow_obs *f)
{
    if (f->proto == IPPROTO_NUM_ESP)
        return "esp";
    if (f->proto != IPPROTO_NUM_UDP)
        return NULL;
    if (f->sp == PORT_IKE || f->dp == PORT_IKE)
        return "udp/500";
    if (f->sp == PORT_IKE_NATT || f->dp == PORT_IKE_NATT)
        return "udp/4500";
    return NULL;
}

static void check_ipsec(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_flow_obs *f = &obs->u.flow;
    const char *transport = ipsec_transport(f);
    const sw_ip *infra, *peer;
    if (!transport || !infra_to_outsider(ctx, f, SW_NET_TUNNEL_PEERS, &infra, &peer))
        return;
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN];
    const sw_evidence ev[] = {
        {"infra", sw_detect_ip_text(infra, a)},
        {"peer", sw_detect_ip_text(peer, b)},
        {"transport", transport},
    };
    sw_detect_alert(ctx, SW_DET_TUN_002, obs, 0, ev, 3);
}

static void observe_tunnel(sw_detect_ctx *ctx, const sw_observation *obs)
{
    if (obs->type != SW_OBS_FLOW_START)
        return;
    if (obs->u.flow.proto == IPPROTO_NUM_GRE) {
        check_gre(ctx, obs);
        check_erspan(ctx, obs);
    } else {
        check_ipsec(ctx, obs);
    }
}

const sw_detector sw_detector_tunnel = {
    .name = "tunnel",
    .ids = {SW_DET_TUN_001, SW_DET_TUN_002, SW_DET_TUN_003},
    .n_ids = 3,
    .observe = observe_tunnel,
    .obs_mask = SW_OBS_BIT(SW_OBS_FLOW_START), /* judged at the first packet */
};
