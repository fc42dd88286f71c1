/* seawall-gen: SNMP scenarios: an internal host that is not an NMS polls a router (ST-SNMP-001,
 * unanswered, as a router with an ACL drops it) and its twin, the NMS polling with an answer.
 * Both speak SNMPv3 with authPriv (RFC 3412 message, RFC 3414 USM), as a hardened network does:
 * a v1/v2c request to a router is a posture finding of its own (ST-SNMP-004), which would make
 * the twin raise something and the positive raise two ids. BER per X.690. */
#include "bytes.h"
#include "plan.h"
#include "scenario.h"

#include <libnet.h>

#define SNMP_PORT 161 /* RFC 3417 section 3 */

#define BER_INTEGER      0x02
#define BER_OCTET_STRING 0x04
#define BER_SEQUENCE     0x30

/* SNMPv3 authPriv: SEQUENCE{msgVersion 3, msgGlobalData{msgID, msgMaxSize, msgFlags 0x07,
 * msgSecurityModel 3 (USM)}, msgSecurityParameters OCTET STRING{USM SEQUENCE{engine id, boots,
 * time, user name, auth params (12 bytes HMAC-96), priv params (8 bytes)}}, encryptedPDU}.
 * The ciphertext stands in for the scoped PDU; nothing on the wire can read it anyway. */
static size_t snmp_v3_message(gen_ctx *g, uint8_t *out, size_t cap, uint32_t msg_id)
{
    static const uint8_t engine_id[] = {
        0x80, 0x00, 0x00, 0x09, 0x03,
        0x00, 0x0a, 0x0a, 0x00, 0x04}; /* RFC 3411 SnmpEngineID, Cisco enterprise 9 */
    uint8_t glob[32], usm[96], usm_wrap[104], body[320], auth[12], priv[8], cipher[64];
    for (size_t i = 0; i < sizeof(auth); i++)
        auth[i] = (uint8_t)gen_rng_u32(&g->rng);
    for (size_t i = 0; i < sizeof(priv); i++)
        priv[i] = (uint8_t)gen_rng_u32(&g->rng);
    for (size_t i = 0; i < sizeof(cipher); i++)
        cipher[i] = (uint8_t)gen_rng_u32(&g->rng);
    gen_buf gd = gen_buf_init(glob, sizeof(glob));
    gen_ber_int(&gd, msg_id);
    gen_ber_int(&gd, 65507);                                        /* msgMaxSize */
    gen_ber_tlv(&gd, BER_OCTET_STRING, (const uint8_t *)"\x07", 1); /* auth | priv | reportable */
    gen_ber_int(&gd, 3);                                            /* USM */
    gen_buf u = gen_buf_init(usm, sizeof(usm));
    gen_ber_tlv(&u, BER_OCTET_STRING, engine_id, sizeof(engine_id));
    gen_ber_int(&u, 42);      /* msgAuthoritativeEngineBoots */
    gen_ber_int(&u, 1234567); /* msgAuthoritativeEngineTime */
    gen_ber_tlv(&u, BER_OCTET_STRING, (const uint8_t *)"nms-poller", 10);
    gen_ber_tlv(&u, BER_OCTET_STRING, auth, sizeof(auth));
    gen_ber_tlv(&u, BER_OCTET_STRING, priv, sizeof(priv));
    gen_buf uw = gen_buf_init(usm_wrap, sizeof(usm_wrap));
    gen_ber_tlv(&uw, BER_SEQUENCE, usm, u.len);
    gen_buf m = gen_buf_init(body, sizeof(body));
    gen_ber_int(&m, 3); /* snmpv3 */
    gen_ber_tlv(&m, BER_SEQUENCE, glob, gd.len);
    gen_ber_tlv(&m, BER_OCTET_STRING, usm_wrap, uw.len);
    gen_ber_tlv(&m, BER_OCTET_STRING, cipher, sizeof(cipher)); /* encryptedPDU */
    gen_buf o = gen_buf_init(out, cap);
    gen_ber_tlv(&o, BER_SEQUENCE, body, m.len);
    if (gd.overflow || u.overflow || uw.overflow || m.overflow || o.overflow)
        return 0;
    return o.len;
}

/* One request and, when answered, the response: 1 or 2 frames. */
static int snmp_poll(gen_ctx *g, const char *manager, int answered)
{
    uint8_t pkt[256];
    gen_flow f;
    if (gen_flow_init(g, &f, IPPROTO_UDP, manager, PLAN_ROUTER_SNMP, SNMP_PORT) < 0)
        return -1;
    uint32_t msg_id = gen_rng_u32(&g->rng) & 0x7fffffff; /* RFC 3412: INTEGER (0..2147483647) */
    size_t n = snmp_v3_message(g, pkt, sizeof(pkt), msg_id);
    if (n == 0 || craft_udp(g, &f, GEN_TO_SERVER, pkt, n) < 0)
        return -1;
    if (!answered)
        return 0;
    n = snmp_v3_message(g, pkt, sizeof(pkt), msg_id);
    return n == 0 ? -1 : craft_udp(g, &f, GEN_TO_CLIENT, pkt, n);
}

int scn_snmp001_non_nms(gen_ctx *g)
{
    return snmp_poll(g, PLAN_INTERNAL_SNMP, 0);
}

int scn_snmp001_benign(gen_ctx *g)
{
    return snmp_poll(g, PLAN_NMS_HOST, 1);
}
