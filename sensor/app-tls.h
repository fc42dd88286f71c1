/* TLS ClientHello and ServerHello (RFC 8446 4.1.2-4.1.3, RFC 5246 7.4.1) with the extensions
 * fingerprints use: SNI (RFC 6066 3), ALPN (RFC 7301 3.1), supported_groups and
 * ec_point_formats (RFC 8422 5.1), signature_algorithms (RFC 8446 4.2.3), supported_versions
 * (RFC 8446 4.2.1). Computes JA3/JA3S (Salesforce) and JA4 (FoxIO, JA4 technical details). */
#ifndef SEAWALL_SENSOR_APP_TLS_H
#define SEAWALL_SENSOR_APP_TLS_H

#include "app-events.h"

#define SW_TLS_MAX_RECORD 16384 /* RFC 8446 5.1: plaintext records carry at most 2^14 bytes */
#define SW_TLS_MAX_LIST   128   /* ciphers, extensions, groups, ... kept per list */
#define SW_TLS_NAME_MAX   256   /* SNI text (RFC 6066 3: host names up to 255) */
#define SW_TLS_ALPN_MAX   64
#define SW_TLS_JA3_MAX    4096
#define SW_TLS_JA4_MAX    40 /* "t13d1516h2_" + 12 + "_" + 12 */

enum { SW_TLS_CLIENT_HELLO = 1, SW_TLS_SERVER_HELLO = 2 };

/* GREASE values (RFC 8701 2) are left out of every list, as JA3 and JA4 both require. */
typedef struct sw_tls_hello {
    uint8_t handshake_type;   /* 1 ClientHello, 2 ServerHello */
    uint16_t record_version;  /* record layer version */
    uint16_t legacy_version;  /* hello's version field (JA3's SSLVersion) */
    uint16_t highest_version; /* best of supported_versions, else legacy_version */
    uint8_t has_sni, has_alpn;
    char sni[SW_TLS_NAME_MAX];        /* first host_name entry, printable copy */
    char alpn_first[SW_TLS_ALPN_MAX]; /* first protocol, printable copy */
    uint8_t alpn_first_raw[2];        /* its first and last bytes (JA4) */
    uint16_t n_ciphers, n_extensions, n_groups, n_point_formats, n_sig_algs, n_versions;
    uint16_t ciphers[SW_TLS_MAX_LIST]; /* ServerHello: the one selected */
    uint16_t extensions[SW_TLS_MAX_LIST];
    uint16_t groups[SW_TLS_MAX_LIST];
    uint8_t point_formats[SW_TLS_MAX_LIST];
    uint16_t sig_algs[SW_TLS_MAX_LIST];
    uint16_t versions[SW_TLS_MAX_LIST];
    char ja3[SW_TLS_JA3_MAX]; /* JA3 string (ClientHello) or JA3S string (ServerHello) */
    char ja3_md5[33];
    char ja4[SW_TLS_JA4_MAX]; /* ClientHello only, "" otherwise */
} sw_tls_hello;

/* Parses one TLS record holding a ClientHello or ServerHello (the hello must fit in that record,
 * as it does for every common client). OK: consumed = record length + 5, fingerprints filled.
 * INCOMPLETE (app.tls.trunc): record or hello not all present. MALFORMED: not a handshake record
 * or record over 2^14 (app.tls.record_malformed), a hello whose lengths contradict each other
 * (app.tls.handshake_malformed) or an extension whose inner lengths do
 * (app.tls.extension_malformed). Lists longer than SW_TLS_MAX_LIST are cut with
 * app.tls.too_many_items (status stays OK). `quic` selects JA4's 'q' prefix for hellos carried in
 * QUIC CRYPTO frames. */
sw_app_result sw_tls_parse(const uint8_t *data, size_t len, int quic, sw_tls_hello *out);

/* JA4 of a parsed ClientHello into out (SW_TLS_JA4_MAX). Exposed for tests and QUIC callers. */
void sw_tls_ja4(const sw_tls_hello *h, int quic, char *out);

#endif
