/* Rule files for the sensor: gathering paths from -S and `rules:`, and building a ruleset the
 * engine can take (sw_engine_set_rules); reload.c calls it for every detection set. */
#include "sensor-rules.h"

#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

sw_status sw_sensor_rules_add_file(sw_sensor_rules *r, const char *path, sw_error *err)
{
    if (r->n_files == SW_SENSOR_MAX_RULE_FILES)
        return sw_error_set(err, SW_ERR_LIMIT, path, 0, "rules", "more than %d rule files",
                            SW_SENSOR_MAX_RULE_FILES);
    snprintf(r->files[r->n_files++], sizeof(r->files[0]), "%s", path);
    return SW_OK;
}

void sw_sensor_rules_find_classification(sw_sensor_rules *r)
{
    char beside[1100];
    const char *slash = r->n_files ? strrchr(r->files[0], '/') : NULL;
    snprintf(beside, sizeof(beside), "%.*s%sclassification.config",
             slash ? (int)(slash - r->files[0]) : 0, r->n_files ? r->files[0] : "",
             slash ? "/" : "");
    const char *const candidates[] = {beside, SEAWALL_DATADIR "/classification.config",
                                      SEAWALL_SOURCE_DIR "/signatures/classification.config"};
    r->classification[0] = '\0';
    for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++)
        if (access(candidates[i], R_OK) == 0) {
            snprintf(r->classification, sizeof(r->classification), "%s", candidates[i]);
            return;
        }
}

sw_status sw_sensor_rules_from_conf(sw_sensor_rules *r, const sw_conf_node *root, sw_error *err)
{
    const sw_conf_node *list = sw_conf_get(root, "rules");
    if (!list || sw_conf_is_null(list))
        return SW_OK;
    if (sw_conf_kind_of(list) != SW_CONF_SEQ)
        return sw_conf_error(list, "rules", err, "expected a list of rule files");
    char dir[512];
    snprintf(dir, sizeof(dir), "%s", sw_conf_file(list));
    const char *base = dirname(dir);
    for (size_t i = 0; i < sw_conf_count(list); i++) {
        const char *path = sw_conf_scalar(sw_conf_at(list, i));
        if (!path || !*path)
            return sw_conf_error(sw_conf_at(list, i), "rules", err, "expected a file name");
        char full[1024];
        int n = snprintf(full, sizeof(full), "%s%s%s", path[0] == '/' ? "" : base,
                         path[0] == '/' ? "" : "/", path);
        if (n < 0 || (size_t)n >= sizeof(full))
            return sw_conf_error(sw_conf_at(list, i), "rules", err, "path too long");
        sw_status st = sw_sensor_rules_add_file(r, full, err);
        if (st != SW_OK)
            return st;
    }
    return SW_OK;
}

sw_status sw_sensor_rules_build(const sw_sensor_rules *r, sw_ruleset **out, sw_rules_warn_fn warn,
                                void *user, sw_error *err)
{
    *out = NULL;
    sw_ruleset *rs = sw_ruleset_new();
    if (!rs)
        return sw_error_set(err, SW_ERR_NOMEM, NULL, 0, "rules", "out of memory");
    sw_status st = SW_OK;
    if (r->classification[0])
        st = sw_ruleset_load_classification(rs, r->classification, err);
    for (size_t i = 0; st == SW_OK && i < r->n_files; i++)
        st = sw_ruleset_load_file(rs, r->files[i], err);
    if (st == SW_OK)
        st = sw_ruleset_compile(rs, err);
    if (st != SW_OK) {
        sw_ruleset_free(rs);
        return st;
    }
    for (size_t i = 0; warn && i < sw_ruleset_warning_count(rs); i++)
        warn(sw_ruleset_warning(rs, i), user);
    *out = rs;
    return SW_OK;
}
