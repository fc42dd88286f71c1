/* CIDR sets: one binary trie per address family, nodes kept in a growable array.
 *
 * An operator's sets hold tens to thousands of prefixes and are built once at start, so a plain
 * bit-per-level trie (at most 32 or 128 steps per lookup, no allocation on lookup) is enough. */
#include "netset.h"
#include "util-cursor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_CHILD 0u /* the root (index 0) is never anyone's child */

typedef struct trie_node {
    uint32_t child[2];
    uint32_t value;
    uint8_t has_value;
} trie_node;

typedef struct trie {
    trie_node *nodes;
    size_t used, cap;
} trie;

/* Each family's prefixes also as (network, mask) pairs while there are at most SMALL_MAX of them:
 * the operator's role sets (infra, noc, aaa...) hold a handful, and a scan of a few compares
 * beats a walk of up to 32 or 128 trie levels, which every observation pays several times.
 * Addresses are two 64-bit words, most significant first; IPv4 fills the top 32 bits. */
#define SMALL_MAX 16

typedef struct small_prefix {
    uint64_t net[2], mask[2];
    uint32_t value;
    unsigned len;
} small_prefix;

typedef struct small_table {
    small_prefix p[SMALL_MAX];
    size_t n;
    int too_many; /* p[] no longer holds every prefix of the family: use the trie */
} small_table;

struct sw_netset {
    trie v4, v6;
    size_t prefixes;
    small_table small4, small6;
};

sw_netset *sw_netset_new(void)
{
    return calloc(1, sizeof(sw_netset));
}

void sw_netset_free(sw_netset *set)
{
    if (!set)
        return;
    free(set->v4.nodes);
    free(set->v6.nodes);
    free(set);
}

size_t sw_netset_count(const sw_netset *set)
{
    return set ? set->prefixes : 0;
}

static int bit_at(const uint8_t *bytes, unsigned i)
{
    return (bytes[i / 8] >> (7 - i % 8)) & 1;
}

static sw_status trie_reserve(trie *t, size_t extra)
{
    if (t->used + extra <= t->cap)
        return SW_OK;
    size_t cap = t->cap ? t->cap : 64;
    while (cap < t->used + extra)
        cap *= 2;
    trie_node *nodes = realloc(t->nodes, cap * sizeof(*nodes));
    if (!nodes)
        return SW_ERR_NOMEM;
    t->nodes = nodes;
    t->cap = cap;
    return SW_OK;
}

/* Returns 1 when the prefix was new, 0 when an existing one got a new value, <0 on error. */
static int trie_insert(trie *t, const uint8_t *bytes, unsigned len, uint32_t value)
{
    /* Reserving the worst case first keeps the trie unchanged when memory runs out. */
    if (trie_reserve(t, (size_t)len + 1) != SW_OK)
        return SW_ERR_NOMEM;
    if (t->used == 0)
        memset(&t->nodes[t->used++], 0, sizeof(trie_node));
    uint32_t at = 0;
    for (unsigned i = 0; i < len; i++) {
        int b = bit_at(bytes, i);
        if (t->nodes[at].child[b] == NO_CHILD) {
            memset(&t->nodes[t->used], 0, sizeof(trie_node));
            t->nodes[at].child[b] = (uint32_t)t->used++;
        }
        at = t->nodes[at].child[b];
    }
    int fresh = !t->nodes[at].has_value;
    t->nodes[at].has_value = 1;
    t->nodes[at].value = value;
    return fresh;
}

static int trie_lookup(const trie *t, const uint8_t *bytes, unsigned bits, uint32_t *value)
{
    if (t->used == 0)
        return 0;
    uint32_t at = 0;
    int found = 0;
    for (unsigned i = 0;; i++) {
        if (t->nodes[at].has_value) {
            if (!value)
                return 1; /* membership only: the shortest covering prefix answers it */
            found = 1;
            *value = t->nodes[at].value;
        }
        if (i == bits)
            break;
        uint32_t next = t->nodes[at].child[bit_at(bytes, i)];
        if (next == NO_CHILD)
            break;
        at = next;
    }
    return found;
}

/* RFC 4291 section 2.5.5.2: ::ffff:a.b.c.d carries an IPv4 address. */
static int is_v4_mapped(const sw_ip *ip)
{
    static const uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return ip->family == 6 && memcmp(ip->bytes, prefix, sizeof(prefix)) == 0;
}

static int host_bits_clear(const uint8_t *bytes, unsigned len, unsigned bits)
{
    for (unsigned i = len; i < bits; i++)
        if (bit_at(bytes, i))
            return 0;
    return 1;
}

/* The address (4 or 16 bytes) as two words, most significant first. */
static void words_of(const uint8_t *bytes, unsigned bits, uint64_t w[2])
{
    if (bits == 32) {
        w[0] = (uint64_t)bytes[0] << 56 | (uint64_t)bytes[1] << 48 | (uint64_t)bytes[2] << 40 |
               (uint64_t)bytes[3] << 32;
        w[1] = 0;
        return;
    }
    w[0] = sw_load_be64(bytes);
    w[1] = sw_load_be64(bytes + 8);
}

static uint64_t word_mask(unsigned len)
{
    return len == 0 ? 0 : len >= 64 ? ~UINT64_C(0) : ~UINT64_C(0) << (64 - len);
}

/* Mirrors a trie insertion (fresh: a new prefix; else an existing one got a new value). */
static void small_add(small_table *t, const uint8_t *bytes, unsigned bits, unsigned len,
                      uint32_t value, int fresh)
{
    uint64_t net[2];
    words_of(bytes, bits, net);
    if (!fresh) {
        for (size_t i = 0; i < t->n; i++)
            if (t->p[i].len == len && t->p[i].net[0] == net[0] && t->p[i].net[1] == net[1])
                t->p[i].value = value;
        return;
    }
    if (t->n == SMALL_MAX) {
        t->too_many = 1;
        return;
    }
    small_prefix *p = &t->p[t->n++];
    p->net[0] = net[0];
    p->net[1] = net[1];
    p->mask[0] = word_mask(len);
    p->mask[1] = word_mask(len > 64 ? len - 64 : 0);
    p->value = value;
    p->len = len;
}

/* Longest match among the pairs; with value NULL any match answers. */
static int small_lookup(const small_table *t, const uint64_t a[2], uint32_t *value)
{
    const small_prefix *best = NULL;
    for (size_t i = 0; i < t->n; i++) {
        const small_prefix *p = &t->p[i];
        if ((a[0] & p->mask[0]) != p->net[0] || (a[1] & p->mask[1]) != p->net[1])
            continue;
        if (!value)
            return 1;
        if (!best || p->len > best->len)
            best = p;
    }
    if (!best)
        return 0;
    *value = best->value;
    return 1;
}

static int family_lookup(const small_table *t, const trie *tr, const uint8_t *bytes, unsigned bits,
                         uint32_t *value)
{
    if (t->too_many)
        return trie_lookup(tr, bytes, bits, value);
    uint64_t a[2];
    words_of(bytes, bits, a);
    return small_lookup(t, a, value);
}

/* The prefix as the set stores it: an IPv4-mapped IPv6 prefix as IPv4. 0 when it is no prefix
 * (too long, or host bits set below its length). */
static int stored_prefix(const sw_ip *ip, unsigned prefix_len, sw_ip *out, unsigned *out_len)
{
    *out = *ip;
    *out_len = prefix_len;
    if (is_v4_mapped(ip) && prefix_len >= 96) {
        sw_ip_from_v4(out, ip->bytes + 12);
        *out_len = prefix_len - 96;
    }
    unsigned bits = out->family == 4 ? 32 : 128;
    return *out_len <= bits && host_bits_clear(out->bytes, *out_len, bits);
}

sw_status sw_netset_add_prefix(sw_netset *set, const sw_ip *given, unsigned given_len,
                               uint32_t value)
{
    if (!set || !given || (given->family != 4 && given->family != 6))
        return SW_ERR_INVALID;
    sw_ip stored;
    unsigned prefix_len;
    if (!stored_prefix(given, given_len, &stored, &prefix_len))
        return SW_ERR_INVALID;
    const sw_ip *ip = &stored;
    int r = trie_insert(ip->family == 4 ? &set->v4 : &set->v6, ip->bytes, prefix_len, value);
    if (r < 0)
        return (sw_status)r;
    set->prefixes += (size_t)r;
    if (ip->family == 4)
        small_add(&set->small4, ip->bytes, 32, prefix_len, value, r);
    else
        small_add(&set->small6, ip->bytes, 128, prefix_len, value, r);
    return SW_OK;
}

/* Splits "addr/len" into its address and length; a bare address is a host prefix. */
static sw_status parse_cidr(const char *cidr, sw_ip *ip, unsigned *len, sw_error *err)
{
    char addr[64];
    const char *slash = strchr(cidr, '/');
    size_t addr_len = slash ? (size_t)(slash - cidr) : strlen(cidr);
    if (addr_len == 0 || addr_len >= sizeof(addr))
        return sw_error_set(err, SW_ERR_INVALID, NULL, 0, NULL, "'%s' is not an address", cidr);
    memcpy(addr, cidr, addr_len);
    addr[addr_len] = '\0';
    if (sw_ip_parse(ip, addr) != SW_OK)
        return sw_error_set(err, SW_ERR_INVALID, NULL, 0, NULL,
                            "'%s' is not an IPv4 or IPv6 address", addr);
    unsigned bits = ip->family == 4 ? 32 : 128;
    *len = bits;
    if (!slash)
        return SW_OK;
    const char *p = slash + 1;
    unsigned v = 0;
    size_t ndigits = 0;
    for (; *p >= '0' && *p <= '9' && ndigits < 4; p++, ndigits++)
        v = v * 10 + (unsigned)(*p - '0');
    if (ndigits == 0 || *p != '\0' || v > bits)
        return sw_error_set(err, SW_ERR_INVALID, NULL, 0, NULL,
                            "prefix length in '%s' must be 0 to %u", cidr, bits);
    *len = v;
    return SW_OK;
}

sw_status sw_netset_add(sw_netset *set, const char *cidr, uint32_t value, sw_error *err)
{
    if (!set || !cidr)
        return sw_error_set(err, SW_ERR_INVALID, NULL, 0, NULL, "no prefix given");
    sw_ip ip;
    unsigned len = 0;
    sw_status st = parse_cidr(cidr, &ip, &len, err);
    if (st != SW_OK)
        return st;
    unsigned bits = ip.family == 4 ? 32 : 128;
    if (!host_bits_clear(ip.bytes, len, bits))
        return sw_error_set(err, SW_ERR_INVALID, NULL, 0, NULL,
                            "'%s' has host bits set below /%u (typo?)", cidr, len);
    st = sw_netset_add_prefix(set, &ip, len, value);
    if (st == SW_ERR_NOMEM)
        return sw_error_set(err, st, NULL, 0, NULL, "out of memory adding '%s'", cidr);
    return st;
}

static int trie_get(const trie *t, const uint8_t *bytes, unsigned len, uint32_t *value)
{
    if (t->used == 0)
        return 0;
    uint32_t at = 0;
    for (unsigned i = 0; i < len; i++) {
        at = t->nodes[at].child[bit_at(bytes, i)];
        if (at == NO_CHILD)
            return 0;
    }
    if (!t->nodes[at].has_value)
        return 0;
    *value = t->nodes[at].value;
    return 1;
}

int sw_netset_get(const sw_netset *set, const char *cidr, uint32_t *value)
{
    sw_ip given, ip;
    unsigned given_len = 0, len = 0;
    if (!set || !cidr || !value || parse_cidr(cidr, &given, &given_len, NULL) != SW_OK ||
        !stored_prefix(&given, given_len, &ip, &len))
        return 0;
    return trie_get(ip.family == 4 ? &set->v4 : &set->v6, ip.bytes, len, value);
}

int sw_netset_lookup(const sw_netset *set, const sw_ip *ip, uint32_t *value)
{
    if (!set || !ip)
        return 0;
    if (ip->family == 4)
        return family_lookup(&set->small4, &set->v4, ip->bytes, 32, value);
    if (ip->family != 6)
        return 0;
    if (is_v4_mapped(ip))
        return family_lookup(&set->small4, &set->v4, ip->bytes + 12, 32, value);
    return family_lookup(&set->small6, &set->v6, ip->bytes, 128, value);
}
