/* IPv4 (RFC 791 section 3.1), its options, and fragments handed to defrag (section 3.2). */
#include "decode-internal.h"

#define IPV4_MIN_HLEN 20
#define IPV4_MAX_LEN  65535u
#define IPV4_MF       0x2000u
#define IPV4_OFFSET   0x1fffu

/* RFC 791 3.1: option 0 ends the list, 1 is one byte of padding, every other option has a
 * length byte that counts the type and length bytes too, so it is at least 2. */
static void ipv4_walk_options(sw_decode_ctx *ctx, sw_cursor opts)
{
    while (sw_cur_left(&opts) > 0) {
        uint8_t type = sw_cur_u8(&opts);
        if (type == 0)
            return;
        if (type == 1)
            continue;
        uint8_t len = sw_cur_u8(&opts);
        if (opts.err || len < 2 || !sw_cur_skip(&opts, (size_t)len - 2)) {
            sw_decode_raise(ctx, SW_DEV_IPV4_OPT_MALFORMED);
            return;
        }
    }
}

static void ipv4_fragment(sw_decode_ctx *ctx, sw_ip_layer *ip, uint16_t id, uint16_t frag,
                          size_t hlen, sw_cursor body)
{
    sw_fragment f = {
        .key = {.version = 4, .proto = ip->proto, .id = id, .src = ip->src, .dst = ip->dst},
        .offset = (uint32_t)(frag & IPV4_OFFSET) * 8,
        .more = (frag & IPV4_MF) != 0,
        .next_proto = ip->proto,
        .max_len = (uint32_t)(IPV4_MAX_LEN - hlen),
        .ts = ctx->p->ts,
        .data = body,
    };
    sw_frag_out out;
    sw_frag_result r = sw_defrag_add(ctx->dec->defrag, &f, ctx->st, &out);
    if (out.overlap)
        sw_decode_raise(ctx, SW_DEV_IPV4_FRAG_OVERLAP);
    switch (r) {
    case SW_FRAG_HELD:
        ctx->p->n_ip--; /* reported once the datagram is whole */
        return;
    case SW_FRAG_DONE:
        ip->is_fragment = 0;
        ip->ip_len = (uint32_t)(hlen + out.len);
        sw_decode_ip_payload(ctx, ip, sw_cur_init(out.data, out.len));
        return;
    case SW_FRAG_TOO_LARGE:
        sw_decode_raise(ctx, SW_DEV_IPV4_FRAG_TOO_LARGE);
        return;
    case SW_FRAG_TRACKERS_FULL:
        sw_decode_raise(ctx, SW_DEV_FRAG_TRACKERS_FULL);
        return;
    case SW_FRAG_MEMCAP:
    case SW_FRAG_NOMEM:
        sw_decode_raise(ctx, SW_DEV_FRAG_MEMCAP);
        return;
    }
}

void sw_decode_ipv4(sw_decode_ctx *ctx, sw_cursor c)
{
    /* RFC 791 3.1: version/IHL, type of service, total length, identification, flags/fragment
     * offset, time to live, protocol, header checksum, source, destination. */
    uint8_t h[IPV4_MIN_HLEN];
    if (!sw_cur_bytes(&c, h, sizeof(h))) {
        sw_decode_raise(ctx, SW_DEV_IPV4_TRUNC);
        return;
    }
    uint8_t vihl = h[0];
    uint16_t total_len = sw_hdr_be16(&h[2]);
    uint16_t id = sw_hdr_be16(&h[4]);
    uint16_t frag = sw_hdr_be16(&h[6]);
    uint8_t proto = h[9];
    size_t hlen = (size_t)(vihl & 0x0f) * 4;
    if ((vihl >> 4) != 4) {
        sw_decode_raise(ctx, SW_DEV_IPV4_BAD_VERSION);
        return;
    }
    if (hlen < IPV4_MIN_HLEN) { /* RFC 791 3.1: IHL is at least 5 */
        sw_decode_raise(ctx, SW_DEV_IPV4_HLEN_TOO_SMALL);
        return;
    }
    if (total_len < hlen) { /* RFC 791 3.1: total length includes the header */
        sw_decode_raise(ctx, SW_DEV_IPV4_IPLEN_SMALLER_THAN_HLEN);
        return;
    }
    sw_cursor opts = sw_cur_sub(&c, hlen - IPV4_MIN_HLEN);
    if (c.err) {
        sw_decode_len_overrun(ctx, SW_DEV_IPV4_TRUNC, SW_DEV_IPV4_IPLEN_EXCEEDS_DATA);
        return;
    }
    /* A total length beyond the data is malformed unless the capture was cut: checked before the
     * layer opens, as for IPv6, so such a packet makes no flow of its addresses. */
    size_t body_len = total_len - hlen;
    int cut = body_len > sw_cur_left(&c);
    if (cut && !ctx->capture_cut) {
        sw_decode_raise(ctx, SW_DEV_IPV4_IPLEN_EXCEEDS_DATA);
        return;
    }
    sw_ip_layer *ip = sw_decode_new_layer(ctx, 4);
    if (!ip)
        return;
    ctx->st->ipv4++;
    /* The layer is cleared: what sw_ip_from_v4 would do, without two calls per packet. */
    ip->src.family = 4;
    memcpy(ip->src.bytes, &h[12], 4);
    ip->dst.family = 4;
    memcpy(ip->dst.bytes, &h[16], 4);
    ip->proto = proto;
    ipv4_walk_options(ctx, opts);
    if (cut) {
        sw_decode_note_trunc(ctx, SW_DEV_IPV4_TRUNC);
        body_len = sw_cur_left(&c);
    }
    ip->ip_len = (uint32_t)(hlen + body_len);
    sw_cursor body = sw_cur_sub(&c, body_len);
    if (frag & (IPV4_MF | IPV4_OFFSET)) {
        ip->is_fragment = 1;
        if (!cut) /* a cut fragment cannot complete a datagram */
            ipv4_fragment(ctx, ip, id, frag, hlen, body);
        return;
    }
    sw_decode_ip_payload(ctx, ip, body);
}
