/* Indicator-of-compromise sets: IP addresses, CIDR prefixes and domains, each with the source,
 * date, confidence and label an analyst needs to judge a match.
 *
 * List format (the .tsv files in signatures/ioc), one indicator per line, '#' starts a comment
 * line: indicator<TAB>type<TAB>source<TAB>date<TAB>confidence<TAB>label type is ip, cidr or domain;
 * date is YYYY-MM-DD; confidence is high, medium or low. Defanged dots ("1.2.3[.]4", "evil[.]com")
 * are accepted and refanged. A malformed line is reported with its name:line, skipped and counted;
 * the rest of the list still loads.
 *
 * Matching: IPs and prefixes by longest prefix (netset.h); domains by suffix at a label
 * boundary, case-insensitively ("a.evil.com" matches "evil.com", "notevil.com" does not).
 * A set is read-only once built, so engines on several threads may share one. */
#ifndef SEAWALL_IOC_H
#define SEAWALL_IOC_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sw_ioc_type {
    SW_IOC_IP = 1,
    SW_IOC_CIDR,
    SW_IOC_DOMAIN,
} sw_ioc_type;

/* Strings are owned by the set and live as long as it. */
typedef struct sw_ioc_entry {
    sw_ioc_type type;
    const char *indicator; /* refanged, domains lower-cased */
    const char *source;
    const char *date;
    const char *confidence;
    const char *label;
} sw_ioc_entry;

typedef struct sw_ioc_set sw_ioc_set;

/* Caller owns; free with sw_ioc_set_free. NULL when out of memory. */
sw_ioc_set *sw_ioc_set_new(void);
void sw_ioc_set_free(sw_ioc_set *set); /* NULL is a no-op */

/* Called once per malformed line with file (= name), line and the reason; borrowed. */
typedef void (*sw_ioc_report_fn)(const sw_error *problem, void *user);

/* Adds the indicators of one list held in buf (not NUL-terminated). Malformed lines go to
 * report (may be NULL) and are counted in *n_bad; *n_added counts the indicators new to the set
 * (both may be NULL). An indicator already held (the same address, prefix or domain, from this
 * list or an earlier one) keeps the line of higher confidence, at equal confidence the later.
 * Returns SW_OK, or SW_ERR_NOMEM (the set keeps what was added before). */
sw_status sw_ioc_set_parse(sw_ioc_set *set, const uint8_t *buf, size_t len, const char *name,
                           sw_ioc_report_fn report, void *user, size_t *n_added, size_t *n_bad);

/* Borrowed entry of the most specific match, or NULL. */
const sw_ioc_entry *sw_ioc_match_ip(const sw_ioc_set *set, const sw_ip *ip);
/* name is a dotted domain (a trailing dot is ignored); borrowed entry or NULL. */
const sw_ioc_entry *sw_ioc_match_domain(const sw_ioc_set *set, const char *name);

size_t sw_ioc_count(const sw_ioc_set *set);     /* distinct indicators held */
const char *sw_ioc_type_name(sw_ioc_type type); /* "ip", "cidr", "domain" */

#ifdef __cplusplus
}
#endif
#endif
