/* Ethernet II (IEEE 802.3 clause 3.2.6) and the EtherType dispatch shared by every link layer
 * that names its payload with an EtherType (VLAN, SLL, SLL2, GRE transparent bridging). */
#include "decode-internal.h"

#define ETH_HDR_LEN 14
/* IEEE 802.3 clause 3.2.6: values up to 1500 are a length (802.2 LLC follows), 0x0600 and up an
 * EtherType. Either way an LLC frame (STP, CDP) is not IP and yields no layer. */
#define ETH_MIN_ETHERTYPE 0x0600

void sw_decode_ethertype(sw_decode_ctx *ctx, uint16_t type, sw_cursor c)
{
    switch (type) {
    case 0x0800:
        sw_decode_ipv4(ctx, c);
        break;
    case 0x86DD:
        sw_decode_ipv6(ctx, c);
        break;
    case 0x8100: /* IEEE 802.1Q */
    case 0x88A8: /* IEEE 802.1ad service tag */
    case 0x9100: /* pre-standard QinQ */
        sw_decode_vlan(ctx, type, c);
        break;
    case 0x8847: /* MPLS unicast, RFC 3032 section 5 */
    case 0x8848: /* MPLS multicast */
        sw_decode_mpls(ctx, c);
        break;
    default:
        /* ARP, LLDP, LLC and the rest carry no IP layer; nothing to report. */
        break;
    }
}

void sw_decode_ethernet(sw_decode_ctx *ctx, sw_cursor c)
{
    if (ctx->nesting >= SW_DECODE_MAX_NESTING) {
        sw_decode_raise(ctx, SW_DEV_TOO_MANY_LAYERS);
        return;
    }
    ctx->nesting++;
    ctx->frame_vlans = 0;   /* VLAN depth counts per frame: an inner frame starts again */
    uint8_t h[ETH_HDR_LEN]; /* destination, source, EtherType */
    if (!sw_cur_bytes(&c, h, sizeof(h))) {
        sw_decode_raise(ctx, SW_DEV_ETH_TRUNC);
        return;
    }
    uint16_t type = sw_hdr_be16(&h[12]);
    ctx->st->ethernet++;
    if (type < ETH_MIN_ETHERTYPE)
        return;
    sw_decode_ethertype(ctx, type, sw_cur_rest(&c));
}
