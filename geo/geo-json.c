/* The EVE form of one address's enrichment. Field names are documented in docs/geo.md with the
 * matching Elastic Common Schema names, and pinned by tests/eve/seawall-geo-extension.json. */
#include "geo-json.h"

#include "geo-zone.h"

/* Sets key to a copy of text unless text is empty; returns -1 on allocation failure. */
static int set_text(json_t *obj, const char *key, const char *text)
{
    if (!text[0])
        return 0;
    return json_object_set_new(obj, key, json_string(text));
}

/* Moves child into parent under key when it has members; frees it otherwise. */
static int attach(json_t *parent, const char *key, json_t *child)
{
    if (!child)
        return -1;
    size_t size = json_is_array(child) ? json_array_size(child) : json_object_size(child);
    if (size == 0) {
        json_decref(child);
        return 0;
    }
    return json_object_set_new(parent, key, child);
}

static json_t *geo_part(const geo_info *info, int include_location)
{
    json_t *geo = json_object();
    if (!geo)
        return NULL;
    int rc = set_text(geo, "country_iso", info->country_iso);
    rc |= set_text(geo, "country", info->country);
    rc |= set_text(geo, "subdivision", info->subdivision);
    rc |= set_text(geo, "city", info->city);
    if (include_location && info->has_location) {
        json_t *loc = json_pack("{s:f,s:f}", "lat", info->latitude, "lon", info->longitude);
        rc |= attach(geo, "location", loc);
    }
    if (rc) {
        json_decref(geo);
        return NULL;
    }
    return geo;
}

static json_t *as_part(const geo_info *info)
{
    json_t *as = json_object();
    if (!as || !info->asn)
        return as;
    int rc = json_object_set_new(as, "number", json_integer(info->asn));
    rc |= set_text(as, "organization", info->as_org);
    if (rc) {
        json_decref(as);
        return NULL;
    }
    return as;
}

static json_t *zone_part(const geo_info *info)
{
    json_t *zone = json_object();
    if (!zone)
        return NULL;
    int rc = set_text(zone, "zone", info->zone);
    rc |= set_text(zone, "site", info->site);
    rc |= set_text(zone, "role", info->role);
    rc |= set_text(zone, "owner", info->owner);
    if (info->sets) {
        json_t *sets = json_array();
        for (int s = 0; sets && s < SW_NET_COUNT; s++)
            if ((info->sets >> s) & 1)
                rc |= json_array_append_new(sets, json_string(geo_netset_name(s)));
        rc |= attach(zone, "sets", sets);
    }
    if (rc) {
        json_decref(zone);
        return NULL;
    }
    return zone;
}

json_t *geo_info_to_json(const geo_info *info, int include_location)
{
    json_t *out = json_object();
    if (!out)
        return NULL;
    int rc = json_object_set_new(out, "ip_class",
                                 json_string(sw_geo_ip_class_name((sw_ip_class)info->ip_class)));
    rc |= attach(out, "geo", geo_part(info, include_location));
    rc |= attach(out, "as", as_part(info));
    rc |= set_text(out, "isp", info->isp);
    rc |= set_text(out, "connection_type", info->connection_type);
    rc |= attach(out, "zone", zone_part(info));
    if (rc) {
        json_decref(out);
        return NULL;
    }
    return out;
}
