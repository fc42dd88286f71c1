/* Lock-free SPSC record ring (see spsc-ring.h). */
#include "spsc-ring.h"

#include <sched.h>
#include <stdlib.h>
#include <time.h>

#define WRAP_MARK UINT32_MAX

/* Our own header in front of each record (not packet data). */
typedef struct rec_hdr {
    uint32_t len; /* payload bytes; WRAP_MARK: skip to the start of the buffer */
    uint32_t pad;
} rec_hdr;

static size_t align8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

int sw_ring_init(sw_ring *q, size_t size)
{
    q->size = align8(size);
    q->buf = aligned_alloc(64, (q->size + 63) & ~(size_t)63);
    atomic_init(&q->head, 0);
    atomic_init(&q->tail, 0);
    q->reserved = 0;
    q->peeked = 0;
    return q->buf ? 0 : -1;
}

void sw_ring_free(sw_ring *q)
{
    free(q->buf);
    q->buf = NULL;
}

size_t sw_ring_max_record(const sw_ring *q)
{
    return q->size / 2 - sizeof(rec_hdr);
}

void sw_ring_backoff(unsigned *spins)
{
    if (++*spins < 64) {
        sched_yield();
        return;
    }
    struct timespec ts = {0, 50 * 1000};
    nanosleep(&ts, NULL);
}

void *sw_ring_reserve(sw_ring *q, size_t len, sw_ring_wait_cb wait, void *user)
{
    size_t need = align8(sizeof(rec_hdr) + len);
    uint64_t head = atomic_load_explicit(&q->head, memory_order_relaxed);
    size_t pos = head % q->size;
    size_t skip = pos + need > q->size ? q->size - pos : 0;
    unsigned spins = 0;
    while (q->size - (head - atomic_load_explicit(&q->tail, memory_order_acquire)) < skip + need) {
        if (wait)
            wait(user);
        sw_ring_backoff(&spins);
    }
    if (skip) {
        if (skip >= sizeof(rec_hdr))
            ((rec_hdr *)(void *)(q->buf + pos))->len = WRAP_MARK;
        head += skip;
        pos = 0;
    }
    q->reserved = head + need;
    rec_hdr *h = (rec_hdr *)(void *)(q->buf + pos);
    h->len = (uint32_t)len;
    return h + 1;
}

void sw_ring_commit(sw_ring *q)
{
    atomic_store_explicit(&q->head, q->reserved, memory_order_release);
}

void *sw_ring_peek(sw_ring *q, size_t *len)
{
    for (;;) {
        uint64_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed);
        if (tail == atomic_load_explicit(&q->head, memory_order_acquire))
            return NULL;
        size_t pos = tail % q->size;
        size_t left = q->size - pos;
        rec_hdr *h = (rec_hdr *)(void *)(q->buf + pos);
        if (left < sizeof(rec_hdr) || h->len == WRAP_MARK) {
            atomic_store_explicit(&q->tail, tail + left, memory_order_release);
            continue;
        }
        q->peeked = align8(sizeof(rec_hdr) + h->len);
        *len = h->len;
        return h + 1;
    }
}

void sw_ring_release(sw_ring *q)
{
    uint64_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed);
    atomic_store_explicit(&q->tail, tail + q->peeked, memory_order_release);
}
