/* Zeek connections as Seawall flow observations.
 *
 * Plain C values in, sw_flow_obs / sw_observation out, so the mapping builds and is unit-tested
 * without Zeek. The values are what Zeek's `connection` record carries (c$id, c$uid, c$history,
 * c$conn$conn_state, c$orig/c$resp sizes); field meanings follow Zeek's conn.log documentation
 * (base/protocols/conn/main.zeek, "conn_state" and "history"). */
#ifndef SEAWALL_ZEEK_CONN_H
#define SEAWALL_ZEEK_CONN_H

#include "observation.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One Zeek connection, as plain values. Strings are borrowed, NUL-terminated; NULL is read as
 * "" (Zeek leaves conn_state unset while the connection is alive). */
typedef struct sw_zeek_conn {
    const char *uid;    /* c$uid, e.g. "CzsmNL6NEHTEjUfIi" */
    const char *orig_h; /* c$id$orig_h as text */
    const char *resp_h; /* c$id$resp_h as text */
    uint16_t orig_p;    /* for ICMP Zeek puts the type here ... */
    uint16_t resp_p;    /* ... and the code here */
    const char *proto;  /* transport: "tcp", "udp", "icmp" (also for ICMPv6), "unknown_transport" */
    const char *conn_state; /* "S0", "SF", "REJ", ... */
    const char *history;    /* "ShADadFf": upper case originator, lower case responder */
    double start;           /* c$start_time, seconds since the epoch */
    double duration;        /* c$duration, seconds */
    uint64_t orig_pkts, resp_pkts;
    uint64_t orig_ip_bytes, resp_ip_bytes; /* IP-level bytes, as EVE flow.bytes_to* count */
    const char *service;                   /* c$service joined by ',' ("ssh", "snmp", ...) */
} sw_zeek_conn;

/* What the host is reporting: the connection was just created (new_connection), its TCP
 * handshake completed (connection_established), or it is gone (connection_state_remove). */
typedef enum sw_zeek_phase {
    SW_ZEEK_PHASE_START = 0,
    SW_ZEEK_PHASE_ESTABLISHED = 1,
    SW_ZEEK_PHASE_END = 2,
} sw_zeek_phase;

/* IP protocol number for Zeek's transport name: 6, 17, 1 (58 for "icmp" over IPv6); 0 when
 * unknown. */
uint8_t sw_zeek_proto_number(const char *proto, int ip_family);

/* A non-zero 64-bit flow id from a Zeek uid (FNV-1a; the same uid always gives the same id). */
uint64_t sw_zeek_flow_id(const char *uid);

/* 1 when the responder answered. TCP: its SYN-ACK ('h' in the history) or an established
 * handshake, so a reset (REJ) is no answer; other protocols: any responder packet or
 * lower-case history letter. */
int sw_zeek_conn_answered(const sw_zeek_conn *c);
/* 1 when a TCP three-way handshake completed: a conn_state that Zeek only gives after it (S1,
 * SF, S2, S3, RSTO, RSTR) or a history holding S, then h, then A or D from the originator. */
int sw_zeek_conn_established(const sw_zeek_conn *c);
/* Why the flow ended, from conn_state: closed for FIN/RST/REJ outcomes, timeout otherwise. */
sw_flow_end_reason sw_zeek_conn_end_reason(const char *conn_state);
/* The TCP state the flow is in at `phase`; SW_TCP_NONE for other protocols and midstream. */
sw_tcp_state sw_zeek_conn_tcp_state(const sw_zeek_conn *c, sw_zeek_phase phase);
/* First recognised application in Zeek's service list, else by port: TACACS+ (tcp/49), TFTP
 * (udp/69) and Smart Install (tcp/4786), which Zeek has no analyzers for. */
sw_app_proto sw_zeek_conn_app(const sw_zeek_conn *c, uint8_t proto);

/* Fills *out from c (tunnel stays NULL; set it when the flow was carried in one). Returns
 * SW_ERR_INVALID, leaving *out zeroed, when an address does not parse or the protocol is
 * unknown. */
sw_status sw_zeek_conn_to_flow(const sw_zeek_conn *c, sw_flow_obs *out);

#define SW_ZEEK_MAX_CONN_OBS 4

/* The observations a phase implies, in order, into out[] (at most SW_ZEEK_MAX_CONN_OBS):
 *   START: FLOW_START (ts = start);
 *   ESTABLISHED: FLOW_ANSWERED, FLOW_ESTABLISHED (ts = now);
 *   END: FLOW_ANSWERED when answered, FLOW_ESTABLISHED when established, FLOW_END
 *        (ts = start + duration).
 * Each out[i].u.flow is a copy of *flow; `now` is the host's network time for ESTABLISHED.
 * Repeating ANSWERED/ESTABLISHED at END is harmless: the engine raises an id once per flow. */
size_t sw_zeek_conn_observations(const sw_zeek_conn *c, const sw_flow_obs *flow,
                                 sw_zeek_phase phase, double now, sw_observation *out);

/* Seconds since the epoch as packet time (microsecond resolution, rounded). */
sw_time sw_zeek_time(double seconds);

#ifdef __cplusplus
}
#endif
#endif
