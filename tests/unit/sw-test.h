/* Helpers shared by the Check suites. */
#ifndef SEAWALL_TEST_H
#define SEAWALL_TEST_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>

/* Calls fn on every prefix (0 .. len-1 bytes) of data, each copied into a heap buffer of exactly
 * that size, so AddressSanitizer reports a read of even one byte past the cut. */
typedef void (*sw_test_prefix_fn)(const uint8_t *buf, size_t len, void *user);
void sw_test_all_prefixes(const uint8_t *data, size_t len, sw_test_prefix_fn fn, void *user);

/* "<shared dir>/<rel>" and "<source dir>/<rel>" in a static buffer (valid until the next call). */
const char *sw_test_shared(const char *rel);
const char *sw_test_source(const char *rel);

/* Runs one suite with forking (a crash fails one test, not the run); returns the exit code. */
int sw_test_run(Suite *s);

#endif
