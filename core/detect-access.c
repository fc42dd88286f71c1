/* Access paths opened on a device: SSH on a 22x22/xxx22 high port (ST-ACC-001), a web
 * management listener moved to 18xxx (ST-ACC-003) and a server port on infrastructure that the
 * learned baseline has never seen (ST-ACC-004). docs/detections-impl.md has the reasoning. */
#include "detect-state.h"

#include <stdio.h>
#include <stdlib.h>

#define IPPROTO_NUM_TCP 6
#define PORT_SSH        22
#define KIND_LISTENER   1
#define FLAG_REPORTED   1
#define BANNER_TEXT_LEN 160

static int port_listed(const uint16_t *ports, size_t n, unsigned port)
{
    for (size_t i = 0; i < n; i++)
        if (ports[i] == port)
            return 1;
    return 0;
}

static const char *banner_text(const sw_obs_ssh_banner *b, char *buf, size_t len)
{
    snprintf(buf, len, "SSH-%s-%s", b->proto_version, b->software);
    return buf;
}

/* The catalog's helper: p != 22 and p % 100 == 22 covers 22022, 22122, 10022, 18022 ... */
/* TCP/57722 also ends in 22, but it is IOS XR's sshd_operns port, which ST-ACC-002 reports with
 * the more specific meaning (catalog section 2.3); raising both for one session is noise. */
#define PORT_XR_OPERNS 57722

static int is_high_ssh_pattern(unsigned port, unsigned min_port)
{
    return port != PORT_SSH && port != PORT_XR_OPERNS && port % 100 == 22 && port >= min_port;
}

/* ST-ACC-001. Either side's banner proves SSH; the server port is the flow's dp. */
static void check_high_ssh(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_access_ssh_params *p = sw_detect_state(ctx, &sw_detector_access_ssh);
    const sw_obs_ssh_banner *b = &obs->u.ssh_banner;
    const sw_flow_obs *f = b->flow;
    if (f->proto != IPPROTO_NUM_TCP || !is_high_ssh_pattern(f->dp, p->acc001_min_port) ||
        port_listed(p->acc001_allowed, p->n_acc001_allowed, f->dp))
        return;
    int dst_infra = sw_detect_in(ctx, SW_NET_INFRA, &f->dst);
    if (!dst_infra && !sw_detect_in(ctx, SW_NET_INFRA, &f->src))
        return;
    char a[SW_DETECT_TEXT_LEN], c[SW_DETECT_TEXT_LEN], d[SW_DETECT_TEXT_LEN], t[BANNER_TEXT_LEN];
    const sw_evidence ev[] = {
        {"infra", sw_detect_ip_text(dst_infra ? &f->dst : &f->src, a)},
        {"peer", sw_detect_ip_text(dst_infra ? &f->src : &f->dst, c)},
        {"port", sw_detect_u16_text(f->dp, d)},
        {"banner", banner_text(b, t, sizeof(t))},
        {"banner_side", b->to_server ? "client" : "server"},
    };
    sw_detect_alert(ctx, SW_DET_ACC_001, obs, 0, ev, 5);
}

/* ST-ACC-003: an HTTP or TLS exchange answered by infrastructure on 18000-18999, once per
 * (device, port) listener rather than per flow: the news is the listener. */
static void check_18xxx(sw_detect_ctx *ctx, const sw_observation *obs, const char *service)
{
    sw_access_state *st = sw_detect_state(ctx, &sw_detector_access);
    const sw_flow_obs *f = sw_obs_flow(obs);
    if (f->proto != IPPROTO_NUM_TCP || f->dp < st->acc003_port_min || f->dp > st->acc003_port_max ||
        !sw_detect_in(ctx, SW_NET_INFRA, &f->dst))
        return;
    sw_state_key k = sw_state_key_make(&f->dst, NULL, f->dp, KIND_LISTENER);
    int created = 0;
    sw_state_entry *e = sw_detect_upsert(ctx, st->acc003_listeners, &k, obs->ts.sec, &created);
    e->last = obs->ts.sec;
    if (!created)
        return;
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN], c[SW_DETECT_TEXT_LEN];
    const sw_evidence ev[] = {
        {"infra", sw_detect_ip_text(&f->dst, a)},
        {"port", sw_detect_u16_text(f->dp, b)},
        {"service", service},
        {"peer", sw_detect_ip_text(&f->src, c)},
    };
    sw_detect_alert(ctx, SW_DET_ACC_003, obs, 0, ev, 4);
}

/* ST-ACC-004: the server side spoke SSH, TLS or Telnet from a port of infrastructure. Learned
 * quietly during the learning period; afterwards a (device, port) never seen is reported once
 * and then joins the baseline. `banner` (NULL when there is none) becomes evidence. */
static void check_new_port(sw_detect_ctx *ctx, const sw_observation *obs, const char *service,
                           const char *banner)
{
    sw_access_state *st = sw_detect_state(ctx, &sw_detector_access);
    const sw_flow_obs *f = sw_obs_flow(obs);
    if (f->proto != IPPROTO_NUM_TCP || !sw_detect_in(ctx, SW_NET_INFRA, &f->dst) ||
        port_listed(st->acc004_allowed, st->n_acc004_allowed, f->dp))
        return;
    sw_state_key k = sw_state_key_make(&f->dst, NULL, f->dp, KIND_LISTENER);
    int created = 0;
    sw_state_entry *e = sw_detect_upsert(ctx, st->acc004_ports, &k, obs->ts.sec, &created);
    e->last = obs->ts.sec;
    e->count++;
    if (!created || sw_detect_learning(ctx, st->acc004_learning, obs->ts.sec))
        return;
    e->flags |= FLAG_REPORTED;
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN], c[SW_DETECT_TEXT_LEN];
    char t[SW_DETECT_BANNER_LEN];
    const sw_evidence ev[] = {
        {"infra", sw_detect_ip_text(&f->dst, a)},
        {"port", sw_detect_u16_text(f->dp, b)},
        {"service", service},
        {"peer", sw_detect_ip_text(&f->src, c)},
        {"baseline", "port not seen during learning"},
        {"banner", banner ? sw_detect_banner_text(banner, t) : ""},
    };
    sw_detect_alert(ctx, SW_DET_ACC_004, obs, 0, ev, banner ? 6 : 5);
}

/* ST-ACC-001 judges one session alone: a per-flow detector. */
static void observe_access_ssh(sw_detect_ctx *ctx, const sw_observation *obs)
{
    check_high_ssh(ctx, obs);
}

/* ST-ACC-003 and ST-ACC-004 remember listeners across flows. */
static void observe_access(sw_detect_ctx *ctx, const sw_observation *obs)
{
    switch (obs->type) {
    case SW_OBS_SSH_BANNER:
        if (!obs->u.ssh_banner.to_server)
            check_new_port(ctx, obs, "ssh", NULL);
        break;
    case SW_OBS_TLS_HELLO:
        check_18xxx(ctx, obs, "tls");
        if (!obs->u.tls_hello.to_server)
            check_new_port(ctx, obs, "tls", NULL);
        break;
    case SW_OBS_HTTP_REQUEST:
    case SW_OBS_HTTP_RESPONSE:
        check_18xxx(ctx, obs, "http");
        break;
    case SW_OBS_TELNET:
        check_new_port(ctx, obs, "telnet", obs->u.telnet.banner);
        break;
    default:
        break;
    }
}

/* Both checks need a TCP server in INFRA; the server's SSH banner is the only SSH one used. */
static int wants_access(const sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_flow_obs *f = sw_obs_flow(obs);
    if (obs->type == SW_OBS_SSH_BANNER && obs->u.ssh_banner.to_server)
        return 0;
    return f->proto == IPPROTO_NUM_TCP && sw_detect_in(ctx, SW_NET_INFRA, &f->dst);
}

const sw_detector sw_detector_access_ssh = {
    .name = "access-ssh",
    .state_new = sw_access_ssh_params_new,
    .state_free = free,
    .ids = {SW_DET_ACC_001},
    .n_ids = 1,
    .observe = observe_access_ssh,
    .obs_mask = SW_OBS_BIT(SW_OBS_SSH_BANNER),
};

const sw_detector sw_detector_access = {
    .name = "access",
    .state_new = sw_access_state_new,
    .state_free = sw_access_state_free,
    .ids = {SW_DET_ACC_003, SW_DET_ACC_004},
    .n_ids = 2,
    .observe = observe_access,
    .obs_mask = SW_OBS_BIT(SW_OBS_SSH_BANNER) | SW_OBS_BIT(SW_OBS_TLS_HELLO) |
                SW_OBS_BIT(SW_OBS_HTTP_REQUEST) | SW_OBS_BIT(SW_OBS_HTTP_RESPONSE) |
                SW_OBS_BIT(SW_OBS_TELNET),
    .cross_flow = 1,
    .wants = wants_access,
};
