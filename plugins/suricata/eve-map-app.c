/* Suricata 7.0/8.0 app-layer records (etc/schema.json: ssh, tls, dns v2 and v3, snmp, tftp, ftp,
 * http) mapped onto core observations. */
#include "eve-map-app.h"
#include "eve-map.h"

#include <stdlib.h>
#include <string.h>

typedef struct name_value {
    const char *name;
    unsigned value;
} name_value;

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int lookup(const name_value *table, size_t n, const char *name, unsigned *out)
{
    for (size_t i = 0; name && i < n; i++)
        if (!strcmp(table[i].name, name)) {
            *out = table[i].value;
            return 1;
        }
    return 0;
}

static const char *str(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

static sw_observation *push(sw_suri_app *a, sw_obs_type type, sw_time ts)
{
    sw_observation *o = &a->obs[a->n++];
    memset(o, 0, sizeof(*o));
    o->type = type;
    o->ts = ts;
    return o;
}

/* The kex name-list is the HASSH string's first ';'-separated field (HASSH: kex;enc;mac;cmp). */
static const char *kex_of(const char *hassh_string, char *buf)
{
    size_t n = strcspn(hassh_string, ";");
    if (n >= SW_SURI_KEX_MAX)
        n = SW_SURI_KEX_MAX - 1;
    memcpy(buf, hassh_string, n);
    buf[n] = '\0';
    return buf;
}

static void map_ssh(const json_t *ssh, sw_suri_app *a, sw_time ts)
{
    static const char *const sides[] = {"client", "server"};
    for (int i = 0; i < 2; i++) {
        const json_t *side = json_object_get(ssh, sides[i]);
        if (!json_is_object(side))
            continue;
        sw_observation *o = push(a, SW_OBS_SSH_BANNER, ts);
        o->u.ssh_banner =
            (sw_obs_ssh_banner){&a->flow, (uint8_t)(i == 0), str(side, "proto_version"),
                                str(side, "software_version"), ""};
        /* HASSH is optional in Suricata's config; the banner is always logged. */
        const json_t *hassh = json_object_get(side, "hassh");
        if (json_is_object(hassh)) {
            o = push(a, SW_OBS_SSH_KEXINIT, ts);
            o->u.ssh_kexinit = (sw_obs_ssh_kexinit){&a->flow, (uint8_t)(i == 0), str(hassh, "hash"),
                                                    kex_of(str(hassh, "string"), a->kex[i])};
        }
    }
}

/* Suricata's names for SSL/TLS versions (SSLVersionToString). */
static const name_value tls_versions[] = {
    {"SSLv2", 0x0200},   {"SSLv3", 0x0300},   {"TLSv1", 0x0301},   {"TLS 1.0", 0x0301},
    {"TLS 1.1", 0x0302}, {"TLS 1.2", 0x0303}, {"TLS 1.3", 0x0304},
};

static void map_tls(const json_t *tls, sw_suri_app *a, sw_time ts)
{
    unsigned version = 0;
    lookup(tls_versions, COUNT(tls_versions), str(tls, "version"), &version);
    const json_t *ja3 = json_object_get(tls, "ja3"), *ja3s = json_object_get(tls, "ja3s");
    const char *sni = str(tls, "sni"), *ja4 = str(tls, "ja4");
    const char *alpn = json_string_value(json_array_get(json_object_get(tls, "client_alpns"), 0));
    if (*sni || *ja4 || json_is_object(ja3) || alpn) {
        sw_observation *o = push(a, SW_OBS_TLS_HELLO, ts);
        /* The record's version is the one negotiated; what the client offered is not in it. */
        o->u.tls_hello = (sw_obs_tls_hello){
            &a->flow, 1, 0, sni, alpn ? alpn : "", str(ja3, "string"), str(ja3, "hash"), ja4};
    }
    /* A negotiated version, a JA3S or a certificate means the server answered the hello. */
    if (version || json_is_object(ja3s) || *str(tls, "subject")) {
        sw_observation *o = push(a, SW_OBS_TLS_HELLO, ts);
        o->u.tls_hello = (sw_obs_tls_hello){
            &a->flow, 0, (uint16_t)version, "", "", str(ja3s, "string"), str(ja3s, "hash"), ""};
    }
}

/* RFC 1035 3.2.2, RFC 3596, and the rest of what Suricata names (DNSRcodeToString etc.). */
static const name_value dns_types[] = {
    {"A", 1},       {"NS", 2},    {"CNAME", 5},  {"SOA", 6},    {"PTR", 12},
    {"HINFO", 13},  {"MX", 15},   {"TXT", 16},   {"AAAA", 28},  {"SRV", 33},
    {"NAPTR", 35},  {"DS", 43},   {"SSHFP", 44}, {"RRSIG", 46}, {"NSEC", 47},
    {"DNSKEY", 48}, {"TLSA", 52}, {"SVCB", 64},  {"HTTPS", 65}, {"ANY", 255},
};
static const name_value dns_rcodes[] = {
    {"NOERROR", 0}, {"FORMERR", 1}, {"SERVFAIL", 2}, {"NXDOMAIN", 3},
    {"NOTIMP", 4},  {"REFUSED", 5}, {"YXDOMAIN", 6}, {"YXRRSET", 7},
    {"NXRRSET", 8}, {"NOTAUTH", 9}, {"NOTZONE", 10},
};

static void add_answer(sw_obs_dns *d, const char *rrtype, const char *rdata)
{
    if (d->n_answers >= SW_OBS_DNS_MAX_ANSWERS || !rrtype || !rdata ||
        (strcmp(rrtype, "A") && strcmp(rrtype, "AAAA")))
        return;
    if (sw_ip_parse(&d->answers[d->n_answers], rdata) == SW_OK)
        d->n_answers++;
}

/* v2 (Suricata 7): one record per query, "type":"query"|"answer" with rrname/rrtype beside;
 * v3 (Suricata 8): "type":"request"|"response" with "queries":[{rrname, rrtype}]. */
static void map_dns(const json_t *dns, sw_suri_app *a, sw_time ts)
{
    const char *type = str(dns, "type");
    int query = !strcmp(type, "query") || !strcmp(type, "request");
    if (!query && strcmp(type, "answer") && strcmp(type, "response"))
        return;
    const json_t *q = json_array_get(json_object_get(dns, "queries"), 0);
    const json_t *question = q ? q : dns;
    sw_observation *o = push(a, SW_OBS_DNS, ts);
    sw_obs_dns *d = &o->u.dns;
    d->flow = &a->flow;
    d->to_server = (uint8_t)query;
    d->id = (uint16_t)json_integer_value(json_object_get(dns, "id"));
    d->qname = str(question, "rrname");
    unsigned v = 0;
    if (lookup(dns_types, COUNT(dns_types), str(question, "rrtype"), &v))
        d->qtype = (uint16_t)v;
    if (lookup(dns_rcodes, COUNT(dns_rcodes), str(dns, "rcode"), &v))
        d->rcode = (uint8_t)v;
    const json_t *answers = json_object_get(dns, "answers"), *ans;
    size_t i;
    json_array_foreach(answers, i, ans)
        add_answer(d, json_string_value(json_object_get(ans, "rrtype")),
                   json_string_value(json_object_get(ans, "rdata")));
    if (d->n_answers || json_is_array(answers))
        return;
    /* "grouped" is the alternative answer format (dns.formats: [grouped]). */
    static const char *const addr_types[] = {"A", "AAAA"};
    for (int t = 0; t < 2; t++) {
        const json_t *g = json_object_get(json_object_get(dns, "grouped"), addr_types[t]), *ip;
        json_array_foreach(g, i, ip) add_answer(d, addr_types[t], json_string_value(ip));
    }
}

/* Suricata's pdu_type names (rust/src/snmp/log.rs) to the BER tags of RFC 3416 and RFC 1157. */
static const name_value snmp_pdus[] = {
    {"get_request", 0xA0},    {"get_next_request", 0xA1}, {"response", 0xA2},
    {"set_request", 0xA3},    {"trap_v1", 0xA4},          {"get_bulk_request", 0xA5},
    {"inform_request", 0xA6}, {"trap_v2", 0xA7},          {"report", 0xA8},
};

static void swap_direction(sw_flow_obs *f)
{
    sw_ip ip = f->src;
    uint16_t port = f->sp;
    f->src = f->dst;
    f->sp = f->dp;
    f->dst = ip;
    f->dp = port;
}

static void map_snmp(const json_t *snmp, sw_suri_app *a, sw_time ts)
{
    unsigned pdu = 0;
    /* Suricata writes 1, 2 (v2c) or 3; the message's own field is 0, 1 or 3 (RFC 3584 2.1). */
    json_int_t version = json_integer_value(json_object_get(snmp, "version"));
    if (!lookup(snmp_pdus, COUNT(snmp_pdus), str(snmp, "pdu_type"), &pdu) || version < 1 ||
        version > 3)
        return;
    /* Suricata stamps a response with the packet's direction; the flow is the request's. */
    int answer = pdu == 0xA2 || pdu == 0xA8;
    if (answer)
        swap_direction(&a->flow);
    sw_observation *o = push(a, SW_OBS_SNMP, ts);
    sw_obs_snmp *s = &o->u.snmp;
    s->flow = &a->flow;
    s->to_server = (uint8_t)!answer;
    s->version = (uint8_t)(version == 3 ? 3 : version - 1);
    s->pdu_type = (uint8_t)pdu;
    const json_t *community = json_object_get(snmp, "community");
    s->community =
        (sw_bytes){(const uint8_t *)json_string_value(community), json_string_length(community)};
    s->v3_user = str(snmp, "usm");
    const json_t *vars = json_object_get(snmp, "vars"), *oid;
    size_t i;
    json_array_foreach(vars, i, oid)
    {
        if (s->n_oids < SW_OBS_SNMP_MAX_OIDS && json_is_string(oid))
            a->oids[s->n_oids++] = json_string_value(oid);
    }
    for (size_t k = 0; k < s->n_oids; k++)
        s->oids[k] = a->oids[k];
}

static void file_request(sw_suri_app *a, sw_time ts, sw_app_proto proto, const char *command,
                         const char *filename, int upload)
{
    sw_observation *o = push(a, SW_OBS_FILE_REQUEST, ts);
    o->u.file = (sw_obs_file){.flow = &a->flow,
                              .protocol = proto,
                              .upload = (uint8_t)upload,
                              .command = command,
                              .filename = filename,
                              .requester = a->flow.src,
                              .server = a->flow.dst};
}

static void map_tftp(const json_t *tftp, sw_suri_app *a, sw_time ts)
{
    const char *packet = str(tftp, "packet");
    int upload = !strcmp(packet, "write");
    if (upload || !strcmp(packet, "read"))
        file_request(a, ts, SW_APP_TFTP, upload ? "WRQ" : "RRQ", str(tftp, "file"), upload);
}

/* RFC 959 4.1.3: the commands that move a file; all but RETR send it to the server. */
static int ftp_transfer(const char *command)
{
    return !strcmp(command, "STOR") || !strcmp(command, "RETR") || !strcmp(command, "APPE") ||
           !strcmp(command, "STOU");
}

static void map_ftp(const json_t *ftp, sw_suri_app *a, sw_time ts)
{
    const char *command = str(ftp, "command");
    if (!*command)
        return;
    const char *argument = str(ftp, "command_data");
    sw_observation *o = push(a, SW_OBS_FTP_COMMAND, ts);
    /* The sensor never hands a password to the engine; neither does the plugin. */
    o->u.ftp = (sw_obs_ftp){&a->flow, command, strcmp(command, "PASS") ? argument : "***"};
    if (ftp_transfer(command))
        file_request(a, ts, SW_APP_FTP, command, argument, strcmp(command, "RETR") != 0);
}

static sw_bytes bytes_of(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return (sw_bytes){(const uint8_t *)json_string_value(v), json_string_length(v)};
}

static void map_http(const json_t *rec, const json_t *http, sw_suri_app *a, sw_time ts)
{
    uint64_t tx_id = (uint64_t)json_integer_value(json_object_get(rec, "tx_id"));
    const char *method = str(http, "http_method");
    if (*method || json_is_string(json_object_get(http, "url"))) {
        sw_observation *o = push(a, SW_OBS_HTTP_REQUEST, ts);
        sw_obs_http_request *r = &o->u.http_request;
        r->flow = &a->flow;
        r->tx_id = tx_id;
        r->method = method;
        /* Suricata logs the URI as sent; its normalised form is not in the record. */
        r->uri_raw = r->uri = bytes_of(http, "url");
        r->protocol = bytes_of(http, "protocol");
        r->host = bytes_of(http, "hostname");
        r->user_agent = bytes_of(http, "http_user_agent");
    }
    json_int_t status = json_integer_value(json_object_get(http, "status"));
    if (status > 0 && status < 1000) {
        sw_observation *o = push(a, SW_OBS_HTTP_RESPONSE, ts);
        o->u.http_response =
            (sw_obs_http_response){.flow = &a->flow, .tx_id = tx_id, .status = (uint16_t)status};
    }
}

static const name_value app_types[] = {
    {"ssh", SW_APP_SSH},   {"tls", SW_APP_TLS}, {"dns", SW_APP_DNS},   {"snmp", SW_APP_SNMP},
    {"tftp", SW_APP_TFTP}, {"ftp", SW_APP_FTP}, {"http", SW_APP_HTTP},
};

int sw_suri_is_app_record(const char *event_type)
{
    unsigned v;
    return lookup(app_types, COUNT(app_types), event_type, &v);
}

sw_status sw_suri_map_app(const json_t *record, sw_suri_app *out)
{
    memset(out, 0, sizeof(*out));
    const char *type = json_string_value(json_object_get(record, "event_type"));
    unsigned app = 0;
    sw_time ts;
    if (!lookup(app_types, COUNT(app_types), type, &app) ||
        sw_suri_read_endpoints(record, &out->flow) != SW_OK ||
        sw_suri_parse_time(json_string_value(json_object_get(record, "timestamp")), &ts) != SW_OK)
        return SW_ERR_INVALID;
    out->flow.start = out->flow.last = ts;
    out->flow.app_proto = (sw_app_proto)app;
    const json_t *body = json_object_get(record, type);
    if (!json_is_object(body))
        return SW_ERR_INVALID;
    switch ((sw_app_proto)app) {
    case SW_APP_SSH:
        map_ssh(body, out, ts);
        break;
    case SW_APP_TLS:
        map_tls(body, out, ts);
        break;
    case SW_APP_DNS:
        map_dns(body, out, ts);
        break;
    case SW_APP_SNMP:
        map_snmp(body, out, ts);
        break;
    case SW_APP_TFTP:
        map_tftp(body, out, ts);
        break;
    case SW_APP_FTP:
        map_ftp(body, out, ts);
        break;
    default:
        map_http(record, body, out, ts);
        break;
    }
    for (size_t i = 0; i < out->n; i++)
        out->obs[i].pcap_cnt = (uint64_t)json_integer_value(json_object_get(record, "pcap_cnt"));
    return SW_OK;
}
