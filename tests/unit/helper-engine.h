/* Engine fixture for the behavioural detection suites: a catalog, a config from YAML text, an
 * engine whose alerts are recorded, and builders for hand-made observations. */
#ifndef SEAWALL_TEST_HELPER_ENGINE_H
#define SEAWALL_TEST_HELPER_ENGINE_H

#include "engine.h"

#define HE_MAX_ALERTS 64

typedef struct he_alert {
    char id[32];
    sw_severity severity;
    size_t n_evidence;
    char keys[SW_ALERT_MAX_EVIDENCE][32];
    char values[SW_ALERT_MAX_EVIDENCE][128];
} he_alert;

typedef struct he_fixture {
    sw_catalog *catalog;
    sw_engine_config *cfg;
    sw_engine *engine;
    size_t n;
    he_alert seen[HE_MAX_ALERTS];
    /* Storage behind the observations built below (they point into it). */
    sw_flow_obs flow;
} he_fixture;

/* Fails the test on any error. */
void he_setup(he_fixture *fx, const char *yaml);
void he_teardown(he_fixture *fx);
/* A second engine on the same catalog and config (for state round trips). */
sw_engine *he_engine(he_fixture *fx);

/* Alerts with this id seen so far. */
size_t he_count(const he_fixture *fx, const char *id);
/* Evidence value of the first alert with `id`, "(absent)" when missing. */
const char *he_evidence(const he_fixture *fx, const char *id, const char *key);

/* Fills fx->flow (flow id, TCP unless proto given, addresses, ports, time). */
sw_flow_obs *he_flow(he_fixture *fx, uint64_t id, uint8_t proto, const char *src, uint16_t sp,
                     const char *dst, uint16_t dp);
void he_flow_event(he_fixture *fx, sw_obs_type type, int64_t t);
void he_ssh_banner(he_fixture *fx, int to_server, const char *software, int64_t t);
void he_tls_hello(he_fixture *fx, int to_server, const char *sni, int64_t t);
/* A Telnet server greeting (IAC WILL ECHO, IAC WILL SGA) with this banner. */
void he_telnet(he_fixture *fx, const char *banner, int64_t t);
void he_dns_query(he_fixture *fx, const char *qname, int64_t t);
void he_http_request(he_fixture *fx, const char *host, const char *uri, int64_t t);
void he_syslog(he_fixture *fx, int64_t t);
void he_snmp_trap(he_fixture *fx, int64_t t); /* an SNMPv2c trap on the current flow */
/* `len` bytes (at most 64) of stream on the current flow, from its client when to_server, else
 * from its server (a chunk, as reassembly delivers it). */
void he_payload(he_fixture *fx, int to_server, size_t len, int64_t t);
void he_tick(he_fixture *fx, int64_t t);

#endif
