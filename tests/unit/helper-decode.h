/* Shared helpers for the decoder suites: decode one frame, classify events, and run the
 * truncation and length-field checks of docs/style.md section 3.9 over a golden frame. */
#ifndef SEAWALL_TEST_HELPER_DECODE_H
#define SEAWALL_TEST_HELPER_DECODE_H

#include "decode.h"

#include <stddef.h>
#include <stdint.h>

/* A hand-built frame and where each of its IP headers ends (for "nothing past the cut"). */
typedef struct golden_frame {
    const char *name;
    int linktype;
    const uint8_t *data;
    size_t len;
    uint8_t n_ip;
    size_t ip_end[SW_PKT_MAX_IP_LAYERS];
} golden_frame;

#define GOLDEN(nm, lt, arr, n, ...)  \
    {                                \
        nm, lt, arr, sizeof(arr), n, \
        {                            \
            __VA_ARGS__              \
        }                            \
    }

/* Decodes caplen bytes of buf, claiming wirelen on the wire; p is reset first. */
int helper_decode(sw_decoder *dec, int linktype, const uint8_t *buf, size_t caplen, size_t wirelen,
                  sw_packet *p);
unsigned helper_trunc_events(const sw_packet *p);
unsigned helper_malformed_events(const sw_packet *p);
int helper_has_event(const sw_packet *p, sw_decode_event ev);

/* Whole frame: n_ip layers and no event at all. */
void helper_check_clean(const golden_frame *g);
/* Every prefix: no crash, exactly one trunc event, no malformed one, no layer past the cut. */
void helper_check_prefixes(const golden_frame *g);
/* Writes `value` big-endian into `width` bytes at `offset` of a copy, decodes the whole copy
 * and asserts a malformed event and no trunc one. */
void helper_check_malformed(const golden_frame *g, size_t offset, size_t width, uint32_t value);

#endif
