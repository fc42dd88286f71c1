/* Opening, checking and reading one MaxMind DB with libmaxminddb. The file is mmap'ed; every
 * string read from it is copied before the handle can be closed (doc/libmaxminddb.md, "pointer
 * values" die at MMDB_close). */
#include "geo-db.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "geo-zone.h"

typedef struct kind_match {
    const char *needle; /* substring of metadata database_type */
    geo_db_kind kind;
} kind_match;

static const kind_match kind_matches[] = {
    {SW_GEO_ZONE_DB_TYPE, GEO_DB_ZONE},
    {"-City", GEO_DB_CITY},
    {"-Enterprise", GEO_DB_CITY},
    {"-Country", GEO_DB_COUNTRY},
    {"-ASN", GEO_DB_ASN},
    {"-ISP", GEO_DB_ISP},
    {"-Connection-Type", GEO_DB_CONNECTION_TYPE},
};

const char *geo_db_kind_name(geo_db_kind kind)
{
    static const char *const names[] = {"city", "country", "asn", "isp", "connection-type", "zone"};
    return (unsigned)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

static int kind_from_type(const char *type, geo_db_kind *kind)
{
    for (size_t i = 0; type && i < sizeof(kind_matches) / sizeof(kind_matches[0]); i++) {
        if (strstr(type, kind_matches[i].needle)) {
            *kind = kind_matches[i].kind;
            return 1;
        }
    }
    return 0;
}

static sw_status fail(geo_db *db, sw_error *err, sw_status st, const char *fmt, const char *a)
{
    sw_error_set(err, st, db->path, 0, NULL, fmt, a);
    if (db->is_open)
        MMDB_close(&db->mmdb);
    db->is_open = 0;
    return st;
}

/* Reads every node (an INVALID record means the tree points outside the file) and decodes the
 * first GEO_DB_VERIFY_ENTRIES data records in full (bad types, sizes, nesting, UTF-8). */
static const char *verify(const MMDB_s *mmdb)
{
    static const char *const tree_msg = "the search tree is corrupt (a record points outside "
                                        "the file)";
    unsigned decoded = 0;
    for (uint32_t node = 0; node < mmdb->metadata.node_count; node++) {
        MMDB_search_node_s sn;
        if (MMDB_read_node((MMDB_s *)mmdb, node, &sn) != MMDB_SUCCESS)
            return tree_msg;
        uint8_t types[2] = {sn.left_record_type, sn.right_record_type};
        MMDB_entry_s *entries[2] = {&sn.left_record_entry, &sn.right_record_entry};
        for (int side = 0; side < 2; side++) {
            if (types[side] == MMDB_RECORD_TYPE_INVALID)
                return tree_msg;
            if (types[side] != MMDB_RECORD_TYPE_DATA || decoded >= GEO_DB_VERIFY_ENTRIES)
                continue;
            MMDB_entry_data_list_s *list = NULL;
            int st = MMDB_get_entry_data_list(entries[side], &list);
            MMDB_free_entry_data_list(list);
            decoded++;
            if (st != MMDB_SUCCESS)
                return MMDB_strerror(st);
        }
    }
    return NULL;
}

sw_status geo_db_open(geo_db *db, const char *path, int require_zone, sw_error *err)
{
    memset(db, 0, sizeof(*db));
    snprintf(db->path, sizeof(db->path), "%s", path);
    int st = MMDB_open(path, MMDB_MODE_MMAP, &db->mmdb);
    if (st == MMDB_FILE_OPEN_ERROR || st == MMDB_IO_ERROR)
        return fail(db, err, SW_ERR_IO, "cannot open: %s",
                    errno ? strerror(errno) : MMDB_strerror(st));
    if (st != MMDB_SUCCESS)
        return fail(db, err, SW_ERR_PARSE, "not a valid MaxMind DB: %s", MMDB_strerror(st));
    db->is_open = 1;
    const char *type = db->mmdb.metadata.database_type;
    if (db->mmdb.metadata.binary_format_major_version != 2)
        return fail(db, err, SW_ERR_UNSUPPORTED, "%s", "binary format is not version 2");
    if (!kind_from_type(type, &db->kind))
        return fail(db, err, SW_ERR_UNSUPPORTED,
                    "wrong database type '%s' (expected a GeoIP2/GeoLite2 City, Country, ASN, "
                    "ISP or Connection-Type database, or " SW_GEO_ZONE_DB_TYPE ")",
                    type ? type : "");
    if (require_zone && db->kind != GEO_DB_ZONE)
        return fail(db, err, SW_ERR_UNSUPPORTED,
                    "wrong database type '%s' for zone-db (expected " SW_GEO_ZONE_DB_TYPE
                    ", built by seawall-mmdb)",
                    type);
    const char *problem = verify(&db->mmdb);
    if (problem)
        return fail(db, err, SW_ERR_PARSE, "corrupt database: %s", problem);
    return SW_OK;
}

void geo_db_close(geo_db *db)
{
    if (db && db->is_open)
        MMDB_close(&db->mmdb);
    if (db)
        db->is_open = 0;
}

/* Copies at most size-1 bytes without splitting a UTF-8 sequence. */
static void copy_utf8(char *dst, size_t size, const char *src, size_t len)
{
    if (len >= size) {
        len = size - 1;
        while (len > 0 && ((uint8_t)src[len] & 0xc0) == 0x80)
            len--;
    }
    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* -1 on a decoding error, 0 when the path is absent or of another type, 1 when read. */
static int get_string(MMDB_entry_s *entry, char *dst, size_t size, const char *const *path)
{
    MMDB_entry_data_s ed;
    int st = MMDB_aget_value(entry, &ed, path);
    if (st == MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR || st == MMDB_INVALID_LOOKUP_PATH_ERROR)
        return 0;
    if (st != MMDB_SUCCESS)
        return -1;
    if (!ed.has_data || ed.type != MMDB_DATA_TYPE_UTF8_STRING)
        return 0;
    copy_utf8(dst, size, ed.utf8_string, ed.data_size);
    return 1;
}

static int get_number(MMDB_entry_s *entry, double *out, const char *const *path)
{
    MMDB_entry_data_s ed;
    int st = MMDB_aget_value(entry, &ed, path);
    if (st == MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR || st == MMDB_INVALID_LOOKUP_PATH_ERROR)
        return 0;
    if (st != MMDB_SUCCESS)
        return -1;
    if (ed.has_data && ed.type == MMDB_DATA_TYPE_DOUBLE)
        *out = ed.double_value;
    else if (ed.has_data && ed.type == MMDB_DATA_TYPE_UINT32)
        *out = ed.uint32;
    else if (ed.has_data && ed.type == MMDB_DATA_TYPE_UINT16)
        *out = ed.uint16;
    else
        return 0;
    return 1;
}

#define PATH(...) ((const char *const[]){__VA_ARGS__, NULL})

static int read_location(MMDB_entry_s *e, geo_info *info)
{
    char iso[4] = "";
    int bad = 0;
    bad |= get_string(e, iso, sizeof(iso), PATH("country", "iso_code")) < 0;
    if (!iso[0]) /* no physical country (anycast, satellite): fall back to the registrant's */
        bad |= get_string(e, iso, sizeof(iso), PATH("registered_country", "iso_code")) < 0;
    if (iso[0] && !info->country_iso[0]) {
        memcpy(info->country_iso, iso, sizeof(iso));
        const char *const *names = PATH("country", "names", "en");
        if (get_string(e, info->country, sizeof(info->country), names) == 0)
            bad |= get_string(e, info->country, sizeof(info->country),
                              PATH("registered_country", "names", "en")) < 0;
    }
    bad |= get_string(e, info->subdivision, sizeof(info->subdivision),
                      PATH("subdivisions", "0", "names", "en")) < 0;
    bad |= get_string(e, info->city, sizeof(info->city), PATH("city", "names", "en")) < 0;
    double lat = 0, lon = 0;
    int has_lat = get_number(e, &lat, PATH("location", "latitude"));
    int has_lon = get_number(e, &lon, PATH("location", "longitude"));
    bad |= has_lat < 0 || has_lon < 0;
    if (has_lat > 0 && has_lon > 0 && !info->has_location) {
        info->latitude = lat;
        info->longitude = lon;
        info->has_location = 1;
    }
    return bad ? -1 : 1;
}

static int read_as(MMDB_entry_s *e, geo_info *info, int with_isp)
{
    double asn = 0;
    int bad = get_number(e, &asn, PATH("autonomous_system_number")) < 0;
    if (asn > 0 && asn <= UINT32_MAX && !info->asn) {
        info->asn = (uint32_t)asn;
        bad |= get_string(e, info->as_org, sizeof(info->as_org),
                          PATH("autonomous_system_organization")) < 0;
    }
    if (with_isp)
        bad |= get_string(e, info->isp, sizeof(info->isp), PATH("isp")) < 0;
    return bad ? -1 : 1;
}

static int read_zone(MMDB_entry_s *e, geo_info *info)
{
    int bad = get_string(e, info->zone, sizeof(info->zone), PATH("zone")) < 0;
    bad |= get_string(e, info->site, sizeof(info->site), PATH("site")) < 0;
    bad |= get_string(e, info->role, sizeof(info->role), PATH("role")) < 0;
    bad |= get_string(e, info->owner, sizeof(info->owner), PATH("owner")) < 0;
    int role_set = sw_geo_netset_from_name(info->role);
    info->sets = role_set >= 0 ? 1u << role_set : 0;
    for (unsigned i = 0; i < SW_NET_COUNT; i++) {
        char index[4], name[32];
        snprintf(index, sizeof(index), "%u", i);
        int got = get_string(e, name, sizeof(name), PATH("sets", index));
        bad |= got < 0;
        if (got <= 0)
            break;
        int id = sw_geo_netset_from_name(name);
        if (id >= 0)
            info->sets |= 1u << id;
    }
    return bad ? -1 : 1;
}

int geo_db_lookup(const geo_db *db, const sw_ip *ip, geo_info *info)
{
    struct sockaddr_in v4 = {0};
    struct sockaddr_in6 v6 = {0};
    const struct sockaddr *sa = (const struct sockaddr *)&v6;
    if (ip->family == 4) {
        v4.sin_family = AF_INET;
        memcpy(&v4.sin_addr, ip->bytes, 4);
        sa = (const struct sockaddr *)&v4;
    } else {
        v6.sin6_family = AF_INET6;
        memcpy(&v6.sin6_addr, ip->bytes, 16);
    }
    int mmdb_error = MMDB_SUCCESS;
    MMDB_lookup_result_s res = MMDB_lookup_sockaddr((MMDB_s *)&db->mmdb, sa, &mmdb_error);
    if (mmdb_error == MMDB_IPV6_LOOKUP_IN_IPV4_DATABASE_ERROR)
        return 0; /* an IPv4-only database cannot know an IPv6 address */
    if (mmdb_error != MMDB_SUCCESS)
        return -1;
    if (!res.found_entry)
        return 0;
    switch (db->kind) {
    case GEO_DB_CITY:
    case GEO_DB_COUNTRY:
        return read_location(&res.entry, info);
    case GEO_DB_ASN:
        return read_as(&res.entry, info, 0);
    case GEO_DB_ISP:
        return read_as(&res.entry, info, 1);
    case GEO_DB_CONNECTION_TYPE:
        return get_string(&res.entry, info->connection_type, sizeof(info->connection_type),
                          PATH("connection_type")) < 0
                   ? -1
                   : 1;
    case GEO_DB_ZONE:
        return read_zone(&res.entry, info);
    }
    return 0;
}
