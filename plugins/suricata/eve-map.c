/* Suricata EVE flow records (Suricata 7.0/8.0 etc/schema.json, "flow" and "tcp" objects) mapped
 * onto core observations. */
#include "eve-map.h"
#include "eve.h"

#include <string.h>
#include <time.h>

static const char *const kind_names[SW_SURI_REC_KIND_COUNT] = {
    [SW_SURI_REC_FLOW] = "flow",   [SW_SURI_REC_ALERT] = "alert", [SW_SURI_REC_ANOMALY] = "anomaly",
    [SW_SURI_REC_STATS] = "stats", [SW_SURI_REC_OTHER] = "other",
};

sw_suri_record_kind sw_suri_record_kind_of(const json_t *record)
{
    const char *type = json_string_value(json_object_get(record, "event_type"));
    if (!type)
        return SW_SURI_REC_OTHER;
    for (int k = 0; k < SW_SURI_REC_OTHER; k++)
        if (!strcmp(type, kind_names[k]))
            return (sw_suri_record_kind)k;
    return SW_SURI_REC_OTHER;
}

const char *sw_suri_record_kind_name(sw_suri_record_kind kind)
{
    return (unsigned)kind < SW_SURI_REC_KIND_COUNT ? kind_names[kind] : "unknown";
}

/* Reads exactly `digits` decimal digits; -1 when one is not a digit. */
static int read_digits(const char **p, int digits)
{
    int v = 0;
    for (int i = 0; i < digits; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *p += digits;
    return v;
}

static int expect(const char **p, char c)
{
    if (**p != c)
        return 0;
    (*p)++;
    return 1;
}

/* The fraction is optional and may have 1..9 digits; microseconds are kept. */
static int read_fraction(const char **p)
{
    if (!expect(p, '.'))
        return 0;
    int usec = 0, n = 0;
    while (**p >= '0' && **p <= '9' && n < 9) {
        if (n < 6)
            usec = usec * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    for (; n < 6; n++)
        usec *= 10;
    return usec;
}

sw_status sw_suri_parse_time(const char *text, sw_time *out)
{
    if (!text)
        return SW_ERR_INVALID;
    const char *p = text;
    struct tm tm = {0};
    int y = read_digits(&p, 4), mo = expect(&p, '-') ? read_digits(&p, 2) : -1;
    int d = expect(&p, '-') ? read_digits(&p, 2) : -1;
    int h = expect(&p, 'T') ? read_digits(&p, 2) : -1;
    int mi = expect(&p, ':') ? read_digits(&p, 2) : -1;
    int s = expect(&p, ':') ? read_digits(&p, 2) : -1;
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 ||
        s < 0 || s > 60)
        return SW_ERR_INVALID;
    int usec = read_fraction(&p);
    int sign = *p == '+' ? 1 : *p == '-' ? -1 : 0;
    if (!sign)
        return SW_ERR_INVALID;
    p++;
    int oh = read_digits(&p, 2), om = read_digits(&p, 2);
    if (oh < 0 || om < 0 || *p)
        return SW_ERR_INVALID;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    out->sec = (int64_t)timegm(&tm) - sign * (int64_t)(oh * 3600 + om * 60);
    out->usec = usec;
    return SW_OK;
}

sw_status sw_suri_parse_proto(const char *text, uint8_t *out)
{
    return sw_eve_proto_parse(text, out); /* the names Seawall's own records use */
}

static uint64_t get_u64(const json_t *obj, const char *key)
{
    json_int_t v = json_integer_value(json_object_get(obj, key));
    return v > 0 ? (uint64_t)v : 0;
}

static uint16_t get_port(const json_t *rec, const char *key)
{
    json_int_t v = json_integer_value(json_object_get(rec, key));
    return v > 0 && v <= 65535 ? (uint16_t)v : 0;
}

static int get_true(const json_t *obj, const char *key)
{
    return json_is_true(json_object_get(obj, key));
}

static sw_tcp_state tcp_state_of(const char *state)
{
    if (!state)
        return SW_TCP_NONE;
    if (!strcmp(state, "syn_sent"))
        return SW_TCP_SYN_SENT;
    if (!strcmp(state, "syn_recv"))
        return SW_TCP_SYN_RECV;
    if (!strcmp(state, "established"))
        return SW_TCP_ESTABLISHED;
    if (!strcmp(state, "closed"))
        return SW_TCP_CLOSED;
    if (!strcmp(state, "none"))
        return SW_TCP_NONE;
    return SW_TCP_CLOSING; /* fin_wait1/2, close_wait, closing, last_ack, time_wait */
}

static sw_flow_end_reason end_reason_of(const char *reason, const char *state)
{
    if (reason && !strcmp(reason, "shutdown"))
        return SW_FLOW_END_SHUTDOWN;
    if (reason && !strcmp(reason, "forced"))
        return SW_FLOW_END_EVICTED;
    if (state && !strcmp(state, "closed"))
        return SW_FLOW_END_CLOSED;
    return SW_FLOW_END_TIMEOUT;
}

static void read_vlans(const json_t *rec, sw_flow_obs *f)
{
    const json_t *vlan = json_object_get(rec, "vlan");
    for (size_t i = 0; i < json_array_size(vlan) && i < 3; i++) {
        json_int_t id = json_integer_value(json_array_get(vlan, i));
        f->vlan[i] = id > 0 && id < 4096 ? (uint16_t)id : 0;
    }
}

sw_status sw_suri_read_endpoints(const json_t *rec, sw_flow_obs *f)
{
    if (sw_ip_parse(&f->src, json_string_value(json_object_get(rec, "src_ip"))) != SW_OK ||
        sw_ip_parse(&f->dst, json_string_value(json_object_get(rec, "dest_ip"))) != SW_OK ||
        sw_suri_parse_proto(json_string_value(json_object_get(rec, "proto")), &f->proto) != SW_OK)
        return SW_ERR_INVALID;
    f->flow_id = get_u64(rec, "flow_id");
    f->sp = get_port(rec, "src_port");
    f->dp = get_port(rec, "dest_port");
    read_vlans(rec, f);
    return SW_OK;
}

/* The addresses, ports, protocol, counters and times common to every observation. */
static sw_status read_flow(const json_t *rec, sw_flow_obs *f)
{
    const json_t *flow = json_object_get(rec, "flow");
    if (!json_is_object(flow) || sw_suri_read_endpoints(rec, f) != SW_OK ||
        sw_suri_parse_time(json_string_value(json_object_get(flow, "start")), &f->start) != SW_OK)
        return SW_ERR_INVALID;
    if (sw_suri_parse_time(json_string_value(json_object_get(flow, "end")), &f->last) != SW_OK)
        f->last = f->start;
    f->icmp_type = (uint8_t)get_u64(rec, "icmp_type");
    f->icmp_code = (uint8_t)get_u64(rec, "icmp_code");
    f->pkts_toserver = get_u64(flow, "pkts_toserver");
    f->pkts_toclient = get_u64(flow, "pkts_toclient");
    f->bytes_toserver = get_u64(flow, "bytes_toserver");
    f->bytes_toclient = get_u64(flow, "bytes_toclient");
    return SW_OK;
}

/* Suricata's flow.state "established"/"closed" means traffic both ways; for TCP the tcp object
 * (when logged) must also show SYN and ACK, i.e. a handshake rather than midstream pickup
 * (RFC 9293 section 3.5). */
static int handshake_seen(const json_t *rec, const sw_flow_obs *f)
{
    const char *state = json_string_value(json_object_get(json_object_get(rec, "flow"), "state"));
    if (f->proto != 6 || !state || (strcmp(state, "established") && strcmp(state, "closed")))
        return 0;
    const json_t *tcp = json_object_get(rec, "tcp");
    return !json_is_object(tcp) || (get_true(tcp, "syn") && get_true(tcp, "ack"));
}

static void push(sw_observation *obs, size_t *n, sw_obs_type type, sw_time ts, const sw_flow_obs *f)
{
    sw_observation *o = &obs[(*n)++];
    memset(o, 0, sizeof(*o));
    o->type = type;
    o->ts = ts;
    o->u.flow = *f;
}

sw_status sw_suri_map_flow(const json_t *record, sw_observation obs[SW_SURI_FLOW_OBS_MAX],
                           size_t *n)
{
    *n = 0;
    sw_flow_obs f;
    memset(&f, 0, sizeof(f));
    if (!json_is_object(record) || read_flow(record, &f) != SW_OK)
        return SW_ERR_INVALID;
    const json_t *flow = json_object_get(record, "flow");
    const json_t *tcp = json_object_get(record, "tcp");
    const char *state = json_string_value(json_object_get(flow, "state"));
    int established = handshake_seen(record, &f);
    if (f.proto == 6)
        f.tcp_state = json_is_object(tcp)
                          ? tcp_state_of(json_string_value(json_object_get(tcp, "state")))
                      : established ? SW_TCP_ESTABLISHED
                                    : SW_TCP_NONE;
    push(obs, n, SW_OBS_FLOW_START, f.start, &f);
    if (f.pkts_toclient > 0)
        push(obs, n, SW_OBS_FLOW_ANSWERED, f.start, &f);
    if (established)
        push(obs, n, SW_OBS_FLOW_ESTABLISHED, f.start, &f);
    f.end_reason = end_reason_of(json_string_value(json_object_get(flow, "reason")), state);
    push(obs, n, SW_OBS_FLOW_END, f.last, &f);
    return SW_OK;
}
