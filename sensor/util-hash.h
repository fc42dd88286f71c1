/* MD5 (RFC 1321) and SHA-256 (FIPS 180-4, the core's implementation: core/util-sha256.h), for the
 * JA3/JA3S, HASSH and JA4 fingerprints. Not for security decisions: MD5 is here only because the
 * fingerprint formats require it. Contexts live on the caller's stack; no allocation, no global
 * state. */
#ifndef SEAWALL_SENSOR_UTIL_HASH_H
#define SEAWALL_SENSOR_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "util-sha256.h"

#define SW_MD5_LEN    16
#define SW_SHA256_LEN 32

typedef struct sw_md5_ctx {
    uint32_t state[4];
    uint64_t total; /* bytes hashed so far */
    uint8_t block[64];
    size_t fill;
} sw_md5_ctx;

typedef sw_util_sha256_ctx sw_sha256_ctx;

void sw_md5_init(sw_md5_ctx *ctx);
void sw_md5_update(sw_md5_ctx *ctx, const void *data, size_t len);
void sw_md5_final(sw_md5_ctx *ctx, uint8_t out[SW_MD5_LEN]);
void sw_md5(const void *data, size_t len, uint8_t out[SW_MD5_LEN]);

static inline void sw_sha256_init(sw_sha256_ctx *ctx)
{
    sw_util_sha256_init(ctx);
}
static inline void sw_sha256_update(sw_sha256_ctx *ctx, const void *data, size_t len)
{
    sw_util_sha256_update(ctx, data, len);
}
static inline void sw_sha256_final(sw_sha256_ctx *ctx, uint8_t out[SW_SHA256_LEN])
{
    sw_util_sha256_final(ctx, out);
}
void sw_sha256(const void *data, size_t len, uint8_t out[SW_SHA256_LEN]);

/* Lower-case hex of n bytes into out, which must hold 2n+1 characters; returns out. */
char *sw_hex(const uint8_t *in, size_t n, char *out);

/* Hex MD5 of a string (out holds 33 characters): the form JA3 and HASSH print. */
void sw_md5_hex(const char *text, size_t len, char out[2 * SW_MD5_LEN + 1]);

#endif
