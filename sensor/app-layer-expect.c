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

/* The entry for this endpoint if announced before, else a free or expired one, else the oldest. */
static app_expect *pick_slot(sw_app_layer *al, const sw_ip *listener, uint16_t port,
                             const sw_ip *peer)
{
    app_expect *free_slot = NULL, *oldest = &al->expect[0];
    for (unsigned i = 0; i < APP_EXPECT_SLOTS; i++) {
        app_expect *e = &al->expect[i];
        if (!e->used || expired(al, e)) {
            free_slot = free_slot ? free_slot : e;
            continue;
        }
        if (e->port == port && sw_ip_equal(&e->listener, listener) && sw_ip_equal(&e->peer, peer))
            return e;
        if (e->last_sec < oldest->last_sec)
            oldest = e;
    }
    return free_slot ? free_slot : oldest;
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
