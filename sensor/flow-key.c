/* Canonical bidirectional flow keys and their hashes (private to the flow table). */
#include "flow-key.h"

#include <string.h>

/* Seed of the flow_id hash: fixed, so ids do not depend on the table's random seed. */
#define FLOW_ID_SEED 0x5eaa11f10e1dULL
#define FLOW_ID_MASK ((1ULL << 51) - 1)

/* TCP, UDP, SCTP, DCCP and UDP-Lite have ports; ICMP and the rest do not. */
static int has_ports(uint8_t proto)
{
    switch (proto) {
    case 6:
    case 17:
    case 132:
    case 33:
    case 136:
        return 1;
    default:
        return 0;
    }
}

void flow_layer_ports(const sw_ip_layer *lay, uint16_t *sp, uint16_t *dp)
{
    if (lay->is_fragment || !has_ports(lay->proto)) {
        *sp = 0;
        *dp = 0;
        return;
    }
    *sp = lay->sp;
    *dp = lay->dp;
}

static uint64_t load_be64(const uint8_t *b)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t v;
    memcpy(&v, b, sizeof(v));
    return __builtin_bswap64(v);
#else
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i++)
        v = (v << 8) | b[i];
    return v;
#endif
}

/* sw_ip_compare's order (family, then the bytes as memcmp sees them) with two big-endian word
 * compares inline instead of a call and a memcmp per packet. */
static int ip_compare(const sw_ip *a, const sw_ip *b)
{
    if (a->family != b->family)
        return a->family < b->family ? -1 : 1;
    uint64_t x = load_be64(a->bytes), y = load_be64(b->bytes);
    if (x == y) {
        x = load_be64(a->bytes + 8);
        y = load_be64(b->bytes + 8);
    }
    return x < y ? -1 : (x > y ? 1 : 0);
}

static int endpoint_compare(const sw_ip *a, uint16_t ap, const sw_ip *b, uint16_t bp)
{
    int c = ip_compare(a, b);
    if (c != 0)
        return c;
    return ap < bp ? -1 : (ap > bp ? 1 : 0);
}

void flow_key_build_ports(flow_key *key, const sw_packet *p, unsigned index, uint16_t sp,
                          uint16_t dp)
{
    const sw_ip_layer *lay = &p->ip[index];
    memset(key, 0, sizeof(*key));
    if (endpoint_compare(&lay->src, sp, &lay->dst, dp) <= 0) {
        key->addr_lo = lay->src, key->port_lo = sp;
        key->addr_hi = lay->dst, key->port_hi = dp;
    } else {
        key->addr_lo = lay->dst, key->port_lo = dp;
        key->addr_hi = lay->src, key->port_hi = sp;
    }
    if (index > 0) {
        const sw_ip_layer *outer = &p->ip[0];
        int lo_first = ip_compare(&outer->src, &outer->dst) <= 0;
        key->outer_lo = lo_first ? outer->src : outer->dst;
        key->outer_hi = lo_first ? outer->dst : outer->src;
        key->outer_proto = outer->proto;
    }
    for (unsigned i = 0; i < p->vlan_count && i < SW_PKT_MAX_VLAN; i++)
        key->vlan[i] = p->vlan[i];
    key->proto = lay->proto;
    key->depth = (uint8_t)index;
}

void flow_key_build(flow_key *key, const sw_packet *p, unsigned index)
{
    uint16_t sp, dp;
    flow_layer_ports(&p->ip[index], &sp, &dp);
    flow_key_build_ports(key, p, index, sp, dp);
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

/* A seeded multiply-rotate hash in the style of xxHash64's lanes over the key's 8-byte words;
 * the seed enters the state first so a sender who does not know it cannot aim many keys at one
 * bucket. The key is built from a zeroed struct (flow_key_build), so its padding is always zero
 * and hashing the struct's bytes gives equal hashes for equal keys. This runs on every packet:
 * word loads, not a byte-by-byte serialisation. */
uint64_t flow_key_hash(const flow_key *key, uint64_t seed)
{
    const uint64_t p1 = 0x9e3779b185ebca87ULL, p2 = 0xc2b2ae3d27d4eb4fULL;
    const unsigned char *bytes = (const unsigned char *)key;
    uint64_t h = fmix64(seed + p1) ^ (uint64_t)sizeof(*key);
    size_t off = 0;
    for (; off + 8 <= sizeof(*key); off += 8) {
        uint64_t word;
        memcpy(&word, bytes + off, sizeof(word));
        h ^= rotl64(word * p2, 31) * p1;
        h = rotl64(h, 27) * p1 + p2;
    }
    uint64_t tail = 0;
    memcpy(&tail, bytes + off, sizeof(*key) - off);
    h ^= rotl64(tail * p2, 31) * p1;
    return fmix64(h);
}

static uint64_t key_word(const unsigned char *bytes, size_t off)
{
    uint64_t w = 0;
    memcpy(&w, bytes + off, off + 8 <= sizeof(flow_key) ? 8 : sizeof(flow_key) - off);
    return w;
}

#ifdef __SIZEOF_INT128__
/* wyhash's folded multiply: both halves of the 128-bit product, so every input bit counts. */
static uint64_t folded_mul(uint64_t a, uint64_t b)
{
    unsigned __int128 r = (unsigned __int128)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/* Two key words per multiply, in the style of wyhash. The running state enters both factors, so a
 * factor of zero (which would forget everything before it) needs the secret seed to aim at. */
#define BUCKET_P1 0xa0761d6478bd642fULL
#define BUCKET_P2 0xe7037ed1a0b428dbULL

uint64_t flow_key_bucket_seed(uint64_t seed)
{
    return fmix64(seed + BUCKET_P1);
}

uint64_t flow_key_bucket_hash(const flow_key *key, uint64_t state)
{
    const unsigned char *bytes = (const unsigned char *)key;
    uint64_t h = state;
    size_t off = 0;
    for (; off + 16 <= sizeof(*key); off += 16)
        h = folded_mul(key_word(bytes, off) ^ h ^ BUCKET_P1,
                       key_word(bytes, off + 8) ^ h ^ BUCKET_P2);
    if (off + 8 < sizeof(*key))
        h = folded_mul(key_word(bytes, off) ^ h ^ BUCKET_P1,
                       key_word(bytes, off + 8) ^ h ^ BUCKET_P2);
    else if (off < sizeof(*key))
        h = folded_mul(key_word(bytes, off) ^ h ^ BUCKET_P1, h ^ BUCKET_P2);
    return folded_mul(h ^ BUCKET_P1, (uint64_t)sizeof(*key) ^ BUCKET_P2);
}
#else
uint64_t flow_key_bucket_seed(uint64_t seed)
{
    return seed;
}

uint64_t flow_key_bucket_hash(const flow_key *key, uint64_t state)
{
    return flow_key_hash(key, state);
}
#endif

uint64_t flow_key_flow_id(const flow_key *key, sw_time start)
{
    uint64_t t = (uint64_t)start.sec * 1000000u + (uint64_t)(int64_t)start.usec;
    uint64_t id = fmix64(flow_key_hash(key, FLOW_ID_SEED) ^ fmix64(t + 0x9e3779b97f4a7c15ULL));
    id &= FLOW_ID_MASK;
    return id ? id : 1;
}
