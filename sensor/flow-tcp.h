/* Private to the flow table: the TCP connection state a passive observer can follow from flags
 * alone (RFC 9293 section 3.3.2), without sequence-number validation, which belongs to the
 * stream layer. */
#ifndef SEAWALL_SENSOR_FLOW_TCP_H
#define SEAWALL_SENSOR_FLOW_TCP_H

#include "observation.h"

#include <stdint.h>

#define FLOW_TCP_FIN 0x01
#define FLOW_TCP_SYN 0x02
#define FLOW_TCP_RST 0x04
#define FLOW_TCP_ACK 0x10

typedef struct flow_tcp {
    sw_tcp_state state;
    uint8_t fin_toserver, fin_toclient;
    /* Picked up without the client's SYN: reported as SW_TCP_NONE (or SYN_RECV after a lone
     * SYN-ACK) but timed out as an established connection. */
    uint8_t midstream;
} flow_tcp;

/* What a packet changed, as bits. */
#define FLOW_TCP_EV_ESTABLISHED 0x1 /* the three-way handshake just completed */
#define FLOW_TCP_EV_CLOSED      0x2 /* FIN seen both ways, or RST */

/* True when the first packet of a flow makes its sender the server (a SYN-ACK). */
int flow_tcp_first_is_from_server(uint8_t flags);

/* Starts the state from the flow's first packet. */
unsigned flow_tcp_start(flow_tcp *t, uint8_t flags);

/* Advances the state with a later packet; `toserver` is its direction. Returns FLOW_TCP_EV_*. */
unsigned flow_tcp_update(flow_tcp *t, uint8_t flags, int toserver);

/* True for a new connection attempt (SYN without ACK) on a closed flow: port reuse. Inline: the
 * flow table asks for every TCP packet. */
static inline int flow_tcp_is_reuse(const flow_tcp *t, uint8_t flags)
{
    return t->state == SW_TCP_CLOSED && (flags & (FLOW_TCP_SYN | FLOW_TCP_ACK)) == FLOW_TCP_SYN;
}

/* Whether the flow should be timed out as established (handshake done or midstream). Inline:
 * the flow table asks for every TCP packet. */
static inline int flow_tcp_is_established_like(const flow_tcp *t)
{
    switch (t->state) {
    case SW_TCP_ESTABLISHED:
    case SW_TCP_CLOSING:
        return 1;
    case SW_TCP_NONE:
        return t->midstream;
    default:
        return 0;
    }
}

#endif
