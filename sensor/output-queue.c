/* A bounded queue and one writer thread per network sink. The capture thread only frames the
 * record and appends it under a short lock: a slow or dead peer fills the queue, and what no longer
 * fits is counted (queue_full, dropped) instead of stalling capture. The writer sends in batches,
 * keeps a batch the peer did not take and retries it after reconnecting with exponential backoff
 * (at-least-once: a batch that reached the peer just before the connection broke can be sent
 * twice). */
#include "output-int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define QUEUE_BATCH         256
#define BACKOFF_FIRST_MS    100
#define BACKOFF_MAX_MS      5000
#define DEFAULT_QUEUE_SIZE  10000
#define DEFAULT_DEADLINE_MS 2000

struct sw_output_queue {
    sw_net_sink *sink;
    pthread_mutex_t mu;
    pthread_cond_t wake;    /* a record arrived or stop was requested */
    pthread_cond_t stopped; /* stop was requested (ends a backoff wait early) */
    sw_line *ring;
    size_t cap, head, count;
    int stopping;
    struct timespec deadline; /* CLOCK_MONOTONIC, valid once stopping */
    sw_output_stats st;
    char last_error[256];
    pthread_t thread;
    /* writer thread only */
    sw_line batch[QUEUE_BATCH];
    size_t n_batch;
    int connected, had_failure;
    uint32_t backoff_ms;
};

static void add_ms(struct timespec *t, uint32_t ms)
{
    t->tv_sec += ms / 1000;
    t->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (t->tv_nsec >= 1000000000L) {
        t->tv_sec++;
        t->tv_nsec -= 1000000000L;
    }
}

static int past(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > t->tv_sec || (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec);
}

/* Under the lock. */
static void note_error(sw_output_queue *q, const char *text)
{
    q->st.errors++;
    snprintf(q->last_error, sizeof(q->last_error), "%s: %s", q->sink->ops->name, text);
}

/* Drops the held batch and everything queued (flush deadline passed). Under the lock. */
static void drop_all(sw_output_queue *q)
{
    q->st.dropped += q->n_batch + q->count;
    for (size_t i = 0; i < q->n_batch; i++)
        free(q->batch[i].data);
    q->n_batch = 0;
    while (q->count > 0) {
        free(q->ring[q->head].data);
        q->head = (q->head + 1) % q->cap;
        q->count--;
    }
}

/* Waits out one backoff step, or less when a stop deadline comes first. Under the lock. */
static void backoff_wait(sw_output_queue *q)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    add_ms(&until, q->backoff_ms);
    if (q->stopping && (until.tv_sec > q->deadline.tv_sec || (until.tv_sec == q->deadline.tv_sec &&
                                                              until.tv_nsec > q->deadline.tv_nsec)))
        until = q->deadline;
    int was_stopping = q->stopping;
    while (!past(&until) && q->stopping == was_stopping)
        if (pthread_cond_timedwait(&q->stopped, &q->mu, &until) == ETIMEDOUT)
            break;
    q->backoff_ms = q->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : q->backoff_ms * 2;
}

/* Connects when needed; returns 1 when connected. Called without the lock. */
static int ensure_connected(sw_output_queue *q)
{
    if (q->connected)
        return 1;
    char errbuf[200] = "";
    sw_status st = q->sink->ops->connect(q->sink, errbuf, sizeof(errbuf));
    pthread_mutex_lock(&q->mu);
    if (st == SW_OK) {
        q->connected = 1;
        q->backoff_ms = BACKOFF_FIRST_MS;
        if (q->had_failure)
            q->st.reconnects++;
    } else {
        q->had_failure = 1;
        note_error(q, errbuf);
        backoff_wait(q);
    }
    pthread_mutex_unlock(&q->mu);
    return q->connected;
}

/* Sends the held batch; what the peer took leaves it, the rest waits for the next round. */
static void send_batch(sw_output_queue *q)
{
    size_t accepted = 0;
    char errbuf[200] = "";
    sw_status st =
        q->sink->ops->send(q->sink, q->batch, q->n_batch, &accepted, errbuf, sizeof(errbuf));
    if (accepted > q->n_batch)
        accepted = q->n_batch;
    size_t skip = accepted;
    size_t sent_bytes = 0;
    for (size_t i = 0; i < accepted; i++)
        sent_bytes += q->batch[i].len;
    int refused_one = st == SW_ERR_LIMIT && accepted < q->n_batch;
    if (refused_one)
        skip++; /* the peer refuses this one record for good (too large): count it, go on */
    for (size_t i = 0; i < skip; i++)
        free(q->batch[i].data);
    pthread_mutex_lock(&q->mu);
    /* Counters and the batch change together so a stats reader sees every record exactly once:
     * delivered, dropped or still queued. */
    q->st.bytes += sent_bytes;
    q->st.records += accepted;
    memmove(q->batch, q->batch + skip, (q->n_batch - skip) * sizeof(sw_line));
    q->n_batch -= skip;
    if (refused_one) {
        note_error(q, errbuf);
        q->st.dropped++;
    } else if (st != SW_OK) {
        note_error(q, errbuf);
        q->had_failure = 1;
        q->connected = 0;
    }
    pthread_mutex_unlock(&q->mu);
    if (st != SW_OK && !refused_one)
        q->sink->ops->disconnect(q->sink);
}

/* Moves queued records into the batch. Under the lock. */
static void refill_batch(sw_output_queue *q)
{
    while (q->n_batch < QUEUE_BATCH && q->count > 0) {
        q->batch[q->n_batch++] = q->ring[q->head];
        q->head = (q->head + 1) % q->cap;
        q->count--;
    }
}

static void *writer_main(void *arg)
{
    sw_output_queue *q = arg;
    pthread_mutex_lock(&q->mu);
    for (;;) {
        while (q->count == 0 && q->n_batch == 0 && !q->stopping)
            pthread_cond_wait(&q->wake, &q->mu);
        if (q->count == 0 && q->n_batch == 0)
            break; /* stopping and drained */
        if (q->stopping && past(&q->deadline)) {
            drop_all(q);
            break;
        }
        refill_batch(q);
        pthread_mutex_unlock(&q->mu);
        if (ensure_connected(q))
            send_batch(q);
        pthread_mutex_lock(&q->mu);
    }
    pthread_mutex_unlock(&q->mu);
    if (q->connected)
        q->sink->ops->disconnect(q->sink);
    return NULL;
}

static void free_sink(sw_net_sink *sink)
{
    if (!sink)
        return;
    if (sink->ops->destroy)
        sink->ops->destroy(sink);
    free(sink->path);
    free(sink->address);
    free(sink->key);
    free(sink);
}

sw_status sw_output_queue_new(sw_net_sink *sink, sw_output_queue **out, sw_error *err)
{
    *out = NULL;
    sw_output_queue *q = calloc(1, sizeof(*q));
    size_t cap = sink->opt.queue_size ? sink->opt.queue_size : DEFAULT_QUEUE_SIZE;
    if (q)
        q->ring = calloc(cap, sizeof(sw_line));
    if (!q || !q->ring) {
        free(q);
        free_sink(sink);
        return sw_error_set(err, SW_ERR_NOMEM, "", 0, "queue-size", "out of memory for a queue");
    }
    q->sink = sink;
    q->cap = cap;
    q->backoff_ms = BACKOFF_FIRST_MS;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->wake, &ca);
    pthread_cond_init(&q->stopped, &ca);
    pthread_condattr_destroy(&ca);
    int rc = pthread_create(&q->thread, NULL, writer_main, q);
    if (rc != 0) {
        free(q->ring);
        free(q);
        free_sink(sink);
        return sw_error_set(err, SW_ERR_IO, "", 0, "", "cannot start a writer thread: %s",
                            strerror(rc));
    }
    *out = q;
    return SW_OK;
}

sw_status sw_output_queue_push(sw_output_queue *q, const json_t *record, const char *json,
                               size_t len)
{
    sw_line line = {NULL, 0};
    sw_status st = q->sink->ops->frame(q->sink, record, json, len, &line);
    pthread_mutex_lock(&q->mu);
    if (st != SW_OK) {
        q->st.dropped++;
        snprintf(q->last_error, sizeof(q->last_error), "%s: record dropped: %s", q->sink->ops->name,
                 st == SW_ERR_LIMIT ? "too large" : "out of memory");
    } else if (q->count == q->cap) {
        q->st.queue_full++;
        q->st.dropped++;
        snprintf(q->last_error, sizeof(q->last_error),
                 "%s: queue full (%zu records): the peer is slow or down", q->sink->ops->name,
                 q->cap);
        st = SW_ERR_LIMIT;
    } else {
        q->ring[(q->head + q->count) % q->cap] = line;
        q->count++;
        line.data = NULL;
        pthread_cond_signal(&q->wake);
    }
    pthread_mutex_unlock(&q->mu);
    free(line.data);
    return st;
}

void sw_output_queue_stats(sw_output_queue *q, sw_output_stats *st)
{
    pthread_mutex_lock(&q->mu);
    st->records += q->st.records;
    st->bytes += q->st.bytes;
    st->dropped += q->st.dropped;
    st->queue_full += q->st.queue_full;
    st->reconnects += q->st.reconnects;
    st->errors += q->st.errors;
    st->queued += q->count + q->n_batch;
    pthread_mutex_unlock(&q->mu);
}

void sw_output_queue_last_error(sw_output_queue *q, char *buf, size_t len)
{
    pthread_mutex_lock(&q->mu);
    snprintf(buf, len, "%s", q->last_error);
    pthread_mutex_unlock(&q->mu);
}

void sw_output_queue_free(sw_output_queue *q)
{
    if (!q)
        return;
    pthread_mutex_lock(&q->mu);
    q->stopping = 1;
    clock_gettime(CLOCK_MONOTONIC, &q->deadline);
    add_ms(&q->deadline,
           q->sink->opt.flush_deadline_ms ? q->sink->opt.flush_deadline_ms : DEFAULT_DEADLINE_MS);
    pthread_cond_broadcast(&q->wake);
    pthread_cond_broadcast(&q->stopped);
    pthread_mutex_unlock(&q->mu);
    pthread_join(q->thread, NULL);
    free_sink(q->sink);
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->wake);
    pthread_cond_destroy(&q->stopped);
    free(q->ring);
    free(q);
}
