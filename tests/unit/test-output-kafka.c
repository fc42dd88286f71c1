/* The Kafka sink against librdkafka's built-in mock cluster (no broker process): records arrive
 * with delivery reports counted, and are keyed by flow_id (or by sensor). A consumer on the same
 * mock cluster reads them back. Every wait is bounded. */
#include "output.h"
#include "sw-test.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N_RECORDS 200

static rd_kafka_t *mock_owner;
static rd_kafka_mock_cluster_t *mock;
static char brokers[512];

static void start_mock(void)
{
    char errstr[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    mock_owner = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
    ck_assert_ptr_nonnull(mock_owner);
    rd_kafka_mock_cluster_t *mc = mock = rd_kafka_mock_cluster_new(mock_owner, 1);
    ck_assert_ptr_nonnull(mc);
    ck_assert_int_eq(rd_kafka_mock_topic_create(mc, "eve", 4, 1), 0);
    snprintf(brokers, sizeof(brokers), "%s", rd_kafka_mock_cluster_bootstraps(mc));
}

static void stop_mock(void)
{
    rd_kafka_mock_cluster_destroy(mock);
    rd_kafka_destroy(mock_owner);
}

static sw_output *open_kafka(sw_kafka_key_by key_by)
{
    sw_output_options opt = {SW_OUTPUT_KAFKA, NULL, 0};
    sw_output_net_options net = {0};
    net.brokers = brokers;
    net.topic = "eve";
    net.key_by = key_by;
    sw_output *o = NULL;
    sw_error err;
    ck_assert_int_eq(sw_output_new_net(&opt, &net, &o, &err), SW_OK);
    return o;
}

/* Reads up to n messages (at most 30 s); keys and values into the arrays. */
static size_t consume(size_t n, char keys[][32], int *flow_ids)
{
    char errstr[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    ck_assert_int_eq(rd_kafka_conf_set(conf, "bootstrap.servers", brokers, errstr, sizeof(errstr)),
                     RD_KAFKA_CONF_OK);
    rd_kafka_conf_set(conf, "group.id", "test", errstr, sizeof(errstr));
    rd_kafka_conf_set(conf, "auto.offset.reset", "earliest", errstr, sizeof(errstr));
    rd_kafka_t *c = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof(errstr));
    ck_assert_ptr_nonnull(c);
    rd_kafka_poll_set_consumer(c);
    rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, "eve", RD_KAFKA_PARTITION_UA);
    ck_assert_int_eq(rd_kafka_subscribe(c, topics), 0);
    rd_kafka_topic_partition_list_destroy(topics);
    size_t got = 0;
    for (int polls = 0; polls < 300 && got < n; polls++) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(c, 100);
        if (!m)
            continue;
        if (!m->err) {
            snprintf(keys[got], 32, "%.*s", (int)m->key_len, (const char *)m->key);
            json_t *rec = json_loadb(m->payload, m->len, 0, NULL);
            flow_ids[got] = (int)json_integer_value(json_object_get(rec, "flow_id"));
            json_decref(rec);
            got++;
        }
        rd_kafka_message_destroy(m);
    }
    rd_kafka_consumer_close(c);
    rd_kafka_destroy(c);
    return got;
}

START_TEST(records_arrive_keyed_by_flow)
{
    start_mock();
    sw_output *o = open_kafka(SW_KAFKA_KEY_FLOW);
    for (int i = 0; i < N_RECORDS; i++) {
        json_t *rec = json_pack("{s:s, s:I}", "event_type", "flow", "flow_id",
                                (json_int_t)(1000000 + i % 50));
        ck_assert_int_eq(sw_output_write(o, rec), SW_OK);
        json_decref(rec);
    }
    /* Delivery reports count each record as delivered (wait at most 20 s). */
    sw_output_stats st = {0};
    for (int tries = 0; tries < 200; tries++) {
        sw_output_get_stats(o, &st);
        if (st.records == N_RECORDS)
            break;
        usleep(100000);
    }
    ck_assert_uint_eq(st.records, N_RECORDS);
    ck_assert_uint_eq(st.dropped, 0);
    json_t *counters = json_object();
    sw_output_sink_stats_to_json(o, counters);
    ck_assert_int_eq(json_integer_value(json_object_get(counters, "eve.kafka.records")), N_RECORDS);
    json_decref(counters);
    sw_output_free(o);

    static char keys[N_RECORDS][32];
    static int flow_ids[N_RECORDS];
    ck_assert_uint_eq(consume(N_RECORDS, keys, flow_ids), N_RECORDS);
    for (int i = 0; i < N_RECORDS; i++) {
        char want[32];
        snprintf(want, sizeof(want), "%d", flow_ids[i]);
        ck_assert_str_eq(keys[i], want); /* the key is the record's own flow_id */
    }
    stop_mock();
}
END_TEST

START_TEST(key_by_sensor_is_hostname)
{
    start_mock();
    sw_output *o = open_kafka(SW_KAFKA_KEY_SENSOR);
    json_t *rec = json_pack("{s:s, s:i}", "event_type", "flow", "flow_id", 7);
    ck_assert_int_eq(sw_output_write(o, rec), SW_OK);
    json_decref(rec);
    sw_output_free(o); /* flushes within the deadline */
    static char keys[1][32];
    int flow_ids[1];
    ck_assert_uint_eq(consume(1, keys, flow_ids), 1);
    char host[256] = "";
    gethostname(host, sizeof(host) - 1);
    ck_assert_str_eq(keys[0], host);
    stop_mock();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("output-kafka");
    TCase *tc = tcase_create("mock-cluster");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, records_arrive_keyed_by_flow);
    tcase_add_test(tc, key_by_sensor_is_hostname);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
