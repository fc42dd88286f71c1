/* Deep copies of observations and alerts into an arena (see obs-copy.h). Observation bytes
 * are packet data, so they are copied through the cursor like every other packet read. */
#include "obs-copy.h"
#include "util-cursor.h"

#include <string.h>

sw_arena sw_arena_init(void *base, size_t cap)
{
    sw_arena a = {base, base ? cap : 0, 0, 0};
    return a;
}

/* Room for n bytes, 8-byte aligned; NULL when measuring or out of room. */
static void *take(sw_arena *a, size_t n)
{
    size_t at = (a->used + 7) & ~(size_t)7;
    a->used = at + n;
    if (!a->base)
        return NULL;
    if (n > a->cap || at > a->cap - n) {
        a->overflow = 1;
        return NULL;
    }
    return a->base + at;
}

static const char *copy_str(sw_arena *a, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = take(a, n);
    if (d)
        memcpy(d, s, n);
    return d ? d : (a->base ? "" : NULL);
}

static sw_bytes copy_bytes(sw_arena *a, sw_bytes b)
{
    sw_bytes out = {NULL, 0};
    uint8_t *d = take(a, b.len);
    sw_cursor c = sw_cur_init(b.data, b.len);
    if (d && sw_cur_bytes(&c, d, b.len))
        out = (sw_bytes){d, b.len};
    return out;
}

static const sw_tunnel_info *copy_tunnel(sw_arena *a, const sw_tunnel_info *tunnel)
{
    sw_tunnel_info *t = tunnel ? take(a, sizeof(*t)) : NULL;
    if (t)
        *t = *tunnel;
    return t;
}

static const sw_flow_obs *copy_flow(sw_arena *a, const sw_flow_obs *f)
{
    if (!f)
        return NULL;
    sw_flow_obs copy = *f;
    copy.tunnel = copy_tunnel(a, f->tunnel);
    sw_flow_obs *d = take(a, sizeof(*d));
    if (d)
        *d = copy;
    return d;
}

static const sw_bytes no_bytes = {NULL, 0};

/* The per-type pointers; `o` already holds a shallow copy of the observation. */
static void copy_members(sw_arena *a, sw_observation *o)
{
    switch (o->type) {
    case SW_OBS_FLOW_START:
    case SW_OBS_FLOW_ANSWERED:
    case SW_OBS_FLOW_ESTABLISHED:
    case SW_OBS_FLOW_END:
    case SW_OBS_FLOW_PROGRESS:
        o->u.flow.tunnel = copy_tunnel(a, o->u.flow.tunnel);
        break;
    case SW_OBS_SSH_BANNER:
        o->u.ssh_banner.proto_version = copy_str(a, o->u.ssh_banner.proto_version);
        o->u.ssh_banner.software = copy_str(a, o->u.ssh_banner.software);
        o->u.ssh_banner.comments = copy_str(a, o->u.ssh_banner.comments);
        break;
    case SW_OBS_SSH_KEXINIT:
        o->u.ssh_kexinit.hassh = copy_str(a, o->u.ssh_kexinit.hassh);
        o->u.ssh_kexinit.kex_algorithms = copy_str(a, o->u.ssh_kexinit.kex_algorithms);
        break;
    case SW_OBS_TLS_HELLO: {
        sw_obs_tls_hello *t = &o->u.tls_hello;
        t->sni = copy_str(a, t->sni);
        t->alpn = copy_str(a, t->alpn);
        t->ja3 = copy_str(a, t->ja3);
        t->ja3_hash = copy_str(a, t->ja3_hash);
        t->ja4 = copy_str(a, t->ja4);
        break;
    }
    case SW_OBS_DNS:
        o->u.dns.qname = copy_str(a, o->u.dns.qname);
        break;
    case SW_OBS_SNMP: {
        sw_obs_snmp *s = &o->u.snmp;
        s->community = copy_bytes(a, s->community);
        for (size_t i = 0; i < s->n_oids && i < SW_OBS_SNMP_MAX_OIDS; i++)
            s->oids[i] = copy_str(a, s->oids[i]);
        s->v3_user = copy_str(a, s->v3_user);
        break;
    }
    case SW_OBS_RADIUS:
        o->u.radius.user_name = copy_str(a, o->u.radius.user_name);
        o->u.radius.calling_station_id = copy_str(a, o->u.radius.calling_station_id);
        break;
    case SW_OBS_FILE_REQUEST:
    case SW_OBS_FILE_DATA:
        o->u.file.command = copy_str(a, o->u.file.command);
        o->u.file.filename = copy_str(a, o->u.file.filename);
        o->u.file.data = no_bytes;
        break;
    case SW_OBS_FTP_COMMAND:
        o->u.ftp.command = copy_str(a, o->u.ftp.command);
        o->u.ftp.argument = copy_str(a, o->u.ftp.argument);
        break;
    case SW_OBS_SYSLOG:
        o->u.syslog.hostname = copy_str(a, o->u.syslog.hostname);
        o->u.syslog.app_name = copy_str(a, o->u.syslog.app_name);
        o->u.syslog.message = copy_str(a, o->u.syslog.message);
        break;
    case SW_OBS_SMI:
        o->u.smi.prefix = no_bytes;
        break;
    case SW_OBS_HTTP_REQUEST: {
        sw_obs_http_request *r = &o->u.http_request;
        r->method = copy_str(a, r->method);
        r->uri_raw = copy_bytes(a, r->uri_raw);
        r->uri = copy_bytes(a, r->uri);
        r->protocol = copy_bytes(a, r->protocol);
        r->host = copy_bytes(a, r->host);
        r->user_agent = copy_bytes(a, r->user_agent);
        r->cookie = copy_bytes(a, r->cookie);
        r->content_type = copy_bytes(a, r->content_type);
        r->headers = r->body = no_bytes;
        break;
    }
    case SW_OBS_HTTP_RESPONSE:
        o->u.http_response.headers = o->u.http_response.body = no_bytes;
        break;
    case SW_OBS_PAYLOAD:
        o->u.payload.data = no_bytes;
        break;
    case SW_OBS_TELNET: /* the options are inline; only the banner line points out */
        o->u.telnet.banner = copy_str(a, o->u.telnet.banner);
        break;
    case SW_OBS_TACACS:
    case SW_OBS_TICK:
        break;
    }
}

/* Application observations keep their flow in a `flow` member at the start of each union
 * member; sw_obs_flow finds it and this sets it. */
static void set_app_flow(sw_observation *o, const sw_flow_obs *f)
{
    switch (o->type) {
    case SW_OBS_SSH_BANNER:
        o->u.ssh_banner.flow = f;
        break;
    case SW_OBS_SSH_KEXINIT:
        o->u.ssh_kexinit.flow = f;
        break;
    case SW_OBS_TLS_HELLO:
        o->u.tls_hello.flow = f;
        break;
    case SW_OBS_DNS:
        o->u.dns.flow = f;
        break;
    case SW_OBS_SNMP:
        o->u.snmp.flow = f;
        break;
    case SW_OBS_TACACS:
        o->u.tacacs.flow = f;
        break;
    case SW_OBS_RADIUS:
        o->u.radius.flow = f;
        break;
    case SW_OBS_FILE_REQUEST:
    case SW_OBS_FILE_DATA:
        o->u.file.flow = f;
        break;
    case SW_OBS_FTP_COMMAND:
        o->u.ftp.flow = f;
        break;
    case SW_OBS_SYSLOG:
        o->u.syslog.flow = f;
        break;
    case SW_OBS_SMI:
        o->u.smi.flow = f;
        break;
    case SW_OBS_HTTP_REQUEST:
        o->u.http_request.flow = f;
        break;
    case SW_OBS_HTTP_RESPONSE:
        o->u.http_response.flow = f;
        break;
    case SW_OBS_PAYLOAD:
        o->u.payload.flow = f;
        break;
    case SW_OBS_TELNET:
        o->u.telnet.flow = f;
        break;
    default:
        break;
    }
}

sw_observation sw_obs_copy(sw_arena *a, const sw_observation *obs)
{
    sw_observation o = *obs;
    if (!sw_obs_is_flow(obs->type) && obs->type != SW_OBS_TICK)
        set_app_flow(&o, copy_flow(a, sw_obs_flow(obs)));
    copy_members(a, &o);
    return o;
}

sw_alert sw_alert_copy(sw_arena *a, const sw_alert *alert)
{
    sw_alert c = *alert;
    c.flow = copy_flow(a, alert->flow);
    for (size_t i = 0; i < c.n_evidence && i < SW_ALERT_MAX_EVIDENCE; i++) {
        c.evidence[i].key = copy_str(a, alert->evidence[i].key);
        c.evidence[i].value = copy_str(a, alert->evidence[i].value);
    }
    return c;
}
