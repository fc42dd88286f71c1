/* Private to the output module: what each sink kind provides. */
#ifndef SEAWALL_SENSOR_OUTPUT_INT_H
#define SEAWALL_SENSOR_OUTPUT_INT_H

#include "json-write.h"
#include "output.h"

#include <pthread.h>

typedef struct sw_output_ops {
    /* Opens the destination into o->fd; SW_ERR_IO with err filled on failure. */
    sw_status (*open)(sw_output *o, sw_error *err);
    /* Closes o->fd if the sink owns it. */
    void (*close)(sw_output *o);
} sw_output_ops;

/* One framed record waiting in a queue: the exact bytes the peer receives. */
typedef struct sw_line {
    char *data; /* owned */
    size_t len;
} sw_line;

typedef struct sw_net_sink sw_net_sink;

/* A network sink driven by the writer thread of output-queue.c. Every call but frame runs on the
 * writer thread only, so a sink needs no locks of its own. */
typedef struct sw_net_ops {
    const char *name; /* counter prefix: eve.<name>.* */
    /* Producer thread: the bytes to queue for `json` (the compact record, no newline). Returns
     * SW_ERR_LIMIT when the framed record cannot be sent by this transport. */
    sw_status (*frame)(sw_net_sink *s, const json_t *record, const char *json, size_t len,
                       sw_line *out);
    /* Connects (or reconnects); fills errbuf on failure. */
    sw_status (*connect)(sw_net_sink *s, char *errbuf, size_t errlen);
    /* Sends lines in order; *accepted is how many the peer took (a prefix). SW_OK when all were;
     * otherwise the connection is considered broken and the rest are retried after a reconnect. */
    sw_status (*send)(sw_net_sink *s, const sw_line *lines, size_t n, size_t *accepted,
                      char *errbuf, size_t errlen);
    void (*disconnect)(sw_net_sink *s);
    void (*destroy)(sw_net_sink *s); /* frees the sink's own state (after disconnect) */
} sw_net_ops;

/* Settings every network sink reads; owned copies of the option strings. */
struct sw_net_sink {
    const sw_net_ops *ops;
    sw_output_net_options opt; /* strings point into the owned copies below */
    char *path, *address, *key;
    char hostname[256];
    void *state; /* the sink's connection */
};

typedef struct sw_output_queue sw_output_queue;

struct sw_output {
    const sw_output_ops *ops;
    char *path; /* owned; NULL for stdout */
    int fd;
    sw_jbuf lines;      /* serialised lines not yet written */
    size_t buf_records; /* records in buf, to count them as dropped on failure */
    size_t buffer_size; /* flush threshold; 0 = write each record */
    sw_output_stats stats;
    char last_error[256];
    sw_output_kind kind;
    sw_output_queue *queue; /* network sinks: records go here instead of fd */
    void *kafka;            /* the kafka sink: its own queue and threads */
};

extern const sw_output_ops sw_output_file_ops;
extern const sw_output_ops sw_output_stdout_ops;
extern const sw_net_ops sw_net_unix_dgram_ops;
extern const sw_net_ops sw_net_unix_stream_ops;
extern const sw_net_ops sw_net_syslog_ops;
extern const sw_net_ops sw_net_redis_ops;

/* Remembers "what: strerror(errnum)" as the sink's last error. */
void sw_output_set_error(sw_output *o, const char *what, int errnum);

/* output-queue.c: takes ownership of sink (also on failure). */
sw_status sw_output_queue_new(sw_net_sink *sink, sw_output_queue **out, sw_error *err);
/* Never blocks on the peer: a full queue counts queue_full and dropped and returns SW_ERR_LIMIT. */
sw_status sw_output_queue_push(sw_output_queue *q, const json_t *record, const char *json,
                               size_t len);
/* Adds the queue's counters (records, bytes, dropped, queue_full, reconnects, errors, queued). */
void sw_output_queue_stats(sw_output_queue *q, sw_output_stats *st);
/* Last error text into buf ("" when none). */
void sw_output_queue_last_error(sw_output_queue *q, char *buf, size_t len);
/* Waits up to the flush deadline for the queue to drain, counts what is left as dropped, stops
 * the writer and frees everything (sink included). */
void sw_output_queue_free(sw_output_queue *q);

/* output-syslog.c, exposed for the framing tests: RFC 5424 message for one record into out
 * (owned). Transport framing (octet counting for TCP) included per opt->protocol. */
sw_status sw_syslog_frame(const sw_output_net_options *opt, const char *hostname, long pid,
                          const json_t *record, const char *json, size_t len, sw_line *out);

/* output-kafka.c */
sw_status sw_output_kafka_open(sw_output *o, const sw_output_net_options *opt, sw_error *err);
sw_status sw_output_kafka_write(sw_output *o, const json_t *record, const char *json, size_t len);
void sw_output_kafka_stats(sw_output *o, sw_output_stats *st);
void sw_output_kafka_free(sw_output *o);

#endif
