/* The worker chain. Everything here runs per packet: no allocation beyond what the stages own,
 * no logging (problems are counters and anomaly records). */
#include "pipeline.h"

#include "app-layer.h"
#include "eve-write.h"
#include "flow.h"
#include "hygiene.h"
#include "obs-copy.h"
#include "output.h"
#include "packet-clock.h"
#include "state-file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sw_pipeline {
    const sw_sensor_config *cfg;
    sw_decoder *decoder;
    sw_flow_table *flows;
    sw_app_layer *app;
    sw_engine *engine;
    sw_record_cb emit;
    sw_text_record_cb emit_text;   /* NULL: every record as a tree */
    sw_alert_record_cb emit_alert; /* NULL: alerts as trees for emit */
    sw_jbuf text;                  /* the record being written for emit_text, reused */
    sw_stats_cb add_stats;
    void *user;
    sw_packet_clock clock;
    int64_t next_stats_sec;
    sw_pipeline_stats stats;
    /* Split run (sw_pipeline_set_forward): the alerts raised for the observation being
     * processed, copied (their evidence lives on detector stacks) until it is forwarded. */
    sw_forward_cb forward;
    void *forward_user;
    size_t n_held;
    sw_alert held[SW_PIPELINE_MAX_HELD];
    int held_origin[SW_PIPELINE_MAX_HELD];
    sw_arena held_arena;
    uint8_t held_bytes[SW_PIPELINE_MAX_HELD * 2048];
    char state_path[1100];   /* this pipeline's baseline file; "" = not kept */
    uint64_t state_interval; /* seconds of packet time between saves */
    int64_t next_state_save; /* 0 = not scheduled yet */
};

static void emit_record(sw_pipeline *pl, json_t *rec, uint64_t *counter)
{
    if (!rec) {
        pl->stats.records_failed++;
        return;
    }
    pl->emit(rec, pl->user);
    json_decref(rec);
    (*counter)++;
}

/* rc is what the eve-write function returned for the record now in pl->text. */
static void emit_rendered(sw_pipeline *pl, int rc, uint64_t *counter)
{
    if (rc != 0) {
        pl->stats.records_failed++;
        return;
    }
    pl->emit_text(pl->text.data, pl->text.len, pl->user);
    pl->text.len = 0;
    (*counter)++;
}

static void on_alert(const sw_alert *alert, void *user)
{
    sw_pipeline *pl = user;
    if (!pl->forward && pl->emit_alert) {
        if (pl->emit_alert(alert, pl->user) == 0)
            pl->stats.alerts++;
        else
            pl->stats.records_failed++;
        return;
    }
    if (!pl->forward) {
        emit_record(pl, sw_eve_alert(alert, &pl->cfg->eve), &pl->stats.alerts);
        return;
    }
    sw_arena before = pl->held_arena;
    sw_alert copy = sw_alert_copy(&pl->held_arena, alert);
    if (pl->n_held == SW_PIPELINE_MAX_HELD || pl->held_arena.overflow) {
        pl->held_arena = before;
        pl->stats.forward_dropped++;
        return;
    }
    pl->held_origin[pl->n_held] = sw_engine_alert_origin(pl->engine);
    pl->held[pl->n_held++] = copy;
}

/* Split run: after the engine saw obs (NULL for a tick), hands the correlator what it needs:
 * the observation when a cross-flow detection reads its type, and the alerts it raised. */
static void forward_held(sw_pipeline *pl, const sw_observation *obs, sw_time ts)
{
    if (!pl->forward)
        return;
    if (obs && !sw_engine_cross_flow_wants(pl->engine, obs))
        obs = NULL;
    if (obs || pl->n_held)
        pl->forward(obs, ts, pl->held, pl->held_origin, pl->n_held, pl->forward_user);
    pl->n_held = 0;
    pl->held_arena = sw_arena_init(pl->held_bytes, sizeof(pl->held_bytes));
}

static void observe(sw_pipeline *pl, const sw_observation *obs)
{
    sw_engine_observe(pl->engine, obs);
    forward_held(pl, obs, obs->ts);
}

static void on_flow(const sw_observation *obs, void *user)
{
    sw_pipeline *pl = user;
    observe(pl, obs);
    if (obs->type != SW_OBS_FLOW_END || !pl->cfg->log_flows)
        return;
    if (pl->emit_text)
        emit_rendered(pl, sw_eve_flow_write(&pl->text, &obs->u.flow, obs->ts, &pl->cfg->eve),
                      &pl->stats.flows_logged);
    else
        emit_record(pl, sw_eve_flow(&obs->u.flow, obs->ts, &pl->cfg->eve), &pl->stats.flows_logged);
}

static void on_app_obs(const sw_observation *obs, void *user)
{
    observe(user, obs);
}

static void emit_anomaly(sw_pipeline *pl, sw_time ts, uint64_t pcap_cnt, const char *type,
                         const char *event, const sw_flow_obs *flow)
{
    const sw_eve_options *eo = &pl->cfg->eve;
    if (pl->emit_text)
        emit_rendered(pl, sw_eve_anomaly_write(&pl->text, ts, pcap_cnt, type, event, flow, eo),
                      &pl->stats.anomalies_logged);
    else
        emit_record(pl, sw_eve_anomaly(ts, pcap_cnt, type, event, flow, eo),
                    &pl->stats.anomalies_logged);
}

/* Counted by the app layer already; here only the optional EVE record (type "applayer"). Like
 * Suricata's, it describes the packet that was being processed: a server's packet has the
 * server as src (the community id and flow id are those of the flow either way). */
static void on_app_anomaly(sw_app_event ev, const sw_flow_obs *flow, int pkt_to_server, sw_time ts,
                           uint64_t pcap_cnt, void *user)
{
    sw_pipeline *pl = user;
    if (!pl->cfg->log_anomalies)
        return;
    sw_flow_obs as_sent;
    if (!pkt_to_server) {
        as_sent = *flow;
        as_sent.src = flow->dst;
        as_sent.dst = flow->src;
        as_sent.sp = flow->dp;
        as_sent.dp = flow->sp;
        flow = &as_sent;
    }
    emit_anomaly(pl, ts, pcap_cnt, "applayer", sw_app_event_name(ev), flow);
}

sw_pipeline *sw_pipeline_new(const sw_catalog *catalog, const sw_engine_config *ecfg,
                             const sw_sensor_config *scfg, sw_record_cb emit, sw_stats_cb add_stats,
                             void *user, sw_error *err)
{
    return sw_pipeline_new_rules(catalog, ecfg, NULL, NULL, scfg, emit, add_stats, user, err);
}

/* The engine complete with hygiene and rules in *out; on failure *out is NULL, err
 * says why and nothing leaks. */
static sw_status build_engine(sw_pipeline *pl, const sw_catalog *catalog,
                              const sw_engine_config *ecfg, const sw_hygiene_rules *hygiene,
                              const sw_ruleset *rules, sw_engine **out, sw_error *err)
{
    *out = sw_engine_new(catalog, ecfg, on_alert, pl, err);
    if (!*out)
        return SW_ERR_NOMEM; /* or a catalog without a built-in id: err says which */
    /* A split run's engine sees one flow's view; hygiene runs in the correlator. */
    if (pl->forward)
        sw_engine_set_scope(*out, SW_ENGINE_PER_FLOW);
    sw_status st = pl->forward ? SW_OK : sw_engine_set_hygiene(*out, hygiene, err);
    if (st == SW_OK && rules)
        st = sw_engine_set_rules(*out, rules, err);
    if (st != SW_OK) {
        sw_engine_free(*out);
        *out = NULL;
    }
    return st;
}

sw_pipeline *sw_pipeline_new_rules(const sw_catalog *catalog, const sw_engine_config *ecfg,
                                   const sw_hygiene_rules *hygiene, const sw_ruleset *rules,
                                   const sw_sensor_config *scfg, sw_record_cb emit,
                                   sw_stats_cb add_stats, void *user, sw_error *err)
{
    sw_pipeline *pl = calloc(1, sizeof(*pl));
    if (!pl) {
        sw_error_set(err, SW_ERR_NOMEM, NULL, 0, NULL, "out of memory creating the pipeline");
        return NULL;
    }
    pl->cfg = scfg;
    pl->emit = emit;
    pl->add_stats = add_stats;
    pl->user = user;
    sw_jbuf_init(&pl->text, SW_OUTPUT_MAX_RECORD);
    pl->decoder = sw_decoder_new(&scfg->decode);
    pl->flows = sw_flow_table_new(&scfg->flow, on_flow, pl);
    pl->app = sw_app_layer_new(&scfg->stream, on_app_obs, on_app_anomaly, pl);
    if (pl->flows && pl->app)
        sw_flow_table_set_slot_free(pl->flows, sw_app_layer_flow_end, pl->app);
    if (!pl->decoder || !pl->flows || !pl->app) {
        sw_error_set(err, SW_ERR_NOMEM, NULL, 0, NULL,
                     "cannot create the decoder or flow table (memory, or flow.hash-size / "
                     "flow.memcap out of range)");
        sw_pipeline_free(pl);
        return NULL;
    }
    if (build_engine(pl, catalog, ecfg, hygiene, rules, &pl->engine, err) != SW_OK) {
        sw_pipeline_free(pl);
        return NULL;
    }
    return pl;
}

void sw_pipeline_free(sw_pipeline *pl)
{
    if (!pl)
        return;
    sw_engine_free(pl->engine);
    sw_flow_table_free(pl->flows); /* releases the app layer's per-flow state first */
    sw_app_layer_free(pl->app);
    sw_decoder_free(pl->decoder);
    sw_jbuf_free(&pl->text);
    free(pl);
}

void sw_pipeline_set_text_output(sw_pipeline *pl, sw_text_record_cb emit_text)
{
    pl->emit_text = emit_text;
}

void sw_pipeline_set_alert_output(sw_pipeline *pl, sw_alert_record_cb emit_alert)
{
    if (pl)
        pl->emit_alert = emit_alert;
}

typedef struct named_counter {
    const char *name;
    uint64_t value;
} named_counter;

static void put_counters(json_t *seawall, const named_counter *counters, size_t n)
{
    for (size_t i = 0; i < n; i++)
        json_object_set_new(seawall, counters[i].name, json_integer((json_int_t)counters[i].value));
}

/* The content rules' counters; with workers, the correlator adds the threshold counts it keeps
 * for them (sensor main.c). */
static void add_rule_stats(sw_pipeline *pl, json_t *seawall)
{
    sw_rule_stats rs;
    sw_engine_get_rule_stats(pl->engine, &rs);
    const named_counter counters[] = {{"detect.rules.observations", rs.observations},
                                      {"detect.rules.candidates", rs.candidates},
                                      {"detect.rules.matches", rs.matches},
                                      {"detect.rules.alerts", rs.alerts},
                                      {"detect.rules.passed", rs.passed},
                                      {"detect.rules.thresholded", rs.thresholded},
                                      {"detect.rules.superseded", rs.superseded},
                                      {"detect.rules.flowbits_dropped", rs.flowbits_dropped},
                                      {"detect.rules.thresholds_dropped", rs.thresholds_dropped},
                                      {"detect.rules.budget_exhausted", rs.budget_exhausted}};
    put_counters(seawall, counters, sizeof(counters) / sizeof(counters[0]));
}

static void add_hygiene_stats(sw_pipeline *pl, json_t *seawall)
{
    sw_hygiene_stats hs;
    sw_engine_get_hygiene_stats(pl->engine, &hs);
    const named_counter counters[] = {{"detect.hygiene.passed", hs.passed},
                                      {"detect.hygiene.suppressed", hs.suppressed},
                                      {"detect.hygiene.thresholded", hs.thresholded},
                                      {"detect.hygiene.rate_filtered", hs.rate_filtered},
                                      {"detect.hygiene.aggregated", hs.aggregated},
                                      {"detect.hygiene.aggregates_emitted", hs.aggregates_emitted},
                                      {"detect.hygiene.state_dropped", hs.state_dropped},
                                      {"detect.hygiene.held_dropped", hs.held_dropped}};
    put_counters(seawall, counters, sizeof(counters) / sizeof(counters[0]));
}

static void emit_stats(sw_pipeline *pl, sw_time now)
{
    json_t *suricata = json_object();
    json_t *seawall = json_object();
    if (!suricata || !seawall) {
        json_decref(suricata);
        json_decref(seawall);
        pl->stats.records_failed++;
        return;
    }
    sw_decode_stats_to_json(sw_decoder_stats(pl->decoder), suricata, seawall);
    sw_flow_stats_to_json(sw_flow_table_stats(pl->flows), suricata, seawall);
    sw_app_layer_stats_to_json(pl->app, seawall);
    sw_engine_stats es;
    sw_engine_get_stats(pl->engine, &es);
    json_object_set_new(seawall, "detect.observations", json_integer((json_int_t)es.observations));
    json_object_set_new(seawall, "detect.observations_ignored",
                        json_integer((json_int_t)es.observations_ignored));
    json_object_set_new(seawall, "detect.alerts", json_integer((json_int_t)es.alerts));
    json_object_set_new(seawall, "detect.state_dropped",
                        json_integer((json_int_t)es.state_dropped));
    json_object_set_new(seawall, "detect.learning_clock_reset",
                        json_integer((json_int_t)es.learning_clock_reset));
    add_hygiene_stats(pl, seawall);
    add_rule_stats(pl, seawall);
    json_object_set_new(seawall, "eve.records_failed",
                        json_integer((json_int_t)pl->stats.records_failed));
    if (pl->forward)
        json_object_set_new(seawall, "detect.forward_dropped",
                            json_integer((json_int_t)pl->stats.forward_dropped));
    if (pl->add_stats)
        pl->add_stats(suricata, seawall, pl->user);
    int64_t uptime = pl->clock.started ? now.sec - pl->clock.first.sec : 0;
    emit_record(
        pl,
        sw_eve_stats(now, (uint64_t)(uptime > 0 ? uptime : 0), suricata, seawall, &pl->cfg->eve),
        &pl->stats.stats_logged);
}

static void maybe_emit_stats(sw_pipeline *pl, sw_time now)
{
    if (pl->cfg->stats_interval_s == 0 || now.sec < pl->next_stats_sec)
        return;
    emit_stats(pl, now);
    pl->next_stats_sec = now.sec + pl->cfg->stats_interval_s;
}

static void log_anomalies(sw_pipeline *pl, const sw_packet *p)
{
    for (unsigned i = 0; i < p->n_events; i++)
        emit_anomaly(pl, p->ts, p->pcap_cnt, "decode",
                     sw_decode_event_name((sw_decode_event)p->events[i]), NULL);
}

void sw_pipeline_set_state_file(sw_pipeline *pl, const char *path, uint64_t interval)
{
    snprintf(pl->state_path, sizeof(pl->state_path), "%s", path ? path : "");
    pl->state_interval = interval;
    pl->next_state_save = 0;
}

sw_status sw_pipeline_load_state(sw_pipeline *pl, sw_error *err)
{
    if (!pl->state_path[0])
        return SW_OK;
    return sw_state_file_load(pl->state_path, pl->engine, err);
}

sw_status sw_pipeline_save_state(sw_pipeline *pl, sw_error *err)
{
    if (!pl->state_path[0])
        return SW_OK;
    sw_status st = sw_state_file_save(pl->state_path, pl->engine, err);
    if (st == SW_OK)
        pl->stats.state_saves++;
    else
        pl->stats.state_save_failed++;
    return st;
}

/* Every state_interval seconds of packet time, so a replay saves as a live run would. Runs in
 * the thread that owns the pipeline, so the engine is never read while another thread writes. */
static void maybe_save_state(sw_pipeline *pl, int64_t now)
{
    if (!pl->state_path[0])
        return;
    if (pl->next_state_save == 0) {
        pl->next_state_save = now + (int64_t)pl->state_interval;
    } else if (now >= pl->next_state_save) {
        pl->next_state_save = now + (int64_t)pl->state_interval;
        sw_error err = {0};
        (void)sw_pipeline_save_state(pl, &err); /* counted; the next save tries again */
    }
}

static void tick_engine(sw_pipeline *pl, sw_time now)
{
    sw_observation obs;
    memset(&obs, 0, sizeof(obs));
    obs.type = SW_OBS_TICK;
    obs.ts = now;
    sw_engine_observe(pl->engine, &obs);
    /* A worker's ticks are its own; the correlator gets the single run's from the dispatcher. */
    forward_held(pl, NULL, now);
}

void sw_pipeline_packet(sw_pipeline *pl, sw_packet *p)
{
    if (!pl->clock.started)
        pl->next_stats_sec = p->ts.sec + pl->cfg->stats_interval_s;
    /* Captures can step back in time (merged files); flows only ever see time move forward.
     * Once a second of packet time: fragment expiry walks the trackers, and the engine hears
     * that time passed (silence detections need a clock even when a device says nothing). */
    if (sw_packet_clock_packet(&pl->clock, p->ts)) {
        sw_decoder_expire(pl->decoder, pl->clock.now);
        tick_engine(pl, pl->clock.now);
    }
    int layers = sw_decode_packet(pl->decoder, p);
    if (pl->cfg->log_anomalies && p->n_events)
        log_anomalies(pl, p);
    for (int i = 0; i < layers; i++) {
        sw_flow_ref ref;
        if (sw_flow_table_packet_ref(pl->flows, p, (unsigned)i, &ref))
            sw_app_layer_packet(pl->app, p, (unsigned)i, &ref);
    }
    maybe_emit_stats(pl, pl->clock.now);
    maybe_save_state(pl, pl->clock.now.sec);
}

void sw_pipeline_tick(sw_pipeline *pl, sw_time now)
{
    if (!sw_packet_clock_idle(&pl->clock, now))
        return;
    sw_decoder_expire(pl->decoder, now);
    sw_flow_table_expire(pl->flows, now);
    tick_engine(pl, now);
    maybe_emit_stats(pl, now);
    maybe_save_state(pl, now.sec);
}

void sw_pipeline_finish(sw_pipeline *pl)
{
    sw_flow_table_flush(pl->flows, pl->clock.now);
    sw_engine_flush(pl->engine); /* held aggregated alerts */
    emit_stats(pl, pl->clock.now);
}

const sw_pipeline_stats *sw_pipeline_get_stats(const sw_pipeline *pl)
{
    return &pl->stats;
}

const sw_decode_stats *sw_pipeline_decode_stats(const sw_pipeline *pl)
{
    return sw_decoder_stats(pl->decoder);
}

const sw_flow_stats *sw_pipeline_flow_stats(const sw_pipeline *pl)
{
    return sw_flow_table_stats(pl->flows);
}

void sw_pipeline_set_forward(sw_pipeline *pl, sw_forward_cb forward, void *user)
{
    pl->forward = forward;
    pl->forward_user = user;
    pl->n_held = 0;
    pl->held_arena = sw_arena_init(pl->held_bytes, sizeof(pl->held_bytes));
    sw_engine_set_scope(pl->engine, SW_ENGINE_PER_FLOW);
    sw_error err = {0};
    (void)sw_engine_set_hygiene(pl->engine, NULL, &err); /* hygiene is the correlator's */
}

sw_engine *sw_pipeline_engine(sw_pipeline *pl)
{
    return pl ? pl->engine : NULL;
}

sw_status sw_pipeline_set_engine(sw_pipeline *pl, const sw_catalog *catalog,
                                 const sw_engine_config *ecfg, const sw_hygiene_rules *hygiene,
                                 sw_error *err)
{
    return sw_pipeline_set_engine_rules(pl, catalog, ecfg, hygiene, NULL, err);
}

/* The new engine is complete (hygiene, rules, the old engine's rule flow state) before it
 * replaces the old one, so a failure at any step leaves the pipeline as it was. */
sw_status sw_pipeline_set_engine_rules(sw_pipeline *pl, const sw_catalog *catalog,
                                       const sw_engine_config *ecfg,
                                       const sw_hygiene_rules *hygiene, const sw_ruleset *rules,
                                       sw_error *err)
{
    sw_engine *next = NULL;
    sw_status st = build_engine(pl, catalog, ecfg, hygiene, rules, &next, err);
    if (st != SW_OK)
        return st;
    st = rules ? sw_engine_take_rule_state(next, pl->engine, err) : SW_OK;
    if (st != SW_OK) {
        sw_engine_free(next);
        return st;
    }
    sw_state_carry(pl->engine, next); /* a SIGHUP does not restart the learning periods */
    sw_engine_flush(pl->engine);
    sw_engine_free(pl->engine);
    pl->engine = next;
    return SW_OK;
}
