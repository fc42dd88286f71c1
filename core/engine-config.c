/* Engine configuration: the `networks:` and `detections:` sections of the sensor YAML.
 *
 * Other top-level keys (rules, ioc, geo, outputs, ...) belong to other modules and are left alone
 * here; each owner checks its own section for unknown keys. */
#include "detect-param-values.h"
#include "ioc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Catalog ids are "ST-<FAMILY>-<NNN>": 16 bytes is plenty; longer ones are refused. */
#define SW_DET_ID_MAX 24

typedef struct det_setting {
    char id[SW_DET_ID_MAX];
    int enabled;
    sw_severity severity; /* 0 = keep the catalog default */
} det_setting;

struct sw_engine_config {
    sw_netset *nets[SW_NET_COUNT];
    det_setting *settings;
    size_t n_settings, cap_settings;
    sw_det_param_values params; /* detections.<id>.<key>, by index in detect-params.c */
    sw_ioc_set *ioc;
};

/* Indexed by sw_netset_id; NULL-terminated for sw_conf_check_keys. */
static const char *const netset_names[SW_NET_COUNT + 1] = {
    "infra",
    "noc",
    "aaa",
    "nms",
    "file_servers",
    "syslog",
    "tunnel_peers",
    "erspan_collectors",
    "edge_apps",
    "own",
    "smi_directors",
    "containers",
    "loopback_ranges",
    "loopbacks",
    NULL,
};

const char *sw_netset_name(sw_netset_id id)
{
    return (unsigned)id < SW_NET_COUNT ? netset_names[id] : NULL;
}

sw_engine_config *sw_engine_config_new(void)
{
    if (sw_det_param_count() > SW_DET_PARAM_MAX)
        return NULL; /* a build error in spirit: the table outgrew its storage */
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
    sw_det_param_values_free(&cfg->params);
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

uint64_t sw_engine_config_param(const sw_engine_config *cfg, int index)
{
    const sw_det_param_spec *spec = sw_det_param_at(index);
    if (!spec)
        return 0;
    return cfg && cfg->params.set[index] ? cfg->params.value[index] : spec->def;
}

const uint16_t *sw_engine_config_param_ports(const sw_engine_config *cfg, int index, size_t *n)
{
    const sw_det_param_spec *spec = sw_det_param_at(index);
    int ok = cfg && spec && spec->kind == SW_PARAM_PORTS;
    *n = ok ? cfg->params.n_ports[index] : 0;
    return ok ? cfg->params.ports[index] : NULL;
}

const sw_netset *sw_engine_config_param_net(const sw_engine_config *cfg, int index)
{
    const sw_det_param_spec *spec = sw_det_param_at(index);
    return cfg && spec && spec->kind == SW_PARAM_CIDRS ? cfg->params.net[index] : NULL;
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

/* detections.<id>: {enabled: bool, severity: critical|high|medium|low, <settings of the id>}. */
static sw_status apply_detection(sw_engine_config *cfg, const char *id, const sw_conf_node *node,
                                 sw_error *err)
{
    const char *keys[SW_DET_KEYS_MAX + 1];
    sw_det_param_keys(id, keys);
    if (sw_conf_is_null(node))
        return SW_OK;
    char what[64];
    snprintf(what, sizeof(what), "detections.%s", id);
    sw_status st = sw_conf_check_keys(node, keys, what, err);
    int enabled = 1;
    const char *sev_text = NULL;
    if (st == SW_OK)
        st = sw_conf_get_bool(node, "enabled", &enabled, err);
    if (st == SW_OK)
        st = sw_conf_get_str(node, "severity", &sev_text, err);
    if (st == SW_OK)
        st = sw_det_param_values_apply(&cfg->params, id, node, what, err);
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
    return SW_OK;
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
