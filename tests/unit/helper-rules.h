/* Test fixture for content rules: an engine with the shipped catalog, a small address plan and a
 * ruleset, plus builders for hand-made HTTP, payload, TLS, SSH and DNS observations. */
#ifndef SEAWALL_HELPER_RULES_H
#define SEAWALL_HELPER_RULES_H

#include "engine.h"

#define RT_MAX_ALERTS 32
#define RT_CLIENT     "198.51.100.9" /* outside every set */
#define RT_INFRA      "10.0.0.1"     /* infra 10.0.0.0/24 */
#define RT_EDGE       "10.1.0.1"     /* edge_apps 10.1.0.0/24 */
#define RT_NOC        "10.9.0.4"     /* noc 10.9.0.0/24 */

typedef struct rt_fixture {
    sw_catalog *catalog;
    sw_engine_config *cfg;
    sw_engine *engine;
    sw_ruleset *rs;
    sw_flow_obs flow;
    sw_time now;
    size_t n;
    char rule[RT_MAX_ALERTS][48]; /* "gid:sid:rev" of each alert */
    char id[RT_MAX_ALERTS][32];   /* catalog id of each alert */
    sw_severity severity[RT_MAX_ALERTS];
} rt_fixture;

/* A new engine over the same ruleset, for a change of fx->cfg (enabled detections). */
void rt_rebuild_engine(rt_fixture *fx);
/* Loads catalog, classification and `rules` (asserting they parse with no rule skipped when
 * expect_clean). The flow is RT_CLIENT:40000 -> RT_INFRA:443/TCP, established, id 7. */
void rt_setup(rt_fixture *fx, const char *rules, int expect_clean);
void rt_setup_file(rt_fixture *fx, const char *path);
void rt_teardown(rt_fixture *fx);
/* A new engine with `rules` replaces fx->engine, as a sensor reload does; take_state: it first
 * takes the old engine's flowbits and thresholds (sw_engine_take_rule_state). */
void rt_replace_engine(rt_fixture *fx, const char *rules, int take_state);
void rt_flow(rt_fixture *fx, const char *src, uint16_t sp, const char *dst, uint16_t dp);

/* Raw strings; uri = normalised URI (NULL: same as uri_raw); headers "Name: v\r\n..." */
void rt_request(rt_fixture *fx, const char *method, const char *uri_raw, const char *uri,
                const char *headers, const char *cookie, const char *body);
void rt_response(rt_fixture *fx, unsigned status, const char *body);
void rt_payload(rt_fixture *fx, int to_server, const uint8_t *data, size_t len);
void rt_tls(rt_fixture *fx, const char *sni);
void rt_ssh(rt_fixture *fx, const char *proto, const char *software);
void rt_dns(rt_fixture *fx, const char *qname);
void rt_flow_end(rt_fixture *fx);

/* Number of alerts raised by rule "gid:sid:rev" so far. */
size_t rt_count(const rt_fixture *fx, const char *rule);

#endif
