/* Names of application-layer anomalies and the result helpers every parser shares. */
#include "app-events.h"

static const char *const app_event_names[SW_APP_EV_COUNT] = {
#define SW_APP_EVENT_NAME(id, name) [SW_APP_EV_##id] = name,
    SW_APP_EVENTS(SW_APP_EVENT_NAME)
#undef SW_APP_EVENT_NAME
};

const char *sw_app_event_name(sw_app_event ev)
{
    if ((unsigned)ev >= SW_APP_EV_COUNT)
        return "app.unknown";
    return app_event_names[ev];
}

sw_app_result sw_app_result_ok(void)
{
    sw_app_result r = {0};
    r.status = SW_APP_OK;
    return r;
}

void sw_app_event_add(sw_app_result *r, sw_app_event ev)
{
    if (r->n_events < SW_APP_MAX_EVENTS)
        r->events[r->n_events++] = (uint16_t)ev;
    else if (r->events_dropped < UINT8_MAX)
        r->events_dropped++;
}

void sw_app_trunc(sw_app_result *r, sw_app_event ev, size_t needed)
{
    sw_app_event_add(r, ev);
    if (r->status != SW_APP_MALFORMED) {
        r->status = SW_APP_INCOMPLETE;
        r->needed = needed;
    }
    r->consumed = 0;
}

void sw_app_malformed(sw_app_result *r, sw_app_event ev)
{
    sw_app_event_add(r, ev);
    r->status = SW_APP_MALFORMED;
    r->needed = 0;
}

unsigned sw_app_event_count(const sw_app_result *r, sw_app_event ev)
{
    unsigned n = 0;
    for (unsigned i = 0; i < r->n_events; i++)
        n += r->events[i] == (uint16_t)ev;
    return n;
}

void sw_app_stats_count(sw_app_stats *st, const sw_app_result *r)
{
    for (unsigned i = 0; i < r->n_events; i++)
        if (r->events[i] < SW_APP_EV_COUNT)
            st->events[r->events[i]]++;
    st->events_dropped += r->events_dropped;
}
