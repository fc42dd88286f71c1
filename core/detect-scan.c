/* ST-SCAN-001: one source sweeping the edge. Fed by the engine's alert hook, not by
 * observations: every ST-EXP-* alert (from a detector or the rule engine) whose target is in
 * INFRA or EDGE_APPS counts that target once per source; `threshold` distinct targets hit within
 * any `window` (default 10 in 24 h, a sliding window: a sweep across the end of a fixed one is
 * not cut in two) raise one alert, and at most one per window. */
#include "detect-state.h"

#include <stdio.h>
#include <string.h>

#define KIND_SOURCE   5
#define KIND_TARGET   6
#define FLAG_REPORTED 1

static int is_exploit_alert(const sw_alert *alert)
{
    return alert->entry && alert->entry->id && strncmp(alert->entry->id, "ST-EXP-", 7) == 0;
}

/* A source: `count` the targets that entered its window since it was last counted exactly (an
 * upper bound of those in the window: none is taken off as it ages out), `first` the time of
 * its latest report. Re-armed a window after that report. */
static sw_state_entry *source_entry(sw_detect_ctx *ctx, const sw_ip *src, int64_t now)
{
    sw_scan_state *st = sw_detect_state(ctx, &sw_detector_scan);
    sw_state_key k = sw_state_key_make(src, NULL, 0, KIND_SOURCE);
    sw_state_entry *e = sw_detect_upsert(ctx, st->scan001_sources, &k, now, NULL);
    if ((e->flags & FLAG_REPORTED) && now - e->first > st->scan001_window)
        e->flags &= (uint8_t)~FLAG_REPORTED;
    e->last = now;
    return e;
}

/* The source's distinct targets last hit within the window ending now: exact, by a walk of the
 * pair table, so only when the upper bound reaches the threshold (at most once per target that
 * enters the window). */
static uint64_t targets_in_window(const sw_scan_state *st, const sw_ip *src, int64_t now)
{
    uint64_t n = 0;
    for (size_t i = 0; i < sw_state_table_slots(st->scan001_pairs); i++) {
        const sw_state_entry *p = sw_state_table_slot(st->scan001_pairs, i);
        n += p->used && p->key.kind == KIND_TARGET && sw_ip_equal(&p->key.a, src) &&
             now - p->last <= st->scan001_window;
    }
    return n;
}

static void on_alert_scan(sw_detect_ctx *ctx, const sw_alert *alert)
{
    sw_scan_state *st = sw_detect_state(ctx, &sw_detector_scan);
    const sw_flow_obs *f = alert->flow;
    if (!is_exploit_alert(alert) || !f ||
        !(sw_detect_in(ctx, SW_NET_INFRA, &f->dst) || sw_detect_in(ctx, SW_NET_EDGE_APPS, &f->dst)))
        return;
    int64_t now = alert->ts.sec;
    sw_state_entry *src = source_entry(ctx, &f->src, now);
    sw_state_key k = sw_state_key_make(&f->src, &f->dst, 0, KIND_TARGET);
    int created = 0;
    sw_state_entry *pair = sw_detect_upsert(ctx, st->scan001_pairs, &k, now, &created);
    if (created || now - pair->last > st->scan001_window) /* it enters the window */
        src->count++;
    pair->last = now;
    if (src->count < st->scan001_threshold || (src->flags & FLAG_REPORTED))
        return;
    src->count = targets_in_window(st, &f->src, now);
    if (src->count < st->scan001_threshold)
        return;
    src->flags |= FLAG_REPORTED;
    src->first = now;
    char a[SW_DETECT_TEXT_LEN], b[SW_DETECT_TEXT_LEN], c[32], d[32];
    snprintf(c, sizeof(c), "%llu", (unsigned long long)src->count);
    snprintf(d, sizeof(d), "%lld", (long long)st->scan001_window);
    const sw_evidence ev[] = {
        {"source", sw_detect_ip_text(&f->src, a)},
        {"targets", c},
        {"window_seconds", d},
        {"last_target", sw_detect_ip_text(&f->dst, b)},
        {"trigger", alert->entry->id},
    };
    sw_detect_alert_flow(ctx, SW_DET_SCAN_001, alert->ts, alert->pcap_cnt, f, 0, ev, 5);
}

const sw_detector sw_detector_scan = {
    .name = "scan",
    .state_new = sw_scan_state_new,
    .state_free = sw_scan_state_free,
    .ids = {SW_DET_SCAN_001},
    .n_ids = 1,
    .observe = NULL,
    .on_alert = on_alert_scan,
    .cross_flow = 1,
};
