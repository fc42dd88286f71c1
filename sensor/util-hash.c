/* MD5 per RFC 1321 section 3; SHA-256 comes from the core (core/util-sha256.c). */
#include "util-hash.h"

#include <string.h>

static uint32_t rotl32(uint32_t x, unsigned n)
{
    return (x << n) | (x >> (32 - n));
}

/* RFC 1321 3.4: T[i] = floor(2^32 * abs(sin(i))), and the per-round shift amounts. */
static const uint32_t md5_t[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};
static const uint8_t md5_s[4][4] = {
    {7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

static void md5_block(uint32_t st[4], const uint8_t b[64])
{
    uint32_t x[16];
    for (int i = 0; i < 16; i++)
        x[i] = (uint32_t)b[4 * i] | (uint32_t)b[4 * i + 1] << 8 | (uint32_t)b[4 * i + 2] << 16 |
               (uint32_t)b[4 * i + 3] << 24;
    uint32_t a = st[0], bb = st[1], c = st[2], d = st[3];
    for (int i = 0; i < 64; i++) {
        uint32_t f;
        int k, round = i / 16;
        if (round == 0) {
            f = (bb & c) | (~bb & d);
            k = i;
        } else if (round == 1) {
            f = (d & bb) | (~d & c);
            k = (5 * i + 1) % 16;
        } else if (round == 2) {
            f = bb ^ c ^ d;
            k = (3 * i + 5) % 16;
        } else {
            f = c ^ (bb | ~d);
            k = (7 * i) % 16;
        }
        uint32_t tmp = d;
        d = c;
        c = bb;
        bb = bb + rotl32(a + f + md5_t[i] + x[k], md5_s[round][i % 4]);
        a = tmp;
    }
    st[0] += a;
    st[1] += bb;
    st[2] += c;
    st[3] += d;
}

void sw_md5_init(sw_md5_ctx *ctx)
{
    static const uint32_t iv[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    memcpy(ctx->state, iv, sizeof(iv));
    ctx->total = 0;
    ctx->fill = 0;
}

void sw_md5_update(sw_md5_ctx *ctx, const void *data, size_t len)
{
    const uint8_t *in = data;
    for (size_t i = 0; i < len; i++) {
        ctx->block[ctx->fill++] = in[i];
        if (ctx->fill == 64) {
            md5_block(ctx->state, ctx->block);
            ctx->fill = 0;
        }
    }
    ctx->total += len;
}

void sw_md5_final(sw_md5_ctx *ctx, uint8_t out[SW_MD5_LEN])
{
    /* RFC 1321 3.1-3.2: a 1 bit, zeros to 56 mod 64, then the bit length little-endian. */
    uint64_t bits = ctx->total * 8;
    uint8_t pad = 0x80, zero = 0, len_le[8];
    sw_md5_update(ctx, &pad, 1);
    while (ctx->fill != 56)
        sw_md5_update(ctx, &zero, 1);
    for (int i = 0; i < 8; i++)
        len_le[i] = (uint8_t)(bits >> (8 * i));
    sw_md5_update(ctx, len_le, 8);
    for (int i = 0; i < 16; i++)
        out[i] = (uint8_t)(ctx->state[i / 4] >> (8 * (i % 4)));
}

void sw_md5(const void *data, size_t len, uint8_t out[SW_MD5_LEN])
{
    sw_md5_ctx ctx;
    sw_md5_init(&ctx);
    sw_md5_update(&ctx, data, len);
    sw_md5_final(&ctx, out);
}

void sw_sha256(const void *data, size_t len, uint8_t out[SW_SHA256_LEN])
{
    sw_sha256_ctx ctx;
    sw_sha256_init(&ctx);
    sw_sha256_update(&ctx, data, len);
    sw_sha256_final(&ctx, out);
}

char *sw_hex(const uint8_t *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 0xf];
    }
    out[2 * n] = '\0';
    return out;
}

void sw_md5_hex(const char *text, size_t len, char out[2 * SW_MD5_LEN + 1])
{
    uint8_t digest[SW_MD5_LEN];
    sw_md5(text, len, digest);
    sw_hex(digest, SW_MD5_LEN, out);
}
