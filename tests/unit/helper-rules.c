/* Fixture and observation builders for the content-rule tests. */
#include "helper-rules.h"

#include "sw-test.h"

#include <stdio.h>
#include <string.h>

static void on_alert(const sw_alert *a, void *user)
{
    rt_fixture *fx = user;
    ck_assert_uint_lt(fx->n, RT_MAX_ALERTS);
    const char *rule = "";
    for (size_t i = 0; i < a->n_evidence; i++)
        if (strcmp(a->evidence[i].key, "rule") == 0)
            rule = a->evidence[i].value;
    snprintf(fx->rule[fx->n], sizeof(fx->rule[0]), "%s", rule);
    snprintf(fx->id[fx->n], sizeof(fx->id[0]), "%s", a->entry->id);
    fx->severity[fx->n] = a->severity;
    fx->n++;
}

static void setup_common(rt_fixture *fx)
{
    memset(fx, 0, sizeof(*fx));
    sw_error err;
    ck_assert_int_eq(
        sw_catalog_load_file(sw_test_source("signatures/catalog.yaml"), &fx->catalog, &err), SW_OK);
    fx->cfg = sw_engine_config_new();
    ck_assert_ptr_nonnull(fx->cfg);
    ck_assert_int_eq(sw_engine_config_add_net(fx->cfg, SW_NET_INFRA, "10.0.0.0/24", &err), SW_OK);
    ck_assert_int_eq(sw_engine_config_add_net(fx->cfg, SW_NET_EDGE_APPS, "10.1.0.0/24", &err),
                     SW_OK);
    ck_assert_int_eq(sw_engine_config_add_net(fx->cfg, SW_NET_NOC, "10.9.0.0/24", &err), SW_OK);
    ck_assert_int_eq(sw_engine_config_add_net(fx->cfg, SW_NET_OWN, "10.0.0.0/8", &err), SW_OK);
    fx->rs = sw_ruleset_new();
    ck_assert_ptr_nonnull(fx->rs);
    ck_assert_int_eq(sw_ruleset_load_classification(
                         fx->rs, sw_test_source("signatures/classification.config"), &err),
                     SW_OK);
    rt_flow(fx, RT_CLIENT, 40000, RT_INFRA, 443);
    fx->now.sec = 1700000000;
}

static void finish(rt_fixture *fx, int expect_clean)
{
    sw_error err;
    if (expect_clean && sw_ruleset_skipped(fx->rs)) {
        char msg[1024];
        sw_error_format(sw_ruleset_warning(fx->rs, 0), msg, sizeof(msg));
        ck_abort_msg("rule skipped: %s", msg);
    }
    ck_assert_int_eq(sw_ruleset_compile(fx->rs, &err), SW_OK);
    fx->engine = sw_engine_new(fx->catalog, fx->cfg, on_alert, fx, &err);
    ck_assert_ptr_nonnull(fx->engine);
    ck_assert_int_eq(sw_engine_set_rules(fx->engine, fx->rs, &err), SW_OK);
}

void rt_replace_engine(rt_fixture *fx, const char *rules, int take_state)
{
    sw_error err;
    sw_ruleset *next = sw_ruleset_new();
    ck_assert_ptr_nonnull(next);
    ck_assert_int_eq(sw_ruleset_load_string(next, rules, strlen(rules), "n.rules", &err), SW_OK);
    ck_assert_int_eq(sw_ruleset_compile(next, &err), SW_OK);
    sw_engine *engine = sw_engine_new(fx->catalog, fx->cfg, on_alert, fx, &err);
    ck_assert_ptr_nonnull(engine);
    ck_assert_int_eq(sw_engine_set_rules(engine, next, &err), SW_OK);
    if (take_state)
        ck_assert_int_eq(sw_engine_take_rule_state(engine, fx->engine, &err), SW_OK);
    sw_engine_free(fx->engine);
    sw_ruleset_free(fx->rs);
    fx->engine = engine;
    fx->rs = next;
}

void rt_rebuild_engine(rt_fixture *fx)
{
    sw_error err;
    sw_engine_free(fx->engine);
    fx->engine = sw_engine_new(fx->catalog, fx->cfg, on_alert, fx, &err);
    ck_assert_ptr_nonnull(fx->engine);
    ck_assert_int_eq(sw_engine_set_rules(fx->engine, fx->rs, &err), SW_OK);
}

void rt_setup(rt_fixture *fx, const char *rules, int expect_clean)
{
    setup_common(fx);
    sw_error err;
    ck_assert_int_eq(sw_ruleset_load_string(fx->rs, rules, strlen(rules), "t.rules", &err), SW_OK);
    finish(fx, expect_clean);
}

void rt_setup_file(rt_fixture *fx, const char *path)
{
    char copy[1024]; /* sw_test_source's buffer is reused by setup_common */
    snprintf(copy, sizeof(copy), "%s", path);
    setup_common(fx);
    sw_error err;
    ck_assert_int_eq(sw_ruleset_load_file(fx->rs, copy, &err), SW_OK);
    finish(fx, 1);
}

void rt_teardown(rt_fixture *fx)
{
    sw_engine_free(fx->engine);
    sw_ruleset_free(fx->rs);
    sw_engine_config_free(fx->cfg);
    sw_catalog_free(fx->catalog);
}

void rt_flow(rt_fixture *fx, const char *src, uint16_t sp, const char *dst, uint16_t dp)
{
    memset(&fx->flow, 0, sizeof(fx->flow));
    fx->flow.flow_id = 7;
    ck_assert_int_eq(sw_ip_parse(&fx->flow.src, src), SW_OK);
    ck_assert_int_eq(sw_ip_parse(&fx->flow.dst, dst), SW_OK);
    fx->flow.sp = sp;
    fx->flow.dp = dp;
    fx->flow.proto = 6;
    fx->flow.tcp_state = SW_TCP_ESTABLISHED;
    fx->flow.pkts_toserver = fx->flow.pkts_toclient = 3;
}

static void observe(rt_fixture *fx, sw_observation *obs)
{
    obs->ts = fx->now;
    sw_engine_observe(fx->engine, obs);
}

static sw_bytes bytes_of(const char *s)
{
    sw_bytes b = {(const uint8_t *)s, s ? strlen(s) : 0};
    return b;
}

void rt_request(rt_fixture *fx, const char *method, const char *uri_raw, const char *uri,
                const char *headers, const char *cookie, const char *body)
{
    sw_observation obs;
    memset(&obs, 0, sizeof(obs));
    obs.type = SW_OBS_HTTP_REQUEST;
    sw_obs_http_request *h = &obs.u.http_request;
    h->flow = &fx->flow;
    h->method = method;
    h->uri_raw = bytes_of(uri_raw);
    h->uri = bytes_of(uri ? uri : uri_raw);
    h->protocol = bytes_of("HTTP/1.1");
    h->headers = bytes_of(headers);
    h->cookie = bytes_of(cookie);
    h->body = bytes_of(body);
    h->content_length = h->body.len;
    observe(fx, &obs);
}

void rt_response(rt_fixture *fx, unsigned status, const char *body)
{
    sw_observation obs;
    memset(&obs, 0, sizeof(obs));
    obs.type = SW_OBS_HTTP_RESPONSE;
    obs.u.http_response.flow = &fx->flow;
    obs.u.http_response.status = (uint16_t)status;
    obs.u.http_response.headers = bytes_of("Content-Type: text/plain\r\n");
    obs.u.http_response.body = bytes_of(body);
    observe(fx, &obs);
}

void rt_payload(rt_fixture *fx, int to_server, const uint8_t *data, size_t len)
{
    sw_observation obs;
    memset(&obs, 0, sizeof(obs));
    obs.type = SW_OBS_PAYLOAD;
    obs.u.payload.flow = &fx->flow;
    obs.u.payload.to_server = (uint8_t)to_server;
    obs.u.payload.data.data = data;
    obs.u.payload.data.len = len;
    observe(fx, &obs);
}

void rt_tls(rt_fixture *fx, const char *sni)
{
    sw_observation obs;
    memset(&obs, 0, sizeof(obs));
    obs.type = SW_OBS_TLS_HELLO;
    obs.u.tls_hello = (sw_obs_tls_hello){&fx->flow, 1, 0x0303, sni, "", "", "", ""};
    observe(fx, &obs);
}

void rt_ssh(rt_fixture *fx, const char *proto, const char *software)
{
    sw_observation obs;
    memset(&obs, 0, sizeof(obs));
    obs.type = SW_OBS_SSH_BANNER;
    obs.u.ssh_banner = (sw_obs_ssh_banner){&fx->flow, 1, proto, software, ""};
    observe(fx, &obs);
}

void rt_dns(rt_fixture *fx, const char *qname)
{
    sw_observation obs;
    memset(&obs, 0, sizeof(obs));
    obs.type = SW_OBS_DNS;
    obs.u.dns.flow = &fx->flow;
    obs.u.dns.to_server = 1;
    obs.u.dns.qname = qname;
    obs.u.dns.qtype = 1;
    observe(fx, &obs);
}

void rt_flow_end(rt_fixture *fx)
{
    sw_observation obs;
    memset(&obs, 0, sizeof(obs));
    obs.type = SW_OBS_FLOW_END;
    obs.u.flow = fx->flow;
    obs.u.flow.end_reason = SW_FLOW_END_CLOSED;
    observe(fx, &obs);
}

size_t rt_count(const rt_fixture *fx, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < fx->n; i++)
        n += strcmp(fx->rule[i], rule) == 0;
    return n;
}
