/* HTTP request-target normalisation (see http-uri.h and docs/http.md). Input bytes are read only
 * through sw_cursor; the steps after decoding work on our own output buffer. */
#include "http-uri.h"

#include "util-cursor.h"

static int hex_value(uint8_t b)
{
    if (b >= '0' && b <= '9')
        return b - '0';
    if (b >= 'a' && b <= 'f')
        return b - 'a' + 10;
    if (b >= 'A' && b <= 'F')
        return b - 'A' + 10;
    return -1;
}

static int is_scheme_char(uint8_t b, size_t pos)
{
    int alpha = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    int other = (b >= '0' && b <= '9') || b == '+' || b == '-' || b == '.';
    return alpha || (pos > 0 && other);
}

/* RFC 9112 section 3.2.2 absolute-form: scheme ":" "//" authority; moves c to the path (or to
 * the end when there is none). Returns 1 when the prefix was skipped. */
static int skip_absolute_form(sw_cursor *c)
{
    size_t i = 0, left = sw_cur_left(c);
    /* RFC 3986 section 3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
    while (i < left && is_scheme_char(sw_cur_peek_u8(c, i), i))
        i++;
    if (i == 0 || i + 3 > left || sw_cur_peek_u8(c, i) != ':' || sw_cur_peek_u8(c, i + 1) != '/' ||
        sw_cur_peek_u8(c, i + 2) != '/')
        return 0;
    i += 3;
    while (i < left && sw_cur_peek_u8(c, i) != '/' && sw_cur_peek_u8(c, i) != '?')
        i++;
    sw_cur_skip(c, i);
    return 1;
}

static void put(uint8_t *out, size_t cap, size_t *w, uint8_t b, unsigned *flags)
{
    if (*w < cap)
        out[(*w)++] = b;
    else
        *flags |= SW_HTTP_URI_TRUNCATED;
}

/* Percent-decodes the path once (RFC 3986 section 2.1) up to the '?' and collapses runs of '/'
 * in the decoded result, so "%2f%2f" and "//" both become one separator. */
static size_t decode_path(sw_cursor *c, uint8_t *out, size_t cap, unsigned *flags)
{
    size_t w = 0;
    while (sw_cur_left(c) > 0 && sw_cur_peek_u8(c, 0) != '?') {
        uint8_t b = sw_cur_u8(c);
        if (b == '%') {
            int hi = hex_value(sw_cur_peek_u8(c, 0));
            int lo = sw_cur_left(c) >= 2 ? hex_value(sw_cur_peek_u8(c, 1)) : -1;
            if (hi >= 0 && lo >= 0) {
                sw_cur_skip(c, 2);
                b = (uint8_t)(hi * 16 + lo);
                if (b == 0)
                    *flags |= SW_HTTP_URI_NUL;
            } else {
                *flags |= SW_HTTP_URI_BAD_PERCENT; /* kept as sent, as libhtp does */
            }
        }
        if (b == '/' && w > 0 && out[w - 1] == '/')
            continue;
        put(out, cap, &w, b, flags);
    }
    return w;
}

/* Removes the last segment and its preceding '/' from the output (RFC 3986 5.2.4 step 2C). */
static size_t pop_segment(const uint8_t *buf, size_t w)
{
    while (w > 0 && buf[w - 1] != '/')
        w--;
    return w > 0 ? w - 1 : 0;
}

static int at(const uint8_t *buf, size_t r, size_t len, const char *s)
{
    size_t i = 0;
    for (; s[i]; i++)
        if (r + i >= len || buf[r + i] != (uint8_t)s[i])
            return 0;
    return 1;
}

size_t sw_http_remove_dot_segments(uint8_t *buf, size_t len)
{
    size_t r = 0, w = 0; /* w <= r always, so writing at r never clobbers unread input */
    while (r < len) {
        size_t left = len - r;
        if (at(buf, r, len, "../")) { /* 2A */
            r += 3;
        } else if (at(buf, r, len, "./")) {
            r += 2;
        } else if (at(buf, r, len, "/./")) { /* 2B */
            r += 2;
        } else if (left == 2 && at(buf, r, len, "/.")) {
            r += 1;
            buf[r] = '/';
        } else if (at(buf, r, len, "/../")) { /* 2C */
            r += 3;
            w = pop_segment(buf, w);
        } else if (left == 3 && at(buf, r, len, "/..")) {
            r += 2;
            buf[r] = '/';
            w = pop_segment(buf, w);
        } else if ((left == 1 && buf[r] == '.') || (left == 2 && at(buf, r, len, ".."))) {
            r = len; /* 2D */
        } else {     /* 2E: move the first segment, with its leading '/', to the output */
            do
                buf[w++] = buf[r++];
            while (r < len && buf[r] != '/');
        }
    }
    return w;
}

size_t sw_http_uri_normalize(const uint8_t *raw, size_t len, uint8_t *out, size_t cap,
                             unsigned *flags)
{
    sw_cursor c = sw_cur_init(raw, len);
    size_t w = 0;
    *flags = 0;
    if (skip_absolute_form(&c)) {
        *flags |= SW_HTTP_URI_ABSOLUTE;
        /* RFC 9112 section 3.2.2: an absolute-form target with an empty path means "/". */
        if (sw_cur_left(&c) == 0 || sw_cur_peek_u8(&c, 0) == '?')
            put(out, cap, &w, '/', flags);
    }
    w += decode_path(&c, out + w, cap - w, flags);
    w = sw_http_remove_dot_segments(out, w);
    /* The query is kept exactly as sent (libhtp copies it without decoding). */
    while (sw_cur_left(&c) > 0)
        put(out, cap, &w, sw_cur_u8(&c), flags);
    return w;
}
