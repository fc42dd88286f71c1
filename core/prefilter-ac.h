/* Aho-Corasick multi-pattern prefilter: one pass over a buffer reports every pattern occurrence,
 * so the cost per buffer stays flat as the number of rules grows (Aho and Corasick, "Efficient
 * string matching", CACM 18(6), 1975). Patterns match case-insensitively (ASCII): the rule engine
 * verifies each candidate exactly afterwards, so folding only adds candidates, never loses one.
 *
 * Build once (sw_ac_new, sw_ac_add, sw_ac_compile), then scan from any number of threads: a
 * compiled automaton is read-only. */
#ifndef SEAWALL_PREFILTER_AC_H
#define SEAWALL_PREFILTER_AC_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sw_ac sw_ac;

/* Called for each occurrence: the pattern's id and the offset one past its last byte. Return
 * non-zero to stop the scan. */
typedef int (*sw_ac_match_cb)(uint32_t pattern_id, size_t end, void *user);

/* Caller owns; free with sw_ac_free. NULL when out of memory. */
sw_ac *sw_ac_new(void);
void sw_ac_free(sw_ac *ac); /* NULL is a no-op */

/* Adds a pattern (copied; 1..SW_AC_MAX_PATTERN bytes) before sw_ac_compile. SW_ERR_INVALID for
 * an empty or too long pattern or after compile; SW_ERR_LIMIT past SW_AC_MAX_STATES. */
#define SW_AC_MAX_PATTERN 255
#define SW_AC_MAX_STATES  (1u << 20)
sw_status sw_ac_add(sw_ac *ac, const uint8_t *pattern, size_t len, uint32_t pattern_id);
/* Builds the failure links and the transition table. SW_ERR_NOMEM on allocation failure. */
sw_status sw_ac_compile(sw_ac *ac);

/* Scans data (case-insensitively); returns the number of occurrences reported. */
size_t sw_ac_scan(const sw_ac *ac, const uint8_t *data, size_t len, sw_ac_match_cb cb, void *user);

size_t sw_ac_pattern_count(const sw_ac *ac);
size_t sw_ac_state_count(const sw_ac *ac);

#ifdef __cplusplus
}
#endif
#endif
