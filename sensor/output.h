/* EVE sinks: each takes one record and writes it as one compact JSON line.
 *
 * File sink: opened in append mode (created 0640), reopened on request for logrotate: the
 * sensor's SIGHUP handler only sets a flag and the main loop calls sw_output_reopen. Stdout sink:
 * for pipes and containers. A failed write is counted (eve.write_errors, and the records it lost
 * in eve.dropped), returned as SW_ERR_IO and its text kept for the operator: never silent.
 * A sink is used by one thread. */
#ifndef SEAWALL_SENSOR_OUTPUT_H
#define SEAWALL_SENSOR_OUTPUT_H

#include "common.h"
#include "conf.h"

#include <jansson.h>

typedef enum sw_output_kind {
    SW_OUTPUT_FILE = 1,
    SW_OUTPUT_STDOUT,
} sw_output_kind;

/* A record larger than this is refused (counted in eve.dropped): it bounds the line buffer. */
#define SW_OUTPUT_MAX_RECORD (1u << 20)

typedef struct sw_output_options {
    sw_output_kind kind;
    const char *path; /* file sink: borrowed, copied by sw_output_new */
    /* Bytes of lines held before one write(); 0 writes every record at once (the default).
     * Held lines are written by sw_output_flush, sw_output_reopen and sw_output_free. */
    size_t buffer_size;
} sw_output_options;

typedef struct sw_output_stats {
    uint64_t records;      /* records accepted and written */
    uint64_t bytes;        /* bytes written, newlines included */
    uint64_t write_errors; /* failed write() calls */
    uint64_t dropped;      /* records lost: write errors, too large, out of memory */
    uint64_t reopens;      /* successful reopens */
} sw_output_stats;

typedef struct sw_output sw_output;

/* Caller owns *out; free with sw_output_free. SW_ERR_IO with the path and errno text in err when
 * the file cannot be opened; SW_ERR_INVALID for an unknown kind or a file sink without a path. */
sw_status sw_output_new(const sw_output_options *opt, sw_output **out, sw_error *err);

/* From one `outputs:` entry of the sensor config:
 *   - type: file          # or stdout
 *     path: /var/log/seawall/eve.json
 *     buffer-size: 0      # bytes, 0..16777216
 * Unknown keys and bad values are errors naming the file, line and key. */
sw_status sw_output_new_from_conf(const sw_conf_node *node, sw_output **out, sw_error *err);

/* Flushes held lines and closes (the stdout sink leaves fd 1 open). NULL is a no-op. */
void sw_output_free(sw_output *o);

/* Writes `record` (borrowed) as one line. SW_ERR_IO on a write error, SW_ERR_LIMIT for a record
 * over SW_OUTPUT_MAX_RECORD, SW_ERR_NOMEM; each failure is counted and loses only that record
 * (and, for a write error, the lines held with it). */
sw_status sw_output_write(sw_output *o, const json_t *record);
sw_status sw_output_flush(sw_output *o);

/* File sink: flushes, then opens the path again (the old file may have been renamed). When the
 * open fails the old file stays in use and SW_ERR_IO is returned. Stdout: a no-op. */
sw_status sw_output_reopen(sw_output *o, sw_error *err);

void sw_output_get_stats(const sw_output *o, sw_output_stats *out);
/* Text of the last write or open error ("" when none), borrowed until the next call on o. */
const char *sw_output_last_error(const sw_output *o);
/* Adds eve.records, eve.bytes, eve.write_errors, eve.dropped, eve.reopens to `seawall`. */
void sw_output_stats_to_json(const sw_output_stats *st, json_t *seawall);

#endif
