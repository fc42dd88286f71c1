/* SHA-1 (FIPS 180-4 section 6.1), private to the core: only Community ID needs it, and a
 * 100-line hash is cheaper than a crypto dependency. Not for security decisions. */
#ifndef SEAWALL_SHA1_H
#define SEAWALL_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define SW_SHA1_DIGEST_LEN 20

typedef struct sw_sha1 {
    uint32_t h[5];
    uint64_t total_len; /* bytes hashed so far */
    uint8_t block[64];
    size_t block_len; /* bytes waiting in block */
} sw_sha1;

void sw_sha1_init(sw_sha1 *ctx);
void sw_sha1_update(sw_sha1 *ctx, const void *data, size_t len);
/* Writes the digest and leaves ctx unusable until the next sw_sha1_init. */
void sw_sha1_final(sw_sha1 *ctx, uint8_t digest[SW_SHA1_DIGEST_LEN]);

/* SHA-1 of a message of at most SW_SHA1_SHORT_MAX bytes, which pads into a single block: one
 * compression, no context. Community ID hashes 40 bytes at most per flow record. Returns 0, or
 * -1 (digest untouched) for a longer message. */
#define SW_SHA1_SHORT_MAX 55
int sw_sha1_short(const void *data, size_t len, uint8_t digest[SW_SHA1_DIGEST_LEN]);
/* The same without the CPU's SHA instructions, so tests can hold both paths side by side. */
int sw_sha1_short_portable(const void *data, size_t len, uint8_t digest[SW_SHA1_DIGEST_LEN]);

#endif
