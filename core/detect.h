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
    /* Observation types wanted, bit (1u << type); 0 = the four SW_OBS_FLOW_* types only (what
     * the first detectors were written for: they read obs->u.flow). */
    uint32_t obs_mask;
    /* 1 when the detector works without any network set (IOC matching). */
    int context_free;
    /* Internal alert hook: sees every alert raised by any detector or rule (NULL = none). Not
     * called for alerts raised from inside a hook, so a correlating detector cannot loop. */
    void (*on_alert)(sw_detect_ctx *ctx, const sw_alert *alert);
} sw_detector;

#define SW_OBS_BIT(type) (1u << (unsigned)(type))
#define SW_OBS_FLOW_BITS                                                \
    (SW_OBS_BIT(SW_OBS_FLOW_START) | SW_OBS_BIT(SW_OBS_FLOW_ANSWERED) | \
     SW_OBS_BIT(SW_OBS_FLOW_ESTABLISHED) | SW_OBS_BIT(SW_OBS_FLOW_END))

extern const sw_detector sw_detector_tunnel;
extern const sw_detector sw_detector_aaa;
extern const sw_detector sw_detector_snmp;
extern const sw_detector sw_detector_mgmt;
extern const sw_detector sw_detector_access;
extern const sw_detector sw_detector_lateral;
extern const sw_detector sw_detector_evasion;
extern const sw_detector sw_detector_c2;
extern const sw_detector sw_detector_container;
extern const sw_detector sw_detector_scan;

/* 1 when the detection is enabled (and the catalog has it). Cheap: an array read. */
int sw_detect_enabled(const sw_detect_ctx *ctx, sw_detection det);
/* 1 when ip is inside the configured network set. */
int sw_detect_in(const sw_detect_ctx *ctx, sw_netset_id set, const sw_ip *ip);

/* Raises det for obs's flow unless it already fired for this flow. `escalate_to` (0 for none)
 * raises the severity when more severe than the configured one; never lowers it. Evidence is
 * copied into the alert as given (borrowed for the call). */
void sw_detect_alert(sw_detect_ctx *ctx, sw_detection det, const sw_observation *obs,
                     sw_severity escalate_to, const sw_evidence *evidence, size_t n_evidence);

/* The flow an observation is about: &u.flow for flow observations, the `flow` member of an
 * application observation, NULL for SW_OBS_TICK (or an application observation without one). */
const sw_flow_obs *sw_detect_flow_of(const sw_observation *obs);

/* sw_detect_alert for an explicit flow and time (a detector raising from a tick, about a flow
 * it synthesised from its state; flow_id 0 skips the once-per-flow rule). */
void sw_detect_alert_flow(sw_detect_ctx *ctx, sw_detection det, sw_time ts, uint64_t pcap_cnt,
                          const sw_flow_obs *flow, sw_severity escalate_to,
                          const sw_evidence *evidence, size_t n_evidence);

/* The one exit of every alert, built-in or from the rule engine: counts it, hands it to the
 * callback, then to every detector's on_alert hook (once; hooks cannot re-enter). A rule engine
 * raising ST-EXP-* must call this so ST-SCAN-001 sees its alerts. */
void sw_detect_emit(sw_detect_ctx *ctx, const sw_alert *alert);

/* Text for evidence: an address, a port, a hex 16-bit value. buf must hold 48 bytes. */
#define SW_DETECT_TEXT_LEN 48
const char *sw_detect_ip_text(const sw_ip *ip, char *buf);
const char *sw_detect_u16_text(unsigned value, char *buf);
const char *sw_detect_hex16_text(unsigned value, char *buf);

/* Read by the engine, written by engine-config.c: per-id settings of a config. */
int sw_engine_config_is_enabled(const sw_engine_config *cfg, const char *id);
/* The configured severity override, or 0 when none. */
sw_severity sw_engine_config_severity(const sw_engine_config *cfg, const char *id);
/* Tunables of detections.<id> (thresholds, periods, allow lists), validated at config time.
 * Borrowed results live as long as cfg; absent settings give dflt / NULL with *n = 0. */
uint64_t sw_engine_config_param_u64(const sw_engine_config *cfg, const char *id, const char *key,
                                    uint64_t dflt);
const uint16_t *sw_engine_config_param_ports(const sw_engine_config *cfg, const char *id,
                                             const char *key, size_t *n);
const sw_netset *sw_engine_config_param_net(const sw_engine_config *cfg, const char *id,
                                            const char *key);

#endif
