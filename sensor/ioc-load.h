/* Loads the IOC lists named by the top-level config key `ioc:` (a list of files or
 * directories; a directory contributes its regular, non-hidden files in name order) into one
 * sw_ioc_set. A relative path is taken from the configuration file's directory. A malformed
 * line is reported through `report` with file:line and skipped; an unreadable path is an error. */
#ifndef SEAWALL_SENSOR_IOC_LOAD_H
#define SEAWALL_SENSOR_IOC_LOAD_H

#include "conf.h"
#include "ioc.h"

#define SW_IOC_FILE_MAX_BYTES (32u << 20)

typedef struct sw_ioc_load_stats {
    size_t files, indicators, malformed;
} sw_ioc_load_stats;

/* Adds every list of the config's `ioc:` key to set (absent key: nothing, SW_OK). */
sw_status sw_ioc_load_config(const sw_conf_node *root, sw_ioc_set *set, sw_ioc_report_fn report,
                             void *user, sw_ioc_load_stats *stats, sw_error *err);
/* Where the lists came from when the configuration named none (sw_ioc_load_or_shipped). */
typedef struct sw_ioc_shipped {
    char dir[1100]; /* <catalog dir>/ioc when it was looked for, else "" */
    int missing;    /* looked for and not there: IOC matching is off */
} sw_ioc_shipped;

/* What the sensor and the Suricata plugin both do: the lists of the first of `roots` (n of them,
 * NULL entries skipped) that has an `ioc:` key; without one, the lists shipped beside the
 * catalog (<catalog dir>/ioc: share/seawall/ioc installed, signatures/ioc in the tree), filling
 * *shipped. `ioc: []` (or null) turns matching off. */
sw_status sw_ioc_load_or_shipped(const sw_conf_node *const *roots, size_t n,
                                 const char *catalog_path, sw_ioc_set *set, sw_ioc_report_fn report,
                                 void *user, sw_ioc_load_stats *stats, sw_ioc_shipped *shipped,
                                 sw_error *err);

/* One file or directory. */
sw_status sw_ioc_load_path(const char *path, sw_ioc_set *set, sw_ioc_report_fn report, void *user,
                           sw_ioc_load_stats *stats, sw_error *err);

#endif
