/* The sensor's content rules: files from -S and the config's `rules:` list, loaded with
 * signatures/classification.config into one compiled ruleset. The ruleset belongs to the
 * detection set (reload.h), so SIGHUP rebuilds it with the rest and a failure keeps the old. */
#ifndef SEAWALL_SENSOR_RULES_H
#define SEAWALL_SENSOR_RULES_H

#include "conf.h"
#include "engine.h"

#define SW_SENSOR_MAX_RULE_FILES 16

typedef struct sw_sensor_rules {
    char files[SW_SENSOR_MAX_RULE_FILES][1024];
    size_t n_files;
    char classification[1024]; /* "" = none found: classtypes unchecked */
} sw_sensor_rules;

/* Adds the `rules:` list of the config tree (paths relative to the config file's folder).
 * Errors name file, line and key. */
sw_status sw_sensor_rules_from_conf(sw_sensor_rules *r, const sw_conf_node *root, sw_error *err);
sw_status sw_sensor_rules_add_file(sw_sensor_rules *r, const char *path, sw_error *err);
/* classification.config beside the first rule file, else the installed copy, else the source
 * tree's; "" when none is readable. */
void sw_sensor_rules_find_classification(sw_sensor_rules *r);

/* Loads every file into a new compiled ruleset. Warnings go to `warn` one by one; the result
 * counts are in *loaded / *skipped. On error *out is NULL and nothing is changed. */
typedef void (*sw_rules_warn_fn)(const sw_error *warning, void *user);
sw_status sw_sensor_rules_build(const sw_sensor_rules *r, sw_ruleset **out, sw_rules_warn_fn warn,
                                void *user, sw_error *err);

#endif
