/* IPv6 (RFC 8200): fixed header, extension header chain (section 4) and fragments (4.5). */
#include "decode-internal.h"

#define IPV6_HDR_LEN     40
#define IPV6_MAX_PAYLOAD 65535u

enum {
    NH_HOPOPTS = 0,
    NH_ROUTING = 43,
    NH_FRAGMENT = 44,
    NH_ESP = 50,
    NH_AH = 51,
    NH_NONE = 59,
    NH_DSTOPTS = 60,
};

/* State of one walk along the extension header chain. */
typedef struct ipv6_walk {
    sw_ip_layer *ip;
    uint8_t nh;
    unsigned count;
    size_t consumed; /* bytes of the payload before the cursor, for the fragment size limit */
} ipv6_walk;

/* Skips one options/routing/AH header. Returns 0 when the chain cannot go on. */
static int ipv6_skip_exthdr(sw_decode_ctx *ctx, ipv6_walk *w, sw_cursor *c)
{
    uint8_t next = sw_cur_peek_u8(c, 0);
    uint8_t hdr_len = sw_cur_peek_u8(c, 1);
    if (!sw_cur_has(c, 2)) {
        sw_decode_len_overrun(ctx, SW_DEV_IPV6_TRUNC, SW_DEV_IPV6_EXTHDR_MALFORMED);
        return 0;
    }
    /* RFC 8200 4.3/4.4/4.6: length in 8-octet units not counting the first 8. RFC 4302 2.2: AH
     * counts 4-octet units minus 2. */
    size_t len = w->nh == NH_AH ? ((size_t)hdr_len + 2) * 4 : ((size_t)hdr_len + 1) * 8;
    if (!sw_cur_skip(c, len)) {
        sw_decode_len_overrun(ctx, SW_DEV_IPV6_TRUNC, SW_DEV_IPV6_EXTHDR_MALFORMED);
        return 0;
    }
    if (w->nh == NH_HOPOPTS && w->count > 1) /* RFC 8200 4.3: only right after the header */
        sw_decode_raise(ctx, SW_DEV_IPV6_EXTHDR_MALFORMED);
    w->consumed += len;
    w->nh = next;
    return 1;
}

static void ipv6_frag_result(sw_decode_ctx *ctx, sw_frag_result r, const sw_frag_out *out)
{
    if (out->overlap)
        sw_decode_raise(ctx, SW_DEV_IPV6_FRAG_OVERLAP);
    if (r == SW_FRAG_TOO_LARGE)
        sw_decode_raise(ctx, SW_DEV_IPV6_FRAG_TOO_LARGE);
    else if (r == SW_FRAG_TRACKERS_FULL)
        sw_decode_raise(ctx, SW_DEV_FRAG_TRACKERS_FULL);
    else if (r == SW_FRAG_MEMCAP || r == SW_FRAG_NOMEM)
        sw_decode_raise(ctx, SW_DEV_FRAG_MEMCAP);
}

/* Handles a fragment header. Returns 1 to go on with *c (atomic fragment or a reassembled
 * datagram), 0 when the walk stops here. */
static int ipv6_fragment(sw_decode_ctx *ctx, ipv6_walk *w, sw_cursor *c, int cut)
{
    uint8_t next = sw_cur_u8(c);
    sw_cur_skip(c, 1);
    uint16_t off_flags = sw_cur_be16(c);
    uint32_t id = sw_cur_be32(c);
    if (c->err) {
        sw_decode_len_overrun(ctx, SW_DEV_IPV6_TRUNC, SW_DEV_IPV6_EXTHDR_MALFORMED);
        return 0;
    }
    w->consumed += 8;
    w->nh = next;
    uint32_t offset = off_flags & 0xfff8u; /* 13-bit offset in 8-octet units, in place */
    int more = off_flags & 1;
    if (offset == 0 && !more) /* RFC 6946: an atomic fragment is processed in isolation */
        return 1;
    w->ip->is_fragment = 1;
    w->ip->proto = next;
    if (cut)
        return 0;
    sw_fragment f = {
        .key = {.version = 6, .id = id, .src = w->ip->src, .dst = w->ip->dst},
        .offset = offset,
        .more = more,
        .next_proto = next,
        .max_len = (uint32_t)(IPV6_MAX_PAYLOAD - w->consumed),
        .ts = ctx->p->ts,
        .data = sw_cur_rest(c),
    };
    sw_frag_out out;
    sw_frag_result r = sw_defrag_add(ctx->dec->defrag, &f, ctx->st, &out);
    ipv6_frag_result(ctx, r, &out);
    if (r == SW_FRAG_HELD) {
        ctx->p->n_ip--; /* reported once the datagram is whole */
        return 0;
    }
    if (r != SW_FRAG_DONE)
        return 0;
    w->ip->is_fragment = 0;
    w->ip->ip_len = (uint32_t)(IPV6_HDR_LEN + w->consumed + out.len);
    w->nh = out.next_proto;
    *c = sw_cur_init(out.data, out.len);
    return 1;
}

/* Walks the extension headers; returns 1 when a transport header follows in *c. */
static int ipv6_walk_chain(sw_decode_ctx *ctx, ipv6_walk *w, sw_cursor *c, int cut)
{
    for (;;) {
        switch (w->nh) {
        case NH_HOPOPTS:
        case NH_ROUTING:
        case NH_DSTOPTS:
        case NH_AH:
        case NH_FRAGMENT:
            break;
        default: /* ESP (50) and No Next Header (59) end the walk like a transport */
            w->ip->proto = w->nh;
            return w->nh != NH_ESP && w->nh != NH_NONE;
        }
        if (++w->count > SW_IPV6_MAX_EXTHDRS) {
            sw_decode_raise(ctx, SW_DEV_IPV6_EXTHDR_TOO_MANY);
            w->ip->proto = w->nh;
            return 0;
        }
        int go_on =
            w->nh == NH_FRAGMENT ? ipv6_fragment(ctx, w, c, cut) : ipv6_skip_exthdr(ctx, w, c);
        if (!go_on)
            return 0;
    }
}

void sw_decode_ipv6(sw_decode_ctx *ctx, sw_cursor c)
{
    /* RFC 8200 3: version/traffic class/flow label, payload length, next header, hop limit,
     * source, destination. */
    uint8_t h[IPV6_HDR_LEN];
    if (!sw_cur_bytes(&c, h, sizeof(h))) {
        sw_decode_raise(ctx, SW_DEV_IPV6_TRUNC);
        return;
    }
    uint8_t version = h[0] >> 4;
    uint16_t plen = sw_hdr_be16(&h[4]);
    uint8_t nh = h[6];
    if (version != 6) {
        sw_decode_raise(ctx, SW_DEV_IPV6_BAD_VERSION);
        return;
    }
    size_t body_len = plen;
    int cut = body_len > sw_cur_left(&c);
    if (cut && !ctx->capture_cut) {
        sw_decode_raise(ctx, SW_DEV_IPV6_PLEN_EXCEEDS_DATA);
        return;
    }
    sw_ip_layer *ip = sw_decode_new_layer(ctx, 6);
    if (!ip)
        return;
    ctx->st->ipv6++;
    /* The layer is cleared: what sw_ip_from_v6 would do, without two calls per packet. */
    ip->src.family = 6;
    memcpy(ip->src.bytes, &h[8], 16);
    ip->dst.family = 6;
    memcpy(ip->dst.bytes, &h[24], 16);
    if (cut) {
        sw_decode_note_trunc(ctx, SW_DEV_IPV6_TRUNC);
        body_len = sw_cur_left(&c);
    }
    ip->ip_len = (uint32_t)(IPV6_HDR_LEN + body_len);
    sw_cursor body = sw_cur_sub(&c, body_len);
    ipv6_walk w = {.ip = ip, .nh = nh};
    if (ipv6_walk_chain(ctx, &w, &body, cut))
        sw_decode_ip_payload(ctx, ip, body);
}
