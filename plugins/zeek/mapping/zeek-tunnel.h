/* Zeek tunnels as Seawall tunnel info and outer GRE flows.
 *
 * Zeek decapsulates GRE and ERSPAN I/II/III alike and reports both as Tunnel::GRE (c$tunnel,
 * tunnel_changed, tunnel.log), without the GRE protocol type. The type is still in the packet
 * Zeek is processing (get_current_packet() while the tunnel is discovered), so
 * sw_zeek_gre_sniff() reads the outer Ethernet/IP/GRE headers to tell ERSPAN from plain GRE.
 * The outer GRE packets never form a Zeek connection; sw_zeek_tunnel_flow() builds the
 * protocol-47 flow the tunnel detections (ST-TUN-001/003) expect. */
#ifndef SEAWALL_ZEEK_TUNNEL_H
#define SEAWALL_ZEEK_TUNNEL_H

#include "observation.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Seawall's kind for Zeek's Tunnel::Type name ("Tunnel::GRE", "Tunnel::IP", ...; the
 * "Tunnel::" prefix is optional). Tunnel::IP becomes IPIP, 6in4, 4in6 or 6in6 from the outer
 * and inner address families (4 or 6). SW_TUNNEL_NONE for kinds Seawall does not model
 * (Teredo, AYIYA, VXLAN, Geneve, GTPv1, SOCKS, HTTP). */
sw_tunnel_kind sw_zeek_tunnel_kind(const char *tunnel_type, int outer_family, int inner_family);

/* Fills *out for a flow carried by the outermost tunnel of c$tunnel. A GRE tunnel whose sniffed
 * GRE type is ERSPAN becomes SW_TUNNEL_ERSPAN (gre_proto 0 when unknown). SW_ERR_INVALID when an
 * address does not parse, SW_ERR_UNSUPPORTED for kinds Seawall does not model; *out is zeroed
 * on error. */
sw_status sw_zeek_tunnel_info(const char *tunnel_type, const char *outer_orig_h,
                              const char *outer_resp_h, int inner_family, uint8_t depth,
                              uint16_t gre_proto, sw_tunnel_info *out);

/* What the outer headers of a GRE packet say. */
typedef struct sw_zeek_gre {
    sw_ip src, dst;         /* outer IP addresses */
    uint16_t gre_proto;     /* GRE protocol type (RFC 2784 section 2.4) */
    uint8_t erspan_version; /* 1 (type I), 2 (type II), 3 (type III), 0 for plain GRE */
} sw_zeek_gre;

/* Zeek's link_encap values (init-bare.zeek): only Ethernet frames are sniffed. */
#define SW_ZEEK_LINK_ETHERNET 0

/* Reads a raw Ethernet frame (optional 802.1Q/802.1ad tags), then IPv4 or IPv6 (no extension
 * headers), then the GRE header. SW_OK with *out filled, or SW_ERR_NOTFOUND when the frame does
 * not hold GRE at that position, SW_ERR_PARSE when a header is truncated or contradicts itself.
 * Reads only through sw_cursor. */
sw_status sw_zeek_gre_sniff(const uint8_t *frame, size_t len, int link_type, sw_zeek_gre *out);

/* The outer GRE flow of a tunnel as a protocol-47 flow: src/dst the outer ends, flow_id from
 * the tunnel's uid, gre_payload and erspan_version from `gre` (may be NULL: unknown). */
sw_status sw_zeek_tunnel_flow(const char *tunnel_uid, const char *outer_orig_h,
                              const char *outer_resp_h, const sw_zeek_gre *gre, double ts,
                              sw_flow_obs *out);

#ifdef __cplusplus
}
#endif
#endif
