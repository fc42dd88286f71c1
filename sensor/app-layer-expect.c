/* Expectations: data connections (FTP PORT/EPRT/227/229, RFC 959 3.2 and RFC 2428) and TFTP
 * transfers (RFC 1350 4: the server answers from a new port to the requester's port) announced on
 * one flow and recognised on another by the two hosts and the listening port. A fixed table: when
 * full, the oldest entry gives way. */
#include "app-layer-int.h"

#include <string.h>

static int expired(const sw_app_layer *al, const app_expect *e)
{
    return al->ts.sec - e->last_sec > APP_EXPECT_TTL_S;
}

static void port_filter_add(sw_app_layer *al, uint16_t port)
{
    unsigned bit = port % APP_EXPECT_PORT_BITS;
    al->expect_ports[bit / 64] |= UINT64_C(1) << (bit % 64);
}

static int port_may_expect(const sw_app_layer *al, uint16_t port)
{
    unsigned bit = port % APP_EXPECT_PORT_BITS;
    return (al->expect_ports[bit / 64] >> (bit % 64)) & 1;
}

/* The entry for this endpoint if announced before, else a free or expired one, else the oldest.
 * The scan also rebuilds the port filter from every used entry. */
static app_expect *pick_slot(sw_app_layer *al, const sw_ip *listener, uint16_t port,
                             const sw_ip *peer)
{
    app_expect *free_slot = NULL, *oldest = &al->expect[0], *same = NULL;
    memset(al->expect_ports, 0, sizeof(al->expect_ports));
    for (unsigned i = 0; i < APP_EXPECT_SLOTS; i++) {
        app_expect *e = &al->expect[i];
        /* Every used entry keeps its bit, expired ones too: packet time may step back and make
         * one current again. A slot given away below keeps a stale bit: that only costs a scan. */
        if (e->used)
            port_filter_add(al, e->port);
        if (!e->used || expired(al, e)) {
            free_slot = free_slot ? free_slot : e;
            continue;
        }
        if (!same && e->port == port && sw_ip_equal(&e->listener, listener) &&
            sw_ip_equal(&e->peer, peer))
            same = e;
        if (e->last_sec < oldest->last_sec)
            oldest = e;
    }
    return same ? same : free_slot ? free_slot : oldest;
}

app_expect *app_expect_add(sw_app_layer *al, const sw_ip *listener, uint16_t port,
                           const sw_ip *peer, const void *owner)
{
    app_expect *slot = pick_slot(al, listener, port, peer);
    memset(slot, 0, sizeof(*slot));
    slot->used = 1;
    slot->listener = *listener;
    slot->peer = *peer;
    slot->port = port;
    slot->last_sec = al->ts.sec;
    slot->owner = owner;
    port_filter_add(al, port);
    return slot;
}

app_expect *app_expect_latest(sw_app_layer *al, const void *owner)
{
    app_expect *best = NULL;
    for (unsigned i = 0; i < APP_EXPECT_SLOTS; i++) {
        app_expect *e = &al->expect[i];
        if (e->used && e->owner == owner && (!best || e->last_sec >= best->last_sec))
            best = e;
    }
    return best;
}

static int ends_match(const app_expect *e, const sw_ip *a, uint16_t pa, const sw_ip *b)
{
    return pa == e->port && sw_ip_equal(a, &e->listener) && sw_ip_equal(b, &e->peer);
}

app_expect *app_expect_match(sw_app_layer *al, const sw_flow_obs *flow)
{
    if (!port_may_expect(al, flow->dp) && !port_may_expect(al, flow->sp))
        return NULL;
    for (unsigned i = 0; i < APP_EXPECT_SLOTS; i++) {
        app_expect *e = &al->expect[i];
        if (!e->used || expired(al, e))
            continue;
        if (ends_match(e, &flow->dst, flow->dp, &flow->src) ||
            ends_match(e, &flow->src, flow->sp, &flow->dst)) {
            e->last_sec = al->ts.sec;
            return e;
        }
    }
    return NULL;
}

void app_expect_forget_owner(sw_app_layer *al, const void *owner)
{
    for (unsigned i = 0; i < APP_EXPECT_SLOTS; i++)
        if (al->expect[i].owner == owner)
            al->expect[i].owner = NULL;
}
