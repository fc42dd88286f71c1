/* TCP state from flags as seen by a passive observer (RFC 9293 section 3.3.2, figure 5). The
 * observer cannot tell a retransmission from a new segment without sequence numbers, so every
 * transition is idempotent: a repeated SYN or FIN changes nothing. */
#include "flow-tcp.h"

static int has(uint8_t flags, uint8_t bit)
{
    return (flags & bit) != 0;
}

int flow_tcp_first_is_from_server(uint8_t flags)
{
    return has(flags, FLOW_TCP_SYN) && has(flags, FLOW_TCP_ACK);
}

unsigned flow_tcp_start(flow_tcp *t, uint8_t flags)
{
    t->fin_toserver = 0;
    t->fin_toclient = 0;
    t->midstream = 0;
    if (has(flags, FLOW_TCP_RST)) {
        /* A lone reset: nothing to follow; treat as picked up midstream and closed. */
        t->midstream = 1;
        t->state = SW_TCP_CLOSED;
        return FLOW_TCP_EV_CLOSED;
    }
    if (has(flags, FLOW_TCP_SYN)) {
        /* SYN-ACK first: the client's SYN was missed, but the handshake can still complete. */
        t->midstream = has(flags, FLOW_TCP_ACK);
        t->state = t->midstream ? SW_TCP_SYN_RECV : SW_TCP_SYN_SENT;
        return 0;
    }
    t->midstream = 1;
    t->state = SW_TCP_NONE;
    if (has(flags, FLOW_TCP_FIN)) {
        t->fin_toserver = 1;
        t->state = SW_TCP_CLOSING;
    }
    return 0;
}

/* RFC 9293 section 3.6: the connection closes once each side has sent its FIN. A FIN before
 * the handshake completed closes nothing that was open: the flow stays new (as Suricata reports
 * it) until both sides have sent one. */
static unsigned on_fin(flow_tcp *t, int toserver)
{
    if (toserver)
        t->fin_toserver = 1;
    else
        t->fin_toclient = 1;
    if (t->fin_toserver && t->fin_toclient) {
        t->state = SW_TCP_CLOSED;
        return FLOW_TCP_EV_CLOSED;
    }
    if (t->state != SW_TCP_SYN_SENT && t->state != SW_TCP_SYN_RECV)
        t->state = SW_TCP_CLOSING;
    return 0;
}

unsigned flow_tcp_update(flow_tcp *t, uint8_t flags, int toserver)
{
    if (t->state == SW_TCP_CLOSED)
        return 0;
    /* RFC 9293 section 3.10.7.4: a reset aborts the connection in any state. */
    if (has(flags, FLOW_TCP_RST)) {
        t->state = SW_TCP_CLOSED;
        return FLOW_TCP_EV_CLOSED;
    }
    unsigned ev = 0;
    switch (t->state) {
    case SW_TCP_SYN_SENT:
        /* The server's SYN-ACK (RFC 9293 section 3.5, figure 6, line 3). */
        if (!toserver && has(flags, FLOW_TCP_SYN) && has(flags, FLOW_TCP_ACK))
            t->state = SW_TCP_SYN_RECV;
        break;
    case SW_TCP_SYN_RECV:
        /* The client's ACK of the SYN-ACK completes the handshake (figure 6, line 4), also when
         * the segment carries the request and its FIN already (a one-segment HTTP/1.0 GET). */
        if (toserver && has(flags, FLOW_TCP_ACK) && !has(flags, FLOW_TCP_SYN)) {
            t->state = SW_TCP_ESTABLISHED;
            ev = FLOW_TCP_EV_ESTABLISHED;
        }
        break;
    default:
        break;
    }
    if (has(flags, FLOW_TCP_FIN))
        ev |= on_fin(t, toserver);
    return ev;
}
