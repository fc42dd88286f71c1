/* Dispatcher, worker threads and the correlator's ordered merge over SPSC rings (see
 * workers.h). */
#include "workers.h"
#include "obs-copy.h"
#include "packet-clock.h"
#include "spsc-ring.h"
#include "util-cursor.h"
#include "workers-merge.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

enum msg_kind { MSG_PACKET = 1, MSG_TICK, MSG_END };

/* Dispatcher -> worker: our own record header (not packet data), the frame after it. */
typedef struct msg_hdr {
    uint32_t kind, caplen, wirelen;
    int32_t linktype;
    sw_time ts;
    uint64_t pcap_cnt;
    uint64_t seq;
} msg_hdr;

/* Worker -> correlator: one forwarded observation and its alerts. After it: n sw_alert, n int
 * origins, then the arena holding everything they point to. */
typedef struct fwd_hdr {
    uint64_t seq;
    sw_time ts;
    uint32_t n_alerts;
    uint32_t has_obs;
    sw_observation obs;
} fwd_hdr;

#define DRAIN_EVERY 256 /* packets between two merges (a power of two) */

typedef struct own_tick {
    uint64_t seq;
    sw_time ts;
} own_tick;

typedef struct worker {
    sw_workers *set;
    unsigned index;
    pthread_t thread;
    int started;
    sw_ring q;   /* dispatcher -> worker */
    sw_ring out; /* worker -> correlator (with a correlator only) */
    sw_pipeline *pl;
    unsigned seen_gen;
    _Atomic unsigned acked_gen;
    uint64_t seq_now;                 /* worker only: the message being processed */
    _Atomic uint64_t done;            /* watermark: every message up to this seq is processed */
    _Atomic uint64_t done_at_sync;    /* the watermark when the latest sync was acknowledged */
    uint64_t last_sent;               /* dispatcher only: seq of the last message sent */
    _Atomic uint64_t forward_dropped; /* records larger than the ring accepts (never seen) */
} worker;

struct sw_workers {
    unsigned n;
    worker w[SW_WORKERS_MAX];
    sw_worker_sync_cb sync;
    void *user;
    _Atomic unsigned gen;
    int64_t last_tick_sec;
    int finished;
    /* Dispatcher only. */
    uint64_t seq; /* last sequence number given out */
    int has_corr;
    sw_workers_correlator corr;
    sw_packet_clock clock; /* the single run's clock, for the correlator's ticks */
    own_tick own[SW_WORKERS_OWN_TICKS];
    size_t own_head, own_count;
    uint64_t merged_seq; /* seq of the last item handed to the correlator */
    int draining;        /* a correlator callback is running: do not re-enter */
};

static void drain_cb(void *user)
{
    sw_workers_drain(user);
}

static void push(sw_workers *set, worker *w, const msg_hdr *h, const uint8_t *data)
{
    msg_hdr *slot =
        sw_ring_reserve(&w->q, sizeof(msg_hdr) + h->caplen, set->has_corr ? drain_cb : NULL, set);
    *slot = *h;
    if (h->caplen) {
        sw_cursor c = sw_cur_init(data, h->caplen);
        sw_cur_bytes(&c, (uint8_t *)(slot + 1), h->caplen);
    }
    sw_ring_commit(&w->q);
    w->last_sent = h->seq;
}

static void maybe_sync(worker *w)
{
    unsigned gen = atomic_load_explicit(&w->set->gen, memory_order_acquire);
    if (gen == w->seen_gen)
        return;
    w->seen_gen = gen;
    if (w->set->sync)
        w->set->sync(w->index, w->pl, w->set->user);
    atomic_store_explicit(&w->done_at_sync, w->seq_now, memory_order_relaxed);
    atomic_store_explicit(&w->acked_gen, gen, memory_order_release);
}

static size_t align8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

/* Worker side of sw_forward_cb: one self-contained record in the worker's out ring. */
static void forward_record(const sw_observation *obs, sw_time ts, const sw_alert *alerts,
                           const int *origins, size_t n, void *user)
{
    worker *w = user;
    sw_arena measure = sw_arena_init(NULL, 0);
    if (obs)
        (void)sw_obs_copy(&measure, obs);
    for (size_t i = 0; i < n; i++)
        (void)sw_alert_copy(&measure, &alerts[i]);
    size_t fixed = sizeof(fwd_hdr) + n * sizeof(sw_alert) + align8(n * sizeof(int));
    if (fixed + measure.used > sw_ring_max_record(&w->out)) {
        atomic_fetch_add_explicit(&w->forward_dropped, 1, memory_order_relaxed);
        return;
    }
    fwd_hdr *h = sw_ring_reserve(&w->out, fixed + measure.used, NULL, NULL);
    sw_alert *copies = (sw_alert *)(void *)(h + 1);
    int *origin_copies = (int *)(void *)(copies + n);
    sw_arena arena = sw_arena_init((uint8_t *)h + fixed, measure.used);
    h->seq = w->seq_now;
    h->ts = ts;
    h->n_alerts = (uint32_t)n;
    h->has_obs = obs != NULL;
    if (obs)
        h->obs = sw_obs_copy(&arena, obs);
    for (size_t i = 0; i < n; i++) {
        copies[i] = sw_alert_copy(&arena, &alerts[i]);
        origin_copies[i] = origins[i];
    }
    sw_ring_commit(&w->out);
}

static void process(worker *w, const msg_hdr *h)
{
    w->seq_now = h->seq;
    if (h->kind == MSG_TICK) {
        sw_pipeline_tick(w->pl, h->ts);
    } else if (h->kind == MSG_END) {
        sw_pipeline_finish(w->pl);
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
}

/* The watermark is published after every record of its message is in the out ring: every
 * WATERMARK_EVERY messages, and whenever the worker runs out of input (so the merge learns it
 * is idle). Publishing less often is never wrong, only later; it spares the dispatcher a cache
 * line that changes on every packet. */
#define WATERMARK_EVERY 32

static void *worker_main(void *arg)
{
    worker *w = arg;
    unsigned spins = 0, unpublished = 0;
    uint64_t last_seq = 0;
    for (;;) {
        maybe_sync(w);
        size_t len = 0;
        msg_hdr *h = sw_ring_peek(&w->q, &len);
        if (!h) {
            if (unpublished) {
                atomic_store_explicit(&w->done, last_seq, memory_order_release);
                unpublished = 0;
            }
            sw_ring_backoff(&spins);
            continue;
        }
        spins = 0;
        last_seq = h->seq;
        int end = h->kind == MSG_END;
        process(w, h);
        sw_ring_release(&w->q);
        if (++unpublished == WATERMARK_EVERY || end) {
            atomic_store_explicit(&w->done, last_seq, memory_order_release);
            unpublished = 0;
        }
        if (end)
            return NULL;
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
                           void *user, const sw_workers_correlator *corr, sw_error *err)
{
    sw_workers *set = sw_workers_alloc(sizeof(*set), n, err);
    if (!set)
        return NULL;
    set->n = n;
    set->sync = sync;
    set->user = user;
    if (corr) {
        set->has_corr = 1;
        set->corr = *corr;
    }
    for (unsigned i = 0; i < n; i++) {
        worker *w = &set->w[i];
        w->set = set;
        w->index = i;
        w->pl = pipelines[i];
        int failed = sw_ring_init(&w->q, SW_WORKERS_RING_BYTES) != 0 ||
                     (corr && sw_ring_init(&w->out, SW_WORKERS_OUT_BYTES) != 0);
        if (!failed && corr)
            sw_pipeline_set_forward(w->pl, forward_record, w);
        if (failed || pthread_create(&w->thread, NULL, worker_main, w) != 0) {
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

/* Queues a tick of the single-run clock for the correlator, after everything before `seq`. */
static void own_push(sw_workers *set, uint64_t seq, sw_time ts)
{
    unsigned spins = 0;
    while (set->own_count == SW_WORKERS_OWN_TICKS) {
        sw_workers_drain(set);
        sw_ring_backoff(&spins);
    }
    set->own[(set->own_head + set->own_count) % SW_WORKERS_OWN_TICKS] = (own_tick){seq, ts};
    set->own_count++;
}

static void broadcast(sw_workers *set, uint32_t kind, sw_time ts)
{
    msg_hdr m = {kind, 0, 0, 0, ts, 0, ++set->seq};
    for (unsigned i = 0; i < set->n; i++)
        if (set->w[i].started)
            push(set, &set->w[i], &m, NULL);
}

void sw_workers_packet(sw_workers *set, const sw_packet *p)
{
    if (p->ts.sec != set->last_tick_sec) {
        if (set->last_tick_sec != 0)
            broadcast(set, MSG_TICK, p->ts);
        set->last_tick_sec = p->ts.sec;
    }
    uint32_t h = sw_workers_flow_hash(p->linktype, p->data, p->caplen);
    msg_hdr m = {MSG_PACKET, p->caplen, p->wirelen, p->linktype, p->ts, p->pcap_cnt, ++set->seq};
    /* The tick a single pipeline would give its engine before this packet. */
    if (set->has_corr && sw_packet_clock_packet(&set->clock, p->ts))
        own_push(set, m.seq, set->clock.now);
    /* Multiply-shift spreads the hash evenly over any worker count. */
    unsigned idx = (unsigned)(((uint64_t)h * set->n) >> 32);
    push(set, &set->w[idx], &m, p->data);
    /* In batches: each look at the workers' rings and watermarks costs cache misses. */
    if (set->has_corr && (m.seq & (DRAIN_EVERY - 1)) == 0)
        sw_workers_drain(set);
}

void sw_workers_tick(sw_workers *set, sw_time now)
{
    broadcast(set, MSG_TICK, now);
    /* A single pipeline expires flows, then ticks its engine: the tick sorts after the flows
     * the workers end for this message. */
    if (set->has_corr && sw_packet_clock_idle(&set->clock, now))
        own_push(set, ++set->seq, now);
}

/* Hands the correlator worker i's oldest record. */
static void take_record(sw_workers *set, worker *w)
{
    size_t len = 0;
    const fwd_hdr *h = sw_ring_peek(&w->out, &len);
    const sw_alert *alerts = (const sw_alert *)(const void *)(h + 1);
    const int *origins = (const int *)(const void *)(alerts + h->n_alerts);
    set->merged_seq = h->seq;
    set->corr.record(h->has_obs ? &h->obs : NULL, h->ts, alerts, origins, h->n_alerts,
                     set->corr.user);
    sw_ring_release(&w->out);
}

void sw_workers_drain(sw_workers *set)
{
    if (!set->has_corr || set->draining)
        return;
    set->draining = 1;
    sw_merge_source src[SW_WORKERS_MAX];
    for (;;) {
        for (unsigned i = 0; i < set->n; i++) {
            worker *w = &set->w[i];
            /* The watermark first (see workers-merge.h). */
            src[i].done = atomic_load_explicit(&w->done, memory_order_acquire);
            src[i].idle = src[i].done == w->last_sent;
            size_t len = 0;
            const fwd_hdr *h = w->started ? sw_ring_peek(&w->out, &len) : NULL;
            src[i].has_head = h != NULL;
            src[i].head_seq = h ? h->seq : 0;
        }
        const own_tick *own = set->own_count ? &set->own[set->own_head] : NULL;
        int next = sw_merge_next(src, set->n, own != NULL, own ? own->seq : 0);
        if (next == SW_MERGE_WAIT)
            break;
        if ((unsigned)next < set->n) {
            take_record(set, &set->w[next]);
            continue;
        }
        own_tick t = *own;
        set->own_head = (set->own_head + 1) % SW_WORKERS_OWN_TICKS;
        set->own_count--;
        set->merged_seq = t.seq;
        set->corr.tick(t.ts, set->corr.user);
    }
    set->draining = 0;
}

uint64_t sw_workers_forward_dropped(sw_workers *set)
{
    uint64_t n = 0;
    for (unsigned i = 0; i < set->n; i++)
        n += atomic_load_explicit(&set->w[i].forward_dropped, memory_order_relaxed);
    return n;
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

int sw_workers_synced_and_drained(sw_workers *set)
{
    if (!sw_workers_synced(set))
        return 0;
    sw_workers_drain(set);
    for (unsigned i = 0; set->has_corr && i < set->n; i++) {
        worker *w = &set->w[i];
        uint64_t old = atomic_load_explicit(&w->done_at_sync, memory_order_relaxed);
        size_t len = 0;
        int empty = atomic_load_explicit(&w->done, memory_order_acquire) == w->last_sent &&
                    !sw_ring_peek(&w->out, &len);
        if (!empty && set->merged_seq <= old)
            return 0;
    }
    return 1;
}

void sw_workers_finish(sw_workers *set)
{
    if (set->finished)
        return;
    set->finished = 1;
    broadcast(set, MSG_END, (sw_time){0, 0});
    for (int busy = set->has_corr; busy;) {
        sw_workers_drain(set);
        busy = set->own_count > 0;
        for (unsigned i = 0; i < set->n; i++) {
            worker *w = &set->w[i];
            size_t len = 0;
            if (w->started && (atomic_load_explicit(&w->done, memory_order_acquire) != set->seq ||
                               sw_ring_peek(&w->out, &len)))
                busy = 1;
        }
        unsigned spins = 0;
        if (busy)
            sw_ring_backoff(&spins);
    }
    for (unsigned i = 0; i < set->n; i++)
        if (set->w[i].started)
            pthread_join(set->w[i].thread, NULL);
}

void sw_workers_free(sw_workers *set)
{
    if (!set)
        return;
    sw_workers_finish(set);
    for (unsigned i = 0; i < set->n; i++) {
        sw_ring_free(&set->w[i].q);
        sw_ring_free(&set->w[i].out);
    }
    free(set);
}
