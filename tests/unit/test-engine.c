/* Unit tests for the engine, its config and the first eight detections. Expectations come from
 * the detection rules of the brief and docs/detections.md section 5, applied by hand to the
 * addresses below; evidence values are the addresses and ports the test itself supplies. */
#include "engine.h"
#include "sw-test.h"

#include <stdio.h>
#include <string.h>

#define INFRA     "10.0.0.1"
#define INFRA6    "2001:db8:f::1"
#define OWN_OTHER "10.5.5.5"     /* inside OWN, in no allow list */
#define EXTERNAL  "198.51.100.9" /* outside every set */
#define PEER_OK   "192.0.2.1"    /* approved tunnel peer */
#define AAA_OK    "10.8.0.10"
#define NMS_HOST  "10.7.0.3"
#define NOC_HOST  "10.9.0.4"
#define COLLECTOR "10.6.0.5"

static const char base_config[] = "networks:\n"
                                  "  infra: [10.0.0.0/24, \"2001:db8:f::/48\"]\n"
                                  "  noc: [10.9.0.0/24]\n"
                                  "  aaa: [10.8.0.10]\n"
                                  "  nms: [10.7.0.0/24]\n"
                                  "  tunnel_peers: [192.0.2.1]\n"
                                  "  erspan_collectors: [10.6.0.5]\n"
                                  "  own: [10.0.0.0/8, 192.0.2.0/24]\n"
                                  "  syslog:\n"
                                  "outputs: [{type: file}]\n";

#define MAX_SEEN 16

typedef struct seen_alert {
    char id[32];
    sw_severity severity;
    size_t n_evidence;
    char keys[SW_ALERT_MAX_EVIDENCE][32];
    char values[SW_ALERT_MAX_EVIDENCE][64];
} seen_alert;

typedef struct fixture {
    sw_catalog *catalog;
    sw_engine_config *cfg;
    sw_engine *engine;
    size_t n;
    seen_alert seen[MAX_SEEN];
} fixture;

static void on_alert(const sw_alert *a, void *user)
{
    fixture *fx = user;
    ck_assert_uint_lt(fx->n, MAX_SEEN);
    seen_alert *s = &fx->seen[fx->n++];
    snprintf(s->id, sizeof(s->id), "%s", a->entry->id);
    s->severity = a->severity;
    s->n_evidence = a->n_evidence;
    for (size_t i = 0; i < a->n_evidence; i++) {
        snprintf(s->keys[i], sizeof(s->keys[i]), "%s", a->evidence[i].key);
        snprintf(s->values[i], sizeof(s->values[i]), "%s", a->evidence[i].value);
    }
}

static void setup_with(fixture *fx, const char *yaml)
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
    fx->engine = sw_engine_new(fx->catalog, fx->cfg, on_alert, fx, &err);
    ck_assert_ptr_nonnull(fx->engine);
}

static void teardown(fixture *fx)
{
    sw_engine_free(fx->engine);
    sw_engine_config_free(fx->cfg);
    sw_catalog_free(fx->catalog);
}

static sw_observation flow(sw_obs_type type, uint64_t id, uint8_t proto, const char *src,
                           uint16_t sp, const char *dst, uint16_t dp)
{
    sw_observation o;
    memset(&o, 0, sizeof(o));
    o.type = type;
    o.ts.sec = 1700000000;
    o.u.flow.flow_id = id;
    o.u.flow.proto = proto;
    ck_assert_int_eq(sw_ip_parse(&o.u.flow.src, src), SW_OK);
    ck_assert_int_eq(sw_ip_parse(&o.u.flow.dst, dst), SW_OK);
    o.u.flow.sp = sp;
    o.u.flow.dp = dp;
    return o;
}

static sw_observation gre(uint64_t id, const char *src, const char *dst, uint16_t payload,
                          uint8_t erspan_version)
{
    sw_observation o = flow(SW_OBS_FLOW_START, id, 47, src, 0, dst, 0);
    o.u.flow.gre_payload = payload;
    o.u.flow.erspan_version = erspan_version;
    return o;
}

static const char *evidence(const seen_alert *s, const char *key)
{
    for (size_t i = 0; i < s->n_evidence; i++)
        if (strcmp(s->keys[i], key) == 0)
            return s->values[i];
    return "(absent)";
}

/* Feeds obs to a fresh engine on `yaml`; returns how many alerts came out, the first in *first. */
static size_t run_one(const char *yaml, sw_observation obs, seen_alert *first)
{
    fixture fx;
    setup_with(&fx, yaml);
    sw_engine_observe(fx.engine, &obs);
    size_t n = fx.n;
    if (n && first)
        *first = fx.seen[0];
    teardown(&fx);
    return n;
}

static void expect_alert(sw_observation obs, const char *id, sw_severity sev, seen_alert *out)
{
    seen_alert a;
    ck_assert_uint_eq(run_one(base_config, obs, &a), 1);
    ck_assert_str_eq(a.id, id);
    ck_assert_int_eq(a.severity, sev);
    if (out)
        *out = a;
}

static void expect_none(const char *yaml, sw_observation obs)
{
    seen_alert a;
    size_t n = run_one(yaml, obs, &a);
    ck_assert_msg(n == 0, "unexpected %s", n ? a.id : "");
}

/* ---- ST-TUN-001 ---- */
START_TEST(test_tun001_gre_to_own_unapproved_is_high)
{
    seen_alert a;
    expect_alert(gre(1, INFRA, OWN_OTHER, 0x0800, 0), "ST-TUN-001", SW_SEV_HIGH, &a);
    ck_assert_str_eq(evidence(&a, "infra"), INFRA);
    ck_assert_str_eq(evidence(&a, "peer"), OWN_OTHER);
    ck_assert_str_eq(evidence(&a, "gre_protocol"), "0x0800");
}
END_TEST

START_TEST(test_tun001_external_peer_escalates_either_direction)
{
    seen_alert a;
    expect_alert(gre(1, INFRA, EXTERNAL, 0x0800, 0), "ST-TUN-001", SW_SEV_CRITICAL, NULL);
    expect_alert(gre(2, EXTERNAL, INFRA, 0x86dd, 0), "ST-TUN-001", SW_SEV_CRITICAL, &a);
    ck_assert_str_eq(evidence(&a, "infra"), INFRA);
    ck_assert_str_eq(evidence(&a, "peer"), EXTERNAL);
    ck_assert_str_eq(evidence(&a, "gre_protocol"), "0x86dd");
}
END_TEST

START_TEST(test_tun001_negatives)
{
    expect_none(base_config, gre(1, INFRA, PEER_OK, 0x0800, 0));
    expect_none(base_config, gre(1, OWN_OTHER, EXTERNAL, 0x0800, 0));  /* no infra end */
    expect_none("networks: {}\n", gre(1, INFRA, EXTERNAL, 0x0800, 0)); /* blank */
    char yaml[1024];
    snprintf(yaml, sizeof(yaml), "%sdetections:\n  ST-TUN-001: {enabled: false}\n", base_config);
    expect_none(yaml, gre(1, INFRA, EXTERNAL, 0x0800, 0));
    /* GRE carrying ERSPAN is ST-TUN-003's, not ST-TUN-001's. */
    seen_alert a;
    ck_assert_uint_eq(run_one(base_config, gre(1, INFRA, EXTERNAL, 0x88be, 0), &a), 1);
    ck_assert_str_eq(a.id, "ST-TUN-003");
}
END_TEST

/* ---- ST-TUN-002 ---- */
START_TEST(test_tun002_ike_natt_esp)
{
    seen_alert a;
    expect_alert(flow(SW_OBS_FLOW_START, 1, 17, INFRA, 500, EXTERNAL, 500), "ST-TUN-002",
                 SW_SEV_HIGH, &a);
    ck_assert_str_eq(evidence(&a, "transport"), "udp/500");
    ck_assert_str_eq(evidence(&a, "peer"), EXTERNAL);
    expect_alert(flow(SW_OBS_FLOW_START, 2, 17, EXTERNAL, 4500, INFRA, 31000), "ST-TUN-002",
                 SW_SEV_HIGH, &a);
    ck_assert_str_eq(evidence(&a, "transport"), "udp/4500");
    ck_assert_str_eq(evidence(&a, "infra"), INFRA);
    expect_alert(flow(SW_OBS_FLOW_START, 3, 50, INFRA, 0, OWN_OTHER, 0), "ST-TUN-002", SW_SEV_HIGH,
                 &a);
    ck_assert_str_eq(evidence(&a, "transport"), "esp");
}
END_TEST

START_TEST(test_tun002_negatives)
{
    expect_none(base_config, flow(SW_OBS_FLOW_START, 1, 17, INFRA, 500, PEER_OK, 500));
    expect_none(base_config, flow(SW_OBS_FLOW_START, 1, 17, INFRA, 501, EXTERNAL, 502));
    expect_none(base_config, flow(SW_OBS_FLOW_START, 1, 6, INFRA, 40000, EXTERNAL, 500));
    expect_none(base_config, flow(SW_OBS_FLOW_ESTABLISHED, 1, 50, INFRA, 0, EXTERNAL, 0));
}
END_TEST

/* ---- ST-TUN-003 ---- */
START_TEST(test_tun003_erspan_to_non_collector)
{
    seen_alert a;
    expect_alert(gre(1, INFRA, OWN_OTHER, 0x88be, 2), "ST-TUN-003", SW_SEV_CRITICAL, &a);
    ck_assert_str_eq(evidence(&a, "gre_protocol"), "0x88be");
    ck_assert_str_eq(evidence(&a, "erspan_version"), "2");
    ck_assert_str_eq(evidence(&a, "peer"), OWN_OTHER);
    expect_alert(gre(2, INFRA, EXTERNAL, 0x22eb, 0), "ST-TUN-003", SW_SEV_CRITICAL, &a);
    ck_assert_str_eq(evidence(&a, "erspan_version"), "(absent)");
    /* The decoder's version alone is enough (ERSPAN type I has no distinct protocol type). */
    expect_alert(gre(3, INFRA, EXTERNAL, 0, 1), "ST-TUN-003", SW_SEV_CRITICAL, NULL);
}
END_TEST

START_TEST(test_tun003_negatives)
{
    expect_none(base_config, gre(1, INFRA, COLLECTOR, 0x88be, 2));
    expect_none(base_config, gre(1, EXTERNAL, INFRA, 0x88be, 2)); /* wrong direction */
    char yaml[1024];
    snprintf(yaml, sizeof(yaml), "%sdetections:\n  ST-TUN-003: {enabled: no}\n", base_config);
    expect_none(yaml, gre(1, INFRA, EXTERNAL, 0x88be, 2));
}
END_TEST

/* ---- ST-AAA-001 / 002 ---- */
START_TEST(test_aaa001_tacacs_to_unapproved)
{
    seen_alert a;
    expect_alert(flow(SW_OBS_FLOW_START, 1, 6, INFRA, 33000, OWN_OTHER, 49), "ST-AAA-001",
                 SW_SEV_CRITICAL, &a);
    ck_assert_str_eq(evidence(&a, "service"), "tacacs+");
    ck_assert_str_eq(evidence(&a, "server"), OWN_OTHER);
    ck_assert_str_eq(evidence(&a, "infra"), INFRA);
    expect_none(base_config, flow(SW_OBS_FLOW_START, 1, 6, INFRA, 33000, AAA_OK, 49));
    expect_none(base_config, flow(SW_OBS_FLOW_START, 1, 6, EXTERNAL, 49, INFRA, 33000));
    expect_none(base_config, flow(SW_OBS_FLOW_START, 1, 6, OWN_OTHER, 33000, EXTERNAL, 49));
    expect_none(base_config, flow(SW_OBS_FLOW_START, 1, 17, INFRA, 33000, EXTERNAL, 49));
}
END_TEST

START_TEST(test_aaa002_radius_ports)
{
    static const uint16_t ports[] = {1812, 1813, 1645, 1646};
    for (size_t i = 0; i < 4; i++) {
        seen_alert a;
        expect_alert(flow(SW_OBS_FLOW_START, 1, 17, INFRA, 40000, EXTERNAL, ports[i]), "ST-AAA-002",
                     SW_SEV_HIGH, &a);
        ck_assert_str_eq(evidence(&a, "service"), "radius");
        char port[8];
        snprintf(port, sizeof(port), "%u", ports[i]);
        ck_assert_str_eq(evidence(&a, "port"), port);
    }
    expect_none(base_config, flow(SW_OBS_FLOW_START, 1, 17, INFRA, 40000, EXTERNAL, 1814));
    expect_none(base_config, flow(SW_OBS_FLOW_START, 1, 17, INFRA, 40000, AAA_OK, 1812));
    expect_none(base_config, flow(SW_OBS_FLOW_START, 1, 6, INFRA, 40000, EXTERNAL, 1812));
}
END_TEST

/* ---- ST-SNMP-001 ---- */
START_TEST(test_snmp001_from_non_nms)
{
    seen_alert a;
    expect_alert(flow(SW_OBS_FLOW_START, 1, 17, OWN_OTHER, 50000, INFRA, 161), "ST-SNMP-001",
                 SW_SEV_HIGH, &a);
    ck_assert_str_eq(evidence(&a, "source"), OWN_OTHER);
    ck_assert_str_eq(evidence(&a, "infra"), INFRA);
    expect_alert(flow(SW_OBS_FLOW_START, 2, 17, EXTERNAL, 50000, INFRA6, 161), "ST-SNMP-001",
                 SW_SEV_HIGH, NULL);
    expect_none(base_config, flow(SW_OBS_FLOW_START, 1, 17, NMS_HOST, 50000, INFRA, 161));
    expect_none(base_config, flow(SW_OBS_FLOW_START, 1, 17, OWN_OTHER, 50000, INFRA, 162));
    expect_none(base_config, flow(SW_OBS_FLOW_START, 1, 6, OWN_OTHER, 50000, INFRA, 161));
    expect_none(base_config, flow(SW_OBS_FLOW_START, 1, 17, INFRA, 50000, OWN_OTHER, 161));
}
END_TEST

/* ---- ST-ACC-002 ---- */
START_TEST(test_acc002_attempt_and_listening)
{
    seen_alert a;
    expect_alert(flow(SW_OBS_FLOW_START, 1, 6, OWN_OTHER, 40000, INFRA, 57722), "ST-ACC-002",
                 SW_SEV_HIGH, &a);
    ck_assert_str_eq(evidence(&a, "state"), "attempt");
    expect_alert(flow(SW_OBS_FLOW_ANSWERED, 2, 6, NOC_HOST, 40000, INFRA, 57722), "ST-ACC-002",
                 SW_SEV_HIGH, &a);
    ck_assert_str_eq(evidence(&a, "state"), "listening");
    expect_none(base_config, flow(SW_OBS_FLOW_START, 1, 6, NOC_HOST, 40000, INFRA, 57722));
    expect_none(base_config, flow(SW_OBS_FLOW_START, 1, 6, OWN_OTHER, 40000, INFRA, 57723));
    expect_none(base_config, flow(SW_OBS_FLOW_START, 1, 6, INFRA, 40000, OWN_OTHER, 57722));
}
END_TEST

START_TEST(test_acc002_once_per_flow)
{
    fixture fx;
    setup_with(&fx, base_config);
    sw_observation start = flow(SW_OBS_FLOW_START, 7, 6, OWN_OTHER, 40000, INFRA, 57722);
    sw_observation answered = start;
    answered.type = SW_OBS_FLOW_ANSWERED;
    sw_engine_observe(fx.engine, &start);
    sw_engine_observe(fx.engine, &answered);
    sw_engine_observe(fx.engine, &start); /* a front end repeating itself */
    ck_assert_uint_eq(fx.n, 1);
    teardown(&fx);
}
END_TEST

/* ---- ST-ACC-005 ---- */
START_TEST(test_acc005_external_reaches_mgmt)
{
    static const struct {
        uint16_t port;
        const char *service;
    } hits[] = {{22, "ssh"},
                {23, "telnet"},
                {80, "http"},
                {443, "https"},
                {830, "netconf"},
                {8443, "https-alt"},
                {57722, "xr-sshd-operns"},
                {2222, "ssh-high"},
                {1022, "ssh-high"},
                {22022, "ssh-high"}};
    for (size_t i = 0; i < sizeof(hits) / sizeof(hits[0]); i++) {
        seen_alert a;
        expect_alert(flow(SW_OBS_FLOW_ESTABLISHED, 1, 6, EXTERNAL, 40000, INFRA, hits[i].port),
                     "ST-ACC-005", SW_SEV_HIGH, &a);
        ck_assert_str_eq(evidence(&a, "service"), hits[i].service);
        ck_assert_str_eq(evidence(&a, "source"), EXTERNAL);
    }
    seen_alert a;
    expect_alert(flow(SW_OBS_FLOW_ANSWERED, 1, 17, EXTERNAL, 40000, INFRA, 161), "ST-ACC-005",
                 SW_SEV_HIGH, &a);
    ck_assert_str_eq(evidence(&a, "service"), "snmp");
}
END_TEST

START_TEST(test_acc005_negatives)
{
    static const uint16_t misses[] = {922, 2223, 179, 21, 8080};
    for (size_t i = 0; i < sizeof(misses) / sizeof(misses[0]); i++)
        expect_none(base_config,
                    flow(SW_OBS_FLOW_ESTABLISHED, 1, 6, EXTERNAL, 40000, INFRA, misses[i]));
    expect_none(base_config, flow(SW_OBS_FLOW_ESTABLISHED, 1, 6, OWN_OTHER, 40000, INFRA, 22));
    expect_none(base_config, flow(SW_OBS_FLOW_ESTABLISHED, 1, 6, NOC_HOST, 40000, INFRA, 22));
    expect_none(base_config, flow(SW_OBS_FLOW_ANSWERED, 1, 6, EXTERNAL, 40000, INFRA, 22));
    expect_none(base_config, flow(SW_OBS_FLOW_ESTABLISHED, 1, 6, INFRA, 40000, EXTERNAL, 22));
    expect_none(base_config, flow(SW_OBS_FLOW_ANSWERED, 1, 17, NOC_HOST, 40000, INFRA, 161));
}
END_TEST

/* ---- engine behaviour ---- */
START_TEST(test_once_per_flow_until_flow_end)
{
    fixture fx;
    setup_with(&fx, base_config);
    sw_observation o = gre(9, INFRA, EXTERNAL, 0x0800, 0);
    sw_engine_observe(fx.engine, &o);
    sw_engine_observe(fx.engine, &o);
    ck_assert_uint_eq(fx.n, 1);
    sw_observation other = gre(10, INFRA, EXTERNAL, 0x0800, 0);
    sw_engine_observe(fx.engine, &other);
    ck_assert_uint_eq(fx.n, 2);
    sw_observation end = o;
    end.type = SW_OBS_FLOW_END;
    sw_engine_observe(fx.engine, &end);
    sw_engine_observe(fx.engine, &o); /* flow id reused by a new flow */
    ck_assert_uint_eq(fx.n, 3);
    sw_engine_stats st;
    sw_engine_get_stats(fx.engine, &st);
    ck_assert_uint_eq(st.observations, 5);
    ck_assert_uint_eq(st.alerts, 3);
    ck_assert_uint_eq(st.observations_ignored, 0);
    teardown(&fx);
}
END_TEST

START_TEST(test_severity_override_and_escalation)
{
    char yaml[1024];
    snprintf(yaml, sizeof(yaml),
             "%sdetections:\n  ST-AAA-002: {severity: critical}\n"
             "  ST-TUN-001:\n    severity: low\n    enabled: true\n",
             base_config);
    seen_alert a;
    ck_assert_uint_eq(
        run_one(yaml, flow(SW_OBS_FLOW_START, 1, 17, INFRA, 40000, EXTERNAL, 1812), &a), 1);
    ck_assert_int_eq(a.severity, SW_SEV_CRITICAL);
    ck_assert_uint_eq(run_one(yaml, gre(1, INFRA, OWN_OTHER, 0x0800, 0), &a), 1);
    ck_assert_int_eq(a.severity, SW_SEV_LOW);
    ck_assert_uint_eq(run_one(yaml, gre(1, INFRA, EXTERNAL, 0x0800, 0), &a), 1);
    ck_assert_int_eq(a.severity, SW_SEV_CRITICAL); /* escalation still raises */
}
END_TEST

START_TEST(test_ignored_observations_are_counted)
{
    fixture fx;
    setup_with(&fx, base_config);
    sw_observation o = flow(SW_OBS_FLOW_START, 1, 6, INFRA, 1, EXTERNAL, 49);
    o.type = (sw_obs_type)99;
    sw_engine_observe(fx.engine, &o);
    o = flow(SW_OBS_FLOW_START, 1, 6, INFRA, 1, EXTERNAL, 49);
    memset(&o.u.flow.dst, 0, sizeof(o.u.flow.dst));
    sw_engine_observe(fx.engine, &o);
    sw_engine_observe(fx.engine, NULL);
    sw_engine_observe(NULL, &o);
    sw_engine_stats st;
    sw_engine_get_stats(fx.engine, &st);
    ck_assert_uint_eq(st.observations, 3);
    ck_assert_uint_eq(st.observations_ignored, 3);
    ck_assert_uint_eq(st.alerts, 0);
    ck_assert_uint_eq(fx.n, 0);
    teardown(&fx);
}
END_TEST

START_TEST(test_engine_needs_its_catalog_ids)
{
    const char *text = "detections:\n  - id: ST-TUN-001\n    sid: 9100401\n    rev: 1\n"
                       "    signature: s\n    category: c\n    severity: high\n"
                       "    attack: [T1572]\n";
    sw_catalog *cat = NULL;
    ck_assert_int_eq(sw_catalog_load_string(text, strlen(text), "c.yaml", &cat, NULL), SW_OK);
    sw_error err;
    memset(&err, 0, sizeof(err));
    ck_assert_ptr_null(sw_engine_new(cat, NULL, NULL, NULL, &err));
    ck_assert_str_eq(err.key, "ST-TUN-002");
    sw_catalog_free(cat);
}
END_TEST

/* ---- config ---- */
START_TEST(test_config_blank_and_sets)
{
    sw_engine_config *cfg = sw_engine_config_new();
    ck_assert_int_eq(sw_engine_config_is_blank(cfg), 1);
    ck_assert_int_eq(sw_engine_config_add_net(cfg, SW_NET_OWN, "10.0.0.0/8", NULL), SW_OK);
    ck_assert_int_eq(sw_engine_config_is_blank(cfg), 0);
    ck_assert_uint_eq(sw_netset_count(sw_engine_config_net(cfg, SW_NET_OWN)), 1);
    ck_assert_uint_eq(sw_netset_count(sw_engine_config_net(cfg, SW_NET_INFRA)), 0);
    ck_assert_ptr_null(sw_engine_config_net(cfg, SW_NET_COUNT));
    ck_assert_str_eq(sw_netset_name(SW_NET_ERSPAN_COLLECTORS), "erspan_collectors");
    ck_assert_ptr_null(sw_netset_name(SW_NET_COUNT));
    sw_engine_config_free(cfg);
    sw_engine_config_free(NULL);
}
END_TEST

static const struct {
    const char *name;
    const char *yaml;
    const char *expect;
} bad_configs[] = {
    {"unknown set", "networks:\n  infra: []\n  routers: [10.0.0.0/8]\n",
     "cfg.yaml:3: routers: unknown key in networks"},
    {"host bits", "networks:\n  infra:\n    - 10.0.0.0/24\n    - 10.1.0.1/16\n",
     "cfg.yaml:4: networks.infra: '10.1.0.1/16' has host bits set"},
    {"bad prefix", "networks:\n  noc: [nonsense]\n",
     "cfg.yaml:2: networks.noc: 'nonsense' is not an IPv4 or IPv6 address"},
    {"set not a list", "networks:\n  aaa: 10.0.0.1\n",
     "cfg.yaml:2: networks.aaa: must be a list of CIDR prefixes"},
    {"networks not a map", "networks: [10.0.0.0/8]\n", "cfg.yaml:1: networks: must be a map"},
    {"unknown id", "detections:\n  ST-TUN-001: {enabled: true}\n  ST-TUN-099: {}\n",
     "cfg.yaml:3: ST-TUN-099: unknown detection id"},
    {"unknown detection key", "detections:\n  ST-AAA-001:\n    enabled: true\n    mode: x\n",
     "cfg.yaml:4: mode: unknown key in detections.ST-AAA-001"},
    {"bad severity", "detections:\n  ST-AAA-001:\n    severity: urgent\n",
     "cfg.yaml:3: severity: 'urgent' is not critical, high, medium or low"},
    {"bad bool", "detections:\n  ST-AAA-001: {enabled: maybe}\n",
     "cfg.yaml:2: enabled: expected true or false, got 'maybe'"},
    {"detections not a map", "detections: [ST-AAA-001]\n", "cfg.yaml:1: detections: must be a map"},
};

START_TEST(test_bad_config)
{
    sw_catalog *cat = NULL;
    ck_assert_int_eq(sw_catalog_load_file(sw_test_source("signatures/catalog.yaml"), &cat, NULL),
                     SW_OK);
    sw_conf_node *root = NULL;
    sw_error err;
    memset(&err, 0, sizeof(err));
    const char *yaml = bad_configs[_i].yaml;
    ck_assert_int_eq(sw_conf_load_string(yaml, strlen(yaml), "cfg.yaml", &root, &err), SW_OK);
    sw_engine_config *cfg = sw_engine_config_new();
    ck_assert_int_ne(sw_engine_config_apply(cfg, root, cat, &err), SW_OK);
    char msg[1024];
    sw_error_format(&err, msg, sizeof(msg));
    const char *want = bad_configs[_i].expect;
    ck_assert_msg(strncmp(msg, want, strlen(want)) == 0, "%s: got '%s', want '%s'",
                  bad_configs[_i].name, msg, want);
    sw_engine_config_free(cfg);
    sw_conf_free(root);
    sw_catalog_free(cat);
}
END_TEST

static Suite *engine_suite(void)
{
    Suite *s = suite_create("engine");
    TCase *tun = tcase_create("tunnel");
    tcase_add_test(tun, test_tun001_gre_to_own_unapproved_is_high);
    tcase_add_test(tun, test_tun001_external_peer_escalates_either_direction);
    tcase_add_test(tun, test_tun001_negatives);
    tcase_add_test(tun, test_tun002_ike_natt_esp);
    tcase_add_test(tun, test_tun002_negatives);
    tcase_add_test(tun, test_tun003_erspan_to_non_collector);
    tcase_add_test(tun, test_tun003_negatives);
    suite_add_tcase(s, tun);
    TCase *aaa = tcase_create("aaa-snmp");
    tcase_add_test(aaa, test_aaa001_tacacs_to_unapproved);
    tcase_add_test(aaa, test_aaa002_radius_ports);
    tcase_add_test(aaa, test_snmp001_from_non_nms);
    suite_add_tcase(s, aaa);
    TCase *mgmt = tcase_create("mgmt");
    tcase_add_test(mgmt, test_acc002_attempt_and_listening);
    tcase_add_test(mgmt, test_acc002_once_per_flow);
    tcase_add_test(mgmt, test_acc005_external_reaches_mgmt);
    tcase_add_test(mgmt, test_acc005_negatives);
    suite_add_tcase(s, mgmt);
    TCase *eng = tcase_create("engine");
    tcase_add_test(eng, test_once_per_flow_until_flow_end);
    tcase_add_test(eng, test_severity_override_and_escalation);
    tcase_add_test(eng, test_ignored_observations_are_counted);
    tcase_add_test(eng, test_engine_needs_its_catalog_ids);
    suite_add_tcase(s, eng);
    TCase *cfg = tcase_create("config");
    tcase_add_test(cfg, test_config_blank_and_sets);
    tcase_add_loop_test(cfg, test_bad_config, 0,
                        (int)(sizeof(bad_configs) / sizeof(bad_configs[0])));
    suite_add_tcase(s, cfg);
    return s;
}

int main(void)
{
    return sw_test_run(engine_suite());
}
