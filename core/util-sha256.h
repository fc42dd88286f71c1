/* SHA-256 (FIPS 180-4) for the core: redacts secrets seen on the wire (SNMP community strings)
 * to a short digest an analyst can correlate without learning the secret. The sensor keeps its
 * own copy in sensor/util-hash.c (JA4 needs it there); the core must not depend on sensor/, so
 * these carry a different prefix. Contexts live on the caller's stack; no allocation. */
#ifndef SEAWALL_UTIL_SHA256_H
#define SEAWALL_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SW_UTIL_SHA256_LEN 32

typedef struct sw_util_sha256_ctx {
    uint32_t state[8];
    uint64_t total; /* bytes hashed so far */
    uint8_t block[64];
    size_t fill;
} sw_util_sha256_ctx;

void sw_util_sha256_init(sw_util_sha256_ctx *ctx);
void sw_util_sha256_update(sw_util_sha256_ctx *ctx, const void *data, size_t len);
void sw_util_sha256_final(sw_util_sha256_ctx *ctx, uint8_t out[SW_UTIL_SHA256_LEN]);

/* Lower-case hex of the first n_hex digits (<= 64) of digest into out (n_hex + 1 bytes). */
char *sw_util_sha256_hex(const uint8_t digest[SW_UTIL_SHA256_LEN], size_t n_hex, char *out);

#endif
