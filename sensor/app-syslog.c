/* Syslog parser: PRI (RFC 5424 6.2.1, RFC 3164 4.1.1), RFC 5424 HEADER fields (6.2) and the
 * RFC 3164 TIMESTAMP HOSTNAME TAG layout (4.1.2, 4.1.3). */
#include "app-syslog.h"

#include "util-cursor.h"
#include "util-line.h"

#include <string.h>

/* RFC 5424 6.2.1: PRI = "<" 1*3DIGIT ">", value 0..191, no leading zero. Returns 1 on success. */
static int read_pri(sw_cursor *c, sw_syslog_message *out, sw_app_result *r)
{
    if (sw_cur_left(c) == 0 || sw_cur_peek_u8(c, 0) != '<') {
        if (sw_cur_left(c) == 0)
            sw_app_trunc(r, SW_APP_EV_SYSLOG_TRUNC, 3);
        else
            sw_app_malformed(r, SW_APP_EV_SYSLOG_BAD_PRI);
        return 0;
    }
    unsigned value = 0, digits = 0;
    for (size_t i = 1; i <= 4; i++) {
        if (i >= sw_cur_left(c)) {
            sw_app_trunc(r, SW_APP_EV_SYSLOG_TRUNC, 0);
            return 0;
        }
        uint8_t b = sw_cur_peek_u8(c, i);
        if (b == '>' && digits > 0) {
            if (value > 191 || (digits > 1 && sw_cur_peek_u8(c, 1) == '0'))
                break;
            out->facility = (uint8_t)(value / 8);
            out->severity = (uint8_t)(value % 8);
            sw_cur_skip(c, i + 1);
            return 1;
        }
        if (b < '0' || b > '9' || digits == 3)
            break;
        value = value * 10 + (unsigned)(b - '0');
        digits++;
    }
    sw_app_malformed(r, SW_APP_EV_SYSLOG_BAD_PRI);
    return 0;
}

/* Copies the next space-delimited token (at most `limit` bytes scanned) and the space after it. */
static void read_token(sw_cursor *c, char *dst, size_t cap, size_t limit)
{
    size_t sp = sw_line_find(c, ' ', limit);
    size_t n = sp == SW_LINE_NOT_FOUND ? (sw_cur_left(c) < limit ? sw_cur_left(c) : limit) : sp;
    sw_text_copy(c, n, dst, cap);
    if (sp != SW_LINE_NOT_FOUND)
        sw_cur_skip(c, 1);
    if (strcmp(dst, "-") == 0) /* RFC 5424 6.2: NILVALUE */
        dst[0] = '\0';
}

/* RFC 3164 4.1.2: TIMESTAMP is "Mmm dd hh:mm:ss" followed by a space. */
static int looks_like_bsd_timestamp(const sw_cursor *c)
{
    if (sw_cur_left(c) < 16)
        return 0;
    for (size_t i = 0; i < 3; i++) {
        uint8_t b = sw_cur_peek_u8(c, i);
        if (!((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z')))
            return 0;
    }
    return sw_cur_peek_u8(c, 3) == ' ' && sw_cur_peek_u8(c, 9) == ':' &&
           sw_cur_peek_u8(c, 12) == ':' && sw_cur_peek_u8(c, 15) == ' ';
}

static void parse_rfc5424(sw_cursor *c, sw_syslog_message *out)
{
    char skip[SW_SYSLOG_HOST_MAX];
    out->format = SW_SYSLOG_RFC5424;
    sw_cur_skip(c, 2);                     /* VERSION "1" and SP */
    read_token(c, skip, sizeof(skip), 64); /* TIMESTAMP */
    read_token(c, out->hostname, sizeof(out->hostname), 255);
    read_token(c, out->app_name, sizeof(out->app_name), 48);
    read_token(c, skip, sizeof(skip), 128); /* PROCID */
    read_token(c, skip, sizeof(skip), 32);  /* MSGID */
}

static void parse_rfc3164(sw_cursor *c, sw_syslog_message *out)
{
    out->format = SW_SYSLOG_RFC3164;
    if (!looks_like_bsd_timestamp(c))
        return; /* RFC 3164 4.3.3: no valid header, all of it is the message */
    sw_cur_skip(c, 16);
    /* Many senders omit HOSTNAME: a first word ending in ':' or holding '[' is the TAG. */
    size_t sp = sw_line_find(c, ' ', 256);
    size_t bracket = sw_line_find(c, '[', sp == SW_LINE_NOT_FOUND ? 256 : sp);
    int tag_first = sp != SW_LINE_NOT_FOUND && sp > 0 &&
                    (sw_cur_peek_u8(c, sp - 1) == ':' || bracket != SW_LINE_NOT_FOUND);
    if (!tag_first)
        read_token(c, out->hostname, sizeof(out->hostname), 255);
    /* RFC 3164 4.1.3: TAG is up to 32 alphanumerics, ended by any other character. */
    size_t n = 0;
    while (n < 32 && n < sw_cur_left(c)) {
        uint8_t b = sw_cur_peek_u8(c, n);
        if (b == ':' || b == '[' || b == ' ')
            break;
        n++;
    }
    sw_text_copy(c, n, out->app_name, sizeof(out->app_name));
    if (sw_cur_peek_u8(c, 0) == '[') { /* "[pid]" */
        size_t close = sw_line_find(c, ']', 32);
        if (close != SW_LINE_NOT_FOUND)
            sw_cur_skip(c, close + 1);
    }
    if (sw_cur_peek_u8(c, 0) == ':')
        sw_cur_skip(c, 1);
    if (sw_cur_peek_u8(c, 0) == ' ')
        sw_cur_skip(c, 1);
}

sw_app_result sw_syslog_parse(const uint8_t *data, size_t len, sw_syslog_message *out)
{
    sw_app_result r = sw_app_result_ok();
    sw_cursor c = sw_cur_init(data, len);
    memset(out, 0, sizeof(*out));
    if (!read_pri(&c, out, &r))
        return r;
    if (sw_cur_peek_u8(&c, 0) == '1' && sw_cur_peek_u8(&c, 1) == ' ')
        parse_rfc5424(&c, out);
    else
        parse_rfc3164(&c, out);

    size_t text = sw_cur_left(&c);
    while (text > 0) { /* line ends and NULs are framing, not text */
        uint8_t b = sw_cur_peek_u8(&c, text - 1);
        if (b != '\n' && b != '\r' && b != '\0')
            break;
        text--;
    }
    if (text >= SW_SYSLOG_MSG_MAX) {
        out->message_truncated = 1;
        sw_app_event_add(&r, SW_APP_EV_SYSLOG_MSG_TOO_LONG);
    }
    sw_text_copy(&c, text, out->message, sizeof(out->message));
    r.consumed = len;
    return r;
}
