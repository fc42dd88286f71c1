/* The one way Seawall code reads packet bytes: a bounded cursor with a sticky error flag.
 *
 * A read past the end returns zero, sets `err` and does not move, so a parser can read a whole
 * header and test the flag once at the record boundary (docs/style.md, section 3). Length checks
 * compare sizes, never pointers, so the compiler cannot fold them away (CERT VU#162289). */
#ifndef SEAWALL_UTIL_CURSOR_H
#define SEAWALL_UTIL_CURSOR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sw_cursor {
    const uint8_t *base; /* first byte of the buffer */
    size_t len;          /* bytes in the buffer */
    size_t off;          /* next byte to read */
    int err;             /* sticky: set by the first read that did not fit */
} sw_cursor;

static inline sw_cursor sw_cur_init(const uint8_t *data, size_t len)
{
    sw_cursor c = {data, data ? len : 0, 0, 0};
    return c;
}

static inline size_t sw_cur_left(const sw_cursor *c)
{
    return c->len - c->off;
}

static inline int sw_cur_has(const sw_cursor *c, size_t need)
{
    return !c->err && need <= c->len - c->off;
}

/* Borrowed pointer to the next byte; valid while the underlying buffer lives. NULL at the end. */
static inline const uint8_t *sw_cur_ptr(const sw_cursor *c)
{
    return c->off < c->len ? c->base + c->off : NULL;
}

static inline uint8_t sw_cur_u8(sw_cursor *c)
{
    if (!sw_cur_has(c, 1)) {
        c->err = 1;
        return 0;
    }
    return c->base[c->off++];
}

static inline uint8_t sw_cur_peek_u8(const sw_cursor *c, size_t at)
{
    if (c->err || at >= c->len - c->off)
        return 0;
    return c->base[c->off + at];
}

/* Eight bytes as a big-endian number, from memory the caller already holds in full (the bytes of
 * an sw_ip, a key): a byte swap where the compiler has one. */
static inline uint64_t sw_load_be64(const uint8_t b[8])
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t v;
    memcpy(&v, b, sizeof(v));
    return __builtin_bswap64(v);
#else
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i++)
        v = (v << 8) | b[i];
    return v;
#endif
}

static inline uint16_t sw_cur_be16(sw_cursor *c)
{
    if (!sw_cur_has(c, 2)) {
        c->err = 1;
        return 0;
    }
    const uint8_t *p = c->base + c->off;
    c->off += 2;
    return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint16_t sw_cur_le16(sw_cursor *c)
{
    if (!sw_cur_has(c, 2)) {
        c->err = 1;
        return 0;
    }
    const uint8_t *p = c->base + c->off;
    c->off += 2;
    return (uint16_t)((p[1] << 8) | p[0]);
}

static inline uint32_t sw_cur_be32(sw_cursor *c)
{
    if (!sw_cur_has(c, 4)) {
        c->err = 1;
        return 0;
    }
    const uint8_t *p = c->base + c->off;
    c->off += 4;
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static inline uint32_t sw_cur_le32(sw_cursor *c)
{
    if (!sw_cur_has(c, 4)) {
        c->err = 1;
        return 0;
    }
    const uint8_t *p = c->base + c->off;
    c->off += 4;
    return ((uint32_t)p[3] << 24) | ((uint32_t)p[2] << 16) | ((uint32_t)p[1] << 8) | p[0];
}

/* Copies n bytes into out; on a short buffer copies nothing and sets err. */
static inline int sw_cur_bytes(sw_cursor *c, void *out, size_t n)
{
    if (!sw_cur_has(c, n)) {
        c->err = 1;
        return 0;
    }
    if (n) /* an empty read of an empty (NULL) buffer must not reach memcpy */
        memcpy(out, c->base + c->off, n);
    c->off += n;
    return 1;
}

static inline int sw_cur_skip(sw_cursor *c, size_t n)
{
    if (!sw_cur_has(c, n)) {
        c->err = 1;
        return 0;
    }
    c->off += n;
    return 1;
}

/* A child cursor over the next n bytes (a length field's body); the parent moves past them.
 * On a short buffer the child is empty with err set, and the parent's err is set too. */
static inline sw_cursor sw_cur_sub(sw_cursor *c, size_t n)
{
    sw_cursor child = {NULL, 0, 0, 1};
    if (!sw_cur_has(c, n)) {
        c->err = 1;
        return child;
    }
    child.base = c->base ? c->base + c->off : NULL; /* no arithmetic on a NULL base */
    child.len = n;
    child.err = 0;
    c->off += n;
    return child;
}

/* The rest of the buffer as a child cursor; the parent ends up at its end. */
static inline sw_cursor sw_cur_rest(sw_cursor *c)
{
    return sw_cur_sub(c, c->err ? 0 : sw_cur_left(c));
}

#ifdef __cplusplus
}
#endif
#endif
