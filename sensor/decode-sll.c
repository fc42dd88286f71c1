/* Capture pseudo-headers: Linux cooked capture v1 (LINKTYPE_LINUX_SLL 113) and v2
 * (LINKTYPE_LINUX_SLL2 276), BSD loopback (LINKTYPE_NULL 0) and raw IP. Formats from
 * https://www.tcpdump.org/linktypes.html and the LINKTYPE_* pages it links. */
#include "decode-internal.h"

#define SLL_HDR_LEN  16
#define SLL2_HDR_LEN 20

void sw_decode_sll(sw_decode_ctx *ctx, sw_cursor c)
{
    /* packet type, ARPHRD type, address length, 8 address bytes, then the protocol. */
    sw_cur_skip(&c, 14);
    uint16_t proto = sw_cur_be16(&c);
    if (c.err) {
        sw_decode_raise(ctx, SW_DEV_SLL_TRUNC);
        return;
    }
    ctx->st->sll++;
    sw_decode_ethertype(ctx, proto, sw_cur_rest(&c));
}

void sw_decode_sll2(sw_decode_ctx *ctx, sw_cursor c)
{
    /* protocol first, then reserved, ifindex, ARPHRD, packet type, address length, address. */
    uint16_t proto = sw_cur_be16(&c);
    sw_cur_skip(&c, SLL2_HDR_LEN - 2);
    if (c.err) {
        sw_decode_raise(ctx, SW_DEV_SLL2_TRUNC);
        return;
    }
    ctx->st->sll2++;
    sw_decode_ethertype(ctx, proto, sw_cur_rest(&c));
}

/* BSD AF_* values for IP: AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD, OpenBSD, BSD/OS),
 * 28 (FreeBSD, DragonFly) or 30 (Darwin). */
static int null_family_version(uint32_t family)
{
    if (family == 2)
        return 4;
    if (family == 24 || family == 28 || family == 30)
        return 6;
    return 0;
}

void sw_decode_null(sw_decode_ctx *ctx, sw_cursor c)
{
    /* The family is in the byte order of the capturing host, which a file does not record, so
     * both orders are tried; the valid values cannot be confused once swapped. */
    sw_cursor peek = c;
    uint32_t le = sw_cur_le32(&peek);
    uint32_t be = sw_cur_be32(&c);
    if (c.err) {
        sw_decode_raise(ctx, SW_DEV_NULL_TRUNC);
        return;
    }
    ctx->st->null++;
    int version = null_family_version(le);
    if (!version)
        version = null_family_version(be);
    if (version == 4)
        sw_decode_ipv4(ctx, sw_cur_rest(&c));
    else if (version == 6)
        sw_decode_ipv6(ctx, sw_cur_rest(&c));
}

void sw_decode_raw(sw_decode_ctx *ctx, sw_cursor c)
{
    if (!sw_cur_has(&c, 1)) {
        sw_decode_raise(ctx, SW_DEV_IPV4_TRUNC);
        return;
    }
    if ((sw_cur_peek_u8(&c, 0) >> 4) == 6)
        sw_decode_ipv6(ctx, c);
    else
        sw_decode_ipv4(ctx, c);
}
