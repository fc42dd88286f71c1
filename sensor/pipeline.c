/* The worker chain. Everything here runs per packet: no allocation beyond what the stages own,
 * no logging (problems are counters and anomaly records). */
#include "pipeline.h"

#include "eve.h"
#include "flow.h"

#include <stdlib.h>

struct sw_pipeline {
    const sw_sensor_config *cfg;
    sw_decoder *decoder;
    sw_flow_table *flows;
    sw_engine *engine;
    sw_record_cb emit;
    sw_stats_cb add_stats;
    void *user;
    int started;
    sw_time first_ts, last_ts;
    int64_t next_stats_sec;
    int64_t last_defrag_expiry_sec;
    sw_pipeline_stats stats;
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

static void on_alert(const sw_alert *alert, void *user)
{
    sw_pipeline *pl = user;
    emit_record(pl, sw_eve_alert(alert, &pl->cfg->eve), &pl->stats.alerts);
}

static void on_flow(const sw_observation *obs, void *user)
{
    sw_pipeline *pl = user;
    sw_engine_observe(pl->engine, obs);
    if (obs->type == SW_OBS_FLOW_END && pl->cfg->log_flows)
        emit_record(pl, sw_eve_flow(&obs->u.flow, obs->ts, &pl->cfg->eve), &pl->stats.flows_logged);
}

sw_pipeline *sw_pipeline_new(const sw_catalog *catalog, const sw_engine_config *ecfg,
                             const sw_sensor_config *scfg, sw_record_cb emit, sw_stats_cb add_stats,
                             void *user, sw_error *err)
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
    pl->decoder = sw_decoder_new(&scfg->decode);
    pl->flows = sw_flow_table_new(&scfg->flow, on_flow, pl);
    if (!pl->decoder || !pl->flows) {
        sw_error_set(err, SW_ERR_NOMEM, NULL, 0, NULL,
                     "cannot create the decoder or flow table (memory, or flow.hash-size / "
                     "flow.memcap out of range)");
        sw_pipeline_free(pl);
        return NULL;
    }
    pl->engine = sw_engine_new(catalog, ecfg, on_alert, pl, err);
    if (!pl->engine) {
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
    sw_flow_table_free(pl->flows);
    sw_decoder_free(pl->decoder);
    free(pl);
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
    sw_engine_stats es;
    sw_engine_get_stats(pl->engine, &es);
    json_object_set_new(seawall, "detect.observations", json_integer((json_int_t)es.observations));
    json_object_set_new(seawall, "detect.observations_ignored",
                        json_integer((json_int_t)es.observations_ignored));
    json_object_set_new(seawall, "detect.alerts", json_integer((json_int_t)es.alerts));
    json_object_set_new(seawall, "detect.state_dropped",
                        json_integer((json_int_t)es.state_dropped));
    json_object_set_new(seawall, "eve.records_failed",
                        json_integer((json_int_t)pl->stats.records_failed));
    if (pl->add_stats)
        pl->add_stats(suricata, seawall, pl->user);
    int64_t uptime = pl->started ? now.sec - pl->first_ts.sec : 0;
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
        emit_record(pl,
                    sw_eve_anomaly(p->ts, p->pcap_cnt, "decode",
                                   sw_decode_event_name((sw_decode_event)p->events[i]), NULL,
                                   &pl->cfg->eve),
                    &pl->stats.anomalies_logged);
}

void sw_pipeline_packet(sw_pipeline *pl, sw_packet *p)
{
    if (!pl->started) {
        pl->started = 1;
        pl->first_ts = p->ts;
        pl->next_stats_sec = p->ts.sec + pl->cfg->stats_interval_s;
    }
    /* Captures can step back in time (merged files); flows only ever see time move forward. */
    if (sw_time_diff_us(pl->last_ts, p->ts) > 0)
        pl->last_ts = p->ts;
    /* Fragment expiry walks the trackers; once a second of packet time is often enough. */
    if (pl->last_ts.sec != pl->last_defrag_expiry_sec) {
        pl->last_defrag_expiry_sec = pl->last_ts.sec;
        sw_decoder_expire(pl->decoder, pl->last_ts);
    }
    int layers = sw_decode_packet(pl->decoder, p);
    if (pl->cfg->log_anomalies && p->n_events)
        log_anomalies(pl, p);
    for (int i = 0; i < layers; i++)
        sw_flow_table_packet(pl->flows, p, (unsigned)i);
    maybe_emit_stats(pl, pl->last_ts);
}

void sw_pipeline_tick(sw_pipeline *pl, sw_time now)
{
    if (!pl->started || sw_time_diff_us(pl->last_ts, now) <= 0)
        return;
    pl->last_ts = now;
    sw_decoder_expire(pl->decoder, now);
    sw_flow_table_expire(pl->flows, now);
    maybe_emit_stats(pl, now);
}

void sw_pipeline_finish(sw_pipeline *pl)
{
    sw_flow_table_flush(pl->flows, pl->last_ts);
    emit_stats(pl, pl->last_ts);
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

sw_engine *sw_pipeline_engine(sw_pipeline *pl)
{
    return pl ? pl->engine : NULL;
}
