/* A single-producer/single-consumer ring of variable-size records, without locks: the producer
 * only writes `head`, the consumer only `tail` (C11 release/acquire). Records are contiguous
 * and 8-byte aligned; when the end of the buffer is too short for one, the producer leaves a
 * wrap marker and starts again at offset 0. Used between the dispatcher and each worker, and
 * between each worker and the correlator (workers.h). */
#ifndef SEAWALL_SENSOR_SPSC_RING_H
#define SEAWALL_SENSOR_SPSC_RING_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sw_ring {
    uint8_t *buf;
    size_t size;
    _Atomic uint64_t head; /* bytes ever published (producer) */
    _Atomic uint64_t tail; /* bytes ever released (consumer) */
    uint64_t reserved;     /* producer only: head after the record being written */
    size_t peeked;         /* consumer only: bytes the current record takes */
} sw_ring;

/* Called while the producer waits for room; it must let the consumer progress. */
typedef void (*sw_ring_wait_cb)(void *user);

/* 0 on success, -1 when out of memory. `size` is rounded to a multiple of 8. */
int sw_ring_init(sw_ring *q, size_t size);
void sw_ring_free(sw_ring *q); /* the buffer; the struct is the caller's */

/* The largest record (payload bytes) a ring of this size accepts. */
size_t sw_ring_max_record(const sw_ring *q);

/* Producer: room for `len` payload bytes, waiting (wait(user), or a short sleep when wait is
 * NULL) while the ring is full. len must not exceed sw_ring_max_record. The record becomes
 * visible to the consumer at sw_ring_commit. */
void *sw_ring_reserve(sw_ring *q, size_t len, sw_ring_wait_cb wait, void *user);
void sw_ring_commit(sw_ring *q);

/* Consumer: the oldest record (its payload length in *len), or NULL when the ring is empty. It
 * stays valid until sw_ring_release. */
void *sw_ring_peek(sw_ring *q, size_t *len);
void sw_ring_release(sw_ring *q);

/* Waiting without a lock: yield first (the other side is usually just behind), then sleep a
 * little so an idle thread does not burn a core another thread needs. */
void sw_ring_backoff(unsigned *spins);

#endif
