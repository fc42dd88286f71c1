/* libFuzzer target: what the Suricata plugin does with a record Suricata hands it - JSON to
 * flow and app-layer observations - and the engine (lab config) judging them, so hostile field
 * values reach the detections as they would inside Suricata. */
#include "catalog.h"
#include "conf.h"
#include "engine.h"
#include "eve-map-app.h"
#include "eve-map.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* One engine for the run, kept reachable with what it was built from. */
static sw_engine *engine;
static sw_catalog *catalog;
static sw_conf_node *conf;
static sw_engine_config *cfg;

static void no_alert(const sw_alert *alert, void *user)
{
    (void)alert;
    (void)user;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sw_error err = {0};
    cfg = sw_engine_config_new();
    if (!cfg || sw_catalog_load_file(SW_SOURCE_DIR "/signatures/catalog.yaml", &catalog, &err) ||
        sw_conf_load_file(SW_SOURCE_DIR "/etc/seawall-lab.yaml", &conf, &err) ||
        sw_engine_config_apply(cfg, conf, catalog, &err) ||
        !(engine = sw_engine_new(catalog, cfg, no_alert, NULL, &err)))
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *rec = json_loadb((const char *)data, size, 0, NULL);
    if (!rec)
        return 0;
    sw_observation flow[SW_SURI_FLOW_OBS_MAX];
    size_t n = 0;
    (void)sw_suri_record_kind_of(rec);
    if (sw_suri_map_flow(rec, flow, &n) == SW_OK)
        for (size_t i = 0; i < n; i++)
            sw_engine_observe(engine, &flow[i]);
    sw_suri_app *app = malloc(sizeof(*app));
    if (app && sw_suri_map_app(rec, app) == SW_OK)
        for (size_t i = 0; i < app->n; i++)
            sw_engine_observe(engine, &app->obs[i]);
    free(app);
    json_decref(rec);
    return 0;
}
