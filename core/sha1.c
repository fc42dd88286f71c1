/* SHA-1 as specified in FIPS 180-4: padding (5.1.1), initial hash value (5.3.1) and the
 * 80-step computation (6.1.2). Input here is our own data (Community ID tuples), not packets. */
#include "sha1.h"

#include <string.h>

static uint32_t rotl32(uint32_t x, unsigned n)
{
    return (x << n) | (x >> (32 - n));
}

static uint32_t load_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

/* FIPS 180-4 section 4.1.1: f_t and section 4.2.1: K_t, by 20-step round. */
static uint32_t round_mix(unsigned t, uint32_t b, uint32_t c, uint32_t d)
{
    if (t < 20)
        return ((b & c) | (~b & d)) + 0x5a827999u;
    if (t < 40)
        return (b ^ c ^ d) + 0x6ed9eba1u;
    if (t < 60)
        return ((b & c) | (b & d) | (c & d)) + 0x8f1bbcdcu;
    return (b ^ c ^ d) + 0xca62c1d6u;
}

static void compress(sw_sha1 *ctx, const uint8_t block[64])
{
    uint32_t w[80];
    for (unsigned t = 0; t < 16; t++)
        w[t] = load_be32(block + 4 * t);
    for (unsigned t = 16; t < 80; t++)
        w[t] = rotl32(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);

    uint32_t a = ctx->h[0], b = ctx->h[1], c = ctx->h[2], d = ctx->h[3], e = ctx->h[4];
    for (unsigned t = 0; t < 80; t++) {
        uint32_t tmp = rotl32(a, 5) + round_mix(t, b, c, d) + e + w[t];
        e = d;
        d = c;
        c = rotl32(b, 30);
        b = a;
        a = tmp;
    }
    ctx->h[0] += a;
    ctx->h[1] += b;
    ctx->h[2] += c;
    ctx->h[3] += d;
    ctx->h[4] += e;
}

void sw_sha1_init(sw_sha1 *ctx)
{
    static const uint32_t initial[5] = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u,
                                        0xc3d2e1f0u};
    memcpy(ctx->h, initial, sizeof(initial));
    ctx->total_len = 0;
    ctx->block_len = 0;
}

void sw_sha1_update(sw_sha1 *ctx, const void *data, size_t len)
{
    const uint8_t *in = data;
    ctx->total_len += len;
    while (len > 0) {
        size_t take = sizeof(ctx->block) - ctx->block_len;
        if (take > len)
            take = len;
        memcpy(ctx->block + ctx->block_len, in, take);
        ctx->block_len += take;
        in += take;
        len -= take;
        if (ctx->block_len == sizeof(ctx->block)) {
            compress(ctx, ctx->block);
            ctx->block_len = 0;
        }
    }
}

void sw_sha1_final(sw_sha1 *ctx, uint8_t digest[SW_SHA1_DIGEST_LEN])
{
    /* FIPS 180-4 5.1.1: a 1 bit, zeros up to 56 mod 64 bytes, then the bit length. */
    uint64_t bits = ctx->total_len * 8;
    static const uint8_t pad[64] = {0x80};
    size_t pad_len = ctx->block_len < 56 ? 56 - ctx->block_len : 120 - ctx->block_len;
    sw_sha1_update(ctx, pad, pad_len);
    uint8_t len_be[8];
    for (unsigned i = 0; i < 8; i++)
        len_be[i] = (uint8_t)(bits >> (56 - 8 * i));
    sw_sha1_update(ctx, len_be, sizeof(len_be));
    for (unsigned i = 0; i < 5; i++) {
        digest[4 * i] = (uint8_t)(ctx->h[i] >> 24);
        digest[4 * i + 1] = (uint8_t)(ctx->h[i] >> 16);
        digest[4 * i + 2] = (uint8_t)(ctx->h[i] >> 8);
        digest[4 * i + 3] = (uint8_t)ctx->h[i];
    }
}
