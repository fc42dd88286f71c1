/* Seawall geo: geo/ASN and network-zone enrichment of EVE records (libmaxminddb), and the
 * operator zone database (CSV -> MMDB) that also defines the detection network sets.
 *
 * Threading: an sw_geo is NOT thread-safe. Open one per worker thread (the MMDB files are
 * mmap'ed read-only, so N handles share one copy in the page cache); reload it from the thread
 * that enriches with it (e.g. the worker checks a SIGHUP flag between packets). Nothing global. */
#ifndef SEAWALL_GEO_H
#define SEAWALL_GEO_H

#include <jansson.h>

#include "conf.h"
#include "engine.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SW_GEO_MAX_DATABASES 8
#define SW_GEO_PATH_MAX      1024
#define SW_GEO_DEFAULT_CACHE 4096
#define SW_GEO_MAX_CACHE     (1u << 20)
/* The database_type this module writes and expects for the operator zone database. */
#define SW_GEO_ZONE_DB_TYPE "Seawall-Zones"

typedef enum sw_geo_on_error {
    SW_GEO_ON_ERROR_STOP = 0, /* a bad database is fatal (open fails, reload keeps the old set) */
    SW_GEO_ON_ERROR_CONTINUE, /* a bad database is reported and left out (or the old one kept) */
} sw_geo_on_error;

typedef struct sw_geo_config {
    /* MaxMind databases (City/Country, ASN, ISP, Connection-Type), in any order. When none is
     * set and zone_db is empty too, sw_geo_open searches SW_GEO_SEARCH_DIRS. */
    size_t n_databases;
    char databases[SW_GEO_MAX_DATABASES][SW_GEO_PATH_MAX];
    char zone_db[SW_GEO_PATH_MAX]; /* "" = none; must be a Seawall-Zones database */
    int include_location;          /* add geo.location {lat, lon}; off by default */
    sw_geo_on_error on_error;
    uint32_t cache_size; /* LRU entries; 0 disables the cache */
    int no_discovery;    /* 1: never search the default directories (tests) */
} sw_geo_config;

/* Where geoipupdate writes its databases (Debian, then upstream default). */
#define SW_GEO_SEARCH_DIRS                   \
    {                                        \
        "/usr/share/GeoIP", "/var/lib/GeoIP" \
    }

void sw_geo_config_defaults(sw_geo_config *cfg);
/* Reads the `geo:` section of a sensor config tree (absent section: defaults kept). Keys:
 * databases: [paths], zone-db: path, location: bool, on-error: stop|continue, cache-size: N.
 * Errors name file, line and key. */
sw_status sw_geo_config_apply(sw_geo_config *cfg, const sw_conf_node *root, sw_error *err);
/* Adds one database path; SW_ERR_LIMIT past SW_GEO_MAX_DATABASES, SW_ERR_INVALID if too long. */
sw_status sw_geo_config_add_database(sw_geo_config *cfg, const char *path, sw_error *err);

/* Operator-facing lines from open/reload ("geo: found ...", "geo: not found ...", errors).
 * `is_error` is 1 for problems. Called synchronously; text is valid during the call only. */
typedef void (*sw_geo_report_fn)(void *user, int is_error, const char *text);

typedef struct sw_geo sw_geo;

/* Opens every configured database (or the discovered ones). A corrupt, truncated or wrong-type
 * database is an error naming the file and the problem: with on_error=stop, NULL is returned and
 * err filled; with continue, it is reported and left out. Having no database at all is not an
 * error: enrichment then only classifies special ranges. `report` may be NULL. cfg is copied.
 * Caller owns the result; free with sw_geo_free. */
sw_geo *sw_geo_open(const sw_geo_config *cfg, sw_geo_report_fn report, void *user, sw_error *err);
void sw_geo_free(sw_geo *geo); /* NULL is a no-op */

/* Re-opens every database from the same paths (call on SIGHUP, from the enriching thread).
 * A database that fails keeps its previous version; with on_error=stop nothing is swapped and
 * the error is returned. On success the cache is emptied. Alerts are never dropped: enrichment
 * uses the old set until the new one is complete. */
sw_status sw_geo_reload(sw_geo *geo, sw_error *err);

/* Reads record["src_ip"] and record["dest_ip"] (strings; absent ones are skipped) and adds
 * record["seawall"]["src"] / ["dest"] (docs/geo.md; schema tests/eve/seawall-geo-extension.json),
 * keeping every existing key. SW_ERR_INVALID when an address is not an IP (counted, the other end
 * is still enriched), SW_ERR_NOMEM on allocation failure. Does not take the record's reference. */
sw_status sw_geo_enrich(sw_geo *geo, json_t *record);

/* The object for one address ({"ip_class":..., "geo":..., "as":..., "zone":...}); new reference,
 * NULL when out of memory. */
json_t *sw_geo_describe(sw_geo *geo, const sw_ip *ip);

/* Address classes recognised without a database lookup (IANA special-purpose registries). */
typedef enum sw_ip_class {
    SW_IP_CLASS_PUBLIC = 0,
    SW_IP_CLASS_PRIVATE,       /* RFC 1918, RFC 4193 (fc00::/7) */
    SW_IP_CLASS_LOOPBACK,      /* 127/8, ::1 */
    SW_IP_CLASS_LINK_LOCAL,    /* 169.254/16, fe80::/10 */
    SW_IP_CLASS_CGNAT,         /* 100.64/10, RFC 6598 */
    SW_IP_CLASS_DOCUMENTATION, /* RFC 5737, RFC 3849, RFC 9637 */
    SW_IP_CLASS_MULTICAST,     /* 224/4, ff00::/8 */
    SW_IP_CLASS_UNSPECIFIED,   /* 0/8 "this network", :: */
    SW_IP_CLASS_BROADCAST,     /* 255.255.255.255 */
    SW_IP_CLASS_RESERVED,      /* 240/4, 192.0.0/24, 198.18/15 benchmarking */
    SW_IP_CLASS_COUNT
} sw_ip_class;

/* Classifies ip (IPv4-mapped IPv6 is classified as its IPv4 address). */
sw_ip_class sw_geo_ip_class(const sw_ip *ip);
/* "public", "private", "loopback", "link_local", "cgnat", "documentation", "multicast",
 * "unspecified", "broadcast", "reserved"; NULL for out-of-range values. */
const char *sw_geo_ip_class_name(sw_ip_class cls);
/* Turns ::ffff:a.b.c.d into a.b.c.d; other addresses are copied unchanged. */
void sw_geo_ip_unmap(const sw_ip *in, sw_ip *out);

typedef struct sw_geo_stats {
    uint64_t lookups;         /* addresses enriched */
    uint64_t cache_hits;      /* answered from the LRU */
    uint64_t cache_misses;    /* looked up in the databases */
    uint64_t cache_evictions; /* entries dropped because the LRU was full */
    uint64_t special;         /* special-range addresses (no MaxMind lookup) */
    uint64_t not_found;       /* looked up, no database had the address */
    uint64_t invalid_ip;      /* src_ip/dest_ip present but not an address */
    uint64_t errors;          /* libmaxminddb lookup or data-decoding errors */
    uint64_t reloads;
    uint64_t reload_errors;
    uint64_t databases; /* databases currently open */
} sw_geo_stats;

const sw_geo_stats *sw_geo_get_stats(const sw_geo *geo); /* borrowed, lives with geo */
/* Adds every counter as "geo.<name>" into `seawall` (an object). */
void sw_geo_stats_to_json(const sw_geo_stats *st, json_t *seawall);

/* ---- Operator zone database --------------------------------------------------------------- */

/* One network of the resolved zone map and a network set it belongs to (from the record's role
 * or its sets list): what the sensor feeds to sw_engine_config_add_net. Nested prefixes resolve
 * to the most specific record, so a containing prefix is reported as the pieces not covered by
 * a more specific one. `cidr` is borrowed for the call. */
typedef void (*sw_geo_netset_fn)(void *user, const char *cidr, sw_netset_id set);

/* Walks a zone CSV (see docs/geo.md) or a Seawall-Zones MMDB. Errors name file and line. */
sw_status sw_geo_zone_netsets_csv(const char *csv_path, sw_geo_netset_fn fn, void *user,
                                  sw_error *err);
sw_status sw_geo_zone_netsets_mmdb(const char *mmdb_path, sw_geo_netset_fn fn, void *user,
                                   sw_error *err);
/* "infra" -> SW_NET_INFRA ...; -1 when the name is not a network set. */
int sw_geo_netset_from_name(const char *name);

/* Builds a Seawall-Zones MMDB from a zone CSV (the seawall-mmdb tool). */
sw_status sw_geo_mmdb_build(const char *csv_path, const char *out_path, sw_error *err);

#ifdef __cplusplus
}
#endif
#endif
