/* TFTP parser: RRQ/DATA/ACK from tcpdump-tftp.pcap (fields from `tshark -e tftp.opcode
 * -e tftp.source_file -e tftp.type -e tftp.block`) and RFC 1350 / RFC 2347 hand-built packets. */
#include "app-tftp.h"
#include "helper-app.h"

#include <stdlib.h>
#include <string.h>

/* tshark frame 1: opcode 1 (RRQ), source file "file1", type "octet". */
static const uint8_t rrq[] = {
    0x00, 0x01,                      /* opcode 1: RRQ */
    'f',  'i',  'l', 'e', '1', 0x00, /* file name */
    'o',  'c',  't', 'e', 't', 0x00, /* mode */
};

/* RFC 1350 5 ERROR: code 1 "File not found". */
static const uint8_t error_pkt[] = {
    0x00, 0x05, 0x00, 0x01, 'F', 'i', 'l', 'e', ' ',  'n',
    'o',  't',  ' ',  'f',  'o', 'u', 'n', 'd', 0x00,
};

static sw_app_result parse_only(const uint8_t *buf, size_t len)
{
    sw_tftp_packet p;
    sw_app_result r = sw_tftp_parse(buf, len, &p);
    ck_assert(strlen(p.filename) + strlen(p.mode) + strlen(p.error_msg) <= len);
    return r;
}

START_TEST(rrq_from_capture)
{
    sw_tftp_packet p;
    sw_app_result r = sw_tftp_parse(rrq, sizeof(rrq), &p);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(p.opcode, SW_TFTP_RRQ);
    ck_assert_str_eq(p.filename, "file1");
    ck_assert_str_eq(p.mode, "octet");
    ck_assert_uint_eq(p.n_options, 0);
}
END_TEST

START_TEST(data_and_ack)
{
    /* tshark frames 2 and 3: DATA block 1 ("#! /bin/sh" ...), ACK block 1. */
    const uint8_t data[] = {0x00, 0x03, 0x00, 0x01, '#', '!', ' ', '/'};
    const uint8_t ack[] = {0x00, 0x04, 0x00, 0x01};
    sw_tftp_packet p;
    ck_assert_int_eq(sw_tftp_parse(data, sizeof(data), &p).status, SW_APP_OK);
    ck_assert_uint_eq(p.block, 1);
    ck_assert_uint_eq(p.payload_off, 4);
    ck_assert_uint_eq(p.payload_len, 4);
    ck_assert_int_eq(sw_tftp_parse(ack, sizeof(ack), &p).status, SW_APP_OK);
    ck_assert_uint_eq(p.opcode, SW_TFTP_ACK);
    ck_assert_uint_eq(p.block, 1);
}
END_TEST

START_TEST(error_and_oack)
{
    sw_tftp_packet p;
    ck_assert_int_eq(sw_tftp_parse(error_pkt, sizeof(error_pkt), &p).status, SW_APP_OK);
    ck_assert_uint_eq(p.error_code, 1);
    ck_assert_str_eq(p.error_msg, "File not found");
    /* RFC 2347 OACK: "blksize" "1428" "tsize" "0". */
    const uint8_t oack[] = {0,   6,   'b', 'l', 'k', 's', 'i', 'z', 'e', 0,   '1', '4',
                            '2', '8', 0,   't', 's', 'i', 'z', 'e', 0,   '0', 0};
    ck_assert_int_eq(sw_tftp_parse(oack, sizeof(oack), &p).status, SW_APP_OK);
    ck_assert_uint_eq(p.n_options, 2);
}
END_TEST

START_TEST(every_truncation)
{
    sw_app_check_prefixes(rrq, sizeof(rrq), parse_only, SW_APP_EV_TFTP_TRUNC);
    sw_app_check_prefixes(error_pkt, sizeof(error_pkt), parse_only, SW_APP_EV_TFTP_TRUNC);
    const uint8_t ack[] = {0x00, 0x04, 0x00, 0x01};
    sw_app_check_prefixes(ack, sizeof(ack), parse_only, SW_APP_EV_TFTP_TRUNC);
}
END_TEST

START_TEST(bad_opcodes)
{
    static const uint32_t bad[] = {0, 7, 0xffff};
    sw_app_expect_malformed(rrq, sizeof(rrq), 0, 2, bad, 3, parse_only, SW_APP_EV_TFTP_BAD_OPCODE);
}
END_TEST

START_TEST(unterminated_long_name)
{
    /* A file name with no NUL within SW_TFTP_NAME_MAX bytes is refused, not scanned on. */
    size_t len = 2 + SW_TFTP_NAME_MAX + 10;
    uint8_t *buf = malloc(len);
    ck_assert_ptr_nonnull(buf);
    memset(buf, 'A', len);
    buf[0] = 0;
    buf[1] = SW_TFTP_WRQ;
    sw_tftp_packet p;
    sw_app_result r = sw_tftp_parse(buf, len, &p);
    ck_assert_int_eq(r.status, SW_APP_MALFORMED);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_TFTP_STRING_TOO_LONG), 1);
    free(buf);
}
END_TEST

START_TEST(too_many_options)
{
    uint8_t buf[2 + 4 * (SW_TFTP_MAX_OPTIONS + 1)];
    buf[0] = 0;
    buf[1] = SW_TFTP_OACK;
    for (size_t i = 2; i < sizeof(buf); i += 2) {
        buf[i] = 'x';
        buf[i + 1] = 0;
    }
    sw_tftp_packet p;
    sw_app_result r = sw_tftp_parse(buf, sizeof(buf), &p);
    ck_assert_int_eq(r.status, SW_APP_MALFORMED);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_TFTP_TOO_MANY_OPTIONS), 1);
    ck_assert_uint_eq(p.n_options, SW_TFTP_MAX_OPTIONS);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("app-tftp");
    TCase *tc = tcase_create("packets");
    tcase_add_test(tc, rrq_from_capture);
    tcase_add_test(tc, data_and_ack);
    tcase_add_test(tc, error_and_oack);
    tcase_add_test(tc, every_truncation);
    tcase_add_test(tc, bad_opcodes);
    tcase_add_test(tc, unterminated_long_name);
    tcase_add_test(tc, too_many_options);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
