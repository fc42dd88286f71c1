/* SNMP operations on infrastructure, from parsed PDUs: SetRequest (ST-SNMP-002), one community
 * string tried across many devices (ST-SNMP-003) and v1/v2c in use at all (ST-SNMP-004).
 * Community strings are secrets: only the first 12 hex digits of their SHA-256 are kept or
 * reported, never the string. */
#include "detect-table.h"
#include "detect.h"
#include "util-cursor.h"
#include "util-sha256.h"

#include <stdlib.h>
#include <string.h>

/* RFC 3416 section 3: PDU tags of the requests an agent receives. */
#define PDU_GET      0xA0
#define PDU_GETNEXT  0xA1
#define PDU_SET      0xA3
#define PDU_GETBULK  0xA5
#define SNMP_V1      0  /* RFC 1157 section 4: version-1(0) */
#define SNMP_V2C     1  /* RFC 1901 section 3: version(1) */
#define COMMUNITY_ID 12 /* hex digits of the community digest shown */
#define SWEEP_MAX    65 /* devices remembered per (source, community): the devices cap + 1 */

/* Subtrees whose SET changes what the device trusts or where its data goes. */
static const struct {
    const char *prefix, *mib;
} sensitive_oids[] = {
    {"1.3.6.1.4.1.9.9.96", "CISCO-CONFIG-COPY-MIB"},        /* config copy to/from TFTP/FTP */
    {"1.3.6.1.4.1.9.2.1.55", "OLD-CISCO-SYS-MIB writeNet"}, /* legacy config write to TFTP */
    {"1.3.6.1.4.1.9.10.56", "CISCO-AAA-SERVER-MIB"},
    {"1.3.6.1.4.1.9.9.150", "CISCO-AAA-SESSION-MIB"},
    {"1.3.6.1.2.1.10.131", "TUNNEL-MIB"},          /* RFC 4087: tunnel endpoints */
    {"1.3.6.1.6.3.15", "SNMP-USER-BASED-SM-MIB"},  /* RFC 3414: SNMPv3 users */
    {"1.3.6.1.6.3.16", "SNMP-VIEW-BASED-ACM-MIB"}, /* RFC 3415: SNMP access control */
    {"1.3.6.1.6.3.18", "SNMP-COMMUNITY-MIB"},      /* RFC 3584: communities */
};

typedef struct sweep_device {
    uint32_t ip_hash;
    int64_t last_sec;
} sweep_device;

typedef struct sweep_entry {
    size_t n;
    int fired;
    sweep_device dev[SWEEP_MAX];
} sweep_entry;

typedef struct snmp_ops_state {
    sw_dtable *sweeps;   /* (source, community digest) -> devices tried */
    sw_dtable *reported; /* (device, version) -> last ST-SNMP-004 time */
    uint64_t devices, window, interval;
} snmp_ops_state;

static void *snmp_ops_new(const sw_detect_ctx *ctx)
{
    snmp_ops_state *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->devices = sw_detect_param(ctx, "ST-SNMP-003", "devices");
    s->window = sw_detect_param(ctx, "ST-SNMP-003", "window");
    s->interval = sw_detect_param(ctx, "ST-SNMP-004", "interval");
    s->sweeps =
        sw_dtable_new(sw_detect_param(ctx, "ST-SNMP-003", "max-sources"), sizeof(sweep_entry));
    s->reported =
        sw_dtable_new(sw_detect_param(ctx, "ST-SNMP-004", "max-devices"), sizeof(sw_time));
    if (!s->sweeps || !s->reported) {
        sw_dtable_free(s->sweeps);
        sw_dtable_free(s->reported);
        free(s);
        return NULL;
    }
    return s;
}

static void snmp_ops_free(void *state)
{
    snmp_ops_state *s = state;
    sw_dtable_free(s->sweeps);
    sw_dtable_free(s->reported);
    free(s);
}

/* SHA-256 of the community, fed through the cursor in small copies. */
static void community_digest(sw_bytes community, uint8_t out[SW_UTIL_SHA256_LEN])
{
    sw_util_sha256_ctx h;
    sw_util_sha256_init(&h);
    sw_cursor cur = sw_cur_init(community.data, community.len);
    uint8_t chunk[64];
    while (sw_cur_left(&cur) > 0) {
        size_t n = sw_cur_left(&cur) < sizeof(chunk) ? sw_cur_left(&cur) : sizeof(chunk);
        if (!sw_cur_bytes(&cur, chunk, n))
            break;
        sw_util_sha256_update(&h, chunk, n);
    }
    sw_util_sha256_final(&h, out);
}

/* 1 when oid is prefix itself or lies below it (a whole-arc match: .96 is not .960). */
static int oid_under(const char *oid, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(oid, prefix, n) == 0 && (oid[n] == '\0' || oid[n] == '.');
}

static const char *sensitive_mib(const sw_obs_snmp *p, const char **oid)
{
    for (size_t i = 0; i < p->n_oids && i < SW_OBS_SNMP_MAX_OIDS; i++)
        for (size_t k = 0; k < sizeof(sensitive_oids) / sizeof(sensitive_oids[0]); k++)
            if (p->oids[i] && oid_under(p->oids[i], sensitive_oids[k].prefix)) {
                *oid = p->oids[i];
                return sensitive_oids[k].mib;
            }
    return NULL;
}

static void check_set(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_obs_snmp *p = &obs->u.snmp;
    const char *oid = p->n_oids > 0 && p->oids[0] ? p->oids[0] : "";
    const char *mib = sensitive_mib(p, &oid);
    int from_nms = sw_detect_in(ctx, SW_NET_NMS, &p->flow->src);
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN];
    sw_evidence ev[5] = {
        {"infra", sw_detect_ip_text(&p->flow->dst, a)},
        {"source", sw_detect_ip_text(&p->flow->src, b)},
        {"oid", oid},
        {"source_in_nms", from_nms ? "yes" : "no"},
    };
    size_t n = 4;
    if (mib)
        ev[n++] = (sw_evidence){"mib", mib};
    sw_detect_alert(ctx, SW_DET_SNMP_002, obs, !from_nms || mib ? SW_SEV_CRITICAL : 0, ev, n);
}

/* Forgets devices last tried more than `window` seconds ago; returns how many remain. */
static size_t sweep_expire(sweep_entry *e, int64_t now_sec, uint64_t window)
{
    size_t kept = 0;
    for (size_t i = 0; i < e->n; i++)
        if (now_sec - e->dev[i].last_sec <= (int64_t)window)
            e->dev[kept++] = e->dev[i];
    e->n = kept;
    if (kept == 0)
        e->fired = 0; /* the episode is over: a later sweep is news again */
    return kept;
}

/* Records that device was tried; 1 when it is new in the window. */
static int sweep_add(sweep_entry *e, uint32_t ip_hash, int64_t now_sec)
{
    for (size_t i = 0; i < e->n; i++)
        if (e->dev[i].ip_hash == ip_hash) {
            e->dev[i].last_sec = now_sec;
            return 0;
        }
    if (e->n >= SWEEP_MAX)
        return 0; /* past the threshold already; the alert has fired */
    e->dev[e->n++] = (sweep_device){ip_hash, now_sec};
    return 1;
}

static void check_sweep(sw_detect_ctx *ctx, snmp_ops_state *s, const sw_observation *obs,
                        const uint8_t digest[SW_UTIL_SHA256_LEN])
{
    const sw_flow_obs *f = obs->u.snmp.flow;
    if (sw_detect_in(ctx, SW_NET_NMS, &f->src))
        return; /* NMS polling reuses one community by design */
    uint64_t key = sw_dtable_hash(SW_DTABLE_HASH_SEED, f->src.bytes, sizeof(f->src.bytes));
    key = sw_dtable_hash(key, digest, 8);
    int evicted = 0;
    sweep_entry *e = sw_dtable_upsert(s->sweeps, key, obs->ts, &evicted);
    if (evicted)
        sw_detect_count_dropped(ctx);
    sweep_expire(e, obs->ts.sec, s->window);
    uint32_t ip_hash = (uint32_t)sw_dtable_hash(SW_DTABLE_HASH_SEED, f->dst.bytes, 16);
    if (!sweep_add(e, ip_hash, obs->ts.sec) || e->n <= s->devices || e->fired)
        return;
    e->fired = 1;
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN], c[SW_DETECT_TEXT_LEN], d[SW_DETECT_TEXT_LEN],
        id[COMMUNITY_ID + 1];
    const sw_evidence ev[] = {
        {"source", sw_detect_ip_text(&f->src, a)},
        {"community_sha256", sw_util_sha256_hex(digest, COMMUNITY_ID, id)},
        {"devices", sw_detect_u16_text((unsigned)e->n, b)},
        {"window_s", sw_detect_u16_text((unsigned)s->window, c)},
        {"last_device", sw_detect_ip_text(&f->dst, d)},
    };
    sw_detect_alert(ctx, SW_DET_SNMP_003, obs, 0, ev, 5);
}

/* A posture finding, so once per device and version per `interval`, not per poll. */
static void check_posture(sw_detect_ctx *ctx, snmp_ops_state *s, const sw_observation *obs,
                          const uint8_t digest[SW_UTIL_SHA256_LEN])
{
    const sw_obs_snmp *p = &obs->u.snmp;
    uint64_t key = sw_dtable_hash(SW_DTABLE_HASH_SEED, p->flow->dst.bytes, 16);
    key = sw_dtable_hash(key, &p->version, 1);
    sw_time *reported = sw_dtable_find(s->reported, key, obs->ts);
    if (reported && sw_time_diff_us(*reported, obs->ts) < (int64_t)s->interval * 1000000)
        return;
    int evicted = 0;
    reported = sw_dtable_upsert(s->reported, key, obs->ts, &evicted);
    if (evicted)
        sw_detect_count_dropped(ctx);
    *reported = obs->ts;
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN], id[COMMUNITY_ID + 1];
    const sw_evidence ev[] = {
        {"infra", sw_detect_ip_text(&p->flow->dst, a)},
        {"source", sw_detect_ip_text(&p->flow->src, b)},
        {"version", p->version == SNMP_V1 ? "v1" : "v2c"},
        {"community_sha256", sw_util_sha256_hex(digest, COMMUNITY_ID, id)},
    };
    sw_detect_alert(ctx, SW_DET_SNMP_004, obs, 0, ev, 4);
}

static int is_request(uint8_t pdu_type)
{
    return pdu_type == PDU_GET || pdu_type == PDU_GETNEXT || pdu_type == PDU_SET ||
           pdu_type == PDU_GETBULK;
}

/* ST-SNMP-002 judges one PDU alone: a per-flow detector. */
static void observe_snmp_set(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_obs_snmp *p = &obs->u.snmp;
    if (p->pdu_type == PDU_SET && sw_detect_in(ctx, SW_NET_INFRA, &p->flow->dst))
        check_set(ctx, obs);
}

/* ST-SNMP-003 (a source's sweep over devices) and ST-SNMP-004 (once per device and version)
 * keep state across flows. */
static void observe_snmp_ops(sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_obs_snmp *p = &obs->u.snmp;
    if (!is_request(p->pdu_type) || !sw_detect_in(ctx, SW_NET_INFRA, &p->flow->dst))
        return;
    if (p->version != SNMP_V1 && p->version != SNMP_V2C)
        return; /* v3: no community to reuse, and the posture finding is about v1/v2c */
    snmp_ops_state *s = sw_detect_state(ctx, &sw_detector_snmp_ops);
    uint8_t digest[SW_UTIL_SHA256_LEN];
    community_digest(p->community, digest);
    if (sw_detect_enabled(ctx, SW_DET_SNMP_003))
        check_sweep(ctx, s, obs, digest);
    if (sw_detect_enabled(ctx, SW_DET_SNMP_004))
        check_posture(ctx, s, obs, digest);
}

/* observe_snmp_ops's own first tests. */
static int wants_snmp_ops(const sw_detect_ctx *ctx, const sw_observation *obs)
{
    const sw_obs_snmp *p = &obs->u.snmp;
    return is_request(p->pdu_type) && (p->version == SNMP_V1 || p->version == SNMP_V2C) &&
           sw_detect_in(ctx, SW_NET_INFRA, &p->flow->dst);
}

const sw_detector sw_detector_snmp_set = {
    .name = "snmp-set",
    .ids = {SW_DET_SNMP_002},
    .n_ids = 1,
    .observe = observe_snmp_set,
    .obs_mask = SW_OBS_BIT(SW_OBS_SNMP),
};

const sw_detector sw_detector_snmp_ops = {
    .name = "snmp-ops",
    .ids = {SW_DET_SNMP_003, SW_DET_SNMP_004},
    .n_ids = 2,
    .observe = observe_snmp_ops,
    .obs_mask = SW_OBS_BIT(SW_OBS_SNMP),
    .state_new = snmp_ops_new,
    .state_free = snmp_ops_free,
    .cross_flow = 1,
    .wants = wants_snmp_ops,
};
