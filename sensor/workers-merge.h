/* The correlator's ordered merge (workers.h): which pending item may be handed to the
 * correlator now so that items come out exactly in the dispatcher's order.
 *
 * The dispatcher numbers every message it sends (a packet to one worker, a tick or the end of
 * input to all) with a rising sequence number. A worker tags what it forwards with the number
 * of the message it was processing, and after each message publishes a watermark: "I have
 * processed everything up to S". The dispatcher's own items (the correlator's clock ticks)
 * carry the number of the packet they precede and come before that packet's records. The order
 * is (seq, rank): rank 0 for the dispatcher's items, 1 + i for worker i's records (the workers
 * of a broadcast message in index order), and each worker's records in the order it made them.
 *
 * An item is safe when no source can still produce one that sorts before it: a worker with a
 * record queued will only queue later ones; a worker with an empty queue will next produce
 * something with seq > its watermark, unless it is idle (it has processed every message sent
 * to it, so it produces nothing until the dispatcher sends more, with higher numbers). */
#ifndef SEAWALL_SENSOR_WORKERS_MERGE_H
#define SEAWALL_SENSOR_WORKERS_MERGE_H

#include <stdint.h>

/* What the dispatcher knows of one worker. Read the watermark BEFORE looking at the queue: a
 * record queued after that read then has a sequence number above the watermark read. */
typedef struct sw_merge_source {
    int has_head;      /* its queue holds a record */
    uint64_t head_seq; /* that record's sequence number */
    uint64_t done;     /* watermark: every message up to this number is processed */
    int idle;          /* done equals the number of the last message sent to it */
} sw_merge_source;

#define SW_MERGE_WAIT (-1)

/* Index of the source whose queued record is next (0..n-1), n for the dispatcher's own item
 * (has_own, own_seq), or SW_MERGE_WAIT when the next item is not known yet. */
int sw_merge_next(const sw_merge_source *src, unsigned n, int has_own, uint64_t own_seq);

#endif
