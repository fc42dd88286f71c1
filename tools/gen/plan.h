/* seawall-gen: the lab address plan. The sensor's sample config uses exactly these networks
 * (docs/seawall-gen.md repeats them as a YAML `networks:` block), so a scenario that puts a host
 * outside a set is what makes its detection fire. Outside hosts come from the documentation
 * ranges of RFC 5737 (IPv4) and RFC 9637 (3fff::/20, IPv6). */
#ifndef SEAWALL_GEN_PLAN_H
#define SEAWALL_GEN_PLAN_H

/* Network sets, as in the sensor config. */
#define PLAN_NET_INFRA_V4          "10.10.0.0/24"
#define PLAN_NET_INFRA_V6          "2001:db8:10::/48"
#define PLAN_NET_INFRA_LOOPBACKS   "10.10.255.0/24" /* in infra; also loopback_ranges */
#define PLAN_NET_NOC               "10.20.0.0/24"
#define PLAN_NET_AAA_TACACS        "10.30.0.10/32"
#define PLAN_NET_AAA_RADIUS        "10.30.0.11/32"
#define PLAN_NET_NMS               "10.30.0.20/32"
#define PLAN_NET_FILE_SERVERS      "10.30.0.30/32"
#define PLAN_NET_SYSLOG            "10.30.0.40/32"
#define PLAN_NET_ERSPAN_COLLECTORS "10.30.0.50/32"
#define PLAN_NET_TUNNEL_PEERS      "10.40.0.0/24"
#define PLAN_NET_EDGE_APPS         "10.50.0.0/24"
#define PLAN_NET_OWN_V4            "10.0.0.0/8"
#define PLAN_NET_OWN_V6            "2001:db8::/32"
#define PLAN_NET_OUTSIDE_A         "203.0.113.0/24"
#define PLAN_NET_OUTSIDE_B         "198.51.100.0/24"
#define PLAN_NET_INTERNAL_OTHER    "10.99.0.0/16" /* in own, in no other set */

/* Named hosts of the scenarios. */
#define PLAN_ROUTER_TUN       "10.10.0.1" /* GRE and IKE endpoint */
#define PLAN_ROUTER_ERSPAN    "10.10.0.2"
#define PLAN_ROUTER_AAA       "10.10.0.3"
#define PLAN_ROUTER_SNMP      "10.10.0.4"
#define PLAN_ROUTER_XR        "10.10.0.5"
#define PLAN_ROUTER_EDGE      "10.10.0.6"
#define PLAN_TACACS_SERVER    "10.30.0.10"
#define PLAN_RADIUS_SERVER    "10.30.0.11"
#define PLAN_NMS_HOST         "10.30.0.20"
#define PLAN_ERSPAN_COLLECTOR "10.30.0.50"
#define PLAN_TUNNEL_PEER_GRE  "10.40.0.2"
#define PLAN_TUNNEL_PEER_IKE  "10.40.0.3"
#define PLAN_NOC_HOST         "10.20.0.5"
#define PLAN_INTERNAL_SNMP    "10.99.1.5"
#define PLAN_INTERNAL_XR      "10.99.2.7"
#define PLAN_LOOPBACK_KNOWN_A "10.10.255.1" /* networks.loopbacks: inventoried */
#define PLAN_LOOPBACK_KNOWN_B "10.10.255.2"
#define PLAN_LOOPBACK_ROGUE   "10.10.255.9" /* in loopback_ranges, in no inventory */
#define PLAN_EXT_GRE_PEER     "203.0.113.50"
#define PLAN_EXT_IKE_PEER     "198.51.100.7"
#define PLAN_EXT_ERSPAN_SINK  "203.0.113.60"
#define PLAN_EXT_TACACS       "198.51.100.49"
#define PLAN_EXT_RADIUS       "203.0.113.18"
#define PLAN_EXT_ADMIN        "203.0.113.99"
/* Hosts inside tunnels and mirrored sessions: internal, in no listed set, so the inner flows
 * themselves stay silent and only the tunnel raises its detection. */
#define PLAN_INNER_A       "10.99.3.10"
#define PLAN_INNER_B       "10.99.3.20"
#define PLAN_MIRROR_CLIENT "10.99.4.10"
#define PLAN_MIRROR_SERVER "10.99.4.20"

/* Address pools of the mixed benchmark traffic, as base address and size (host count). */
#define PLAN_POOL_INFRA_V4    0x0a0a0000u /* 10.10.0.0/24 */
#define PLAN_POOL_INTERNAL_V4 0x0a630000u /* 10.99.0.0/16 */
#define PLAN_POOL_OUTSIDE_A   0xcb007100u /* 203.0.113.0/24 */
#define PLAN_POOL_OUTSIDE_B   0xc6336400u /* 198.51.100.0/24 */
#define PLAN_POOL_PEERS_V4    0x0a280000u /* 10.40.0.0/24 */

#endif
