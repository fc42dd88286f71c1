/* TCP stream reassembly, one direction at a time: bytes leave in sequence order, exactly once.
 *
 * In-order segments are delivered straight from the packet (no copy). Segments that arrive ahead
 * of the next expected byte are copied and held, bounded by a global memory cap; overlapping bytes
 * keep the copy that arrived first ("first wins", the BSD policy; RFC 9293 section 3.10.7.4 lets
 * a receiver trim either way, so an evader who sends two versions sees the first one inspected,
 * consistently) and are counted. A hole the capture will never fill (the peer acknowledged past
 * it, or the flow ended) becomes a counted gap and delivery goes on after it. A connection picked
 * up without its SYN starts at the first byte seen (midstream). Past the inspection depth nothing
 * more is delivered or held. */
#ifndef SEAWALL_SENSOR_STREAM_TCP_H
#define SEAWALL_SENSOR_STREAM_TCP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define SW_STREAM_DEFAULT_DEPTH  ((size_t)64 << 10) /* bytes inspected per direction */
#define SW_STREAM_DEFAULT_MEMCAP ((size_t)64 << 20) /* bytes held for all flows */

typedef struct sw_stream_config {
    size_t depth;  /* bytes delivered per direction; 0 = unlimited */
    size_t memcap; /* bytes held out of order (and by the app layer) across all flows */
} sw_stream_config;

void sw_stream_config_defaults(sw_stream_config *cfg);

typedef struct sw_stream_stats {
    uint64_t segments;          /* data segments offered */
    uint64_t bytes_delivered;   /* in-order bytes handed on */
    uint64_t out_of_order;      /* segments held for later */
    uint64_t overlaps;          /* segments with bytes already seen (retransmissions included) */
    uint64_t overlap_bytes;     /* bytes dropped because an earlier copy won */
    uint64_t gaps;              /* holes skipped */
    uint64_t gap_bytes;         /* bytes never seen inside those holes */
    uint64_t depth_reached;     /* directions that hit the inspection depth */
    uint64_t midstream;         /* directions picked up without a SYN */
    uint64_t reassembly_memcap; /* segments (or app buffers) refused by the memcap */
    uint64_t memuse;            /* bytes held now */
    uint64_t memuse_max;        /* highest memuse seen */
} sw_stream_stats;

/* One worker's reassembly context: config, counters and the memory account. Embedded by value;
 * sw_stream_ctx_init cannot fail. No global state: everything lives here. */
typedef struct sw_stream_ctx {
    sw_stream_config cfg;
    sw_stream_stats st;
} sw_stream_ctx;

void sw_stream_ctx_init(sw_stream_ctx *ctx, const sw_stream_config *cfg);

/* Reserves n bytes against the memcap (1) or refuses and counts stream.reassembly_memcap (0). */
int sw_stream_mem_reserve(sw_stream_ctx *ctx, size_t n);
void sw_stream_mem_release(sw_stream_ctx *ctx, size_t n);

typedef struct stream_seg stream_seg; /* private: a held out-of-order segment */

/* One direction of a connection; zero-initialise it (= {0}) before the first segment. */
typedef struct sw_stream_dir {
    uint32_t next_seq;   /* sequence number of the next byte to deliver */
    uint64_t offset;     /* stream offset of that byte (0 = first byte after the SYN) */
    stream_seg *held;    /* out-of-order segments, sorted by sequence, never overlapping */
    size_t held_bytes;   /* their payload bytes */
    uint8_t started;     /* next_seq is known */
    uint8_t midstream;   /* started without a SYN */
    uint8_t depth_done;  /* the depth was reached: nothing more is delivered */
    uint8_t gap_pending; /* a hole was skipped: the next delivery carries gap = 1 */
} sw_stream_dir;

/* Receives in-order bytes: `offset` is the stream offset of data[0]; `gap` is set on the first
 * chunk after a hole (the bytes before it are lost). data is borrowed for the call. */
typedef void (*sw_stream_deliver_cb)(const uint8_t *data, size_t len, uint64_t offset, int gap,
                                     void *user);

/* Offers one segment of this direction: its sequence number, TCP flags and payload (borrowed).
 * Delivers through cb whatever became in order. Never fails: refusals are counters. */
void sw_stream_segment(sw_stream_ctx *ctx, sw_stream_dir *d, uint32_t seq, uint8_t tcp_flags,
                       const uint8_t *data, size_t len, sw_stream_deliver_cb cb, void *user);

/* The peer acknowledged up to `ack` (RFC 9293 3.4: every byte before it was received by the
 * peer). A hole the capture missed below `ack` becomes a gap, and held data after it flows. */
void sw_stream_acked(sw_stream_ctx *ctx, sw_stream_dir *d, uint32_t ack, sw_stream_deliver_cb cb,
                     void *user);

/* The flow ended: held segments are delivered after gaps (when deliver is set) and freed. */
void sw_stream_dir_finish(sw_stream_ctx *ctx, sw_stream_dir *d, sw_stream_deliver_cb cb,
                          void *user);

/* Adds stream.* counters to an EVE stats object. */
void sw_stream_stats_to_json(const sw_stream_stats *st, json_t *seawall);

#endif
