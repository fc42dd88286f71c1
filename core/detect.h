/* Private to core/: the interface between the engine and its built-in detectors.
 *
 * A detector is a const table row: a name, the catalog ids it raises and an observe function.
 * Detectors keep no state of their own; they ask the engine context about network sets and raise
 * alerts through sw_detect_alert, which applies enable/disable, severity override, escalation and
 * the once-per-flow rule in one place. */
#ifndef SEAWALL_DETECT_H
#define SEAWALL_DETECT_H

#include "engine.h"

/* The built-in detections; the catalog ids are in sw_detection_catalog_id. */
typedef enum sw_detection {
    SW_DET_TUN_001 = 0,
    SW_DET_TUN_002,
    SW_DET_TUN_003,
    SW_DET_AAA_001,
    SW_DET_AAA_002,
    SW_DET_SNMP_001,
    SW_DET_ACC_002,
    SW_DET_ACC_005,
    /* AAA, SNMP, exfiltration, syslog, tunnel volume, Smart Install (detect-*.c below). */
    SW_DET_AAA_003,
    SW_DET_AAA_004,
    SW_DET_SNMP_002,
    SW_DET_SNMP_003,
    SW_DET_SNMP_004,
    SW_DET_EXF_001,
    SW_DET_EXF_002,
    SW_DET_EXF_003,
    SW_DET_EXF_004,
    SW_DET_EVA_002,
    SW_DET_TUN_004,
    SW_DET_EXP_006,
    SW_DET_EXP_007,
    /* Behavioural family (detect-access.c, detect-lateral.c, detect-evasion.c, detect-c2.c,
     * detect-scan.c). */
    SW_DET_ACC_001,
    SW_DET_ACC_003,
    SW_DET_ACC_004,
    SW_DET_ACC_006,
    SW_DET_LAT_001,
    SW_DET_LAT_002,
    SW_DET_LAT_003,
    SW_DET_LAT_004,
    SW_DET_EVA_001,
    SW_DET_CON_001,
    SW_DET_C2_001,
    SW_DET_SCAN_001,
    SW_DET_COUNT
} sw_detection;

/* "ST-TUN-001", ...; NULL out of range. */
const char *sw_detection_catalog_id(sw_detection det);

/* The engine seen from a detector (the sw_engine itself). */
typedef struct sw_engine sw_detect_ctx;

#define SW_DETECTOR_MAX_IDS 4

typedef struct sw_detector {
    const char *name;
    sw_detection ids[SW_DETECTOR_MAX_IDS];
    size_t n_ids;
    /* Called for every usable observation; flow addresses are known to be set. */
    void (*observe)(sw_detect_ctx *ctx, const sw_observation *obs);
    /* Observation types wanted, as SW_OBS_BIT(type) bits; 0 means the flow observations
     * (FLOW_START .. FLOW_END) only, which is what the first detectors were written for. */
    uint32_t obs_mask;
    /* Optional per-engine state: built by sw_engine_new (NULL return = out of memory), freed
     * by sw_engine_free, found again with sw_detect_state. Settings come from sw_detect_param. */
    void *(*state_new)(const sw_detect_ctx *ctx);
    void (*state_free)(void *state);
    /* 1 when the detector works without any network set (IOC matching). */
    int context_free;
    /* Internal alert hook: sees every alert raised by any detector or rule (NULL = none), before
     * alert hygiene. Not called for alerts raised from inside a hook, so a correlating detector
     * cannot loop. */
    void (*on_alert)(sw_detect_ctx *ctx, const sw_alert *alert);
    /* 1 when the detector's state is keyed by more than one flow (an address, a device pair, a
     * source's sweep, the alerts of other flows): it must see every flow of the capture, so a
     * split run gives it to the correlator engine (SW_ENGINE_CROSS_FLOW). 0: everything it
     * decides follows from one flow's observations, so a per-flow worker engine runs it. */
    int cross_flow;
    /* Optional, cross-flow detectors: 0 when observe would neither change its state nor alert
     * for obs (decided from the configuration alone, never from state). A split run forwards
     * to the correlator only what some cross-flow detector wants, so this must be exact:
     * answering 0 for an observation that matters loses alerts. NULL: every observation of
     * its types matters. */
    int (*wants)(const sw_detect_ctx *ctx, const sw_observation *obs);
} sw_detector;

#define SW_OBS_BIT(type) (1u << (unsigned)(type))
#define SW_OBS_FLOW_BITS                                                \
    (SW_OBS_BIT(SW_OBS_FLOW_START) | SW_OBS_BIT(SW_OBS_FLOW_ANSWERED) | \
     SW_OBS_BIT(SW_OBS_FLOW_ESTABLISHED) | SW_OBS_BIT(SW_OBS_FLOW_END))

extern const sw_detector sw_detector_tunnel;
extern const sw_detector sw_detector_aaa;
extern const sw_detector sw_detector_snmp;
extern const sw_detector sw_detector_mgmt;
extern const sw_detector sw_detector_aaa_content;
extern const sw_detector sw_detector_snmp_set;
extern const sw_detector sw_detector_snmp_ops;
extern const sw_detector sw_detector_exfil;
extern const sw_detector sw_detector_syslog;
extern const sw_detector sw_detector_tunnel_volume;
extern const sw_detector sw_detector_smi;
extern const sw_detector sw_detector_access_ssh;
extern const sw_detector sw_detector_access;
extern const sw_detector sw_detector_lateral_ssh;
extern const sw_detector sw_detector_lateral;
extern const sw_detector sw_detector_evasion;
extern const sw_detector sw_detector_c2;
extern const sw_detector sw_detector_container;
extern const sw_detector sw_detector_scan;

/* The state sw_engine_new built for `self` with its state_new; NULL when it has none. */
void *sw_detect_state(const sw_detect_ctx *ctx, const sw_detector *self);
/* File-name classes of the exfiltration detections (detect-exfil.c): 1 when name matches the
 * catalog's ST-EXF-001 critical pattern; 1 when it is a capture (.pcap*) or such a name. */
int sw_exfil_name_is_critical(const char *name);
int sw_exfil_name_is_capture_or_config(const char *name);

/* 1 when the network set has no prefix configured. */
int sw_detect_set_empty(const sw_detect_ctx *ctx, sw_netset_id set);
/* Counts one entry a detector's bounded table refused or evicted (stats.state_dropped). */
void sw_detect_count_dropped(sw_detect_ctx *ctx);
/* The configured value of detections.<id>.<key>, or its default from the parameter table
 * (core/detect-params.c). 0 for a key the table does not know. */
uint64_t sw_detect_param(const sw_detect_ctx *ctx, const char *id, const char *key);
/* Settings with the other kinds of the parameter table (NULL / *n = 0 when not configured). */
const uint16_t *sw_detect_param_ports(const sw_detect_ctx *ctx, const char *id, const char *key,
                                      size_t *n);
const sw_netset *sw_detect_param_net(const sw_detect_ctx *ctx, const char *id, const char *key);
/* 1 while `now` (packet time, seconds) is inside a learning period of `period` seconds on the
 * engine's learning clock: it starts at the engine's first observation, or at the start a loaded
 * state file restored (sw_engine_state_load). */
int sw_detect_learning(const sw_detect_ctx *ctx, int64_t period, int64_t now);

/* 1 when the detection is enabled (and the catalog has it). Cheap: an array read. */
int sw_detect_enabled(const sw_detect_ctx *ctx, sw_detection det);
/* 1 when ip is inside the configured network set. */
int sw_detect_in(const sw_detect_ctx *ctx, sw_netset_id set, const sw_ip *ip);

/* Raises det for obs's flow unless it already fired for this flow. `escalate_to` (0 for none)
 * raises the severity when more severe than the configured one; never lowers it. Evidence is
 * copied into the alert as given (borrowed for the call). */
void sw_detect_alert(sw_detect_ctx *ctx, sw_detection det, const sw_observation *obs,
                     sw_severity escalate_to, const sw_evidence *evidence, size_t n_evidence);

/* sw_detect_alert for an explicit flow and time (a detector raising from a tick, about a flow
 * it synthesised from its state; flow_id 0 skips the once-per-flow rule). */
void sw_detect_alert_flow(sw_detect_ctx *ctx, sw_detection det, sw_time ts, uint64_t pcap_cnt,
                          const sw_flow_obs *flow, sw_severity escalate_to,
                          const sw_evidence *evidence, size_t n_evidence);

/* The one exit of every alert, built-in or from the rule engine: counts it, hands it to the
 * alert hygiene or the callback, then to every detector's on_alert hook (once; hooks cannot
 * re-enter). A rule engine raising ST-EXP-* must call this so ST-SCAN-001 sees its alerts. */
void sw_detect_emit(sw_detect_ctx *ctx, const sw_alert *alert);

/* Text for evidence: an address, a port, a hex 16-bit value. buf must hold 48 bytes. */
#define SW_DETECT_TEXT_LEN 48
const char *sw_detect_ip_text(const sw_ip *ip, char *buf);
const char *sw_detect_u16_text(unsigned value, char *buf);
const char *sw_detect_hex16_text(unsigned value, char *buf);
/* A server banner as evidence: at most SW_DETECT_BANNER_KEEP characters ("..." marks a cut),
 * bytes outside printable ASCII as '.', whichever front end built the observation. buf must hold
 * SW_DETECT_BANNER_LEN bytes. */
#define SW_DETECT_BANNER_KEEP 80
#define SW_DETECT_BANNER_LEN  (SW_DETECT_BANNER_KEEP + 4)
const char *sw_detect_banner_text(const char *banner, char *buf);

/* Read by the engine, written by engine-config.c: per-id settings of a config. */
int sw_engine_config_is_enabled(const sw_engine_config *cfg, const char *id);
/* The configured severity override, or 0 when none. */
sw_severity sw_engine_config_severity(const sw_engine_config *cfg, const char *id);
/* Per-detection settings (detections.<id>.<key>): the one table of known keys with their kinds,
 * defaults and allowed ranges lives in detect-params.c. Numbers and durations (seconds) are
 * range-checked against min..max; port and CIDR lists have no default (absent = empty). */
typedef enum sw_det_param_kind {
    SW_PARAM_NUMBER = 0, /* the default for a row that does not say */
    SW_PARAM_DURATION,   /* seconds; the config may write 90, 90s, 15m, 24h, 7d */
    SW_PARAM_PORTS,      /* list of TCP/UDP ports 1-65535 */
    SW_PARAM_CIDRS,      /* list of IPv4/IPv6 prefixes */
} sw_det_param_kind;
typedef struct sw_det_param_spec {
    const char *id;  /* "ST-SNMP-003" */
    const char *key; /* "devices" */
    uint64_t def, min, max;
    sw_det_param_kind kind;
} sw_det_param_spec;
/* Index of (id, key) in the table, or -1. */
int sw_det_param_find(const char *id, const char *key);
const sw_det_param_spec *sw_det_param_at(int index); /* NULL out of range */
size_t sw_det_param_count(void);
/* The configured value, or the spec's default when the config does not set it. */
uint64_t sw_engine_config_param(const sw_engine_config *cfg, int index);
/* The configured list of a SW_PARAM_PORTS / SW_PARAM_CIDRS row (borrowed, lives as long as cfg);
 * NULL (and *n = 0) when not configured or the index is not of that kind. */
const uint16_t *sw_engine_config_param_ports(const sw_engine_config *cfg, int index, size_t *n);
const sw_netset *sw_engine_config_param_net(const sw_engine_config *cfg, int index);

#endif
