/* The application layer of the sensor: TCP reassembly per flow (stream-tcp.h), protocol
 * detection by content then port, the per-protocol parsers over the reassembled stream or the
 * datagram, and the application observations of core/observation.h (SSH, TLS, DNS, SNMP,
 * TACACS+, RADIUS, TFTP and FTP file transfers linked to their data flows, syslog, Smart
 * Install, and every payload chunk for content rules). */
#ifndef SEAWALL_SENSOR_APP_LAYER_H
#define SEAWALL_SENSOR_APP_LAYER_H

#include "app-events.h"
#include "flow.h"
#include "stream-tcp.h"

/* Receives every observation (borrowed for the call). */
typedef void (*sw_app_obs_cb)(const sw_observation *obs, void *user);
/* Receives every anomaly a parser reported, with the flow it was on (borrowed) and the
 * direction of the packet being processed when it was found (1 client to server; at a flow's
 * end, with no packet, 1), which is the packet an EVE record describes. */
typedef void (*sw_app_anomaly_cb)(sw_app_event ev, const sw_flow_obs *flow, int pkt_to_server,
                                  sw_time ts, uint64_t pcap_cnt, void *user);

typedef struct sw_app_layer sw_app_layer;

/* Caller owns; free with sw_app_layer_free (NULL is a no-op). NULL when out of memory.
 * anomaly may be NULL. */
sw_app_layer *sw_app_layer_new(const sw_stream_config *cfg, sw_app_obs_cb obs,
                               sw_app_anomaly_cb anomaly, void *user);
void sw_app_layer_free(sw_app_layer *al);

/* Feeds layer `index` of a decoded packet, already tracked by the flow table as `ref`. */
void sw_app_layer_packet(sw_app_layer *al, const sw_packet *p, unsigned index,
                         const sw_flow_ref *ref);

/* The flow table's slot hook (sw_flow_table_set_slot_free with `al` as user): flushes what the
 * stream still holds (when flow is not NULL) and frees the flow's state. */
void sw_app_layer_flow_end(void *slot, const sw_flow_obs *flow, void *user);

const sw_stream_stats *sw_app_layer_stream_stats(const sw_app_layer *al);
const sw_app_stats *sw_app_layer_anomaly_stats(const sw_app_layer *al);
/* stream.* and app.* counters (app.<proto>.tx per observation, app.<proto>.<anomaly>). */
void sw_app_layer_stats_to_json(const sw_app_layer *al, json_t *seawall);

#endif
