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

sw_status sw_output_new(const sw_output_options *opt, sw_output **out, sw_error *err)
{
    *out = NULL;
    const sw_output_ops *ops = NULL;
    if (opt && opt->kind == SW_OUTPUT_FILE)
        ops = &sw_output_file_ops;
    else if (opt && opt->kind == SW_OUTPUT_STDOUT)
        ops = &sw_output_stdout_ops;
    if (!ops)
        return sw_error_set(err, SW_ERR_INVALID, "", 0, "type", "unknown output type");
    if (ops == &sw_output_file_ops && (!opt->path || !opt->path[0]))
        return sw_error_set(err, SW_ERR_INVALID, "", 0, "path", "a file output needs a path");

    sw_output *o = calloc(1, sizeof(*o));
    if (!o)
        return sw_error_set(err, SW_ERR_NOMEM, "", 0, "", "out of memory for an output");
    o->ops = ops;
    o->fd = -1;
    o->buffer_size = opt->buffer_size;
    /* Room for the held lines plus one record of the largest size and its newline. */
    sw_jbuf_init(&o->lines, opt->buffer_size + SW_OUTPUT_MAX_RECORD + 1);
    if (opt->path && !(o->path = strdup(opt->path))) {
        free(o);
        return sw_error_set(err, SW_ERR_NOMEM, "", 0, "", "out of memory for an output");
    }
    sw_status st = o->ops->open(o, err);
    if (st != SW_OK) {
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
    if (!o || o->lines.len == 0)
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

sw_status sw_output_write(sw_output *o, const json_t *record)
{
    if (!o || !record)
        return SW_ERR_INVALID;
    size_t start = o->lines.len;
    if (sw_json_append(&o->lines, record) != 0 || o->lines.len - start > SW_OUTPUT_MAX_RECORD ||
        sw_jbuf_reserve(&o->lines, 1) != 0) {
        o->lines.len = start; /* forget the partial line */
        o->stats.dropped++;
        snprintf(o->last_error, sizeof(o->last_error),
                 "record dropped: larger than %u bytes or out of memory", SW_OUTPUT_MAX_RECORD);
        return SW_ERR_LIMIT;
    }
    o->lines.data[o->lines.len++] = '\n';
    o->buf_records++;
    if (o->lines.len >= o->buffer_size)
        return sw_output_flush(o);
    return SW_OK;
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
    o->ops->close(o);
    sw_jbuf_free(&o->lines);
    free(o->path);
    free(o);
}

void sw_output_get_stats(const sw_output *o, sw_output_stats *out)
{
    memset(out, 0, sizeof(*out));
    if (o)
        *out = o->stats;
}

const char *sw_output_last_error(const sw_output *o)
{
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
