/* DNS parser, RFC 1035 sections 4.1 (format), 4.1.4 (compression) and 4.2.2 (TCP framing). */
#include "app-dns.h"

#include "util-cursor.h"
#include "util-line.h"

#include <stddef.h>
#include <string.h>

enum { RR_A = 1, RR_AAAA = 28 };

/* Appends one label to the dotted text (printable copy; the cap is enforced by the caller). */
static void append_label(sw_cursor *label, size_t n, char *out, size_t *out_len)
{
    if (*out_len > 0)
        out[(*out_len)++] = '.';
    *out_len += sw_text_copy(label, n, out + *out_len, SW_DNS_NAME_MAX - *out_len);
}

/* Reads the name at c's position in msg, following compression pointers (RFC 1035 4.1.4) only
 * backwards: each pointer must target an offset below the previous one (tcpdump's max_offset),
 * so a name can never loop. c moves past the name as it appears in place. Returns 1 on success.
 * With out NULL the name is checked but not written (answer owner names are not kept). */
static int read_name(const sw_cursor *msg, sw_cursor *c, char *out, sw_app_result *r)
{
    sw_cursor at = *msg;
    at.off = c->off;
    size_t max_offset = c->off, wire_len = 0, out_len = 0;
    int jumped = 0;
    if (out)
        out[0] = '\0';
    for (unsigned hops = 0; hops <= SW_DNS_MAX_HOPS;) {
        size_t here = at.off;
        uint8_t b = sw_cur_u8(&at);
        if (at.err) {
            sw_app_trunc(r, SW_APP_EV_DNS_TRUNC, 0);
            return 0;
        }
        if ((b & 0xc0) == 0xc0) {
            size_t target = (size_t)(b & 0x3f) << 8 | sw_cur_u8(&at);
            if (at.err) {
                sw_app_trunc(r, SW_APP_EV_DNS_TRUNC, 1);
                return 0;
            }
            if (target >= max_offset || target >= here) {
                sw_app_malformed(r, SW_APP_EV_DNS_COMPRESSION_LOOP);
                return 0;
            }
            if (!jumped)
                sw_cur_skip(c, at.off - c->off);
            jumped = 1;
            max_offset = target;
            at.off = target;
            hops++;
            continue;
        }
        if (b & 0xc0) { /* 0x40 and 0x80: extended label types, RFC 6891 5 */
            sw_app_malformed(r, SW_APP_EV_DNS_LABEL_TOO_LONG);
            return 0;
        }
        wire_len += 1u + b;
        if (wire_len > 255) {
            sw_app_malformed(r, SW_APP_EV_DNS_NAME_TOO_LONG);
            return 0;
        }
        if (b == 0)
            break;
        if (!sw_cur_has(&at, b)) {
            sw_app_trunc(r, SW_APP_EV_DNS_TRUNC, b - sw_cur_left(&at));
            if (out)
                out[0] = '\0';
            return 0;
        }
        if (out)
            append_label(&at, b, out, &out_len);
        else
            sw_cur_skip(&at, b);
    }
    if (!jumped)
        sw_cur_skip(c, at.off - c->off);
    return 1;
}

static void read_header(sw_cursor *c, sw_dns_message *out)
{
    out->id = sw_cur_be16(c);
    out->flags = sw_cur_be16(c);
    out->qr = out->flags >> 15;
    out->opcode = (out->flags >> 11) & 0xf;
    out->aa = (out->flags >> 10) & 1;
    out->tc = (out->flags >> 9) & 1;
    out->rd = (out->flags >> 8) & 1;
    out->ra = (out->flags >> 7) & 1;
    out->rcode = out->flags & 0xf;
    out->qdcount = sw_cur_be16(c);
    out->ancount = sw_cur_be16(c);
    out->nscount = sw_cur_be16(c);
    out->arcount = sw_cur_be16(c);
}

static int read_question(const sw_cursor *msg, sw_cursor *c, sw_dns_message *out, sw_app_result *r)
{
    sw_dns_question q;
    if (!read_name(msg, c, q.name, r))
        return 0;
    q.qtype = sw_cur_be16(c);
    q.qclass = sw_cur_be16(c);
    if (c->err) {
        sw_app_trunc(r, SW_APP_EV_DNS_TRUNC, 0);
        return 0;
    }
    if (out->n_questions < SW_DNS_MAX_QUESTIONS)
        out->questions[out->n_questions++] = q;
    return 1;
}

/* RFC 1035 4.1.3: NAME TYPE CLASS TTL RDLENGTH RDATA. Keeps A (3.4.1) and AAAA (RFC 3596 2.2). */
static int read_answer(const sw_cursor *msg, sw_cursor *c, sw_dns_message *out, sw_app_result *r)
{
    if (!read_name(msg, c, NULL, r))
        return 0;
    sw_dns_answer a = {0};
    a.rrtype = sw_cur_be16(c);
    sw_cur_skip(c, 2); /* class */
    a.ttl = sw_cur_be32(c);
    uint16_t rdlength = sw_cur_be16(c);
    if (c->err || sw_cur_left(c) < rdlength) {
        sw_app_trunc(r, SW_APP_EV_DNS_TRUNC, c->err ? 0 : rdlength - sw_cur_left(c));
        return 0;
    }
    sw_cursor rdata = sw_cur_sub(c, rdlength);
    uint8_t addr[16];
    if (a.rrtype != RR_A && a.rrtype != RR_AAAA)
        return 1;
    if (rdlength != (a.rrtype == RR_A ? 4 : 16)) {
        sw_app_malformed(r, SW_APP_EV_DNS_MALFORMED);
        return 0;
    }
    sw_cur_bytes(&rdata, addr, rdlength);
    if (a.rrtype == RR_A)
        sw_ip_from_v4(&a.addr, addr);
    else
        sw_ip_from_v6(&a.addr, addr);
    if (out->n_answers < SW_DNS_MAX_ANSWERS)
        out->answers[out->n_answers++] = a;
    return 1;
}

sw_app_result sw_dns_parse_udp(const uint8_t *data, size_t len, sw_dns_message *out)
{
    sw_app_result r = sw_app_result_ok();
    sw_cursor msg = sw_cur_init(data, len);
    sw_cursor c = msg;
    /* Only the fixed part: the record arrays (some 1.5 KiB) are read up to n_questions and
     * n_answers, and clearing them for every datagram showed in the benchmark. */
    memset(out, 0, offsetof(sw_dns_message, questions));
    out->questions[0].name[0] = '\0';
    if (!sw_cur_has(&c, SW_DNS_HEADER_LEN)) {
        sw_app_trunc(&r, SW_APP_EV_DNS_TRUNC, SW_DNS_HEADER_LEN - len);
        return r;
    }
    read_header(&c, out);
    unsigned walked = 0;
    for (unsigned i = 0; i < out->qdcount + (unsigned)out->ancount; i++) {
        if (walked++ == SW_DNS_MAX_RECORDS) {
            sw_app_event_add(&r, SW_APP_EV_DNS_TOO_MANY_RECORDS);
            break;
        }
        int ok =
            i < out->qdcount ? read_question(&msg, &c, out, &r) : read_answer(&msg, &c, out, &r);
        if (!ok)
            return r;
    }
    r.consumed = len;
    return r;
}

sw_app_result sw_dns_parse_tcp(const uint8_t *data, size_t len, sw_dns_message *out)
{
    sw_app_result r = sw_app_result_ok();
    sw_cursor c = sw_cur_init(data, len);
    memset(out, 0, offsetof(sw_dns_message, questions));
    out->questions[0].name[0] = '\0';
    uint16_t msg_len = sw_cur_be16(&c);
    if (c.err) {
        sw_app_trunc(&r, SW_APP_EV_DNS_TRUNC, 2 - len);
        return r;
    }
    if (msg_len < SW_DNS_HEADER_LEN) {
        sw_app_malformed(&r, SW_APP_EV_DNS_MALFORMED);
        return r;
    }
    if (sw_cur_left(&c) < msg_len) {
        sw_app_trunc(&r, SW_APP_EV_DNS_TRUNC, msg_len - sw_cur_left(&c));
        return r;
    }
    sw_cursor body = sw_cur_sub(&c, msg_len);
    r = sw_dns_parse_udp(sw_cur_ptr(&body), msg_len, out);
    if (r.status == SW_APP_OK)
        r.consumed = 2u + msg_len;
    return r;
}
