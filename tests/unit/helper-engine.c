/* Engine fixture for the behavioural detection suites (see helper-engine.h). */
#include "helper-engine.h"
#include "sw-test.h"

#include <stdio.h>
#include <string.h>

static void on_alert(const sw_alert *a, void *user)
{
    he_fixture *fx = user;
    ck_assert_uint_lt(fx->n, HE_MAX_ALERTS);
    he_alert *s = &fx->seen[fx->n++];
    snprintf(s->id, sizeof(s->id), "%s", a->entry->id);
    s->severity = a->severity;
    s->n_evidence = a->n_evidence;
    for (size_t i = 0; i < a->n_evidence; i++) {
        snprintf(s->keys[i], sizeof(s->keys[i]), "%s", a->evidence[i].key);
        snprintf(s->values[i], sizeof(s->values[i]), "%s", a->evidence[i].value);
    }
}

void he_setup(he_fixture *fx, const char *yaml)
{
    memset(fx, 0, sizeof(*fx));
    sw_error err;
    memset(&err, 0, sizeof(err));
    ck_assert_int_eq(
        sw_catalog_load_file(sw_test_source("signatures/catalog.yaml"), &fx->catalog, &err), SW_OK);
    fx->cfg = sw_engine_config_new();
    sw_conf_node *root = NULL;
    ck_assert_int_eq(sw_conf_load_string(yaml, strlen(yaml), "cfg.yaml", &root, &err), SW_OK);
    sw_status st = sw_engine_config_apply(fx->cfg, root, fx->catalog, &err);
    ck_assert_msg(st == SW_OK, "config: %u %s: %s", err.line, err.key, err.text);
    sw_conf_free(root);
    fx->engine = he_engine(fx);
}

sw_engine *he_engine(he_fixture *fx)
{
    sw_error err;
    sw_engine *e = sw_engine_new(fx->catalog, fx->cfg, on_alert, fx, &err);
    ck_assert_ptr_nonnull(e);
    return e;
}

void he_teardown(he_fixture *fx)
{
    sw_engine_free(fx->engine);
    sw_engine_config_free(fx->cfg);
    sw_catalog_free(fx->catalog);
}

size_t he_count(const he_fixture *fx, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < fx->n; i++)
        n += strcmp(fx->seen[i].id, id) == 0;
    return n;
}

const char *he_evidence(const he_fixture *fx, const char *id, const char *key)
{
    for (size_t i = 0; i < fx->n; i++)
        for (size_t k = 0; strcmp(fx->seen[i].id, id) == 0 && k < fx->seen[i].n_evidence; k++)
            if (strcmp(fx->seen[i].keys[k], key) == 0)
                return fx->seen[i].values[k];
    return "(absent)";
}

sw_flow_obs *he_flow(he_fixture *fx, uint64_t id, uint8_t proto, const char *src, uint16_t sp,
                     const char *dst, uint16_t dp)
{
    sw_flow_obs *f = &fx->flow;
    memset(f, 0, sizeof(*f));
    f->flow_id = id;
    f->proto = proto ? proto : 6;
    ck_assert_int_eq(sw_ip_parse(&f->src, src), SW_OK);
    ck_assert_int_eq(sw_ip_parse(&f->dst, dst), SW_OK);
    f->sp = sp;
    f->dp = dp;
    return f;
}

static sw_observation obs_at(sw_obs_type type, int64_t t)
{
    sw_observation o;
    memset(&o, 0, sizeof(o));
    o.type = type;
    o.ts.sec = t;
    return o;
}

void he_flow_event(he_fixture *fx, sw_obs_type type, int64_t t)
{
    sw_observation o = obs_at(type, t);
    o.u.flow = fx->flow;
    o.u.flow.start.sec = t;
    sw_engine_observe(fx->engine, &o);
}

void he_ssh_banner(he_fixture *fx, int to_server, const char *software, int64_t t)
{
    sw_observation o = obs_at(SW_OBS_SSH_BANNER, t);
    o.u.ssh_banner = (sw_obs_ssh_banner){&fx->flow, (uint8_t)to_server, "2.0", software, ""};
    sw_engine_observe(fx->engine, &o);
}

void he_tls_hello(he_fixture *fx, int to_server, const char *sni, int64_t t)
{
    sw_observation o = obs_at(SW_OBS_TLS_HELLO, t);
    o.u.tls_hello = (sw_obs_tls_hello){&fx->flow, (uint8_t)to_server, 0x0303, sni, "", "", "", ""};
    sw_engine_observe(fx->engine, &o);
}

void he_telnet(he_fixture *fx, const char *banner, int64_t t)
{
    sw_observation o = obs_at(SW_OBS_TELNET, t);
    o.u.telnet.flow = &fx->flow;
    o.u.telnet.n_options = 2;
    o.u.telnet.options[0] = (sw_obs_telnet_option){251, 1};
    o.u.telnet.options[1] = (sw_obs_telnet_option){251, 3};
    o.u.telnet.banner = banner;
    sw_engine_observe(fx->engine, &o);
}

void he_dns_query(he_fixture *fx, const char *qname, int64_t t)
{
    sw_observation o = obs_at(SW_OBS_DNS, t);
    o.u.dns.flow = &fx->flow;
    o.u.dns.to_server = 1;
    o.u.dns.qname = qname;
    o.u.dns.qtype = 1;
    sw_engine_observe(fx->engine, &o);
}

void he_http_request(he_fixture *fx, const char *host, const char *uri, int64_t t)
{
    sw_observation o = obs_at(SW_OBS_HTTP_REQUEST, t);
    sw_obs_http_request *r = &o.u.http_request;
    r->flow = &fx->flow;
    r->method = "GET";
    r->host = (sw_bytes){(const uint8_t *)host, strlen(host)};
    r->uri = (sw_bytes){(const uint8_t *)uri, strlen(uri)};
    r->uri_raw = r->uri;
    sw_engine_observe(fx->engine, &o);
}

void he_syslog(he_fixture *fx, int64_t t)
{
    sw_observation o = obs_at(SW_OBS_SYSLOG, t);
    o.u.syslog = (sw_obs_syslog){&fx->flow, 23, 5, "rtr1", "", "%SYS-5-CONFIG_I"};
    sw_engine_observe(fx->engine, &o);
}

void he_snmp_trap(he_fixture *fx, int64_t t)
{
    sw_observation o = obs_at(SW_OBS_SNMP, t);
    o.u.snmp = (sw_obs_snmp){.flow = &fx->flow, .to_server = 1, .version = 1, .pdu_type = 0xA7};
    sw_engine_observe(fx->engine, &o);
}

void he_payload(he_fixture *fx, int to_server, size_t len, int64_t t)
{
    static const uint8_t bytes[64] = {0x17, 0x03, 0x03}; /* a TLS application-data header */
    sw_observation o = obs_at(SW_OBS_PAYLOAD, t);
    o.u.payload = (sw_obs_payload){&fx->flow,
                                   (uint8_t)(to_server != 0),
                                   0,
                                   {bytes, len < sizeof(bytes) ? len : sizeof(bytes)}};
    sw_engine_observe(fx->engine, &o);
}

void he_tick(he_fixture *fx, int64_t t)
{
    sw_observation o = obs_at(SW_OBS_TICK, t);
    sw_engine_observe(fx->engine, &o);
}
