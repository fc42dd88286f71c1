/* SNMP messages: v1 (RFC 1157 section 4), v2c (RFC 1901, PDUs of RFC 3416 section 3) and v3
 * (RFC 3412 section 6, USM security parameters of RFC 3414 section 2.4), read as BER (X.690
 * section 8) with nesting and length caps. */
#ifndef SEAWALL_SENSOR_APP_SNMP_H
#define SEAWALL_SENSOR_APP_SNMP_H

#include "app-events.h"

#define SW_SNMP_MAX_LEN       65535 /* a BER length above this is app.snmp.length_too_large */
#define SW_SNMP_MAX_DEPTH     8     /* constructed levels entered; more: nesting_too_deep */
#define SW_SNMP_MAX_VARBINDS  64    /* varbinds walked; more: too_many_varbinds (status OK) */
#define SW_SNMP_MAX_OIDS      8     /* OIDs kept as text */
#define SW_SNMP_OID_TEXT      128   /* dotted text, cut there */
#define SW_SNMP_COMMUNITY_MAX 128   /* community bytes kept */
#define SW_SNMP_USER_MAX      33    /* RFC 3414 2.4: msgUserName is 0..32 octets */

typedef struct sw_snmp_message {
    uint8_t version;  /* 0 v1, 1 v2c, 3 v3 */
    uint8_t pdu_type; /* BER tag 0xA0..0xA8; 0 when v3 data is encrypted */
    uint8_t community[SW_SNMP_COMMUNITY_MAX];
    size_t community_len; /* bytes kept in community */
    int32_t request_id;   /* v1 Trap-PDU has none: 0 */
    uint8_t error_status, error_index;
    uint16_t n_varbinds; /* walked */
    uint8_t n_oids;
    char oids[SW_SNMP_MAX_OIDS][SW_SNMP_OID_TEXT]; /* first varbind names, dotted */
    char v3_user[SW_SNMP_USER_MAX];                /* printable copy */
    uint8_t v3_flags;                              /* msgFlags: 1 auth, 2 priv, 4 reportable */
    uint8_t v3_encrypted;                          /* scopedPDU sent as an encrypted OCTET STRING */
} sw_snmp_message;

/* Parses one SNMP message (a UDP datagram). OK: consumed = the outer SEQUENCE's length.
 * INCOMPLETE (app.snmp.trunc): the datagram ends before the outer SEQUENCE does. MALFORMED: a
 * tag or length that contradicts its enclosing element, indefinite length, a wrong type where the
 * RFC requires one (app.snmp.ber_malformed), a length over SW_SNMP_MAX_LEN or of more than 4 bytes
 * (app.snmp.length_too_large), nesting over SW_SNMP_MAX_DEPTH (app.snmp.nesting_too_deep) or a
 * version other than 0, 1, 3 (app.snmp.bad_version). */
sw_app_result sw_snmp_parse(const uint8_t *data, size_t len, sw_snmp_message *out);

#endif
