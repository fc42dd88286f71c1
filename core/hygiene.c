/* Alert hygiene state: one sw_hygiene per engine. Semantics follow Suricata's
 * detect-engine-threshold.c: a window opens at the first alert of a key and lasts `seconds` of
 * packet time; `limit` passes the first N of a window, `threshold` every Nth, `both` the Nth only;
 * a rate_filter applies its new_action for `timeout` seconds once more than N alerts fell in one
 * window. Suppress rules are checked first, then one threshold, rate_filter and aggregate rule
 * each (a rule for the exact signature wins over a sig_id 0 rule, as in Suricata). */
#include "hygiene-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HELD_TEXT 96
#define NO_HELD   (-1)

typedef struct track_entry {
    uint32_t used;
    uint32_t rule; /* index into the rule set */
    uint32_t sid;  /* a sig_id 0 rule counts each signature apart, as Suricata does */
    sw_ip a, b;    /* the tracked addresses (unset for by_rule) */
    int64_t window_start_us;
    int64_t action_until_us; /* rate_filter: new_action holds until then */
    uint32_t count;
    int32_t held; /* aggregate: index of the held alert, NO_HELD when none */
} track_entry;

typedef struct held_alert {
    int used;
    uint32_t count;
    int64_t deadline_us;
    uint32_t entry; /* index of the tracking entry that holds it */
    sw_alert alert;
    sw_flow_obs flow;
    sw_tunnel_info tunnel;
    char key[SW_ALERT_MAX_EVIDENCE][32];
    char value[SW_ALERT_MAX_EVIDENCE][HELD_TEXT];
    char count_text[24];
} held_alert;

struct sw_hygiene {
    const sw_hygiene_rules *rules;
    track_entry track[SW_HYGIENE_TRACK_BUCKETS * SW_HYGIENE_TRACK_WAYS];
    held_alert held[SW_HYGIENE_MAX_HELD];
    int64_t next_deadline_us; /* earliest held deadline; INT64_MAX when nothing is held */
    sw_hygiene_stats stats;
};

static int64_t usec_of(sw_time t)
{
    return t.sec * 1000000 + t.usec;
}

sw_hygiene *sw_hygiene_new(const sw_hygiene_rules *rules)
{
    sw_hygiene *h = calloc(1, sizeof(*h));
    if (!h)
        return NULL;
    h->rules = rules;
    h->next_deadline_us = INT64_MAX;
    for (size_t i = 0; i < sizeof(h->track) / sizeof(h->track[0]); i++)
        h->track[i].held = NO_HELD;
    return h;
}

void sw_hygiene_free(sw_hygiene *h)
{
    free(h);
}

void sw_hygiene_get_stats(const sw_hygiene *h, sw_hygiene_stats *out)
{
    memset(out, 0, sizeof(*out));
    if (h)
        *out = h->stats;
}

static int rule_matches(const hyg_rule *r, const sw_catalog_entry *e)
{
    return (r->gid == 0 || r->gid == e->gid) && (r->sid == 0 || r->sid == e->sid);
}

/* The rule of `kind` for this signature: an exact sid first, else a sid 0 rule; -1 if none. */
static long find_rule(const sw_hygiene_rules *rs, hyg_kind kind, const sw_catalog_entry *e)
{
    long global = -1;
    for (size_t i = 0; i < rs->n; i++) {
        const hyg_rule *r = &rs->rule[i];
        if (r->kind != kind || !rule_matches(r, e))
            continue;
        if (r->sid != 0)
            return (long)i;
        if (global < 0)
            global = (long)i;
    }
    return global;
}

static int suppressed(const sw_hygiene_rules *rs, const sw_alert *a)
{
    for (size_t i = 0; i < rs->n; i++) {
        const hyg_rule *r = &rs->rule[i];
        if (r->kind != HYG_SUPPRESS || !rule_matches(r, a->entry))
            continue;
        int src = r->addresses && sw_netset_contains(r->addresses, &a->flow->src);
        int dst = r->addresses && sw_netset_contains(r->addresses, &a->flow->dst);
        if (r->track == HYG_TRACK_NONE || (r->track == HYG_TRACK_SRC && src) ||
            (r->track == HYG_TRACK_DST && dst) || (r->track == HYG_TRACK_EITHER && (src || dst)))
            return 1;
    }
    return 0;
}

static void tracked_addresses(const hyg_rule *r, const sw_alert *a, sw_ip *x, sw_ip *y)
{
    memset(x, 0, sizeof(*x));
    memset(y, 0, sizeof(*y));
    if (r->track == HYG_TRACK_SRC || r->track == HYG_TRACK_BOTH)
        *x = a->flow->src;
    else if (r->track == HYG_TRACK_DST)
        *x = a->flow->dst;
    if (r->track == HYG_TRACK_BOTH)
        *y = a->flow->dst;
}

static uint32_t key_hash(uint32_t rule, const sw_ip *x, const sw_ip *y)
{
    uint32_t hash = 2166136261u ^ rule; /* FNV-1a */
    const sw_ip *ips[2] = {x, y};
    for (int k = 0; k < 2; k++) {
        hash = (hash ^ ips[k]->family) * 16777619u;
        for (size_t i = 0; i < sizeof(ips[k]->bytes); i++)
            hash = (hash ^ ips[k]->bytes[i]) * 16777619u;
    }
    return hash;
}

static int entry_stale(const sw_hygiene *h, const track_entry *t, int64_t now)
{
    const hyg_rule *r = &h->rules->rule[t->rule];
    return t->held == NO_HELD && now - t->window_start_us > r->window_us &&
           now >= t->action_until_us;
}

/* Finds the key's entry or claims one (free, stale, else the oldest not holding an alert).
 * *fresh is set when the entry is new. NULL when every way holds an alert. */
static track_entry *track_get(sw_hygiene *h, uint32_t rule, const sw_alert *a, int64_t now,
                              int *fresh)
{
    sw_ip x, y;
    tracked_addresses(&h->rules->rule[rule], a, &x, &y);
    uint32_t sid = a->entry->sid;
    size_t base = ((key_hash(rule, &x, &y) ^ sid * 2654435761u) % SW_HYGIENE_TRACK_BUCKETS) *
                  SW_HYGIENE_TRACK_WAYS;
    track_entry *victim = NULL;
    int victim_live = 1;
    for (size_t w = 0; w < SW_HYGIENE_TRACK_WAYS; w++) {
        track_entry *t = &h->track[base + w];
        if (t->used && t->rule == rule && t->sid == sid && sw_ip_equal(&t->a, &x) &&
            sw_ip_equal(&t->b, &y)) {
            *fresh = 0;
            return t;
        }
        int live = t->used && !entry_stale(h, t, now);
        if (t->held != NO_HELD)
            continue;
        if (!victim || (victim_live && !live) ||
            (live == victim_live && t->window_start_us < victim->window_start_us)) {
            victim = t;
            victim_live = live;
        }
    }
    if (!victim)
        return NULL;
    if (victim_live)
        h->stats.state_dropped++;
    memset(victim, 0, sizeof(*victim));
    victim->used = 1;
    victim->rule = rule;
    victim->sid = sid;
    victim->a = x;
    victim->b = y;
    victim->held = NO_HELD;
    victim->window_start_us = now;
    *fresh = 1;
    return victim;
}

/* Counts the alert into the entry's window, opening a new window when the old one is over. */
static void count_in_window(track_entry *t, const hyg_rule *r, int64_t now, int fresh)
{
    if (fresh || now - t->window_start_us > r->window_us) {
        t->window_start_us = now;
        t->count = 1;
    } else {
        t->count++;
    }
}

static int threshold_passes(sw_hygiene *h, uint32_t rule, const sw_alert *a, int64_t now)
{
    const hyg_rule *r = &h->rules->rule[rule];
    int fresh = 0;
    track_entry *t = track_get(h, rule, a, now, &fresh);
    if (!t)
        return 1;
    count_in_window(t, r, now, fresh);
    switch (r->type) {
    case HYG_LIMIT:
        return t->count <= r->count;
    case HYG_EVERY_NTH:
        if (t->count < r->count)
            return 0;
        t->count = 0; /* the next alert of this window starts counting again */
        return 1;
    default:
        return t->count == r->count;
    }
}

static int rate_passes(sw_hygiene *h, uint32_t rule, const sw_alert *a, int64_t now)
{
    const hyg_rule *r = &h->rules->rule[rule];
    int fresh = 0;
    track_entry *t = track_get(h, rule, a, now, &fresh);
    if (!t)
        return 1;
    if (!fresh && now < t->action_until_us)
        return !r->rate_withholds;
    count_in_window(t, r, now, fresh);
    if (t->count <= r->count)
        return 1;
    t->action_until_us = now + r->timeout_us;
    t->count = 0;
    return !r->rate_withholds;
}

static void emit_held(sw_hygiene *h, held_alert *held, sw_alert_cb cb, void *user)
{
    sw_alert out = held->alert;
    out.flow = &held->flow;
    for (size_t i = 0; i < out.n_evidence; i++) {
        out.evidence[i].key = held->key[i];
        out.evidence[i].value = held->value[i];
    }
    snprintf(held->count_text, sizeof(held->count_text), "%u", held->count);
    if (out.n_evidence < SW_ALERT_MAX_EVIDENCE)
        out.evidence[out.n_evidence++] = (sw_evidence){"count", held->count_text};
    else
        out.evidence[SW_ALERT_MAX_EVIDENCE - 1] = (sw_evidence){"count", held->count_text};
    h->track[held->entry].held = NO_HELD;
    held->used = 0;
    h->stats.aggregates_emitted++;
    if (cb)
        cb(&out, user);
}

static void hold(sw_hygiene *h, held_alert *held, track_entry *t, const sw_alert *a, int64_t end)
{
    memset(held, 0, sizeof(*held));
    held->used = 1;
    held->count = 1;
    held->deadline_us = end;
    held->entry = (uint32_t)(t - h->track);
    held->alert = *a;
    held->alert.flow = &held->flow;
    held->flow = *a->flow;
    if (a->flow->tunnel)
        held->tunnel = *a->flow->tunnel;
    held->flow.tunnel = a->flow->tunnel ? &held->tunnel : NULL;
    for (size_t i = 0; i < a->n_evidence && i < SW_ALERT_MAX_EVIDENCE; i++) {
        snprintf(held->key[i], sizeof(held->key[i]), "%s", a->evidence[i].key);
        snprintf(held->value[i], sizeof(held->value[i]), "%s", a->evidence[i].value);
    }
    t->held = (int32_t)(held - h->held);
    if (end < h->next_deadline_us)
        h->next_deadline_us = end;
}

/* Returns 1 when the alert should pass now; 0 when it was folded or held. */
static int aggregate_passes(sw_hygiene *h, uint32_t rule, const sw_alert *a, int64_t now)
{
    int fresh = 0;
    track_entry *t = track_get(h, rule, a, now, &fresh);
    if (t && t->held != NO_HELD) {
        h->held[t->held].count++;
        h->stats.aggregated++;
        return 0;
    }
    for (size_t i = 0; t && i < SW_HYGIENE_MAX_HELD; i++)
        if (!h->held[i].used) {
            hold(h, &h->held[i], t, a, now + h->rules->rule[rule].window_us);
            return 0;
        }
    h->stats.held_dropped++;
    return 1;
}

void sw_hygiene_advance(sw_hygiene *h, sw_time now, sw_alert_cb cb, void *user)
{
    int64_t t = usec_of(now);
    if (!h || t < h->next_deadline_us)
        return;
    /* Emit in deadline order so the output does not depend on slot positions. */
    for (;;) {
        held_alert *first = NULL;
        for (size_t i = 0; i < SW_HYGIENE_MAX_HELD; i++)
            if (h->held[i].used && (!first || h->held[i].deadline_us < first->deadline_us))
                first = &h->held[i];
        if (!first || first->deadline_us > t) {
            h->next_deadline_us = first ? first->deadline_us : INT64_MAX;
            return;
        }
        emit_held(h, first, cb, user);
    }
}

void sw_hygiene_flush(sw_hygiene *h, sw_alert_cb cb, void *user)
{
    sw_hygiene_advance(h, (sw_time){INT64_MAX / 1000000 - 1, 0}, cb, user);
}

void sw_hygiene_alert(sw_hygiene *h, const sw_alert *a, sw_alert_cb cb, void *user)
{
    int64_t now = usec_of(a->ts);
    sw_hygiene_advance(h, a->ts, cb, user);
    const sw_hygiene_rules *rs = h->rules;
    if (rs && suppressed(rs, a)) {
        h->stats.suppressed++;
        return;
    }
    long r = rs ? find_rule(rs, HYG_THRESHOLD, a->entry) : -1;
    if (r >= 0 && !threshold_passes(h, (uint32_t)r, a, now)) {
        h->stats.thresholded++;
        return;
    }
    r = rs ? find_rule(rs, HYG_RATE, a->entry) : -1;
    if (r >= 0 && !rate_passes(h, (uint32_t)r, a, now)) {
        h->stats.rate_filtered++;
        return;
    }
    r = rs ? find_rule(rs, HYG_AGGREGATE, a->entry) : -1;
    if (r >= 0 && !aggregate_passes(h, (uint32_t)r, a, now))
        return;
    h->stats.passed++;
    if (cb)
        cb(a, user);
}
