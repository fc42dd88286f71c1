/* ST-CON-001: Guest Shell / IOx container egress. A TCP session completed from the container
 * address plan (networks: containers) to a host outside the operator's own prefixes: tool
 * downloads with curl, SFTP out (AA25-239A, Guest Shell used to run tools and pivot). */
#include "detect-state.h"

#define IPPROTO_NUM_TCP 6

static void observe_container(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_flow_obs *f = &obs->u.flow;
    const sw_container_state *p = sw_detect_state(ctx, &sw_detector_container);
    if (f->proto != IPPROTO_NUM_TCP || !sw_detect_in(ctx, SW_NET_CONTAINERS, &f->src) ||
        sw_detect_in(ctx, SW_NET_OWN, &f->dst) || sw_detect_in(ctx, SW_NET_CONTAINERS, &f->dst) ||
        sw_netset_contains(p->con001_allowed, &f->dst))
        return;
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN], c[SW_DETECT_TEXT_LEN];
    const sw_evidence ev[] = {
        {"container", sw_detect_ip_text(&f->src, a)},
        {"destination", sw_detect_ip_text(&f->dst, b)},
        {"port", sw_detect_u16_text(f->dp, c)},
    };
    sw_detect_alert(ctx, SW_DET_CON_001, obs, 0, ev, 3);
}

const sw_detector sw_detector_container = {
    .name = "container",
    .state_new = sw_container_state_new,
    .state_free = sw_container_state_free,
    .ids = {SW_DET_CON_001},
    .n_ids = 1,
    .observe = observe_container,
    .obs_mask = SW_OBS_BIT(SW_OBS_FLOW_ESTABLISHED),
};
