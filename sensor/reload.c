/* Builds a complete detection set from files (see reload.h); used at start and on SIGHUP, so
 * a reload validates exactly what a start would. */
#include "reload.h"

#include "inventory-load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sw_detection_set_free(sw_detection_set *set)
{
    if (!set)
        return;
    sw_hygiene_rules_free(set->hygiene);
    sw_ruleset_free(set->rules);
    sw_engine_config_free(set->ecfg);
    sw_conf_free(set->conf);
    sw_catalog_free(set->catalog);
    free(set);
}

typedef struct zone_ctx {
    sw_engine_config *ecfg;
    sw_status st;
    sw_error *err;
} zone_ctx;

static void add_zone_net(void *user, const char *cidr, sw_netset_id set)
{
    zone_ctx *z = user;
    if (z->st == SW_OK)
        z->st = sw_engine_config_add_net(z->ecfg, set, cidr, z->err);
}

static void resolve_thresholds(sw_detection_set *set, const char *config_path, const char *rel)
{
    const char *slash = config_path ? strrchr(config_path, '/') : NULL;
    if (rel[0] == '/' || !slash)
        snprintf(set->thresholds_path, sizeof(set->thresholds_path), "%s", rel);
    else
        snprintf(set->thresholds_path, sizeof(set->thresholds_path), "%.*s/%s",
                 (int)(slash - config_path), config_path, rel);
}

static void on_ioc_problem(const sw_error *problem, void *user)
{
    sw_detection_set *set = user;
    if (!set->ioc_first_problem[0])
        sw_error_format(problem, set->ioc_first_problem, sizeof(set->ioc_first_problem));
}

/* The `ioc:` key's lists, or without the key the shipped ones, into a set the engine config then
 * owns (relative paths are taken from the configuration file's directory by ioc-load.c). */
static sw_status load_iocs(sw_detection_set *set, const char *catalog_path, sw_error *err)
{
    sw_ioc_set *iocs = sw_ioc_set_new();
    if (!iocs)
        return sw_error_set(err, SW_ERR_NOMEM, NULL, 0, NULL, "out of memory");
    const sw_conf_node *roots[] = {set->conf};
    sw_status st = sw_ioc_load_or_shipped(roots, 1, catalog_path, iocs, on_ioc_problem, set,
                                          &set->ioc, &set->ioc_shipped, err);
    if (st != SW_OK) {
        sw_ioc_set_free(iocs);
        return st;
    }
    sw_engine_config_set_ioc(set->ecfg, iocs);
    return SW_OK;
}

static sw_status load_config(sw_detection_set *set, const char *path, sw_sensor_config *scfg,
                             sw_geo_config *geo, const char **stage, sw_error *err)
{
    *stage = "configuration";
    sw_status st = sw_conf_load_file(path, &set->conf, err);
    if (st == SW_OK)
        st = sw_engine_config_apply(set->ecfg, set->conf, set->catalog, err);
    if (st == SW_OK)
        st = sw_inventory_load_config(set->conf, set->ecfg, err);
    if (st == SW_OK)
        st = sw_sensor_config_apply(scfg, set->conf, err);
    if (st == SW_OK)
        st = sw_geo_config_apply(geo, set->conf, err);
    if (st != SW_OK || !geo->zone_db[0])
        return st;
    *stage = "zone database network sets";
    zone_ctx z = {set->ecfg, SW_OK, err};
    st = sw_geo_zone_netsets_mmdb(geo->zone_db, add_zone_net, &z, err);
    return st != SW_OK ? st : z.st;
}

sw_status sw_detection_set_load(const char *catalog_path, const char *config_path,
                                sw_sensor_config *scfg, sw_geo_config *geo, sw_detection_set **out,
                                const char **stage, sw_error *err)
{
    *out = NULL;
    *stage = "detection catalog";
    sw_detection_set *set = calloc(1, sizeof(*set));
    if (!set)
        return sw_error_set(err, SW_ERR_NOMEM, NULL, 0, NULL, "out of memory");
    sw_status st = sw_catalog_load_file(catalog_path, &set->catalog, err);
    if (st == SW_OK && !(set->ecfg = sw_engine_config_new()))
        st = sw_error_set(err, SW_ERR_NOMEM, NULL, 0, NULL, "out of memory");
    if (st == SW_OK && config_path)
        st = load_config(set, config_path, scfg, geo, stage, err);
    if (st == SW_OK) {
        *stage = "ioc";
        st = load_iocs(set, catalog_path, err);
    }
    if (st == SW_OK && scfg->thresholds[0]) {
        *stage = "thresholds";
        resolve_thresholds(set, config_path, scfg->thresholds);
        st = sw_hygiene_rules_load_file(set->thresholds_path, set->catalog, &set->hygiene, err);
    }
    if (st != SW_OK) {
        sw_detection_set_free(set);
        return st;
    }
    *out = set;
    return SW_OK;
}

sw_status sw_detection_set_load_rules(sw_detection_set *set, const char *const *cli_files,
                                      size_t n_cli, sw_rules_warn_fn warn, void *user,
                                      sw_error *err)
{
    sw_sensor_rules *files = &set->rule_files;
    memset(files, 0, sizeof(*files));
    sw_status st = set->conf ? sw_sensor_rules_from_conf(files, set->conf, err) : SW_OK;
    for (size_t i = 0; st == SW_OK && i < n_cli; i++)
        st = sw_sensor_rules_add_file(files, cli_files[i], err);
    if (st != SW_OK || files->n_files == 0)
        return st;
    sw_sensor_rules_find_classification(files);
    return sw_sensor_rules_build(files, &set->rules, warn, user, err);
}
