/* The detection engine: validates observations, runs the built-in detectors over them and turns
 * their findings into alerts (enable/disable, severity, once per flow). All state lives in the
 * sw_engine handle. */
#include "detect-state.h"
#include "detect.h"
#include "hygiene.h"
#include "rules-engine.h"

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

#define N_DETECTORS_MAX 32
/* Every observation type a detector can ask for: obs_mask has one bit per type (SW_OBS_BIT). */
#define OBS_TYPES 32

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
    size_t fired_live;            /* slots in use: with none, a flow's end need not look */
    void *state[N_DETECTORS_MAX]; /* per detector, by its index in detectors[] */
    sw_hygiene *hygiene;          /* NULL: every alert goes straight to cb */
    rules_engine *rules;          /* NULL until sw_engine_set_rules */
    int in_alert_hook;            /* an on_alert hook is running: its alerts do not re-enter */
    int learning_started;         /* the learning clock (sw_detect_learning) */
    int learning_unchecked;       /* the clock came from a state file: not yet met traffic */
    sw_engine_scope scope;        /* which detections run (sw_engine_set_scope) */
    int origin;                   /* detector running now, -1 otherwise (sw_engine_alert_origin) */
    /* Per observation type, the detectors that take it in this engine's scope (indexes into
     * detectors[]), worked out when the engine is made or its scope set: configuration and
     * enabled ids are fixed for the engine's life. */
    uint8_t takers[OBS_TYPES][N_DETECTORS_MAX];
    uint8_t n_takers[OBS_TYPES];
    int64_t learning_start; /* packet time, seconds */
};

static const char *const detection_ids[SW_DET_COUNT] = {
    [SW_DET_TUN_001] = "ST-TUN-001",   [SW_DET_TUN_002] = "ST-TUN-002",
    [SW_DET_TUN_003] = "ST-TUN-003",   [SW_DET_AAA_001] = "ST-AAA-001",
    [SW_DET_AAA_002] = "ST-AAA-002",   [SW_DET_SNMP_001] = "ST-SNMP-001",
    [SW_DET_ACC_002] = "ST-ACC-002",   [SW_DET_ACC_005] = "ST-ACC-005",
    [SW_DET_AAA_003] = "ST-AAA-003",   [SW_DET_AAA_004] = "ST-AAA-004",
    [SW_DET_SNMP_002] = "ST-SNMP-002", [SW_DET_SNMP_003] = "ST-SNMP-003",
    [SW_DET_SNMP_004] = "ST-SNMP-004", [SW_DET_EXF_001] = "ST-EXF-001",
    [SW_DET_EXF_002] = "ST-EXF-002",   [SW_DET_EXF_003] = "ST-EXF-003",
    [SW_DET_EXF_004] = "ST-EXF-004",   [SW_DET_EVA_002] = "ST-EVA-002",
    [SW_DET_TUN_004] = "ST-TUN-004",   [SW_DET_EXP_006] = "ST-EXP-006",
    [SW_DET_EXP_007] = "ST-EXP-007",   [SW_DET_ACC_001] = "ST-ACC-001",
    [SW_DET_ACC_003] = "ST-ACC-003",   [SW_DET_ACC_004] = "ST-ACC-004",
    [SW_DET_ACC_006] = "ST-ACC-006",   [SW_DET_LAT_001] = "ST-LAT-001",
    [SW_DET_LAT_002] = "ST-LAT-002",   [SW_DET_LAT_003] = "ST-LAT-003",
    [SW_DET_LAT_004] = "ST-LAT-004",   [SW_DET_EVA_001] = "ST-EVA-001",
    [SW_DET_CON_001] = "ST-CON-001",   [SW_DET_C2_001] = "ST-C2-001",
    [SW_DET_SCAN_001] = "ST-SCAN-001",
};
_Static_assert(SW_DET_COUNT <= 64, "the once-per-flow mask holds 64 detections");

/* The fired mask holds one bit per detection. */
_Static_assert(SW_DET_COUNT <= 64, "fired_slot.mask has 64 bits");

/* Every built-in detector; each needs the operator's network sets to mean anything. Where one
 * observation feeds a per-flow and a cross-flow half of a family (snmp, access, lateral), the
 * per-flow half comes first: alerts come out in the order they did before the split. */
static const sw_detector *const detectors[] = {
    &sw_detector_tunnel,        &sw_detector_aaa,         &sw_detector_snmp,
    &sw_detector_mgmt,          &sw_detector_aaa_content, &sw_detector_snmp_set,
    &sw_detector_snmp_ops,      &sw_detector_exfil,       &sw_detector_syslog,
    &sw_detector_tunnel_volume, &sw_detector_smi,         &sw_detector_access_ssh,
    &sw_detector_access,        &sw_detector_lateral_ssh, &sw_detector_lateral,
    &sw_detector_evasion,       &sw_detector_c2,          &sw_detector_container,
    &sw_detector_scan,
};
#define N_DETECTORS (sizeof(detectors) / sizeof(detectors[0]))
_Static_assert(N_DETECTORS <= N_DETECTORS_MAX, "raise N_DETECTORS_MAX");

int sw_engine_builtin_enabled(const sw_engine_config *cfg, const char *seawall_id)
{
    if (!cfg || !seawall_id)
        return 0;
    for (int d = 0; d < SW_DET_COUNT; d++)
        if (strcmp(detection_ids[d], seawall_id) == 0)
            return sw_engine_config_is_enabled(cfg, seawall_id);
    return 0;
}

const char *sw_detection_catalog_id(sw_detection det)
{
    return (unsigned)det < SW_DET_COUNT ? detection_ids[det] : NULL;
}

/* 1 when at least one of the detector's ids is enabled. */
static int detector_enabled(const sw_engine *e, const sw_detector *d)
{
    for (size_t i = 0; i < d->n_ids; i++)
        if (e->enabled[d->ids[i]])
            return 1;
    return 0;
}

/* 1 when the detector observes this type and has something to do: with no network set
 * configured, "inside INFRA" is never true, so only context-free detectors (IOC) run. */
static int detector_takes(const sw_engine *e, const sw_detector *d, sw_obs_type type)
{
    if (!d->observe || (d->obs_mask ? !(d->obs_mask & SW_OBS_BIT(type)) : !sw_obs_is_flow(type)))
        return 0;
    return (!e->blank || d->context_free) && detector_enabled(e, d);
}

static int in_scope(const sw_engine *e, const sw_detector *d)
{
    return e->scope == SW_ENGINE_ALL || (e->scope == SW_ENGINE_CROSS_FLOW) == (d->cross_flow != 0);
}

static void find_takers(sw_engine *e)
{
    for (unsigned type = 0; type < OBS_TYPES; type++) {
        e->n_takers[type] = 0;
        for (size_t i = 0; i < N_DETECTORS; i++)
            if (in_scope(e, detectors[i]) && detector_takes(e, detectors[i], (sw_obs_type)type))
                e->takers[type][e->n_takers[type]++] = (uint8_t)i;
    }
}

sw_engine *sw_engine_new(const sw_catalog *catalog, const sw_engine_config *cfg, sw_alert_cb cb,
                         void *user, sw_error *err)
{
    sw_engine *e = calloc(1, sizeof(*e));
    if (!e || !(e->fired = calloc(FIRED_BUCKETS, sizeof(*e->fired)))) {
        free(e);
        sw_error_set(err, SW_ERR_NOMEM, NULL, 0, NULL, "out of memory creating the engine");
        return NULL;
    }
    e->catalog = catalog;
    e->cfg = cfg;
    e->origin = -1;
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
    find_takers(e);
    for (size_t i = 0; i < N_DETECTORS; i++) {
        if (!detectors[i]->state_new)
            continue;
        e->state[i] = detectors[i]->state_new(e);
        if (!e->state[i]) {
            sw_error_set(err, SW_ERR_NOMEM, NULL, 0, detectors[i]->name,
                         "out of memory creating detection state; engine not created");
            sw_engine_free(e);
            return NULL;
        }
    }
    return e;
}

void sw_engine_free(sw_engine *engine)
{
    if (!engine)
        return;
    for (size_t i = 0; i < N_DETECTORS; i++)
        if (engine->state[i] && detectors[i]->state_free)
            detectors[i]->state_free(engine->state[i]);
    sw_hygiene_free(engine->hygiene);
    free(engine->fired);
    rules_engine_free(engine->rules);
    free(engine);
}

sw_status sw_engine_set_rules(sw_engine *engine, const sw_ruleset *rules, sw_error *err)
{
    if (!engine)
        return sw_error_set(err, SW_ERR_INVALID, NULL, 0, NULL, "no engine");
    if (!engine->rules && !(engine->rules = rules_engine_new()))
        return sw_error_set(err, SW_ERR_NOMEM, NULL, 0, NULL, "out of memory for rule state");
    /* A held aggregate may point at a rule's own catalog entry inside the old ruleset, which
     * the caller frees after this call: emit it first. */
    sw_engine_flush(engine);
    return rules_engine_attach(engine->rules, rules, engine->catalog, engine->cfg, err);
}

sw_status sw_engine_take_rule_state(sw_engine *to, sw_engine *from, sw_error *err)
{
    if (!to || !from || !from->rules)
        return SW_OK;
    if (!to->rules && !(to->rules = rules_engine_new()))
        return sw_error_set(err, SW_ERR_NOMEM, NULL, 0, NULL, "out of memory for rule state");
    /* The tables hold flowbit name hashes and gid:sid thresholds, never pointers into a
     * ruleset, so they stay meaningful under another ruleset. */
    rules_tables swap = to->rules->tables;
    to->rules->tables = from->rules->tables;
    from->rules->tables = swap;
    return SW_OK;
}

void sw_engine_get_rule_stats(const sw_engine *engine, sw_rule_stats *out)
{
    if (!out)
        return;
    memset(out, 0, sizeof(*out));
    if (engine && engine->rules)
        *out = engine->rules->stats;
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
    if (e->fired_live == 0)
        return NULL; /* the usual answer, given without touching the table */
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
        } else {
            e->fired_live++;
        }
        s->used = 1;
        s->flow_id = flow_id;
        s->mask = 0;
    }
    s->mask |= UINT64_C(1) << det;
}

static void fired_forget(sw_engine *e, uint64_t flow_id)
{
    fired_slot *s = fired_find(e, flow_id);
    if (s) {
        memset(s, 0, sizeof(*s));
        e->fired_live--;
    }
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
    sw_detect_alert_flow(ctx, det, obs->ts, obs->pcap_cnt, sw_obs_flow(obs), escalate_to, evidence,
                         n_evidence);
}

void sw_detect_alert_flow(sw_detect_ctx *ctx, sw_detection det, sw_time ts, uint64_t pcap_cnt,
                          const sw_flow_obs *flow, sw_severity escalate_to,
                          const sw_evidence *evidence, size_t n_evidence)
{
    if (!sw_detect_enabled(ctx, det) || !flow)
        return; /* an alert is always about a flow */
    /* flow_id 0 means the front end has no flow identity: nothing to de-duplicate on. */
    if (flow->flow_id != 0) {
        const fired_slot *s = fired_find(ctx, flow->flow_id);
        if (s && (s->mask & (UINT64_C(1) << det)))
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

/* Built-in and rule alerts alike: counted, through hygiene (when set) to the callback, then shown
 * to the detectors that correlate alerts (ST-SCAN-001 counts ST-EXP-* rule alerts). The hook
 * sees alerts after hygiene handed them on, so suppression cannot hide them from correlation;
 * alerts raised from inside a hook do not re-enter it, so correlation cannot loop. */
void sw_engine_deliver_alert(sw_engine *engine, const sw_alert *alert)
{
    if (engine->scope == SW_ENGINE_PER_FLOW) {
        /* The correlator counts it, applies hygiene and runs the hooks when it is replayed. */
        if (engine->cb)
            engine->cb(alert, engine->user);
        return;
    }
    engine->stats.alerts++;
    if (engine->hygiene)
        sw_hygiene_alert(engine->hygiene, alert, engine->cb, engine->user);
    else if (engine->cb)
        engine->cb(alert, engine->user);
    if (engine->in_alert_hook)
        return;
    engine->in_alert_hook = 1;
    for (size_t i = 0; i < N_DETECTORS; i++)
        if (detectors[i]->on_alert && detector_enabled(engine, detectors[i]))
            detectors[i]->on_alert(engine, alert);
    engine->in_alert_hook = 0;
}

void sw_detect_emit(sw_detect_ctx *ctx, const sw_alert *alert)
{
    sw_engine_deliver_alert(ctx, alert);
}

const sw_ioc_set *sw_detect_ioc(const sw_detect_ctx *ctx)
{
    return sw_engine_config_ioc(ctx->cfg);
}

int sw_detect_learning(const sw_detect_ctx *ctx, int64_t period, int64_t now)
{
    return !ctx->learning_started || now < ctx->learning_start + period;
}

/* The baselines the state file keeps: ST-ACC-004, ST-LAT-001 and ST-EVA-001's tables. */
static sw_baseline_view baseline_view(sw_engine *e)
{
    sw_access_state *acc = sw_detect_state(e, &sw_detector_access);
    sw_lateral_state *lat = sw_detect_state(e, &sw_detector_lateral);
    sw_evasion_state *eva = sw_detect_state(e, &sw_detector_evasion);
    return (sw_baseline_view){&acc->acc004_ports, &lat->lat001_pairs, &eva->eva001_devices,
                              &e->learning_started, &e->learning_start};
}

char *sw_engine_state_save(const sw_engine *engine, size_t *len)
{
    if (!engine)
        return NULL;
    /* The view needs writable pointers for load; save only reads through them. */
    sw_baseline_view v = baseline_view((sw_engine *)engine);
    return sw_detect_state_save(&v, len);
}

sw_status sw_engine_state_load(sw_engine *engine, const char *text, size_t len, sw_error *err)
{
    if (!engine)
        return sw_error_set(err, SW_ERR_INVALID, NULL, 0, NULL, "no engine");
    sw_baseline_view v = baseline_view(engine);
    sw_status rc = sw_detect_state_load(&v, text, len, err);
    if (rc == SW_OK)
        engine->learning_unchecked = engine->learning_started;
    return rc;
}

const sw_flow_obs *sw_obs_flow(const sw_observation *obs)
{
    switch (obs->type) {
    case SW_OBS_FLOW_START:
    case SW_OBS_FLOW_ANSWERED:
    case SW_OBS_FLOW_ESTABLISHED:
    case SW_OBS_FLOW_END:
    case SW_OBS_FLOW_PROGRESS:
        return &obs->u.flow;
    case SW_OBS_SSH_BANNER:
        return obs->u.ssh_banner.flow;
    case SW_OBS_SSH_KEXINIT:
        return obs->u.ssh_kexinit.flow;
    case SW_OBS_TLS_HELLO:
        return obs->u.tls_hello.flow;
    case SW_OBS_DNS:
        return obs->u.dns.flow;
    case SW_OBS_SNMP:
        return obs->u.snmp.flow;
    case SW_OBS_TACACS:
        return obs->u.tacacs.flow;
    case SW_OBS_RADIUS:
        return obs->u.radius.flow;
    case SW_OBS_FILE_REQUEST:
    case SW_OBS_FILE_DATA:
        return obs->u.file.flow;
    case SW_OBS_FTP_COMMAND:
        return obs->u.ftp.flow;
    case SW_OBS_SYSLOG:
        return obs->u.syslog.flow;
    case SW_OBS_SMI:
        return obs->u.smi.flow;
    case SW_OBS_HTTP_REQUEST:
        return obs->u.http_request.flow;
    case SW_OBS_HTTP_RESPONSE:
        return obs->u.http_response.flow;
    case SW_OBS_PAYLOAD:
        return obs->u.payload.flow;
    case SW_OBS_TELNET:
        return obs->u.telnet.flow;
    case SW_OBS_TICK:
        break;
    }
    return NULL;
}

/* Flow observations need both addresses; application observations a flow with both addresses;
 * a tick needs nothing. Anything else (unknown type, missing flow) is ignored and counted. */
static int usable(const sw_observation *obs)
{
    if (obs->type == SW_OBS_TICK)
        return 1;
    const sw_flow_obs *f = sw_obs_flow(obs);
    if (!f)
        return 0;
    return (f->src.family == 4 || f->src.family == 6) && (f->dst.family == 4 || f->dst.family == 6);
}

void sw_engine_set_scope(sw_engine *engine, sw_engine_scope scope)
{
    if (!engine)
        return;
    engine->scope = scope;
    find_takers(engine);
}

int sw_engine_cross_flow_wants(const sw_engine *engine, const sw_observation *obs)
{
    if (!engine || !obs || obs->type == SW_OBS_TICK || !usable(obs))
        return 0;
    for (size_t i = 0; i < N_DETECTORS; i++) {
        const sw_detector *d = detectors[i];
        if (d->cross_flow && detector_takes(engine, d, obs->type) &&
            (!d->wants || d->wants(engine, obs)))
            return 1;
    }
    return 0;
}

int sw_engine_alert_origin(const sw_engine *engine)
{
    return engine ? engine->origin : -1;
}

/* Runs detector i over obs when it is in scope and wants the observation. */
static void run_detector(sw_engine *e, size_t i, const sw_observation *obs)
{
    if (!in_scope(e, detectors[i]) || !detector_takes(e, detectors[i], obs->type))
        return;
    e->origin = (int)i;
    detectors[i]->observe(e, obs);
    e->origin = -1;
}

static void start_learning_clock(sw_engine *e, sw_time ts)
{
    if (!e->learning_started) {
        e->learning_started = 1;
        e->learning_start = ts.sec;
    } else if (e->learning_unchecked) {
        e->learning_unchecked = 0;
        /* A state file whose clock starts after the traffic (written by a replay of a capture
         * with wrong timestamps, or under a wrong clock) would keep every baseline learning,
         * silently, until its start plus the period: years, perhaps. No baseline learns longer
         * than its period from the first traffic it sees; what it learned is kept. */
        if (ts.sec < e->learning_start) {
            e->learning_start = ts.sec;
            e->stats.learning_clock_reset++;
        }
    }
}

void *sw_detect_state(const sw_detect_ctx *ctx, const sw_detector *self)
{
    /* Nearly always asked by the detector that is running: no search then. */
    if (ctx->origin >= 0 && detectors[ctx->origin] == self)
        return ctx->state[ctx->origin];
    for (size_t i = 0; i < N_DETECTORS; i++)
        if (detectors[i] == self)
            return ctx->state[i];
    return NULL;
}

int sw_detect_set_empty(const sw_detect_ctx *ctx, sw_netset_id set)
{
    return sw_netset_count(sw_engine_config_net(ctx->cfg, set)) == 0;
}

void sw_detect_count_dropped(sw_detect_ctx *ctx)
{
    ctx->stats.state_dropped++;
}

uint64_t sw_detect_param(const sw_detect_ctx *ctx, const char *id, const char *key)
{
    int index = sw_det_param_find(id, key);
    return index < 0 ? 0 : sw_engine_config_param(ctx->cfg, index);
}

const uint16_t *sw_detect_param_ports(const sw_detect_ctx *ctx, const char *id, const char *key,
                                      size_t *n)
{
    return sw_engine_config_param_ports(ctx->cfg, sw_det_param_find(id, key), n);
}

const sw_netset *sw_detect_param_net(const sw_detect_ctx *ctx, const char *id, const char *key)
{
    return sw_engine_config_param_net(ctx->cfg, sw_det_param_find(id, key));
}

void sw_engine_observe(sw_engine *engine, const sw_observation *obs)
{
    if (!engine)
        return;
    engine->stats.observations++;
    if (obs && engine->hygiene)
        sw_hygiene_advance(engine->hygiene, obs->ts, engine->cb, engine->user);
    int inspected = 0;
    /* A correlator holds the rules only to count their deferred thresholds: workers ran them. */
    if (obs && engine->rules && engine->scope != SW_ENGINE_CROSS_FLOW) {
        rules_host host = {engine->cfg, engine, engine->scope == SW_ENGINE_PER_FLOW,
                           &engine->origin};
        inspected = rules_engine_observe(engine->rules, &host, obs);
    }
    if (!obs || !usable(obs)) {
        if (!inspected)
            engine->stats.observations_ignored++;
        return;
    }
    start_learning_clock(engine, obs->ts);
    if ((unsigned)obs->type < OBS_TYPES)
        for (unsigned i = 0; i < engine->n_takers[obs->type]; i++) {
            engine->origin = engine->takers[obs->type][i];
            detectors[engine->origin]->observe(engine, obs);
        }
    engine->origin = -1;
    if (obs->type == SW_OBS_FLOW_END && obs->u.flow.flow_id != 0)
        fired_forget(engine, obs->u.flow.flow_id);
}

/* A single engine raises an observation's rule alerts first, then each detector's in detector
 * order; the forwarded alerts carry their origin, so they are delivered at the same points. */
void sw_engine_replay(sw_engine *engine, const sw_observation *obs, sw_time ts,
                      const sw_alert *alerts, const int *origins, size_t n)
{
    if (!engine)
        return;
    if (engine->hygiene)
        sw_hygiene_advance(engine->hygiene, ts, engine->cb, engine->user);
    size_t next = 0;
    for (; next < n && origins[next] < 0; next++)
        if (rules_engine_deferred_allows(engine->rules, origins[next], &alerts[next]))
            sw_engine_deliver_alert(engine, &alerts[next]);
    int run = obs && usable(obs);
    if (run)
        start_learning_clock(engine, obs->ts);
    for (size_t i = 0; i < N_DETECTORS; i++) {
        while (next < n && origins[next] <= (int)i)
            sw_engine_deliver_alert(engine, &alerts[next++]);
        if (run)
            run_detector(engine, i, obs);
    }
    while (next < n)
        sw_engine_deliver_alert(engine, &alerts[next++]);
    if (run && obs->type == SW_OBS_FLOW_END && obs->u.flow.flow_id != 0)
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

const char *sw_detect_banner_text(const char *banner, char *buf)
{
    size_t n = 0;
    for (; banner && banner[n] && n < SW_DETECT_BANNER_KEEP; n++) {
        unsigned char ch = (unsigned char)banner[n];
        buf[n] = ch >= 0x20 && ch < 0x7f ? (char)ch : '.';
    }
    buf[n] = '\0';
    if (banner && banner[n])
        snprintf(buf + n, SW_DETECT_BANNER_LEN - n, "...");
    return buf;
}

sw_status sw_engine_set_hygiene(sw_engine *engine, const sw_hygiene_rules *rules, sw_error *err)
{
    sw_hygiene *next = NULL;
    if (rules && !(next = sw_hygiene_new(rules)))
        return sw_error_set(err, SW_ERR_NOMEM, NULL, 0, NULL,
                            "out of memory for alert hygiene state; previous rules kept");
    sw_engine_flush(engine);
    sw_hygiene_free(engine->hygiene);
    engine->hygiene = next;
    return SW_OK;
}

void sw_engine_flush(sw_engine *engine)
{
    if (engine && engine->hygiene)
        sw_hygiene_flush(engine->hygiene, engine->cb, engine->user);
}

void sw_engine_get_hygiene_stats(const sw_engine *engine, sw_hygiene_stats *out)
{
    sw_hygiene_get_stats(engine ? engine->hygiene : NULL, out);
}
