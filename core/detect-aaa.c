/* AAA detections: infrastructure talking TACACS+ (ST-AAA-001) or RADIUS (ST-AAA-002) to a
 * server outside the approved AAA set, i.e. credentials sent to someone else's server. */
#include "detect.h"

#define IPPROTO_NUM_TCP 6
#define IPPROTO_NUM_UDP 17
#define PORT_TACACS     49 /* RFC 8907 section 4.1 */

/* RFC 2865 (1812 auth) and RFC 2866 (1813 accounting); 1645/1646 are the pre-RFC ports that
 * many NAS still use (RFC 2865 section 3, note on port 1645). */
static int is_radius_port(uint16_t port)
{
    return port == 1812 || port == 1813 || port == 1645 || port == 1646;
}

static void raise_aaa(sw_detect_ctx *ctx, sw_detection det, const sw_observation *obs,
                      const char *service)
{
    const sw_flow_obs *f = &obs->u.flow;
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN], c[SW_DETECT_TEXT_LEN];
    const sw_evidence ev[] = {
        {"infra", sw_detect_ip_text(&f->src, a)},
        {"server", sw_detect_ip_text(&f->dst, b)},
        {"service", service},
        {"port", sw_detect_u16_text(f->dp, c)},
    };
    sw_detect_alert(ctx, det, obs, 0, ev, 4);
}

static void observe_aaa(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_flow_obs *f = &obs->u.flow;
    if (obs->type != SW_OBS_FLOW_START || !sw_detect_in(ctx, SW_NET_INFRA, &f->src) ||
        sw_detect_in(ctx, SW_NET_AAA, &f->dst))
        return;
    if (f->proto == IPPROTO_NUM_TCP && f->dp == PORT_TACACS)
        raise_aaa(ctx, SW_DET_AAA_001, obs, "tacacs+");
    else if (f->proto == IPPROTO_NUM_UDP && is_radius_port(f->dp))
        raise_aaa(ctx, SW_DET_AAA_002, obs, "radius");
}

const sw_detector sw_detector_aaa = {
    .name = "aaa",
    .ids = {SW_DET_AAA_001, SW_DET_AAA_002},
    .n_ids = 2,
    .observe = observe_aaa,
    .obs_mask = SW_OBS_BIT(SW_OBS_FLOW_START), /* judged at the first packet */
};
