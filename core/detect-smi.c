/* Cisco Smart Install (TCP/4786) toward infrastructure: any message from a host that is not a
 * configured director (ST-EXP-006), and the messages of the SIET tool and the CVE-2018-0171
 * overflow proof of concept (ST-EXP-007). Header and message types as the ET/Snort community
 * rules match them (docs/detections.md section 1.4; there is no public specification). */
#include "detect.h"
#include "util-cursor.h"

#define SMI_IMAGE_UPGRADE  2 /* SIET "update IOS and execute": carries a tftp:// URL */
#define SMI_CONFIG_UPGRADE 3 /* SIET "change config": a URL to fetch a config from */
#define SMI_OVERFLOW       7 /* the Embedi CVE-2018-0171 PoC: type 7 with long filler */
#define SMI_BACKUP         8 /* SIET "get config": a "copy ..." command to the attacker */

/* Longest run of one repeated byte in the prefix, read through a cursor. */
static size_t longest_run(sw_bytes prefix)
{
    sw_cursor cur = sw_cur_init(prefix.data, prefix.len);
    size_t best = 0, run = 0;
    int prev = -1;
    while (sw_cur_left(&cur) > 0) {
        int b = sw_cur_u8(&cur);
        run = b == prev ? run + 1 : 1;
        prev = b;
        if (run > best)
            best = run;
    }
    return best;
}

/* The abuse marker ST-EXP-007 saw, or NULL. */
static const char *abuse_marker(const sw_detect_ctx *ctx, const sw_obs_smi *m)
{
    switch (m->msg_type) {
    case SMI_IMAGE_UPGRADE:
    case SMI_CONFIG_UPGRADE:
    case SMI_BACKUP:
        if (m->has_tftp_url)
            return "tftp-url";
        if (m->has_url)
            return "url";
        if (m->has_copy)
            return "copy-command";
        return NULL;
    case SMI_OVERFLOW:
        return longest_run(m->prefix) >= sw_detect_param(ctx, "ST-EXP-007", "filler-run")
                   ? "overflow-filler"
                   : NULL;
    }
    return NULL;
}

static void observe_smi(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_obs_smi *m = &obs->u.smi;
    const sw_flow_obs *f = m->flow;
    if (!m->to_server || !sw_detect_in(ctx, SW_NET_INFRA, &f->dst))
        return;
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN], c[SW_DETECT_TEXT_LEN];
    sw_evidence ev[4] = {
        {"infra", sw_detect_ip_text(&f->dst, a)},
        {"source", sw_detect_ip_text(&f->src, b)},
        {"msg_type", sw_detect_u16_text(m->msg_type, c)},
    };
    if (!sw_detect_in(ctx, SW_NET_SMI_DIRECTORS, &f->src))
        sw_detect_alert(ctx, SW_DET_EXP_006, obs, 0, ev, 3);
    const char *marker = abuse_marker(ctx, m);
    if (marker) {
        ev[3] = (sw_evidence){"marker", marker};
        sw_detect_alert(ctx, SW_DET_EXP_007, obs, 0, ev, 4);
    }
}

const sw_detector sw_detector_smi = {
    .name = "smi",
    .ids = {SW_DET_EXP_006, SW_DET_EXP_007},
    .n_ids = 2,
    .observe = observe_smi,
    .obs_mask = SW_OBS_BIT(SW_OBS_SMI),
};
