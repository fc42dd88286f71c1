/* The numeric settings detections accept under `detections: {<id>: {<key>: N}}`, with their
 * defaults and allowed ranges. One table, so the config reader can refuse unknown keys and
 * out-of-range values with file:line:key, and each detector reads its value by name. */
#include "detect.h"

#include <string.h>

#define MIB (1024ull * 1024ull)

static const sw_det_param_spec specs[] = {
    /* ST-SNMP-003: distinct infrastructure devices one source tries with one community string,
     * within `window` seconds, before it is a sweep (fires when the count exceeds `devices`). */
    {"ST-SNMP-003", "devices", 5, 1, 64},
    {"ST-SNMP-003", "window", 300, 1, 86400},
    {"ST-SNMP-003", "max_sources", 1024, 16, 1u << 16},
    /* ST-SNMP-004: report a device's v1/v2c exposure once per `interval` seconds. */
    {"ST-SNMP-004", "interval", 86400, 1, 30 * 86400},
    {"ST-SNMP-004", "max_devices", 4096, 16, 1u << 20},
    /* ST-EXF-004: bytes of each transfer searched for configuration markers. */
    {"ST-EXF-004", "scan_bytes", 1024 * 1024, 64, 64 * MIB},
    {"ST-EXF-004", "max_transfers", 1024, 16, 1u << 20},
    /* ST-TUN-004: bytes out / bytes in above `ratio`, and at least `mb_per_hour` MiB out in
     * some hour of the flow. */
    {"ST-TUN-004", "ratio", 20, 1, 1000000},
    {"ST-TUN-004", "mb_per_hour", 100, 1, 1000000},
    /* ST-EXP-007: a run of one repeated byte this long in a type 7 message is overflow filler. */
    {"ST-EXP-007", "filler_run", 64, 8, 512},
};

size_t sw_det_param_count(void)
{
    return sizeof(specs) / sizeof(specs[0]);
}

const sw_det_param_spec *sw_det_param_at(int index)
{
    return index >= 0 && (size_t)index < sw_det_param_count() ? &specs[index] : NULL;
}

int sw_det_param_find(const char *id, const char *key)
{
    for (size_t i = 0; id && key && i < sw_det_param_count(); i++)
        if (strcmp(specs[i].id, id) == 0 && strcmp(specs[i].key, key) == 0)
            return (int)i;
    return -1;
}
