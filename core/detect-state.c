/* Construction of the behavioural detectors' state: tunables with their defaults, and the
 * bounded tables. The defaults are argued in docs/detections-impl.md. */
#include "detect-state.h"

#include <stdlib.h>

#define DEFAULT_ENTRIES 8192
#define ONE_WEEK        (7 * 86400)

static uint64_t param(const sw_engine_config *cfg, const char *id, const char *key, uint64_t dflt)
{
    return sw_engine_config_param_u64(cfg, id, key, dflt);
}

static void read_params(sw_detect_params *p, const sw_engine_config *cfg)
{
    p->acc001_allowed =
        sw_engine_config_param_ports(cfg, "ST-ACC-001", "allowed-ports", &p->n_acc001_allowed);
    p->acc001_min_port = (unsigned)param(cfg, "ST-ACC-001", "min-port", 1022);
    p->acc003_port_min = (unsigned)param(cfg, "ST-ACC-003", "port-min", 18000);
    p->acc003_port_max = (unsigned)param(cfg, "ST-ACC-003", "port-max", 18999);
    p->acc004_learning = (int64_t)param(cfg, "ST-ACC-004", "learning-period", ONE_WEEK);
    p->acc004_allowed =
        sw_engine_config_param_ports(cfg, "ST-ACC-004", "allowed-ports", &p->n_acc004_allowed);
    p->lat001_learning = (int64_t)param(cfg, "ST-LAT-001", "learning-period", ONE_WEEK);
    p->lat002_allowed = sw_engine_config_param_net(cfg, "ST-LAT-002", "allowed-destinations");
    p->lat003_allowed = sw_engine_config_param_net(cfg, "ST-LAT-003", "allowed-sources");
    p->con001_allowed = sw_engine_config_param_net(cfg, "ST-CON-001", "allowed-destinations");
    p->lat004_window = (int64_t)param(cfg, "ST-LAT-004", "window", 60);
    p->lat004_min_hops = (unsigned)param(cfg, "ST-LAT-004", "min-hops", 2);
    p->eva001_learning = (int64_t)param(cfg, "ST-EVA-001", "learning-period", 86400);
    p->eva001_factor = (unsigned)param(cfg, "ST-EVA-001", "silence-factor", 10);
    p->eva001_min_silence = (int64_t)param(cfg, "ST-EVA-001", "min-silence", 900);
    p->eva001_min_messages = (unsigned)param(cfg, "ST-EVA-001", "min-messages", 5);
    p->scan001_threshold = (unsigned)param(cfg, "ST-SCAN-001", "threshold", 10);
    p->scan001_window = (int64_t)param(cfg, "ST-SCAN-001", "window", 86400);
}

static sw_state_table *table(const sw_engine_config *cfg, const char *id, int *failed)
{
    sw_state_table *t =
        sw_state_table_new((size_t)param(cfg, id, "state-entries", DEFAULT_ENTRIES));
    if (!t)
        *failed = 1;
    return t;
}

sw_detect_state *sw_detect_state_new(const sw_engine_config *cfg)
{
    sw_detect_state *st = calloc(1, sizeof(*st));
    if (!st)
        return NULL;
    read_params(&st->p, cfg);
    int failed = 0;
    st->acc003_listeners = table(cfg, "ST-ACC-003", &failed);
    st->acc004_ports = table(cfg, "ST-ACC-004", &failed);
    st->lat001_pairs = table(cfg, "ST-LAT-001", &failed);
    st->lat004_hosts = table(cfg, "ST-LAT-004", &failed);
    st->eva001_devices = table(cfg, "ST-EVA-001", &failed);
    st->scan001_sources = table(cfg, "ST-SCAN-001", &failed);
    st->scan001_pairs = table(cfg, "ST-SCAN-001", &failed);
    if (failed) {
        sw_detect_state_free(st);
        return NULL;
    }
    return st;
}

void sw_detect_state_free(sw_detect_state *st)
{
    if (!st)
        return;
    sw_state_table_free(st->acc003_listeners);
    sw_state_table_free(st->acc004_ports);
    sw_state_table_free(st->lat001_pairs);
    sw_state_table_free(st->lat004_hosts);
    sw_state_table_free(st->eva001_devices);
    sw_state_table_free(st->scan001_sources);
    sw_state_table_free(st->scan001_pairs);
    free(st);
}

void sw_detect_state_clock(sw_detect_state *st, int64_t now)
{
    if (!st->learning_started) {
        st->learning_started = 1;
        st->learning_start = now;
    }
}

int sw_detect_state_learning(const sw_detect_state *st, int64_t period, int64_t now)
{
    return !st->learning_started || now < st->learning_start + period;
}
