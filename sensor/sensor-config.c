/* The sensor sections of seawall.yaml; the engine reads `networks` and `detections` itself. */
#include "sensor-config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void sw_sensor_config_defaults(sw_sensor_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    snprintf(cfg->log_dir, sizeof(cfg->log_dir), "%s", "/var/log/seawall");
    cfg->snaplen = 262144;
    cfg->promisc = 1;
    cfg->fanout = SW_FANOUT_PAIR;
    sw_decode_config_defaults(&cfg->decode);
    sw_flow_config_defaults(&cfg->flow);
    sw_stream_config_defaults(&cfg->stream);
    cfg->eve.community_id = 1;
    cfg->log_flows = 1;
    cfg->log_anomalies = 1;
    cfg->stats_interval_s = 60;
    cfg->n_outputs = 1;
    cfg->outputs[0].kind = SW_OUTPUT_FILE;
    snprintf(cfg->outputs[0].path, sizeof(cfg->outputs[0].path), "%s", "eve.json");
    /* One write() per 64 KiB rather than per record; the sensor flushes at least every 100 ms of
     * idle time and at exit, so a quiet link still delivers promptly. */
    cfg->outputs[0].buffer_size = 64u << 10;
    cfg->workers = 1;
}

sw_status sw_parse_size(const char *text, uint64_t *out)
{
    static const struct {
        const char *suffix;
        uint64_t mult;
    } units[] = {{"", 1},           {"b", 1},         {"k", 1u << 10},  {"kb", 1u << 10},
                 {"kib", 1u << 10}, {"m", 1u << 20},  {"mb", 1u << 20}, {"mib", 1u << 20},
                 {"g", 1u << 30},   {"gb", 1u << 30}, {"gib", 1u << 30}};
    if (!text || !isdigit((unsigned char)text[0]))
        return SW_ERR_INVALID;
    errno = 0;
    char *end = NULL;
    unsigned long long n = strtoull(text, &end, 10);
    if (errno)
        return SW_ERR_INVALID;
    while (*end == ' ')
        end++;
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (strcasecmp(end, units[i].suffix) == 0) {
            if (n > UINT64_MAX / units[i].mult)
                return SW_ERR_INVALID;
            *out = (uint64_t)n * units[i].mult;
            return SW_OK;
        }
    }
    return SW_ERR_INVALID;
}

static sw_status get_size(const sw_conf_node *map, const char *key, uint64_t min, uint64_t max,
                          size_t *out, sw_error *err)
{
    const sw_conf_node *node = sw_conf_get(map, key);
    if (!node)
        return SW_OK;
    uint64_t v = 0;
    const char *text = sw_conf_scalar(node);
    if (sw_parse_size(text, &v) != SW_OK || v < min || v > max)
        return sw_conf_error(node, key, err,
                             "expected a size such as 64mb between %llu and %llu bytes, got '%s'",
                             (unsigned long long)min, (unsigned long long)max, text ? text : "");
    *out = (size_t)v;
    return SW_OK;
}

static sw_status get_u32(const sw_conf_node *map, const char *key, uint64_t min, uint64_t max,
                         uint32_t *out, sw_error *err)
{
    uint64_t v = *out;
    sw_status st = sw_conf_get_u64(map, key, min, max, &v, err);
    if (st == SW_OK)
        *out = (uint32_t)v;
    return st;
}

static sw_status get_text(const sw_conf_node *map, const char *key, char *out, size_t len,
                          sw_error *err)
{
    const char *s = NULL;
    sw_status st = sw_conf_get_str(map, key, &s, err);
    if (st != SW_OK || !s)
        return st;
    if (strlen(s) >= len)
        return sw_conf_error(sw_conf_get(map, key), key, err, "longer than %zu characters",
                             len - 1);
    snprintf(out, len, "%s", s);
    return SW_OK;
}

static sw_status apply_capture(sw_sensor_config *cfg, const sw_conf_node *m, sw_error *err)
{
    static const char *const keys[] = {"snaplen", "promisc", "bpf", "fanout", NULL};
    sw_status st = sw_conf_check_keys(m, keys, "capture", err);
    char fanout[16] = "";
    if (st == SW_OK)
        st = get_text(m, "fanout", fanout, sizeof(fanout), err);
    if (st == SW_OK && fanout[0] && sw_fanout_mode_parse(fanout, &cfg->fanout) != SW_OK)
        st = sw_conf_error(sw_conf_get(m, "fanout"), "fanout", err,
                           "'%s': expected ip-pair, hash, cpu or none", fanout);
    if (st == SW_OK)
        st = get_u32(m, "snaplen", 64, 262144, &cfg->snaplen, err);
    if (st == SW_OK)
        st = sw_conf_get_bool(m, "promisc", &cfg->promisc, err);
    if (st == SW_OK)
        st = get_text(m, "bpf", cfg->bpf, sizeof(cfg->bpf), err);
    return st;
}

static sw_status apply_defrag(sw_sensor_config *cfg, const sw_conf_node *m, sw_error *err)
{
    static const char *const keys[] = {"memcap", "trackers", "timeout", NULL};
    sw_status st = sw_conf_check_keys(m, keys, "defrag", err);
    if (st == SW_OK)
        st = get_size(m, "memcap", 65536, (uint64_t)1 << 40, &cfg->decode.defrag_memcap, err);
    if (st == SW_OK)
        st = get_u32(m, "trackers", 1, 1u << 24, &cfg->decode.defrag_trackers, err);
    if (st == SW_OK)
        st = get_u32(m, "timeout", 1, 3600, &cfg->decode.defrag_timeout_s, err);
    return st;
}

static sw_status apply_timeouts(sw_flow_config *f, const sw_conf_node *m, sw_error *err)
{
    static const char *const keys[] = {"tcp-new", "tcp-established", "tcp-closed", "udp-new", "udp",
                                       "icmp",    "other",           NULL};
    uint32_t *slots[] = {&f->timeout_tcp_new,    &f->timeout_tcp_established,
                         &f->timeout_tcp_closed, &f->timeout_udp_new,
                         &f->timeout_udp,        &f->timeout_icmp,
                         &f->timeout_other};
    sw_status st = sw_conf_check_keys(m, keys, "flow.timeouts", err);
    for (size_t i = 0; st == SW_OK && keys[i]; i++)
        st = get_u32(m, keys[i], 1, 86400, slots[i], err);
    return st;
}

static sw_status apply_flow(sw_sensor_config *cfg, const sw_conf_node *m, sw_error *err)
{
    static const char *const keys[] = {"memcap", "hash-size", "timeouts", NULL};
    sw_status st = sw_conf_check_keys(m, keys, "flow", err);
    if (st == SW_OK)
        st = get_size(m, "memcap", 1u << 20, (uint64_t)1 << 40, &cfg->flow.memcap, err);
    if (st == SW_OK)
        st = get_u32(m, "hash-size", 1024, 1u << 26, &cfg->flow.hash_size, err);
    const sw_conf_node *t = sw_conf_get(m, "timeouts");
    if (st == SW_OK && t)
        st = apply_timeouts(&cfg->flow, t, err);
    return st;
}

/* stream.depth: bytes inspected per direction (0 = all); stream.memcap: bytes held out of order
 * and in partial messages across all flows. */
static sw_status apply_stream(sw_sensor_config *cfg, const sw_conf_node *m, sw_error *err)
{
    static const char *const keys[] = {"depth", "memcap", NULL};
    sw_status st = sw_conf_check_keys(m, keys, "stream", err);
    if (st == SW_OK)
        st = get_size(m, "depth", 0, (uint64_t)1 << 32, &cfg->stream.depth, err);
    if (st == SW_OK)
        st = get_size(m, "memcap", 1u << 20, (uint64_t)1 << 40, &cfg->stream.memcap, err);
    return st;
}

static sw_status apply_eve(sw_sensor_config *cfg, const sw_conf_node *m, sw_error *err)
{
    static const char *const keys[] = {"community-id", "community-id-seed", "flows",
                                       "anomalies",    "stats-interval",    NULL};
    uint64_t seed = cfg->eve.community_id_seed;
    sw_status st = sw_conf_check_keys(m, keys, "eve", err);
    if (st == SW_OK)
        st = sw_conf_get_bool(m, "community-id", &cfg->eve.community_id, err);
    if (st == SW_OK)
        st = sw_conf_get_u64(m, "community-id-seed", 0, 65535, &seed, err);
    cfg->eve.community_id_seed = (uint16_t)seed;
    if (st == SW_OK)
        st = sw_conf_get_bool(m, "flows", &cfg->log_flows, err);
    if (st == SW_OK)
        st = sw_conf_get_bool(m, "anomalies", &cfg->log_anomalies, err);
    if (st == SW_OK)
        st = get_u32(m, "stats-interval", 0, 86400, &cfg->stats_interval_s, err);
    return st;
}

/* One of `names` (index into *out) for a text key; an error listing them otherwise. */
static sw_status get_choice(const sw_conf_node *map, const char *key, const char *const *names,
                            int *out, sw_error *err)
{
    const char *text = NULL;
    sw_status st = sw_conf_get_str(map, key, &text, err);
    if (st != SW_OK || !text)
        return st;
    char allowed[128] = "";
    for (int i = 0; names[i]; i++) {
        if (strcmp(text, names[i]) == 0) {
            *out = i;
            return SW_OK;
        }
        size_t used = strlen(allowed);
        snprintf(allowed + used, sizeof(allowed) - used, "%s%s", i ? ", " : "", names[i]);
    }
    return sw_conf_error(sw_conf_get(map, key), key, err, "expected one of %s, got '%s'", allowed,
                         text);
}

static sw_status output_kind(const sw_conf_node *item, sw_output_kind *kind, sw_error *err)
{
    static const char *const types[] = {"file",   "stdout", "unix_dgram", "unix_stream",
                                        "syslog", "redis",  "kafka",      NULL};
    int i = 0;
    const char *type = NULL;
    sw_status st = sw_conf_get_str(item, "type", &type, err);
    if (st == SW_OK && !type)
        return sw_conf_error(item, "type", err, "each output needs a `type`");
    if (st == SW_OK)
        st = get_choice(item, "type", types, &i, err);
    *kind = (sw_output_kind)(SW_OUTPUT_FILE + i);
    return st;
}

/* The keys of the network sinks; which apply to which type is in docs/outputs.md. */
static sw_status apply_net_keys(sw_output_spec *out, const sw_conf_node *item, sw_error *err)
{
    static const char *const protocols[] = {"local", "udp", "tcp", NULL};
    static const char *const modes[] = {"list", "channel", "stream", NULL};
    static const char *const key_by[] = {"flow", "sensor", NULL};
    sw_output_net_options *net = &out->net;
    int proto = (int)net->protocol, mode = (int)net->redis_mode, by = (int)net->key_by;
    uint64_t port = net->port, facility = (uint64_t)net->facility, deadline = 2000;
    sw_status st = get_text(item, "address", out->address, sizeof(out->address), err);
    if (st == SW_OK)
        st = sw_conf_get_u64(item, "port", 1, 65535, &port, err);
    if (st == SW_OK)
        st = get_choice(item, "protocol", protocols, &proto, err);
    if (st == SW_OK) /* RFC 5424 section 6.2.1: facilities 0..23 */
        st = sw_conf_get_u64(item, "facility", 0, 23, &facility, err);
    if (st == SW_OK)
        st = get_choice(item, "mode", modes, &mode, err);
    if (st == SW_OK)
        st = get_text(item, "key", out->key, sizeof(out->key), err);
    if (st == SW_OK)
        st = get_text(item, "topic", out->topic, sizeof(out->topic), err);
    if (st == SW_OK)
        st = get_text(item, "brokers", out->brokers, sizeof(out->brokers), err);
    if (st == SW_OK)
        st = get_choice(item, "key-by", key_by, &by, err);
    if (st == SW_OK)
        st = get_size(item, "queue-size", 1, 10000000, &net->queue_size, err);
    if (st == SW_OK)
        st = sw_conf_get_u64(item, "flush-deadline", 0, 600000, &deadline, err);
    net->port = (uint16_t)port;
    net->protocol = (sw_syslog_protocol)proto;
    net->facility = (int)facility;
    net->redis_mode = (sw_redis_mode)mode;
    net->key_by = (sw_kafka_key_by)by;
    net->flush_deadline_ms = (uint32_t)deadline;
    return st;
}

/* The keys each type takes: a key of another type is an error, not silently ignored. */
static const char *const *keys_for(sw_output_kind kind)
{
    static const char *const file[] = {"type", "path", "buffer-size", NULL};
    static const char *const unix_socket[] = {"type", "path", "queue-size", "flush-deadline", NULL};
    static const char *const syslog[] = {"type",       "path",           "address",
                                         "port",       "protocol",       "facility",
                                         "queue-size", "flush-deadline", NULL};
    static const char *const redis[] = {"type", "address",    "port",           "mode",
                                        "key",  "queue-size", "flush-deadline", NULL};
    static const char *const kafka[] = {"type",       "brokers",        "topic", "key-by",
                                        "queue-size", "flush-deadline", NULL};
    switch (kind) {
    case SW_OUTPUT_UNIX_DGRAM:
    case SW_OUTPUT_UNIX_STREAM:
        return unix_socket;
    case SW_OUTPUT_SYSLOG:
        return syslog;
    case SW_OUTPUT_REDIS:
        return redis;
    case SW_OUTPUT_KAFKA:
        return kafka;
    default:
        return file;
    }
}

static sw_status apply_output(sw_output_spec *out, const sw_conf_node *item, sw_error *err)
{
    if (sw_conf_kind_of(item) != SW_CONF_MAP)
        return sw_conf_error(item, "outputs", err, "each output is a map with a `type`");
    memset(out, 0, sizeof(*out));
    sw_status st = output_kind(item, &out->kind, err);
    if (st == SW_OK)
        st = sw_conf_check_keys(item, keys_for(out->kind), "outputs", err);
    if (out->kind == SW_OUTPUT_FILE) {
        snprintf(out->path, sizeof(out->path), "%s", "eve.json");
        out->buffer_size = 64u << 10;
    }
    out->net.facility = 16; /* local0 */
    if (st == SW_OK)
        st = get_text(item, "path", out->path, sizeof(out->path), err);
    if (st == SW_OK)
        st = get_size(item, "buffer-size", 0, 16u << 20, &out->buffer_size, err);
    if (st == SW_OK)
        st = apply_net_keys(out, item, err);
    if (st == SW_OK && (out->kind == SW_OUTPUT_UNIX_DGRAM || out->kind == SW_OUTPUT_UNIX_STREAM) &&
        !out->path[0])
        return sw_conf_error(item, "path", err, "a %s output needs the socket `path`",
                             sw_output_kind_name(out->kind));
    if (st == SW_OK && out->kind == SW_OUTPUT_KAFKA && !out->brokers[0])
        return sw_conf_error(item, "brokers", err,
                             "a kafka output needs `brokers` (host:port,...)");
    return st;
}

void sw_output_spec_options(const sw_output_spec *spec, sw_output_options *opt,
                            sw_output_net_options *net)
{
    opt->kind = spec->kind;
    opt->path = spec->path[0] ? spec->path : NULL;
    opt->buffer_size = spec->buffer_size;
    *net = spec->net;
    net->address = spec->address[0] ? spec->address : NULL;
    net->key = spec->key[0] ? spec->key : NULL;
    net->topic = spec->topic[0] ? spec->topic : NULL;
    net->brokers = spec->brokers[0] ? spec->brokers : NULL;
    net->kafka_settings = NULL;
}

static sw_status apply_outputs(sw_sensor_config *cfg, const sw_conf_node *seq, sw_error *err)
{
    if (sw_conf_kind_of(seq) != SW_CONF_SEQ)
        return sw_conf_error(seq, "outputs", err, "expected a list of outputs");
    size_t n = sw_conf_count(seq);
    if (n == 0)
        return sw_conf_error(seq, "outputs", err,
                             "an empty list would write no record at all (leave `outputs` out "
                             "for eve.json in the log directory)");
    if (n > SW_SENSOR_MAX_OUTPUTS)
        return sw_conf_error(seq, "outputs", err, "at most %d outputs, got %zu",
                             SW_SENSOR_MAX_OUTPUTS, n);
    cfg->n_outputs = n;
    for (size_t i = 0; i < n; i++) {
        sw_status st = apply_output(&cfg->outputs[i], sw_conf_at(seq, i), err);
        if (st != SW_OK)
            return st;
        /* Two writers of one file interleave or double every record. */
        for (size_t j = 0; j < i; j++)
            if (cfg->outputs[i].kind == SW_OUTPUT_FILE && cfg->outputs[j].kind == SW_OUTPUT_FILE &&
                strcmp(cfg->outputs[i].path, cfg->outputs[j].path) == 0)
                return sw_conf_error(sw_conf_at(seq, i), "path", err,
                                     "output %zu writes %s too: give each file output its own "
                                     "path",
                                     j + 1, cfg->outputs[i].path);
    }
    return SW_OK;
}

typedef sw_status (*section_fn)(sw_sensor_config *, const sw_conf_node *, sw_error *);

static sw_status apply_map_section(sw_sensor_config *cfg, const sw_conf_node *root, const char *key,
                                   section_fn fn, sw_error *err)
{
    const sw_conf_node *node = sw_conf_get(root, key);
    if (!node)
        return SW_OK;
    if (sw_conf_kind_of(node) != SW_CONF_MAP)
        return sw_conf_error(node, key, err, "expected a map");
    return fn(cfg, node, err);
}

sw_status sw_sensor_config_apply(sw_sensor_config *cfg, const sw_conf_node *root, sw_error *err)
{
    /* networks and detections belong to the engine (sw_engine_config_apply), geo to the
     * enrichment stage (sw_geo_config_apply), rules to sensor-rules.c, loopback-files to
     * inventory-load.c. */
    static const char *const keys[] = {
        "networks",       "detections", "default-log-dir", "capture", "defrag",
        "flow",           "eve",        "outputs",         "geo",     "thresholds",
        "workers",        "stream",     "rules",           "state",   "ioc",
        "loopback-files", NULL};
    sw_status st = sw_conf_check_keys(root, keys, "top level", err);
    if (st == SW_OK)
        st = get_text(root, "default-log-dir", cfg->log_dir, sizeof(cfg->log_dir), err);
    if (st == SW_OK)
        st = get_text(root, "thresholds", cfg->thresholds, sizeof(cfg->thresholds), err);
    if (st == SW_OK)
        st = get_u32(root, "workers", 1, 64, &cfg->workers, err);
    if (st == SW_OK)
        st = apply_map_section(cfg, root, "capture", apply_capture, err);
    if (st == SW_OK)
        st = apply_map_section(cfg, root, "defrag", apply_defrag, err);
    if (st == SW_OK)
        st = apply_map_section(cfg, root, "flow", apply_flow, err);
    if (st == SW_OK)
        st = apply_map_section(cfg, root, "stream", apply_stream, err);
    if (st == SW_OK)
        st = apply_map_section(cfg, root, "eve", apply_eve, err);
    const sw_conf_node *outputs = sw_conf_get(root, "outputs");
    if (st == SW_OK && outputs)
        st = apply_outputs(cfg, outputs, err);
    return st;
}
