/* The detection engine: observations in, alerts out through a callback.
 *
 * One engine per worker thread; an engine is not thread-safe, but engines share nothing mutable,
 * so a host may run one per thread. The catalog and config are borrowed, read-only, and must
 * outlive every engine built from them. Time comes only from observations. */
#ifndef SEAWALL_ENGINE_H
#define SEAWALL_ENGINE_H

#include "catalog.h"
#include "conf.h"
#include "netset.h"
#include "observation.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The network sets of docs/detections.md section 5; config keys are the lower-case names. */
typedef enum sw_netset_id {
    SW_NET_INFRA = 0,
    SW_NET_NOC,
    SW_NET_AAA,
    SW_NET_NMS,
    SW_NET_FILE_SERVERS,
    SW_NET_SYSLOG,
    SW_NET_TUNNEL_PEERS,
    SW_NET_ERSPAN_COLLECTORS,
    SW_NET_EDGE_APPS,
    SW_NET_OWN,
    SW_NET_SMI_DIRECTORS,   /* Cisco Smart Install directors (usually none: SMI should be off) */
    SW_NET_CONTAINERS,      /* Guest Shell / IOx / VirtualPortGroup NAT and mgmt-VRF addresses */
    SW_NET_LOOPBACK_RANGES, /* prefixes device loopbacks are numbered from (ST-LAT-001) */
    SW_NET_LOOPBACKS,       /* the inventoried device loopbacks inside those ranges */
    SW_NET_COUNT
} sw_netset_id;

/* "infra", "noc", ...; NULL for out-of-range ids. */
const char *sw_netset_name(sw_netset_id id);

/* Engine configuration: network sets and per-detection settings. Read-only once engines exist. */
typedef struct sw_engine_config sw_engine_config;

/* Caller owns; free with sw_engine_config_free. Defaults: every catalog detection enabled,
 * every network set empty. */
sw_engine_config *sw_engine_config_new(void);
void sw_engine_config_free(sw_engine_config *cfg); /* NULL is a no-op */

/* Reads the `networks:` and `detections:` sections of a sensor config tree (other sections are
 * left for their owners). Errors name file, line and key; on error cfg may be partly filled and
 * should be freed. `catalog` validates detection ids. */
sw_status sw_engine_config_apply(sw_engine_config *cfg, const sw_conf_node *root,
                                 const sw_catalog *catalog, sw_error *err);
sw_status sw_engine_config_add_net(sw_engine_config *cfg, sw_netset_id set, const char *cidr,
                                   sw_error *err);
/* Borrowed; never NULL for a valid id (an empty set when nothing was configured). */
const sw_netset *sw_engine_config_net(const sw_engine_config *cfg, sw_netset_id set);
/* 1 when no network set at all is configured: context-aware detections cannot fire. */
int sw_engine_config_is_blank(const sw_engine_config *cfg);
sw_status sw_engine_config_set_enabled(sw_engine_config *cfg, const char *id, int enabled);
/* 1 when `seawall_id` is raised by a built-in detection that cfg enables. A content rule tagged
 * with such an id (metadata seawall_id) is superseded in engines with that configuration: its
 * matches are counted in sw_rule_stats.superseded and not raised (docs/rules.md). */
int sw_engine_builtin_enabled(const sw_engine_config *cfg, const char *seawall_id);
/* How many rules of rs engines with cfg supersede; their distinct seawall_ids, comma-separated
 * and cut to fit, in ids[cap] (cap > 0). For a start-up message. */
size_t sw_rules_superseded(const sw_ruleset *rs, const sw_engine_config *cfg, char *ids,
                           size_t cap);

/* One piece of evidence: a short key and a printable value (both borrowed). */
typedef struct sw_evidence {
    const char *key;
    const char *value;
} sw_evidence;

#define SW_ALERT_MAX_EVIDENCE 8

/* An alert as delivered to the callback. Everything is borrowed for the callback's duration. */
typedef struct sw_alert {
    const sw_catalog_entry *entry; /* id, gid/sid/rev, signature, category, ATT&CK */
    sw_severity severity;          /* may be higher than entry->severity */
    sw_time ts;
    uint64_t pcap_cnt;
    const sw_flow_obs *flow; /* the flow the alert is about */
    size_t n_evidence;
    sw_evidence evidence[SW_ALERT_MAX_EVIDENCE];
} sw_alert;

typedef void (*sw_alert_cb)(const sw_alert *alert, void *user);

typedef struct sw_engine sw_engine;

/* Caller owns; free with sw_engine_free. NULL with err filled (out of memory, or a catalog that
 * lacks an id a built-in detection needs). */
sw_engine *sw_engine_new(const sw_catalog *catalog, const sw_engine_config *cfg, sw_alert_cb cb,
                         void *user, sw_error *err);
void sw_engine_free(sw_engine *engine); /* NULL is a no-op */

/* Runs every enabled detection over one observation; alerts reach the callback before this
 * returns. Never fails on odd input: unusable observations are counted and ignored. */
void sw_engine_observe(sw_engine *engine, const sw_observation *obs);

/* --- Split runs: several per-flow engines and one correlator (compatible additions) ---
 *
 * A host that spreads flows over threads (the sensor's --workers) cannot give every flow to
 * every engine, yet some detections keep state across flows (sweeps, device pairs, chains,
 * baselines, once-per-listener reports, ST-SCAN-001's count of other alerts) and alert hygiene
 * keys on addresses. It runs one engine per thread in SW_ENGINE_PER_FLOW scope and one more,
 * the correlator, in SW_ENGINE_CROSS_FLOW scope, and feeds the correlator, in the order a
 * single engine would have seen them, the observations sw_engine_cross_flow_wants() names plus
 * every alert the per-flow engines raised (sw_engine_replay). The correlator then raises
 * exactly the alerts a single SW_ENGINE_ALL engine raises, in the same order. */
typedef enum sw_engine_scope {
    SW_ENGINE_ALL = 0,    /* the default: every detection, hygiene, alert hooks */
    SW_ENGINE_PER_FLOW,   /* only detections whose state is one flow's, and content rules; no
                           * hygiene and no alert hooks (the correlator applies them); alerts
                           * are not counted in stats.alerts (the correlator counts them) */
    SW_ENGINE_CROSS_FLOW, /* only detections whose state spans flows, hooks and hygiene */
} sw_engine_scope;

/* Sets the scope; call before the first observation (state built for detections outside the
 * scope is kept but never used). */
void sw_engine_set_scope(sw_engine *engine, sw_engine_scope scope);
/* 1 when some cross-flow detection enabled in the engine's configuration would read obs (its
 * type, and a first test on the configured network sets): what a per-flow engine's host must
 * forward. 0 for ticks (the correlator needs the single run's ticks, not a worker's). */
int sw_engine_cross_flow_wants(const sw_engine *engine, const sw_observation *obs);
/* While an alert is being delivered to the callback: the position of the detection that
 * raised it among the engine's detectors (0..), -1 for a content rule alert, or -2 and below for
 * a content rule alert whose rule has its own threshold/detection_filter, which a per-flow
 * engine leaves to the correlator (it counts by address across flows). A per-flow engine's
 * host forwards it with the alert so sw_engine_replay can restore the order and apply it. */
int sw_engine_alert_origin(const sw_engine *engine);
/* Correlator side (give it the workers' content rules with sw_engine_set_rules: it does not
 * run them, it counts their deferred thresholds): what a per-flow engine did for one
 * observation. `obs` (may be NULL when only
 * alerts are forwarded; borrowed for the call) runs through the cross-flow detections; the n
 * `alerts` (borrowed; origins[i] from sw_engine_alert_origin) pass hygiene, the alert hooks and
 * the callback, interleaved with the cross-flow detections as a single engine would interleave
 * them. `ts` is the observation's packet time (hygiene windows). Forwarded observations and
 * alerts are not counted again in stats.observations. */
void sw_engine_replay(sw_engine *engine, const sw_observation *obs, sw_time ts,
                      const sw_alert *alerts, const int *origins, size_t n);

/* Counters for EVE stats. */
typedef struct sw_engine_stats {
    uint64_t observations;
    uint64_t observations_ignored; /* malformed or of an unknown type */
    uint64_t alerts;
    uint64_t state_dropped; /* detection state refused by a memory cap */
    /* A loaded state file's learning clock started after the first traffic seen, and was moved
     * back to it (docs/detections-impl.md, baselines). */
    uint64_t learning_clock_reset;
} sw_engine_stats;
void sw_engine_get_stats(const sw_engine *engine, sw_engine_stats *out);

/* Content rules (core/rules.h). Attaches a compiled ruleset, borrowed: it must outlive the
 * engine or the next call. NULL detaches. Flowbits and threshold state are kept, so a reload
 * (attach the new set, then free the old one) loses no flow state. A rule whose
 * `metadata: seawall_id` names a catalog entry alerts as that entry; other rules alert as an
 * entry synthesized from their own gid/sid/rev/msg/classtype. Rule alerts pass alert hygiene
 * like built-in ones; held aggregates are emitted before the change. On error nothing changes. */
sw_status sw_engine_set_rules(sw_engine *engine, const sw_ruleset *rules, sw_error *err);
void sw_engine_get_rule_stats(const sw_engine *engine, sw_rule_stats *out);
/* Moves the content rules' flow state (flowbits, thresholds) of `from` into `to`, so an engine
 * replaced on reload (sw_pipeline_set_engine_rules) keeps flowbits set by a request for its
 * response. `from` gets `to`'s former state. SW_ERR_NOMEM changes nothing. (Added by rules at
 * the merge with ops.) */
sw_status sw_engine_take_rule_state(sw_engine *to, sw_engine *from, sw_error *err);

/* Alert hygiene (hygiene.h): every alert passes the rule set's suppress, threshold, rate_filter
 * and aggregate rules before it reaches the callback. `rules` is borrowed and must outlive the
 * engine or the next call; NULL turns hygiene off. Held aggregates are emitted before a change.
 * SW_ERR_NOMEM leaves the previous rules in place. (Added for API version 2.) */
typedef struct sw_hygiene_rules sw_hygiene_rules;
struct sw_hygiene_stats;
sw_status sw_engine_set_hygiene(sw_engine *engine, const sw_hygiene_rules *rules, sw_error *err);
/* Emits held aggregated alerts now: call at end of input and before freeing the engine. */
void sw_engine_flush(sw_engine *engine);
/* All zero when hygiene is off. */
void sw_engine_get_hygiene_stats(const sw_engine *engine, struct sw_hygiene_stats *out);

/* --- Additions for the behavioural detections (baselines, IOC lists, alert hook) --- */

typedef struct sw_ioc_set sw_ioc_set; /* ioc.h */

/* Gives the config an IOC set for ST-ACC-006 and ST-C2-001; takes ownership (freed with the
 * config, replacing any previous set). Read-only afterwards, shared by every engine. */
void sw_engine_config_set_ioc(sw_engine_config *cfg, sw_ioc_set *set);
/* Borrowed; NULL when none was set. */
const sw_ioc_set *sw_engine_config_ioc(const sw_engine_config *cfg);

/* What the baselines learned (ST-ACC-004 server ports, ST-LAT-001 device pairs, ST-EVA-001
 * syslog/trap cadence) as versioned JSON text, so a restart does not learn from zero. The core
 * does no I/O: the front end writes the text to a file (atomically) and reads it back.
 * sw_engine_state_save: caller owns the NUL-terminated text, free with free(); NULL when out of
 * memory. sw_engine_state_load: replaces the engine's baselines with the text's; on any error
 * (not JSON, another format or version, a bad field) the engine is left exactly as it was and
 * err says what and where (SW_ERR_PARSE, SW_ERR_UNSUPPORTED for a version mismatch). */
char *sw_engine_state_save(const sw_engine *engine, size_t *len);
sw_status sw_engine_state_load(sw_engine *engine, const char *text, size_t len, sw_error *err);
#define SW_ENGINE_STATE_FORMAT  "seawall-baseline"
#define SW_ENGINE_STATE_VERSION 1

#ifdef __cplusplus
}
#endif
#endif
