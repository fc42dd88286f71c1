/* SNMP detections: requests to infrastructure from outside the NMS set (ST-SNMP-001). */
#include "detect.h"

#define IPPROTO_NUM_UDP 17
#define PORT_SNMP       161 /* RFC 3417 section 3: agents listen on UDP 161 */

static void observe_snmp(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_flow_obs *f = &obs->u.flow;
    if (obs->type != SW_OBS_FLOW_START || f->proto != IPPROTO_NUM_UDP || f->dp != PORT_SNMP)
        return;
    if (!sw_detect_in(ctx, SW_NET_INFRA, &f->dst) || sw_detect_in(ctx, SW_NET_NMS, &f->src))
        return;
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN];
    const sw_evidence ev[] = {
        {"infra", sw_detect_ip_text(&f->dst, a)},
        {"source", sw_detect_ip_text(&f->src, b)},
        {"service", "snmp"},
    };
    sw_detect_alert(ctx, SW_DET_SNMP_001, obs, 0, ev, 3);
}

const sw_detector sw_detector_snmp = {
    .name = "snmp",
    .ids = {SW_DET_SNMP_001},
    .n_ids = 1,
    .observe = observe_snmp,
    .obs_mask = SW_OBS_BIT(SW_OBS_FLOW_START), /* judged at the first packet */
};
