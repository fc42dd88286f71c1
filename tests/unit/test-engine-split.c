/* A split run (core/engine.h, "Split runs") against one engine: two SW_ENGINE_PER_FLOW engines
 * that each get the observations of their flows, and a SW_ENGINE_CROSS_FLOW correlator that
 * gets, in the original order, what sw_engine_cross_flow_wants names plus every alert the
 * per-flow engines raised, must raise exactly the alerts of one SW_ENGINE_ALL engine fed
 * everything, in the same order. The observations form an interactive relay chain whose hops
 * are flows of different "workers" (ST-LAT-004), first-seen device pairs (ST-LAT-001) and a Go
 * SSH client (ST-LAT-003, per-flow) on the same observation as two cross-flow alerts. */
#include "helper-engine.h"
#include "obs-copy.h"
#include "sw-test.h"

#include <stdio.h>
#include <string.h>

#define T0 1700000000

static const char config[] = "networks:\n"
                             "  infra: [10.0.0.0/24]\n"
                             "  noc: [10.9.0.0/24]\n"
                             "  own: [10.0.0.0/8]\n"
                             "detections:\n"
                             "  ST-LAT-001: {learning-period: 60}\n"
                             "  ST-LAT-004: {window: 60, min-hops: 3}\n";

#define MAX_SEEN 32
#define MAX_HELD 8

/* Alerts as text (id and evidence), in the order they came. */
typedef struct seen {
    size_t n;
    char text[MAX_SEEN][512];
} seen;

static void record(seen *s, const sw_alert *a)
{
    ck_assert_uint_lt(s->n, MAX_SEEN);
    char *t = s->text[s->n++];
    size_t used = (size_t)snprintf(t, 512, "%s", a->entry->id);
    for (size_t i = 0; i < a->n_evidence && used < 512; i++)
        used += (size_t)snprintf(t + used, 512 - used, " %s=%s", a->evidence[i].key,
                                 a->evidence[i].value);
}

static void on_seen(const sw_alert *a, void *user)
{
    record(user, a);
}

/* A per-flow engine's alerts for the observation in progress, copied as a worker would. */
typedef struct held {
    sw_engine *engine;
    size_t n;
    sw_alert alert[MAX_HELD];
    int origin[MAX_HELD];
    sw_arena arena;
    uint8_t bytes[MAX_HELD * 1024];
} held;

static void on_held(const sw_alert *a, void *user)
{
    held *h = user;
    ck_assert_uint_lt(h->n, MAX_HELD);
    h->origin[h->n] = sw_engine_alert_origin(h->engine);
    h->alert[h->n++] = sw_alert_copy(&h->arena, a);
    ck_assert(!h->arena.overflow);
}

typedef struct split {
    he_fixture fx; /* the single engine; its alerts in fx.seen */
    seen single, corr_seen;
    sw_engine *all, *corr;
    held worker[2];
} split;

static sw_engine *engine(split *s, sw_alert_cb cb, void *user, sw_engine_scope scope)
{
    sw_error err;
    sw_engine *e = sw_engine_new(s->fx.catalog, s->fx.cfg, cb, user, &err);
    ck_assert_ptr_nonnull(e);
    sw_engine_set_scope(e, scope);
    return e;
}

static void split_setup(split *s)
{
    memset(s, 0, sizeof(*s));
    he_setup(&s->fx, config);
    s->all = engine(s, on_seen, &s->single, SW_ENGINE_ALL);
    s->corr = engine(s, on_seen, &s->corr_seen, SW_ENGINE_CROSS_FLOW);
    for (int i = 0; i < 2; i++)
        s->worker[i].engine = engine(s, on_held, &s->worker[i], SW_ENGINE_PER_FLOW);
}

static void split_teardown(split *s)
{
    sw_engine_free(s->all);
    sw_engine_free(s->corr);
    for (int i = 0; i < 2; i++)
        sw_engine_free(s->worker[i].engine);
    he_teardown(&s->fx);
}

/* One observation through both set-ups; flows with an even id go to worker 0. */
static void feed(split *s, const sw_observation *obs, uint64_t flow_id)
{
    sw_engine_observe(s->all, obs);
    if (obs->type == SW_OBS_TICK) {
        sw_engine_observe(s->corr, obs); /* the dispatcher's clock, not a worker's */
        return;
    }
    held *w = &s->worker[flow_id % 2];
    w->n = 0;
    w->arena = sw_arena_init(w->bytes, sizeof(w->bytes));
    sw_engine_observe(w->engine, obs);
    const sw_observation *fwd = sw_engine_cross_flow_wants(w->engine, obs) ? obs : NULL;
    sw_engine_replay(s->corr, fwd, obs->ts, w->alert, w->origin, w->n);
}

static sw_flow_obs flow_of(uint64_t id, const char *src, const char *dst, uint16_t dp)
{
    sw_flow_obs f;
    memset(&f, 0, sizeof(f));
    f.flow_id = id;
    f.proto = 6;
    ck_assert_int_eq(sw_ip_parse(&f.src, src), SW_OK);
    ck_assert_int_eq(sw_ip_parse(&f.dst, dst), SW_OK);
    f.sp = 40000;
    f.dp = dp;
    return f;
}

static void established(split *s, uint64_t id, const char *src, const char *dst, int64_t t)
{
    sw_observation o;
    memset(&o, 0, sizeof(o));
    o.type = SW_OBS_FLOW_ESTABLISHED;
    o.ts.sec = t;
    o.u.flow = flow_of(id, src, dst, 22);
    feed(s, &o, id);
}

static void go_client(split *s, uint64_t id, const char *src, const char *dst, int64_t t)
{
    sw_flow_obs f = flow_of(id, src, dst, 2222);
    sw_observation o;
    memset(&o, 0, sizeof(o));
    o.type = SW_OBS_SSH_BANNER;
    o.ts.sec = t;
    o.u.ssh_banner = (sw_obs_ssh_banner){&f, 1, "2.0", "Go", ""};
    feed(s, &o, id);
}

static void tick(split *s, int64_t t)
{
    sw_observation o;
    memset(&o, 0, sizeof(o));
    o.type = SW_OBS_TICK;
    o.ts.sec = t;
    feed(s, &o, 0);
}

static size_t count(const seen *s, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += strncmp(s->text[i], id, strlen(id)) == 0;
    return n;
}

START_TEST(split_run_raises_the_single_engines_alerts_in_order)
{
    static split s;
    split_setup(&s);
    tick(&s, T0);
    established(&s, 2, "10.0.0.1", "10.0.0.2", T0 + 1); /* learnt pair */
    tick(&s, T0 + 100);
    established(&s, 3, "198.51.100.9", "10.0.0.1", T0 + 100); /* outsider: hop 1 */
    established(&s, 4, "10.0.0.1", "10.0.0.3", T0 + 101);     /* hop 2, worker 0 */
    go_client(&s, 5, "10.0.0.3", "10.0.0.4", T0 + 102);       /* hop 3, worker 1 */
    established(&s, 6, "10.0.0.1", "10.0.0.2", T0 + 103);     /* known pair */
    tick(&s, T0 + 104);
    /* The single engine's verdicts, by hand: new pairs 1->3 and 3->4 after learning, a chain of
     * 3 hops begun outside the NOC, a Go client on a device. */
    ck_assert_uint_eq(count(&s.single, "ST-LAT-001"), 2);
    ck_assert_uint_eq(count(&s.single, "ST-LAT-004"), 1);
    ck_assert_uint_eq(count(&s.single, "ST-LAT-003"), 1);
    ck_assert_uint_eq(s.corr_seen.n, s.single.n);
    for (size_t i = 0; i < s.single.n; i++)
        ck_assert_str_eq(s.corr_seen.text[i], s.single.text[i]);
    split_teardown(&s);
}
END_TEST

START_TEST(per_flow_engines_raise_no_cross_flow_alert)
{
    static split s;
    split_setup(&s);
    held *w = &s.worker[0];
    w->arena = sw_arena_init(w->bytes, sizeof(w->bytes));
    sw_observation o;
    memset(&o, 0, sizeof(o));
    o.type = SW_OBS_FLOW_ESTABLISHED;
    for (int i = 0; i < 4; i++) { /* a chain 10.0.0.1 -> .2 -> .3 -> .4 -> .5 after learning */
        char a[16], b[16];
        snprintf(a, sizeof(a), "10.0.0.%d", i + 1);
        snprintf(b, sizeof(b), "10.0.0.%d", i + 2);
        o.ts.sec = T0 + 100 + i;
        o.u.flow = flow_of(10 + (uint64_t)i, a, b, 22);
        sw_engine_observe(w->engine, &o);
    }
    ck_assert_uint_eq(w->n, 0);
    split_teardown(&s);
}
END_TEST

START_TEST(wants_only_what_cross_flow_detections_read)
{
    static split s;
    split_setup(&s);
    sw_engine *e = s.worker[0].engine;
    sw_observation o;
    memset(&o, 0, sizeof(o));
    o.type = SW_OBS_FLOW_ESTABLISHED;
    o.u.flow = flow_of(1, "10.9.0.1", "10.0.0.1", 22); /* an SSH session to a device */
    ck_assert_int_eq(sw_engine_cross_flow_wants(e, &o), 1);
    o.u.flow = flow_of(1, "10.0.0.1", "192.0.2.1", 22); /* to the outside: no chain or pair */
    ck_assert_int_eq(sw_engine_cross_flow_wants(e, &o), 0);
    o.u.flow = flow_of(1, "10.9.0.1", "10.0.0.1", 443); /* not an interactive session */
    ck_assert_int_eq(sw_engine_cross_flow_wants(e, &o), 0);
    o.type = SW_OBS_TICK; /* the correlator's ticks come from the dispatcher */
    ck_assert_int_eq(sw_engine_cross_flow_wants(e, &o), 0);
    split_teardown(&s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("engine-split");
    TCase *tc = tcase_create("split");
    tcase_add_test(tc, split_run_raises_the_single_engines_alerts_in_order);
    tcase_add_test(tc, per_flow_engines_raise_no_cross_flow_alert);
    tcase_add_test(tc, wants_only_what_cross_flow_detections_read);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
