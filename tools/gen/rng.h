/* seawall-gen: the seeded pseudo-random generator behind every port, ISN, IP id, MAC and size.
 *
 * SplitMix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number generators", 2014): one
 * 64-bit state, so the same seed always gives the same stream and byte-identical captures. libc's
 * rand() is avoided because its sequence differs between C libraries. */
#ifndef SEAWALL_GEN_RNG_H
#define SEAWALL_GEN_RNG_H

#include <stdint.h>

typedef struct gen_rng {
    uint64_t state;
} gen_rng;

static inline void gen_rng_seed(gen_rng *r, uint64_t seed)
{
    r->state = seed;
}

static inline uint64_t gen_rng_next(gen_rng *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline uint32_t gen_rng_u32(gen_rng *r)
{
    return (uint32_t)(gen_rng_next(r) >> 32);
}

/* Uniform in [lo, hi] (inclusive); the modulo bias is irrelevant for traffic shapes. */
static inline uint32_t gen_rng_range(gen_rng *r, uint32_t lo, uint32_t hi)
{
    if (hi <= lo)
        return lo;
    return lo + (uint32_t)(gen_rng_next(r) % ((uint64_t)hi - lo + 1));
}

/* Fills buf with pseudo-random bytes (nonces, keys, ciphertext stand-ins). */
static inline void gen_rng_fill(gen_rng *r, uint8_t *buf, size_t len)
{
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (i % 8 == 0)
            v = gen_rng_next(r);
        buf[i] = (uint8_t)(v >> (8 * (i % 8)));
    }
}

#endif
