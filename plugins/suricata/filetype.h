/* The `seawall` EVE file type, independent of the Suricata major: what Init, ThreadInit, Write,
 * ThreadDeinit and Deinit do. plugin-register.c adapts these to each host's signatures.
 *
 * Threading (see README.md): with `threaded: true` every output thread gets its own worker and
 * engine, used by that thread only. Otherwise all of Suricata's threads share one worker (7.0
 * passes thread_data NULL; 8.0 calls ThreadInit once and passes that to every thread), whose
 * engine is guarded by a mutex. The sink is shared and locks internally. */
#ifndef SEAWALL_SURICATA_FILETYPE_H
#define SEAWALL_SURICATA_FILETYPE_H

#include <stddef.h>
#include <stdint.h>

#include "host.h"

#define SW_SURI_FILETYPE_NAME "seawall"

typedef struct sw_suri_output sw_suri_output;
typedef struct sw_suri_worker sw_suri_worker;

/* Reads the options, the catalog and the network sets and opens the sink. NULL after logging a
 * message that names the key or file at fault (Suricata then refuses the eve-log output). */
sw_suri_output *sw_suri_output_new(const sw_host_node *conf, int threaded);

/* Threaded: a new worker with its own engine. Not threaded: the shared worker. NULL only when
 * out of memory (logged). */
sw_suri_worker *sw_suri_worker_new(sw_suri_output *out, uint32_t thread_id);

/* Handles one rendered record: passes it through, feeds the engine, writes any alerts. `worker`
 * NULL means the shared worker. Returns 0; a malformed record is counted, never an error. */
int sw_suri_write(sw_suri_output *out, sw_suri_worker *worker, const char *buf, size_t len);

/* Adds the worker's counters to the output's totals and frees it (the shared one is kept). */
void sw_suri_worker_free(sw_suri_output *out, sw_suri_worker *worker);

/* Logs the totals, closes the sink, frees everything. NULL is a no-op. */
void sw_suri_output_free(sw_suri_output *out);

#endif
