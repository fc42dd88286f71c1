/* Decoder counters as EVE stats: Suricata's names (restricted to the keys of Suricata's stats
 * schema, properties.stats.properties.decoder and .defrag) and every counter by dotted name. */
#include "decode.h"

#include <string.h>

typedef struct stat_field {
    const char *name; /* Seawall name: decoder.<name> */
    size_t offset;
    const char *suricata; /* key under suricata.decoder, or NULL when Suricata has none */
} stat_field;

#define F(field, sur)                                 \
    {                                                 \
#field, offsetof(sw_decode_stats, field), sur \
    }
static const stat_field stat_fields[] = {
    F(pkts, "pkts"),
    F(bytes, "bytes"),
    F(invalid, "invalid"),
    F(ethernet, "ethernet"),
    F(vlan, "vlan"),
    F(vlan_qinq, "vlan_qinq"),
    F(vlan_qinqinq, "vlan_qinqinq"),
    F(mpls, "mpls"),
    F(sll, "sll"),
    F(sll2, "sll2"),
    F(null, "null"),
    F(raw, "raw"),
    F(ipv4, "ipv4"),
    F(ipv6, "ipv6"),
    F(tcp, "tcp"),
    F(udp, "udp"),
    F(icmpv4, "icmpv4"),
    F(icmpv6, "icmpv6"),
    F(gre, "gre"),
    F(erspan, "erspan"),
    F(ppp, "ppp"),
    F(other_ip, NULL),
    F(ipv4_in_ipv4, "ipv4_in_ipv4"),
    F(ipv6_in_ipv4, "ipv6_in_ipv4"),
    F(ipv4_in_ipv6, "ipv4_in_ipv6"),
    F(ipv6_in_ipv6, "ipv6_in_ipv6"),
};
#undef F

/* Defrag counters: Seawall name, field, Suricata path under `defrag` (group.key). */
typedef struct frag_field {
    const char *name;
    size_t offset;
    const char *group;
    const char *key;
} frag_field;

#define G(name, field, group, key)                         \
    {                                                      \
        name, offsetof(sw_decode_stats, field), group, key \
    }
static const frag_field frag_fields[] = {
    G("defrag.ipv4.fragments", frag_ipv4_fragments, "ipv4", "fragments"),
    G("defrag.ipv4.reassembled", frag_ipv4_reassembled, "ipv4", "reassembled"),
    G("defrag.ipv4.timeouts", frag_ipv4_timeouts, "ipv4", "timeouts"),
    G("defrag.ipv6.fragments", frag_ipv6_fragments, "ipv6", "fragments"),
    G("defrag.ipv6.reassembled", frag_ipv6_reassembled, "ipv6", "reassembled"),
    G("defrag.ipv6.timeouts", frag_ipv6_timeouts, "ipv6", "timeouts"),
    G("defrag.memuse", frag_memuse, NULL, "memuse"),
};
#undef G

/* Our events that have a Suricata decoder event: "<group>.<key>" under decoder.event. */
static const char *const suricata_event[SW_DEV_COUNT] = {
    [SW_DEV_ETH_TRUNC] = "ethernet.pkt_too_small",
    [SW_DEV_VLAN_TRUNC] = "vlan.header_too_small",
    [SW_DEV_VLAN_TOO_MANY] = "vlan.too_many_layers",
    [SW_DEV_MPLS_TRUNC] = "mpls.header_too_small",
    [SW_DEV_MPLS_UNKNOWN_PAYLOAD] = "mpls.unknown_payload_type",
    [SW_DEV_SLL_TRUNC] = "sll.pkt_too_small",
    [SW_DEV_SLL2_TRUNC] = "sll2.pkt_too_small",
    [SW_DEV_NULL_TRUNC] = "ltnull.pkt_too_small",
    [SW_DEV_IPV4_TRUNC] = "ipv4.trunc_pkt",
    [SW_DEV_IPV4_BAD_VERSION] = "ipv4.wrong_ip_version",
    [SW_DEV_IPV4_HLEN_TOO_SMALL] = "ipv4.hlen_too_small",
    [SW_DEV_IPV4_IPLEN_SMALLER_THAN_HLEN] = "ipv4.iplen_smaller_than_hlen",
    [SW_DEV_IPV4_OPT_MALFORMED] = "ipv4.opt_malformed",
    [SW_DEV_IPV4_FRAG_OVERLAP] = "ipv4.frag_overlap",
    [SW_DEV_IPV4_FRAG_TOO_LARGE] = "ipv4.frag_pkt_too_large",
    [SW_DEV_IPV6_TRUNC] = "ipv6.trunc_pkt",
    [SW_DEV_IPV6_BAD_VERSION] = "ipv6.wrong_ip_version",
    [SW_DEV_IPV6_FRAG_OVERLAP] = "ipv6.frag_overlap",
    [SW_DEV_IPV6_FRAG_TOO_LARGE] = "ipv6.frag_pkt_too_large",
    [SW_DEV_GRE_TRUNC] = "gre.pkt_too_small",
    [SW_DEV_GRE_BAD_VERSION] = "gre.wrong_version",
    [SW_DEV_ERSPAN_TRUNC] = "erspan.header_too_small",
    [SW_DEV_ERSPAN_BAD_VERSION] = "erspan.unsupported_version",
    [SW_DEV_TCP_TRUNC] = "tcp.pkt_too_small",
    [SW_DEV_TCP_HLEN_TOO_SMALL] = "tcp.hlen_too_small",
    [SW_DEV_TCP_OPT_MALFORMED] = "tcp.opt_invalid_len",
    [SW_DEV_TCP_INVALID_OPTLEN] = "tcp.invalid_optlen",
    [SW_DEV_UDP_TRUNC] = "udp.pkt_too_small",
    [SW_DEV_UDP_LEN_INVALID] = "udp.len_invalid",
    [SW_DEV_ICMPV4_TRUNC] = "icmpv4.pkt_too_small",
    [SW_DEV_ICMPV6_TRUNC] = "icmpv6.pkt_too_small",
};

static uint64_t field_at(const sw_decode_stats *st, size_t offset)
{
    uint64_t v;
    memcpy(&v, (const char *)st + offset, sizeof(v));
    return v;
}

static json_t *child(json_t *parent, const char *key)
{
    json_t *obj = json_object_get(parent, key);
    if (!json_is_object(obj)) {
        obj = json_object();
        json_object_set_new(parent, key, obj);
    }
    return obj;
}

static void add_to(json_t *obj, const char *key, uint64_t v)
{
    json_t *old = json_object_get(obj, key);
    uint64_t base = json_is_integer(old) ? (uint64_t)json_integer_value(old) : 0;
    json_object_set_new(obj, key, json_integer((json_int_t)(base + v)));
}

static void suricata_events(const sw_decode_stats *st, json_t *decoder, json_t *defrag)
{
    json_t *event = child(decoder, "event");
    for (int ev = 0; ev < SW_DEV_COUNT; ev++) {
        const char *path = suricata_event[ev];
        if (!path)
            continue;
        char group[32];
        const char *dot = strchr(path, '.');
        size_t n = (size_t)(dot - path);
        memcpy(group, path, n);
        group[n] = '\0';
        add_to(child(event, group), dot + 1, st->events[ev]);
    }
    add_to(decoder, "too_many_layers", st->events[SW_DEV_TOO_MANY_LAYERS]);
    add_to(defrag, "max_trackers_reached", st->events[SW_DEV_FRAG_TRACKERS_FULL]);
}

void sw_decode_stats_to_json(const sw_decode_stats *st, json_t *suricata, json_t *seawall)
{
    char name[96];
    for (size_t i = 0; i < sizeof(stat_fields) / sizeof(stat_fields[0]); i++) {
        uint64_t v = field_at(st, stat_fields[i].offset);
        if (suricata && stat_fields[i].suricata)
            add_to(child(suricata, "decoder"), stat_fields[i].suricata, v);
        if (seawall) {
            snprintf(name, sizeof(name), "decoder.%s", stat_fields[i].name);
            json_object_set_new(seawall, name, json_integer((json_int_t)v));
        }
    }
    for (size_t i = 0; i < sizeof(frag_fields) / sizeof(frag_fields[0]); i++) {
        uint64_t v = field_at(st, frag_fields[i].offset);
        if (suricata) {
            json_t *defrag = child(suricata, "defrag");
            add_to(frag_fields[i].group ? child(defrag, frag_fields[i].group) : defrag,
                   frag_fields[i].key, v);
        }
        if (seawall)
            json_object_set_new(seawall, frag_fields[i].name, json_integer((json_int_t)v));
    }
    if (suricata)
        suricata_events(st, child(suricata, "decoder"), child(suricata, "defrag"));
    if (seawall)
        for (int ev = 0; ev < SW_DEV_COUNT; ev++)
            json_object_set_new(seawall, sw_decode_event_name((sw_decode_event)ev),
                                json_integer((json_int_t)st->events[ev]));
}
