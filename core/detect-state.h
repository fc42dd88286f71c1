/* Private to core/: the per-detector state of the behavioural detectors (sw_detector.state_new),
 * and the view of their baselines the state file reads and writes.
 *
 * Settings are read from the parameter table (detect-params.c) once, when the engine builds
 * the state, so no detector looks a string up per observation. Every table is bounded
 * (baseline-table.h) and counts what it drops into the engine's state_dropped. */
#ifndef SEAWALL_DETECT_STATE_H
#define SEAWALL_DETECT_STATE_H

#include "baseline-table.h"
#include "detect.h"

/* ST-ACC-001's settings (the per-flow half of the access detections). */
typedef struct sw_access_ssh_params {
    const uint16_t *acc001_allowed;
    size_t n_acc001_allowed;
    unsigned acc001_min_port;
} sw_access_ssh_params;

typedef struct sw_access_state {
    unsigned acc003_port_min, acc003_port_max;
    int64_t acc004_learning;
    const uint16_t *acc004_allowed;
    size_t n_acc004_allowed;
    sw_state_table *acc003_listeners; /* (infra, port): the 18xxx listener already reported */
    sw_state_table *acc004_ports;     /* (infra, port): server ports learned or reported */
} sw_access_state;

/* ST-LAT-002/003's settings (the per-flow half of the lateral detections). */
typedef struct sw_lateral_ssh_params {
    const sw_netset *lat002_allowed, *lat003_allowed;
} sw_lateral_ssh_params;

typedef struct sw_lateral_state {
    int64_t lat001_learning;
    int64_t lat004_window;
    unsigned lat004_min_hops;
    sw_state_table *lat001_pairs; /* (src, dst): device pairs learned or reported */
    sw_state_table *lat004_hosts; /* (host): the interactive chain that reached it */
} sw_lateral_state;

/* ST-EVA-001 keeps syslog and traps apart (the key's port field): a device that stops one and
 * keeps sending the other (logging host removed, snmp-server host kept) is still silent there.
 * A state file without the channel (older) takes it from the collector port: 162 traps. */
#define SW_EVA001_SYSLOG 1
#define SW_EVA001_TRAPS  2
static inline uint16_t sw_eva001_channel_of_port(uint16_t collector_port)
{
    return collector_port == 162 ? SW_EVA001_TRAPS : SW_EVA001_SYSLOG;
}

typedef struct sw_evasion_state {
    int64_t eva001_learning, eva001_min_silence;
    unsigned eva001_factor, eva001_min_messages;
    sw_state_table *eva001_devices; /* (device, channel): syslog or trap cadence */
    int64_t eva001_next_check;
    int eva001_ticked; /* the front end sends SW_OBS_TICK: check on ticks only */
} sw_evasion_state;

typedef struct sw_container_state {
    const sw_netset *con001_allowed;
} sw_container_state;

typedef struct sw_scan_state {
    unsigned scan001_threshold;
    int64_t scan001_window;
    sw_state_table *scan001_sources; /* (source): distinct targets in the window */
    sw_state_table *scan001_pairs;   /* (source, target): when the target was last counted */
} sw_scan_state;

/* state_new / state_free of each behavioural detector (detect-state.c). The params of the
 * per-flow halves are freed with free(). */
void *sw_access_ssh_params_new(const sw_detect_ctx *ctx);
void *sw_lateral_ssh_params_new(const sw_detect_ctx *ctx);
void *sw_access_state_new(const sw_detect_ctx *ctx);
void *sw_lateral_state_new(const sw_detect_ctx *ctx);
void *sw_evasion_state_new(const sw_detect_ctx *ctx);
void *sw_container_state_new(const sw_detect_ctx *ctx);
void *sw_scan_state_new(const sw_detect_ctx *ctx);
void sw_access_state_free(void *state);
void sw_lateral_state_free(void *state);
void sw_evasion_state_free(void *state);
void sw_container_state_free(void *state);
void sw_scan_state_free(void *state);

/* sw_state_table_upsert that counts a dropped entry with sw_detect_count_dropped. */
sw_state_entry *sw_detect_upsert(sw_detect_ctx *ctx, sw_state_table *t, const sw_state_key *key,
                                 int64_t now, int *created);

/* The IOC set of the engine's config (NULL when none). */
const sw_ioc_set *sw_detect_ioc(const sw_detect_ctx *ctx);

/* What the state file holds: the learned tables and the engine's learning clock. */
typedef struct sw_baseline_view {
    sw_state_table **server_ports; /* ST-ACC-004 */
    sw_state_table **device_pairs; /* ST-LAT-001 */
    sw_state_table **log_cadence;  /* ST-EVA-001 */
    int *learning_started;
    int64_t *learning_start;
} sw_baseline_view;

/* Baseline export/import (baseline-io.c), behind sw_engine_state_save/load. */
char *sw_detect_state_save(const sw_baseline_view *v, size_t *len);
sw_status sw_detect_state_load(const sw_baseline_view *v, const char *text, size_t len,
                               sw_error *err);

#endif
