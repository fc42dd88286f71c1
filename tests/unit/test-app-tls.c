/* TLS hello parser and fingerprints against sv-tls-certs-alert.pcap.
 *
 * Expected JA3/JA3S strings and hashes: tshark 4.0 `-e tls.handshake.ja3 -e
 * tls.handshake.ja3_full` (frame 4) and `-e tls.handshake.ja3s -e tls.handshake.ja3s_full`
 * (frame 6). tshark 4.0 has no JA4 field, so JA4 was derived by hand from the FoxIO spec:
 *   a: "t" (TCP), "12" (no supported_versions; hello version 0x0303), "d" (SNI example.com),
 *      "28" ciphers, "08" extensions (0,11,10,13172,16,22,23,13 per ja3_full), "h2" (first ALPN
 *      "h2" per tls.handshake.extensions_alpn_str);
 *   b: sha256 of the 28 ciphers sorted as 4-digit hex, "002f,0033,...,ccaa", first 12 hex;
 *   c: sha256 of "000a,000b,000d,0016,0017,3374_0601,0602,0603,0501,...,0203" (extensions
 *      sorted without SNI/ALPN, "_", tls.handshake.sig_hash_alg in wire order), first 12 hex;
 *   both digests computed with Python's hashlib.sha256 outside Seawall. */
#include "app-tls.h"
#include "helper-app.h"

#include <stdlib.h>
#include <string.h>

/* Frame 4 TCP payload (tshark -e tcp.payload): one record, ClientHello. */
static const char client_hello_hex[] =
    "16030100d1010000cd0303ac0c691580d8a6b35cdd78f599c88dc80ef2b31fc4b5c17a6dab8dfe7b371f1d0000"
    "38c02cc030009fcca9cca8ccaac02bc02f009ec024c028006bc023c0270067c00ac0140039c009c0130033009d"
    "009c003d003c0035002f00ff0100006c00000010000e00000b6578616d706c652e636f6d000b00040300010200"
    "0a000a0008001d001700190018337400000010000e000c02683208687474702f312e310016000000170000000d"
    "0020001e060106020603050105020503040104020403030103020303020102020203";

/* Frame 6 TCP payload, first record only: ServerHello. */
static const char server_hello_hex[] =
    "160303006a020000660303a70b3995959972c85d337ef3e35e2000bba719487a7e8d16444f574e475244012"
    "08f78c6fdf03f3776095b67a98d627431cb0fc50a0c8551dd2cc9c729e7348c2cc02f00001eff010001000000"
    "0000000b000403000102001000050003026832001700 00";

static uint8_t ch[512], sh[256];
static size_t ch_len, sh_len;

static void load(void)
{
    ch_len = sw_app_unhex(client_hello_hex, ch, sizeof(ch));
    sh_len = sw_app_unhex(server_hello_hex, sh, sizeof(sh));
}

static sw_app_result parse_only(const uint8_t *buf, size_t len)
{
    static sw_tls_hello h;
    sw_app_result r = sw_tls_parse(buf, len, 0, &h);
    ck_assert(h.ja3[0] == '\0' && !h.has_sni);
    return r;
}

static sw_app_result parse_any(const uint8_t *buf, size_t len)
{
    static sw_tls_hello h;
    return sw_tls_parse(buf, len, 0, &h);
}

START_TEST(client_hello_ja3_ja4)
{
    load();
    static sw_tls_hello h;
    sw_app_result r = sw_tls_parse(ch, ch_len, 0, &h);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(r.consumed, ch_len);
    ck_assert_str_eq(h.sni, "example.com");
    ck_assert_str_eq(h.alpn_first, "h2");
    ck_assert_str_eq(h.ja3, "771,49196-49200-159-52393-52392-52394-49195-49199-158-49188-49192-"
                            "107-49187-49191-103-49162-49172-57-49161-49171-51-157-156-61-60-53-"
                            "47-255,0-11-10-13172-16-22-23-13,29-23-25-24,0-1-2");
    ck_assert_str_eq(h.ja3_md5, "1fe4c7a3544eb27afec2adfb3a3dbf60");
    ck_assert_str_eq(h.ja4, "t12d2808h2_d943125447b4_e0fb7d0a714d");
    ck_assert_uint_eq(h.n_sig_algs, 15);
}
END_TEST

START_TEST(server_hello_ja3s)
{
    load();
    static sw_tls_hello h;
    sw_app_result r = sw_tls_parse(sh, sh_len, 0, &h);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(r.consumed, 111);
    ck_assert_str_eq(h.ja3, "771,49199,65281-0-11-16-23");
    ck_assert_str_eq(h.ja3_md5, "5d79edf64e03689ff559a54e9d9487bc");
    ck_assert_str_eq(h.ja4, "");
}
END_TEST

START_TEST(every_truncation)
{
    load();
    sw_app_check_prefixes(ch, ch_len, parse_only, SW_APP_EV_TLS_TRUNC);
    sw_app_check_prefixes(sh, 111, parse_only, SW_APP_EV_TLS_TRUNC);
}
END_TEST

START_TEST(grease_and_tls13_versions)
{
    /* Hand-built per RFC 8446 4.1.2 / RFC 8701: GREASE cipher and extension are dropped and
     * supported_versions lifts the JA4 version to 13; no SNI, no ALPN, no signature_algorithms. */
    static const uint8_t hello[] = {
        0x16, 0x03, 0x01, 0x00, 0x3c,       /* handshake record, 60 bytes */
        0x01, 0x00, 0x00, 0x38, 0x03, 0x03, /* ClientHello, 56 bytes, legacy 0x0303 */
        0,    0,    0,    0,    0,    0,    0,    0, 0, 0, 0, 0, 0, 0, 0, 0,
        0,    0,    0,    0,    0,    0,    0,    0, 0, 0, 0, 0, 0, 0, 0, 0, /* random */
        0x00,                                                                /* session id: empty */
        0x00, 0x04, 0x7a, 0x7a, 0x13, 0x01,       /* ciphers: GREASE, 0x1301 */
        0x01, 0x00,                               /* compression: null */
        0x00, 0x0b,                               /* extensions: 11 bytes */
        0x2a, 0x2a, 0x00, 0x00,                   /* GREASE extension, empty */
        0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04, /* supported_versions: 0x0304 */
    };
    static sw_tls_hello h;
    sw_app_result r = sw_tls_parse(hello, sizeof(hello), 0, &h);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(h.n_ciphers, 1);
    ck_assert_uint_eq(h.n_extensions, 1);
    ck_assert_uint_eq(h.highest_version, 0x0304);
    ck_assert_str_eq(h.ja3, "771,4865,43,,");
    /* JA4 by hand: "t13i0101" + "00" (no ALPN); b = sha256("1301")[:12] = 0f2cb44170f4 and
     * c = sha256("002b")[:12] = b9a491fefe05 (Python hashlib; no signature algorithms, so no
     * "_" part). */
    ck_assert_str_eq(h.ja4, "t13i010100_0f2cb44170f4_b9a491fefe05");
}
END_TEST

START_TEST(length_fields)
{
    load();
    /* Record length (offset 3): max (0xffff) exceeds 2^14 -> malformed; 0, 1 leave no room for
     * the handshake header -> malformed; remaining+1 -> trunc. */
    static const uint32_t rec_bad[] = {0xffff, SW_TLS_MAX_RECORD + 1, 0, 1};
    sw_app_expect_malformed(ch, ch_len, 3, 2, rec_bad, 2, parse_any,
                            SW_APP_EV_TLS_RECORD_MALFORMED);
    sw_app_expect_malformed(ch, ch_len, 3, 2, rec_bad + 2, 2, parse_any,
                            SW_APP_EV_TLS_HANDSHAKE_MALFORMED);
    uint8_t *p = sw_app_patched(ch, ch_len, 3, 2, (uint32_t)(ch_len - 5 + 1));
    static sw_tls_hello h;
    ck_assert_int_eq(sw_tls_parse(p, ch_len, 0, &h).status, SW_APP_INCOMPLETE);
    free(p);
    /* Cipher suites length (offset 44, 0x38): 0, 1 (odd), max and remaining+1 contradict. */
    static const uint32_t cs_bad[] = {0, 1, 0xffff, 0x38 + 1};
    sw_app_expect_malformed(ch, ch_len, 44, 2, cs_bad, 4, parse_any,
                            SW_APP_EV_TLS_HANDSHAKE_MALFORMED);
    /* SNI extension length (offset 108, 0x10): 1, max, remaining+1. */
    static const uint32_t ext_bad[] = {1, 0xffff, 0x11};
    sw_app_expect_malformed(ch, ch_len, 108, 2, ext_bad, 3, parse_any, SW_APP_EV_TLS_EXT_MALFORMED);
    /* Server name length inside SNI (offset 113, 0x0b): 0x0c runs past the list. */
    static const uint32_t name_bad[] = {0x0c, 0xffff};
    sw_app_expect_malformed(ch, ch_len, 113, 2, name_bad, 2, parse_any,
                            SW_APP_EV_TLS_EXT_MALFORMED);
}
END_TEST

START_TEST(not_a_handshake)
{
    static const uint8_t alert[] = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
    static sw_tls_hello h;
    sw_app_result r = sw_tls_parse(alert, sizeof(alert), 0, &h);
    ck_assert_int_eq(r.status, SW_APP_MALFORMED);
    ck_assert_uint_eq(sw_app_event_count(&r, SW_APP_EV_TLS_RECORD_MALFORMED), 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("app-tls");
    TCase *tc = tcase_create("hello");
    tcase_add_test(tc, client_hello_ja3_ja4);
    tcase_add_test(tc, server_hello_ja3s);
    tcase_add_test(tc, every_truncation);
    tcase_add_test(tc, grease_and_tls13_versions);
    tcase_add_test(tc, length_fields);
    tcase_add_test(tc, not_a_handshake);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
