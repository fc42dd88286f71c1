/* Incremental HTTP/1.x framing (RFC 9112): line assembly, message body length (section 6.3),
 * chunked transfer coding (section 7.1), request/response pairing and the callbacks. Start lines
 * and header fields are parsed in app-http-start.c and app-http-fields.c. */
#include "app-http-int.h"
#include "util-line.h"

#include <stdlib.h>
#include <string.h>

/* 16 hex digits of chunk size would overflow the arithmetic below; 15 is ~1 PB per chunk. */
#define HTTP_CHUNK_DIGITS_MAX 15

sw_http *sw_http_new(const sw_http_config *cfg)
{
    sw_http *h = calloc(1, sizeof(*h));
    if (!h)
        return NULL;
    h->cfg = *cfg;
    h->body_limit = cfg->body_limit ? cfg->body_limit : SW_HTTP_BODY_LIMIT_DEFAULT;
    if (h->body_limit > SW_HTTP_BODY_LIMIT_MAX)
        h->body_limit = SW_HTTP_BODY_LIMIT_MAX;
    for (int i = 0; i < 2; i++) {
        h->dir[i].body_buf = malloc(h->body_limit);
        if (!h->dir[i].body_buf) {
            sw_http_free(h);
            return NULL;
        }
        http_msg_reset(&h->dir[i]);
    }
    return h;
}

void sw_http_free(sw_http *h)
{
    if (!h)
        return;
    free(h->dir[0].body_buf);
    free(h->dir[1].body_buf);
    free(h);
}

int sw_http_dir_done(const sw_http *h, int dir)
{
    return h->dir[dir ? 1 : 0].state == HTTP_ST_DONE;
}

static void lose_framing(http_dir *d)
{
    d->state = HTTP_ST_DONE;
    d->lost = 1;
}

/* The message is whole: hand it to the callback and wait for the next start line. */
static void complete(sw_http *h, http_dir *d)
{
    sw_http_msg *m = &d->msg;
    m->body = d->body_buf;
    sw_http_msg_fn fn = m->is_request ? h->cfg.on_request : h->cfg.on_response;
    if (fn)
        fn(h->cfg.user, m);
    d->state = HTTP_ST_START;
}

/* Collects bytes up to LF into d->line. Returns 1 when a line is complete (CR LF or bare LF
 * removed); bytes past SW_HTTP_LINE_MAX are dropped and flagged in line_overflow. */
static int take_line(http_dir *d, sw_cursor *c)
{
    size_t lf = sw_line_find(c, '\n', sw_cur_left(c));
    size_t n = lf == SW_LINE_NOT_FOUND ? sw_cur_left(c) : lf;
    size_t keep = n <= sizeof(d->line) - d->line_len ? n : sizeof(d->line) - d->line_len;
    sw_cur_bytes(c, d->line + d->line_len, keep);
    sw_cur_skip(c, n - keep);
    d->line_len += keep;
    d->line_overflow |= keep < n;
    if (lf == SW_LINE_NOT_FOUND)
        return 0;
    sw_cur_skip(c, 1);
    if (d->line_len > 0 && d->line[d->line_len - 1] == '\r')
        d->line_len--;
    return 1;
}

static void body_append(sw_http *h, http_dir *d, sw_cursor *src, sw_app_result *r)
{
    sw_http_msg *m = &d->msg;
    size_t n = sw_cur_left(src), room = h->body_limit - m->body_len;
    size_t keep = n < room ? n : room;
    sw_cur_bytes(src, d->body_buf + m->body_len, keep);
    m->body_len += keep;
    m->body_total += n;
    if (keep < n && !d->body_over_reported) {
        sw_app_event_add(r, SW_APP_EV_HTTP_BODY_OVER_LIMIT);
        d->body_over_reported = 1;
    }
}

static void take_body(sw_http *h, http_dir *d, sw_cursor *c, sw_app_result *r)
{
    size_t n = sw_cur_left(c);
    if (d->state != HTTP_ST_BODY_CLOSE && d->remaining < n)
        n = (size_t)d->remaining;
    sw_cursor part = sw_cur_sub(c, n);
    body_append(h, d, &part, r);
    if (d->state == HTTP_ST_BODY_CLOSE)
        return;
    d->remaining -= n;
    if (d->remaining > 0)
        return;
    if (d->state == HTTP_ST_CHUNK_DATA)
        d->state = HTTP_ST_CHUNK_END;
    else
        complete(h, d);
}

/* chunk-size [ chunk-ext ] (RFC 9112 7.1, 7.1.1): hex digits, then optional BWS ";" ext. */
static int parse_chunk_size(const http_dir *d, uint64_t *size)
{
    sw_cursor c = sw_cur_init(d->line, d->line_len);
    size_t digits = 0;
    *size = 0;
    for (;;) {
        uint8_t b = sw_cur_peek_u8(&c, 0);
        int v = (b >= '0' && b <= '9')   ? b - '0'
                : (b >= 'a' && b <= 'f') ? b - 'a' + 10
                : (b >= 'A' && b <= 'F') ? b - 'A' + 10
                                         : -1;
        if (v < 0 || sw_cur_left(&c) == 0)
            break;
        if (++digits > HTTP_CHUNK_DIGITS_MAX)
            return 0;
        *size = *size * 16 + (uint64_t)v;
        sw_cur_skip(&c, 1);
    }
    while (sw_cur_left(&c) > 0 && (sw_cur_peek_u8(&c, 0) == ' ' || sw_cur_peek_u8(&c, 0) == '\t'))
        sw_cur_skip(&c, 1);
    return digits > 0 && (sw_cur_left(&c) == 0 || sw_cur_peek_u8(&c, 0) == ';');
}

/* A tunnel (101 Switching Protocols, 2xx to CONNECT) ends HTTP on both directions. */
static void switch_protocols(sw_http *h, http_dir *d)
{
    complete(h, d);
    h->dir[0].state = h->dir[1].state = HTTP_ST_DONE;
}

/* RFC 9112 section 6.3: how the body after the headers is delimited. */
static void request_body(sw_http *h, http_dir *d, sw_app_result *r)
{
    sw_http_msg *m = &d->msg;
    if (m->chunked) {
        d->state = HTTP_ST_CHUNK_SIZE;
    } else if (d->te_unknown) { /* 6.3 item 4: cannot frame; the server answers 400 and closes */
        sw_app_event_add(r, SW_APP_EV_HTTP_TE_UNKNOWN);
        complete(h, d);
        lose_framing(d);
    } else if (m->has_content_length && m->content_length > 0) {
        d->state = HTTP_ST_BODY_LENGTH;
        d->remaining = m->content_length;
    } else { /* 6.3 item 7: no length means no body */
        complete(h, d);
    }
}

static void response_body(sw_http *h, http_dir *d, sw_app_result *r)
{
    sw_http_msg *m = &d->msg;
    uint8_t pend = h->pending[m->tx_id % SW_HTTP_PENDING_MAX];
    if (m->status == 101 || ((pend & HTTP_PEND_CONNECT) && m->status / 100 == 2)) {
        switch_protocols(h, d); /* 6.3 item 2 */
    } else if ((pend & HTTP_PEND_HEAD) || m->status == 204 || m->status == 304) {
        complete(h, d); /* 6.3 item 1 */
    } else if (m->chunked) {
        d->state = HTTP_ST_CHUNK_SIZE;
    } else if (d->te_unknown) {
        sw_app_event_add(r, SW_APP_EV_HTTP_TE_UNKNOWN);
        d->state = HTTP_ST_BODY_CLOSE;
    } else if (m->has_content_length) {
        d->state = HTTP_ST_BODY_LENGTH;
        d->remaining = m->content_length;
        if (d->remaining == 0)
            complete(h, d);
    } else {
        d->state = HTTP_ST_BODY_CLOSE; /* 6.3 item 8 */
    }
}

static void headers_done(sw_http *h, http_dir *d, sw_app_result *r)
{
    sw_http_msg *m = &d->msg;
    http_flush_field(d, r);
    if (m->chunked && m->has_content_length) /* 6.3 item 3: chunked wins; a smuggling sign */
        sw_app_event_add(r, SW_APP_EV_HTTP_CL_WITH_CHUNKED);
    if (m->is_request) {
        request_body(h, d, r);
        return;
    }
    if (m->status < 200 && m->status != 101) { /* interim response: the final one follows */
        d->state = HTTP_ST_START;
        return;
    }
    if (h->responses >= h->requests)
        sw_app_event_add(r, SW_APP_EV_HTTP_UNSOLICITED);
    m->tx_id = h->responses++;
    response_body(h, d, r);
}

static void start_line(sw_http *h, http_dir *d, int dir, sw_app_result *r)
{
    if (d->line_len == 0 && !d->line_overflow) /* RFC 9112 2.2: empty lines before it */
        return;
    if (d->line_overflow) {
        sw_app_event_add(r, SW_APP_EV_HTTP_LINE_TOO_LONG);
        lose_framing(d);
        return;
    }
    if (!http_start_line(h, d, dir, r)) {
        lose_framing(d);
        return;
    }
    d->state = HTTP_ST_HEADERS;
    if (dir == SW_HTTP_TO_SERVER && d->msg.protocol[0] == '\0')
        complete(h, d); /* HTTP/0.9 simple request: no headers follow (RFC 1945 4.1) */
}

static void header_or_trailer(sw_http *h, http_dir *d, sw_app_result *r)
{
    if (d->line_overflow) {
        sw_app_event_add(r, SW_APP_EV_HTTP_LINE_TOO_LONG);
        d->msg.n_headers++;
        return;
    }
    if (d->line_len > 0) {
        if (d->state == HTTP_ST_HEADERS)
            http_header_line(d, r);
        else
            http_trailer_line(d, r);
        return;
    }
    if (d->state == HTTP_ST_HEADERS)
        headers_done(h, d, r);
    else
        complete(h, d);
}

/* One complete line in a line-oriented state. */
static void handle_line(sw_http *h, http_dir *d, int dir, sw_app_result *r)
{
    uint64_t size = 0;
    switch (d->state) {
    case HTTP_ST_START:
        start_line(h, d, dir, r);
        break;
    case HTTP_ST_HEADERS:
    case HTTP_ST_TRAILERS:
        header_or_trailer(h, d, r);
        break;
    case HTTP_ST_CHUNK_SIZE:
        if (d->line_overflow || !parse_chunk_size(d, &size)) {
            sw_app_event_add(r, SW_APP_EV_HTTP_BAD_CHUNK);
            complete(h, d); /* the headers are sound: inspect what we have */
            lose_framing(d);
        } else if (size == 0) {
            d->state = HTTP_ST_TRAILERS;
        } else {
            d->state = HTTP_ST_CHUNK_DATA;
            d->remaining = size;
        }
        break;
    case HTTP_ST_CHUNK_END: /* RFC 9112 7.1: chunk-data CRLF */
        if (d->line_len != 0 || d->line_overflow) {
            sw_app_event_add(r, SW_APP_EV_HTTP_BAD_CHUNK);
            complete(h, d);
            lose_framing(d);
        } else {
            d->state = HTTP_ST_CHUNK_SIZE;
        }
        break;
    default:
        break;
    }
    d->line_len = 0;
    d->line_overflow = 0;
}

static int body_state(http_state s)
{
    return s == HTTP_ST_BODY_LENGTH || s == HTTP_ST_CHUNK_DATA || s == HTTP_ST_BODY_CLOSE;
}

sw_app_result sw_http_feed(sw_http *h, int dir, const uint8_t *data, size_t len)
{
    sw_app_result r = sw_app_result_ok();
    dir = dir ? SW_HTTP_TO_CLIENT : SW_HTTP_TO_SERVER;
    http_dir *d = &h->dir[dir];
    sw_cursor c = sw_cur_init(data, len);
    int was_lost = d->lost;
    while (sw_cur_left(&c) > 0 && d->state != HTTP_ST_DONE) {
        if (body_state(d->state)) {
            take_body(h, d, &c, &r);
            continue;
        }
        if (take_line(d, &c))
            handle_line(h, d, dir, &r);
    }
    if (d->lost && !was_lost)
        r.status = SW_APP_MALFORMED;
    r.consumed = len;
    return r;
}

sw_app_result sw_http_end(sw_http *h, int dir)
{
    sw_app_result r = sw_app_result_ok();
    http_dir *d = &h->dir[dir ? SW_HTTP_TO_CLIENT : SW_HTTP_TO_SERVER];
    if (d->state == HTTP_ST_BODY_CLOSE)
        complete(h, d);
    else if ((d->state != HTTP_ST_START && d->state != HTTP_ST_DONE) || d->line_len > 0)
        sw_app_trunc(&r, SW_APP_EV_HTTP_TRUNC, 0);
    d->state = HTTP_ST_DONE;
    d->line_len = 0;
    return r;
}

static sw_bytes bytes_of(const uint8_t *data, size_t len)
{
    sw_bytes b = {data, len};
    return b;
}

void sw_http_fill_request(const sw_http_msg *msg, const sw_flow_obs *flow, sw_obs_http_request *out)
{
    memset(out, 0, sizeof(*out));
    out->flow = flow;
    out->tx_id = msg->tx_id;
    out->method = msg->method;
    out->uri_raw = bytes_of(msg->uri_raw, msg->uri_raw_len);
    out->uri = bytes_of(msg->uri, msg->uri_len);
    out->protocol = bytes_of((const uint8_t *)msg->protocol, strlen(msg->protocol));
    out->host = bytes_of(msg->host, msg->host_len);
    out->user_agent = bytes_of(msg->user_agent, msg->user_agent_len);
    out->cookie = bytes_of(msg->cookie, msg->cookie_len);
    out->content_type = bytes_of(msg->content_type, msg->content_type_len);
    out->headers = bytes_of(msg->headers, msg->headers_len);
    out->body = bytes_of(msg->body, msg->body_len);
    out->content_length = msg->chunked ? msg->body_total : msg->content_length;
}

void sw_http_fill_response(const sw_http_msg *msg, const sw_flow_obs *flow,
                           sw_obs_http_response *out)
{
    memset(out, 0, sizeof(*out));
    out->flow = flow;
    out->tx_id = msg->tx_id;
    out->status = msg->status;
    out->headers = bytes_of(msg->headers, msg->headers_len);
    out->body = bytes_of(msg->body, msg->body_len);
}
