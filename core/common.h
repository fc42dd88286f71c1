/* Seawall core: status codes, error positions, addresses and time shared by every module. */
#ifndef SEAWALL_COMMON_H
#define SEAWALL_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a public struct or signature changes incompatibly. */
#define SW_API_VERSION 0x0002

#if defined(__GNUC__)
#define SW_LIKELY(x)   __builtin_expect(!!(x), 1)
#define SW_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define SW_LIKELY(x)   (x)
#define SW_UNLIKELY(x) (x)
#endif

/* Every fallible Seawall function returns one of these; SW_OK is 0, failures are negative. */
typedef enum sw_status {
    SW_OK = 0,
    SW_ERR_NOMEM = -1,    /* an allocation failed */
    SW_ERR_INVALID = -2,  /* an argument or input value is out of its allowed range */
    SW_ERR_PARSE = -3,    /* a config, catalog or rule file is malformed */
    SW_ERR_IO = -4,       /* a file could not be opened, read or written */
    SW_ERR_NOTFOUND = -5, /* a named thing (id, key, file) does not exist */
    SW_ERR_DUPLICATE = -6,
    SW_ERR_LIMIT = -7, /* a configured cap (memcap, count) was reached */
    SW_ERR_UNSUPPORTED = -8,
} sw_status;

/* Static text for a status; never NULL, also for unknown values. */
const char *sw_strerror(sw_status status);

/* Where an input file went wrong, for messages an operator can act on:
 * "<file>:<line>: <key>: <text>". Fields are empty strings / 0 when unknown. */
typedef struct sw_error {
    char file[256];
    unsigned line;
    char key[128];
    char text[512];
} sw_error;

/* Fills err (which may be NULL) and returns status, so callers can `return sw_error_set(...)`. */
sw_status sw_error_set(sw_error *err, sw_status status, const char *file, unsigned line,
                       const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Renders err as "file:line: key: text" (parts that are unknown are left out). */
void sw_error_format(const sw_error *err, char *buf, size_t len);

/* An IPv4 or IPv6 address. IPv4 lives in bytes[0..3] with the rest zero, so two
 * sw_ip values compare equal with memcmp when they are the same address. */
typedef struct sw_ip {
    uint8_t family; /* 4 or 6; 0 = unset */
    uint8_t bytes[16];
} sw_ip;

void sw_ip_from_v4(sw_ip *ip, const uint8_t v4[4]);
void sw_ip_from_v6(sw_ip *ip, const uint8_t v6[16]);
/* Parses dotted IPv4 or RFC 4291 IPv6 text; SW_ERR_INVALID when it is neither. */
sw_status sw_ip_parse(sw_ip *ip, const char *text);
/* Text form into buf (>= 46 bytes); returns buf. */
char *sw_ip_format(const sw_ip *ip, char *buf, size_t len);
int sw_ip_equal(const sw_ip *a, const sw_ip *b);
/* Total order (family first, then bytes) so tuples can be put in canonical order. */
int sw_ip_compare(const sw_ip *a, const sw_ip *b);

/* Packet time, from the capture: never the wall clock, so a replay gives the same alerts. */
typedef struct sw_time {
    int64_t sec;
    int32_t usec;
} sw_time;

/* Microseconds from a to b (negative when b is earlier). */
int64_t sw_time_diff_us(sw_time a, sw_time b);

#ifdef __cplusplus
}
#endif
#endif
