/* TCP reassembly per direction (see stream-tcp.h for the policy). Sequence numbers wrap at 2^32
 * (RFC 9293 section 3.4), so every comparison is a signed 32-bit distance from next_seq. */
#include "stream-tcp.h"

#include "util-cursor.h"

#include <stddef.h>
#include <stdlib.h>

#define TCP_FLAG_SYN 0x02

struct stream_seg {
    stream_seg *next;
    uint32_t seq;
    size_t len;
    uint8_t data[];
};

void sw_stream_config_defaults(sw_stream_config *cfg)
{
    cfg->depth = SW_STREAM_DEFAULT_DEPTH;
    cfg->memcap = SW_STREAM_DEFAULT_MEMCAP;
}

void sw_stream_ctx_init(sw_stream_ctx *ctx, const sw_stream_config *cfg)
{
    ctx->cfg = *cfg;
    ctx->st = (sw_stream_stats){0};
}

int sw_stream_mem_reserve(sw_stream_ctx *ctx, size_t n)
{
    if (n > ctx->cfg.memcap || ctx->st.memuse > ctx->cfg.memcap - n) {
        ctx->st.reassembly_memcap++;
        return 0;
    }
    ctx->st.memuse += n;
    if (ctx->st.memuse > ctx->st.memuse_max)
        ctx->st.memuse_max = ctx->st.memuse;
    return 1;
}

void sw_stream_mem_release(sw_stream_ctx *ctx, size_t n)
{
    ctx->st.memuse = n > ctx->st.memuse ? 0 : ctx->st.memuse - n;
}

/* Distance of s ahead of the next expected byte; negative for bytes already delivered. */
static int64_t ahead(const sw_stream_dir *d, uint32_t s)
{
    return (int32_t)(s - d->next_seq);
}

static void seg_free(sw_stream_ctx *ctx, sw_stream_dir *d, stream_seg *s)
{
    d->held_bytes -= s->len;
    sw_stream_mem_release(ctx, sizeof(*s) + s->len);
    free(s);
}

static void drop_held(sw_stream_ctx *ctx, sw_stream_dir *d)
{
    while (d->held) {
        stream_seg *s = d->held;
        d->held = s->next;
        seg_free(ctx, d, s);
    }
}

/* Hands on len bytes at next_seq, cut at the depth; then advances past them. */
static void deliver(sw_stream_ctx *ctx, sw_stream_dir *d, sw_cursor *c, size_t len,
                    sw_stream_deliver_cb cb, void *user)
{
    size_t depth = ctx->cfg.depth;
    size_t n = len;
    if (depth && d->offset + n > depth)
        n = d->offset < depth ? (size_t)(depth - d->offset) : 0;
    const uint8_t *p = sw_cur_ptr(c);
    if (n > 0 && p && cb) {
        cb(p, n, d->offset, d->gap_pending, user);
        d->gap_pending = 0;
    }
    ctx->st.bytes_delivered += n;
    sw_cur_skip(c, len);
    d->offset += len;
    d->next_seq += (uint32_t)len;
    if (depth && d->offset >= depth && !d->depth_done) {
        d->depth_done = 1;
        ctx->st.depth_reached++;
        drop_held(ctx, d);
    }
}

/* Delivers held segments that have become in order. */
static void drain(sw_stream_ctx *ctx, sw_stream_dir *d, sw_stream_deliver_cb cb, void *user)
{
    while (d->held && !d->depth_done && ahead(d, d->held->seq) <= 0) {
        stream_seg *s = d->held;
        d->held = s->next;
        int64_t behind = -ahead(d, s->seq);
        if ((uint64_t)behind < s->len) {
            sw_cursor c = sw_cur_init(s->data, s->len);
            sw_cur_skip(&c, (size_t)behind);
            deliver(ctx, d, &c, s->len - (size_t)behind, cb, user);
        }
        seg_free(ctx, d, s);
    }
}

/* Copies `take` bytes of c into a new held segment before *pp. 0 when the memcap refuses. */
static int hold_piece(sw_stream_ctx *ctx, sw_stream_dir *d, stream_seg **pp, uint32_t seq,
                      sw_cursor *c, size_t take)
{
    if (!sw_stream_mem_reserve(ctx, sizeof(stream_seg) + take))
        return 0;
    stream_seg *s = malloc(sizeof(*s) + take);
    if (!s) {
        sw_stream_mem_release(ctx, sizeof(stream_seg) + take);
        ctx->st.reassembly_memcap++;
        return 0;
    }
    s->seq = seq;
    s->len = take;
    sw_cur_bytes(c, s->data, take);
    s->next = *pp;
    *pp = s;
    d->held_bytes += take;
    return 1;
}

/* Holds the bytes of c (starting at seq) that no held segment covers yet: first wins. */
static void hold(sw_stream_ctx *ctx, sw_stream_dir *d, uint32_t seq, sw_cursor *c)
{
    stream_seg **pp = &d->held;
    size_t overlapped = 0;
    while (sw_cur_left(c) > 0) {
        size_t left = sw_cur_left(c);
        while (*pp && ahead(d, (*pp)->seq) + (int64_t)(*pp)->len <= ahead(d, seq))
            pp = &(*pp)->next;
        stream_seg *nx = *pp;
        if (nx && ahead(d, nx->seq) <= ahead(d, seq)) { /* seq falls inside nx */
            size_t skip = (size_t)(ahead(d, nx->seq) + (int64_t)nx->len - ahead(d, seq));
            skip = skip < left ? skip : left;
            overlapped += skip;
            seq += (uint32_t)skip;
            sw_cur_skip(c, skip);
            continue;
        }
        size_t take = left;
        if (nx && (size_t)(ahead(d, nx->seq) - ahead(d, seq)) < take)
            take = (size_t)(ahead(d, nx->seq) - ahead(d, seq));
        if (!hold_piece(ctx, d, pp, seq, c, take))
            break;
        pp = &(*pp)->next;
        seq += (uint32_t)take;
    }
    if (overlapped) {
        ctx->st.overlaps++;
        ctx->st.overlap_bytes += overlapped;
    }
}

/* Bytes of a segment `rel` ahead that lie inside the depth (all of them when unlimited). */
static size_t within_depth(const sw_stream_ctx *ctx, const sw_stream_dir *d, int64_t rel,
                           size_t len)
{
    size_t depth = ctx->cfg.depth;
    if (!depth)
        return len;
    uint64_t start = d->offset + (uint64_t)rel;
    if (start >= depth)
        return 0;
    return depth - start < len ? (size_t)(depth - start) : len;
}

/* Starts the direction: after a SYN at its sequence + 1, else at the first byte (midstream). */
static int start(sw_stream_ctx *ctx, sw_stream_dir *d, uint32_t seq, uint8_t tcp_flags)
{
    if (tcp_flags & TCP_FLAG_SYN) {
        if (!d->started) {
            d->started = 1;
            d->next_seq = seq + 1;
        }
        return 0; /* SYN payload (TCP Fast Open) is not inspected */
    }
    if (!d->started) {
        d->started = 1;
        d->midstream = 1;
        d->next_seq = seq;
        ctx->st.midstream++;
    }
    return 1;
}

void sw_stream_segment(sw_stream_ctx *ctx, sw_stream_dir *d, uint32_t seq, uint8_t tcp_flags,
                       const uint8_t *data, size_t len, sw_stream_deliver_cb cb, void *user)
{
    if (!start(ctx, d, seq, tcp_flags) || len == 0 || !data || d->depth_done)
        return;
    ctx->st.segments++;
    sw_cursor c = sw_cur_init(data, len);
    int64_t rel = ahead(d, seq);
    if (rel < 0) { /* starts in bytes already delivered: those copies won */
        uint64_t old = (uint64_t)-rel;
        ctx->st.overlaps++;
        ctx->st.overlap_bytes += old < len ? old : len;
        if (old >= len)
            return;
        sw_cur_skip(&c, (size_t)old);
        seq += (uint32_t)old;
        rel = 0;
    }
    size_t keep = within_depth(ctx, d, rel, sw_cur_left(&c));
    sw_cursor part = sw_cur_sub(&c, keep);
    if (rel == 0 && (!d->held || ahead(d, d->held->seq) >= (int64_t)keep)) {
        deliver(ctx, d, &part, keep, cb, user);
    } else {
        if (rel > 0)
            ctx->st.out_of_order++;
        hold(ctx, d, seq, &part);
    }
    drain(ctx, d, cb, user);
}

/* Skips the hole up to `to` (ahead of next_seq) as a gap. */
static void skip_gap(sw_stream_ctx *ctx, sw_stream_dir *d, uint32_t to)
{
    int64_t n = ahead(d, to);
    if (n <= 0)
        return;
    ctx->st.gaps++;
    ctx->st.gap_bytes += (uint64_t)n;
    d->gap_pending = 1;
    d->next_seq = to;
    d->offset += (uint64_t)n;
    if (ctx->cfg.depth && d->offset >= ctx->cfg.depth && !d->depth_done) {
        d->depth_done = 1;
        ctx->st.depth_reached++;
        drop_held(ctx, d);
    }
}

void sw_stream_acked(sw_stream_ctx *ctx, sw_stream_dir *d, uint32_t ack, sw_stream_deliver_cb cb,
                     void *user)
{
    if (!d->started || d->depth_done || ahead(d, ack) <= 0)
        return;
    /* The peer has every byte before ack; what we hold inside that range flows after a gap. */
    while (!d->depth_done && ahead(d, ack) > 0) {
        uint32_t to = ack;
        if (d->held && ahead(d, d->held->seq) < ahead(d, ack))
            to = d->held->seq;
        skip_gap(ctx, d, to);
        drain(ctx, d, cb, user);
        if (!d->held || ahead(d, d->held->seq) >= ahead(d, ack))
            break;
    }
}

void sw_stream_dir_finish(sw_stream_ctx *ctx, sw_stream_dir *d, sw_stream_deliver_cb cb, void *user)
{
    while (cb && d->held && !d->depth_done) {
        skip_gap(ctx, d, d->held->seq);
        drain(ctx, d, cb, user);
    }
    drop_held(ctx, d);
}

void sw_stream_stats_to_json(const sw_stream_stats *st, json_t *seawall)
{
    static const struct {
        const char *name;
        size_t off;
    } fields[] = {
        {"stream.segments", offsetof(sw_stream_stats, segments)},
        {"stream.bytes", offsetof(sw_stream_stats, bytes_delivered)},
        {"stream.out_of_order", offsetof(sw_stream_stats, out_of_order)},
        {"stream.overlaps", offsetof(sw_stream_stats, overlaps)},
        {"stream.overlap_bytes", offsetof(sw_stream_stats, overlap_bytes)},
        {"stream.gaps", offsetof(sw_stream_stats, gaps)},
        {"stream.gap_bytes", offsetof(sw_stream_stats, gap_bytes)},
        {"stream.depth_reached", offsetof(sw_stream_stats, depth_reached)},
        {"stream.midstream", offsetof(sw_stream_stats, midstream)},
        {"stream.reassembly_memcap", offsetof(sw_stream_stats, reassembly_memcap)},
        {"stream.memuse", offsetof(sw_stream_stats, memuse)},
        {"stream.memuse_max", offsetof(sw_stream_stats, memuse_max)},
    };
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        const uint64_t *v = (const uint64_t *)(const void *)((const char *)st + fields[i].off);
        json_object_set_new(seawall, fields[i].name, json_integer((json_int_t)*v));
    }
}
