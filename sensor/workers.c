/* Dispatcher and worker threads over per-worker SPSC byte rings (see workers.h). */
#include "workers.h"
#include "util-cursor.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum msg_kind { MSG_PACKET = 1, MSG_TICK, MSG_END, MSG_WRAP };

/* Our own record header in the ring (not packet data); 8-byte aligned like every record. */
typedef struct msg_hdr {
    uint32_t kind, caplen, wirelen;
    int32_t linktype;
    sw_time ts;
    uint64_t pcap_cnt;
} msg_hdr;

typedef struct ring {
    uint8_t *buf;
    size_t size;
    _Atomic uint64_t head; /* bytes ever written (producer) */
    _Atomic uint64_t tail; /* bytes ever consumed (consumer) */
} ring;

typedef struct worker {
    sw_workers *set;
    unsigned index;
    pthread_t thread;
    int started;
    ring q;
    sw_pipeline *pl;
    unsigned seen_gen;
    _Atomic unsigned acked_gen;
} worker;

struct sw_workers {
    unsigned n;
    worker w[SW_WORKERS_MAX];
    sw_worker_sync_cb sync;
    void *user;
    _Atomic unsigned gen;
    int64_t last_tick_sec;
    int finished;
};

static size_t align8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

/* Waiting without a lock: yield first (the other side is usually just behind), then sleep a
 * little so an idle worker does not burn a core that another worker needs. */
static void backoff(unsigned *spins)
{
    if (++*spins < 64) {
        sched_yield();
        return;
    }
    struct timespec ts = {0, 50 * 1000};
    nanosleep(&ts, NULL);
}

/* Reserves `need` contiguous bytes, wrapping (with a marker) when the end is too short. */
static msg_hdr *ring_reserve(ring *q, size_t need, uint64_t *head_out)
{
    uint64_t head = atomic_load_explicit(&q->head, memory_order_relaxed);
    size_t pos = head % q->size;
    size_t skip = pos + need > q->size ? q->size - pos : 0;
    unsigned spins = 0;
    while (q->size - (head - atomic_load_explicit(&q->tail, memory_order_acquire)) < skip + need)
        backoff(&spins);
    if (skip) {
        if (skip >= sizeof(msg_hdr))
            ((msg_hdr *)(void *)(q->buf + pos))->kind = MSG_WRAP;
        head += skip;
        pos = 0;
    }
    *head_out = head + need;
    return (msg_hdr *)(void *)(q->buf + pos);
}

static void push(ring *q, const msg_hdr *h, const uint8_t *data)
{
    size_t need = align8(sizeof(msg_hdr) + h->caplen);
    uint64_t next;
    msg_hdr *slot = ring_reserve(q, need, &next);
    *slot = *h;
    if (h->caplen) {
        sw_cursor c = sw_cur_init(data, h->caplen);
        sw_cur_bytes(&c, (uint8_t *)(slot + 1), h->caplen);
    }
    atomic_store_explicit(&q->head, next, memory_order_release);
}

/* The next record, or NULL when the ring is empty; *len is what to release. */
static msg_hdr *peek(ring *q, size_t *len)
{
    for (;;) {
        uint64_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed);
        if (tail == atomic_load_explicit(&q->head, memory_order_acquire))
            return NULL;
        size_t pos = tail % q->size;
        size_t left = q->size - pos;
        msg_hdr *h = (msg_hdr *)(void *)(q->buf + pos);
        if (left < sizeof(msg_hdr) || h->kind == MSG_WRAP) {
            atomic_store_explicit(&q->tail, tail + left, memory_order_release);
            continue;
        }
        *len = align8(sizeof(msg_hdr) + h->caplen);
        return h;
    }
}

static void release(ring *q, size_t len)
{
    uint64_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed);
    atomic_store_explicit(&q->tail, tail + len, memory_order_release);
}

static void maybe_sync(worker *w)
{
    unsigned gen = atomic_load_explicit(&w->set->gen, memory_order_acquire);
    if (gen == w->seen_gen)
        return;
    w->seen_gen = gen;
    if (w->set->sync)
        w->set->sync(w->index, w->pl, w->set->user);
    atomic_store_explicit(&w->acked_gen, gen, memory_order_release);
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    unsigned spins = 0;
    for (;;) {
        maybe_sync(w);
        size_t len = 0;
        msg_hdr *h = peek(&w->q, &len);
        if (!h) {
            backoff(&spins);
            continue;
        }
        spins = 0;
        if (h->kind == MSG_END) {
            release(&w->q, len);
            sw_pipeline_finish(w->pl);
            return NULL;
        }
        if (h->kind == MSG_TICK) {
            sw_pipeline_tick(w->pl, h->ts);
        } else {
            sw_packet p; /* input fields only: the decoder sets every output field */
            p.ts = h->ts;
            p.pcap_cnt = h->pcap_cnt;
            p.linktype = h->linktype;
            p.data = (const uint8_t *)(h + 1);
            p.caplen = h->caplen;
            p.wirelen = h->wirelen;
            sw_pipeline_packet(w->pl, &p);
        }
        release(&w->q, len);
    }
}

void *sw_workers_alloc(size_t size, unsigned n, sw_error *err)
{
    if (n == 0 || n > SW_WORKERS_MAX) {
        sw_error_set(err, SW_ERR_INVALID, NULL, 0, "workers", "expected 1 to %d workers, got %u",
                     SW_WORKERS_MAX, n);
        return NULL;
    }
    void *set = calloc(1, size);
    if (!set)
        sw_error_set(err, SW_ERR_NOMEM, NULL, 0, "workers", "out of memory");
    return set;
}

sw_workers *sw_workers_new(sw_pipeline *const *pipelines, unsigned n, sw_worker_sync_cb sync,
                           void *user, sw_error *err)
{
    sw_workers *set = sw_workers_alloc(sizeof(*set), n, err);
    if (!set)
        return NULL;
    set->n = n;
    set->sync = sync;
    set->user = user;
    for (unsigned i = 0; i < n; i++) {
        worker *w = &set->w[i];
        w->set = set;
        w->index = i;
        w->pl = pipelines[i];
        w->q.size = SW_WORKERS_RING_BYTES;
        w->q.buf = aligned_alloc(64, w->q.size);
        if (!w->q.buf || pthread_create(&w->thread, NULL, worker_main, w) != 0) {
            sw_error_set(err, SW_ERR_NOMEM, NULL, 0, "workers",
                         "cannot start worker %u of %u (memory or thread limit)", i + 1, n);
            sw_workers_free(set);
            return NULL;
        }
        w->started = 1;
    }
    return set;
}

static uint32_t mix_ip(uint32_t h, const uint8_t *ip, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ ip[i]) * 16777619u; /* FNV-1a */
    return h;
}

/* Both directions give the same value: the smaller address is always hashed first. */
static uint32_t pair_hash(const uint8_t *a, const uint8_t *b, size_t n, uint8_t proto)
{
    int a_first = memcmp(a, b, n) <= 0;
    uint32_t h = mix_ip(2166136261u, a_first ? a : b, n);
    h = mix_ip(h, a_first ? b : a, n);
    h = (h ^ proto) * 16777619u;
    return h ? h : 1;
}

static uint32_t hash_ip(sw_cursor *c)
{
    uint8_t first = sw_cur_peek_u8(c, 0);
    uint8_t a[16], b[16];
    if ((first >> 4) == 4) { /* RFC 791: protocol at 9, addresses at 12 and 16 */
        uint8_t proto = sw_cur_peek_u8(c, 9);
        if (!sw_cur_skip(c, 12) || !sw_cur_bytes(c, a, 4) || !sw_cur_bytes(c, b, 4))
            return 0;
        return pair_hash(a, b, 4, proto);
    }
    if ((first >> 4) == 6) { /* RFC 8200: next header at 6, addresses at 8 and 24 */
        uint8_t proto = sw_cur_peek_u8(c, 6);
        if (!sw_cur_skip(c, 8) || !sw_cur_bytes(c, a, 16) || !sw_cur_bytes(c, b, 16))
            return 0;
        return pair_hash(a, b, 16, proto);
    }
    return 0;
}

/* Ethernet II / 802.1Q / 802.1ad / MPLS (RFC 3032: pop to the bottom-of-stack label). */
static uint32_t hash_ether(sw_cursor *c, uint16_t type)
{
    for (int depth = 0; depth < 8 && !c->err; depth++) {
        if (type == 0x8100 || type == 0x88a8 || type == 0x9100) {
            sw_cur_skip(c, 2);
            type = sw_cur_be16(c);
        } else if (type == 0x8847 || type == 0x8848) {
            uint32_t label = sw_cur_be32(c);
            if (label & 0x100)
                return c->err ? 0 : hash_ip(c);
        } else if (type == 0x0800 || type == 0x86dd) {
            return hash_ip(c);
        } else {
            return 0;
        }
    }
    return 0;
}

uint32_t sw_workers_flow_hash(int linktype, const uint8_t *data, size_t caplen)
{
    sw_cursor c = sw_cur_init(data, caplen);
    switch (linktype) {
    case 1: /* DLT_EN10MB */
        sw_cur_skip(&c, 12);
        return hash_ether(&c, sw_cur_be16(&c));
    case 113: /* Linux cooked v1: protocol at offset 14 */
        sw_cur_skip(&c, 14);
        return hash_ether(&c, sw_cur_be16(&c));
    case 276: /* Linux cooked v2: protocol first, 20-byte header */
    {
        uint16_t type = sw_cur_be16(&c);
        sw_cur_skip(&c, 18);
        return hash_ether(&c, type);
    }
    case 0:   /* BSD null: 4-byte host-order family */
    case 108: /* OpenBSD loop */
        sw_cur_skip(&c, 4);
        return hash_ip(&c);
    case 12:
    case 14:
    case 101: /* raw IP */
    case 228:
    case 229:
        return hash_ip(&c);
    default:
        return 0;
    }
}

void sw_workers_packet(sw_workers *set, const sw_packet *p)
{
    if (p->ts.sec != set->last_tick_sec) {
        if (set->last_tick_sec != 0)
            sw_workers_tick(set, p->ts);
        set->last_tick_sec = p->ts.sec;
    }
    uint32_t h = sw_workers_flow_hash(p->linktype, p->data, p->caplen);
    msg_hdr m = {MSG_PACKET, p->caplen, p->wirelen, p->linktype, p->ts, p->pcap_cnt};
    /* Multiply-shift spreads the hash evenly over any worker count. */
    unsigned idx = (unsigned)(((uint64_t)h * set->n) >> 32);
    push(&set->w[idx].q, &m, p->data);
}

void sw_workers_tick(sw_workers *set, sw_time now)
{
    msg_hdr m = {MSG_TICK, 0, 0, 0, now, 0};
    for (unsigned i = 0; i < set->n; i++)
        push(&set->w[i].q, &m, NULL);
}

void sw_workers_sync(sw_workers *set)
{
    atomic_fetch_add_explicit(&set->gen, 1, memory_order_release);
}

int sw_workers_synced(sw_workers *set)
{
    unsigned gen = atomic_load_explicit(&set->gen, memory_order_acquire);
    for (unsigned i = 0; i < set->n; i++)
        if (atomic_load_explicit(&set->w[i].acked_gen, memory_order_acquire) != gen)
            return 0;
    return 1;
}

void sw_workers_finish(sw_workers *set)
{
    if (set->finished)
        return;
    set->finished = 1;
    msg_hdr m = {MSG_END, 0, 0, 0, {0, 0}, 0};
    for (unsigned i = 0; i < set->n; i++)
        if (set->w[i].started)
            push(&set->w[i].q, &m, NULL);
    for (unsigned i = 0; i < set->n; i++)
        if (set->w[i].started)
            pthread_join(set->w[i].thread, NULL);
}

void sw_workers_free(sw_workers *set)
{
    if (!set)
        return;
    sw_workers_finish(set);
    for (unsigned i = 0; i < set->n; i++)
        free(set->w[i].q.buf);
    free(set);
}
