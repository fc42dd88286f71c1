/* DNS parser: a real response (zeek-NTP_sync.pcap frame 2; expected values from `tshark -e dns.id
 * -e dns.flags -e dns.qry.name -e dns.qry.type -e dns.count.answers -e dns.a -e dns.resp.ttl`)
 * and RFC 1035 hand-built messages for compression, caps and TCP framing. */
#include "app-dns.h"
#include "helper-app.h"

#include <stdlib.h>
#include <string.h>

/* tshark: id 0x002b, flags 0x8180, rcode 0, us.pool.ntp.org type 1, 15 answers, first A
 * 67.129.68.9 ttl 3463 (header, question and the first two answers only, counts set to match). */
static const uint8_t response[] = {
    0x00, 0x2b,                                     /* id */
    0x81, 0x80,                                     /* QR=1 opcode 0 RD=1 RA=1 rcode 0 */
    0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, /* QD=1 AN=2 NS=0 AR=0 */
    0x02, 'u',  's',  0x04, 'p',  'o',  'o',  'l',  0x03, 'n',  't',
    'p',  0x03, 'o',  'r',  'g',  0x00, 0x00, 0x01, 0x00, 0x01, /* A, IN */
    0xc0, 0x0c,                                     /* pointer to offset 12 (the qname) */
    0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x0d, 0x87, /* A, IN, TTL 3463 */
    0x00, 0x04, 0x43, 0x81, 0x44, 0x09,             /* RDLENGTH 4, 67.129.68.9 */
    0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x0d, 0x87, 0x00,
    0x04, 0x45, 0x2c, 0x39, 0x3c, /* 69.44.57.60 */
};

static sw_app_result parse_only(const uint8_t *buf, size_t len)
{
    sw_dns_message m;
    sw_app_result r = sw_dns_parse_udp(buf, len, &m);
    /* The question ends at byte 33 and the answers at 49 and 65: none may appear earlier. */
    ck_assert(len >= 33 || m.n_questions == 0);
    ck_assert(len >= 49 || m.n_answers == 0);
    ck_assert(len >= 65 || m.n_answers <= 1);
    return r;
}

static sw_app_result parse_tcp_only(const uint8_t *buf, size_t len)
{
    sw_dns_message m;
    return sw_dns_parse_tcp(buf, len, &m);
}

START_TEST(response_from_capture)
{
    sw_dns_message m;
    sw_app_result r = sw_dns_parse_udp(response, sizeof(response), &m);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(m.id, 0x002b);
    ck_assert_uint_eq(m.flags, 0x8180);
    ck_assert_uint_eq(m.qr, 1);
    ck_assert_uint_eq(m.rd, 1);
    ck_assert_uint_eq(m.ra, 1);
    ck_assert_uint_eq(m.rcode, 0);
    ck_assert_uint_eq(m.n_questions, 1);
    ck_assert_str_eq(m.questions[0].name, "us.pool.ntp.org");
    ck_assert_uint_eq(m.questions[0].qtype, 1);
    ck_assert_uint_eq(m.n_answers, 2);
    char text[64];
    ck_assert_str_eq(sw_ip_format(&m.answers[0].addr, text, sizeof(text)), "67.129.68.9");
    ck_assert_str_eq(sw_ip_format(&m.answers[1].addr, text, sizeof(text)), "69.44.57.60");
    ck_assert_uint_eq(m.answers[0].ttl, 3463);
}
END_TEST

START_TEST(full_capture_payload)
{
    /* The whole UDP payload of frame 2: 15 A answers, then authority/additional (not read). */
    uint8_t buf[512];
    size_t n = sw_app_unhex(
        "002b81800001000f0006000202757304706f6f6c036e7470036f72670000010001c00c0001000100000d870004"
        "43814409c00c0001000100000d870004452c393cc00c0001000100000d870004cfead1b5c00c000100010000"
        "0d870004d184b004c00c0001000100000d870004d81bb92ac00c0001000100000d87000418224f2ac00c0001"
        "000100000d870004187bcae6c00c0001000100000d8700043fa43ef9c00c0001000100000d8700044070bd0b"
        "c00c0001000100000d870004417de9cec00c0001000100000d8700044221ce05c00c0001000100000d870004"
        "4221d80bc00c0001000100000d870004425c44f6c00c0001000100000d870004426f2ec8c00c000100010000"
        "0d8700044273880404",
        buf, sizeof(buf));
    sw_dns_message m;
    ck_assert_int_eq(sw_dns_parse_udp(buf, n, &m).status, SW_APP_OK);
    ck_assert_uint_eq(m.ancount, 15);
    ck_assert_uint_eq(m.n_answers, 15);
    char text[64];
    ck_assert_str_eq(sw_ip_format(&m.answers[14].addr, text, sizeof(text)), "66.115.136.4");
}
END_TEST

START_TEST(every_truncation)
{
    sw_app_check_prefixes(response, sizeof(response), parse_only, SW_APP_EV_DNS_TRUNC);
}
END_TEST

START_TEST(compression_must_point_backwards)
{
    static const uint8_t self_loop[] = {
        0,    1,    0, 0, 0, 1, 0, 0, 0, 0, 0, 0, /* one question */
        0xc0, 0x0c,                               /* pointer to itself */
        0,    1,    0, 1,
    };
    static const uint8_t forward[] = {
        0,    1,   0,    0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 0x0e, /* pointer forward to 14 */
        0x01, 'a', 0x00, 0, 1, 0, 1,
    };
    /* a -> b -> a: "x" then a pointer back to 12, whose label is followed by a pointer to 14. */
    static const uint8_t two_step[] = {
        0,    1,    0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x01, 'x', 0xc0, 0x10, /* 12: "x", ptr 16 */
        0xc0, 0x0c,                                                      /* 16: ptr to 12 */
        0,    1,    0, 1,
    };
    const uint8_t *cases[] = {self_loop, forward, two_step};
    size_t lens[] = {sizeof(self_loop), sizeof(forward), sizeof(two_step)};
    for (int i = 0; i < 3; i++) {
        sw_dns_message m;
        sw_app_result r = sw_dns_parse_udp(cases[i], lens[i], &m);
        ck_assert_msg(r.status == SW_APP_MALFORMED, "case %d", i);
        ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_DNS_COMPRESSION_LOOP), 1);
    }
}
END_TEST

START_TEST(label_and_name_caps)
{
    /* A 0x40 length byte is an extended label type (RFC 6891 5), not a 64-byte label. */
    static const uint8_t ext_label[] = {0, 1, 0,    0,   0, 1, 0, 0, 0, 0,
                                        0, 0, 0x40, 'a', 0, 0, 1, 0, 1};
    sw_dns_message m;
    sw_app_result r = sw_dns_parse_udp(ext_label, sizeof(ext_label), &m);
    ck_assert_int_eq(r.status, SW_APP_MALFORMED);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_DNS_LABEL_TOO_LONG), 1);
    /* Five 63-byte labels: 5 * 64 + 1 = 321 octets > 255 (RFC 1035 2.3.4). */
    uint8_t big[12 + 5 * 64 + 1 + 4] = {0, 1, 0, 0, 0, 1};
    for (int l = 0; l < 5; l++) {
        big[12 + 64 * l] = 63;
        memset(big + 13 + 64 * l, 'a', 63);
    }
    r = sw_dns_parse_udp(big, sizeof(big), &m);
    ck_assert_int_eq(r.status, SW_APP_MALFORMED);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_DNS_NAME_TOO_LONG), 1);
}
END_TEST

START_TEST(record_count_cap)
{
    /* QDCOUNT 65535 of root-name questions: the walk stops at the cap, counted. */
    uint8_t msg[12 + 5 * (SW_DNS_MAX_RECORDS + 1)] = {0, 1, 0, 0, 0xff, 0xff};
    for (size_t i = 12; i + 5 <= sizeof(msg); i += 5) {
        msg[i] = 0;
        msg[i + 2] = 1;
        msg[i + 4] = 1;
    }
    sw_dns_message m;
    sw_app_result r = sw_dns_parse_udp(msg, sizeof(msg), &m);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_DNS_TOO_MANY_RECORDS), 1);
    ck_assert_uint_eq(m.n_questions, SW_DNS_MAX_QUESTIONS);
}
END_TEST

START_TEST(rdlength_values)
{
    /* RDLENGTH of the first answer (offset 43): 0, 1 and 16 contradict type A; the maximum and
     * remaining+1 run past the message (trunc: a datagram cut short looks the same). */
    static const uint32_t wrong[] = {0, 1, 16};
    sw_app_expect_malformed(response, sizeof(response), 43, 2, wrong, 3, parse_only,
                            SW_APP_EV_DNS_MALFORMED);
    static const uint32_t past[] = {0xffff, sizeof(response) - 45 + 1};
    for (int i = 0; i < 2; i++) {
        uint8_t *p = sw_app_patched(response, sizeof(response), 43, 2, past[i]);
        sw_dns_message m;
        sw_app_result r = sw_dns_parse_udp(p, sizeof(response), &m);
        ck_assert_int_eq(r.status, SW_APP_INCOMPLETE);
        ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_DNS_TRUNC), 1);
        free(p);
    }
}
END_TEST

START_TEST(tcp_framing)
{
    uint8_t framed[2 + sizeof(response) + 3];
    framed[0] = 0;
    framed[1] = sizeof(response);
    memcpy(framed + 2, response, sizeof(response));
    memset(framed + 2 + sizeof(response), 0, 3); /* start of the next message */
    sw_dns_message m;
    sw_app_result r = sw_dns_parse_tcp(framed, sizeof(framed), &m);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(r.consumed, 2 + sizeof(response));
    ck_assert_str_eq(m.questions[0].name, "us.pool.ntp.org");
    r = sw_dns_parse_tcp(framed, 2 + sizeof(response) - 1, &m);
    ck_assert_int_eq(r.status, SW_APP_INCOMPLETE);
    ck_assert_uint_eq(r.needed, 1);
    static const uint32_t small[] = {0, 1, 11};
    sw_app_expect_malformed(framed, sizeof(framed), 0, 2, small, 3, parse_tcp_only,
                            SW_APP_EV_DNS_MALFORMED);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("app-dns");
    TCase *tc = tcase_create("messages");
    tcase_add_test(tc, response_from_capture);
    tcase_add_test(tc, full_capture_payload);
    tcase_add_test(tc, every_truncation);
    tcase_add_test(tc, compression_must_point_backwards);
    tcase_add_test(tc, label_and_name_caps);
    tcase_add_test(tc, record_count_cap);
    tcase_add_test(tc, rdlength_values);
    tcase_add_test(tc, tcp_framing);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
