/* ICMPv4 (RFC 792) and ICMPv6 (RFC 4443 section 2.1): type and code. Every message has at least
 * the 4-byte type/code/checksum and a 4-byte type-specific word, so 8 bytes must be there. The
 * IP header quoted inside error messages is not a tunnel and opens no layer. */
#include "decode-internal.h"

#define ICMP_HDR_LEN 8

static int icmp_header(sw_ip_layer *ip, sw_cursor *c)
{
    uint8_t type = sw_cur_u8(c);
    uint8_t code = sw_cur_u8(c);
    sw_cur_skip(c, ICMP_HDR_LEN - 2);
    if (c->err)
        return 0;
    ip->icmp_type = type;
    ip->icmp_code = code;
    ip->payload = sw_cur_ptr(c);
    ip->payload_len = sw_cur_left(c);
    return 1;
}

void sw_decode_icmpv4(sw_decode_ctx *ctx, sw_ip_layer *ip, sw_cursor c)
{
    if (!icmp_header(ip, &c)) {
        sw_decode_raise(ctx, SW_DEV_ICMPV4_TRUNC);
        ip->transport_invalid = 1;
        return;
    }
    ctx->st->icmpv4++;
}

void sw_decode_icmpv6(sw_decode_ctx *ctx, sw_ip_layer *ip, sw_cursor c)
{
    if (!icmp_header(ip, &c)) {
        sw_decode_raise(ctx, SW_DEV_ICMPV6_TRUNC);
        ip->transport_invalid = 1;
        return;
    }
    ctx->st->icmpv6++;
}
