/* The `seawall` EVE file type: every record Suricata renders passes through unchanged, flow
 * and app-layer records (ssh, tls, dns, snmp, tftp, ftp, http) also feed the detection engine, and
 * Seawall's alerts follow as EVE alert records. */
#include "filetype.h"

#include "eve-map-app.h"
#include "eve-map.h"
#include "options.h"
#include "sink.h"

#include "catalog.h"
#include "engine.h"
#include "eve.h"
#include "geo.h"
#include "ioc-load.h"
#include "json-write.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Suricata renders records far smaller than this; a larger one is written as it came. */
#define SW_SURI_MAX_RECORD (4u << 20)

typedef struct sw_suri_counters {
    uint64_t records;   /* Write calls */
    uint64_t malformed; /* not a JSON object: skipped, not passed on */
    uint64_t by_kind[SW_SURI_REC_KIND_COUNT];
    uint64_t flows_unusable; /* flow records without addresses, protocol or start time */
    uint64_t app_mapped;     /* app-layer records that gave the engine observations */
    uint64_t app_unusable;   /* app-layer records without addresses, protocol or timestamp */
    uint64_t alerts;         /* Seawall alerts written */
    uint64_t enriched;       /* Suricata alert records written with geo/zone data added */
    uint64_t alerts_lost;    /* an alert record could not be built (out of memory) */
    uint64_t observations_ignored;
} sw_suri_counters;

struct sw_suri_worker {
    sw_suri_output *out;
    sw_engine *engine;
    sw_geo *geo;  /* one per engine: an sw_geo is not thread-safe */
    sw_jbuf text; /* reused for records this worker re-serialises */
    int shared;   /* used by many host threads at once: take `lock` */
    pthread_mutex_t lock;
    const json_t *record; /* the record being handled, for the alert's "host" */
    sw_suri_counters c;
};

struct sw_suri_output {
    sw_suri_options opt;
    sw_catalog *catalog;
    sw_engine_config *cfg;
    sw_conf_node *config_file;
    sw_geo_config geo_cfg;
    sw_sink *sink;
    int threaded;
    sw_suri_worker *shared;
    pthread_mutex_t totals_lock;
    sw_suri_counters totals;
    size_t ioc_problems;
};

static void log_error(const char *what, const sw_error *err)
{
    char text[900];
    sw_error_format(err, text, sizeof(text));
    sw_host_log(SW_HOST_ERROR, "%s: %s", what, text);
}

static void sink_warning(const char *text, void *user)
{
    (void)user;
    sw_host_log(SW_HOST_WARNING, "%s", text);
}

/* Serialises rec into the worker's buffer and hands it to the sink; -1 when it cannot. */
static int write_json(sw_suri_worker *w, const json_t *rec)
{
    w->text.len = 0;
    if (sw_json_append(&w->text, rec) != 0)
        return -1;
    sw_sink_write(w->out->sink, w->text.data, w->text.len);
    return 0;
}

static void on_alert(const sw_alert *alert, void *user)
{
    sw_suri_worker *w = user;
    sw_eve_options eo = {
        .community_id = w->out->opt.community_id,
        .host = json_string_value(json_object_get(w->record, "host")),
    };
    json_t *rec = sw_eve_alert(alert, &eo);
    if (rec)
        sw_geo_enrich(w->geo, rec);
    if (rec && write_json(w, rec) == 0)
        w->c.alerts++;
    else
        w->c.alerts_lost++;
    json_decref(rec);
}

static void add_zone_net(void *user, const char *cidr, sw_netset_id set)
{
    sw_suri_output *out = user;
    sw_error err;
    memset(&err, 0, sizeof(err));
    if (sw_engine_config_add_net(out->cfg, set, cidr, &err) != SW_OK)
        log_error("zone database network set", &err);
}

static void geo_report(void *user, int is_error, const char *text)
{
    (void)user;
    sw_host_log(is_error ? SW_HOST_WARNING : SW_HOST_NOTICE, "seawall %s", text);
}

static void on_ioc_problem(const sw_error *problem, void *user)
{
    sw_suri_output *out = user;
    if (out->ioc_problems++ == 0)
        log_error("seawall ioc: a malformed line skipped (the first; all are counted)", problem);
}

/* The IOC lists as the sensor reads them: the sensor file's `ioc:`, else the inline one, else
 * the lists shipped beside the catalog (so ST-ACC-006 and ST-C2-001 run by default here too). */
static int load_iocs(sw_suri_output *out)
{
    sw_ioc_set *set = sw_ioc_set_new();
    if (!set)
        return -1;
    const sw_conf_node *roots[] = {out->config_file, out->opt.inline_config};
    sw_ioc_load_stats st = {0, 0, 0};
    sw_ioc_shipped shipped;
    sw_error err;
    memset(&err, 0, sizeof(err));
    if (sw_ioc_load_or_shipped(roots, 2, out->opt.catalog, set, on_ioc_problem, out, &st, &shipped,
                               &err) != SW_OK) {
        sw_ioc_set_free(set);
        log_error("cannot read the Seawall IOC lists (key 'ioc')", &err);
        return -1;
    }
    sw_engine_config_set_ioc(out->cfg, set);
    if (shipped.missing)
        sw_host_log(SW_HOST_WARNING,
                    "seawall ioc: no 'ioc' key and no lists beside the catalog (%s): IOC "
                    "matching (ST-ACC-006, ST-C2-001) is off",
                    shipped.dir);
    else
        sw_host_log(SW_HOST_NOTICE,
                    "seawall ioc: %zu indicators from %zu files%s%s (%zu malformed lines skipped)",
                    st.indicators, st.files, shipped.dir[0] ? ", the shipped lists in " : "",
                    shipped.dir, st.malformed);
    return 0;
}

/* Network sets and detection settings: the sensor's file first, then inline keys on top. */
static int load_engine_config(sw_suri_output *out)
{
    sw_error err;
    memset(&err, 0, sizeof(err));
    if (sw_catalog_load_file(out->opt.catalog, &out->catalog, &err) != SW_OK) {
        log_error("cannot load the Seawall catalog (option 'catalog')", &err);
        return -1;
    }
    out->cfg = sw_engine_config_new();
    if (!out->cfg)
        return -1;
    if (out->opt.config[0] &&
        (sw_conf_load_file(out->opt.config, &out->config_file, &err) != SW_OK ||
         sw_engine_config_apply(out->cfg, out->config_file, out->catalog, &err) != SW_OK)) {
        log_error("cannot use the Seawall config (option 'config')", &err);
        return -1;
    }
    if (out->opt.inline_config &&
        sw_engine_config_apply(out->cfg, out->opt.inline_config, out->catalog, &err) != SW_OK) {
        log_error("bad inline Seawall settings", &err);
        return -1;
    }
    sw_geo_config_defaults(&out->geo_cfg);
    if ((out->config_file && sw_geo_config_apply(&out->geo_cfg, out->config_file, &err) != SW_OK) ||
        (out->opt.inline_config &&
         sw_geo_config_apply(&out->geo_cfg, out->opt.inline_config, &err) != SW_OK)) {
        log_error("bad Seawall geo settings", &err);
        return -1;
    }
    if (out->geo_cfg.zone_db[0] &&
        sw_geo_zone_netsets_mmdb(out->geo_cfg.zone_db, add_zone_net, out, &err) != SW_OK) {
        log_error("cannot read network sets from geo.zone-db", &err);
        return -1;
    }
    if (load_iocs(out) != 0)
        return -1;
    if (sw_engine_config_is_blank(out->cfg))
        sw_host_log(SW_HOST_WARNING, "no network set configured (options 'config' or "
                                     "'networks'): records pass through, no detection can fire");
    return 0;
}

static sw_suri_worker *worker_create(sw_suri_output *out, int shared)
{
    sw_suri_worker *w = calloc(1, sizeof(*w));
    if (!w)
        return NULL;
    sw_error err;
    memset(&err, 0, sizeof(err));
    w->out = out;
    w->shared = shared;
    w->engine = sw_engine_new(out->catalog, out->cfg, on_alert, w, &err);
    if (!w->engine) {
        log_error("cannot start the detection engine", &err);
        free(w);
        return NULL;
    }
    /* Only the first engine reports what it found; the others open the same files. */
    w->geo = sw_geo_open(&out->geo_cfg, shared ? geo_report : NULL, NULL, &err);
    if (!w->geo) {
        log_error("cannot open the geo databases (option 'geo')", &err);
        sw_engine_free(w->engine);
        free(w);
        return NULL;
    }
    sw_jbuf_init(&w->text, SW_SURI_MAX_RECORD);
    pthread_mutex_init(&w->lock, NULL);
    return w;
}

sw_suri_output *sw_suri_output_new(const sw_host_node *conf, int threaded)
{
    sw_suri_output *out = calloc(1, sizeof(*out));
    if (!out)
        return NULL;
    pthread_mutex_init(&out->totals_lock, NULL);
    out->threaded = threaded;
    sw_error err;
    memset(&err, 0, sizeof(err));
    if (sw_suri_options_read(conf, &out->opt, &err) != SW_OK) {
        log_error("bad eve-log option for filetype seawall", &err);
        sw_suri_output_free(out);
        return NULL;
    }
    if (load_engine_config(out) != 0 || !(out->shared = worker_create(out, 1))) {
        sw_suri_output_free(out);
        return NULL;
    }
    out->sink = sw_sink_open(out->opt.sink, out->opt.filename, out->opt.queue_size, sink_warning,
                             NULL, &err);
    if (!out->sink) {
        log_error("cannot open the Seawall output (options 'sink', 'filename')", &err);
        sw_suri_output_free(out);
        return NULL;
    }
    sw_host_log(SW_HOST_NOTICE, "seawall: %s output %s, %s, %zu catalog entries",
                sw_sink_kind_name(out->opt.sink), out->opt.filename,
                threaded ? "one engine per output thread" : "one shared engine",
                sw_catalog_count(out->catalog));
    return out;
}

sw_suri_worker *sw_suri_worker_new(sw_suri_output *out, uint32_t thread_id)
{
    (void)thread_id;
    if (!out)
        return NULL;
    if (!out->threaded)
        return out->shared;
    return worker_create(out, 0);
}

static void handle_flow(sw_suri_worker *w, const json_t *rec)
{
    sw_observation obs[SW_SURI_FLOW_OBS_MAX];
    size_t n = 0;
    if (sw_suri_map_flow(rec, obs, &n) != SW_OK) {
        w->c.flows_unusable++;
        return;
    }
    for (size_t i = 0; i < n; i++)
        sw_engine_observe(w->engine, &obs[i]);
}

static void handle_app(sw_suri_worker *w, const json_t *rec)
{
    const char *type = json_string_value(json_object_get(rec, "event_type"));
    if (!sw_suri_is_app_record(type))
        return;
    sw_suri_app app;
    if (sw_suri_map_app(rec, &app) != SW_OK) {
        w->c.app_unusable++;
        return;
    }
    w->c.app_mapped += app.n > 0;
    for (size_t i = 0; i < app.n; i++)
        sw_engine_observe(w->engine, &app.obs[i]);
}

int sw_suri_write(sw_suri_output *out, sw_suri_worker *worker, const char *buf, size_t len)
{
    sw_suri_worker *w = worker ? worker : out->shared;
    if (w->shared)
        pthread_mutex_lock(&w->lock);
    w->c.records++;
    /* json_loadb reads exactly len bytes: Suricata's buffer carries no terminator. */
    json_t *rec = buf && len ? json_loadb(buf, len, 0, NULL) : NULL;
    if (!json_is_object(rec)) {
        w->c.malformed++;
    } else {
        sw_suri_record_kind kind = sw_suri_record_kind_of(rec);
        /* Alerts get the same geo/ASN/zone data as the sensor's; everything else passes
         * byte for byte. A record that cannot be re-serialised still goes out as it came. */
        if (kind != SW_SURI_REC_ALERT || sw_geo_enrich(w->geo, rec) == SW_ERR_NOMEM ||
            write_json(w, rec) != 0)
            sw_sink_write(out->sink, buf, len);
        else
            w->c.enriched++;
        w->c.by_kind[kind]++;
        w->record = rec;
        if (kind == SW_SURI_REC_FLOW)
            handle_flow(w, rec);
        else if (kind == SW_SURI_REC_OTHER)
            handle_app(w, rec);
        w->record = NULL;
    }
    json_decref(rec);
    if (w->shared)
        pthread_mutex_unlock(&w->lock);
    return 0;
}

static void add_counters(sw_suri_counters *to, const sw_suri_counters *from)
{
    to->records += from->records;
    to->malformed += from->malformed;
    for (int k = 0; k < SW_SURI_REC_KIND_COUNT; k++)
        to->by_kind[k] += from->by_kind[k];
    to->flows_unusable += from->flows_unusable;
    to->app_mapped += from->app_mapped;
    to->app_unusable += from->app_unusable;
    to->alerts += from->alerts;
    to->alerts_lost += from->alerts_lost;
    to->enriched += from->enriched;
    to->observations_ignored += from->observations_ignored;
}

static void worker_retire(sw_suri_output *out, sw_suri_worker *w)
{
    sw_engine_stats es;
    sw_engine_get_stats(w->engine, &es);
    w->c.observations_ignored = es.observations_ignored;
    pthread_mutex_lock(&out->totals_lock);
    add_counters(&out->totals, &w->c);
    pthread_mutex_unlock(&out->totals_lock);
    sw_engine_free(w->engine);
    sw_geo_free(w->geo);
    sw_jbuf_free(&w->text);
    pthread_mutex_destroy(&w->lock);
    free(w);
}

void sw_suri_worker_free(sw_suri_output *out, sw_suri_worker *worker)
{
    if (out && worker && worker != out->shared)
        worker_retire(out, worker);
}

static void log_totals(const sw_suri_output *out, const sw_sink_stats *ss)
{
    const sw_suri_counters *t = &out->totals;
    sw_host_log(
        SW_HOST_NOTICE,
        "seawall totals: records=%llu malformed=%llu flow=%llu alert=%llu anomaly=%llu "
        "stats=%llu other=%llu flows_unusable=%llu app_mapped=%llu app_unusable=%llu "
        "seawall_alerts=%llu alerts_lost=%llu "
        "observations_ignored=%llu alerts_enriched=%llu sink_written=%llu sink_dropped=%llu",
        (unsigned long long)t->records, (unsigned long long)t->malformed,
        (unsigned long long)t->by_kind[SW_SURI_REC_FLOW],
        (unsigned long long)t->by_kind[SW_SURI_REC_ALERT],
        (unsigned long long)t->by_kind[SW_SURI_REC_ANOMALY],
        (unsigned long long)t->by_kind[SW_SURI_REC_STATS],
        (unsigned long long)t->by_kind[SW_SURI_REC_OTHER], (unsigned long long)t->flows_unusable,
        (unsigned long long)t->app_mapped, (unsigned long long)t->app_unusable,
        (unsigned long long)t->alerts, (unsigned long long)t->alerts_lost,
        (unsigned long long)t->observations_ignored, (unsigned long long)t->enriched,
        (unsigned long long)ss->written, (unsigned long long)ss->dropped);
}

void sw_suri_output_free(sw_suri_output *out)
{
    if (!out)
        return;
    if (out->shared)
        worker_retire(out, out->shared);
    out->shared = NULL;
    if (out->sink) {
        /* Totals after the sink's last flush, so drops at close are in the figure. */
        sw_sink_stats ss;
        sw_sink_close(out->sink, &ss);
        out->sink = NULL;
        log_totals(out, &ss);
    }
    sw_engine_config_free(out->cfg);
    sw_conf_free(out->config_file);
    sw_catalog_free(out->catalog);
    sw_suri_options_clear(&out->opt);
    pthread_mutex_destroy(&out->totals_lock);
    free(out);
}
