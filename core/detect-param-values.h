/* Private to core/: the configured values of the parameter table (detect-params.c), held by an
 * engine config. Parsing lives with the table so a row's kind and its parser cannot drift. */
#ifndef SEAWALL_DETECT_PARAM_VALUES_H
#define SEAWALL_DETECT_PARAM_VALUES_H

#include "detect.h"

/* Room for the table; sw_engine_config_new refuses to run when the table outgrows it. */
#define SW_DET_PARAM_MAX 64
/* Keys one detection accepts: enabled, severity and its settings. */
#define SW_DET_KEYS_MAX 16

typedef struct sw_det_param_values {
    uint64_t value[SW_DET_PARAM_MAX]; /* numbers and durations (seconds) */
    uint8_t set[SW_DET_PARAM_MAX];
    uint16_t *ports[SW_DET_PARAM_MAX]; /* SW_PARAM_PORTS rows */
    size_t n_ports[SW_DET_PARAM_MAX];
    sw_netset *net[SW_DET_PARAM_MAX]; /* SW_PARAM_CIDRS rows */
} sw_det_param_values;

void sw_det_param_values_free(sw_det_param_values *v); /* the lists; not v itself */

/* "enabled", "severity", then id's keys from the table; NULL-terminated in
 * keys[SW_DET_KEYS_MAX + 1]. */
void sw_det_param_keys(const char *id, const char **keys);

/* Reads every table key of `id` present in node (the detections.<id> map `what`), checking kind
 * and range; an error names file:line:key and says what is allowed. */
sw_status sw_det_param_values_apply(sw_det_param_values *v, const char *id,
                                    const sw_conf_node *node, const char *what, sw_error *err);

#endif
