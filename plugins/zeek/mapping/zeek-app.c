/* Zeek application events as Seawall application observations (see zeek-app.h). */
#include "zeek-app.h"

#include <stdio.h>
#include <string.h>

static const char *text(const char *s)
{
    return s ? s : "";
}

/* Copies at most n bytes of src into dst (SW_ZEEK_SCRATCH_LEN), replacing non-printable bytes
 * with '.', so what reaches the engine is always printable and terminated. */
static const char *copy_printable(char *dst, const char *src, size_t n)
{
    size_t i = 0;
    for (; i < n && i < SW_ZEEK_SCRATCH_LEN - 1 && src[i]; i++)
        dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '.';
    dst[i] = '\0';
    return dst;
}

static sw_bytes bytes_of(const char *s)
{
    sw_bytes b = {(const uint8_t *)text(s), strlen(text(s))};
    return b;
}

void sw_zeek_ssh_banner(const sw_flow_obs *flow, int to_server, const char *banner,
                        sw_zeek_scratch *scratch, sw_obs_ssh_banner *out)
{
    memset(out, 0, sizeof(*out));
    out->flow = flow;
    out->to_server = to_server ? 1 : 0;
    const char *b = text(banner);
    out->proto_version = out->software = out->comments = "";
    if (strncmp(b, "SSH-", 4) != 0) {
        out->software = copy_printable(scratch->text[1], b, strlen(b));
        return;
    }
    const char *ver = b + 4;
    const char *dash = strchr(ver, '-');
    if (!dash) {
        out->proto_version = copy_printable(scratch->text[0], ver, strlen(ver));
        return;
    }
    out->proto_version = copy_printable(scratch->text[0], ver, (size_t)(dash - ver));
    const char *sw = dash + 1;
    size_t sw_len = strcspn(sw, " ");
    out->software = copy_printable(scratch->text[1], sw, sw_len);
    if (sw[sw_len] == ' ')
        out->comments = copy_printable(scratch->text[2], sw + sw_len + 1, strlen(sw + sw_len + 1));
}

static const struct {
    const char *kind;
    uint8_t tag;
} pdu_tags[] = {
    {"get", 0xA0},      {"get_next", 0xA1}, {"response", 0xA2}, {"set", 0xA3},    {"trap", 0xA4},
    {"get_bulk", 0xA5}, {"inform", 0xA6},   {"trapV2", 0xA7},   {"report", 0xA8},
};

uint8_t sw_zeek_snmp_pdu_tag(const char *pdu_kind)
{
    for (size_t i = 0; i < sizeof(pdu_tags) / sizeof(pdu_tags[0]); i++)
        if (strcmp(text(pdu_kind), pdu_tags[i].kind) == 0)
            return pdu_tags[i].tag;
    return 0;
}

void sw_zeek_snmp(const sw_flow_obs *flow, int to_server, unsigned version, const char *pdu_kind,
                  const uint8_t *community, size_t community_len, int32_t request_id,
                  sw_obs_snmp *out)
{
    memset(out, 0, sizeof(*out));
    out->flow = flow;
    out->to_server = to_server ? 1 : 0;
    out->version = (uint8_t)(version <= 3 ? version : 0xff);
    out->pdu_type = sw_zeek_snmp_pdu_tag(pdu_kind);
    /* RFC 3412: v3 messages have no community; Zeek reports them as snmp_encrypted_pdu. */
    if (version != 3 && community) {
        out->community.data = community;
        out->community.len = community_len;
    }
    out->request_id = request_id;
    out->v3_user = "";
}

void sw_zeek_dns_query(const sw_flow_obs *flow, uint16_t trans_id, const char *query,
                       uint16_t qtype, sw_zeek_scratch *scratch, sw_obs_dns *out)
{
    memset(out, 0, sizeof(*out));
    out->flow = flow;
    out->to_server = 1;
    out->id = trans_id;
    out->qname = copy_printable(scratch->text[0], text(query), strlen(text(query)));
    out->qtype = qtype;
}

void sw_zeek_http_request(const sw_flow_obs *flow, const sw_zeek_http_req *req,
                          sw_zeek_scratch *scratch, sw_obs_http_request *out)
{
    memset(out, 0, sizeof(*out));
    out->flow = flow;
    out->tx_id = req->tx_id;
    out->method = text(req->method);
    out->uri_raw = bytes_of(req->original_uri);
    out->uri = bytes_of(req->unescaped_uri ? req->unescaped_uri : req->original_uri);
    /* Zeek gives the version number alone ("1.1"); EVE and rules see "HTTP/1.1". */
    if (req->version && req->version[0]) {
        snprintf(scratch->text[0], SW_ZEEK_SCRATCH_LEN, "HTTP/%s", req->version);
        out->protocol = bytes_of(scratch->text[0]);
    }
    out->host = bytes_of(req->host);
    out->user_agent = bytes_of(req->user_agent);
    out->cookie = bytes_of(req->cookie);
    out->content_type = bytes_of(req->content_type);
    out->headers.data = req->headers;
    out->headers.len = req->headers ? req->headers_len : 0;
    out->body.data = req->body;
    out->body.len = req->body ? req->body_len : 0;
    out->content_length = req->content_length;
}

void sw_zeek_http_response(const sw_flow_obs *flow, uint64_t tx_id, uint16_t status,
                           const uint8_t *headers, size_t headers_len, const uint8_t *body,
                           size_t body_len, sw_obs_http_response *out)
{
    memset(out, 0, sizeof(*out));
    out->flow = flow;
    out->tx_id = tx_id;
    out->status = status;
    out->headers.data = headers;
    out->headers.len = headers ? headers_len : 0;
    out->body.data = body;
    out->body.len = body ? body_len : 0;
}

int sw_zeek_header_append(uint8_t *buf, size_t cap, size_t *len, const char *name,
                          const char *value)
{
    size_t n = strlen(text(name)), v = strlen(text(value));
    size_t need = n + 2 + v + 2;
    if (*len > cap || need > cap - *len)
        return 0;
    memcpy(buf + *len, text(name), n);
    memcpy(buf + *len + n, ": ", 2);
    memcpy(buf + *len + n + 2, text(value), v);
    memcpy(buf + *len + n + 2 + v, "\r\n", 2);
    *len += need;
    return 1;
}

void sw_zeek_ftp_command(const sw_flow_obs *flow, const char *command, const char *arg,
                         sw_zeek_scratch *scratch, sw_obs_ftp *out)
{
    memset(out, 0, sizeof(*out));
    out->flow = flow;
    char *cmd = scratch->text[0];
    copy_printable(cmd, text(command), strlen(text(command)));
    for (char *p = cmd; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    out->command = cmd;
    /* A password never leaves the host in an alert (RFC 959 section 4.1.1: PASS <password>). */
    if (strcmp(cmd, "PASS") == 0)
        out->argument = "***";
    else
        out->argument = copy_printable(scratch->text[1], text(arg), strlen(text(arg)));
}

void sw_zeek_radius(const sw_flow_obs *flow, int to_server, uint8_t code, uint8_t identifier,
                    const char *user_name, const char *calling_station_id, const char *nas_ip,
                    sw_obs_radius *out)
{
    memset(out, 0, sizeof(*out));
    out->flow = flow;
    out->to_server = to_server ? 1 : 0;
    out->code = code;
    out->identifier = identifier;
    out->user_name = text(user_name);
    out->calling_station_id = text(calling_station_id);
    if (nas_ip && sw_ip_parse(&out->nas_ip, nas_ip) != SW_OK)
        memset(&out->nas_ip, 0, sizeof(out->nas_ip));
}
