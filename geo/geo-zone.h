/* Internal: the operator zone map (CSV rows, the longest-prefix trie built from them, and the
 * MMDB writer). Not installed; the public entry points are in geo.h. */
#ifndef SEAWALL_GEO_ZONE_H
#define SEAWALL_GEO_ZONE_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"

/* Caps, so a hostile or mistaken CSV cannot exhaust memory (docs/style.md 3.6). */
#define GEO_ZONE_FIELD_MAX 128         /* bytes per text field, including the NUL */
#define GEO_ZONE_LINE_MAX  4096        /* bytes per CSV line */
#define GEO_ZONE_ROWS_MAX  262144      /* prefixes per CSV */
#define GEO_ZONE_FILE_MAX  (64u << 20) /* bytes per CSV file */
#define GEO_TRIE_NODES_MAX (16u << 20) /* search-tree nodes */

typedef struct geo_zone_row {
    uint8_t addr[16]; /* the prefix as IPv6; IPv4 a.b.c.d is stored as ::a.b.c.d */
    unsigned len;     /* prefix length in that 128-bit space (IPv4 /n is 96 + n) */
    unsigned line;    /* CSV line, for messages */
    char zone[GEO_ZONE_FIELD_MAX];
    char site[GEO_ZONE_FIELD_MAX];
    char role[GEO_ZONE_FIELD_MAX];
    char owner[GEO_ZONE_FIELD_MAX];
    uint32_t sets; /* bit per sw_netset_id: the role if it names a set, plus the sets column */
} geo_zone_row;

typedef struct geo_zone_list {
    geo_zone_row *rows;
    size_t n, cap;
} geo_zone_list;

/* Parses a zone CSV held in memory. `name` is used in messages. On error the list holds the rows
 * before the bad line (free it either way with geo_zone_list_free). */
sw_status geo_zone_csv_parse(const uint8_t *data, size_t len, const char *name, geo_zone_list *out,
                             sw_error *err);
/* Reads and parses a file (at most GEO_ZONE_FILE_MAX bytes). */
sw_status geo_zone_csv_load(const char *path, geo_zone_list *out, sw_error *err);
void geo_zone_list_free(geo_zone_list *list);

/* A binary search trie over 128 bits; records are empty, a node, or a row index. */
enum { GEO_REC_EMPTY = 0, GEO_REC_NODE, GEO_REC_DATA };
typedef struct geo_trie_node {
    uint8_t kind[2];
    uint32_t idx[2];
} geo_trie_node;

typedef struct geo_trie {
    geo_trie_node *nodes; /* nodes[0] is the root */
    size_t n, cap;
} geo_trie;

/* Inserts every row, least specific first, so the most specific prefix wins wherever prefixes
 * nest; a duplicate prefix is an error naming both lines. IPv4 rows are also reachable through
 * ::ffff:0:0/96 (IPv4-mapped), as MaxMind's own databases alias it. */
sw_status geo_trie_build(const geo_zone_list *list, const char *name, geo_trie *trie,
                         sw_error *err);
void geo_trie_free(geo_trie *trie);

/* Calls fn for each maximal network of the resolved map that carries a row (the alias subtree
 * is skipped). addr/len are in the 128-bit space. Depth-first, lowest address first. */
typedef void (*geo_trie_walk_fn)(void *user, const uint8_t addr[16], unsigned len, uint32_t row);
void geo_trie_walk(const geo_trie *trie, geo_trie_walk_fn fn, void *user);

/* Writes the trie and rows as a MaxMind DB v2.0 file (database_type SW_GEO_ZONE_DB_TYPE),
 * through a temporary file renamed into place so a reader never sees half a database. */
sw_status geo_mmdb_write(const geo_trie *trie, const geo_zone_list *list, const char *path,
                         uint64_t build_epoch, sw_error *err);

/* "infra", "noc", ... for a set number (same order as sw_netset_id); "" when out of range. */
const char *geo_netset_name(int set);

/* "10.0.0.0/8" or "2001:db8::/32" for a prefix in the 128-bit space (::a.b.c.d/96+n is IPv4). */
void geo_prefix_format(const uint8_t addr[16], unsigned len, char *buf, size_t buflen);

#endif
