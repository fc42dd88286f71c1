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
 * live interface the kernel ring absorbs the wait and counts drops in capture.kernel_drops). */
#ifndef SEAWALL_SENSOR_WORKERS_H
#define SEAWALL_SENSOR_WORKERS_H

#include "pipeline.h"

#define SW_WORKERS_MAX        64
#define SW_WORKERS_RING_BYTES (4u << 20)

/* Called in worker `index`'s thread, between two packets, after sw_workers_sync: the place to
 * swap the pipeline's engine for a reloaded configuration. */
typedef void (*sw_worker_sync_cb)(unsigned index, sw_pipeline *pl, void *user);

typedef struct sw_workers sw_workers;

/* Starts one thread per pipeline (borrowed: they must outlive sw_workers_free; each is used by
 * its worker thread only until sw_workers_finish returns). Caller owns; NULL with err filled
 * when memory or threads run out (nothing is left running). */
sw_workers *sw_workers_new(sw_pipeline *const *pipelines, unsigned n, sw_worker_sync_cb sync,
                           void *user, sw_error *err);

/* A zeroed worker set of `size` bytes for n workers; NULL with err filled when n is out of
 * 1..SW_WORKERS_MAX or memory runs out. Shared with workers-live.c. */
void *sw_workers_alloc(size_t size, unsigned n, sw_error *err);

/* Dispatcher side (one thread only). The packet's bytes are copied into the ring. */
void sw_workers_packet(sw_workers *w, const sw_packet *p);
/* Broadcasts a tick (live capture idle time). */
void sw_workers_tick(sw_workers *w, sw_time now);
/* Asks every worker to call the sync callback once at its next message. */
void sw_workers_sync(sw_workers *w);
/* 1 when every worker has run the sync callback for the latest sw_workers_sync. */
int sw_workers_synced(sw_workers *w);
/* Sends end-of-input: each worker finishes its pipeline (flushes flows, final stats), then the
 * threads are joined. */
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
