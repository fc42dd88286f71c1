/* The Kafka sink on librdkafka. librdkafka already is a bounded queue with its own I/O threads:
 * produce() never blocks (a full queue is counted as queue_full and dropped), and each record's
 * fate comes back in a delivery report served by rd_kafka_poll(0) on the calling thread, which
 * counts it as delivered (records) or lost (dropped, errors). Keys: the flow_id keeps one flow's
 * records in one partition and in order; the host name keeps one sensor's. */
#include "output-int.h"

#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct kafka_sink {
    rd_kafka_t *rk;
    rd_kafka_topic_t *topic;
    sw_kafka_key_by key_by;
    char hostname[256];
    uint32_t deadline_ms;
    sw_output_stats st; /* touched only by the thread that writes (delivery reports run there) */
} kafka_sink;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *msg, void *opaque)
{
    (void)rk;
    kafka_sink *k = opaque;
    if (msg->err) {
        k->st.errors++;
        k->st.dropped++;
    } else {
        k->st.records++;
        k->st.bytes += msg->len;
    }
}

static sw_status conf_set(rd_kafka_conf_t *conf, const char *name, const char *value, sw_error *err)
{
    char errstr[256];
    if (rd_kafka_conf_set(conf, name, value, errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK)
        return sw_error_set(err, SW_ERR_INVALID, "", 0, "brokers", "kafka %s: %s", name, errstr);
    return SW_OK;
}

static sw_status build_conf(const sw_output_net_options *opt, kafka_sink *k, rd_kafka_conf_t *conf,
                            sw_error *err)
{
    char queue[32];
    snprintf(queue, sizeof(queue), "%zu", opt->queue_size ? opt->queue_size : 10000);
    sw_status st = conf_set(conf, "queue.buffering.max.messages", queue, err);
    if (st == SW_OK && opt->brokers && opt->brokers[0])
        st = conf_set(conf, "bootstrap.servers", opt->brokers, err);
    for (size_t i = 0; st == SW_OK && opt->kafka_settings && opt->kafka_settings[i]; i++) {
        char name[128];
        const char *eq = strchr(opt->kafka_settings[i], '=');
        if (!eq || (size_t)(eq - opt->kafka_settings[i]) >= sizeof(name))
            return sw_error_set(err, SW_ERR_INVALID, "", 0, "brokers", "bad kafka setting '%s'",
                                opt->kafka_settings[i]);
        snprintf(name, sizeof(name), "%.*s", (int)(eq - opt->kafka_settings[i]),
                 opt->kafka_settings[i]);
        st = conf_set(conf, name, eq + 1, err);
    }
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_conf_set_opaque(conf, k);
    return st;
}

sw_status sw_output_kafka_open(sw_output *o, const sw_output_net_options *opt, sw_error *err)
{
    kafka_sink *k = calloc(1, sizeof(*k));
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (!k || !conf) {
        free(k);
        rd_kafka_conf_destroy(conf);
        return sw_error_set(err, SW_ERR_NOMEM, "", 0, "", "out of memory for a kafka output");
    }
    k->key_by = opt->key_by;
    k->deadline_ms = opt->flush_deadline_ms ? opt->flush_deadline_ms : 2000;
    if (gethostname(k->hostname, sizeof(k->hostname) - 1) != 0)
        snprintf(k->hostname, sizeof(k->hostname), "seawall");
    sw_status st = build_conf(opt, k, conf, err);
    char errstr[256] = "";
    if (st == SW_OK && !(k->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr))))
        st = sw_error_set(err, SW_ERR_IO, "", 0, "brokers", "kafka: %s", errstr);
    if (st != SW_OK) {
        if (!k->rk)
            rd_kafka_conf_destroy(conf);
        free(k);
        return st;
    }
    const char *topic = opt->topic && opt->topic[0] ? opt->topic : "seawall";
    k->topic = rd_kafka_topic_new(k->rk, topic, NULL);
    if (!k->topic) {
        rd_kafka_destroy(k->rk);
        free(k);
        return sw_error_set(err, SW_ERR_IO, "", 0, "topic", "kafka topic '%s' refused", topic);
    }
    o->kafka = k;
    return SW_OK;
}

sw_status sw_output_kafka_write(sw_output *o, const json_t *record, const char *json, size_t len)
{
    kafka_sink *k = o->kafka;
    char key[64];
    const char *keyp = k->hostname;
    json_t *flow_id = json_object_get(record, "flow_id");
    if (k->key_by == SW_KAFKA_KEY_FLOW && json_is_integer(flow_id)) {
        snprintf(key, sizeof(key), "%lld", (long long)json_integer_value(flow_id));
        keyp = key;
    }
    sw_status st = SW_OK;
    if (rd_kafka_produce(k->topic, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, (void *)json, len,
                         keyp, strlen(keyp), NULL) != 0) {
        rd_kafka_resp_err_t e = rd_kafka_last_error();
        k->st.dropped++;
        if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL)
            k->st.queue_full++;
        else
            k->st.errors++;
        snprintf(o->last_error, sizeof(o->last_error), "kafka: %s", rd_kafka_err2str(e));
        st = SW_ERR_LIMIT;
    }
    rd_kafka_poll(k->rk, 0); /* serve delivery reports */
    return st;
}

void sw_output_kafka_stats(sw_output *o, sw_output_stats *st)
{
    kafka_sink *k = o->kafka;
    rd_kafka_poll(k->rk, 0);
    st->records += k->st.records;
    st->bytes += k->st.bytes;
    st->dropped += k->st.dropped;
    st->queue_full += k->st.queue_full;
    st->errors += k->st.errors;
    st->queued += (uint64_t)rd_kafka_outq_len(k->rk);
}

void sw_output_kafka_free(sw_output *o)
{
    kafka_sink *k = o->kafka;
    if (!k)
        return;
    rd_kafka_flush(k->rk, (int)k->deadline_ms);
    /* What did not make it by the deadline is purged; its delivery reports count it as dropped. */
    rd_kafka_purge(k->rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_poll(k->rk, 0);
    rd_kafka_topic_destroy(k->topic);
    rd_kafka_destroy(k->rk);
    free(k);
    o->kafka = NULL;
}
