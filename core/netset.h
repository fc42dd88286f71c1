/* CIDR sets with longest-prefix lookup, for the operator's network sets (INFRA, NOC, AAA, ...). */
#ifndef SEAWALL_NETSET_H
#define SEAWALL_NETSET_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sw_netset sw_netset;

/* Caller owns; free with sw_netset_free. NULL when out of memory. */
sw_netset *sw_netset_new(void);
void sw_netset_free(sw_netset *set); /* NULL is a no-op */

/* Adds "a.b.c.d/len", "x::y/len" or a bare address (a host prefix) labelled `value`.
 * Host bits below the prefix length are an error (likely a typo): SW_ERR_INVALID with the reason
 * in err->text. Re-adding the same prefix replaces its value. */
sw_status sw_netset_add(sw_netset *set, const char *cidr, uint32_t value, sw_error *err);
sw_status sw_netset_add_prefix(sw_netset *set, const sw_ip *ip, unsigned prefix_len,
                               uint32_t value);

/* Longest-prefix match: 1 and *value set when ip is inside some prefix, else 0.
 * IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are looked up as IPv4. value may be NULL. */
int sw_netset_lookup(const sw_netset *set, const sw_ip *ip, uint32_t *value);
static inline int sw_netset_contains(const sw_netset *set, const sw_ip *ip)
{
    return set && sw_netset_lookup(set, ip, NULL);
}
size_t sw_netset_count(const sw_netset *set); /* prefixes added */

/* The value of exactly this prefix (as sw_netset_add takes it), not the longest match: 1 and
 * *value when that prefix was added, else 0 (also for text sw_netset_add would refuse). */
int sw_netset_get(const sw_netset *set, const char *cidr, uint32_t *value);

#ifdef __cplusplus
}
#endif
#endif
