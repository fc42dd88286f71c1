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

/* FIPS 180-4 section 6.1.2, with f_t and K_t (sections 4.1.1, 4.2.1) fixed per 20-step round,
 * the message schedule kept as a rolling window of 16 words, and the steps unrolled so that the
 * five working variables rotate by renaming instead of by moves. */
#define SHA1_W(t) \
    (w[(t)&15] = rotl32(w[((t) + 13) & 15] ^ w[((t) + 8) & 15] ^ w[((t) + 2) & 15] ^ w[(t)&15], 1))
#define SHA1_F0(b, c, d) (((b) & (c)) | (~(b) & (d)))
#define SHA1_F1(b, c, d) ((b) ^ (c) ^ (d))
#define SHA1_F2(b, c, d) (((b) & (c)) | ((b) & (d)) | ((c) & (d)))
#define SHA1_STEP(a, b, c, d, e, f, k, wt)                     \
    do {                                                       \
        (e) += rotl32((a), 5) + f((b), (c), (d)) + (k) + (wt); \
        (b) = rotl32((b), 30);                                 \
    } while (0)
/* Five steps: after them the variables are back in their places. */
#define SHA1_FIVE(t, f, k, wt)                       \
    do {                                             \
        SHA1_STEP(a, b, c, d, e, f, k, wt(t));       \
        SHA1_STEP(e, a, b, c, d, f, k, wt((t) + 1)); \
        SHA1_STEP(d, e, a, b, c, f, k, wt((t) + 2)); \
        SHA1_STEP(c, d, e, a, b, f, k, wt((t) + 3)); \
        SHA1_STEP(b, c, d, e, a, f, k, wt((t) + 4)); \
    } while (0)
#define SHA1_LOADED(t) w[(t)]

static void compress_portable(uint32_t h[5], const uint8_t block[64])
{
    uint32_t w[16];
    for (unsigned t = 0; t < 16; t++)
        w[t] = load_be32(block + 4 * t);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    SHA1_FIVE(0, SHA1_F0, 0x5a827999u, SHA1_LOADED);
    SHA1_FIVE(5, SHA1_F0, 0x5a827999u, SHA1_LOADED);
    SHA1_FIVE(10, SHA1_F0, 0x5a827999u, SHA1_LOADED);
    SHA1_STEP(a, b, c, d, e, SHA1_F0, 0x5a827999u, w[15]);
    SHA1_STEP(e, a, b, c, d, SHA1_F0, 0x5a827999u, SHA1_W(16));
    SHA1_STEP(d, e, a, b, c, SHA1_F0, 0x5a827999u, SHA1_W(17));
    SHA1_STEP(c, d, e, a, b, SHA1_F0, 0x5a827999u, SHA1_W(18));
    SHA1_STEP(b, c, d, e, a, SHA1_F0, 0x5a827999u, SHA1_W(19));
    for (unsigned t = 20; t < 40; t += 5)
        SHA1_FIVE(t, SHA1_F1, 0x6ed9eba1u, SHA1_W);
    for (unsigned t = 40; t < 60; t += 5)
        SHA1_FIVE(t, SHA1_F2, 0x8f1bbcdcu, SHA1_W);
    for (unsigned t = 60; t < 80; t += 5)
        SHA1_FIVE(t, SHA1_F1, 0xca62c1d6u, SHA1_W);
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

/* x86 SHA extensions (sha1rnds4 and friends: four steps per instruction) when the CPU has them,
 * as in Intel's reference code for the instructions. The feature test reads what libgcc found at
 * start-up (__builtin_cpu_supports), so no state of ours; clang lacks the "sha" feature name and
 * builds the portable path only. Under valgrind the CPU reports no SHA, so callgrind counts the
 * portable path. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#include <immintrin.h>
#define SHA1_HAVE_CPU 1

/* Four steps with message words m; f selects the round function (step / 20). Ea gains the
 * fifth working variable and the words, Eb keeps ABCD for the next group. */
#define NI_GROUP(Ea, Eb, m, f)                   \
    do {                                         \
        Ea = _mm_sha1nexte_epu32(Ea, m);         \
        Eb = abcd;                               \
        abcd = _mm_sha1rnds4_epu32(abcd, Ea, f); \
    } while (0)
/* Message schedule for the words four groups ahead (FIPS 180-4 6.1.2 step 1, four at once). */
#define NI_NEXT(cur, m1, m2, m3)          \
    do {                                  \
        m1 = _mm_sha1msg2_epu32(m1, cur); \
        m3 = _mm_sha1msg1_epu32(m3, cur); \
        m2 = _mm_xor_si128(m2, cur);      \
    } while (0)

__attribute__((target("sha,sse4.1"))) static void compress_cpu(uint32_t h[5],
                                                               const uint8_t block[64])
{
    const __m128i bswap = _mm_set_epi64x(0x0001020304050607LL, 0x08090a0b0c0d0e0fLL);
    __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(const void *)h), 0x1B);
    __m128i e0 = _mm_set_epi32((int)h[4], 0, 0, 0), e1;
    const __m128i abcd_in = abcd, e_in = e0;
    __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)block), bswap);
    __m128i m1 =
        _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(block + 16)), bswap);
    __m128i m2 =
        _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(block + 32)), bswap);
    __m128i m3 =
        _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(block + 48)), bswap);

    e0 = _mm_add_epi32(e0, m0); /* steps 0-3: no previous E to rotate */
    e1 = abcd;
    abcd = _mm_sha1rnds4_epu32(abcd, e0, 0);
    NI_GROUP(e1, e0, m1, 0); /* 4-7 */
    m0 = _mm_sha1msg1_epu32(m0, m1);
    NI_GROUP(e0, e1, m2, 0); /* 8-11 */
    m1 = _mm_sha1msg1_epu32(m1, m2);
    m0 = _mm_xor_si128(m0, m2);
    NI_GROUP(e1, e0, m3, 0); /* 12-15 */
    NI_NEXT(m3, m0, m1, m2);
    NI_GROUP(e0, e1, m0, 0); /* 16-19 */
    NI_NEXT(m0, m1, m2, m3);
    NI_GROUP(e1, e0, m1, 1); /* 20-23 */
    NI_NEXT(m1, m2, m3, m0);
    NI_GROUP(e0, e1, m2, 1);
    NI_NEXT(m2, m3, m0, m1);
    NI_GROUP(e1, e0, m3, 1);
    NI_NEXT(m3, m0, m1, m2);
    NI_GROUP(e0, e1, m0, 1);
    NI_NEXT(m0, m1, m2, m3);
    NI_GROUP(e1, e0, m1, 1); /* 36-39 */
    NI_NEXT(m1, m2, m3, m0);
    NI_GROUP(e0, e1, m2, 2); /* 40-43 */
    NI_NEXT(m2, m3, m0, m1);
    NI_GROUP(e1, e0, m3, 2);
    NI_NEXT(m3, m0, m1, m2);
    NI_GROUP(e0, e1, m0, 2);
    NI_NEXT(m0, m1, m2, m3);
    NI_GROUP(e1, e0, m1, 2);
    NI_NEXT(m1, m2, m3, m0);
    NI_GROUP(e0, e1, m2, 2); /* 56-59 */
    NI_NEXT(m2, m3, m0, m1);
    NI_GROUP(e1, e0, m3, 3); /* 60-63 */
    NI_NEXT(m3, m0, m1, m2);
    NI_GROUP(e0, e1, m0, 3);
    NI_NEXT(m0, m1, m2, m3);
    NI_GROUP(e1, e0, m1, 3);
    NI_NEXT(m1, m2, m3, m0);
    NI_GROUP(e0, e1, m2, 3);
    m3 = _mm_sha1msg2_epu32(m3, m2);
    NI_GROUP(e1, e0, m3, 3); /* 76-79 */

    e0 = _mm_sha1nexte_epu32(e0, e_in);
    abcd = _mm_shuffle_epi32(_mm_add_epi32(abcd, abcd_in), 0x1B);
    _mm_storeu_si128((__m128i *)(void *)h, abcd);
    h[4] = (uint32_t)_mm_extract_epi32(e0, 3);
}
#endif

static void compress(uint32_t h[5], const uint8_t block[64])
{
#ifdef SHA1_HAVE_CPU
    if (__builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1")) {
        compress_cpu(h, block);
        return;
    }
#endif
    compress_portable(h, block);
}

static const uint32_t initial[5] = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u,
                                    0xc3d2e1f0u};

void sw_sha1_init(sw_sha1 *ctx)
{
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
            compress(ctx->h, ctx->block);
            ctx->block_len = 0;
        }
    }
}

static void put_digest(const uint32_t h[5], uint8_t digest[SW_SHA1_DIGEST_LEN])
{
    for (unsigned i = 0; i < 5; i++) {
        digest[4 * i] = (uint8_t)(h[i] >> 24);
        digest[4 * i + 1] = (uint8_t)(h[i] >> 16);
        digest[4 * i + 2] = (uint8_t)(h[i] >> 8);
        digest[4 * i + 3] = (uint8_t)h[i];
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
    put_digest(ctx->h, digest);
}

static int sha1_short(const void *data, size_t len, uint8_t digest[SW_SHA1_DIGEST_LEN],
                      void (*block_fn)(uint32_t *, const uint8_t *))
{
    if (len > SW_SHA1_SHORT_MAX)
        return -1;
    /* The padded message is one block: data, a 1 bit, zeros, the bit length (FIPS 180-4 5.1.1). */
    uint8_t block[64] = {0};
    memcpy(block, data, len);
    block[len] = 0x80;
    uint64_t bits = (uint64_t)len * 8;
    block[62] = (uint8_t)(bits >> 8);
    block[63] = (uint8_t)bits;
    uint32_t h[5];
    memcpy(h, initial, sizeof(initial));
    block_fn(h, block);
    put_digest(h, digest);
    return 0;
}

int sw_sha1_short(const void *data, size_t len, uint8_t digest[SW_SHA1_DIGEST_LEN])
{
    return sha1_short(data, len, digest, compress);
}

int sw_sha1_short_portable(const void *data, size_t len, uint8_t digest[SW_SHA1_DIGEST_LEN])
{
    return sha1_short(data, len, digest, compress_portable);
}
