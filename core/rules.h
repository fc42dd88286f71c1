/* Content rules: a documented subset of Suricata rule syntax (docs/rules.md), parsed into a
 * compiled, read-only ruleset that any number of engines share (sw_engine_set_rules).
 *
 * Loading is lenient per rule and strict per file: a rule with an unsupported keyword or bad
 * syntax is skipped with a warning naming file:line and the keyword (as Suricata does), while an
 * unreadable file is an error. The caller decides whether skipped rules are fatal. */
#ifndef SEAWALL_RULES_H
#define SEAWALL_RULES_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sw_ruleset sw_ruleset;

/* Caller owns; free with sw_ruleset_free. NULL when out of memory. */
sw_ruleset *sw_ruleset_new(void);
void sw_ruleset_free(sw_ruleset *rs); /* NULL is a no-op */

/* Reads a Suricata classification.config ("config classification: name,description,priority").
 * Once one is loaded, a rule naming an unknown classtype is skipped. Must precede the rules.
 * Errors name file:line. */
sw_status sw_ruleset_load_classification(sw_ruleset *rs, const char *path, sw_error *err);
sw_status sw_ruleset_load_classification_string(sw_ruleset *rs, const char *text, size_t len,
                                                const char *name, sw_error *err);

/* Parses rules and appends them. Per-rule problems become warnings (see below) and the rule is
 * skipped; only I/O failure, memory, or a call after sw_ruleset_compile fail the call. A file
 * must be a regular file of at most SW_RULES_MAX_FILE_BYTES (the largest public rule sets are a
 * fraction of it): a device such as /dev/zero, or a runaway file, is refused, not read until
 * memory runs out. */
#define SW_RULES_MAX_FILE_BYTES ((size_t)256 << 20)
sw_status sw_ruleset_load_file(sw_ruleset *rs, const char *path, sw_error *err);
sw_status sw_ruleset_load_string(sw_ruleset *rs, const char *text, size_t len, const char *name,
                                 sw_error *err);

/* Builds the prefilter; afterwards the ruleset is read-only and may be attached to engines.
 * SW_ERR_NOMEM / SW_ERR_LIMIT on failure (the ruleset must then be freed). */
sw_status sw_ruleset_compile(sw_ruleset *rs, sw_error *err);

size_t sw_ruleset_loaded(const sw_ruleset *rs);  /* rules accepted */
size_t sw_ruleset_skipped(const sw_ruleset *rs); /* rules skipped with a warning */

/* Warnings in file order ("file:line: keyword: why"). At most SW_RULES_MAX_WARNINGS are kept;
 * sw_ruleset_skipped still counts every skipped rule. Borrowed, valid until sw_ruleset_free. */
#define SW_RULES_MAX_WARNINGS 256
size_t sw_ruleset_warning_count(const sw_ruleset *rs);
const sw_error *sw_ruleset_warning(const sw_ruleset *rs, size_t i);

/* Whether a loaded rule with this gid:sid exists (tests and tools). */
int sw_ruleset_has_sid(const sw_ruleset *rs, uint32_t gid, uint32_t sid);

/* Prefilter figures: patterns in the automata and rules with no usable fast pattern. */
typedef struct sw_ruleset_info {
    size_t prefilter_patterns;
    size_t prefilter_states;
    size_t unfiltered_rules;
} sw_ruleset_info;
void sw_ruleset_get_info(const sw_ruleset *rs, sw_ruleset_info *out);

/* Per-engine rule counters (sw_engine_get_rule_stats). */
typedef struct sw_rule_stats {
    uint64_t observations;       /* observations the rules inspected */
    uint64_t candidates;         /* rules evaluated after the prefilter */
    uint64_t matches;            /* rules whose conditions all held */
    uint64_t alerts;             /* alerts raised by rules */
    uint64_t passed;             /* observations silenced by a matching pass rule */
    uint64_t thresholded;        /* alerts held back by threshold or detection_filter */
    uint64_t flowbits_dropped;   /* flows whose flowbits were evicted by the table cap */
    uint64_t thresholds_dropped; /* threshold trackers evicted by the table cap */
    uint64_t budget_exhausted;   /* searches cut short by the step or PCRE match limit */
    uint64_t superseded;         /* matches not raised: a built-in raises their seawall_id */
} sw_rule_stats;

#ifdef __cplusplus
}
#endif
#endif
