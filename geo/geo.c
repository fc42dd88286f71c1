/* The enrichment stage: database set (open, discover, reload), cached lookups, EVE output. */
#include "geo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "geo-cache.h"
#include "geo-db.h"
#include "geo-json.h"
#include "eve.h"

#define GEO_SLOTS (SW_GEO_MAX_DATABASES + 1)

struct sw_geo {
    sw_geo_config cfg;
    size_t n_slots;
    char paths[GEO_SLOTS][SW_GEO_PATH_MAX];
    int require_zone[GEO_SLOTS];
    geo_db dbs[GEO_SLOTS]; /* is_open = 0 for a database that failed under on-error continue */
    geo_cache *cache;
    sw_geo_stats stats;
    sw_geo_report_fn report;
    void *user;
};

static void say(const sw_geo *geo, int is_error, const char *fmt, const char *a, const char *b)
{
    char text[2048];
    if (!geo->report)
        return;
    snprintf(text, sizeof(text), fmt, a, b);
    geo->report(geo->user, is_error, text);
}

/* Names geoipupdate gives the databases, best first within each role. */
static const char *const discover_names[][2] = {
    {"GeoIP2-City.mmdb", "GeoLite2-City.mmdb"},
    {"GeoIP2-Country.mmdb", "GeoLite2-Country.mmdb"},
    {"GeoIP2-ISP.mmdb", "GeoLite2-ASN.mmdb"},
    {"GeoIP2-Connection-Type.mmdb", NULL},
};

static int find_in_dirs(const char *name, char *out, size_t len)
{
    static const char *const dirs[] = SW_GEO_SEARCH_DIRS;
    for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
        snprintf(out, len, "%s/%s", dirs[d], name);
        if (access(out, R_OK) == 0)
            return 1;
    }
    return 0;
}

static void discover(sw_geo *geo)
{
    static const char *const what[] = {"City", "City or Country", "ISP or ASN", "Connection-Type"};
    int have_city = 0;
    for (size_t role = 0; role < sizeof(discover_names) / sizeof(discover_names[0]); role++) {
        char path[SW_GEO_PATH_MAX];
        int found = 0;
        for (int i = 0; i < 2 && discover_names[role][i] && !found; i++)
            found = find_in_dirs(discover_names[role][i], path, sizeof(path));
        if (role == 1 && have_city)
            continue; /* a City database already answers country */
        if (found) {
            have_city |= role == 0;
            snprintf(geo->paths[geo->n_slots++], SW_GEO_PATH_MAX, "%s", path);
            say(geo, 0, "geo: found %s database %s", what[role], path);
        } else if (role != 0) { /* a missing City is reported with Country */
            say(geo, 0, "geo: not found: no %s database in %s", what[role],
                "/usr/share/GeoIP or /var/lib/GeoIP");
        }
    }
}

static void plan_slots(sw_geo *geo)
{
    const sw_geo_config *cfg = &geo->cfg;
    for (size_t i = 0; i < cfg->n_databases && i < SW_GEO_MAX_DATABASES; i++)
        snprintf(geo->paths[geo->n_slots++], SW_GEO_PATH_MAX, "%s", cfg->databases[i]);
    if (cfg->n_databases == 0 && !cfg->zone_db[0] && !cfg->no_discovery)
        discover(geo);
    if (cfg->zone_db[0]) {
        geo->require_zone[geo->n_slots] = 1;
        snprintf(geo->paths[geo->n_slots++], SW_GEO_PATH_MAX, "%s", cfg->zone_db);
    }
}

static void close_all(geo_db *dbs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        geo_db_close(&dbs[i]);
}

/* Opens every slot into dbs. Returns SW_OK, or the first error when on-error is stop (then
 * nothing is left open). Under continue, failed slots stay closed and are reported. */
static sw_status open_slots(sw_geo *geo, geo_db *dbs, sw_error *err)
{
    for (size_t i = 0; i < geo->n_slots; i++) {
        sw_error e = {0};
        sw_status st = geo_db_open(&dbs[i], geo->paths[i], geo->require_zone[i], &e);
        if (st == SW_OK) {
            say(geo, 0, "geo: opened %s database %s", geo_db_kind_name(dbs[i].kind), geo->paths[i]);
            continue;
        }
        char text[1024];
        sw_error_format(&e, text, sizeof(text));
        if (geo->cfg.on_error == SW_GEO_ON_ERROR_STOP) {
            close_all(dbs, i);
            if (err)
                *err = e;
            say(geo, 1, "geo: %s (on-error: stop)", text, "");
            return st;
        }
        say(geo, 1, "geo: %s; continuing without this database (on-error: continue)", text, "");
    }
    return SW_OK;
}

static uint64_t count_open(const sw_geo *geo)
{
    uint64_t n = 0;
    for (size_t i = 0; i < geo->n_slots; i++)
        n += geo->dbs[i].is_open != 0;
    return n;
}

sw_geo *sw_geo_open(const sw_geo_config *cfg, sw_geo_report_fn report, void *user, sw_error *err)
{
    sw_geo *geo = calloc(1, sizeof(*geo));
    if (!geo) {
        sw_error_set(err, SW_ERR_NOMEM, NULL, 0, "geo", "out of memory");
        return NULL;
    }
    geo->cfg = *cfg;
    geo->report = report;
    geo->user = user;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    uint32_t seed = (uint32_t)now.tv_nsec ^ (uint32_t)(uintptr_t)geo;
    if (cfg->cache_size > SW_GEO_MAX_CACHE ||
        (cfg->cache_size && !(geo->cache = geo_cache_new(cfg->cache_size, seed)))) {
        sw_error_set(err, cfg->cache_size > SW_GEO_MAX_CACHE ? SW_ERR_INVALID : SW_ERR_NOMEM, NULL,
                     0, "geo.cache-size", "cannot allocate a cache of %u entries (max %u)",
                     cfg->cache_size, SW_GEO_MAX_CACHE);
        free(geo);
        return NULL;
    }
    plan_slots(geo);
    if (open_slots(geo, geo->dbs, err) != SW_OK) {
        sw_geo_free(geo);
        return NULL;
    }
    geo->stats.databases = count_open(geo);
    if (geo->stats.databases == 0)
        say(geo, 0, "geo: no database open; only special address ranges are labelled%s", "", "");
    return geo;
}

void sw_geo_free(sw_geo *geo)
{
    if (!geo)
        return;
    close_all(geo->dbs, geo->n_slots);
    geo_cache_free(geo->cache);
    free(geo);
}

sw_status sw_geo_reload(sw_geo *geo, sw_error *err)
{
    geo_db *fresh = calloc(GEO_SLOTS, sizeof(*fresh));
    if (!fresh)
        return sw_error_set(err, SW_ERR_NOMEM, NULL, 0, "geo", "out of memory");
    geo->stats.reloads++;
    sw_status st = open_slots(geo, fresh, err);
    if (st != SW_OK) {
        geo->stats.reload_errors++;
        say(geo, 1, "geo: reload failed; still using the databases loaded before%s", "", "");
        free(fresh);
        return st;
    }
    for (size_t i = 0; i < geo->n_slots; i++) {
        if (!fresh[i].is_open) {
            geo->stats.reload_errors++; /* keeps the previous version of this one */
            continue;
        }
        geo_db_close(&geo->dbs[i]);
        geo->dbs[i] = fresh[i];
    }
    free(fresh);
    if (geo->cache)
        geo_cache_clear(geo->cache);
    geo->stats.databases = count_open(geo);
    return SW_OK;
}

static void lookup_uncached(sw_geo *geo, const sw_ip *ip, geo_info *info)
{
    int found = 0;
    memset(info, 0, sizeof(*info));
    info->ip_class = (uint8_t)sw_geo_ip_class(ip);
    for (size_t i = 0; i < geo->n_slots; i++) {
        const geo_db *db = &geo->dbs[i];
        /* Special ranges get no MaxMind answer, but the operator's zones often are private. */
        if (!db->is_open || (info->ip_class != SW_IP_CLASS_PUBLIC && db->kind != GEO_DB_ZONE))
            continue;
        int rc = geo_db_lookup(db, ip, info);
        if (SW_UNLIKELY(rc < 0))
            geo->stats.errors++;
        found |= rc > 0;
    }
    if (!found && info->ip_class == SW_IP_CLASS_PUBLIC)
        geo->stats.not_found++;
}

/* The result for ip (already unmapped): from the cache, or looked up and cached. `scratch` is
 * used when there is no cache. */
static const geo_info *lookup(sw_geo *geo, const sw_ip *ip, geo_info *scratch)
{
    geo->stats.lookups++;
    const geo_info *hit = geo->cache ? geo_cache_get(geo->cache, ip) : NULL;
    if (hit) {
        geo->stats.cache_hits++;
    } else {
        geo->stats.cache_misses++;
        geo_info *slot = scratch;
        int evicted = 0;
        if (geo->cache)
            slot = geo_cache_put(geo->cache, ip, &evicted);
        geo->stats.cache_evictions += (uint64_t)evicted;
        lookup_uncached(geo, ip, slot);
        hit = slot;
    }
    if (hit->ip_class != SW_IP_CLASS_PUBLIC)
        geo->stats.special++;
    return hit;
}

json_t *sw_geo_describe(sw_geo *geo, const sw_ip *ip)
{
    sw_ip plain;
    geo_info scratch;
    sw_geo_ip_unmap(ip, &plain);
    return geo_info_to_json(lookup(geo, &plain, &scratch), geo->cfg.include_location);
}

static sw_status enrich_end(sw_geo *geo, json_t *record, json_t *ext, const char *ip_key,
                            const char *out_key)
{
    const char *text = json_string_value(json_object_get(record, ip_key));
    sw_ip ip;
    if (!json_object_get(record, ip_key))
        return SW_OK;
    if (!text || sw_ip_parse(&ip, text) != SW_OK) {
        geo->stats.invalid_ip++;
        return SW_ERR_INVALID;
    }
    json_t *obj = sw_geo_describe(geo, &ip);
    if (!obj || json_object_set_new(ext, out_key, obj) != 0)
        return SW_ERR_NOMEM;
    return SW_OK;
}

sw_status sw_geo_enrich(sw_geo *geo, json_t *record)
{
    if (!json_is_object(record))
        return SW_ERR_INVALID;
    json_t *ext = json_object_get(record, SW_EVE_EXTENSION);
    if (ext && !json_is_object(ext))
        return SW_ERR_INVALID; /* someone else's non-object: never clobber it */
    if (!ext) {
        ext = json_object();
        if (!ext || json_object_set_new(record, SW_EVE_EXTENSION, ext) != 0)
            return SW_ERR_NOMEM;
    }
    sw_status src = enrich_end(geo, record, ext, "src_ip", "src");
    sw_status dest = enrich_end(geo, record, ext, "dest_ip", "dest");
    if (src == SW_ERR_NOMEM || dest == SW_ERR_NOMEM)
        return SW_ERR_NOMEM;
    return src != SW_OK ? src : dest;
}

const sw_geo_stats *sw_geo_get_stats(const sw_geo *geo)
{
    return &geo->stats;
}

void sw_geo_stats_to_json(const sw_geo_stats *st, json_t *seawall)
{
    const struct {
        const char *name;
        uint64_t value;
    } counters[] = {
        {"geo.lookups", st->lookups},           {"geo.cache_hits", st->cache_hits},
        {"geo.cache_misses", st->cache_misses}, {"geo.cache_evictions", st->cache_evictions},
        {"geo.special", st->special},           {"geo.not_found", st->not_found},
        {"geo.invalid_ip", st->invalid_ip},     {"geo.errors", st->errors},
        {"geo.reloads", st->reloads},           {"geo.reload_errors", st->reload_errors},
        {"geo.databases", st->databases},
    };
    for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
        json_object_set_new(seawall, counters[i].name, json_integer((json_int_t)counters[i].value));
}
