/* libFuzzer target for the packet decoders. The first byte picks the link type; the rest is
 * split at each "SWFR" separator into frames fed in order to one decoder, so defrag sees several
 * fragments. Each frame is copied to an exactly sized buffer so a one-byte overread is caught. */
#include "decode.h"

#include <stdlib.h>
#include <string.h>

static const int link_types[] = {SW_LINK_ETHERNET, SW_LINK_NULL, SW_LINK_RAW, SW_DLT_RAW,
                                 SW_LINK_IPV4,     SW_LINK_IPV6, SW_LINK_SLL, SW_LINK_SLL2};
#define N_LINK_TYPES (sizeof(link_types) / sizeof(link_types[0]))
static const uint8_t separator[4] = {'S', 'W', 'F', 'R'};

static void feed(sw_decoder *dec, int linktype, const uint8_t *data, size_t len, int64_t sec)
{
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy)
        return;
    if (len)
        memcpy(copy, data, len);
    sw_packet p;
    memset(&p, 0, sizeof(p));
    p.linktype = linktype;
    p.data = copy;
    p.caplen = (uint32_t)len;
    p.wirelen = (uint32_t)len + (len & 1); /* odd lengths pretend the capture was cut */
    p.ts.sec = sec;
    int n = sw_decode_packet(dec, &p);
    for (int i = 0; i < n; i++) /* touch what the decoder hands out */
        if (p.ip[i].payload_len)
            (void)*(volatile const uint8_t *)&p.ip[i].payload[p.ip[i].payload_len - 1];
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int linktype = link_types[data[0] % N_LINK_TYPES];
    sw_decode_config cfg;
    sw_decode_config_defaults(&cfg);
    cfg.defrag_memcap = 1u << 16; /* small, so the memcap path is reached */
    cfg.defrag_trackers = 4;
    sw_decoder *dec = sw_decoder_new(&cfg);
    if (!dec)
        return 0;
    size_t start = 1;
    int64_t sec = 0;
    for (size_t i = 1; i + sizeof(separator) <= size; i++) {
        if (memcmp(data + i, separator, sizeof(separator)) != 0)
            continue;
        feed(dec, linktype, data + start, i - start, sec++);
        start = i + sizeof(separator);
        i = start - 1;
    }
    feed(dec, linktype, data + start, size - start, sec);
    json_t *a = json_object(), *b = json_object();
    sw_decode_stats_to_json(sw_decoder_stats(dec), a, b);
    json_decref(a);
    json_decref(b);
    sw_decoder_free(dec);
    return 0;
}
