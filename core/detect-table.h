/* Private to core/: a bounded table of detection state keyed by a 64-bit hash.
 *
 * Set-associative (buckets of SW_DTABLE_WAYS entries), allocated once at engine creation and
 * never grown, so memory is fixed whatever the traffic. A full bucket gives up its least recently
 * used entry; the caller counts that as dropped state. Values are opaque, zeroed on insert. */
#ifndef SEAWALL_DETECT_TABLE_H
#define SEAWALL_DETECT_TABLE_H

#include "common.h"

#define SW_DTABLE_WAYS 4

typedef struct sw_dtable sw_dtable;

/* Room for at least `capacity` entries of value_size bytes. Caller owns; free with
 * sw_dtable_free (NULL is a no-op). NULL when out of memory. */
sw_dtable *sw_dtable_new(size_t capacity, size_t value_size);
void sw_dtable_free(sw_dtable *t);

/* The value stored under key, its last-use time set to now; NULL when absent. */
void *sw_dtable_find(sw_dtable *t, uint64_t key, sw_time now);
/* The value under key, created zeroed when absent. *evicted is set to 1 when creating it pushed
 * out another entry (the caller counts it), else 0. Never NULL for a table that exists. */
void *sw_dtable_upsert(sw_dtable *t, uint64_t key, sw_time now, int *evicted);
/* Forgets key (no-op when absent). */
void sw_dtable_remove(sw_dtable *t, uint64_t key);

/* FNV-1a over bytes, chained through `seed` so several fields make one key. */
uint64_t sw_dtable_hash(uint64_t seed, const void *data, size_t len);
#define SW_DTABLE_HASH_SEED 0xcbf29ce484222325ull

#endif
