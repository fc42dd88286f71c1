/* JA4 TLS client fingerprint, FoxIO "JA4 technical details": a_b_c where
 * a = protocol, version, SNI, cipher count, extension count, ALPN first/last character;
 * b = first 12 hex of sha256 over the sorted cipher list;
 * c = first 12 hex of sha256 over the sorted extensions (without SNI and ALPN) "_" the
 *     signature algorithms in wire order. GREASE is already absent from the lists. */
#include "app-tls.h"

#include "util-hash.h"

#include <stdio.h>
#include <string.h>

static const char *version_code(uint16_t v)
{
    switch (v) {
    case 0x0304:
        return "13";
    case 0x0303:
        return "12";
    case 0x0302:
        return "11";
    case 0x0301:
        return "10";
    case 0x0300:
        return "s3";
    case 0x0002:
        return "s2";
    default:
        return "00";
    }
}

static int is_alnum(uint8_t b)
{
    return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
}

static void sort16(uint16_t *v, unsigned n)
{
    for (unsigned i = 1; i < n; i++)
        for (unsigned j = i; j > 0 && v[j - 1] > v[j]; j--) {
            uint16_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
}

static void hash_hex_list(sw_sha256_ctx *ctx, const uint16_t *v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        char item[6];
        snprintf(item, sizeof(item), i ? ",%04x" : "%04x", v[i]);
        sw_sha256_update(ctx, item, strlen(item));
    }
}

/* First 12 hex characters of the digest, or twelve zeros for an empty list (JA4 spec). */
static void finish12(sw_sha256_ctx *ctx, int empty, char out[13])
{
    uint8_t d[SW_SHA256_LEN];
    char hex[2 * SW_SHA256_LEN + 1];
    sw_sha256_final(ctx, d);
    if (empty) {
        memcpy(out, "000000000000", 13);
        return;
    }
    sw_hex(d, sizeof(d), hex);
    memcpy(out, hex, 12);
    out[12] = '\0';
}

void sw_tls_ja4(const sw_tls_hello *h, int quic, char *out)
{
    char alpn[3] = "00";
    if (h->has_alpn) {
        uint8_t first = h->alpn_first_raw[0], last = h->alpn_first_raw[1];
        if (is_alnum(first) && is_alnum(last)) {
            alpn[0] = (char)first;
            alpn[1] = (char)last;
        } else { /* spec: first and last characters of the hex form instead */
            static const char digits[] = "0123456789abcdef";
            alpn[0] = digits[first >> 4];
            alpn[1] = digits[last & 0xf];
        }
    }
    unsigned nc = h->n_ciphers > 99 ? 99 : h->n_ciphers;
    unsigned ne = h->n_extensions > 99 ? 99 : h->n_extensions;

    uint16_t sorted[SW_TLS_MAX_LIST];
    memcpy(sorted, h->ciphers, h->n_ciphers * sizeof(uint16_t));
    sort16(sorted, h->n_ciphers);
    sw_sha256_ctx ctx;
    char part_b[13], part_c[13];
    sw_sha256_init(&ctx);
    hash_hex_list(&ctx, sorted, h->n_ciphers);
    finish12(&ctx, h->n_ciphers == 0, part_b);

    unsigned n = 0;
    for (unsigned i = 0; i < h->n_extensions; i++)
        if (h->extensions[i] != 0x0000 && h->extensions[i] != 0x0010)
            sorted[n++] = h->extensions[i];
    sort16(sorted, n);
    sw_sha256_init(&ctx);
    hash_hex_list(&ctx, sorted, n);
    if (h->n_sig_algs > 0) {
        sw_sha256_update(&ctx, "_", 1);
        hash_hex_list(&ctx, h->sig_algs, h->n_sig_algs);
    }
    finish12(&ctx, n == 0, part_c);

    snprintf(out, SW_TLS_JA4_MAX, "%c%s%c%02u%02u%s_%s_%s", quic ? 'q' : 't',
             version_code(h->highest_version), h->has_sni ? 'd' : 'i', nc, ne, alpn, part_b,
             part_c);
}
