/* Log evasion from the flow side: infrastructure sending syslog to a collector outside the
 * syslog set (ST-EVA-002), as when an intruder points logging at their own host. */
#include "detect.h"

static void observe_syslog(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_obs_syslog *m = &obs->u.syslog;
    const sw_flow_obs *f = m->flow;
    if (!sw_detect_in(ctx, SW_NET_INFRA, &f->src) || sw_detect_in(ctx, SW_NET_SYSLOG, &f->dst))
        return;
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN], c[SW_DETECT_TEXT_LEN];
    const sw_evidence ev[] = {
        {"infra", sw_detect_ip_text(&f->src, a)},
        {"collector", sw_detect_ip_text(&f->dst, b)},
        {"port", sw_detect_u16_text(f->dp, c)},
        {"hostname", m->hostname},
        {"app_name", m->app_name},
    };
    sw_detect_alert(ctx, SW_DET_EVA_002, obs, 0, ev, 5);
}

const sw_detector sw_detector_syslog = {
    .name = "syslog",
    .ids = {SW_DET_EVA_002},
    .n_ids = 1,
    .observe = observe_syslog,
    .obs_mask = SW_OBS_BIT(SW_OBS_SYSLOG),
};
