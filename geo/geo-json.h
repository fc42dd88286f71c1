/* Internal: a lookup result as the EVE "seawall.src"/"seawall.dest" object (docs/geo.md). */
#ifndef SEAWALL_GEO_JSON_H
#define SEAWALL_GEO_JSON_H

#include <jansson.h>

#include "geo-db.h"

/* New reference, NULL when out of memory. Empty fields are left out. */
json_t *geo_info_to_json(const geo_info *info, int include_location);

#endif
