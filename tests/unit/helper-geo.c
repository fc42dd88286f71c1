/* Shared by the geo suites: open a sw_geo over given test databases. */
#include "helper-geo.h"

#include <stdio.h>
#include <string.h>

sw_geo *geo_test_open(const char *const *dbs, const char *zone_db, int location, uint32_t cache)
{
    sw_geo_config cfg;
    sw_error err = {0};
    sw_geo_config_defaults(&cfg);
    cfg.no_discovery = 1;
    cfg.include_location = location;
    cfg.cache_size = cache;
    for (size_t i = 0; dbs && dbs[i]; i++)
        ck_assert_int_eq(sw_geo_config_add_database(&cfg, sw_test_shared(dbs[i]), &err), SW_OK);
    if (zone_db)
        snprintf(cfg.zone_db, sizeof(cfg.zone_db), "%s", zone_db);
    sw_geo *geo = sw_geo_open(&cfg, NULL, NULL, &err);
    ck_assert_msg(geo != NULL, "open: %s: %s", err.file, err.text);
    return geo;
}

json_t *geo_test_describe(sw_geo *geo, const char *ip_text)
{
    sw_ip ip;
    ck_assert_int_eq(sw_ip_parse(&ip, ip_text), SW_OK);
    json_t *obj = sw_geo_describe(geo, &ip);
    ck_assert_ptr_nonnull(obj);
    return obj;
}

const char *geo_test_str(json_t *obj, const char *a, const char *b)
{
    json_t *v = json_object_get(obj, a);
    if (b)
        v = json_object_get(v, b);
    return json_string_value(v);
}

void geo_test_write(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}
