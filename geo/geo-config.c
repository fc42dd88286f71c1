/* sw_geo_config defaults and programmatic setup (the YAML reader is geo-config-yaml.c). */
#include <stdio.h>
#include <string.h>

#include "geo.h"

void sw_geo_config_defaults(sw_geo_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->include_location = 0;
    cfg->on_error = SW_GEO_ON_ERROR_STOP;
    cfg->cache_size = SW_GEO_DEFAULT_CACHE;
}

sw_status sw_geo_config_add_database(sw_geo_config *cfg, const char *path, sw_error *err)
{
    if (cfg->n_databases >= SW_GEO_MAX_DATABASES)
        return sw_error_set(err, SW_ERR_LIMIT, NULL, 0, "geo.databases",
                            "more than %d databases; '%s' not added", SW_GEO_MAX_DATABASES, path);
    if (!path[0] || strlen(path) >= SW_GEO_PATH_MAX)
        return sw_error_set(err, SW_ERR_INVALID, NULL, 0, "geo.databases",
                            "path is empty or longer than %d bytes", SW_GEO_PATH_MAX - 1);
    snprintf(cfg->databases[cfg->n_databases++], SW_GEO_PATH_MAX, "%s", path);
    return SW_OK;
}
