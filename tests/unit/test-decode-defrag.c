/* IPv4 and IPv6 reassembly: in order, out of order, overlaps (first wins), memcap, tracker cap,
 * timeout by packet time and the 65535-byte limit. Fragments are built by the helpers below. */
#include "decode.h"
#include "helper-decode.h"
#include "sw-test.h"

#include <string.h>

/* The datagram: UDP 1234 -> 53, length 24, checksum 0, then 16 payload bytes 0..15. */
static const uint8_t datagram[24] = {0x04, 0xd2, 0x00, 0x35, 0x00, 24, 0,  0,  0,  1,  2,  3,
                                     4,    5,    6,    7,    8,    9,  10, 11, 12, 13, 14, 15};

/* Ethernet + IPv4 fragment of `len` bytes at byte offset `off` (a multiple of 8). */
static size_t ipv4_frag(uint8_t *f, uint16_t id, size_t off, int more, const uint8_t *data,
                        size_t len)
{
    const uint8_t eth[14] = {0,    0x11, 0x22, 0x33, 0x44, 0x55, 0x66,
                             0x77, 0x88, 0x99, 0xaa, 0xbb, 0x08, 0x00};
    uint16_t frag = (uint16_t)((more ? 0x2000 : 0) | (off / 8));
    uint8_t ip[20] = {0x45,
                      0,
                      (uint8_t)((20 + len) >> 8),
                      (uint8_t)(20 + len),
                      (uint8_t)(id >> 8),
                      (uint8_t)id,
                      (uint8_t)(frag >> 8),
                      (uint8_t)frag,
                      64,
                      17,
                      0,
                      0,
                      192,
                      0,
                      2,
                      1,
                      198,
                      51,
                      100,
                      2};
    memcpy(f, eth, 14);
    memcpy(f + 14, ip, 20);
    memcpy(f + 34, data, len);
    return 34 + len;
}

/* Ethernet + IPv6 + fragment header (RFC 8200 4.5) carrying `len` bytes at `off`. */
static size_t ipv6_frag(uint8_t *f, uint32_t id, size_t off, int more, const uint8_t *data,
                        size_t len)
{
    const uint8_t eth[14] = {0,    0x11, 0x22, 0x33, 0x44, 0x55, 0x66,
                             0x77, 0x88, 0x99, 0xaa, 0xbb, 0x86, 0xdd};
    uint8_t ip[40] = {0x60, 0, 0, 0, (uint8_t)((8 + len) >> 8), (uint8_t)(8 + len), 44, 64};
    ip[8] = 0x20, ip[9] = 0x01, ip[23] = 1, ip[24] = 0x20, ip[25] = 0x01, ip[39] = 2;
    uint16_t of = (uint16_t)(off | (more ? 1 : 0));
    uint8_t fh[8] = {17,
                     0,
                     (uint8_t)(of >> 8),
                     (uint8_t)of,
                     (uint8_t)(id >> 24),
                     (uint8_t)(id >> 16),
                     (uint8_t)(id >> 8),
                     (uint8_t)id};
    memcpy(f, eth, 14);
    memcpy(f + 14, ip, 40);
    memcpy(f + 54, fh, 8);
    memcpy(f + 62, data, len);
    return 62 + len;
}

static int feed(sw_decoder *dec, const uint8_t *f, size_t len, int64_t sec, sw_packet *p)
{
    memset(p, 0, sizeof(*p));
    p->linktype = SW_LINK_ETHERNET;
    p->data = f;
    p->caplen = p->wirelen = (uint32_t)len;
    p->ts.sec = sec;
    return sw_decode_packet(dec, p);
}

static void assert_reassembled_udp(const sw_packet *p)
{
    ck_assert_uint_eq(p->ip[0].proto, 17);
    ck_assert_uint_eq(p->ip[0].is_fragment, 0);
    ck_assert_uint_eq(p->ip[0].sp, 1234);
    ck_assert_uint_eq(p->ip[0].dp, 53);
    ck_assert_uint_eq(p->ip[0].payload_len, 16);
    ck_assert_mem_eq(p->ip[0].payload, datagram + 8, 16);
}

START_TEST(test_ipv4_in_order)
{
    sw_decoder *dec = sw_decoder_new(NULL);
    uint8_t f[128];
    sw_packet p;
    ck_assert_int_eq(feed(dec, f, ipv4_frag(f, 7, 0, 1, datagram, 16), 0, &p), 0);
    ck_assert_uint_eq(p.n_events, 0);
    ck_assert_int_eq(feed(dec, f, ipv4_frag(f, 7, 16, 0, datagram + 16, 8), 0, &p), 1);
    assert_reassembled_udp(&p);
    const sw_decode_stats *st = sw_decoder_stats(dec);
    ck_assert_uint_eq(st->frag_ipv4_fragments, 2);
    ck_assert_uint_eq(st->frag_ipv4_reassembled, 1);
    ck_assert_uint_eq(st->ipv4, 2); /* two headers seen */
    ck_assert_uint_eq(st->udp, 1);
    ck_assert_uint_eq(st->frag_memuse, 0);
    sw_decoder_free(dec);
}
END_TEST

START_TEST(test_ipv4_out_of_order)
{
    sw_decoder *dec = sw_decoder_new(NULL);
    uint8_t f[128];
    sw_packet p;
    ck_assert_int_eq(feed(dec, f, ipv4_frag(f, 7, 16, 0, datagram + 16, 8), 0, &p), 0);
    ck_assert_int_eq(feed(dec, f, ipv4_frag(f, 7, 8, 1, datagram + 8, 8), 0, &p), 0);
    ck_assert_int_eq(feed(dec, f, ipv4_frag(f, 7, 0, 1, datagram, 8), 0, &p), 1);
    assert_reassembled_udp(&p);
    sw_decoder_free(dec);
}
END_TEST

START_TEST(test_ipv4_overlap_first_wins)
{
    sw_decoder *dec = sw_decoder_new(NULL);
    uint8_t f[128], evil[16];
    sw_packet p;
    memset(evil, 0xee, sizeof(evil));
    feed(dec, f, ipv4_frag(f, 9, 0, 1, datagram, 16), 0, &p);
    /* Bytes 8..15 again with other content: they must keep the first copy. */
    ck_assert_int_eq(feed(dec, f, ipv4_frag(f, 9, 8, 1, evil, 8), 0, &p), 0);
    ck_assert(helper_has_event(&p, SW_DEV_IPV4_FRAG_OVERLAP));
    ck_assert_int_eq(feed(dec, f, ipv4_frag(f, 9, 16, 0, datagram + 16, 8), 0, &p), 1);
    ck_assert(!helper_has_event(&p, SW_DEV_IPV4_FRAG_OVERLAP));
    assert_reassembled_udp(&p);
    ck_assert_uint_eq(sw_decoder_stats(dec)->events[SW_DEV_IPV4_FRAG_OVERLAP], 1);
    sw_decoder_free(dec);
}
END_TEST

START_TEST(test_memcap_refusal)
{
    sw_decode_config cfg;
    sw_decode_config_defaults(&cfg);
    cfg.defrag_memcap = 64; /* less than one tracker */
    sw_decoder *dec = sw_decoder_new(&cfg);
    uint8_t f[128];
    sw_packet p;
    ck_assert_int_eq(feed(dec, f, ipv4_frag(f, 7, 0, 1, datagram, 16), 0, &p), 1);
    ck_assert(helper_has_event(&p, SW_DEV_FRAG_MEMCAP));
    ck_assert_uint_eq(p.ip[0].is_fragment, 1);
    ck_assert_uint_eq(sw_decoder_stats(dec)->frag_memuse, 0);
    sw_decoder_free(dec);
}
END_TEST

START_TEST(test_tracker_cap)
{
    sw_decode_config cfg;
    sw_decode_config_defaults(&cfg);
    cfg.defrag_trackers = 1;
    sw_decoder *dec = sw_decoder_new(&cfg);
    uint8_t f[128];
    sw_packet p;
    ck_assert_int_eq(feed(dec, f, ipv4_frag(f, 1, 0, 1, datagram, 16), 0, &p), 0);
    ck_assert_int_eq(feed(dec, f, ipv4_frag(f, 2, 0, 1, datagram, 16), 0, &p), 1);
    ck_assert(helper_has_event(&p, SW_DEV_FRAG_TRACKERS_FULL));
    /* The first datagram still completes. */
    ck_assert_int_eq(feed(dec, f, ipv4_frag(f, 1, 16, 0, datagram + 16, 8), 0, &p), 1);
    assert_reassembled_udp(&p);
    sw_decoder_free(dec);
}
END_TEST

START_TEST(test_timeout_by_packet_time)
{
    sw_decode_config cfg;
    sw_decode_config_defaults(&cfg);
    cfg.defrag_timeout_s = 30;
    sw_decoder *dec = sw_decoder_new(&cfg);
    uint8_t f[128];
    sw_packet p;
    feed(dec, f, ipv4_frag(f, 7, 0, 1, datagram, 16), 1000, &p);
    /* 31 s later by packet time: the first half has expired, so this one waits alone. */
    ck_assert_int_eq(feed(dec, f, ipv4_frag(f, 7, 16, 0, datagram + 16, 8), 1031, &p), 0);
    ck_assert_uint_eq(sw_decoder_stats(dec)->frag_ipv4_timeouts, 1);
    sw_decoder_expire(dec, (sw_time){1100, 0});
    ck_assert_uint_eq(sw_decoder_stats(dec)->frag_ipv4_timeouts, 2);
    ck_assert_uint_eq(sw_decoder_stats(dec)->frag_memuse, 0);
    sw_decoder_free(dec);
}
END_TEST

START_TEST(test_too_large)
{
    sw_decoder *dec = sw_decoder_new(NULL);
    uint8_t f[128];
    sw_packet p;
    /* Offset 8189 * 8 = 65512, plus 24 bytes and the 20-byte header: over 65535. */
    feed(dec, f, ipv4_frag(f, 7, 65512, 0, datagram, 24), 0, &p);
    ck_assert(helper_has_event(&p, SW_DEV_IPV4_FRAG_TOO_LARGE));
    feed(dec, f, ipv6_frag(f, 7, 65512, 0, datagram, 24), 0, &p);
    ck_assert(helper_has_event(&p, SW_DEV_IPV6_FRAG_TOO_LARGE));
    sw_decoder_free(dec);
}
END_TEST

START_TEST(test_ipv6_in_and_out_of_order)
{
    sw_decoder *dec = sw_decoder_new(NULL);
    uint8_t f[128];
    sw_packet p;
    ck_assert_int_eq(feed(dec, f, ipv6_frag(f, 5, 0, 1, datagram, 16), 0, &p), 0);
    ck_assert_int_eq(feed(dec, f, ipv6_frag(f, 5, 16, 0, datagram + 16, 8), 0, &p), 1);
    assert_reassembled_udp(&p);
    ck_assert_int_eq(feed(dec, f, ipv6_frag(f, 6, 16, 0, datagram + 16, 8), 0, &p), 0);
    ck_assert_int_eq(feed(dec, f, ipv6_frag(f, 6, 0, 1, datagram, 16), 0, &p), 1);
    assert_reassembled_udp(&p);
    ck_assert_uint_eq(sw_decoder_stats(dec)->frag_ipv6_reassembled, 2);
    sw_decoder_free(dec);
}
END_TEST

START_TEST(test_ipv6_overlap_and_atomic)
{
    sw_decoder *dec = sw_decoder_new(NULL);
    uint8_t f[128], evil[8];
    sw_packet p;
    memset(evil, 0xee, sizeof(evil));
    feed(dec, f, ipv6_frag(f, 5, 0, 1, datagram, 16), 0, &p);
    feed(dec, f, ipv6_frag(f, 5, 8, 1, evil, 8), 0, &p);
    ck_assert(helper_has_event(&p, SW_DEV_IPV6_FRAG_OVERLAP));
    ck_assert_int_eq(feed(dec, f, ipv6_frag(f, 5, 16, 0, datagram + 16, 8), 0, &p), 1);
    assert_reassembled_udp(&p);
    /* RFC 6946: offset 0 without M is an atomic fragment, decoded at once. */
    ck_assert_int_eq(feed(dec, f, ipv6_frag(f, 8, 0, 0, datagram, 24), 0, &p), 1);
    assert_reassembled_udp(&p);
    sw_decoder_free(dec);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("decode-defrag");
    TCase *tc = tcase_create("defrag");
    tcase_add_test(tc, test_ipv4_in_order);
    tcase_add_test(tc, test_ipv4_out_of_order);
    tcase_add_test(tc, test_ipv4_overlap_first_wins);
    tcase_add_test(tc, test_memcap_refusal);
    tcase_add_test(tc, test_tracker_cap);
    tcase_add_test(tc, test_timeout_by_packet_time);
    tcase_add_test(tc, test_too_large);
    tcase_add_test(tc, test_ipv6_in_and_out_of_order);
    tcase_add_test(tc, test_ipv6_overlap_and_atomic);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
