/* The flow table: bidirectional flows keyed by 5-tuple, VLAN and tunnel depth, with TCP state,
 * per-protocol idle timeouts and a memory cap enforced by evicting the least recently active
 * flow. Flow lifecycle events leave as observations (SW_OBS_FLOW_*), time comes from packets. */
#ifndef SEAWALL_SENSOR_FLOW_H
#define SEAWALL_SENSOR_FLOW_H

#include "decode.h"
#include "observation.h"

typedef struct sw_flow_config {
    size_t memcap;      /* bytes for flow records; default 64 MiB */
    uint32_t hash_size; /* buckets, rounded up to a power of two; default 262144 */
    uint32_t seed;      /* hash seed; 0 picks one at random (tests pass a fixed one) */
    /* Idle timeouts in seconds (defaults as Suricata's): */
    uint32_t timeout_tcp_new;         /* 60: handshake not completed */
    uint32_t timeout_tcp_established; /* 600 */
    uint32_t timeout_tcp_closed;      /* 60: after FIN both ways or RST */
    uint32_t timeout_udp;             /* 300 (30 for new, unanswered) */
    uint32_t timeout_udp_new;
    uint32_t timeout_icmp;  /* 300 */
    uint32_t timeout_other; /* 300: GRE, ESP, ... */
} sw_flow_config;

void sw_flow_config_defaults(sw_flow_config *cfg);

typedef struct sw_flow_stats {
    uint64_t total, tcp, udp, icmpv4, icmpv6, other; /* flows created */
    uint64_t active;                                 /* flows in the table now */
    uint64_t memuse;                                 /* bytes in flow records now */
    uint64_t memcap_evictions;           /* flows ended early because the table was full */
    uint64_t memcap_refused;             /* packets not tracked because nothing could be evicted */
    uint64_t timeouts, closed, shutdown; /* flows ended, by reason */
    uint64_t tcp_midstream;              /* TCP flows picked up without a SYN */
} sw_flow_stats;

/* Receives every flow observation; `obs` is borrowed for the call. */
typedef void (*sw_flow_obs_cb)(const sw_observation *obs, void *user);

typedef struct sw_flow_table sw_flow_table;

/* Caller owns; free with sw_flow_table_free (which does NOT emit end observations: call
 * sw_flow_table_flush first). NULL when out of memory or for an unusable config. */
sw_flow_table *sw_flow_table_new(const sw_flow_config *cfg, sw_flow_obs_cb cb, void *user);
void sw_flow_table_free(sw_flow_table *ft);

/* Tracks layer `index` of a decoded packet (layers before it are its tunnel). Emits FLOW_START,
 * FLOW_ANSWERED, FLOW_ESTABLISHED and FLOW_END as they happen, and expires idle flows up to the
 * packet's time. Fragments that were not reassembled (is_fragment) are tracked with ports 0.
 * Returns the flow id the layer belongs to, or 0 when it could not be tracked (memcap, or a
 * transport header the decoder could not read: transport_invalid). */
uint64_t sw_flow_table_packet(sw_flow_table *ft, const sw_packet *p, unsigned index);

/* Expires flows idle at `now` (for live capture with no traffic). */
void sw_flow_table_expire(sw_flow_table *ft, sw_time now);

/* Ends every flow with reason SHUTDOWN (end of capture). */
void sw_flow_table_flush(sw_flow_table *ft, sw_time now);

const sw_flow_stats *sw_flow_table_stats(const sw_flow_table *ft);
void sw_flow_stats_to_json(const sw_flow_stats *st, json_t *suricata, json_t *seawall);

/* ---- Per-flow slot for the stream/app layer (added for the application layer) -------------- */

/* Called when a flow ends (timeout, close, eviction, port reuse, flush), BEFORE its FLOW_END
 * observation, with the slot's pointer (never NULL: flows whose slot stayed NULL are skipped) and
 * the flow as it ends. The owner frees what the slot points to and may emit last observations.
 * sw_flow_table_free calls it with flow NULL for flows never ended: free only, emit nothing. */
typedef void (*sw_flow_slot_free_cb)(void *slot, const sw_flow_obs *flow, void *user);

void sw_flow_table_set_slot_free(sw_flow_table *ft, sw_flow_slot_free_cb cb, void *user);

/* The flow a packet layer belongs to, for the stage after the flow table. Borrowed from the
 * table until its next call: `flow` is the live record (the stage may set flow->app_proto, which
 * FLOW_END and EVE then carry; tunnel stays NULL there, use `tunnel`), `slot` the stage's pointer
 * (NULL until it stores one). */
typedef struct sw_flow_ref {
    uint64_t flow_id;
    sw_flow_obs *flow;
    const sw_tunnel_info *tunnel; /* NULL when the flow travelled bare */
    void **slot;
    uint8_t to_server; /* the packet's direction */
} sw_flow_ref;

/* As sw_flow_table_packet, and fills *ref (zeroed when it returns 0). */
uint64_t sw_flow_table_packet_ref(sw_flow_table *ft, const sw_packet *p, unsigned index,
                                  sw_flow_ref *ref);

#endif
