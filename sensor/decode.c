/* Packet decoding entry point: link-type dispatch, per-packet state, IP layers and events.
 * The per-protocol work lives in decode-<proto>.c; see decode.h for the contract. */
#include "decode-internal.h"

#include <stdlib.h>
#include <string.h>

sw_decoder *sw_decoder_new(const sw_decode_config *cfg)
{
    sw_decoder *dec = calloc(1, sizeof(*dec));
    if (!dec)
        return NULL;
    if (cfg)
        dec->cfg = *cfg;
    else
        sw_decode_config_defaults(&dec->cfg);
    dec->defrag = sw_defrag_new(&dec->cfg);
    if (!dec->defrag) {
        free(dec);
        return NULL;
    }
    return dec;
}

void sw_decoder_free(sw_decoder *dec)
{
    if (!dec)
        return;
    sw_defrag_free(dec->defrag);
    free(dec);
}

void sw_decoder_expire(sw_decoder *dec, sw_time now)
{
    sw_defrag_expire(dec->defrag, now, &dec->st);
}

const sw_decode_stats *sw_decoder_stats(const sw_decoder *dec)
{
    return &dec->st;
}

/* Events that mean "the capture ended" rather than "a field lies". */
static int event_is_trunc(sw_decode_event ev)
{
    switch (ev) {
    case SW_DEV_ETH_TRUNC:
    case SW_DEV_VLAN_TRUNC:
    case SW_DEV_MPLS_TRUNC:
    case SW_DEV_SLL_TRUNC:
    case SW_DEV_SLL2_TRUNC:
    case SW_DEV_NULL_TRUNC:
    case SW_DEV_IPV4_TRUNC:
    case SW_DEV_IPV6_TRUNC:
    case SW_DEV_GRE_TRUNC:
    case SW_DEV_ERSPAN_TRUNC:
    case SW_DEV_TCP_TRUNC:
    case SW_DEV_UDP_TRUNC:
    case SW_DEV_ICMPV4_TRUNC:
    case SW_DEV_ICMPV6_TRUNC:
        return 1;
    default:
        return 0;
    }
}

void sw_decode_raise(sw_decode_ctx *ctx, sw_decode_event ev)
{
    if (event_is_trunc(ev))
        ctx->saw_trunc = 1;
    ctx->st->events[ev]++;
    if (ctx->p->n_events < SW_PKT_MAX_EVENTS)
        ctx->p->events[ctx->p->n_events++] = (uint8_t)ev;
}

void sw_decode_len_overrun(sw_decode_ctx *ctx, sw_decode_event trunc, sw_decode_event malformed)
{
    if (ctx->capture_cut)
        sw_decode_raise(ctx, trunc);
    else
        sw_decode_raise(ctx, malformed);
}

void sw_decode_note_trunc(sw_decode_ctx *ctx, sw_decode_event trunc)
{
    if (ctx->pending_trunc < 0)
        ctx->pending_trunc = (int)trunc;
}

int sw_decode_linktype_supported(int linktype)
{
    switch (linktype) {
    case SW_LINK_ETHERNET:
    case SW_LINK_SLL:
    case SW_LINK_SLL2:
    case SW_LINK_NULL:
    case SW_LINK_RAW:
    case SW_DLT_RAW:
    case 14: /* DLT_RAW on OpenBSD */
    case SW_LINK_IPV4:
    case SW_LINK_IPV6:
        return 1;
    default:
        return 0;
    }
}

static void decode_link(sw_decode_ctx *ctx, int linktype, sw_cursor c)
{
    switch (linktype) {
    case SW_LINK_ETHERNET:
        sw_decode_ethernet(ctx, c);
        break;
    case SW_LINK_SLL:
        sw_decode_sll(ctx, c);
        break;
    case SW_LINK_SLL2:
        sw_decode_sll2(ctx, c);
        break;
    case SW_LINK_NULL:
        sw_decode_null(ctx, c);
        break;
    case SW_LINK_RAW:
    case SW_DLT_RAW:
    case 14: /* DLT_RAW on OpenBSD */
        ctx->st->raw++;
        sw_decode_raw(ctx, c);
        break;
    case SW_LINK_IPV4:
        ctx->st->raw++;
        sw_decode_ipv4(ctx, c);
        break;
    case SW_LINK_IPV6:
        ctx->st->raw++;
        sw_decode_ipv6(ctx, c);
        break;
    default:
        sw_decode_raise(ctx, SW_DEV_UNSUPPORTED_LINKTYPE);
        break;
    }
}

static void reset_output(sw_packet *p)
{
    p->n_ip = 0;
    p->n_events = 0;
}

int sw_decode_packet(sw_decoder *dec, sw_packet *p)
{
    sw_defrag_release(dec->defrag);
    reset_output(p);
    sw_decode_ctx ctx = {
        .dec = dec,
        .p = p,
        .st = &dec->st,
        .carried_by = SW_TUNNEL_NONE,
        .capture_cut = p->wirelen > p->caplen,
        .pending_trunc = -1,
    };
    dec->st.pkts++;
    dec->st.bytes += p->wirelen > p->caplen ? p->wirelen : p->caplen;
    decode_link(&ctx, p->linktype, sw_cur_init(p->data, p->caplen));
    if (!ctx.saw_trunc && ctx.pending_trunc >= 0)
        sw_decode_raise(&ctx, (sw_decode_event)ctx.pending_trunc);
    if (p->n_events)
        dec->st.invalid++;
    return p->n_ip;
}

/* IP in IP (RFC 2003, RFC 4213 section 3.5, RFC 2473): protocol 4 and 41 start a new layer. */
static void decode_ip_in_ip(sw_decode_ctx *ctx, const sw_ip_layer *outer, int inner_version,
                            sw_cursor c)
{
    sw_decode_stats *st = ctx->st;
    if (outer->version == 4 && inner_version == 4) {
        st->ipv4_in_ipv4++;
        ctx->carried_by = SW_TUNNEL_IPIP;
    } else if (outer->version == 4) {
        st->ipv6_in_ipv4++;
        ctx->carried_by = SW_TUNNEL_6IN4;
    } else if (inner_version == 4) {
        st->ipv4_in_ipv6++;
        ctx->carried_by = SW_TUNNEL_4IN6;
    } else {
        st->ipv6_in_ipv6++;
        ctx->carried_by = SW_TUNNEL_6IN6;
    }
    if (inner_version == 4)
        sw_decode_ipv4(ctx, c);
    else
        sw_decode_ipv6(ctx, c);
}

void sw_decode_ip_payload(sw_decode_ctx *ctx, sw_ip_layer *ip, sw_cursor c)
{
    switch (ip->proto) {
    case 6:
        sw_decode_tcp(ctx, ip, c);
        break;
    case 17:
        sw_decode_udp(ctx, ip, c);
        break;
    case 1:
        if (ip->version == 4)
            sw_decode_icmpv4(ctx, ip, c);
        else
            ctx->st->other_ip++;
        break;
    case 58:
        if (ip->version == 6)
            sw_decode_icmpv6(ctx, ip, c);
        else
            ctx->st->other_ip++;
        break;
    case 47:
        sw_decode_gre(ctx, ip, c);
        break;
    case 4:
        decode_ip_in_ip(ctx, ip, 4, c);
        break;
    case 41:
        decode_ip_in_ip(ctx, ip, 6, c);
        break;
    default:
        ctx->st->other_ip++;
        break;
    }
}
