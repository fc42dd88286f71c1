/* FTP control-line parser, RFC 959 sections 4 (commands and replies) and 5.3 (syntax), with the
 * address forms of RFC 959 4.1.2 (PORT), RFC 1123 4.1.2.6 (227 text) and RFC 2428 (EPRT, 229). */
#include "app-ftp.h"

#include "util-cursor.h"
#include "util-line.h"

#include <ctype.h>
#include <string.h>

/* Splits off one line of at most SW_FTP_LINE_MAX bytes as printable text. 0 with r set when
 * there is none yet (trunc) or it is too long (malformed). */
static int take_line(const uint8_t *data, size_t len, char *text, size_t cap, size_t *consumed,
                     sw_app_result *r)
{
    sw_cursor c = sw_cur_init(data, len), line;
    switch (sw_line_next(&c, SW_FTP_LINE_MAX, &line)) {
    case SW_LINE_NEED_MORE:
        sw_app_trunc(r, SW_APP_EV_FTP_TRUNC, 0);
        return 0;
    case SW_LINE_TOO_LONG:
        sw_app_malformed(r, SW_APP_EV_FTP_LINE_TOO_LONG);
        return 0;
    default:
        break;
    }
    sw_text_copy(&line, sw_cur_left(&line), text, cap);
    *consumed = c.off;
    return 1;
}

/* Copies a NUL-terminated string, cutting it to fit cap (>= 1). */
static void copy_cut(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Reads a decimal number of at most `max` from *s, moving past it; -1 when there is none. */
static long read_number(const char **s, long max)
{
    const char *p = *s;
    long v = 0;
    int digits = 0;
    while (isdigit((unsigned char)*p) && digits < 6) {
        v = v * 10 + (*p++ - '0');
        digits++;
    }
    if (digits == 0 || digits == 6 || v > max)
        return -1;
    *s = p;
    return v;
}

/* RFC 959 4.1.2: h1,h2,h3,h4,p1,p2 (each 0..255); optional spaces are tolerated. */
static int parse_six(const char *s, sw_ftp_endpoint *ep)
{
    long v[6];
    for (int i = 0; i < 6; i++) {
        while (*s == ' ')
            s++;
        v[i] = read_number(&s, 255);
        if (v[i] < 0 || (i < 5 && *s++ != ','))
            return 0;
    }
    uint8_t a[4] = {(uint8_t)v[0], (uint8_t)v[1], (uint8_t)v[2], (uint8_t)v[3]};
    sw_ip_from_v4(&ep->addr, a);
    ep->port = (uint16_t)(v[4] * 256 + v[5]);
    ep->valid = 1;
    return 1;
}

/* RFC 2428 2: <d><af><d><address><d><port><d>, af 1 (IPv4) or 2 (IPv6); the address may be
 * empty for the 229 reply (RFC 2428 3), which then gives only the port. */
static int parse_extended(const char *s, int need_addr, sw_ftp_endpoint *ep)
{
    char d = *s;
    if (d < 33 || d > 126 || isdigit((unsigned char)d))
        return 0;
    const char *af_end = strchr(s + 1, d);
    const char *addr_end = af_end ? strchr(af_end + 1, d) : NULL;
    if (!addr_end)
        return 0;
    size_t alen = (size_t)(addr_end - af_end - 1);
    char addr[64];
    if (alen >= sizeof(addr) || (need_addr && alen == 0))
        return 0;
    memcpy(addr, af_end + 1, alen);
    addr[alen] = '\0';
    const char *p = addr_end + 1;
    long port = read_number(&p, 65535);
    if (port <= 0 || *p != d)
        return 0;
    memset(&ep->addr, 0, sizeof(ep->addr));
    if (alen && sw_ip_parse(&ep->addr, addr) != SW_OK)
        return 0;
    ep->port = (uint16_t)port;
    ep->valid = 1;
    return 1;
}

sw_app_result sw_ftp_parse_command(const uint8_t *data, size_t len, sw_ftp_command *out)
{
    sw_app_result r = sw_app_result_ok();
    char text[SW_FTP_LINE_MAX];
    size_t consumed = 0;
    memset(out, 0, sizeof(*out));
    if (!take_line(data, len, text, sizeof(text), &consumed, &r))
        return r;
    const char *p = text;
    size_t n = 0;
    while (*p && *p != ' ') { /* RFC 959 5.3.1: command codes are case-insensitive */
        if (n + 1 < sizeof(out->command))
            out->command[n++] = (char)toupper((unsigned char)*p);
        p++;
    }
    while (*p == ' ')
        p++;
    if (strcmp(out->command, "PASS") == 0 && *p)
        strcpy(out->argument, "***");
    else
        copy_cut(out->argument, sizeof(out->argument), p);
    int is_port = strcmp(out->command, "PORT") == 0, is_eprt = strcmp(out->command, "EPRT") == 0;
    if ((is_port && !parse_six(p, &out->endpoint)) ||
        (is_eprt && !parse_extended(p, 1, &out->endpoint)))
        sw_app_event_add(&r, SW_APP_EV_FTP_BAD_ADDRESS);
    r.consumed = consumed;
    return r;
}

/* 227 text: the six numbers follow the first digit after the code (RFC 1123 4.1.2.6 warns the
 * parenthesis is optional). 229: "(|||port|)". */
static void reply_endpoint(sw_ftp_reply *out, const char *rest, sw_app_result *r)
{
    int ok = 1;
    if (out->code == 227) {
        while (*rest && !isdigit((unsigned char)*rest))
            rest++;
        ok = parse_six(rest, &out->endpoint);
    } else if (out->code == 229) {
        const char *open = strchr(rest, '(');
        ok = open && parse_extended(open + 1, 0, &out->endpoint);
    }
    if (!ok)
        sw_app_event_add(r, SW_APP_EV_FTP_BAD_ADDRESS);
}

sw_app_result sw_ftp_parse_reply(const uint8_t *data, size_t len, sw_ftp_reply *out)
{
    sw_app_result r = sw_app_result_ok();
    char text[SW_FTP_LINE_MAX];
    size_t consumed = 0;
    memset(out, 0, sizeof(*out));
    if (!take_line(data, len, text, sizeof(text), &consumed, &r))
        return r;
    r.consumed = consumed;
    copy_cut(out->text, sizeof(out->text), text);
    if (!isdigit((unsigned char)text[0]))
        return r; /* a continuation line of a multi-line reply */
    int code_ok = isdigit((unsigned char)text[1]) && isdigit((unsigned char)text[2]) &&
                  (text[3] == ' ' || text[3] == '-' || text[3] == '\0');
    int code = code_ok ? (text[0] - '0') * 100 + (text[1] - '0') * 10 + (text[2] - '0') : 0;
    if (code < 100 || code > 599) { /* RFC 959 4.2: the first digit is 1 to 5 */
        sw_app_event_add(&r, SW_APP_EV_FTP_BAD_REPLY);
        return r;
    }
    out->code = (uint16_t)code;
    out->multiline = text[3] == '-';
    reply_endpoint(out, text + 3, &r);
    return r;
}
