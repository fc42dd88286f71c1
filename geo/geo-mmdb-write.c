/* MaxMind DB v2.0 writer for the zone map. Follows the spec's sections "Binary Search Tree
 * Section" (24/28/32-bit records, node numbering, empty = node_count, data pointers =
 * node_count + 16 + offset), "Data Section Separator" (16 zero bytes), "Output Data Section"
 * (control byte, extended types, size encoding; types map, utf8_string, array, uint16, uint32,
 * uint64) and "Database Metadata" (\xAB\xCD\xEFMaxMind.com then the metadata map). Pointers,
 * doubles, floats, int32, uint128 and booleans are never written. */
#include "geo-zone.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "geo.h"

typedef struct wbuf {
    uint8_t *data;
    size_t len, cap;
    int failed;
} wbuf;

static void put(wbuf *b, const void *src, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n)
            cap *= 2;
        uint8_t *data = realloc(b->data, cap);
        if (!data) {
            b->failed = 1;
            return;
        }
        b->data = data;
        b->cap = cap;
    }
    memcpy(b->data + b->len, src, n);
    b->len += n;
}

static void put_u8(wbuf *b, unsigned v)
{
    uint8_t byte = (uint8_t)v;
    put(b, &byte, 1);
}

/* Control byte, then the extended type byte (type - 7), then the size bytes. */
enum { T_STRING = 2, T_UINT16 = 5, T_UINT32 = 6, T_MAP = 7, T_UINT64 = 9, T_ARRAY = 11 };

static void put_ctrl(wbuf *b, unsigned type, size_t size)
{
    unsigned size_bits = size < 29 ? (unsigned)size : size < 285 ? 29 : size < 65821 ? 30 : 31;
    put_u8(b, ((type <= 7 ? type : 0) << 5) | size_bits);
    if (type > 7)
        put_u8(b, type - 7);
    if (size_bits == 29) {
        put_u8(b, size - 29);
    } else if (size_bits == 30) {
        put_u8(b, (size - 285) >> 8);
        put_u8(b, (size - 285) & 0xff);
    } else if (size_bits == 31) {
        size_t v = size - 65821;
        put_u8(b, (v >> 16) & 0xff);
        put_u8(b, (v >> 8) & 0xff);
        put_u8(b, v & 0xff);
    }
}

static void put_string(wbuf *b, const char *s)
{
    size_t n = strlen(s);
    put_ctrl(b, T_STRING, n);
    put(b, s, n);
}

/* Unsigned integers are big-endian with leading zero bytes dropped (size 0 means 0). */
static void put_uint(wbuf *b, unsigned type, uint64_t v)
{
    size_t n = 0;
    for (uint64_t x = v; x; x >>= 8)
        n++;
    put_ctrl(b, type, n);
    for (size_t i = n; i > 0; i--)
        put_u8(b, (v >> (8 * (i - 1))) & 0xff);
}

static void put_row(wbuf *b, const geo_zone_row *row)
{
    const char *keys[4] = {"zone", "site", "role", "owner"};
    const char *vals[4] = {row->zone, row->site, row->role, row->owner};
    size_t n = 0, n_sets = 0;
    for (int i = 0; i < 4; i++)
        n += vals[i][0] != '\0';
    for (int s = 0; s < SW_NET_COUNT; s++)
        n_sets += (row->sets >> s) & 1;
    put_ctrl(b, T_MAP, n + (n_sets > 0));
    for (int i = 0; i < 4; i++) {
        if (vals[i][0]) {
            put_string(b, keys[i]);
            put_string(b, vals[i]);
        }
    }
    if (n_sets) {
        put_string(b, "sets");
        put_ctrl(b, T_ARRAY, n_sets);
        for (int s = 0; s < SW_NET_COUNT; s++)
            if ((row->sets >> s) & 1)
                put_string(b, geo_netset_name(s));
    }
}

/* Encodes each distinct record once; offsets[row] is its place in the data section. */
static int encode_rows(const geo_zone_list *list, wbuf *data, uint32_t *offsets)
{
    size_t slots = 16;
    while (slots < 2 * list->n)
        slots *= 2;
    uint32_t *table = calloc(slots, sizeof(*table)); /* row + 1, 0 = free */
    if (!table)
        return -1;
    wbuf tmp = {0};
    for (size_t r = 0; r < list->n && !data->failed && !tmp.failed; r++) {
        tmp.len = 0;
        put_row(&tmp, &list->rows[r]);
        uint32_t h = 2166136261u; /* FNV-1a, only to find identical encodings */
        for (size_t i = 0; i < tmp.len; i++)
            h = (h ^ tmp.data[i]) * 16777619u;
        size_t s = h & (slots - 1);
        for (; table[s]; s = (s + 1) & (slots - 1)) {
            uint32_t other = table[s] - 1, off = offsets[other];
            if (off + tmp.len <= data->len && memcmp(data->data + off, tmp.data, tmp.len) == 0)
                break;
        }
        if (table[s]) {
            offsets[r] = offsets[table[s] - 1];
            continue;
        }
        table[s] = (uint32_t)r + 1;
        offsets[r] = (uint32_t)data->len;
        put(data, tmp.data, tmp.len);
    }
    int failed = data->failed || tmp.failed;
    free(tmp.data);
    free(table);
    return failed ? -1 : 0;
}

/* Numbers the nodes reachable from the root depth-first (the IPv4-mapped alias shares the IPv4
 * subtree, so a node may be reached twice but is numbered once). Returns the node count. */
static uint32_t number_nodes(const geo_trie *t, uint32_t *num)
{
    for (size_t i = 0; i < t->n; i++)
        num[i] = UINT32_MAX;
    uint32_t *stack = malloc(t->n * sizeof(*stack)), count = 0;
    size_t top = 0;
    if (!stack)
        return 0;
    stack[top++] = 0;
    num[0] = count++;
    while (top) {
        const geo_trie_node *n = &t->nodes[stack[--top]];
        for (int b = 1; b >= 0; b--) {
            if (n->kind[b] == GEO_REC_NODE && num[n->idx[b]] == UINT32_MAX) {
                num[n->idx[b]] = count++;
                stack[top++] = n->idx[b];
            }
        }
    }
    free(stack);
    return count;
}

static uint64_t record_value(const geo_trie_node *n, int b, const uint32_t *num,
                             const uint32_t *offsets, uint32_t node_count)
{
    if (n->kind[b] == GEO_REC_NODE)
        return num[n->idx[b]];
    if (n->kind[b] == GEO_REC_DATA)
        return (uint64_t)node_count + 16 + offsets[n->idx[b]];
    return node_count;
}

/* 24-bit: two 3-byte values; 28-bit: 3 bytes, a shared byte (high nibble left, low nibble
 * right), 3 bytes; 32-bit: two 4-byte values; all big-endian (spec "Node Layout"). */
static void put_node(wbuf *b, unsigned record_size, uint64_t left, uint64_t right)
{
    if (record_size == 28) {
        put_u8(b, left >> 16);
        put_u8(b, left >> 8);
        put_u8(b, left);
        put_u8(b, ((left >> 24) & 0x0f) << 4 | ((right >> 24) & 0x0f));
        put_u8(b, right >> 16);
        put_u8(b, right >> 8);
        put_u8(b, right);
        return;
    }
    for (int side = 0; side < 2; side++) {
        uint64_t v = side ? right : left;
        for (int i = (int)record_size / 8 - 1; i >= 0; i--)
            put_u8(b, (v >> (8 * i)) & 0xff);
    }
}

static void put_tree(wbuf *out, const geo_trie *t, const uint32_t *num, const uint32_t *offsets,
                     uint32_t node_count, unsigned record_size)
{
    /* Nodes go out in number order; invert the numbering once. */
    uint32_t *order = malloc((size_t)node_count * sizeof(*order));
    if (!order) {
        out->failed = 1;
        return;
    }
    for (size_t i = 0; i < t->n; i++)
        if (num[i] != UINT32_MAX)
            order[num[i]] = (uint32_t)i;
    for (uint32_t k = 0; k < node_count; k++) {
        const geo_trie_node *n = &t->nodes[order[k]];
        put_node(out, record_size, record_value(n, 0, num, offsets, node_count),
                 record_value(n, 1, num, offsets, node_count));
    }
    free(order);
}

static void put_metadata(wbuf *b, uint32_t node_count, unsigned record_size, uint64_t epoch)
{
    put(b, "\xAB\xCD\xEFMaxMind.com", 14);
    put_ctrl(b, T_MAP, 9);
    put_string(b, "binary_format_major_version");
    put_uint(b, T_UINT16, 2);
    put_string(b, "binary_format_minor_version");
    put_uint(b, T_UINT16, 0);
    put_string(b, "build_epoch");
    put_uint(b, T_UINT64, epoch);
    put_string(b, "database_type");
    put_string(b, SW_GEO_ZONE_DB_TYPE);
    put_string(b, "description");
    put_ctrl(b, T_MAP, 1);
    put_string(b, "en");
    put_string(b, "Seawall operator network zones (seawall-mmdb)");
    put_string(b, "ip_version");
    put_uint(b, T_UINT16, 6);
    put_string(b, "languages");
    put_ctrl(b, T_ARRAY, 0);
    put_string(b, "node_count");
    put_uint(b, T_UINT32, node_count);
    put_string(b, "record_size");
    put_uint(b, T_UINT16, record_size);
}

static sw_status write_file(const char *path, const wbuf *b, sw_error *err)
{
    char tmp[SW_GEO_PATH_MAX + 16];
    if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
        return sw_error_set(err, SW_ERR_INVALID, path, 0, NULL, "path too long");
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return sw_error_set(err, SW_ERR_IO, tmp, 0, NULL, "cannot create: %s", strerror(errno));
    int ok = fwrite(b->data, 1, b->len, f) == b->len;
    ok &= fflush(f) == 0 && fsync(fileno(f)) == 0;
    ok &= fclose(f) == 0;
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return sw_error_set(err, SW_ERR_IO, path, 0, NULL, "cannot write: %s", strerror(e));
    }
    return SW_OK;
}

sw_status geo_mmdb_write(const geo_trie *t, const geo_zone_list *list, const char *path,
                         uint64_t build_epoch, sw_error *err)
{
    wbuf data = {0}, out = {0};
    uint32_t *offsets = calloc(list->n ? list->n : 1, sizeof(*offsets));
    uint32_t *num = calloc(t->n ? t->n : 1, sizeof(*num));
    uint32_t node_count = num ? number_nodes(t, num) : 0;
    sw_status st = SW_OK;
    if (!offsets || !node_count || encode_rows(list, &data, offsets) != 0) {
        st = sw_error_set(err, SW_ERR_NOMEM, path, 0, NULL, "out of memory");
    } else {
        uint64_t largest = (uint64_t)node_count + 16 + data.len;
        unsigned record_size = largest < (1u << 24) ? 24 : largest < (1u << 28) ? 28 : 32;
        if (largest >= (1ull << 32))
            st = sw_error_set(err, SW_ERR_LIMIT, path, 0, NULL, "database over 4 GiB");
        put_tree(&out, t, num, offsets, node_count, record_size);
        put(&out, (const uint8_t[16]){0}, 16);
        put(&out, data.data, data.len);
        put_metadata(&out, node_count, record_size, build_epoch);
        if (st == SW_OK && out.failed)
            st = sw_error_set(err, SW_ERR_NOMEM, path, 0, NULL, "out of memory");
        if (st == SW_OK)
            st = write_file(path, &out, err);
    }
    free(out.data);
    free(data.data);
    free(offsets);
    free(num);
    return st;
}

sw_status sw_geo_mmdb_build(const char *csv_path, const char *out_path, sw_error *err)
{
    geo_zone_list list = {0};
    geo_trie trie = {0};
    /* SOURCE_DATE_EPOCH (reproducible-builds.org) makes the output byte-identical per input. */
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    uint64_t epoch = sde ? strtoull(sde, NULL, 10) : (uint64_t)time(NULL);
    sw_status st = geo_zone_csv_load(csv_path, &list, err);
    if (st == SW_OK)
        st = geo_trie_build(&list, csv_path, &trie, err);
    if (st == SW_OK)
        st = geo_mmdb_write(&trie, &list, out_path, epoch, err);
    geo_trie_free(&trie);
    geo_zone_list_free(&list);
    return st;
}
