/* libFuzzer target for the whole sensor chain: decode, defrag, flow table, TCP reassembly, app
 * layer, engine (built-in detections, content rules, IOC sets) and EVE rendering, configured as
 * the lab sensor (etc/seawall-lab.yaml, signatures/seawall.rules).
 *
 * Input: one profile byte, then packet records, each
 *   u16 caplen (big-endian) | u8 control | caplen bytes (fewer if the input ends first)
 * control bits 0-2 pick the link type (link_types[] below, the order pcap_seeds.py uses), bit 3
 * runs an idle tick (sw_pipeline_tick) at the new time before the packet, bit 4 marks the packet
 * as cut by the snap length (wirelen > caplen), bits 5-7 pick the time step (time_steps_us[]).
 * Profile bit 0 selects tight memory limits (flow, stream and defrag memcaps), bit 1 other EVE
 * options, bit 2 a reload as on SIGHUP before packet number `profile >> 4` (or before the finish
 * when the input has fewer), bit 3 alert hygiene (hygiene_rules below: suppress, threshold,
 * rate_filter and aggregate, whose held alerts cross flow ends, reloads and the finish). For the
 * reload the pipeline starts on a detection set of its own, switches to the shared one and frees
 * its own at once, as the sensor does: flow or app-layer state still pointing into the old set
 * is then a use after free. Time starts at the same instant for every input, so a run is
 * reproducible.
 *
 * The catalog, configuration and rules are loaded once (apart from the reload's own set); each
 * input gets its own pipeline, fed and then finished, so inputs are independent. Every record is
 * rendered as the sinks render it (sw_json_append) and compared with jansson's own text, alerts
 * also through the text writer the sensor uses (sw_eve_alert_write); a
 * difference, a record the sinks would refuse, flow state surviving the finish or flow and
 * packet counters that do not add up trap. */
#include "eve-write.h"
#include "hygiene.h"
#include "json-write.h"
#include "output.h"
#include "pipeline.h"
#include "reload.h"
#include "util-cursor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const int link_types[] = {SW_LINK_ETHERNET, SW_LINK_NULL, SW_LINK_RAW, SW_DLT_RAW,
                                 SW_LINK_IPV4,     SW_LINK_IPV6, SW_LINK_SLL, SW_LINK_SLL2};

/* Steps reach past every flow timeout (tcp new/closed 60 s, established 600 s, udp 30/300 s)
 * and the lab's learning periods; the last steps back, as merged captures do. */
static const int64_t time_steps_us[8] = {1,        1000,     100000,    1000000,
                                         31000000, 61000000, 601000000, -1000000};

#define PROFILE_TIGHT   0x01
#define PROFILE_EVE_ALT 0x02
#define PROFILE_RELOAD  0x04
#define PROFILE_HYGIENE 0x08
#define RELOAD_AT_SHIFT 4
#define CTL_LINK_MASK   0x07
#define CTL_TICK        0x08
#define CTL_SNAP_CUT    0x10
#define CTL_STEP_SHIFT  5
#define FUZZ_START_SEC  1700000000
#define FUZZ_CUT_EXTRA  1000 /* wirelen - caplen of a packet cut by the snap length */

typedef struct fuzz_world {
    sw_detection_set *set[2]; /* indexed by the profile's hygiene bit */
    sw_sensor_config scfg[4]; /* indexed by the profile's two bits */
    sw_jbuf text;
    const sw_eve_options *eve;                               /* the running input's */
    uint64_t inputs, alerts, flows, anomalies, stats, other; /* records by event_type */
} fuzz_world;

static fuzz_world world;

static void die(const char *what, const sw_error *err)
{
    char text[1200];
    sw_error_format(err, text, sizeof(text));
    fprintf(stderr, "fuzz-pipeline: %s: %s\n", what, text);
    exit(1);
}

static void on_rule_warning(const sw_error *w, void *user)
{
    (void)w;
    (void)user; /* skipped rules are the rules test's business */
}

/* The lab's tables at their defaults (8192 entries each) cost megabytes of zeroed pages per
 * engine, i.e. per input, more than the packets; at their minimum they cost little, and eviction,
 * which a full table needs thousands of hosts to reach, is in reach of a few dozen packets. */
static const char small_tables[] = "detections:\n"
                                   "  ST-ACC-003: {state-entries: 16}\n"
                                   "  ST-ACC-004: {state-entries: 16}\n"
                                   "  ST-LAT-001: {state-entries: 16}\n"
                                   "  ST-LAT-004: {state-entries: 16}\n"
                                   "  ST-EVA-001: {state-entries: 16}\n"
                                   "  ST-SCAN-001: {state-entries: 16}\n"
                                   "  ST-SNMP-003: {max-sources: 16}\n"
                                   "  ST-SNMP-004: {max-devices: 16}\n"
                                   "  ST-EXF-004: {max-transfers: 16}\n";

/* Every kind of hygiene rule on ids the lab sample raises, built-in and content rules alike (a
 * held alert of a rule points into the ruleset a reload frees). */
static const char hygiene_rules[] =
    "suppress gen_id 1, sig_id ST-LAT-002, track by_src, ip 10.20.0.0/24\n"
    "threshold gen_id 1, sig_id 0, type limit, track by_src, count 3, seconds 60\n"
    "threshold gen_id 1, sig_id ST-ACC-001, type both, track by_both, count 2, seconds 30\n"
    "rate_filter gen_id 1, sig_id 0, track by_rule, count 5, seconds 10, new_action drop, "
    "timeout 30\n"
    "aggregate sig_id ST-ACC-005, track by_both, seconds 120\n"
    "aggregate sig_id ST-SCAN-001, track by_src, seconds 60\n"
    "aggregate sig_id 9100101, track by_rule, seconds 600\n"
    "aggregate sig_id 9100106, track by_dst, seconds 30\n";

static void shrink_tables(sw_detection_set *set)
{
    sw_conf_node *overlay = NULL;
    sw_error err = {0};
    if (sw_conf_load_string(small_tables, sizeof(small_tables) - 1, "fuzz-pipeline", &overlay,
                            &err) != SW_OK ||
        sw_engine_config_apply(set->ecfg, overlay, set->catalog, &err) != SW_OK)
        die("table sizes", &err);
    sw_conf_free(overlay);
}

static void make_profiles(const sw_sensor_config *lab)
{
    for (unsigned i = 0; i < 4; i++) {
        sw_sensor_config *c = &world.scfg[i];
        *c = *lab;
        c->flow.seed = 1;         /* flow ids and buckets the same on every run */
        c->flow.hash_size = 1024; /* the default table's calloc would dominate each run */
        if (i & PROFILE_TIGHT) {
            c->flow.memcap = 16u << 10;
            c->flow.hash_size = 16;
            c->stream.memcap = 16u << 10;
            c->stream.depth = 2048;
            c->decode.defrag_memcap = 8u << 10;
            c->decode.defrag_trackers = 4;
        }
        if (i & PROFILE_EVE_ALT) {
            c->eve.community_id = 0;
            c->eve.host = "fuzz\"sensor";
            c->eve.pkt_src = "wire/pcap";
            c->stats_interval_s = 1;
        }
    }
}

/* With SEAWALL_FUZZ_SUMMARY set, what the inputs produced: a replay of converted captures that
 * yields no alert means the seed converter and this reader disagree (tests/CMakeLists.txt). */
static void print_summary(void)
{
    printf("fuzz-pipeline: %llu inputs, records: alert=%llu flow=%llu anomaly=%llu stats=%llu "
           "other=%llu\n",
           (unsigned long long)world.inputs, (unsigned long long)world.alerts,
           (unsigned long long)world.flows, (unsigned long long)world.anomalies,
           (unsigned long long)world.stats, (unsigned long long)world.other);
}

/* The lab detection set with the shipped rules, its tables shrunk, and hygiene_rules if asked;
 * *lab gets the sensor sections of the configuration. */
static sw_detection_set *load_lab(sw_sensor_config *lab, int with_hygiene)
{
    sw_sensor_config_defaults(lab);
    sw_geo_config geo;
    sw_geo_config_defaults(&geo);
    sw_detection_set *set = NULL;
    const char *stage = NULL;
    sw_error err = {0};
    if (sw_detection_set_load(SW_SOURCE_DIR "/signatures/catalog.yaml",
                              SW_SOURCE_DIR "/etc/seawall-lab.yaml", lab, &geo, &set, &stage,
                              &err) != SW_OK)
        die(stage, &err);
    const char *rules[] = {SW_SOURCE_DIR "/signatures/seawall.rules"};
    if (sw_detection_set_load_rules(set, rules, 1, on_rule_warning, NULL, &err) != SW_OK)
        die("rules", &err);
    if (!set->rules || set->ioc.indicators == 0)
        die("lab configuration without rules or IOCs", &err);
    shrink_tables(set);
    if (with_hygiene && sw_hygiene_rules_load_string(hygiene_rules, sizeof(hygiene_rules) - 1,
                                                     "fuzz-pipeline hygiene", set->catalog,
                                                     &set->hygiene, &err) != SW_OK)
        die("hygiene rules", &err);
    return set;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sw_sensor_config lab;
    world.set[0] = load_lab(&lab, 0);
    world.set[1] = load_lab(&lab, 1);
    make_profiles(&lab);
    sw_jbuf_init(&world.text, SW_OUTPUT_MAX_RECORD);
    if (getenv("SEAWALL_FUZZ_SUMMARY"))
        atexit(print_summary);
    return 0;
}

static void count(const char *type)
{
    if (strcmp(type, "alert") == 0)
        world.alerts++;
    else if (strcmp(type, "flow") == 0)
        world.flows++;
    else if (strcmp(type, "anomaly") == 0)
        world.anomalies++;
    else if (strcmp(type, "stats") == 0)
        world.stats++;
    else
        world.other++;
}

/* What a sink would write, checked against jansson's text of the same record. */
static void on_record(json_t *record, void *user)
{
    (void)user;
    const char *type = json_string_value(json_object_get(record, "event_type"));
    if (!type || !json_is_string(json_object_get(record, "timestamp")))
        __builtin_trap();
    count(type);
    world.text.len = 0;
    if (sw_json_append(&world.text, record) != 0)
        __builtin_trap(); /* the sink would drop this record */
    char *reference = json_dumps(record, JSON_COMPACT);
    if (!reference)
        return; /* jansson out of memory: nothing to compare with */
    if (strlen(reference) != world.text.len ||
        memcmp(reference, world.text.data, world.text.len) != 0)
        __builtin_trap();
    free(reference);
}

/* Alerts as the sensor writes them (text, core/eve-write.h), checked against the tree's. */
static int on_alert(const sw_alert *alert, void *user)
{
    (void)user;
    json_t *tree = sw_eve_alert(alert, world.eve);
    char *reference = tree ? json_dumps(tree, JSON_COMPACT) : NULL;
    if (tree)
        on_record(tree, NULL);
    json_decref(tree);
    world.text.len = 0;
    int rc = sw_eve_alert_write(&world.text, alert, world.eve, NULL, NULL);
    if (!tree != (rc != 0))
        __builtin_trap(); /* one writer refused what the other took */
    if (reference && (strlen(reference) != world.text.len ||
                      memcmp(reference, world.text.data, world.text.len) != 0))
        __builtin_trap();
    free(reference);
    return rc;
}

/* Feeds one record's packet from an exactly sized copy, so a one-byte overread is caught.
 * Returns 1 when the packet went in. */
static int feed(sw_pipeline *pl, sw_packet *p, const uint8_t *bytes, size_t len, uint8_t ctl)
{
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy)
        return 0;
    if (len)
        memcpy(copy, bytes, len);
    uint64_t cnt = p->pcap_cnt;
    sw_time ts = p->ts;
    memset(p, 0, sizeof(*p));
    p->ts = ts;
    p->pcap_cnt = cnt + 1;
    p->linktype = link_types[ctl & CTL_LINK_MASK];
    p->data = copy;
    p->caplen = (uint32_t)len;
    p->wirelen = (uint32_t)len + ((ctl & CTL_SNAP_CUT) ? FUZZ_CUT_EXTRA : 0);
    sw_pipeline_packet(pl, p);
    free(copy);
    return 1;
}

static sw_time advance(sw_time t, int64_t step_us)
{
    int64_t us = t.sec * 1000000 + t.usec + step_us;
    return (sw_time){us / 1000000, (int32_t)(us % 1000000)};
}

/* After the finish every flow has ended, each with its flow record, and every packet was
 * decoded once. */
static void check_finished(sw_pipeline *pl, uint64_t packets)
{
    const sw_flow_stats *fs = sw_pipeline_flow_stats(pl);
    const sw_pipeline_stats *ps = sw_pipeline_get_stats(pl);
    if (fs->active != 0 || fs->memuse != 0)
        __builtin_trap();
    if (fs->timeouts + fs->closed + fs->shutdown + fs->memcap_evictions != fs->total)
        __builtin_trap();
    if (ps->records_failed == 0 && ps->flows_logged != fs->total)
        __builtin_trap();
    if (sw_pipeline_decode_stats(pl)->pkts != packets)
        __builtin_trap();
}

/* SIGHUP: the engine moves to the shared set and the pipeline's own set is freed at once. */
static void reload(sw_pipeline *pl, const sw_detection_set *next, sw_detection_set **own)
{
    sw_error err = {0};
    if (sw_pipeline_set_engine_rules(pl, next->catalog, next->ecfg, next->hygiene, next->rules,
                                     &err) != SW_OK)
        die("reload", &err);
    sw_detection_set_free(*own);
    *own = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sw_cursor c = sw_cur_init(data, size);
    uint8_t profile = sw_cur_u8(&c);
    if (c.err)
        return 0;
    world.inputs++;
    const sw_sensor_config *scfg = &world.scfg[profile & 3];
    const sw_detection_set *shared = world.set[(profile & PROFILE_HYGIENE) != 0];
    sw_sensor_config unused;
    sw_detection_set *own =
        (profile & PROFILE_RELOAD) ? load_lab(&unused, (profile & PROFILE_HYGIENE) != 0) : NULL;
    const sw_detection_set *start = own ? own : shared;
    uint64_t reload_at = profile >> RELOAD_AT_SHIFT;
    sw_error err = {0};
    sw_pipeline *pl = sw_pipeline_new_rules(start->catalog, start->ecfg, start->hygiene,
                                            start->rules, scfg, on_record, NULL, NULL, &err);
    if (!pl)
        die("pipeline", &err);
    world.eve = &scfg->eve;
    sw_pipeline_set_alert_output(pl, on_alert);
    sw_packet p;
    memset(&p, 0, sizeof(p));
    p.ts = (sw_time){FUZZ_START_SEC, 0};
    uint64_t packets = 0;
    while (sw_cur_left(&c) >= 3) {
        uint16_t caplen = sw_cur_be16(&c);
        uint8_t ctl = sw_cur_u8(&c);
        size_t len = caplen < sw_cur_left(&c) ? caplen : sw_cur_left(&c);
        const uint8_t *bytes = sw_cur_ptr(&c);
        sw_cur_skip(&c, len);
        p.ts = advance(p.ts, time_steps_us[ctl >> CTL_STEP_SHIFT]);
        if (ctl & CTL_TICK)
            sw_pipeline_tick(pl, p.ts);
        if (own && packets == reload_at)
            reload(pl, shared, &own);
        packets += (uint64_t)feed(pl, &p, bytes, len, ctl);
    }
    if (own)
        reload(pl, shared, &own);
    sw_pipeline_finish(pl);
    check_finished(pl, packets);
    sw_pipeline_free(pl);
    return 0;
}
