/* IEEE 802.1Q VLAN tags (0x8100), 802.1ad service tags (0x88A8) and pre-standard QinQ (0x9100).
 * Counted as Suricata does (src/decode-vlan.c): `vlan` for the first tag of a frame, `vlan_qinq`
 * for the second, `vlan_qinqinq` for the third; a fourth is too_many_layers. */
#include "decode-internal.h"

void sw_decode_vlan(sw_decode_ctx *ctx, uint16_t tpid, sw_cursor c)
{
    (void)tpid;
    uint8_t h[4]; /* tag control information, EtherType */
    if (!sw_cur_bytes(&c, h, sizeof(h))) {
        sw_decode_raise(ctx, SW_DEV_VLAN_TRUNC);
        return;
    }
    uint16_t tci = sw_hdr_be16(&h[0]);
    uint16_t type = sw_hdr_be16(&h[2]);
    uint8_t depth = ctx->frame_vlans++;
    if (depth >= SW_PKT_MAX_VLAN) {
        sw_decode_raise(ctx, SW_DEV_VLAN_TOO_MANY);
        return;
    }
    if (depth == 0)
        ctx->st->vlan++;
    else if (depth == 1)
        ctx->st->vlan_qinq++;
    else
        ctx->st->vlan_qinqinq++;
    ctx->frame_vid[depth] = tci & 0x0fff; /* 802.1Q 9.6: VID is the low 12 bits */
    sw_decode_ethertype(ctx, type, sw_cur_rest(&c));
}
