/* Timeouts of the flow classes (the lists and the class itself are inline in flow-timeout.h). */
#include "flow-timeout.h"

int64_t flow_class_timeout_us(const sw_flow_config *cfg, flow_class cls)
{
    uint32_t sec;
    switch (cls) {
    case FLOW_CLASS_TCP_NEW:
        sec = cfg->timeout_tcp_new;
        break;
    case FLOW_CLASS_TCP_ESTABLISHED:
        sec = cfg->timeout_tcp_established;
        break;
    case FLOW_CLASS_TCP_CLOSED:
        sec = cfg->timeout_tcp_closed;
        break;
    case FLOW_CLASS_UDP_NEW:
        sec = cfg->timeout_udp_new;
        break;
    case FLOW_CLASS_UDP:
        sec = cfg->timeout_udp;
        break;
    case FLOW_CLASS_ICMP:
        sec = cfg->timeout_icmp;
        break;
    default:
        sec = cfg->timeout_other;
        break;
    }
    return (int64_t)sec * 1000000;
}
