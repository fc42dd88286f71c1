/* From parsed rules to the read-only form engines share: each rule's fast pattern, its own
 * catalog entry for rules outside the catalog, and one Aho-Corasick automaton per buffer. */
#include "rules-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rule_free(sw_rule *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_items; i++) {
        free(r->items[i].bytes);
        pcre2_code_free(r->items[i].re);
    }
    /* An item being filled when parsing failed is not counted in n_items. */
    if (r->n_items < RULE_MAX_ITEMS) {
        free(r->items[r->n_items].bytes);
        pcre2_code_free(r->items[r->n_items].re);
    }
    for (size_t i = 0; i < r->n_refs; i++)
        free(r->refs[i]);
    free(r->msg);
    free(r->classtype);
    free(r->seawall_id);
    free(r);
}

/* The fast pattern: the one marked fast_pattern, else the longest positive content (Suricata's
 * default choice too); -1 when the rule has no positive content. */
static int choose_fast_pattern(const sw_rule *r)
{
    int best = -1;
    for (size_t i = 0; i < r->n_items; i++) {
        const rule_item *it = &r->items[i];
        if (it->kind != IK_CONTENT || it->negated)
            continue;
        if (it->fast_pattern)
            return (int)i;
        if (best < 0 || it->len > r->items[best].len)
            best = (int)i;
    }
    return best;
}

static sw_severity severity_of_priority(int priority)
{
    if (priority <= 1)
        return SW_SEV_CRITICAL;
    return priority == 2 ? SW_SEV_HIGH : priority == 3 ? SW_SEV_MEDIUM : SW_SEV_LOW;
}

void rules_finish_rule(sw_rule *r, const sw_ruleset *rs)
{
    r->fp_item = choose_fast_pattern(r);
    const rule_class *cls = r->classtype ? rules_find_class(rs, r->classtype) : NULL;
    if (r->seawall_id)
        snprintf(r->own_id, sizeof(r->own_id), "%s", r->seawall_id);
    else
        snprintf(r->own_id, sizeof(r->own_id), "SID-%u", r->sid);
    sw_catalog_entry *e = &r->own_entry;
    e->id = r->own_id;
    e->gid = r->gid;
    e->sid = r->sid;
    e->rev = r->rev ? r->rev : 1;
    e->signature = r->msg ? r->msg : r->own_id;
    e->category = cls ? cls->desc : r->classtype ? r->classtype : "";
    int prio = r->priority ? r->priority : cls ? cls->priority : 3;
    e->severity = severity_of_priority(prio);
    e->description = r->source;
}

static sw_status add_rule(sw_ruleset *rs, uint32_t index)
{
    const sw_rule *r = rs->rules[index];
    if (r->fp_item < 0) {
        uint32_t **list = &rs->unfiltered[r->hook];
        uint32_t *n = realloc(*list, (rs->n_unfiltered[r->hook] + 1) * sizeof(uint32_t));
        if (!n)
            return SW_ERR_NOMEM;
        *list = n;
        n[rs->n_unfiltered[r->hook]++] = index;
        return SW_OK;
    }
    const rule_item *it = &r->items[r->fp_item];
    /* SW_PF_AUTO: Hyperscan when built in and the CPU allows, unless SEAWALL_PREFILTER says
     * otherwise (docs/rules.md). */
    if (!rs->pf[it->buf] && !(rs->pf[it->buf] = sw_prefilter_new(SW_PF_AUTO)))
        return SW_ERR_NOMEM;
    return sw_prefilter_add(rs->pf[it->buf], it->bytes, it->len, it->nocase ? SW_PF_NOCASE : 0,
                            index);
}

sw_status sw_ruleset_compile(sw_ruleset *rs, sw_error *err)
{
    if (!rs || rs->compiled)
        return sw_error_set(err, SW_ERR_INVALID, NULL, 0, NULL, "ruleset already compiled");
    sw_status st = SW_OK;
    for (size_t i = 0; i < rs->n_rules && st == SW_OK; i++)
        st = add_rule(rs, (uint32_t)i);
    for (int b = 0; b < RB_COUNT && st == SW_OK; b++)
        if (rs->pf[b])
            st = sw_prefilter_compile(rs->pf[b]);
    if (st != SW_OK)
        return sw_error_set(err, st, NULL, 0, "prefilter", "building the prefilter failed: %s",
                            sw_strerror(st));
    rs->compiled = 1;
    return SW_OK;
}

void sw_ruleset_get_info(const sw_ruleset *rs, sw_ruleset_info *out)
{
    if (!out)
        return;
    memset(out, 0, sizeof(*out));
    for (int b = 0; rs && b < RB_COUNT; b++) {
        out->prefilter_patterns += sw_prefilter_pattern_count(rs->pf[b]);
        out->prefilter_states += sw_prefilter_state_count(rs->pf[b]);
    }
    for (int h = 0; rs && h < HOOK_COUNT; h++)
        out->unfiltered_rules += rs->n_unfiltered[h];
}
