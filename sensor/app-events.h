/* Application-layer parser results and anomalies, shared by every sensor/app-*.c parser.
 *
 * Each parser is a pure function over (pointer, length) returning a sw_app_result: a status,
 * the bytes it consumed and, when incomplete, how many more it needs (Suricata's
 * APP_LAYER_INCOMPLETE shape, docs/style.md section 3.6), plus the anomalies it saw. Anomalies are
 * named `app.<proto>.<what>`. `trunc` means the data ended early (capture or segment boundary);
 * every other anomaly means a field contradicts the data or exceeds a cap. */
#ifndef SEAWALL_SENSOR_APP_EVENTS_H
#define SEAWALL_SENSOR_APP_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#define SW_APP_EVENTS(X)                                            \
    X(SSH_TRUNC, "app.ssh.trunc")                                   \
    X(SSH_BANNER_TOO_LONG, "app.ssh.banner_too_long")               \
    X(SSH_BANNER_MALFORMED, "app.ssh.banner_malformed")             \
    X(SSH_PACKET_MALFORMED, "app.ssh.packet_malformed")             \
    X(SSH_NAMELIST_TOO_LONG, "app.ssh.namelist_too_long")           \
    X(TLS_TRUNC, "app.tls.trunc")                                   \
    X(TLS_RECORD_MALFORMED, "app.tls.record_malformed")             \
    X(TLS_HANDSHAKE_MALFORMED, "app.tls.handshake_malformed")       \
    X(TLS_EXT_MALFORMED, "app.tls.extension_malformed")             \
    X(TLS_TOO_MANY_ITEMS, "app.tls.too_many_items")                 \
    X(DNS_TRUNC, "app.dns.trunc")                                   \
    X(DNS_MALFORMED, "app.dns.malformed")                           \
    X(DNS_COMPRESSION_LOOP, "app.dns.compression_loop")             \
    X(DNS_LABEL_TOO_LONG, "app.dns.label_too_long")                 \
    X(DNS_NAME_TOO_LONG, "app.dns.name_too_long")                   \
    X(DNS_TOO_MANY_RECORDS, "app.dns.too_many_records")             \
    X(SNMP_TRUNC, "app.snmp.trunc")                                 \
    X(SNMP_BER_MALFORMED, "app.snmp.ber_malformed")                 \
    X(SNMP_NESTING_TOO_DEEP, "app.snmp.nesting_too_deep")           \
    X(SNMP_LENGTH_TOO_LARGE, "app.snmp.length_too_large")           \
    X(SNMP_TOO_MANY_VARBINDS, "app.snmp.too_many_varbinds")         \
    X(SNMP_BAD_VERSION, "app.snmp.bad_version")                     \
    X(TACACS_TRUNC, "app.tacacs.trunc")                             \
    X(TACACS_BAD_VERSION, "app.tacacs.bad_version")                 \
    X(TACACS_BAD_TYPE, "app.tacacs.bad_type")                       \
    X(TACACS_LENGTH_TOO_LARGE, "app.tacacs.length_too_large")       \
    X(RADIUS_TRUNC, "app.radius.trunc")                             \
    X(RADIUS_LENGTH_INVALID, "app.radius.length_invalid")           \
    X(RADIUS_ATTR_MALFORMED, "app.radius.attribute_malformed")      \
    X(RADIUS_TOO_MANY_ATTRS, "app.radius.too_many_attributes")      \
    X(TFTP_TRUNC, "app.tftp.trunc")                                 \
    X(TFTP_BAD_OPCODE, "app.tftp.bad_opcode")                       \
    X(TFTP_STRING_TOO_LONG, "app.tftp.string_too_long")             \
    X(TFTP_TOO_MANY_OPTIONS, "app.tftp.too_many_options")           \
    X(FTP_TRUNC, "app.ftp.trunc")                                   \
    X(FTP_LINE_TOO_LONG, "app.ftp.line_too_long")                   \
    X(FTP_BAD_ADDRESS, "app.ftp.bad_address")                       \
    X(FTP_BAD_REPLY, "app.ftp.bad_reply")                           \
    X(SYSLOG_TRUNC, "app.syslog.trunc")                             \
    X(SYSLOG_BAD_PRI, "app.syslog.bad_pri")                         \
    X(SYSLOG_MSG_TOO_LONG, "app.syslog.message_too_long")           \
    X(SMI_TRUNC, "app.smi.trunc")                                   \
    X(SMI_BAD_HEADER, "app.smi.bad_header")                         \
    X(SMI_LENGTH_TOO_LARGE, "app.smi.length_too_large")             \
    X(TELNET_TRUNC, "app.telnet.trunc")                             \
    X(TELNET_BAD_COMMAND, "app.telnet.bad_command")                 \
    X(TELNET_SUBNEG_TOO_LONG, "app.telnet.subnegotiation_too_long") \
    X(TELNET_TOO_MANY_OPTIONS, "app.telnet.too_many_options")       \
    X(TELNET_TOO_MANY_COMMANDS, "app.telnet.too_many_commands")     \
    X(TELNET_LINE_TOO_LONG, "app.telnet.line_too_long")             \
    X(HTTP_TRUNC, "app.http.trunc")                                 \
    X(HTTP_LINE_TOO_LONG, "app.http.line_too_long")                 \
    X(HTTP_TOO_MANY_HEADERS, "app.http.too_many_headers")           \
    X(HTTP_HEADERS_TOO_LARGE, "app.http.headers_too_large")         \
    X(HTTP_BAD_REQUEST_LINE, "app.http.bad_request_line")           \
    X(HTTP_BAD_STATUS_LINE, "app.http.bad_status_line")             \
    X(HTTP_BAD_HEADER, "app.http.bad_header")                       \
    X(HTTP_FOLDED_HEADER, "app.http.folded_header")                 \
    X(HTTP_DUPLICATE_HOST, "app.http.duplicate_host")               \
    X(HTTP_FIELD_TOO_LONG, "app.http.field_too_long")               \
    X(HTTP_BAD_CONTENT_LENGTH, "app.http.bad_content_length")       \
    X(HTTP_CL_CONFLICT, "app.http.content_length_conflict")         \
    X(HTTP_CL_WITH_CHUNKED, "app.http.content_length_chunked")      \
    X(HTTP_TE_UNKNOWN, "app.http.unknown_transfer_coding")          \
    X(HTTP_BAD_CHUNK, "app.http.bad_chunk")                         \
    X(HTTP_BODY_OVER_LIMIT, "app.http.body_over_limit")             \
    X(HTTP_URI_BAD_PERCENT, "app.http.uri_bad_percent")             \
    X(HTTP_UNSOLICITED, "app.http.response_without_request")        \
    X(HTTP_TOO_MANY_PENDING, "app.http.too_many_pending")

typedef enum sw_app_event {
#define SW_APP_EVENT_ENUM(id, name) SW_APP_EV_##id,
    SW_APP_EVENTS(SW_APP_EVENT_ENUM)
#undef SW_APP_EVENT_ENUM
        SW_APP_EV_COUNT
} sw_app_event;

/* Name such as "app.dns.compression_loop"; "app.unknown" for values out of range. */
const char *sw_app_event_name(sw_app_event ev);

typedef enum sw_app_status {
    SW_APP_OK = 0,         /* parsed; `consumed` bytes form one whole message */
    SW_APP_INCOMPLETE = 1, /* the data ended early (a trunc anomaly); `needed` more if known */
    SW_APP_MALFORMED = 2,  /* a field contradicts the data or a cap was exceeded */
} sw_app_status;

#define SW_APP_MAX_EVENTS 8

typedef struct sw_app_result {
    sw_app_status status;
    size_t consumed; /* bytes that made up the message (0 unless OK) */
    size_t needed;   /* when INCOMPLETE: more bytes needed, 0 if unknown */
    uint8_t n_events;
    uint8_t events_dropped; /* anomalies beyond SW_APP_MAX_EVENTS, counted not kept */
    uint16_t events[SW_APP_MAX_EVENTS];
} sw_app_result;

sw_app_result sw_app_result_ok(void);
/* Records an anomaly without changing the status. */
void sw_app_event_add(sw_app_result *r, sw_app_event ev);
/* Marks the result INCOMPLETE with its trunc anomaly (a MALFORMED status is kept). */
void sw_app_trunc(sw_app_result *r, sw_app_event ev, size_t needed);
/* Marks the result MALFORMED with the anomaly that explains why. */
void sw_app_malformed(sw_app_result *r, sw_app_event ev);
/* How many times ev was recorded in r. */
unsigned sw_app_event_count(const sw_app_result *r, sw_app_event ev);

/* Per-worker anomaly counters, one slot per event; plain increments, no locks. */
typedef struct sw_app_stats {
    uint64_t events[SW_APP_EV_COUNT];
    uint64_t events_dropped;
} sw_app_stats;

void sw_app_stats_count(sw_app_stats *st, const sw_app_result *r);

#endif
