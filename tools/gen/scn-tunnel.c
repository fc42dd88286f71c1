/* seawall-gen: tunnel scenarios: GRE to an outside peer (ST-TUN-001), IKEv2/NAT-T to an outside
 * peer (ST-TUN-002) and ERSPAN mirroring to an outside sink (ST-TUN-003), with benign twins that
 * use the approved peers and collector of the plan. */
#include "bytes.h"
#include "plan.h"
#include "scenario.h"

#include <libnet.h>

#define IKE_PORT       500  /* RFC 7296 section 2 */
#define IKE_NATT_PORT  4500 /* RFC 3948 section 2 */
#define INNER_UDP_PORT 5001

/* GRE between the router and peer: an inner UDP exchange and an inner ping. 4 frames. */
static int gre_session(gen_ctx *g, const char *peer)
{
    gen_tunnel tun;
    gen_flow udp, ping;
    static const uint8_t probe[] = "seawall-gen inner probe";
    if (gen_tunnel_init(g, &tun, GEN_TUN_GRE, PLAN_ROUTER_TUN, peer) < 0 ||
        gen_flow_init(g, &udp, IPPROTO_UDP, PLAN_INNER_A, PLAN_INNER_B, INNER_UDP_PORT) < 0 ||
        gen_flow_init(g, &ping, IPPROTO_ICMP, PLAN_INNER_A, PLAN_INNER_B, 0) < 0)
        return -1;
    udp.tun = &tun;
    ping.tun = &tun;
    if (craft_udp(g, &udp, GEN_TO_SERVER, probe, sizeof(probe) - 1) < 0 ||
        craft_udp(g, &udp, GEN_TO_CLIENT, probe, sizeof(probe) - 1) < 0 ||
        craft_icmp_echo(g, &ping, GEN_TO_SERVER, 1, probe, sizeof(probe) - 1) < 0)
        return -1;
    return craft_icmp_echo(g, &ping, GEN_TO_CLIENT, 1, probe, sizeof(probe) - 1);
}

int scn_tun001_gre_external(gen_ctx *g)
{
    return gre_session(g, PLAN_EXT_GRE_PEER);
}

int scn_tun001_benign(gen_ctx *g)
{
    return gre_session(g, PLAN_TUNNEL_PEER_GRE);
}

/* IKE header, RFC 7296 section 3.1; the length is patched by the caller. */
static void ike_header(gen_buf *b, const uint8_t spi_i[8], const uint8_t spi_r[8],
                       uint8_t next_payload, uint8_t exchange, uint8_t flags, uint32_t msg_id)
{
    gen_put_bytes(b, spi_i, 8);
    gen_put_bytes(b, spi_r, 8);
    gen_put_u8(b, next_payload);
    gen_put_u8(b, 0x20); /* major version 2, minor 0 */
    gen_put_u8(b, exchange);
    gen_put_u8(b, flags);
    gen_put_be32(b, msg_id);
    gen_put_be32(b, 0);
}

static void ike_finish(gen_buf *b, size_t start)
{
    gen_patch_be16(b, start + 26, (uint16_t)(b->len - start)); /* low half of the length word */
}

/* IKE_SA_INIT (exchange 34) with SA, KE and Nonce payloads (RFC 7296 sections 3.3, 3.4, 3.9):
 * one proposal of AES-CBC-256, PRF-HMAC-SHA2-256, HMAC-SHA2-256-128 and DH group 14. */
static size_t ike_sa_init(gen_ctx *g, uint8_t *out, size_t cap, const uint8_t spi_i[8],
                          const uint8_t spi_r[8], int response)
{
    static const uint8_t transforms[] = {
        3, 0, 0, 12, 1, 0, 0, 12, 0x80, 14, 1, 0, /* ENCR_AES_CBC, Key Length 256 */
        3, 0, 0, 8,  2, 0, 0, 5,                  /* PRF_HMAC_SHA2_256 */
        3, 0, 0, 8,  3, 0, 0, 12,                 /* AUTH_HMAC_SHA2_256_128 */
        0, 0, 0, 8,  4, 0, 0, 14,                 /* D-H group 14, last transform */
    };
    uint8_t random[256];
    gen_buf b = gen_buf_init(out, cap);
    ike_header(&b, spi_i, spi_r, 33, 34, response ? 0x20 : 0x08, 0);
    gen_put_u8(&b, 34); /* SA payload, next: KE */
    gen_put_u8(&b, 0);
    gen_put_be16(&b, (uint16_t)(4 + 8 + sizeof(transforms)));
    gen_put_bytes(&b, (const uint8_t[]){0, 0}, 2); /* last proposal, reserved */
    gen_put_be16(&b, (uint16_t)(8 + sizeof(transforms)));
    gen_put_bytes(&b, (const uint8_t[]){1, 1, 0, 4}, 4); /* #1, IKE, no SPI, 4 transforms */
    gen_put_bytes(&b, transforms, sizeof(transforms));
    gen_put_u8(&b, 40); /* KE payload, next: Nonce */
    gen_put_u8(&b, 0);
    gen_put_be16(&b, 8 + 256);
    gen_put_be16(&b, 14);
    gen_put_be16(&b, 0);
    gen_rng_fill(&g->rng, random, 256);
    gen_put_bytes(&b, random, 256);
    gen_put_u8(&b, 0); /* Nonce payload, last */
    gen_put_u8(&b, 0);
    gen_put_be16(&b, 4 + 32);
    gen_rng_fill(&g->rng, random, 32);
    gen_put_bytes(&b, random, 32);
    ike_finish(&b, 0);
    return b.overflow ? 0 : b.len;
}

/* IKE_AUTH (exchange 35) behind the RFC 3948 non-ESP marker: its SK payload is opaque. */
static size_t ike_auth_natt(gen_ctx *g, uint8_t *out, size_t cap, const uint8_t spi_i[8],
                            const uint8_t spi_r[8], int response)
{
    uint8_t sealed[192];
    gen_buf b = gen_buf_init(out, cap);
    gen_put_be32(&b, 0); /* non-ESP marker */
    ike_header(&b, spi_i, spi_r, 46, 35, response ? 0x20 : 0x08, 1);
    gen_put_u8(&b, response ? 36 : 35); /* SK payload; first inner payload IDr / IDi */
    gen_put_u8(&b, 0);
    gen_put_be16(&b, 4 + sizeof(sealed));
    gen_rng_fill(&g->rng, sealed, sizeof(sealed));
    gen_put_bytes(&b, sealed, sizeof(sealed));
    ike_finish(&b, 4);
    return b.overflow ? 0 : b.len;
}

/* IKE_SA_INIT on 500, IKE_AUTH on 4500, then one ESP-in-UDP packet each way. 6 frames. */
static int ike_session(gen_ctx *g, const char *peer)
{
    uint8_t msg[512], spi_i[8], spi_r[8];
    const uint8_t zero[8] = {0};
    gen_flow ike, natt;
    if (gen_flow_init(g, &ike, IPPROTO_UDP, PLAN_ROUTER_TUN, peer, IKE_PORT) < 0)
        return -1;
    gen_flow_init_hosts(g, &natt, IPPROTO_UDP, &ike.cli, &ike.srv, IKE_NATT_PORT);
    ike.cport = IKE_PORT;
    natt.cport = IKE_NATT_PORT;
    gen_rng_fill(&g->rng, spi_i, 8);
    gen_rng_fill(&g->rng, spi_r, 8);
    size_t n = ike_sa_init(g, msg, sizeof(msg), spi_i, zero, 0);
    if (craft_udp(g, &ike, GEN_TO_SERVER, msg, n) < 0)
        return -1;
    n = ike_sa_init(g, msg, sizeof(msg), spi_i, spi_r, 1);
    if (craft_udp(g, &ike, GEN_TO_CLIENT, msg, n) < 0)
        return -1;
    for (int dir = GEN_TO_SERVER; dir <= GEN_TO_CLIENT; dir++) {
        n = ike_auth_natt(g, msg, sizeof(msg), spi_i, spi_r, dir);
        if (craft_udp(g, &natt, dir, msg, n) < 0)
            return -1;
    }
    for (int dir = GEN_TO_SERVER; dir <= GEN_TO_CLIENT; dir++) {
        uint32_t spi = gen_rng_range(&g->rng, 256, UINT32_MAX); /* RFC 4303: 1-255 reserved */
        n = craft_esp_bytes(g, spi, 1, 96, msg, sizeof(msg));
        if (craft_udp(g, &natt, dir, msg, n) < 0)
            return -1;
    }
    return 0;
}

int scn_tun002_ike_external(gen_ctx *g)
{
    return ike_session(g, PLAN_EXT_IKE_PEER);
}

int scn_tun002_benign(gen_ctx *g)
{
    return ike_session(g, PLAN_TUNNEL_PEER_IKE);
}

/* The router mirrors a customer's SYN, SYN-ACK, ACK and HTTP request. 4 frames. */
static int erspan_session(gen_ctx *g, gen_tun_kind kind, const char *sink)
{
    static const char request[] = "GET / HTTP/1.1\r\nHost: portal.example\r\n\r\n";
    gen_tunnel tun;
    gen_flow web;
    if (gen_tunnel_init(g, &tun, kind, PLAN_ROUTER_ERSPAN, sink) < 0 ||
        gen_flow_init(g, &web, IPPROTO_TCP, PLAN_MIRROR_CLIENT, PLAN_MIRROR_SERVER, 80) < 0)
        return -1;
    web.tun = &tun;
    if (craft_tcp_open(g, &web) < 0)
        return -1;
    return craft_tcp_data(g, &web, GEN_TO_SERVER, (const uint8_t *)request, sizeof(request) - 1);
}

int scn_tun003_erspan_ii(gen_ctx *g)
{
    return erspan_session(g, GEN_TUN_ERSPAN2, PLAN_EXT_ERSPAN_SINK);
}

int scn_tun003_erspan_iii(gen_ctx *g)
{
    return erspan_session(g, GEN_TUN_ERSPAN3, PLAN_EXT_ERSPAN_SINK);
}

int scn_tun003_benign(gen_ctx *g)
{
    return erspan_session(g, GEN_TUN_ERSPAN2, PLAN_ERSPAN_COLLECTOR);
}
