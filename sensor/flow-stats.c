/* Flow counters as EVE stats: Suricata's names (stats.flow.*) where Suricata has the counter,
 * and every counter under its Seawall dotted name. */
#include "flow.h"

static void set_count(json_t *obj, const char *key, uint64_t value)
{
    json_object_set_new(obj, key, json_integer((json_int_t)value));
}

/* Only keys present in Suricata's schema (etc/schema.json, stats.flow, additionalProperties
 * false). Suricata's `memcap` counts packets that hit the flow memcap; ours hit it either by
 * evicting a flow or by being refused, so it is the sum. */
static void to_suricata(const sw_flow_stats *st, json_t *suricata)
{
    json_t *flow = json_object_get(suricata, "flow");
    if (!json_is_object(flow)) {
        flow = json_object();
        if (!flow || json_object_set_new(suricata, "flow", flow) != 0)
            return;
    }
    set_count(flow, "total", st->total);
    set_count(flow, "tcp", st->tcp);
    set_count(flow, "udp", st->udp);
    set_count(flow, "icmpv4", st->icmpv4);
    set_count(flow, "icmpv6", st->icmpv6);
    set_count(flow, "memcap", st->memcap_evictions + st->memcap_refused);
    set_count(flow, "active", st->active);
    set_count(flow, "memuse", st->memuse);
}

static void to_seawall(const sw_flow_stats *st, json_t *seawall)
{
    set_count(seawall, "flow.total", st->total);
    set_count(seawall, "flow.tcp", st->tcp);
    set_count(seawall, "flow.udp", st->udp);
    set_count(seawall, "flow.icmpv4", st->icmpv4);
    set_count(seawall, "flow.icmpv6", st->icmpv6);
    set_count(seawall, "flow.other", st->other);
    set_count(seawall, "flow.active", st->active);
    set_count(seawall, "flow.memuse", st->memuse);
    set_count(seawall, "flow.memcap_evictions", st->memcap_evictions);
    set_count(seawall, "flow.memcap_refused", st->memcap_refused);
    set_count(seawall, "flow.timeouts", st->timeouts);
    set_count(seawall, "flow.closed", st->closed);
    set_count(seawall, "flow.shutdown", st->shutdown);
    set_count(seawall, "flow.tcp_midstream", st->tcp_midstream);
}

void sw_flow_stats_to_json(const sw_flow_stats *st, json_t *suricata, json_t *seawall)
{
    if (!st)
        return;
    if (json_is_object(suricata))
        to_suricata(st, suricata);
    if (json_is_object(seawall))
        to_seawall(st, seawall);
}
