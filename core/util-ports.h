/* Port classes shared by the management-plane detections. */
#ifndef SEAWALL_UTIL_PORTS_H
#define SEAWALL_UTIL_PORTS_H

#include <stdint.h>

/* SSH moved to a "22" look-alike port: p != 22, p >= 1022 and p ends in 22 (2222, 10022, 22022),
 * the port-pattern helper of docs/detections.md section 5 (ST-ACC-001). */
int sw_port_is_high_ssh(uint16_t port);

/* TCP ports of a router's management plane (ST-ACC-005): SSH, Telnet, HTTP(S), NETCONF over SSH
 * (RFC 6242: 830), alternate HTTPS 8443 and IOS XR sshd_operns 57722. */
int sw_port_is_mgmt_tcp(uint16_t port);

/* Short service name for a management port ("ssh", "telnet", ...), "ssh-high" for a high SSH
 * port, "unknown" otherwise. Static text. */
const char *sw_port_mgmt_service(uint16_t port);

#endif
