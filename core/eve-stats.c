/* EVE "stats" records: Suricata's nested counter tree (output-json-stats.c writes
 * "decoder": {"pkts": n}) plus every Seawall counter, by dotted name, under the extension. */
#include "eve.h"

#include <string.h>

/* Nested objects deeper than this are not a counter tree; refusing them bounds the recursion. */
#define STATS_MAX_DEPTH 8

static int merge_into(json_t *dst, json_t *src, int depth);

/* Child object `name` of parent, created when absent; NULL when a non-object holds the name. */
static json_t *child_object(json_t *parent, const char *name, size_t name_len)
{
    char key[128];
    if (name_len == 0 || name_len >= sizeof(key))
        return NULL;
    memcpy(key, name, name_len);
    key[name_len] = '\0';
    json_t *child = json_object_get(parent, key);
    if (child)
        return json_is_object(child) ? child : NULL;
    child = json_object();
    if (!child || json_object_set_new(parent, key, child) != 0)
        return NULL;
    return child;
}

/* Places value (borrowed) at a dotted path: "decoder.pkts" becomes {"decoder": {"pkts": v}}. */
static int merge_value(json_t *dst, const char *path, json_t *value, int depth)
{
    const char *dot = strchr(path, '.');
    while (dot) {
        dst = child_object(dst, path, (size_t)(dot - path));
        if (!dst)
            return -1;
        path = dot + 1;
        dot = strchr(path, '.');
    }
    json_t *existing = json_object_get(dst, path);
    if (existing && json_is_object(existing) && json_is_object(value))
        return merge_into(existing, value, depth + 1);
    return json_object_set(dst, path, value);
}

static int merge_into(json_t *dst, json_t *src, int depth)
{
    const char *key;
    json_t *value;
    int rc = 0;
    if (depth > STATS_MAX_DEPTH)
        return -1;
    json_object_foreach(src, key, value)
    {
        if (merge_value(dst, key, value, depth) != 0)
            rc = -1;
    }
    return rc;
}

/* Like json_object_set_new (which consumes value even when it fails), recording failure. */
static void put(json_t *obj, const char *key, json_t *value, int *ok)
{
    if (json_object_set_new(obj, key, value) != 0)
        *ok = 0;
}

json_t *sw_eve_stats(sw_time ts, uint64_t uptime_s, json_t *suricata_stats,
                     json_t *seawall_counters, const sw_eve_options *opt)
{
    char buf[SW_EVE_TS_LEN];
    json_t *rec = json_object();
    json_t *stats = json_object();
    json_t *ext = json_object();
    int ok = rec && stats && ext;
    if (ok) {
        put(rec, "timestamp", json_string(sw_eve_timestamp(ts, buf, sizeof(buf))), &ok);
        put(rec, "event_type", json_string("stats"), &ok);
        if (opt && opt->host)
            put(rec, "host", json_string(opt->host), &ok);
        json_int_t up = uptime_s > INT64_MAX ? INT64_MAX : (json_int_t)uptime_s;
        put(stats, "uptime", json_integer(up), &ok);
        /* A counter whose dotted name collides with a scalar is left out rather than failing
         * the whole record; the full list is still under the extension. */
        if (json_is_object(suricata_stats))
            (void)merge_into(stats, suricata_stats, 0);
        put(ext, "counters",
            json_is_object(seawall_counters) ? json_incref(seawall_counters) : json_object(), &ok);
        /* The record takes both objects over from here, on success or failure alike. */
        put(rec, "stats", stats, &ok);
        put(rec, SW_EVE_EXTENSION, ext, &ok);
        stats = ext = NULL;
    }
    json_decref(suricata_stats);
    json_decref(seawall_counters);
    json_decref(stats);
    json_decref(ext);
    if (ok)
        return rec;
    json_decref(rec);
    return NULL;
}
