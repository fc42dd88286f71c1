/* EVE JSON records (Suricata's field names, nesting and formats), built with jansson.
 * Pure data: the record is returned, writing it is the caller's job (a sink). */
#ifndef SEAWALL_EVE_H
#define SEAWALL_EVE_H

#include <jansson.h>

#include "engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Seawall-only data lives in this one top-level object of each record (see docs/eve.md). */
#define SW_EVE_EXTENSION "seawall"

typedef struct sw_eve_options {
    int community_id;           /* add community_id (Corelight Community ID v1) */
    uint16_t community_id_seed; /* 0 by default, as in Suricata */
    const char *host;           /* sensor name for "host"; NULL leaves it out */
    const char *pkt_src;        /* "wire/pcap" (default when NULL) */
} sw_eve_options;

/* "2019-12-09T06:33:58.827155+0000": UTC with microseconds and a numeric offset, as Suricata.
 * buf needs SW_EVE_TS_LEN bytes. Returns buf. */
#define SW_EVE_TS_LEN 40
char *sw_eve_timestamp(sw_time ts, char *buf, size_t len);

/* Suricata 7's name of an IP protocol ("TCP", "IPv6-ICMP", "GRE", "OSPF", "VRRP", "IP-in-IP",
 * ...; docs/eve.md lists them), or the number as text ("200") written into buf. */
const char *sw_eve_proto_name(uint8_t proto, char *buf, size_t len);
/* The reverse, for records written by Suricata: a name above (any case) or a number 0-255. */
sw_status sw_eve_proto_parse(const char *text, uint8_t *out);

/* Each returns a new reference (caller owns; json_decref), or NULL when out of memory. */
json_t *sw_eve_alert(const sw_alert *alert, const sw_eve_options *opt);
/* event_type "flow": the final record of a flow (ts = end time). */
json_t *sw_eve_flow(const sw_flow_obs *flow, sw_time ts, const sw_eve_options *opt);
/* event_type "anomaly" of type "decode" (packet layer) or "stream"/"applayer". `flow` may be
 * NULL when no flow could be formed (the addresses are then left out). */
json_t *sw_eve_anomaly(sw_time ts, uint64_t pcap_cnt, const char *type, const char *event,
                       const sw_flow_obs *flow, const sw_eve_options *opt);
/* event_type "stats". `suricata_stats` holds counters under Suricata's own names (decoder.pkts,
 * flow.tcp, ...), `seawall_counters` every Seawall counter by dotted name; both are stolen. */
json_t *sw_eve_stats(sw_time ts, uint64_t uptime_s, json_t *suricata_stats,
                     json_t *seawall_counters, const sw_eve_options *opt);

/* Community ID v1 of a flow ("1:" + base64 SHA-1); SW_ERR_INVALID for an unset address.
 * out needs at least 36 bytes. */
sw_status sw_community_id(const sw_flow_obs *flow, uint16_t seed, char *out, size_t len);

#ifdef __cplusplus
}
#endif
#endif
