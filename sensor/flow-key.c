/* Canonical bidirectional flow keys and their hashes (private to the flow table). */
#include "flow-key.h"

#include <string.h>

/* Seed of the flow_id hash: fixed, so ids do not depend on the table's random seed. */
#define FLOW_ID_SEED 0x5eaa11f10e1dULL
#define FLOW_ID_MASK ((1ULL << 51) - 1)

/* Serialised key: 4 addresses (family + 16 bytes), 2 ports, VLANs, proto, outer proto, depth. */
#define FLOW_KEY_BYTES (4 * 17 + 2 * 2 + SW_PKT_MAX_VLAN * 2 + 3)

static int is_icmp(uint8_t proto)
{
    return proto == 1 || proto == 58;
}

static int has_ports(uint8_t proto)
{
    return proto == 6 || proto == 17 || proto == 132 || proto == 33 || proto == 136;
}

void flow_layer_ports(const sw_ip_layer *lay, uint16_t *sp, uint16_t *dp)
{
    if (lay->is_fragment || is_icmp(lay->proto) || !has_ports(lay->proto)) {
        *sp = 0;
        *dp = 0;
        return;
    }
    *sp = lay->sp;
    *dp = lay->dp;
}

static int endpoint_compare(const sw_ip *a, uint16_t ap, const sw_ip *b, uint16_t bp)
{
    int c = sw_ip_compare(a, b);
    if (c != 0)
        return c;
    return ap < bp ? -1 : (ap > bp ? 1 : 0);
}

void flow_key_build(flow_key *key, const sw_packet *p, unsigned index)
{
    const sw_ip_layer *lay = &p->ip[index];
    uint16_t sp, dp;
    memset(key, 0, sizeof(*key));
    flow_layer_ports(lay, &sp, &dp);
    if (endpoint_compare(&lay->src, sp, &lay->dst, dp) <= 0) {
        key->addr_lo = lay->src, key->port_lo = sp;
        key->addr_hi = lay->dst, key->port_hi = dp;
    } else {
        key->addr_lo = lay->dst, key->port_lo = dp;
        key->addr_hi = lay->src, key->port_hi = sp;
    }
    if (index > 0) {
        const sw_ip_layer *outer = &p->ip[0];
        int lo_first = sw_ip_compare(&outer->src, &outer->dst) <= 0;
        key->outer_lo = lo_first ? outer->src : outer->dst;
        key->outer_hi = lo_first ? outer->dst : outer->src;
        key->outer_proto = outer->proto;
    }
    for (unsigned i = 0; i < p->vlan_count && i < SW_PKT_MAX_VLAN; i++)
        key->vlan[i] = p->vlan[i];
    key->proto = lay->proto;
    key->depth = (uint8_t)index;
}

int flow_key_equal(const flow_key *a, const flow_key *b)
{
    return a->proto == b->proto && a->depth == b->depth && a->port_lo == b->port_lo &&
           a->port_hi == b->port_hi && a->outer_proto == b->outer_proto &&
           memcmp(a->vlan, b->vlan, sizeof(a->vlan)) == 0 &&
           sw_ip_equal(&a->addr_lo, &b->addr_lo) && sw_ip_equal(&a->addr_hi, &b->addr_hi) &&
           sw_ip_equal(&a->outer_lo, &b->outer_lo) && sw_ip_equal(&a->outer_hi, &b->outer_hi);
}

static size_t put_ip(uint8_t *buf, size_t off, const sw_ip *ip)
{
    buf[off++] = ip->family;
    for (size_t i = 0; i < sizeof(ip->bytes); i++)
        buf[off++] = ip->bytes[i];
    return off;
}

static size_t put_u16(uint8_t *buf, size_t off, uint16_t v)
{
    buf[off] = (uint8_t)(v >> 8);
    buf[off + 1] = (uint8_t)v;
    return off + 2;
}

/* Field by field, so struct padding never reaches the hash. */
static void serialise(const flow_key *key, uint8_t buf[FLOW_KEY_BYTES])
{
    size_t off = 0;
    off = put_ip(buf, off, &key->addr_lo);
    off = put_ip(buf, off, &key->addr_hi);
    off = put_ip(buf, off, &key->outer_lo);
    off = put_ip(buf, off, &key->outer_hi);
    off = put_u16(buf, off, key->port_lo);
    off = put_u16(buf, off, key->port_hi);
    for (unsigned i = 0; i < SW_PKT_MAX_VLAN; i++)
        off = put_u16(buf, off, key->vlan[i]);
    buf[off++] = key->proto;
    buf[off++] = key->outer_proto;
    buf[off] = key->depth;
}

static uint64_t rotl64(uint64_t x, unsigned r)
{
    return (x << r) | (x >> (64 - r));
}

/* Final avalanche of MurmurHash3 (fmix64): every input bit affects every output bit. */
static uint64_t fmix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* A seeded multiply-rotate hash in the style of xxHash64's lanes, over 8-byte little-endian
 * words; the seed enters the state first so an attacker who does not know it cannot aim many
 * keys at one bucket. */
static uint64_t hash_bytes(const uint8_t *buf, size_t len, uint64_t seed)
{
    const uint64_t p1 = 0x9e3779b185ebca87ULL, p2 = 0xc2b2ae3d27d4eb4fULL;
    uint64_t h = fmix64(seed + p1) ^ (uint64_t)len;
    for (size_t off = 0; off < len; off += 8) {
        uint64_t word = 0;
        for (size_t i = 0; i < 8 && off + i < len; i++)
            word |= (uint64_t)buf[off + i] << (8 * i);
        h ^= rotl64(word * p2, 31) * p1;
        h = rotl64(h, 27) * p1 + p2;
    }
    return fmix64(h);
}

uint64_t flow_key_hash(const flow_key *key, uint64_t seed)
{
    uint8_t buf[FLOW_KEY_BYTES];
    serialise(key, buf);
    return hash_bytes(buf, sizeof(buf), seed);
}

uint64_t flow_key_flow_id(const flow_key *key, sw_time start)
{
    uint64_t t = (uint64_t)start.sec * 1000000u + (uint64_t)(int64_t)start.usec;
    uint64_t id = fmix64(flow_key_hash(key, FLOW_ID_SEED) ^ fmix64(t + 0x9e3779b97f4a7c15ULL));
    id &= FLOW_ID_MASK;
    return id ? id : 1;
}
