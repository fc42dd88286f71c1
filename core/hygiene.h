/* Alert hygiene: suppression, thresholds, rate filters and aggregation of alerts, applied inside
 * the engine to every alert before it reaches the engine's callback.
 *
 * Rules use a subset of Suricata's threshold.config syntax (docs/hygiene.md lists it):
 *   suppress gen_id 1, sig_id 2000001[, track by_src|by_dst|by_either, ip 10.0.0.0/8]
 *   threshold gen_id 1, sig_id 2000001, type limit|threshold|both,
 *             track by_src|by_dst|by_both|by_rule, count N, seconds T
 *   rate_filter gen_id 1, sig_id 2000001, track by_src|by_dst|by_both|by_rule, count N,
 *             seconds T, new_action alert|drop|pass|reject, timeout T
 * Seawall additions: `sig_id ST-TUN-001` names a catalog id (gen_id may then be left out), and
 *   aggregate sig_id ST-ACC-005, track by_src|by_dst|by_both|by_rule, seconds T
 * holds the first alert of each key and emits it once when its window closes, with evidence
 * `count` (alerts folded into it, itself included). sig_id 0 (with gen_id 0) matches every alert.
 *
 * Windows run on alert (packet) time, never the wall clock. Tracking state is a fixed table in
 * the sw_hygiene handle (one per engine); when it is full the oldest entry is reused and counted
 * in state_dropped. A rule set is read-only once loaded and may be shared by many engines. */
#ifndef SEAWALL_HYGIENE_H
#define SEAWALL_HYGIENE_H

#include "engine.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sw_hygiene_rules sw_hygiene_rules;

/* Parses a threshold file (or text). The catalog resolves ST-... ids. Errors name the file, line
 * and the offending key. Caller owns *out; free with sw_hygiene_rules_free. On error *out is NULL
 * and nothing is leaked. */
sw_status sw_hygiene_rules_load_file(const char *path, const sw_catalog *catalog,
                                     sw_hygiene_rules **out, sw_error *err);
sw_status sw_hygiene_rules_load_string(const char *text, size_t len, const char *name,
                                       const sw_catalog *catalog, sw_hygiene_rules **out,
                                       sw_error *err);
void sw_hygiene_rules_free(sw_hygiene_rules *rules); /* NULL is a no-op */
size_t sw_hygiene_rules_count(const sw_hygiene_rules *rules);

/* Every counter is a number of alerts, except state_dropped (tracking entries reused early). */
typedef struct sw_hygiene_stats {
    uint64_t passed;        /* emitted unchanged */
    uint64_t suppressed;    /* by a suppress rule */
    uint64_t thresholded;   /* withheld by a threshold rule */
    uint64_t rate_filtered; /* withheld by a rate_filter whose new_action is not alert */
    uint64_t aggregated;    /* folded into a held alert (the held alert itself not counted) */
    uint64_t aggregates_emitted;
    uint64_t state_dropped; /* tracking table full: an entry was reused before its window ended */
    uint64_t held_dropped;  /* no free slot to hold an aggregate: the alert passed unaggregated */
} sw_hygiene_stats;

typedef struct sw_hygiene sw_hygiene;

/* Tracking entries (threshold/rate/aggregate keys) and held aggregates per handle. */
#define SW_HYGIENE_TRACK_BUCKETS 1024
#define SW_HYGIENE_TRACK_WAYS    4
#define SW_HYGIENE_MAX_HELD      256

/* rules are borrowed and must outlive the handle. Caller owns; NULL when out of memory. */
sw_hygiene *sw_hygiene_new(const sw_hygiene_rules *rules);
/* Frees without emitting held alerts (call sw_hygiene_flush first). NULL is a no-op. */
void sw_hygiene_free(sw_hygiene *h);

/* Decides the fate of one alert: it reaches cb now, is dropped (counted), or is held for
 * aggregation. Held alerts whose window closed before alert->ts are emitted first. */
void sw_hygiene_alert(sw_hygiene *h, const sw_alert *alert, sw_alert_cb cb, void *user);
/* Time moved to `now`: emits the held alerts whose window has closed. Cheap when none is due. */
void sw_hygiene_advance(sw_hygiene *h, sw_time now, sw_alert_cb cb, void *user);
/* Emits every held alert now (end of input, reload). */
void sw_hygiene_flush(sw_hygiene *h, sw_alert_cb cb, void *user);

void sw_hygiene_get_stats(const sw_hygiene *h, sw_hygiene_stats *out);

#ifdef __cplusplus
}
#endif
#endif
