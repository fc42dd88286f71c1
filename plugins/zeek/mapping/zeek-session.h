/* One Seawall engine as the Zeek plugin holds it: catalog, network sets, engine, alert sink.
 *
 * The plugin's BiFs are thin C++ around this C module, so everything that decides alerts is
 * built and tested without Zeek. Configuration comes either from the sensor's YAML (the
 * `networks:` and `detections:` sections, Seawall::config_file) or set by set from the Zeek
 * options (Seawall::infra, Seawall::noc, ...). Not thread-safe; Zeek runs scripts on one thread. */
#ifndef SEAWALL_ZEEK_SESSION_H
#define SEAWALL_ZEEK_SESSION_H

#include "engine.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sw_zeek_session sw_zeek_session;

/* Reads the catalog (signatures/catalog.yaml, installed with the package). Caller owns; free
 * with sw_zeek_session_free. NULL with err filled (file:line:key) when the catalog is bad. */
sw_zeek_session *sw_zeek_session_new(const char *catalog_path, sw_error *err);
/* The same from catalog text (the plugin compiles the catalog in); `name` names it in errors. */
sw_zeek_session *sw_zeek_session_new_text(const char *text, size_t len, const char *name,
                                          sw_error *err);
void sw_zeek_session_free(sw_zeek_session *s); /* NULL is a no-op */

/* Applies a sensor YAML (networks + detections), replacing every set added before. Only before
 * sw_zeek_session_start (SW_ERR_INVALID after). Errors name file, line and key; on error the
 * session keeps what it had before the call. */
sw_status sw_zeek_session_load_config(sw_zeek_session *s, const char *yaml_path, sw_error *err);

/* The sw_netset_id of "infra", "noc", ... (Zeek option names without the module); -1 if none. */
int sw_zeek_netset_by_name(const char *name);

/* Adds one CIDR ("10.0.0.0/8", "2001:db8::/32") to a named set. Only before start
 * (SW_ERR_INVALID after); SW_ERR_NOTFOUND for an unknown set name. */
sw_status sw_zeek_session_add_net(sw_zeek_session *s, const char *set_name, const char *cidr,
                                  sw_error *err);

/* Builds the engine; alerts go to cb(alert, user) from inside sw_zeek_session_observe. Once
 * only: SW_ERR_INVALID when already started. */
sw_status sw_zeek_session_start(sw_zeek_session *s, sw_alert_cb cb, void *user, sw_error *err);

/* Replaces where alerts go (cb may be NULL: alerts are counted, then dropped). The plugin points
 * it at a sink on its stack for the length of one observe call. */
void sw_zeek_session_set_sink(sw_zeek_session *s, sw_alert_cb cb, void *user);

/* 1 when started and at least one network set is configured. */
int sw_zeek_session_ready(const sw_zeek_session *s);

/* Runs the engine over one observation; ignored (counted by the engine) before start. */
void sw_zeek_session_observe(sw_zeek_session *s, const sw_observation *obs);

/* Borrowed; valid until sw_zeek_session_free. */
const sw_catalog *sw_zeek_session_catalog(const sw_zeek_session *s);
void sw_zeek_session_stats(const sw_zeek_session *s, sw_engine_stats *out);

#ifdef __cplusplus
}
#endif
#endif
