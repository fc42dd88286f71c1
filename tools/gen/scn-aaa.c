/* seawall-gen: AAA scenarios: TACACS+ (RFC 8907) to a server outside the aaa set (ST-AAA-001)
 * and RADIUS (RFC 2865) to an outside server (ST-AAA-002), with twins that use the plan's AAA
 * servers. Obfuscated fields (TACACS+ body, RADIUS authenticators and passwords) depend on a
 * shared secret the sensor never has, so seeded random bytes stand in for them. */
#include "bytes.h"
#include "plan.h"
#include "scenario.h"

#include <libnet.h>
#include <string.h>

#define TACACS_PORT 49   /* RFC 8907 section 4 */
#define RADIUS_PORT 1812 /* RFC 2865 section 3 */

#define TAC_VERSION_MINOR1 0xc1 /* major 0xc, minor 1 (PAP, RFC 8907 section 5.4.2) */
#define TAC_TYPE_AUTHEN    0x01
#define TAC_HDR_LEN        12

/* 12-byte header of RFC 8907 section 4.1, then the body obfuscated (flags 0: section 4.5). */
static size_t tacacs_packet(gen_ctx *g, uint8_t *out, size_t cap, uint8_t seq, uint32_t session,
                            const uint8_t *body, size_t body_len)
{
    uint8_t pad[256];
    gen_buf b = gen_buf_init(out, cap);
    if (body_len > sizeof(pad))
        return 0;
    gen_put_u8(&b, TAC_VERSION_MINOR1);
    gen_put_u8(&b, TAC_TYPE_AUTHEN);
    gen_put_u8(&b, seq);
    gen_put_u8(&b, 0); /* flags: obfuscated, single-connection off */
    gen_put_be32(&b, session);
    gen_put_be32(&b, (uint32_t)body_len);
    gen_rng_fill(&g->rng, pad, body_len);
    for (size_t i = 0; i < body_len; i++)
        gen_put_u8(&b, (uint8_t)(body[i] ^ pad[i]));
    return b.overflow ? 0 : b.len;
}

/* Authentication START (section 5.1) for a PAP login of "admin" on tty2 from the NOC. */
static size_t tacacs_start_body(uint8_t *out, size_t cap)
{
    static const char user[] = "admin", port[] = "tty2", rem[] = PLAN_NOC_HOST, data[] = "S3cr3t!";
    gen_buf b = gen_buf_init(out, cap);
    gen_put_bytes(&b, (const uint8_t[]){0x01, 0x01, 0x02, 0x01}, 4); /* LOGIN, priv 1, PAP, LOGIN */
    gen_put_u8(&b, sizeof(user) - 1);
    gen_put_u8(&b, sizeof(port) - 1);
    gen_put_u8(&b, sizeof(rem) - 1);
    gen_put_u8(&b, sizeof(data) - 1);
    gen_put_str(&b, user);
    gen_put_str(&b, port);
    gen_put_str(&b, rem);
    gen_put_str(&b, data);
    return b.overflow ? 0 : b.len;
}

/* Authentication REPLY (section 5.2): status FAIL with a server message. */
static size_t tacacs_reply_body(uint8_t *out, size_t cap)
{
    static const char msg[] = "Authentication failed";
    gen_buf b = gen_buf_init(out, cap);
    gen_put_u8(&b, 0x02); /* TAC_PLUS_AUTHEN_STATUS_FAIL */
    gen_put_u8(&b, 0x00);
    gen_put_be16(&b, sizeof(msg) - 1);
    gen_put_be16(&b, 0);
    gen_put_str(&b, msg);
    return b.overflow ? 0 : b.len;
}

/* Handshake, START, REPLY, close: 8 frames. */
static int tacacs_session(gen_ctx *g, const char *server)
{
    uint8_t body[128], pkt[160];
    gen_flow f;
    if (gen_flow_init(g, &f, IPPROTO_TCP, PLAN_ROUTER_AAA, server, TACACS_PORT) < 0)
        return -1;
    uint32_t session = gen_rng_u32(&g->rng);
    size_t n =
        tacacs_packet(g, pkt, sizeof(pkt), 1, session, body, tacacs_start_body(body, sizeof(body)));
    if (craft_tcp_open(g, &f) < 0 || craft_tcp_data(g, &f, GEN_TO_SERVER, pkt, n) < 0)
        return -1;
    n = tacacs_packet(g, pkt, sizeof(pkt), 2, session, body, tacacs_reply_body(body, sizeof(body)));
    if (craft_tcp_data(g, &f, GEN_TO_CLIENT, pkt, n) < 0)
        return -1;
    return craft_tcp_close(g, &f);
}

int scn_aaa001_tacacs_rogue(gen_ctx *g)
{
    return tacacs_session(g, PLAN_EXT_TACACS);
}

int scn_aaa001_benign(gen_ctx *g)
{
    return tacacs_session(g, PLAN_TACACS_SERVER);
}

/* RADIUS attribute, RFC 2865 section 5: type, length (2 + value), value. */
static void radius_attr(gen_buf *b, uint8_t type, const void *val, size_t len)
{
    gen_put_u8(b, type);
    gen_put_u8(b, (uint8_t)(2 + len));
    gen_put_bytes(b, val, len);
}

/* Code, identifier, length (patched), 16-byte authenticator: section 3. */
static void radius_header(gen_ctx *g, gen_buf *b, uint8_t code, uint8_t id)
{
    uint8_t auth[16];
    gen_put_u8(b, code);
    gen_put_u8(b, id);
    gen_put_be16(b, 0);
    gen_rng_fill(&g->rng, auth, sizeof(auth));
    gen_put_bytes(b, auth, sizeof(auth));
}

/* Access-Request with User-Name, User-Password and NAS-IP-Address, then Access-Reject. 2 frames */
static int radius_exchange(gen_ctx *g, const char *server)
{
    uint8_t pkt[256], hidden[16];
    gen_flow f;
    if (gen_flow_init(g, &f, IPPROTO_UDP, PLAN_ROUTER_AAA, server, RADIUS_PORT) < 0)
        return -1;
    uint8_t id = (uint8_t)gen_rng_u32(&g->rng);
    gen_buf b = gen_buf_init(pkt, sizeof(pkt));
    radius_header(g, &b, 1, id); /* Access-Request, section 4.1 */
    radius_attr(&b, 1, "admin", 5);
    gen_rng_fill(&g->rng, hidden, sizeof(hidden)); /* section 5.2: one 16-byte block */
    radius_attr(&b, 2, hidden, sizeof(hidden));
    radius_attr(&b, 4, f.cli.ip.bytes, 4);
    gen_patch_be16(&b, 2, (uint16_t)b.len);
    if (b.overflow || craft_udp(g, &f, GEN_TO_SERVER, pkt, b.len) < 0)
        return -1;
    b = gen_buf_init(pkt, sizeof(pkt));
    radius_header(g, &b, 3, id); /* Access-Reject, section 4.4 */
    radius_attr(&b, 18, "Authentication failed", 21);
    gen_patch_be16(&b, 2, (uint16_t)b.len);
    if (b.overflow)
        return -1;
    return craft_udp(g, &f, GEN_TO_CLIENT, pkt, b.len);
}

int scn_aaa002_radius_rogue(gen_ctx *g)
{
    return radius_exchange(g, PLAN_EXT_RADIUS);
}

int scn_aaa002_benign(gen_ctx *g)
{
    return radius_exchange(g, PLAN_RADIUS_SERVER);
}
