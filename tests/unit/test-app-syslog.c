/* Syslog parser: messages from zeek-syslog-single-udp.pcap and tcpdump-syslog_udp.pcap
 * (facility/level from `tshark -e syslog.facility -e syslog.level -e syslog.msg`), RFC 5424
 * section 6.5 example 1, and PRI edge cases from RFC 5424 6.2.1. */
#include "app-syslog.h"
#include "helper-app.h"

#include <string.h>

static sw_app_result parse_only(const uint8_t *buf, size_t len)
{
    sw_syslog_message m;
    sw_app_result r = sw_syslog_parse(buf, len, &m);
    ck_assert(strlen(m.hostname) + strlen(m.app_name) + strlen(m.message) <= len);
    return r;
}

static sw_app_result parse_text(const char *text, sw_syslog_message *m)
{
    return sw_syslog_parse((const uint8_t *)text, strlen(text) + 1, m); /* with its NUL */
}

START_TEST(bsd_without_hostname)
{
    /* tshark: facility 16 (local0), level 5 (notice), msg "Apr  5 12:56:51 robin: Hello, ..." */
    sw_syslog_message m;
    sw_app_result r = parse_text("<133>Apr  5 12:56:51 robin: Hello, syslog!", &m);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_int_eq(m.format, SW_SYSLOG_RFC3164);
    ck_assert_uint_eq(m.facility, 16);
    ck_assert_uint_eq(m.severity, 5);
    ck_assert_str_eq(m.hostname, "");
    ck_assert_str_eq(m.app_name, "robin");
    ck_assert_str_eq(m.message, "Hello, syslog!");
}
END_TEST

START_TEST(bsd_with_hostname)
{
    /* tcpdump-syslog_udp.pcap frame 1: facility 0, level 5, "through logger: test message 21" */
    sw_syslog_message m;
    ck_assert_int_eq(parse_text("<5>Sep 12 19:16:12 through logger: test message 21", &m).status,
                     SW_APP_OK);
    ck_assert_uint_eq(m.facility, 0);
    ck_assert_uint_eq(m.severity, 5);
    ck_assert_str_eq(m.hostname, "through");
    ck_assert_str_eq(m.app_name, "logger");
    ck_assert_str_eq(m.message, "test message 21");
}
END_TEST

START_TEST(rfc5424_example)
{
    /* RFC 5424 6.5 example 1 (BOM dropped): facility 4, severity 2. */
    sw_syslog_message m;
    ck_assert_int_eq(parse_text("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 "
                                "- 'su root' failed for lonvick on /dev/pts/8",
                                &m)
                         .status,
                     SW_APP_OK);
    ck_assert_int_eq(m.format, SW_SYSLOG_RFC5424);
    ck_assert_uint_eq(m.facility, 4);
    ck_assert_uint_eq(m.severity, 2);
    ck_assert_str_eq(m.hostname, "mymachine.example.com");
    ck_assert_str_eq(m.app_name, "su");
}
END_TEST

START_TEST(pri_rules)
{
    sw_syslog_message m;
    ck_assert_int_eq(parse_text("<0>x", &m).status, SW_APP_OK);
    ck_assert_int_eq(parse_text("<191>x", &m).status, SW_APP_OK);
    ck_assert_uint_eq(m.facility, 23);
    ck_assert_uint_eq(m.severity, 7);
    static const char *const bad[] = {"<192>x", "<05>x", "<1234>x", "<>x", "<a>x", "hello"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        sw_app_result r = parse_text(bad[i], &m);
        ck_assert_msg(r.status == SW_APP_MALFORMED, "%s", bad[i]);
        ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_SYSLOG_BAD_PRI), 1);
    }
}
END_TEST

START_TEST(truncated_pri)
{
    /* Only cuts inside "<133>" are trunc; later cuts are shorter but whole messages. */
    sw_app_check_prefixes((const uint8_t *)"<133>", 5, parse_only, SW_APP_EV_SYSLOG_TRUNC);
    const char *msg = "<133>Apr  5 12:56:51 robin: Hello, syslog!";
    for (size_t cut = 5; cut < strlen(msg); cut++) {
        sw_app_result r = parse_only((const uint8_t *)msg, cut);
        ck_assert_int_eq(r.status, SW_APP_OK);
    }
}
END_TEST

START_TEST(long_message_is_capped)
{
    char buf[SW_SYSLOG_MSG_MAX + 64];
    memset(buf, 'm', sizeof(buf) - 1);
    memcpy(buf, "<13>", 4);
    buf[sizeof(buf) - 1] = '\0';
    sw_syslog_message m;
    sw_app_result r = parse_text(buf, &m);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(m.message_truncated, 1);
    ck_assert_uint_eq(strlen(m.message), SW_SYSLOG_MSG_MAX - 1);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_SYSLOG_MSG_TOO_LONG), 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("app-syslog");
    TCase *tc = tcase_create("messages");
    tcase_add_test(tc, bsd_without_hostname);
    tcase_add_test(tc, bsd_with_hostname);
    tcase_add_test(tc, rfc5424_example);
    tcase_add_test(tc, pri_rules);
    tcase_add_test(tc, truncated_pri);
    tcase_add_test(tc, long_message_is_capped);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
