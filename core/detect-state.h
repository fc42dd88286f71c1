/* Private to core/: the state of the behavioural detectors, owned by the engine handle.
 *
 * Tunables are read from the config once, when the engine is built, so no detector looks a
 * string up per observation. Every table is bounded (baseline-table.h) and counts what it
 * drops into the engine's state_dropped. The learning clock starts at the first observation's
 * packet time, or at the time a loaded state file says learning began. */
#ifndef SEAWALL_DETECT_STATE_H
#define SEAWALL_DETECT_STATE_H

#include "baseline-table.h"
#include "detect.h"

typedef struct sw_detect_params {
    const uint16_t *acc001_allowed;
    size_t n_acc001_allowed;
    unsigned acc001_min_port;
    unsigned acc003_port_min, acc003_port_max;
    int64_t acc004_learning;
    const uint16_t *acc004_allowed;
    size_t n_acc004_allowed;
    int64_t lat001_learning;
    const sw_netset *lat002_allowed, *lat003_allowed, *con001_allowed;
    int64_t lat004_window;
    unsigned lat004_min_hops;
    int64_t eva001_learning, eva001_min_silence;
    unsigned eva001_factor, eva001_min_messages;
    unsigned scan001_threshold;
    int64_t scan001_window;
} sw_detect_params;

typedef struct sw_detect_state {
    sw_detect_params p;
    sw_state_table *acc003_listeners; /* (infra, port): the 18xxx listener already reported */
    sw_state_table *acc004_ports;     /* (infra, port): server ports learned or reported */
    sw_state_table *lat001_pairs;     /* (src, dst): device pairs learned or reported */
    sw_state_table *lat004_hosts;     /* (host): the interactive chain that reached it */
    sw_state_table *eva001_devices;   /* (device): syslog/trap cadence */
    sw_state_table *scan001_sources;  /* (source): distinct targets in the window */
    sw_state_table *scan001_pairs;    /* (source, target): when the target was last counted */
    int learning_started;
    int64_t learning_start; /* packet time, seconds */
    int64_t eva001_next_check;
} sw_detect_state;

/* Caller owns; free with sw_detect_state_free. NULL when out of memory. */
sw_detect_state *sw_detect_state_new(const sw_engine_config *cfg);
void sw_detect_state_free(sw_detect_state *st);

/* Accessors the engine provides (engine.c). */
sw_detect_state *sw_detect_state_of(sw_detect_ctx *ctx);
uint64_t *sw_detect_dropped_counter(sw_detect_ctx *ctx);
const sw_ioc_set *sw_detect_ioc(const sw_detect_ctx *ctx);

/* Starts the learning clock at the first observation. */
void sw_detect_state_clock(sw_detect_state *st, int64_t now);
/* 1 while `now` is inside the learning period that started at learning_start. */
int sw_detect_state_learning(const sw_detect_state *st, int64_t period, int64_t now);

/* Baseline export/import (baseline-io.c), behind sw_engine_state_save/load. */
char *sw_detect_state_save(const sw_detect_state *st, size_t *len);
sw_status sw_detect_state_load(sw_detect_state *st, const char *text, size_t len, sw_error *err);

#endif
