/* The fast JSON writer must produce exactly what jansson's own compact dumper produces. */
#include "json-write.h"
#include "sw-test.h"

#include <stdlib.h>
#include <string.h>

static const char *const documents[] = {
    "{}",
    "[]",
    "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}",
    "{\"zeta\":1,\"alpha\":2,\"mid\":3}", /* insertion order, not sorted */
    "[0,-1,9223372036854775807,-9223372036854775808,1234567890]",
    "[\"quote\\\" backslash\\\\ slash/ tab\\t nl\\n cr\\r bs\\b ff\\f\"]",
    "[\"\\u0000\\u0001\\u001f\\u007f\"]",
    "[\"caf\\u00e9 \\u2603 \\ud83d\\ude00\"]",
    "[1.5,-0.25,1e+100,3.0]",
    "{\"timestamp\":\"2025-08-27T12:53:20.822465+0000\",\"flow_id\":1234,\"alert\":{\"metadata\":"
    "{\"seawall_id\":[\"ST-TUN-001\"]}}}",
    "[[[[[[[[[[\"deep\"]]]]]]]]]]",
    "{\"\":\"empty key\",\"k\\\"q\":\"quoted key\"}",
};

START_TEST(matches_jansson_compact_output)
{
    json_error_t jerr;
    json_t *v = json_loads(documents[_i], JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    ck_assert_msg(v != NULL, "fixture %d does not parse: %s", _i, jerr.text);
    char *expected = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    sw_jbuf b;
    sw_jbuf_init(&b, 1 << 20);
    ck_assert_int_eq(sw_json_append(&b, v), 0);
    ck_assert_uint_eq(b.len, strlen(expected));
    ck_assert_int_eq(memcmp(b.data, expected, b.len), 0);
    free(expected);
    sw_jbuf_free(&b);
    json_decref(v);
}
END_TEST

START_TEST(appends_after_existing_text)
{
    json_t *v = json_pack("{s:i}", "n", 7);
    sw_jbuf b;
    sw_jbuf_init(&b, 64);
    ck_assert_int_eq(sw_json_append(&b, v), 0);
    ck_assert_int_eq(sw_json_append(&b, v), 0);
    ck_assert_uint_eq(b.len, 14);
    ck_assert_int_eq(memcmp(b.data, "{\"n\":7}{\"n\":7}", 14), 0);
    sw_jbuf_free(&b);
    json_decref(v);
}
END_TEST

START_TEST(limit_refuses_and_keeps_previous_text)
{
    json_t *small = json_pack("{s:s}", "k", "v");
    json_t *big = json_pack("{s:s}", "k", "0123456789012345678901234567890123456789");
    sw_jbuf b;
    sw_jbuf_init(&b, 32);
    ck_assert_int_eq(sw_json_append(&b, small), 0);
    size_t before = b.len;
    ck_assert_int_eq(sw_json_append(&b, big), -1);
    ck_assert_uint_eq(b.len, before);
    ck_assert_int_eq(memcmp(b.data, "{\"k\":\"v\"}", before), 0);
    sw_jbuf_free(&b);
    json_decref(small);
    json_decref(big);
}
END_TEST

START_TEST(invalid_utf8_and_excess_depth_are_refused)
{
    json_t *bad = json_array();
    json_array_append_new(bad, json_stringn_nocheck("\xff\xfe", 2));
    sw_jbuf b;
    sw_jbuf_init(&b, 1024);
    ck_assert_int_eq(sw_json_append(&b, bad), -1);
    ck_assert_uint_eq(b.len, 0);
    json_decref(bad);

    json_t *root = json_array(), *cur = root;
    for (int i = 0; i < 100; i++) {
        json_t *next = json_array();
        json_array_append_new(cur, next);
        cur = next;
    }
    ck_assert_int_eq(sw_json_append(&b, root), -1);
    ck_assert_uint_eq(b.len, 0);
    json_decref(root);
    sw_jbuf_free(&b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("json-write");
    TCase *tc = tcase_create("write");
    tcase_add_loop_test(tc, matches_jansson_compact_output, 0,
                        (int)(sizeof(documents) / sizeof(documents[0])));
    tcase_add_test(tc, appends_after_existing_text);
    tcase_add_test(tc, limit_refuses_and_keeps_previous_text);
    tcase_add_test(tc, invalid_utf8_and_excess_depth_are_refused);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
