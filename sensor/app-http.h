/* Incremental HTTP/1.x parser for one connection (RFC 9112 message syntax, RFC 9110 semantics).
 *
 * The stream layer feeds each direction's reassembled bytes in order, in pieces of any size (one
 * byte at a time gives the same result as one feed). When a request or a response is complete the
 * parser calls back with the whole message: request line, raw header block, the fields detections
 * use (Host, User-Agent, Cookie, Content-Type), and a de-chunked body prefix up to the inspection
 * limit. Requests are numbered in order (tx_id, pipelining); each response carries the tx_id of
 * the request it answers. Every buffer is allocated once by sw_http_new(): nothing is allocated
 * while feeding, and every line, header count and body prefix is capped (docs/http.md). Anomalies
 * are app.http.* events (app-events.h); input never makes the parser fail, at worst it stops
 * parsing a direction it can no longer frame. */
#ifndef SEAWALL_SENSOR_APP_HTTP_H
#define SEAWALL_SENSOR_APP_HTTP_H

#include "app-events.h"
#include "observation.h"

#define SW_HTTP_LINE_MAX           8192    /* request, status, header and chunk-size lines */
#define SW_HTTP_HEADERS_MAX        100     /* header lines per message (trailers included) */
#define SW_HTTP_HEADER_BLOCK_MAX   16384   /* raw header bytes kept per message */
#define SW_HTTP_FIELD_MAX          1024    /* Host, User-Agent, Content-Type value bytes */
#define SW_HTTP_COOKIE_MAX         4096    /* Cookie value bytes (duplicates joined by "; ") */
#define SW_HTTP_METHOD_MAX         32      /* method token, NUL included */
#define SW_HTTP_PROTOCOL_MAX       16      /* "HTTP/1.1", NUL included */
#define SW_HTTP_PENDING_MAX        64      /* requests awaiting their response */
#define SW_HTTP_BODY_LIMIT_DEFAULT 4096    /* body inspection limit (Suricata's default) */
#define SW_HTTP_BODY_LIMIT_MAX     1048576 /* largest accepted configuration */

enum { SW_HTTP_TO_SERVER = 0, SW_HTTP_TO_CLIENT = 1 };

/* One complete request (is_request = 1) or response. Borrowed by the callback: valid only during
 * the call. Byte fields are not NUL-terminated; method and protocol are printable C strings. */
typedef struct sw_http_msg {
    uint8_t is_request;
    uint64_t tx_id;                      /* request: 0-based order; response: the request's */
    char method[SW_HTTP_METHOD_MAX];     /* requests */
    char protocol[SW_HTTP_PROTOCOL_MAX]; /* "HTTP/1.1"; "" for an HTTP/0.9 request */
    uint16_t status;                     /* responses: 100..999 */
    uint8_t uri_raw[SW_HTTP_LINE_MAX];   /* request-target as sent */
    size_t uri_raw_len;
    uint8_t uri[SW_HTTP_LINE_MAX]; /* normalised (http-uri.h) */
    size_t uri_len;
    uint8_t host[SW_HTTP_FIELD_MAX]; /* first Host value (a second one is duplicate_host) */
    size_t host_len;
    uint8_t user_agent[SW_HTTP_FIELD_MAX]; /* duplicates joined by ", " (RFC 9110 5.3) */
    size_t user_agent_len;
    uint8_t content_type[SW_HTTP_FIELD_MAX];
    size_t content_type_len;
    uint8_t cookie[SW_HTTP_COOKIE_MAX];
    size_t cookie_len;
    uint8_t headers[SW_HTTP_HEADER_BLOCK_MAX]; /* each header line as sent, then CR LF */
    size_t headers_len;
    uint16_t n_headers; /* header lines, folded continuations included */
    uint8_t has_content_length, chunked;
    uint64_t content_length; /* declared Content-Length (the first one when they conflict) */
    uint64_t body_total;     /* de-chunked body bytes seen, kept or not */
    const uint8_t *body;     /* de-chunked prefix, at most the inspection limit */
    size_t body_len;
} sw_http_msg;

typedef void (*sw_http_msg_fn)(void *user, const sw_http_msg *msg);

typedef struct sw_http_config {
    size_t body_limit;          /* 0 = SW_HTTP_BODY_LIMIT_DEFAULT; capped at _MAX */
    sw_http_msg_fn on_request;  /* may be NULL */
    sw_http_msg_fn on_response; /* may be NULL */
    void *user;                 /* passed to the callbacks */
} sw_http_config;

typedef struct sw_http sw_http;

/* A parser for one connection; caller owns it, free with sw_http_free. NULL when out of memory.
 * All memory it will ever use (about 120 KB plus twice the body limit) is allocated here. */
sw_http *sw_http_new(const sw_http_config *cfg);
void sw_http_free(sw_http *h); /* NULL is a no-op */

/* Feeds len bytes of direction dir (SW_HTTP_TO_SERVER / _TO_CLIENT), in stream order. Calls back
 * for each message completed by these bytes. The result's events are this feed's anomalies;
 * status is SW_APP_MALFORMED when the direction was given up during this feed (its framing was
 * lost), else SW_APP_OK; consumed is always len. */
sw_app_result sw_http_feed(sw_http *h, int dir, const uint8_t *data, size_t len);

/* The direction ended (FIN, RST, flow end). A response delimited by the connection close
 * (RFC 9112 section 6.3 item 8) completes and is called back; any other message in progress is
 * dropped with app.http.trunc (INCOMPLETE). Further feeds of dir are ignored. */
sw_app_result sw_http_end(sw_http *h, int dir);

/* 1 when dir is no longer parsed: framing lost, ended, or the connection switched protocols
 * (101, CONNECT). */
int sw_http_dir_done(const sw_http *h, int dir);

/* Fills an observation from a message given to a callback. Everything in *out borrows from msg
 * and flow (valid for the callback only); out->flow = flow. */
void sw_http_fill_request(const sw_http_msg *msg, const sw_flow_obs *flow,
                          sw_obs_http_request *out);
void sw_http_fill_response(const sw_http_msg *msg, const sw_flow_obs *flow,
                           sw_obs_http_response *out);

#endif
