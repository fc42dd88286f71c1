/* The settings detections accept under `detections: {<id>: {<key>: N}}`, with their
 * kinds, defaults and allowed ranges, and the parsing of each kind. One table, so the config
 * reader can refuse unknown keys and out-of-range values with file:line:key, and each detector
 * reads its value by name. */
#include "detect-param-values.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIB         (1024ull * 1024ull)
#define ONE_DAY     86400ull
#define ONE_WEEK    (7 * ONE_DAY)
#define TEN_YEARS   (3650 * ONE_DAY)
#define MAX_ENTRIES (1ull << 22)
/* Bounded baseline tables (baseline-table.h) of the behavioural detectors. */
#define STATE_ENTRIES(id)                                           \
    {                                                               \
        id, "state-entries", 8192, 16, MAX_ENTRIES, SW_PARAM_NUMBER \
    }

static const sw_det_param_spec specs[] = {
    /* ST-SNMP-003: distinct infrastructure devices one source tries with one community string,
     * within `window` seconds, before it is a sweep (fires when the count exceeds `devices`). */
    {"ST-SNMP-003", "devices", 5, 1, 64, SW_PARAM_NUMBER},
    {"ST-SNMP-003", "window", 300, 1, 86400, SW_PARAM_DURATION},
    {"ST-SNMP-003", "max-sources", 1024, 16, 1u << 16, SW_PARAM_NUMBER},
    /* ST-SNMP-004: report a device's v1/v2c exposure once per `interval` seconds. */
    {"ST-SNMP-004", "interval", 86400, 1, 30 * 86400, SW_PARAM_DURATION},
    {"ST-SNMP-004", "max-devices", 4096, 16, 1u << 20, SW_PARAM_NUMBER},
    /* ST-EXF-004: bytes of each transfer searched for configuration markers. */
    {"ST-EXF-004", "scan-bytes", 1024 * 1024, 64, 64 * MIB, SW_PARAM_NUMBER},
    {"ST-EXF-004", "max-transfers", 1024, 16, 1u << 20, SW_PARAM_NUMBER},
    /* ST-TUN-004: bytes out / bytes in above `ratio`, and at least `mb-per-hour` MiB out in
     * some hour of the flow. */
    {"ST-TUN-004", "ratio", 20, 1, 1000000, SW_PARAM_NUMBER},
    {"ST-TUN-004", "mb-per-hour", 100, 1, 1000000, SW_PARAM_NUMBER},
    /* ST-EXP-007: a run of one repeated byte this long in a type 7 message is overflow filler. */
    {"ST-EXP-007", "filler-run", 64, 8, 512, SW_PARAM_NUMBER},
    /* Behavioural family; why these defaults: docs/detections-impl.md. ST-ACC-001: 22x22/xxx22
     * ports at or above min-port that are not allowed-ports. */
    {"ST-ACC-001", "allowed-ports", 0, 0, 0, SW_PARAM_PORTS},
    {"ST-ACC-001", "min-port", 1022, 1, 65535, SW_PARAM_NUMBER},
    {"ST-ACC-003", "port-min", 18000, 1, 65535, SW_PARAM_NUMBER},
    {"ST-ACC-003", "port-max", 18999, 1, 65535, SW_PARAM_NUMBER},
    STATE_ENTRIES("ST-ACC-003"),
    {"ST-ACC-004", "learning-period", ONE_WEEK, 0, TEN_YEARS, SW_PARAM_DURATION},
    {"ST-ACC-004", "allowed-ports", 0, 0, 0, SW_PARAM_PORTS},
    STATE_ENTRIES("ST-ACC-004"),
    {"ST-LAT-001", "learning-period", ONE_WEEK, 0, TEN_YEARS, SW_PARAM_DURATION},
    STATE_ENTRIES("ST-LAT-001"),
    {"ST-LAT-002", "allowed-destinations", 0, 0, 0, SW_PARAM_CIDRS},
    {"ST-LAT-003", "allowed-sources", 0, 0, 0, SW_PARAM_CIDRS},
    {"ST-LAT-004", "window", 60, 1, ONE_DAY, SW_PARAM_DURATION},
    {"ST-LAT-004", "min-hops", 2, 2, 16, SW_PARAM_NUMBER},
    STATE_ENTRIES("ST-LAT-004"),
    {"ST-EVA-001", "learning-period", ONE_DAY, 0, TEN_YEARS, SW_PARAM_DURATION},
    {"ST-EVA-001", "silence-factor", 10, 2, 1000, SW_PARAM_NUMBER},
    {"ST-EVA-001", "min-silence", 900, 1, TEN_YEARS, SW_PARAM_DURATION},
    {"ST-EVA-001", "min-messages", 5, 2, 1000000, SW_PARAM_NUMBER},
    STATE_ENTRIES("ST-EVA-001"),
    {"ST-CON-001", "allowed-destinations", 0, 0, 0, SW_PARAM_CIDRS},
    {"ST-SCAN-001", "threshold", 10, 2, 1000000, SW_PARAM_NUMBER},
    {"ST-SCAN-001", "window", ONE_DAY, 60, 30 * ONE_DAY, SW_PARAM_DURATION},
    STATE_ENTRIES("ST-SCAN-001"),
};

size_t sw_det_param_count(void)
{
    return sizeof(specs) / sizeof(specs[0]);
}

const sw_det_param_spec *sw_det_param_at(int index)
{
    return index >= 0 && (size_t)index < sw_det_param_count() ? &specs[index] : NULL;
}

int sw_det_param_find(const char *id, const char *key)
{
    for (size_t i = 0; id && key && i < sw_det_param_count(); i++)
        if (strcmp(specs[i].id, id) == 0 && strcmp(specs[i].key, key) == 0)
            return (int)i;
    return -1;
}

void sw_det_param_keys(const char *id, const char **keys)
{
    size_t n = 0;
    keys[n++] = "enabled";
    keys[n++] = "severity";
    for (size_t i = 0; i < sw_det_param_count() && n < SW_DET_KEYS_MAX; i++)
        if (strcmp(specs[i].id, id) == 0)
            keys[n++] = specs[i].key;
    keys[n] = NULL;
}

void sw_det_param_values_free(sw_det_param_values *v)
{
    for (size_t i = 0; i < SW_DET_PARAM_MAX; i++) {
        free(v->ports[i]);
        sw_netset_free(v->net[i]);
        v->ports[i] = NULL;
        v->net[i] = NULL;
        v->n_ports[i] = 0;
    }
}

/* "90", "90s", "15m", "24h", "7d" -> seconds; 0 when malformed or above TEN_YEARS. */
static int parse_duration(const char *text, uint64_t *out)
{
    char *end = NULL;
    if (!text || !(*text >= '0' && *text <= '9'))
        return 0;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    uint64_t unit = 1;
    if (*end == 'm')
        unit = 60;
    else if (*end == 'h')
        unit = 3600;
    else if (*end == 'd')
        unit = ONE_DAY;
    else if (*end != 's' && *end != '\0')
        return 0;
    if ((*end != '\0' && end[1] != '\0') || errno == ERANGE || v > TEN_YEARS)
        return 0;
    *out = v * unit;
    return 1;
}

static sw_status parse_ports(sw_det_param_values *v, int i, const sw_conf_node *list,
                             const char *key, sw_error *err)
{
    if (sw_conf_kind_of(list) != SW_CONF_SEQ)
        return sw_conf_error(list, key, err, "must be a list of TCP/UDP ports (1-65535)");
    size_t n = sw_conf_count(list);
    free(v->ports[i]);
    v->n_ports[i] = 0;
    if (!(v->ports[i] = calloc(n ? n : 1, sizeof(uint16_t))))
        return sw_conf_error(list, key, err, "out of memory");
    for (size_t k = 0; k < n; k++) {
        const char *text = sw_conf_scalar(sw_conf_at(list, k));
        char *end = NULL;
        unsigned long port = text ? strtoul(text, &end, 10) : 0;
        if (!text || *end != '\0' || port < 1 || port > 65535)
            return sw_conf_error(sw_conf_at(list, k), key, err,
                                 "'%s' is not a port number 1-65535; the config was rejected",
                                 text ? text : "(not a scalar)");
        v->ports[i][v->n_ports[i]++] = (uint16_t)port;
    }
    return SW_OK;
}

static sw_status parse_cidrs(sw_det_param_values *v, int i, const sw_conf_node *list,
                             const char *key, sw_error *err)
{
    if (sw_conf_kind_of(list) != SW_CONF_SEQ)
        return sw_conf_error(list, key, err, "must be a list of CIDR prefixes");
    sw_netset_free(v->net[i]);
    if (!(v->net[i] = sw_netset_new()))
        return sw_conf_error(list, key, err, "out of memory");
    for (size_t k = 0; k < sw_conf_count(list); k++) {
        const sw_conf_node *item = sw_conf_at(list, k);
        const char *cidr = sw_conf_scalar(item);
        sw_error local = {{0}, 0, {0}, {0}};
        if (!cidr)
            return sw_conf_error(item, key, err, "each entry must be a CIDR prefix text");
        if (sw_netset_add(v->net[i], cidr, 0, &local) != SW_OK)
            return sw_conf_error(item, key, err, "%s; the config was rejected", local.text);
    }
    return SW_OK;
}

/* A number or duration, range-checked against the row. */
static sw_status parse_scalar(sw_det_param_values *v, int i, const sw_conf_node *value,
                              const char *key, sw_error *err)
{
    const sw_det_param_spec *spec = &specs[i];
    const char *text = sw_conf_scalar(value);
    uint64_t n = 0;
    int ok = 0;
    if (text && spec->kind == SW_PARAM_DURATION) {
        ok = parse_duration(text, &n);
    } else if (text && *text >= '0' && *text <= '9' && strlen(text) <= 20) {
        char *end = NULL;
        errno = 0;
        n = strtoull(text, &end, 10);
        ok = *end == '\0' && errno != ERANGE;
    }
    if (!ok || n < spec->min || n > spec->max)
        return sw_conf_error(
            value, key, err, "expected %s from %llu to %llu%s, got '%s'; the config was rejected",
            spec->kind == SW_PARAM_DURATION ? "a duration" : "an integer",
            (unsigned long long)spec->min, (unsigned long long)spec->max,
            spec->kind == SW_PARAM_DURATION ? " seconds (or 30s, 15m, 24h, 7d)" : "",
            text ? text : "(not a scalar)");
    v->value[i] = n;
    v->set[i] = 1;
    return SW_OK;
}

sw_status sw_det_param_values_apply(sw_det_param_values *v, const char *id,
                                    const sw_conf_node *node, const char *what, sw_error *err)
{
    for (size_t i = 0; i < sw_det_param_count(); i++) {
        const sw_conf_node *value = sw_conf_get(node, specs[i].key);
        if (strcmp(specs[i].id, id) != 0 || !value || sw_conf_is_null(value))
            continue;
        char key[128];
        snprintf(key, sizeof(key), "%s.%s", what, specs[i].key);
        sw_status st;
        if (specs[i].kind == SW_PARAM_PORTS)
            st = parse_ports(v, (int)i, value, key, err);
        else if (specs[i].kind == SW_PARAM_CIDRS)
            st = parse_cidrs(v, (int)i, value, key, err);
        else
            st = parse_scalar(v, (int)i, value, key, err);
        if (st != SW_OK)
            return st;
    }
    return SW_OK;
}
