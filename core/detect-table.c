/* Bounded detection state: see detect-table.h. */
#include "detect-table.h"

#include <stdlib.h>
#include <string.h>

typedef struct slot_header {
    uint64_t key;
    sw_time last;
    int used;
} slot_header;

struct sw_dtable {
    size_t n_buckets; /* power of two */
    size_t slot_size; /* header + value, rounded up to 8 bytes */
    size_t in_use;    /* slots used: an empty table answers without touching them */
    unsigned char *slots;
};

sw_dtable *sw_dtable_new(size_t capacity, size_t value_size)
{
    sw_dtable *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->n_buckets = 1;
    while (t->n_buckets * SW_DTABLE_WAYS < capacity)
        t->n_buckets *= 2;
    t->slot_size = (sizeof(slot_header) + value_size + 7) & ~(size_t)7;
    t->slots = calloc(t->n_buckets * SW_DTABLE_WAYS, t->slot_size);
    if (!t->slots) {
        free(t);
        return NULL;
    }
    return t;
}

void sw_dtable_free(sw_dtable *t)
{
    if (!t)
        return;
    free(t->slots);
    free(t);
}

static slot_header *slot_at(const sw_dtable *t, uint64_t key, int way)
{
    /* Fibonacci hashing: the keys are hashes already, this only picks the bucket bits well. */
    size_t bucket = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & (t->n_buckets - 1);
    return (slot_header *)(t->slots + (bucket * SW_DTABLE_WAYS + (size_t)way) * t->slot_size);
}

static void *value_of(slot_header *h)
{
    return (unsigned char *)h + sizeof(slot_header);
}

void *sw_dtable_find(sw_dtable *t, uint64_t key, sw_time now)
{
    /* Most flows never have an entry (a file transfer, a banner of interest): asked at each of
     * their ends, an empty table should not cost a cache miss. */
    if (!t || t->in_use == 0)
        return NULL;
    for (int w = 0; w < SW_DTABLE_WAYS; w++) {
        slot_header *h = slot_at(t, key, w);
        if (h->used && h->key == key) {
            h->last = now;
            return value_of(h);
        }
    }
    return NULL;
}

void *sw_dtable_upsert(sw_dtable *t, uint64_t key, sw_time now, int *evicted)
{
    *evicted = 0;
    void *found = sw_dtable_find(t, key, now);
    if (found || !t)
        return found;
    slot_header *victim = NULL;
    for (int w = 0; w < SW_DTABLE_WAYS; w++) {
        slot_header *h = slot_at(t, key, w);
        if (!h->used) {
            victim = h;
            break;
        }
        if (!victim || sw_time_diff_us(h->last, victim->last) > 0)
            victim = h; /* h was used longer ago than the current victim */
    }
    *evicted = victim->used;
    t->in_use += !victim->used;
    memset(victim, 0, t->slot_size);
    victim->used = 1;
    victim->key = key;
    victim->last = now;
    return value_of(victim);
}

void sw_dtable_remove(sw_dtable *t, uint64_t key)
{
    if (!t || t->in_use == 0)
        return;
    for (int w = 0; w < SW_DTABLE_WAYS; w++) {
        slot_header *h = slot_at(t, key, w);
        if (h->used && h->key == key) {
            memset(h, 0, t->slot_size);
            t->in_use--;
            return;
        }
    }
}

uint64_t sw_dtable_hash(uint64_t seed, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        seed ^= p[i];
        seed *= 0x100000001b3ull; /* FNV-1a 64-bit prime */
    }
    return seed;
}
