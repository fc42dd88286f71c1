/* Protocol detection by content: each sample's first bytes come from the RFC or shared vectors
 * already used by the parser suites. */
#include "app-detect.h"
#include "helper-app.h"

#include <string.h>

static sw_app_proto detect_text(const char *s, int udp)
{
    return sw_app_detect((const uint8_t *)s, strlen(s), udp);
}

START_TEST(text_protocols)
{
    ck_assert_int_eq(detect_text("SSH-2.0-OpenSSH_9.6\r\n", 0), SW_APP_SSH);
    ck_assert_int_eq(detect_text("GET / HTTP/1.1\r\n", 0), SW_APP_HTTP);
    ck_assert_int_eq(detect_text("POST /api HTTP/1.1\r\n", 0), SW_APP_HTTP);
    ck_assert_int_eq(detect_text("220 ProFTPD Server ready\r\n", 0), SW_APP_FTP);
    ck_assert_int_eq(detect_text("SSH", 0), SW_APP_UNKNOWN);
    ck_assert_int_eq(detect_text("hello world", 0), SW_APP_UNKNOWN);
}
END_TEST

START_TEST(binary_protocols)
{
    /* ClientHello record start (sv-tls-certs-alert.pcap frame 4). */
    const uint8_t tls[] = {0x16, 0x03, 0x01, 0x00, 0xd1, 0x01, 0x00, 0x00, 0xcd};
    ck_assert_int_eq(sw_app_detect(tls, sizeof(tls), 0), SW_APP_TLS);
    /* TACACS+ authentication reply header (freeradius-tacacs-base.txt). */
    const uint8_t tac[] = {0xc1, 0x01, 0x02, 0x00, 0xb7, 0x0f, 0xc8, 0x0e, 0, 0, 0, 0x06};
    ck_assert_int_eq(sw_app_detect(tac, sizeof(tac), 0), SW_APP_TACACS);
    /* SMI header (ET 2025519 pattern). */
    const uint8_t smi[] = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 1, 0x28};
    ck_assert_int_eq(sw_app_detect(smi, sizeof(smi), 0), SW_APP_SMI);
    /* DNS query for "a" type A (RFC 1035 4.1), over UDP and with the TCP length prefix. */
    const uint8_t dns[] = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 1, 'a', 0, 0, 1, 0, 1};
    ck_assert_int_eq(sw_app_detect(dns, sizeof(dns), 1), SW_APP_DNS);
    uint8_t framed[2 + sizeof(dns)] = {0, sizeof(dns)};
    memcpy(framed + 2, dns, sizeof(dns));
    ck_assert_int_eq(sw_app_detect(framed, sizeof(framed), 0), SW_APP_DNS);
    /* An alert record is TLS-shaped but not a hello. */
    const uint8_t alert[] = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
    ck_assert_int_eq(sw_app_detect(alert, sizeof(alert), 0), SW_APP_UNKNOWN);
}
END_TEST

static void detect_prefix(const uint8_t *buf, size_t len, void *user)
{
    (void)user;
    ck_assert_int_ge(sw_app_detect(buf, len, 0), SW_APP_UNKNOWN);
    ck_assert_int_ge(sw_app_detect(buf, len, 1), SW_APP_UNKNOWN);
}

START_TEST(prefixes_never_overread)
{
    const uint8_t tac[] = {0xc1, 0x01, 0x02, 0x00, 0xb7, 0x0f, 0xc8, 0x0e, 0, 0, 0, 0x06};
    sw_test_all_prefixes(tac, sizeof(tac), detect_prefix, NULL);
    ck_assert_str_eq(sw_app_proto_name(SW_APP_SMI), "smi");
    ck_assert_str_eq(sw_app_proto_name((sw_app_proto)99), "failed");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("app-detect");
    TCase *tc = tcase_create("detect");
    tcase_add_test(tc, text_protocols);
    tcase_add_test(tc, binary_protocols);
    tcase_add_test(tc, prefixes_never_overread);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
