/* The fast JSON writer must produce exactly what jansson's own compact dumper produces. */
#include "json-write.h"
#include "sw-test.h"

#include <stdio.h>
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

/* Integers against printf's %lld: both sides of every power of ten, the extremes, and a spread
 * of values whose digit pairs cover 00..99. */
START_TEST(integers_match_printf)
{
    int64_t values[200];
    size_t n = 0;
    values[n++] = INT64_MIN;
    values[n++] = INT64_MAX;
    for (int64_t p = 1; p <= INT64_MAX / 10; p *= 10) {
        values[n++] = p - 1;
        values[n++] = p;
        values[n++] = -p;
    }
    uint64_t x = 0x9e3779b97f4a7c15ull;
    while (n < sizeof(values) / sizeof(values[0])) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        values[n] = (int64_t)(x >> (n % 60));
        n++;
    }
    sw_jbuf b;
    sw_jbuf_init(&b, 1 << 20);
    for (size_t i = 0; i < n; i++) {
        char expected[32];
        snprintf(expected, sizeof(expected), "%lld", (long long)values[i]);
        b.len = 0;
        ck_assert_int_eq(sw_json_append_int(&b, values[i]), 0);
        ck_assert_msg(b.len == strlen(expected) && memcmp(b.data, expected, b.len) == 0,
                      "%s written as %.*s", expected, (int)b.len, b.data);
        /* a buffer with room for exactly that text takes it, one byte less refuses it whole */
        sw_jbuf exact, short_by_one;
        sw_jbuf_init(&exact, strlen(expected));
        sw_jbuf_init(&short_by_one, strlen(expected) - 1);
        ck_assert_int_eq(sw_json_append_int(&exact, values[i]), 0);
        ck_assert_mem_eq(exact.data, expected, exact.len);
        ck_assert_int_eq(sw_json_append_int(&short_by_one, values[i]), -1);
        ck_assert_uint_eq(short_by_one.len, 0);
        sw_jbuf_free(&exact);
        sw_jbuf_free(&short_by_one);
    }
    sw_jbuf_free(&b);
}
END_TEST

/* Every ASCII byte inside a string, escaped or copied exactly as jansson does it. */
START_TEST(every_ascii_byte_as_jansson)
{
    sw_jbuf b;
    sw_jbuf_init(&b, 1 << 20);
    for (int c = 1; c < 0x80; c++) {
        char text[4] = {'a', (char)c, 'b', 0};
        json_t *v = json_string(text);
        char *expected = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        b.len = 0;
        ck_assert_int_eq(sw_json_append(&b, v), 0);
        ck_assert_msg(b.len == strlen(expected) && memcmp(b.data, expected, b.len) == 0,
                      "byte 0x%02x: %s written as %.*s", c, expected, (int)b.len, b.data);
        free(expected);
        json_decref(v);
    }
    sw_jbuf_free(&b);
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
    tcase_add_test(tc, integers_match_printf);
    tcase_add_test(tc, every_ascii_byte_as_jansson);
    tcase_add_test(tc, appends_after_existing_text);
    tcase_add_test(tc, limit_refuses_and_keeps_previous_text);
    tcase_add_test(tc, invalid_utf8_and_excess_depth_are_refused);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
