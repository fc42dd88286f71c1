/* Helpers for the geo suites. */
#ifndef SEAWALL_HELPER_GEO_H
#define SEAWALL_HELPER_GEO_H

#include "geo.h"
#include "sw-test.h"

/* dbs: NULL-terminated paths relative to the shared dir (or NULL); zone_db an absolute path. */
sw_geo *geo_test_open(const char *const *dbs, const char *zone_db, int location, uint32_t cache);
json_t *geo_test_describe(sw_geo *geo, const char *ip_text); /* new reference */
/* obj[a] or obj[a][b] as a string, NULL when absent. */
const char *geo_test_str(json_t *obj, const char *a, const char *b);
void geo_test_write(const char *path, const char *text);

#endif
