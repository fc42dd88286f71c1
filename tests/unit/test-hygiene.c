/* Unit tests for alert hygiene. Expected pass/drop sequences are worked out by hand from
 * Suricata's documented threshold.config semantics (docs.suricata.io "Global-Thresholds":
 * limit = first N per window, threshold = every Nth, both = once at the Nth, rate_filter =
 * new_action for `timeout` after more than N in `seconds`), not from this module's output. */
#include "hygiene.h"
#include "sw-test.h"

#include <stdio.h>
#include <string.h>

#define MAX_SEEN 512

static const sw_catalog_entry tun001 = {.id = "ST-TUN-001", .gid = 1, .sid = 9100401, .rev = 1};
static const sw_catalog_entry acc005 = {.id = "ST-ACC-005", .gid = 1, .sid = 9100205, .rev = 1};
static const sw_catalog_entry acc005bis = {.id = "ST-ACC-002", .gid = 1, .sid = 9100202, .rev = 1};

typedef struct fixture {
    sw_hygiene_rules *rules;
    sw_hygiene *h;
    size_t n;
    int64_t ts[MAX_SEEN];
    char count[MAX_SEEN][16];
    char first_ev[MAX_SEEN][32];
} fixture;

static void on_alert(const sw_alert *a, void *user)
{
    fixture *fx = user;
    if (fx->n >= MAX_SEEN) { /* the cap tests only count */
        fx->n++;
        return;
    }
    fx->ts[fx->n] = a->ts.sec;
    fx->count[fx->n][0] = '\0';
    fx->first_ev[fx->n][0] = '\0';
    if (a->n_evidence)
        snprintf(fx->first_ev[fx->n], 32, "%s=%s", a->evidence[0].key, a->evidence[0].value);
    for (size_t i = 0; i < a->n_evidence; i++)
        if (strcmp(a->evidence[i].key, "count") == 0)
            snprintf(fx->count[fx->n], 16, "%s", a->evidence[i].value);
    fx->n++;
}

static void setup(fixture *fx, const char *text)
{
    memset(fx, 0, sizeof(*fx));
    sw_error err = {0};
    sw_catalog *cat = NULL;
    ck_assert_int_eq(sw_catalog_load_file(sw_test_source("signatures/catalog.yaml"), &cat, &err),
                     SW_OK);
    sw_status st =
        sw_hygiene_rules_load_string(text, strlen(text), "t.config", cat, &fx->rules, &err);
    ck_assert_msg(st == SW_OK, "%s:%u: %s: %s", err.file, err.line, err.key, err.text);
    sw_catalog_free(cat); /* rules keep gid/sid numbers, not catalog pointers */
    fx->h = sw_hygiene_new(fx->rules);
    ck_assert_ptr_nonnull(fx->h);
}

static void teardown(fixture *fx)
{
    sw_hygiene_free(fx->h);
    sw_hygiene_rules_free(fx->rules);
}

/* One hand-made alert of `entry` from src to dst at second `sec`. */
static void feed(fixture *fx, const sw_catalog_entry *entry, const char *src, const char *dst,
                 int64_t sec)
{
    sw_flow_obs flow;
    memset(&flow, 0, sizeof(flow));
    ck_assert_int_eq(sw_ip_parse(&flow.src, src), SW_OK);
    ck_assert_int_eq(sw_ip_parse(&flow.dst, dst), SW_OK);
    flow.proto = 47;
    sw_alert a;
    memset(&a, 0, sizeof(a));
    a.entry = entry;
    a.severity = SW_SEV_HIGH;
    a.ts = (sw_time){sec, 0};
    a.flow = &flow;
    a.n_evidence = 1;
    a.evidence[0] = (sw_evidence){"peer", dst};
    sw_hygiene_alert(fx->h, &a, on_alert, fx);
}

static sw_status load_error(const char *text, sw_error *err)
{
    sw_catalog *cat = NULL;
    sw_hygiene_rules *rules = NULL;
    sw_error cerr = {0};
    ck_assert_int_eq(sw_catalog_load_file(sw_test_source("signatures/catalog.yaml"), &cat, &cerr),
                     SW_OK);
    memset(err, 0, sizeof(*err));
    sw_status st = sw_hygiene_rules_load_string(text, strlen(text), "bad.config", cat, &rules, err);
    ck_assert_ptr_null(rules);
    sw_catalog_free(cat);
    return st;
}

START_TEST(parse_every_kind)
{
    fixture fx;
    setup(&fx, "# comment line\n"
               "suppress gen_id 1, sig_id 9100401\n"
               "suppress gen_id 1, sig_id 9100401, track by_either, ip [10.0.0.0/8, 2001:db8::1]\n"
               "threshold gen_id 1, sig_id 9100401, type limit, track by_src, count 1, seconds 60\n"
               "rate_filter sig_id ST-AAA-001, track by_rule, count 5, seconds 10, "
               "new_action drop, timeout 30\n"
               "  aggregate sig_id ST-ACC-005, track by_both, seconds 300   # trailing\n"
               "\n");
    ck_assert_uint_eq(sw_hygiene_rules_count(fx.rules), 5);
    teardown(&fx);
}
END_TEST

START_TEST(parse_errors_name_line_and_key)
{
    static const struct {
        const char *text;
        unsigned line;
        const char *key;
    } cases[] = {
        {"\nsupress gen_id 1, sig_id 1\n", 2, "supress"},
        {"threshold gen_id 1, sig_id 1, type limit, track by_src, seconds 60\n", 1, "count"},
        {"threshold gen_id 1, sig_id 1, type often, track by_src, count 1, seconds 6\n", 1, "type"},
        {"threshold gen_id 1, sig_id 1, type limit, track by_either, count 1, seconds 6\n", 1,
         "track"},
        {"suppress gen_id 1, sig_id 1, track by_src, ip $HOME_NET\n", 1, "ip"},
        {"suppress gen_id 1, sig_id 1, track by_src, ip 10.0.0.300\n", 1, "ip"},
        {"suppress gen_id 1, sig_id 1, track by_src\n", 1, "track"},
        {"suppress gen_id 1, sig_id ST-NOPE-999\n", 1, "sig_id"},
        {"suppress gen_id 1, sig_id 1, count 3\n", 1, "count"},
        {"#\n#\naggregate sig_id 1, track by_src, seconds 0\n", 3, "seconds"},
        {"rate_filter sig_id 1, track by_rule, count 5, seconds 10, new_action log, timeout 1\n", 1,
         "new_action"},
        {"suppress gen_id 1, sig_id 1, sig_id 2\n", 1, "sig_id"},
        {"suppress gen_id 1,, sig_id 2\n", 1, "suppress"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        sw_error err;
        ck_assert_int_eq(load_error(cases[i].text, &err), SW_ERR_PARSE);
        ck_assert_str_eq(err.file, "bad.config");
        ck_assert_msg(err.line == cases[i].line, "case %zu: line %u", i, err.line);
        ck_assert_msg(strcmp(err.key, cases[i].key) == 0, "case %zu: key %s (%s)", i, err.key,
                      err.text);
    }
}
END_TEST

START_TEST(suppress_whole_signature_and_by_address)
{
    fixture fx;
    setup(&fx, "suppress gen_id 1, sig_id 9100205\n"
               "suppress gen_id 1, sig_id ST-TUN-001, track by_src, ip 10.1.0.0/16\n"
               "suppress gen_id 1, sig_id 9100401, track by_either, ip [192.0.2.7, 2001:db8::9]\n");
    feed(&fx, &acc005, "203.0.113.1", "10.0.0.1", 1);  /* whole sid: dropped */
    feed(&fx, &tun001, "10.1.2.3", "198.51.100.1", 2); /* src in 10.1/16: dropped */
    feed(&fx, &tun001, "10.2.2.3", "198.51.100.1", 3); /* passes */
    feed(&fx, &tun001, "10.2.2.3", "192.0.2.7", 4);    /* dst listed, by_either: dropped */
    feed(&fx, &tun001, "2001:db8::9", "2001:db8::1", 5);
    ck_assert_uint_eq(fx.n, 1);
    ck_assert_int_eq(fx.ts[0], 3);
    sw_hygiene_stats st;
    sw_hygiene_get_stats(fx.h, &st);
    ck_assert_uint_eq(st.suppressed, 4);
    ck_assert_uint_eq(st.passed, 1);
    teardown(&fx);
}
END_TEST

START_TEST(threshold_limit_per_source_and_window)
{
    fixture fx;
    setup(&fx,
          "threshold gen_id 1, sig_id 9100401, type limit, track by_src, count 2, seconds 60\n");
    for (int64_t t = 0; t < 5; t++)
        feed(&fx, &tun001, "10.0.0.1", "198.51.100.1", 100 + t); /* 100,101 pass */
    feed(&fx, &tun001, "10.0.0.2", "198.51.100.1", 102);         /* other source: passes */
    feed(&fx, &tun001, "10.0.0.1", "198.51.100.1", 160);         /* 60 s after 100: same window */
    feed(&fx, &tun001, "10.0.0.1", "198.51.100.1", 161);         /* new window: passes */
    feed(&fx, &acc005, "10.0.0.1", "198.51.100.1", 103);         /* other sid: untouched */
    ck_assert_uint_eq(fx.n, 5);
    int64_t want[] = {100, 101, 102, 161, 103};
    for (size_t i = 0; i < 5; i++)
        ck_assert_int_eq(fx.ts[i], want[i]);
    teardown(&fx);
}
END_TEST

START_TEST(threshold_every_nth_and_both)
{
    fixture fx;
    setup(&fx,
          "threshold gen_id 1, sig_id 9100401, type threshold, track by_dst, count 3, "
          "seconds 100\n"
          "threshold gen_id 1, sig_id 9100205, type both, track by_both, count 3, seconds 100\n");
    for (int64_t t = 1; t <= 7; t++)
        feed(&fx, &tun001, "10.0.0.1", "198.51.100.1", t); /* every 3rd: t=3, t=6 */
    for (int64_t t = 11; t <= 16; t++)
        feed(&fx, &acc005, "203.0.113.5", "10.0.0.1", t); /* only the 3rd: t=13 */
    ck_assert_uint_eq(fx.n, 3);
    ck_assert_int_eq(fx.ts[0], 3);
    ck_assert_int_eq(fx.ts[1], 6);
    ck_assert_int_eq(fx.ts[2], 13);
    teardown(&fx);
}
END_TEST

START_TEST(exact_sid_rule_wins_over_global)
{
    fixture fx;
    setup(&fx, "threshold gen_id 0, sig_id 0, type limit, track by_rule, count 1, seconds 100\n"
               "threshold gen_id 1, sig_id 9100401, type limit, track by_rule, count 3, "
               "seconds 100\n");
    for (int64_t t = 1; t <= 4; t++) {
        feed(&fx, &tun001, "10.0.0.1", "198.51.100.1", t);    /* limit 3: t=1..3 */
        feed(&fx, &acc005, "10.0.0.1", "198.51.100.1", t);    /* global limit 1: t=1 */
        feed(&fx, &acc005bis, "10.0.0.1", "198.51.100.1", t); /* counted apart: t=1 */
    }
    ck_assert_uint_eq(fx.n, 5);
    teardown(&fx);
}
END_TEST

START_TEST(rate_filter_withholds_for_timeout)
{
    fixture fx;
    setup(&fx, "rate_filter gen_id 1, sig_id 9100401, track by_rule, count 2, seconds 10, "
               "new_action drop, timeout 30\n");
    int64_t times[] = {0, 1, 2, 3, 31, 33, 34, 35};
    /* 0,1 pass; 2 is the 3rd in 10 s: drop starts, until 32; 3 and 31 dropped; 33 counts anew
     * (passes), 34 passes, 35 is the 3rd of the window from 33: dropped. */
    for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++)
        feed(&fx, &tun001, "10.0.0.1", "198.51.100.1", times[i]);
    ck_assert_uint_eq(fx.n, 4);
    int64_t want[] = {0, 1, 33, 34};
    for (size_t i = 0; i < 4; i++)
        ck_assert_int_eq(fx.ts[i], want[i]);
    sw_hygiene_stats st;
    sw_hygiene_get_stats(fx.h, &st);
    ck_assert_uint_eq(st.rate_filtered, 4);
    teardown(&fx);
}
END_TEST

START_TEST(aggregate_one_alert_per_key_per_window)
{
    fixture fx;
    setup(&fx, "aggregate sig_id ST-ACC-005, track by_src, seconds 60\n");
    feed(&fx, &acc005, "203.0.113.5", "10.0.0.1", 10);
    feed(&fx, &acc005, "203.0.113.5", "10.0.0.2", 20);
    feed(&fx, &acc005, "203.0.113.6", "10.0.0.1", 30);
    feed(&fx, &acc005, "203.0.113.5", "10.0.0.3", 69);
    ck_assert_uint_eq(fx.n, 0); /* all held */
    sw_hygiene_advance(fx.h, (sw_time){70, 0}, on_alert, &fx);
    ck_assert_uint_eq(fx.n, 1); /* window 10..70 of .5 closed; .6's runs to 90 */
    ck_assert_int_eq(fx.ts[0], 10);
    ck_assert_str_eq(fx.count[0], "3");
    ck_assert_str_eq(fx.first_ev[0], "peer=10.0.0.1"); /* the first alert's evidence, copied */
    feed(&fx, &acc005, "203.0.113.5", "10.0.0.4", 71); /* a new window for .5 */
    sw_hygiene_flush(fx.h, on_alert, &fx);
    ck_assert_uint_eq(fx.n, 3);
    ck_assert_int_eq(fx.ts[1], 30); /* deadline 90 before 131 */
    ck_assert_str_eq(fx.count[1], "1");
    ck_assert_int_eq(fx.ts[2], 71);
    sw_hygiene_stats st;
    sw_hygiene_get_stats(fx.h, &st);
    ck_assert_uint_eq(st.aggregated, 2);
    ck_assert_uint_eq(st.aggregates_emitted, 3);
    teardown(&fx);
}
END_TEST

START_TEST(held_alerts_are_capped)
{
    fixture fx;
    setup(&fx, "aggregate sig_id ST-TUN-001, track by_dst, seconds 600\n");
    char dst[32];
    for (int i = 0; i < SW_HYGIENE_MAX_HELD + 10; i++) {
        snprintf(dst, sizeof(dst), "198.51.%d.%d", i / 250, 1 + i % 250);
        feed(&fx, &tun001, "10.0.0.1", dst, 5);
    }
    ck_assert_uint_eq(fx.n, 10); /* the ones beyond the cap pass at once, unaggregated */
    sw_hygiene_stats st;
    sw_hygiene_get_stats(fx.h, &st);
    ck_assert_uint_eq(st.held_dropped, 10);
    sw_hygiene_flush(fx.h, on_alert, &fx);
    ck_assert_uint_eq(fx.n, SW_HYGIENE_MAX_HELD + 10);
    teardown(&fx);
}
END_TEST

START_TEST(tracking_table_is_capped)
{
    fixture fx;
    setup(&fx, "threshold gen_id 1, sig_id 9100401, type limit, track by_src, count 1, "
               "seconds 600\n");
    /* More live keys than entries: some must be reused early, and each reuse is counted. */
    const int keys = SW_HYGIENE_TRACK_BUCKETS * SW_HYGIENE_TRACK_WAYS + 500;
    char src[32];
    for (int i = 0; i < keys; i++) {
        snprintf(src, sizeof(src), "10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255);
        feed(&fx, &tun001, src, "198.51.100.1", 1);
    }
    sw_hygiene_stats st;
    sw_hygiene_get_stats(fx.h, &st);
    ck_assert_uint_ge(st.state_dropped, 500);
    ck_assert_uint_eq(st.passed, (uint64_t)keys); /* every key's first alert passes */
    teardown(&fx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hygiene");
    TCase *parse = tcase_create("parse");
    tcase_add_test(parse, parse_every_kind);
    tcase_add_test(parse, parse_errors_name_line_and_key);
    suite_add_tcase(s, parse);
    TCase *modes = tcase_create("modes");
    tcase_add_test(modes, suppress_whole_signature_and_by_address);
    tcase_add_test(modes, threshold_limit_per_source_and_window);
    tcase_add_test(modes, threshold_every_nth_and_both);
    tcase_add_test(modes, exact_sid_rule_wins_over_global);
    tcase_add_test(modes, rate_filter_withholds_for_timeout);
    tcase_add_test(modes, aggregate_one_alert_per_key_per_window);
    suite_add_tcase(s, modes);
    TCase *caps = tcase_create("caps");
    tcase_add_test(caps, held_alerts_are_capped);
    tcase_add_test(caps, tracking_table_is_capped);
    suite_add_tcase(s, caps);
    return sw_test_run(s);
}
