/* Timeout classes and the LRU lists that make flow expiry exact and O(expired). */
#include "flow-timeout.h"

void flow_lru_append(flow_lru *list, flow_lru_node *node)
{
    node->next = NULL;
    node->prev = list->tail;
    if (list->tail)
        list->tail->next = node;
    else
        list->head = node;
    list->tail = node;
}

void flow_lru_remove(flow_lru *list, flow_lru_node *node)
{
    if (node->prev)
        node->prev->next = node->next;
    else
        list->head = node->next;
    if (node->next)
        node->next->prev = node->prev;
    else
        list->tail = node->prev;
    node->prev = NULL;
    node->next = NULL;
}

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

flow_class flow_class_of(uint8_t proto, int tcp_closed, int tcp_established_like, int answered)
{
    switch (proto) {
    case 6:
        if (tcp_closed)
            return FLOW_CLASS_TCP_CLOSED;
        return tcp_established_like ? FLOW_CLASS_TCP_ESTABLISHED : FLOW_CLASS_TCP_NEW;
    case 17:
        return answered ? FLOW_CLASS_UDP : FLOW_CLASS_UDP_NEW;
    case 1:
    case 58:
        return FLOW_CLASS_ICMP;
    default:
        return FLOW_CLASS_OTHER;
    }
}
