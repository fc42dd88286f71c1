/* IP fragment reassembly: RFC 791 section 3.2 (IPv4), RFC 8200 section 4.5 (IPv6).
 *
 * Each datagram has a tracker holding a buffer and a per-byte "have" bitmap. A fragment's bytes
 * are copied only where the bitmap is clear, so the first copy of any byte wins, and any byte
 * already held marks the fragment as an overlap. Trackers live in a flat array capped at
 * defrag_trackers; looking one up is a linear scan, acceptable because fragments are rare on the
 * networks we watch and the cap bounds the cost. Buffers grow in FRAG_GROW_STEP steps, and all
 * held bytes (buffer, bitmap, tracker) are charged against defrag_memcap before allocating. */
#include "defrag.h"

#include <stdlib.h>
#include <string.h>

#define FRAG_GROW_STEP  2048u
#define FRAG_MAX_BUFFER 65536u

typedef struct frag_tracker {
    sw_frag_key key;
    sw_time first_seen;
    uint8_t *buf;
    uint8_t *have; /* one bit per byte of buf */
    uint32_t cap;
    uint32_t total; /* datagram length, known once the last fragment arrived */
    int seen_last;
    int seen_first;
    uint8_t first_next_proto;
} frag_tracker;

struct sw_defrag {
    size_t memcap;
    uint32_t max_trackers;
    int64_t timeout_us;
    size_t memuse;
    uint32_t n_trackers;
    frag_tracker **trackers;
    uint8_t *done; /* last reassembled datagram, owned until sw_defrag_release */
};

sw_defrag *sw_defrag_new(const sw_decode_config *cfg)
{
    sw_defrag *df = calloc(1, sizeof(*df));
    if (!df)
        return NULL;
    df->memcap = cfg->defrag_memcap;
    df->max_trackers = cfg->defrag_trackers;
    df->timeout_us = (int64_t)cfg->defrag_timeout_s * 1000000;
    df->trackers = calloc(df->max_trackers ? df->max_trackers : 1, sizeof(*df->trackers));
    if (!df->trackers) {
        free(df);
        return NULL;
    }
    return df;
}

static size_t tracker_cost(uint32_t cap)
{
    return sizeof(frag_tracker) + cap + cap / 8;
}

static void tracker_remove(sw_defrag *df, uint32_t idx)
{
    frag_tracker *t = df->trackers[idx];
    df->memuse -= tracker_cost(t->cap);
    free(t->buf);
    free(t->have);
    free(t);
    df->trackers[idx] = df->trackers[--df->n_trackers];
    df->trackers[df->n_trackers] = NULL;
}

void sw_defrag_release(sw_defrag *df)
{
    if (!df || !df->done) /* nearly every packet: no call into free() for nothing */
        return;
    free(df->done);
    df->done = NULL;
}

void sw_defrag_free(sw_defrag *df)
{
    if (!df)
        return;
    while (df->n_trackers)
        tracker_remove(df, 0);
    sw_defrag_release(df);
    free(df->trackers);
    free(df);
}

void sw_defrag_expire(sw_defrag *df, sw_time now, sw_decode_stats *st)
{
    for (uint32_t i = 0; i < df->n_trackers;) {
        frag_tracker *t = df->trackers[i];
        if (sw_time_diff_us(t->first_seen, now) <= df->timeout_us) {
            i++;
            continue;
        }
        if (t->key.version == 4)
            st->frag_ipv4_timeouts++;
        else
            st->frag_ipv6_timeouts++;
        tracker_remove(df, i);
    }
    st->frag_memuse = df->memuse;
}

static int key_equal(const sw_frag_key *a, const sw_frag_key *b)
{
    if (a->version != b->version || a->id != b->id)
        return 0;
    /* RFC 8200 4.5: IPv6 identifies a datagram by addresses and id only. */
    if (a->version == 4 && a->proto != b->proto)
        return 0;
    return sw_ip_equal(&a->src, &b->src) && sw_ip_equal(&a->dst, &b->dst);
}

static frag_tracker *tracker_find(sw_defrag *df, const sw_frag_key *key)
{
    for (uint32_t i = 0; i < df->n_trackers; i++)
        if (key_equal(&df->trackers[i]->key, key))
            return df->trackers[i];
    return NULL;
}

static sw_frag_result tracker_create(sw_defrag *df, const sw_fragment *frag, frag_tracker **out)
{
    if (df->n_trackers >= df->max_trackers)
        return SW_FRAG_TRACKERS_FULL;
    if (df->memuse + tracker_cost(0) > df->memcap)
        return SW_FRAG_MEMCAP;
    frag_tracker *t = calloc(1, sizeof(*t));
    if (!t)
        return SW_FRAG_NOMEM;
    t->key = frag->key;
    t->first_seen = frag->ts;
    df->trackers[df->n_trackers++] = t;
    df->memuse += tracker_cost(0);
    *out = t;
    return SW_FRAG_HELD;
}

/* Makes room for `end` bytes, charging the growth against the memcap first. */
static sw_frag_result tracker_reserve(sw_defrag *df, frag_tracker *t, uint32_t end)
{
    if (end <= t->cap)
        return SW_FRAG_HELD;
    uint32_t cap = (end + FRAG_GROW_STEP - 1) / FRAG_GROW_STEP * FRAG_GROW_STEP;
    if (cap > FRAG_MAX_BUFFER)
        cap = FRAG_MAX_BUFFER;
    size_t grow = tracker_cost(cap) - tracker_cost(t->cap);
    if (df->memuse + grow > df->memcap)
        return SW_FRAG_MEMCAP;
    uint8_t *buf = realloc(t->buf, cap);
    if (!buf)
        return SW_FRAG_NOMEM;
    t->buf = buf;
    uint8_t *have = realloc(t->have, cap / 8);
    if (!have)
        return SW_FRAG_NOMEM;
    memset(have + t->cap / 8, 0, (cap - t->cap) / 8);
    t->have = have;
    t->cap = cap;
    df->memuse += grow;
    return SW_FRAG_HELD;
}

static int have_bit(const frag_tracker *t, uint32_t i)
{
    return (t->have[i / 8] >> (i % 8)) & 1;
}

/* Copies the fragment's bytes where none are held yet; returns 1 when any byte overlapped. */
static int tracker_fill(frag_tracker *t, uint32_t offset, sw_cursor data)
{
    int overlap = 0;
    uint32_t len = (uint32_t)sw_cur_left(&data);
    for (uint32_t i = 0; i < len;) {
        uint32_t run = 0;
        int held = have_bit(t, offset + i);
        while (i + run < len && have_bit(t, offset + i + run) == held)
            run++;
        if (held) {
            overlap = 1;
            sw_cur_skip(&data, run);
        } else {
            sw_cur_bytes(&data, t->buf + offset + i, run);
            for (uint32_t b = offset + i; b < offset + i + run; b++)
                t->have[b / 8] |= (uint8_t)(1u << (b % 8));
        }
        i += run;
    }
    return overlap;
}

static int tracker_complete(const frag_tracker *t)
{
    if (!t->seen_last || !t->seen_first)
        return 0;
    for (uint32_t i = 0; i < t->total; i++)
        if (!have_bit(t, i))
            return 0;
    return 1;
}

static sw_frag_result tracker_add(sw_defrag *df, frag_tracker *t, const sw_fragment *frag,
                                  sw_frag_out *out)
{
    uint32_t len = (uint32_t)sw_cur_left(&frag->data);
    uint32_t end = frag->offset + len;
    sw_frag_result r = tracker_reserve(df, t, end);
    if (r != SW_FRAG_HELD)
        return r;
    out->overlap = tracker_fill(t, frag->offset, frag->data);
    if (frag->offset == 0 && !t->seen_first) {
        t->seen_first = 1;
        t->first_next_proto = frag->next_proto;
    }
    if (!frag->more && !t->seen_last) {
        t->seen_last = 1;
        t->total = end;
    }
    return SW_FRAG_HELD;
}

sw_frag_result sw_defrag_add(sw_defrag *df, const sw_fragment *frag, sw_decode_stats *st,
                             sw_frag_out *out)
{
    memset(out, 0, sizeof(*out));
    if (frag->key.version == 4)
        st->frag_ipv4_fragments++;
    else
        st->frag_ipv6_fragments++;
    sw_defrag_expire(df, frag->ts, st);
    uint64_t end = (uint64_t)frag->offset + sw_cur_left(&frag->data);
    if (end > frag->max_len)
        return SW_FRAG_TOO_LARGE;

    frag_tracker *t = tracker_find(df, &frag->key);
    sw_frag_result r = SW_FRAG_HELD;
    if (!t)
        r = tracker_create(df, frag, &t);
    if (r == SW_FRAG_HELD)
        r = tracker_add(df, t, frag, out);
    st->frag_memuse = df->memuse;
    if (r != SW_FRAG_HELD || !tracker_complete(t))
        return r;

    /* Hand the buffer over: it lives until the next sw_defrag_release. */
    sw_defrag_release(df);
    df->done = t->buf;
    t->buf = NULL;
    out->data = df->done;
    out->len = t->total;
    out->next_proto = t->first_next_proto;
    for (uint32_t i = 0; i < df->n_trackers; i++)
        if (df->trackers[i] == t) {
            tracker_remove(df, i);
            break;
        }
    if (frag->key.version == 4)
        st->frag_ipv4_reassembled++;
    else
        st->frag_ipv6_reassembled++;
    st->frag_memuse = df->memuse;
    return SW_FRAG_DONE;
}
