/* Indicator matching: IOC addresses on flow endpoints (ST-ACC-006) and the Earth Estries /
 * GhostSpider / SNAPPYBEE C2 names in DNS queries, TLS SNI and HTTP Host, SoftEther
 * vpn<digits>.softether.net from the operator's hosts, and the URI /17ABE7F017ABE7F0
 * (ST-C2-001). Lists come from signatures/ioc and the operator (ioc.h). */
#include "detect-state.h"
#include "ioc.h"
#include "util-cursor.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define HOST_TEXT_MAX 256  /* RFC 1035: 253 characters of name, plus a port */
#define URI_SCAN_MAX  2048 /* the marker sits in the path, well before this */
#define C2_URI_MARKER "/17ABE7F017ABE7F0"

static void raise_ioc(sw_detect_ctx *ctx, sw_detection det, const sw_observation *obs,
                      const sw_ioc_entry *ioc, const char *seen_in, const char *value,
                      sw_severity escalate)
{
    const sw_evidence ev[] = {
        {"ioc", ioc ? ioc->indicator : value},
        {"seen_in", seen_in},
        {"value", value},
        {"ioc_source", ioc ? ioc->source : "built-in pattern"},
        {"ioc_date", ioc ? ioc->date : "2024-11-25"},
        {"ioc_confidence", ioc ? ioc->confidence : "medium"},
        {"ioc_label", ioc ? ioc->label : "SoftEther VPN relay name"},
    };
    sw_detect_alert(ctx, det, obs, escalate, ev, 7);
}

/* ST-ACC-006: either endpoint of a new flow is a listed address; high when the other end is
 * infrastructure (the catalog's M, H if to INFRA). */
static void check_flow_ioc(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_flow_obs *f = &obs->u.flow;
    const sw_ioc_set *set = sw_detect_ioc(ctx);
    const sw_ioc_entry *hit = sw_ioc_match_ip(set, &f->dst);
    int outbound = hit != NULL;
    if (!hit)
        hit = sw_ioc_match_ip(set, &f->src);
    if (!hit)
        return;
    const sw_ip *ours = outbound ? &f->src : &f->dst;
    const sw_ip *theirs = outbound ? &f->dst : &f->src;
    sw_severity sev = sw_detect_in(ctx, SW_NET_INFRA, ours) ? SW_SEV_HIGH : 0;
    char text[SW_DETECT_TEXT_LEN];
    raise_ioc(ctx, SW_DET_ACC_006, obs, hit, outbound ? "destination" : "source",
              sw_detect_ip_text(theirs, text), sev);
}

/* vpn<digits>.softether.net, any case: SoftEther's free relay names (ET 2048268). */
static int is_softether_relay(const char *name)
{
    static const char suffix[] = ".softether.net";
    size_t len = strlen(name), slen = sizeof(suffix) - 1;
    if (len > 0 && name[len - 1] == '.')
        len--;
    if (len <= slen + 3 || strncasecmp(name + len - slen, suffix, slen) != 0 ||
        strncasecmp(name, "vpn", 3) != 0)
        return 0;
    for (size_t i = 3; i < len - slen; i++)
        if (!isdigit((unsigned char)name[i]))
            return 0;
    return 1;
}

static void check_name(sw_detect_ctx *ctx, const sw_observation *obs, const char *name,
                       const char *seen_in)
{
    if (!name || !name[0])
        return;
    const sw_ioc_entry *hit = sw_ioc_match_domain(sw_detect_ioc(ctx), name);
    const sw_flow_obs *f = sw_obs_flow(obs);
    if (hit)
        raise_ioc(ctx, SW_DET_C2_001, obs, hit, seen_in, name, 0);
    else if (is_softether_relay(name) && sw_detect_in(ctx, SW_NET_OWN, &f->src))
        raise_ioc(ctx, SW_DET_C2_001, obs, NULL, seen_in, name, 0);
}

/* Copies up to max-1 bytes of b into a NUL-terminated string (through the cursor). */
static size_t copy_text(sw_bytes b, char *out, size_t max)
{
    sw_cursor c = sw_cur_init(b.data, b.len);
    size_t n = b.len < max - 1 ? b.len : max - 1;
    if (!sw_cur_bytes(&c, out, n))
        n = 0;
    out[n] = '\0';
    return strlen(out); /* stops at an embedded NUL */
}

static void check_http(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_obs_http_request *r = &obs->u.http_request;
    char host[HOST_TEXT_MAX];
    copy_text(r->host, host, sizeof(host));
    char *colon = strrchr(host, ':'); /* "name:port" (RFC 9110 section 7.2) */
    if (colon && !strchr(host, ']'))
        *colon = '\0';
    check_name(ctx, obs, host, "http_host");
    char uri[URI_SCAN_MAX + 1];
    copy_text(r->uri.len ? r->uri : r->uri_raw, uri, sizeof(uri));
    if (strstr(uri, C2_URI_MARKER)) {
        const sw_ioc_entry marker = {SW_IOC_DOMAIN,
                                     C2_URI_MARKER,
                                     "third-party YARA rule citing Darktrace (detections.md 3.3)",
                                     "2025-10-01",
                                     "low",
                                     "SNAPPYBEE C2 URI"};
        raise_ioc(ctx, SW_DET_C2_001, obs, &marker, "http_uri", uri, 0);
    }
}

static void observe_c2(sw_detect_ctx *ctx, const sw_observation *obs)
{
    switch (obs->type) {
    case SW_OBS_FLOW_START:
        check_flow_ioc(ctx, obs);
        break;
    case SW_OBS_DNS:
        if (obs->u.dns.to_server)
            check_name(ctx, obs, obs->u.dns.qname, "dns_query");
        break;
    case SW_OBS_TLS_HELLO:
        if (obs->u.tls_hello.to_server)
            check_name(ctx, obs, obs->u.tls_hello.sni, "tls_sni");
        break;
    case SW_OBS_HTTP_REQUEST:
        check_http(ctx, obs);
        break;
    default:
        break;
    }
}

const sw_detector sw_detector_c2 = {
    .name = "c2",
    .ids = {SW_DET_ACC_006, SW_DET_C2_001},
    .n_ids = 2,
    .observe = observe_c2,
    .obs_mask = SW_OBS_BIT(SW_OBS_FLOW_START) | SW_OBS_BIT(SW_OBS_DNS) |
                SW_OBS_BIT(SW_OBS_TLS_HELLO) | SW_OBS_BIT(SW_OBS_HTTP_REQUEST),
    .context_free = 1,
};
