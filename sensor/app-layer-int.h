/* Private to sensor/app-layer*.c: per-flow state, the expectation table and the layer handle. */
#ifndef SEAWALL_SENSOR_APP_LAYER_INT_H
#define SEAWALL_SENSOR_APP_LAYER_INT_H

#include "app-ftp.h"
#include "app-http.h"
#include "app-layer.h"
#include "app-snmp.h"
#include "app-ssh.h"
#include "app-tls.h"

#define APP_NAME_MAX         256
#define APP_EXPECT_SLOTS     64            /* pending FTP data / TFTP transfers per worker */
#define APP_EXPECT_TTL_S     120           /* an unused expectation is forgotten after this */
#define APP_EXPECT_PORT_BITS 1024          /* size of the port filter in front of the table */
#define APP_BUF_MAX          (70u * 1024u) /* largest message buffered (TACACS+ 64 KiB body) */
#define APP_DETECT_CHUNKS    4             /* chunks probed before giving up on detection */

/* A file transfer a data flow belongs to. */
typedef struct app_file {
    sw_app_proto protocol;
    uint8_t upload;
    char command[8];
    char filename[APP_NAME_MAX];
    sw_ip requester, server;
} app_file;

/* A data connection or TFTP transfer announced on a control flow: the listening end (address and
 * port) and the other host; matched by the two hosts and that port. */
typedef struct app_expect {
    uint8_t used, has_file;
    sw_ip listener, peer;
    uint16_t port;
    int64_t last_sec;
    const void *owner; /* the control flow's state, cleared when it ends */
    app_file file;
} app_expect;

typedef struct app_dir {
    sw_stream_dir stream;
    uint8_t *buf; /* a message not yet complete */
    size_t len, cap;
    uint8_t done;  /* nothing more is parsed in this direction */
    uint8_t stage; /* SSH: 0 banner, 1 binary packets */
} app_dir;

typedef struct app_flow {
    app_dir dir[2]; /* [1] to server, [0] to client */
    sw_app_proto proto;
    uint8_t detect_done, detect_tries, has_file;
    uint8_t owns_expect; /* announced an expectation (FTP control): forget it at the end */
    app_file file;       /* FTP_DATA: the transfer; FTP: the last STOR/RETR */
    sw_http *http;       /* HTTP: the connection's parser, created at its first chunk */
    struct app_flow *next_free;
} app_flow;

struct sw_app_layer {
    sw_stream_ctx stream;
    sw_app_obs_cb obs_cb;
    sw_app_anomaly_cb anomaly_cb;
    void *user;
    app_flow *free_flows;
    app_expect expect[APP_EXPECT_SLOTS];
    /* Bit (port % APP_EXPECT_PORT_BITS) of every entry live at the last add: a clear bit means
     * no entry has that port, so a new flow skips the scan of the table (some 22 KiB). */
    uint64_t expect_ports[APP_EXPECT_PORT_BITS / 64];
    sw_app_stats anomalies;
    uint64_t tx[SW_APP_COUNT];
    uint64_t flows_refused; /* no state: memcap */
    /* The packet being processed. */
    sw_flow_obs flow;
    sw_time ts;
    uint64_t pcap_cnt;
    int pkt_to_server; /* its direction (1 at a flow's end, when there is none) */
    app_flow *cur;
    int cur_to_server;
    union { /* large parser outputs, kept off the stack */
        sw_ssh_kexinit kex;
        sw_tls_hello tls;
        sw_snmp_message snmp;
    } scratch;
};

/* app-layer-emit.c */
void app_emit(sw_app_layer *al, sw_observation *obs);
void app_count(sw_app_layer *al, const sw_app_result *r);
void app_emit_payload(sw_app_layer *al, int to_server, uint64_t offset, const uint8_t *d, size_t n);
void app_emit_file(sw_app_layer *al, sw_obs_type type, const app_file *f, uint64_t offset,
                   const uint8_t *d, size_t n);
/* One message of the flow's protocol at the start of (d, n); emits its observations. */
sw_app_result app_stream_message(sw_app_layer *al, app_flow *af, int to_server, const uint8_t *d,
                                 size_t n);
/* A Telnet flow ends: a greeting still held (a server that only negotiated, or a prompt cut
 * by the capture) is parsed as complete and emitted. */
void app_telnet_end(sw_app_layer *al, app_flow *af);
/* One datagram of a UDP flow; returns the protocol it was parsed as. */
sw_app_proto app_datagram(sw_app_layer *al, int to_server, const uint8_t *d, size_t n);

/* app-layer-http.c: an in-order chunk of an HTTP flow (gap: bytes were missing before it), and
 * the flow's end (deliver: complete a close-delimited response first; frees the parser). */
void app_http_chunk(sw_app_layer *al, app_flow *af, int to_server, const uint8_t *d, size_t n,
                    int gap);
void app_http_end(sw_app_layer *al, app_flow *af, int deliver);

/* app-layer-expect.c */
app_expect *app_expect_add(sw_app_layer *al, const sw_ip *listener, uint16_t port,
                           const sw_ip *peer, const void *owner);
app_expect *app_expect_latest(sw_app_layer *al, const void *owner);
app_expect *app_expect_match(sw_app_layer *al, const sw_flow_obs *flow);
void app_expect_forget_owner(sw_app_layer *al, const void *owner);

#endif
