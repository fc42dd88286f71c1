/* One worker's processing chain: decode -> flow table -> engine -> EVE records.
 * Records leave through a callback so the pipeline knows nothing of sinks. */
#ifndef SEAWALL_SENSOR_PIPELINE_H
#define SEAWALL_SENSOR_PIPELINE_H

#include "catalog.h"
#include "engine.h"
#include "sensor-config.h"

/* `record` is borrowed for the call. */
typedef void (*sw_record_cb)(json_t *record, void *user);
/* A record rendered as compact JSON text: `len` bytes, no newline, borrowed for the call. */
typedef void (*sw_text_record_cb)(const char *json, size_t len, void *user);
/* An alert for the owner to render and write itself (the sensor renders it as text with its
 * enrichment, core/eve-write.h); returns 0, or -1 when the record could not be built. */
typedef int (*sw_alert_record_cb)(const sw_alert *alert, void *user);
/* Lets the owner add its own counters (capture, outputs) to a stats record. */
typedef void (*sw_stats_cb)(json_t *suricata, json_t *seawall, void *user);

typedef struct sw_pipeline_stats {
    uint64_t alerts, flows_logged, anomalies_logged, stats_logged;
    uint64_t records_failed;                 /* a record could not be built (out of memory) */
    uint64_t state_saves, state_save_failed; /* baseline file writes (sw_pipeline_save_state) */
    uint64_t forward_dropped; /* split run: an alert did not fit the per-observation buffer */
} sw_pipeline_stats;

/* Alerts one observation may raise in a split run before more are dropped (counted). */
#define SW_PIPELINE_MAX_HELD 32

/* Split run: what the pipeline forwards to the correlator after each observation (see
 * sw_engine_replay). obs is NULL when only alerts are forwarded; everything is borrowed for
 * the call. */
typedef void (*sw_forward_cb)(const sw_observation *obs, sw_time ts, const sw_alert *alerts,
                              const int *origins, size_t n, void *user);

typedef struct sw_pipeline sw_pipeline;

/* catalog, engine config and sensor config are borrowed and must outlive the pipeline.
 * Caller owns the result; free with sw_pipeline_free. NULL with err filled on failure. */
sw_pipeline *sw_pipeline_new(const sw_catalog *catalog, const sw_engine_config *ecfg,
                             const sw_sensor_config *scfg, sw_record_cb emit, sw_stats_cb add_stats,
                             void *user, sw_error *err);
/* As sw_pipeline_new, with the engine built with alert hygiene and content rules from the start
 * (both borrowed like the rest; NULL: none): what sw_pipeline_new followed by
 * sw_pipeline_set_engine_rules gives, without building a first engine only to replace it. */
sw_pipeline *sw_pipeline_new_rules(const sw_catalog *catalog, const sw_engine_config *ecfg,
                                   const sw_hygiene_rules *hygiene, const sw_ruleset *rules,
                                   const sw_sensor_config *scfg, sw_record_cb emit,
                                   sw_stats_cb add_stats, void *user, sw_error *err);
void sw_pipeline_free(sw_pipeline *pl); /* NULL is a no-op */

/* From now on flow and anomaly records, the bulk of the output, go to `emit_text` as text
 * written without a jansson tree (core/eve-write.h: the same bytes); alerts stay trees for `emit`
 * unless sw_pipeline_set_alert_output gives them to the owner, stats always do. NULL goes back
 * to trees for flow and anomaly records. */
void sw_pipeline_set_text_output(sw_pipeline *pl, sw_text_record_cb emit_text);

/* From now on alerts go to `emit_alert` instead of being built as trees for `emit`. NULL goes
 * back to trees. */
void sw_pipeline_set_alert_output(sw_pipeline *pl, sw_alert_record_cb emit_alert);

/* Processes one captured packet (p->data, caplen, linktype, ts, pcap_cnt set by the caller). */
void sw_pipeline_packet(sw_pipeline *pl, sw_packet *p);
/* Time passes without packets (live capture): expire flows and fragments, emit due stats. */
void sw_pipeline_tick(sw_pipeline *pl, sw_time now);
/* End of input: ends every flow and writes a final stats record. */
void sw_pipeline_finish(sw_pipeline *pl);

const sw_pipeline_stats *sw_pipeline_get_stats(const sw_pipeline *pl);
/* Makes this pipeline one worker of a split run (workers.h): its engine, and every engine a
 * reload gives it, runs only the per-flow detections (SW_ENGINE_PER_FLOW) without hygiene, and
 * instead of writing alerts it calls `forward` after each observation with what the correlator
 * needs. Call before the first packet. */
void sw_pipeline_set_forward(sw_pipeline *pl, sw_forward_cb forward, void *user);
/* Borrowed; the pipeline's engine (for baseline state save/load). */
sw_engine *sw_pipeline_engine(sw_pipeline *pl);
const sw_decode_stats *sw_pipeline_decode_stats(const sw_pipeline *pl);
const sw_flow_stats *sw_pipeline_flow_stats(const sw_pipeline *pl);

/* Baseline state file of this pipeline's engine (state-file.h); path "" = not kept. Once set,
 * the pipeline saves every `interval` seconds of packet time from inside sw_pipeline_packet /
 * sw_pipeline_tick, i.e. in the thread that owns it. Load before the pipeline runs and save once
 * more after it finished: both return what sw_state_file_load / _save return (SW_OK when no
 * path is set). (Added by detecta.) */
void sw_pipeline_set_state_file(sw_pipeline *pl, const char *path, uint64_t interval);
sw_status sw_pipeline_load_state(sw_pipeline *pl, sw_error *err);
sw_status sw_pipeline_save_state(sw_pipeline *pl, sw_error *err);

/* Replaces the engine with a new one built from catalog, ecfg and hygiene rules (all borrowed,
 * as for sw_pipeline_new; hygiene may be NULL). Decoder, fragment and flow state stay, so no flow
 * is lost, and the learned baselines are carried over (sw_engine_state_save/load), so learning
 * periods do not restart; per-flow "already alerted" marks and hygiene windows start afresh (a flow
 * may alert once more for an id it alerted for under the old configuration). Held aggregated alerts
 * of the old engine are emitted first. On failure the old engine stays and err says why. (Added by
 * ops.)
 */
sw_status sw_pipeline_set_engine(sw_pipeline *pl, const sw_catalog *catalog,
                                 const sw_engine_config *ecfg, const sw_hygiene_rules *hygiene,
                                 sw_error *err);
/* As sw_pipeline_set_engine, and the new engine also runs the compiled content rules `rules`
 * (borrowed like the rest; NULL: none). Flowbits and rule thresholds move from the old engine to
 * the new one, so a reload does not cut a request/response pair apart. (Added by rules.) */
sw_status sw_pipeline_set_engine_rules(sw_pipeline *pl, const sw_catalog *catalog,
                                       const sw_engine_config *ecfg,
                                       const sw_hygiene_rules *hygiene, const sw_ruleset *rules,
                                       sw_error *err);

#endif
