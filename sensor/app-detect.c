/* Content-based protocol detection. Each probe checks only fixed header shapes. */
#include "app-detect.h"

#include "app-smi.h"
#include "app-tacacs.h"
#include "app-telnet.h"
#include "util-cursor.h"

#include <string.h>

static int has_prefix(const sw_cursor *c, const char *text)
{
    size_t n = strlen(text);
    if (sw_cur_left(c) < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (sw_cur_peek_u8(c, i) != (uint8_t)text[i])
            return 0;
    return 1;
}

/* RFC 8446 5.1: handshake record 0x16, version 0x03 0x0X, then handshake type 1 or 2. */
static int looks_tls(const sw_cursor *c)
{
    uint8_t hs = sw_cur_peek_u8(c, 5);
    return sw_cur_left(c) >= 6 && sw_cur_peek_u8(c, 0) == 0x16 && sw_cur_peek_u8(c, 1) == 0x03 &&
           sw_cur_peek_u8(c, 2) <= 0x04 && (hs == 1 || hs == 2);
}

static int looks_http(const sw_cursor *c)
{
    static const char *const methods[] = {"GET ",     "POST ",    "HEAD ",  "PUT ",   "DELETE ",
                                          "OPTIONS ", "CONNECT ", "PATCH ", "TRACE ", "HTTP/1."};
    for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
        if (has_prefix(c, methods[i]))
            return 1;
    return 0;
}

/* RFC 8907 4.1: major version 0xc, minor 0/1, type 1..3, seq_no >= 1, flags only 0x01/0x04. */
static int looks_tacacs(const sw_cursor *c)
{
    uint8_t v = sw_cur_peek_u8(c, 0), type = sw_cur_peek_u8(c, 1), seq = sw_cur_peek_u8(c, 2);
    uint8_t flags = sw_cur_peek_u8(c, 3);
    if (sw_cur_left(c) < SW_TACACS_HEADER_LEN || (v != 0xc0 && v != 0xc1))
        return 0;
    return type >= 1 && type <= 3 && seq >= 1 && (flags & ~0x05) == 0 &&
           sw_cur_peek_u8(c, 8) == 0 && sw_cur_peek_u8(c, 9) == 0; /* body < 64 KiB */
}

static int looks_smi(const sw_cursor *c)
{
    return sw_cur_left(c) >= SW_SMI_HEADER_LEN && sw_cur_peek_u8(c, 0) == 0 &&
           sw_cur_peek_u8(c, 1) == 0 && sw_cur_peek_u8(c, 2) == 0 &&
           (sw_cur_peek_u8(c, 3) == 1 || sw_cur_peek_u8(c, 3) == 2) && sw_cur_peek_u8(c, 4) == 0 &&
           sw_cur_peek_u8(c, 5) == 0 && sw_cur_peek_u8(c, 6) == 0 && sw_cur_peek_u8(c, 7) == 1;
}

/* RFC 1035 4.1.1: opcode 0..2 or 4..5, Z bit clear, 1..16 questions in a query. */
static int looks_dns(const sw_cursor *c)
{
    if (sw_cur_left(c) < 17)
        return 0;
    uint8_t f1 = sw_cur_peek_u8(c, 2), f2 = sw_cur_peek_u8(c, 3);
    unsigned opcode = (f1 >> 3) & 0xf;
    unsigned qd = (unsigned)sw_cur_peek_u8(c, 4) << 8 | sw_cur_peek_u8(c, 5);
    uint8_t first_label = sw_cur_peek_u8(c, 12);
    return (opcode <= 2 || opcode == 4 || opcode == 5) && (f2 & 0x40) == 0 && qd >= 1 && qd <= 16 &&
           first_label < 64;
}

sw_app_proto sw_app_detect(const uint8_t *data, size_t len, int is_udp)
{
    sw_cursor c = sw_cur_init(data, len);
    if (has_prefix(&c, "SSH-"))
        return SW_APP_SSH;
    if (looks_tls(&c))
        return SW_APP_TLS;
    if (looks_http(&c))
        return SW_APP_HTTP;
    if (has_prefix(&c, "220 ") || has_prefix(&c, "220-"))
        return SW_APP_FTP; /* RFC 959 5.4: the greeting is a 220 reply */
    if (!is_udp && sw_telnet_looks_negotiation(data, len))
        return SW_APP_TELNET;
    if (looks_smi(&c))
        return SW_APP_SMI;
    if (looks_tacacs(&c))
        return SW_APP_TACACS;
    if (is_udp && looks_dns(&c))
        return SW_APP_DNS;
    if (!is_udp && sw_cur_left(&c) >= 2) { /* DNS over TCP: 2-byte length then a message */
        sw_cursor body = c;
        uint16_t mlen = sw_cur_be16(&body);
        if (mlen >= 12 && mlen <= sw_cur_left(&body) && looks_dns(&body))
            return SW_APP_DNS;
    }
    return SW_APP_UNKNOWN;
}
