/* TCP header (RFC 9293 section 3.1): ports, sequence numbers, flags, window and options. */
#include "decode-internal.h"

#define TCP_MIN_HLEN 20

/* RFC 9293 3.1: kind 0 ends the list, kind 1 is padding, every other option carries a length
 * that counts the kind and length bytes, so at least 2. */
static void tcp_walk_options(sw_decode_ctx *ctx, sw_cursor opts)
{
    while (sw_cur_left(&opts) > 0) {
        uint8_t kind = sw_cur_u8(&opts);
        if (kind == 0)
            return;
        if (kind == 1)
            continue;
        uint8_t len = sw_cur_u8(&opts);
        if (opts.err || len < 2 || !sw_cur_skip(&opts, (size_t)len - 2)) {
            sw_decode_raise(ctx, SW_DEV_TCP_OPT_MALFORMED);
            return;
        }
    }
}

void sw_decode_tcp(sw_decode_ctx *ctx, sw_ip_layer *ip, sw_cursor c)
{
    /* Ports, sequence, acknowledgment, data offset, flags, window, checksum, urgent pointer. */
    uint8_t h[TCP_MIN_HLEN];
    if (!sw_cur_bytes(&c, h, sizeof(h))) {
        sw_decode_raise(ctx, SW_DEV_TCP_TRUNC);
        ip->transport_invalid = 1;
        return;
    }
    uint16_t sp = sw_hdr_be16(&h[0]);
    uint16_t dp = sw_hdr_be16(&h[2]);
    uint32_t seq = sw_hdr_be32(&h[4]);
    uint32_t ack = sw_hdr_be32(&h[8]);
    uint8_t offset = h[12];
    uint8_t flags = h[13];
    uint16_t win = sw_hdr_be16(&h[14]);
    size_t hlen = (size_t)(offset >> 4) * 4;
    if (hlen < TCP_MIN_HLEN) { /* RFC 9293 3.1: data offset is at least 5 */
        sw_decode_raise(ctx, SW_DEV_TCP_HLEN_TOO_SMALL);
        ip->transport_invalid = 1;
        return;
    }
    sw_cursor opts = sw_cur_sub(&c, hlen - TCP_MIN_HLEN);
    if (c.err) {
        sw_decode_len_overrun(ctx, SW_DEV_TCP_TRUNC, SW_DEV_TCP_INVALID_OPTLEN);
        /* Options cut by a short snap length (a SYN's 20 bytes of options already pass a
         * 64-byte snap length) leave the fixed header whole: the flow still has its ports. */
        if (!ctx->capture_cut) {
            ip->transport_invalid = 1;
            return;
        }
        opts = sw_cur_init(NULL, 0);
        c = sw_cur_init(NULL, 0);
    }
    ctx->st->tcp++;
    tcp_walk_options(ctx, opts);
    ip->sp = sp;
    ip->dp = dp;
    ip->tcp_seq = seq;
    ip->tcp_ack = ack;
    ip->tcp_flags = flags;
    ip->tcp_win = win;
    ip->payload = sw_cur_ptr(&c);
    ip->payload_len = sw_cur_left(&c);
}
