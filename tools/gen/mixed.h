/* seawall-gen: mixed benchmark traffic (--mixed) for the sensor's throughput benchmark. */
#ifndef SEAWALL_GEN_MIXED_H
#define SEAWALL_GEN_MIXED_H

#include "craft.h"

#include <stdint.h>

/* Client (address, port) pairs stay distinct up to this many flows (client ports x the largest
 * pool; mixed.c): more could not be "at least N distinct flows". */
#define GEN_MIXED_MAX_FLOWS ((uint64_t)64512 * 65536)

typedef struct gen_mixed_opts {
    uint64_t flows; /* at least this many distinct flows */
    uint64_t bytes; /* and about this many bytes of capture */
} gen_mixed_opts;

/* Writes flows one after another until both targets are met: TCP sessions (handshake, 1-20
 * data segments of 64-1460 bytes, FIN), DNS-like UDP pairs, ICMP echoes, flows inside plain or
 * keyed GRE, ~10% 802.1Q-tagged and ~20% IPv6, over the plan's infra, internal and outside
 * ranges. Client (address, port) pairs are distinct by construction up to 16.5 million flows
 * (4.2 billion for the 10.99.0.0/16 and IPv6 pools). *flows_out gets the flow count.
 * Returns 0, or -1 with g->err set. */
int gen_mixed_run(gen_ctx *g, const gen_mixed_opts *opts, uint64_t *flows_out);

#endif
