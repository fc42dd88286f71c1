/* EVE sinks: serialise a record into a reused line buffer and write whole lines. Buffering lets
 * a busy sensor batch lines into one write(); the default writes each record at once so a crash
 * loses nothing. */
#include "output-int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void sw_output_set_error(sw_output *o, const char *what, int errnum)
{
    snprintf(o->last_error, sizeof(o->last_error), "%s: %s", what, strerror(errnum));
}

static const sw_net_ops *net_ops_for(sw_output_kind kind)
{
    switch (kind) {
    case SW_OUTPUT_UNIX_DGRAM:
        return &sw_net_unix_dgram_ops;
    case SW_OUTPUT_UNIX_STREAM:
        return &sw_net_unix_stream_ops;
    case SW_OUTPUT_SYSLOG:
        return &sw_net_syslog_ops;
    case SW_OUTPUT_REDIS:
        return &sw_net_redis_ops;
    default:
        return NULL;
    }
}

static char *copy_or(const char *text, const char *fallback)
{
    return strdup(text && text[0] ? text : fallback);
}

/* A network sink: its settings with defaults filled in, then its queue and writer thread. */
static sw_status new_net_sink(sw_output *o, const sw_net_ops *ops, const sw_output_options *opt,
                              const sw_output_net_options *net, sw_error *err)
{
    if ((o->kind == SW_OUTPUT_UNIX_DGRAM || o->kind == SW_OUTPUT_UNIX_STREAM) &&
        (!opt->path || !opt->path[0]))
        return sw_error_set(err, SW_ERR_INVALID, "", 0, "path",
                            "a unix socket output needs a path");
    sw_net_sink *sink = calloc(1, sizeof(*sink));
    if (!sink)
        return sw_error_set(err, SW_ERR_NOMEM, "", 0, "", "out of memory for an output");
    sink->ops = ops;
    sink->opt = *net;
    sink->path = copy_or(opt->path, "/dev/log");
    sink->address = copy_or(net->address, "127.0.0.1");
    sink->key = copy_or(net->key, "seawall");
    if (!sink->opt.port)
        sink->opt.port = o->kind == SW_OUTPUT_REDIS ? 6379 : 514;
    sink->opt.address = sink->address;
    sink->opt.key = sink->key;
    sink->opt.topic = sink->opt.brokers = NULL;
    sink->opt.kafka_settings = NULL;
    if (gethostname(sink->hostname, sizeof(sink->hostname) - 1) != 0)
        sink->hostname[0] = '\0';
    if (!sink->path || !sink->address || !sink->key) {
        free(sink->path);
        free(sink->address);
        free(sink->key);
        free(sink);
        return sw_error_set(err, SW_ERR_NOMEM, "", 0, "", "out of memory for an output");
    }
    return sw_output_queue_new(sink, &o->queue, err);
}

static sw_status open_sink(sw_output *o, const sw_output_options *opt,
                           const sw_output_net_options *net, sw_error *err)
{
    const sw_net_ops *ops = net_ops_for(opt->kind);
    if (ops)
        return new_net_sink(o, ops, opt, net, err);
    if (opt->kind == SW_OUTPUT_KAFKA)
        return sw_output_kafka_open(o, net, err);
    return o->ops->open(o, err);
}

static const sw_output_ops no_fd_ops = {NULL, NULL};

sw_status sw_output_new(const sw_output_options *opt, sw_output **out, sw_error *err)
{
    return sw_output_new_net(opt, NULL, out, err);
}

sw_status sw_output_new_net(const sw_output_options *opt, const sw_output_net_options *net,
                            sw_output **out, sw_error *err)
{
    static const sw_output_net_options defaults;
    if (!net)
        net = &defaults;
    *out = NULL;
    const sw_output_ops *ops = NULL;
    if (opt && opt->kind == SW_OUTPUT_FILE)
        ops = &sw_output_file_ops;
    else if (opt && opt->kind == SW_OUTPUT_STDOUT)
        ops = &sw_output_stdout_ops;
    else if (opt && (net_ops_for(opt->kind) || opt->kind == SW_OUTPUT_KAFKA))
        ops = &no_fd_ops;
    if (!ops)
        return sw_error_set(err, SW_ERR_INVALID, "", 0, "type", "unknown output type");
    if (ops == &sw_output_file_ops && (!opt->path || !opt->path[0]))
        return sw_error_set(err, SW_ERR_INVALID, "", 0, "path", "a file output needs a path");

    sw_output *o = calloc(1, sizeof(*o));
    if (!o)
        return sw_error_set(err, SW_ERR_NOMEM, "", 0, "", "out of memory for an output");
    o->ops = ops;
    o->kind = opt->kind;
    o->fd = -1;
    o->buffer_size = ops == &no_fd_ops ? 0 : opt->buffer_size;
    /* Room for the held lines plus one record of the largest size and its newline. */
    sw_jbuf_init(&o->lines, o->buffer_size + SW_OUTPUT_MAX_RECORD + 1);
    if (ops != &no_fd_ops && opt->path && !(o->path = strdup(opt->path))) {
        free(o);
        return sw_error_set(err, SW_ERR_NOMEM, "", 0, "", "out of memory for an output");
    }
    sw_status st = open_sink(o, opt, net, err);
    if (st != SW_OK) {
        sw_jbuf_free(&o->lines);
        free(o->path);
        free(o);
        return st;
    }
    *out = o;
    return SW_OK;
}

/* Writes all of data, retrying short writes and EINTR. */
static int write_all(int fd, const char *data, size_t len, int *errnum)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *errnum = n < 0 ? errno : EIO;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

sw_status sw_output_flush(sw_output *o)
{
    if (!o || o->lines.len == 0 || o->ops == &no_fd_ops)
        return SW_OK;
    int errnum = 0;
    int rc = write_all(o->fd, o->lines.data, o->lines.len, &errnum);
    if (rc == 0) {
        o->stats.records += o->buf_records;
        o->stats.bytes += o->lines.len;
    } else {
        /* Lines are not retried: a full disk would make the buffer grow without bound. */
        o->stats.write_errors++;
        o->stats.dropped += o->buf_records;
        sw_output_set_error(o, o->path ? o->path : "stdout", errnum);
    }
    o->lines.len = 0;
    o->buf_records = 0;
    return rc == 0 ? SW_OK : SW_ERR_IO;
}

static sw_status drop_oversized(sw_output *o, size_t start)
{
    o->lines.len = start; /* forget the partial line */
    o->stats.dropped++;
    snprintf(o->last_error, sizeof(o->last_error),
             "record dropped: larger than %u bytes or out of memory", SW_OUTPUT_MAX_RECORD);
    return SW_ERR_LIMIT;
}

/* The record's text is in o->lines from `start`; hand it to a network sink or end the line. */
static sw_status finish_line(sw_output *o, const json_t *record, size_t start)
{
    if (o->ops == &no_fd_ops) {
        /* Network sinks frame the record themselves and never wait for the peer. */
        size_t len = o->lines.len - start;
        o->lines.len = start;
        if (o->kafka)
            return sw_output_kafka_write(o, record, o->lines.data + start, len);
        return sw_output_queue_push(o->queue, record, o->lines.data + start, len);
    }
    o->lines.data[o->lines.len++] = '\n';
    o->buf_records++;
    if (o->lines.len >= o->buffer_size)
        return sw_output_flush(o);
    return SW_OK;
}

sw_status sw_output_write(sw_output *o, const json_t *record)
{
    if (!o || !record)
        return SW_ERR_INVALID;
    size_t start = o->lines.len;
    if (sw_json_append(&o->lines, record) != 0 || o->lines.len - start > SW_OUTPUT_MAX_RECORD ||
        sw_jbuf_reserve(&o->lines, 1) != 0)
        return drop_oversized(o, start);
    return finish_line(o, record, start);
}

sw_status sw_output_write_text(sw_output *o, const char *json, size_t len)
{
    if (!o || !json)
        return SW_ERR_INVALID;
    json_t *record = NULL;
    if (o->ops == &no_fd_ops && !(record = json_loadb(json, len, 0, NULL))) {
        o->stats.dropped++;
        snprintf(o->last_error, sizeof(o->last_error), "record dropped: not valid JSON");
        return SW_ERR_INVALID;
    }
    size_t start = o->lines.len;
    sw_status st;
    if (len > SW_OUTPUT_MAX_RECORD || sw_jbuf_append(&o->lines, json, len) != 0 ||
        sw_jbuf_reserve(&o->lines, 1) != 0)
        st = drop_oversized(o, start);
    else
        st = finish_line(o, record, start);
    json_decref(record);
    return st;
}

sw_status sw_output_reopen(sw_output *o, sw_error *err)
{
    if (!o)
        return SW_ERR_INVALID;
    sw_status flushed = sw_output_flush(o);
    if (o->ops != &sw_output_file_ops)
        return flushed;
    int old_fd = o->fd;
    sw_status st = o->ops->open(o, err);
    if (st != SW_OK) {
        o->fd = old_fd; /* keep writing to the renamed file rather than losing records */
        return st;
    }
    if (old_fd >= 0)
        close(old_fd);
    o->stats.reopens++;
    return flushed;
}

void sw_output_free(sw_output *o)
{
    if (!o)
        return;
    (void)sw_output_flush(o);
    if (o->ops->close)
        o->ops->close(o);
    sw_output_queue_free(o->queue);
    sw_output_kafka_free(o);
    sw_jbuf_free(&o->lines);
    free(o->path);
    free(o);
}

void sw_output_get_stats(const sw_output *o, sw_output_stats *out)
{
    memset(out, 0, sizeof(*out));
    if (!o)
        return;
    *out = o->stats;
    /* The queue's counters change on the writer thread; sw_output_queue_stats locks. */
    if (o->queue)
        sw_output_queue_stats(o->queue, out);
    if (o->kafka)
        sw_output_kafka_stats((sw_output *)o, out);
}

const char *sw_output_last_error(const sw_output *o)
{
    if (o && o->queue)
        sw_output_queue_last_error(o->queue, ((sw_output *)o)->last_error, sizeof(o->last_error));
    return o ? o->last_error : "";
}

static void set_counter(json_t *obj, const char *name, uint64_t v)
{
    json_object_set_new(obj, name, json_integer(v > INT64_MAX ? INT64_MAX : (json_int_t)v));
}

void sw_output_stats_to_json(const sw_output_stats *st, json_t *seawall)
{
    if (!st || !json_is_object(seawall))
        return;
    set_counter(seawall, "eve.records", st->records);
    set_counter(seawall, "eve.bytes", st->bytes);
    set_counter(seawall, "eve.write_errors", st->write_errors);
    set_counter(seawall, "eve.dropped", st->dropped);
    set_counter(seawall, "eve.reopens", st->reopens);
}

const char *sw_output_kind_name(sw_output_kind kind)
{
    static const char *const names[] = {"",       "file",  "stdout", "unix_dgram", "unix_stream",
                                        "syslog", "redis", "kafka"};
    return (unsigned)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "";
}

static void add_counter(json_t *obj, const char *sink, const char *what, uint64_t v)
{
    char name[64];
    snprintf(name, sizeof(name), "eve.%s.%s", sink, what);
    json_int_t before = json_integer_value(json_object_get(obj, name));
    uint64_t sum = (uint64_t)before + v;
    set_counter(obj, name, sum);
}

void sw_output_sink_stats_to_json(const sw_output *o, json_t *seawall)
{
    if (!o || (!o->queue && !o->kafka) || !json_is_object(seawall))
        return;
    sw_output_stats st;
    sw_output_get_stats(o, &st);
    const char *sink = sw_output_kind_name(o->kind);
    add_counter(seawall, sink, "records", st.records);
    add_counter(seawall, sink, "dropped", st.dropped);
    add_counter(seawall, sink, "queue_full", st.queue_full);
    add_counter(seawall, sink, "reconnects", st.reconnects);
    add_counter(seawall, sink, "errors", st.errors);
    add_counter(seawall, sink, "queued", st.queued);
}
