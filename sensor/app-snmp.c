/* SNMP parser: BER (X.690 section 8.1: identifier, length, contents) over the message layouts of
 * RFC 1157 4 (v1), RFC 3416 3 (v2c PDUs) and RFC 3412 6 / RFC 3414 2.4 (v3 with USM). */
#include "app-snmp.h"

#include "util-cursor.h"
#include "util-line.h"

#include <string.h>

enum {
    TAG_INTEGER = 0x02,
    TAG_OCTETS = 0x04,
    TAG_OID = 0x06,
    TAG_SEQUENCE = 0x30,
    TAG_PDU_FIRST = 0xa0, /* GetRequest */
    TAG_PDU_LAST = 0xa8,  /* Report */
    TAG_TRAP_V1 = 0xa4,
};

#define OID_MAX_BYTES 128 /* RFC 2578 3.5: at most 128 sub-identifiers; bytes capped alike */

typedef struct ber_ctx {
    sw_app_result *r;
    unsigned depth;
} ber_ctx;

/* X.690 8.1.3: short form below 0x80, long form 0x81..0x84 here, 0x80 (indefinite) refused. */
static int read_length(sw_cursor *c, size_t *len, sw_app_result *r)
{
    uint8_t first = sw_cur_u8(c);
    if (first < 0x80) {
        *len = first;
        return 1;
    }
    unsigned n = first & 0x7fu;
    if (n == 0) { /* X.690 8.1.3.6 indefinite form; RFC 3417 8 requires definite lengths */
        sw_app_malformed(r, SW_APP_EV_SNMP_BER_MALFORMED);
        return 0;
    }
    if (n > 4) {
        sw_app_malformed(r, SW_APP_EV_SNMP_LENGTH_TOO_LARGE);
        return 0;
    }
    size_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v = (v << 8) | sw_cur_u8(c);
    *len = v;
    return 1;
}

/* Reads the next element inside an enclosing one: its tag and a child cursor over its contents.
 * An element running past its parent contradicts the parent's length: malformed. */
static int ber_next(sw_cursor *c, uint8_t *tag, sw_cursor *value, sw_app_result *r)
{
    size_t len = 0;
    *tag = sw_cur_u8(c);
    if (c->err || (*tag & 0x1f) == 0x1f) { /* X.690 8.1.2.4 high tag numbers: not SNMP */
        sw_app_malformed(r, SW_APP_EV_SNMP_BER_MALFORMED);
        return 0;
    }
    if (!read_length(c, &len, r))
        return 0;
    if (len > SW_SNMP_MAX_LEN) {
        sw_app_malformed(r, SW_APP_EV_SNMP_LENGTH_TOO_LARGE);
        return 0;
    }
    if (c->err || len > sw_cur_left(c)) {
        sw_app_malformed(r, SW_APP_EV_SNMP_BER_MALFORMED);
        return 0;
    }
    *value = sw_cur_sub(c, len);
    return 1;
}

static int ber_expect(sw_cursor *c, uint8_t want, sw_cursor *value, sw_app_result *r)
{
    uint8_t tag;
    if (!ber_next(c, &tag, value, r))
        return 0;
    if (tag != want) {
        sw_app_malformed(r, SW_APP_EV_SNMP_BER_MALFORMED);
        return 0;
    }
    return 1;
}

/* Enters a constructed element, counting the level against SW_SNMP_MAX_DEPTH. */
static int ber_enter(ber_ctx *b, sw_cursor *c, uint8_t want, sw_cursor *value)
{
    if (++b->depth > SW_SNMP_MAX_DEPTH) {
        sw_app_malformed(b->r, SW_APP_EV_SNMP_NESTING_TOO_DEEP);
        return 0;
    }
    return ber_expect(c, want, value, b->r);
}

/* X.690 8.3: two's complement, 1 to 8 content octets (RFC 3416's Integer32 fits in 5). */
static int ber_integer(sw_cursor *c, int64_t *out, sw_app_result *r)
{
    sw_cursor v;
    if (!ber_expect(c, TAG_INTEGER, &v, r))
        return 0;
    size_t n = sw_cur_left(&v);
    if (n == 0 || n > 8) {
        sw_app_malformed(r, SW_APP_EV_SNMP_BER_MALFORMED);
        return 0;
    }
    uint8_t first = sw_cur_peek_u8(&v, 0);
    uint64_t acc = (first & 0x80) ? UINT64_MAX : 0;
    for (size_t i = 0; i < n; i++)
        acc = (acc << 8) | sw_cur_u8(&v);
    *out = (int64_t)acc;
    return 1;
}

/* Appends ".<n>" (or "<n>" first) to the text; a number that does not fit whole is left out. */
static void oid_append(char *text, size_t *used, unsigned long n)
{
    char digits[24];
    size_t nd = 0;
    do {
        digits[nd++] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    size_t need = nd + (*used ? 1 : 0);
    if (*used + need >= SW_SNMP_OID_TEXT)
        return;
    if (*used)
        text[(*used)++] = '.';
    while (nd)
        text[(*used)++] = digits[--nd];
    text[*used] = '\0';
}

/* X.690 8.19: base-128 sub-identifiers, the first one packing the first two arcs. */
static int ber_oid_text(sw_cursor *c, char *text, sw_app_result *r)
{
    sw_cursor v;
    if (!ber_expect(c, TAG_OID, &v, r))
        return 0;
    if (sw_cur_left(&v) == 0 || sw_cur_left(&v) > OID_MAX_BYTES) {
        sw_app_malformed(r, SW_APP_EV_SNMP_BER_MALFORMED);
        return 0;
    }
    size_t used = 0;
    text[0] = '\0';
    int first = 1;
    while (sw_cur_left(&v) > 0) {
        uint64_t sub = 0;
        uint8_t b;
        unsigned bytes = 0;
        do {
            b = sw_cur_u8(&v);
            sub = (sub << 7) | (b & 0x7fu);
        } while ((b & 0x80) && ++bytes < 5 && !v.err);
        if (v.err || (b & 0x80) || sub > UINT32_MAX) { /* cut mid-arc or over 32 bits */
            sw_app_malformed(r, SW_APP_EV_SNMP_BER_MALFORMED);
            return 0;
        }
        if (first) {
            unsigned long top = sub < 40 ? 0 : sub < 80 ? 1 : 2;
            oid_append(text, &used, top);
            oid_append(text, &used, (unsigned long)(sub - 40 * top));
            first = 0;
        } else {
            oid_append(text, &used, (unsigned long)sub);
        }
    }
    return 1;
}

/* RFC 3416 3: VarBindList ::= SEQUENCE OF SEQUENCE { name OID, value ANY }. */
static int parse_varbinds(ber_ctx *b, sw_cursor *c, sw_snmp_message *out)
{
    sw_cursor list;
    if (!ber_enter(b, c, TAG_SEQUENCE, &list))
        return 0;
    while (sw_cur_left(&list) > 0) {
        if (out->n_varbinds == SW_SNMP_MAX_VARBINDS) {
            sw_app_event_add(b->r, SW_APP_EV_SNMP_TOO_MANY_VARBINDS);
            break;
        }
        sw_cursor vb, value;
        char scratch[SW_SNMP_OID_TEXT];
        uint8_t tag;
        if (!ber_expect(&list, TAG_SEQUENCE, &vb, b->r))
            return 0;
        char *text = out->n_oids < SW_SNMP_MAX_OIDS ? out->oids[out->n_oids] : scratch;
        if (!ber_oid_text(&vb, text, b->r) || !ber_next(&vb, &tag, &value, b->r))
            return 0;
        out->n_oids += out->n_oids < SW_SNMP_MAX_OIDS;
        out->n_varbinds++;
    }
    b->depth--;
    return 1;
}

/* RFC 1157 4.1.6 Trap-PDU: enterprise, agent-addr, generic, specific, time-stamp, varbinds. */
static int parse_trap_v1(ber_ctx *b, sw_cursor *pdu, sw_snmp_message *out)
{
    char enterprise[SW_SNMP_OID_TEXT];
    sw_cursor skip;
    uint8_t tag;
    int64_t v;
    if (!ber_oid_text(pdu, enterprise, b->r) || !ber_next(pdu, &tag, &skip, b->r) ||
        !ber_integer(pdu, &v, b->r) || !ber_integer(pdu, &v, b->r) ||
        !ber_next(pdu, &tag, &skip, b->r))
        return 0;
    return parse_varbinds(b, pdu, out);
}

/* RFC 3416 3: PDU ::= [tag] { request-id, error-status, error-index, variable-bindings }. */
static int parse_pdu(ber_ctx *b, sw_cursor *c, sw_snmp_message *out)
{
    uint8_t tag;
    sw_cursor pdu;
    if (++b->depth > SW_SNMP_MAX_DEPTH) {
        sw_app_malformed(b->r, SW_APP_EV_SNMP_NESTING_TOO_DEEP);
        return 0;
    }
    if (!ber_next(c, &tag, &pdu, b->r))
        return 0;
    if (tag < TAG_PDU_FIRST || tag > TAG_PDU_LAST) {
        sw_app_malformed(b->r, SW_APP_EV_SNMP_BER_MALFORMED);
        return 0;
    }
    out->pdu_type = tag;
    if (tag == TAG_TRAP_V1 && out->version == 0)
        return parse_trap_v1(b, &pdu, out);
    int64_t id, status, index;
    if (!ber_integer(&pdu, &id, b->r) || !ber_integer(&pdu, &status, b->r) ||
        !ber_integer(&pdu, &index, b->r))
        return 0;
    out->request_id = (int32_t)id;
    out->error_status = (uint8_t)(status < 0 || status > 255 ? 255 : status);
    out->error_index = (uint8_t)(index < 0 || index > 255 ? 255 : index);
    return parse_varbinds(b, &pdu, out);
}

/* RFC 3414 2.4: UsmSecurityParameters inside the msgSecurityParameters OCTET STRING. */
static int parse_usm(ber_ctx *b, sw_cursor *params, sw_snmp_message *out)
{
    sw_cursor usm, field;
    int64_t v;
    if (!ber_enter(b, params, TAG_SEQUENCE, &usm) || !ber_expect(&usm, TAG_OCTETS, &field, b->r) ||
        !ber_integer(&usm, &v, b->r) || !ber_integer(&usm, &v, b->r) ||
        !ber_expect(&usm, TAG_OCTETS, &field, b->r))
        return 0;
    sw_text_copy(&field, sw_cur_left(&field), out->v3_user, sizeof(out->v3_user));
    b->depth--;
    return 1;
}

/* RFC 3412 6: msgGlobalData, msgSecurityParameters, msgData (ScopedPDU or encrypted). */
static int parse_v3(ber_ctx *b, sw_cursor *msg, sw_snmp_message *out)
{
    sw_cursor global, flags, params, scoped, skip;
    int64_t v;
    if (!ber_enter(b, msg, TAG_SEQUENCE, &global) || !ber_integer(&global, &v, b->r) ||
        !ber_integer(&global, &v, b->r) || !ber_expect(&global, TAG_OCTETS, &flags, b->r))
        return 0;
    if (sw_cur_left(&flags) != 1) { /* RFC 3412 6: msgFlags is OCTET STRING (SIZE(1)) */
        sw_app_malformed(b->r, SW_APP_EV_SNMP_BER_MALFORMED);
        return 0;
    }
    out->v3_flags = sw_cur_u8(&flags);
    b->depth--;
    if (!ber_expect(msg, TAG_OCTETS, &params, b->r) || !parse_usm(b, &params, out))
        return 0;
    uint8_t tag;
    if (!ber_next(msg, &tag, &scoped, b->r))
        return 0;
    if (tag == TAG_OCTETS) { /* encryptedPDU: nothing more to read */
        out->v3_encrypted = 1;
        return 1;
    }
    if (tag != TAG_SEQUENCE || !ber_expect(&scoped, TAG_OCTETS, &skip, b->r) ||
        !ber_expect(&scoped, TAG_OCTETS, &skip, b->r)) {
        sw_app_malformed(b->r, SW_APP_EV_SNMP_BER_MALFORMED);
        return 0;
    }
    return parse_pdu(b, &scoped, out);
}

/* The outer SEQUENCE against the datagram: running past it means the capture was cut. */
static int outer_sequence(sw_cursor *c, sw_cursor *msg, size_t *total, sw_app_result *r)
{
    if (sw_cur_left(c) < 2) {
        sw_app_trunc(r, SW_APP_EV_SNMP_TRUNC, 2 - sw_cur_left(c));
        return 0;
    }
    if (sw_cur_u8(c) != TAG_SEQUENCE) {
        sw_app_malformed(r, SW_APP_EV_SNMP_BER_MALFORMED);
        return 0;
    }
    uint8_t first = sw_cur_peek_u8(c, 0);
    size_t hdr = first > 0x80 ? 1u + (first & 0x7fu) : 1u;
    if (first > 0x80 && first <= 0x84 && sw_cur_left(c) < hdr) {
        sw_app_trunc(r, SW_APP_EV_SNMP_TRUNC, hdr - sw_cur_left(c));
        return 0;
    }
    size_t len = 0;
    if (!read_length(c, &len, r))
        return 0;
    if (len > SW_SNMP_MAX_LEN) {
        sw_app_malformed(r, SW_APP_EV_SNMP_LENGTH_TOO_LARGE);
        return 0;
    }
    if (len > sw_cur_left(c)) {
        sw_app_trunc(r, SW_APP_EV_SNMP_TRUNC, len - sw_cur_left(c));
        return 0;
    }
    *total = c->off + len;
    *msg = sw_cur_sub(c, len);
    return 1;
}

sw_app_result sw_snmp_parse(const uint8_t *data, size_t len, sw_snmp_message *out)
{
    sw_app_result r = sw_app_result_ok();
    sw_cursor c = sw_cur_init(data, len), msg, community;
    size_t total = 0;
    int64_t version;
    memset(out, 0, sizeof(*out));
    ber_ctx b = {&r, 1};
    if (!outer_sequence(&c, &msg, &total, &r) || !ber_integer(&msg, &version, &r))
        return r;
    if (version != 0 && version != 1 && version != 3) {
        sw_app_malformed(&r, SW_APP_EV_SNMP_BAD_VERSION);
        return r;
    }
    out->version = (uint8_t)version;
    int ok;
    if (version == 3) {
        ok = parse_v3(&b, &msg, out);
    } else {
        ok = ber_expect(&msg, TAG_OCTETS, &community, &r);
        if (ok) {
            size_t n = sw_cur_left(&community);
            out->community_len = n < SW_SNMP_COMMUNITY_MAX ? n : SW_SNMP_COMMUNITY_MAX;
            sw_cur_bytes(&community, out->community, out->community_len);
            ok = parse_pdu(&b, &msg, out);
        }
    }
    if (ok && r.status == SW_APP_OK)
        r.consumed = total;
    return r;
}
