/* Canonical bidirectional flow keys and their hashes (private to the flow table). */
#include "flow-key.h"
#include "util-cursor.h"

#include <string.h>

/* Seed of the flow_id hash: fixed, so ids do not depend on the table's random seed. */
#define FLOW_ID_SEED 0x5eaa11f10e1dULL
#define FLOW_ID_MASK ((1ULL << 51) - 1)

/* sw_ip_compare's order (family, then the bytes as memcmp sees them) with two big-endian word
 * compares inline instead of a call and a memcmp per packet. */
static int ip_compare(const sw_ip *a, const sw_ip *b)
{
    if (a->family != b->family)
        return a->family < b->family ? -1 : 1;
    uint64_t x = sw_load_be64(a->bytes), y = sw_load_be64(b->bytes);
    if (x == y) {
        x = sw_load_be64(a->bytes + 8);
        y = sw_load_be64(b->bytes + 8);
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
    static const flow_key cleared; /* copied rather than memset, as in sw_decode_new_layer */
    *key = cleared;
    int src_lo = endpoint_compare(&lay->src, sp, &lay->dst, dp) <= 0;
    const sw_ip *lo = src_lo ? &lay->src : &lay->dst, *hi = src_lo ? &lay->dst : &lay->src;
    key->family_lo = lo->family;
    key->family_hi = hi->family;
    memcpy(key->addr_lo, lo->bytes, sizeof(key->addr_lo));
    memcpy(key->addr_hi, hi->bytes, sizeof(key->addr_hi));
    key->port_lo = src_lo ? sp : dp;
    key->port_hi = src_lo ? dp : sp;
    if (index > 0) {
        const sw_ip_layer *outer = &p->ip[0];
        int lo_first = ip_compare(&outer->src, &outer->dst) <= 0;
        key->outer_lo = lo_first ? outer->src : outer->dst;
        key->outer_hi = lo_first ? outer->dst : outer->src;
        key->outer_proto = outer->proto;
    }
    for (unsigned i = 0; i < lay->vlan_count && i < SW_PKT_MAX_VLAN; i++)
        key->vlan[i] = lay->vlan[i];
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

/* A seeded multiply-rotate hash in the style of xxHash64's lanes over 8-byte words; the seed
 * enters the state first so a sender who does not know it cannot aim many keys at one value.
 * Callers hash zeroed structs, so padding is always zero and equal keys hash equal. The steps
 * are apart so flow ids can feed words they compose in registers (flow_key_flow_id). */
#define HASH_P1 0x9e3779b185ebca87ULL
#define HASH_P2 0xc2b2ae3d27d4eb4fULL

static uint64_t hash_start(uint64_t seed, size_t len)
{
    return fmix64(seed + HASH_P1) ^ (uint64_t)len;
}

static uint64_t hash_word(uint64_t h, uint64_t word)
{
    h ^= rotl64(word * HASH_P2, 31) * HASH_P1;
    return rotl64(h, 27) * HASH_P1 + HASH_P2;
}

/* The last len % 8 bytes as a little word (zero-padded), then the final avalanche. */
static uint64_t hash_finish(uint64_t h, uint64_t tail)
{
    h ^= rotl64(tail * HASH_P2, 31) * HASH_P1;
    return fmix64(h);
}

static uint64_t hash_bytes(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *bytes = data;
    uint64_t h = hash_start(seed, len);
    size_t off = 0;
    for (; off + 8 <= len; off += 8) {
        uint64_t word;
        memcpy(&word, bytes + off, sizeof(word));
        h = hash_word(h, word);
    }
    uint64_t tail = 0;
    memcpy(&tail, bytes + off, len - off);
    return hash_finish(h, tail);
}

/* The key layout flow ids have always been hashed over (whole sw_ip endpoints first). Flow ids
 * appear in EVE, so the per-packet key may change shape but this one may not. */
typedef struct flow_id_key {
    sw_ip addr_lo, addr_hi, outer_lo, outer_hi;
    uint16_t port_lo, port_hi;
    uint16_t vlan[SW_PKT_MAX_VLAN];
    uint8_t proto, outer_proto, depth;
} flow_id_key;

static void flow_id_key_of(flow_id_key *id, const flow_key *key)
{
    memset(id, 0, sizeof(*id));
    id->addr_lo.family = key->family_lo;
    memcpy(id->addr_lo.bytes, key->addr_lo, sizeof(key->addr_lo));
    id->addr_hi.family = key->family_hi;
    memcpy(id->addr_hi.bytes, key->addr_hi, sizeof(key->addr_hi));
    id->outer_lo = key->outer_lo;
    id->outer_hi = key->outer_hi;
    id->port_lo = key->port_lo;
    id->port_hi = key->port_hi;
    memcpy(id->vlan, key->vlan, sizeof(id->vlan));
    id->proto = key->proto;
    id->outer_proto = key->outer_proto;
    id->depth = key->depth;
}

/* A constant-size copy for full words: a variable-length memcpy became `rep movsq`, whose
 * start-up cost was half of the bucket hash. The short tail goes through a zeroed buffer so the
 * word is what the variable copy gave, on any byte order. */
static uint64_t key_word(const unsigned char *bytes, size_t off, size_t end)
{
    uint64_t w;
    if (off + 8 <= end) {
        memcpy(&w, bytes + off, 8);
        return w;
    }
    unsigned char tail[8] = {0};
    for (size_t i = 0; off + i < end; i++)
        tail[i] = bytes[off + i];
    memcpy(&w, tail, 8);
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

/* Folds the words of bytes [from, to) into h, two per multiply. */
static uint64_t fold_words(const unsigned char *bytes, size_t from, size_t to, uint64_t h)
{
    for (size_t off = from; off < to; off += 16) {
        uint64_t second = off + 8 < to ? key_word(bytes, off + 8, to) : 0;
        h = folded_mul(key_word(bytes, off, to) ^ h ^ BUCKET_P1, second ^ h ^ BUCKET_P2);
    }
    return h;
}

uint64_t flow_key_bucket_hash(const flow_key *key, uint64_t state)
{
    const unsigned char *bytes = (const unsigned char *)key;
    uint64_t h = fold_words(bytes, 0, FLOW_KEY_INNER_LEN, state);
    if (key->depth > 0) /* equal keys have equal depths, so they take the same branch */
        h = fold_words(bytes, FLOW_KEY_INNER_LEN, sizeof(*key), h);
    return folded_mul(h ^ BUCKET_P1, (uint64_t)key->depth ^ BUCKET_P2);
}
#else
uint64_t flow_key_bucket_seed(uint64_t seed)
{
    return seed;
}

uint64_t flow_key_bucket_hash(const flow_key *key, uint64_t state)
{
    return hash_bytes(key, sizeof(*key), state);
}
#endif

static uint64_t flow_id_finish(uint64_t key_hash, sw_time start)
{
    uint64_t t = (uint64_t)start.sec * 1000000u + (uint64_t)(int64_t)start.usec;
    uint64_t id = fmix64(key_hash ^ fmix64(t + 0x9e3779b97f4a7c15ULL));
    id &= FLOW_ID_MASK;
    return id ? id : 1;
}

uint64_t flow_key_flow_id_reference(const flow_key *key, sw_time start)
{
    flow_id_key idk;
    flow_id_key_of(&idk, key);
    return flow_id_finish(hash_bytes(&idk, sizeof(idk), FLOW_ID_SEED), start);
}

/* Host order, which is little-endian wherever flow_key_flow_id uses it. */
static uint64_t load_le32(const unsigned char *bytes)
{
    uint32_t w;
    memcpy(&w, bytes, sizeof(w));
    return w;
}

/* flow_id_key's bytes as little-endian words, shifted together from the flow key: writing the
 * struct field by field and reading it back a word at a time stalled on every word (a load that
 * spans several recent stores cannot be forwarded from them), a few percent of the pipeline. */
_Static_assert(sizeof(sw_ip) == 17 && SW_PKT_MAX_VLAN == 3, "the word layout below");
_Static_assert(offsetof(flow_id_key, outer_lo) == 34 && offsetof(flow_id_key, port_lo) == 68 &&
                   offsetof(flow_id_key, proto) == 78 && sizeof(flow_id_key) == 82,
               "the word layout below");
_Static_assert(offsetof(flow_key, addr_hi) == 16 && offsetof(flow_key, port_lo) == 32 &&
                   offsetof(flow_key, outer_lo) == 48 && offsetof(flow_key, outer_proto) == 82,
               "the word layout below");

uint64_t flow_key_flow_id(const flow_key *key, sw_time start)
{
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
    return flow_key_flow_id_reference(key, start); /* its words are the host's byte order */
#endif
    const unsigned char *k = (const unsigned char *)key;
    const size_t end = sizeof(*key);
    uint64_t a0 = key_word(k, 0, end), a1 = key_word(k, 8, end);   /* addr_lo */
    uint64_t b0 = key_word(k, 16, end), b1 = key_word(k, 24, end); /* addr_hi */
    uint64_t words[10] = {
        key->family_lo | a0 << 8,
        a0 >> 56 | a1 << 8,
        a1 >> 56 | (uint64_t)key->family_hi << 8 | b0 << 16,
        b0 >> 48 | b1 << 16,
        b1 >> 48 | key_word(k, 48, end) << 16, /* then outer_lo and outer_hi, 34 bytes */
        key_word(k, 54, end),
        key_word(k, 62, end),
        key_word(k, 70, end),
        load_le32(k + 78) | load_le32(k + 32) << 32, /* the ports */
        (key_word(k, 36, end) & 0xffffffffffffULL) | (uint64_t)key->proto << 48 |
            (uint64_t)key->outer_proto << 56, /* the VLAN ids */
    };
    uint64_t h = hash_start(FLOW_ID_SEED, sizeof(flow_id_key));
    for (unsigned i = 0; i < 10; i++)
        h = hash_word(h, words[i]);
    /* the tail: depth, then a zero byte */
    return flow_id_finish(hash_finish(h, key->depth), start);
}
