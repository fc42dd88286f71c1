/* The correlator of a multi-worker run: one engine in SW_ENGINE_CROSS_FLOW scope that gets, in
 * the single-thread order (workers.h), the observations and per-flow alerts the workers
 * forward and the single run's clock ticks. It runs the cross-flow detections and alert
 * hygiene, writes every alert, and keeps the baselines and their state file (one file for the
 * whole sensor). Used by one thread, the dispatcher. */
#ifndef SEAWALL_SENSOR_CORRELATOR_H
#define SEAWALL_SENSOR_CORRELATOR_H

#include "hygiene.h"
#include "pipeline.h"

typedef struct sw_correlator sw_correlator;

typedef struct sw_correlator_stats {
    uint64_t records; /* forwarded records handed to it */
    uint64_t alerts;  /* EVE alert records written */
    uint64_t records_failed;
    uint64_t state_saves, state_save_failed;
    sw_engine_stats engine;
    sw_hygiene_stats hygiene;
    sw_rule_stats rules; /* alerts, thresholded: the workers run the rules, it their thresholds */
} sw_correlator_stats;

/* Everything borrowed must outlive the correlator (or the next sw_correlator_set_engine);
 * hygiene and rules may be NULL. `rules` are the workers' content rules: the correlator does
 * not run them, it applies their own threshold/detection_filter keywords, which count across
 * flows (engine.h, sw_engine_alert_origin). Alerts leave as EVE records through emit(record,
 * user). Caller owns; NULL with err filled. */
sw_correlator *sw_correlator_new(const sw_catalog *catalog, const sw_engine_config *ecfg,
                                 const sw_hygiene_rules *hygiene, const sw_ruleset *rules,
                                 const sw_sensor_config *scfg, sw_record_cb emit, void *user,
                                 sw_error *err);
void sw_correlator_free(sw_correlator *c); /* NULL is a no-op */
/* From now on alerts go to emit_alert(alert, user) instead of as trees to emit (as
 * sw_pipeline_set_alert_output). */
void sw_correlator_set_alert_output(sw_correlator *c, sw_alert_record_cb emit_alert);

/* sw_forward_cb and the tick of sw_workers_correlator; `user` is the correlator. */
void sw_correlator_record(const sw_observation *obs, sw_time ts, const sw_alert *alerts,
                          const int *origins, size_t n, void *user);
void sw_correlator_tick(sw_time now, void *user);
/* End of input: emits held aggregated alerts. */
void sw_correlator_finish(sw_correlator *c);

/* Reload: a new engine from the new configuration, with the old one's baselines and rule
 * threshold trackers; held aggregates of the old one are emitted first. On error nothing
 * changes. */
sw_status sw_correlator_set_engine(sw_correlator *c, const sw_catalog *catalog,
                                   const sw_engine_config *ecfg, const sw_hygiene_rules *hygiene,
                                   const sw_ruleset *rules, sw_error *err);

/* Baseline state file (state-file.h), as sw_pipeline_set_state_file and friends: saved every
 * `interval` seconds of packet time on the correlator's clock. */
void sw_correlator_set_state_file(sw_correlator *c, const char *path, uint64_t interval);
sw_status sw_correlator_load_state(sw_correlator *c, sw_error *err);
sw_status sw_correlator_save_state(sw_correlator *c, sw_error *err);

void sw_correlator_get_stats(const sw_correlator *c, sw_correlator_stats *out);

#endif
