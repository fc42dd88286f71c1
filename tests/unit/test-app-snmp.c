/* SNMP parser against real messages and hand-built BER (X.690 8.1). Capture values come from
 * tshark; each command is quoted beside its sample. snmp.data is tshark's PDU index: 0 get-request
 * (tag 0xA0), 1 get-next (0xA1), 4 trap (0xA4). */
#include "app-snmp.h"
#include "helper-app.h"

#include <stdlib.h>
#include <string.h>

/* tshark -r mgmt/snmp/zeek-snmpv2_get.pcap -c1 -T fields -e udp.payload -e snmp.version
 *   -e snmp.community -e snmp.data -e snmp.request_id -e snmp.name
 * -> version 1 (v2c), "public", 0 (get-request), 895734538, 1.3.6.1.2.1.2.2.1.17.1 */
static const char v2c_get_hex[] = "302b02010104067075626c6963a01e02043563d30a0201000201003010300e"
                                  "060a2b0601020102020111010500";

/* tshark -r mgmt/snmp/zeek-snmpv1_trap.pcap -T fields -e udp.payload -e snmp.version
 *   -e snmp.community -e snmp.data -e snmp.enterprise -e snmp.name
 * -> version 0, "public", 4 (trap), enterprise 1.3.6.1.4.1.31337.0, varbind 1.3.6.1.2.1.2.1.0 */
static const char v1_trap_hex[] = "303b02010004067075626c6963a42e06092b0601040181f4690040047f0000"
                                  "01020100020100430400000000300f300d06082b06010201020100020121";

/* tshark -r mgmt/snmp/zeek-snmpv3_get_next.pcap -Y frame.number==3 -T fields -e udp.payload
 *   -e snmp.msgFlags -e snmp.msgUserName -e snmp.data -e snmp.request_id -e snmp.name
 * -> flags 0x04 (reportable), user "username", 1 (get-next), 544943986, 1.3.6.1.2.1.1.6.0 */
static const char v3_get_next_hex[] =
    "307902010330100204207b2f72020240000401040201030431302f040d80001f8880a9498e5e3a2c30430201dd"
    "0201dd0408757365726e616d65040c0000000000000000000000000400302f040d80001f8880a9498e5e3a2c3043"
    "0400a11c0204207b2f72020100020100300e300c06082b060102010106000500";

static size_t load(const char *hex, uint8_t *buf, size_t cap)
{
    return sw_app_unhex(hex, buf, cap);
}

static sw_app_result parse_only(const uint8_t *buf, size_t len)
{
    sw_snmp_message m;
    sw_app_result r = sw_snmp_parse(buf, len, &m);
    if (r.status != SW_APP_OK)
        ck_assert_uint_eq(r.consumed, 0);
    return r;
}

START_TEST(v2c_get_request)
{
    uint8_t buf[128];
    size_t n = load(v2c_get_hex, buf, sizeof(buf));
    sw_snmp_message m;
    sw_app_result r = sw_snmp_parse(buf, n, &m);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(r.consumed, n);
    ck_assert_uint_eq(m.version, 1);
    ck_assert_uint_eq(m.community_len, 6);
    ck_assert(memcmp(m.community, "public", 6) == 0);
    ck_assert_uint_eq(m.pdu_type, 0xa0);
    ck_assert_int_eq(m.request_id, 895734538);
    ck_assert_uint_eq(m.n_oids, 1);
    ck_assert_str_eq(m.oids[0], "1.3.6.1.2.1.2.2.1.17.1");
}
END_TEST

START_TEST(v1_trap)
{
    uint8_t buf[128];
    size_t n = load(v1_trap_hex, buf, sizeof(buf));
    sw_snmp_message m;
    sw_app_result r = sw_snmp_parse(buf, n, &m);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(m.version, 0);
    ck_assert_uint_eq(m.pdu_type, 0xa4);
    ck_assert_uint_eq(m.n_oids, 1);
    ck_assert_str_eq(m.oids[0], "1.3.6.1.2.1.2.1.0");
}
END_TEST

START_TEST(v3_get_next)
{
    uint8_t buf[256];
    size_t n = load(v3_get_next_hex, buf, sizeof(buf));
    sw_snmp_message m;
    sw_app_result r = sw_snmp_parse(buf, n, &m);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(m.version, 3);
    ck_assert_uint_eq(m.v3_flags, 0x04);
    ck_assert_str_eq(m.v3_user, "username");
    ck_assert_uint_eq(m.community_len, 0);
    ck_assert_uint_eq(m.pdu_type, 0xa1);
    ck_assert_int_eq(m.request_id, 544943986);
    ck_assert_str_eq(m.oids[0], "1.3.6.1.2.1.1.6.0");
}
END_TEST

START_TEST(every_truncation)
{
    uint8_t buf[256];
    size_t n = load(v2c_get_hex, buf, sizeof(buf));
    sw_app_check_prefixes(buf, n, parse_only, SW_APP_EV_SNMP_TRUNC);
    n = load(v1_trap_hex, buf, sizeof(buf));
    sw_app_check_prefixes(buf, n, parse_only, SW_APP_EV_SNMP_TRUNC);
    n = load(v3_get_next_hex, buf, sizeof(buf));
    sw_app_check_prefixes(buf, n, parse_only, SW_APP_EV_SNMP_TRUNC);
}
END_TEST

START_TEST(length_fields)
{
    uint8_t buf[128];
    size_t n = load(v2c_get_hex, buf, sizeof(buf)); /* 45 bytes */
    /* Community length at offset 6: 38 bytes follow it inside the message, so 39 runs past its
     * parent; 0 and 1 leave the next element claiming more than is left; 0x7f is the short-form
     * maximum. X.690 8.1.3: an element cannot be longer than what encloses it. */
    static const uint32_t community_bad[] = {0, 1, 39, 0x7f};
    sw_app_expect_malformed(buf, n, 6, 1, community_bad, 4, parse_only,
                            SW_APP_EV_SNMP_BER_MALFORMED);
    /* 0xff would be a 127-byte long-form length: over the 4 we accept. */
    static const uint32_t too_large[] = {0xff, 0x85};
    sw_app_expect_malformed(buf, n, 6, 1, too_large, 2, parse_only,
                            SW_APP_EV_SNMP_LENGTH_TOO_LARGE);
    /* The PDU length at offset 14 (30 bytes remain). */
    static const uint32_t pdu_bad[] = {0, 1, 31, 0x7f};
    sw_app_expect_malformed(buf, n, 14, 1, pdu_bad, 4, parse_only, SW_APP_EV_SNMP_BER_MALFORMED);
    /* Indefinite length (0x80) is not allowed in SNMP (RFC 3417 8). */
    static const uint32_t indefinite[] = {0x80};
    sw_app_expect_malformed(buf, n, 14, 1, indefinite, 1, parse_only, SW_APP_EV_SNMP_BER_MALFORMED);
    /* The outer length (offset 1): 0 and 1 starve the version; remaining + 1 is a cut datagram. */
    static const uint32_t outer_bad[] = {0, 1};
    sw_app_expect_malformed(buf, n, 1, 1, outer_bad, 2, parse_only, SW_APP_EV_SNMP_BER_MALFORMED);
    uint8_t *p = sw_app_patched(buf, n, 1, 1, 44);
    sw_app_result r = parse_only(p, n);
    ck_assert_int_eq(r.status, SW_APP_INCOMPLETE);
    ck_assert_uint_eq(r.needed, 1);
    free(p);
    /* Version 2 does not exist (RFC 3584 2: 0 v1, 1 v2c, 3 v3). */
    static const uint32_t version_bad[] = {2, 4, 0xff};
    sw_app_expect_malformed(buf, n, 4, 1, version_bad, 3, parse_only, SW_APP_EV_SNMP_BAD_VERSION);
}
END_TEST

/* Writes a BER header with a 2-byte long-form length. */
static size_t put_hdr(uint8_t *p, uint8_t tag, size_t len)
{
    p[0] = tag;
    p[1] = 0x82;
    p[2] = (uint8_t)(len >> 8);
    p[3] = (uint8_t)len;
    return 4;
}

START_TEST(varbind_cap)
{
    /* 65 varbinds { 1.3.6, NULL } in a v2c response: the walk stops at 64 (status stays OK). */
    static const uint8_t vb[] = {0x30, 0x06, 0x06, 0x02, 0x2b, 0x06, 0x05, 0x00};
    static const uint8_t head[] = {0x02, 0x01, 0x01, 0x04, 0x01, 'x'};
    static const uint8_t ints[] = {0x02, 0x01, 0x07, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00};
    size_t list = 65 * sizeof(vb), pdu = sizeof(ints) + 4 + list, msg = sizeof(head) + 4 + pdu;
    uint8_t *buf = malloc(msg + 4);
    ck_assert_ptr_nonnull(buf);
    size_t o = put_hdr(buf, 0x30, msg);
    memcpy(buf + o, head, sizeof(head));
    o += sizeof(head);
    o += put_hdr(buf + o, 0xa2, pdu);
    memcpy(buf + o, ints, sizeof(ints));
    o += sizeof(ints);
    o += put_hdr(buf + o, 0x30, list);
    for (int i = 0; i < 65; i++, o += sizeof(vb))
        memcpy(buf + o, vb, sizeof(vb));
    sw_snmp_message m;
    sw_app_result r = sw_snmp_parse(buf, o, &m);
    free(buf);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_SNMP_TOO_MANY_VARBINDS), 1);
    ck_assert_uint_eq(m.n_varbinds, 64);
    ck_assert_uint_eq(m.n_oids, 8);
    ck_assert_str_eq(m.oids[7], "1.3.6");
    ck_assert_int_eq(m.request_id, 7);
}
END_TEST

START_TEST(oid_arcs)
{
    /* X.690 8.19.4: first byte 0x81 0x34 = 180 -> 2.100; 0x8f 0xff 0xff 0xff 0x7f = 2^32-1. */
    static const uint8_t msg[] = {0x30, 0x23, 0x02, 0x01, 0x01, 0x04, 0x01, 'x',  0xa0, 0x1b,
                                  0x02, 0x01, 0x01, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30,
                                  0x10, 0x30, 0x0e, 0x06, 0x0a, 0x81, 0x34, 0x8f, 0xff, 0xff,
                                  0xff, 0x7f, 0x01, 0x02, 0x03, 0x05, 0x00};
    sw_snmp_message m;
    sw_app_result r = sw_snmp_parse(msg, sizeof(msg), &m);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_str_eq(m.oids[0], "2.100.4294967295.1.2.3");
    /* 2^35 - 1 no longer fits 32 bits. */
    uint8_t *p = sw_app_patched(msg, sizeof(msg), 27, 1, 0xff);
    r = sw_snmp_parse(p, sizeof(msg), &m);
    free(p);
    ck_assert_int_eq(r.status, SW_APP_MALFORMED);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("app-snmp");
    TCase *tc = tcase_create("message");
    tcase_add_test(tc, v2c_get_request);
    tcase_add_test(tc, v1_trap);
    tcase_add_test(tc, v3_get_next);
    tcase_add_test(tc, every_truncation);
    tcase_add_test(tc, length_fields);
    tcase_add_test(tc, varbind_cap);
    tcase_add_test(tc, oid_arcs);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
