/* Workers fed by the kernel: one thread per capture handle of a fanout group
 * (capture-fanout.h), each reading its own handle straight into its own pipeline, with no
 * dispatcher thread and no copy. The owner thread only supervises: reloads (the same sync
 * protocol as workers.h), output flushing, stop. */
#ifndef SEAWALL_SENSOR_WORKERS_LIVE_H
#define SEAWALL_SENSOR_WORKERS_LIVE_H

#include "capture.h"
#include "workers.h"

typedef struct sw_live_workers sw_live_workers;

/* Starts one thread per (handle, pipeline) pair; both arrays are borrowed until
 * sw_live_workers_finish, and the handles are closed there. Threads block every signal, so
 * signals reach the owner. NULL with err filled when threads cannot start (nothing is left running;
 * the handles stay open for the caller). */
sw_live_workers *sw_live_workers_new(sw_pipeline *const *pipelines,
                                     sw_capture_handle *const *handles, unsigned n,
                                     sw_worker_sync_cb sync, void *user, sw_error *err);
void sw_live_workers_sync(sw_live_workers *w);
int sw_live_workers_synced(sw_live_workers *w);
/* How many threads are still capturing (a capture error ends one). */
unsigned sw_live_workers_running(sw_live_workers *w);
/* Asks every thread to stop; each finishes its pipeline (flushes its flows) and closes its
 * handle. Joins them, adds their capture counters into *stats and returns the first capture
 * error (err filled), SW_OK otherwise. */
sw_status sw_live_workers_finish(sw_live_workers *w, sw_capture_stats *stats, sw_error *err);
void sw_live_workers_free(sw_live_workers *w); /* finishes first when needed; NULL is a no-op */

#endif
