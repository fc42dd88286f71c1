/* EVE line sinks for the Suricata plugin: file, unix stream, unix datagram. */
#include "sink.h"

#include "util-cursor.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

struct sw_sink {
    pthread_mutex_t lock;
    sw_sink_kind kind;
    char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
    FILE *file;
    int fd; /* socket, -1 while disconnected */
    /* Stream backlog: bytes [head, tail) of buf are waiting; head_started means the first record
     * in it was partly sent, so after a reconnect its rest must be skipped, not resent. */
    char *buf;
    size_t cap, head, tail;
    int head_started;
    unsigned since_retry;
    sw_sink_stats stats;
    uint64_t dropped_at_warning;
    struct timespec last_warning;
    sw_sink_warn_fn warn;
    void *warn_user;
};

static const char *const kind_names[] = {
    [SW_SINK_FILE] = "file",
    [SW_SINK_UNIX_STREAM] = "unix_stream",
    [SW_SINK_UNIX_DGRAM] = "unix_dgram",
};

sw_status sw_sink_kind_parse(const char *text, sw_sink_kind *out)
{
    for (size_t i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++) {
        if (text && !strcmp(text, kind_names[i])) {
            *out = (sw_sink_kind)i;
            return SW_OK;
        }
    }
    return SW_ERR_INVALID;
}

const char *sw_sink_kind_name(sw_sink_kind kind)
{
    return (unsigned)kind < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[kind]
                                                                       : "unknown";
}

static void disconnect(sw_sink *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
}

/* Non-blocking connect; a unix socket connects at once or not at all. */
static void try_connect(sw_sink *s)
{
    s->since_retry = 0;
    int type = s->kind == SW_SINK_UNIX_DGRAM ? SOCK_DGRAM : SOCK_STREAM;
    int fd = socket(AF_UNIX, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return;
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", s->path);
    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
        close(fd);
        return;
    }
    s->fd = fd;
    s->stats.reconnects++;
}

static void maybe_warn(sw_sink *s)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    int first = s->dropped_at_warning == 0;
    if (!first && now.tv_sec - s->last_warning.tv_sec < SW_SINK_WARN_INTERVAL_S)
        return;
    s->last_warning = now;
    s->dropped_at_warning = s->stats.dropped;
    if (s->warn) {
        char text[600];
        snprintf(text, sizeof(text),
                 "%s sink %s: %llu records dropped so far (the reader is absent or not keeping "
                 "up; Suricata is not slowed down)",
                 sw_sink_kind_name(s->kind), s->path, (unsigned long long)s->stats.dropped);
        s->warn(text, s->warn_user);
    }
}

static void count_drop(sw_sink *s)
{
    s->stats.dropped++;
    maybe_warn(s);
}

/* Sends the backlog until the socket would block. A hard error drops the connection; the rest
 * of a half-sent record is then skipped so the next reader gets whole lines only. */
static void flush_backlog(sw_sink *s)
{
    while (s->fd >= 0 && s->head < s->tail) {
        ssize_t n = send(s->fd, s->buf + s->head, s->tail - s->head, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            s->head += (size_t)n;
            s->head_started = s->head < s->tail && s->buf[s->head - 1] != '\n';
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            return;
        disconnect(s);
    }
    if (s->fd < 0 && s->head_started) {
        const char *nl = memchr(s->buf + s->head, '\n', s->tail - s->head);
        s->head = nl ? (size_t)(nl - s->buf) + 1 : s->tail;
        s->head_started = 0;
        s->stats.dropped++;
    }
    if (s->head == s->tail)
        s->head = s->tail = 0;
}

/* Copies the unsent part of a record into the backlog, or counts a drop when it cannot fit. */
static void enqueue(sw_sink *s, const char *record, size_t len, size_t already_sent)
{
    size_t need = len + 1 - already_sent;
    if (s->cap - s->tail < need && s->head > 0) {
        memmove(s->buf, s->buf + s->head, s->tail - s->head);
        s->tail -= s->head;
        s->head = 0;
    }
    if (s->cap - s->tail < need) {
        count_drop(s);
        return;
    }
    if (already_sent < len) {
        sw_cursor cur = sw_cur_init((const uint8_t *)record, len);
        sw_cur_skip(&cur, already_sent);
        sw_cur_bytes(&cur, s->buf + s->tail, len - already_sent);
        s->tail += len - already_sent;
    }
    s->buf[s->tail++] = '\n';
    if (already_sent > 0)
        s->head_started = 1;
    s->stats.written++;
}

static void write_stream(sw_sink *s, const char *record, size_t len)
{
    if (s->fd < 0 && ++s->since_retry >= SW_SINK_RETRY_EVERY)
        try_connect(s);
    flush_backlog(s);
    size_t sent = 0;
    if (s->fd >= 0 && s->head == s->tail) {
        struct iovec iov[2] = {{(void *)record, len}, {(void *)"\n", 1}};
        struct msghdr msg = {.msg_iov = iov, .msg_iovlen = 2};
        ssize_t n = sendmsg(s->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n == (ssize_t)(len + 1)) {
            s->stats.written++;
            return;
        }
        if (n > 0)
            sent = (size_t)n;
        else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            disconnect(s);
    }
    if (sent == len + 1)
        return;
    if (sent == len) { /* only the newline is missing */
        enqueue(s, record, len, len);
        return;
    }
    enqueue(s, record, len, sent);
}

static void write_dgram(sw_sink *s, const char *record, size_t len)
{
    if (s->fd < 0 && ++s->since_retry >= SW_SINK_RETRY_EVERY)
        try_connect(s);
    if (s->fd < 0) {
        count_drop(s);
        return;
    }
    struct iovec iov[2] = {{(void *)record, len}, {(void *)"\n", 1}};
    struct msghdr msg = {.msg_iov = iov, .msg_iovlen = 2};
    if (sendmsg(s->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT) == (ssize_t)(len + 1)) {
        s->stats.written++;
        return;
    }
    /* A full receiver queue (EAGAIN) keeps the socket; a vanished reader drops it. */
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOBUFS && errno != EINTR)
        disconnect(s);
    count_drop(s);
}

sw_sink *sw_sink_open(sw_sink_kind kind, const char *path, size_t queue_size, sw_sink_warn_fn warn,
                      void *warn_user, sw_error *err)
{
    sw_sink *s = calloc(1, sizeof(*s));
    if (!s || strlen(path) >= sizeof(s->path)) {
        free(s);
        sw_error_set(err, s ? SW_ERR_INVALID : SW_ERR_NOMEM, path, 0, "filename",
                     "path too long for a unix socket or out of memory");
        return NULL;
    }
    s->kind = kind;
    s->fd = -1;
    s->warn = warn;
    s->warn_user = warn_user;
    snprintf(s->path, sizeof(s->path), "%s", path);
    if (kind == SW_SINK_FILE) {
        s->file = fopen(path, "a");
        if (!s->file) {
            sw_error_set(err, SW_ERR_IO, path, 0, "filename", "cannot open for append: %s",
                         strerror(errno));
            free(s);
            return NULL;
        }
    } else {
        s->cap = kind == SW_SINK_UNIX_STREAM ? queue_size : 0;
        s->buf = s->cap ? malloc(s->cap) : NULL;
        if (s->cap && !s->buf) {
            sw_error_set(err, SW_ERR_NOMEM, path, 0, "queue-size", "cannot allocate %zu bytes",
                         queue_size);
            free(s);
            return NULL;
        }
        try_connect(s);
    }
    pthread_mutex_init(&s->lock, NULL);
    return s;
}

void sw_sink_write(sw_sink *sink, const char *record, size_t len)
{
    pthread_mutex_lock(&sink->lock);
    switch (sink->kind) {
    case SW_SINK_FILE:
        if (fwrite(record, 1, len, sink->file) == len && fputc('\n', sink->file) != EOF)
            sink->stats.written++;
        else
            count_drop(sink);
        break;
    case SW_SINK_UNIX_STREAM:
        write_stream(sink, record, len);
        break;
    case SW_SINK_UNIX_DGRAM:
        write_dgram(sink, record, len);
        break;
    }
    pthread_mutex_unlock(&sink->lock);
}

void sw_sink_get_stats(sw_sink *sink, sw_sink_stats *out)
{
    pthread_mutex_lock(&sink->lock);
    *out = sink->stats;
    out->queued_bytes = sink->tail - sink->head;
    pthread_mutex_unlock(&sink->lock);
}

/* Records still in the backlog at close are lost: count them (one per newline). */
static void drop_backlog(sw_sink *s)
{
    for (size_t i = s->head; i < s->tail; i++)
        if (s->buf[i] == '\n')
            s->stats.dropped++;
    s->head = s->tail = 0;
}

void sw_sink_close(sw_sink *sink, sw_sink_stats *final)
{
    if (!sink)
        return;
    if (sink->file)
        fclose(sink->file);
    if (sink->kind == SW_SINK_UNIX_STREAM) {
        flush_backlog(sink);
        drop_backlog(sink);
    }
    disconnect(sink);
    if (final)
        *final = sink->stats;
    pthread_mutex_destroy(&sink->lock);
    free(sink->buf);
    free(sink);
}
