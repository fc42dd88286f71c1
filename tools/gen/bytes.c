/* seawall-gen: bounded byte builder (see bytes.h). */
#include "bytes.h"

#include <string.h>

static int reserve(gen_buf *b, size_t n)
{
    if (b->overflow || n > b->cap - b->len) {
        b->overflow = 1;
        return 0;
    }
    return 1;
}

void gen_put_u8(gen_buf *b, uint8_t v)
{
    if (reserve(b, 1))
        b->data[b->len++] = v;
}

void gen_put_be16(gen_buf *b, uint16_t v)
{
    gen_put_u8(b, (uint8_t)(v >> 8));
    gen_put_u8(b, (uint8_t)v);
}

void gen_put_be32(gen_buf *b, uint32_t v)
{
    gen_put_be16(b, (uint16_t)(v >> 16));
    gen_put_be16(b, (uint16_t)v);
}

void gen_put_bytes(gen_buf *b, const void *src, size_t len)
{
    if (len && reserve(b, len)) {
        memcpy(b->data + b->len, src, len);
        b->len += len;
    }
}

void gen_put_str(gen_buf *b, const char *s)
{
    gen_put_bytes(b, s, strlen(s));
}

void gen_patch_be16(gen_buf *b, size_t at, uint16_t v)
{
    if (b->overflow || at > b->len || b->len - at < 2) {
        b->overflow = 1;
        return;
    }
    b->data[at] = (uint8_t)(v >> 8);
    b->data[at + 1] = (uint8_t)v;
}

void gen_ber_tlv(gen_buf *b, uint8_t tag, const uint8_t *val, size_t len)
{
    gen_put_u8(b, tag);
    /* X.690 8.1.3.4 short form below 128, else 8.1.3.5 long form with one or two octets. */
    if (len < 0x80) {
        gen_put_u8(b, (uint8_t)len);
    } else if (len <= 0xff) {
        gen_put_u8(b, 0x81);
        gen_put_u8(b, (uint8_t)len);
    } else if (len <= 0xffff) {
        gen_put_u8(b, 0x82);
        gen_put_be16(b, (uint16_t)len);
    } else {
        b->overflow = 1;
        return;
    }
    gen_put_bytes(b, val, len);
}

void gen_ber_int(gen_buf *b, uint32_t v)
{
    /* X.690 8.3.2: minimal two's complement; a leading 0x00 keeps values >= 0x80 positive. */
    uint8_t tmp[5];
    size_t n = 0;
    int started = 0;
    for (int shift = 24; shift >= 0; shift -= 8) {
        uint8_t octet = (uint8_t)(v >> shift);
        if (!started && octet == 0 && shift > 0)
            continue;
        if (!started && (octet & 0x80))
            tmp[n++] = 0;
        started = 1;
        tmp[n++] = octet;
    }
    gen_ber_tlv(b, 0x02, tmp, n);
}
