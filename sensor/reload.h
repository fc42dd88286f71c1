/* What a SIGHUP reloads: the detection side of the configuration (catalog, `networks`,
 * `detections`, zone-DB network sets, `thresholds`), built and validated as a whole before
 * anything running is touched. A set that fails to build is reported and the running one kept.
 *
 * The IOC lists named by `ioc:` (or, without the key, those shipped beside the catalog) are part
 * of the set, so a SIGHUP reloads them too.
 * Not reloaded (restart needed): capture, defrag, flow, eve, outputs, workers, log directory.
 * Geo databases are reloaded separately (sw_geo_reload) and keep the old ones on failure. */
#ifndef SEAWALL_SENSOR_RELOAD_H
#define SEAWALL_SENSOR_RELOAD_H

#include "geo.h"
#include "hygiene.h"
#include "ioc-load.h"
#include "sensor-config.h"
#include "sensor-rules.h"

typedef struct sw_detection_set {
    sw_catalog *catalog;
    sw_conf_node *conf;         /* NULL when there is no configuration file */
    sw_engine_config *ecfg;     /* never NULL */
    sw_hygiene_rules *hygiene;  /* NULL when `thresholds` is not set */
    char thresholds_path[1100]; /* resolved path of the rules, "" when none */
    /* Content rules (added by rules): the files (`rules:` then -S) and their compiled set,
     * NULL when no rule file is configured. Filled by sw_detection_set_load_rules. */
    sw_sensor_rules rule_files;
    sw_ruleset *rules;
    /* The `ioc:` lists, loaded into ecfg (sw_engine_config_set_ioc) so a reload picks up
     * changed lists. Malformed lines are skipped and counted; the first is kept for the log. */
    sw_ioc_load_stats ioc;
    char ioc_first_problem[600];
    /* Without an `ioc:` key the lists shipped beside the catalog are used: where, and whether
     * they were there (sw_ioc_load_or_shipped). */
    sw_ioc_shipped ioc_shipped;
} sw_detection_set;

/* Reads catalog_path, then config_path (may be NULL: defaults) into a new set; fills *scfg and
 * *geo over their current contents with the file's sensor and geo sections. A relative
 * `thresholds:` path is taken from the configuration file's directory. `stage` names what
 * failed ("detection catalog", "configuration", "zone database", "thresholds", "ioc"). Caller owns
 * *out; free with sw_detection_set_free. On error *out is NULL and nothing leaks. */
sw_status sw_detection_set_load(const char *catalog_path, const char *config_path,
                                sw_sensor_config *scfg, sw_geo_config *geo, sw_detection_set **out,
                                const char **stage, sw_error *err);
void sw_detection_set_free(sw_detection_set *set); /* NULL is a no-op */

/* Second step of a load (start and SIGHUP alike): compiles the content rules named by the set's
 * configuration (`rules:`, relative to the configuration file) and by `cli_files` (-S) into
 * set->rules. Each rule skipped goes to `warn`. A file that cannot be read, or a broken
 * classification.config, is an error naming file:line (the caller then frees the whole new set
 * and keeps the running one). With no file at all set->rules stays NULL. (Added by rules.) */
sw_status sw_detection_set_load_rules(sw_detection_set *set, const char *const *cli_files,
                                      size_t n_cli, sw_rules_warn_fn warn, void *user,
                                      sw_error *err);

#endif
