/* Whole-file reads and config-relative paths for the sensor's list loaders (IOC lists, the
 * loopback inventory), so each reports a missing or oversized file the same way. */
#ifndef SEAWALL_SENSOR_UTIL_FILE_H
#define SEAWALL_SENSOR_UTIL_FILE_H

#include "conf.h"

/* Reads the file at path (at most max_bytes) into *out, NUL-terminated; caller frees *out. On
 * error *out is NULL and err names path and key (the config key that named the file). */
sw_status sw_file_read_all(const char *path, size_t max_bytes, const char *key, char **out,
                           size_t *len, sw_error *err);

/* rel as written in the config, taken from the directory of the file `node` was read from
 * unless absolute; into out (cap bytes, truncated if longer). */
void sw_conf_path_resolve(const sw_conf_node *node, const char *rel, char *out, size_t cap);

#endif
