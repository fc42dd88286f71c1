/* Compact JSON writer over jansson values (see json-write.h for why it exists). */
#include "json-write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_WRITE_MAX_DEPTH 64

void sw_jbuf_init(sw_jbuf *b, size_t limit)
{
    memset(b, 0, sizeof(*b));
    b->limit = limit;
}

void sw_jbuf_free(sw_jbuf *b)
{
    free(b->data);
    memset(b, 0, sizeof(*b));
}

int sw_jbuf_reserve(sw_jbuf *b, size_t n)
{
    if (n <= b->cap - b->len)
        return 0;
    if (n > b->limit - b->len)
        return -1;
    size_t need = b->len + n;
    size_t cap = b->cap ? b->cap : (b->limit < 1024 ? b->limit : 1024);
    while (cap < need)
        cap = cap > b->limit / 2 ? b->limit : cap * 2;
    char *grown = realloc(b->data, cap);
    if (!grown)
        return -1;
    b->data = grown;
    b->cap = cap;
    return 0;
}

static int put(sw_jbuf *b, const char *s, size_t n)
{
    return sw_jbuf_append(b, s, n);
}

static int put_char(sw_jbuf *b, char c)
{
    return put(b, &c, 1);
}

/* "00".."99": two digits per division (every EVE record carries a 19-digit flow_id). */
static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930"
    "31323334353637383940414243444546474849505152535455565758596061"
    "62636465666768697071727374757677787980818283848586878889909192"
    "93949596979899";

int sw_json_append_int(sw_jbuf *b, int64_t v)
{
    char tmp[24];
    size_t i = sizeof(tmp);
    /* Negate in unsigned arithmetic so the most negative value does not overflow. */
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    while (u >= 100) {
        unsigned pair = (unsigned)(u % 100);
        u /= 100;
        tmp[--i] = digit_pairs[2 * pair + 1];
        tmp[--i] = digit_pairs[2 * pair];
    }
    if (u >= 10) {
        tmp[--i] = digit_pairs[2 * u + 1];
        tmp[--i] = digit_pairs[2 * u];
    } else {
        tmp[--i] = (char)('0' + u);
    }
    if (v < 0)
        tmp[--i] = '-';
    return put(b, tmp + i, sizeof(tmp) - i);
}

/* Length of the valid UTF-8 sequence starting with byte c0 (RFC 3629), or 0 when invalid. */
static size_t utf8_length(const unsigned char *s, size_t left)
{
    unsigned char c = s[0];
    size_t n = c < 0x80             ? 1
               : (c & 0xE0) == 0xC0 ? 2
               : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4
                                    : 0;
    if (n == 0 || n > left || (n == 2 && c < 0xC2) || (n == 4 && c > 0xF4))
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if (n == 3 && ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0)))
        return 0; /* overlong form, or a UTF-16 surrogate */
    if (n == 4 && ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90)))
        return 0;
    return n;
}

static int put_escape(sw_jbuf *b, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF"; /* as jansson writes them */
    switch (c) {
    case '"':
        return put(b, "\\\"", 2);
    case '\\':
        return put(b, "\\\\", 2);
    case '\b':
        return put(b, "\\b", 2);
    case '\f':
        return put(b, "\\f", 2);
    case '\n':
        return put(b, "\\n", 2);
    case '\r':
        return put(b, "\\r", 2);
    case '\t':
        return put(b, "\\t", 2);
    default: {
        char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        return put(b, u, sizeof(u));
    }
    }
}

/* 1 for the bytes copied as they are: printable ASCII other than '"' and '\\'. */
#define PLAIN_16 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
static const unsigned char plain_ascii[256] = {
    [0x20] = 1, 1,        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,       /* 0x22 '"' */
    PLAIN_16,   PLAIN_16, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x5c '\\' */
    PLAIN_16,   PLAIN_16,
};

static int put_string(sw_jbuf *b, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    if (put_char(b, '"') != 0)
        return -1;
    size_t i = 0;
    while (i < len) {
        size_t run = i; /* bytes that need no escaping, copied in one go */
        for (;;) {
            while (run < len && plain_ascii[s[run]])
                run++;
            if (run == len || s[run] < 0x80)
                break;
            size_t n = utf8_length(s + run, len - run);
            if (n == 0)
                return -1;
            run += n;
        }
        if (put(b, str + i, run - i) != 0)
            return -1;
        if (run == len)
            break;
        if (put_escape(b, s[run]) != 0)
            return -1;
        i = run + 1;
    }
    return put_char(b, '"');
}

int sw_json_append_string(sw_jbuf *b, const char *s, size_t n)
{
    size_t start = b->len;
    if (put_string(b, s, n) != 0) {
        b->len = start;
        return -1;
    }
    return 0;
}

/* Reals are rare in EVE (none in the records Seawall builds): let jansson format them, so the
 * text matches its precision rules exactly. */
static int put_real(sw_jbuf *b, const json_t *v)
{
    char tmp[64];
    size_t n = json_dumpb(v, tmp, sizeof(tmp), JSON_COMPACT | JSON_ENCODE_ANY);
    if (n == 0 || n > sizeof(tmp))
        return -1;
    return put(b, tmp, n);
}

static int put_value(sw_jbuf *b, const json_t *v, int depth);

static int put_object(sw_jbuf *b, const json_t *v, int depth)
{
    const char *key;
    size_t key_len;
    json_t *member;
    int first = 1;
    if (put_char(b, '{') != 0)
        return -1;
    json_object_keylen_foreach((json_t *)v, key, key_len, member)
    {
        if ((!first && put_char(b, ',') != 0) || put_string(b, key, key_len) != 0 ||
            put_char(b, ':') != 0 || put_value(b, member, depth + 1) != 0)
            return -1;
        first = 0;
    }
    return put_char(b, '}');
}

static int put_array(sw_jbuf *b, const json_t *v, int depth)
{
    if (put_char(b, '[') != 0)
        return -1;
    for (size_t i = 0; i < json_array_size(v); i++)
        if ((i && put_char(b, ',') != 0) || put_value(b, json_array_get(v, i), depth + 1) != 0)
            return -1;
    return put_char(b, ']');
}

static int put_value(sw_jbuf *b, const json_t *v, int depth)
{
    if (!v || depth > JSON_WRITE_MAX_DEPTH)
        return -1;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return put_object(b, v, depth);
    case JSON_ARRAY:
        return put_array(b, v, depth);
    case JSON_STRING:
        return put_string(b, json_string_value(v), json_string_length(v));
    case JSON_INTEGER:
        return sw_json_append_int(b, json_integer_value(v));
    case JSON_REAL:
        return put_real(b, v);
    case JSON_TRUE:
        return put(b, "true", 4);
    case JSON_FALSE:
        return put(b, "false", 5);
    case JSON_NULL:
        return put(b, "null", 4);
    }
    return -1;
}

int sw_json_append(sw_jbuf *b, const json_t *v)
{
    size_t start = b->len;
    if (put_value(b, v, 0) != 0) {
        b->len = start;
        return -1;
    }
    return 0;
}
