/* Community ID v1 (Corelight, https://github.com/corelight/community-id-spec): a flow hash that
 * Suricata, Zeek and others compute identically, so one flow can be joined across tools.
 * hash = base64(SHA-1(seed . saddr . daddr . proto . 0 . sport . dport)), "1:" prefixed.
 *
 * One deliberate difference from the spec text: for protocols without ports (GRE, ESP, IPv6-in-
 * IPv4, ...) the spec leaves the ports out, but Suricata hashes them as zero (its CommunityID
 * struct is always hashed whole). Seawall follows Suricata, so the community_id of a GRE flow
 * joins with the one Suricata logs for it; tests/unit/test-community-id.c pins both cases. */
#include "eve.h"
#include "sha1.h"

#include <string.h>

#define PROTO_ICMP   1
#define PROTO_TCP    6
#define PROTO_UDP    17
#define PROTO_ICMPV6 58
#define PROTO_SCTP   132

/* Spec "ICMP/ICMPv6": request/reply pairs map to each other so both directions of an exchange
 * hash alike; any other type is one-way and uses its code as the second "port". */
typedef struct icmp_pair {
    uint8_t type, counterpart;
} icmp_pair;

static const icmp_pair icmp4_pairs[] = {
    {8, 0},   {0, 8},   /* echo, echo reply (RFC 792) */
    {13, 14}, {14, 13}, /* timestamp */
    {15, 16}, {16, 15}, /* information */
    {10, 9},  {9, 10},  /* router solicitation / advertisement (RFC 1256) */
    {17, 18}, {18, 17}, /* address mask (RFC 950) */
};

static const icmp_pair icmp6_pairs[] = {
    {128, 129}, {129, 128}, /* echo (RFC 4443) */
    {130, 131}, {131, 130}, /* multicast listener query / report (RFC 2710) */
    {133, 134}, {134, 133}, /* router solicitation / advertisement (RFC 4861) */
    {135, 136}, {136, 135}, /* neighbor solicitation / advertisement (RFC 4861) */
    {139, 140}, {140, 139}, /* node information query / reply (RFC 4620) */
    {144, 145}, {145, 144}, /* home agent address discovery (RFC 6275) */
};

typedef struct cid_tuple {
    const uint8_t *saddr, *daddr;
    size_t addr_len;
    uint16_t sport, dport;
    int one_way;
} cid_tuple;

static void icmp_ports(const icmp_pair *pairs, size_t n, uint8_t type, uint8_t code, cid_tuple *t)
{
    t->sport = type;
    for (size_t i = 0; i < n; i++) {
        if (pairs[i].type == type) {
            t->dport = pairs[i].counterpart;
            return;
        }
    }
    t->dport = code;
    t->one_way = 1;
}

static void fill_ports(const sw_flow_obs *flow, cid_tuple *t)
{
    switch (flow->proto) {
    case PROTO_TCP:
    case PROTO_UDP:
    case PROTO_SCTP:
        t->sport = flow->sp;
        t->dport = flow->dp;
        break;
    case PROTO_ICMP:
        icmp_ports(icmp4_pairs, sizeof(icmp4_pairs) / sizeof(icmp4_pairs[0]), flow->icmp_type,
                   flow->icmp_code, t);
        break;
    case PROTO_ICMPV6:
        icmp_ports(icmp6_pairs, sizeof(icmp6_pairs) / sizeof(icmp6_pairs[0]), flow->icmp_type,
                   flow->icmp_code, t);
        break;
    default:
        break; /* no ports: both stay zero */
    }
}

/* Spec "ordering": the smaller (address, port) goes first, unless the ICMP type is one-way. */
static void order_tuple(cid_tuple *t)
{
    int cmp = memcmp(t->saddr, t->daddr, t->addr_len);
    int ordered = t->one_way || cmp < 0 || (cmp == 0 && t->sport < t->dport);
    if (ordered)
        return;
    const uint8_t *addr = t->saddr;
    t->saddr = t->daddr;
    t->daddr = addr;
    uint16_t port = t->sport;
    t->sport = t->dport;
    t->dport = port;
}

static void base64_encode(const uint8_t *in, size_t n, char *out)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < n)
            v |= in[i + 2];
        out[o++] = alphabet[(v >> 18) & 63];
        out[o++] = alphabet[(v >> 12) & 63];
        out[o++] = i + 1 < n ? alphabet[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? alphabet[v & 63] : '=';
    }
    out[o] = '\0';
}

#define CID_TEXT_LEN (2 + 28 + 1) /* "1:" + base64 of 20 bytes + NUL */

sw_status sw_community_id(const sw_flow_obs *flow, uint16_t seed, char *out, size_t len)
{
    if (!flow || !out || len < CID_TEXT_LEN)
        return SW_ERR_INVALID;
    if ((flow->src.family != 4 && flow->src.family != 6) || flow->src.family != flow->dst.family)
        return SW_ERR_INVALID;

    cid_tuple t = {flow->src.bytes, flow->dst.bytes, flow->src.family == 4 ? 4 : 16, 0, 0, 0};
    fill_ports(flow, &t);
    order_tuple(&t);

    /* seed . saddr . daddr . proto . 0 . sport . dport: at most 40 bytes, one SHA-1 block. */
    uint8_t msg[2 + 16 + 16 + 2 + 4];
    size_t n = 0;
    msg[n++] = (uint8_t)(seed >> 8);
    msg[n++] = (uint8_t)seed;
    memcpy(msg + n, t.saddr, t.addr_len);
    n += t.addr_len;
    memcpy(msg + n, t.daddr, t.addr_len);
    n += t.addr_len;
    msg[n++] = flow->proto;
    msg[n++] = 0;
    msg[n++] = (uint8_t)(t.sport >> 8); /* zero for portless protocols, as Suricata */
    msg[n++] = (uint8_t)t.sport;
    msg[n++] = (uint8_t)(t.dport >> 8);
    msg[n++] = (uint8_t)t.dport;
    uint8_t digest[SW_SHA1_DIGEST_LEN];
    sw_sha1_short(msg, n, digest);

    out[0] = '1';
    out[1] = ':';
    base64_encode(digest, sizeof(digest), out + 2);
    return SW_OK;
}
