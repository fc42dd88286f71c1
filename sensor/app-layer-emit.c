/* Per-protocol message handlers of the app layer: each parses one message with its sensor/app-*
 * parser and turns it into observations (core/observation.h). */
#include "app-layer-int.h"

#include "app-dns.h"
#include "app-radius.h"
#include "app-smi.h"
#include "app-syslog.h"
#include "app-tacacs.h"
#include "app-telnet.h"
#include "app-tftp.h"
#include "util-cursor.h"
#include "util-line.h"

#include <string.h>

#define TFTP_BLOCK 512 /* RFC 1350 2: data blocks of 512 bytes (blksize of RFC 2348 not read) */

void app_emit(sw_app_layer *al, sw_observation *obs)
{
    obs->ts = al->ts;
    obs->pcap_cnt = al->pcap_cnt;
    if ((unsigned)al->flow.app_proto < SW_APP_COUNT)
        al->tx[al->flow.app_proto]++;
    al->obs_cb(obs, al->user);
}

void app_count(sw_app_layer *al, const sw_app_result *r)
{
    sw_app_stats_count(&al->anomalies, r);
    if (al->anomaly_cb)
        for (unsigned i = 0; i < r->n_events; i++)
            al->anomaly_cb((sw_app_event)r->events[i], &al->flow, al->pkt_to_server, al->ts,
                           al->pcap_cnt, al->user);
}

static sw_observation obs_new(sw_obs_type type)
{
    sw_observation obs;
    memset(&obs, 0, sizeof(obs));
    obs.type = type;
    return obs;
}

/* Every chunk and datagram: only the header and u.payload are written (clearing the whole union
 * each time was measurable, as for flow observations). Not a transaction, so app_emit, which
 * counts app.<proto>.tx, is not used; the packet's time and number are set here instead. */
void app_emit_payload(sw_app_layer *al, int to_server, uint64_t offset, const uint8_t *d, size_t n)
{
    sw_observation obs;
    obs.type = SW_OBS_PAYLOAD;
    obs.ts = al->ts;
    obs.pcap_cnt = al->pcap_cnt;
    obs.u.payload = (sw_obs_payload){&al->flow, (uint8_t)to_server, offset, {d, n}};
    al->obs_cb(&obs, al->user);
}

void app_emit_file(sw_app_layer *al, sw_obs_type type, const app_file *f, uint64_t offset,
                   const uint8_t *d, size_t n)
{
    sw_observation obs = obs_new(type);
    sw_obs_file *o = &obs.u.file;
    o->flow = &al->flow;
    o->protocol = f->protocol;
    o->upload = f->upload;
    o->command = f->command;
    o->filename = f->filename;
    o->requester = f->requester;
    o->server = f->server;
    o->offset = offset;
    o->data = (sw_bytes){d, n};
    app_emit(al, &obs);
}

static sw_app_result ssh_message(sw_app_layer *al, app_dir *dir, int to_server, const uint8_t *d,
                                 size_t n)
{
    sw_observation obs;
    if (dir->stage == 0) {
        sw_ssh_banner b;
        sw_app_result r = sw_ssh_parse_banner(d, n, &b);
        if (r.status != SW_APP_OK)
            return r;
        dir->stage = 1;
        obs = obs_new(SW_OBS_SSH_BANNER);
        obs.u.ssh_banner = (sw_obs_ssh_banner){&al->flow, (uint8_t)to_server, b.proto_version,
                                               b.software_version, b.comments};
        app_emit(al, &obs);
        return r;
    }
    sw_ssh_kexinit *k = &al->scratch.kex;
    sw_app_result r = sw_ssh_parse_packet(d, n, k);
    if (r.status != SW_APP_OK || k->msg_code != SW_SSH_MSG_KEXINIT)
        return r;
    obs = obs_new(SW_OBS_SSH_KEXINIT);
    obs.u.ssh_kexinit = (sw_obs_ssh_kexinit){&al->flow, (uint8_t)to_server,
                                             to_server ? k->hassh : k->hassh_server, k->kex};
    app_emit(al, &obs);
    dir->done = 1; /* RFC 4253 7.3: after NEWKEYS everything is encrypted */
    return r;
}

static sw_app_result tls_message(sw_app_layer *al, app_dir *dir, int to_server, const uint8_t *d,
                                 size_t n)
{
    sw_tls_hello *h = &al->scratch.tls;
    sw_app_result r = sw_tls_parse(d, n, 0, h);
    if (r.status != SW_APP_OK)
        return r;
    sw_observation obs = obs_new(SW_OBS_TLS_HELLO);
    obs.u.tls_hello = (sw_obs_tls_hello){&al->flow,          (uint8_t)to_server,
                                         h->highest_version, h->sni,
                                         h->alpn_first,      h->ja3,
                                         h->ja3_md5,         h->ja4};
    app_emit(al, &obs);
    dir->done = 1; /* later records are encrypted or uninteresting */
    return r;
}

static void emit_dns(sw_app_layer *al, int to_server, const sw_dns_message *m)
{
    sw_observation obs = obs_new(SW_OBS_DNS);
    sw_obs_dns *o = &obs.u.dns;
    o->flow = &al->flow;
    o->to_server = (uint8_t)(to_server && !m->qr);
    o->id = m->id;
    o->rcode = m->rcode;
    o->qname = m->n_questions ? m->questions[0].name : "";
    o->qtype = m->n_questions ? m->questions[0].qtype : 0;
    for (unsigned i = 0; i < m->n_answers && o->n_answers < SW_OBS_DNS_MAX_ANSWERS; i++)
        o->answers[o->n_answers++] = m->answers[i].addr;
    app_emit(al, &obs);
}

static sw_app_result tacacs_message(sw_app_layer *al, int to_server, const uint8_t *d, size_t n)
{
    sw_tacacs_header h;
    sw_app_result r = sw_tacacs_parse(d, n, &h);
    if (r.status != SW_APP_OK)
        return r;
    sw_observation obs = obs_new(SW_OBS_TACACS);
    obs.u.tacacs = (sw_obs_tacacs){&al->flow, (uint8_t)to_server, h.version_major, h.version_minor,
                                   h.type,    h.seq_no,           h.flags,         h.session_id,
                                   h.length};
    app_emit(al, &obs);
    return r;
}

static sw_app_result smi_message(sw_app_layer *al, int to_server, const uint8_t *d, size_t n)
{
    sw_smi_message m;
    sw_app_result r = sw_smi_parse(d, n, &m);
    if (r.status != SW_APP_OK)
        return r;
    sw_cursor c = sw_cur_init(d, n);
    sw_cur_skip(&c, SW_SMI_HEADER_LEN);
    sw_observation obs = obs_new(SW_OBS_SMI);
    obs.u.smi = (sw_obs_smi){&al->flow,      (uint8_t)to_server, m.version,
                             m.msg_type,     m.length,           m.has_url,
                             m.has_tftp_url, m.has_copy,         {sw_cur_ptr(&c), m.prefix_len}};
    app_emit(al, &obs);
    return r;
}

static void emit_syslog(sw_app_layer *al, const uint8_t *d, size_t n)
{
    sw_syslog_message m;
    sw_app_result r = sw_syslog_parse(d, n, &m);
    app_count(al, &r);
    if (r.status != SW_APP_OK)
        return;
    sw_observation obs = obs_new(SW_OBS_SYSLOG);
    obs.u.syslog =
        (sw_obs_syslog){&al->flow, m.facility, m.severity, m.hostname, m.app_name, m.message};
    app_emit(al, &obs);
}

/* RFC 6587 3.4.2 non-transparent framing: one message per LF-terminated line. */
static sw_app_result syslog_line(sw_app_layer *al, const uint8_t *d, size_t n)
{
    sw_app_result r = sw_app_result_ok();
    sw_cursor c = sw_cur_init(d, n), line;
    sw_line_status st = sw_line_next(&c, SW_SYSLOG_MSG_MAX * 4, &line);
    if (st == SW_LINE_NEED_MORE) {
        r.status = SW_APP_INCOMPLETE;
        return r;
    }
    if (st == SW_LINE_TOO_LONG) {
        sw_app_malformed(&r, SW_APP_EV_SYSLOG_MSG_TOO_LONG);
        return r;
    }
    if (sw_cur_left(&line))
        emit_syslog(al, sw_cur_ptr(&line), sw_cur_left(&line));
    r.consumed = c.off;
    return r;
}

static void emit_telnet(sw_app_layer *al, const sw_telnet_greeting *g)
{
    sw_observation obs = obs_new(SW_OBS_TELNET);
    sw_obs_telnet *o = &obs.u.telnet;
    o->flow = &al->flow;
    o->n_options = g->n_options;
    memcpy(o->options, g->options, sizeof(o->options));
    o->banner = g->banner;
    app_emit(al, &obs);
}

/* Only the server's greeting is read; the client's side (user names, passwords) never is. */
static sw_app_result telnet_message(sw_app_layer *al, app_dir *dir, int to_server, const uint8_t *d,
                                    size_t n)
{
    sw_app_result r = sw_app_result_ok();
    dir->done = 1;
    if (to_server)
        return r;
    sw_telnet_greeting g;
    r = sw_telnet_parse_greeting(d, n, 0, &g);
    if (r.status == SW_APP_INCOMPLETE)
        dir->done = 0;
    if (r.status == SW_APP_OK)
        emit_telnet(al, &g);
    return r;
}

void app_telnet_end(sw_app_layer *al, app_flow *af)
{
    app_dir *dir = &af->dir[0];
    if (dir->done || dir->len == 0)
        return;
    sw_telnet_greeting g;
    sw_app_result r = sw_telnet_parse_greeting(dir->buf, dir->len, 1, &g);
    app_count(al, &r);
    dir->done = 1;
    if (r.status == SW_APP_OK)
        emit_telnet(al, &g);
}

/* FTP: transfer commands (RFC 959 4.1.3) attach their file to the flow's latest expected data
 * connection; STOR/APPE/STOU send the file to the server. */
static void ftp_transfer(sw_app_layer *al, app_flow *af, const sw_ftp_command *c)
{
    int upload = strcmp(c->command, "RETR") != 0;
    app_file *f = &af->file;
    memset(f, 0, sizeof(*f));
    f->protocol = SW_APP_FTP;
    f->upload = (uint8_t)upload;
    memcpy(f->command, c->command, sizeof(f->command) - 1);
    memcpy(f->filename, c->argument, strlen(c->argument) + 1);
    f->requester = al->flow.src;
    f->server = al->flow.dst;
    af->has_file = 1;
    app_emit_file(al, SW_OBS_FILE_REQUEST, f, 0, NULL, 0);
    app_expect *e = app_expect_latest(al, af);
    if (e) {
        e->file = *f;
        e->has_file = 1;
    }
}

static sw_app_result ftp_command(sw_app_layer *al, app_flow *af, const uint8_t *d, size_t n)
{
    sw_ftp_command c;
    sw_app_result r = sw_ftp_parse_command(d, n, &c);
    if (r.status != SW_APP_OK)
        return r;
    sw_observation obs = obs_new(SW_OBS_FTP_COMMAND);
    obs.u.ftp = (sw_obs_ftp){&al->flow, c.command, c.argument};
    app_emit(al, &obs);
    if (c.endpoint.valid) { /* PORT/EPRT: the client listens, the server connects */
        const sw_ip *listener = c.endpoint.addr.family ? &c.endpoint.addr : &al->flow.src;
        af->owns_expect = 1;
        app_expect_add(al, listener, c.endpoint.port, &al->flow.dst, af);
    }
    static const char *const transfers[] = {"STOR", "RETR", "APPE", "STOU"};
    for (unsigned i = 0; i < 4; i++)
        if (strcmp(c.command, transfers[i]) == 0)
            ftp_transfer(al, af, &c);
    return r;
}

static sw_app_result ftp_reply(sw_app_layer *al, app_flow *af, const uint8_t *d, size_t n)
{
    sw_ftp_reply p;
    sw_app_result r = sw_ftp_parse_reply(d, n, &p);
    if (r.status == SW_APP_OK && p.endpoint.valid) { /* 227/229: the server listens */
        const sw_ip *listener = p.endpoint.addr.family ? &p.endpoint.addr : &al->flow.dst;
        af->owns_expect = 1;
        app_expect_add(al, listener, p.endpoint.port, &al->flow.src, af);
    }
    return r;
}

sw_app_result app_stream_message(sw_app_layer *al, app_flow *af, int to_server, const uint8_t *d,
                                 size_t n)
{
    app_dir *dir = &af->dir[to_server ? 1 : 0];
    sw_app_result r = sw_app_result_ok();
    switch (af->proto) {
    case SW_APP_SSH:
        return ssh_message(al, dir, to_server, d, n);
    case SW_APP_TLS:
        return tls_message(al, dir, to_server, d, n);
    case SW_APP_DNS: {
        sw_dns_message m;
        r = sw_dns_parse_tcp(d, n, &m);
        if (r.status == SW_APP_OK)
            emit_dns(al, to_server, &m);
        return r;
    }
    case SW_APP_TACACS:
        return tacacs_message(al, to_server, d, n);
    case SW_APP_SMI:
        return smi_message(al, to_server, d, n);
    case SW_APP_SYSLOG:
        return syslog_line(al, d, n);
    case SW_APP_FTP:
        return to_server ? ftp_command(al, af, d, n) : ftp_reply(al, af, d, n);
    case SW_APP_TELNET:
        return telnet_message(al, dir, to_server, d, n);
    default:
        dir->done = 1; /* FTP data, unknown (HTTP never gets here: app-layer-http.c) */
        return r;
    }
}

/* ---- datagrams ----------------------------------------------------------------------------- */

static int on_port(const sw_flow_obs *f, uint16_t a, uint16_t b)
{
    return f->dp == a || f->dp == b || f->sp == a || f->sp == b;
}

static void snmp_datagram(sw_app_layer *al, int to_server, const uint8_t *d, size_t n)
{
    sw_snmp_message *m = &al->scratch.snmp;
    sw_app_result r = sw_snmp_parse(d, n, m);
    app_count(al, &r);
    if (r.status != SW_APP_OK)
        return;
    sw_observation obs = obs_new(SW_OBS_SNMP);
    sw_obs_snmp *o = &obs.u.snmp;
    o->flow = &al->flow;
    o->to_server = (uint8_t)to_server;
    o->version = m->version;
    o->pdu_type = m->pdu_type;
    o->community = (sw_bytes){m->community, m->community_len};
    o->request_id = m->request_id;
    o->error_status = m->error_status;
    o->n_oids = m->n_oids;
    for (unsigned i = 0; i < m->n_oids; i++)
        o->oids[i] = m->oids[i];
    o->v3_user = m->v3_user;
    o->v3_flags = m->v3_flags;
    app_emit(al, &obs);
}

static void radius_datagram(sw_app_layer *al, int to_server, const uint8_t *d, size_t n)
{
    sw_radius_packet p;
    sw_app_result r = sw_radius_parse(d, n, &p);
    app_count(al, &r);
    if (r.status != SW_APP_OK)
        return;
    sw_observation obs = obs_new(SW_OBS_RADIUS);
    obs.u.radius = (sw_obs_radius){&al->flow,   (uint8_t)to_server,   p.code,  p.identifier,
                                   p.user_name, p.calling_station_id, p.nas_ip};
    app_emit(al, &obs);
}

/* RFC 1350 4: RRQ/WRQ to port 69; the transfer continues between a new server port and the
 * requester's port, expected here. */
static void tftp_request(sw_app_layer *al, const sw_tftp_packet *t)
{
    app_file f;
    memset(&f, 0, sizeof(f));
    f.protocol = SW_APP_TFTP;
    f.upload = t->opcode == SW_TFTP_WRQ;
    strcpy(f.command, f.upload ? "WRQ" : "RRQ");
    memcpy(f.filename, t->filename, sizeof(f.filename));
    f.requester = al->flow.src;
    f.server = al->flow.dst;
    app_emit_file(al, SW_OBS_FILE_REQUEST, &f, 0, NULL, 0);
    app_expect *e = app_expect_add(al, &al->flow.src, al->flow.sp, &al->flow.dst, NULL);
    e->file = f;
    e->has_file = 1;
}

static sw_app_proto tftp_datagram(sw_app_layer *al, const uint8_t *d, size_t n, int is_69)
{
    sw_tftp_packet t;
    sw_app_result r = sw_tftp_parse(d, n, &t);
    app_count(al, &r);
    if (r.status != SW_APP_OK)
        return SW_APP_UNKNOWN;
    if (is_69 && (t.opcode == SW_TFTP_RRQ || t.opcode == SW_TFTP_WRQ)) {
        tftp_request(al, &t);
    } else if (t.opcode == SW_TFTP_DATA && t.block > 0) {
        app_expect *e = app_expect_match(al, &al->flow);
        if (!e || !e->has_file)
            return is_69 ? SW_APP_TFTP : SW_APP_UNKNOWN;
        sw_cursor c = sw_cur_init(d, n);
        sw_cur_skip(&c, t.payload_off);
        app_emit_file(al, SW_OBS_FILE_DATA, &e->file, (uint64_t)(t.block - 1) * TFTP_BLOCK,
                      sw_cur_ptr(&c), t.payload_len);
    }
    return SW_APP_TFTP;
}

static int looks_like_tftp_data(const uint8_t *d, size_t n)
{
    sw_cursor c = sw_cur_init(d, n);
    uint16_t op = sw_cur_be16(&c);
    return !c.err && (op == SW_TFTP_DATA || op == SW_TFTP_ACK);
}

sw_app_proto app_datagram(sw_app_layer *al, int to_server, const uint8_t *d, size_t n)
{
    const sw_flow_obs *f = &al->flow;
    if (on_port(f, 53, 5353)) {
        sw_dns_message m;
        sw_app_result r = sw_dns_parse_udp(d, n, &m);
        app_count(al, &r);
        if (r.status == SW_APP_OK)
            emit_dns(al, to_server, &m);
        return SW_APP_DNS;
    }
    if (on_port(f, 161, 162)) {
        snmp_datagram(al, to_server, d, n);
        return SW_APP_SNMP;
    }
    if (on_port(f, 1812, 1813) || on_port(f, 1645, 1646)) {
        radius_datagram(al, to_server, d, n);
        return SW_APP_RADIUS;
    }
    if (on_port(f, 514, 514)) {
        emit_syslog(al, d, n);
        return SW_APP_SYSLOG;
    }
    if (f->dp == 69)
        return tftp_datagram(al, d, n, 1);
    if (looks_like_tftp_data(d, n) && app_expect_match(al, f))
        return tftp_datagram(al, d, n, 0);
    return SW_APP_UNKNOWN;
}
