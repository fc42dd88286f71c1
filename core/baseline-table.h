/* Private to core/: a bounded, set-associative table of small per-host / per-pair records, the
 * one container every behavioural detector keeps its state in.
 *
 * The capacity is fixed at creation (no allocation after it, so none on the packet path). When
 * the bucket a new key hashes to is full, the least recently seen entry of that bucket is
 * reused and the caller's drop counter (engine stats state_dropped) is incremented: a baseline
 * then forgets its stalest item instead of growing without bound. */
#ifndef SEAWALL_BASELINE_TABLE_H
#define SEAWALL_BASELINE_TABLE_H

#include "common.h"

/* Two addresses and a port; unused parts stay zero. Always build one with sw_state_key_make so
 * padding is zero (keys are hashed and compared as bytes). */
typedef struct sw_state_key {
    sw_ip a, b;
    uint16_t port;
    uint16_t kind; /* lets two record kinds share a table */
} sw_state_key;

/* One record; the meaning of the generic fields is the owning detector's (documented there). */
typedef struct sw_state_entry {
    sw_state_key key;
    uint8_t used;
    uint8_t flags;
    uint32_t aux;
    int64_t first, last; /* packet time, seconds */
    uint64_t count;
    double mean; /* e.g. mean interval between events, seconds */
    int64_t aux_time;
    sw_ip aux_ip;
} sw_state_entry;

typedef struct sw_state_table sw_state_table;

/* Caller owns; free with sw_state_table_free. `capacity` is rounded up to a power of two of at
 * least SW_STATE_WAYS. NULL when out of memory. */
#define SW_STATE_WAYS 8
sw_state_table *sw_state_table_new(size_t capacity);
void sw_state_table_free(sw_state_table *t); /* NULL is a no-op */

sw_state_key sw_state_key_make(const sw_ip *a, const sw_ip *b, uint16_t port, uint16_t kind);

/* Borrowed pointer into the table, valid until the next insert; NULL when absent. */
sw_state_entry *sw_state_table_find(sw_state_table *t, const sw_state_key *key);
/* The entry for key, created (zeroed, first = last = now, *created = 1) when absent. A full
 * bucket gives up its least recently seen entry and increments *dropped. Never NULL. */
sw_state_entry *sw_state_table_upsert(sw_state_table *t, const sw_state_key *key, int64_t now,
                                      int *created, uint64_t *dropped);
void sw_state_table_remove(sw_state_table *t, sw_state_entry *entry);
void sw_state_table_clear(sw_state_table *t);

/* Iteration over every slot (used or not), for export and periodic checks. */
size_t sw_state_table_slots(const sw_state_table *t);
sw_state_entry *sw_state_table_slot(sw_state_table *t, size_t i);
size_t sw_state_table_count(const sw_state_table *t); /* used entries */

#endif
