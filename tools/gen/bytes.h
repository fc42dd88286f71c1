/* seawall-gen: a bounded byte builder for the payloads the scenarios write (IKE, TACACS+, RADIUS,
 * SNMP BER, BGP). It builds our own bytes, never reads packets; a write past the capacity sets a
 * sticky overflow flag instead of writing, so a scenario checks once at the end. */
#ifndef SEAWALL_GEN_BYTES_H
#define SEAWALL_GEN_BYTES_H

#include <stddef.h>
#include <stdint.h>

typedef struct gen_buf {
    uint8_t *data;
    size_t cap;
    size_t len;
    int overflow;
} gen_buf;

static inline gen_buf gen_buf_init(uint8_t *data, size_t cap)
{
    gen_buf b = {data, cap, 0, 0};
    return b;
}

void gen_put_u8(gen_buf *b, uint8_t v);
void gen_put_be16(gen_buf *b, uint16_t v);
void gen_put_be32(gen_buf *b, uint32_t v);
void gen_put_bytes(gen_buf *b, const void *src, size_t len);
void gen_put_str(gen_buf *b, const char *s);
/* Writes v big-endian into an already written position (a length field filled in later). */
void gen_patch_be16(gen_buf *b, size_t at, uint16_t v);

/* BER (X.690 section 8.1.3): tag, definite length (short or long form), contents. */
void gen_ber_tlv(gen_buf *b, uint8_t tag, const uint8_t *val, size_t len);
void gen_ber_int(gen_buf *b, uint32_t v);

#endif
