/* Internal: one opened MMDB (type-checked and verified at open) and the fields read from it. */
#ifndef SEAWALL_GEO_DB_H
#define SEAWALL_GEO_DB_H

#include <maxminddb.h>

#include "geo.h"

typedef enum geo_db_kind {
    GEO_DB_CITY = 0, /* GeoIP2/GeoLite2 City and Enterprise */
    GEO_DB_COUNTRY,
    GEO_DB_ASN,
    GEO_DB_ISP, /* ASN fields plus isp */
    GEO_DB_CONNECTION_TYPE,
    GEO_DB_ZONE, /* SW_GEO_ZONE_DB_TYPE */
} geo_db_kind;

/* Data records decoded in full at open; corruption further in is caught (and counted) at
 * lookup time. */
#define GEO_DB_VERIFY_ENTRIES 4096

typedef struct geo_db {
    MMDB_s mmdb;
    geo_db_kind kind;
    int is_open;
    char path[SW_GEO_PATH_MAX];
} geo_db;

/* Everything the enrichment may add for one address; strings are copies (never borrowed from
 * the mapped file, which a reload unmaps). Empty string = absent. */
typedef struct geo_info {
    uint8_t ip_class;
    uint8_t has_location;
    char country_iso[4];
    char country[64];
    char subdivision[96];
    char city[96];
    double latitude, longitude;
    uint32_t asn; /* 0 = absent */
    char as_org[128];
    char isp[128];
    char connection_type[32];
    char zone[128], site[128], role[128], owner[128];
    uint32_t sets; /* bit per sw_netset_id */
} geo_info;

/* Opens and verifies path. `require_zone`: anything but a zone database is a wrong-type error.
 * Errors name the file and say what is wrong; nothing is left open on failure. */
sw_status geo_db_open(geo_db *db, const char *path, int require_zone, sw_error *err);
void geo_db_close(geo_db *db); /* closed or zeroed db: no-op */
const char *geo_db_kind_name(geo_db_kind kind);

/* Adds what db knows about ip (already unmapped) to info. Returns 1 when found, 0 when not,
 * -1 on a lookup or decoding error (info may then be partly filled). */
int geo_db_lookup(const geo_db *db, const sw_ip *ip, geo_info *info);

#endif
