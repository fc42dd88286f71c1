/* Multi-pattern prefilter interface: one pass over a buffer reports the id of every pattern that
 * occurs in it, so the cost per buffer stays flat as rules grow. Two backends sit behind it:
 *   - aho-corasick (prefilter-ac.c): portable, always available; folds ASCII case for every
 *     pattern (a superset of candidates - the rule engine verifies each one exactly afterwards);
 *   - hyperscan (prefilter-hs.c): built when CMake finds libhs, used only when the CPU passes
 *     hs_valid_platform(); honours SW_PF_NOCASE per pattern.
 * A scan may report an id more than once (Aho-Corasick) or once per scan (Hyperscan's
 * HS_FLAG_SINGLEMATCH): callers treat reports as a set of candidates.
 *
 * A compiled prefilter is read-only and may be scanned from many threads, each with its own
 * scratch (Hyperscan's hs_scratch_t is per thread); the rule engine keeps one per engine handle. */
#ifndef SEAWALL_PREFILTER_H
#define SEAWALL_PREFILTER_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sw_prefilter_backend {
    SW_PF_AUTO = 0,         /* SEAWALL_PREFILTER env if set, else hyperscan when usable */
    SW_PF_AHO_CORASICK = 1, /* portable */
    SW_PF_HYPERSCAN = 2,
} sw_prefilter_backend;

#define SW_PF_NOCASE      1u  /* pattern flag: match ignoring ASCII case */
#define SW_PF_MAX_PATTERN 255 /* bytes; the same limit on every backend */

typedef struct sw_prefilter sw_prefilter;
typedef struct sw_prefilter_scratch sw_prefilter_scratch;

/* Called with the id of a pattern found in the buffer. Return non-zero to stop the scan. */
typedef int (*sw_prefilter_cb)(uint32_t pattern_id, void *user);

/* 1 when the backend is compiled in and (for hyperscan) the CPU supports it. */
int sw_prefilter_available(sw_prefilter_backend b);
/* Resolves SW_PF_AUTO (environment SEAWALL_PREFILTER=auto|hyperscan|aho-corasick, else the best
 * available backend). An explicit but unavailable backend resolves to aho-corasick. */
sw_prefilter_backend sw_prefilter_resolve(sw_prefilter_backend want);
const char *sw_prefilter_backend_name(sw_prefilter_backend b);
/* Parses "auto", "hyperscan" or "aho-corasick"; SW_ERR_INVALID otherwise. */
sw_status sw_prefilter_backend_parse(const char *name, sw_prefilter_backend *out);

/* Caller owns; the backend is resolved first. NULL when out of memory. */
sw_prefilter *sw_prefilter_new(sw_prefilter_backend want);
void sw_prefilter_free(sw_prefilter *pf); /* NULL is a no-op */
sw_prefilter_backend sw_prefilter_backend_of(const sw_prefilter *pf);

/* Adds a pattern (copied; 1..SW_PF_MAX_PATTERN bytes, any byte values) before compile.
 * SW_ERR_INVALID for an empty or too long pattern or after compile. */
sw_status sw_prefilter_add(sw_prefilter *pf, const uint8_t *pattern, size_t len, unsigned flags,
                           uint32_t pattern_id);
/* SW_ERR_NOMEM / SW_ERR_LIMIT / SW_ERR_INVALID when the backend refuses the pattern set. */
sw_status sw_prefilter_compile(sw_prefilter *pf);

/* Makes *scratch usable with pf (allocating or growing it; one scratch may serve several
 * prefilters). *scratch may stay NULL for backends that need none. SW_ERR_NOMEM on failure. */
sw_status sw_prefilter_scratch_reserve(const sw_prefilter *pf, sw_prefilter_scratch **scratch);
void sw_prefilter_scratch_free(sw_prefilter_scratch *scratch); /* NULL is a no-op */

/* Scans data; returns the number of reports made (0 before compile or with no patterns). */
size_t sw_prefilter_scan(const sw_prefilter *pf, sw_prefilter_scratch *scratch, const uint8_t *data,
                         size_t len, sw_prefilter_cb cb, void *user);

size_t sw_prefilter_pattern_count(const sw_prefilter *pf);
size_t sw_prefilter_state_count(const sw_prefilter *pf); /* AC states; database bytes for HS */

#ifdef __cplusplus
}
#endif
#endif
