/* Private interface between the decoder modules (decode-*.c, defrag.c). Not installed. */
#ifndef SEAWALL_SENSOR_DECODE_INTERNAL_H
#define SEAWALL_SENSOR_DECODE_INTERNAL_H

#include "decode.h"
#include "defrag.h"
#include "util-cursor.h"

#define SW_MPLS_MAX_LABELS    16 /* deeper label stacks are an anomaly, not a loop */
#define SW_IPV6_MAX_EXTHDRS   8  /* RFC 8200 4.1 lists at most 7 kinds; more is abuse */
#define SW_GRE_MAX_SRE        16 /* RFC 1701 source route entries walked per packet */
#define SW_DECODE_MAX_NESTING 12 /* link-layer re-entries (Ethernet in GRE in ...) per packet */

struct sw_decoder {
    sw_decode_config cfg;
    sw_decode_stats st;
    sw_defrag *defrag;
};

/* State of one sw_decode_packet call. */
typedef struct sw_decode_ctx {
    sw_decoder *dec;
    sw_packet *p;
    sw_decode_stats *st;
    sw_tunnel_kind carried_by; /* given to the next IP layer created */
    int capture_cut;           /* the capture kept fewer bytes than were on the wire */
    int pending_trunc;         /* SW_DEV_* to raise at the end when nothing else was trunc, or -1 */
    int saw_trunc;             /* a trunc event was raised for this packet */
    uint8_t nesting;           /* link-layer re-entries so far */
    uint8_t frame_vlans;       /* VLAN tags in the current Ethernet frame */
    uint16_t frame_vid[SW_PKT_MAX_VLAN]; /* their VLAN ids, outermost first */
} sw_decode_ctx;

/* Records an anomaly: counter, and the packet's event list while it has room. */
void sw_decode_raise(sw_decode_ctx *ctx, sw_decode_event ev);
/* A claimed length runs past the bytes we have: trunc when the capture was cut (snap length),
 * `malformed` otherwise, since the whole packet was there and the field lies. */
void sw_decode_len_overrun(sw_decode_ctx *ctx, sw_decode_event trunc, sw_decode_event malformed);
/* The layer is complete as far as its headers go but its payload was cut by the capture: the
 * trunc event is raised at the end only if no deeper header reports a trunc of its own, so a
 * packet cut once counts one trunc. */
void sw_decode_note_trunc(sw_decode_ctx *ctx, sw_decode_event trunc);

/* Link layers. Each takes a cursor over its frame and decodes what follows. */
void sw_decode_ethernet(sw_decode_ctx *ctx, sw_cursor c);
void sw_decode_ethertype(sw_decode_ctx *ctx, uint16_t type, sw_cursor c);
void sw_decode_vlan(sw_decode_ctx *ctx, uint16_t tpid, sw_cursor c);
void sw_decode_mpls(sw_decode_ctx *ctx, sw_cursor c);
void sw_decode_sll(sw_decode_ctx *ctx, sw_cursor c);
void sw_decode_sll2(sw_decode_ctx *ctx, sw_cursor c);
void sw_decode_null(sw_decode_ctx *ctx, sw_cursor c);
/* Raw IP: version from the first nibble. */
void sw_decode_raw(sw_decode_ctx *ctx, sw_cursor c);

/* Network layers: each opens a new sw_ip_layer (or raises TOO_MANY_LAYERS). */
void sw_decode_ipv4(sw_decode_ctx *ctx, sw_cursor c);
void sw_decode_ipv6(sw_decode_ctx *ctx, sw_cursor c);
/* Opens the next IP layer, cleared; NULL (with TOO_MANY_LAYERS) when the packet already has the
 * most. Inline: every IP header opens one. */
static inline sw_ip_layer *sw_decode_new_layer(sw_decode_ctx *ctx, uint8_t version)
{
    sw_packet *p = ctx->p;
    if (p->n_ip >= SW_PKT_MAX_IP_LAYERS) {
        sw_decode_raise(ctx, SW_DEV_TOO_MANY_LAYERS);
        return NULL;
    }
    sw_ip_layer *ip = &p->ip[p->n_ip++];
    /* A copy of a zero struct, not memset: GCC makes a memset of this size `rep stosq`, whose
     * start-up cost was a quarter of the IPv4 decoder's time; the copy is five vector moves. */
    static const sw_ip_layer cleared;
    *ip = cleared;
    ip->version = version;
    ip->carried_by = ctx->carried_by;
    /* The tags of the frame that carried this header are its own: an IP-in-IP or GRE layer
     * inside has none unless it comes in an Ethernet frame of its own (ERSPAN, TEB). */
    ip->vlan_count = ctx->frame_vlans < SW_PKT_MAX_VLAN ? ctx->frame_vlans : SW_PKT_MAX_VLAN;
    for (unsigned i = 0; i < ip->vlan_count; i++)
        ip->vlan[i] = ctx->frame_vid[i];
    ctx->frame_vlans = 0;
    return ip;
}

/* Fields of a fixed-size header copied out of the packet with one sw_cur_bytes: the common
 * IPv4/TCP/UDP path checks the bounds once per header instead of once per field. */
static inline uint16_t sw_hdr_be16(const uint8_t b[2])
{
    return (uint16_t)((b[0] << 8) | b[1]);
}

static inline uint32_t sw_hdr_be32(const uint8_t b[4])
{
    return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}
/* Dispatches the payload of IP layer `ip` by its protocol (`ip->proto`). */
void sw_decode_ip_payload(sw_decode_ctx *ctx, sw_ip_layer *ip, sw_cursor c);

void sw_decode_gre(sw_decode_ctx *ctx, sw_ip_layer *ip, sw_cursor c);
/* ERSPAN type 1, 2 or 3 inside GRE; ends by decoding the mirrored Ethernet frame. */
void sw_decode_erspan(sw_decode_ctx *ctx, int type, sw_cursor c);
void sw_decode_tcp(sw_decode_ctx *ctx, sw_ip_layer *ip, sw_cursor c);
void sw_decode_udp(sw_decode_ctx *ctx, sw_ip_layer *ip, sw_cursor c);
void sw_decode_icmpv4(sw_decode_ctx *ctx, sw_ip_layer *ip, sw_cursor c);
void sw_decode_icmpv6(sw_decode_ctx *ctx, sw_ip_layer *ip, sw_cursor c);

#endif
