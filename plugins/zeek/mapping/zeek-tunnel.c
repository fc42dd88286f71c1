/* Zeek tunnels as Seawall tunnel info and outer GRE flows (see zeek-tunnel.h). */
#include "zeek-tunnel.h"
#include "util-cursor.h"
#include "zeek-conn.h"

#include <string.h>

#define ETHERTYPE_IPV4   0x0800
#define ETHERTYPE_IPV6   0x86DD
#define ETHERTYPE_VLAN   0x8100 /* IEEE 802.1Q */
#define ETHERTYPE_QINQ   0x88A8 /* IEEE 802.1ad */
#define MAX_VLAN_TAGS    3
#define IPPROTO_NUM_GRE  47
#define GRE_ERSPAN_I_II  0x88BE
#define GRE_ERSPAN_III   0x22EB
#define GRE_FLAG_SEQ     0x1000 /* RFC 2890 section 2; ERSPAN type II sets it, type I does not */
#define GRE_VERSION_MASK 0x0007

sw_tunnel_kind sw_zeek_tunnel_kind(const char *tunnel_type, int outer_family, int inner_family)
{
    const char *t = tunnel_type ? tunnel_type : "";
    if (strncmp(t, "Tunnel::", 8) == 0)
        t += 8;
    if (strcmp(t, "GRE") == 0)
        return SW_TUNNEL_GRE;
    if (strcmp(t, "IP") != 0)
        return SW_TUNNEL_NONE;
    if (outer_family == 4)
        return inner_family == 6 ? SW_TUNNEL_6IN4 : SW_TUNNEL_IPIP;
    return inner_family == 4 ? SW_TUNNEL_4IN6 : SW_TUNNEL_6IN6;
}

sw_status sw_zeek_tunnel_info(const char *tunnel_type, const char *outer_orig_h,
                              const char *outer_resp_h, int inner_family, uint8_t depth,
                              uint16_t gre_proto, sw_tunnel_info *out)
{
    memset(out, 0, sizeof(*out));
    sw_tunnel_info t;
    memset(&t, 0, sizeof(t));
    if (sw_ip_parse(&t.outer_src, outer_orig_h ? outer_orig_h : "") != SW_OK ||
        sw_ip_parse(&t.outer_dst, outer_resp_h ? outer_resp_h : "") != SW_OK)
        return SW_ERR_INVALID;
    t.kind = sw_zeek_tunnel_kind(tunnel_type, t.outer_src.family, inner_family);
    if (t.kind == SW_TUNNEL_NONE)
        return SW_ERR_UNSUPPORTED;
    if (t.kind == SW_TUNNEL_GRE) {
        t.outer_proto = IPPROTO_NUM_GRE;
        if (gre_proto == GRE_ERSPAN_I_II || gre_proto == GRE_ERSPAN_III)
            t.kind = SW_TUNNEL_ERSPAN;
    } else {
        t.outer_proto = t.outer_src.family == 4 ? 4 : 41; /* IANA: IPv4 (4) / IPv6 (41) payload */
    }
    t.depth = depth ? depth : 1;
    *out = t;
    return SW_OK;
}

/* Skips the Ethernet header and up to MAX_VLAN_TAGS tags; returns the EtherType or 0. */
static uint16_t skip_ethernet(sw_cursor *c)
{
    sw_cur_skip(c, 12); /* destination and source MAC */
    uint16_t type = sw_cur_be16(c);
    for (int i = 0; i < MAX_VLAN_TAGS && (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ); i++) {
        sw_cur_skip(c, 2); /* TCI */
        type = sw_cur_be16(c);
    }
    return c->err ? 0 : type;
}

/* Reads the IP header, leaving the cursor on its payload; returns the protocol, -1 on error. */
static int read_ip(sw_cursor *c, uint16_t ethertype, sw_zeek_gre *out)
{
    uint8_t a[16] = {0};
    if (ethertype == ETHERTYPE_IPV4) {
        uint8_t vihl = sw_cur_peek_u8(c, 0);
        size_t ihl = (size_t)(vihl & 0x0f) * 4;
        if ((vihl >> 4) != 4 || ihl < 20) /* RFC 791 section 3.1: IHL is at least 5 words */
            return -1;
        sw_cursor h = sw_cur_sub(c, ihl);
        sw_cur_skip(&h, 6);
        /* RFC 791 section 3.1: a later fragment (offset > 0) does not start with GRE. */
        int later_fragment = (sw_cur_be16(&h) & 0x1fff) != 0;
        sw_cur_skip(&h, 1); /* TTL */
        int proto = later_fragment ? 0 : sw_cur_u8(&h);
        if (later_fragment)
            sw_cur_skip(&h, 1);
        sw_cur_skip(&h, 2); /* header checksum */
        sw_cur_bytes(&h, a, 4);
        sw_ip_from_v4(&out->src, a);
        sw_cur_bytes(&h, a, 4);
        sw_ip_from_v4(&out->dst, a);
        return h.err || c->err ? -1 : proto;
    }
    if (ethertype == ETHERTYPE_IPV6) {
        sw_cursor h = sw_cur_sub(c, 40); /* RFC 8200 section 3: fixed 40-byte header */
        sw_cur_skip(&h, 6);
        int next = sw_cur_u8(&h);
        sw_cur_skip(&h, 1);
        sw_cur_bytes(&h, a, 16);
        sw_ip_from_v6(&out->src, a);
        sw_cur_bytes(&h, a, 16);
        sw_ip_from_v6(&out->dst, a);
        return h.err || c->err ? -1 : next;
    }
    return -2;
}

sw_status sw_zeek_gre_sniff(const uint8_t *frame, size_t len, int link_type, sw_zeek_gre *out)
{
    memset(out, 0, sizeof(*out));
    if (!frame || link_type != SW_ZEEK_LINK_ETHERNET)
        return SW_ERR_NOTFOUND;
    sw_zeek_gre g;
    memset(&g, 0, sizeof(g));
    sw_cursor c = sw_cur_init(frame, len);
    uint16_t ethertype = skip_ethernet(&c);
    if (c.err)
        return SW_ERR_PARSE;
    int proto = read_ip(&c, ethertype, &g);
    if (proto == -2)
        return SW_ERR_NOTFOUND;
    if (proto < 0)
        return SW_ERR_PARSE;
    if (proto != IPPROTO_NUM_GRE)
        return SW_ERR_NOTFOUND;
    uint16_t flags = sw_cur_be16(&c);
    g.gre_proto = sw_cur_be16(&c);
    if (c.err)
        return SW_ERR_PARSE;
    if ((flags & GRE_VERSION_MASK) > 1) /* RFC 2784 section 2.3 (0) and RFC 2637 (1, PPTP) */
        return SW_ERR_PARSE;
    if (g.gre_proto == GRE_ERSPAN_III)
        g.erspan_version = 3;
    else if (g.gre_proto == GRE_ERSPAN_I_II)
        g.erspan_version = (flags & GRE_FLAG_SEQ) ? 2 : 1;
    *out = g;
    return SW_OK;
}

sw_status sw_zeek_tunnel_flow(const char *tunnel_uid, const char *outer_orig_h,
                              const char *outer_resp_h, const sw_zeek_gre *gre, double ts,
                              sw_flow_obs *out)
{
    memset(out, 0, sizeof(*out));
    sw_flow_obs f;
    memset(&f, 0, sizeof(f));
    if (sw_ip_parse(&f.src, outer_orig_h ? outer_orig_h : "") != SW_OK ||
        sw_ip_parse(&f.dst, outer_resp_h ? outer_resp_h : "") != SW_OK)
        return SW_ERR_INVALID;
    f.flow_id = sw_zeek_flow_id(tunnel_uid);
    f.proto = IPPROTO_NUM_GRE;
    f.start = f.last = sw_zeek_time(ts);
    if (gre) {
        f.gre_payload = gre->gre_proto;
        f.erspan_version = gre->erspan_version;
    }
    *out = f;
    return SW_OK;
}
