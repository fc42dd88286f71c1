/* UDP header (RFC 768). The length field is checked in the order of Suricata's
 * src/decode-udp.c: the header fits, the claimed length fits the data, and it is not smaller than
 * the header, each failure its own verdict. */
#include "decode-internal.h"

#define UDP_HDR_LEN 8

void sw_decode_udp(sw_decode_ctx *ctx, sw_ip_layer *ip, sw_cursor c)
{
    uint8_t h[UDP_HDR_LEN]; /* ports, length, checksum */
    if (!sw_cur_bytes(&c, h, sizeof(h))) {
        sw_decode_raise(ctx, SW_DEV_UDP_TRUNC);
        ip->transport_invalid = 1;
        return;
    }
    uint16_t sp = sw_hdr_be16(&h[0]);
    uint16_t dp = sw_hdr_be16(&h[2]);
    uint16_t len = sw_hdr_be16(&h[4]);
    size_t body_len = len >= UDP_HDR_LEN ? (size_t)len - UDP_HDR_LEN : 0;
    if ((size_t)len > UDP_HDR_LEN + sw_cur_left(&c)) {
        if (!ctx->capture_cut) {
            sw_decode_raise(ctx, SW_DEV_UDP_LEN_INVALID);
            ip->transport_invalid = 1;
            return;
        }
        sw_decode_note_trunc(ctx, SW_DEV_UDP_TRUNC);
        body_len = sw_cur_left(&c);
    }
    if (len < UDP_HDR_LEN) { /* RFC 768: length counts the header, so at least 8 */
        sw_decode_raise(ctx, SW_DEV_UDP_LEN_INVALID);
        ip->transport_invalid = 1;
        return;
    }
    ctx->st->udp++;
    ip->sp = sp;
    ip->dp = dp;
    sw_cursor body = sw_cur_sub(&c, body_len);
    ip->payload = sw_cur_ptr(&body);
    ip->payload_len = sw_cur_left(&body);
}
