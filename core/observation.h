/* Observations: what a front end saw, normalised, as input to the engine.
 *
 * The sensor builds them from packets, the Suricata plugin from EVE records, the Zeek plugin from
 * Zeek events. Everything an observation points to is borrowed for the duration of one
 * sw_engine_observe() call; the engine copies what it keeps. */
#ifndef SEAWALL_OBSERVATION_H
#define SEAWALL_OBSERVATION_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sw_obs_type {
    SW_OBS_FLOW_START = 1,   /* first packet of a new flow */
    SW_OBS_FLOW_ANSWERED,    /* first packet from the responder (TCP: its SYN-ACK) */
    SW_OBS_FLOW_ESTABLISHED, /* TCP three-way handshake completed */
    SW_OBS_FLOW_END,         /* the flow ended (FIN/RST, timeout, eviction or shutdown) */
} sw_obs_type;

/* Why a tunnel carried this flow; the outermost encapsulation is what an analyst needs. */
typedef enum sw_tunnel_kind {
    SW_TUNNEL_NONE = 0,
    SW_TUNNEL_GRE,
    SW_TUNNEL_ERSPAN, /* GRE carrying ERSPAN type I, II or III */
    SW_TUNNEL_IPIP,   /* IPv4 in IPv4 */
    SW_TUNNEL_6IN4,
    SW_TUNNEL_4IN6,
    SW_TUNNEL_6IN6,
} sw_tunnel_kind;

const char *sw_tunnel_kind_name(sw_tunnel_kind kind); /* "GRE", "ERSPAN", "IPIP", ... */

typedef struct sw_tunnel_info {
    sw_tunnel_kind kind;
    sw_ip outer_src, outer_dst; /* of the outermost tunnel */
    uint8_t outer_proto;        /* IP protocol of the outer packet (47 for GRE) */
    uint8_t depth;              /* number of tunnel layers around the flow, >= 1 */
} sw_tunnel_info;

typedef enum sw_flow_end_reason {
    SW_FLOW_END_NONE = 0,
    SW_FLOW_END_TIMEOUT,
    SW_FLOW_END_CLOSED,   /* FIN or RST seen both ways / RST */
    SW_FLOW_END_EVICTED,  /* the flow table was full (memcap) */
    SW_FLOW_END_SHUTDOWN, /* end of capture */
} sw_flow_end_reason;

typedef enum sw_tcp_state {
    SW_TCP_NONE = 0, /* not TCP, or no SYN seen (midstream) */
    SW_TCP_SYN_SENT,
    SW_TCP_SYN_RECV,
    SW_TCP_ESTABLISHED,
    SW_TCP_CLOSING,
    SW_TCP_CLOSED,
} sw_tcp_state;

/* A flow, oriented: src is the initiator (client), dst the responder (server). */
typedef struct sw_flow_obs {
    uint64_t flow_id; /* stable for the flow's life; EVE flow_id */
    sw_ip src, dst;
    uint16_t sp, dp;              /* ports; 0 for protocols without them */
    uint8_t proto;                /* IP protocol number */
    uint8_t icmp_type, icmp_code; /* for ICMP/ICMPv6, from the first packet */
    uint16_t vlan[3];             /* outer to inner, 0 = absent */
    sw_time start, last;
    uint64_t pkts_toserver, pkts_toclient, bytes_toserver, bytes_toclient;
    sw_tcp_state tcp_state;
    sw_flow_end_reason end_reason; /* only for SW_OBS_FLOW_END */
    /* For a GRE flow (proto 47): the GRE protocol type it carries (0x0800 IPv4, 0x88BE ERSPAN
     * I/II, 0x22EB ERSPAN III, ...), and the ERSPAN version (1..3) or 0. */
    uint16_t gre_payload;
    uint8_t erspan_version;
    /* The tunnel this flow was carried inside; NULL when it travelled bare. */
    const sw_tunnel_info *tunnel;
} sw_flow_obs;

typedef struct sw_observation {
    sw_obs_type type;
    sw_time ts;        /* packet time of the event */
    uint64_t pcap_cnt; /* 1-based packet number in the capture; 0 when unknown */
    union {
        sw_flow_obs flow; /* SW_OBS_FLOW_* */
        /* Keeps the struct size fixed as app-layer observation types are added. */
        uint8_t reserved_[512];
    } u;
} sw_observation;

#ifdef __cplusplus
}
#endif
#endif
