/* Hyperscan prefilter backend (Intel Hyperscan 5, Debian libhyperscan-dev). Only compiled when
 * CMake finds libhs (SEAWALL_HAVE_HS); reached through prefilter.h, never directly. */
#ifndef SEAWALL_PREFILTER_HS_H
#define SEAWALL_PREFILTER_HS_H

#include "prefilter.h"

typedef struct sw_hs sw_hs;

int sw_hs_available(void); /* built in and hs_valid_platform() says the CPU is supported */
sw_hs *sw_hs_new(void);
void sw_hs_free(sw_hs *hs);
sw_status sw_hs_add(sw_hs *hs, const uint8_t *pattern, size_t len, unsigned flags, uint32_t id);
sw_status sw_hs_compile(sw_hs *hs);
/* *scratch is an hs_scratch_t*, kept opaque here so callers need no Hyperscan headers. */
sw_status sw_hs_scratch_reserve(const sw_hs *hs, void **scratch);
void sw_hs_scratch_free(void *scratch);
size_t sw_hs_scan(const sw_hs *hs, void *scratch, const uint8_t *data, size_t len,
                  sw_prefilter_cb cb, void *user);
size_t sw_hs_pattern_count(const sw_hs *hs);
size_t sw_hs_database_size(const sw_hs *hs);

#endif
