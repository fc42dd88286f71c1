/* Private to the EVE modules: the value formats that eve.c (jansson trees) and eve-write*.c
 * (text written straight into a buffer) must agree on, kept in one place. */
#ifndef SEAWALL_EVE_INT_H
#define SEAWALL_EVE_INT_H

#include "eve.h"

#define SW_EVE_IP_LEN   48   /* an uncompressed IPv6 address fits with room to spare */
#define SW_EVE_MAX_TEXT 1024 /* longest text kept when it had to be cleaned */

/* sw_eve_timestamp's text without the NUL: always exactly SW_EVE_TS_TEXT characters. */
#define SW_EVE_TS_TEXT 31
void sw_eve_timestamp_text(sw_time ts, char out[SW_EVE_TS_TEXT]);
/* The same text, reusing the date (and the time of day) of the last second it wrote: the
 * timestamps of one record (its time, a flow's start and end) mostly fall in one day, often in
 * one second. Zero it first. */
typedef struct sw_eve_ts_cache {
    int valid;
    int64_t sec;
    char prefix[19]; /* "YYYY-MM-DDTHH:MM:SS" of sec */
} sw_eve_ts_cache;
void sw_eve_timestamp_text_cached(sw_eve_ts_cache *cache, sw_time ts, char out[SW_EVE_TS_TEXT]);
/* "critical".."low" (the extension's severity) and ET's signature_severity vocabulary. */
const char *sw_eve_severity_text(sw_severity sev);
const char *sw_eve_signature_severity_text(sw_severity sev);
int sw_eve_has_ports(uint8_t proto); /* TCP, UDP, SCTP: src_port and dest_port are written */
int sw_eve_is_icmp(uint8_t proto);   /* ICMP, ICMPv6: icmp_type and icmp_code are written */
/* The address as EVE writes it, not NUL-terminated; returns its length (0 for an unset one). */
size_t sw_eve_ip_text(const sw_ip *ip, char out[SW_EVE_IP_LEN]);
/* Text that is not valid UTF-8: each non-ASCII byte becomes '?', cut at SW_EVE_MAX_TEXT bytes.
 * Returns the length; out is NUL-terminated. */
size_t sw_eve_clean_text(const char *text, char out[SW_EVE_MAX_TEXT + 1]);
const char *sw_eve_pkt_src(const sw_eve_options *opt);
const char *sw_eve_tunnel_kind_text(sw_tunnel_kind kind);
int64_t sw_eve_flow_age(const sw_flow_obs *flow);               /* flow.age, >= 0 */
const char *sw_eve_flow_state_text(const sw_flow_obs *flow);    /* flow.state */
const char *sw_eve_flow_reason_text(sw_flow_end_reason reason); /* flow.reason */
const char *sw_eve_end_reason_text(sw_flow_end_reason reason);  /* seawall.end_reason */

#endif
