/* SHA-256 as FIPS 180-4 section 6.2 describes it, one 64-byte block at a time. */
#include "util-sha256.h"

#include <string.h>

static uint32_t rotr32(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

/* FIPS 180-4 4.2.2: the first 32 bits of the fractional parts of the cube roots of the first
 * 64 primes. */
static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* FIPS 180-4 6.2.2: message schedule, then 64 rounds over the working variables a..h. */
static void sha256_block(uint32_t st[8], const uint8_t b[64])
{
    uint32_t w[64], v[8];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 |
               (uint32_t)b[4 * i + 2] << 8 | b[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = rotr32(w[i - 15], 7) ^ rotr32(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr32(w[i - 2], 17) ^ rotr32(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    memcpy(v, st, sizeof(v));
    for (int i = 0; i < 64; i++) {
        uint32_t s1 = rotr32(v[4], 6) ^ rotr32(v[4], 11) ^ rotr32(v[4], 25);
        uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
        uint32_t t1 = v[7] + s1 + ch + sha256_k[i] + w[i];
        uint32_t s0 = rotr32(v[0], 2) ^ rotr32(v[0], 13) ^ rotr32(v[0], 22);
        uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
        memmove(v + 1, v, 7 * sizeof(v[0]));
        v[4] += t1;
        v[0] = t1 + s0 + maj;
    }
    for (int i = 0; i < 8; i++)
        st[i] += v[i];
}

void sw_util_sha256_init(sw_util_sha256_ctx *ctx)
{
    /* FIPS 180-4 5.3.3 */
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(ctx->state, iv, sizeof(iv));
    ctx->total = 0;
    ctx->fill = 0;
}

void sw_util_sha256_update(sw_util_sha256_ctx *ctx, const void *data, size_t len)
{
    const uint8_t *in = data;
    for (size_t i = 0; i < len; i++) {
        ctx->block[ctx->fill++] = in[i];
        if (ctx->fill == 64) {
            sha256_block(ctx->state, ctx->block);
            ctx->fill = 0;
        }
    }
    ctx->total += len;
}

void sw_util_sha256_final(sw_util_sha256_ctx *ctx, uint8_t out[SW_UTIL_SHA256_LEN])
{
    /* FIPS 180-4 5.1.1: a 1 bit, zeros to 56 mod 64 bytes, then the bit length big-endian. */
    uint64_t bits = ctx->total * 8;
    uint8_t pad = 0x80, zero = 0, len_be[8];
    sw_util_sha256_update(ctx, &pad, 1);
    while (ctx->fill != 56)
        sw_util_sha256_update(ctx, &zero, 1);
    for (int i = 0; i < 8; i++)
        len_be[i] = (uint8_t)(bits >> (56 - 8 * i));
    sw_util_sha256_update(ctx, len_be, 8);
    for (int i = 0; i < 32; i++)
        out[i] = (uint8_t)(ctx->state[i / 4] >> (24 - 8 * (i % 4)));
}

char *sw_util_sha256_hex(const uint8_t digest[SW_UTIL_SHA256_LEN], size_t n_hex, char *out)
{
    static const char digits[] = "0123456789abcdef";
    if (n_hex > 2 * SW_UTIL_SHA256_LEN)
        n_hex = 2 * SW_UTIL_SHA256_LEN;
    for (size_t i = 0; i < n_hex; i++)
        out[i] = digits[(digest[i / 2] >> (i % 2 ? 0 : 4)) & 0xf];
    out[n_hex] = '\0';
    return out;
}
