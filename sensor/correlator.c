/* The multi-worker run's correlator (see correlator.h). */
#include "correlator.h"
#include "eve.h"
#include "state-file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sw_correlator {
    const sw_sensor_config *cfg;
    sw_engine *engine;
    sw_record_cb emit;
    sw_alert_record_cb emit_alert; /* NULL: alerts as trees for emit */
    void *user;
    sw_correlator_stats stats;
    char state_path[1100];
    uint64_t state_interval;
    int64_t next_state_save; /* 0 = not scheduled yet */
};

static void on_alert(const sw_alert *alert, void *user)
{
    sw_correlator *c = user;
    if (c->emit_alert) {
        if (c->emit_alert(alert, c->user) == 0)
            c->stats.alerts++;
        else
            c->stats.records_failed++;
        return;
    }
    json_t *rec = sw_eve_alert(alert, &c->cfg->eve);
    if (!rec) {
        c->stats.records_failed++;
        return;
    }
    c->emit(rec, c->user);
    json_decref(rec);
    c->stats.alerts++;
}

static sw_engine *engine_new(sw_correlator *c, const sw_catalog *catalog,
                             const sw_engine_config *ecfg, const sw_hygiene_rules *hygiene,
                             const sw_ruleset *rules, sw_error *err)
{
    sw_engine *e = sw_engine_new(catalog, ecfg, on_alert, c, err);
    if (!e)
        return NULL;
    sw_engine_set_scope(e, SW_ENGINE_CROSS_FLOW);
    if (sw_engine_set_hygiene(e, hygiene, err) != SW_OK ||
        (rules && sw_engine_set_rules(e, rules, err) != SW_OK)) {
        sw_engine_free(e);
        return NULL;
    }
    return e;
}

sw_correlator *sw_correlator_new(const sw_catalog *catalog, const sw_engine_config *ecfg,
                                 const sw_hygiene_rules *hygiene, const sw_ruleset *rules,
                                 const sw_sensor_config *scfg, sw_record_cb emit, void *user,
                                 sw_error *err)
{
    sw_correlator *c = calloc(1, sizeof(*c));
    if (!c) {
        sw_error_set(err, SW_ERR_NOMEM, NULL, 0, NULL, "out of memory creating the correlator");
        return NULL;
    }
    c->cfg = scfg;
    c->emit = emit;
    c->user = user;
    c->engine = engine_new(c, catalog, ecfg, hygiene, rules, err);
    if (!c->engine) {
        free(c);
        return NULL;
    }
    return c;
}

void sw_correlator_set_alert_output(sw_correlator *c, sw_alert_record_cb emit_alert)
{
    if (c)
        c->emit_alert = emit_alert;
}

void sw_correlator_free(sw_correlator *c)
{
    if (!c)
        return;
    sw_engine_free(c->engine);
    free(c);
}

void sw_correlator_record(const sw_observation *obs, sw_time ts, const sw_alert *alerts,
                          const int *origins, size_t n, void *user)
{
    sw_correlator *c = user;
    c->stats.records++;
    sw_engine_replay(c->engine, obs, ts, alerts, origins, n);
}

/* Every state_interval seconds of packet time, as a single pipeline saves. */
static void maybe_save_state(sw_correlator *c, int64_t now)
{
    if (!c->state_path[0])
        return;
    if (c->next_state_save == 0) {
        c->next_state_save = now + (int64_t)c->state_interval;
    } else if (now >= c->next_state_save) {
        c->next_state_save = now + (int64_t)c->state_interval;
        sw_error err = {0};
        (void)sw_correlator_save_state(c, &err); /* counted; the next save tries again */
    }
}

void sw_correlator_tick(sw_time now, void *user)
{
    sw_correlator *c = user;
    sw_observation obs;
    memset(&obs, 0, sizeof(obs));
    obs.type = SW_OBS_TICK;
    obs.ts = now;
    sw_engine_observe(c->engine, &obs);
    maybe_save_state(c, now.sec);
}

void sw_correlator_finish(sw_correlator *c)
{
    sw_engine_flush(c->engine);
}

sw_status sw_correlator_set_engine(sw_correlator *c, const sw_catalog *catalog,
                                   const sw_engine_config *ecfg, const sw_hygiene_rules *hygiene,
                                   const sw_ruleset *rules, sw_error *err)
{
    sw_engine *next = engine_new(c, catalog, ecfg, hygiene, rules, err);
    if (!next)
        return SW_ERR_NOMEM; /* or a catalog without a built-in id: err says which */
    if (rules && sw_engine_take_rule_state(next, c->engine, err) != SW_OK) {
        sw_engine_free(next);
        return SW_ERR_NOMEM;
    }
    sw_state_carry(c->engine, next);
    sw_engine_flush(c->engine);
    sw_engine_free(c->engine);
    c->engine = next;
    return SW_OK;
}

void sw_correlator_set_state_file(sw_correlator *c, const char *path, uint64_t interval)
{
    snprintf(c->state_path, sizeof(c->state_path), "%s", path ? path : "");
    c->state_interval = interval;
    c->next_state_save = 0;
}

sw_status sw_correlator_load_state(sw_correlator *c, sw_error *err)
{
    return c->state_path[0] ? sw_state_file_load(c->state_path, c->engine, err) : SW_OK;
}

sw_status sw_correlator_save_state(sw_correlator *c, sw_error *err)
{
    if (!c->state_path[0])
        return SW_OK;
    sw_status st = sw_state_file_save(c->state_path, c->engine, err);
    if (st == SW_OK)
        c->stats.state_saves++;
    else
        c->stats.state_save_failed++;
    return st;
}

void sw_correlator_get_stats(const sw_correlator *c, sw_correlator_stats *out)
{
    *out = c->stats;
    sw_engine_get_stats(c->engine, &out->engine);
    sw_engine_get_hygiene_stats(c->engine, &out->hygiene);
    sw_engine_get_rule_stats(c->engine, &out->rules);
}
