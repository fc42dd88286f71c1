/* GRE: RFC 2784 with the key and sequence number of RFC 2890, the routing (SRE) list of
 * RFC 1701 section 2.1, and the enhanced GRE of PPTP (RFC 2637 section 4.1, version 1) carrying
 * PPP (RFC 1661 section 2). The protocol type picks the payload: IPv4, IPv6, Ethernet (0x6558),
 * MPLS, Cisco WCCP redirect, Cisco MetaData, ERSPAN types I/II (0x88BE) and III (0x22EB). */
#include "decode-internal.h"

#define GRE_C                 0x8000u /* checksum present */
#define GRE_R                 0x4000u /* routing present (RFC 1701) */
#define GRE_K                 0x2000u /* key present */
#define GRE_S                 0x1000u /* sequence number present */
#define GRE_SSR               0x0800u /* strict source route (RFC 1701) */
#define GRE_REC               0x0700u /* recursion control (RFC 1701) */
#define GRE_A                 0x0080u /* acknowledgment present (RFC 2637) */
#define GRE_VER               0x0007u
#define WCCP_REDIRECT_HDR_LEN 4 /* draft-mclaggan-wccp-v2rev1 section 4.12 */
#define CMD_HDR_LEN           6 /* Cisco MetaData after its EtherType (Wireshark packet-cmd.c) */

/* RFC 1701 2.1: SREs follow until one with address family 0 and length 0. */
static int gre_walk_sre(sw_cursor *c)
{
    for (unsigned n = 0; n < SW_GRE_MAX_SRE; n++) {
        uint16_t family = sw_cur_be16(c);
        sw_cur_skip(c, 1); /* SRE offset */
        uint8_t len = sw_cur_u8(c);
        if (!sw_cur_skip(c, len))
            return 0;
        if (family == 0 && len == 0)
            return 1;
    }
    return 0;
}

/* Reads the optional fields. Returns 1 when the header is whole, 0 after raising an event. */
static int gre_header(sw_decode_ctx *ctx, uint16_t flags, uint16_t proto, sw_cursor *c)
{
    unsigned version = flags & GRE_VER;
    if (version == 1) {
        /* RFC 2637 4.1: C, R, s and recursion are 0, K is 1, the protocol is PPP. */
        if ((flags & (GRE_C | GRE_R | GRE_SSR | GRE_REC)) || !(flags & GRE_K) || proto != 0x880B) {
            sw_decode_raise(ctx, SW_DEV_GRE_MALFORMED);
            return 0;
        }
        sw_cur_skip(c, 4); /* payload length and call id */
        if (flags & GRE_S)
            sw_cur_skip(c, 4);
        if (flags & GRE_A)
            sw_cur_skip(c, 4);
    } else if (version == 0) {
        if (flags & (GRE_C | GRE_R)) /* RFC 1701 2.1: both fields present if either bit is */
            sw_cur_skip(c, 4);
        if (flags & GRE_K)
            sw_cur_skip(c, 4);
        if (flags & GRE_S)
            sw_cur_skip(c, 4);
        if (!c->err && (flags & GRE_R) && !gre_walk_sre(c)) {
            if (c->err)
                sw_decode_len_overrun(ctx, SW_DEV_GRE_TRUNC, SW_DEV_GRE_MALFORMED);
            else
                sw_decode_raise(ctx, SW_DEV_GRE_MALFORMED);
            return 0;
        }
    } else {
        sw_decode_raise(ctx, SW_DEV_GRE_BAD_VERSION);
        return 0;
    }
    if (c->err) {
        sw_decode_raise(ctx, SW_DEV_GRE_TRUNC);
        return 0;
    }
    return 1;
}

/* PPP in HDLC-like framing (RFC 1662 section 3.1); the address and control bytes may be
 * omitted (RFC 1661 6.6) and the protocol compressed to one odd byte (RFC 1661 6.5). */
static void gre_ppp(sw_decode_ctx *ctx, sw_cursor c)
{
    if (sw_cur_peek_u8(&c, 0) == 0xff && sw_cur_peek_u8(&c, 1) == 0x03)
        sw_cur_skip(&c, 2);
    uint16_t proto = sw_cur_u8(&c);
    if (!(proto & 1))
        proto = (uint16_t)(proto << 8 | sw_cur_u8(&c));
    if (c.err) {
        sw_decode_raise(ctx, SW_DEV_GRE_TRUNC);
        return;
    }
    ctx->st->ppp++;
    if (proto == 0x0021)
        sw_decode_ipv4(ctx, sw_cur_rest(&c));
    else if (proto == 0x0057)
        sw_decode_ipv6(ctx, sw_cur_rest(&c));
}

static void gre_cisco_metadata(sw_decode_ctx *ctx, sw_cursor c)
{
    /* In GRE the EtherType comes first, then version, length, options and SGT. */
    uint16_t type = sw_cur_be16(&c);
    sw_cur_skip(&c, CMD_HDR_LEN);
    if (c.err) {
        sw_decode_raise(ctx, SW_DEV_GRE_TRUNC);
        return;
    }
    sw_decode_ethertype(ctx, type, sw_cur_rest(&c));
}

static void gre_payload(sw_decode_ctx *ctx, sw_ip_layer *ip, uint16_t flags, sw_cursor c)
{
    ctx->carried_by = SW_TUNNEL_GRE;
    switch (ip->gre_payload) {
    case 0x0800:
    case 0x86DD:
    case 0x8847:
    case 0x8848:
    case 0x6558: /* transparent Ethernet bridging */
        if (ip->gre_payload == 0x6558)
            sw_decode_ethernet(ctx, c);
        else
            sw_decode_ethertype(ctx, ip->gre_payload, c);
        break;
    case 0x883E:
        if (!sw_cur_skip(&c, WCCP_REDIRECT_HDR_LEN)) {
            sw_decode_raise(ctx, SW_DEV_GRE_TRUNC);
            break;
        }
        sw_decode_ipv4(ctx, c);
        break;
    case 0x8909:
        gre_cisco_metadata(ctx, c);
        break;
    case 0x880B:
        gre_ppp(ctx, c);
        break;
    case 0x88BE: /* ERSPAN type II sets S and has a header; type I has neither */
    case 0x22EB:
        ip->erspan_version = ip->gre_payload == 0x22EB ? 3 : (flags & GRE_S) ? 2 : 1;
        ctx->carried_by = SW_TUNNEL_ERSPAN;
        sw_decode_erspan(ctx, ip->erspan_version, c);
        break;
    default:
        sw_decode_raise(ctx, SW_DEV_GRE_UNKNOWN_PAYLOAD);
        break;
    }
}

void sw_decode_gre(sw_decode_ctx *ctx, sw_ip_layer *ip, sw_cursor c)
{
    uint16_t flags = sw_cur_be16(&c);
    uint16_t proto = sw_cur_be16(&c);
    if (c.err) {
        sw_decode_raise(ctx, SW_DEV_GRE_TRUNC);
        return;
    }
    if (!gre_header(ctx, flags, proto, &c))
        return;
    ctx->st->gre++;
    ip->gre_payload = proto;
    gre_payload(ctx, ip, flags, sw_cur_rest(&c));
}
