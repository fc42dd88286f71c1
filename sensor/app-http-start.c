/* HTTP/1.x start lines: request-line (RFC 9112 section 3) and status-line (section 4), parsed
 * from the parser's own line buffer through sw_cursor. */
#include "app-http-int.h"
#include "http-uri.h"
#include "util-line.h"

#include <string.h>

static int is_space(uint8_t b)
{
    return b == ' ' || b == '\t';
}

/* RFC 9110 5.6.2 tchar, for the method token (section 9.1). */
static int is_method_char(uint8_t b)
{
    if ((b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'))
        return 1;
    return b != 0 && strchr("!#$%&'*+-.^_`|~", b) != NULL;
}

/* RFC 9112 2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT. */
static int is_http_version(const sw_cursor *c, size_t n)
{
    return n == 8 && sw_cur_peek_u8(c, 0) == 'H' && sw_cur_peek_u8(c, 1) == 'T' &&
           sw_cur_peek_u8(c, 2) == 'T' && sw_cur_peek_u8(c, 3) == 'P' &&
           sw_cur_peek_u8(c, 4) == '/' && sw_cur_peek_u8(c, 5) >= '0' &&
           sw_cur_peek_u8(c, 5) <= '9' && sw_cur_peek_u8(c, 6) == '.' &&
           sw_cur_peek_u8(c, 7) >= '0' && sw_cur_peek_u8(c, 7) <= '9';
}

static int starts_http_slash(const sw_cursor *c)
{
    return sw_cur_left(c) >= 5 && sw_cur_peek_u8(c, 0) == 'H' && sw_cur_peek_u8(c, 1) == 'T' &&
           sw_cur_peek_u8(c, 2) == 'T' && sw_cur_peek_u8(c, 3) == 'P' &&
           sw_cur_peek_u8(c, 4) == '/';
}

static void skip_spaces(sw_cursor *c)
{
    while (sw_cur_left(c) > 0 && is_space(sw_cur_peek_u8(c, 0)))
        sw_cur_skip(c, 1);
}

static void set_uri(sw_http_msg *m, sw_cursor *target, sw_app_result *r)
{
    size_t n = sw_cur_left(target);
    m->uri_raw_len = n; /* fits: the line buffer has the same size */
    sw_cur_bytes(target, m->uri_raw, n);
    unsigned flags = 0;
    m->uri_len = sw_http_uri_normalize(m->uri_raw, n, m->uri, sizeof(m->uri), &flags);
    if (flags & SW_HTTP_URI_BAD_PERCENT)
        sw_app_event_add(r, SW_APP_EV_HTTP_URI_BAD_PERCENT);
    for (size_t i = 0; i < n; i++)
        if (is_space(m->uri_raw[i])) { /* RFC 9112 3.2: no whitespace in a request-target */
            sw_app_event_add(r, SW_APP_EV_HTTP_BAD_REQUEST_LINE);
            break;
        }
}

/* method SP request-target SP HTTP-version. Tolerated, as servers do: runs of spaces, spaces
 * inside the target (the version is the last word when it starts with "HTTP/"), and no version
 * at all (an HTTP/0.9 simple request, RFC 1945 section 4.1). */
static int request_line(sw_http *h, http_dir *d, sw_cursor *c, sw_app_result *r)
{
    sw_http_msg *m = &d->msg;
    size_t mlen = 0;
    while (mlen < sw_cur_left(c) && is_method_char(sw_cur_peek_u8(c, mlen)))
        mlen++;
    if (mlen == 0 || mlen >= sizeof(m->method) || mlen == sw_cur_left(c) ||
        !is_space(sw_cur_peek_u8(c, mlen))) {
        sw_app_event_add(r, SW_APP_EV_HTTP_BAD_REQUEST_LINE);
        return 0;
    }
    sw_text_copy(c, mlen, m->method, sizeof(m->method));
    skip_spaces(c);
    size_t rest = sw_cur_left(c), end = rest;
    while (end > 0 && is_space(sw_cur_peek_u8(c, end - 1)))
        end--;
    size_t last_sp = end;
    while (last_sp > 0 && !is_space(sw_cur_peek_u8(c, last_sp - 1)))
        last_sp--;
    sw_cursor line_rest = *c;
    sw_cur_skip(&line_rest, last_sp);
    size_t target_len = end;
    if (last_sp > 0 && starts_http_slash(&line_rest)) {
        if (!is_http_version(&line_rest, end - last_sp))
            sw_app_event_add(r, SW_APP_EV_HTTP_BAD_REQUEST_LINE);
        sw_text_copy(&line_rest, end - last_sp, m->protocol, sizeof(m->protocol));
        target_len = last_sp;
        while (target_len > 0 && is_space(sw_cur_peek_u8(c, target_len - 1)))
            target_len--;
    }
    if (target_len == 0) {
        sw_app_event_add(r, SW_APP_EV_HTTP_BAD_REQUEST_LINE);
        return 0;
    }
    sw_cursor target = sw_cur_sub(c, target_len);
    set_uri(m, &target, r);
    m->is_request = 1;
    m->tx_id = h->requests++;
    if (h->requests - h->responses > SW_HTTP_PENDING_MAX)
        sw_app_event_add(r, SW_APP_EV_HTTP_TOO_MANY_PENDING);
    uint8_t pend = strcmp(m->method, "HEAD") == 0      ? HTTP_PEND_HEAD
                   : strcmp(m->method, "CONNECT") == 0 ? HTTP_PEND_CONNECT
                                                       : 0;
    h->pending[m->tx_id % SW_HTTP_PENDING_MAX] = pend;
    return 1;
}

/* HTTP-version SP status-code SP [reason-phrase]; the status is three digits (RFC 9110 15). */
static int status_line(http_dir *d, sw_cursor *c, sw_app_result *r)
{
    sw_http_msg *m = &d->msg;
    size_t vlen = 0;
    while (vlen < sw_cur_left(c) && !is_space(sw_cur_peek_u8(c, vlen)))
        vlen++;
    if (!starts_http_slash(c) || vlen >= sizeof(m->protocol)) {
        sw_app_event_add(r, SW_APP_EV_HTTP_BAD_STATUS_LINE);
        return 0;
    }
    if (!is_http_version(c, vlen))
        sw_app_event_add(r, SW_APP_EV_HTTP_BAD_STATUS_LINE);
    sw_text_copy(c, vlen, m->protocol, sizeof(m->protocol));
    skip_spaces(c);
    unsigned status = 0;
    for (int i = 0; i < 3; i++) {
        uint8_t b = sw_cur_u8(c);
        if (b < '0' || b > '9' || c->err) {
            sw_app_event_add(r, SW_APP_EV_HTTP_BAD_STATUS_LINE);
            return 0;
        }
        status = status * 10 + (unsigned)(b - '0');
    }
    if (status < 100 || (sw_cur_left(c) > 0 && !is_space(sw_cur_peek_u8(c, 0)))) {
        sw_app_event_add(r, SW_APP_EV_HTTP_BAD_STATUS_LINE);
        return 0;
    }
    m->status = (uint16_t)status;
    return 1;
}

int http_start_line(sw_http *h, http_dir *d, int dir, sw_app_result *r)
{
    sw_cursor c = sw_cur_init(d->line, d->line_len);
    http_msg_reset(d);
    if (dir == SW_HTTP_TO_SERVER)
        return request_line(h, d, &c, r);
    return status_line(d, &c, r);
}
