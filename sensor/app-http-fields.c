/* HTTP/1.x start lines and header fields: request-line (RFC 9112 section 3), status-line
 * (section 4), field lines and obsolete folding (section 5), Content-Length (RFC 9110 8.6) and
 * Transfer-Encoding (RFC 9112 6.1). Works on the parser's own line buffers through sw_cursor. */
#include "app-http-int.h"
#include "util-line.h"

#include <string.h>

/* Largest Content-Length we accept: 15 decimal digits (about 1 PB) cannot overflow a uint64. */
#define HTTP_CL_DIGITS_MAX 15

void http_msg_reset(http_dir *d)
{
    sw_http_msg *m = &d->msg;
    m->is_request = 0;
    m->tx_id = 0;
    m->method[0] = m->protocol[0] = '\0';
    m->status = 0;
    m->uri_raw_len = m->uri_len = m->host_len = m->user_agent_len = 0;
    m->content_type_len = m->cookie_len = m->headers_len = 0;
    m->n_headers = 0;
    m->has_content_length = m->chunked = 0;
    m->content_length = m->body_total = 0;
    m->body = d->body_buf;
    m->body_len = 0;
    d->has_field = d->field_overflow = 0;
    d->field_len = 0;
    d->host_seen = d->te_unknown = d->body_over_reported = 0;
}

/* RFC 9110 section 5.6.2: tchar. */
static int is_tchar(uint8_t b)
{
    if ((b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'))
        return 1;
    return b != 0 && strchr("!#$%&'*+-.^_`|~", b) != NULL;
}

static int is_ows(uint8_t b)
{
    return b == ' ' || b == '\t';
}

static uint8_t lower(uint8_t b)
{
    return (b >= 'A' && b <= 'Z') ? (uint8_t)(b + 32) : b;
}

/* Case-insensitive comparison of the next n bytes of c with the lower-case word. */
static int cur_equals_nocase(const sw_cursor *c, size_t n, const char *word)
{
    if (strlen(word) != n || sw_cur_left(c) < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower(sw_cur_peek_u8(c, i)) != (uint8_t)word[i])
            return 0;
    return 1;
}

/* Copies the rest of c into dst (cap bytes, length in *len), after `joiner` when dst already
 * holds a value; what does not fit is dropped with app.http.field_too_long. */
static void field_append(uint8_t *dst, size_t cap, size_t *len, sw_cursor *c, const char *joiner,
                         sw_app_result *r)
{
    size_t j = strlen(joiner), n = sw_cur_left(c);
    if (*len > 0) {
        if (j > cap - *len) {
            sw_app_event_add(r, SW_APP_EV_HTTP_FIELD_TOO_LONG);
            return;
        }
        memcpy(dst + *len, joiner, j);
        *len += j;
    }
    if (n > cap - *len) {
        sw_app_event_add(r, SW_APP_EV_HTTP_FIELD_TOO_LONG);
        n = cap - *len;
    }
    sw_cur_bytes(c, dst + *len, n);
    *len += n;
}

/* Content-Length = 1*DIGIT; a list of identical values ("5, 5") is accepted (RFC 9110 8.6). */
static int parse_content_length(sw_cursor *v, uint64_t *out)
{
    int have = 0;
    while (sw_cur_left(v) > 0) {
        uint64_t value = 0;
        size_t digits = 0;
        while (sw_cur_left(v) > 0 && sw_cur_peek_u8(v, 0) >= '0' && sw_cur_peek_u8(v, 0) <= '9') {
            value = value * 10 + (uint64_t)(sw_cur_u8(v) - '0');
            if (++digits > HTTP_CL_DIGITS_MAX)
                return 0;
        }
        while (sw_cur_left(v) > 0 && is_ows(sw_cur_peek_u8(v, 0)))
            sw_cur_skip(v, 1);
        if (digits == 0 || (have && value != *out))
            return 0;
        *out = value;
        have = 1;
        if (sw_cur_left(v) > 0 && sw_cur_u8(v) != ',')
            return 0;
        while (sw_cur_left(v) > 0 && is_ows(sw_cur_peek_u8(v, 0)))
            sw_cur_skip(v, 1);
    }
    return have;
}

static void set_content_length(sw_http_msg *m, sw_cursor *v, sw_app_result *r)
{
    uint64_t value = 0;
    if (!parse_content_length(v, &value)) {
        sw_app_event_add(r, SW_APP_EV_HTTP_BAD_CONTENT_LENGTH);
        return;
    }
    if (m->has_content_length) {
        /* Two different lengths frame the message two ways (request smuggling): keep the first. */
        if (value != m->content_length)
            sw_app_event_add(r, SW_APP_EV_HTTP_CL_CONFLICT);
        return;
    }
    m->has_content_length = 1;
    m->content_length = value;
}

/* RFC 9112 6.1: chunked must be the final transfer coding; we look at the last one. */
static void set_transfer_encoding(http_dir *d, sw_cursor *v)
{
    size_t n = sw_cur_left(v), start = 0;
    for (size_t i = 0; i < n; i++)
        if (sw_cur_peek_u8(v, i) == ',')
            start = i + 1;
    sw_cur_skip(v, start);
    while (sw_cur_left(v) > 0 && is_ows(sw_cur_peek_u8(v, 0)))
        sw_cur_skip(v, 1);
    if (cur_equals_nocase(v, sw_cur_left(v), "chunked")) {
        d->msg.chunked = 1;
        d->te_unknown = 0;
    } else {
        d->msg.chunked = 0;
        d->te_unknown = 1;
    }
}

static void dispatch_field(http_dir *d, sw_cursor *name, size_t name_len, sw_cursor *v,
                           sw_app_result *r)
{
    sw_http_msg *m = &d->msg;
    if (cur_equals_nocase(name, name_len, "host")) {
        if (d->host_seen) { /* RFC 9112 3.2: exactly one Host; keep the first */
            sw_app_event_add(r, SW_APP_EV_HTTP_DUPLICATE_HOST);
            return;
        }
        d->host_seen = 1;
        field_append(m->host, sizeof(m->host), &m->host_len, v, "", r);
    } else if (cur_equals_nocase(name, name_len, "user-agent")) {
        field_append(m->user_agent, sizeof(m->user_agent), &m->user_agent_len, v, ", ", r);
    } else if (cur_equals_nocase(name, name_len, "content-type")) {
        field_append(m->content_type, sizeof(m->content_type), &m->content_type_len, v, ", ", r);
    } else if (cur_equals_nocase(name, name_len, "cookie")) {
        /* RFC 6265 5.4 sends one Cookie line; split ones are joined as HTTP/2 does (9113 8.2.3) */
        field_append(m->cookie, sizeof(m->cookie), &m->cookie_len, v, "; ", r);
    } else if (cur_equals_nocase(name, name_len, "content-length")) {
        set_content_length(m, v, r);
    } else if (cur_equals_nocase(name, name_len, "transfer-encoding")) {
        set_transfer_encoding(d, v);
    }
}

/* "name: OWS value OWS" (RFC 9112 section 5). */
void http_flush_field(http_dir *d, sw_app_result *r)
{
    if (!d->has_field)
        return;
    d->has_field = 0;
    if (d->field_overflow) {
        sw_app_event_add(r, SW_APP_EV_HTTP_LINE_TOO_LONG);
        return;
    }
    sw_cursor c = sw_cur_init(d->field, d->field_len);
    size_t colon = sw_line_find(&c, ':', d->field_len);
    size_t name_len = colon;
    while (name_len > 0 && is_ows(sw_cur_peek_u8(&c, name_len - 1)))
        name_len--;
    int bad = colon == SW_LINE_NOT_FOUND || colon == 0 || name_len != colon;
    for (size_t i = 0; !bad && i < name_len; i++)
        bad = !is_tchar(sw_cur_peek_u8(&c, i));
    if (bad) { /* RFC 9112 5.1: no whitespace between name and colon; name is a token */
        sw_app_event_add(r, SW_APP_EV_HTTP_BAD_HEADER);
        if (colon == SW_LINE_NOT_FOUND || name_len == 0)
            return;
    }
    sw_cursor name = sw_cur_sub(&c, colon);
    sw_cur_skip(&c, 1);
    while (sw_cur_left(&c) > 0 && is_ows(sw_cur_peek_u8(&c, 0)))
        sw_cur_skip(&c, 1);
    size_t vlen = sw_cur_left(&c);
    while (vlen > 0 && is_ows(sw_cur_peek_u8(&c, vlen - 1)))
        vlen--;
    sw_cursor value = sw_cur_sub(&c, vlen);
    dispatch_field(d, &name, name_len, &value, r);
}

static void block_append(sw_http_msg *m, const uint8_t *line, size_t n, sw_app_result *r)
{
    if (n + 2 > sizeof(m->headers) - m->headers_len) {
        sw_app_event_add(r, SW_APP_EV_HTTP_HEADERS_TOO_LARGE);
        m->headers_len = sizeof(m->headers); /* report once: later lines do not fit either */
        return;
    }
    memcpy(m->headers + m->headers_len, line, n);
    m->headers[m->headers_len + n] = '\r';
    m->headers[m->headers_len + n + 1] = '\n';
    m->headers_len += n + 2;
}

/* One non-empty header or trailer line (line_overflow already excluded). */
void http_header_line(http_dir *d, sw_app_result *r)
{
    sw_http_msg *m = &d->msg;
    if (++m->n_headers == SW_HTTP_HEADERS_MAX + 1)
        sw_app_event_add(r, SW_APP_EV_HTTP_TOO_MANY_HEADERS);
    if (m->n_headers > SW_HTTP_HEADERS_MAX)
        return;
    if (m->headers_len < sizeof(m->headers))
        block_append(m, d->line, d->line_len, r);
    if (is_ows(d->line[0])) { /* RFC 9112 5.2 obs-fold: joined to the previous line by one SP */
        sw_app_event_add(r, SW_APP_EV_HTTP_FOLDED_HEADER);
        if (!d->has_field) {
            sw_app_event_add(r, SW_APP_EV_HTTP_BAD_HEADER);
            return;
        }
        size_t skip = 0;
        while (skip < d->line_len && is_ows(d->line[skip]))
            skip++;
        size_t n = d->line_len - skip;
        if (n + 1 > sizeof(d->field) - d->field_len) {
            d->field_overflow = 1;
            return;
        }
        d->field[d->field_len++] = ' ';
        memcpy(d->field + d->field_len, d->line + skip, n);
        d->field_len += n;
        return;
    }
    http_flush_field(d, r);
    memcpy(d->field, d->line, d->line_len);
    d->field_len = d->line_len;
    d->has_field = 1;
}

/* Trailer fields (RFC 9112 7.1.2) are kept in the header block but never dispatched: a trailer
 * may not change framing or the request's routing fields. */
void http_trailer_line(http_dir *d, sw_app_result *r)
{
    sw_http_msg *m = &d->msg;
    if (++m->n_headers == SW_HTTP_HEADERS_MAX + 1)
        sw_app_event_add(r, SW_APP_EV_HTTP_TOO_MANY_HEADERS);
    if (m->n_headers <= SW_HTTP_HEADERS_MAX && m->headers_len < sizeof(m->headers))
        block_append(m, d->line, d->line_len, r);
}
