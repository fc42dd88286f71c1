/* Observations: what a front end saw, normalised, as input to the engine.
 *
 * The sensor builds them from packets, the Suricata plugin from EVE records, the Zeek plugin from
 * Zeek events. Everything an observation points to is borrowed for the duration of one
 * sw_engine_observe() call; the engine copies what it keeps. */
#ifndef SEAWALL_OBSERVATION_H
#define SEAWALL_OBSERVATION_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sw_obs_type {
    SW_OBS_FLOW_START = 1,   /* first packet of a new flow */
    SW_OBS_FLOW_ANSWERED,    /* first packet from the responder (TCP: its SYN-ACK) */
    SW_OBS_FLOW_ESTABLISHED, /* TCP three-way handshake completed */
    SW_OBS_FLOW_END,         /* the flow ended (FIN/RST, timeout, eviction or shutdown) */
    /* Application layer (u.<member> named beside each; `flow` inside is the flow it is on). */
    SW_OBS_SSH_BANNER,    /* u.ssh_banner: identification string, either side */
    SW_OBS_SSH_KEXINIT,   /* u.ssh_kexinit: algorithm lists -> HASSH / HASSHServer */
    SW_OBS_TLS_HELLO,     /* u.tls_hello: ClientHello (to_server) or ServerHello */
    SW_OBS_DNS,           /* u.dns: a query (to_server) or a response */
    SW_OBS_SNMP,          /* u.snmp: one PDU (requests, responses, traps) */
    SW_OBS_TACACS,        /* u.tacacs: one TACACS+ packet header */
    SW_OBS_RADIUS,        /* u.radius: one RADIUS packet */
    SW_OBS_FILE_REQUEST,  /* u.file: a transfer was asked for (TFTP RRQ/WRQ, FTP STOR...) */
    SW_OBS_FILE_DATA,     /* u.file: bytes of a transfer, in order, from offset 0 */
    SW_OBS_FTP_COMMAND,   /* u.ftp: one FTP control command */
    SW_OBS_SYSLOG,        /* u.syslog: one syslog message */
    SW_OBS_SMI,           /* u.smi: one Cisco Smart Install message */
    SW_OBS_HTTP_REQUEST,  /* u.http_request: request line, headers, body prefix */
    SW_OBS_HTTP_RESPONSE, /* u.http_response: status, headers, body prefix */
    SW_OBS_PAYLOAD,       /* u.payload: in-order stream bytes or a datagram, for rules */
    SW_OBS_TICK,          /* time passed (no union member): baselines, silence */
    SW_OBS_TELNET,        /* u.telnet: a Telnet server's negotiation and banner line */
    /* u.flow: a flow's counters so far, each time its bytes (both ways) reach 1 MiB, 2 MiB,
     * 4 MiB, ...: a long flow can be judged on its volume before it ends (ST-TUN-004). At most
     * one per doubling, so a few dozen in a flow's life. (Appended: the values above stay.) */
    SW_OBS_FLOW_PROGRESS,
} sw_obs_type;

/* The types whose union member is u.flow itself. */
static inline int sw_obs_is_flow(sw_obs_type type)
{
    return (type >= SW_OBS_FLOW_START && type <= SW_OBS_FLOW_END) || type == SW_OBS_FLOW_PROGRESS;
}

/* Application protocol of a flow, detected by content (not only by port). */
typedef enum sw_app_proto {
    SW_APP_UNKNOWN = 0,
    SW_APP_SSH,
    SW_APP_TLS,
    SW_APP_HTTP,
    SW_APP_DNS,
    SW_APP_SNMP,
    SW_APP_TACACS,
    SW_APP_RADIUS,
    SW_APP_TFTP,
    SW_APP_FTP,
    SW_APP_FTP_DATA,
    SW_APP_SYSLOG,
    SW_APP_SMI,
    SW_APP_TELNET,
    SW_APP_COUNT
} sw_app_proto;

/* "ssh", "tls", "http", ... as in EVE's app_proto; "failed" for SW_APP_UNKNOWN. */
const char *sw_app_proto_name(sw_app_proto proto);

/* Why a tunnel carried this flow; the outermost encapsulation is what an analyst needs. */
typedef enum sw_tunnel_kind {
    SW_TUNNEL_NONE = 0,
    SW_TUNNEL_GRE,
    SW_TUNNEL_ERSPAN, /* GRE carrying ERSPAN type I, II or III */
    SW_TUNNEL_IPIP,   /* IPv4 in IPv4 */
    SW_TUNNEL_6IN4,
    SW_TUNNEL_4IN6,
    SW_TUNNEL_6IN6,
} sw_tunnel_kind;

const char *sw_tunnel_kind_name(sw_tunnel_kind kind); /* "GRE", "ERSPAN", "IPIP", ... */

typedef struct sw_tunnel_info {
    sw_tunnel_kind kind;
    sw_ip outer_src, outer_dst; /* of the outermost tunnel */
    uint8_t outer_proto;        /* IP protocol of the outer packet (47 for GRE) */
    uint8_t depth;              /* number of tunnel layers around the flow, >= 1 */
} sw_tunnel_info;

typedef enum sw_flow_end_reason {
    SW_FLOW_END_NONE = 0,
    SW_FLOW_END_TIMEOUT,
    SW_FLOW_END_CLOSED,   /* FIN or RST seen both ways / RST */
    SW_FLOW_END_EVICTED,  /* the flow table was full (memcap) */
    SW_FLOW_END_SHUTDOWN, /* end of capture */
} sw_flow_end_reason;

typedef enum sw_tcp_state {
    SW_TCP_NONE = 0, /* not TCP, or no SYN seen (midstream) */
    SW_TCP_SYN_SENT,
    SW_TCP_SYN_RECV,
    SW_TCP_ESTABLISHED,
    SW_TCP_CLOSING,
    SW_TCP_CLOSED,
} sw_tcp_state;

/* A flow, oriented: src is the initiator (client), dst the responder (server). */
typedef struct sw_flow_obs {
    uint64_t flow_id; /* stable for the flow's life; EVE flow_id */
    sw_ip src, dst;
    uint16_t sp, dp;              /* ports; 0 for protocols without them */
    uint8_t proto;                /* IP protocol number */
    uint8_t icmp_type, icmp_code; /* for ICMP/ICMPv6, from the first packet */
    uint16_t vlan[3];             /* outer to inner, 0 = absent */
    sw_time start, last;
    uint64_t pkts_toserver, pkts_toclient, bytes_toserver, bytes_toclient;
    sw_tcp_state tcp_state;
    sw_flow_end_reason end_reason; /* only for SW_OBS_FLOW_END */
    /* For a GRE flow (proto 47): the GRE protocol type it carries (0x0800 IPv4, 0x88BE ERSPAN
     * I/II, 0x22EB ERSPAN III, ...), and the ERSPAN version (1..3) or 0. */
    uint16_t gre_payload;
    uint8_t erspan_version;
    /* The tunnel this flow was carried inside; NULL when it travelled bare. */
    const sw_tunnel_info *tunnel;
    sw_app_proto app_proto; /* SW_APP_UNKNOWN until the stream layer recognises it */
} sw_flow_obs;

/* Borrowed bytes, valid for the sw_engine_observe() call only; not NUL-terminated. */
typedef struct sw_bytes {
    const uint8_t *data;
    size_t len;
} sw_bytes;

/* Strings (const char *) in the structs below are NUL-terminated printable copies made by the
 * parsers, "" when absent, never NULL; they are borrowed for the call like everything else. */

typedef struct sw_obs_ssh_banner {
    const sw_flow_obs *flow;
    uint8_t to_server;         /* 1: the client's banner */
    const char *proto_version; /* "2.0", "1.99" */
    const char *software;      /* "OpenSSH_8.9p1", "Go" */
    const char *comments;
} sw_obs_ssh_banner;

typedef struct sw_obs_ssh_kexinit {
    const sw_flow_obs *flow;
    uint8_t to_server;
    const char *hassh;          /* client's HASSH (to_server) or the server's HASSHServer */
    const char *kex_algorithms; /* the kex name-list */
} sw_obs_ssh_kexinit;

typedef struct sw_obs_tls_hello {
    const sw_flow_obs *flow;
    uint8_t to_server; /* 1: ClientHello; 0: ServerHello */
    uint16_t version;  /* highest offered (client) or selected (server) */
    const char *sni;   /* ClientHello server_name */
    const char *alpn;  /* first ALPN protocol */
    const char *ja3;   /* JA3 string (client) or JA3S string (server) */
    const char *ja3_hash;
    const char *ja4; /* ClientHello only */
} sw_obs_tls_hello;

#define SW_OBS_DNS_MAX_ANSWERS 8
typedef struct sw_obs_dns {
    const sw_flow_obs *flow;
    uint8_t to_server; /* 1: a query */
    uint16_t id;
    uint8_t rcode;
    const char *qname; /* first question, dotted */
    uint16_t qtype;
    size_t n_answers; /* A/AAAA answers, at most SW_OBS_DNS_MAX_ANSWERS */
    sw_ip answers[SW_OBS_DNS_MAX_ANSWERS];
} sw_obs_dns;

#define SW_OBS_SNMP_MAX_OIDS 8
typedef struct sw_obs_snmp {
    const sw_flow_obs *flow;
    uint8_t to_server;
    uint8_t version;    /* the message's version field: 0 v1, 1 v2c, 3 v3 */
    uint8_t pdu_type;   /* BER tag: 0xA0 get .. 0xA3 set, 0xA4 trap, 0xA5 bulk, 0xA7 trap2 */
    sw_bytes community; /* v1/v2c community, raw (may hold any byte); empty for v3 */
    int32_t request_id;
    uint8_t error_status;
    size_t n_oids; /* first varbind OIDs, dotted, at most SW_OBS_SNMP_MAX_OIDS */
    const char *oids[SW_OBS_SNMP_MAX_OIDS];
    const char *v3_user; /* msgUserName */
    uint8_t v3_flags;    /* msgFlags: 1 auth, 2 priv, 4 reportable */
} sw_obs_snmp;

typedef struct sw_obs_tacacs {
    const sw_flow_obs *flow;
    uint8_t to_server;
    uint8_t version_major, version_minor, type, seq_no, flags; /* flags & 1: body unencrypted */
    uint32_t session_id, length;
} sw_obs_tacacs;

typedef struct sw_obs_radius {
    const sw_flow_obs *flow;
    uint8_t to_server;
    uint8_t code, identifier;
    const char *user_name;
    const char *calling_station_id;
    sw_ip nas_ip; /* family 0 when absent */
} sw_obs_radius;

/* A file transfer: TFTP, FTP (control + data connection linked back to the command) or HTTP. */
typedef struct sw_obs_file {
    const sw_flow_obs *flow; /* for FILE_DATA: the flow carrying the bytes (TFTP/FTP data) */
    sw_app_proto protocol;   /* SW_APP_TFTP, SW_APP_FTP or SW_APP_HTTP */
    uint8_t upload;          /* 1: the bytes go from the requester to the server (WRQ, STOR) */
    const char *command;     /* "RRQ", "WRQ", "STOR", "RETR", "APPE", "STOU", "GET", "POST" */
    const char *filename;
    /* The host that asked for the transfer and the one serving it (the control flow's ends). */
    sw_ip requester, server;
    uint64_t offset; /* FILE_DATA: byte offset of `data` in the file */
    sw_bytes data;   /* FILE_DATA only */
} sw_obs_file;

typedef struct sw_obs_ftp {
    const sw_flow_obs *flow;
    const char *command;  /* upper case, "USER", "STOR", ... */
    const char *argument; /* PASS arguments are replaced by "***" */
} sw_obs_ftp;

typedef struct sw_obs_syslog {
    const sw_flow_obs *flow;
    uint8_t facility, severity;
    const char *hostname, *app_name, *message;
} sw_obs_syslog;

typedef struct sw_obs_smi {
    const sw_flow_obs *flow;
    uint8_t to_server;
    uint32_t version, msg_type, length;
    uint8_t has_url, has_tftp_url, has_copy;
    sw_bytes prefix; /* first payload bytes after the header */
} sw_obs_smi;

typedef struct sw_obs_http_request {
    const sw_flow_obs *flow;
    uint64_t tx_id; /* 0-based position in the connection (pipelining) */
    const char *method;
    sw_bytes uri_raw;  /* as sent */
    sw_bytes uri;      /* normalised: percent-decoded once, path normalised (docs/http.md) */
    sw_bytes protocol; /* "HTTP/1.1" */
    sw_bytes host, user_agent, cookie, content_type;
    sw_bytes headers; /* every header line as sent, "Name: value\r\n" ... */
    sw_bytes body;    /* de-chunked prefix, up to the inspection limit */
    uint64_t content_length;
} sw_obs_http_request;

typedef struct sw_obs_http_response {
    const sw_flow_obs *flow;
    uint64_t tx_id; /* the request it answers */
    uint16_t status;
    sw_bytes headers;
    sw_bytes body; /* de-chunked prefix, up to the inspection limit */
} sw_obs_http_response;

/* RFC 854/855 option negotiation: IAC then WILL (251), WONT (252), DO (253) or DONT (254) and the
 * option code (RFC 857 ECHO = 1, RFC 858 SUPPRESS-GO-AHEAD = 3, RFC 1073 NAWS = 31, ...). */
typedef struct sw_obs_telnet_option {
    uint8_t command;
    uint8_t option;
} sw_obs_telnet_option;

#define SW_OBS_TELNET_MAX_OPTIONS 16
typedef struct sw_obs_telnet {
    const sw_flow_obs *flow;
    uint8_t to_server; /* always 0: only the server's greeting is read */
    uint8_t n_options; /* negotiations before the banner, at most SW_OBS_TELNET_MAX_OPTIONS */
    sw_obs_telnet_option options[SW_OBS_TELNET_MAX_OPTIONS];
    const char *banner; /* first non-empty line or login prompt, printable, bounded; may be "" */
} sw_obs_telnet;

typedef struct sw_obs_payload {
    const sw_flow_obs *flow;
    uint8_t to_server;
    uint64_t offset; /* stream offset of data[0] in this direction (0 for datagrams) */
    sw_bytes data;
} sw_obs_payload;

typedef struct sw_observation {
    sw_obs_type type;
    sw_time ts;        /* packet time of the event */
    uint64_t pcap_cnt; /* 1-based packet number in the capture; 0 when unknown */
    union {
        sw_flow_obs flow; /* SW_OBS_FLOW_* */
        sw_obs_ssh_banner ssh_banner;
        sw_obs_ssh_kexinit ssh_kexinit;
        sw_obs_tls_hello tls_hello;
        sw_obs_dns dns;
        sw_obs_snmp snmp;
        sw_obs_tacacs tacacs;
        sw_obs_radius radius;
        sw_obs_file file;
        sw_obs_ftp ftp;
        sw_obs_syslog syslog;
        sw_obs_smi smi;
        sw_obs_http_request http_request;
        sw_obs_http_response http_response;
        sw_obs_payload payload;
        sw_obs_telnet telnet;
        /* Keeps the struct size fixed as observation types are added. */
        uint8_t reserved_[512];
    } u;
} sw_observation;

/* The flow an observation is about (borrowed): &u.flow for flow observations, the `flow`
 * member of application observations, NULL for SW_OBS_TICK and unknown types. */
const sw_flow_obs *sw_obs_flow(const sw_observation *obs);

#ifdef __cplusplus
}
#endif
#endif
