/* Bounded LRU: a hash of chained indexes into a preallocated entry array, plus a doubly linked
 * recency list. Eviction takes the list tail, so memory never grows past the capacity. */
#include "geo-cache.h"

#include <stdlib.h>
#include <string.h>

#define NIL UINT32_MAX

typedef struct cache_entry {
    sw_ip key;
    uint32_t prev, next; /* recency list, most recent at head */
    uint32_t chain;      /* next entry in the same bucket */
    geo_info info;
} cache_entry;

struct geo_cache {
    cache_entry *entries;
    uint32_t *buckets;
    uint32_t capacity, used, mask, seed;
    uint32_t head, tail;
};

static uint32_t hash_ip(const geo_cache *c, const sw_ip *ip)
{
    uint32_t h = 2166136261u ^ c->seed; /* FNV-1a */
    h = (h ^ ip->family) * 16777619u;
    for (int i = 0; i < 16; i++)
        h = (h ^ ip->bytes[i]) * 16777619u;
    return (h ^ (h >> 15)) & c->mask;
}

geo_cache *geo_cache_new(uint32_t capacity, uint32_t seed)
{
    if (capacity == 0 || capacity > SW_GEO_MAX_CACHE)
        return NULL;
    uint32_t nb = 16;
    while (nb < capacity)
        nb *= 2;
    geo_cache *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->entries = calloc(capacity, sizeof(*c->entries));
    c->buckets = malloc((size_t)nb * sizeof(*c->buckets));
    if (!c->entries || !c->buckets) {
        geo_cache_free(c);
        return NULL;
    }
    c->capacity = capacity;
    c->mask = nb - 1;
    c->seed = seed;
    geo_cache_clear(c);
    return c;
}

void geo_cache_free(geo_cache *c)
{
    if (!c)
        return;
    free(c->entries);
    free(c->buckets);
    free(c);
}

void geo_cache_clear(geo_cache *c)
{
    memset(c->buckets, 0xff, ((size_t)c->mask + 1) * sizeof(*c->buckets));
    c->used = 0;
    c->head = c->tail = NIL;
}

uint32_t geo_cache_count(const geo_cache *c)
{
    return c ? c->used : 0;
}

static void list_unlink(geo_cache *c, uint32_t i)
{
    cache_entry *e = &c->entries[i];
    if (e->prev != NIL)
        c->entries[e->prev].next = e->next;
    else
        c->head = e->next;
    if (e->next != NIL)
        c->entries[e->next].prev = e->prev;
    else
        c->tail = e->prev;
}

static void list_push_head(geo_cache *c, uint32_t i)
{
    cache_entry *e = &c->entries[i];
    e->prev = NIL;
    e->next = c->head;
    if (c->head != NIL)
        c->entries[c->head].prev = i;
    c->head = i;
    if (c->tail == NIL)
        c->tail = i;
}

const geo_info *geo_cache_get(geo_cache *c, const sw_ip *ip)
{
    for (uint32_t i = c->buckets[hash_ip(c, ip)]; i != NIL; i = c->entries[i].chain) {
        if (sw_ip_equal(&c->entries[i].key, ip)) {
            if (c->head != i) {
                list_unlink(c, i);
                list_push_head(c, i);
            }
            return &c->entries[i].info;
        }
    }
    return NULL;
}

static void chain_remove(geo_cache *c, uint32_t i)
{
    uint32_t *link = &c->buckets[hash_ip(c, &c->entries[i].key)];
    while (*link != NIL && *link != i)
        link = &c->entries[*link].chain;
    if (*link == i)
        *link = c->entries[i].chain;
}

geo_info *geo_cache_put(geo_cache *c, const sw_ip *ip, int *evicted)
{
    uint32_t i;
    *evicted = 0;
    if (c->used < c->capacity) {
        i = c->used++;
    } else {
        i = c->tail;
        list_unlink(c, i);
        chain_remove(c, i);
        *evicted = 1;
    }
    cache_entry *e = &c->entries[i];
    e->key = *ip;
    uint32_t b = hash_ip(c, ip);
    e->chain = c->buckets[b];
    c->buckets[b] = i;
    list_push_head(c, i);
    memset(&e->info, 0, sizeof(e->info));
    return &e->info;
}
