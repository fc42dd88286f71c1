/* Decoder stats as EVE JSON: the `suricata` part uses only keys of Suricata's stats schema
 * (decoder and defrag are additionalProperties:false there), the `seawall` part every counter. */
#include "decode.h"
#include "helper-decode.h"
#include "helper-frames.h"
#include "sw-test.h"

#include <jansson.h>

static const uint8_t eth_udp[] = {ETH(0x08, 0x00), IPV4(0x00, 32, 17), UDP(0x00, 12), DATA4};

/* Every key of `obj` is a property of `schema`, recursively for objects. */
static void assert_keys_in_schema(json_t *obj, json_t *schema, const char *where)
{
    json_t *props = json_object_get(schema, "properties");
    ck_assert_msg(json_is_object(props), "%s: schema has no properties", where);
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        json_t *sub = json_object_get(props, key);
        ck_assert_msg(sub != NULL, "%s.%s is not in Suricata's schema", where, key);
        if (json_is_object(value))
            assert_keys_in_schema(value, sub, key);
    }
}

START_TEST(test_suricata_keys_match_schema)
{
    json_error_t err;
    json_t *schema = json_load_file(sw_test_shared("eve/suricata-eve-schema.json"), 0, &err);
    ck_assert_msg(schema != NULL, "%s", err.text);
    json_t *stats = json_object_get(json_object_get(schema, "properties"), "stats");
    sw_decode_stats st = {0};
    for (int ev = 0; ev < SW_DEV_COUNT; ev++)
        st.events[ev] = 1;
    json_t *sur = json_object(), *sw = json_object();
    sw_decode_stats_to_json(&st, sur, sw);
    assert_keys_in_schema(sur, stats, "stats");
    /* Each event lands once under its Suricata name; too_many_layers sits in decoder. */
    json_t *ev = json_object_get(json_object_get(sur, "decoder"), "event");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(ev, "ipv4"), "trunc_pkt")),
                     1);
    ck_assert_int_eq(
        json_integer_value(json_object_get(json_object_get(sur, "decoder"), "too_many_layers")), 1);
    json_decref(sur);
    json_decref(sw);
    json_decref(schema);
}
END_TEST

START_TEST(test_counts_by_name)
{
    sw_decoder *dec = sw_decoder_new(NULL);
    sw_packet p;
    helper_decode(dec, 1, eth_udp, sizeof(eth_udp), sizeof(eth_udp), &p);
    helper_decode(dec, 1, eth_udp, 20, sizeof(eth_udp), &p); /* cut in the IPv4 header */
    json_t *sur = json_object(), *sw = json_object();
    sw_decode_stats_to_json(sw_decoder_stats(dec), sur, sw);
    json_t *d = json_object_get(sur, "decoder");
    ck_assert_int_eq(json_integer_value(json_object_get(d, "pkts")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(d, "bytes")), 2 * sizeof(eth_udp));
    ck_assert_int_eq(json_integer_value(json_object_get(d, "ethernet")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(d, "ipv4")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(d, "udp")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(sw, "decoder.ipv4")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(sw, "decoder.ipv4.trunc")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(sw, "defrag.ipv4.fragments")), 0);
    json_decref(sur);
    json_decref(sw);
    sw_decoder_free(dec);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("decode-stats");
    TCase *tc = tcase_create("json");
    tcase_add_test(tc, test_suricata_keys_match_schema);
    tcase_add_test(tc, test_counts_by_name);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
