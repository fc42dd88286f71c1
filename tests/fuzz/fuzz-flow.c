/* libFuzzer target for the flow table: the input is a small config header and a sequence of
 * fixed-size packet records, each turned into a hand-made sw_packet (no decoder involved), so the
 * fuzzer explores orderings of flags, directions, tunnels, VLANs, time jumps and memcap pressure.
 * Invariants of the observations are checked in the callback; a violation traps. */
#include "flow.h"
#include "util-cursor.h"

#include <string.h>

static const uint8_t fuzz_protos[] = {6, 17, 1, 58, 47, 4, 50};

typedef struct fuzz_state {
    uint64_t starts, ends;
} fuzz_state;

static void check_obs(const sw_observation *obs, void *user)
{
    fuzz_state *st = user;
    const sw_flow_obs *f = &obs->u.flow;
    if (f->flow_id == 0 || f->flow_id >= (1ULL << 51))
        __builtin_trap();
    if (f->pkts_toserver + f->pkts_toclient == 0)
        __builtin_trap();
    if (f->tunnel && (f->tunnel->depth == 0 || f->tunnel->depth >= SW_PKT_MAX_IP_LAYERS))
        __builtin_trap();
    if (obs->type == SW_OBS_FLOW_START)
        st->starts++;
    if (obs->type == SW_OBS_FLOW_END) {
        if (f->end_reason == SW_FLOW_END_NONE)
            __builtin_trap();
        st->ends++;
    }
}

static void fuzz_config(sw_cursor *c, sw_flow_config *cfg)
{
    sw_flow_config_defaults(cfg);
    cfg->memcap = (size_t)sw_cur_u8(c) * 256; /* from nothing to a few dozen records */
    cfg->hash_size = 1u + sw_cur_u8(c) % 64;
    cfg->seed = 7;
    cfg->timeout_tcp_new = sw_cur_u8(c) % 8;
    cfg->timeout_tcp_established = sw_cur_u8(c) % 8;
    cfg->timeout_tcp_closed = sw_cur_u8(c) % 8;
    cfg->timeout_udp_new = sw_cur_u8(c) % 8;
    cfg->timeout_udp = cfg->timeout_udp_new + 1;
    cfg->timeout_icmp = 3;
    cfg->timeout_other = 5;
}

static void fuzz_layer(sw_cursor *c, sw_ip_layer *lay, unsigned depth)
{
    uint8_t a[4] = {10, 0, (uint8_t)depth, sw_cur_u8(c) % 4};
    uint8_t b[4] = {10, 0, (uint8_t)depth, sw_cur_u8(c) % 4};
    uint8_t ctl = sw_cur_u8(c);
    memset(lay, 0, sizeof(*lay));
    sw_ip_from_v4(&lay->src, a);
    sw_ip_from_v4(&lay->dst, b);
    lay->version = 4;
    lay->proto = fuzz_protos[(ctl & 0x7) % sizeof(fuzz_protos)];
    lay->is_fragment = (ctl & 0x8) != 0;
    lay->sp = (uint16_t)(sw_cur_u8(c) % 3);
    lay->dp = (uint16_t)(sw_cur_u8(c) % 3);
    lay->tcp_flags = sw_cur_u8(c);
    lay->icmp_type = (uint8_t)(ctl >> 4);
    lay->ip_len = sw_cur_u8(c);
    lay->carried_by = depth ? (sw_tunnel_kind)(1 + ctl % 6) : SW_TUNNEL_NONE;
    lay->gre_payload = lay->proto == 47 ? 0x0800 : 0;
}

/* One packet record, `dt` seconds after the previous one (slightly back in time when the top bit
 * is set, as in captures merged from two taps); returns 0 when the input ran out. */
static int fuzz_packet(sw_cursor *c, sw_packet *p, int64_t *dt)
{
    uint8_t ctl = sw_cur_u8(c);
    uint8_t step = sw_cur_u8(c);
    uint64_t cnt = p->pcap_cnt;
    memset(p, 0, sizeof(*p));
    *dt = (ctl & 0x80) ? -(int64_t)(step % 4) : (int64_t)(step % 16);
    p->pcap_cnt = cnt + 1;
    p->n_ip = (uint8_t)(1 + ctl % SW_PKT_MAX_IP_LAYERS);
    for (unsigned i = 0; i < p->n_ip; i++) {
        fuzz_layer(c, &p->ip[i], i);
        p->ip[i].vlan_count = (uint8_t)((ctl >> 2) % (SW_PKT_MAX_VLAN + 1));
        for (unsigned v = 0; v < p->ip[i].vlan_count; v++)
            p->ip[i].vlan[v] = (uint16_t)(1 + ((ctl >> 4) & 1));
    }
    return !c->err;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sw_cursor c = sw_cur_init(data, size);
    sw_flow_config cfg;
    fuzz_config(&c, &cfg);
    fuzz_state st = {0, 0};
    sw_flow_table *ft = sw_flow_table_new(&cfg, check_obs, &st);
    if (!ft)
        return 0;
    sw_packet p;
    memset(&p, 0, sizeof(p));
    sw_time now = {1000, 0};
    int64_t dt;
    const sw_flow_stats *s = sw_flow_table_stats(ft);
    while (fuzz_packet(&c, &p, &dt)) {
        now.sec += dt;
        p.ts = now;
        for (unsigned i = 0; i < p.n_ip; i++)
            sw_flow_table_packet(ft, &p, i);
        if (s->memuse > cfg.memcap || s->active != st.starts - st.ends)
            __builtin_trap();
    }
    sw_flow_table_flush(ft, now);
    if (s->active != 0 || s->memuse != 0 || st.starts != st.ends || st.starts != s->total)
        __builtin_trap();
    json_t *suricata = json_object(), *seawall = json_object();
    sw_flow_stats_to_json(s, suricata, seawall);
    json_decref(suricata);
    json_decref(seawall);
    sw_flow_table_free(ft);
    return 0;
}
