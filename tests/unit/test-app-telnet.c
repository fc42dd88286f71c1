/* Telnet greeting parser (RFC 854/855) against hand-built greetings and sv-telnet.pcap.
 *
 * sv-telnet.pcap (OISF/suricata-verify tests/telnet/telnet-01): the server's stream is the
 * concatenation of `tshark -Y 'tcp.srcport==23 && frame.number<=27' -T fields -e tcp.payload`
 * (frames 5-27). tshark's Telnet dissector names its first negotiation "Do Authentication Option"
 * (253, 37) and frame 22's last "Won't Echo" (252, 1); frame 27's text is
 * "\r\nOpenBSD/i386 (oof) (ttyp2)\r\n\r\n" and frame 29 is "login: ". Counting the
 * WILL/WONT/DO/DONT entries tshark lists for frames 5-22 gives 16. */
#include "app-detect.h"
#include "app-telnet.h"
#include "helper-app.h"

#include <stdlib.h>
#include <string.h>

static const char sv_server_hex[] =
    "fffd25fffb03fffd18fffd1ffffd20fffd21fffd22fffa22010bfff0fffd27fffb05fffd23fffb26fffd26fffd24"
    "fffa2001fff0fffa2301fff0fffa2701fff0fffa1801fff0fffd01fffb01fffa2102fff0fffc01fffa22030580"
    "00118000128000fff00d0a4f70656e4253442f6933383620286f6f662920287474797032290d0a0d0a";

/* A Cisco IOS vty greeting: WILL ECHO (RFC 857), WILL SUPPRESS-GO-AHEAD (RFC 858), DO
 * TERMINAL-TYPE (RFC 1091, 24), DO NAWS (RFC 1073, 31), then the banner. */
static const char cisco_hex[] = "fffb01" /* IAC WILL ECHO */
                                "fffb03" /* IAC WILL SGA */
                                "fffd18" /* IAC DO TERMINAL-TYPE */
                                "fffd1f" /* IAC DO NAWS */
                                "0d0a0d0a"
                                "55736572204163636573732056657269666963617469"
                                "6f6e0d0a"; /* "User Access Verification\r\n" */

static uint8_t sv_server[512], cisco[128];
static size_t sv_len, cisco_len;

static void load(void)
{
    sv_len = sw_app_unhex(sv_server_hex, sv_server, sizeof(sv_server));
    cisco_len = sw_app_unhex(cisco_hex, cisco, sizeof(cisco));
}

static sw_app_result parse_text(const char *text, size_t len, int final, sw_telnet_greeting *g)
{
    uint8_t *copy = malloc(len ? len : 1);
    memcpy(copy, text, len);
    sw_app_result r = sw_telnet_parse_greeting(copy, len, final, g);
    free(copy);
    return r;
}

static sw_app_result parse_nothing_reported(const uint8_t *buf, size_t len)
{
    sw_telnet_greeting g;
    sw_app_result r = sw_telnet_parse_greeting(buf, len, 0, &g);
    ck_assert(g.banner[0] == '\0' && g.n_options == 0);
    return r;
}

START_TEST(capture_server_greeting)
{
    load();
    sw_telnet_greeting g;
    sw_app_result r = sw_telnet_parse_greeting(sv_server, sv_len, 0, &g);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_str_eq(g.banner, "OpenBSD/i386 (oof) (ttyp2)");
    ck_assert_uint_eq(r.consumed, sv_len - 2); /* the blank line after it is not the greeting */
    ck_assert_uint_eq(g.n_options, 16);
    ck_assert_uint_eq(g.options[0].command, 253);
    ck_assert_uint_eq(g.options[0].option, 37);
    ck_assert_uint_eq(g.options[1].command, 251);
    ck_assert_uint_eq(g.options[1].option, 3);
    ck_assert_uint_eq(g.options[15].command, 252);
    ck_assert_uint_eq(g.options[15].option, 1);
    ck_assert_uint_eq(r.n_events, 0);
    /* Frame 29 alone: a prompt ending the data is a whole greeting. */
    r = parse_text("login: ", 7, 0, &g);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_str_eq(g.banner, "login:");
    ck_assert_uint_eq(r.consumed, 7);
}
END_TEST

START_TEST(cisco_greeting)
{
    load();
    sw_telnet_greeting g;
    sw_app_result r = sw_telnet_parse_greeting(cisco, cisco_len, 0, &g);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_str_eq(g.banner, "User Access Verification");
    ck_assert_uint_eq(r.consumed, cisco_len);
    ck_assert_uint_eq(g.n_options, 4);
    ck_assert_uint_eq(g.options[3].command, 253);
    ck_assert_uint_eq(g.options[3].option, 31);
}
END_TEST

START_TEST(every_truncation)
{
    load();
    sw_app_check_prefixes(cisco, cisco_len, parse_nothing_reported, SW_APP_EV_TELNET_TRUNC);
    sw_app_check_prefixes(sv_server, sv_len - 2, parse_nothing_reported, SW_APP_EV_TELNET_TRUNC);
}
END_TEST

START_TEST(final_ends_the_greeting)
{
    const char neg[] = "\xff\xfb\x01\xff\xfb\x03";
    sw_telnet_greeting g;
    ck_assert_int_eq(parse_text(neg, 6, 0, &g).status, SW_APP_INCOMPLETE);
    sw_app_result r = parse_text(neg, 6, 1, &g);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(g.n_options, 2);
    ck_assert_str_eq(g.banner, "");
    /* Text without a line end or prompt, cut by the end of the capture. */
    r = parse_text("\r\nWelcome to rtr", 16, 1, &g);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_str_eq(g.banner, "Welcome to rtr");
    /* Nothing but blank lines is no greeting, even at the end. */
    r = parse_text("\r\n\r\n", 4, 1, &g);
    ck_assert_int_eq(r.status, SW_APP_INCOMPLETE);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_TELNET_TRUNC), 1);
}
END_TEST

START_TEST(banner_is_sanitised_and_bounded)
{
    /* TAB -> ' ', BEL -> '.', IAC IAC (a data byte 255) -> '.', a command inside the line. */
    const char text[] = "R1\t\x07\xff\xffx\xff\xf1y\r\n";
    sw_telnet_greeting g;
    sw_app_result r = parse_text(text, sizeof(text) - 1, 0, &g);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_str_eq(g.banner, "R1 ..xy");
    char line[400];
    memset(line, 'A', 300);
    memcpy(line + 300, "\r\n", 2);
    r = parse_text(line, 302, 0, &g);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(strlen(g.banner), SW_TELNET_BANNER_MAX);
    ck_assert_uint_eq(r.consumed, 302);
}
END_TEST

START_TEST(malformed_input)
{
    sw_telnet_greeting g;
    sw_app_result r = parse_text("\xff\x05", 2, 0, &g); /* 5 is no RFC 854 command */
    ck_assert_int_eq(r.status, SW_APP_MALFORMED);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_TELNET_BAD_COMMAND), 1);

    char sb[SW_TELNET_SUBNEG_MAX + 16];
    memset(sb, 'x', sizeof(sb));
    sb[0] = (char)0xff, sb[1] = (char)0xfa, sb[2] = 24;
    r = parse_text(sb, sizeof(sb), 0, &g);
    ck_assert_int_eq(r.status, SW_APP_MALFORMED);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_TELNET_SUBNEG_TOO_LONG), 1);
    /* One byte short of the cap and unterminated: still waiting. */
    r = parse_text(sb, SW_TELNET_SUBNEG_MAX, 0, &g);
    ck_assert_int_eq(r.status, SW_APP_INCOMPLETE);

    char nops[2 * (SW_TELNET_COMMANDS_MAX + 1)];
    for (size_t i = 0; i < sizeof(nops); i += 2)
        nops[i] = (char)0xff, nops[i + 1] = (char)0xf1; /* IAC NOP */
    r = parse_text(nops, sizeof(nops), 0, &g);
    ck_assert_int_eq(r.status, SW_APP_MALFORMED);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_TELNET_TOO_MANY_COMMANDS), 1);
    r = parse_text(nops, sizeof(nops) - 2, 1, &g); /* exactly the cap is fine */
    ck_assert_int_eq(r.status, SW_APP_OK);

    char line[SW_TELNET_LINE_MAX + 2];
    memset(line, 'A', sizeof(line));
    r = parse_text(line, sizeof(line), 0, &g);
    ck_assert_int_eq(r.status, SW_APP_MALFORMED);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_TELNET_LINE_TOO_LONG), 1);
    ck_assert_str_eq(g.banner, "");
}
END_TEST

START_TEST(too_many_options_are_counted_not_kept)
{
    char neg[3 * (SW_OBS_TELNET_MAX_OPTIONS + 2) + 8];
    size_t n = 0;
    for (int i = 0; i < SW_OBS_TELNET_MAX_OPTIONS + 2; i++) {
        neg[n++] = (char)0xff;
        neg[n++] = (char)0xfd;
        neg[n++] = (char)i;
    }
    memcpy(neg + n, "login: ", 7);
    sw_telnet_greeting g;
    sw_app_result r = parse_text(neg, n + 7, 0, &g);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(g.n_options, SW_OBS_TELNET_MAX_OPTIONS);
    ck_assert_uint_eq(g.n_commands, SW_OBS_TELNET_MAX_OPTIONS + 2);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_TELNET_TOO_MANY_OPTIONS), 1);
    ck_assert_str_eq(g.banner, "login:");
}
END_TEST

/* tcpdump's telnet-iac-check-oobr.pcap is one 65469-byte segment from port 23 repeating this
 * 27-byte unit (tshark -e tcp.payload): IAC DONT 36, a subnegotiation, and a second one that
 * runs into the next unit's IAC SE. 200 units hold 400+ commands, over the cap. */
START_TEST(tcpdump_oobr_regression)
{
    const char unit_hex[] = "fffe24fffa1801fff0fffa7bf500000101080a071da8d4593c88a8";
    uint8_t unit[64];
    size_t n = sw_app_unhex(unit_hex, unit, sizeof(unit));
    size_t len = n * 200;
    uint8_t *buf = malloc(len);
    for (size_t i = 0; i < 200; i++)
        memcpy(buf + i * n, unit, n);
    sw_telnet_greeting g;
    sw_app_result r = sw_telnet_parse_greeting(buf, len, 0, &g);
    ck_assert_int_eq(r.status, SW_APP_MALFORMED);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_TELNET_TOO_MANY_COMMANDS), 1);
    free(buf);
}
END_TEST

START_TEST(detection_by_content)
{
    load();
    ck_assert_int_eq(sw_app_detect(cisco, cisco_len, 0), SW_APP_TELNET);
    ck_assert_int_eq(sw_app_detect(sv_server, sv_len, 0), SW_APP_TELNET);
    ck_assert_int_eq(sw_app_detect(cisco, cisco_len, 1), SW_APP_UNKNOWN); /* not over UDP */
    ck_assert_int_eq(sw_app_detect(cisco, 2, 0), SW_APP_UNKNOWN);         /* IAC WILL, no option */
    const uint8_t iac_nop[] = {0xff, 0xf1, 0x00};
    ck_assert_int_eq(sw_telnet_looks_negotiation(iac_nop, 3), 0);
    const char *login = "\r\n\r\nUser Access Verification\r\n\r\nUsername: ";
    ck_assert(sw_telnet_looks_login((const uint8_t *)login, strlen(login)));
    ck_assert(sw_telnet_looks_login((const uint8_t *)"\r\nrtr1 login: ", 14));
    ck_assert(!sw_telnet_looks_login((const uint8_t *)"220 ready\r\n", 11));
    ck_assert(!sw_telnet_looks_login((const uint8_t *)"login:", 6));     /* no space yet */
    ck_assert(!sw_telnet_looks_login((const uint8_t *)": ", 2));         /* no word */
    ck_assert(!sw_telnet_looks_login((const uint8_t *)"Xlogin; ", 8));   /* not a colon */
    ck_assert(sw_telnet_looks_login((const uint8_t *)"Password: ", 10)); /* at the very start */
    ck_assert_str_eq(sw_app_proto_name(SW_APP_TELNET), "telnet");
    ck_assert_str_eq(sw_app_event_name(SW_APP_EV_TELNET_TRUNC), "app.telnet.trunc");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("app-telnet");
    TCase *tc = tcase_create("telnet");
    tcase_add_test(tc, capture_server_greeting);
    tcase_add_test(tc, cisco_greeting);
    tcase_add_test(tc, every_truncation);
    tcase_add_test(tc, final_ends_the_greeting);
    tcase_add_test(tc, banner_is_sanitised_and_bounded);
    tcase_add_test(tc, malformed_input);
    tcase_add_test(tc, too_many_options_are_counted_not_kept);
    tcase_add_test(tc, tcpdump_oobr_regression);
    tcase_add_test(tc, detection_by_content);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
