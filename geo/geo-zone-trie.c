/* Longest-prefix trie for the zone map: the in-memory form of an MMDB search tree (MaxMind DB
 * spec v2.0, "Binary Search Tree Section"), built least specific first so nested prefixes
 * resolve to the most specific one. */
#include "geo-zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int addr_bit(const uint8_t addr[16], unsigned bit)
{
    return (addr[bit / 8] >> (7 - bit % 8)) & 1;
}

static sw_status node_new(geo_trie *t, uint8_t kind, uint32_t idx, uint32_t *out)
{
    if (t->n == t->cap) {
        if (t->cap >= GEO_TRIE_NODES_MAX)
            return SW_ERR_LIMIT;
        size_t cap = t->cap ? t->cap * 2 : 1024;
        geo_trie_node *nodes = realloc(t->nodes, cap * sizeof(*nodes));
        if (!nodes)
            return SW_ERR_NOMEM;
        t->nodes = nodes;
        t->cap = cap;
    }
    geo_trie_node *n = &t->nodes[t->n];
    n->kind[0] = n->kind[1] = kind;
    n->idx[0] = n->idx[1] = idx;
    *out = (uint32_t)t->n++;
    return SW_OK;
}

/* Sets the record reached by the first `len` bits of addr, splitting leaves on the way (a new
 * node inherits the leaf on both sides, so the rest of a less specific prefix keeps its data). */
static sw_status trie_set(geo_trie *t, const uint8_t addr[16], unsigned len, uint8_t kind,
                          uint32_t idx)
{
    if (len == 0) {
        t->nodes[0].kind[0] = t->nodes[0].kind[1] = kind;
        t->nodes[0].idx[0] = t->nodes[0].idx[1] = idx;
        return SW_OK;
    }
    uint32_t node = 0;
    for (unsigned depth = 0; depth + 1 < len; depth++) {
        int b = addr_bit(addr, depth);
        if (t->nodes[node].kind[b] != GEO_REC_NODE) {
            uint32_t child;
            sw_status st = node_new(t, t->nodes[node].kind[b], t->nodes[node].idx[b], &child);
            if (st != SW_OK)
                return st;
            t->nodes[node].kind[b] = GEO_REC_NODE;
            t->nodes[node].idx[b] = child;
        }
        node = t->nodes[node].idx[b];
    }
    int b = addr_bit(addr, len - 1);
    t->nodes[node].kind[b] = kind;
    t->nodes[node].idx[b] = idx;
    return SW_OK;
}

/* The record at ::/96 (where IPv4 lives), or the leaf that covers it. */
static void trie_get_v4_root(const geo_trie *t, uint8_t *kind, uint32_t *idx)
{
    uint32_t node = 0;
    for (unsigned depth = 0; depth < 96; depth++) {
        *kind = t->nodes[node].kind[0];
        *idx = t->nodes[node].idx[0];
        if (*kind != GEO_REC_NODE)
            return;
        node = *idx;
    }
}

static const uint8_t mapped_prefix[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

typedef struct sort_key {
    unsigned len;
    uint32_t row;
    const uint8_t *addr;
} sort_key;

static int sort_key_cmp(const void *a, const void *b)
{
    const sort_key *x = a, *y = b;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    int c = memcmp(x->addr, y->addr, 16);
    if (c)
        return c;
    return x->row < y->row ? -1 : x->row > y->row;
}

static sw_status insert_sorted(const geo_zone_list *list, const char *name, geo_trie *t,
                               const sort_key *keys, sw_error *err)
{
    for (size_t i = 0; i < list->n; i++) {
        const geo_zone_row *row = &list->rows[keys[i].row];
        if (i > 0 && keys[i - 1].len == keys[i].len &&
            memcmp(keys[i - 1].addr, keys[i].addr, 16) == 0)
            return sw_error_set(err, SW_ERR_DUPLICATE, name, row->line, "prefix",
                                "same prefix as line %u", list->rows[keys[i - 1].row].line);
        sw_status st = trie_set(t, row->addr, row->len, GEO_REC_DATA, keys[i].row);
        if (st != SW_OK)
            return sw_error_set(err, st, name, row->line, "prefix", "%s (search tree cap %u)",
                                sw_strerror(st), (unsigned)GEO_TRIE_NODES_MAX);
    }
    return SW_OK;
}

sw_status geo_trie_build(const geo_zone_list *list, const char *name, geo_trie *t, sw_error *err)
{
    uint32_t root;
    memset(t, 0, sizeof(*t));
    sort_key *keys = calloc(list->n ? list->n : 1, sizeof(*keys));
    if (!keys || node_new(t, GEO_REC_EMPTY, 0, &root) != SW_OK) {
        free(keys);
        return sw_error_set(err, SW_ERR_NOMEM, name, 0, NULL, "out of memory");
    }
    int has_v4 = 0;
    for (size_t i = 0; i < list->n; i++) {
        keys[i] = (sort_key){list->rows[i].len, (uint32_t)i, list->rows[i].addr};
        static const uint8_t zero[12];
        has_v4 |= list->rows[i].len >= 96 && memcmp(list->rows[i].addr, zero, 12) == 0;
    }
    qsort(keys, list->n, sizeof(*keys), sort_key_cmp);
    sw_status st = insert_sorted(list, name, t, keys, err);
    free(keys);
    if (st == SW_OK && has_v4) {
        uint8_t kind = GEO_REC_EMPTY;
        uint32_t idx = 0;
        trie_get_v4_root(t, &kind, &idx);
        st = trie_set(t, mapped_prefix, 96, kind, idx);
        if (st != SW_OK)
            sw_error_set(err, st, name, 0, NULL, "%s", sw_strerror(st));
    }
    if (st != SW_OK)
        geo_trie_free(t); /* a failed build leaves nothing allocated */
    return st;
}

void geo_trie_free(geo_trie *t)
{
    if (!t)
        return;
    free(t->nodes);
    memset(t, 0, sizeof(*t));
}

static void set_bit(uint8_t addr[16], unsigned bit, int value)
{
    if (value)
        addr[bit / 8] |= (uint8_t)(0x80u >> (bit % 8));
    else
        addr[bit / 8] &= (uint8_t) ~(0x80u >> (bit % 8));
}

static void walk_node(const geo_trie *t, uint32_t node, unsigned depth, uint8_t addr[16],
                      geo_trie_walk_fn fn, void *user)
{
    const geo_trie_node *n = &t->nodes[node];
    if (n->kind[0] == GEO_REC_DATA && n->kind[1] == GEO_REC_DATA && n->idx[0] == n->idx[1]) {
        fn(user, addr, depth, n->idx[0]);
        return;
    }
    for (int b = 0; b < 2 && depth < 128; b++) {
        set_bit(addr, depth, b);
        if (depth + 1 == 96 && memcmp(addr, mapped_prefix, 12) == 0)
            continue; /* the IPv4-mapped alias: already seen as ::/96 */
        if (n->kind[b] == GEO_REC_DATA)
            fn(user, addr, depth + 1, n->idx[b]);
        else if (n->kind[b] == GEO_REC_NODE)
            walk_node(t, n->idx[b], depth + 1, addr, fn, user);
    }
    set_bit(addr, depth, 0);
}

void geo_trie_walk(const geo_trie *t, geo_trie_walk_fn fn, void *user)
{
    uint8_t addr[16] = {0};
    if (t->n)
        walk_node(t, 0, 0, addr, fn, user);
}

void geo_prefix_format(const uint8_t addr[16], unsigned len, char *buf, size_t buflen)
{
    static const uint8_t zero[12];
    sw_ip ip;
    char text[64];
    if (len >= 96 && memcmp(addr, zero, 12) == 0) {
        sw_ip_from_v4(&ip, addr + 12);
        len -= 96;
    } else {
        sw_ip_from_v6(&ip, addr);
    }
    snprintf(buf, buflen, "%s/%u", sw_ip_format(&ip, text, sizeof(text)), len);
}
