/* Syslog framing: RFC 5424 header fields and RFC 6587 octet counting, checked against strings
 * written by hand from the RFC grammar (section 6 of RFC 5424, section 3.4.1 of RFC 6587). */
#include "output-int.h"
#include "sw-test.h"

#include <stdlib.h>
#include <string.h>

static const char ALERT_JSON[] = "{\"event_type\":\"alert\"}";

static char *frame(sw_syslog_protocol proto, int facility, const json_t *rec, const char *json)
{
    sw_output_net_options opt = {0};
    opt.protocol = proto;
    opt.facility = facility;
    sw_line line = {NULL, 0};
    ck_assert_int_eq(sw_syslog_frame(&opt, "rtr-sensor1", 4242, rec, json, strlen(json), &line),
                     SW_OK);
    char *text = malloc(line.len + 1);
    memcpy(text, line.data, line.len);
    text[line.len] = '\0';
    ck_assert_uint_eq(strlen(text), line.len); /* no NUL inside the frame */
    free(line.data);
    return text;
}

START_TEST(alert_header_fields)
{
    json_t *rec = json_pack("{s:s, s:s, s:{s:i}}", "timestamp", "2019-12-09T06:33:58.827155+0000",
                            "event_type", "alert", "alert", "severity", 1);
    /* PRI = 16 (local0) * 8 + 2 (critical, EVE severity 1) = 130; VERSION 1; the timestamp's
     * offset gains its colon (TIME-NUMOFFSET); APP-NAME seawall; PROCID the pid; MSGID the event
     * type; no STRUCTURED-DATA ("-"); then the JSON as MSG. */
    char *got = frame(SW_SYSLOG_UDP, 16, rec, ALERT_JSON);
    ck_assert_str_eq(got,
                     "<130>1 2019-12-09T06:33:58.827155+00:00 rtr-sensor1 seawall 4242 alert - "
                     "{\"event_type\":\"alert\"}");
    free(got);
    json_decref(rec);
}
END_TEST

START_TEST(severity_and_facility)
{
    json_t *low = json_pack("{s:s, s:{s:i}}", "event_type", "alert", "alert", "severity", 3);
    json_t *flow = json_pack("{s:s}", "event_type", "flow");
    char *a = frame(SW_SYSLOG_LOCAL, 4, low, "{}");   /* auth (4): 4*8 + warning (4) = 36 */
    char *f = frame(SW_SYSLOG_LOCAL, 23, flow, "{}"); /* local7 (23): 23*8 + info (6) = 190 */
    ck_assert_str_eq(a, "<36>1 - rtr-sensor1 seawall 4242 alert - {}");
    ck_assert_str_eq(f, "<190>1 - rtr-sensor1 seawall 4242 flow - {}");
    free(a);
    free(f);
    json_decref(low);
    json_decref(flow);
}
END_TEST

START_TEST(tcp_octet_counting)
{
    json_t *flow = json_pack("{s:s}", "event_type", "flow");
    char *got = frame(SW_SYSLOG_TCP, 16, flow, "{\"a\":1}");
    /* "<134>1 - rtr-sensor1 seawall 4242 flow - {"a":1}" is 48 octets (6+2+12+8+5+5+2+1+7): MSG-LEN
     * SP SYSLOG-MSG. */
    ck_assert_str_eq(got, "48 <134>1 - rtr-sensor1 seawall 4242 flow - {\"a\":1}");
    free(got);
    json_decref(flow);
}
END_TEST

START_TEST(bad_fields_become_nil_or_printable)
{
    /* A malformed timestamp is NILVALUE; MSGID keeps only PRINTUSASCII and at most 32 of them. */
    json_t *rec = json_pack("{s:s, s:s}", "timestamp", "2019-12-09 06:33:58", "event_type",
                            "an event type with spaces that is far too long for a msgid");
    char *got = frame(SW_SYSLOG_UDP, 16, rec, "{}");
    ck_assert_str_eq(got, "<134>1 - rtr-sensor1 seawall 4242 "
                          "aneventtypewithspacesthatisfarto - {}");
    free(got);
    json_decref(rec);
}
END_TEST

START_TEST(udp_refuses_oversized)
{
    size_t n = 70000;
    char *big = malloc(n + 1);
    memset(big, 'x', n);
    big[n] = '\0';
    json_t *flow = json_pack("{s:s}", "event_type", "flow");
    sw_output_net_options opt = {0};
    opt.protocol = SW_SYSLOG_UDP;
    sw_line line = {NULL, 0};
    /* RFC 5426 section 3.2: one message per datagram, so over 65507 octets cannot go. */
    ck_assert_int_eq(sw_syslog_frame(&opt, "h", 1, flow, big, n, &line), SW_ERR_LIMIT);
    opt.protocol = SW_SYSLOG_TCP;
    ck_assert_int_eq(sw_syslog_frame(&opt, "h", 1, flow, big, n, &line), SW_OK);
    free(line.data);
    free(big);
    json_decref(flow);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("output-syslog");
    TCase *tc = tcase_create("framing");
    tcase_add_test(tc, alert_header_fields);
    tcase_add_test(tc, severity_and_facility);
    tcase_add_test(tc, tcp_octet_counting);
    tcase_add_test(tc, bad_fields_become_nil_or_printable);
    tcase_add_test(tc, udp_refuses_oversized);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
