/* Management-plane detections: IOS XR sshd_operns on TCP/57722 (ST-ACC-002) and outsiders
 * reaching the management services of infrastructure (ST-ACC-005). */
#include "detect.h"
#include "util-ports.h"

#define IPPROTO_NUM_TCP 6
#define IPPROTO_NUM_UDP 17
#define PORT_XR_OPERNS  57722
#define PORT_SNMP       161

static void raise_mgmt(sw_detect_ctx *ctx, sw_detection det, const sw_observation *obs,
                       const char *label, const char *value)
{
    const sw_flow_obs *f = &obs->u.flow;
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN], c[SW_DETECT_TEXT_LEN];
    const sw_evidence ev[] = {
        {"infra", sw_detect_ip_text(&f->dst, a)},
        {"source", sw_detect_ip_text(&f->src, b)},
        {"port", sw_detect_u16_text(f->dp, c)},
        {label, value},
    };
    sw_detect_alert(ctx, det, obs, 0, ev, 4);
}

/* From outside NOC any attempt counts; from NOC only a listening service is news (the XR
 * Linux shell reachable at all), so each flow raises at most once. */
static void check_xr_operns(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_flow_obs *f = &obs->u.flow;
    if (f->proto != IPPROTO_NUM_TCP || f->dp != PORT_XR_OPERNS)
        return;
    int from_noc = sw_detect_in(ctx, SW_NET_NOC, &f->src);
    if (obs->type == SW_OBS_FLOW_START && !from_noc)
        raise_mgmt(ctx, SW_DET_ACC_002, obs, "state", "attempt");
    else if (obs->type == SW_OBS_FLOW_ANSWERED && from_noc)
        raise_mgmt(ctx, SW_DET_ACC_002, obs, "state", "listening");
}

/* Needs proof the service answered (handshake or SNMP reply), so scans alone stay quiet. */
static void check_external_mgmt(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_flow_obs *f = &obs->u.flow;
    if (sw_detect_in(ctx, SW_NET_NOC, &f->src) || sw_detect_in(ctx, SW_NET_OWN, &f->src))
        return;
    if (obs->type == SW_OBS_FLOW_ESTABLISHED && f->proto == IPPROTO_NUM_TCP &&
        sw_port_is_mgmt_tcp(f->dp))
        raise_mgmt(ctx, SW_DET_ACC_005, obs, "service", sw_port_mgmt_service(f->dp));
    else if (obs->type == SW_OBS_FLOW_ANSWERED && f->proto == IPPROTO_NUM_UDP && f->dp == PORT_SNMP)
        raise_mgmt(ctx, SW_DET_ACC_005, obs, "service", "snmp");
}

static void observe_mgmt(sw_detect_ctx *ctx, const sw_observation *obs)
{
    if (!sw_detect_in(ctx, SW_NET_INFRA, &obs->u.flow.dst))
        return;
    check_xr_operns(ctx, obs);
    check_external_mgmt(ctx, obs);
}

const sw_detector sw_detector_mgmt = {
    .name = "mgmt",
    .ids = {SW_DET_ACC_002, SW_DET_ACC_005},
    .n_ids = 2,
    .observe = observe_mgmt,
    .obs_mask = SW_OBS_BIT(SW_OBS_FLOW_START) | SW_OBS_BIT(SW_OBS_FLOW_ANSWERED) |
                SW_OBS_BIT(SW_OBS_FLOW_ESTABLISHED), /* never at the flow's end */
};
