/* HTTP request-target normalisation in the spirit of Suricata's http.uri (libhtp's normalised
 * URI): the path is percent-decoded exactly once, `//` runs are collapsed and dot segments are
 * removed (RFC 3986 section 5.2.4); the query is kept as sent. docs/http.md lists every step. */
#ifndef SEAWALL_SENSOR_HTTP_URI_H
#define SEAWALL_SENSOR_HTTP_URI_H

#include <stddef.h>
#include <stdint.h>

/* Flags reported by sw_http_uri_normalize. */
#define SW_HTTP_URI_BAD_PERCENT 0x1u /* a '%' not followed by two hex digits (kept as sent) */
#define SW_HTTP_URI_TRUNCATED   0x2u /* the result did not fit in `cap` and was cut */
#define SW_HTTP_URI_ABSOLUTE    0x4u /* absolute-form "scheme://authority" was removed */
#define SW_HTTP_URI_NUL         0x8u /* %00 decoded to a NUL byte */

/* Normalises the request-target raw[0..len) into out (at most cap bytes) and returns the length
 * written; *flags gets SW_HTTP_URI_* bits. Never fails: every input yields some output. With
 * cap >= len the result always fits (normalisation never lengthens). out and raw must not
 * overlap. */
size_t sw_http_uri_normalize(const uint8_t *raw, size_t len, uint8_t *out, size_t cap,
                             unsigned *flags);

/* RFC 3986 section 5.2.4 remove_dot_segments over buf[0..len), in place; returns the new
 * length. buf is our own copy (never packet memory). */
size_t sw_http_remove_dot_segments(uint8_t *buf, size_t len);

#endif
