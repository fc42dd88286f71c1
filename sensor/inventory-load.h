/* Reads the operator's loopback inventory files named by the top-level config key
 * `loopback-files:` into the engine config's `loopbacks` network set (ST-LAT-001). Core does no
 * I/O, so the sensor reads the files; the inline `networks.loopbacks` list needs no file. */
#ifndef SEAWALL_SENSOR_INVENTORY_LOAD_H
#define SEAWALL_SENSOR_INVENTORY_LOAD_H

#include "conf.h"
#include "engine.h"

#define SW_INVENTORY_FILE_MAX_BYTES (8u << 20)
#define SW_INVENTORY_LINE_MAX       128 /* an address, a prefix length and a comment fit */

/* Adds every address of every listed file to the `loopbacks` set; absent key: nothing, SW_OK.
 * A file is one IPv4/IPv6 address or CIDR prefix per line; '#' starts a comment; blank lines
 * are skipped. Relative paths are taken from the configuration file's directory. The first
 * unreadable file or bad line is an error naming file:line (a skipped line would make that
 * device's loopback look rogue, so nothing is half-loaded). */
sw_status sw_inventory_load_config(const sw_conf_node *root, sw_engine_config *ecfg, sw_error *err);

/* One file's text (name for messages); the parsing half of the above, for tests and fuzzing. */
sw_status sw_inventory_parse(const char *text, size_t len, const char *name, sw_engine_config *ecfg,
                             sw_error *err);

#endif
