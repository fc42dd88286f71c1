/* HTTP/1.x parser (sensor/app-http.c) on hand-built messages. Expected values are read off the
 * messages themselves and RFC 9112: section 5.2 (obs-fold joins with SP), 6.1 (chunked wins
 * over Content-Length), 6.3 (message body length: HEAD, 204/304, close-delimited responses),
 * 7.1 (chunk-size, chunk-ext, trailer section); RFC 9110 5.3 (duplicate field lines combine with
 * ", ") and 8.6 (Content-Length lists of one repeated value). */
#include "app-http.h"
#include "sw-test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MSGS 16

typedef struct got_msg {
    int is_request;
    uint64_t tx_id;
    uint16_t status, n_headers;
    char method[32], protocol[16];
    char uri_raw[256], uri[256], host[128], ua[256], cookie[256], ctype[128];
    char headers[2048], body[512];
    size_t body_len;
    uint64_t body_total, content_length;
} got_msg;

typedef struct collector {
    got_msg m[MAX_MSGS];
    int n;
    sw_app_stats stats;
    int malformed; /* feeds that reported SW_APP_MALFORMED */
    int incomplete;
} collector;

static void text(char *dst, size_t cap, const uint8_t *src, size_t n)
{
    ck_assert_msg(n < cap, "test buffer too small for %zu bytes", n);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void on_msg(void *user, const sw_http_msg *msg)
{
    collector *c = user;
    ck_assert_int_lt(c->n, MAX_MSGS);
    got_msg *g = &c->m[c->n++];
    memset(g, 0, sizeof(*g));
    g->is_request = msg->is_request;
    g->tx_id = msg->tx_id;
    g->status = msg->status;
    g->n_headers = msg->n_headers;
    snprintf(g->method, sizeof(g->method), "%s", msg->method);
    snprintf(g->protocol, sizeof(g->protocol), "%s", msg->protocol);
    text(g->uri_raw, sizeof(g->uri_raw), msg->uri_raw, msg->uri_raw_len);
    text(g->uri, sizeof(g->uri), msg->uri, msg->uri_len);
    text(g->host, sizeof(g->host), msg->host, msg->host_len);
    text(g->ua, sizeof(g->ua), msg->user_agent, msg->user_agent_len);
    text(g->cookie, sizeof(g->cookie), msg->cookie, msg->cookie_len);
    text(g->ctype, sizeof(g->ctype), msg->content_type, msg->content_type_len);
    if (msg->headers_len < sizeof(g->headers))
        text(g->headers, sizeof(g->headers), msg->headers, msg->headers_len);
    text(g->body, sizeof(g->body), msg->body, msg->body_len);
    g->body_len = msg->body_len;
    g->body_total = msg->body_total;
    g->content_length = msg->content_length;
}

static void account(collector *c, sw_app_result r)
{
    sw_app_stats_count(&c->stats, &r);
    c->malformed += r.status == SW_APP_MALFORMED;
    c->incomplete += r.status == SW_APP_INCOMPLETE;
}

static sw_http *parser(collector *c, size_t body_limit)
{
    memset(c, 0, sizeof(*c));
    sw_http_config cfg = {body_limit, on_msg, on_msg, c};
    sw_http *h = sw_http_new(&cfg);
    ck_assert_ptr_nonnull(h);
    return h;
}

/* Feeds `text` to dir in pieces of `step` bytes (0: one feed), each piece its own heap copy. */
static void feed(sw_http *h, collector *c, int dir, const char *msg, size_t len, size_t step)
{
    if (step == 0)
        step = len ? len : 1;
    for (size_t off = 0; off < len; off += step) {
        size_t n = len - off < step ? len - off : step;
        uint8_t *piece = malloc(n);
        memcpy(piece, msg + off, n);
        account(c, sw_http_feed(h, dir, piece, n));
        free(piece);
    }
}

/* Whole exchange: all requests, then all responses, then both ends. */
static void exchange(collector *c, const char *req, const char *resp, size_t step, size_t limit)
{
    sw_http *h = parser(c, limit);
    feed(h, c, SW_HTTP_TO_SERVER, req, strlen(req), step);
    if (resp)
        feed(h, c, SW_HTTP_TO_CLIENT, resp, strlen(resp), step);
    account(c, sw_http_end(h, SW_HTTP_TO_SERVER));
    account(c, sw_http_end(h, SW_HTTP_TO_CLIENT));
    sw_http_free(h);
}

static uint64_t ev(const collector *c, sw_app_event e)
{
    return c->stats.events[e];
}

static const char get_req[] = "GET /index.html?a=1 HTTP/1.1\r\n"
                              "Host: router.example\r\n"
                              "User-Agent: curl/8.0\r\n"
                              "Cookie: Auth=cisco_tac_admin\r\n"
                              "\r\n";
static const char ok_resp[] = "HTTP/1.1 200 OK\r\n"
                              "Content-Type: text/html\r\n"
                              "Content-Length: 5\r\n"
                              "\r\n"
                              "hello";

START_TEST(request_and_response)
{
    collector c;
    exchange(&c, get_req, ok_resp, 0, 0);
    ck_assert_int_eq(c.n, 2);
    const got_msg *q = &c.m[0], *s = &c.m[1];
    ck_assert(q->is_request && q->tx_id == 0);
    ck_assert_str_eq(q->method, "GET");
    ck_assert_str_eq(q->protocol, "HTTP/1.1");
    ck_assert_str_eq(q->uri_raw, "/index.html?a=1");
    ck_assert_str_eq(q->host, "router.example");
    ck_assert_str_eq(q->ua, "curl/8.0");
    ck_assert_str_eq(q->cookie, "Auth=cisco_tac_admin");
    ck_assert_uint_eq(q->n_headers, 3);
    ck_assert_str_eq(q->headers, "Host: router.example\r\nUser-Agent: curl/8.0\r\n"
                                 "Cookie: Auth=cisco_tac_admin\r\n");
    ck_assert(!s->is_request && s->tx_id == 0 && s->status == 200);
    ck_assert_str_eq(s->body, "hello");
    ck_assert_uint_eq(s->content_length, 5);
    ck_assert_uint_eq(c.malformed + c.incomplete, 0);
    for (int i = 0; i < SW_APP_EV_COUNT; i++)
        ck_assert_msg(c.stats.events[i] == 0, "unexpected %s", sw_app_event_name(i));
}
END_TEST

START_TEST(folded_and_duplicate_headers)
{
    collector c;
    const char *req = "POST /x HTTP/1.1\r\n"
                      "Host: a.example\r\n"
                      "User-Agent: first\r\n"
                      "\t  folded part\r\n"
                      "user-agent: second\r\n"
                      "Cookie: a=1\r\n"
                      "Cookie: b=2\r\n"
                      "Host: b.example\r\n"
                      "Content-Type: text/xml\r\n"
                      "\r\n";
    exchange(&c, req, NULL, 0, 0);
    ck_assert_int_eq(c.n, 1);
    ck_assert_str_eq(c.m[0].ua, "first folded part, second"); /* 9112 5.2, 9110 5.3 */
    ck_assert_str_eq(c.m[0].cookie, "a=1; b=2");
    ck_assert_str_eq(c.m[0].host, "a.example");
    ck_assert_str_eq(c.m[0].ctype, "text/xml");
    ck_assert_uint_eq(c.m[0].n_headers, 8);
    ck_assert_uint_eq(ev(&c, SW_APP_EV_HTTP_FOLDED_HEADER), 1);
    ck_assert_uint_eq(ev(&c, SW_APP_EV_HTTP_DUPLICATE_HOST), 1);
    ck_assert(strstr(c.m[0].headers, "\t  folded part\r\n") != NULL); /* raw block as sent */
}
END_TEST

static const char chunked_req[] = "POST /upload HTTP/1.1\r\n"
                                  "Host: h\r\n"
                                  "Transfer-Encoding: chunked\r\n"
                                  "\r\n"
                                  "4;name=value\r\nWiki\r\n"
                                  "5 ; quoted=\"x;y\"\r\npedia\r\n"
                                  "E\r\n in\r\n\r\nchunks.\r\n"
                                  "0\r\n"
                                  "X-Checksum: abc\r\n"
                                  "\r\n"
                                  "GET /next HTTP/1.1\r\nHost: h\r\n\r\n";

START_TEST(chunked_with_extensions_and_trailers)
{
    collector c;
    exchange(&c, chunked_req, NULL, 0, 0);
    ck_assert_int_eq(c.n, 2);
    /* 4 + 5 + 14 bytes: "Wiki" "pedia" " in\r\n\r\nchunks." (the classic RFC example). */
    ck_assert_str_eq(c.m[0].body, "Wikipedia in\r\n\r\nchunks.");
    ck_assert_uint_eq(c.m[0].body_total, 23);
    ck_assert(strstr(c.m[0].headers, "X-Checksum: abc\r\n") != NULL);
    ck_assert_str_eq(c.m[1].uri_raw, "/next");
    ck_assert_uint_eq(c.m[1].tx_id, 1);
    ck_assert_uint_eq(c.malformed + c.incomplete, 0);
}
END_TEST

static const char three_reqs[] = "GET /one HTTP/1.1\r\nHost: h\r\n\r\n"
                                 "HEAD /two HTTP/1.1\r\nHost: h\r\n\r\n"
                                 "POST /three HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc";
static const char three_resps[] = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none"
                                  "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" /* HEAD */
                                  "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
                                  "5\r\nthree\r\n0\r\n\r\n";

START_TEST(pipelined_three)
{
    collector c;
    exchange(&c, three_reqs, three_resps, 0, 0);
    ck_assert_int_eq(c.n, 6);
    const char *uris[] = {"/one", "/two", "/three"};
    const char *bodies[] = {"one", "", "three"};
    uint16_t status[] = {200, 200, 201};
    for (int i = 0; i < 3; i++) {
        ck_assert(c.m[i].is_request && c.m[i].tx_id == (uint64_t)i);
        ck_assert_str_eq(c.m[i].uri_raw, uris[i]);
        ck_assert(!c.m[3 + i].is_request && c.m[3 + i].tx_id == (uint64_t)i);
        ck_assert_uint_eq(c.m[3 + i].status, status[i]);
        ck_assert_str_eq(c.m[3 + i].body, bodies[i]);
    }
    ck_assert_str_eq(c.m[2].body, "abc");
    ck_assert_uint_eq(c.malformed + c.incomplete, 0);
}
END_TEST

START_TEST(byte_at_a_time_same_as_one_feed)
{
    static collector whole, pieces;
    exchange(&whole, chunked_req, three_resps, 0, 0);
    for (size_t step = 1; step <= 7; step++) {
        exchange(&pieces, chunked_req, three_resps, step, 0);
        ck_assert_int_eq(pieces.n, whole.n);
        ck_assert_msg(memcmp(pieces.m, whole.m, sizeof(got_msg) * (size_t)whole.n) == 0,
                      "step %zu differs", step);
        ck_assert(memcmp(&pieces.stats, &whole.stats, sizeof(whole.stats)) == 0);
    }
}
END_TEST

struct prefix_ctx {
    int dir;
};

/* A cut message: no callback, exactly one app.http.trunc at the end, nothing else. */
static void check_prefix(const uint8_t *buf, size_t len, void *user)
{
    const struct prefix_ctx *pc = user;
    collector c;
    sw_http *h = parser(&c, 0);
    if (pc->dir == SW_HTTP_TO_CLIENT) /* a request to answer */
        account(&c,
                sw_http_feed(h, SW_HTTP_TO_SERVER, (const uint8_t *)"GET / HTTP/1.1\r\n\r\n", 18));
    int before = c.n;
    account(&c, sw_http_feed(h, pc->dir, buf, len));
    sw_app_result end = sw_http_end(h, pc->dir);
    account(&c, end);
    sw_http_free(h);
    ck_assert_msg(c.n == before, "cut at %zu: %d messages", len, c.n - before);
    unsigned want = len > 0;
    ck_assert_msg(end.n_events == want && sw_app_event_count(&end, SW_APP_EV_HTTP_TRUNC) == want,
                  "cut at %zu: %u events", len, end.n_events);
    ck_assert_uint_eq(c.malformed, 0);
    uint64_t total = 0;
    for (int i = 0; i < SW_APP_EV_COUNT; i++)
        total += c.stats.events[i];
    ck_assert_uint_eq(total, want);
}

START_TEST(every_truncation)
{
    struct prefix_ctx req = {SW_HTTP_TO_SERVER}, resp = {SW_HTTP_TO_CLIENT};
    /* The request without its pipelined follower, so every cut is inside one message. */
    size_t n = strlen(chunked_req) - strlen("GET /next HTTP/1.1\r\nHost: h\r\n\r\n");
    sw_test_all_prefixes((const uint8_t *)chunked_req, n, check_prefix, &req);
    sw_test_all_prefixes((const uint8_t *)get_req, strlen(get_req), check_prefix, &req);
    sw_test_all_prefixes((const uint8_t *)ok_resp, strlen(ok_resp), check_prefix, &resp);
}
END_TEST

START_TEST(oversize_lines_headers_bodies)
{
    collector c;
    static char req[SW_HTTP_LINE_MAX * 2 + 4096];
    /* A request line longer than the cap: the direction cannot be framed any more. */
    int n =
        snprintf(req, sizeof(req), "GET /%0*d HTTP/1.1\r\nHost: h\r\n\r\n", SW_HTTP_LINE_MAX, 7);
    ck_assert_int_gt(n, SW_HTTP_LINE_MAX);
    exchange(&c, req, NULL, 0, 0);
    ck_assert_int_eq(c.n, 0);
    ck_assert_uint_eq(ev(&c, SW_APP_EV_HTTP_LINE_TOO_LONG), 1);
    ck_assert_int_eq(c.malformed, 1);
    /* A header line longer than the cap is dropped; the request survives. */
    n = snprintf(req, sizeof(req), "GET / HTTP/1.1\r\nX-Long: %0*d\r\nHost: h\r\n\r\n",
                 SW_HTTP_LINE_MAX, 7);
    exchange(&c, req, NULL, 1000, 0);
    ck_assert_int_eq(c.n, 1);
    ck_assert_str_eq(c.m[0].host, "h");
    ck_assert_uint_eq(ev(&c, SW_APP_EV_HTTP_LINE_TOO_LONG), 1);
    /* SW_HTTP_HEADERS_MAX + 5 header lines: one anomaly, Host after the cap ignored. */
    n = snprintf(req, sizeof(req), "GET / HTTP/1.1\r\n");
    for (int i = 0; i < SW_HTTP_HEADERS_MAX + 5; i++)
        n += snprintf(req + n, sizeof(req) - (size_t)n, "X-%d: v\r\n", i);
    snprintf(req + n, sizeof(req) - (size_t)n, "Host: late\r\n\r\n");
    exchange(&c, req, NULL, 0, 0);
    ck_assert_int_eq(c.n, 1);
    ck_assert_uint_eq(ev(&c, SW_APP_EV_HTTP_TOO_MANY_HEADERS), 1);
    ck_assert_str_eq(c.m[0].host, "");
    /* Body of 40 bytes with a 16-byte inspection limit. */
    exchange(
        &c, "POST / HTTP/1.1\r\nContent-Length: 40\r\n\r\n0123456789012345678901234567890123456789",
        NULL, 3, 16);
    ck_assert_int_eq(c.n, 1);
    ck_assert_str_eq(c.m[0].body, "0123456789012345");
    ck_assert_uint_eq(c.m[0].body_total, 40);
    ck_assert_uint_eq(ev(&c, SW_APP_EV_HTTP_BODY_OVER_LIMIT), 1);
}
END_TEST

START_TEST(content_length_conflicts)
{
    collector c;
    exchange(&c,
             "POST /a HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 7\r\n\r\nabcGET /b "
             "HTTP/1.1\r\n\r\n",
             NULL, 0, 0);
    ck_assert_int_eq(c.n, 2); /* the first length frames the body */
    ck_assert_str_eq(c.m[0].body, "abc");
    ck_assert_str_eq(c.m[1].uri_raw, "/b");
    ck_assert_uint_eq(ev(&c, SW_APP_EV_HTTP_CL_CONFLICT), 1);

    exchange(&c, "POST /a HTTP/1.1\r\nContent-Length: 3, 3\r\n\r\nabc", NULL, 0, 0);
    ck_assert_int_eq(c.n, 1);
    ck_assert_str_eq(c.m[0].body, "abc");
    ck_assert_uint_eq(ev(&c, SW_APP_EV_HTTP_BAD_CONTENT_LENGTH), 0);

    const char *bad[] = {"3x", "-1", "", "3, 4", "1234567890123456", "+3"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char req[128];
        snprintf(req, sizeof(req), "POST /a HTTP/1.1\r\nContent-Length: %s\r\n\r\n", bad[i]);
        exchange(&c, req, NULL, 0, 0);
        ck_assert_msg(ev(&c, SW_APP_EV_HTTP_BAD_CONTENT_LENGTH) == 1, "'%s' accepted", bad[i]);
        ck_assert_int_eq(c.n, 1);
    }

    /* Both Content-Length and chunked: chunked frames the body (RFC 9112 6.1). */
    exchange(&c,
             "POST /a HTTP/1.1\r\nContent-Length: 100\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
             "3\r\nabc\r\n0\r\n\r\n",
             NULL, 0, 0);
    ck_assert_int_eq(c.n, 1);
    ck_assert_str_eq(c.m[0].body, "abc");
    ck_assert_uint_eq(ev(&c, SW_APP_EV_HTTP_CL_WITH_CHUNKED), 1);
}
END_TEST

START_TEST(response_framing)
{
    collector c;
    /* 100 Continue is interim (no tx), 204 has no body, the last is delimited by the close. */
    exchange(&c,
             "POST /a HTTP/1.1\r\nContent-Length: 1\r\n\r\nxGET /b HTTP/1.1\r\n\r\n"
             "GET /c HTTP/1.1\r\n\r\n",
             "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 "
             "204 No Content\r\n\r\nHTTP/1.0 200 OK\r\n\r\nuntil close",
             0, 0);
    ck_assert_int_eq(c.n, 6);
    ck_assert(c.m[3].tx_id == 0 && c.m[3].status == 200);
    ck_assert(c.m[4].tx_id == 1 && c.m[4].status == 204 && c.m[4].body_len == 0);
    ck_assert(c.m[5].tx_id == 2);
    ck_assert_str_eq(c.m[5].body, "until close");
    ck_assert_uint_eq(c.incomplete + c.malformed, 0);
}
END_TEST

START_TEST(malformed_start_lines)
{
    collector c;
    exchange(&c, "\x16\x03\x01\x02\x01 not http\r\n\r\n", "SSH-2.0-x\r\n", 0, 0);
    ck_assert_int_eq(c.n, 0);
    ck_assert_uint_eq(ev(&c, SW_APP_EV_HTTP_BAD_REQUEST_LINE), 1);
    ck_assert_uint_eq(ev(&c, SW_APP_EV_HTTP_BAD_STATUS_LINE), 1);
    ck_assert_int_eq(c.malformed, 2);
    /* A response before any request is parsed and flagged. */
    exchange(&c, "", "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", 0, 0);
    ck_assert_int_eq(c.n, 1);
    ck_assert_uint_eq(ev(&c, SW_APP_EV_HTTP_UNSOLICITED), 1);
    /* nuclei's CVE-2024-3400 probe repeats the version: the last word is the version. */
    exchange(&c, "GET /global-protect/portal/images/x.txt HTTP/1.1 HTTP/1.1\r\nHost: h\r\n\r\n",
             NULL, 0, 0);
    ck_assert_int_eq(c.n, 1);
    ck_assert_str_eq(c.m[0].uri_raw, "/global-protect/portal/images/x.txt HTTP/1.1");
    ck_assert_str_eq(c.m[0].protocol, "HTTP/1.1");
    ck_assert_uint_eq(ev(&c, SW_APP_EV_HTTP_BAD_REQUEST_LINE), 1);
    /* Bad chunk size: the message is still handed over, then the direction stops. */
    exchange(&c, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", NULL, 0, 0);
    ck_assert_int_eq(c.n, 1);
    ck_assert_uint_eq(ev(&c, SW_APP_EV_HTTP_BAD_CHUNK), 1);
    ck_assert_int_eq(c.malformed, 1);
}
END_TEST

START_TEST(fill_observations)
{
    /* A message as a callback receives it, built by hand. */
    static sw_http_msg msg;
    memset(&msg, 0, sizeof(msg));
    msg.is_request = 1;
    msg.tx_id = 4;
    snprintf(msg.method, sizeof(msg.method), "POST");
    snprintf(msg.protocol, sizeof(msg.protocol), "HTTP/1.1");
    memcpy(msg.uri_raw, "/%2577ebui_wsma_Http", 20);
    msg.uri_raw_len = 20;
    memcpy(msg.uri, "/%77ebui_wsma_Http", 18);
    msg.uri_len = 18;
    memcpy(msg.host, "10.10.0.6", 9);
    msg.host_len = 9;
    msg.chunked = 1;
    msg.body_total = 77;
    sw_flow_obs flow;
    memset(&flow, 0, sizeof(flow));
    sw_obs_http_request rq;
    sw_http_fill_request(&msg, &flow, &rq);
    ck_assert_ptr_eq(rq.flow, &flow);
    ck_assert_uint_eq(rq.tx_id, 4);
    ck_assert_str_eq(rq.method, "POST");
    ck_assert(rq.uri_raw.len == 20 && memcmp(rq.uri_raw.data, "/%2577", 6) == 0);
    ck_assert(rq.uri.len == 18 && memcmp(rq.uri.data, "/%77", 4) == 0);
    ck_assert(rq.protocol.len == 8 && rq.host.len == 9 && rq.user_agent.len == 0);
    ck_assert_uint_eq(rq.content_length, 77); /* chunked: the de-chunked total */
    msg.is_request = 0;
    msg.status = 200;
    sw_obs_http_response rs;
    sw_http_fill_response(&msg, &flow, &rs);
    ck_assert(rs.tx_id == 4 && rs.status == 200 && rs.body.len == 0);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("app-http");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, request_and_response);
    tcase_add_test(tc, folded_and_duplicate_headers);
    tcase_add_test(tc, chunked_with_extensions_and_trailers);
    tcase_add_test(tc, pipelined_three);
    tcase_add_test(tc, byte_at_a_time_same_as_one_feed);
    tcase_add_test(tc, content_length_conflicts);
    tcase_add_test(tc, response_framing);
    tcase_add_test(tc, malformed_start_lines);
    tcase_add_test(tc, fill_observations);
    suite_add_tcase(s, tc);
    TCase *tb = tcase_create("bounds");
    tcase_add_test(tb, every_truncation);
    tcase_add_test(tb, oversize_lines_headers_bodies);
    suite_add_tcase(s, tb);
    return s;
}

int main(void)
{
    return sw_test_run(suite());
}
