/* The detection catalog: stable ids (ST-...) mapped to signature ids and their descriptions.
 * It is data (signatures/catalog.yaml), read once and shared read-only by every engine. */
#ifndef SEAWALL_CATALOG_H
#define SEAWALL_CATALOG_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sw_severity {
    SW_SEV_CRITICAL = 1, /* EVE alert.severity 1 */
    SW_SEV_HIGH = 2,
    SW_SEV_MEDIUM = 3,
    SW_SEV_LOW = 4,
} sw_severity;

/* "critical", "high", ...; "unknown" for other values. */
const char *sw_severity_name(sw_severity sev);
/* Parses the names above (case-insensitive); SW_ERR_INVALID otherwise. */
sw_status sw_severity_parse(const char *text, sw_severity *out);

#define SW_CATALOG_MAX_ATTACK 4

typedef struct sw_catalog_entry {
    const char *id;         /* "ST-TUN-001" */
    uint32_t gid, sid, rev; /* as in Suricata's alert object */
    const char *signature;  /* EVE alert.signature, e.g. "SEAWALL ST-TUN-001 GRE ..." */
    const char *category;   /* EVE alert.category */
    sw_severity severity;   /* default severity, may be raised per alert */
    const char *attack[SW_CATALOG_MAX_ATTACK]; /* ATT&CK technique ids, NULL-terminated */
    const char *description;                   /* one paragraph for analysts */
} sw_catalog_entry;

typedef struct sw_catalog sw_catalog;

/* Reads signatures/catalog.yaml (or text). Every entry needs id, sid, rev, signature, category,
 * severity and attack; ids must look like ST-<FAMILY>-<NNN>; duplicate ids or sids and unknown
 * keys are errors naming file, line and key. Caller owns *out; free with sw_catalog_free. */
sw_status sw_catalog_load_file(const char *path, sw_catalog **out, sw_error *err);
sw_status sw_catalog_load_string(const char *text, size_t len, const char *name, sw_catalog **out,
                                 sw_error *err);
void sw_catalog_free(sw_catalog *cat); /* NULL is a no-op */

size_t sw_catalog_count(const sw_catalog *cat);
/* Borrowed; valid until sw_catalog_free. NULL when absent / out of range. */
const sw_catalog_entry *sw_catalog_at(const sw_catalog *cat, size_t i);
const sw_catalog_entry *sw_catalog_find(const sw_catalog *cat, const char *id);
const sw_catalog_entry *sw_catalog_find_sid(const sw_catalog *cat, uint32_t sid);

#ifdef __cplusplus
}
#endif
#endif
