/* seawall-gen: management-access scenarios: SSH to the IOS XR operns port from a host that is not
 * in the NOC (ST-ACC-002) and SSH to a router from outside (ST-ACC-005). The twins are SSH from
 * the NOC to port 22 and a BGP session from an outside peer (BGP peers are excluded by port). */
#include "bytes.h"
#include "plan.h"
#include "scenario.h"

#include <libnet.h>

#define SSH_PORT       22    /* RFC 4253 section 4 */
#define XR_OPERNS_PORT 57722 /* IOS XR third-party (operns) SSH */
#define BGP_PORT       179   /* RFC 4271 section 8.2.1 */
#define BGP_LOCAL_AS   64500 /* RFC 5398 documentation AS numbers */
#define BGP_PEER_AS    64501

/* Handshake, server then client identification string (RFC 4253 section 4.2), close: 8 frames. */
static int ssh_banners(gen_ctx *g, const char *client, const char *server, uint16_t port)
{
    static const char srv_banner[] = "SSH-2.0-OpenSSH_8.9 Cisco-2.0\r\n";
    static const char cli_banner[] = "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n";
    gen_flow f;
    if (gen_flow_init(g, &f, IPPROTO_TCP, client, server, port) < 0 || craft_tcp_open(g, &f) < 0 ||
        craft_tcp_data(g, &f, GEN_TO_CLIENT, (const uint8_t *)srv_banner, sizeof(srv_banner) - 1) <
            0 ||
        craft_tcp_data(g, &f, GEN_TO_SERVER, (const uint8_t *)cli_banner, sizeof(cli_banner) - 1) <
            0)
        return -1;
    return craft_tcp_close(g, &f);
}

int scn_acc002_xr_operns(gen_ctx *g)
{
    return ssh_banners(g, PLAN_INTERNAL_XR, PLAN_ROUTER_XR, XR_OPERNS_PORT);
}

int scn_acc002_benign(gen_ctx *g)
{
    return ssh_banners(g, PLAN_NOC_HOST, PLAN_ROUTER_XR, SSH_PORT);
}

int scn_acc005_external_mgmt(gen_ctx *g)
{
    return ssh_banners(g, PLAN_EXT_ADMIN, PLAN_ROUTER_EDGE, SSH_PORT);
}

/* BGP header (RFC 4271 section 4.1): 16-byte all-ones marker, length, type. */
static void bgp_header(gen_buf *b, uint16_t len, uint8_t type)
{
    for (int i = 0; i < 16; i++)
        gen_put_u8(b, 0xff);
    gen_put_be16(b, len);
    gen_put_u8(b, type);
}

/* OPEN (section 4.2): version 4, AS, hold time 180, BGP identifier, no optional parameters. */
static size_t bgp_open(uint8_t *out, size_t cap, uint16_t as, const uint8_t router_id[4])
{
    gen_buf b = gen_buf_init(out, cap);
    bgp_header(&b, 29, 1);
    gen_put_u8(&b, 4);
    gen_put_be16(&b, as);
    gen_put_be16(&b, 180);
    gen_put_bytes(&b, router_id, 4);
    gen_put_u8(&b, 0);
    return b.overflow ? 0 : b.len;
}

/* Handshake, OPEN each way, KEEPALIVE (section 4.4) each way, close: 10 frames. */
int scn_acc005_benign(gen_ctx *g)
{
    uint8_t msg[64];
    gen_flow f;
    if (gen_flow_init(g, &f, IPPROTO_TCP, PLAN_EXT_ADMIN, PLAN_ROUTER_EDGE, BGP_PORT) < 0 ||
        craft_tcp_open(g, &f) < 0)
        return -1;
    size_t n = bgp_open(msg, sizeof(msg), BGP_PEER_AS, f.cli.ip.bytes);
    if (craft_tcp_data(g, &f, GEN_TO_SERVER, msg, n) < 0)
        return -1;
    n = bgp_open(msg, sizeof(msg), BGP_LOCAL_AS, f.srv.ip.bytes);
    if (craft_tcp_data(g, &f, GEN_TO_CLIENT, msg, n) < 0)
        return -1;
    gen_buf k = gen_buf_init(msg, sizeof(msg));
    bgp_header(&k, 19, 4);
    if (craft_tcp_data(g, &f, GEN_TO_SERVER, msg, k.len) < 0 ||
        craft_tcp_data(g, &f, GEN_TO_CLIENT, msg, k.len) < 0)
        return -1;
    return craft_tcp_close(g, &f);
}
