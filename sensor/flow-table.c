/* The flow table: bidirectional flows in power-of-two hash buckets, records from a chunked pool
 * bounded by the memcap, one LRU list per timeout class, and flow observations to a callback.
 *
 * Time is packet time only. The table keeps a clock, the latest packet time seen, and orders the
 * LRU lists by it, so a capture with a packet slightly out of order cannot unsort a list. */
#include "flow.h"

#include "flow-key.h"
#include "flow-tcp.h"
#include "flow-timeout.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define FLOW_CHUNK_RECORDS  1024u
#define FLOW_HASH_MAX       (1u << 30)
#define FLOW_PROGRESS_FIRST (1ull << 20) /* bytes both ways: 1 MiB, then each doubling */
#define FLOW_PROGRESS_LAST  43u          /* 1 MiB << 43 = 2^63 bytes: no further one */

typedef struct flow_rec {
    flow_lru_node lru;                /* in ft->lists[cls] while in use */
    struct flow_rec *hnext, **hpprev; /* bucket chain; hnext also links the free list */
    uint64_t hash;
    flow_key key;
    uint8_t cls; /* flow_class; bytes here fill the key's tail padding */
    uint8_t answered, has_tunnel;
    uint8_t progress_shift; /* the next FLOW_PROGRESS is due at FLOW_PROGRESS_FIRST << this */
    int64_t touched_us;     /* table clock at the last packet: the LRU order */
    int64_t last_us;        /* o.last in microseconds, so a packet compares one number */
    flow_tcp tcp;
    sw_flow_obs o; /* o.tunnel stays NULL here; emit() points it at `tunnel` */
    sw_tunnel_info tunnel;
    void *slot; /* the stream/app layer's per-flow state, freed through ft->slot_free */
} flow_rec;

typedef struct flow_chunk {
    struct flow_chunk *next;
    flow_rec recs[];
} flow_chunk;

struct sw_flow_table {
    sw_flow_config cfg;
    sw_flow_obs_cb cb;
    void *user;
    uint64_t bucket_seed; /* flow_key_bucket_seed of the table's hash seed */
    uint32_t mask;
    flow_rec **buckets;
    flow_lru lists[FLOW_CLASS_COUNT];
    flow_rec *free_list;
    flow_chunk *chunks;
    size_t max_records, allocated;
    int64_t clock_us;
    int64_t timeout_us[FLOW_CLASS_COUNT];
    /* No list head is due before this (a lower bound, exact after each expiry pass), so most
     * packets skip the scan of the list heads. */
    int64_t next_due_us;
    sw_flow_stats st;
    sw_flow_slot_free_cb slot_free;
    void *slot_user;
};

void sw_flow_config_defaults(sw_flow_config *cfg)
{
    cfg->memcap = (size_t)64 << 20;
    cfg->hash_size = 262144;
    cfg->seed = 0;
    cfg->timeout_tcp_new = 60;
    cfg->timeout_tcp_established = 600;
    cfg->timeout_tcp_closed = 60;
    cfg->timeout_udp = 300;
    cfg->timeout_udp_new = 30;
    cfg->timeout_icmp = 300;
    cfg->timeout_other = 300;
}

/* Packet times come from the capture file and may be absurd; clamping to +-2^40 s (some 35,000
 * years) keeps every microsecond sum below overflow. */
#define FLOW_TIME_LIMIT_S ((int64_t)1 << 40)

static int64_t time_us(sw_time t)
{
    int64_t sec = t.sec;
    if (sec > FLOW_TIME_LIMIT_S)
        sec = FLOW_TIME_LIMIT_S;
    else if (sec < -FLOW_TIME_LIMIT_S)
        sec = -FLOW_TIME_LIMIT_S;
    return sec * 1000000 + t.usec;
}

static flow_rec *rec_of(flow_lru_node *node)
{
    return (flow_rec *)(void *)((char *)node - offsetof(flow_rec, lru));
}

/* A random seed makes bucket collisions unpredictable to senders (Suricata's hash_rand). */
static uint64_t pick_seed(uint32_t configured)
{
    uint64_t seed = configured;
    if (seed == 0 && getrandom(&seed, sizeof(seed), GRND_NONBLOCK) != (ssize_t)sizeof(seed)) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        seed = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)(uintptr_t)&ts;
    }
    return seed ? seed : 1;
}

sw_flow_table *sw_flow_table_new(const sw_flow_config *cfg, sw_flow_obs_cb cb, void *user)
{
    if (!cfg || cfg->hash_size == 0 || cfg->hash_size > FLOW_HASH_MAX)
        return NULL;
    uint32_t buckets = 1;
    while (buckets < cfg->hash_size)
        buckets <<= 1;
    sw_flow_table *ft = calloc(1, sizeof(*ft));
    if (!ft)
        return NULL;
    ft->buckets = calloc(buckets, sizeof(*ft->buckets));
    if (!ft->buckets) {
        free(ft);
        return NULL;
    }
    ft->cfg = *cfg;
    ft->cb = cb;
    ft->user = user;
    ft->bucket_seed = flow_key_bucket_seed(pick_seed(cfg->seed));
    ft->mask = buckets - 1;
    ft->max_records = cfg->memcap / sizeof(flow_rec);
    ft->clock_us = INT64_MIN;
    for (unsigned c = 0; c < FLOW_CLASS_COUNT; c++)
        ft->timeout_us[c] = flow_class_timeout_us(cfg, (flow_class)c);
    ft->next_due_us = INT64_MAX;
    return ft;
}

/* Slots of flows still in the table are released without observations (no FLOW_END either). */
static void release_slots(sw_flow_table *ft)
{
    for (unsigned cls = 0; cls < FLOW_CLASS_COUNT; cls++)
        for (flow_lru_node *n = ft->lists[cls].head; n; n = n->next) {
            flow_rec *r = rec_of(n);
            if (r->slot && ft->slot_free)
                ft->slot_free(r->slot, NULL, ft->slot_user);
            r->slot = NULL;
        }
}

void sw_flow_table_free(sw_flow_table *ft)
{
    if (!ft)
        return;
    release_slots(ft);
    flow_chunk *c = ft->chunks;
    while (c) {
        flow_chunk *next = c->next;
        free(c);
        c = next;
    }
    free(ft->buckets);
    free(ft);
}

const sw_flow_stats *sw_flow_table_stats(const sw_flow_table *ft)
{
    return &ft->st;
}

/* ---- pool ---------------------------------------------------------------------------------- */

/* Grows the pool by one chunk, never past memcap / sizeof(record). Returns 0 when it cannot. */
static int pool_grow(sw_flow_table *ft)
{
    size_t room = ft->max_records - ft->allocated;
    size_t n = room < FLOW_CHUNK_RECORDS ? room : FLOW_CHUNK_RECORDS;
    if (n == 0)
        return 0;
    flow_chunk *c = malloc(sizeof(*c) + n * sizeof(flow_rec));
    if (!c)
        return 0;
    c->next = ft->chunks;
    ft->chunks = c;
    ft->allocated += n;
    for (size_t i = n; i-- > 0;) {
        c->recs[i].hnext = ft->free_list;
        ft->free_list = &c->recs[i];
    }
    return 1;
}

static flow_rec *pool_take(sw_flow_table *ft)
{
    if (!ft->free_list && !pool_grow(ft))
        return NULL;
    flow_rec *r = ft->free_list;
    ft->free_list = r->hnext;
    return r;
}

/* ---- observations and ending --------------------------------------------------------------- */

/* The observation is on the stack and its tunnel pointer into the record: both are borrowed for
 * the callback only. */
static void emit(sw_flow_table *ft, flow_rec *r, sw_obs_type type, sw_time ts, uint64_t pcap_cnt)
{
    if (!ft->cb)
        return;
    /* Only the header and u.flow: flow observations carry nothing else, and clearing the whole
     * union (over 500 bytes) per observation was measurable. */
    sw_observation obs;
    obs.type = type;
    obs.ts = ts;
    obs.pcap_cnt = pcap_cnt;
    obs.u.flow = r->o;
    obs.u.flow.tcp_state = r->o.proto == 6 ? r->tcp.state : SW_TCP_NONE;
    obs.u.flow.tunnel = r->has_tunnel ? &r->tunnel : NULL;
    ft->cb(&obs, ft->user);
}

static void count_end(sw_flow_stats *st, sw_flow_end_reason reason)
{
    switch (reason) {
    case SW_FLOW_END_TIMEOUT:
        st->timeouts++;
        break;
    case SW_FLOW_END_CLOSED:
        st->closed++;
        break;
    case SW_FLOW_END_EVICTED:
        st->memcap_evictions++;
        break;
    default:
        st->shutdown++;
        break;
    }
}

/* Emits FLOW_END, then unlinks the record and returns it to the pool. */
static void end_flow(sw_flow_table *ft, flow_rec *r, sw_flow_end_reason reason, sw_time ts,
                     uint64_t pcap_cnt)
{
    r->o.end_reason = reason;
    if (r->slot) {
        void *slot = r->slot;
        r->slot = NULL;
        if (ft->slot_free) {
            sw_flow_obs view = r->o;
            view.tunnel = r->has_tunnel ? &r->tunnel : NULL;
            ft->slot_free(slot, &view, ft->slot_user);
        }
    }
    emit(ft, r, SW_OBS_FLOW_END, ts, pcap_cnt);
    count_end(&ft->st, reason);
    flow_lru_remove(&ft->lists[r->cls], &r->lru);
    *r->hpprev = r->hnext;
    if (r->hnext)
        r->hnext->hpprev = r->hpprev;
    r->hnext = ft->free_list;
    ft->free_list = r;
    ft->st.active--;
    ft->st.memuse = ft->st.active * sizeof(flow_rec);
}

static sw_time time_of_us(int64_t us)
{
    sw_time t;
    t.sec = us / 1000000;
    t.usec = (int32_t)(us % 1000000);
    if (t.usec < 0) {
        t.usec += 1000000;
        t.sec--;
    }
    return t;
}

/* The list head whose deadline (last touch + its class timeout) comes first, or NULL. */
static flow_rec *next_to_expire(const sw_flow_table *ft, int64_t *deadline)
{
    flow_rec *best = NULL;
    for (unsigned c = 0; c < FLOW_CLASS_COUNT; c++) {
        if (!ft->lists[c].head)
            continue;
        flow_rec *r = rec_of(ft->lists[c].head);
        int64_t d = r->touched_us + ft->timeout_us[c];
        if (!best || d < *deadline) {
            best = r;
            *deadline = d;
        }
    }
    return best;
}

/* Ends, in deadline order, every flow idle for at least its timeout at the table clock. A closed
 * TCP flow leaves after the closed timeout (late FIN-ACKs still land in it) with reason CLOSED. */
static void expire_due(sw_flow_table *ft, uint64_t pcap_cnt)
{
    if (ft->clock_us < ft->next_due_us)
        return;
    int64_t deadline = 0;
    flow_rec *r;
    while ((r = next_to_expire(ft, &deadline)) != NULL && deadline <= ft->clock_us) {
        sw_flow_end_reason reason =
            r->cls == FLOW_CLASS_TCP_CLOSED ? SW_FLOW_END_CLOSED : SW_FLOW_END_TIMEOUT;
        end_flow(ft, r, reason, time_of_us(ft->clock_us), pcap_cnt);
    }
    ft->next_due_us = r ? deadline : INT64_MAX;
}

/* Returns the packet's time in microseconds. */
static int64_t advance_clock(sw_flow_table *ft, sw_time now)
{
    int64_t us = time_us(now);
    if (us > ft->clock_us)
        ft->clock_us = us;
    return us;
}

void sw_flow_table_expire(sw_flow_table *ft, sw_time now)
{
    if (!ft)
        return;
    advance_clock(ft, now);
    expire_due(ft, 0);
}

/* The least recently active flow among the list heads, or NULL when the table is empty. */
static flow_rec *least_recent(const sw_flow_table *ft)
{
    flow_rec *best = NULL;
    for (unsigned c = 0; c < FLOW_CLASS_COUNT; c++) {
        if (!ft->lists[c].head)
            continue;
        flow_rec *r = rec_of(ft->lists[c].head);
        if (!best || r->touched_us < best->touched_us)
            best = r;
    }
    return best;
}

void sw_flow_table_flush(sw_flow_table *ft, sw_time now)
{
    if (!ft)
        return;
    flow_rec *r;
    while ((r = least_recent(ft)) != NULL)
        end_flow(ft, r, SW_FLOW_END_SHUTDOWN, now, 0);
}

/* ---- packet path --------------------------------------------------------------------------- */

/* One packet layer as the table sees it, worked out once per packet. */
typedef struct flow_pkt {
    const sw_packet *p;
    const sw_ip_layer *lay;
    unsigned index;
    uint16_t sp, dp; /* flow_layer_ports */
    int is_tcp;      /* a TCP header was decoded (not a fragment) */
    int64_t now_us;  /* the packet's time, as time_us() */
} flow_pkt;

#if defined(__GNUC__)
#define FLOW_PREFETCH_WRITE(addr) __builtin_prefetch((addr), 1)
#else
#define FLOW_PREFETCH_WRITE(addr) ((void)(addr))
#endif

/* A full table evicts its list heads one after another, and unlinking a record writes to three
 * others that have long left the cache: its LRU successor, its bucket predecessor and its bucket
 * successor. Fetching them for the next head now overlaps those misses with the packets in
 * between instead of stalling the next new flow on them. */
static void prefetch_unlink(flow_lru_node *head)
{
    if (!head)
        return;
    const flow_rec *r = rec_of(head);
    /* and the record itself, which its FLOW_END observation copies whole */
    for (size_t off = 0; off < sizeof(*r); off += 64)
        FLOW_PREFETCH_WRITE((const char *)r + off);
    if (head->next)
        FLOW_PREFETCH_WRITE(head->next);
    FLOW_PREFETCH_WRITE(r->hpprev);
    if (r->hnext)
        FLOW_PREFETCH_WRITE(r->hnext);
}

/* A record for a new flow: from the pool, else by evicting the least recently active flow. */
static flow_rec *acquire(sw_flow_table *ft, const sw_packet *p)
{
    flow_rec *r = pool_take(ft);
    if (r)
        return r;
    flow_rec *victim = least_recent(ft);
    if (!victim)
        return NULL;
    unsigned cls = victim->cls;
    end_flow(ft, victim, SW_FLOW_END_EVICTED, p->ts, p->pcap_cnt);
    prefetch_unlink(ft->lists[cls].head);
    return pool_take(ft);
}

static inline flow_rec *lookup(const sw_flow_table *ft, const flow_key *key, uint64_t hash)
{
    for (flow_rec *r = ft->buckets[hash & ft->mask]; r; r = r->hnext)
        if (r->hash == hash && flow_key_equal(&r->key, key))
            return r;
    return NULL;
}

static int is_tcp_layer(const sw_ip_layer *lay)
{
    return lay->proto == 6 && !lay->is_fragment;
}

static void count_new(sw_flow_stats *st, uint8_t proto)
{
    st->total++;
    if (proto == 6)
        st->tcp++;
    else if (proto == 17)
        st->udp++;
    else if (proto == 1)
        st->icmpv4++;
    else if (proto == 58)
        st->icmpv6++;
    else
        st->other++;
}

/* Fills the oriented flow fields from the first packet. The sender is the client, except for a
 * first SYN-ACK, which only a server sends (RFC 9293 section 3.5). */
static void describe(flow_rec *r, const flow_pkt *fp, int from_server)
{
    const sw_packet *p = fp->p;
    const sw_ip_layer *lay = fp->lay;
    unsigned index = fp->index;
    uint16_t sp = fp->sp, dp = fp->dp;
    r->o.src = from_server ? lay->dst : lay->src;
    r->o.dst = from_server ? lay->src : lay->dst;
    r->o.sp = from_server ? dp : sp;
    r->o.dp = from_server ? sp : dp;
    r->o.proto = lay->proto;
    if (lay->proto == 1 || lay->proto == 58) {
        r->o.icmp_type = lay->icmp_type;
        r->o.icmp_code = lay->icmp_code;
    }
    for (unsigned i = 0; i < lay->vlan_count && i < SW_PKT_MAX_VLAN; i++)
        r->o.vlan[i] = lay->vlan[i];
    r->o.start = p->ts;
    r->o.last = p->ts;
    r->o.gre_payload = lay->gre_payload;
    r->o.erspan_version = lay->erspan_version;
    if (index > 0) {
        r->has_tunnel = 1;
        r->tunnel.kind = p->ip[1].carried_by;
        r->tunnel.outer_src = p->ip[0].src;
        r->tunnel.outer_dst = p->ip[0].dst;
        r->tunnel.outer_proto = p->ip[0].proto;
        r->tunnel.depth = (uint8_t)index;
    }
}

/* sw_ip has no padding, so comparing its bytes is sw_ip_equal, inline. */
static int is_toserver(const flow_rec *r, const sw_ip *src, uint16_t sp)
{
    return sp == r->o.sp && memcmp(src, &r->o.src, sizeof(*src)) == 0;
}

static void account(flow_rec *r, const sw_ip_layer *lay, int toserver, sw_time ts, int64_t ts_us)
{
    if (toserver) {
        r->o.pkts_toserver++;
        r->o.bytes_toserver += lay->ip_len;
    } else {
        r->o.pkts_toclient++;
        r->o.bytes_toclient += lay->ip_len;
    }
    if (ts_us > r->last_us) {
        r->o.last = ts;
        r->last_us = ts_us;
    }
    if (r->o.gre_payload == 0 && lay->gre_payload != 0) {
        r->o.gre_payload = lay->gre_payload;
        r->o.erspan_version = lay->erspan_version;
    }
}

/* Puts the record at the tail of its (possibly new) class list, stamped with the clock. */
static void touch(sw_flow_table *ft, flow_rec *r, int relink)
{
    flow_class cls = flow_class_of(r->o.proto, r->tcp.state == SW_TCP_CLOSED,
                                   flow_tcp_is_established_like(&r->tcp), r->answered);
    if (relink && cls == r->cls && ft->lists[cls].tail == &r->lru) {
        r->touched_us = ft->clock_us; /* already last in its list: nothing to move */
        return;
    }
    if (relink)
        flow_lru_remove(&ft->lists[r->cls], &r->lru);
    r->cls = cls;
    r->touched_us = ft->clock_us;
    flow_lru_append(&ft->lists[cls], &r->lru);
    /* Removing a head only delays its list's deadline; appending may start a list whose first
     * deadline comes sooner. */
    int64_t due = ft->clock_us + ft->timeout_us[cls];
    if (due < ft->next_due_us)
        ft->next_due_us = due;
}

static flow_rec *create(sw_flow_table *ft, const flow_pkt *fp, const flow_key *key, uint64_t hash)
{
    const sw_packet *p = fp->p;
    const sw_ip_layer *lay = fp->lay;
    flow_rec *r = acquire(ft, p);
    if (!r)
        return NULL;
    memset(r, 0, sizeof(*r));
    memcpy(&r->key, key, sizeof(r->key)); /* padding too: keys compare word by word */
    r->hash = hash;
    int from_server = fp->is_tcp && flow_tcp_first_is_from_server(lay->tcp_flags);
    describe(r, fp, from_server);
    r->last_us = fp->now_us;
    r->o.flow_id = flow_key_flow_id(key, p->ts);
    if (fp->is_tcp) {
        flow_tcp_start(&r->tcp, lay->tcp_flags);
        ft->st.tcp_midstream += r->tcp.midstream;
    }
    r->o.tcp_state = r->tcp.state;
    r->answered = (uint8_t)from_server;
    account(r, lay, !from_server, p->ts, fp->now_us);
    flow_rec **bucket = &ft->buckets[hash & ft->mask];
    r->hnext = *bucket;
    r->hpprev = bucket;
    if (*bucket)
        (*bucket)->hpprev = &r->hnext;
    *bucket = r;
    touch(ft, r, 0);
    count_new(&ft->st, lay->proto);
    ft->st.active++;
    ft->st.memuse = ft->st.active * sizeof(flow_rec);
    emit(ft, r, SW_OBS_FLOW_START, p->ts, p->pcap_cnt);
    if (from_server)
        emit(ft, r, SW_OBS_FLOW_ANSWERED, p->ts, p->pcap_cnt);
    return r;
}

/* FLOW_PROGRESS each time the flow's bytes reach the next power of two from 1 MiB, so a tunnel
 * that never goes idle is judged on its volume while it runs, not only once it ends. */
static int progress_due(const flow_rec *r, uint64_t bytes)
{
    return r->progress_shift <= FLOW_PROGRESS_LAST && bytes >= FLOW_PROGRESS_FIRST
                                                                   << r->progress_shift;
}

static void progress(sw_flow_table *ft, flow_rec *r, const sw_packet *p)
{
    if (!progress_due(r, r->o.bytes_toserver + r->o.bytes_toclient))
        return;
    r->progress_shift++; /* one packet adds far less than the 1 MiB or more to the next one */
    emit(ft, r, SW_OBS_FLOW_PROGRESS, p->ts, p->pcap_cnt);
}

static int update(sw_flow_table *ft, flow_rec *r, const flow_pkt *fp)
{
    const sw_packet *p = fp->p;
    const sw_ip_layer *lay = fp->lay;
    int toserver = is_toserver(r, &lay->src, fp->sp);
    account(r, lay, toserver, p->ts, fp->now_us);
    unsigned ev = 0;
    if (fp->is_tcp) {
        ev = flow_tcp_update(&r->tcp, lay->tcp_flags, toserver);
        r->o.tcp_state = r->tcp.state;
    }
    int answered_now = !toserver && !r->answered;
    r->answered |= (uint8_t)answered_now;
    touch(ft, r, 1);
    if (answered_now)
        emit(ft, r, SW_OBS_FLOW_ANSWERED, p->ts, p->pcap_cnt);
    if (ev & FLOW_TCP_EV_ESTABLISHED)
        emit(ft, r, SW_OBS_FLOW_ESTABLISHED, p->ts, p->pcap_cnt);
    progress(ft, r, p);
    return toserver;
}

void sw_flow_table_set_slot_free(sw_flow_table *ft, sw_flow_slot_free_cb cb, void *user)
{
    ft->slot_free = cb;
    ft->slot_user = user;
}

/* The flow of layer `index`, created when new; *toserver receives the packet's direction. */
static flow_rec *track(sw_flow_table *ft, const sw_packet *p, unsigned index, int *toserver)
{
    flow_pkt fp = {.p = p, .lay = &p->ip[index], .index = index};
    fp.now_us = advance_clock(ft, p->ts);
    fp.is_tcp = is_tcp_layer(fp.lay);
    flow_layer_ports(fp.lay, &fp.sp, &fp.dp);
    expire_due(ft, p->pcap_cnt);
    flow_key key;
    flow_key_build_ports(&key, p, index, fp.sp, fp.dp);
    uint64_t hash = flow_key_bucket_hash(&key, ft->bucket_seed);
    flow_rec *r = lookup(ft, &key, hash);
    /* Port reuse: a new SYN on a closed connection starts a new flow (RFC 9293 section 3.6.1,
     * TIME-WAIT may be cut short by a new SYN). */
    if (r && fp.is_tcp && flow_tcp_is_reuse(&r->tcp, fp.lay->tcp_flags)) {
        end_flow(ft, r, SW_FLOW_END_CLOSED, p->ts, p->pcap_cnt);
        r = NULL;
    }
    if (r) {
        *toserver = update(ft, r, &fp);
        return r;
    }
    r = create(ft, &fp, &key, hash);
    if (!r)
        ft->st.memcap_refused++;
    else
        *toserver = is_toserver(r, &fp.lay->src, fp.sp);
    return r;
}

/* A layer whose transport header could not be read has no ports to key a flow by. */
static int trackable(const sw_flow_table *ft, const sw_packet *p, unsigned index)
{
    return ft && p && index < p->n_ip && index < SW_PKT_MAX_IP_LAYERS &&
           !p->ip[index].transport_invalid;
}

uint64_t sw_flow_table_packet(sw_flow_table *ft, const sw_packet *p, unsigned index)
{
    if (!trackable(ft, p, index))
        return 0;
    int toserver;
    flow_rec *r = track(ft, p, index, &toserver);
    return r ? r->o.flow_id : 0;
}

uint64_t sw_flow_table_packet_ref(sw_flow_table *ft, const sw_packet *p, unsigned index,
                                  sw_flow_ref *ref)
{
    memset(ref, 0, sizeof(*ref));
    if (!trackable(ft, p, index))
        return 0;
    int toserver = 0;
    flow_rec *r = track(ft, p, index, &toserver);
    if (!r)
        return 0;
    ref->flow_id = r->o.flow_id;
    ref->flow = &r->o;
    ref->tunnel = r->has_tunnel ? &r->tunnel : NULL;
    ref->slot = &r->slot;
    ref->to_server = (uint8_t)toserver;
    return r->o.flow_id;
}
