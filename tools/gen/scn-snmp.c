/* seawall-gen: SNMP scenarios: an internal host that is not an NMS polls a router (ST-SNMP-001,
 * unanswered, as a router with an ACL drops it) and its twin, the NMS polling with an answer.
 * Messages are SNMPv2c (RFC 3416 PDUs in the RFC 1901 message) in BER (X.690). */
#include "bytes.h"
#include "plan.h"
#include "scenario.h"

#include <libnet.h>

#define SNMP_PORT 161 /* RFC 3417 section 3 */

#define BER_INTEGER      0x02
#define BER_OCTET_STRING 0x04
#define BER_NULL         0x05
#define BER_OID          0x06
#define BER_SEQUENCE     0x30
#define PDU_GET_REQUEST  0xa0
#define PDU_GET_RESPONSE 0xa2

/* sysDescr.0 = 1.3.6.1.2.1.1.1.0 (RFC 3418): 1.3 packs into 0x2b (X.690 8.19.4). */
static const uint8_t oid_sysdescr[] = {0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00};
static const char sysdescr[] = "Cisco IOS XR Software, Version 7.9.2";

/* Message{version 1 (v2c), community, PDU{request-id, 0, 0, [ {sysDescr.0, value} ]}}. */
static size_t snmp_message(uint8_t *out, size_t cap, uint8_t pdu_type, uint32_t request_id)
{
    uint8_t vb[96], list[112], pdu[160], msg[200];
    gen_buf b = gen_buf_init(vb, sizeof(vb));
    gen_ber_tlv(&b, BER_OID, oid_sysdescr, sizeof(oid_sysdescr));
    if (pdu_type == PDU_GET_RESPONSE)
        gen_ber_tlv(&b, BER_OCTET_STRING, (const uint8_t *)sysdescr, sizeof(sysdescr) - 1);
    else
        gen_ber_tlv(&b, BER_NULL, NULL, 0);
    gen_buf l = gen_buf_init(list, sizeof(list));
    gen_ber_tlv(&l, BER_SEQUENCE, vb, b.len); /* VarBind */
    gen_buf p = gen_buf_init(pdu, sizeof(pdu));
    gen_ber_int(&p, request_id);
    gen_ber_int(&p, 0);                         /* error-status noError */
    gen_ber_int(&p, 0);                         /* error-index */
    gen_ber_tlv(&p, BER_SEQUENCE, list, l.len); /* VarBindList */
    gen_buf m = gen_buf_init(msg, sizeof(msg));
    gen_ber_int(&m, 1); /* version-2c */
    gen_ber_tlv(&m, BER_OCTET_STRING, (const uint8_t *)"public", 6);
    gen_ber_tlv(&m, pdu_type, pdu, p.len);
    gen_buf o = gen_buf_init(out, cap);
    gen_ber_tlv(&o, BER_SEQUENCE, msg, m.len);
    if (b.overflow || l.overflow || p.overflow || m.overflow || o.overflow)
        return 0;
    return o.len;
}

/* One GetRequest and, when answered, the GetResponse: 1 or 2 frames. */
static int snmp_poll(gen_ctx *g, const char *manager, int answered)
{
    uint8_t pkt[256];
    gen_flow f;
    if (gen_flow_init(g, &f, IPPROTO_UDP, manager, PLAN_ROUTER_SNMP, SNMP_PORT) < 0)
        return -1;
    uint32_t request_id = gen_rng_u32(&g->rng) & 0x7fffffff; /* RFC 3416: Integer32 >= 0 here */
    size_t n = snmp_message(pkt, sizeof(pkt), PDU_GET_REQUEST, request_id);
    if (craft_udp(g, &f, GEN_TO_SERVER, pkt, n) < 0)
        return -1;
    if (!answered)
        return 0;
    n = snmp_message(pkt, sizeof(pkt), PDU_GET_RESPONSE, request_id);
    return craft_udp(g, &f, GEN_TO_CLIENT, pkt, n);
}

int scn_snmp001_non_nms(gen_ctx *g)
{
    return snmp_poll(g, PLAN_INTERNAL_SNMP, 0);
}

int scn_snmp001_benign(gen_ctx *g)
{
    return snmp_poll(g, PLAN_NMS_HOST, 1);
}
