/* AAA content detections from parsed TACACS+ and RADIUS packets: a TACACS+ body sent in clear
 * (ST-AAA-003) and AAA traffic that has been copied: carried inside a tunnel, or sent to a host
 * that is no AAA server by a client that is not infrastructure (ST-AAA-004). */
#include "detect.h"

/* RFC 8907 section 4.8: TAC_PLUS_UNENCRYPTED_FLAG; the body is then not obfuscated, so the
 * password in an authentication START/CONTINUE travels in clear. */
#define TACACS_UNENCRYPTED_FLAG 0x01

static const char *tacacs_type_name(uint8_t type)
{
    /* RFC 8907 section 4.1: 1 authentication, 2 authorization, 3 accounting. */
    switch (type) {
    case 1:
        return "authentication";
    case 2:
        return "authorization";
    case 3:
        return "accounting";
    }
    return "unknown";
}

static void check_unencrypted(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_obs_tacacs *t = &obs->u.tacacs;
    if (!(t->flags & TACACS_UNENCRYPTED_FLAG))
        return;
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN], c[SW_DETECT_TEXT_LEN];
    const sw_evidence ev[] = {
        {"client", sw_detect_ip_text(&t->flow->src, a)},
        {"server", sw_detect_ip_text(&t->flow->dst, b)},
        {"tacacs_type", tacacs_type_name(t->type)},
        {"flags", sw_detect_hex16_text(t->flags, c)},
    };
    sw_detect_alert(ctx, SW_DET_AAA_003, obs, 0, ev, 4);
}

/* A tunnel the operator runs: ERSPAN to an approved collector (a sensor fed by ERSPAN sees every
 * mirrored AAA exchange that way), any other to or from an approved peer (a branch reaching its
 * AAA server over GRE or DMVPN). What such a tunnel carries is transport, not a copy. */
static int approved_tunnel(const sw_detect_ctx *ctx, const sw_tunnel_info *t)
{
    if (t->kind == SW_TUNNEL_ERSPAN)
        return sw_detect_in(ctx, SW_NET_ERSPAN_COLLECTORS, &t->outer_dst);
    return sw_detect_in(ctx, SW_NET_TUNNEL_PEERS, &t->outer_dst) ||
           sw_detect_in(ctx, SW_NET_TUNNEL_PEERS, &t->outer_src);
}

/* The copy is either inside a tunnel to somewhere not approved (GRE/ERSPAN mirroring of the AAA
 * exchange) or a second stream to a non-AAA host whose client is not a device; infrastructure
 * talking to a non-AAA server is ST-AAA-001/002, not a copy. The second arm needs the AAA set
 * configured, else every AAA exchange would be "to a non-AAA host". */
static void check_copied(sw_detect_ctx *ctx, const sw_observation *obs, const char *service)
{
    const sw_flow_obs *f = sw_obs_flow(obs);
    const char *how = NULL;
    int tunnelled = f->tunnel && f->tunnel->kind != SW_TUNNEL_NONE;
    if (tunnelled && !approved_tunnel(ctx, f->tunnel))
        how = sw_tunnel_kind_name(f->tunnel->kind);
    else if (!sw_detect_set_empty(ctx, SW_NET_AAA) && !sw_detect_in(ctx, SW_NET_AAA, &f->dst) &&
             !sw_detect_in(ctx, SW_NET_AAA, &f->src) && !sw_detect_in(ctx, SW_NET_INFRA, &f->src))
        how = "non-aaa-host";
    if (!how)
        return;
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN], c[SW_DETECT_TEXT_LEN];
    sw_evidence ev[5] = {
        {"client", sw_detect_ip_text(&f->src, a)},
        {"receiver", sw_detect_ip_text(&f->dst, b)},
        {"service", service},
        {"copied_via", how},
    };
    size_t n = 4;
    if (tunnelled) {
        sw_detect_ip_text(&f->tunnel->outer_dst, c);
        ev[n++] = (sw_evidence){"tunnel_dst", c};
    }
    sw_detect_alert(ctx, SW_DET_AAA_004, obs, 0, ev, n);
}

static void observe_aaa_content(sw_detect_ctx *ctx, const sw_observation *obs)
{
    if (obs->type == SW_OBS_TACACS) {
        check_unencrypted(ctx, obs);
        check_copied(ctx, obs, "tacacs+");
    } else if (obs->type == SW_OBS_RADIUS) {
        check_copied(ctx, obs, "radius");
    }
}

const sw_detector sw_detector_aaa_content = {
    .name = "aaa-content",
    .ids = {SW_DET_AAA_003, SW_DET_AAA_004},
    .n_ids = 2,
    .observe = observe_aaa_content,
    .obs_mask = SW_OBS_BIT(SW_OBS_TACACS) | SW_OBS_BIT(SW_OBS_RADIUS),
};
