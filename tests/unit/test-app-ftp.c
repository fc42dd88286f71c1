/* FTP control-line parser. Lines come from real captures, read with
 *   tshark -r F -Y ftp -T fields -e ftp.request.command -e ftp.request.arg -e ftp.response.code
 *     -e ftp.response.arg -e ftp.active.cip -e ftp.active.port -e ftp.passive.ip
 *     -e ftp.passive.port -e ftp.epsv.port -e ftp.eprt.ip -e ftp.eprt.port
 * and the expected fields are tshark's; the rest are RFC 959 / RFC 2428 examples by hand. */
#include "app-ftp.h"
#include "helper-app.h"

#include <string.h>

static sw_ftp_command cmd(const char *line, sw_app_result *r)
{
    sw_ftp_command c;
    *r = sw_ftp_parse_command((const uint8_t *)line, strlen(line), &c);
    return c;
}

static sw_ftp_reply reply(const char *line, sw_app_result *r)
{
    sw_ftp_reply p;
    *r = sw_ftp_parse_reply((const uint8_t *)line, strlen(line), &p);
    return p;
}

static const char *ip_text(const sw_ip *ip)
{
    static char buf[64];
    return sw_ip_format(ip, buf, sizeof(buf));
}

START_TEST(port_command)
{
    /* sv-ftp-active-mode.pcap: PORT 127,0,0,1,156,67 -> ftp.active.cip 127.0.0.1, port 40003 */
    sw_app_result r;
    sw_ftp_command c = cmd("PORT 127,0,0,1,156,67\r\n", &r);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(r.consumed, 23);
    ck_assert_str_eq(c.command, "PORT");
    ck_assert(c.endpoint.valid);
    ck_assert_str_eq(ip_text(&c.endpoint.addr), "127.0.0.1");
    ck_assert_uint_eq(c.endpoint.port, 40003);
}
END_TEST

START_TEST(eprt_ipv6)
{
    /* zeek-ftp-ipv6.pcap: EPRT |2|2001:470:1f11:81f:c999:d94:aa7c:2e3e|49189| */
    sw_app_result r;
    sw_ftp_command c = cmd("EPRT |2|2001:470:1f11:81f:c999:d94:aa7c:2e3e|49189|\r\n", &r);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(r.n_events, 0);
    ck_assert_str_eq(ip_text(&c.endpoint.addr), "2001:470:1f11:81f:c999:d94:aa7c:2e3e");
    ck_assert_uint_eq(c.endpoint.port, 49189);
    /* RFC 2428 2's own example. */
    c = cmd("EPRT |1|132.235.1.2|6275|\r\n", &r);
    ck_assert_str_eq(ip_text(&c.endpoint.addr), "132.235.1.2");
    ck_assert_uint_eq(c.endpoint.port, 6275);
}
END_TEST

START_TEST(passive_replies)
{
    /* sv-ftp-download-passive.pcap: 227 ... (172,23,0,2,82,9) -> 172.23.0.2 port 21001 */
    sw_app_result r;
    sw_ftp_reply p = reply("227 Entering Passive Mode (172,23,0,2,82,9).\r\n", &r);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(p.code, 227);
    ck_assert_str_eq(ip_text(&p.endpoint.addr), "172.23.0.2");
    ck_assert_uint_eq(p.endpoint.port, 21001);
    /* sv-ftp-epsv.pcap: 229 Entering Extended Passive Mode (|||58612|) -> ftp.epsv.port 58612 */
    p = reply("229 Entering Extended Passive Mode (|||58612|)\r\n", &r);
    ck_assert_uint_eq(p.code, 229);
    ck_assert(p.endpoint.valid);
    ck_assert_uint_eq(p.endpoint.addr.family, 0);
    ck_assert_uint_eq(p.endpoint.port, 58612);
}
END_TEST

START_TEST(commands_and_pass_redaction)
{
    sw_app_result r;
    sw_ftp_command c = cmd("stor README\r\n", &r); /* RFC 959 5.3.1: case-insensitive */
    ck_assert_str_eq(c.command, "STOR");
    ck_assert_str_eq(c.argument, "README");
    c = cmd("PASS secret\r\n", &r);
    ck_assert_str_eq(c.argument, "***");
    c = cmd("QUIT\n", &r); /* bare LF */
    ck_assert_str_eq(c.command, "QUIT");
    ck_assert_str_eq(c.argument, "");
    ck_assert_uint_eq(r.consumed, 5);
}
END_TEST

START_TEST(reply_codes)
{
    sw_app_result r;
    sw_ftp_reply p = reply("220-Welcome\r\n", &r);
    ck_assert_uint_eq(p.code, 220);
    ck_assert(p.multiline);
    p = reply(" continuation\r\n", &r);
    ck_assert_uint_eq(p.code, 0);
    ck_assert_uint_eq(r.n_events, 0);
    /* zeek-ftp-invalid-reply-code.pcap style: a code outside 100..599 */
    p = reply("999 odd\r\n", &r);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_FTP_BAD_REPLY), 1);
    p = reply("22 short\r\n", &r);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_FTP_BAD_REPLY), 1);
}
END_TEST

START_TEST(bad_addresses)
{
    static const char *const bad[] = {
        "PORT 127,0,0,1,156\r\n",      /* five numbers */
        "PORT 256,0,0,1,1,1\r\n",      /* RFC 959 4.1.2: each field is 8 bits */
        "EPRT |1|not-an-ip|21|\r\n",   /* RFC 2428 2 */
        "EPRT |1|10.0.0.1|70000|\r\n", /* port over 65535 */
        "EPRT |1||21|\r\n",            /* EPRT needs an address */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        sw_app_result r;
        sw_ftp_command c = cmd(bad[i], &r);
        ck_assert_int_eq(r.status, SW_APP_OK);
        ck_assert_msg(sw_app_event_count(&r, SW_APP_EV_FTP_BAD_ADDRESS) == 1, "%s", bad[i]);
        ck_assert(!c.endpoint.valid);
    }
    sw_app_result r;
    reply("227 Entering Passive Mode\r\n", &r);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_FTP_BAD_ADDRESS), 1);
    reply("229 Entering Extended Passive Mode (|||0|)\r\n", &r);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_FTP_BAD_ADDRESS), 1);
}
END_TEST

static sw_app_result parse_command_only(const uint8_t *buf, size_t len)
{
    sw_ftp_command c;
    return sw_ftp_parse_command(buf, len, &c);
}

static sw_app_result parse_reply_only(const uint8_t *buf, size_t len)
{
    sw_ftp_reply p;
    return sw_ftp_parse_reply(buf, len, &p);
}

START_TEST(every_truncation)
{
    static const char c1[] = "STOR running-config\r\n";
    static const char r1[] = "227 Entering Passive Mode (172,23,0,2,82,9).\r\n";
    sw_app_check_prefixes((const uint8_t *)c1, sizeof(c1) - 1, parse_command_only,
                          SW_APP_EV_FTP_TRUNC);
    sw_app_check_prefixes((const uint8_t *)r1, sizeof(r1) - 1, parse_reply_only,
                          SW_APP_EV_FTP_TRUNC);
}
END_TEST

START_TEST(line_cap)
{
    static uint8_t line[SW_FTP_LINE_MAX + 1];
    memset(line, 'A', sizeof(line));
    sw_ftp_command c;
    /* SW_FTP_LINE_MAX bytes without LF: too long; one fewer is still waiting. */
    sw_app_result r = sw_ftp_parse_command(line, SW_FTP_LINE_MAX, &c);
    ck_assert_int_eq(r.status, SW_APP_MALFORMED);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_FTP_LINE_TOO_LONG), 1);
    r = sw_ftp_parse_command(line, SW_FTP_LINE_MAX - 1, &c);
    ck_assert_int_eq(r.status, SW_APP_INCOMPLETE);
    line[SW_FTP_LINE_MAX - 1] = '\n';
    r = sw_ftp_parse_command(line, SW_FTP_LINE_MAX, &c);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(strlen(c.command), SW_FTP_COMMAND_MAX - 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("app-ftp");
    TCase *tc = tcase_create("lines");
    tcase_add_test(tc, port_command);
    tcase_add_test(tc, eprt_ipv6);
    tcase_add_test(tc, passive_replies);
    tcase_add_test(tc, commands_and_pass_redaction);
    tcase_add_test(tc, reply_codes);
    tcase_add_test(tc, bad_addresses);
    tcase_add_test(tc, every_truncation);
    tcase_add_test(tc, line_cap);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
