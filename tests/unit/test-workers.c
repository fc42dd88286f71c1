/* Unit tests for the worker dispatch hash and the stats merge. Frames are built by hand from
 * the header layouts of IEEE 802.3/802.1Q, RFC 3032 (MPLS), RFC 791 and RFC 8200; what is
 * asserted is the property the design needs: both directions of a pair hash alike. */
#include "sw-test.h"
#include "workers.h"

#include <string.h>

/* Ethernet + optional VLAN tag + IPv4 header (20 bytes) from a to b. */
static size_t ether_v4(uint8_t *f, const uint8_t a[4], const uint8_t b[4], int vlan)
{
    size_t n = 12;
    memset(f, 0x11, 12); /* dst and src MAC */
    if (vlan) {
        f[n++] = 0x81, f[n++] = 0x00, f[n++] = 0x00, f[n++] = 0x64; /* TPID, VID 100 */
    }
    f[n++] = 0x08, f[n++] = 0x00;
    uint8_t ip[20] = {0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17 /* UDP */, 0, 0};
    memcpy(ip + 12, a, 4);
    memcpy(ip + 16, b, 4);
    memcpy(f + n, ip, 20);
    return n + 20;
}

START_TEST(hash_is_symmetric_ipv4_and_vlan)
{
    const uint8_t a[4] = {10, 10, 0, 1}, b[4] = {198, 51, 100, 7}, c[4] = {198, 51, 100, 8};
    uint8_t f1[64], f2[64], f3[64], f4[64];
    size_t n1 = ether_v4(f1, a, b, 0), n2 = ether_v4(f2, b, a, 0);
    size_t n3 = ether_v4(f3, b, a, 1), n4 = ether_v4(f4, a, c, 0);
    uint32_t h1 = sw_workers_flow_hash(1, f1, n1);
    ck_assert_uint_ne(h1, 0);
    ck_assert_uint_eq(h1, sw_workers_flow_hash(1, f2, n2));
    ck_assert_uint_eq(h1, sw_workers_flow_hash(1, f3, n3)); /* the tag does not change the pair */
    ck_assert_uint_ne(h1, sw_workers_flow_hash(1, f4, n4));
}
END_TEST

START_TEST(hash_ipv6_raw_and_mpls)
{
    uint8_t v6a[40] = {0x60, 0, 0, 0, 0, 0, 58 /* ICMPv6 */, 64}, v6b[40];
    v6a[8] = 0x20, v6a[9] = 0x01, v6a[23] = 1;   /* src 2001::1 */
    v6a[24] = 0x20, v6a[25] = 0x01, v6a[39] = 2; /* dst 2001::2 */
    memcpy(v6b, v6a, 8);
    memcpy(v6b + 8, v6a + 24, 16);
    memcpy(v6b + 24, v6a + 8, 16);
    uint32_t h = sw_workers_flow_hash(101, v6a, sizeof(v6a));
    ck_assert_uint_ne(h, 0);
    ck_assert_uint_eq(h, sw_workers_flow_hash(101, v6b, sizeof(v6b)));
    /* The same IPv6 packet under Ethernet with two MPLS labels (S bit on the second). */
    uint8_t f[12 + 2 + 8 + 40];
    memset(f, 0x22, 12);
    f[12] = 0x88, f[13] = 0x47;
    const uint8_t labels[8] = {0x00, 0x01, 0x00, 0x40, 0x00, 0x02, 0x01, 0x40};
    memcpy(f + 14, labels, 8);
    memcpy(f + 22, v6b, 40);
    ck_assert_uint_eq(h, sw_workers_flow_hash(1, f, sizeof(f)));
}
END_TEST

START_TEST(hash_non_ip_and_truncated_is_zero)
{
    uint8_t arp[60] = {0};
    arp[12] = 0x08, arp[13] = 0x06;
    ck_assert_uint_eq(sw_workers_flow_hash(1, arp, sizeof(arp)), 0);
    const uint8_t a[4] = {10, 0, 0, 1}, b[4] = {10, 0, 0, 2};
    uint8_t f[64];
    size_t n = ether_v4(f, a, b, 0);
    for (size_t cut = 0; cut < n; cut++) /* short of the destination address: no hash */
        ck_assert_uint_eq(sw_workers_flow_hash(1, f, cut), 0);
    ck_assert_uint_eq(sw_workers_flow_hash(999, f, n), 0); /* unknown link type */
}
END_TEST

START_TEST(stats_sum_adds_counters_and_keeps_max_uptime)
{
    json_t *a = json_pack("{s:i, s:{s:i, s:i}, s:i}", "uptime", 10, "decoder", "pkts", 5, "bytes",
                          100, "x", 1);
    json_t *b = json_pack("{s:i, s:{s:i, s:i}, s:s}", "uptime", 7, "decoder", "pkts", 3, "ipv4", 2,
                          "x", "text");
    sw_workers_stats_sum(a, b);
    ck_assert_int_eq(json_integer_value(json_object_get(a, "uptime")), 10);
    json_t *dec = json_object_get(a, "decoder");
    ck_assert_int_eq(json_integer_value(json_object_get(dec, "pkts")), 8);
    ck_assert_int_eq(json_integer_value(json_object_get(dec, "bytes")), 100);
    ck_assert_int_eq(json_integer_value(json_object_get(dec, "ipv4")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(a, "x")), 1); /* type clash: kept */
    json_decref(a);
    json_decref(b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("workers");
    TCase *hash = tcase_create("hash");
    tcase_add_test(hash, hash_is_symmetric_ipv4_and_vlan);
    tcase_add_test(hash, hash_ipv6_raw_and_mpls);
    tcase_add_test(hash, hash_non_ip_and_truncated_is_zero);
    suite_add_tcase(s, hash);
    TCase *stats = tcase_create("stats");
    tcase_add_test(stats, stats_sum_adds_counters_and_keeps_max_uptime);
    suite_add_tcase(s, stats);
    return sw_test_run(s);
}
