/* Rule matching on hand-made observations. Each verdict is worked out by hand from the Suricata
 * user guide's definition of the keyword (positions counted on the strings shown). */
#include "helper-rules.h"
#include "hygiene.h"
#include "sw-test.h"

#include <stdio.h>
#include <string.h>

static rt_fixture fx;

static void teardown(void)
{
    rt_teardown(&fx);
}

static void payload_str(const char *s)
{
    rt_payload(&fx, 1, (const uint8_t *)s, strlen(s));
}

#define R(body) "alert tcp any any -> any any (" body ")\n"

START_TEST(test_content_modifiers)
{
    rt_setup(&fx,
             R("content:\"abc\"; offset:2; depth:3; sid:1;")                 /* abc at 2..4 only */
             R("content:\"ABC\"; nocase; sid:2;")                            /* any case */
             R("content:\"|41 42|C\"; sid:3;")                               /* hex "AB" + C */
             R("content:\"x\"; content:\"y\"; distance:1; within:2; sid:4;") /* y at x+2 */
             R("content:\"abc\"; startswith; sid:5;") R("content:\"xyz\"; endswith; sid:6;")
                 R("content:\"abc\"; content:!\"zzz\"; sid:7;")
                     R("content:\"q\"; content:\"r\"; distance:0; content:\"s\"; within:1; sid:8;"),
             1);
    payload_str("--abcABCx-yq..rs-xyz"); /* abc@2, ABC@5, x@8 y@10, xyz at the end */
    ck_assert_uint_eq(rt_count(&fx, "1:1:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:2:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:3:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:4:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:5:1"), 0); /* does not start with abc */
    ck_assert_uint_eq(rt_count(&fx, "1:6:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:7:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:8:1"), 1); /* q, r later, s right after r */
    fx.n = 0;
    payload_str("abcxy....zzz"); /* abc@0: 5 hits; y right after x: 4 misses; zzz: 7 misses */
    ck_assert_uint_eq(rt_count(&fx, "1:1:1"), 0);
    ck_assert_uint_eq(rt_count(&fx, "1:4:1"), 0);
    ck_assert_uint_eq(rt_count(&fx, "1:5:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:7:1"), 0);
}
END_TEST

/* Backtracking: the first "a" is followed by no "b" within 1, the second is. */
START_TEST(test_relative_backtracking)
{
    rt_setup(&fx, R("content:\"a\"; content:\"b\"; within:1; sid:1;"), 1);
    payload_str("a-ab");
    ck_assert_uint_eq(rt_count(&fx, "1:1:1"), 1);
    payload_str("a-a-b");
    ck_assert_uint_eq(rt_count(&fx, "1:1:1"), 1);
}
END_TEST

START_TEST(test_isdataat_dsize_byte_test)
{
    rt_setup(&fx,
             R("content:\"AB\"; isdataat:2,relative; sid:1;") R("content:\"AB\"; isdataat:!5; "
                                                                "sid:2;")
                 R("content:\"AB\"; dsize:6; sid:3;") R("content:\"AB\"; dsize:>6; sid:4;")
                     R("content:\"AB\"; byte_test:2,=,0x4142,0; sid:5;")
                         R("content:\"AB\"; byte_test:2,=,0x4241,0,little; sid:6;")
                             R("content:\"AB\"; byte_test:2,>,40,0,relative,string,dec; sid:7;")
                                 R("content:\"AB\"; byte_test:1,&,0x01,0; sid:8;"),
             1);
    payload_str("AB42xy"); /* 6 bytes: A=0x41 B=0x42, then "42xy" */
    static const unsigned want[] = {0, 1, 0, 1, 0, 1, 1, 1, 1};
    /* 1: a byte at AB+2 (4 < 6); 2: there is a byte at 5, so !5 fails; 3: dsize 6; 4: not > 6;
     * 5: 0x4142 big endian; 6: 0x4241 little; 7: "42" > 40; 8: 0x41 & 1 != 0 */
    for (unsigned sid = 1; sid <= 8; sid++) {
        char rule[32];
        snprintf(rule, sizeof(rule), "1:%u:1", sid);
        ck_assert_msg(rt_count(&fx, rule) == want[sid], "sid %u", sid);
    }
}
END_TEST

START_TEST(test_pcre_http_modifiers)
{
    rt_setup(&fx,
             "alert http any any -> any any (pcre:\"/^\\/admin/U\"; sid:1;)\n"
             "alert http any any -> any any (pcre:\"/%2e%2e/I\"; sid:2;)\n"
             "alert http any any -> any any (pcre:\"/X-Evil: 1/H\"; sid:3;)\n"
             "alert http any any -> any any (pcre:\"/sess=\\d+/C\"; sid:4;)\n"
             "alert http any any -> any any (pcre:\"/cmd=id/P\"; sid:5;)\n"
             "alert http any any -> any any (pcre:\"/^PUT$/M\"; sid:6;)\n"
             "alert http any any -> any any (http.uri; content:\"/admin\"; pcre:\"/^\\/x/R\"; "
             "sid:7;)\n"
             "alert http any any -> any any (flow:to_client; pcre:\"/^40[34]$/S\"; sid:8;)\n"
             "alert http any any -> any any (flow:to_client; pcre:\"/secret/Qi\"; sid:9;)\n",
             1);
    rt_request(&fx, "POST", "/admin/x/%2e%2e/", "/admin/x/../", "X-Evil: 1\r\n", "sess=42",
               "cmd=id");
    for (unsigned sid = 1; sid <= 7; sid++) {
        char rule[32];
        snprintf(rule, sizeof(rule), "1:%u:1", sid);
        ck_assert_uint_eq(rt_count(&fx, rule), sid == 6 ? 0 : 1);
    }
    rt_response(&fx, 403, "SECRET");
    ck_assert_uint_eq(rt_count(&fx, "1:8:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:9:1"), 1);
}
END_TEST

START_TEST(test_flowbits_across_request_response)
{
    rt_setup(&fx,
             "alert http any any -> any any (http.uri; content:\"/login\"; "
             "flowbits:set,tried; flowbits:noalert; sid:1;)\n"
             "alert http any any -> any any (flow:to_client; flowbits:isset,tried; "
             "http.stat_code; content:\"200\"; sid:2;)\n"
             "alert http any any -> any any (flow:to_client; flowbits:isnotset,tried; "
             "http.stat_code; content:\"200\"; sid:3;)\n",
             1);
    rt_response(&fx, 200, "x");
    ck_assert_uint_eq(rt_count(&fx, "1:3:1"), 1);
    rt_request(&fx, "GET", "/login", NULL, "", "", "");
    ck_assert_uint_eq(fx.n, 1); /* noalert */
    rt_response(&fx, 200, "x");
    ck_assert_uint_eq(rt_count(&fx, "1:2:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:3:1"), 1);
    rt_flow_end(&fx); /* the flow's bits go with it */
    rt_response(&fx, 200, "x");
    ck_assert_uint_eq(rt_count(&fx, "1:3:1"), 2);
}
END_TEST

START_TEST(test_threshold_and_detection_filter)
{
    rt_setup(&fx,
             R("content:\"L\"; threshold:type limit, track by_src, count 2, seconds 60; sid:1;") R(
                 "content:\"T\"; threshold:type threshold, track by_src, count 3, seconds 60; "
                 "sid:2;")
                 R("content:\"B\"; threshold:type both, track by_dst, count 2, seconds 60; "
                   "sid:3;") R("content:\"D\"; detection_filter:track by_src, count 2, seconds 60; "
                               "sid:4;"),
             1);
    for (int i = 0; i < 7; i++)
        payload_str("LTBD");
    ck_assert_uint_eq(rt_count(&fx, "1:1:1"), 2); /* first 2 */
    ck_assert_uint_eq(rt_count(&fx, "1:2:1"), 2); /* 3rd and 6th */
    ck_assert_uint_eq(rt_count(&fx, "1:3:1"), 1); /* once, at the 2nd */
    ck_assert_uint_eq(rt_count(&fx, "1:4:1"), 5); /* 3rd..7th */
    fx.now.sec += 61;                             /* a new window */
    payload_str("LTBD");
    ck_assert_uint_eq(rt_count(&fx, "1:1:1"), 3);
    ck_assert_uint_eq(rt_count(&fx, "1:3:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:4:1"), 5);
}
END_TEST

START_TEST(test_addresses_ports_and_vars)
{
    rt_setup(&fx,
             "alert tcp any any -> $SW_INFRA 443 (content:\"a\"; sid:1;)\n"
             "alert tcp !$SW_NOC any -> any any (content:\"a\"; sid:2;)\n"
             "alert tcp $EXTERNAL_NET any -> $HOME_NET [400:500,!444] (content:\"a\"; sid:3;)\n"
             "alert tcp [198.51.100.0/24,!198.51.100.9] any -> any any (content:\"a\"; sid:4;)\n"
             "alert tcp any any -> $SW_EDGE_APPS any (content:\"a\"; sid:5;)\n"
             "alert tcp any 40000: -> any :442 (content:\"a\"; sid:6;)\n"
             "alert tcp any any <> 198.51.100.9 any (flow:to_client; content:\"a\"; sid:7;)\n"
             "alert udp any any -> any any (content:\"a\"; sid:8;)\n",
             1);
    payload_str("a"); /* 198.51.100.9:40000 -> 10.0.0.1:443 */
    ck_assert_uint_eq(rt_count(&fx, "1:1:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:2:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:3:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:4:1"), 0); /* excluded host */
    ck_assert_uint_eq(rt_count(&fx, "1:5:1"), 0);
    ck_assert_uint_eq(rt_count(&fx, "1:6:1"), 0); /* 443 > 442 */
    ck_assert_uint_eq(rt_count(&fx, "1:8:1"), 0); /* TCP flow */
    rt_flow(&fx, RT_NOC, 40000, RT_INFRA, 444);
    payload_str("a");
    ck_assert_uint_eq(rt_count(&fx, "1:2:1"), 1); /* from the NOC */
    ck_assert_uint_eq(rt_count(&fx, "1:3:1"), 1); /* NOC is HOME_NET; port 444 excluded */
    rt_flow(&fx, RT_CLIENT, 40000, RT_INFRA, 443);
    rt_payload(&fx, 0, (const uint8_t *)"a", 1); /* server -> client: 10.0.0.1 -> .9 */
    ck_assert_uint_eq(rt_count(&fx, "1:7:1"), 1);
}
END_TEST

START_TEST(test_app_buffers_and_pass)
{
    rt_setup(&fx,
             "alert tls any any -> any any (tls.sni; content:\"evil.example\"; endswith; sid:1;)\n"
             "alert ssh any any -> any any (ssh.software; content:\"Go\"; startswith; sid:2;)\n"
             "alert dns any any -> any any (dns.query; content:\"c2.\"; nocase; sid:3;)\n"
             "pass dns any any -> any any (dns.query; content:\"ok.c2.\"; sid:4;)\n"
             "alert http any any -> any any (http.uri; content:\"/\"; sid:5;)\n"
             "alert http any any -> any any (http.method; content:\"GET\"; sid:6;)\n",
             1);
    rt_tls(&fx, "www.evil.example");
    rt_ssh(&fx, "2.0", "Go");
    rt_dns(&fx, "x.C2.example");
    rt_dns(&fx, "ok.c2.example"); /* pass wins over alert */
    ck_assert_uint_eq(rt_count(&fx, "1:1:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:2:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:3:1"), 1);
    fx.flow.tcp_state = SW_TCP_SYN_SENT; /* rule without flow:established still matches */
    rt_request(&fx, "GET", "/", NULL, "", "", "");
    ck_assert_uint_eq(rt_count(&fx, "1:5:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:6:1"), 1);
    sw_rule_stats st;
    sw_engine_get_rule_stats(fx.engine, &st);
    ck_assert_uint_eq(st.passed, 1);
    ck_assert_uint_eq(st.alerts, 5);
}
END_TEST

/* A rule outside the catalog alerts as its own entry (sid, msg, classtype description). */
START_TEST(test_own_entry_and_reload_keeps_flowbits)
{
    rt_setup(&fx,
             "alert http any any -> any any (msg:\"local rule\"; http.uri; content:\"/a\"; "
             "flowbits:set,seen; classtype:attempted-admin; sid:1000001; rev:3;)\n",
             1);
    rt_request(&fx, "GET", "/a", NULL, "", "", "");
    ck_assert_str_eq(fx.id[0], "SID-1000001");
    ck_assert_str_eq(fx.rule[0], "1:1000001:3");
    ck_assert_int_eq(fx.severity[0], SW_SEV_CRITICAL); /* attempted-admin priority 1 */
    sw_ruleset *next = sw_ruleset_new();
    const char *text = "alert http any any -> any any (flow:to_client; flowbits:isset,seen; "
                       "http.stat_code; content:\"200\"; sid:2;)\n";
    ck_assert_int_eq(sw_ruleset_load_string(next, text, strlen(text), "n.rules", NULL), SW_OK);
    ck_assert_int_eq(sw_ruleset_compile(next, NULL), SW_OK);
    ck_assert_int_eq(sw_engine_set_rules(fx.engine, next, NULL), SW_OK);
    sw_ruleset_free(fx.rs);
    fx.rs = next;
    rt_response(&fx, 200, "");
    ck_assert_uint_eq(rt_count(&fx, "1:2:1"), 1);
}
END_TEST

/* A reload in the sensor builds a new engine: the flowbit a request set on the old engine must
 * still be there for the response (and is lost without sw_engine_take_rule_state). */
static const char *const set_rule =
    "alert http any any -> any any (http.uri; content:\"/a\"; flowbits:set,seen; sid:1;)\n";
static const char *const check_rule =
    "alert http any any -> any any (flow:to_client; flowbits:isset,seen; http.stat_code; "
    "content:\"200\"; sid:2;)\n";

START_TEST(test_replaced_engine_takes_rule_state)
{
    rt_setup(&fx, set_rule, 1);
    rt_request(&fx, "GET", "/a", NULL, "", "", "");
    ck_assert_uint_eq(rt_count(&fx, "1:1:1"), 1);
    rt_replace_engine(&fx, check_rule, 1);
    rt_response(&fx, 200, "");
    ck_assert_uint_eq(rt_count(&fx, "1:2:1"), 1);
}
END_TEST

START_TEST(test_replaced_engine_without_state)
{
    rt_setup(&fx, set_rule, 1);
    rt_request(&fx, "GET", "/a", NULL, "", "", "");
    rt_replace_engine(&fx, check_rule, 0);
    rt_response(&fx, 200, "");
    ck_assert_uint_eq(rt_count(&fx, "1:2:1"), 0); /* control: the bit lived in the old engine */
}
END_TEST

/* docs/hygiene.md: `suppress gen_id 1, sig_id N` drops alerts of sid N; `threshold ... type
 * limit, count 1` lets the first per window through. Rule alerts take the same path. */
START_TEST(test_rule_alerts_pass_hygiene)
{
    rt_setup(&fx,
             "alert http any any -> any any (http.uri; content:\"/x\"; sid:1000011;)\n"
             "alert http any any -> any any (http.uri; content:\"/x\"; sid:1000012;)\n",
             1);
    const char *text = "suppress gen_id 1, sig_id 1000011\n"
                       "threshold gen_id 1, sig_id 1000012, type limit, track by_src, count 1, "
                       "seconds 60\n";
    sw_hygiene_rules *hr = NULL;
    sw_error err;
    ck_assert_int_eq(
        sw_hygiene_rules_load_string(text, strlen(text), "t.conf", fx.catalog, &hr, &err), SW_OK);
    ck_assert_int_eq(sw_engine_set_hygiene(fx.engine, hr, &err), SW_OK);
    for (int i = 0; i < 3; i++)
        rt_request(&fx, "GET", "/x", NULL, "", "", "");
    ck_assert_uint_eq(rt_count(&fx, "1:1000011:1"), 0);
    ck_assert_uint_eq(rt_count(&fx, "1:1000012:1"), 1);
    sw_hygiene_stats hs;
    sw_engine_get_hygiene_stats(fx.engine, &hs);
    ck_assert_uint_eq(hs.suppressed, 3);
    ck_assert_uint_eq(hs.thresholded, 2);
    sw_engine_stats es;
    sw_engine_get_stats(fx.engine, &es);
    ck_assert_uint_eq(es.alerts, 6); /* counted before hygiene, like built-in alerts */
    ck_assert_int_eq(sw_engine_set_hygiene(fx.engine, NULL, &err), SW_OK);
    sw_hygiene_rules_free(hr);
}
END_TEST

static Suite *rules_match_suite(void)
{
    Suite *s = suite_create("rules-match");
    TCase *tc = tcase_create("match");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, test_content_modifiers);
    tcase_add_test(tc, test_relative_backtracking);
    tcase_add_test(tc, test_isdataat_dsize_byte_test);
    tcase_add_test(tc, test_pcre_http_modifiers);
    tcase_add_test(tc, test_flowbits_across_request_response);
    tcase_add_test(tc, test_threshold_and_detection_filter);
    tcase_add_test(tc, test_addresses_ports_and_vars);
    tcase_add_test(tc, test_app_buffers_and_pass);
    tcase_add_test(tc, test_own_entry_and_reload_keeps_flowbits);
    tcase_add_test(tc, test_replaced_engine_takes_rule_state);
    tcase_add_test(tc, test_replaced_engine_without_state);
    tcase_add_test(tc, test_rule_alerts_pass_hygiene);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return sw_test_run(rules_match_suite());
}
