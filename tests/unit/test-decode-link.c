/* Link layers: Ethernet, 802.1Q/802.1ad VLAN, MPLS (with pseudowire), SLL, SLL2, NULL, raw. */
#include "helper-decode.h"
#include "helper-frames.h"
#include "sw-test.h"

static const uint8_t eth_udp[] = {
    ETH(0x08, 0x00),    /* 0: Ethernet, IPv4 */
    IPV4(0x00, 32, 17), /* 14: total 20 + 8 + 4 = 32, UDP */
    UDP(0x00, 12),      /* 34: length 8 + 4 */
    DATA4,              /* 42 */
};
static const uint8_t qinq_tcp[] = {
    ETH(0x88, 0xa8),              /* 0: 802.1ad service tag follows */
    VLAN(0x00, 0x64, 0x81, 0x00), /* 14: VID 100, then 802.1Q */
    VLAN(0x00, 0xc8, 0x08, 0x00), /* 18: VID 200, then IPv4 */
    IPV4(0x00, 44, 6),            /* 22: total 20 + 24, TCP */
    TCP_SYN_MSS,                  /* 42: data offset byte at 54, MSS length at 63 */
};
static const uint8_t qinqinq_overflow[] = {
    ETH(0x91, 0x00),              /* 0: pre-standard QinQ */
    VLAN(0x00, 0x01, 0x88, 0xa8), /* 14 */
    VLAN(0x00, 0x02, 0x81, 0x00), /* 18 */
    VLAN(0x00, 0x03, 0x81, 0x00), /* 22: third tag */
    VLAN(0x00, 0x04, 0x08, 0x00), /* 26: fourth tag: too many */
    IPV4(0x00, 28, 1),
    ICMP_ECHO,
};
static const uint8_t mpls_icmp[] = {
    ETH(0x88, 0x47), /* 0: MPLS unicast */
    0x00,
    0x01,
    0x01,
    0x40,              /* 14: label 16, TC 0, S=1, TTL 64 (RFC 3032 2.1) */
    IPV4(0x00, 28, 1), /* 18: first nibble 4 */
    ICMP_ECHO,         /* 38 */
};
static const uint8_t mpls_pw_eth[] = {
    ETH(0x88, 0x47), /* 0 */
    0x00,
    0x01,
    0x00,
    0x40, /* 14: label 16, S=0 */
    0x00,
    0x02,
    0x01,
    0x40, /* 18: label 32, S=1 */
    0x00,
    0x00,
    0x00,
    0x00,              /* 22: pseudowire control word, first nibble 0 (RFC 4385 3) */
    ETH(0x08, 0x00),   /* 26: the carried frame */
    IPV4(0x00, 28, 1), /* 40 */
    ICMP_ECHO,         /* 60 */
};
static const uint8_t sll_icmp[] = {
    0x00,
    0x00, /* 0: packet type: to us */
    0x00,
    0x01, /* 2: ARPHRD_ETHER */
    0x00,
    0x06, /* 4: address length */
    0x66,
    0x77,
    0x88,
    0x99,
    0xaa,
    0xbb,
    0x00,
    0x00, /* 6: address, padded to 8 */
    0x08,
    0x00,              /* 14: protocol IPv4 */
    IPV4(0x00, 28, 1), /* 16 */
    ICMP_ECHO,
};
static const uint8_t sll2_icmp6[] = {
    0x86,
    0xdd, /* 0: protocol IPv6 */
    0x00,
    0x00, /* 2: reserved */
    0x00,
    0x00,
    0x00,
    0x02, /* 4: interface index */
    0x00,
    0x01, /* 8: ARPHRD_ETHER */
    0x00, /* 10: packet type */
    0x06, /* 11: address length */
    0x66,
    0x77,
    0x88,
    0x99,
    0xaa,
    0xbb,
    0x00,
    0x00,              /* 12: address */
    IPV6(0x00, 8, 58), /* 20: ICMPv6 */
    ICMP6_ECHO,        /* 60 */
};
static const uint8_t null_udp[] = {
    0x02,
    0x00,
    0x00,
    0x00, /* 0: AF_INET in little-endian host order */
    IPV4(0x00, 32, 17),
    UDP(0x00, 12),
    DATA4,
};
static const uint8_t null_be_ipv6[] = {
    0x00,
    0x00,
    0x00,
    0x1e, /* 0: AF_INET6 of Darwin (30), big-endian host */
    IPV6(0x00, 8, 58),
    ICMP6_ECHO,
};
static const uint8_t arp[] = {
    ETH(0x08, 0x06), /* ARP: not IP, no layer and no anomaly */
    0x00,
    0x01,
    0x08,
    0x00,
    0x06,
    0x04,
    0x00,
    0x01,
    0x66,
    0x77,
    0x88,
    0x99,
    0xaa,
    0xbb,
    192,
    0,
    2,
    1,
    0,
    0,
    0,
    0,
    0,
    0,
    192,
    0,
    2,
    2,
};
static const uint8_t stp_llc[] = {
    0x01, 0x80, 0xc2, 0x00, 0x00, 0x00, 0x66,
    0x77, 0x88, 0x99, 0xaa, 0xbb, 0x00, 0x26, /* 802.3 length, not an EtherType */
    0x42, 0x42, 0x03,                         /* LLC: STP SAPs */
    0x00, 0x00, 0x00,
};

static const golden_frame frames[] = {
    GOLDEN("eth-udp", SW_LINK_ETHERNET, eth_udp, 1, 34),
    GOLDEN("qinq-tcp", SW_LINK_ETHERNET, qinq_tcp, 1, 42),
    GOLDEN("mpls-icmp", SW_LINK_ETHERNET, mpls_icmp, 1, 38),
    GOLDEN("mpls-pw-eth", SW_LINK_ETHERNET, mpls_pw_eth, 1, 60),
    GOLDEN("sll-icmp", SW_LINK_SLL, sll_icmp, 1, 36),
    GOLDEN("sll2-icmp6", SW_LINK_SLL2, sll2_icmp6, 1, 60),
    GOLDEN("null-udp", SW_LINK_NULL, null_udp, 1, 24),
    GOLDEN("null-be-ipv6", SW_LINK_NULL, null_be_ipv6, 1, 44),
};
#define N_FRAMES (sizeof(frames) / sizeof(frames[0]))

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

START_TEST(test_vlan_fields_and_counters)
{
    sw_decoder *dec = sw_decoder_new(NULL);
    sw_packet p;
    ck_assert_int_eq(helper_decode(dec, 1, qinq_tcp, sizeof(qinq_tcp), sizeof(qinq_tcp), &p), 1);
    ck_assert_uint_eq(p.ip[0].vlan_count, 2);
    ck_assert_uint_eq(p.ip[0].vlan[0], 100);
    ck_assert_uint_eq(p.ip[0].vlan[1], 200);
    ck_assert_uint_eq(p.ip[0].sp, 12345);
    ck_assert_uint_eq(p.ip[0].dp, 80);
    ck_assert_uint_eq(p.ip[0].tcp_flags, 0x02);
    ck_assert_uint_eq(p.ip[0].tcp_win, 0x7210);
    ck_assert_uint_eq(p.ip[0].payload_len, 0);
    const sw_decode_stats *st = sw_decoder_stats(dec);
    ck_assert_uint_eq(st->vlan, 1);
    ck_assert_uint_eq(st->vlan_qinq, 1);
    ck_assert_uint_eq(st->vlan_qinqinq, 0);
    sw_decoder_free(dec);
}
END_TEST

START_TEST(test_vlan_too_many)
{
    sw_decoder *dec = sw_decoder_new(NULL);
    sw_packet p;
    int n = helper_decode(dec, 1, qinqinq_overflow, sizeof(qinqinq_overflow),
                          sizeof(qinqinq_overflow), &p);
    ck_assert_int_eq(n, 0);
    ck_assert(helper_has_event(&p, SW_DEV_VLAN_TOO_MANY));
    ck_assert_uint_eq(sw_decoder_stats(dec)->vlan_qinqinq, 1);
    sw_decoder_free(dec);
}
END_TEST

START_TEST(test_non_ip_frames)
{
    sw_decoder *dec = sw_decoder_new(NULL);
    sw_packet p;
    ck_assert_int_eq(helper_decode(dec, 1, arp, sizeof(arp), sizeof(arp), &p), 0);
    ck_assert_uint_eq(p.n_events, 0);
    ck_assert_int_eq(helper_decode(dec, 1, stp_llc, sizeof(stp_llc), sizeof(stp_llc), &p), 0);
    ck_assert_uint_eq(p.n_events, 0);
    ck_assert_uint_eq(sw_decoder_stats(dec)->pkts, 2);
    ck_assert_uint_eq(sw_decoder_stats(dec)->ethernet, 2);
    sw_decoder_free(dec);
}
END_TEST

START_TEST(test_unsupported_linktype)
{
    sw_decoder *dec = sw_decoder_new(NULL);
    sw_packet p;
    ck_assert_int_eq(helper_decode(dec, 9999, eth_udp, sizeof(eth_udp), sizeof(eth_udp), &p), 0);
    ck_assert(helper_has_event(&p, SW_DEV_UNSUPPORTED_LINKTYPE));
    sw_decoder_free(dec);
}
END_TEST

START_TEST(test_raw_link)
{
    sw_decoder *dec = sw_decoder_new(NULL);
    sw_packet p;
    const uint8_t *ip = eth_udp + 14;
    ck_assert_int_eq(
        helper_decode(dec, SW_LINK_RAW, ip, sizeof(eth_udp) - 14, sizeof(eth_udp) - 14, &p), 1);
    ck_assert_uint_eq(p.ip[0].dp, 53);
    ck_assert_int_eq(
        helper_decode(dec, SW_DLT_RAW, ip, sizeof(eth_udp) - 14, sizeof(eth_udp) - 14, &p), 1);
    ck_assert_uint_eq(sw_decoder_stats(dec)->raw, 2);
    sw_decoder_free(dec);
}
END_TEST

/* Length fields set to 0, 1, their maximum and one past what remains (style.md 3.9). */
START_TEST(test_malformed_lengths)
{
    const golden_frame *g = &frames[1];     /* qinq-tcp */
    helper_check_malformed(g, 54, 1, 0x00); /* TCP data offset 0 */
    helper_check_malformed(g, 54, 1, 0x10); /* data offset 1 */
    helper_check_malformed(g, 54, 1, 0xf0); /* data offset 15: 60 bytes > 24 */
    helper_check_malformed(g, 63, 1, 0);    /* MSS option length 0 */
    helper_check_malformed(g, 63, 1, 1);    /* 1 */
    helper_check_malformed(g, 63, 1, 255);  /* max */
    helper_check_malformed(g, 63, 1, 5);    /* remaining (4) + 1 */
    g = &frames[2];                         /* mpls-icmp: inner first nibble 7 */
    helper_check_malformed(g, 18, 1, 0x75);
}
END_TEST

/* The capture sources warn about the link types sw_decode_linktype_supported rejects: it must
 * name exactly those the decoder turns away. */
START_TEST(test_supported_link_types_are_the_decoded_ones)
{
    static const uint8_t zeros[64] = {0};
    sw_decoder *dec = sw_decoder_new(NULL);
    sw_packet p;
    unsigned supported = 0;
    for (int dlt = 0; dlt <= 300; dlt++) {
        helper_decode(dec, dlt, zeros, sizeof(zeros), sizeof(zeros), &p);
        int rejected = helper_has_event(&p, SW_DEV_UNSUPPORTED_LINKTYPE);
        ck_assert_msg(rejected != sw_decode_linktype_supported(dlt), "link type %d", dlt);
        supported += (unsigned)sw_decode_linktype_supported(dlt);
    }
    ck_assert_uint_eq(supported, 9);
    sw_decoder_free(dec);
}
END_TEST

/* A snap length that cuts into the TCP options (64 bytes do, for a SYN with options) leaves the
 * fixed header whole: the layer keeps its ports and flags, and the cut is a trunc event. */
START_TEST(test_options_cut_by_snaplen_keep_ports)
{
    const golden_frame *g = &frames[1]; /* qinq-tcp: TCP header at 42, an MSS option at 62 */
    sw_decoder *dec = sw_decoder_new(NULL);
    sw_packet whole, cut;
    ck_assert_int_eq(helper_decode(dec, g->linktype, g->data, g->len, g->len, &whole), 1);
    ck_assert_int_eq(helper_decode(dec, g->linktype, g->data, 64, g->len, &cut), 1);
    ck_assert(helper_has_event(&cut, SW_DEV_TCP_TRUNC));
    ck_assert_uint_eq(helper_malformed_events(&cut), 0);
    ck_assert_uint_eq(cut.ip[0].transport_invalid, 0);
    ck_assert_uint_ne(whole.ip[0].sp, 0);
    ck_assert_uint_eq(cut.ip[0].sp, whole.ip[0].sp);
    ck_assert_uint_eq(cut.ip[0].dp, whole.ip[0].dp);
    ck_assert_uint_eq(cut.ip[0].tcp_flags, whole.ip[0].tcp_flags);
    ck_assert_uint_eq(cut.ip[0].payload_len, 0);
    /* Cut inside the fixed header: no ports to key a flow by. */
    ck_assert_int_eq(helper_decode(dec, g->linktype, g->data, 50, g->len, &cut), 1);
    ck_assert_uint_eq(cut.ip[0].transport_invalid, 1);
    sw_decoder_free(dec);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("decode-link");
    TCase *tc = tcase_create("frames");
    tcase_add_loop_test(tc, test_clean, 0, N_FRAMES);
    tcase_add_loop_test(tc, test_prefixes, 0, N_FRAMES);
    tcase_add_test(tc, test_vlan_fields_and_counters);
    tcase_add_test(tc, test_vlan_too_many);
    tcase_add_test(tc, test_non_ip_frames);
    tcase_add_test(tc, test_unsupported_linktype);
    tcase_add_test(tc, test_raw_link);
    tcase_add_test(tc, test_malformed_lengths);
    tcase_add_test(tc, test_options_cut_by_snaplen_keep_ports);
    tcase_add_test(tc, test_supported_link_types_are_the_decoded_ones);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
