/* Detection fixture: see helper-detect.h. */
#include "helper-detect.h"

#include "sw-test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char dfx_lab_networks[] = "networks:\n"
                                "  infra: [10.0.0.0/24]\n"
                                "  aaa: [10.8.0.10]\n"
                                "  nms: [10.7.0.0/24]\n"
                                "  file_servers: [10.30.0.30]\n"
                                "  syslog: [10.30.0.40]\n"
                                "  tunnel_peers: [192.0.2.1]\n"
                                "  erspan_collectors: [10.30.0.50]\n"
                                "  own: [10.0.0.0/8]\n"
                                "  smi_directors: [10.20.0.5]\n";

static void on_alert(const sw_alert *a, void *user)
{
    dfx *fx = user;
    ck_assert_uint_lt(fx->n, DFX_MAX_ALERTS);
    dfx_alert *s = &fx->alerts[fx->n++];
    snprintf(s->id, sizeof(s->id), "%s", a->entry->id);
    s->severity = a->severity;
    s->flow_id = a->flow ? a->flow->flow_id : 0;
    s->n_evidence = a->n_evidence;
    for (size_t i = 0; i < a->n_evidence; i++) {
        snprintf(s->keys[i], sizeof(s->keys[i]), "%s", a->evidence[i].key);
        snprintf(s->values[i], sizeof(s->values[i]), "%s", a->evidence[i].value);
    }
}

void dfx_setup(dfx *fx, const char *yaml)
{
    memset(fx, 0, sizeof(*fx));
    sw_error err;
    memset(&err, 0, sizeof(err));
    ck_assert_int_eq(
        sw_catalog_load_file(sw_test_source("signatures/catalog.yaml"), &fx->catalog, &err), SW_OK);
    fx->cfg = sw_engine_config_new();
    ck_assert_ptr_nonnull(fx->cfg);
    sw_conf_node *root = NULL;
    ck_assert_int_eq(sw_conf_load_string(yaml, strlen(yaml), "cfg.yaml", &root, &err), SW_OK);
    sw_status st = sw_engine_config_apply(fx->cfg, root, fx->catalog, &err);
    ck_assert_msg(st == SW_OK, "config: %u %s: %s", err.line, err.key, err.text);
    sw_conf_free(root);
    fx->engine = sw_engine_new(fx->catalog, fx->cfg, on_alert, fx, &err);
    ck_assert_ptr_nonnull(fx->engine);
}

void dfx_setup_lab(dfx *fx, const char *detections_yaml)
{
    char yaml[4096];
    snprintf(yaml, sizeof(yaml), "%s%s", dfx_lab_networks, detections_yaml ? detections_yaml : "");
    dfx_setup(fx, yaml);
}

void dfx_teardown(dfx *fx)
{
    sw_engine_free(fx->engine);
    sw_engine_config_free(fx->cfg);
    sw_catalog_free(fx->catalog);
}

size_t dfx_count(const dfx *fx, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < fx->n; i++)
        n += strcmp(fx->alerts[i].id, id) == 0;
    return n;
}

const dfx_alert *dfx_first(const dfx *fx, const char *id)
{
    for (size_t i = 0; i < fx->n; i++)
        if (strcmp(fx->alerts[i].id, id) == 0)
            return &fx->alerts[i];
    return NULL;
}

const char *dfx_ev(const dfx_alert *a, const char *key)
{
    for (size_t i = 0; a && i < a->n_evidence; i++)
        if (strcmp(a->keys[i], key) == 0)
            return a->values[i];
    return NULL;
}

int dfx_any_evidence_contains(const dfx *fx, const char *text)
{
    for (size_t i = 0; i < fx->n; i++)
        for (size_t k = 0; k < fx->alerts[i].n_evidence; k++)
            if (strstr(fx->alerts[i].keys[k], text) || strstr(fx->alerts[i].values[k], text))
                return 1;
    return 0;
}

sw_flow_obs dfx_flow(const char *src, uint16_t sp, const char *dst, uint16_t dp, uint8_t proto,
                     uint64_t flow_id, int64_t t)
{
    sw_flow_obs f;
    memset(&f, 0, sizeof(f));
    ck_assert_int_eq(sw_ip_parse(&f.src, src), SW_OK);
    ck_assert_int_eq(sw_ip_parse(&f.dst, dst), SW_OK);
    f.sp = sp;
    f.dp = dp;
    f.proto = proto;
    f.flow_id = flow_id;
    f.start.sec = t;
    f.last.sec = t;
    return f;
}

sw_observation dfx_obs(sw_obs_type type, int64_t t)
{
    sw_observation o;
    memset(&o, 0, sizeof(o));
    o.type = type;
    o.ts.sec = t;
    return o;
}
