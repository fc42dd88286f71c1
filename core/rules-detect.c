/* Running the attached rules over one observation: map it to inspection buffers, collect
 * candidate rules from the per-buffer prefilters (plus rules without a fast pattern), verify each
 * candidate fully (header, flow, flowbits, every buffer), then apply flowbits, pass and
 * thresholds and hand the alert to the engine (alert hygiene, then its callback). */
#include "detect.h"
#include "rules-engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONTENT_BUDGET 200000 /* content comparison steps per observation */

typedef struct obs_view {
    rule_hook hook;
    const sw_flow_obs *flow;
    int to_server;
    sw_bytes buf[RB_COUNT];
    char stat_code[8];
} obs_view;

static sw_bytes text_bytes(const char *s)
{
    sw_bytes b = {(const uint8_t *)s, s ? strlen(s) : 0};
    return b;
}

static void view_http_request(obs_view *v, const sw_obs_http_request *h)
{
    v->hook = HOOK_HTTP_REQUEST;
    v->to_server = 1;
    v->buf[RB_HTTP_METHOD] = text_bytes(h->method);
    v->buf[RB_HTTP_URI] = h->uri;
    v->buf[RB_HTTP_URI_RAW] = h->uri_raw;
    v->buf[RB_HTTP_HEADER] = h->headers;
    v->buf[RB_HTTP_HEADER_RAW] = h->headers;
    v->buf[RB_HTTP_COOKIE] = h->cookie;
    v->buf[RB_HTTP_HOST] = h->host;
    v->buf[RB_HTTP_USER_AGENT] = h->user_agent;
    v->buf[RB_HTTP_REQUEST_BODY] = h->body;
}

static void view_http_response(obs_view *v, const sw_obs_http_response *h)
{
    v->hook = HOOK_HTTP_RESPONSE;
    v->to_server = 0;
    snprintf(v->stat_code, sizeof(v->stat_code), "%03u", (unsigned)h->status % 1000u);
    v->buf[RB_HTTP_STAT_CODE] = text_bytes(v->stat_code);
    v->buf[RB_HTTP_HEADER] = h->headers;
    v->buf[RB_HTTP_HEADER_RAW] = h->headers;
    v->buf[RB_HTTP_RESPONSE_BODY] = h->body;
}

/* 0 for observation types rules do not inspect. */
static int make_view(obs_view *v, const sw_observation *obs)
{
    memset(v, 0, sizeof(*v));
    switch (obs->type) {
    case SW_OBS_HTTP_REQUEST:
        view_http_request(v, &obs->u.http_request);
        break;
    case SW_OBS_HTTP_RESPONSE:
        view_http_response(v, &obs->u.http_response);
        break;
    case SW_OBS_PAYLOAD:
        v->hook = HOOK_PAYLOAD;
        v->to_server = obs->u.payload.to_server;
        v->buf[RB_PAYLOAD] = obs->u.payload.data;
        break;
    case SW_OBS_TLS_HELLO:
        v->hook = HOOK_TLS;
        v->to_server = obs->u.tls_hello.to_server;
        v->buf[RB_TLS_SNI] = text_bytes(obs->u.tls_hello.sni);
        break;
    case SW_OBS_SSH_BANNER:
        v->hook = HOOK_SSH;
        v->to_server = obs->u.ssh_banner.to_server;
        v->buf[RB_SSH_PROTO] = text_bytes(obs->u.ssh_banner.proto_version);
        v->buf[RB_SSH_SOFTWARE] = text_bytes(obs->u.ssh_banner.software);
        break;
    case SW_OBS_DNS:
        v->hook = HOOK_DNS;
        v->to_server = obs->u.dns.to_server;
        if (v->to_server)
            v->buf[RB_DNS_QUERY] = text_bytes(obs->u.dns.qname);
        break;
    default:
        return 0;
    }
    v->flow = sw_obs_flow(obs); /* the engine's one mapping of observation to flow */
    return v->flow != NULL;
}

static int ip_in_prefix(const sw_ip *ip, const sw_ip *net, unsigned prefix)
{
    if (ip->family != net->family)
        return 0;
    for (unsigned i = 0; i < prefix / 8; i++)
        if (ip->bytes[i] != net->bytes[i])
            return 0;
    unsigned rem = prefix % 8;
    uint8_t mask = (uint8_t)(0xFF << (8 - rem));
    return rem == 0 || (ip->bytes[prefix / 8] & mask) == (net->bytes[prefix / 8] & mask);
}

/* $HOME_NET is the `own` set, or RFC 1918 when it is empty; a network-set variable falls back to
 * $HOME_NET when its set is empty (docs/rules.md). */
static int in_var(const sw_ruleset *rs, const sw_engine_config *cfg, int var, const sw_ip *ip)
{
    const sw_netset *home = sw_engine_config_net(cfg, SW_NET_OWN);
    if (!home || sw_netset_count(home) == 0)
        home = rs->default_home;
    if (var == RV_HOME_NET)
        return sw_netset_contains(home, ip);
    if (var == RV_EXTERNAL_NET)
        return !sw_netset_contains(home, ip);
    const sw_netset *set = sw_engine_config_net(cfg, (sw_netset_id)(var - RV_FIRST_SET));
    return sw_netset_contains(set && sw_netset_count(set) ? set : home, ip);
}

static int addr_match(const sw_ruleset *rs, const sw_engine_config *cfg, const rule_addr_list *l,
                      const sw_ip *ip)
{
    int positive = 0, hit = 0;
    for (size_t i = 0; i < l->n; i++) {
        const rule_addr *a = &l->a[i];
        int in =
            a->kind == AK_CIDR ? ip_in_prefix(ip, &a->ip, a->prefix) : in_var(rs, cfg, a->var, ip);
        if (a->negated && in)
            return 0;
        if (!a->negated) {
            positive = 1;
            hit |= in;
        }
    }
    return !positive || hit;
}

static int port_match(const rule_port_list *l, uint16_t port)
{
    int positive = 0, hit = 0;
    for (size_t i = 0; i < l->n; i++) {
        int in = port >= l->p[i].lo && port <= l->p[i].hi;
        if (l->p[i].negated && in)
            return 0;
        if (!l->p[i].negated) {
            positive = 1;
            hit |= in;
        }
    }
    return !positive || hit;
}

static int header_match_dir(const sw_ruleset *rs, const sw_engine_config *cfg, const sw_rule *r,
                            const sw_ip *s, uint16_t sp, const sw_ip *d, uint16_t dp)
{
    return addr_match(rs, cfg, &r->src, s) && addr_match(rs, cfg, &r->dst, d) &&
           port_match(&r->sp, sp) && port_match(&r->dp, dp);
}

/* The header speaks of packet direction: a to_client observation travels server -> client. */
static int header_match(const sw_ruleset *rs, const sw_engine_config *cfg, const sw_rule *r,
                        const obs_view *v)
{
    const sw_flow_obs *f = v->flow;
    const sw_ip *s = v->to_server ? &f->src : &f->dst, *d = v->to_server ? &f->dst : &f->src;
    uint16_t sp = v->to_server ? f->sp : f->dp, dp = v->to_server ? f->dp : f->sp;
    return header_match_dir(rs, cfg, r, s, sp, d, dp) ||
           (r->bidirectional && header_match_dir(rs, cfg, r, d, dp, s, sp));
}

static int proto_match(const sw_rule *r, const obs_view *v)
{
    static const sw_app_proto app_of[] = {[RP_HTTP] = SW_APP_HTTP,
                                          [RP_TLS] = SW_APP_TLS,
                                          [RP_DNS] = SW_APP_DNS,
                                          [RP_SSH] = SW_APP_SSH};
    switch (r->proto) {
    case RP_IP:
        return 1;
    case RP_TCP:
        return v->flow->proto == 6;
    case RP_UDP:
        return v->flow->proto == 17;
    default:
        /* An app-layer observation proves the protocol; payload needs the flow's app_proto. */
        return v->hook != HOOK_PAYLOAD || v->flow->app_proto == app_of[r->proto];
    }
}

/* "established": a TCP flow past its handshake, or picked up midstream (Suricata's midstream
 * flows count as established too); a non-TCP flow once both sides have spoken. */
static int established(const sw_flow_obs *f)
{
    if (f->proto == 6)
        return f->tcp_state == SW_TCP_NONE || f->tcp_state == SW_TCP_ESTABLISHED ||
               f->tcp_state == SW_TCP_CLOSING;
    return f->pkts_toserver > 0 && f->pkts_toclient > 0;
}

static int buffers_match(rules_engine *re, const sw_rule *r, const obs_view *v)
{
    uint32_t done = 0;
    for (size_t i = 0; i < r->n_items; i++) {
        rule_buf b = r->items[i].buf;
        if (done & (1u << b))
            continue;
        done |= 1u << b;
        const sw_bytes *bytes = &v->buf[b];
        /* A buffer the observation lacks cannot match, not even a negated content. */
        if (bytes->len == 0 || !rules_match_buffer(&re->match, r, b, bytes->data, bytes->len))
            return 0;
    }
    return 1;
}

static int rule_matches(rules_engine *re, const rules_host *host, const sw_rule *r,
                        const obs_view *v)
{
    const sw_flow_obs *f = v->flow;
    if (r->hook != v->hook || (r->flow_to_server && !v->to_server) ||
        (r->flow_to_client && v->to_server) || (r->flow_established && !established(f)) ||
        !proto_match(r, v) || !header_match(re->rs, host->cfg, r, v))
        return 0;
    if (r->has_dsize) {
        size_t n = v->buf[RB_PAYLOAD].len;
        int ok = r->dsize_op == '='   ? n == r->dsize_lo
                 : r->dsize_op == '<' ? n < r->dsize_lo
                 : r->dsize_op == '>' ? n > r->dsize_lo
                                      : (n > r->dsize_lo && n < r->dsize_hi);
        if (!ok)
            return 0;
    }
    for (size_t i = 0; i < r->n_flowbits; i++) {
        const rule_flowbit *fb = &r->flowbits[i];
        if (fb->cmd == FB_ISSET && !rules_flowbit_isset(re, f->flow_id, fb->name_hash))
            return 0;
        if (fb->cmd == FB_ISNOTSET && rules_flowbit_isset(re, f->flow_id, fb->name_hash))
            return 0;
    }
    return buffers_match(re, r, v);
}

static void emit(rules_engine *re, const rules_host *host, uint32_t index,
                 const sw_observation *obs, const obs_view *v)
{
    const sw_rule *r = re->rs->rules[index];
    const sw_flow_obs *f = v->flow;
    const sw_ip *pkt_src = v->to_server ? &f->src : &f->dst;
    const sw_ip *pkt_dst = v->to_server ? &f->dst : &f->src;
    const sw_ip *track = r->threshold.by_dst ? pkt_dst : pkt_src;
    if (re->superseded[index]) {
        re->stats.superseded++;
        return;
    }
    int deferred = host->defer_thresholds && r->threshold.type != THR_NONE;
    if (!deferred && !rules_threshold_allows(re, r, track, obs->ts)) {
        re->stats.thresholded++;
        return;
    }
    char sig[48];
    snprintf(sig, sizeof(sig), "%u:%u:%u", r->gid, r->sid, r->rev ? r->rev : 1);
    sw_alert alert;
    memset(&alert, 0, sizeof(alert));
    alert.entry = re->entry[index];
    alert.severity = alert.entry->severity;
    if (r->priority >= 1 && r->priority <= 4 && (sw_severity)r->priority < alert.severity)
        alert.severity = (sw_severity)r->priority; /* priority 1 = critical, as EVE severity */
    alert.ts = obs->ts;
    alert.pcap_cnt = obs->pcap_cnt;
    alert.flow = f;
    alert.evidence[alert.n_evidence++] = (sw_evidence){"rule", sig};
    alert.evidence[alert.n_evidence++] = (sw_evidence){"rule_msg", r->msg ? r->msg : ""};
    alert.evidence[alert.n_evidence++] = (sw_evidence){"rule_source", r->source};
    /* A deferred alert is counted where its threshold lets it through (the correlator), so the
     * workers' and the correlator's counters add up to a single engine's. */
    if (!deferred)
        re->stats.alerts++;
    if (deferred)
        *host->origin = RULES_DEFERRED_ORIGIN(index, v->to_server);
    sw_engine_deliver_alert(host->engine, &alert);
    if (deferred)
        *host->origin = -1;
}

static int same_id(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

size_t sw_rules_superseded(const sw_ruleset *rs, const sw_engine_config *cfg, char *ids, size_t cap)
{
    size_t n = 0, used = 0;
    ids[0] = '\0';
    for (size_t i = 0; rs && i < rs->n_rules; i++) {
        const char *id = rs->rules[i]->seawall_id;
        if (!sw_engine_builtin_enabled(cfg, id))
            continue;
        n++;
        int listed = 0;
        for (size_t j = 0; j < i && !listed; j++)
            listed = same_id(rs->rules[j]->seawall_id, id);
        int w = listed ? 0 : snprintf(ids + used, cap - used, "%s%s", used ? ", " : "", id);
        if (w > 0)
            used = (size_t)w >= cap - used ? cap - 1 : used + (size_t)w;
    }
    return n;
}

int rules_engine_deferred_allows(rules_engine *re, int origin, const sw_alert *alert)
{
    if (origin > -2 || !re || !re->rs || !alert->flow)
        return 1;
    uint32_t code = (uint32_t)(-2 - origin);
    size_t index = code / 2;
    if (index >= re->rs->n_rules || re->entry[index] != alert->entry) {
        re->stats.alerts++;
        return 1;
    }
    const sw_rule *r = re->rs->rules[index];
    int to_server = code & 1;
    const sw_ip *pkt_src = to_server ? &alert->flow->src : &alert->flow->dst;
    const sw_ip *pkt_dst = to_server ? &alert->flow->dst : &alert->flow->src;
    if (rules_threshold_allows(re, r, r->threshold.by_dst ? pkt_dst : pkt_src, alert->ts)) {
        re->stats.alerts++;
        return 1;
    }
    re->stats.thresholded++;
    return 0;
}

static void add_candidate(rules_engine *re, uint32_t index)
{
    if (re->stamp[index] == re->generation)
        return;
    re->stamp[index] = re->generation;
    re->cand[re->n_cand++] = index;
}

static int on_pattern(uint32_t pattern_id, void *user)
{
    add_candidate(user, pattern_id);
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Candidates in file order, so a rule that sets a flowbit runs before one testing it. */
static void collect_candidates(rules_engine *re, const obs_view *v)
{
    const sw_ruleset *rs = re->rs;
    if (++re->generation == 0) {
        memset(re->stamp, 0, rs->n_rules * sizeof(uint32_t));
        re->generation = 1;
    }
    re->n_cand = 0;
    for (int b = 0; b < RB_COUNT; b++)
        if (rs->pf[b] && v->buf[b].len)
            sw_prefilter_scan(rs->pf[b], re->pf_scratch, v->buf[b].data, v->buf[b].len, on_pattern,
                              re);
    for (size_t i = 0; i < rs->n_unfiltered[v->hook]; i++)
        add_candidate(re, rs->unfiltered[v->hook][i]);
    qsort(re->cand, re->n_cand, sizeof(uint32_t), cmp_u32);
}

static void apply_flowbits(rules_engine *re, const sw_rule *r, uint64_t flow_id)
{
    for (size_t i = 0; i < r->n_flowbits; i++)
        if (r->flowbits[i].cmd <= FB_TOGGLE)
            rules_flowbit_apply(re, flow_id, r->flowbits[i].cmd, r->flowbits[i].name_hash);
}

int rules_engine_observe(rules_engine *re, const rules_host *host, const sw_observation *obs)
{
    obs_view v;
    if (obs->type == SW_OBS_FLOW_END && obs->u.flow.flow_id != 0)
        rules_flowbits_forget(re, obs->u.flow.flow_id);
    if (!re->rs || !make_view(&v, obs))
        return 0;
    re->stats.observations++;
    collect_candidates(re, &v);
    re->match.budget = CONTENT_BUDGET;
    /* Suricata's default action order: pass before alert; a matching pass rule silences the
     * observation (its flowbits still apply). */
    int passed = 0;
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < re->n_cand; i++) {
            const sw_rule *r = re->rs->rules[re->cand[i]];
            if (r->alert != round || (round == 1 && passed))
                continue;
            re->stats.candidates++;
            if (!rule_matches(re, host, r, &v))
                continue;
            re->stats.matches++;
            apply_flowbits(re, r, v.flow->flow_id);
            if (!r->alert)
                passed = 1;
            else if (!r->noalert)
                emit(re, host, re->cand[i], obs, &v);
        }
    }
    if (passed)
        re->stats.passed++;
    re->stats.budget_exhausted = re->match.budget_exhausted;
    return 1;
}

static void free_per_rule(const sw_catalog_entry **entry, uint8_t *superseded, uint32_t *stamp,
                          uint32_t *cand)
{
    free(entry);
    free(superseded);
    free(stamp);
    free(cand);
}

/* A rule tagged with the seawall_id of a built-in detection the configuration enables is
 * superseded: the built-in raises that id with the context a rule cannot express (ST-EXP-006's
 * smi_directors allow-list) and once per flow, so the rule's alert would be a duplicate, or a
 * false positive from a director. Its matches are counted (rules.superseded), not raised. */
sw_status rules_engine_attach(rules_engine *re, const sw_ruleset *rs, const sw_catalog *catalog,
                              const sw_engine_config *cfg, sw_error *err)
{
    if (rs && !rs->compiled)
        return sw_error_set(err, SW_ERR_INVALID, NULL, 0, NULL,
                            "the ruleset must be compiled (sw_ruleset_compile) before use");
    size_t n = rs ? rs->n_rules : 0;
    const sw_catalog_entry **entry = calloc(n ? n : 1, sizeof(*entry));
    uint8_t *superseded = calloc(n ? n : 1, sizeof(*superseded));
    uint32_t *stamp = calloc(n ? n : 1, sizeof(uint32_t));
    uint32_t *cand = calloc(n ? n : 1, sizeof(uint32_t));
    if (!entry || !superseded || !stamp || !cand) {
        free_per_rule(entry, superseded, stamp, cand);
        return sw_error_set(err, SW_ERR_NOMEM, NULL, 0, NULL, "out of memory attaching rules");
    }
    /* Hyperscan scratch is per thread: this engine's own, grown for each buffer's database. */
    sw_status st = SW_OK;
    for (int b = 0; rs && b < RB_COUNT && st == SW_OK; b++)
        if (rs->pf[b])
            st = sw_prefilter_scratch_reserve(rs->pf[b], &re->pf_scratch);
    if (st != SW_OK) {
        free_per_rule(entry, superseded, stamp, cand);
        return sw_error_set(err, st, NULL, 0, NULL, "out of memory for prefilter scratch");
    }
    for (size_t i = 0; i < n; i++) {
        const sw_rule *r = rs->rules[i];
        const sw_catalog_entry *e = r->seawall_id ? sw_catalog_find(catalog, r->seawall_id) : NULL;
        entry[i] = e ? e : &r->own_entry;
        superseded[i] = (uint8_t)sw_engine_builtin_enabled(cfg, r->seawall_id);
    }
    free_per_rule(re->entry, re->superseded, re->stamp, re->cand);
    re->entry = entry;
    re->superseded = superseded;
    re->stamp = stamp;
    re->cand = cand;
    re->generation = 0;
    re->rs = rs;
    return SW_OK;
}
