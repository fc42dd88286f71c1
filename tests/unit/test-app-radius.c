/* RADIUS parser against a real Access-Request (zeek-radius.pcap frame 1; fields from
 * `tshark -T fields -e radius.code -e radius.id -e radius.length -e radius.User_Name
 * -e radius.NAS_IP_Address -e radius.Calling_Station_Id`) and RFC 2865 hand-built packets. */
#include "app-radius.h"
#include "helper-app.h"

#include <stdlib.h>
#include <string.h>

/* tshark: code 1, id 5, length 139, User-Name John.McGuirk, NAS-IP 10.0.0.1,
 * Calling-Station-Id 00-14-22-E9-54-5E. */
static const char access_request_hex[] =
    "0105008becfe3d2fe4473ec6299095ee46aedf7704060a00000105060000c35c3d060000000f010e4a6f686e2e"
    "4d63477569726b1e1330302d31392d30362d45412d42382d38431f1330302d31342d32322d45392d35342d3545"
    "0606000000020c06000005dc4f1302000011014a6f686e2e4d63477569726b501228c5beb8842486da70db5131"
    "6f9d7889";

/* RFC 2865 3 and RFC 3162 2.1, by hand: Accounting-Request with only NAS-IPv6-Address. */
static const uint8_t with_ipv6[] = {
    0x04, 0x07, 0x00, 0x26,                                        /* code 4, id 7, length 38 */
    0,    0,    0,    0,    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,    /* authenticator */
    95,   18,                                                      /* NAS-IPv6-Address, length 18 */
    0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, /* 2001:db8::1 */
};

static sw_app_result parse_only(const uint8_t *buf, size_t len)
{
    sw_radius_packet p;
    sw_app_result r = sw_radius_parse(buf, len, &p);
    ck_assert(!p.has_user_name && p.nas_ip.family == 0);
    return r;
}

START_TEST(access_request_from_capture)
{
    uint8_t buf[256];
    size_t n = sw_app_unhex(access_request_hex, buf, sizeof(buf));
    sw_radius_packet p;
    sw_app_result r = sw_radius_parse(buf, n, &p);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(r.consumed, 139);
    ck_assert_uint_eq(p.code, SW_RADIUS_ACCESS_REQUEST);
    ck_assert_uint_eq(p.identifier, 5);
    ck_assert_str_eq(p.user_name, "John.McGuirk");
    ck_assert_str_eq(p.calling_station_id, "00-14-22-E9-54-5E");
    char text[64];
    ck_assert_str_eq(sw_ip_format(&p.nas_ip, text, sizeof(text)), "10.0.0.1");
    ck_assert_uint_eq(p.nas_ipv6.family, 0);
}
END_TEST

START_TEST(nas_ipv6_address)
{
    sw_radius_packet p;
    sw_app_result r = sw_radius_parse(with_ipv6, sizeof(with_ipv6), &p);
    ck_assert_int_eq(r.status, SW_APP_OK);
    char text[64];
    ck_assert_str_eq(sw_ip_format(&p.nas_ipv6, text, sizeof(text)), "2001:db8::1");
    ck_assert_uint_eq(p.n_attrs, 1);
}
END_TEST

START_TEST(padding_after_length_is_ignored)
{
    uint8_t buf[sizeof(with_ipv6) + 3];
    memcpy(buf, with_ipv6, sizeof(with_ipv6));
    memset(buf + sizeof(with_ipv6), 0xee, 3);
    sw_radius_packet p;
    sw_app_result r = sw_radius_parse(buf, sizeof(buf), &p);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(r.consumed, sizeof(with_ipv6));
}
END_TEST

START_TEST(every_truncation)
{
    uint8_t buf[256];
    size_t n = sw_app_unhex(access_request_hex, buf, sizeof(buf));
    sw_app_check_prefixes(buf, n, parse_only, SW_APP_EV_RADIUS_TRUNC);
    sw_app_check_prefixes(with_ipv6, sizeof(with_ipv6), parse_only, SW_APP_EV_RADIUS_TRUNC);
}
END_TEST

START_TEST(packet_length_field)
{
    /* RFC 2865 3: below 20 or above 4096 is malformed; more than captured is trunc. */
    static const uint32_t bad[] = {0, 1, 19, 4097, 0xffff};
    sw_app_expect_malformed(with_ipv6, sizeof(with_ipv6), 2, 2, bad, 5, parse_only,
                            SW_APP_EV_RADIUS_LENGTH_INVALID);
    uint8_t *p = sw_app_patched(with_ipv6, sizeof(with_ipv6), 2, 2, sizeof(with_ipv6) + 1);
    sw_radius_packet pkt;
    sw_app_result r = sw_radius_parse(p, sizeof(with_ipv6), &pkt);
    ck_assert_int_eq(r.status, SW_APP_INCOMPLETE);
    ck_assert_uint_eq(r.needed, 1);
    free(p);
}
END_TEST

START_TEST(attribute_length_field)
{
    /* RFC 2865 5: attribute length counts type and length, so < 2 is malformed, as is one
     * running past the packet (18 bytes remain: 19 is remaining+1, 255 the maximum). */
    static const uint32_t bad[] = {0, 1, 19, 255};
    sw_app_expect_malformed(with_ipv6, sizeof(with_ipv6), 21, 1, bad, 4, parse_only,
                            SW_APP_EV_RADIUS_ATTR_MALFORMED);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("app-radius");
    TCase *tc = tcase_create("packet");
    tcase_add_test(tc, access_request_from_capture);
    tcase_add_test(tc, nas_ipv6_address);
    tcase_add_test(tc, padding_after_length_is_ignored);
    tcase_add_test(tc, every_truncation);
    tcase_add_test(tc, packet_length_field);
    tcase_add_test(tc, attribute_length_field);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
