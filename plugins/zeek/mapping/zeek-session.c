/* One Seawall engine as the Zeek plugin holds it (see zeek-session.h). */
#include "zeek-session.h"

#include <stdlib.h>
#include <string.h>

struct sw_zeek_session {
    sw_catalog *catalog;
    sw_engine_config *cfg;
    sw_engine *engine;
    sw_alert_cb cb; /* the current sink, see sw_zeek_session_set_sink */
    void *user;
};

/* The engine's callback is fixed when it is built; this forwards to the current sink. */
static void forward_alert(const sw_alert *alert, void *user)
{
    const sw_zeek_session *s = user;
    if (s->cb)
        s->cb(alert, s->user);
}

/* Takes a loaded catalog (or NULL after a failed load) and completes the session. */
static sw_zeek_session *session_finish(sw_catalog *catalog, sw_error *err)
{
    if (!catalog)
        return NULL;
    sw_zeek_session *s = calloc(1, sizeof(*s));
    sw_engine_config *cfg = sw_engine_config_new();
    if (!s || !cfg) {
        free(s);
        sw_engine_config_free(cfg);
        sw_catalog_free(catalog);
        sw_error_set(err, SW_ERR_NOMEM, NULL, 0, NULL, "out of memory creating the session");
        return NULL;
    }
    s->catalog = catalog;
    s->cfg = cfg;
    return s;
}

sw_zeek_session *sw_zeek_session_new(const char *catalog_path, sw_error *err)
{
    sw_catalog *catalog = NULL;
    if (sw_catalog_load_file(catalog_path ? catalog_path : "", &catalog, err) != SW_OK)
        return NULL;
    return session_finish(catalog, err);
}

sw_zeek_session *sw_zeek_session_new_text(const char *text, size_t len, const char *name,
                                          sw_error *err)
{
    sw_catalog *catalog = NULL;
    if (!text || sw_catalog_load_string(text, len, name ? name : "catalog", &catalog, err) != SW_OK)
        return NULL;
    return session_finish(catalog, err);
}

void sw_zeek_session_free(sw_zeek_session *s)
{
    if (!s)
        return;
    sw_engine_free(s->engine);
    sw_engine_config_free(s->cfg);
    sw_catalog_free(s->catalog);
    free(s);
}

static sw_status refuse_after_start(const sw_zeek_session *s, const char *key, sw_error *err)
{
    if (!s)
        return sw_error_set(err, SW_ERR_INVALID, NULL, 0, key, "no session");
    if (s->engine)
        return sw_error_set(err, SW_ERR_INVALID, NULL, 0, key,
                            "the engine is already running; configuration ignored");
    return SW_OK;
}

sw_status sw_zeek_session_load_config(sw_zeek_session *s, const char *yaml_path, sw_error *err)
{
    sw_status st = refuse_after_start(s, "config_file", err);
    if (st != SW_OK)
        return st;
    sw_conf_node *root = NULL;
    st = sw_conf_load_file(yaml_path ? yaml_path : "", &root, err);
    if (st != SW_OK)
        return st;
    sw_engine_config *cfg = sw_engine_config_new();
    if (!cfg) {
        sw_conf_free(root);
        return sw_error_set(err, SW_ERR_NOMEM, yaml_path, 0, NULL, "out of memory");
    }
    st = sw_engine_config_apply(cfg, root, s->catalog, err);
    sw_conf_free(root);
    if (st != SW_OK) {
        sw_engine_config_free(cfg);
        return st;
    }
    sw_engine_config_free(s->cfg);
    s->cfg = cfg;
    return SW_OK;
}

int sw_zeek_netset_by_name(const char *name)
{
    for (int i = 0; i < SW_NET_COUNT; i++)
        if (name && strcmp(name, sw_netset_name((sw_netset_id)i)) == 0)
            return i;
    return -1;
}

sw_status sw_zeek_session_add_net(sw_zeek_session *s, const char *set_name, const char *cidr,
                                  sw_error *err)
{
    sw_status st = refuse_after_start(s, set_name, err);
    if (st != SW_OK)
        return st;
    int set = sw_zeek_netset_by_name(set_name);
    if (set < 0)
        return sw_error_set(err, SW_ERR_NOTFOUND, NULL, 0, set_name ? set_name : "",
                            "unknown network set; expected infra, noc, aaa, nms, file_servers, "
                            "syslog, tunnel_peers, erspan_collectors, edge_apps or own");
    return sw_engine_config_add_net(s->cfg, (sw_netset_id)set, cidr ? cidr : "", err);
}

sw_status sw_zeek_session_start(sw_zeek_session *s, sw_alert_cb cb, void *user, sw_error *err)
{
    sw_status st = refuse_after_start(s, "start", err);
    if (st != SW_OK)
        return st;
    s->cb = cb;
    s->user = user;
    s->engine = sw_engine_new(s->catalog, s->cfg, forward_alert, s, err);
    return s->engine ? SW_OK : SW_ERR_NOTFOUND;
}

void sw_zeek_session_set_sink(sw_zeek_session *s, sw_alert_cb cb, void *user)
{
    if (!s)
        return;
    s->cb = cb;
    s->user = user;
}

int sw_zeek_session_ready(const sw_zeek_session *s)
{
    return s && s->engine && !sw_engine_config_is_blank(s->cfg);
}

void sw_zeek_session_observe(sw_zeek_session *s, const sw_observation *obs)
{
    if (s && s->engine)
        sw_engine_observe(s->engine, obs);
}

const sw_catalog *sw_zeek_session_catalog(const sw_zeek_session *s)
{
    return s ? s->catalog : NULL;
}

void sw_zeek_session_stats(const sw_zeek_session *s, sw_engine_stats *out)
{
    sw_engine_get_stats(s ? s->engine : NULL, out);
}
