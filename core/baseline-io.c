/* Baseline export/import as versioned JSON (jansson), behind sw_engine_state_save/load.
 *
 * {"format": "seawall-baseline", "version": 1, "learning_start": <s>,
 *  "server_ports": [{"ip": "10.0.0.1", "port": 22, "first": <s>, "last": <s>}, ...],
 *  "device_pairs": [{"src": ..., "dst": ..., "first": <s>, "last": <s>}, ...],
 *  "log_cadence": [{"device": ..., "channel": "syslog"|"traps", "collector": ..., "port": 514,
 *                   "count": n, "mean_interval": <s>, "last": <s>}, ...]}
 * A log_cadence entry without "channel" (written before syslog and traps were kept apart) takes
 * it from the collector port: 162 traps, anything else syslog.
 * A load is validated completely into fresh tables before anything is replaced, so a bad file
 * leaves the engine as it was. */
#include "detect-state.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define KIND_LISTENER 1
#define KIND_PAIR     2
#define KIND_DEVICE   4

static json_t *ip_json(const sw_ip *ip)
{
    char text[SW_DETECT_TEXT_LEN];
    return json_string(sw_detect_ip_text(ip, text));
}

static const char *channel_name(uint16_t channel)
{
    return channel == SW_EVA001_TRAPS ? "traps" : "syslog";
}

/* The optional "channel" of a log_cadence entry; 0 when present but neither name. */
static uint16_t channel_of(json_t *o, int64_t port)
{
    const char *name = json_string_value(json_object_get(o, "channel"));
    if (!json_object_get(o, "channel"))
        return sw_eva001_channel_of_port((uint16_t)port);
    if (name && strcmp(name, "syslog") == 0)
        return SW_EVA001_SYSLOG;
    return name && strcmp(name, "traps") == 0 ? SW_EVA001_TRAPS : 0;
}

static json_t *export_table(sw_state_table *t, int kind)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < sw_state_table_slots(t); i++) {
        const sw_state_entry *e = sw_state_table_slot(t, i);
        if (!e->used)
            continue;
        json_t *o = NULL;
        if (kind == KIND_LISTENER)
            o = json_pack("{s:o,s:i,s:I,s:I}", "ip", ip_json(&e->key.a), "port", e->key.port,
                          "first", (json_int_t)e->first, "last", (json_int_t)e->last);
        else if (kind == KIND_PAIR)
            o = json_pack("{s:o,s:o,s:I,s:I}", "src", ip_json(&e->key.a), "dst", ip_json(&e->key.b),
                          "first", (json_int_t)e->first, "last", (json_int_t)e->last);
        else
            o = json_pack("{s:o,s:s,s:o,s:i,s:I,s:f,s:I}", "device", ip_json(&e->key.a), "channel",
                          channel_name(e->key.port), "collector", ip_json(&e->aux_ip), "port",
                          (int)e->aux, "count", (json_int_t)e->count, "mean_interval", e->mean,
                          "last", (json_int_t)e->last);
        if (!o || json_array_append_new(arr, o) != 0) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

char *sw_detect_state_save(const sw_baseline_view *v, size_t *len)
{
    json_t *root = json_pack("{s:s,s:i,s:I,s:o*,s:o*,s:o*}", "format", SW_ENGINE_STATE_FORMAT,
                             "version", SW_ENGINE_STATE_VERSION, "learning_start",
                             (json_int_t)(*v->learning_started ? *v->learning_start : 0),
                             "server_ports", export_table(*v->server_ports, KIND_LISTENER),
                             "device_pairs", export_table(*v->device_pairs, KIND_PAIR),
                             "log_cadence", export_table(*v->log_cadence, KIND_DEVICE));
    if (!root)
        return NULL;
    char *text = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(root);
    if (text && len)
        *len = strlen(text);
    return text;
}

/* Fresh tables the size of the live ones; filled by the load, swapped in on success. */
typedef struct loaded {
    sw_state_table *ports, *pairs, *devices;
    int64_t learning_start;
} loaded;

static sw_status bad(sw_error *err, const char *key, size_t index, const char *what)
{
    return sw_error_set(err, SW_ERR_PARSE, NULL, 0, key, "entry %zu: %s; state not loaded", index,
                        what);
}

static int get_ip(json_t *o, const char *key, sw_ip *ip)
{
    const char *text = json_string_value(json_object_get(o, key));
    return text && sw_ip_parse(ip, text) == SW_OK;
}

static int get_int(json_t *o, const char *key, int64_t min, int64_t max, int64_t *out)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
        return 0;
    *out = (int64_t)json_integer_value(v);
    return 1;
}

#define TIME_MAX ((int64_t)1 << 40)

static sw_status load_entries(json_t *root, const char *key, int kind, sw_state_table *t,
                              sw_error *err)
{
    json_t *arr = json_object_get(root, key);
    if (!json_is_array(arr))
        return sw_error_set(err, SW_ERR_PARSE, NULL, 0, key,
                            "missing or not a list; state not "
                            "loaded");
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o)
    {
        sw_ip a, b;
        memset(&b, 0, sizeof(b));
        int64_t first = 0, last = 0, port = 0, count = 0;
        uint16_t channel = 0;
        int ok = json_is_object(o) && get_int(o, "last", 0, TIME_MAX, &last);
        if (kind == KIND_LISTENER)
            ok = ok && get_ip(o, "ip", &a) && get_int(o, "port", 1, 65535, &port) &&
                 get_int(o, "first", 0, TIME_MAX, &first);
        else if (kind == KIND_PAIR)
            ok = ok && get_ip(o, "src", &a) && get_ip(o, "dst", &b) &&
                 get_int(o, "first", 0, TIME_MAX, &first);
        else
            ok = ok && get_ip(o, "device", &a) && get_ip(o, "collector", &b) &&
                 get_int(o, "port", 1, 65535, &port) && get_int(o, "count", 1, TIME_MAX, &count) &&
                 json_is_number(json_object_get(o, "mean_interval")) &&
                 json_number_value(json_object_get(o, "mean_interval")) >= 0 &&
                 (channel = channel_of(o, port)) != 0;
        if (!ok)
            return bad(err, key, i, "a field is missing, of the wrong type or out of range");
        sw_state_key k = kind == KIND_DEVICE ? sw_state_key_make(&a, NULL, channel, KIND_DEVICE)
                         : kind == KIND_PAIR ? sw_state_key_make(&a, &b, 0, KIND_PAIR)
                                             : sw_state_key_make(&a, NULL, (uint16_t)port, kind);
        sw_state_entry *e = sw_state_table_upsert(t, &k, last, NULL, NULL);
        e->first = kind == KIND_DEVICE ? last : first;
        e->last = last;
        e->count = (uint64_t)count;
        if (kind == KIND_DEVICE) {
            e->aux_ip = b;
            e->aux = (uint32_t)port;
            e->mean = json_number_value(json_object_get(o, "mean_interval"));
            e->aux_time = last;
        }
    }
    return SW_OK;
}

static sw_status check_header(json_t *root, int64_t *learning_start, sw_error *err)
{
    const char *format = json_string_value(json_object_get(root, "format"));
    if (!format || strcmp(format, SW_ENGINE_STATE_FORMAT) != 0)
        return sw_error_set(err, SW_ERR_PARSE, NULL, 0, "format",
                            "not a Seawall baseline (expected format \"%s\"); state not loaded",
                            SW_ENGINE_STATE_FORMAT);
    json_t *v = json_object_get(root, "version");
    if (!json_is_integer(v) || json_integer_value(v) != SW_ENGINE_STATE_VERSION)
        return sw_error_set(err, SW_ERR_UNSUPPORTED, NULL, 0, "version",
                            "baseline version %lld, this build reads version %d; state not "
                            "loaded",
                            json_is_integer(v) ? (long long)json_integer_value(v) : -1LL,
                            SW_ENGINE_STATE_VERSION);
    if (!get_int(root, "learning_start", 0, TIME_MAX, learning_start))
        return sw_error_set(err, SW_ERR_PARSE, NULL, 0, "learning_start",
                            "missing or out of range; state not loaded");
    return SW_OK;
}

static void swap_table(sw_state_table **live, sw_state_table **fresh)
{
    sw_state_table *old = *live;
    *live = *fresh;
    *fresh = old;
}

sw_status sw_detect_state_load(const sw_baseline_view *v, const char *text, size_t len,
                               sw_error *err)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root || !json_is_object(root)) {
        json_decref(root);
        return sw_error_set(err, SW_ERR_PARSE, NULL, root ? 0 : (unsigned)jerr.line, NULL,
                            "not a JSON object (%s); state not loaded",
                            root ? "another JSON type" : jerr.text);
    }
    loaded l = {sw_state_table_new(sw_state_table_slots(*v->server_ports)),
                sw_state_table_new(sw_state_table_slots(*v->device_pairs)),
                sw_state_table_new(sw_state_table_slots(*v->log_cadence)), 0};
    sw_status rc = (l.ports && l.pairs && l.devices)
                       ? check_header(root, &l.learning_start, err)
                       : sw_error_set(err, SW_ERR_NOMEM, NULL, 0, NULL, "out of memory");
    if (rc == SW_OK)
        rc = load_entries(root, "server_ports", KIND_LISTENER, l.ports, err);
    if (rc == SW_OK)
        rc = load_entries(root, "device_pairs", KIND_PAIR, l.pairs, err);
    if (rc == SW_OK)
        rc = load_entries(root, "log_cadence", KIND_DEVICE, l.devices, err);
    if (rc == SW_OK) {
        swap_table(v->server_ports, &l.ports);
        swap_table(v->device_pairs, &l.pairs);
        swap_table(v->log_cadence, &l.devices);
        /* 0 is what a save writes for a clock that never started (no observation yet): the
         * loading engine then starts its own at its first observation. */
        *v->learning_started = l.learning_start != 0;
        *v->learning_start = l.learning_start;
    }
    sw_state_table_free(l.ports);
    sw_state_table_free(l.pairs);
    sw_state_table_free(l.devices);
    json_decref(root);
    return rc;
}
