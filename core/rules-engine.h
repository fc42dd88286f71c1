/* The per-engine side of content rules: the attached ruleset, scratch space for matching, and
 * the bounded flowbit and threshold tables. Internal to core/ (engine.c owns one). */
#ifndef SEAWALL_RULES_ENGINE_H
#define SEAWALL_RULES_ENGINE_H

#include "engine.h"
#include "rules-int.h"

/* Flowbits: 4096 buckets x 4 flows, 8 bits per flow; thresholds: 4096 x 4 (gid:sid, address)
 * trackers. When a bucket is full the oldest entry is reused and counted as dropped. */
#define RULES_STATE_BUCKET_BITS 12
#define RULES_STATE_WAYS        4
#define RULES_FLOWBITS_PER_FLOW 8

typedef struct flowbit_slot {
    uint64_t flow_id;
    uint32_t used, n;
    uint32_t bits[RULES_FLOWBITS_PER_FLOW];
} flowbit_slot;

typedef struct threshold_slot {
    uint32_t used, gid, sid;
    sw_ip ip;
    sw_time window_start;
    uint32_t count;
    uint32_t alerted;
} threshold_slot;

typedef struct rules_tables {
    flowbit_slot *flowbits;     /* BUCKETS * WAYS */
    threshold_slot *thresholds; /* BUCKETS * WAYS */
    unsigned *fb_victim, *thr_victim;
} rules_tables;

typedef struct rules_engine {
    const sw_ruleset *rs;
    const sw_catalog_entry **entry; /* per rule: catalog entry or the rule's own */
    uint8_t *superseded;            /* per rule: 1 when a built-in raises its id instead */
    uint32_t *stamp, *cand;         /* per rule scratch for candidate collection */
    uint32_t generation;
    size_t n_cand;
    rule_match_ctx match;
    rules_tables tables;
    sw_rule_stats stats;
    sw_prefilter_scratch *pf_scratch; /* Hyperscan scratch (per thread, so per engine) */
} rules_engine;

/* Allocates the tables (kept across sw_engine_set_rules). NULL when out of memory. */
rules_engine *rules_engine_new(void);
void rules_engine_free(rules_engine *re);
/* Points the engine at a compiled ruleset (NULL detaches); flow state is kept. Rules whose
 * seawall_id a built-in detection enabled by cfg raises are superseded (rules.h). */
sw_status rules_engine_attach(rules_engine *re, const sw_ruleset *rs, const sw_catalog *catalog,
                              const sw_engine_config *cfg, sw_error *err);

/* What rules-detect.c needs from the engine: its configuration (address variables) and the
 * engine itself, through which every alert is delivered (counted, then alert hygiene). */
typedef struct rules_host {
    const sw_engine_config *cfg;
    sw_engine *engine;
    /* A per-flow engine of a split run: a rule's own threshold/detection_filter counts by
     * address across flows, so it is left to the correlator. Such an alert is delivered with
     * *origin = RULES_DEFERRED_ORIGIN(rule index, direction) (sw_engine_alert_origin). */
    int defer_thresholds;
    int *origin;
} rules_host;

/* Origins -2, -3, ...: rule `index`, packet toward the server (1) or the client (0). */
#define RULES_DEFERRED_ORIGIN(index, to_server) (-2 - (int)((index)*2 + ((to_server) ? 1 : 0)))
/* Correlator side: 1 when a forwarded alert of `origin` passes its rule's threshold, counted
 * in re's own trackers; an origin that does not name a rule of re with alert's entry (a reload
 * in between) passes uncounted. */
int rules_engine_deferred_allows(rules_engine *re, int origin, const sw_alert *alert);
/* engine.c: the one path every alert takes to the callback (hygiene included). */
void sw_engine_deliver_alert(sw_engine *engine, const sw_alert *alert);
/* 1 when the observation was of a type rules inspect (and a ruleset is attached). */
int rules_engine_observe(rules_engine *re, const rules_host *host, const sw_observation *obs);

/* rules-state.c */
int rules_flowbit_isset(const rules_engine *re, uint64_t flow_id, uint32_t bit);
void rules_flowbit_apply(rules_engine *re, uint64_t flow_id, fb_cmd cmd, uint32_t bit);
void rules_flowbits_forget(rules_engine *re, uint64_t flow_id);
/* 1 when the alert passes threshold/detection_filter for this event. */
int rules_threshold_allows(rules_engine *re, const sw_rule *r, const sw_ip *ip, sw_time now);

#endif
