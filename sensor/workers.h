/* Multi-core processing: one dispatcher (the capture thread) and N worker threads, each owning
 * one sw_pipeline (decoder, flow table, engine). The dispatcher hashes each packet's outermost
 * IP address pair, symmetrically, onto one single-producer/single-consumer ring per worker, so
 * both directions of a flow, its fragments, ICMP errors about it and a tunnel together with
 * every flow inside it reach the same worker (same flow state as a single-thread run). Frames
 * without IP (ARP, STP) go to worker 0.
 *
 * Time: each worker sees only its share of packets, so the dispatcher also broadcasts a tick
 * whenever packet time enters a new second; workers expire flows on that shared clock.
 * A full ring blocks the dispatcher (no packet is dropped between dispatcher and workers; on a
 * live interface the kernel ring absorbs the wait and counts drops in capture.kernel_drops).
 *
 * Cross-flow detections and alert hygiene (engine.h, "Split runs") need every flow: with a
 * correlator, each worker's engine runs the per-flow detections only and forwards, through one
 * more SPSC ring per worker, self-contained copies of the observations the cross-flow
 * detections read and of every alert it raised, tagged with the sequence number the dispatcher
 * gave the message being processed. The dispatcher thread merges the workers' rings in
 * sequence order (workers-merge.h), together with the ticks of the single-run clock
 * (packet-clock.h), and hands each item to the correlator callbacks: the correlator sees
 * exactly what one engine would have seen, in the same order. It runs in the dispatcher
 * thread, between packets and while the dispatcher waits for room in a ring. */
#ifndef SEAWALL_SENSOR_WORKERS_H
#define SEAWALL_SENSOR_WORKERS_H

#include "pipeline.h"

#define SW_WORKERS_MAX        64
#define SW_WORKERS_RING_BYTES (4u << 20)
#define SW_WORKERS_OUT_BYTES  (4u << 20) /* worker -> correlator ring */
#define SW_WORKERS_OWN_TICKS  1024       /* correlator ticks waiting for the workers */

/* Called in worker `index`'s thread, between two packets, after sw_workers_sync: the place to
 * swap the pipeline's engine for a reloaded configuration. */
typedef void (*sw_worker_sync_cb)(unsigned index, sw_pipeline *pl, void *user);

typedef struct sw_workers sw_workers;

/* The correlator, called in the dispatcher thread in merged order. `record`: what one worker
 * forwarded after one observation (sw_forward_cb; borrowed for the call). `tick`: the single
 * run's clock ticked (feed the engine an SW_OBS_TICK at `now`). */
typedef struct sw_workers_correlator {
    sw_forward_cb record;
    void (*tick)(sw_time now, void *user);
    void *user;
} sw_workers_correlator;

/* Starts one thread per pipeline (borrowed: they must outlive sw_workers_free; each is used by
 * its worker thread only until sw_workers_finish returns). With `corr` (copied; may be NULL for
 * independent engines) every pipeline is made a forwarding worker (sw_pipeline_set_forward).
 * Caller owns; NULL with err filled when memory or threads run out (nothing is left running). */
sw_workers *sw_workers_new(sw_pipeline *const *pipelines, unsigned n, sw_worker_sync_cb sync,
                           void *user, const sw_workers_correlator *corr, sw_error *err);

/* A zeroed worker set of `size` bytes for n workers; NULL with err filled when n is out of
 * 1..SW_WORKERS_MAX or memory runs out. Shared with workers-live.c. */
void *sw_workers_alloc(size_t size, unsigned n, sw_error *err);

/* Dispatcher side (one thread only). The packet's bytes are copied into the ring. */
void sw_workers_packet(sw_workers *w, const sw_packet *p);
/* Broadcasts a tick (live capture idle time). */
void sw_workers_tick(sw_workers *w, sw_time now);
/* Hands the correlator every item that is safe to hand on now, without waiting. */
void sw_workers_drain(sw_workers *w);
/* Forwarded records refused because they exceed the forward ring's record limit (half the
 * ring; bulk bytes are never forwarded, so this should stay 0). */
uint64_t sw_workers_forward_dropped(sw_workers *w);
/* Asks every worker to call the sync callback once at its next message. */
void sw_workers_sync(sw_workers *w);
/* 1 when every worker has run the sync callback for the latest sw_workers_sync. */
int sw_workers_synced(sw_workers *w);
/* 1 when, in addition, the correlator has been handed every record a worker forwarded before
 * it switched: nothing queued still points into the detection set the sync replaced. */
int sw_workers_synced_and_drained(sw_workers *w);
/* Sends end-of-input: each worker finishes its pipeline (flushes flows, final stats), the
 * correlator is handed everything, then the threads are joined. */
void sw_workers_finish(sw_workers *w);
void sw_workers_free(sw_workers *w); /* finishes first when needed; NULL is a no-op */

/* The symmetric hash of a frame's outermost IPv4/IPv6 address pair and protocol (0 when the
 * frame carries no IP): equal for both directions. Link types: Ethernet (with VLAN/QinQ and
 * MPLS), Linux SLL and SLL2, raw IP, BSD null/loopback. */
uint32_t sw_workers_flow_hash(int linktype, const uint8_t *data, size_t caplen);

/* Stats merging (workers-stats.c): adds every integer of `src` into `dst` at the same path
 * (missing paths are copied; "uptime" takes the larger value), descending at most 8 levels.
 * Used to turn the workers' "stats" and "seawall.counters" objects into one record. */
void sw_workers_stats_sum(json_t *dst, const json_t *src);

#endif
