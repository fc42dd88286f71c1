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
    /* Network sinks (docs/outputs.md): a bounded queue and a writer thread each (Kafka: the
     * librdkafka queue and its threads), so sw_output_write never waits for the peer. */
    SW_OUTPUT_UNIX_DGRAM,
    SW_OUTPUT_UNIX_STREAM,
    SW_OUTPUT_SYSLOG,
    SW_OUTPUT_REDIS,
    SW_OUTPUT_KAFKA,
} sw_output_kind;

typedef enum sw_syslog_protocol {
    SW_SYSLOG_LOCAL = 0, /* datagram to a local socket (path, default /dev/log) */
    SW_SYSLOG_UDP,       /* RFC 5426: one message per datagram */
    SW_SYSLOG_TCP,       /* RFC 6587 section 3.4.1: octet counting */
} sw_syslog_protocol;

typedef enum sw_redis_mode {
    SW_REDIS_LIST = 0, /* RPUSH key record */
    SW_REDIS_CHANNEL,  /* PUBLISH key record */
    SW_REDIS_STREAM,   /* XADD key * eve record */
} sw_redis_mode;

typedef enum sw_kafka_key_by {
    SW_KAFKA_KEY_FLOW = 0, /* flow_id: one flow's records stay in one partition, in order */
    SW_KAFKA_KEY_SENSOR,   /* the sensor's host name */
} sw_kafka_key_by;

/* A record larger than this is refused (counted in eve.dropped): it bounds the line buffer. */
#define SW_OUTPUT_MAX_RECORD (1u << 20)

typedef struct sw_output_options {
    sw_output_kind kind;
    const char *path; /* file sink: borrowed, copied by sw_output_new */
    /* Bytes of lines held before one write(); 0 writes every record at once (the default).
     * Held lines are written by sw_output_flush, sw_output_reopen and sw_output_free. */
    size_t buffer_size;
} sw_output_options;

/* Settings of the network sinks, apart from sw_output_options so that existing positional
 * initialisers of that struct stay complete (-Wmissing-field-initializers). Zero values take the
 * defaults in brackets; strings are borrowed and copied. unix_dgram, unix_stream and local syslog
 * take their socket from sw_output_options.path. */
typedef struct sw_output_net_options {
    const char *address;         /* syslog/redis host, numeric IPv4/IPv6 [127.0.0.1] */
    uint16_t port;               /* [514 syslog, 6379 redis] */
    sw_syslog_protocol protocol; /* syslog [local] */
    int facility;                /* syslog facility 0..23 (0 kern; the config's default is 16) */
    sw_redis_mode redis_mode;    /* [list] */
    const char *key;             /* redis list, channel or stream name [seawall] */
    const char *topic;           /* kafka [seawall] */
    const char *brokers;         /* kafka bootstrap servers, host:port,... */
    sw_kafka_key_by key_by;      /* kafka [flow] */
    size_t queue_size;           /* records held while the peer is slow or down [10000] */
    uint32_t flush_deadline_ms;  /* how long sw_output_free waits for queued records [2000] */
    /* Extra librdkafka "name=value" settings, NULL-terminated (tests: test.mock.num.brokers). */
    const char *const *kafka_settings;
} sw_output_net_options;

typedef struct sw_output_stats {
    uint64_t records;      /* records accepted and written */
    uint64_t bytes;        /* bytes written, newlines included */
    uint64_t write_errors; /* failed write() calls */
    uint64_t dropped;      /* records lost: write errors, too large, out of memory */
    uint64_t reopens;      /* successful reopens */
    /* Network sinks: records is what the peer accepted; dropped counts queue_full, records still
     * queued at the flush deadline and records the peer refused for good. */
    uint64_t queue_full; /* records refused because the queue was full */
    uint64_t reconnects; /* successful connections after a failure */
    uint64_t errors;     /* failed connects and sends (each retried or counted as dropped) */
    uint64_t queued;     /* records waiting now (a gauge, not summed into eve.*) */
} sw_output_stats;

typedef struct sw_output sw_output;

/* Caller owns *out; free with sw_output_free. SW_ERR_IO with the path and errno text in err when
 * the file cannot be opened; SW_ERR_INVALID for an unknown kind or a file sink without a path. */
sw_status sw_output_new(const sw_output_options *opt, sw_output **out, sw_error *err);
/* Same, with the network sink settings (NULL: all defaults). */
sw_status sw_output_new_net(const sw_output_options *opt, const sw_output_net_options *net,
                            sw_output **out, sw_error *err);

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
/* The same for a record already rendered as compact JSON text (len bytes, no newline; borrowed),
 * as core/eve-write.h writes it: file and stdout sinks copy the text as it is. Network sinks
 * take their framing fields (event_type, timestamp, severity, flow_id) from a tree, so they parse
 * the text once; the text is what they send. */
sw_status sw_output_write_text(sw_output *o, const char *json, size_t len);
sw_status sw_output_flush(sw_output *o);

/* File sink: flushes, then opens the path again (the old file may have been renamed). When the
 * open fails the old file stays in use and SW_ERR_IO is returned. Stdout: a no-op. */
sw_status sw_output_reopen(sw_output *o, sw_error *err);

void sw_output_get_stats(const sw_output *o, sw_output_stats *out);
/* Text of the last write or open error ("" when none), borrowed until the next call on o. */
const char *sw_output_last_error(const sw_output *o);
/* Adds eve.records, eve.bytes, eve.write_errors, eve.dropped, eve.reopens to `seawall`. */
void sw_output_stats_to_json(const sw_output_stats *st, json_t *seawall);

/* Network sinks: adds eve.<sink>.records, .dropped, .queue_full, .reconnects, .errors and the
 * gauge .queued (records + dropped + queued = records written so far; <sink> is
 * the type name: unix_dgram, unix_stream, syslog, redis, kafka; two sinks of one type are summed).
 * File and stdout sinks add nothing. */
void sw_output_sink_stats_to_json(const sw_output *o, json_t *seawall);
/* The `type:` name of a kind ("file", "redis", ...); "" for an unknown kind. */
const char *sw_output_kind_name(sw_output_kind kind);

#endif
