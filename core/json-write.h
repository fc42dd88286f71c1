/* Compact JSON text of a jansson value, written straight into a growable buffer.
 *
 * jansson's own dumper calls back once per token and formats every integer through snprintf;
 * at one EVE record per flow that was the sensor's largest cost (seawall-bench mode c). The text
 * is byte-identical to json_dumps(v, JSON_COMPACT): keys in insertion order, UTF-8 kept as is,
 * only '"', '\\' and control characters escaped. */
#ifndef SEAWALL_JSON_WRITE_H
#define SEAWALL_JSON_WRITE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sw_jbuf {
    char *data;   /* owned; free with sw_jbuf_free */
    size_t len;   /* bytes used */
    size_t cap;   /* bytes allocated */
    size_t limit; /* the buffer never grows past this many bytes */
} sw_jbuf;

void sw_jbuf_init(sw_jbuf *b, size_t limit);
void sw_jbuf_free(sw_jbuf *b);
/* Makes room for n more bytes; 0 on success, -1 past the limit or out of memory. */
int sw_jbuf_reserve(sw_jbuf *b, size_t n);

/* Appends n raw bytes (text the caller knows to be valid JSON); 0, or -1 past the limit. */
static inline int sw_jbuf_append(sw_jbuf *b, const char *s, size_t n)
{
    if (n > b->cap - b->len && sw_jbuf_reserve(b, n) != 0)
        return -1;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    return 0;
}

/* A JSON integer, as jansson writes it. 0, or -1 past the limit. */
int sw_json_append_int(sw_jbuf *b, int64_t v);
/* A quoted JSON string of the n bytes at s, escaped as jansson escapes. 0, or -1 (b->len as it
 * was) past the limit or when s is not valid UTF-8 (which jansson would refuse to hold). */
int sw_json_append_string(sw_jbuf *b, const char *s, size_t n);

/* Appends v's text. On failure (limit, memory, nesting deeper than 64, invalid UTF-8 in a string
 * or key, a non-finite real) returns -1 and leaves b->len as it was. */
int sw_json_append(sw_jbuf *b, const json_t *v);

#ifdef __cplusplus
}
#endif
#endif
