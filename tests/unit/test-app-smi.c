/* Cisco Smart Install header parser against the byte patterns of ET 2025519-2025522 and Snort
 * 41722-41725 as listed in docs/detections.md section 1.4. */
#include "app-smi.h"
#include "helper-app.h"

#include <stdlib.h>
#include <string.h>

/* SIET "change config" (ET 2025521): 00000001 00000001 00000003 00000128 + payload with "://".
 * Payload shortened to 0x28 bytes for the test (length field set to match). */
static uint8_t change_config[16 + 0x28];

static void build_change_config(void)
{
    static const uint8_t header[16] = {
        0x00, 0x00, 0x00, 0x01, /* version 1 */
        0x00, 0x00, 0x00, 0x01, /* constant 1 */
        0x00, 0x00, 0x00, 0x03, /* message type 3: config upgrade */
        0x00, 0x00, 0x00, 0x28, /* payload length 40 */
    };
    memcpy(change_config, header, 16);
    memset(change_config + 16, 0, 0x28);
    memcpy(change_config + 16, "tftp://192.0.2.9/c.txt", 22);
}

static sw_app_result parse_only(const uint8_t *buf, size_t len)
{
    sw_smi_message m;
    sw_app_result r = sw_smi_parse(buf, len, &m);
    ck_assert(m.prefix_len + (len >= 16 ? 16 : 0) <= len);
    /* "tftp://" ends at payload byte 7: no flag before those bytes are present. */
    if (len < 16 + 7)
        ck_assert(!m.has_tftp_url && !m.has_url);
    return r;
}

START_TEST(siet_change_config)
{
    build_change_config();
    sw_smi_message m;
    sw_app_result r = sw_smi_parse(change_config, sizeof(change_config), &m);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(r.consumed, sizeof(change_config));
    ck_assert_uint_eq(m.version, 1);
    ck_assert_uint_eq(m.msg_type, 3);
    ck_assert_uint_eq(m.length, 0x28);
    ck_assert_uint_eq(m.has_url, 1);
    ck_assert_uint_eq(m.has_tftp_url, 1);
    ck_assert_uint_eq(m.has_copy, 0);
}
END_TEST

START_TEST(siet_get_config_copy)
{
    /* ET 2025522: type 8 + "copy " (length shortened to the payload given). */
    uint8_t msg[16 + 12] = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 12};
    memcpy(msg + 16, "copy system:", 12);
    sw_smi_message m;
    ck_assert_int_eq(sw_smi_parse(msg, sizeof(msg), &m).status, SW_APP_OK);
    ck_assert_uint_eq(m.msg_type, 8);
    ck_assert_uint_eq(m.has_copy, 1);
    ck_assert_uint_eq(m.has_url, 0);
}
END_TEST

START_TEST(every_truncation)
{
    build_change_config();
    sw_app_check_prefixes(change_config, sizeof(change_config), parse_only, SW_APP_EV_SMI_TRUNC);
}
END_TEST

START_TEST(bad_headers)
{
    build_change_config();
    static const uint32_t versions[] = {0, 3, 0xffffffffu};
    sw_app_expect_malformed(change_config, sizeof(change_config), 0, 4, versions, 3, parse_only,
                            SW_APP_EV_SMI_BAD_HEADER);
    static const uint32_t ones[] = {0, 2};
    sw_app_expect_malformed(change_config, sizeof(change_config), 4, 4, ones, 2, parse_only,
                            SW_APP_EV_SMI_BAD_HEADER);
    static const uint32_t lengths[] = {SW_SMI_MAX_LEN + 1, 0xffffffffu};
    sw_app_expect_malformed(change_config, sizeof(change_config), 12, 4, lengths, 2, parse_only,
                            SW_APP_EV_SMI_LENGTH_TOO_LARGE);
    /* 0 is a header-only message; remaining+1 waits for one more byte. */
    uint8_t *p = sw_app_patched(change_config, sizeof(change_config), 12, 4, 0x29);
    sw_smi_message m;
    sw_app_result r = sw_smi_parse(p, sizeof(change_config), &m);
    ck_assert_int_eq(r.status, SW_APP_INCOMPLETE);
    ck_assert_uint_eq(r.needed, 1);
    free(p);
    p = sw_app_patched(change_config, sizeof(change_config), 12, 4, 0);
    r = sw_smi_parse(p, sizeof(change_config), &m);
    ck_assert_int_eq(r.status, SW_APP_OK);
    ck_assert_uint_eq(r.consumed, 16);
    ck_assert_uint_eq(m.has_url, 0);
    free(p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("app-smi");
    TCase *tc = tcase_create("header");
    tcase_add_test(tc, siet_change_config);
    tcase_add_test(tc, siet_get_config_copy);
    tcase_add_test(tc, every_truncation);
    tcase_add_test(tc, bad_headers);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
