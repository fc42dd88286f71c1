/* Port classes shared by the management-plane detections. */
#include "util-ports.h"

#include <stddef.h>

typedef struct mgmt_port {
    uint16_t port;
    const char *service;
} mgmt_port;

static const mgmt_port mgmt_tcp_ports[] = {
    {22, "ssh"},
    {23, "telnet"},
    {80, "http"},
    {443, "https"},
    {830, "netconf"},
    {8443, "https-alt"},
    {57722, "xr-sshd-operns"},
};

int sw_port_is_high_ssh(uint16_t port)
{
    return port != 22 && port >= 1022 && port % 100 == 22;
}

int sw_port_is_mgmt_tcp(uint16_t port)
{
    for (size_t i = 0; i < sizeof(mgmt_tcp_ports) / sizeof(mgmt_tcp_ports[0]); i++)
        if (mgmt_tcp_ports[i].port == port)
            return 1;
    return sw_port_is_high_ssh(port);
}

const char *sw_port_mgmt_service(uint16_t port)
{
    for (size_t i = 0; i < sizeof(mgmt_tcp_ports) / sizeof(mgmt_tcp_ports[0]); i++)
        if (mgmt_tcp_ports[i].port == port)
            return mgmt_tcp_ports[i].service;
    return sw_port_is_high_ssh(port) ? "ssh-high" : "unknown";
}
