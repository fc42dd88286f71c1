/* Unit tests for building a pipeline: sw_pipeline_new_rules must give the same pipeline as the
 * sensor's two steps (sw_pipeline_new, then sw_pipeline_set_engine_rules), record for record, on
 * the lab sample capture with the lab configuration and the shipped rules; and the content rules
 * must be live in it (an alert whose evidence names the rule: docs/rules.md). */
#include "json-write.h"
#include "pipeline.h"
#include "reload.h"
#include "sw-test.h"

#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

typedef struct records {
    sw_jbuf text; /* every record's line, one after the other */
    size_t count, rule_alerts;
} records;

static void on_record(json_t *rec, void *user)
{
    records *r = user;
    ck_assert_int_eq(sw_json_append(&r->text, rec), 0);
    ck_assert_int_eq(sw_jbuf_reserve(&r->text, 1), 0);
    r->text.data[r->text.len++] = '\n';
    r->count++;
    const json_t *evidence = json_object_get(json_object_get(rec, SW_EVE_EXTENSION), "evidence");
    if (json_object_get(evidence, "rule"))
        r->rule_alerts++;
}

static sw_detection_set *load_lab(sw_sensor_config *scfg)
{
    sw_geo_config geo;
    sw_geo_config_defaults(&geo);
    sw_sensor_config_defaults(scfg);
    sw_detection_set *set = NULL;
    const char *stage = NULL;
    sw_error err = {0};
    char catalog[1100];
    snprintf(catalog, sizeof(catalog), "%s", sw_test_source("signatures/catalog.yaml"));
    ck_assert_int_eq(sw_detection_set_load(catalog, sw_test_source("etc/seawall-lab.yaml"), scfg,
                                           &geo, &set, &stage, &err),
                     SW_OK);
    const char *rules[] = {sw_test_source("signatures/seawall.rules")};
    ck_assert_int_eq(sw_detection_set_load_rules(set, rules, 1, NULL, NULL, &err), SW_OK);
    ck_assert_ptr_nonnull(set->rules);
    scfg->flow.seed = 1; /* the same flow ids in both pipelines */
    return set;
}

/* Feeds the sample to both pipelines, packet by packet, and finishes them. */
static void run_sample(sw_pipeline *a, sw_pipeline *b)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *pc = pcap_open_offline(sw_test_source("samples/sample.pcap"), errbuf);
    ck_assert_msg(pc != NULL, "%s", errbuf);
    struct pcap_pkthdr *h;
    const u_char *data;
    uint64_t n = 0;
    while (pcap_next_ex(pc, &h, &data) == 1) {
        sw_packet p;
        memset(&p, 0, sizeof(p));
        p.ts = (sw_time){h->ts.tv_sec, (int32_t)h->ts.tv_usec};
        p.pcap_cnt = ++n;
        p.linktype = pcap_datalink(pc);
        p.data = data;
        p.caplen = h->caplen;
        p.wirelen = h->len;
        sw_packet q = p;
        sw_pipeline_packet(a, &p);
        sw_pipeline_packet(b, &q);
    }
    pcap_close(pc);
    ck_assert_uint_gt(n, 0);
    sw_pipeline_finish(a);
    sw_pipeline_finish(b);
}

/* The lab detection set and the records of two pipelines built from it. */
typedef struct pair {
    sw_sensor_config scfg;
    sw_detection_set *set;
    records rec[2];
    sw_pipeline *pl[2];
} pair;

static void pair_init(pair *t)
{
    memset(t, 0, sizeof(*t));
    t->set = load_lab(&t->scfg);
    for (int i = 0; i < 2; i++)
        sw_jbuf_init(&t->rec[i].text, 256u << 20);
}

/* Runs the sample through both pipelines (set by the test) and frees them. */
static void pair_run_and_free(pair *t)
{
    ck_assert_ptr_nonnull(t->pl[0]);
    ck_assert_ptr_nonnull(t->pl[1]);
    run_sample(t->pl[0], t->pl[1]);
    for (int i = 0; i < 2; i++) {
        sw_pipeline_free(t->pl[i]);
        t->pl[i] = NULL;
    }
}

static void pair_free(pair *t)
{
    for (int i = 0; i < 2; i++)
        sw_jbuf_free(&t->rec[i].text);
    sw_detection_set_free(t->set);
}

START_TEST(new_rules_equals_new_then_set_engine_rules)
{
    pair t;
    pair_init(&t);
    const sw_detection_set *set = t.set;
    sw_error err = {0};
    t.pl[0] = sw_pipeline_new(set->catalog, set->ecfg, &t.scfg, on_record, NULL, &t.rec[0], &err);
    ck_assert_ptr_nonnull(t.pl[0]);
    ck_assert_int_eq(sw_pipeline_set_engine_rules(t.pl[0], set->catalog, set->ecfg, set->hygiene,
                                                  set->rules, &err),
                     SW_OK);
    t.pl[1] = sw_pipeline_new_rules(set->catalog, set->ecfg, set->hygiene, set->rules, &t.scfg,
                                    on_record, NULL, &t.rec[1], &err);
    pair_run_and_free(&t);
    const records *two_steps = &t.rec[0], *one_step = &t.rec[1];
    ck_assert_uint_gt(one_step->rule_alerts, 0);
    ck_assert_uint_eq(one_step->count, two_steps->count);
    ck_assert_uint_eq(one_step->text.len, two_steps->text.len);
    ck_assert(memcmp(one_step->text.data, two_steps->text.data, one_step->text.len) == 0);
    pair_free(&t);
}
END_TEST

START_TEST(new_rules_without_rules_has_no_rule_alerts)
{
    pair t;
    pair_init(&t);
    const sw_detection_set *set = t.set;
    sw_error err = {0};
    t.pl[0] = sw_pipeline_new_rules(set->catalog, set->ecfg, NULL, set->rules, &t.scfg, on_record,
                                    NULL, &t.rec[0], &err);
    t.pl[1] = sw_pipeline_new_rules(set->catalog, set->ecfg, NULL, NULL, &t.scfg, on_record, NULL,
                                    &t.rec[1], &err);
    pair_run_and_free(&t);
    ck_assert_uint_gt(t.rec[0].rule_alerts, 0);
    ck_assert_uint_eq(t.rec[1].rule_alerts, 0);
    ck_assert_uint_gt(t.rec[1].count, 0); /* the built-in detections and flows still report */
    pair_free(&t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pipeline");
    TCase *tc = tcase_create("build");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, new_rules_equals_new_then_set_engine_rules);
    tcase_add_test(tc, new_rules_without_rules_has_no_rule_alerts);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
