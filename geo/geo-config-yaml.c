/* The `geo:` section of the sensor YAML (docs/geo.md, "Configuration"). */
#include <stdio.h>
#include <string.h>

#include "geo.h"

static sw_status read_databases(sw_geo_config *cfg, const sw_conf_node *list, sw_error *err)
{
    if (sw_conf_kind_of(list) != SW_CONF_SEQ)
        return sw_conf_error(list, "databases", err, "expected a list of .mmdb paths");
    for (size_t i = 0; i < sw_conf_count(list); i++) {
        const sw_conf_node *item = sw_conf_at(list, i);
        const char *path = sw_conf_scalar(item);
        if (!path)
            return sw_conf_error(item, "databases", err, "expected a path");
        sw_error e = {0};
        if (sw_geo_config_add_database(cfg, path, &e) != SW_OK)
            return sw_conf_error(item, "databases", err, "%s", e.text);
    }
    return SW_OK;
}

static sw_status read_on_error(sw_geo_config *cfg, const sw_conf_node *geo, sw_error *err)
{
    const char *text = NULL;
    sw_status st = sw_conf_get_str(geo, "on-error", &text, err);
    if (st != SW_OK || !text)
        return st;
    if (strcmp(text, "stop") == 0)
        cfg->on_error = SW_GEO_ON_ERROR_STOP;
    else if (strcmp(text, "continue") == 0)
        cfg->on_error = SW_GEO_ON_ERROR_CONTINUE;
    else
        return sw_conf_error(sw_conf_get(geo, "on-error"), "on-error", err,
                             "'%s' is not stop or continue", text);
    return SW_OK;
}

sw_status sw_geo_config_apply(sw_geo_config *cfg, const sw_conf_node *root, sw_error *err)
{
    static const char *const keys[] = {"databases", "zone-db",    "location",
                                       "on-error",  "cache-size", NULL};
    const sw_conf_node *geo = root ? sw_conf_get(root, "geo") : NULL;
    if (!geo)
        return SW_OK;
    if (sw_conf_kind_of(geo) != SW_CONF_MAP)
        return sw_conf_error(geo, "geo", err, "expected a map");
    sw_status st = sw_conf_check_keys(geo, keys, "geo", err);
    const sw_conf_node *dbs = sw_conf_get(geo, "databases");
    if (st == SW_OK && dbs)
        st = read_databases(cfg, dbs, err);
    const char *zone = NULL;
    if (st == SW_OK)
        st = sw_conf_get_str(geo, "zone-db", &zone, err);
    if (st == SW_OK && zone && strlen(zone) >= SW_GEO_PATH_MAX)
        st = sw_conf_error(sw_conf_get(geo, "zone-db"), "zone-db", err, "path too long");
    if (st == SW_OK && zone)
        snprintf(cfg->zone_db, sizeof(cfg->zone_db), "%s", zone);
    if (st == SW_OK)
        st = sw_conf_get_bool(geo, "location", &cfg->include_location, err);
    if (st == SW_OK)
        st = read_on_error(cfg, geo, err);
    uint64_t cache = cfg->cache_size;
    if (st == SW_OK)
        st = sw_conf_get_u64(geo, "cache-size", 0, SW_GEO_MAX_CACHE, &cache, err);
    if (st == SW_OK)
        cfg->cache_size = (uint32_t)cache;
    return st;
}
