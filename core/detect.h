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
} sw_detector;

extern const sw_detector sw_detector_tunnel;
extern const sw_detector sw_detector_aaa;
extern const sw_detector sw_detector_snmp;
extern const sw_detector sw_detector_mgmt;

/* 1 when the detection is enabled (and the catalog has it). Cheap: an array read. */
int sw_detect_enabled(const sw_detect_ctx *ctx, sw_detection det);
/* 1 when ip is inside the configured network set. */
int sw_detect_in(const sw_detect_ctx *ctx, sw_netset_id set, const sw_ip *ip);

/* Raises det for obs's flow unless it already fired for this flow. `escalate_to` (0 for none)
 * raises the severity when more severe than the configured one; never lowers it. Evidence is
 * copied into the alert as given (borrowed for the call). */
void sw_detect_alert(sw_detect_ctx *ctx, sw_detection det, const sw_observation *obs,
                     sw_severity escalate_to, const sw_evidence *evidence, size_t n_evidence);

/* Text for evidence: an address, a port, a hex 16-bit value. buf must hold 48 bytes. */
#define SW_DETECT_TEXT_LEN 48
const char *sw_detect_ip_text(const sw_ip *ip, char *buf);
const char *sw_detect_u16_text(unsigned value, char *buf);
const char *sw_detect_hex16_text(unsigned value, char *buf);

/* Read by the engine, written by engine-config.c: per-id settings of a config. */
int sw_engine_config_is_enabled(const sw_engine_config *cfg, const char *id);
/* The configured severity override, or 0 when none. */
sw_severity sw_engine_config_severity(const sw_engine_config *cfg, const char *id);

#endif
