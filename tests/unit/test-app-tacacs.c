/* TACACS+ header parser against the FreeRADIUS test vectors in
 * testdata/mgmt/tacacs (their `match Packet = {...}` lines give the expected fields) and
 * RFC 8907 section 4.1. */
#include "app-tacacs.h"
#include "helper-app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sw_app_result parse_only(const uint8_t *buf, size_t len)
{
    sw_tacacs_header h;
    sw_app_result r = sw_tacacs_parse(buf, len, &h);
    if (len < SW_TACACS_HEADER_LEN) /* nothing may be reported from a partial header */
        ck_assert_uint_eq(h.session_id | h.length | h.type, 0);
    return r;
}

/* freeradius-tacacs-base.txt, "Authentication: Reply": c1 01 02 00 b7 0f c8 0e 00 00 00 06 */
static const uint8_t authen_reply[] = {
    0xc1,                   /* major 0xc (TAC_PLUS_MAJOR_VER), minor 1 */
    0x01,                   /* type 1: authentication */
    0x02,                   /* seq_no 2 */
    0x00,                   /* flags: none (body obfuscated) */
    0xb7, 0x0f, 0xc8, 0x0e, /* session_id 3071264782 */
    0x00, 0x00, 0x00, 0x06, /* length 6 */
    0x39, 0x51, 0x39, 0x56, 0xef, 0xf4,
};

START_TEST(authen_reply_fields)
{
    sw_tacacs_header h;
    sw_app_result r = sw_tacacs_parse(authen_reply, sizeof(authen_reply), &h);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(r.consumed, sizeof(authen_reply));
    ck_assert_uint_eq(h.version_major, 0xc);
    ck_assert_uint_eq(h.version_minor, 1);
    ck_assert_uint_eq(h.type, SW_TACACS_AUTHEN);
    ck_assert_uint_eq(h.seq_no, 2);
    ck_assert_uint_eq(h.flags, 0);
    ck_assert_uint_eq(h.unencrypted, 0);
    ck_assert_uint_eq(h.session_id, 3071264782u);
    ck_assert_uint_eq(h.length, 6);
}
END_TEST

/* Each vector's header as its `match Packet = { ... }` line documents it. */
static const struct {
    const char *hex;
    uint8_t minor, type, seq;
    uint32_t session, length;
} documented[] = {
    {"c1 01 01 00 b7 0f c8 0e 00 00 00 22 79 d2 9a 66 67 fe fe 87 04 af 61 7e cb 79 20 bb ca 61 "
     "cf 8b 25 ab 70 9e 68 af 9f d5 ae de c5 5d 5e 73",
     1, 1, 1, 3071264782u, 34},
    {"c0 02 01 00 e1 66 78 e6 00 00 00 35 4b c5 ea 62 13 cc ca a6 6a 03 3c 8e 3f c0 5a aa 46 da "
     "12 cd ee 48 62 69 67 9a b8 b4 db 70 98 30 b7 fc f6 93 09 d4 3f 2c a9 58 9e 3c 6a 0e d5 50 "
     "20 e6 a5 39 46",
     0, 2, 1, 3781589222u, 53},
    {"c0 02 02 00 e1 66 78 e6 00 00 00 13 02 59 f9 90 38 81 e1 bb 9d a6 13 93 fc 86 7e 4a 14 1c "
     "24",
     0, 2, 2, 3781589222u, 19},
    {"c0 03 02 00 07 9b 35 d9 00 00 00 05 49 d8 e5 4a 73", 0, 3, 2, 127612377u, 5},
};

START_TEST(freeradius_vectors)
{
    for (size_t i = 0; i < sizeof(documented) / sizeof(documented[0]); i++) {
        uint8_t buf[128];
        size_t n = sw_app_unhex(documented[i].hex, buf, sizeof(buf));
        sw_tacacs_header h;
        sw_app_result r = sw_tacacs_parse(buf, n, &h);
        ck_assert_int_eq(r.status, SW_APP_OK);
        ck_assert_uint_eq(r.consumed, n);
        ck_assert_uint_eq(h.version_minor, documented[i].minor);
        ck_assert_uint_eq(h.type, documented[i].type);
        ck_assert_uint_eq(h.seq_no, documented[i].seq);
        ck_assert_uint_eq(h.session_id, documented[i].session);
        ck_assert_uint_eq(h.length, documented[i].length);
    }
}
END_TEST

START_TEST(freeradius_error_headers)
{
    /* freeradius-tacacs-error.txt header cases and the verdict each must get. */
    static const struct {
        const char *hex;
        sw_app_status status;
        sw_app_event ev;
    } cases[] = {
        {"c0 01 01 01 00", SW_APP_INCOMPLETE, SW_APP_EV_TACACS_TRUNC},
        {"c0 01 01 01 00 00 00 01 00 00 00", SW_APP_INCOMPLETE, SW_APP_EV_TACACS_TRUNC},
        {"00 01 01 01 00 00 00 01 00 00 00 00", SW_APP_MALFORMED, SW_APP_EV_TACACS_BAD_VERSION},
        {"c2 01 01 01 00 00 00 01 00 00 00 00", SW_APP_MALFORMED, SW_APP_EV_TACACS_BAD_VERSION},
        {"d0 01 01 01 00 00 00 01 00 00 00 00", SW_APP_MALFORMED, SW_APP_EV_TACACS_BAD_VERSION},
        {"c0 01 01 01 00 00 00 01 01 00 00 00", SW_APP_MALFORMED,
         SW_APP_EV_TACACS_LENGTH_TOO_LARGE},
        {"c0 01 01 01 00 00 00 01 00 00 00 0a", SW_APP_INCOMPLETE, SW_APP_EV_TACACS_TRUNC},
        {"c0 00 01 01 00 00 00 01 00 00 00 00", SW_APP_MALFORMED, SW_APP_EV_TACACS_BAD_TYPE},
        {"c0 04 01 01 00 00 00 01 00 00 00 00", SW_APP_MALFORMED, SW_APP_EV_TACACS_BAD_TYPE},
        {"c0 ff 01 01 00 00 00 01 00 00 00 00", SW_APP_MALFORMED, SW_APP_EV_TACACS_BAD_TYPE},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint8_t buf[32];
        size_t n = sw_app_unhex(cases[i].hex, buf, sizeof(buf));
        sw_tacacs_header h;
        sw_app_result r = sw_tacacs_parse(buf, n, &h);
        ck_assert_msg(r.status == cases[i].status, "case %zu", i);
        ck_assert_uint_eq(sw_app_event_count(&r, cases[i].ev), 1);
    }
    /* "length 0 but 5 extra body bytes": on a stream the extra bytes are the next packet. */
    uint8_t buf[32];
    size_t n = sw_app_unhex("c0 01 01 01 00 00 00 01 00 00 00 00 01 02 03 04 05", buf, 32);
    sw_tacacs_header h;
    sw_app_result r = sw_tacacs_parse(buf, n, &h);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(r.consumed, 12);
    ck_assert_uint_eq(h.unencrypted, 1);
}
END_TEST

START_TEST(every_truncation)
{
    sw_app_check_prefixes(authen_reply, sizeof(authen_reply), parse_only, SW_APP_EV_TACACS_TRUNC);
}
END_TEST

START_TEST(length_field_values)
{
    /* 0: header only, complete. 1 and remaining+1 (7): body short, trunc. Max: refused. */
    static const uint32_t too_big[] = {SW_TACACS_MAX_BODY + 1, 0xffffffffu};
    sw_app_expect_malformed(authen_reply, sizeof(authen_reply), 8, 4, too_big, 2, parse_only,
                            SW_APP_EV_TACACS_LENGTH_TOO_LARGE);
    uint8_t *zero = sw_app_patched(authen_reply, sizeof(authen_reply), 8, 4, 0);
    sw_tacacs_header h;
    sw_app_result r = sw_tacacs_parse(zero, sizeof(authen_reply), &h);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(r.consumed, 12);
    free(zero);
    uint8_t *over = sw_app_patched(authen_reply, sizeof(authen_reply), 8, 4, 7);
    r = sw_tacacs_parse(over, sizeof(authen_reply), &h);
    ck_assert_int_eq(r.status, SW_APP_INCOMPLETE);
    ck_assert_uint_eq(r.needed, 1);
    free(over);
}
END_TEST

START_TEST(single_connect_flag)
{
    uint8_t *p = sw_app_patched(authen_reply, sizeof(authen_reply), 3, 1, 0x05);
    sw_tacacs_header h;
    sw_tacacs_parse(p, sizeof(authen_reply), &h);
    ck_assert_uint_eq(h.unencrypted, 1);
    ck_assert_uint_eq(h.single_connect, 1);
    free(p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("app-tacacs");
    TCase *tc = tcase_create("header");
    tcase_add_test(tc, authen_reply_fields);
    tcase_add_test(tc, freeradius_vectors);
    tcase_add_test(tc, freeradius_error_headers);
    tcase_add_test(tc, every_truncation);
    tcase_add_test(tc, length_field_values);
    tcase_add_test(tc, single_connect_flag);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
