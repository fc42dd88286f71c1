/* Construction of the behavioural detectors' state: settings from the parameter table
 * (detect-params.c, defaults argued in docs/detections-impl.md) and the bounded tables. */
#include "detect-state.h"

#include <stdlib.h>

static uint64_t param(const sw_detect_ctx *ctx, const char *id, const char *key)
{
    return sw_detect_param(ctx, id, key);
}

static sw_state_table *table(const sw_detect_ctx *ctx, const char *id, int *failed)
{
    sw_state_table *t = sw_state_table_new((size_t)param(ctx, id, "state-entries"));
    if (!t)
        *failed = 1;
    return t;
}

void *sw_access_ssh_params_new(const sw_detect_ctx *ctx)
{
    sw_access_ssh_params *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->acc001_allowed =
        sw_detect_param_ports(ctx, "ST-ACC-001", "allowed-ports", &p->n_acc001_allowed);
    p->acc001_min_port = (unsigned)param(ctx, "ST-ACC-001", "min-port");
    return p;
}

void *sw_access_state_new(const sw_detect_ctx *ctx)
{
    sw_access_state *st = calloc(1, sizeof(*st));
    if (!st)
        return NULL;
    st->acc003_port_min = (unsigned)param(ctx, "ST-ACC-003", "port-min");
    st->acc003_port_max = (unsigned)param(ctx, "ST-ACC-003", "port-max");
    st->acc004_learning = (int64_t)param(ctx, "ST-ACC-004", "learning-period");
    st->acc004_allowed =
        sw_detect_param_ports(ctx, "ST-ACC-004", "allowed-ports", &st->n_acc004_allowed);
    int failed = 0;
    st->acc003_listeners = table(ctx, "ST-ACC-003", &failed);
    st->acc004_ports = table(ctx, "ST-ACC-004", &failed);
    if (failed) {
        sw_access_state_free(st);
        return NULL;
    }
    return st;
}

void sw_access_state_free(void *state)
{
    sw_access_state *st = state;
    if (!st)
        return;
    sw_state_table_free(st->acc003_listeners);
    sw_state_table_free(st->acc004_ports);
    free(st);
}

void *sw_lateral_ssh_params_new(const sw_detect_ctx *ctx)
{
    sw_lateral_ssh_params *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->lat002_allowed = sw_detect_param_net(ctx, "ST-LAT-002", "allowed-destinations");
    p->lat003_allowed = sw_detect_param_net(ctx, "ST-LAT-003", "allowed-sources");
    return p;
}

void *sw_lateral_state_new(const sw_detect_ctx *ctx)
{
    sw_lateral_state *st = calloc(1, sizeof(*st));
    if (!st)
        return NULL;
    st->lat001_learning = (int64_t)param(ctx, "ST-LAT-001", "learning-period");
    st->lat004_window = (int64_t)param(ctx, "ST-LAT-004", "window");
    st->lat004_min_hops = (unsigned)param(ctx, "ST-LAT-004", "min-hops");
    int failed = 0;
    st->lat001_pairs = table(ctx, "ST-LAT-001", &failed);
    st->lat004_hosts = table(ctx, "ST-LAT-004", &failed);
    if (failed) {
        sw_lateral_state_free(st);
        return NULL;
    }
    return st;
}

void sw_lateral_state_free(void *state)
{
    sw_lateral_state *st = state;
    if (!st)
        return;
    sw_state_table_free(st->lat001_pairs);
    sw_state_table_free(st->lat004_hosts);
    free(st);
}

void *sw_evasion_state_new(const sw_detect_ctx *ctx)
{
    sw_evasion_state *st = calloc(1, sizeof(*st));
    if (!st)
        return NULL;
    st->eva001_learning = (int64_t)param(ctx, "ST-EVA-001", "learning-period");
    st->eva001_factor = (unsigned)param(ctx, "ST-EVA-001", "silence-factor");
    st->eva001_min_silence = (int64_t)param(ctx, "ST-EVA-001", "min-silence");
    st->eva001_min_messages = (unsigned)param(ctx, "ST-EVA-001", "min-messages");
    int failed = 0;
    st->eva001_devices = table(ctx, "ST-EVA-001", &failed);
    if (failed) {
        sw_evasion_state_free(st);
        return NULL;
    }
    return st;
}

void sw_evasion_state_free(void *state)
{
    sw_evasion_state *st = state;
    if (!st)
        return;
    sw_state_table_free(st->eva001_devices);
    free(st);
}

void *sw_container_state_new(const sw_detect_ctx *ctx)
{
    sw_container_state *st = calloc(1, sizeof(*st));
    if (st)
        st->con001_allowed = sw_detect_param_net(ctx, "ST-CON-001", "allowed-destinations");
    return st;
}

void sw_container_state_free(void *state)
{
    free(state);
}

void *sw_scan_state_new(const sw_detect_ctx *ctx)
{
    sw_scan_state *st = calloc(1, sizeof(*st));
    if (!st)
        return NULL;
    st->scan001_threshold = (unsigned)param(ctx, "ST-SCAN-001", "threshold");
    st->scan001_window = (int64_t)param(ctx, "ST-SCAN-001", "window");
    int failed = 0;
    st->scan001_sources = table(ctx, "ST-SCAN-001", &failed);
    st->scan001_pairs = table(ctx, "ST-SCAN-001", &failed);
    if (failed) {
        sw_scan_state_free(st);
        return NULL;
    }
    return st;
}

void sw_scan_state_free(void *state)
{
    sw_scan_state *st = state;
    if (!st)
        return;
    sw_state_table_free(st->scan001_sources);
    sw_state_table_free(st->scan001_pairs);
    free(st);
}

sw_state_entry *sw_detect_upsert(sw_detect_ctx *ctx, sw_state_table *t, const sw_state_key *key,
                                 int64_t now, int *created)
{
    uint64_t dropped = 0;
    sw_state_entry *e = sw_state_table_upsert(t, key, now, created, &dropped);
    if (dropped)
        sw_detect_count_dropped(ctx);
    return e;
}
