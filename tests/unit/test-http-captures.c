/* The HTTP parser on real captures from /work/shared/testdata/http. A small in-test helper
 * decodes each packet with the sensor decoder (sensor/decode.h), groups TCP segments by the flow
 * key (sensor/flow-key.h), orients them by the first SYN, drops retransmitted bytes by sequence
 * number and feeds each direction's payload to one parser per connection.
 *
 * Expected values were read with
 *   tshark -r F -Y http -T fields -e http.request.method -e http.request.uri -e http.host
 *          -e http.user_agent -e http.response.code
 * (tshark 4.0), quoted per capture below. */
#include "app-http.h"
#include "decode.h"
#include "flow-key.h"
#include "sw-test.h"

#include <pcap.h>
#include <stdio.h>
#include <string.h>

#define MAX_CONNS 8
#define MAX_SEEN  16

typedef struct seen_msg {
    int is_request;
    uint64_t tx_id;
    uint16_t status;
    char method[32], uri_raw[256], uri[256], host[128], ua[256];
} seen_msg;

typedef struct conn {
    flow_key key;
    sw_ip client;
    uint16_t cport;
    uint32_t next[2];
    uint8_t have_next[2];
    sw_http *http;
} conn;

typedef struct capture_run {
    conn conns[MAX_CONNS];
    int n_conns;
    seen_msg seen[MAX_SEEN];
    int n_seen;
    sw_app_stats stats;
} capture_run;

static void copy_text(char *dst, size_t cap, const uint8_t *src, size_t n)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void on_msg(void *user, const sw_http_msg *m)
{
    capture_run *run = user;
    if (run->n_seen >= MAX_SEEN)
        return;
    seen_msg *s = &run->seen[run->n_seen++];
    s->is_request = m->is_request;
    s->tx_id = m->tx_id;
    s->status = m->status;
    snprintf(s->method, sizeof(s->method), "%s", m->method);
    copy_text(s->uri_raw, sizeof(s->uri_raw), m->uri_raw, m->uri_raw_len);
    copy_text(s->uri, sizeof(s->uri), m->uri, m->uri_len);
    copy_text(s->host, sizeof(s->host), m->host, m->host_len);
    copy_text(s->ua, sizeof(s->ua), m->user_agent, m->user_agent_len);
}

static conn *find_conn(capture_run *run, const sw_packet *p)
{
    flow_key key;
    flow_key_build(&key, p, 0);
    for (int i = 0; i < run->n_conns; i++)
        if (flow_key_equal(&run->conns[i].key, &key))
            return &run->conns[i];
    ck_assert_int_lt(run->n_conns, MAX_CONNS);
    conn *c = &run->conns[run->n_conns++];
    memset(c, 0, sizeof(*c));
    c->key = key;
    /* The first packet's sender is the client, unless it is a SYN-ACK. */
    int synack = (p->ip[0].tcp_flags & 0x12) == 0x12;
    c->client = synack ? p->ip[0].dst : p->ip[0].src;
    c->cport = synack ? p->ip[0].dp : p->ip[0].sp;
    sw_http_config cfg = {0, on_msg, on_msg, run};
    c->http = sw_http_new(&cfg);
    ck_assert_ptr_nonnull(c->http);
    return c;
}

/* In-order bytes only: a segment wholly before `next` is a retransmission, a partial one is
 * trimmed (serial arithmetic, RFC 1982, on 32-bit sequence numbers). */
static void segment(capture_run *run, const sw_packet *p)
{
    const sw_ip_layer *l = &p->ip[0];
    conn *c = find_conn(run, p);
    int dir = (l->sp == c->cport && sw_ip_equal(&l->src, &c->client)) ? SW_HTTP_TO_SERVER
                                                                      : SW_HTTP_TO_CLIENT;
    uint32_t seq = l->tcp_seq + ((l->tcp_flags & 0x02) ? 1 : 0);
    if (!c->have_next[dir]) {
        c->next[dir] = seq;
        c->have_next[dir] = 1;
    }
    size_t len = l->payload_len, skip = 0;
    int32_t ahead = (int32_t)(c->next[dir] - seq);
    if (ahead > 0)
        skip = (size_t)ahead < len ? (size_t)ahead : len;
    if (len > skip) {
        sw_app_result r = sw_http_feed(c->http, dir, l->payload + skip, len - skip);
        sw_app_stats_count(&run->stats, &r);
        c->next[dir] = seq + (uint32_t)len;
    }
}

static void run_capture(capture_run *run, const char *name)
{
    char err[PCAP_ERRBUF_SIZE], rel[256];
    snprintf(rel, sizeof(rel), "testdata/http/%s", name);
    pcap_t *pc = pcap_open_offline(sw_test_shared(rel), err);
    ck_assert_msg(pc != NULL, "%s: %s", name, err);
    memset(run, 0, sizeof(*run));
    sw_decoder *dec = sw_decoder_new(NULL);
    struct pcap_pkthdr *h;
    const u_char *data;
    while (pcap_next_ex(pc, &h, &data) == 1) {
        sw_packet p;
        memset(&p, 0, sizeof(p));
        p.linktype = pcap_datalink(pc);
        p.data = data;
        p.caplen = h->caplen;
        p.wirelen = h->len;
        if (sw_decode_packet(dec, &p) >= 1 && p.ip[0].proto == 6 && !p.ip[0].is_fragment)
            segment(run, &p);
    }
    for (int i = 0; i < run->n_conns; i++) {
        sw_app_result r = sw_http_end(run->conns[i].http, SW_HTTP_TO_SERVER);
        sw_app_stats_count(&run->stats, &r);
        r = sw_http_end(run->conns[i].http, SW_HTTP_TO_CLIENT);
        sw_app_stats_count(&run->stats, &r);
        sw_http_free(run->conns[i].http);
    }
    sw_decoder_free(dec);
    pcap_close(pc);
}

static const seen_msg *nth(const capture_run *run, int is_request, int n)
{
    for (int i = 0; i < run->n_seen; i++)
        if (run->seen[i].is_request == is_request && n-- == 0)
            return &run->seen[i];
    ck_abort_msg("no %s #%d", is_request ? "request" : "response", n);
    return NULL;
}

static void expect_request(const capture_run *run, int n, const char *method, const char *uri,
                           const char *host, const char *ua)
{
    const seen_msg *s = nth(run, 1, n);
    ck_assert_str_eq(s->method, method);
    ck_assert_str_eq(s->uri_raw, uri);
    ck_assert_str_eq(s->host, host);
    ck_assert_str_eq(s->ua, ua);
    ck_assert_uint_eq(s->tx_id, (uint64_t)n);
}

static int count(const capture_run *run, int is_request)
{
    int n = 0;
    for (int i = 0; i < run->n_seen; i++)
        n += run->seen[i].is_request == is_request;
    return n;
}

/* tshark: "GET  /download/CHANGES.bro-aux.txt  bro.org  Wget/1.14 (darwin12.2.0)", then "200". */
START_TEST(get)
{
    static capture_run run;
    const char *files[] = {"zeek-http-get.pcap", "zeek-http-vlan-0.pcap"};
    for (int f = 0; f < 2; f++) {
        run_capture(&run, files[f]);
        ck_assert_int_eq(count(&run, 1), 1);
        ck_assert_int_eq(count(&run, 0), 1);
        expect_request(&run, 0, "GET", "/download/CHANGES.bro-aux.txt", "bro.org",
                       "Wget/1.14 (darwin12.2.0)");
        ck_assert_uint_eq(nth(&run, 0, 0)->status, 200);
    }
}
END_TEST

/* tshark: five GETs on one connection, host www.mozilla.org, user agent
 * "Mozilla/5.0 (Windows; U; Windows NT 5.1; en-US; rv:1.9.1.5) Gecko/20091102 Firefox/3.5.5",
 * URIs below, each answered "200". */
START_TEST(pipelined)
{
    static capture_run run;
    static const char *uris[] = {"/style/enhanced.css", "/script/urchin.js",
                                 "/images/template/screen/bullet_utility.png",
                                 "/images/template/screen/key-point-top.png",
                                 "/projects/calendar/images/header-sunbird.png"};
    run_capture(&run, "zeek-http-pipelined-requests.pcap");
    ck_assert_int_eq(count(&run, 1), 5);
    ck_assert_int_eq(count(&run, 0), 5);
    for (int i = 0; i < 5; i++) {
        expect_request(&run, i, "GET", uris[i], "www.mozilla.org",
                       "Mozilla/5.0 (Windows; U; Windows NT 5.1; en-US; rv:1.9.1.5) "
                       "Gecko/20091102 Firefox/3.5.5");
        ck_assert_uint_eq(nth(&run, 0, i)->status, 200);
        ck_assert_uint_eq(nth(&run, 0, i)->tx_id, (uint64_t)i);
    }
}
END_TEST

/* tshark: "GET  /uri  127.0.0.1:8000  curl/7.54.0", then "400". tshark cuts the URI at the first
 * space; the request line on the wire (tshark -e tcp.payload, frame 5) is
 * "GET /uri afterspace HTTP/1.1": we keep the whole target, as libhtp does, and flag it. */
START_TEST(uri_spaces)
{
    static capture_run run;
    run_capture(&run, "sv-http-uri-spaces.pcap");
    ck_assert_int_eq(count(&run, 1), 1);
    expect_request(&run, 0, "GET", "/uri afterspace", "127.0.0.1:8000", "curl/7.54.0");
    ck_assert_uint_eq(nth(&run, 0, 0)->status, 400);
    ck_assert_uint_eq(run.stats.events[SW_APP_EV_HTTP_BAD_REQUEST_LINE], 1);
}
END_TEST

/* tshark: "POST  /post  httpbin.org  curl/7.29.0", "200"; and
 * "GET  /  testmyids.com  curl/8.5.0", "200". */
START_TEST(post_and_testmyids)
{
    static capture_run run;
    run_capture(&run, "zeek-http-post.pcap");
    expect_request(&run, 0, "POST", "/post", "httpbin.org", "curl/7.29.0");
    ck_assert_uint_eq(nth(&run, 0, 0)->status, 200);
    run_capture(&run, "zeek-http-testmyids.pcap");
    expect_request(&run, 0, "GET", "/", "testmyids.com", "curl/8.5.0");
    ck_assert_uint_eq(nth(&run, 0, 0)->status, 200);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("http-captures");
    TCase *tc = tcase_create("captures");
    tcase_add_test(tc, get);
    tcase_add_test(tc, pipelined);
    tcase_add_test(tc, uri_spaces);
    tcase_add_test(tc, post_and_testmyids);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return sw_test_run(suite());
}
