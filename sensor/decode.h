/* Packet decoding: link layer to transport, through VLAN/QinQ, MPLS, GRE, ERSPAN I/II/III and
 * IP-in-IP tunnels, with IPv4/IPv6 fragment reassembly.
 *
 * A packet yields one sw_ip_layer per IP header it carries, outermost first, so the flow table
 * tracks both the tunnel itself (for example the GRE flow between two routers) and every flow
 * inside it. Problems are counted (sw_decode_stats) and listed per packet, never printed. */
#ifndef SEAWALL_SENSOR_DECODE_H
#define SEAWALL_SENSOR_DECODE_H

#include "common.h"
#include "observation.h"

#include <jansson.h>

/* Link types we decode (pcap LINKTYPE_* values). */
#define SW_LINK_NULL     0
#define SW_LINK_ETHERNET 1
#define SW_LINK_RAW      101 /* raw IPv4/IPv6 */
#define SW_LINK_IPV4     228
#define SW_LINK_IPV6     229
#define SW_LINK_SLL      113
#define SW_LINK_SLL2     276
/* DLT_RAW is 12 on most systems and 14 on OpenBSD; libpcap reports DLT values for pcap files. */
#define SW_DLT_RAW 12

#define SW_PKT_MAX_IP_LAYERS 4 /* outer + up to 3 tunnel levels; deeper is an anomaly */
#define SW_PKT_MAX_VLAN      3
#define SW_PKT_MAX_EVENTS    8

/* Decoder anomalies, `decoder.<proto>.<what>`. `trunc` means the capture ended (often only the
 * snap length); `malformed`-type events mean a field contradicts the data (possible evasion). */
#define SW_DECODE_EVENTS(X)                                                 \
    X(ETH_TRUNC, "decoder.ethernet.trunc")                                  \
    X(VLAN_TRUNC, "decoder.vlan.trunc")                                     \
    X(VLAN_TOO_MANY, "decoder.vlan.too_many_layers")                        \
    X(MPLS_TRUNC, "decoder.mpls.trunc")                                     \
    X(MPLS_TOO_MANY, "decoder.mpls.too_many_labels")                        \
    X(MPLS_UNKNOWN_PAYLOAD, "decoder.mpls.unknown_payload")                 \
    X(SLL_TRUNC, "decoder.sll.trunc")                                       \
    X(SLL2_TRUNC, "decoder.sll2.trunc")                                     \
    X(NULL_TRUNC, "decoder.null.trunc")                                     \
    X(IPV4_TRUNC, "decoder.ipv4.trunc")                                     \
    X(IPV4_BAD_VERSION, "decoder.ipv4.wrong_ip_version")                    \
    X(IPV4_HLEN_TOO_SMALL, "decoder.ipv4.hlen_too_small")                   \
    X(IPV4_IPLEN_SMALLER_THAN_HLEN, "decoder.ipv4.iplen_smaller_than_hlen") \
    X(IPV4_OPT_MALFORMED, "decoder.ipv4.opt_malformed")                     \
    X(IPV4_FRAG_OVERLAP, "decoder.ipv4.frag_overlap")                       \
    X(IPV4_FRAG_TOO_LARGE, "decoder.ipv4.frag_pkt_too_large")               \
    X(IPV6_TRUNC, "decoder.ipv6.trunc")                                     \
    X(IPV6_BAD_VERSION, "decoder.ipv6.wrong_ip_version")                    \
    X(IPV6_EXTHDR_MALFORMED, "decoder.ipv6.exthdr_malformed")               \
    X(IPV6_EXTHDR_TOO_MANY, "decoder.ipv6.exthdr_too_many")                 \
    X(IPV6_FRAG_OVERLAP, "decoder.ipv6.frag_overlap")                       \
    X(IPV6_FRAG_TOO_LARGE, "decoder.ipv6.frag_pkt_too_large")               \
    X(FRAG_MEMCAP, "decoder.defrag.memcap")                                 \
    X(FRAG_TRACKERS_FULL, "decoder.defrag.max_trackers")                    \
    X(GRE_TRUNC, "decoder.gre.trunc")                                       \
    X(GRE_BAD_VERSION, "decoder.gre.wrong_version")                         \
    X(GRE_UNKNOWN_PAYLOAD, "decoder.gre.unknown_payload")                   \
    X(ERSPAN_TRUNC, "decoder.erspan.trunc")                                 \
    X(ERSPAN_BAD_VERSION, "decoder.erspan.unsupported_version")             \
    X(TCP_TRUNC, "decoder.tcp.trunc")                                       \
    X(TCP_HLEN_TOO_SMALL, "decoder.tcp.hlen_too_small")                     \
    X(TCP_OPT_MALFORMED, "decoder.tcp.opt_malformed")                       \
    X(UDP_TRUNC, "decoder.udp.trunc")                                       \
    X(UDP_LEN_INVALID, "decoder.udp.len_invalid")                           \
    X(ICMPV4_TRUNC, "decoder.icmpv4.trunc")                                 \
    X(ICMPV6_TRUNC, "decoder.icmpv6.trunc")                                 \
    X(TOO_MANY_LAYERS, "decoder.too_many_layers")                           \
    X(UNSUPPORTED_LINKTYPE, "decoder.unsupported_linktype")                 \
    X(IPV4_IPLEN_EXCEEDS_DATA, "decoder.ipv4.iplen_exceeds_data")           \
    X(IPV6_PLEN_EXCEEDS_DATA, "decoder.ipv6.plen_exceeds_data")             \
    X(TCP_INVALID_OPTLEN, "decoder.tcp.invalid_optlen")                     \
    X(GRE_MALFORMED, "decoder.gre.malformed")

typedef enum sw_decode_event {
#define SW_DECODE_EVENT_ENUM(id, name) SW_DEV_##id,
    SW_DECODE_EVENTS(SW_DECODE_EVENT_ENUM)
#undef SW_DECODE_EVENT_ENUM
        SW_DEV_COUNT
} sw_decode_event;

const char *sw_decode_event_name(sw_decode_event ev);
/* 1 for the link types sw_decode_packet decodes (SW_LINK_*, DLT_RAW); every packet of another
 * is only a decoder.unsupported_linktype anomaly, which a capture source says once up front. */
int sw_decode_linktype_supported(int linktype);

/* One IP header of a packet and the transport header right after it. */
typedef struct sw_ip_layer {
    uint8_t version; /* 4 or 6 */
    sw_ip src, dst;
    uint8_t proto;       /* transport protocol (after IPv6 extension headers) */
    uint8_t is_fragment; /* an IP fragment not (yet) reassembled: no transport header */
    /* The TCP, UDP or ICMP header is missing, cut short or contradicts the data (an anomaly
     * says which): ports, flags and type are unknown, so the layer is part of no flow. */
    uint8_t transport_invalid;
    uint32_t ip_len; /* bytes of this IP packet as claimed by its header (bounded by capture) */
    uint16_t sp, dp;
    uint8_t tcp_flags;
    uint32_t tcp_seq, tcp_ack;
    uint16_t tcp_win;
    uint8_t icmp_type, icmp_code;
    /* Transport payload, borrowed from the packet or the defrag buffer until the next decode. */
    const uint8_t *payload;
    size_t payload_len;
    /* How the previous layer carried this one (SW_TUNNEL_NONE for layer 0). */
    sw_tunnel_kind carried_by;
    /* When this layer is GRE: the GRE protocol type and the ERSPAN version (1..3) or 0. */
    uint16_t gre_payload;
    uint8_t erspan_version;
    /* VLAN ids of the Ethernet frame that carried this header, outermost first: a flow inside
     * a tunnel has the tags of its own frame, not the tunnel's. */
    uint8_t vlan_count;
    uint16_t vlan[SW_PKT_MAX_VLAN];
} sw_ip_layer;

typedef struct sw_packet {
    /* Input, set by the capture loop. */
    sw_time ts;
    uint64_t pcap_cnt;
    int linktype;
    const uint8_t *data; /* borrowed from libpcap until the next packet */
    uint32_t caplen, wirelen;
    /* Output of sw_decode_packet. */
    uint8_t n_ip;
    sw_ip_layer ip[SW_PKT_MAX_IP_LAYERS];
    uint8_t n_events;
    uint8_t events[SW_PKT_MAX_EVENTS]; /* sw_decode_event values, first ones only */
} sw_packet;

/* Counters under Suricata's names (decoder.pkts, decoder.ipv4, ...) where Suricata has one. Each
 * header decoded counts once, inner ones too: an ERSPAN packet counts two `ethernet`. */
typedef struct sw_decode_stats {
    uint64_t pkts, bytes, invalid;
    uint64_t ethernet, vlan, vlan_qinq, vlan_qinqinq, mpls, sll, sll2, null, raw;
    uint64_t ipv4, ipv6, tcp, udp, icmpv4, icmpv6, gre, erspan, ppp, other_ip;
    uint64_t ipv4_in_ipv4, ipv6_in_ipv4, ipv4_in_ipv6, ipv6_in_ipv6;
    uint64_t frag_ipv4_fragments, frag_ipv4_reassembled, frag_ipv4_timeouts;
    uint64_t frag_ipv6_fragments, frag_ipv6_reassembled, frag_ipv6_timeouts;
    uint64_t frag_memuse;
    uint64_t events[SW_DEV_COUNT];
} sw_decode_stats;

typedef struct sw_decode_config {
    size_t defrag_memcap;      /* bytes held by incomplete datagrams; default 16 MiB */
    uint32_t defrag_trackers;  /* datagrams being reassembled at once; default 4096 */
    uint32_t defrag_timeout_s; /* an incomplete datagram is dropped after this; default 60 */
} sw_decode_config;

void sw_decode_config_defaults(sw_decode_config *cfg);

/* A decoder holds the defrag state and counters of one worker. Caller owns; free with
 * sw_decoder_free. NULL when out of memory. */
typedef struct sw_decoder sw_decoder;
sw_decoder *sw_decoder_new(const sw_decode_config *cfg);
void sw_decoder_free(sw_decoder *dec); /* NULL is a no-op */

/* Decodes p->data (p->caplen bytes of link type p->linktype), setting every output field (the
 * caller fills only the input fields and need not clear the rest).
 * Returns the number of IP layers decoded (0 for non-IP frames such as ARP, STP, CDP; and for a
 * fragment kept for reassembly until the datagram completes). Never fails on bad input: it stops
 * at the first bad header and counts an event. Output pointers stay valid until the next call. */
int sw_decode_packet(sw_decoder *dec, sw_packet *p);

/* Drops fragments older than the timeout relative to `now` (packet time). */
void sw_decoder_expire(sw_decoder *dec, sw_time now);

const sw_decode_stats *sw_decoder_stats(const sw_decoder *dec);
/* Adds counters to EVE stats objects: Suricata-named ones into `suricata` (decoder.*, defrag.*),
 * every counter by dotted name into `seawall`. */
void sw_decode_stats_to_json(const sw_decode_stats *st, json_t *suricata, json_t *seawall);

#endif
