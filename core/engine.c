/* The detection engine: validates observations, runs the built-in detectors over them and turns
 * their findings into alerts (enable/disable, severity, once per flow). All state lives in the
 * sw_engine handle. */
#include "detect-state.h"
#include "detect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Flows that already alerted: 4096 buckets of 4 slots (256 KiB). Only flows that raised an alert
 * take a slot, so this covers far more flows than are ever alerting at once; when a bucket is
 * full the oldest slot is reused and counted in state_dropped (that flow may alert again). */
#define FIRED_BUCKET_BITS 12
#define FIRED_BUCKETS     (1u << FIRED_BUCKET_BITS)
#define FIRED_WAYS        4

typedef struct fired_slot {
    uint64_t flow_id;
    uint64_t mask; /* bit per sw_detection */
    uint32_t used;
} fired_slot;

typedef struct fired_bucket {
    fired_slot slot[FIRED_WAYS];
    unsigned next_victim;
} fired_bucket;

struct sw_engine {
    const sw_catalog *catalog;
    const sw_engine_config *cfg;
    sw_alert_cb cb;
    void *user;
    int blank;
    const sw_catalog_entry *entry[SW_DET_COUNT];
    int enabled[SW_DET_COUNT];
    sw_severity severity[SW_DET_COUNT];
    sw_engine_stats stats;
    fired_bucket *fired;
    sw_detect_state *dstate; /* the behavioural detectors' tables and tunables */
    int in_alert_hook;       /* an on_alert hook is running: its alerts do not re-enter */
};

static const char *const detection_ids[SW_DET_COUNT] = {
    [SW_DET_TUN_001] = "ST-TUN-001", [SW_DET_TUN_002] = "ST-TUN-002",
    [SW_DET_TUN_003] = "ST-TUN-003", [SW_DET_AAA_001] = "ST-AAA-001",
    [SW_DET_AAA_002] = "ST-AAA-002", [SW_DET_SNMP_001] = "ST-SNMP-001",
    [SW_DET_ACC_002] = "ST-ACC-002", [SW_DET_ACC_005] = "ST-ACC-005",
    [SW_DET_ACC_001] = "ST-ACC-001", [SW_DET_ACC_003] = "ST-ACC-003",
    [SW_DET_ACC_004] = "ST-ACC-004", [SW_DET_ACC_006] = "ST-ACC-006",
    [SW_DET_LAT_001] = "ST-LAT-001", [SW_DET_LAT_002] = "ST-LAT-002",
    [SW_DET_LAT_003] = "ST-LAT-003", [SW_DET_LAT_004] = "ST-LAT-004",
    [SW_DET_EVA_001] = "ST-EVA-001", [SW_DET_CON_001] = "ST-CON-001",
    [SW_DET_C2_001] = "ST-C2-001",   [SW_DET_SCAN_001] = "ST-SCAN-001",
};
_Static_assert(SW_DET_COUNT <= 64, "the once-per-flow mask holds 64 detections");

/* Every built-in detector; each needs the operator's network sets to mean anything. */
static const sw_detector *const detectors[] = {
    &sw_detector_tunnel,    &sw_detector_aaa,     &sw_detector_snmp,    &sw_detector_mgmt,
    &sw_detector_access,    &sw_detector_lateral, &sw_detector_evasion, &sw_detector_c2,
    &sw_detector_container, &sw_detector_scan,
};

const char *sw_detection_catalog_id(sw_detection det)
{
    return (unsigned)det < SW_DET_COUNT ? detection_ids[det] : NULL;
}

sw_engine *sw_engine_new(const sw_catalog *catalog, const sw_engine_config *cfg, sw_alert_cb cb,
                         void *user, sw_error *err)
{
    sw_engine *e = calloc(1, sizeof(*e));
    if (!e || !(e->fired = calloc(FIRED_BUCKETS, sizeof(*e->fired))) ||
        !(e->dstate = sw_detect_state_new(cfg))) {
        if (e)
            free(e->fired);
        free(e);
        sw_error_set(err, SW_ERR_NOMEM, NULL, 0, NULL, "out of memory creating the engine");
        return NULL;
    }
    e->catalog = catalog;
    e->cfg = cfg;
    e->cb = cb;
    e->user = user;
    e->blank = sw_engine_config_is_blank(cfg);
    for (int d = 0; d < SW_DET_COUNT; d++) {
        e->entry[d] = sw_catalog_find(catalog, detection_ids[d]);
        if (!e->entry[d]) {
            sw_error_set(err, SW_ERR_NOTFOUND, NULL, 0, detection_ids[d],
                         "the catalog lacks this built-in detection; engine not created");
            sw_engine_free(e);
            return NULL;
        }
        e->enabled[d] = sw_engine_config_is_enabled(cfg, detection_ids[d]);
        sw_severity over = sw_engine_config_severity(cfg, detection_ids[d]);
        e->severity[d] = over ? over : e->entry[d]->severity;
    }
    return e;
}

void sw_engine_free(sw_engine *engine)
{
    if (!engine)
        return;
    free(engine->fired);
    sw_detect_state_free(engine->dstate);
    free(engine);
}

void sw_engine_get_stats(const sw_engine *engine, sw_engine_stats *out)
{
    if (!out)
        return;
    memset(out, 0, sizeof(*out));
    if (engine)
        *out = engine->stats;
}

static fired_bucket *bucket_of(sw_engine *e, uint64_t flow_id)
{
    /* Fibonacci hashing spreads sequential flow ids over the buckets. */
    return &e->fired[(flow_id * 0x9E3779B97F4A7C15ull) >> (64 - FIRED_BUCKET_BITS)];
}

static fired_slot *fired_find(sw_engine *e, uint64_t flow_id)
{
    fired_bucket *b = bucket_of(e, flow_id);
    for (int i = 0; i < FIRED_WAYS; i++)
        if (b->slot[i].used && b->slot[i].flow_id == flow_id)
            return &b->slot[i];
    return NULL;
}

static void fired_mark(sw_engine *e, uint64_t flow_id, sw_detection det)
{
    fired_slot *s = fired_find(e, flow_id);
    if (!s) {
        fired_bucket *b = bucket_of(e, flow_id);
        for (int i = 0; i < FIRED_WAYS && !s; i++)
            if (!b->slot[i].used)
                s = &b->slot[i];
        if (!s) {
            s = &b->slot[b->next_victim];
            b->next_victim = (b->next_victim + 1) % FIRED_WAYS;
            e->stats.state_dropped++;
        }
        s->used = 1;
        s->flow_id = flow_id;
        s->mask = 0;
    }
    s->mask |= 1ull << det;
}

static void fired_forget(sw_engine *e, uint64_t flow_id)
{
    fired_slot *s = fired_find(e, flow_id);
    if (s)
        memset(s, 0, sizeof(*s));
}

int sw_detect_enabled(const sw_detect_ctx *ctx, sw_detection det)
{
    return (unsigned)det < SW_DET_COUNT && ctx->enabled[det];
}

int sw_detect_in(const sw_detect_ctx *ctx, sw_netset_id set, const sw_ip *ip)
{
    return sw_netset_contains(sw_engine_config_net(ctx->cfg, set), ip);
}

void sw_detect_alert(sw_detect_ctx *ctx, sw_detection det, const sw_observation *obs,
                     sw_severity escalate_to, const sw_evidence *evidence, size_t n_evidence)
{
    sw_detect_alert_flow(ctx, det, obs->ts, obs->pcap_cnt, sw_detect_flow_of(obs), escalate_to,
                         evidence, n_evidence);
}

void sw_detect_alert_flow(sw_detect_ctx *ctx, sw_detection det, sw_time ts, uint64_t pcap_cnt,
                          const sw_flow_obs *flow, sw_severity escalate_to,
                          const sw_evidence *evidence, size_t n_evidence)
{
    if (!sw_detect_enabled(ctx, det) || !flow)
        return;
    /* flow_id 0 means the front end has no flow identity: nothing to de-duplicate on. */
    if (flow->flow_id != 0) {
        const fired_slot *s = fired_find(ctx, flow->flow_id);
        if (s && (s->mask & (1ull << det)))
            return;
        fired_mark(ctx, flow->flow_id, det);
    }
    sw_alert alert;
    memset(&alert, 0, sizeof(alert));
    alert.entry = ctx->entry[det];
    alert.severity = ctx->severity[det];
    if (escalate_to && escalate_to < alert.severity)
        alert.severity = escalate_to; /* lower number = more severe */
    alert.ts = ts;
    alert.pcap_cnt = pcap_cnt;
    alert.flow = flow;
    for (size_t i = 0; i < n_evidence && i < SW_ALERT_MAX_EVIDENCE; i++)
        alert.evidence[alert.n_evidence++] = evidence[i];
    sw_detect_emit(ctx, &alert);
}

static int detector_wanted(const sw_engine *e, const sw_detector *d);

void sw_detect_emit(sw_detect_ctx *ctx, const sw_alert *alert)
{
    ctx->stats.alerts++;
    if (ctx->cb)
        ctx->cb(alert, ctx->user);
    if (ctx->in_alert_hook)
        return;
    ctx->in_alert_hook = 1;
    for (size_t i = 0; i < sizeof(detectors) / sizeof(detectors[0]); i++)
        if (detectors[i]->on_alert && detector_wanted(ctx, detectors[i]))
            detectors[i]->on_alert(ctx, alert);
    ctx->in_alert_hook = 0;
}

const sw_flow_obs *sw_detect_flow_of(const sw_observation *obs)
{
    switch (obs->type) {
    case SW_OBS_FLOW_START:
    case SW_OBS_FLOW_ANSWERED:
    case SW_OBS_FLOW_ESTABLISHED:
    case SW_OBS_FLOW_END:
        return &obs->u.flow;
    case SW_OBS_TICK:
        return NULL;
    case SW_OBS_SSH_BANNER:
    case SW_OBS_SSH_KEXINIT:
    case SW_OBS_TLS_HELLO:
    case SW_OBS_DNS:
    case SW_OBS_SNMP:
    case SW_OBS_TACACS:
    case SW_OBS_RADIUS:
    case SW_OBS_FILE_REQUEST:
    case SW_OBS_FILE_DATA:
    case SW_OBS_FTP_COMMAND:
    case SW_OBS_SYSLOG:
    case SW_OBS_SMI:
    case SW_OBS_HTTP_REQUEST:
    case SW_OBS_HTTP_RESPONSE:
    case SW_OBS_PAYLOAD:
        /* Every application member starts with its `flow` pointer (observation.h). */
        return obs->u.ssh_banner.flow;
    }
    return NULL;
}

sw_detect_state *sw_detect_state_of(sw_detect_ctx *ctx)
{
    return ctx->dstate;
}

uint64_t *sw_detect_dropped_counter(sw_detect_ctx *ctx)
{
    return &ctx->stats.state_dropped;
}

const sw_ioc_set *sw_detect_ioc(const sw_detect_ctx *ctx)
{
    return sw_engine_config_ioc(ctx->cfg);
}

char *sw_engine_state_save(const sw_engine *engine, size_t *len)
{
    return engine ? sw_detect_state_save(engine->dstate, len) : NULL;
}

sw_status sw_engine_state_load(sw_engine *engine, const char *text, size_t len, sw_error *err)
{
    if (!engine)
        return sw_error_set(err, SW_ERR_INVALID, NULL, 0, NULL, "no engine");
    return sw_detect_state_load(engine->dstate, text, len, err);
}

static int usable(const sw_observation *obs)
{
    if (obs->type < SW_OBS_FLOW_START || obs->type > SW_OBS_TICK)
        return 0;
    if (obs->type == SW_OBS_TICK)
        return 1;
    const sw_flow_obs *f = sw_detect_flow_of(obs);
    return f && (f->src.family == 4 || f->src.family == 6) &&
           (f->dst.family == 4 || f->dst.family == 6);
}

static int detector_takes(const sw_engine *e, const sw_detector *d, const sw_observation *obs)
{
    uint32_t mask = d->obs_mask ? d->obs_mask : SW_OBS_FLOW_BITS;
    if (!(mask & SW_OBS_BIT(obs->type)) || !d->observe)
        return 0;
    /* With no network set configured, "inside INFRA" is never true: skip the work. */
    return (!e->blank || d->context_free) && detector_wanted(e, d);
}

static int detector_wanted(const sw_engine *e, const sw_detector *d)
{
    for (size_t i = 0; i < d->n_ids; i++)
        if (e->enabled[d->ids[i]])
            return 1;
    return 0;
}

void sw_engine_observe(sw_engine *engine, const sw_observation *obs)
{
    if (!engine)
        return;
    engine->stats.observations++;
    if (!obs || !usable(obs)) {
        engine->stats.observations_ignored++;
        return;
    }
    sw_detect_state_clock(engine->dstate, obs->ts.sec);
    for (size_t i = 0; i < sizeof(detectors) / sizeof(detectors[0]); i++)
        if (detector_takes(engine, detectors[i], obs))
            detectors[i]->observe(engine, obs);
    if (obs->type == SW_OBS_FLOW_END && obs->u.flow.flow_id != 0)
        fired_forget(engine, obs->u.flow.flow_id);
}

const char *sw_detect_ip_text(const sw_ip *ip, char *buf)
{
    return sw_ip_format(ip, buf, SW_DETECT_TEXT_LEN);
}

const char *sw_detect_u16_text(unsigned value, char *buf)
{
    snprintf(buf, SW_DETECT_TEXT_LEN, "%u", value);
    return buf;
}

const char *sw_detect_hex16_text(unsigned value, char *buf)
{
    snprintf(buf, SW_DETECT_TEXT_LEN, "0x%04x", value & 0xffffu);
    return buf;
}
