/* The bounded queue of the network sinks: a stalled peer never blocks the writer of records, a
 * full queue is a counted drop, and delivery resumes in order when the peer comes back. A fake
 * sink (no network) is held shut by the test through a flag. */
#include "output-int.h"
#include "sw-test.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct fake_peer {
    pthread_mutex_t mu;
    int up;           /* connect and send succeed only while up */
    size_t delivered; /* records taken */
    char last[64];    /* the last record taken */
    int in_order;     /* every record arrived in push order */
    int next_expected;
} fake_peer;

static fake_peer peer;

static sw_status fake_frame(sw_net_sink *s, const json_t *rec, const char *json, size_t len,
                            sw_line *out)
{
    (void)s;
    (void)rec;
    out->data = malloc(len + 1);
    memcpy(out->data, json, len);
    out->data[len] = '\0';
    out->len = len;
    return SW_OK;
}

static sw_status fake_connect(sw_net_sink *s, char *errbuf, size_t errlen)
{
    (void)s;
    pthread_mutex_lock(&peer.mu);
    int up = peer.up;
    pthread_mutex_unlock(&peer.mu);
    if (!up)
        snprintf(errbuf, errlen, "peer down");
    return up ? SW_OK : SW_ERR_IO;
}

static sw_status fake_send(sw_net_sink *s, const sw_line *lines, size_t n, size_t *accepted,
                           char *errbuf, size_t errlen)
{
    (void)s;
    *accepted = 0;
    pthread_mutex_lock(&peer.mu);
    for (size_t i = 0; i < n && peer.up; i++) {
        int seq = atoi(lines[i].data + strlen("{\"n\":"));
        if (seq != peer.next_expected)
            peer.in_order = 0;
        peer.next_expected = seq + 1;
        snprintf(peer.last, sizeof(peer.last), "%s", lines[i].data);
        peer.delivered++;
        (*accepted)++;
    }
    int up = peer.up;
    pthread_mutex_unlock(&peer.mu);
    if (!up)
        snprintf(errbuf, errlen, "peer went away");
    return up ? SW_OK : SW_ERR_IO;
}

static void fake_disconnect(sw_net_sink *s)
{
    (void)s;
}

static const sw_net_ops fake_ops = {"fake",    fake_frame,      fake_connect,
                                    fake_send, fake_disconnect, NULL};

static sw_output_queue *new_queue(size_t size, uint32_t deadline_ms)
{
    sw_net_sink *sink = calloc(1, sizeof(*sink));
    sink->ops = &fake_ops;
    sink->opt.queue_size = size;
    sink->opt.flush_deadline_ms = deadline_ms;
    sw_output_queue *q = NULL;
    sw_error err;
    ck_assert_int_eq(sw_output_queue_new(sink, &q, &err), SW_OK);
    return q;
}

static sw_status push(sw_output_queue *q, int n)
{
    char json[32];
    int len = snprintf(json, sizeof(json), "{\"n\":%d}", n);
    return sw_output_queue_push(q, NULL, json, (size_t)len);
}

static void set_up(int up)
{
    pthread_mutex_lock(&peer.mu);
    peer.up = up;
    pthread_mutex_unlock(&peer.mu);
}

static void reset_peer(int up)
{
    memset(&peer, 0, sizeof(peer));
    pthread_mutex_init(&peer.mu, NULL);
    peer.up = up;
    peer.in_order = 1;
}

START_TEST(full_queue_drops_and_counts)
{
    reset_peer(0);
    sw_output_queue *q = new_queue(100, 100);
    /* The peer is down: the writer holds at most one batch, the queue 100 records; pushes never
     * wait, and each one that does not fit is refused and counted. */
    size_t refused = 0;
    for (int i = 0; i < 1000; i++)
        if (push(q, i) == SW_ERR_LIMIT)
            refused++;
    sw_output_stats st = {0};
    sw_output_queue_stats(q, &st);
    ck_assert_uint_ge(refused, 1000 - 100 - 256);
    ck_assert_uint_eq(st.queue_full, refused);
    ck_assert_uint_eq(st.dropped, refused);
    ck_assert_uint_eq(st.records, 0);
    ck_assert_uint_eq(st.records + st.dropped + st.queued, 1000);
    sw_output_queue_free(q); /* peer still down: the 100 ms deadline drops the rest */
}
END_TEST

START_TEST(delivery_resumes_in_order)
{
    reset_peer(0);
    sw_output_queue *q = new_queue(5000, 10000);
    for (int i = 0; i < 2000; i++)
        ck_assert_int_eq(push(q, i), SW_OK);
    set_up(1); /* the peer returns: the writer reconnects after its backoff and drains */
    for (int i = 2000; i < 3000; i++)
        ck_assert_int_eq(push(q, i), SW_OK);
    sw_output_queue_free(q); /* waits (up to 10 s) for the queue to drain */
    ck_assert_uint_eq(peer.delivered, 3000);
    ck_assert_int_eq(peer.in_order, 1);
    ck_assert_str_eq(peer.last, "{\"n\":2999}");
}
END_TEST

START_TEST(counters_after_outage)
{
    reset_peer(1);
    sw_output_queue *q = new_queue(50, 5000);
    for (int i = 0; i < 10; i++)
        ck_assert_int_eq(push(q, i), SW_OK);
    /* Wait (bounded) until the 10 are taken, then break the peer. */
    for (int tries = 0; tries < 500; tries++) {
        sw_output_stats st = {0};
        sw_output_queue_stats(q, &st);
        if (st.records == 10)
            break;
        struct timespec ms10 = {0, 10000000};
        nanosleep(&ms10, NULL);
    }
    set_up(0);
    size_t refused = 0;
    for (int i = 10; i < 400; i++)
        refused += push(q, i) != SW_OK;
    set_up(1);
    sw_output_queue_free(q);
    /* Every record is delivered once or refused at the door: none lost silently. */
    ck_assert_uint_eq(peer.delivered + refused, 400);
    ck_assert_uint_gt(refused, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("output-queue");
    TCase *tc = tcase_create("queue");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, full_queue_drops_and_counts);
    tcase_add_test(tc, delivery_resumes_in_order);
    tcase_add_test(tc, counters_after_outage);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
