/* MPLS label stacks (RFC 3032). The stack ends at the entry with the S bit set (section 2.1);
 * MPLS carries no payload type, so the first nibble after it decides: 4 IPv4, 6 IPv6, and 0 the
 * pseudowire control word of RFC 4385 section 3 followed by an Ethernet frame (RFC 4448). */
#include "decode-internal.h"

#define MPLS_BOTTOM_OF_STACK 0x100u
#define PW_CONTROL_WORD_LEN  4

void sw_decode_mpls(sw_decode_ctx *ctx, sw_cursor c)
{
    unsigned labels = 0;
    for (;;) {
        uint32_t entry = sw_cur_be32(&c);
        if (c.err) {
            sw_decode_raise(ctx, SW_DEV_MPLS_TRUNC);
            return;
        }
        if (++labels > SW_MPLS_MAX_LABELS) {
            sw_decode_raise(ctx, SW_DEV_MPLS_TOO_MANY);
            return;
        }
        if (entry & MPLS_BOTTOM_OF_STACK)
            break;
    }
    ctx->st->mpls++;
    if (!sw_cur_has(&c, 1)) {
        sw_decode_raise(ctx, SW_DEV_MPLS_TRUNC);
        return;
    }
    switch (sw_cur_peek_u8(&c, 0) >> 4) {
    case 4:
        sw_decode_ipv4(ctx, sw_cur_rest(&c));
        break;
    case 6:
        sw_decode_ipv6(ctx, sw_cur_rest(&c));
        break;
    case 0:
        if (!sw_cur_skip(&c, PW_CONTROL_WORD_LEN)) {
            sw_decode_raise(ctx, SW_DEV_MPLS_TRUNC);
            return;
        }
        sw_decode_ethernet(ctx, sw_cur_rest(&c));
        break;
    default:
        sw_decode_raise(ctx, SW_DEV_MPLS_UNKNOWN_PAYLOAD);
        break;
    }
}
