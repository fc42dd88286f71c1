/* Checks shared by the app-layer parser suites: every truncation and bad length fields. */
#ifndef SEAWALL_TEST_HELPER_APP_H
#define SEAWALL_TEST_HELPER_APP_H

#include "app-events.h"
#include "sw-test.h"

/* Parses buf (a test wrapper around one sw_<proto>_parse), checking any field it can against
 * len itself (nothing may be reported from past the cut). */
typedef sw_app_result (*sw_app_parse_fn)(const uint8_t *buf, size_t len);

/* Every prefix 0..len-1 of msg, each in an exactly sized heap buffer: fn must report INCOMPLETE
 * with exactly one `trunc` anomaly, no other anomaly and nothing consumed. */
void sw_app_check_prefixes(const uint8_t *msg, size_t len, sw_app_parse_fn fn, sw_app_event trunc);

/* A heap copy of msg (exactly len bytes) with the big-endian field of `size` bytes (1, 2 or 4)
 * at `off` set to value. Caller frees. */
uint8_t *sw_app_patched(const uint8_t *msg, size_t len, size_t off, size_t size, uint32_t value);

/* Sets the field to each of values[] in turn and asserts fn reports MALFORMED with `ev`. */
void sw_app_expect_malformed(const uint8_t *msg, size_t len, size_t off, size_t size,
                             const uint32_t *values, size_t n, sw_app_parse_fn fn, sw_app_event ev);

/* Hex text ("c0 01 ab" or "c001ab") to bytes; returns the byte count (asserts it fits). */
size_t sw_app_unhex(const char *hex, uint8_t *out, size_t cap);

#endif
