/* TLS hello parser and JA3/JA3S/JA4 fingerprints. Formats: RFC 8446 4.1.2 (ClientHello), 4.1.3
 * (ServerHello), 4.2 (extensions); JA3 per salesforce/ja3 README; JA4 per FoxIO's JA4 spec. */
#include "app-tls.h"

#include "util-cursor.h"
#include "util-hash.h"
#include "util-line.h"

#include <stdio.h>
#include <string.h>

enum {
    EXT_SERVER_NAME = 0,
    EXT_SUPPORTED_GROUPS = 10,
    EXT_EC_POINT_FORMATS = 11,
    EXT_SIGNATURE_ALGORITHMS = 13,
    EXT_ALPN = 16,
    EXT_SUPPORTED_VERSIONS = 43,
};

/* RFC 8701 2: 0x0A0A, 0x1A1A, ..., 0xFAFA. */
static int is_grease(uint16_t v)
{
    return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

static void push16(uint16_t *list, uint16_t *n, uint16_t v, sw_app_result *r)
{
    if (is_grease(v))
        return;
    if (*n == SW_TLS_MAX_LIST) {
        if (sw_app_event_count(r, SW_APP_EV_TLS_TOO_MANY_ITEMS) == 0)
            sw_app_event_add(r, SW_APP_EV_TLS_TOO_MANY_ITEMS);
        return;
    }
    list[(*n)++] = v;
}

/* A u16 list inside a vector with a `prefix`-byte length (RFC 8446 3.4) filling all of c. */
static int read_u16_vector(sw_cursor *c, size_t prefix, uint16_t *list, uint16_t *n,
                           sw_app_result *r)
{
    size_t vlen = prefix == 1 ? sw_cur_u8(c) : sw_cur_be16(c);
    if (c->err || vlen % 2 || vlen != sw_cur_left(c))
        return 0;
    while (sw_cur_left(c) >= 2)
        push16(list, n, sw_cur_be16(c), r);
    return 1;
}

static int read_sni(sw_cursor *c, sw_tls_hello *h)
{
    /* RFC 6066 3: ServerNameList <1..2^16-1> of {NameType, HostName <1..2^16-1>}. */
    sw_cursor list = sw_cur_sub(c, sw_cur_be16(c));
    if (c->err || sw_cur_left(c) != 0)
        return 0;
    while (sw_cur_left(&list) > 0) {
        uint8_t type = sw_cur_u8(&list);
        uint16_t nlen = sw_cur_be16(&list);
        sw_cursor name = sw_cur_sub(&list, nlen);
        if (list.err)
            return 0;
        if (type == 0 && !h->has_sni) {
            h->has_sni = 1;
            sw_text_copy(&name, nlen, h->sni, sizeof(h->sni));
        }
    }
    return 1;
}

static int read_alpn(sw_cursor *c, sw_tls_hello *h)
{
    /* RFC 7301 3.1: ProtocolNameList <2..2^16-1> of ProtocolName <1..2^8-1>. */
    sw_cursor list = sw_cur_sub(c, sw_cur_be16(c));
    if (c->err || sw_cur_left(c) != 0)
        return 0;
    while (sw_cur_left(&list) > 0) {
        uint8_t plen = sw_cur_u8(&list);
        sw_cursor proto = sw_cur_sub(&list, plen);
        if (list.err || plen == 0)
            return 0;
        if (!h->has_alpn) {
            h->has_alpn = 1;
            h->alpn_first_raw[0] = sw_cur_peek_u8(&proto, 0);
            h->alpn_first_raw[1] = sw_cur_peek_u8(&proto, plen - 1u);
            sw_text_copy(&proto, plen, h->alpn_first, sizeof(h->alpn_first));
        }
    }
    return 1;
}

static int read_extension(uint16_t type, sw_cursor *data, sw_tls_hello *h, sw_app_result *r)
{
    int client = h->handshake_type == SW_TLS_CLIENT_HELLO;
    switch (type) {
    case EXT_SERVER_NAME:
        return !client || sw_cur_left(data) == 0 || read_sni(data, h);
    case EXT_ALPN:
        return read_alpn(data, h);
    case EXT_SUPPORTED_GROUPS:
        return read_u16_vector(data, 2, h->groups, &h->n_groups, r);
    case EXT_SIGNATURE_ALGORITHMS:
        return read_u16_vector(data, 2, h->sig_algs, &h->n_sig_algs, r);
    case EXT_SUPPORTED_VERSIONS:
        if (!client) { /* RFC 8446 4.2.1: the server sends the selected version alone */
            push16(h->versions, &h->n_versions, sw_cur_be16(data), r);
            return !data->err && sw_cur_left(data) == 0;
        }
        return read_u16_vector(data, 1, h->versions, &h->n_versions, r);
    case EXT_EC_POINT_FORMATS: {
        uint8_t n = sw_cur_u8(data);
        if (data->err || n != sw_cur_left(data))
            return 0;
        while (sw_cur_left(data) > 0) {
            uint8_t pf = sw_cur_u8(data);
            if (h->n_point_formats < SW_TLS_MAX_LIST)
                h->point_formats[h->n_point_formats++] = pf;
        }
        return 1;
    }
    default:
        return 1;
    }
}

static void read_extensions(sw_cursor *c, sw_tls_hello *h, sw_app_result *r)
{
    if (sw_cur_left(c) == 0)
        return; /* RFC 5246 7.4.1.2: extensions may be absent altogether */
    uint16_t total = sw_cur_be16(c);
    sw_cursor exts = sw_cur_sub(c, total);
    if (c->err || sw_cur_left(c) != 0) {
        sw_app_malformed(r, SW_APP_EV_TLS_HANDSHAKE_MALFORMED);
        return;
    }
    while (sw_cur_left(&exts) > 0) {
        uint16_t type = sw_cur_be16(&exts);
        uint16_t elen = sw_cur_be16(&exts);
        sw_cursor data = sw_cur_sub(&exts, elen);
        if (exts.err) {
            sw_app_malformed(r, SW_APP_EV_TLS_EXT_MALFORMED);
            return;
        }
        push16(h->extensions, &h->n_extensions, type, r);
        if (!read_extension(type, &data, h, r)) {
            sw_app_malformed(r, SW_APP_EV_TLS_EXT_MALFORMED);
            return;
        }
    }
}

/* RFC 8446 4.1.2 / 4.1.3: version, random, session id, then the hello-specific fields. */
static void read_hello(sw_cursor *c, sw_tls_hello *h, sw_app_result *r)
{
    h->legacy_version = sw_cur_be16(c);
    sw_cur_skip(c, 32);
    uint8_t sid_len = sw_cur_u8(c);
    if (sid_len > 32)
        c->err = 1;
    sw_cur_skip(c, sid_len);
    if (h->handshake_type == SW_TLS_CLIENT_HELLO) {
        uint16_t cs_len = sw_cur_be16(c);
        sw_cursor cs = sw_cur_sub(c, cs_len);
        if (cs_len % 2)
            c->err = 1;
        while (!c->err && sw_cur_left(&cs) >= 2)
            push16(h->ciphers, &h->n_ciphers, sw_cur_be16(&cs), r);
        uint8_t comp_len = sw_cur_u8(c);
        sw_cur_skip(c, comp_len);
    } else {
        push16(h->ciphers, &h->n_ciphers, sw_cur_be16(c), r);
        sw_cur_skip(c, 1); /* compression method */
    }
    if (c->err) {
        sw_app_malformed(r, SW_APP_EV_TLS_HANDSHAKE_MALFORMED);
        return;
    }
    read_extensions(c, h, r);
}

static size_t append(char *buf, size_t cap, size_t pos, const char *fmt, unsigned v)
{
    if (pos >= cap)
        return pos;
    int n = snprintf(buf + pos, cap - pos, fmt, v);
    return n < 0 ? pos : pos + (size_t)n;
}

static size_t append_list16(char *buf, size_t cap, size_t pos, const uint16_t *v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        pos = append(buf, cap, pos, i ? "-%u" : "%u", v[i]);
    return pos;
}

/* JA3: SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats; JA3S:
 * SSLVersion,Cipher,Extensions. Decimal values joined by '-'. */
static void build_ja3(sw_tls_hello *h)
{
    char *b = h->ja3;
    size_t cap = sizeof(h->ja3), pos = append(b, cap, 0, "%u,", h->legacy_version);
    pos = append_list16(b, cap, pos, h->ciphers, h->n_ciphers);
    pos = append(b, cap, pos, ",", 0);
    pos = append_list16(b, cap, pos, h->extensions, h->n_extensions);
    if (h->handshake_type == SW_TLS_CLIENT_HELLO) {
        pos = append(b, cap, pos, ",", 0);
        pos = append_list16(b, cap, pos, h->groups, h->n_groups);
        pos = append(b, cap, pos, ",", 0);
        for (unsigned i = 0; i < h->n_point_formats; i++)
            pos = append(b, cap, pos, i ? "-%u" : "%u", h->point_formats[i]);
    }
    sw_md5_hex(b, strlen(b), h->ja3_md5);
}

static int read_record(sw_cursor *c, sw_tls_hello *h, sw_app_result *r, sw_cursor *hs)
{
    uint8_t type = sw_cur_u8(c);
    h->record_version = sw_cur_be16(c);
    uint16_t rlen = sw_cur_be16(c);
    if (c->err) {
        sw_app_trunc(r, SW_APP_EV_TLS_TRUNC, 0);
        return 0;
    }
    /* RFC 8446 5.1: handshake content type 22; length at most 2^14. */
    if (type != 22 || (h->record_version >> 8) != 3 || rlen > SW_TLS_MAX_RECORD) {
        sw_app_malformed(r, SW_APP_EV_TLS_RECORD_MALFORMED);
        return 0;
    }
    if (sw_cur_left(c) < rlen) {
        sw_app_trunc(r, SW_APP_EV_TLS_TRUNC, rlen - sw_cur_left(c));
        return 0;
    }
    *hs = sw_cur_sub(c, rlen);
    return 1;
}

sw_app_result sw_tls_parse(const uint8_t *data, size_t len, int quic, sw_tls_hello *out)
{
    sw_app_result r = sw_app_result_ok();
    sw_cursor c = sw_cur_init(data, len), hs;
    memset(out, 0, sizeof(*out));
    if (!read_record(&c, out, &r, &hs))
        return r;
    uint8_t hs_type = sw_cur_u8(&hs);
    uint32_t hs_len = (uint32_t)sw_cur_u8(&hs) << 16;
    hs_len |= sw_cur_be16(&hs);
    if (hs.err || (hs_type != SW_TLS_CLIENT_HELLO && hs_type != SW_TLS_SERVER_HELLO)) {
        sw_app_malformed(&r, SW_APP_EV_TLS_HANDSHAKE_MALFORMED);
        return r;
    }
    if (sw_cur_left(&hs) < hs_len) { /* the hello continues in a later record */
        sw_app_trunc(&r, SW_APP_EV_TLS_TRUNC, hs_len - sw_cur_left(&hs));
        return r;
    }
    sw_cursor body = sw_cur_sub(&hs, hs_len);
    out->handshake_type = hs_type;
    read_hello(&body, out, &r);
    if (r.status != SW_APP_OK)
        return r;
    out->highest_version = out->legacy_version;
    for (unsigned i = 0; i < out->n_versions; i++)
        if (out->versions[i] > out->highest_version)
            out->highest_version = out->versions[i];
    build_ja3(out);
    if (hs_type == SW_TLS_CLIENT_HELLO)
        sw_tls_ja4(out, quic, out->ja4);
    r.consumed = c.off;
    return r;
}
