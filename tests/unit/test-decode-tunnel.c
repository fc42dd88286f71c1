/* IP, transport and tunnel layers: IPv4/IPv6, TCP/UDP/ICMP, IP-in-IP, GRE (RFC 2784/2890/1701),
 * PPTP enhanced GRE with PPP, WCCP, Ethernet over GRE and ERSPAN types I, II and III. */
#include "helper-decode.h"
#include "helper-frames.h"
#include "sw-test.h"

#include <string.h>

static const uint8_t ipv6_hbh_udp[] = {
    ETH(0x86, 0xdd),   /* 0 */
    IPV6(0x00, 24, 0), /* 14: payload 8 + 8 + 8, hop-by-hop first */
    17,
    0,
    0x01,
    0x04,
    0x00,
    0x00,
    0x00,
    0x00,          /* 54: next UDP, hdr len 0, PadN of 4 */
    UDP(0x00, 16), /* 62 */
    DATA4,
    DATA4, /* 70 */
};
static const uint8_t ip4in4[] = {
    ETH(0x08, 0x00),    IPV4(0x00, 52, 4), /* 14: 20 + 32, IP-in-IP */
    IPV4(0x00, 32, 17),                    /* 34 */
    UDP(0x00, 12),      DATA4,
};
static const uint8_t ip6in4[] = {
    ETH(0x08, 0x00),
    IPV4(0x00, 68, 41), /* 14: 20 + 48 */
    IPV6(0x00, 8, 58),  /* 34 */
    ICMP6_ECHO,
};
static const uint8_t ip4in6[] = {
    ETH(0x86, 0xdd),
    IPV6(0x00, 28, 4), /* 14 */
    IPV4(0x00, 28, 1), /* 54 */
    ICMP_ECHO,
};
static const uint8_t ip6in6[] = {
    ETH(0x86, 0xdd),
    IPV6(0x00, 48, 41), /* 14 */
    IPV6(0x00, 8, 58),  /* 54 */
    ICMP6_ECHO,
};
static const uint8_t gre_key_ipv4[] = {
    ETH(0x08, 0x00),
    IPV4(0x00, 60, 47), /* 14: 20 + 8 + 32, GRE */
    0x20,
    0x00,
    0x08,
    0x00, /* 34: K bit, version 0, IPv4 */
    0x00,
    0x00,
    0x00,
    0x01,               /* 38: key (RFC 2890 2.1) */
    IPV4(0x00, 32, 17), /* 42 */
    UDP(0x00, 12),
    DATA4,
};
static const uint8_t gre_routing[] = {
    ETH(0x08, 0x00),
    IPV4(0x00, 72, 47), /* 14: 20 + 20 + 32 */
    0x40,
    0x00,
    0x08,
    0x00, /* 34: R bit (RFC 1701), IPv4 */
    0x00,
    0x00,
    0x00,
    0x00, /* 38: checksum and offset, present with R */
    0x08,
    0x00,
    0x00,
    0x04, /* 42: SRE: family IP, offset 0, length 4 */
    192,
    0,
    2,
    9, /* 46: route entry */
    0x00,
    0x00,
    0x00,
    0x00, /* 50: terminating SRE */
    IPV4(0x00, 32, 17),
    UDP(0x00, 12),
    DATA4,
};
static const uint8_t gre_eth[] = {
    ETH(0x08, 0x00),
    IPV4(0x00, 66, 47), /* 14: 20 + 4 + 42 */
    0x00,
    0x00,
    0x65,
    0x58, /* 34: transparent Ethernet bridging */
    ETH(0x08, 0x00),
    IPV4(0x00, 28, 1),
    ICMP_ECHO,
};
static const uint8_t gre_wccp[] = {
    ETH(0x08, 0x00),
    IPV4(0x00, 56, 47), /* 14: 20 + 8 + 28 */
    0x00,
    0x00,
    0x88,
    0x3e, /* 34: WCCP */
    0x00,
    0x00,
    0x00,
    0x00, /* 38: WCCP v2 redirect header */
    IPV4(0x00, 28, 1),
    ICMP_ECHO,
};
static const uint8_t gre_pptp[] = {
    ETH(0x08, 0x00),
    IPV4(0x00, 68, 47), /* 14: 20 + 12 + 4 + 32 */
    0x30,
    0x01,
    0x88,
    0x0b, /* 34: K, S, version 1, PPP (RFC 2637 4.1) */
    0x00,
    0x24,
    0x00,
    0x01, /* 38: payload length 36, call id 1 */
    0x00,
    0x00,
    0x00,
    0x01, /* 42: sequence number */
    0xff,
    0x03,
    0x00,
    0x21, /* 46: PPP address, control, protocol IPv4 */
    IPV4(0x00, 32, 17),
    UDP(0x00, 12),
    DATA4,
};
static const uint8_t erspan1[] = {
    ETH(0x08, 0x00),
    IPV4(0x00, 66, 47), /* 14: 20 + 4 + 42 */
    0x00,
    0x00,
    0x88,
    0xbe, /* 34: no S bit: type I, no ERSPAN header */
    ETH(0x08, 0x00),
    IPV4(0x00, 28, 1),
    ICMP_ECHO,
};
static const uint8_t erspan2[] = {
    ETH(0x08, 0x00),
    IPV4(0x00, 78, 47), /* 14: 20 + 8 + 8 + 42 */
    0x10,
    0x00,
    0x88,
    0xbe, /* 34: S bit: type II */
    0x00,
    0x00,
    0x00,
    0x01, /* 38: sequence */
    0x10,
    0x64,
    0x00,
    0x01, /* 42: version 1, VLAN 100, session 1 */
    0x00,
    0x00,
    0x00,
    0x00, /* 46: reserved, index */
    ETH(0x08, 0x00),
    IPV4(0x00, 28, 1),
    ICMP_ECHO,
};
static const uint8_t erspan3[] = {
    ETH(0x08, 0x00),
    IPV4(0x00, 90, 47), /* 14: 20 + 8 + 12 + 8 + 42 */
    0x10,
    0x00,
    0x22,
    0xeb, /* 34: S bit, ERSPAN type III */
    0x00,
    0x00,
    0x00,
    0x01, /* 38: sequence */
    0x20,
    0x64,
    0x00,
    0x01, /* 42: version 2, VLAN 100, session 1 */
    0x00,
    0x00,
    0x00,
    0x00, /* 46: timestamp */
    0x00,
    0x00,
    0x00,
    0x01, /* 50: SGT 0, flags with O bit set */
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00, /* 54: platform subheader */
    ETH(0x08, 0x00),
    IPV4(0x00, 28, 1),
    ICMP_ECHO,
};

static const golden_frame frames[] = {
    GOLDEN("ipv6-hbh-udp", 1, ipv6_hbh_udp, 1, 54),
    GOLDEN("4in4", 1, ip4in4, 2, 34, 54),
    GOLDEN("6in4", 1, ip6in4, 2, 34, 74),
    GOLDEN("4in6", 1, ip4in6, 2, 54, 74),
    GOLDEN("6in6", 1, ip6in6, 2, 54, 94),
    GOLDEN("gre-key", 1, gre_key_ipv4, 2, 34, 62),
    GOLDEN("gre-routing", 1, gre_routing, 2, 34, 74),
    GOLDEN("gre-eth", 1, gre_eth, 2, 34, 72),
    GOLDEN("gre-wccp", 1, gre_wccp, 2, 34, 62),
    GOLDEN("gre-pptp", 1, gre_pptp, 2, 34, 70),
    GOLDEN("erspan1", 1, erspan1, 2, 34, 72),
    GOLDEN("erspan2", 1, erspan2, 2, 34, 84),
    GOLDEN("erspan3", 1, erspan3, 2, 34, 96),
};
#define N_FRAMES (sizeof(frames) / sizeof(frames[0]))

/* What the inner layer of each two-layer frame must say (frames[1..]). */
static const struct {
    sw_tunnel_kind kind;
    uint16_t gre_payload;
    uint8_t erspan_version;
} tunnel_expect[N_FRAMES] = {
    {SW_TUNNEL_NONE, 0, 0},        {SW_TUNNEL_IPIP, 0, 0},        {SW_TUNNEL_6IN4, 0, 0},
    {SW_TUNNEL_4IN6, 0, 0},        {SW_TUNNEL_6IN6, 0, 0},        {SW_TUNNEL_GRE, 0x0800, 0},
    {SW_TUNNEL_GRE, 0x0800, 0},    {SW_TUNNEL_GRE, 0x6558, 0},    {SW_TUNNEL_GRE, 0x883e, 0},
    {SW_TUNNEL_GRE, 0x880b, 0},    {SW_TUNNEL_ERSPAN, 0x88be, 1}, {SW_TUNNEL_ERSPAN, 0x88be, 2},
    {SW_TUNNEL_ERSPAN, 0x22eb, 3},
};

START_TEST(test_clean)
{
    helper_check_clean(&frames[_i]);
}
END_TEST

START_TEST(test_prefixes)
{
    helper_check_prefixes(&frames[_i]);
}
END_TEST

START_TEST(test_tunnel_fields)
{
    const golden_frame *g = &frames[_i];
    sw_decoder *dec = sw_decoder_new(NULL);
    sw_packet p;
    ck_assert_int_eq(helper_decode(dec, 1, g->data, g->len, g->len, &p), 2);
    ck_assert_int_eq(p.ip[0].carried_by, SW_TUNNEL_NONE);
    ck_assert_int_eq(p.ip[1].carried_by, tunnel_expect[_i].kind);
    ck_assert_uint_eq(p.ip[0].gre_payload, tunnel_expect[_i].gre_payload);
    ck_assert_uint_eq(p.ip[0].erspan_version, tunnel_expect[_i].erspan_version);
    sw_decoder_free(dec);
}
END_TEST

START_TEST(test_erspan_counts_two_ethernet)
{
    sw_decoder *dec = sw_decoder_new(NULL);
    sw_packet p;
    helper_decode(dec, 1, erspan3, sizeof(erspan3), sizeof(erspan3), &p);
    const sw_decode_stats *st = sw_decoder_stats(dec);
    ck_assert_uint_eq(st->ethernet, 2);
    ck_assert_uint_eq(st->ipv4, 2);
    ck_assert_uint_eq(st->gre, 1);
    ck_assert_uint_eq(st->erspan, 1);
    ck_assert_uint_eq(st->icmpv4, 1);
    ck_assert_uint_eq(p.ip[1].icmp_type, 8);
    sw_decoder_free(dec);
}
END_TEST

START_TEST(test_too_many_layers)
{
    /* Five IPv4 headers nested with protocol 4: the fifth is one too many. */
    uint8_t f[14 + 5 * 20 + 8];
    const uint8_t eth[] = {ETH(0x08, 0x00)};
    const uint8_t inner[] = {IPV4(0x00, 28, 1), ICMP_ECHO};
    memcpy(f, eth, 14);
    for (int i = 0; i < 4; i++) {
        const uint8_t ip[] = {IPV4(0x00, (uint8_t)(28 + 20 * (4 - i)), 4)};
        memcpy(f + 14 + 20 * i, ip, 20);
    }
    memcpy(f + 14 + 80, inner, sizeof(inner));
    sw_decoder *dec = sw_decoder_new(NULL);
    sw_packet p;
    ck_assert_int_eq(helper_decode(dec, 1, f, sizeof(f), sizeof(f), &p), SW_PKT_MAX_IP_LAYERS);
    ck_assert(helper_has_event(&p, SW_DEV_TOO_MANY_LAYERS));
    sw_decoder_free(dec);
}
END_TEST

/* Length fields set to 0, 1, their maximum and one past what remains (style.md 3.9). */
START_TEST(test_malformed_ipv4_udp)
{
    const golden_frame *g = &frames[1]; /* 4in4: outer total length at 16, inner UDP at 58 */
    helper_check_malformed(g, 16, 2, 0);
    helper_check_malformed(g, 16, 2, 1);
    helper_check_malformed(g, 16, 2, 0xffff);
    helper_check_malformed(g, 16, 2, 52 + 1);
    helper_check_malformed(g, 14, 1, 0x40); /* IHL 0 */
    helper_check_malformed(g, 14, 1, 0x41); /* IHL 1 */
    helper_check_malformed(g, 14, 1, 0x4f); /* IHL 15: 60 > total length */
    helper_check_malformed(g, 14, 1, 0x55); /* version 5 */
    helper_check_malformed(g, 58, 2, 0);    /* UDP length */
    helper_check_malformed(g, 58, 2, 1);
    helper_check_malformed(g, 58, 2, 0xffff);
    helper_check_malformed(g, 58, 2, 12 + 1);
}
END_TEST

START_TEST(test_malformed_ipv6)
{
    const golden_frame *g = &frames[0]; /* payload length at 18, hop-by-hop length at 55 */
    helper_check_malformed(g, 18, 2, 0);
    helper_check_malformed(g, 18, 2, 1);
    helper_check_malformed(g, 18, 2, 0xffff);
    helper_check_malformed(g, 18, 2, 24 + 1);
    helper_check_malformed(g, 55, 1, 0xff);
    helper_check_malformed(g, 55, 1, 3); /* 32 bytes > 24 remaining */
    helper_check_malformed(g, 14, 1, 0x40);
}
END_TEST

START_TEST(test_malformed_gre_erspan)
{
    helper_check_malformed(&frames[6], 45, 1, 0xff);   /* SRE length past the data */
    helper_check_malformed(&frames[6], 34, 2, 0x4002); /* GRE version 2 */
    helper_check_malformed(&frames[9], 34, 2, 0x1001); /* PPTP without K (RFC 2637 4.1) */
    helper_check_malformed(&frames[11], 42, 1, 0x20);  /* ERSPAN II with version 2 */
    helper_check_malformed(&frames[12], 42, 1, 0x10);  /* ERSPAN III with version 1 */
    helper_check_malformed(&frames[5], 36, 2, 0x1234); /* unknown GRE protocol */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("decode-tunnel");
    TCase *tc = tcase_create("frames");
    tcase_add_loop_test(tc, test_clean, 0, N_FRAMES);
    tcase_add_loop_test(tc, test_prefixes, 0, N_FRAMES);
    tcase_add_loop_test(tc, test_tunnel_fields, 1, N_FRAMES);
    tcase_add_test(tc, test_erspan_counts_two_ethernet);
    tcase_add_test(tc, test_too_many_layers);
    tcase_add_test(tc, test_malformed_ipv4_udp);
    tcase_add_test(tc, test_malformed_ipv6);
    tcase_add_test(tc, test_malformed_gre_erspan);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
