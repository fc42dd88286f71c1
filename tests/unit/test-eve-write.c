/* The text writer of core/eve-write.h against the jansson trees of eve.h: for the same flow,
 * options and anomaly text the two must give the same bytes, since the sensor writes flow and
 * anomaly records with the first and everything else (and the Suricata plugin) with the second.
 * Inputs come from a seeded generator that reaches every branch of both builders: address
 * families, protocols with and without ports, ICMP, VLAN stacks, tunnels, clamped counters,
 * time edges, and host/pkt_src/anomaly text with quotes, control bytes, UTF-8 and invalid UTF-8. */
#include "eve-write.h"
#include "sw-test.h"

#include <stdlib.h>
#include <string.h>

/* xorshift64*: a fixed sequence, so a failure is reproducible from its iteration number. */
static uint64_t next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

static uint64_t pick(uint64_t *s, uint64_t n)
{
    return next(s) % n;
}

static void random_ip(uint64_t *s, sw_ip *ip, uint8_t family)
{
    memset(ip, 0, sizeof(*ip));
    ip->family = family;
    size_t n = family == 6 ? 16 : family == 4 ? 4 : 0;
    for (size_t i = 0; i < n; i++)
        ip->bytes[i] = (uint8_t)(pick(s, 3) == 0 ? 0 : next(s));
}

static uint64_t random_count(uint64_t *s)
{
    static const uint64_t edges[] = {
        0, 1, 9, 10, 99, 1000000, INT64_MAX, (uint64_t)INT64_MAX + 1, UINT64_MAX};
    return pick(s, 2) ? edges[pick(s, sizeof(edges) / sizeof(edges[0]))] : next(s) >> pick(s, 64);
}

static sw_time random_time(uint64_t *s)
{
    static const int64_t secs[] = {0, -5, 1575873238, 253402300799LL, 253402300800LL, INT64_MAX};
    int64_t sec = secs[pick(s, sizeof(secs) / sizeof(secs[0]))];
    int32_t usec = pick(s, 4) == 0 ? -1 : (int32_t)pick(s, 1000000);
    return (sw_time){sec, usec};
}

/* Text that jansson may hold, escape, or refuse (then both builders clean it). */
static const char *random_text(uint64_t *s)
{
    static const char *const texts[] = {
        "",
        "sensor-a",
        "wire/pcap",
        "decoder.ipv4.trunc",
        "quote\" back\\slash",
        "ctl\x01\x1f\t\n\r\b\f end",
        "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
        "bad \xff\xfe utf-8",
        "overlong \xc0\xaf and surrogate \xed\xa0\x80",
        "cut \xe2\x82",
        NULL,
    };
    return texts[pick(s, sizeof(texts) / sizeof(texts[0]))];
}

static void random_flow(uint64_t *s, sw_flow_obs *f, sw_tunnel_info *tun)
{
    static const uint8_t protos[] = {6, 17, 1, 58, 47, 50, 132, 41, 99, 0};
    static const uint8_t families[] = {4, 6, 4, 6, 0};
    memset(f, 0, sizeof(*f));
    f->flow_id = next(s);
    uint8_t family = families[pick(s, sizeof(families))];
    random_ip(s, &f->src, family);
    random_ip(s, &f->dst, pick(s, 10) == 0 ? (uint8_t)(10 - family) : family);
    f->sp = (uint16_t)next(s);
    f->dp = (uint16_t)next(s);
    f->proto = protos[pick(s, sizeof(protos))];
    f->icmp_type = (uint8_t)next(s);
    f->icmp_code = (uint8_t)next(s);
    for (unsigned i = 0, n = (unsigned)pick(s, 4); i < n; i++)
        f->vlan[i] = (uint16_t)(1 + pick(s, 4095));
    f->start = random_time(s);
    f->last = random_time(s);
    f->pkts_toserver = random_count(s);
    f->pkts_toclient = random_count(s);
    f->bytes_toserver = random_count(s);
    f->bytes_toclient = random_count(s);
    f->tcp_state = (sw_tcp_state)pick(s, SW_TCP_CLOSED + 1);
    f->end_reason = (sw_flow_end_reason)pick(s, SW_FLOW_END_SHUTDOWN + 1);
    if (pick(s, 3) == 0) {
        memset(tun, 0, sizeof(*tun));
        tun->kind = (sw_tunnel_kind)pick(s, SW_TUNNEL_6IN6 + 1);
        random_ip(s, &tun->outer_src, pick(s, 2) ? 4 : 6);
        random_ip(s, &tun->outer_dst, tun->outer_src.family);
        tun->outer_proto = protos[pick(s, sizeof(protos))];
        tun->depth = (uint8_t)(1 + pick(s, 3));
        f->tunnel = tun;
    }
}

static void random_options(uint64_t *s, sw_eve_options *o)
{
    o->community_id = (int)pick(s, 4) != 0;
    o->community_id_seed = pick(s, 2) ? 0 : (uint16_t)next(s);
    o->host = pick(s, 2) ? NULL : random_text(s);
    o->pkt_src = random_text(s);
}

/* The tree's text, as the sinks write it, or NULL when the tree builder gave up. */
static char *tree_text(json_t *rec)
{
    if (!rec)
        return NULL;
    sw_jbuf b;
    sw_jbuf_init(&b, 1 << 20);
    ck_assert_int_eq(sw_json_append(&b, rec), 0);
    json_decref(rec);
    char *text = strndup(b.data, b.len);
    sw_jbuf_free(&b);
    return text;
}

/* The writer appends after what is already in the buffer, and only its own record. */
static void assert_same(char *expected, sw_jbuf *b, int rc, unsigned iteration)
{
    static const char prefix[] = "PREFIX";
    if (!expected) {
        ck_assert_msg(rc == -1, "iteration %u: tree refused, writer did not", iteration);
        ck_assert_uint_eq(b->len, sizeof(prefix) - 1);
        return;
    }
    ck_assert_msg(rc == 0, "iteration %u: writer failed: %s", iteration, expected);
    ck_assert_uint_ge(b->len, sizeof(prefix) - 1);
    ck_assert_mem_eq(b->data, prefix, sizeof(prefix) - 1);
    size_t len = b->len - (sizeof(prefix) - 1);
    ck_assert_msg(len == strlen(expected) &&
                      memcmp(b->data + sizeof(prefix) - 1, expected, len) == 0,
                  "iteration %u:\n tree %s\n text %.*s", iteration, expected, (int)len,
                  b->data + sizeof(prefix) - 1);
    free(expected);
}

/* One generated case: a flow (with its tunnel), options and a record time. */
typedef struct eve_case {
    sw_flow_obs flow;
    sw_tunnel_info tunnel;
    sw_eve_options options;
    sw_time ts;
} eve_case;

static void random_case(uint64_t *s, eve_case *c, sw_jbuf *b)
{
    random_flow(s, &c->flow, &c->tunnel);
    random_options(s, &c->options);
    c->ts = random_time(s);
    b->len = 0;
    sw_jbuf_append(b, "PREFIX", 6);
}

START_TEST(flow_records_match_the_tree)
{
    uint64_t s = 0x5eaa11u;
    sw_jbuf b;
    sw_jbuf_init(&b, 1 << 20);
    for (unsigned i = 0; i < 20000; i++) {
        eve_case c;
        random_case(&s, &c, &b);
        const sw_eve_options *opt = pick(&s, 8) ? &c.options : NULL;
        char *expected = tree_text(sw_eve_flow(&c.flow, c.ts, opt));
        assert_same(expected, &b, sw_eve_flow_write(&b, &c.flow, c.ts, opt), i);
    }
    sw_jbuf_free(&b);
}
END_TEST

START_TEST(anomaly_records_match_the_tree)
{
    uint64_t s = 0xa11a;
    sw_jbuf b;
    sw_jbuf_init(&b, 1 << 20);
    for (unsigned i = 0; i < 20000; i++) {
        eve_case c;
        random_case(&s, &c, &b);
        uint64_t pcap_cnt = pick(&s, 3) ? random_count(&s) : 0;
        const char *type = random_text(&s), *event = random_text(&s);
        const sw_flow_obs *flow = pick(&s, 3) ? &c.flow : NULL;
        char *expected = tree_text(sw_eve_anomaly(c.ts, pcap_cnt, type, event, flow, &c.options));
        assert_same(expected, &b,
                    sw_eve_anomaly_write(&b, c.ts, pcap_cnt, type, event, flow, &c.options), i);
    }
    sw_jbuf_free(&b);
}
END_TEST

/* One generated alert: its catalog entry, flow (or none) and evidence, keys repeated at times. */
typedef struct alert_case {
    sw_catalog_entry entry;
    sw_flow_obs flow;
    sw_tunnel_info tunnel;
    sw_eve_options options;
    sw_alert alert;
} alert_case;

static void random_alert(uint64_t *s, alert_case *c)
{
    static const char *const keys[] = {"peer",    "file", "community_hash",
                                       "q\"uote", NULL,   "bad \xff key"};
    memset(c, 0, sizeof(*c));
    c->entry.id = random_text(s);
    c->entry.gid = (uint32_t)next(s);
    c->entry.sid = (uint32_t)next(s);
    c->entry.rev = (uint32_t)pick(s, 5);
    c->entry.signature = random_text(s);
    c->entry.category = random_text(s);
    for (unsigned i = 0, n = (unsigned)pick(s, SW_CATALOG_MAX_ATTACK + 1); i < n; i++)
        c->entry.attack[i] = pick(s, 4) ? "T1572" : random_text(s);
    random_flow(s, &c->flow, &c->tunnel);
    random_options(s, &c->options);
    c->alert.entry = &c->entry;
    c->alert.severity = (sw_severity)pick(s, 6);
    c->alert.ts = random_time(s);
    c->alert.pcap_cnt = pick(s, 2) ? 0 : next(s);
    c->alert.flow = pick(s, 8) ? &c->flow : NULL;
    c->alert.n_evidence = (size_t)pick(s, SW_ALERT_MAX_EVIDENCE + 3);
    for (size_t i = 0; i < SW_ALERT_MAX_EVIDENCE; i++) {
        c->alert.evidence[i].key = pick(s, 5) ? keys[pick(s, 3)] : keys[pick(s, 6)];
        c->alert.evidence[i].value = pick(s, 6) ? random_text(s) : NULL;
    }
}

/* Stands in for the geo lookup: a small object, or nothing for some addresses. */
static json_t *fake_describe(const sw_ip *ip, void *user)
{
    unsigned *calls = user;
    (*calls)++;
    if (ip->family == 6 && ip->bytes[15] % 3 == 0)
        return NULL;
    return json_pack("{s:i,s:s}", "family", ip->family, "class",
                     ip->bytes[0] < 128 ? "low" : "high \"q\"");
}

/* What the sensor's enrichment does to a tree (geo/geo.c, sw_geo_enrich). */
static void enrich_tree(json_t *rec, unsigned *calls)
{
    static const char *const ends[][2] = {{"src_ip", "src"}, {"dest_ip", "dest"}};
    json_t *ext = json_object_get(rec, "seawall");
    for (size_t i = 0; rec && i < 2; i++) {
        const char *text = json_string_value(json_object_get(rec, ends[i][0]));
        sw_ip ip;
        if (!text || sw_ip_parse(&ip, text) != SW_OK)
            continue;
        json_t *obj = fake_describe(&ip, calls);
        if (obj)
            json_object_set_new(ext, ends[i][1], obj);
    }
}

START_TEST(alert_records_match_the_tree)
{
    uint64_t s = 0xa1e27;
    sw_jbuf b;
    sw_jbuf_init(&b, 1 << 20);
    unsigned tree_calls = 0, text_calls = 0;
    for (unsigned i = 0; i < 20000; i++) {
        alert_case c;
        random_alert(&s, &c);
        b.len = 0;
        sw_jbuf_append(&b, "PREFIX", 6);
        const sw_eve_options *opt = pick(&s, 8) ? &c.options : NULL;
        int enrich = (int)pick(&s, 2);
        json_t *tree = sw_eve_alert(&c.alert, opt);
        if (enrich && tree)
            enrich_tree(tree, &tree_calls);
        char *expected = tree_text(tree);
        int rc = sw_eve_alert_write(&b, &c.alert, opt, enrich ? fake_describe : NULL, &text_calls);
        assert_same(expected, &b, rc, i);
    }
    /* both sides looked up the same addresses (a refused record may skip its lookups) */
    ck_assert_uint_gt(text_calls, 1000);
    ck_assert_uint_le(text_calls, tree_calls + tree_calls / 10);
    ck_assert_uint_ge(text_calls, tree_calls - tree_calls / 10);
    sw_jbuf_free(&b);
}
END_TEST

/* A record that does not fit leaves the buffer as it was, also when it fails half-way. */
START_TEST(limit_leaves_buffer_unchanged)
{
    uint64_t s = 7;
    sw_flow_obs f;
    sw_tunnel_info tun;
    random_flow(&s, &f, &tun);
    sw_eve_options o = {1, 0, "h", NULL};
    sw_jbuf full;
    sw_jbuf_init(&full, 1 << 20);
    ck_assert_int_eq(sw_eve_anomaly_write(&full, f.last, 1, "stream", "stream.gap", &f, &o), 0);
    size_t anomaly_len = full.len;
    full.len = 0;
    ck_assert_int_eq(sw_eve_flow_write(&full, &f, f.last, &o), 0);
    for (size_t limit = 0; limit < full.len; limit += 7) {
        sw_jbuf b;
        sw_jbuf_init(&b, limit);
        ck_assert_int_eq(sw_eve_flow_write(&b, &f, f.last, &o), -1);
        ck_assert_uint_eq(b.len, 0);
        int rc = sw_eve_anomaly_write(&b, f.last, 1, "stream", "stream.gap", &f, &o);
        ck_assert_int_eq(rc, limit >= anomaly_len ? 0 : -1);
        ck_assert_uint_eq(b.len, rc == 0 ? anomaly_len : 0);
        sw_jbuf_free(&b);
    }
    sw_jbuf b;
    sw_jbuf_init(&b, full.len);
    ck_assert_int_eq(sw_eve_flow_write(&b, &f, f.last, &o), 0);
    ck_assert_mem_eq(b.data, full.data, full.len);
    ck_assert_int_eq(sw_eve_flow_write(&b, NULL, f.last, &o), -1);
    ck_assert_int_eq(sw_eve_anomaly_write(&b, f.last, 1, NULL, "x", NULL, &o), -1);
    ck_assert_uint_eq(b.len, full.len);
    sw_jbuf_free(&b);
    sw_jbuf_free(&full);
}
END_TEST

static Suite *eve_write_suite(void)
{
    Suite *s = suite_create("eve_write");
    TCase *tc = tcase_create("same_as_tree");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, flow_records_match_the_tree);
    tcase_add_test(tc, anomaly_records_match_the_tree);
    tcase_add_test(tc, alert_records_match_the_tree);
    tcase_add_test(tc, limit_leaves_buffer_unchanged);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return sw_test_run(eve_write_suite());
}
