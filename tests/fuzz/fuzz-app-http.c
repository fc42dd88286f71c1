/* libFuzzer target for the HTTP parser: the first byte picks the feed size (1..256), the second
 * the body limit; the rest is split at the first 0xff into the client and the server streams,
 * fed alternately in pieces of that size, each its own exactly sized allocation. Any input must
 * parse without a crash or sanitizer report, and a message never exceeds its caps. */
#include "app-http.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(void *user, const sw_http_msg *m)
{
    size_t limit = *(const size_t *)user;
    if (m->body_len > limit || m->uri_len > sizeof(m->uri) || m->headers_len > sizeof(m->headers))
        abort();
}

static void feed_piece(sw_http *h, int dir, const uint8_t *src, size_t n)
{
    uint8_t *piece = malloc(n ? n : 1);
    if (!piece)
        return;
    if (n)
        memcpy(piece, src, n);
    sw_app_result r = sw_http_feed(h, dir, piece, n);
    free(piece);
    if (r.consumed != n)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t step = (size_t)data[0] + 1, limit = (size_t)data[1] * 16 + 1;
    data += 2;
    size -= 2;
    const uint8_t *sep = memchr(data, 0xff, size);
    size_t n_cli = sep ? (size_t)(sep - data) : size;
    size_t n_srv = sep ? size - n_cli - 1 : 0;
    sw_http_config cfg = {limit, check, check, &limit};
    sw_http *h = sw_http_new(&cfg);
    if (!h)
        return 0;
    for (size_t a = 0, b = 0; a < n_cli || b < n_srv;) {
        size_t na = n_cli - a < step ? n_cli - a : step;
        size_t nb = n_srv - b < step ? n_srv - b : step;
        feed_piece(h, SW_HTTP_TO_SERVER, data + a, na);
        feed_piece(h, SW_HTTP_TO_CLIENT, data + n_cli + 1 + b, nb);
        a += na;
        b += nb;
    }
    sw_http_end(h, SW_HTTP_TO_SERVER);
    sw_http_end(h, SW_HTTP_TO_CLIENT);
    sw_http_free(h);
    return 0;
}
