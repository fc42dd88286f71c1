/* A detection fixture for the behavioural-detection suites: the real catalog, a lab config,
 * an engine whose alerts are copied for inspection, and builders for flows. */
#ifndef SEAWALL_TEST_HELPER_DETECT_H
#define SEAWALL_TEST_HELPER_DETECT_H

#include "engine.h"

#define DFX_MAX_ALERTS 32

/* The lab plan of the detection tests (tools/gen/plan.h uses the same file servers and
 * collectors): infra 10.0.0.0/24, aaa 10.8.0.10, nms 10.7.0.0/24, file_servers 10.30.0.30,
 * syslog 10.30.0.40, tunnel_peers 192.0.2.1, own 10.0.0.0/8, smi_directors 10.20.0.5. */
extern const char dfx_lab_networks[];

typedef struct dfx_alert {
    char id[32];
    sw_severity severity;
    uint64_t flow_id;
    size_t n_evidence;
    char keys[SW_ALERT_MAX_EVIDENCE][32];
    char values[SW_ALERT_MAX_EVIDENCE][128];
} dfx_alert;

typedef struct dfx {
    sw_catalog *catalog;
    sw_engine_config *cfg;
    sw_engine *engine;
    size_t n;
    dfx_alert alerts[DFX_MAX_ALERTS];
} dfx;

/* yaml: a whole config; detections appended to the lab networks by dfx_setup_with. */
void dfx_setup(dfx *fx, const char *yaml);
void dfx_setup_lab(dfx *fx, const char *detections_yaml); /* NULL: lab networks only */
void dfx_teardown(dfx *fx);

/* Count and first alert of a catalog id (NULL when none). */
size_t dfx_count(const dfx *fx, const char *id);
const dfx_alert *dfx_first(const dfx *fx, const char *id);
/* Evidence value of key, or NULL. */
const char *dfx_ev(const dfx_alert *a, const char *key);
/* 1 when text appears in any evidence key or value of any alert. */
int dfx_any_evidence_contains(const dfx *fx, const char *text);

/* A flow from src:sp to dst:dp (text addresses), proto, flow id, starting at t seconds. */
sw_flow_obs dfx_flow(const char *src, uint16_t sp, const char *dst, uint16_t dp, uint8_t proto,
                     uint64_t flow_id, int64_t t);
/* An observation of type at t seconds (union zeroed). */
sw_observation dfx_obs(sw_obs_type type, int64_t t);

#endif
