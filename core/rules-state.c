/* Per-engine rule state with fixed memory: flowbits per flow id (Suricata user guide,
 * "Flow keywords: flowbits") and threshold / detection_filter trackers per gid:sid and address
 * ("Rule Thresholding"). Both are set-associative tables; a full bucket reuses its oldest way and
 * counts the loss. Keys never involve rule numbers, so a rule reload keeps the state. */
#include "rules-engine.h"

#include <stdlib.h>
#include <string.h>

#define BUCKETS (1u << RULES_STATE_BUCKET_BITS)

static size_t bucket_index(uint64_t key)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> (64 - RULES_STATE_BUCKET_BITS));
}

static flowbit_slot *fb_find(const rules_engine *re, uint64_t flow_id)
{
    flowbit_slot *b = &re->tables.flowbits[bucket_index(flow_id) * RULES_STATE_WAYS];
    for (int i = 0; i < RULES_STATE_WAYS; i++)
        if (b[i].used && b[i].flow_id == flow_id)
            return &b[i];
    return NULL;
}

int rules_flowbit_isset(const rules_engine *re, uint64_t flow_id, uint32_t bit)
{
    const flowbit_slot *s = fb_find(re, flow_id);
    for (uint32_t i = 0; s && i < s->n; i++)
        if (s->bits[i] == bit)
            return 1;
    return 0;
}

static flowbit_slot *fb_claim(rules_engine *re, uint64_t flow_id)
{
    size_t bi = bucket_index(flow_id);
    flowbit_slot *b = &re->tables.flowbits[bi * RULES_STATE_WAYS];
    for (int i = 0; i < RULES_STATE_WAYS; i++)
        if (!b[i].used) {
            memset(&b[i], 0, sizeof(b[i]));
            b[i].used = 1;
            b[i].flow_id = flow_id;
            return &b[i];
        }
    flowbit_slot *s = &b[re->tables.fb_victim[bi]];
    re->tables.fb_victim[bi] = (re->tables.fb_victim[bi] + 1) % RULES_STATE_WAYS;
    re->stats.flowbits_dropped++;
    memset(s, 0, sizeof(*s));
    s->used = 1;
    s->flow_id = flow_id;
    return s;
}

void rules_flowbit_apply(rules_engine *re, uint64_t flow_id, fb_cmd cmd, uint32_t bit)
{
    int isset = rules_flowbit_isset(re, flow_id, bit);
    if (cmd == FB_TOGGLE)
        cmd = isset ? FB_UNSET : FB_SET;
    if (cmd == FB_SET && !isset) {
        flowbit_slot *s = fb_find(re, flow_id);
        if (!s)
            s = fb_claim(re, flow_id);
        if (s->n == RULES_FLOWBITS_PER_FLOW) {
            re->stats.flowbits_dropped++;
            return;
        }
        s->bits[s->n++] = bit;
    } else if (cmd == FB_UNSET && isset) {
        flowbit_slot *s = fb_find(re, flow_id);
        for (uint32_t i = 0; i < s->n; i++)
            if (s->bits[i] == bit) {
                s->bits[i] = s->bits[--s->n];
                break;
            }
    }
}

void rules_flowbits_forget(rules_engine *re, uint64_t flow_id)
{
    flowbit_slot *s = fb_find(re, flow_id);
    if (s)
        memset(s, 0, sizeof(*s));
}

static uint64_t thr_key(const sw_rule *r, const sw_ip *ip)
{
    uint64_t h = ((uint64_t)r->gid << 32) ^ r->sid;
    for (int i = 0; i < 16; i++)
        h = (h ^ ip->bytes[i]) * 0x100000001B3ull;
    return h ^ ip->family;
}

static threshold_slot *thr_get(rules_engine *re, const sw_rule *r, const sw_ip *ip)
{
    size_t bi = bucket_index(thr_key(r, ip));
    threshold_slot *b = &re->tables.thresholds[bi * RULES_STATE_WAYS], *free_slot = NULL;
    for (int i = 0; i < RULES_STATE_WAYS; i++) {
        if (b[i].used && b[i].gid == r->gid && b[i].sid == r->sid && sw_ip_equal(&b[i].ip, ip))
            return &b[i];
        if (!b[i].used && !free_slot)
            free_slot = &b[i];
    }
    if (!free_slot) {
        free_slot = &b[re->tables.thr_victim[bi]];
        re->tables.thr_victim[bi] = (re->tables.thr_victim[bi] + 1) % RULES_STATE_WAYS;
        re->stats.thresholds_dropped++;
    }
    memset(free_slot, 0, sizeof(*free_slot));
    free_slot->used = 1;
    free_slot->gid = r->gid;
    free_slot->sid = r->sid;
    free_slot->ip = *ip;
    return free_slot;
}

/* Suricata's semantics: limit = the first `count` per window; threshold = every count-th;
 * both = once per window after count; detection_filter = every match after the count-th. A
 * window starts at the first match and restarts once `seconds` have passed. */
int rules_threshold_allows(rules_engine *re, const sw_rule *r, const sw_ip *ip, sw_time now)
{
    const rule_threshold *t = &r->threshold;
    if (t->type == THR_NONE)
        return 1;
    threshold_slot *s = thr_get(re, r, ip);
    if (s->count == 0 || sw_time_diff_us(s->window_start, now) >= (int64_t)t->seconds * 1000000) {
        s->window_start = now;
        s->count = 0;
        s->alerted = 0;
    }
    s->count++;
    switch (t->type) {
    case THR_LIMIT:
        return s->count <= t->count;
    case THR_THRESHOLD:
        if (s->count < t->count)
            return 0;
        s->count = 0; /* the next window starts with the next match */
        return 1;
    case THR_BOTH:
        if (s->count < t->count || s->alerted)
            return 0;
        s->alerted = 1;
        return 1;
    default:
        return s->count > t->count;
    }
}

rules_engine *rules_engine_new(void)
{
    rules_engine *re = calloc(1, sizeof(*re));
    if (!re)
        return NULL;
    rules_tables *t = &re->tables;
    t->flowbits = calloc((size_t)BUCKETS * RULES_STATE_WAYS, sizeof(flowbit_slot));
    t->thresholds = calloc((size_t)BUCKETS * RULES_STATE_WAYS, sizeof(threshold_slot));
    t->fb_victim = calloc(BUCKETS, sizeof(unsigned));
    t->thr_victim = calloc(BUCKETS, sizeof(unsigned));
    re->match.md = pcre2_match_data_create(16, NULL);
    re->match.mctx = pcre2_match_context_create(NULL);
    if (!t->flowbits || !t->thresholds || !t->fb_victim || !t->thr_victim || !re->match.md ||
        !re->match.mctx) {
        rules_engine_free(re);
        return NULL;
    }
    /* Bounds backtracking on hostile buffers (PCRE2 defaults are 10 000 000). */
    pcre2_set_match_limit(re->match.mctx, 100000);
    pcre2_set_depth_limit(re->match.mctx, 10000);
    return re;
}

void rules_engine_free(rules_engine *re)
{
    if (!re)
        return;
    free(re->tables.flowbits);
    free(re->tables.thresholds);
    free(re->tables.fb_victim);
    free(re->tables.thr_victim);
    free(re->entry);
    free(re->superseded);
    free(re->stamp);
    free(re->cand);
    sw_prefilter_scratch_free(re->pf_scratch);
    pcre2_match_data_free(re->match.md);
    pcre2_match_context_free(re->match.mctx);
    free(re);
}
