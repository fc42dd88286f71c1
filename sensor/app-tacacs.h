/* TACACS+ packet header (RFC 8907 section 4.1). The body is usually obfuscated with the shared
 * secret, so the sensor reads only the 12-byte header, which is always clear text. */
#ifndef SEAWALL_SENSOR_APP_TACACS_H
#define SEAWALL_SENSOR_APP_TACACS_H

#include "app-events.h"

#define SW_TACACS_HEADER_LEN 12
/* RFC 8907 4.1 lets length reach 2^32-1; real bodies are a few hundred bytes. Anything larger
 * is refused before the stream layer would buffer it. */
#define SW_TACACS_MAX_BODY 65536u

#define SW_TACACS_MAJOR 0xc /* RFC 8907 4.1: TAC_PLUS_MAJOR_VER */
enum {
    SW_TACACS_AUTHEN = 1,
    SW_TACACS_AUTHOR = 2,
    SW_TACACS_ACCT = 3,
};
#define SW_TACACS_FLAG_UNENCRYPTED    0x01
#define SW_TACACS_FLAG_SINGLE_CONNECT 0x04

typedef struct sw_tacacs_header {
    uint8_t version_major, version_minor;
    uint8_t type, seq_no, flags;
    uint8_t unencrypted;    /* flags & 0x01: body sent in clear (RFC 8907 4.5 deprecates it) */
    uint8_t single_connect; /* flags & 0x04 */
    uint32_t session_id;
    uint32_t length; /* body bytes after the header */
} sw_tacacs_header;

/* Parses one TACACS+ packet at the start of data. OK: *out holds the header and consumed is
 * 12 + length. INCOMPLETE (app.tacacs.trunc): fewer than 12 bytes (out zeroed) or the body is not
 * all there (header filled, `needed` says how much is missing). MALFORMED: wrong major version,
 * unknown type or length above SW_TACACS_MAX_BODY. */
sw_app_result sw_tacacs_parse(const uint8_t *data, size_t len, sw_tacacs_header *out);

#endif
