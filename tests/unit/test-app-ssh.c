/* SSH banner and KEXINIT parser against zeek-ssh-single-conn.pcap.
 *
 * Banners: tshark `-e ssh.protocol` gives "SSH-1.99-OpenSSH_3.9p1" (frame 4, server) and
 * "SSH-2.0-OpenSSH_3.8.1p1" (frame 6, client). KEXINIT: frames 8 (client) and 9 (server),
 * `-e tcp.payload`. Expected HASSH: tshark `-e ssh.kex.hassh` = c4fd9343cba76d12f0dd523fbe7c4da1
 * and `-e ssh.kex.hasshserver` = f430cd6761697a6a658ee1d45ed22e49; both re-derived with
 * `echo -n "<kex;enc;mac;cmp from ssh.kex.hassh_algorithms>" | md5sum`. */
#include "app-ssh.h"
#include "helper-app.h"

#include <stdlib.h>
#include <string.h>

static const char client_kexinit_hex[] =
    "0000025c07147804f8bb207281ea50847685da5167970000003d6469666669652d68656c6c6d616e2d67726f75"
    "702d65786368616e67652d736861312c6469666669652d68656c6c6d616e2d67726f7570312d73686131000000"
    "0f7373682d7273612c7373682d647373000000876165733132382d6362632c336465732d6362632c626c6f7766"
    "6973682d6362632c636173743132382d6362632c617263666f75722c6165733139322d6362632c616573323536"
    "2d6362632c72696a6e6461656c2d636263406c797361746f722e6c69752e73652c6165733132382d6374722c61"
    "65733139322d6374722c6165733235362d637472000000876165733132382d6362632c336465732d6362632c62"
    "6c6f77666973682d6362632c636173743132382d6362632c617263666f75722c6165733139322d6362632c6165"
    "733235362d6362632c72696a6e6461656c2d636263406c797361746f722e6c69752e73652c6165733132382d63"
    "74722c6165733139322d6374722c6165733235362d63747200000055686d61632d6d64352c686d61632d736861"
    "312c686d61632d726970656d643136302c686d61632d726970656d64313630406f70656e7373682e636f6d2c68"
    "6d61632d736861312d39362c686d61632d6d64352d393600000055686d61632d6d64352c686d61632d73686131"
    "2c686d61632d726970656d643136302c686d61632d726970656d64313630406f70656e7373682e636f6d2c686d"
    "61632d736861312d39362c686d61632d6d64352d3936000000096e6f6e652c7a6c6962000000096e6f6e652c7a"
    "6c69620000000000000000000000000000000000000000";

static const char server_kexinit_hex[] =
    "0000027c0b146af8fccdb4aa9006fda05bd80ba9fba3000000596469666669652d68656c6c6d616e2d67726f75"
    "702d65786368616e67652d736861312c6469666669652d68656c6c6d616e2d67726f757031342d736861312c64"
    "69666669652d68656c6c6d616e2d67726f7570312d736861310000000f7373682d7273612c7373682d64737300"
    "0000876165733132382d6362632c336465732d6362632c626c6f77666973682d6362632c636173743132382d63"
    "62632c617263666f75722c6165733139322d6362632c6165733235362d6362632c72696a6e6461656c2d636263"
    "406c797361746f722e6c69752e73652c6165733132382d6374722c6165733139322d6374722c6165733235362d"
    "637472000000876165733132382d6362632c336465732d6362632c626c6f77666973682d6362632c6361737431"
    "32382d6362632c617263666f75722c6165733139322d6362632c6165733235362d6362632c72696a6e6461656c"
    "2d636263406c797361746f722e6c69752e73652c6165733132382d6374722c6165733139322d6374722c616573"
    "3235362d63747200000055686d61632d6d64352c686d61632d736861312c686d61632d726970656d643136302c"
    "686d61632d726970656d64313630406f70656e7373682e636f6d2c686d61632d736861312d39362c686d61632d"
    "6d64352d393600000055686d61632d6d64352c686d61632d736861312c686d61632d726970656d643136302c68"
    "6d61632d726970656d64313630406f70656e7373682e636f6d2c686d61632d736861312d39362c686d61632d6d"
    "64352d3936000000096e6f6e652c7a6c6962000000096e6f6e652c7a6c69620000000000000000000000000000"
    "00000000000000000000";

static uint8_t client_pkt[1024], server_pkt[1024];
static size_t client_len, server_len;

static void load(void)
{
    client_len = sw_app_unhex(client_kexinit_hex, client_pkt, sizeof(client_pkt));
    server_len = sw_app_unhex(server_kexinit_hex, server_pkt, sizeof(server_pkt));
}

static sw_app_result parse_packet_only(const uint8_t *buf, size_t len)
{
    static sw_ssh_kexinit k;
    sw_app_result r = sw_ssh_parse_packet(buf, len, &k);
    ck_assert(k.kex[0] == '\0' && k.hassh[0] == '\0');
    return r;
}

static sw_app_result parse_packet_any(const uint8_t *buf, size_t len)
{
    static sw_ssh_kexinit k;
    return sw_ssh_parse_packet(buf, len, &k);
}

static sw_app_result parse_banner_only(const uint8_t *buf, size_t len)
{
    sw_ssh_banner b;
    sw_app_result r = sw_ssh_parse_banner(buf, len, &b);
    ck_assert(b.software_version[0] == '\0');
    return r;
}

START_TEST(banners)
{
    const char *server = "SSH-1.99-OpenSSH_3.9p1\n";
    const char *client = "SSH-2.0-OpenSSH_3.8.1p1 Debian-8\r\n";
    sw_ssh_banner b;
    sw_app_result r = sw_ssh_parse_banner((const uint8_t *)server, strlen(server), &b);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(r.consumed, strlen(server));
    ck_assert_str_eq(b.proto_version, "1.99");
    ck_assert_str_eq(b.software_version, "OpenSSH_3.9p1");
    ck_assert_str_eq(b.comments, "");
    r = sw_ssh_parse_banner((const uint8_t *)client, strlen(client), &b);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_str_eq(b.proto_version, "2.0");
    ck_assert_str_eq(b.software_version, "OpenSSH_3.8.1p1");
    ck_assert_str_eq(b.comments, "Debian-8");
}
END_TEST

START_TEST(banner_after_other_lines)
{
    /* RFC 4253 4.2: the server MAY send other lines first. */
    const char *text = "Welcome\r\nauthorised use only\r\nSSH-2.0-Cisco-1.25\r\n";
    sw_ssh_banner b;
    sw_app_result r = sw_ssh_parse_banner((const uint8_t *)text, strlen(text), &b);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(b.pre_banner_lines, 2);
    ck_assert_str_eq(b.software_version, "Cisco-1.25");
}
END_TEST

START_TEST(banner_errors)
{
    sw_ssh_banner b;
    char long_line[300];
    memset(long_line, 'x', sizeof(long_line));
    memcpy(long_line, "SSH-2.0-", 8);
    sw_app_result r = sw_ssh_parse_banner((const uint8_t *)long_line, sizeof(long_line), &b);
    ck_assert_int_eq(r.status, SW_APP_MALFORMED);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_SSH_BANNER_TOO_LONG), 1);
    r = sw_ssh_parse_banner((const uint8_t *)"SSH-2.0\r\n", 9, &b);
    ck_assert_int_eq(r.status, SW_APP_MALFORMED);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_SSH_BANNER_MALFORMED), 1);
    const char *banner = "SSH-2.0-OpenSSH_3.8.1p1\r\n";
    sw_app_check_prefixes((const uint8_t *)banner, strlen(banner), parse_banner_only,
                          SW_APP_EV_SSH_TRUNC);
}
END_TEST

START_TEST(client_kexinit_hassh)
{
    load();
    static sw_ssh_kexinit k;
    sw_app_result r = sw_ssh_parse_packet(client_pkt, client_len, &k);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(r.consumed, client_len);
    ck_assert_uint_eq(k.msg_code, SW_SSH_MSG_KEXINIT);
    ck_assert_str_eq(k.kex, "diffie-hellman-group-exchange-sha1,diffie-hellman-group1-sha1");
    ck_assert_str_eq(k.host_key, "ssh-rsa,ssh-dss");
    ck_assert_str_eq(k.cmp_c2s, "none,zlib");
    ck_assert_str_eq(k.hassh, "c4fd9343cba76d12f0dd523fbe7c4da1");
}
END_TEST

START_TEST(server_kexinit_hassh_server)
{
    load();
    static sw_ssh_kexinit k;
    sw_app_result r = sw_ssh_parse_packet(server_pkt, server_len, &k);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_str_eq(k.hassh_server, "f430cd6761697a6a658ee1d45ed22e49");
}
END_TEST

START_TEST(every_truncation)
{
    load();
    sw_app_check_prefixes(client_pkt, client_len, parse_packet_only, SW_APP_EV_SSH_TRUNC);
}
END_TEST

START_TEST(length_fields)
{
    load();
    /* packet_length (offset 0): 0, 1 and max are malformed; remaining+1 is trunc. */
    static const uint32_t bad[] = {0, 1, 0xffffffffu, SW_SSH_MAX_PACKET + 1};
    sw_app_expect_malformed(client_pkt, client_len, 0, 4, bad, 4, parse_packet_any,
                            SW_APP_EV_SSH_PACKET_MALFORMED);
    uint8_t *p = sw_app_patched(client_pkt, client_len, 0, 4, (uint32_t)client_len - 4 + 1);
    ck_assert_int_eq(parse_packet_any(p, client_len).status, SW_APP_INCOMPLETE);
    free(p);
    /* padding_length (offset 4): 0 and 1 are below the RFC minimum of 4, max does not fit. */
    static const uint32_t pad_bad[] = {0, 1, 255};
    sw_app_expect_malformed(client_pkt, client_len, 4, 1, pad_bad, 3, parse_packet_any,
                            SW_APP_EV_SSH_PACKET_MALFORMED);
    /* First name-list length (offset 22, 0x3d): max and remaining+1 run past the payload. */
    static const uint32_t list_bad[] = {0xffffffffu, 0x0000ffffu};
    sw_app_expect_malformed(client_pkt, client_len, 22, 4, list_bad, 2, parse_packet_any,
                            SW_APP_EV_SSH_PACKET_MALFORMED);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("app-ssh");
    TCase *tc = tcase_create("ssh");
    tcase_add_test(tc, banners);
    tcase_add_test(tc, banner_after_other_lines);
    tcase_add_test(tc, banner_errors);
    tcase_add_test(tc, client_kexinit_hassh);
    tcase_add_test(tc, server_kexinit_hassh_server);
    tcase_add_test(tc, every_truncation);
    tcase_add_test(tc, length_fields);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
