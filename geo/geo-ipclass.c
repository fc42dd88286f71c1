/* Special-purpose address ranges labelled without a database lookup (IANA IPv4 and IPv6
 * Special-Purpose Address Registries, RFC 6890, and the RFC cited beside each range). */
#include <string.h>

#include "geo.h"

typedef struct special_range {
    uint8_t prefix[16];
    unsigned len;
    sw_ip_class cls;
} special_range;

/* Most specific first where ranges nest (255.255.255.255 inside 240/4). */
static const special_range v4_ranges[] = {
    {{255, 255, 255, 255}, 32, SW_IP_CLASS_BROADCAST}, /* RFC 919 section 7 */
    {{0}, 8, SW_IP_CLASS_UNSPECIFIED},                 /* "this network", RFC 1122 3.2.1.3 */
    {{10}, 8, SW_IP_CLASS_PRIVATE},                    /* RFC 1918 section 3 */
    {{100, 64}, 10, SW_IP_CLASS_CGNAT},                /* RFC 6598 section 7 */
    {{127}, 8, SW_IP_CLASS_LOOPBACK},                  /* RFC 1122 3.2.1.3 */
    {{169, 254}, 16, SW_IP_CLASS_LINK_LOCAL},          /* RFC 3927 section 2.1 */
    {{172, 16}, 12, SW_IP_CLASS_PRIVATE},              /* RFC 1918 section 3 */
    {{192, 0, 0}, 24, SW_IP_CLASS_RESERVED},           /* IETF protocol assignments, RFC 6890 */
    {{192, 0, 2}, 24, SW_IP_CLASS_DOCUMENTATION},      /* TEST-NET-1, RFC 5737 section 3 */
    {{192, 168}, 16, SW_IP_CLASS_PRIVATE},             /* RFC 1918 section 3 */
    {{198, 18}, 15, SW_IP_CLASS_RESERVED},             /* benchmarking, RFC 2544 C.2.2 */
    {{198, 51, 100}, 24, SW_IP_CLASS_DOCUMENTATION},   /* TEST-NET-2, RFC 5737 section 3 */
    {{203, 0, 113}, 24, SW_IP_CLASS_DOCUMENTATION},    /* TEST-NET-3, RFC 5737 section 3 */
    {{224}, 4, SW_IP_CLASS_MULTICAST},                 /* RFC 5771 section 2 */
    {{240}, 4, SW_IP_CLASS_RESERVED},                  /* RFC 1112 section 4 */
};

static const special_range v6_ranges[] = {
    {{0}, 128, SW_IP_CLASS_UNSPECIFIED}, /* RFC 4291 2.5.2 */
    {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128, SW_IP_CLASS_LOOPBACK}, /* 2.5.3 */
    {{0xfc}, 7, SW_IP_CLASS_PRIVATE},                          /* ULA, RFC 4193 */
    {{0xfe, 0x80}, 10, SW_IP_CLASS_LINK_LOCAL},                /* RFC 4291 2.5.6 */
    {{0xff}, 8, SW_IP_CLASS_MULTICAST},                        /* RFC 4291 2.7 */
    {{0x20, 0x01, 0x0d, 0xb8}, 32, SW_IP_CLASS_DOCUMENTATION}, /* RFC 3849 */
    {{0x3f, 0xff}, 20, SW_IP_CLASS_DOCUMENTATION},             /* RFC 9637 */
};

static int prefix_match(const uint8_t *addr, const uint8_t *prefix, unsigned len)
{
    unsigned whole = len / 8, rest = len % 8;
    if (memcmp(addr, prefix, whole) != 0)
        return 0;
    if (!rest)
        return 1;
    uint8_t mask = (uint8_t)(0xffu << (8 - rest));
    return (addr[whole] & mask) == (prefix[whole] & mask);
}

void sw_geo_ip_unmap(const sw_ip *in, sw_ip *out)
{
    /* ::ffff:0:0/96, RFC 4291 section 2.5.5.2 */
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (in->family == 6 && memcmp(in->bytes, mapped, 12) == 0)
        sw_ip_from_v4(out, in->bytes + 12);
    else
        *out = *in;
}

sw_ip_class sw_geo_ip_class(const sw_ip *ip)
{
    sw_ip plain;
    sw_geo_ip_unmap(ip, &plain);
    const special_range *ranges = plain.family == 4 ? v4_ranges : v6_ranges;
    size_t n = plain.family == 4 ? sizeof(v4_ranges) / sizeof(v4_ranges[0])
                                 : sizeof(v6_ranges) / sizeof(v6_ranges[0]);
    if (plain.family != 4 && plain.family != 6)
        return SW_IP_CLASS_PUBLIC;
    for (size_t i = 0; i < n; i++)
        if (prefix_match(plain.bytes, ranges[i].prefix, ranges[i].len))
            return ranges[i].cls;
    return SW_IP_CLASS_PUBLIC;
}

const char *sw_geo_ip_class_name(sw_ip_class cls)
{
    static const char *const names[SW_IP_CLASS_COUNT] = {
        "public",        "private",   "loopback",    "link_local", "cgnat",
        "documentation", "multicast", "unspecified", "broadcast",  "reserved",
    };
    return (unsigned)cls < SW_IP_CLASS_COUNT ? names[cls] : NULL;
}
