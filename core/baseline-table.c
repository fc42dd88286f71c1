/* Bounded set-associative state table: see baseline-table.h for the eviction rule. */
#include "baseline-table.h"

#include <stdlib.h>
#include <string.h>

struct sw_state_table {
    size_t n_buckets; /* power of two */
    size_t used;
    sw_state_entry *slots; /* n_buckets * SW_STATE_WAYS */
};

sw_state_table *sw_state_table_new(size_t capacity)
{
    size_t buckets = 1;
    while (buckets * SW_STATE_WAYS < capacity)
        buckets <<= 1;
    sw_state_table *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->slots = calloc(buckets * SW_STATE_WAYS, sizeof(*t->slots));
    if (!t->slots) {
        free(t);
        return NULL;
    }
    t->n_buckets = buckets;
    return t;
}

void sw_state_table_free(sw_state_table *t)
{
    if (!t)
        return;
    free(t->slots);
    free(t);
}

sw_state_key sw_state_key_make(const sw_ip *a, const sw_ip *b, uint16_t port, uint16_t kind)
{
    sw_state_key k;
    memset(&k, 0, sizeof(k));
    if (a)
        k.a = *a;
    if (b)
        k.b = *b;
    k.port = port;
    k.kind = kind;
    return k;
}

/* FNV-1a over the key bytes: keys are built zero-padded, so equal keys hash equally. The hash
 * is unseeded on purpose: packet-time replays must evict the same entries every run. */
static size_t bucket_of(const sw_state_table *t, const sw_state_key *key)
{
    const unsigned char *p = (const unsigned char *)key;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < sizeof(*key); i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return (size_t)(h ^ (h >> 29)) & (t->n_buckets - 1);
}

sw_state_entry *sw_state_table_find(sw_state_table *t, const sw_state_key *key)
{
    if (!t)
        return NULL;
    sw_state_entry *b = &t->slots[bucket_of(t, key) * SW_STATE_WAYS];
    for (int i = 0; i < SW_STATE_WAYS; i++)
        if (b[i].used && memcmp(&b[i].key, key, sizeof(*key)) == 0)
            return &b[i];
    return NULL;
}

sw_state_entry *sw_state_table_upsert(sw_state_table *t, const sw_state_key *key, int64_t now,
                                      int *created, uint64_t *dropped)
{
    sw_state_entry *b = &t->slots[bucket_of(t, key) * SW_STATE_WAYS];
    sw_state_entry *victim = NULL;
    for (int i = 0; i < SW_STATE_WAYS; i++) {
        if (b[i].used && memcmp(&b[i].key, key, sizeof(*key)) == 0) {
            if (created)
                *created = 0;
            return &b[i];
        }
        if (!b[i].used && !victim)
            victim = &b[i];
    }
    if (!victim) {
        victim = &b[0];
        for (int i = 1; i < SW_STATE_WAYS; i++)
            if (b[i].last < victim->last)
                victim = &b[i];
        if (dropped)
            (*dropped)++;
    } else {
        t->used++;
    }
    memset(victim, 0, sizeof(*victim));
    victim->key = *key;
    victim->used = 1;
    victim->first = victim->last = now;
    if (created)
        *created = 1;
    return victim;
}

void sw_state_table_remove(sw_state_table *t, sw_state_entry *entry)
{
    if (!t || !entry || !entry->used)
        return;
    memset(entry, 0, sizeof(*entry));
    t->used--;
}

void sw_state_table_clear(sw_state_table *t)
{
    if (!t)
        return;
    memset(t->slots, 0, t->n_buckets * SW_STATE_WAYS * sizeof(*t->slots));
    t->used = 0;
}

size_t sw_state_table_slots(const sw_state_table *t)
{
    return t ? t->n_buckets * SW_STATE_WAYS : 0;
}

sw_state_entry *sw_state_table_slot(sw_state_table *t, size_t i)
{
    return t && i < t->n_buckets * SW_STATE_WAYS ? &t->slots[i] : NULL;
}

size_t sw_state_table_count(const sw_state_table *t)
{
    return t ? t->used : 0;
}
