/* seawall-gen: mixed benchmark traffic (see mixed.h). */
#include "mixed.h"
#include "plan.h"

#include <libnet.h>
#include <stdio.h>
#include <string.h>

#define CLIENT_PORT_BASE  1024
#define CLIENT_PORT_COUNT 64512 /* 1024-65535 */
#define SMALL_POOL        256
#define BIG_POOL          65536
#define FRAME_OVERHEAD    70 /* pcap record + Ethernet + IPv4 + TCP headers, for budgeting */
#define MAX_SEGMENTS      20

_Static_assert(GEN_MIXED_MAX_FLOWS == (uint64_t)CLIENT_PORT_COUNT * BIG_POOL,
               "the advertised bound is what the address plan keeps distinct");

typedef struct mixed_state {
    gen_ctx *g;
    uint8_t payload[1460]; /* random bytes every payload is cut from */
    gen_tunnel gre_plain;
    gen_tunnel gre_keyed;
} mixed_state;

static const uint32_t v4_client_pools[] = {PLAN_POOL_INFRA_V4, PLAN_POOL_INTERNAL_V4,
                                           PLAN_POOL_OUTSIDE_A, PLAN_POOL_OUTSIDE_B};
static const uint32_t v4_pool_sizes[] = {SMALL_POOL, BIG_POOL, SMALL_POOL, SMALL_POOL};
/* IPv6 /48 prefixes: infra, internal (own), outside (RFC 9637 documentation range). */
static const uint8_t v6_prefixes[][6] = {{0x20, 0x01, 0x0d, 0xb8, 0x00, 0x10},
                                         {0x20, 0x01, 0x0d, 0xb8, 0x00, 0x99},
                                         {0x3f, 0xff, 0x00, 0x00, 0x01, 0x13}};
static const uint16_t tcp_ports[] = {443, 80, 22, 8443, 179, 25, 993, 8080};

static void ip_v4(sw_ip *ip, uint32_t addr)
{
    uint8_t b[4] = {(uint8_t)(addr >> 24), (uint8_t)(addr >> 16), (uint8_t)(addr >> 8),
                    (uint8_t)addr};
    sw_ip_from_v4(ip, b);
}

static void ip_v6(sw_ip *ip, const uint8_t prefix[6], uint32_t host)
{
    uint8_t b[16] = {0};
    memcpy(b, prefix, 6);
    b[14] = (uint8_t)(host >> 8);
    b[15] = (uint8_t)host;
    if (b[15] == 0 && b[14] == 0)
        b[13] = 1; /* never the subnet-router anycast address */
    sw_ip_from_v6(ip, b);
}

/* Flows with the same client port differ in q = index / ports, and the host is q shifted by a
 * per-port offset inside one pool, so (pool, host, port) never repeats while q < pool size. */
static void pick_client(mixed_state *m, uint64_t index, int v6, sw_ip *ip, uint16_t *port)
{
    uint32_t slot = (uint32_t)(index % CLIENT_PORT_COUNT);
    uint64_t q = index / CLIENT_PORT_COUNT;
    uint32_t spread = slot * 2654435761u; /* Knuth's multiplicative hash */
    *port = (uint16_t)(CLIENT_PORT_BASE + slot);
    if (v6) {
        uint32_t pool = gen_rng_range(&m->g->rng, 0, 2);
        ip_v6(ip, v6_prefixes[pool], (uint32_t)((q + spread) % BIG_POOL));
        return;
    }
    uint32_t pool = q < SMALL_POOL ? gen_rng_range(&m->g->rng, 0, 3) : 1;
    ip_v4(ip, v4_client_pools[pool] + (uint32_t)((q + spread) % v4_pool_sizes[pool]));
}

static void pick_server(mixed_state *m, int v6, sw_ip *ip)
{
    gen_rng *r = &m->g->rng;
    if (v6) {
        ip_v6(ip, v6_prefixes[gen_rng_range(r, 0, 2)], gen_rng_range(r, 1, 0xffff));
        return;
    }
    uint32_t pool = gen_rng_range(r, 0, 3);
    ip_v4(ip, v4_client_pools[pool] + gen_rng_range(r, 1, 254));
}

static int tcp_flow(mixed_state *m, gen_flow *f, uint64_t budget)
{
    gen_ctx *g = m->g;
    uint64_t data_budget = budget > 6 * FRAME_OVERHEAD ? budget - 6 * FRAME_OVERHEAD : 0;
    uint64_t segments = data_budget / (FRAME_OVERHEAD + 762); /* 762: mean of 64..1460 */
    if (segments < 1)
        segments = 1;
    if (segments > MAX_SEGMENTS)
        segments = MAX_SEGMENTS;
    if (craft_tcp_open(g, f) < 0)
        return -1;
    for (uint64_t i = 0; i < segments; i++) {
        int dir = i == 0 ? GEN_TO_SERVER : (gen_rng_range(&g->rng, 0, 9) < 7);
        size_t len = gen_rng_range(&g->rng, 64, 1460);
        if (craft_tcp_data(g, f, dir, m->payload, len) < 0)
            return -1;
    }
    return craft_tcp_close(g, f);
}

/* A DNS query for host<n>.example.net (RFC 1035 4.1) and, for the answer, 1 to 8 A records:
 * real DNS, so the sensor parses it as it would a network's resolver traffic. */
static size_t dns_message(uint8_t *out, uint16_t id, uint32_t host, unsigned answers)
{
    static const uint8_t zone[] = {7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'n', 'e', 't', 0};
    size_t n = 0;
    uint16_t flags = answers ? 0x8180 : 0x0100; /* response+RD+RA, or query+RD */
    uint8_t header[12] = {(uint8_t)(id >> 8),
                          (uint8_t)id,
                          (uint8_t)(flags >> 8),
                          (uint8_t)flags,
                          0,
                          1,
                          0,
                          (uint8_t)answers,
                          0,
                          0,
                          0,
                          0};
    memcpy(out, header, sizeof(header));
    n = sizeof(header);
    char label[16];
    int len = snprintf(label, sizeof(label), "host%u", (unsigned)(host % 100000));
    out[n++] = (uint8_t)len;
    memcpy(out + n, label, (size_t)len);
    n += (size_t)len;
    memcpy(out + n, zone, sizeof(zone));
    n += sizeof(zone);
    const uint8_t qtail[4] = {0, 1, 0, 1}; /* QTYPE A, QCLASS IN */
    memcpy(out + n, qtail, sizeof(qtail));
    n += sizeof(qtail);
    for (unsigned i = 0; i < answers; i++) {
        /* NAME = pointer to the question (offset 12), TYPE A, CLASS IN, TTL 300, RDLENGTH 4 */
        const uint8_t rr[16] = {0xc0, 0x0c, 0, 1, 0,   1,  0,   0,
                                0x01, 0x2c, 0, 4, 198, 51, 100, (uint8_t)(host + i)};
        memcpy(out + n, rr, sizeof(rr));
        n += sizeof(rr);
    }
    return n;
}

static int udp_flow(mixed_state *m, gen_flow *f)
{
    gen_ctx *g = m->g;
    uint8_t msg[12 + 32 + 4 + 8 * 16];
    uint16_t id = (uint16_t)gen_rng_u32(&g->rng);
    uint32_t host = gen_rng_u32(&g->rng);
    if (craft_udp(g, f, GEN_TO_SERVER, msg, dns_message(msg, id, host, 0)) < 0)
        return -1;
    unsigned answers = gen_rng_range(&g->rng, 1, 8);
    return craft_udp(g, f, GEN_TO_CLIENT, msg, dns_message(msg, id, host, answers));
}

static int icmp_flow(mixed_state *m, gen_flow *f)
{
    if (craft_icmp_echo(m->g, f, GEN_TO_SERVER, 1, m->payload, 56) < 0)
        return -1;
    return craft_icmp_echo(m->g, f, GEN_TO_CLIENT, 1, m->payload, 56);
}

/* One flow of a randomly chosen kind; budget is its share of the remaining bytes. */
static int one_flow(mixed_state *m, uint64_t index, uint64_t budget)
{
    gen_ctx *g = m->g;
    gen_host cli, srv;
    gen_flow f;
    sw_ip cip, sip;
    uint16_t cport;
    uint32_t kind = gen_rng_range(&g->rng, 0, 99);
    int tunnelled = kind >= 92;
    int v6 = !tunnelled && gen_rng_range(&g->rng, 0, 99) < 20;
    uint8_t proto = kind < 60 ? IPPROTO_TCP : kind < 85 ? IPPROTO_UDP : IPPROTO_ICMP;
    if (tunnelled)
        proto = (kind & 1) ? IPPROTO_TCP : IPPROTO_UDP;
    pick_client(m, index, v6, &cip, &cport);
    pick_server(m, v6, &sip);
    gen_host_from_ip(g, &cli, &cip);
    gen_host_from_ip(g, &srv, &sip);
    uint16_t sport = proto == IPPROTO_TCP ? tcp_ports[gen_rng_range(&g->rng, 0, 7)] : 53;
    gen_flow_init_hosts(g, &f, proto, &cli, &srv, proto == IPPROTO_ICMP ? 0 : sport);
    f.cport = cport;
    if (gen_rng_range(&g->rng, 0, 9) == 0)
        f.vlan = (uint16_t)gen_rng_range(&g->rng, 100, 4000);
    if (tunnelled)
        f.tun = (kind & 2) ? &m->gre_keyed : &m->gre_plain;
    if (proto == IPPROTO_TCP)
        return tcp_flow(m, &f, budget);
    return proto == IPPROTO_UDP ? udp_flow(m, &f) : icmp_flow(m, &f);
}

int gen_mixed_run(gen_ctx *g, const gen_mixed_opts *opts, uint64_t *flows_out)
{
    mixed_state m;
    uint64_t done = 0;
    memset(&m, 0, sizeof(m));
    m.g = g;
    gen_rng_fill(&g->rng, m.payload, sizeof(m.payload));
    if (gen_tunnel_init(g, &m.gre_plain, GEN_TUN_GRE, "10.10.0.11", "10.40.0.11") < 0 ||
        gen_tunnel_init(g, &m.gre_keyed, GEN_TUN_GRE_KEY, "10.10.0.12", "203.0.113.12") < 0)
        return -1;
    g->gap_min_us = 1;
    g->gap_max_us = 20;
    while (done < opts->flows || gen_writer_bytes(g->out) < opts->bytes) {
        uint64_t written = gen_writer_bytes(g->out);
        uint64_t left = opts->bytes > written ? opts->bytes - written : 0;
        uint64_t flows_left = opts->flows > done ? opts->flows - done : 1;
        if (one_flow(&m, done, left / flows_left) < 0)
            return -1;
        done++;
    }
    *flows_out = done;
    return 0;
}
