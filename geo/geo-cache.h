/* Internal: a bounded LRU of lookup results keyed by address. Fixed capacity, allocated once;
 * no allocation per lookup. Not thread-safe (one per sw_geo). */
#ifndef SEAWALL_GEO_CACHE_H
#define SEAWALL_GEO_CACHE_H

#include "geo-db.h"

typedef struct geo_cache geo_cache;

/* Caller owns; free with geo_cache_free. NULL when capacity is 0 or out of memory. `seed`
 * perturbs the hash so crafted addresses cannot predict bucket chains. */
geo_cache *geo_cache_new(uint32_t capacity, uint32_t seed);
void geo_cache_free(geo_cache *c); /* NULL is a no-op */

/* The cached result (borrowed until the next put/clear) and marks it most recently used;
 * NULL on a miss. */
const geo_info *geo_cache_get(geo_cache *c, const sw_ip *ip);
/* A slot for ip to fill, evicting the least recently used entry when full (*evicted = 1).
 * ip must not be in the cache already. */
geo_info *geo_cache_put(geo_cache *c, const sw_ip *ip, int *evicted);
void geo_cache_clear(geo_cache *c);
uint32_t geo_cache_count(const geo_cache *c);

#endif
