/* Unit tests for core/netset.c: longest-prefix match over IPv4 and IPv6 CIDR sets. Expected
 * matches are worked out by hand from the prefixes' bit patterns. */
#include "netset.h"
#include "sw-test.h"

#include <string.h>

/* Looks ip up; returns the value, or -1 when not inside any prefix. */
static long lookup(const sw_netset *set, const char *text)
{
    sw_ip ip;
    ck_assert_int_eq(sw_ip_parse(&ip, text), SW_OK);
    uint32_t v = 0;
    return sw_netset_lookup(set, &ip, &v) ? (long)v : -1;
}

static void add(sw_netset *set, const char *cidr, uint32_t value)
{
    sw_error err;
    ck_assert_msg(sw_netset_add(set, cidr, value, &err) == SW_OK, "%s: %s", cidr, err.text);
}

START_TEST(test_v4_nested_longest_wins)
{
    sw_netset *set = sw_netset_new();
    add(set, "10.0.0.0/8", 1);
    add(set, "10.1.0.0/16", 2);
    add(set, "10.1.2.3/32", 3);
    ck_assert_int_eq(lookup(set, "10.200.0.1"), 1);
    ck_assert_int_eq(lookup(set, "10.1.255.255"), 2);
    ck_assert_int_eq(lookup(set, "10.1.2.3"), 3);
    ck_assert_int_eq(lookup(set, "10.1.2.4"), 2);
    ck_assert_int_eq(lookup(set, "11.0.0.0"), -1);
    ck_assert_int_eq(lookup(set, "9.255.255.255"), -1);
    ck_assert_uint_eq(sw_netset_count(set), 3);
    sw_netset_free(set);
}
END_TEST

START_TEST(test_v4_adjacent_prefixes)
{
    sw_netset *set = sw_netset_new();
    add(set, "192.0.2.0/25", 1);   /* .0 - .127 */
    add(set, "192.0.2.128/25", 2); /* .128 - .255 */
    ck_assert_int_eq(lookup(set, "192.0.2.127"), 1);
    ck_assert_int_eq(lookup(set, "192.0.2.128"), 2);
    ck_assert_int_eq(lookup(set, "192.0.3.0"), -1);
    ck_assert_int_eq(lookup(set, "192.0.1.255"), -1);
    sw_netset_free(set);
}
END_TEST

START_TEST(test_default_routes_and_host_prefixes)
{
    sw_netset *set = sw_netset_new();
    add(set, "0.0.0.0/0", 7);
    add(set, "::/0", 8);
    add(set, "198.51.100.7", 9); /* bare address = /32 */
    add(set, "2001:db8::1", 10); /* bare address = /128 */
    ck_assert_int_eq(lookup(set, "255.255.255.255"), 7);
    ck_assert_int_eq(lookup(set, "198.51.100.7"), 9);
    ck_assert_int_eq(lookup(set, "198.51.100.6"), 7);
    ck_assert_int_eq(lookup(set, "2001:db8::1"), 10);
    ck_assert_int_eq(lookup(set, "2001:db8::2"), 8);
    ck_assert_int_eq(lookup(set, "ffff::"), 8);
    sw_netset_free(set);
}
END_TEST

START_TEST(test_v6_nested_and_families_apart)
{
    sw_netset *set = sw_netset_new();
    add(set, "2001:db8::/32", 1);
    add(set, "2001:db8:ab00::/40", 2);
    add(set, "2001:db8:abcd:12::/64", 3);
    ck_assert_int_eq(lookup(set, "2001:db8:1::1"), 1);
    ck_assert_int_eq(lookup(set, "2001:db8:abff::1"), 2); /* ab is the /40 byte */
    ck_assert_int_eq(lookup(set, "2001:db8:ac00::1"), 1);
    ck_assert_int_eq(lookup(set, "2001:db8:abcd:12:ffff::1"), 3);
    ck_assert_int_eq(lookup(set, "2001:db9::"), -1);
    /* 32.1.13.184 has the same first 32 bits as 2001:db8:: but is IPv4: no match. */
    ck_assert_int_eq(lookup(set, "32.1.13.184"), -1);
    sw_netset_free(set);
}
END_TEST

START_TEST(test_v4_mapped_v6_is_looked_up_as_v4)
{
    sw_netset *set = sw_netset_new();
    add(set, "203.0.113.0/24", 5);
    ck_assert_int_eq(lookup(set, "::ffff:203.0.113.9"), 5);
    ck_assert_int_eq(lookup(set, "::ffff:203.0.114.9"), -1);
    /* A mapped prefix in the config lands in the IPv4 tree too. */
    add(set, "::ffff:198.18.0.0/111", 6); /* 111 - 96 = /15 */
    ck_assert_int_eq(lookup(set, "198.19.255.255"), 6);
    ck_assert_int_eq(lookup(set, "198.20.0.0"), -1);
    sw_netset_free(set);
}
END_TEST

START_TEST(test_readd_replaces_value)
{
    sw_netset *set = sw_netset_new();
    add(set, "10.0.0.0/8", 1);
    add(set, "10.0.0.0/8", 4);
    ck_assert_int_eq(lookup(set, "10.9.9.9"), 4);
    ck_assert_uint_eq(sw_netset_count(set), 1);
    sw_netset_free(set);
}
END_TEST

/* The exact prefix, not the longest match: what a list uses to find a repeated entry. */
START_TEST(test_get_is_exact)
{
    sw_netset *set = sw_netset_new();
    add(set, "10.0.0.0/8", 1);
    add(set, "10.1.0.0/16", 2);
    add(set, "2001:db8::/32", 3);
    uint32_t v = 0;
    ck_assert_int_eq(sw_netset_get(set, "10.0.0.0/8", &v), 1);
    ck_assert_uint_eq(v, 1);
    ck_assert_int_eq(sw_netset_get(set, "10.1.0.0/16", &v), 1);
    ck_assert_uint_eq(v, 2);
    ck_assert_int_eq(sw_netset_get(set, "::ffff:10.0.0.0/104", &v), 1); /* stored as IPv4 */
    ck_assert_uint_eq(v, 1);
    ck_assert_int_eq(sw_netset_get(set, "2001:db8::/32", &v), 1);
    ck_assert_uint_eq(v, 3);
    ck_assert_int_eq(sw_netset_get(set, "10.1.2.0/24", &v), 0); /* inside one, not added */
    ck_assert_int_eq(sw_netset_get(set, "10.0.0.0/7", &v), 0);
    ck_assert_int_eq(sw_netset_get(set, "10.1.0.0", &v), 0);   /* a host prefix */
    ck_assert_int_eq(sw_netset_get(set, "10.0.0.1/8", &v), 0); /* host bits: never added */
    ck_assert_int_eq(sw_netset_get(set, "not-an-address", &v), 0);
    ck_assert_int_eq(sw_netset_get(set, "10.0.0.0/33", &v), 0);
    sw_netset_free(set);
    ck_assert_int_eq(sw_netset_get(NULL, "10.0.0.0/8", &v), 0);
}
END_TEST

/* Sets of 1 to 40 prefixes of either family (small sets are scanned, larger ones use the trie)
 * against a brute-force longest match over the same list, with prefixes re-added under new
 * values and lookups near each prefix, inside and just outside it. The model holds addresses
 * as two 64-bit words, most significant first; IPv4 in the top 32 bits. */
typedef struct ref_prefix {
    uint64_t net[2], mask[2];
    uint32_t value;
    unsigned len;
} ref_prefix;

typedef struct ref_set {
    ref_prefix p[40];
    size_t used;
} ref_set;

static uint32_t lcg(uint32_t *x)
{
    *x = *x * 1664525u + 1013904223u;
    return *x;
}

static uint64_t mask_word(unsigned len)
{
    return len == 0 ? 0 : len >= 64 ? ~UINT64_C(0) : ~UINT64_C(0) << (64 - len);
}

static void mask_of(unsigned len, uint64_t mask[2])
{
    mask[0] = mask_word(len);
    mask[1] = mask_word(len > 64 ? len - 64 : 0);
}

/* A prefix added to the table and to the model (re-adding one replaces its value). */
static void add_both(sw_netset *set, ref_set *ref, const sw_ip *ip, const uint64_t net[2],
                     unsigned len, uint32_t value)
{
    ck_assert_int_eq(sw_netset_add_prefix(set, ip, len, value), SW_OK);
    size_t j = 0;
    while (j < ref->used &&
           !(ref->p[j].net[0] == net[0] && ref->p[j].net[1] == net[1] && ref->p[j].len == len))
        j++;
    ref->p[j] = (ref_prefix){{net[0], net[1]}, {0, 0}, value, len};
    mask_of(len, ref->p[j].mask);
    ref->used += j == ref->used;
}

static long ref_lookup(const ref_set *ref, const uint64_t a[2])
{
    long best = -1;
    unsigned best_len = 0;
    for (size_t i = 0; i < ref->used; i++) {
        const ref_prefix *p = &ref->p[i];
        if ((a[0] & p->mask[0]) == p->net[0] && (a[1] & p->mask[1]) == p->net[1] &&
            (best < 0 || p->len >= best_len)) {
            best = p->value;
            best_len = p->len;
        }
    }
    return best;
}

/* The table answers address a (given as ip) as the model does. */
static void assert_same_answer(sw_netset *set, const ref_set *ref, const sw_ip *ip,
                               const uint64_t a[2])
{
    uint32_t v = 0;
    long want = ref_lookup(ref, a);
    int found = sw_netset_lookup(set, ip, &v);
    ck_assert_msg(found == (want >= 0), "%016llx%016llx: found %d, model %ld",
                  (unsigned long long)a[0], (unsigned long long)a[1], found, want);
    ck_assert_int_eq(sw_netset_contains(set, ip), want >= 0);
    if (found)
        ck_assert_int_eq((long)v, want);
}

static void ip_of(uint32_t a, sw_ip *ip, int mapped)
{
    memset(ip, 0, sizeof(*ip));
    uint8_t *b = ip->bytes + (mapped ? 12 : 0);
    ip->family = mapped ? 6 : 4;
    if (mapped)
        ip->bytes[10] = ip->bytes[11] = 0xff;
    b[0] = (uint8_t)(a >> 24);
    b[1] = (uint8_t)(a >> 16);
    b[2] = (uint8_t)(a >> 8);
    b[3] = (uint8_t)a;
}

static void ip6_of(const uint64_t w[2], sw_ip *ip)
{
    memset(ip, 0, sizeof(*ip));
    ip->family = 6;
    for (int i = 0; i < 16; i++)
        ip->bytes[i] = (uint8_t)(w[i / 8] >> (56 - 8 * (i % 8)));
}

/* IPv4, also looked up through ::ffff:a.b.c.d. */
START_TEST(test_v4_sets_of_every_size_match_brute_force)
{
    uint32_t x = 12345;
    for (size_t n = 1; n <= 40; n++) {
        sw_netset *set = sw_netset_new();
        ref_set ref = {.used = 0};
        for (size_t i = 0; i < n; i++) {
            unsigned len = lcg(&x) % 33;
            uint32_t mask = len ? ~0u << (32 - len) : 0;
            /* Few distinct top bits, so prefixes nest and collide. */
            uint32_t net = (lcg(&x) & 0x0f0f00ffu) & mask;
            uint32_t value = lcg(&x) % 1000;
            sw_ip ip;
            ip_of(net, &ip, 0);
            const uint64_t words[2] = {(uint64_t)net << 32, 0};
            add_both(set, &ref, &ip, words, len, value);
        }
        ck_assert_uint_eq(sw_netset_count(set), ref.used);
        for (size_t i = 0; i < ref.used * 8; i++) {
            uint32_t a = (uint32_t)(ref.p[i % ref.used].net[0] >> 32) ^ (lcg(&x) >> (lcg(&x) % 32));
            const uint64_t words[2] = {(uint64_t)a << 32, 0};
            for (int mapped = 0; mapped < 2; mapped++) {
                sw_ip ip;
                ip_of(a, &ip, mapped);
                assert_same_answer(set, &ref, &ip, words);
            }
        }
        sw_netset_free(set);
    }
}
END_TEST

/* IPv6: lengths 0..128, so both words of the scan are exercised. */
START_TEST(test_v6_sets_of_every_size_match_brute_force)
{
    uint32_t x = 777;
    for (size_t n = 1; n <= 40; n++) {
        sw_netset *set = sw_netset_new();
        ref_set ref = {.used = 0};
        for (size_t i = 0; i < n; i++) {
            unsigned len = lcg(&x) % 129;
            uint64_t mask[2];
            mask_of(len, mask);
            /* Few distinct bits in both words (the 2001:db8::/32 kind), so prefixes nest. */
            uint64_t net[2] = {(UINT64_C(0x20010db8) << 32 | (lcg(&x) & 0x0f0000ffu)) & mask[0],
                               ((uint64_t)(lcg(&x) & 0xf00000ffu) << 32 | (lcg(&x) & 0xff)) &
                                   mask[1]};
            uint32_t value = lcg(&x) % 1000;
            sw_ip ip;
            ip6_of(net, &ip);
            add_both(set, &ref, &ip, net, len, value);
        }
        ck_assert_uint_eq(sw_netset_count(set), ref.used);
        for (size_t i = 0; i < ref.used * 8; i++) {
            uint64_t a[2] = {ref.p[i % ref.used].net[0], ref.p[i % ref.used].net[1]};
            unsigned flip = lcg(&x) % 130; /* 128, 129: the prefix's own network */
            if (flip < 128)
                a[flip / 64] ^= UINT64_C(1) << (63 - flip % 64);
            sw_ip ip;
            ip6_of(a, &ip);
            assert_same_answer(set, &ref, &ip, a);
        }
        sw_netset_free(set);
    }
}
END_TEST

START_TEST(test_host_bits_are_an_error)
{
    sw_netset *set = sw_netset_new();
    sw_error err;
    ck_assert_int_eq(sw_netset_add(set, "10.0.0.1/8", 1, &err), SW_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(err.text, "host bits"));
    ck_assert_int_eq(sw_netset_add(set, "2001:db8::1/64", 1, &err), SW_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(err.text, "host bits"));
    ck_assert_uint_eq(sw_netset_count(set), 0);
    ck_assert_int_eq(lookup(set, "10.0.0.1"), -1);
    sw_netset_free(set);
}
END_TEST

START_TEST(test_bad_text)
{
    static const char *const bad[] = {
        "",         "/8",         "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1",    "10.0.0.0/8x",
        "10.0.0/8", "10.0.0.256", "::/129",    "hello",       "10.0.0.0/08000", "10.0.0.0 /8",
    };
    sw_netset *set = sw_netset_new();
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        sw_error err;
        memset(&err, 0, sizeof(err));
        ck_assert_msg(sw_netset_add(set, bad[i], 1, &err) == SW_ERR_INVALID, "'%s' accepted",
                      bad[i]);
        ck_assert_msg(err.text[0] != '\0', "'%s' gave no reason", bad[i]);
    }
    ck_assert_uint_eq(sw_netset_count(set), 0);
    ck_assert_int_eq(sw_netset_add(set, NULL, 1, NULL), SW_ERR_INVALID);
    sw_netset_free(set);
}
END_TEST

START_TEST(test_empty_and_unset)
{
    sw_netset *set = sw_netset_new();
    sw_ip unset;
    memset(&unset, 0, sizeof(unset));
    ck_assert_int_eq(sw_netset_lookup(set, &unset, NULL), 0);
    ck_assert_int_eq(lookup(set, "10.0.0.1"), -1);
    ck_assert_int_eq(sw_netset_contains(NULL, &unset), 0);
    add(set, "0.0.0.0/0", 1);
    ck_assert_int_eq(sw_netset_lookup(set, &unset, NULL), 0);
    sw_netset_free(set);
    sw_netset_free(NULL);
}
END_TEST

static Suite *netset_suite(void)
{
    Suite *s = suite_create("netset");
    TCase *lpm = tcase_create("lookup");
    tcase_add_test(lpm, test_v4_nested_longest_wins);
    tcase_add_test(lpm, test_v4_adjacent_prefixes);
    tcase_add_test(lpm, test_default_routes_and_host_prefixes);
    tcase_add_test(lpm, test_v6_nested_and_families_apart);
    tcase_add_test(lpm, test_v4_mapped_v6_is_looked_up_as_v4);
    tcase_add_test(lpm, test_readd_replaces_value);
    tcase_add_test(lpm, test_get_is_exact);
    tcase_add_test(lpm, test_empty_and_unset);
    tcase_add_test(lpm, test_v4_sets_of_every_size_match_brute_force);
    tcase_add_test(lpm, test_v6_sets_of_every_size_match_brute_force);
    suite_add_tcase(s, lpm);
    TCase *add_tc = tcase_create("add");
    tcase_add_test(add_tc, test_host_bits_are_an_error);
    tcase_add_test(add_tc, test_bad_text);
    suite_add_tcase(s, add_tc);
    return s;
}

int main(void)
{
    return sw_test_run(netset_suite());
}
