/* UDP header (RFC 768). The length field is checked in the order of Suricata's
 * src/decode-udp.c: the header fits, the claimed length fits the data, and it is not smaller than
 * the header, each failure its own verdict. */
#include "decode-internal.h"

#define UDP_HDR_LEN 8

void sw_decode_udp(sw_decode_ctx *ctx, sw_ip_layer *ip, sw_cursor c)
{
    uint16_t sp = sw_cur_be16(&c);
    uint16_t dp = sw_cur_be16(&c);
    uint16_t len = sw_cur_be16(&c);
    sw_cur_skip(&c, 2); /* checksum */
    if (c.err) {
        sw_decode_raise(ctx, SW_DEV_UDP_TRUNC);
        return;
    }
    size_t body_len = len >= UDP_HDR_LEN ? (size_t)len - UDP_HDR_LEN : 0;
    if ((size_t)len > UDP_HDR_LEN + sw_cur_left(&c)) {
        if (!ctx->capture_cut) {
            sw_decode_raise(ctx, SW_DEV_UDP_LEN_INVALID);
            return;
        }
        sw_decode_note_trunc(ctx, SW_DEV_UDP_TRUNC);
        body_len = sw_cur_left(&c);
    }
    if (len < UDP_HDR_LEN) { /* RFC 768: length counts the header, so at least 8 */
        sw_decode_raise(ctx, SW_DEV_UDP_LEN_INVALID);
        return;
    }
    ctx->st->udp++;
    ip->sp = sp;
    ip->dp = dp;
    sw_cursor body = sw_cur_sub(&c, body_len);
    ip->payload = sw_cur_ptr(&body);
    ip->payload_len = sw_cur_left(&body);
}
