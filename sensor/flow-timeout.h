/* Private to the flow table: timeout classes and their LRU lists.
 *
 * Every flow sits in exactly one list, that of its timeout class, ordered by the time it was last
 * touched. All flows of a class share one timeout, so the head of each list is the next flow of
 * that class to expire: expiry looks only at heads and costs O(flows expired). */
#ifndef SEAWALL_SENSOR_FLOW_TIMEOUT_H
#define SEAWALL_SENSOR_FLOW_TIMEOUT_H

#include "flow.h"

typedef enum flow_class {
    FLOW_CLASS_TCP_NEW = 0,
    FLOW_CLASS_TCP_ESTABLISHED,
    FLOW_CLASS_TCP_CLOSED,
    FLOW_CLASS_UDP_NEW, /* no answer yet */
    FLOW_CLASS_UDP,
    FLOW_CLASS_ICMP,
    FLOW_CLASS_OTHER,
    FLOW_CLASS_COUNT
} flow_class;

/* Intrusive doubly linked list node, embedded in each flow record. */
typedef struct flow_lru_node {
    struct flow_lru_node *prev, *next;
} flow_lru_node;

typedef struct flow_lru {
    flow_lru_node *head, *tail;
} flow_lru;

/* The list operations and the class run for every packet, so they are inline. */
static inline void flow_lru_append(flow_lru *list, flow_lru_node *node)
{
    node->next = NULL;
    node->prev = list->tail;
    if (list->tail)
        list->tail->next = node;
    else
        list->head = node;
    list->tail = node;
}

static inline void flow_lru_remove(flow_lru *list, flow_lru_node *node)
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

/* Idle timeout of a class in microseconds. */
int64_t flow_class_timeout_us(const sw_flow_config *cfg, flow_class cls);

/* The class of a flow from its protocol and state. */
static inline flow_class flow_class_of(uint8_t proto, int tcp_closed, int tcp_established_like,
                                       int answered)
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

#endif
