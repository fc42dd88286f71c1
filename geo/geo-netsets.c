/* One source of truth: the zone map (CSV or its MMDB) also defines the detection network sets.
 * Both walks resolve nested prefixes the same way (most specific record wins), so the sensor
 * gets the same (prefix, set) pairs whichever form the operator points it at. */
#include <maxminddb.h>
#include <stdio.h>
#include <string.h>

#include "geo-zone.h"
#include "geo.h"

/* The names are the engine's (sw_netset_name): one table, so a new set cannot be missing here. */
const char *geo_netset_name(int set)
{
    const char *name = sw_netset_name((sw_netset_id)set);
    return name ? name : "";
}

int sw_geo_netset_from_name(const char *name)
{
    for (int i = 0; name && i < SW_NET_COUNT; i++)
        if (strcmp(name, sw_netset_name((sw_netset_id)i)) == 0)
            return i;
    return -1;
}

static void emit_sets(sw_geo_netset_fn fn, void *user, const uint8_t addr[16], unsigned len,
                      uint32_t sets)
{
    char cidr[64];
    if (!sets)
        return;
    geo_prefix_format(addr, len, cidr, sizeof(cidr));
    for (int s = 0; s < SW_NET_COUNT; s++)
        if ((sets >> s) & 1)
            fn(user, cidr, (sw_netset_id)s);
}

typedef struct csv_walk {
    const geo_zone_list *list;
    sw_geo_netset_fn fn;
    void *user;
} csv_walk;

static void csv_walk_cb(void *user, const uint8_t addr[16], unsigned len, uint32_t row)
{
    const csv_walk *w = user;
    emit_sets(w->fn, w->user, addr, len, w->list->rows[row].sets);
}

sw_status sw_geo_zone_netsets_csv(const char *csv_path, sw_geo_netset_fn fn, void *user,
                                  sw_error *err)
{
    geo_zone_list list = {0};
    geo_trie trie = {0};
    sw_status st = geo_zone_csv_load(csv_path, &list, err);
    if (st == SW_OK)
        st = geo_trie_build(&list, csv_path, &trie, err);
    if (st == SW_OK) {
        csv_walk w = {&list, fn, user};
        geo_trie_walk(&trie, csv_walk_cb, &w);
    }
    geo_trie_free(&trie);
    geo_zone_list_free(&list);
    return st;
}

/* The sets of one zone record: its role when that names a set, plus each name in "sets". */
static uint32_t entry_sets(MMDB_entry_s *entry)
{
    MMDB_entry_data_s ed;
    char text[GEO_ZONE_FIELD_MAX];
    uint32_t sets = 0;
    for (unsigned i = 0; i <= SW_NET_COUNT; i++) {
        char index[8];
        snprintf(index, sizeof(index), "%u", i);
        int st = i == SW_NET_COUNT ? MMDB_get_value(entry, &ed, "role", NULL)
                                   : MMDB_get_value(entry, &ed, "sets", index, NULL);
        if (st != MMDB_SUCCESS || !ed.has_data || ed.type != MMDB_DATA_TYPE_UTF8_STRING ||
            ed.data_size >= sizeof(text))
            continue;
        snprintf(text, sizeof(text), "%.*s", (int)ed.data_size, ed.utf8_string);
        int id = sw_geo_netset_from_name(text);
        if (id >= 0)
            sets |= 1u << id;
    }
    return sets;
}

typedef struct mmdb_walk {
    MMDB_s *db;
    const char *path;
    unsigned bits; /* 32 or 128 */
    sw_geo_netset_fn fn;
    void *user;
    sw_error *err;
    uint64_t visits, max_visits; /* a corrupt tree can point back up: bound the work */
} mmdb_walk;

static sw_status walk_record(mmdb_walk *w, uint8_t addr[16], unsigned depth, uint8_t type,
                             uint64_t record, MMDB_entry_s *entry);

static sw_status walk_mmdb_node(mmdb_walk *w, uint32_t node, uint8_t addr[16], unsigned depth)
{
    MMDB_search_node_s sn;
    if (++w->visits > w->max_visits)
        return sw_error_set(w->err, SW_ERR_PARSE, w->path, 0, NULL,
                            "the search tree is corrupt (nodes reached more than twice)");
    int st = MMDB_read_node(w->db, node, &sn);
    if (st != MMDB_SUCCESS)
        return sw_error_set(w->err, SW_ERR_PARSE, w->path, 0, NULL, "%s", MMDB_strerror(st));
    if (sn.left_record_type == MMDB_RECORD_TYPE_DATA && sn.left_record == sn.right_record) {
        unsigned len = w->bits == 32 ? depth + 96 : depth;
        emit_sets(w->fn, w->user, addr, len, entry_sets(&sn.left_record_entry));
        return SW_OK;
    }
    sw_status rc =
        walk_record(w, addr, depth, sn.left_record_type, sn.left_record, &sn.left_record_entry);
    if (rc == SW_OK && depth < w->bits) {
        addr[(depth + (w->bits == 32 ? 96 : 0)) / 8] |=
            (uint8_t)(0x80u >> ((depth + (w->bits == 32 ? 96 : 0)) % 8));
        rc = walk_record(w, addr, depth, sn.right_record_type, sn.right_record,
                         &sn.right_record_entry);
        addr[(depth + (w->bits == 32 ? 96 : 0)) / 8] &=
            (uint8_t) ~(0x80u >> ((depth + (w->bits == 32 ? 96 : 0)) % 8));
    }
    return rc;
}

static sw_status walk_record(mmdb_walk *w, uint8_t addr[16], unsigned depth, uint8_t type,
                             uint64_t record, MMDB_entry_s *entry)
{
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    unsigned len = w->bits == 32 ? depth + 1 + 96 : depth + 1;
    if (w->bits == 128 && depth + 1 == 96 && memcmp(addr, mapped, 12) == 0)
        return SW_OK; /* IPv4-mapped alias of ::/96 */
    switch (type) {
    case MMDB_RECORD_TYPE_SEARCH_NODE:
        if (depth + 1 >= w->bits)
            break;
        return walk_mmdb_node(w, (uint32_t)record, addr, depth + 1);
    case MMDB_RECORD_TYPE_DATA:
        emit_sets(w->fn, w->user, addr, len, entry_sets(entry));
        return SW_OK;
    case MMDB_RECORD_TYPE_EMPTY:
        return SW_OK;
    }
    return sw_error_set(w->err, SW_ERR_PARSE, w->path, 0, NULL,
                        "the search tree is corrupt (record %llu at depth %u)",
                        (unsigned long long)record, depth + 1);
}

sw_status sw_geo_zone_netsets_mmdb(const char *mmdb_path, sw_geo_netset_fn fn, void *user,
                                   sw_error *err)
{
    MMDB_s db;
    int st = MMDB_open(mmdb_path, MMDB_MODE_MMAP, &db);
    if (st != MMDB_SUCCESS)
        return sw_error_set(err, st == MMDB_IO_ERROR ? SW_ERR_IO : SW_ERR_PARSE, mmdb_path, 0, NULL,
                            "%s", MMDB_strerror(st));
    sw_status rc = SW_OK;
    if (!db.metadata.database_type || strcmp(db.metadata.database_type, SW_GEO_ZONE_DB_TYPE)) {
        rc = sw_error_set(err, SW_ERR_UNSUPPORTED, mmdb_path, 0, NULL,
                          "database type '%s' is not a zone database (%s)",
                          db.metadata.database_type ? db.metadata.database_type : "",
                          SW_GEO_ZONE_DB_TYPE);
    } else {
        mmdb_walk w = {&db, mmdb_path, db.metadata.ip_version == 4 ? 32 : 128,   fn, user,
                       err, 0,         2 * (uint64_t)db.metadata.node_count + 16};
        uint8_t addr[16] = {0};
        rc = walk_mmdb_node(&w, 0, addr, 0);
    }
    MMDB_close(&db);
    return rc;
}
