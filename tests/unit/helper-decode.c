#include "helper-decode.h"

#include "sw-test.h"

#include <stdlib.h>
#include <string.h>

int helper_decode(sw_decoder *dec, int linktype, const uint8_t *buf, size_t caplen, size_t wirelen,
                  sw_packet *p)
{
    memset(p, 0, sizeof(*p));
    p->linktype = linktype;
    p->data = buf;
    p->caplen = (uint32_t)caplen;
    p->wirelen = (uint32_t)wirelen;
    return sw_decode_packet(dec, p);
}

static int is_trunc_name(const char *name)
{
    size_t n = strlen(name);
    return n > 6 && strcmp(name + n - 6, ".trunc") == 0;
}

unsigned helper_trunc_events(const sw_packet *p)
{
    unsigned n = 0;
    for (unsigned i = 0; i < p->n_events; i++)
        n += is_trunc_name(sw_decode_event_name((sw_decode_event)p->events[i]));
    return n;
}

unsigned helper_malformed_events(const sw_packet *p)
{
    return p->n_events - helper_trunc_events(p);
}

int helper_has_event(const sw_packet *p, sw_decode_event ev)
{
    for (unsigned i = 0; i < p->n_events; i++)
        if (p->events[i] == ev)
            return 1;
    return 0;
}

void helper_check_clean(const golden_frame *g)
{
    sw_decoder *dec = sw_decoder_new(NULL);
    sw_packet p;
    int n = helper_decode(dec, g->linktype, g->data, g->len, g->len, &p);
    ck_assert_msg(n == g->n_ip, "%s: %d layers, want %u", g->name, n, g->n_ip);
    ck_assert_msg(p.n_events == 0, "%s: event %s", g->name,
                  sw_decode_event_name((sw_decode_event)p.events[0]));
    sw_decoder_free(dec);
}

/* A TCP or UDP layer the flow table would track has its ports: a cut or malformed transport
 * header marks the layer instead of leaving ports 0, which made a flow of its own. (Every
 * golden frame's TCP/UDP ports are non-zero.) */
static void check_no_portless_flow(const golden_frame *g, const sw_packet *p, int n, size_t len)
{
    for (int i = 0; i < n; i++) {
        const sw_ip_layer *lay = &p->ip[i];
        int tracked =
            (lay->proto == 6 || lay->proto == 17) && !lay->is_fragment && !lay->transport_invalid;
        ck_assert_msg(!tracked || lay->sp || lay->dp, "%s at %zu: layer %d tracked with ports 0",
                      g->name, len, i);
    }
}

static void check_prefix(const uint8_t *buf, size_t len, void *user)
{
    const golden_frame *g = user;
    sw_decoder *dec = sw_decoder_new(NULL);
    sw_packet p;
    int n = helper_decode(dec, g->linktype, buf, len, g->len, &p);
    ck_assert_msg(helper_trunc_events(&p) == 1, "%s cut %zu: %u trunc events", g->name, len,
                  helper_trunc_events(&p));
    ck_assert_msg(helper_malformed_events(&p) == 0, "%s cut %zu: %s", g->name, len,
                  sw_decode_event_name((sw_decode_event)p.events[0]));
    int whole = 0;
    for (unsigned i = 0; i < g->n_ip; i++)
        whole += g->ip_end[i] <= len;
    ck_assert_msg(n <= whole, "%s cut %zu: %d layers, at most %d", g->name, len, n, whole);
    for (int i = 0; i < n; i++)
        if (p.ip[i].payload)
            ck_assert(p.ip[i].payload + p.ip[i].payload_len <= buf + len);
    check_no_portless_flow(g, &p, n, len);
    sw_decoder_free(dec);
}

void helper_check_prefixes(const golden_frame *g)
{
    sw_test_all_prefixes(g->data, g->len, check_prefix, (void *)g);
}

void helper_check_malformed(const golden_frame *g, size_t offset, size_t width, uint32_t value)
{
    uint8_t *copy = malloc(g->len);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, g->data, g->len);
    for (size_t i = 0; i < width; i++)
        copy[offset + i] = (uint8_t)(value >> (8 * (width - 1 - i)));
    sw_decoder *dec = sw_decoder_new(NULL);
    sw_packet p;
    int n = helper_decode(dec, g->linktype, copy, g->len, g->len, &p);
    check_no_portless_flow(g, &p, n, offset);
    ck_assert_msg(helper_malformed_events(&p) >= 1, "%s: offset %zu = %u: no malformed event",
                  g->name, offset, value);
    ck_assert_msg(helper_trunc_events(&p) == 0, "%s: offset %zu = %u: trunc event", g->name, offset,
                  value);
    sw_decoder_free(dec);
    free(copy);
}
