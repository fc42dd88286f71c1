/* Community ID v1 and the SHA-1 under it.
 * SHA-1 expectations: FIPS 180-2 Appendix A and RFC 3174 section 7.3. Community ID expectations:
 * the community_id that Suricata 7.0.17 itself wrote into the records of
 * shared/testdata/suricata-eve (file named beside each row), from the same addresses, ports,
 * protocol and ICMP type/code. */
#include "eve.h"
#include "sha1.h"
#include "sw-test.h"

#include <stdio.h>
#include <string.h>

static void hex_of(const uint8_t digest[SW_SHA1_DIGEST_LEN], char out[41])
{
    for (size_t i = 0; i < SW_SHA1_DIGEST_LEN; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

static void sha1_hex(const void *data, size_t len, size_t repeat, char out[41])
{
    sw_sha1 ctx;
    uint8_t digest[SW_SHA1_DIGEST_LEN];
    sw_sha1_init(&ctx);
    for (size_t i = 0; i < repeat; i++)
        sw_sha1_update(&ctx, data, len);
    sw_sha1_final(&ctx, digest);
    hex_of(digest, out);
}

START_TEST(sha1_fips_one_block)
{
    char hex[41];
    sha1_hex("abc", 3, 1, hex);
    ck_assert_str_eq(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
}
END_TEST

START_TEST(sha1_fips_two_blocks)
{
    /* 448 bits: the length no longer fits the first block's padding. */
    const char *msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    char hex[41];
    sha1_hex(msg, strlen(msg), 1, hex);
    ck_assert_str_eq(hex, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}
END_TEST

START_TEST(sha1_fips_million_a)
{
    char hex[41];
    sha1_hex("aaaaaaaaaa", 10, 100000, hex);
    ck_assert_str_eq(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}
END_TEST

START_TEST(sha1_rfc3174_test4_and_empty)
{
    char hex[41];
    sha1_hex("0123456701234567012345670123456701234567012345670123456701234567", 64, 10, hex);
    ck_assert_str_eq(hex, "dea356a2cddd90c7a7ecedc5ebb563934f460452");
    sha1_hex("", 0, 1, hex);
    ck_assert_str_eq(hex, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}
END_TEST

/* The single-block shortcut: the FIPS and RFC vectors that fit, then every length it takes
 * against the streaming hash (55 is the last length whose padding fits one block). */
START_TEST(sha1_short_matches_streaming)
{
    uint8_t digest[SW_SHA1_DIGEST_LEN];
    char hex[41], expected[41];
    ck_assert_int_eq(sw_sha1_short("abc", 3, digest), 0);
    hex_of(digest, hex);
    ck_assert_str_eq(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
    ck_assert_int_eq(sw_sha1_short("", 0, digest), 0);
    hex_of(digest, hex);
    ck_assert_str_eq(hex, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    const char *msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    uint8_t bytes[64];
    for (size_t i = 0; i < sizeof(bytes); i++)
        bytes[i] = (uint8_t)(i * 37 + 11);
    for (size_t len = 0; len <= SW_SHA1_SHORT_MAX; len++) {
        ck_assert_int_eq(sw_sha1_short(bytes, len, digest), 0);
        hex_of(digest, hex);
        sha1_hex(bytes, len, 1, expected);
        ck_assert_msg(strcmp(hex, expected) == 0, "length %zu", len);
    }
    /* The CPU's SHA instructions (when present) and the portable rounds agree on varied data. */
    uint32_t x = 1;
    for (unsigned round = 0; round < 2000; round++) {
        for (size_t i = 0; i < sizeof(bytes); i++) {
            x = x * 1103515245u + 12345u;
            bytes[i] = (uint8_t)(x >> 16);
        }
        size_t len = round % (SW_SHA1_SHORT_MAX + 1);
        uint8_t portable[SW_SHA1_DIGEST_LEN];
        ck_assert_int_eq(sw_sha1_short(bytes, len, digest), 0);
        ck_assert_int_eq(sw_sha1_short_portable(bytes, len, portable), 0);
        ck_assert_mem_eq(digest, portable, sizeof(digest));
    }
    memset(digest, 0, sizeof(digest));
    ck_assert_int_eq(sw_sha1_short(msg, strlen(msg), digest), -1); /* 56 bytes: two blocks */
    ck_assert_int_eq(digest[0] | digest[19], 0);
}
END_TEST

typedef struct suricata_record {
    const char *file; /* under shared/testdata/suricata-eve */
    const char *src, *dst;
    uint16_t sp, dp;
    uint8_t proto, icmp_type, icmp_code;
    const char *community_id;
} suricata_record;

static const suricata_record records[] = {
    {"exfil/ftp/sv-ftp-active-mode", "127.0.0.1", "127.0.0.1", 38736, 21, 6, 0, 0,
     "1:xXY2awMGo5HCIIte93+7ThcK6e4="},
    {"http/zeek-http-get", "141.142.228.5", "192.150.187.43", 59856, 80, 6, 0, 0,
     "1:yvyB8h+3dnggTZW0UEITWCst97w="},
    /* server to client: the hash must order the endpoints itself */
    {"exfil/ftp/zeek-ftp-retr", "141.142.192.162", "141.142.228.5", 21, 50736, 6, 0, 0,
     "1:4ZyqNSkv4DJSjbAvwruxSsfOvOg="},
    {"exfil/ftp/sv-ftp-active-mode", "127.0.0.1", "127.0.0.53", 47123, 53, 17, 0, 0,
     "1:XIu4lYeMN6qgYziCzCaHTGlm0mw="},
    {"exfil/ftp/zeek-ftp-ipv6", "2001:470:4867:99::21", "2001:470:1f11:81f:c999:d94:aa7c:2e3e", 21,
     49185, 6, 0, 0, "1:2nWXgxcx9GW54wPXtQmjQEThuB0="},
    {"mgmt/ssh/zeek-ssh-over-udp", "::1", "::1", 52806, 1234, 17, 0, 0,
     "1:9NFH0dXvDvFBk/Leffx6epJ5GOc="},
    {"tunnels/sv-decode-erspan-typeI-02", "100.95.2.201", "100.95.3.105", 0, 0, 1, 8, 0,
     "1:8lqpS6NuXjYi6e/nuFIwp0TM/Nk="},
    /* the echo reply of the same exchange hashes alike */
    {"tunnels/sv-decode-erspan-typeI-02", "100.95.3.105", "100.95.2.201", 0, 0, 1, 0, 0,
     "1:8lqpS6NuXjYi6e/nuFIwp0TM/Nk="},
    {"tunnels/sv-tunnel-pkt-flows", "2.2.2.2", "1.1.1.1", 0, 0, 1, 8, 0,
     "1:9TY3zNr/eSx3yX3+rpjzxmF2Aig="},
    {"tunnels/sv-tunnel-pkt-flows", "1.1.1.1", "2.2.2.2", 0, 0, 1, 8, 0,
     "1:S8recDthFFl6KMmgHjdsjS3rnv8="},
    {"http/zeek-ipv6-http-atomic-frag", "2001:db8:1::1", "2001:db8:1::2", 0, 0, 58, 136, 0,
     "1:on65FKMd1L8JTxiqb1eHl08W6vY="},
    {"http/zeek-ipv6-http-atomic-frag", "2001:db8:1::2", "ff02::1:ff00:1", 0, 0, 58, 135, 0,
     "1:1xcy2WHsKWPsze9lcUH+U6VVX5A="},
    {"tunnels/zeek-Teredo", "2001:0:4137:9e50:8000:f12a:b9c8:2815", "2001:4860:0:2001::68", 0, 0,
     58, 128, 0, "1:s07F1bMcqpdDjNVLfITxLW8FIck="},
    /* IPv6-in-IPv4 (protocol 41): no ports in the hash */
    {"tunnels/zeek-6in4", "1.2.3.4", "5.6.7.8", 0, 0, 41, 0, 0, "1:WH30kJigyDPqmd5y5iPSsM3ZBc0="},
    {"tunnels/zeek-ping6-in-ipv4", "10.0.0.1", "10.0.0.2", 0, 0, 41, 0, 0,
     "1:kyAhmNhR7o5D8J8YhDXYQ77HVDc="},
};

static sw_flow_obs flow_of(const suricata_record *r)
{
    sw_flow_obs flow;
    memset(&flow, 0, sizeof(flow));
    ck_assert_int_eq(sw_ip_parse(&flow.src, r->src), SW_OK);
    ck_assert_int_eq(sw_ip_parse(&flow.dst, r->dst), SW_OK);
    flow.sp = r->sp;
    flow.dp = r->dp;
    flow.proto = r->proto;
    flow.icmp_type = r->icmp_type;
    flow.icmp_code = r->icmp_code;
    return flow;
}

START_TEST(community_id_matches_suricata)
{
    const suricata_record *r = &records[_i];
    sw_flow_obs flow = flow_of(r);
    char cid[40];
    ck_assert_int_eq(sw_community_id(&flow, 0, cid, sizeof(cid)), SW_OK);
    ck_assert_msg(strcmp(cid, r->community_id) == 0, "%s: %s -> %s: got %s, Suricata wrote %s",
                  r->file, r->src, r->dst, cid, r->community_id);
}
END_TEST

START_TEST(community_id_seed_changes_hash)
{
    sw_flow_obs flow = flow_of(&records[1]);
    char seeded[40];
    ck_assert_int_eq(sw_community_id(&flow, 1, seeded, sizeof(seeded)), SW_OK);
    ck_assert_str_ne(seeded, records[1].community_id);
}
END_TEST

START_TEST(community_id_one_way_icmp_keeps_direction)
{
    /* Destination unreachable (type 3) has no counterpart: each direction is its own flow. */
    suricata_record r = {"", "10.0.0.2", "10.0.0.1", 0, 0, 1, 3, 1, ""};
    sw_flow_obs forward = flow_of(&r);
    sw_flow_obs reverse = forward;
    reverse.src = forward.dst;
    reverse.dst = forward.src;
    char a[40], b[40];
    ck_assert_int_eq(sw_community_id(&forward, 0, a, sizeof(a)), SW_OK);
    ck_assert_int_eq(sw_community_id(&reverse, 0, b, sizeof(b)), SW_OK);
    ck_assert_str_ne(a, b);
}
END_TEST

START_TEST(community_id_rejects_bad_input)
{
    sw_flow_obs flow;
    memset(&flow, 0, sizeof(flow));
    char cid[40];
    ck_assert_int_eq(sw_community_id(&flow, 0, cid, sizeof(cid)), SW_ERR_INVALID);
    flow = flow_of(&records[4]); /* IPv6 */
    ck_assert_int_eq(sw_ip_parse(&flow.dst, "10.0.0.1"), SW_OK);
    ck_assert_int_eq(sw_community_id(&flow, 0, cid, sizeof(cid)), SW_ERR_INVALID);
    flow = flow_of(&records[0]);
    ck_assert_int_eq(sw_community_id(&flow, 0, cid, 30), SW_ERR_INVALID);
    ck_assert_int_eq(sw_community_id(&flow, 0, cid, 31), SW_OK);
    ck_assert_int_eq(sw_community_id(NULL, 0, cid, sizeof(cid)), SW_ERR_INVALID);
}
END_TEST

static Suite *community_id_suite(void)
{
    Suite *s = suite_create("community-id");
    TCase *sha = tcase_create("sha1");
    tcase_add_test(sha, sha1_fips_one_block);
    tcase_add_test(sha, sha1_fips_two_blocks);
    tcase_add_test(sha, sha1_fips_million_a);
    tcase_add_test(sha, sha1_rfc3174_test4_and_empty);
    tcase_add_test(sha, sha1_short_matches_streaming);
    suite_add_tcase(s, sha);
    TCase *cid = tcase_create("community_id");
    tcase_add_loop_test(cid, community_id_matches_suricata, 0,
                        (int)(sizeof(records) / sizeof(records[0])));
    tcase_add_test(cid, community_id_seed_changes_hash);
    tcase_add_test(cid, community_id_one_way_icmp_keeps_direction);
    tcase_add_test(cid, community_id_rejects_bad_input);
    suite_add_tcase(s, cid);
    return s;
}

int main(void)
{
    return sw_test_run(community_id_suite());
}
