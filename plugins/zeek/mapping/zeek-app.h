/* Zeek application events as Seawall application observations.
 *
 * Each function takes the values a Zeek event hands its handler (ssh_client_version,
 * snmp_get_request & co., dns_request, http_request, ftp_request, radius_message) and fills the
 * observation struct of core/observation.h. Strings are borrowed; where Seawall wants a form
 * Zeek does not give (a split SSH banner, "HTTP/1.1", an upper-case FTP command, a masked
 * password) the text is written into a caller-provided sw_zeek_scratch, which must outlive the
 * sw_engine_observe() call. Nothing here fails on odd input: missing text becomes "". */
#ifndef SEAWALL_ZEEK_APP_H
#define SEAWALL_ZEEK_APP_H

#include "observation.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SW_ZEEK_SCRATCH_LEN 256

/* Text storage for one observation (three printable, NUL-terminated, truncated strings). */
typedef struct sw_zeek_scratch {
    char text[3][SW_ZEEK_SCRATCH_LEN];
} sw_zeek_scratch;

/* "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3" (RFC 4253 section 4.2: SSH-protoversion-softwareversion
 * SP comments) into proto_version "2.0", software "OpenSSH_8.9p1", comments "Ubuntu-3". A banner
 * without the "SSH-" prefix keeps everything in software. */
void sw_zeek_ssh_banner(const sw_flow_obs *flow, int to_server, const char *banner,
                        sw_zeek_scratch *scratch, sw_obs_ssh_banner *out);

/* BER tag of a PDU kind as Zeek's SNMP events name it: "get" 0xA0, "get_next" 0xA1,
 * "response" 0xA2, "set" 0xA3, "trap" 0xA4 (v1), "get_bulk" 0xA5, "inform" 0xA6,
 * "trapV2" 0xA7, "report" 0xA8 (RFC 3416 section 3); 0 when unknown. */
uint8_t sw_zeek_snmp_pdu_tag(const char *pdu_kind);

/* SNMP::Header: version 0 (v1), 1 (v2c) or 3; the community is v1/v2c only (raw bytes). */
void sw_zeek_snmp(const sw_flow_obs *flow, int to_server, unsigned version, const char *pdu_kind,
                  const uint8_t *community, size_t community_len, int32_t request_id,
                  sw_obs_snmp *out);

/* dns_request(c, msg, query, qtype, qclass): a query from the client. */
void sw_zeek_dns_query(const sw_flow_obs *flow, uint16_t trans_id, const char *query,
                       uint16_t qtype, sw_zeek_scratch *scratch, sw_obs_dns *out);

/* http_request(c, method, original_URI, unescaped_URI, version) plus the headers gathered from
 * http_all_headers ("Name: value\r\n" lines, may be NULL). version "1.1" becomes "HTTP/1.1". */
typedef struct sw_zeek_http_req {
    const char *method, *original_uri, *unescaped_uri, *version;
    const char *host, *user_agent, *cookie, *content_type;
    const uint8_t *headers;
    size_t headers_len;
    const uint8_t *body; /* prefix from http_entity_data, may be NULL */
    size_t body_len;
    uint64_t tx_id; /* Zeek's trans_depth - 1 */
    uint64_t content_length;
} sw_zeek_http_req;
void sw_zeek_http_request(const sw_flow_obs *flow, const sw_zeek_http_req *req,
                          sw_zeek_scratch *scratch, sw_obs_http_request *out);
void sw_zeek_http_response(const sw_flow_obs *flow, uint64_t tx_id, uint16_t status,
                           const uint8_t *headers, size_t headers_len, const uint8_t *body,
                           size_t body_len, sw_obs_http_response *out);

/* Appends "name: value\r\n" to buf (cap bytes, *len used) when it fits whole; returns 1 when
 * appended, 0 when the header was left out (the caller counts it). */
int sw_zeek_header_append(uint8_t *buf, size_t cap, size_t *len, const char *name,
                          const char *value);

/* ftp_request(c, command, arg): command upper-cased, PASS arguments replaced by "***". */
void sw_zeek_ftp_command(const sw_flow_obs *flow, const char *command, const char *arg,
                         sw_zeek_scratch *scratch, sw_obs_ftp *out);

/* radius_message(c, result): RFC 2865 section 3 code and identifier, attributes 1 (User-Name),
 * 31 (Calling-Station-Id) and 4 (NAS-IP-Address, as text; NULL or unparsable: absent). */
void sw_zeek_radius(const sw_flow_obs *flow, int to_server, uint8_t code, uint8_t identifier,
                    const char *user_name, const char *calling_station_id, const char *nas_ip,
                    sw_obs_radius *out);

#ifdef __cplusplus
}
#endif
#endif
