/* Where the plugin writes EVE lines: a file, or a unix stream or datagram socket. A sink never
 * blocks the caller on a slow or absent reader: sockets are non-blocking, a stream sink holds
 * back at most `queue_size` bytes, and what does not fit is dropped and counted.
 *
 * Thread safety: every function may be called from several threads at once (one mutex per
 * sink, held only for the copy or the non-blocking send). */
#ifndef SEAWALL_SURICATA_SINK_H
#define SEAWALL_SURICATA_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"

typedef enum sw_sink_kind {
    SW_SINK_FILE,
    SW_SINK_UNIX_STREAM,
    SW_SINK_UNIX_DGRAM,
} sw_sink_kind;

/* "file", "unix_stream", "unix_dgram" (Suricata's own spellings of the same outputs). */
sw_status sw_sink_kind_parse(const char *text, sw_sink_kind *out);
const char *sw_sink_kind_name(sw_sink_kind kind);

typedef struct sw_sink_stats {
    uint64_t written; /* records handed to the file or the socket (or queued for it) */
    uint64_t dropped; /* records refused: queue full, socket full or peer absent */
    uint64_t reconnects;
    uint64_t queued_bytes; /* held back right now */
} sw_sink_stats;

/* Called with a ready sentence when records are dropped: at the first drop, then at most once
 * per SW_SINK_WARN_INTERVAL_S, so a stuck reader cannot flood the host's log. */
typedef void (*sw_sink_warn_fn)(const char *text, void *user);
#define SW_SINK_WARN_INTERVAL_S 60

typedef struct sw_sink sw_sink;

/* Opens the sink. A file that cannot be opened is an error; a socket nobody listens on yet is
 * not (the sink retries every SW_SINK_RETRY_EVERY records and counts drops meanwhile). Caller
 * owns; free with sw_sink_close. NULL with err filled on failure. */
#define SW_SINK_RETRY_EVERY 256
sw_sink *sw_sink_open(sw_sink_kind kind, const char *path, size_t queue_size, sw_sink_warn_fn warn,
                      void *warn_user, sw_error *err);

/* Writes one record (len bytes, no terminator needed) followed by a newline. Never blocks on a
 * socket; never fails: a record that cannot go out is counted in `dropped`. */
void sw_sink_write(sw_sink *sink, const char *record, size_t len);

void sw_sink_get_stats(sw_sink *sink, sw_sink_stats *out);

/* Flushes a file; a socket sink makes one last non-blocking attempt to send its queue, and
 * counts what is still queued as dropped. The final counters go to *final (may be NULL).
 * NULL sink is a no-op. */
void sw_sink_close(sw_sink *sink, sw_sink_stats *final);

#endif
