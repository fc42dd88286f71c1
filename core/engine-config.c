/* Engine configuration: the `networks:` and `detections:` sections of the sensor YAML.
 *
 * Other top-level keys (rules, ioc, geo, outputs, ...) belong to other modules and are left alone
 * here; each owner checks its own section for unknown keys. */
#include "detect.h"
#include "ioc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Catalog ids are "ST-<FAMILY>-<NNN>": 16 bytes is plenty; longer ones are refused. */
#define SW_DET_ID_MAX 24

/* A tunable of one detection (thresholds, periods, allow lists); see param_schema below. */
typedef struct det_param {
    const char *key; /* static text from param_schema */
    uint64_t number;
    uint16_t *ports;
    size_t n_ports;
    sw_netset *net;
} det_param;

#define SW_DET_MAX_PARAMS 8

typedef struct det_setting {
    char id[SW_DET_ID_MAX];
    int enabled;
    sw_severity severity; /* 0 = keep the catalog default */
    det_param params[SW_DET_MAX_PARAMS];
    size_t n_params;
} det_setting;

struct sw_engine_config {
    sw_netset *nets[SW_NET_COUNT];
    det_setting *settings;
    size_t n_settings, cap_settings;
    sw_ioc_set *ioc;
};

/* Indexed by sw_netset_id; NULL-terminated for sw_conf_check_keys. */
static const char *const netset_names[SW_NET_COUNT + 1] = {
    "infra",        "noc",    "aaa",          "nms",
    "file_servers", "syslog", "tunnel_peers", "erspan_collectors",
    "edge_apps",    "own",    "containers",   NULL,
};

const char *sw_netset_name(sw_netset_id id)
{
    return (unsigned)id < SW_NET_COUNT ? netset_names[id] : NULL;
}

sw_engine_config *sw_engine_config_new(void)
{
    sw_engine_config *cfg = calloc(1, sizeof(*cfg));
    if (!cfg)
        return NULL;
    for (int i = 0; i < SW_NET_COUNT; i++) {
        cfg->nets[i] = sw_netset_new();
        if (!cfg->nets[i]) {
            sw_engine_config_free(cfg);
            return NULL;
        }
    }
    return cfg;
}

void sw_engine_config_free(sw_engine_config *cfg)
{
    if (!cfg)
        return;
    for (int i = 0; i < SW_NET_COUNT; i++)
        sw_netset_free(cfg->nets[i]);
    for (size_t i = 0; i < cfg->n_settings; i++)
        for (size_t j = 0; j < cfg->settings[i].n_params; j++) {
            free(cfg->settings[i].params[j].ports);
            sw_netset_free(cfg->settings[i].params[j].net);
        }
    sw_ioc_set_free(cfg->ioc);
    free(cfg->settings);
    free(cfg);
}

const sw_netset *sw_engine_config_net(const sw_engine_config *cfg, sw_netset_id set)
{
    return cfg && (unsigned)set < SW_NET_COUNT ? cfg->nets[set] : NULL;
}

int sw_engine_config_is_blank(const sw_engine_config *cfg)
{
    for (int i = 0; cfg && i < SW_NET_COUNT; i++)
        if (sw_netset_count(cfg->nets[i]) > 0)
            return 0;
    return 1;
}

sw_status sw_engine_config_add_net(sw_engine_config *cfg, sw_netset_id set, const char *cidr,
                                   sw_error *err)
{
    if (!cfg || (unsigned)set >= SW_NET_COUNT)
        return sw_error_set(err, SW_ERR_INVALID, NULL, 0, NULL, "no such network set");
    return sw_netset_add(cfg->nets[set], cidr, (uint32_t)set, err);
}

static det_setting *setting_for(sw_engine_config *cfg, const char *id)
{
    for (size_t i = 0; i < cfg->n_settings; i++)
        if (strcmp(cfg->settings[i].id, id) == 0)
            return &cfg->settings[i];
    if (strlen(id) >= SW_DET_ID_MAX)
        return NULL;
    if (cfg->n_settings == cfg->cap_settings) {
        size_t cap = cfg->cap_settings ? cfg->cap_settings * 2 : 16;
        det_setting *s = realloc(cfg->settings, cap * sizeof(*s));
        if (!s)
            return NULL;
        cfg->settings = s;
        cfg->cap_settings = cap;
    }
    det_setting *s = &cfg->settings[cfg->n_settings++];
    snprintf(s->id, sizeof(s->id), "%s", id);
    s->enabled = 1;
    s->severity = 0;
    s->n_params = 0;
    return s;
}

static const det_setting *find_setting(const sw_engine_config *cfg, const char *id)
{
    for (size_t i = 0; cfg && id && i < cfg->n_settings; i++)
        if (strcmp(cfg->settings[i].id, id) == 0)
            return &cfg->settings[i];
    return NULL;
}

sw_status sw_engine_config_set_enabled(sw_engine_config *cfg, const char *id, int enabled)
{
    if (!cfg || !id || strlen(id) >= SW_DET_ID_MAX)
        return SW_ERR_INVALID;
    det_setting *s = setting_for(cfg, id);
    if (!s)
        return SW_ERR_NOMEM;
    s->enabled = enabled != 0;
    return SW_OK;
}

int sw_engine_config_is_enabled(const sw_engine_config *cfg, const char *id)
{
    const det_setting *s = find_setting(cfg, id);
    return s ? s->enabled : 1;
}

sw_severity sw_engine_config_severity(const sw_engine_config *cfg, const char *id)
{
    const det_setting *s = find_setting(cfg, id);
    return s ? s->severity : (sw_severity)0;
}

/* networks.<set>: a list of CIDR strings (or nothing). */
static sw_status apply_net_list(sw_engine_config *cfg, sw_netset_id set, const char *key,
                                const sw_conf_node *list, sw_error *err)
{
    if (sw_conf_is_null(list))
        return SW_OK;
    if (sw_conf_kind_of(list) != SW_CONF_SEQ)
        return sw_conf_error(list, key, err, "must be a list of CIDR prefixes");
    for (size_t i = 0; i < sw_conf_count(list); i++) {
        const sw_conf_node *item = sw_conf_at(list, i);
        const char *cidr = sw_conf_scalar(item);
        if (!cidr)
            return sw_conf_error(item, key, err, "each entry must be a CIDR prefix text");
        sw_error local = {{0}, 0, {0}, {0}};
        sw_status st = sw_engine_config_add_net(cfg, set, cidr, &local);
        if (st != SW_OK)
            return sw_error_set(err, st, sw_conf_file(item), sw_conf_line(item), key,
                                "%s; the config was rejected", local.text);
    }
    return SW_OK;
}

static sw_status apply_networks(sw_engine_config *cfg, const sw_conf_node *nets, sw_error *err)
{
    if (!nets || sw_conf_is_null(nets))
        return SW_OK;
    sw_status st = sw_conf_check_keys(nets, netset_names, "networks", err);
    if (st != SW_OK)
        return st;
    for (size_t i = 0; i < sw_conf_count(nets); i++) {
        const char *name = sw_conf_key_at(nets, i);
        int set = 0;
        while (set < SW_NET_COUNT && strcmp(netset_names[set], name) != 0)
            set++;
        char key[64];
        snprintf(key, sizeof(key), "networks.%s", name);
        st = apply_net_list(cfg, (sw_netset_id)set, key, sw_conf_at(nets, i), err);
        if (st != SW_OK)
            return st;
    }
    return SW_OK;
}

/* Tunables per detection id. Durations take seconds or a number with s, m, h or d. The
 * defaults (and why) are in the detectors and in docs/detections-impl.md. */
typedef enum param_kind { PARAM_NUMBER, PARAM_DURATION, PARAM_PORTS, PARAM_CIDRS } param_kind;

typedef struct param_schema {
    const char *id, *key;
    param_kind kind;
    uint64_t min, max;
} param_schema;

#define TEN_YEARS   (3650ull * 86400)
#define MAX_ENTRIES (1ull << 22)

static const param_schema param_schemas[] = {
    {"ST-ACC-001", "allowed-ports", PARAM_PORTS, 0, 0},
    {"ST-ACC-001", "min-port", PARAM_NUMBER, 1, 65535},
    {"ST-ACC-003", "port-min", PARAM_NUMBER, 1, 65535},
    {"ST-ACC-003", "port-max", PARAM_NUMBER, 1, 65535},
    {"ST-ACC-003", "state-entries", PARAM_NUMBER, 16, MAX_ENTRIES},
    {"ST-ACC-004", "learning-period", PARAM_DURATION, 0, TEN_YEARS},
    {"ST-ACC-004", "allowed-ports", PARAM_PORTS, 0, 0},
    {"ST-ACC-004", "state-entries", PARAM_NUMBER, 16, MAX_ENTRIES},
    {"ST-LAT-001", "learning-period", PARAM_DURATION, 0, TEN_YEARS},
    {"ST-LAT-001", "state-entries", PARAM_NUMBER, 16, MAX_ENTRIES},
    {"ST-LAT-002", "allowed-destinations", PARAM_CIDRS, 0, 0},
    {"ST-LAT-003", "allowed-sources", PARAM_CIDRS, 0, 0},
    {"ST-LAT-004", "window", PARAM_DURATION, 1, 86400},
    {"ST-LAT-004", "min-hops", PARAM_NUMBER, 2, 16},
    {"ST-LAT-004", "state-entries", PARAM_NUMBER, 16, MAX_ENTRIES},
    {"ST-EVA-001", "learning-period", PARAM_DURATION, 0, TEN_YEARS},
    {"ST-EVA-001", "silence-factor", PARAM_NUMBER, 2, 1000},
    {"ST-EVA-001", "min-silence", PARAM_DURATION, 1, TEN_YEARS},
    {"ST-EVA-001", "min-messages", PARAM_NUMBER, 2, 1000000},
    {"ST-EVA-001", "state-entries", PARAM_NUMBER, 16, MAX_ENTRIES},
    {"ST-CON-001", "allowed-destinations", PARAM_CIDRS, 0, 0},
    {"ST-SCAN-001", "threshold", PARAM_NUMBER, 2, 1000000},
    {"ST-SCAN-001", "window", PARAM_DURATION, 60, 30 * 86400},
    {"ST-SCAN-001", "state-entries", PARAM_NUMBER, 16, MAX_ENTRIES},
};
#define N_PARAM_SCHEMAS (sizeof(param_schemas) / sizeof(param_schemas[0]))

/* "enabled", "severity", then this id's tunables; NULL-terminated. */
static void allowed_keys(const char *id, const char **keys)
{
    size_t n = 0;
    keys[n++] = "enabled";
    keys[n++] = "severity";
    for (size_t i = 0; i < N_PARAM_SCHEMAS && n < SW_DET_MAX_PARAMS + 2; i++)
        if (strcmp(param_schemas[i].id, id) == 0)
            keys[n++] = param_schemas[i].key;
    keys[n] = NULL;
}

/* "90", "90s", "15m", "24h", "7d" -> seconds; -1 when malformed. */
static int64_t parse_duration(const char *text)
{
    char *end = NULL;
    if (!text || !(*text >= '0' && *text <= '9'))
        return -1;
    unsigned long long v = strtoull(text, &end, 10);
    uint64_t unit = 1;
    if (*end == 'm')
        unit = 60;
    else if (*end == 'h')
        unit = 3600;
    else if (*end == 'd')
        unit = 86400;
    else if (*end != 's' && *end != '\0')
        return -1;
    if (*end != '\0' && end[1] != '\0')
        return -1;
    if (v > TEN_YEARS)
        return -1;
    return (int64_t)(v * unit);
}

static sw_status parse_ports(det_param *p, const sw_conf_node *list, const char *key, sw_error *err)
{
    if (sw_conf_kind_of(list) != SW_CONF_SEQ)
        return sw_conf_error(list, key, err, "must be a list of TCP/UDP ports (1-65535)");
    size_t n = sw_conf_count(list);
    p->ports = calloc(n ? n : 1, sizeof(*p->ports));
    if (!p->ports)
        return sw_conf_error(list, key, err, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const char *text = sw_conf_scalar(sw_conf_at(list, i));
        char *end = NULL;
        unsigned long v = text ? strtoul(text, &end, 10) : 0;
        if (!text || *end != '\0' || v < 1 || v > 65535)
            return sw_conf_error(sw_conf_at(list, i), key, err,
                                 "'%s' is not a port number 1-65535; the config was rejected",
                                 text ? text : "(not a scalar)");
        p->ports[p->n_ports++] = (uint16_t)v;
    }
    return SW_OK;
}

static sw_status parse_cidrs(det_param *p, const sw_conf_node *list, const char *key, sw_error *err)
{
    if (sw_conf_kind_of(list) != SW_CONF_SEQ)
        return sw_conf_error(list, key, err, "must be a list of CIDR prefixes");
    if (!(p->net = sw_netset_new()))
        return sw_conf_error(list, key, err, "out of memory");
    for (size_t i = 0; i < sw_conf_count(list); i++) {
        const sw_conf_node *item = sw_conf_at(list, i);
        const char *cidr = sw_conf_scalar(item);
        sw_error local = {{0}, 0, {0}, {0}};
        if (!cidr)
            return sw_conf_error(item, key, err, "each entry must be a CIDR prefix text");
        if (sw_netset_add(p->net, cidr, 0, &local) != SW_OK)
            return sw_conf_error(item, key, err, "%s; the config was rejected", local.text);
    }
    return SW_OK;
}

static sw_status parse_param(det_param *p, const param_schema *ps, const sw_conf_node *value,
                             const char *key, sw_error *err)
{
    if (ps->kind == PARAM_PORTS)
        return parse_ports(p, value, key, err);
    if (ps->kind == PARAM_CIDRS)
        return parse_cidrs(p, value, key, err);
    const char *text = sw_conf_scalar(value);
    int64_t v = -1;
    if (text && ps->kind == PARAM_DURATION) {
        v = parse_duration(text);
    } else if (text) {
        char *end = NULL;
        unsigned long long n = strtoull(text, &end, 10);
        v = (*end == '\0' && *text >= '0' && *text <= '9' && n <= TEN_YEARS) ? (int64_t)n : -1;
    }
    if (v < 0 || (uint64_t)v < ps->min || (uint64_t)v > ps->max)
        return sw_conf_error(value, key, err,
                             "'%s' is out of range: allowed %llu to %llu%s; the config was "
                             "rejected",
                             text ? text : "(not a scalar)", (unsigned long long)ps->min,
                             (unsigned long long)ps->max,
                             ps->kind == PARAM_DURATION ? " seconds (or 30m, 24h, 7d)" : "");
    p->number = (uint64_t)v;
    return SW_OK;
}

static sw_status apply_params(det_setting *s, const sw_conf_node *node, const char *what,
                              sw_error *err)
{
    for (size_t i = 0; i < N_PARAM_SCHEMAS; i++) {
        const param_schema *ps = &param_schemas[i];
        const sw_conf_node *value = sw_conf_get(node, ps->key);
        if (strcmp(ps->id, s->id) != 0 || !value || sw_conf_is_null(value))
            continue;
        if (s->n_params == SW_DET_MAX_PARAMS)
            return sw_conf_error(value, ps->key, err, "too many settings");
        char key[128];
        snprintf(key, sizeof(key), "%s.%s", what, ps->key);
        det_param *p = &s->params[s->n_params++];
        memset(p, 0, sizeof(*p));
        p->key = ps->key;
        sw_status st = parse_param(p, ps, value, key, err);
        if (st != SW_OK)
            return st;
    }
    return SW_OK;
}

static const det_param *find_param(const sw_engine_config *cfg, const char *id, const char *key)
{
    const det_setting *s = find_setting(cfg, id);
    for (size_t i = 0; s && i < s->n_params; i++)
        if (strcmp(s->params[i].key, key) == 0)
            return &s->params[i];
    return NULL;
}

uint64_t sw_engine_config_param_u64(const sw_engine_config *cfg, const char *id, const char *key,
                                    uint64_t dflt)
{
    const det_param *p = find_param(cfg, id, key);
    return p ? p->number : dflt;
}

const uint16_t *sw_engine_config_param_ports(const sw_engine_config *cfg, const char *id,
                                             const char *key, size_t *n)
{
    const det_param *p = find_param(cfg, id, key);
    *n = p ? p->n_ports : 0;
    return p ? p->ports : NULL;
}

const sw_netset *sw_engine_config_param_net(const sw_engine_config *cfg, const char *id,
                                            const char *key)
{
    const det_param *p = find_param(cfg, id, key);
    return p ? p->net : NULL;
}

void sw_engine_config_set_ioc(sw_engine_config *cfg, sw_ioc_set *set)
{
    if (!cfg) {
        sw_ioc_set_free(set);
        return;
    }
    sw_ioc_set_free(cfg->ioc);
    cfg->ioc = set;
}

const sw_ioc_set *sw_engine_config_ioc(const sw_engine_config *cfg)
{
    return cfg ? cfg->ioc : NULL;
}

/* detections.<id>: {enabled: bool, severity: critical|high|medium|low, <tunables of the id>}. */
static sw_status apply_detection(sw_engine_config *cfg, const char *id, const sw_conf_node *node,
                                 sw_error *err)
{
    if (sw_conf_is_null(node))
        return SW_OK;
    char what[64];
    snprintf(what, sizeof(what), "detections.%s", id);
    const char *keys[SW_DET_MAX_PARAMS + 3];
    allowed_keys(id, keys);
    sw_status st = sw_conf_check_keys(node, keys, what, err);
    int enabled = 1;
    const char *sev_text = NULL;
    if (st == SW_OK)
        st = sw_conf_get_bool(node, "enabled", &enabled, err);
    if (st == SW_OK)
        st = sw_conf_get_str(node, "severity", &sev_text, err);
    if (st != SW_OK)
        return st;
    sw_severity sev = 0;
    if (sev_text && sw_severity_parse(sev_text, &sev) != SW_OK)
        return sw_conf_error(sw_conf_get(node, "severity"), "severity", err,
                             "'%s' is not critical, high, medium or low", sev_text);
    det_setting *s = setting_for(cfg, id);
    if (!s)
        return sw_conf_error(node, id, err, "out of memory storing the setting");
    s->enabled = enabled;
    if (sev_text)
        s->severity = sev;
    return apply_params(s, node, what, err);
}

static sw_status apply_detections(sw_engine_config *cfg, const sw_conf_node *dets,
                                  const sw_catalog *catalog, sw_error *err)
{
    if (!dets || sw_conf_is_null(dets))
        return SW_OK;
    if (sw_conf_kind_of(dets) != SW_CONF_MAP)
        return sw_conf_error(dets, "detections", err, "must be a map of catalog id to settings");
    for (size_t i = 0; i < sw_conf_count(dets); i++) {
        const char *id = sw_conf_key_at(dets, i);
        if (!sw_catalog_find(catalog, id))
            return sw_error_set(err, SW_ERR_PARSE, sw_conf_file(dets), sw_conf_key_line_at(dets, i),
                                id, "unknown detection id (not in the catalog)");
        sw_status st = apply_detection(cfg, id, sw_conf_at(dets, i), err);
        if (st != SW_OK)
            return st;
    }
    return SW_OK;
}

sw_status sw_engine_config_apply(sw_engine_config *cfg, const sw_conf_node *root,
                                 const sw_catalog *catalog, sw_error *err)
{
    if (!cfg || !root)
        return sw_error_set(err, SW_ERR_INVALID, NULL, 0, NULL, "no config to apply");
    if (sw_conf_kind_of(root) != SW_CONF_MAP)
        return sw_conf_error(root, "", err, "the config must be a map of sections");
    sw_status st = apply_networks(cfg, sw_conf_get(root, "networks"), err);
    if (st == SW_OK)
        st = apply_detections(cfg, sw_conf_get(root, "detections"), catalog, err);
    return st;
}
