/* seawall-gen: behavioural detections (docs/detections-impl.md, "Behavioural family"): SSH on
 * odd ports, new listeners, device pairs and relay chains, SSH leaving the network, Go clients,
 * syslog silence, container egress, IOC addresses and domains, exploit sweeps.
 *
 * Every scenario uses its own hosts (10.10.0.31-63, 10.20.0.31-46, 10.99.9.0/24), so that in the
 * combined capture no baseline learned by one scenario hides another's novelty. Baseline
 * detections learn for the lab's 60 s, then the scenario jumps the clock past that period. */
#include "bytes.h"
#include "plan.h"
#include "http-exchange.h"
#include "scenario.h"

#include <libnet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SSH_PORT     22  /* RFC 4253 section 4 */
#define TELNET_PORT  23  /* RFC 854 */
#define DNS_PORT     53  /* RFC 1035 section 4.2.1 */
#define HTTP_PORT    80  /* RFC 9110 section 4.2.1 */
#define NTP_PORT     123 /* RFC 5905 section 7.2 */
#define HTTPS_PORT   443
#define SYSLOG_PORT  514   /* RFC 5426 section 3.3 */
#define NETCONF_PORT 830   /* RFC 6242 section 3: NETCONF over SSH */
#define HIGH_SSH     22022 /* ST-ACC-001's xxx22 pattern */
#define ALLOWED_SSH  2222  /* allow-listed in etc/seawall-lab.yaml */
#define WEB_18XXX    18080 /* ST-ACC-003's 18000-18999 range */

#define SEC                1000000u
#define PAST_LEARNING_US   (61 * SEC) /* the lab's learning-period is 60 s */
#define SYSLOG_INTERVAL_US (10 * SEC)

static const char srv_banner[] = "SSH-2.0-OpenSSH_8.9 Cisco-2.0\r\n";
const char gen_openssh_client[] = "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n";
static const char go_client[] = "SSH-2.0-Go\r\n"; /* golang.org/x/crypto/ssh default */

int gen_ssh_session(gen_ctx *g, const char *cli, const char *srv, uint16_t port,
                    const char *client_banner)
{
    gen_flow f;
    if (gen_flow_init(g, &f, IPPROTO_TCP, cli, srv, port) < 0 || craft_tcp_open(g, &f) < 0 ||
        craft_tcp_data(g, &f, GEN_TO_CLIENT, (const uint8_t *)srv_banner, strlen(srv_banner)) < 0 ||
        craft_tcp_data(g, &f, GEN_TO_SERVER, (const uint8_t *)client_banner,
                       strlen(client_banner)) < 0)
        return -1;
    return craft_tcp_close(g, &f);
}

/* A TCP session with no payload (handshake, close): 6 frames; to port 23 a Telnet session whose
 * server never greets, which the sensor counts from the handshake alone. */
static int tcp_empty_session(gen_ctx *g, const char *cli, const char *srv, uint16_t port)
{
    gen_flow f;
    if (gen_flow_init(g, &f, IPPROTO_TCP, cli, srv, port) < 0 || craft_tcp_open(g, &f) < 0)
        return -1;
    return craft_tcp_close(g, &f);
}

/* ---- ST-ACC-001: SSH on a 22x22/xxx22 high port ---- */

int scn_acc001_ssh_high_port(gen_ctx *g)
{
    return gen_ssh_session(g, "10.20.0.31", "10.10.0.31", HIGH_SSH, gen_openssh_client);
}

int scn_acc001_benign(gen_ctx *g)
{
    return gen_ssh_session(g, "10.20.0.31", "10.10.0.31", ALLOWED_SSH, gen_openssh_client);
}

/* ---- ST-ACC-003: device web management on 18xxx ---- */

static const char web_response[] = "HTTP/1.1 200 OK\r\n"
                                   "Content-Type: text/html\r\n"
                                   "Content-Length: 29\r\n"
                                   "\r\n"
                                   "<html><body>ok</body></html>\n";

static int web_login_page(gen_ctx *g, uint16_t port)
{
    char req[128];
    snprintf(req, sizeof(req),
             "GET / HTTP/1.1\r\nHost: 10.10.0.32:%u\r\nUser-Agent: curl/7.88.1\r\n\r\n", port);
    return gen_http_exchange_port(g, "10.20.0.32", "10.10.0.32", port, req, web_response,
                                  GEN_HTTP_WHOLE);
}

int scn_acc003_web_18xxx(gen_ctx *g)
{
    return web_login_page(g, WEB_18XXX);
}

int scn_acc003_benign(gen_ctx *g)
{
    return web_login_page(g, HTTP_PORT);
}

/* ---- ST-ACC-004: new server port on infrastructure, after the learning period ---- */

static int acc004_learn_then(gen_ctx *g, uint16_t later_port)
{
    if (gen_ssh_session(g, "10.20.0.33", "10.10.0.33", SSH_PORT, gen_openssh_client) < 0)
        return -1;
    gen_advance(g, PAST_LEARNING_US);
    return gen_ssh_session(g, "10.20.0.33", "10.10.0.33", later_port, gen_openssh_client);
}

int scn_acc004_new_server_port(gen_ctx *g)
{
    return acc004_learn_then(g, NETCONF_PORT);
}

int scn_acc004_benign(gen_ctx *g)
{
    return acc004_learn_then(g, SSH_PORT);
}

/* ---- ST-ACC-006: a flow with an IOC address (signatures/ioc/salt-typhoon.tsv) ---- */

int scn_acc006_ioc_address(gen_ctx *g)
{
    return tcp_empty_session(g, "10.99.9.6", "45.125.67.144", HTTPS_PORT);
}

int scn_acc006_benign(gen_ctx *g)
{
    return tcp_empty_session(g, "10.99.9.6", "203.0.113.86", HTTPS_PORT);
}

/* ---- ST-LAT-001: first-seen device pair after learning ---- */

static int lat001_learn_then(gen_ctx *g, const char *later_dst)
{
    if (tcp_empty_session(g, "10.10.0.41", "10.10.0.42", TELNET_PORT) < 0)
        return -1;
    gen_advance(g, PAST_LEARNING_US);
    return tcp_empty_session(g, "10.10.0.41", later_dst, TELNET_PORT);
}

int scn_lat001_new_device_pair(gen_ctx *g)
{
    return lat001_learn_then(g, "10.10.0.43");
}

int scn_lat001_benign(gen_ctx *g)
{
    return lat001_learn_then(g, "10.10.0.42");
}

/* ---- ST-LAT-002: device-originated SSH to outside ---- */

int scn_lat002_ssh_outside(gen_ctx *g)
{
    return gen_ssh_session(g, "10.10.0.44", "198.51.100.44", SSH_PORT, gen_openssh_client);
}

int scn_lat002_benign(gen_ctx *g)
{
    return gen_ssh_session(g, "10.10.0.44", "10.30.0.30", SSH_PORT,
                           gen_openssh_client); /* SCP backup */
}

/* ---- ST-LAT-003: Go SSH client from a jump host to a device ---- */

int scn_lat003_go_client(gen_ctx *g)
{
    return gen_ssh_session(g, "10.20.0.45", "10.10.0.45", SSH_PORT, go_client);
}

int scn_lat003_benign(gen_ctx *g)
{
    return gen_ssh_session(g, "10.20.0.45", "10.10.0.45", SSH_PORT, gen_openssh_client);
}

/* ---- ST-LAT-004: relay chain origin -> device -> device within the window ---- */

static int relay_chain(gen_ctx *g, const char *origin)
{
    if (tcp_empty_session(g, origin, "10.10.0.46", TELNET_PORT) < 0)
        return -1;
    gen_advance(g, 5 * SEC);
    return tcp_empty_session(g, "10.10.0.46", "10.10.0.47", TELNET_PORT);
}

int scn_lat004_relay_chain(gen_ctx *g)
{
    return relay_chain(g, "10.99.9.46");
}

int scn_lat004_benign(gen_ctx *g)
{
    return relay_chain(g, "10.20.0.46"); /* the NOC jump host */
}

/* ---- ST-EVA-001: a device stops logging but keeps forwarding ---- */

/* RFC 5424 section 6 message from device:514 to the collector. 1 frame. */
static int syslog_line(gen_ctx *g, const char *device, int n)
{
    char msg[160];
    gen_flow f;
    if (gen_flow_init(g, &f, IPPROTO_UDP, device, "10.30.0.40", SYSLOG_PORT) < 0)
        return -1;
    f.cport = SYSLOG_PORT; /* RFC 5426 section 3.3 */
    /* PRI 189 = local7 (23) * 8 + notice (5), section 6.2.1; NILVALUE timestamp (6.2.3). */
    int len = snprintf(msg, sizeof(msg), "<189>1 - edge-%s IOSXE - LINK-5-CHANGED - heartbeat %d",
                       device, n);
    return craft_udp(g, &f, GEN_TO_SERVER, (const uint8_t *)msg, (size_t)len);
}

/* NTPv4 client request (mode 3) and server reply (mode 4), RFC 5905 section 7.3. 2 frames. */
static int ntp_exchange(gen_ctx *g, const char *device)
{
    uint8_t pkt[48] = {0};
    gen_flow f;
    if (gen_flow_init(g, &f, IPPROTO_UDP, device, "10.99.9.48", NTP_PORT) < 0)
        return -1;
    pkt[0] = 0x23; /* LI 0, VN 4, mode 3 */
    if (craft_udp(g, &f, GEN_TO_SERVER, pkt, sizeof(pkt)) < 0)
        return -1;
    pkt[0] = 0x24; /* mode 4 */
    pkt[1] = 2;    /* stratum */
    return craft_udp(g, &f, GEN_TO_CLIENT, pkt, sizeof(pkt));
}

/* Four messages 10 s apart, the time after the last included. 4 frames. */
static int log_four_messages(gen_ctx *g, const char *device)
{
    for (int i = 0; i < 4; i++) {
        if (syslog_line(g, device, i) < 0)
            return -1;
        gen_advance(g, SYSLOG_INTERVAL_US);
    }
    return 0;
}

/* Four messages 10 s apart, NTP at 40 s, then silence; NTP at 130 s and 140 s shows the device
 * still forwarding, past the 60 s learning period and past max(5 x 10 s, 60 s). 10 frames. */
int scn_eva001_syslog_silence(gen_ctx *g)
{
    static const char device[] = "10.10.0.48";
    if (log_four_messages(g, device) < 0 || ntp_exchange(g, device) < 0)
        return -1;
    gen_advance(g, 90 * SEC);
    if (ntp_exchange(g, device) < 0)
        return -1;
    gen_advance(g, SYSLOG_INTERVAL_US);
    return ntp_exchange(g, device);
}

/* Sixteen messages 10 s apart with NTP after the 5th and the 14th: never silent. 20 frames. */
int scn_eva001_benign(gen_ctx *g)
{
    static const char device[] = "10.10.0.49";
    for (int i = 0; i < 16; i++) {
        if (syslog_line(g, device, i) < 0 || ((i == 4 || i == 13) && ntp_exchange(g, device) < 0))
            return -1;
        gen_advance(g, SYSLOG_INTERVAL_US);
    }
    return 0;
}

/* Four messages 10 s apart, then the device goes down: the NOC's SSH attempts at 130 s and
 * 140 s get no answer. An outage, not evasion: a device is alive only by what it sends. 6
 * frames. */
int scn_eva001_device_down(gen_ctx *g)
{
    static const char device[] = "10.10.0.50";
    if (log_four_messages(g, device) < 0)
        return -1;
    gen_advance(g, 100 * SEC);
    for (int i = 0; i < 2; i++) {
        gen_flow f;
        if (gen_flow_init(g, &f, IPPROTO_TCP, "10.20.0.50", device, SSH_PORT) < 0 ||
            craft_tcp_segment(g, &f, GEN_TO_SERVER, TH_SYN, NULL, 0) < 0)
            return -1;
        gen_advance(g, SYSLOG_INTERVAL_US);
    }
    return 0;
}

/* ---- ST-CON-001: Guest Shell egress to the internet ---- */

int scn_con001_container_egress(gen_ctx *g)
{
    return tcp_empty_session(g, "192.168.35.5", "203.0.113.85", HTTPS_PORT);
}

int scn_con001_benign(gen_ctx *g)
{
    return tcp_empty_session(g, "192.168.35.5", "10.99.9.85", HTTPS_PORT);
}

/* ---- ST-C2-001: DNS query for an IOC domain ---- */

/* RFC 1035 section 4.1: header, one question (QTYPE A, QCLASS IN); a response adds one A record
 * whose name points back at the question (section 4.1.4, offset 12). */
static size_t dns_message(uint8_t *out, size_t cap, uint16_t id, const char *qname, int response)
{
    gen_buf b = gen_buf_init(out, cap);
    gen_put_be16(&b, id);
    gen_put_be16(&b, response ? 0x8180 : 0x0100); /* QR, RD, RA / RD */
    gen_put_be16(&b, 1);
    gen_put_be16(&b, response ? 1 : 0);
    gen_put_be16(&b, 0);
    gen_put_be16(&b, 0);
    for (const char *label = qname; *label;) {
        size_t n = strcspn(label, ".");
        gen_put_u8(&b, (uint8_t)n);
        gen_put_bytes(&b, label, n);
        label += n + (label[n] == '.');
    }
    gen_put_u8(&b, 0);
    gen_put_be16(&b, 1);
    gen_put_be16(&b, 1);
    if (response) {
        static const uint8_t addr[4] = {203, 0, 113, 87};
        gen_put_be16(&b, 0xc00c);
        gen_put_be16(&b, 1);
        gen_put_be16(&b, 1);
        gen_put_be32(&b, 300);
        gen_put_be16(&b, 4);
        gen_put_bytes(&b, addr, 4);
    }
    return b.overflow ? 0 : b.len;
}

/* Query and answer: 2 frames. */
static int dns_lookup(gen_ctx *g, const char *qname)
{
    uint8_t msg[256];
    gen_flow f;
    if (gen_flow_init(g, &f, IPPROTO_UDP, "10.99.9.7", "10.99.0.53", DNS_PORT) < 0)
        return -1;
    uint16_t id = (uint16_t)gen_rng_range(&g->rng, 1, 0xffff);
    size_t n = dns_message(msg, sizeof(msg), id, qname, 0);
    if (craft_udp(g, &f, GEN_TO_SERVER, msg, n) < 0)
        return -1;
    n = dns_message(msg, sizeof(msg), id, qname, 1);
    return craft_udp(g, &f, GEN_TO_CLIENT, msg, n);
}

int scn_c2001_dns_ioc_domain(gen_ctx *g)
{
    return dns_lookup(g, "api.solveblemten.com");
}

/* Not at a label boundary: "xmaterialplies.com" is not under the IOC materialplies.com. */
int scn_c2001_benign(gen_ctx *g)
{
    return dns_lookup(g, "xmaterialplies.com");
}

/* ---- ST-SCAN-001: one source, exploit requests to three edge appliances ---- */

/* CVE-2023-46805 traversal (as scn-exploit.c, ST-EXP-008) or the ordinary API call. */
static int edge_sweep(gen_ctx *g, const char *path)
{
    static const char *const targets[] = {"10.50.0.61", "10.50.0.62", "10.50.0.63"};
    static const char resp[] = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";
    char req[256];
    for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
        snprintf(req, sizeof(req),
                 "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n",
                 path, targets[i]);
        if (gen_http_exchange_port(g, "198.51.100.60", targets[i], HTTP_PORT, req, resp,
                                   GEN_HTTP_WHOLE) < 0)
            return -1;
    }
    return 0;
}

int scn_scan001_exploit_sweep(gen_ctx *g)
{
    return edge_sweep(g, "/api/v1/totp/user-backup-code/../../system/system-information");
}

int scn_scan001_benign(gen_ctx *g)
{
    return edge_sweep(g, "/api/v1/system/system-information");
}
