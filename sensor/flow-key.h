/* Private to the flow table: the canonical bidirectional flow key and its hashes.
 *
 * Both directions of a conversation build the same key: the two endpoints (address, port) are
 * stored in a fixed order. A flow inside a tunnel also carries its depth and the outermost tunnel
 * endpoints, so the same inner 5-tuple seen bare and tunnelled (or through two different tunnels)
 * stays two flows. */
#ifndef SEAWALL_SENSOR_FLOW_KEY_H
#define SEAWALL_SENSOR_FLOW_KEY_H

#include "decode.h"

#include <string.h>

typedef struct flow_key {
    /* Compared and hashed for every packet: */
    uint8_t addr_lo[16], addr_hi[16]; /* the endpoint that orders lower (family, address, port) */
    uint16_t port_lo, port_hi;
    uint16_t vlan[SW_PKT_MAX_VLAN]; /* outermost first, 0 = absent */
    uint8_t family_lo, family_hi;   /* 4 or 6 */
    uint8_t proto;
    uint8_t depth;    /* index of the layer in the packet = number of tunnels around it */
    uint8_t zero_[2]; /* rounds the part above to whole words; always 0 */
    /* Only for depth > 0 (all zero for layer 0, and then left out of the compare and the hash,
     * which keeps the common bare flow to six words): */
    sw_ip outer_lo, outer_hi; /* outermost tunnel endpoints, ordered */
    uint8_t outer_proto;      /* IP protocol of the outermost header */
} flow_key;

#define FLOW_KEY_INNER_LEN offsetof(flow_key, outer_lo)

/* Ports of a layer as the flow table sees them: 0 for ICMP (echo pairs become one flow per host
 * pair), for fragments without a transport header, and for protocols without ports (only TCP,
 * UDP, SCTP, DCCP and UDP-Lite have them). Inline: asked for every packet. */
static inline void flow_layer_ports(const sw_ip_layer *lay, uint16_t *sp, uint16_t *dp)
{
    int has_ports = 0;
    switch (lay->proto) {
    case 6:
    case 17:
    case 132:
    case 33:
    case 136:
        has_ports = !lay->is_fragment;
        break;
    default:
        break;
    }
    *sp = has_ports ? lay->sp : 0;
    *dp = has_ports ? lay->dp : 0;
}

/* Builds the canonical key of layer `index` of p. The caller checks index < p->n_ip. */
void flow_key_build(flow_key *key, const sw_packet *p, unsigned index);
/* The same, with the layer's ports (flow_layer_ports) already worked out by the caller. */
void flow_key_build_ports(flow_key *key, const sw_packet *p, unsigned index, uint16_t sp,
                          uint16_t dp);

static inline int flow_key_words_equal(const unsigned char *x, const unsigned char *y, size_t from,
                                       size_t to)
{
    uint64_t diff = 0, u, v;
    size_t off = from;
    for (; off + 8 <= to; off += 8) {
        memcpy(&u, x + off, 8);
        memcpy(&v, y + off, 8);
        diff |= u ^ v;
    }
    u = 0;
    v = 0;
    memcpy(&u, x + off, to - off);
    memcpy(&v, y + off, to - off);
    return (diff | (u ^ v)) == 0;
}

/* Keys come from zeroed structs (flow_key_build), so padding compares equal too. Inline word
 * compares: this runs for every packet, and a memcmp call costs more than the compare. Equal
 * first parts mean equal depths, so the tunnel part is compared only for tunnelled flows. */
static inline int flow_key_equal(const flow_key *a, const flow_key *b)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    if (!flow_key_words_equal(x, y, 0, FLOW_KEY_INNER_LEN))
        return 0;
    return a->depth == 0 || flow_key_words_equal(x, y, FLOW_KEY_INNER_LEN, sizeof(*a));
}

/* Seeded hash for bucket selection: a different seed spreads the same keys differently, so a
 * sender who does not know it cannot aim many keys at one bucket. Not for flow ids: those must
 * not depend on it. `state` comes from flow_key_bucket_seed, once per table. */
uint64_t flow_key_bucket_seed(uint64_t seed);
uint64_t flow_key_bucket_hash(const flow_key *key, uint64_t state);

/* EVE flow_id: depends only on the key and the start time (never on the table seed), so replaying
 * a capture gives the same ids. 51 bits (exact in a JSON double), never 0. */
uint64_t flow_key_flow_id(const flow_key *key, sw_time start);
/* The definition flow_key_flow_id computes faster: a hash of the endpoints as whole sw_ip values,
 * then the ports, VLAN ids, protocols and depth, laid out in a zeroed struct. For its test. */
uint64_t flow_key_flow_id_reference(const flow_key *key, sw_time start);

#endif
