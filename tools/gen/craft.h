/* seawall-gen: packet helpers on libnet. One LIBNET_NONE context builds every frame (Ethernet,
 * optional 802.1Q, IPv4 or IPv6, TCP/UDP/ICMP/ESP, optionally wrapped in GRE or ERSPAN II/III);
 * libnet fills lengths and checksums, and each finished frame goes to a gen_writer stamped with
 * the context's clock, which then advances by a seeded random gap.
 *
 * TCP sessions keep correct sequence and acknowledgement numbers (RFC 9293 section 3.4): SYN and
 * FIN each use one sequence number, data uses its length. */
#ifndef SEAWALL_GEN_CRAFT_H
#define SEAWALL_GEN_CRAFT_H

#include "common.h"
#include "rng.h"
#include "writer.h"

#include <stddef.h>
#include <stdint.h>

#define GEN_FRAME_MAX 9216 /* largest frame we build, inner plus tunnel headers */

/* 2025-08-27T12:00:00Z: the first timestamp of every capture, before the seed's offset. */
#define GEN_EPOCH_SEC 1756296000LL

typedef struct libnet_context gen_libnet; /* libnet_t, kept opaque for callers */

typedef struct gen_ctx {
    gen_libnet *ln;      /* build-only context, reused for every frame */
    gen_writer *out;     /* borrowed */
    gen_rng rng;         /* every random choice comes from here */
    sw_time now;         /* timestamp of the next frame */
    uint32_t gap_min_us; /* random gap after each frame, inclusive range */
    uint32_t gap_max_us;
    uint64_t packets;             /* frames written so far */
    uint8_t inner[GEN_FRAME_MAX]; /* encapsulated packet being wrapped */
    char err[256];                /* message of the last failure */
} gen_ctx;

typedef struct gen_host {
    sw_ip ip;
    uint8_t mac[6];
} gen_host;

typedef enum gen_tun_kind {
    GEN_TUN_GRE,     /* RFC 2784 GRE, protocol 0x0800, inner IPv4/IPv6 packet */
    GEN_TUN_GRE_KEY, /* RFC 2890 GRE with the key field */
    GEN_TUN_ERSPAN2, /* GRE 0x88BE + sequence, ERSPAN type II header, inner Ethernet frame */
    GEN_TUN_ERSPAN3, /* GRE 0x22EB + sequence, ERSPAN type III header, inner Ethernet frame */
} gen_tun_kind;

typedef struct gen_tunnel {
    gen_tun_kind kind;
    gen_host near_end; /* encapsulates client->server packets (and every ERSPAN copy) */
    gen_host far_end;
    uint32_t key;     /* GRE key (GEN_TUN_GRE_KEY) */
    uint32_t seq;     /* next GRE sequence number (ERSPAN) */
    uint16_t session; /* ERSPAN session id, 10 bits */
} gen_tunnel;

typedef struct gen_flow {
    gen_host cli, srv; /* initiator and responder */
    uint16_t cport;    /* client port; ICMP echo identifier */
    uint16_t sport;    /* server port */
    uint8_t proto;     /* IPPROTO_TCP, IPPROTO_UDP or IPPROTO_ICMP(V6) */
    uint16_t vlan;     /* 802.1Q VLAN id of the (outer) frame; 0 = untagged */
    uint32_t cli_next; /* TCP: next sequence number each side sends */
    uint32_t srv_next;
    gen_tunnel *tun; /* borrowed; NULL = sent as is */
} gen_flow;

enum { GEN_TO_SERVER = 0, GEN_TO_CLIENT = 1 };

/* Opens the libnet build context and seeds the generator; the clock starts at GEN_EPOCH_SEC plus
 * a seed-derived offset below one hour. Returns 0, or -1 with g->err set. */
int gen_ctx_init(gen_ctx *g, gen_writer *out, uint64_t seed);
void gen_ctx_free(gen_ctx *g);
/* Moves the clock forward (pauses between phases of a scenario). */
void gen_advance(gen_ctx *g, uint32_t usec);

/* Host with a parsed address and a random locally administered MAC; -1 when ip_text is bad. */
int gen_host_init(gen_ctx *g, gen_host *h, const char *ip_text);
void gen_host_from_ip(gen_ctx *g, gen_host *h, const sw_ip *ip);

/* Flow from cli to srv:sport with a random ephemeral client port and random ISNs. */
int gen_flow_init(gen_ctx *g, gen_flow *f, uint8_t proto, const char *cli, const char *srv,
                  uint16_t sport);
void gen_flow_init_hosts(gen_ctx *g, gen_flow *f, uint8_t proto, const gen_host *cli,
                         const gen_host *srv, uint16_t sport);

/* Tunnel between two hosts; ERSPAN session ids and GRE keys drawn from the generator. */
int gen_tunnel_init(gen_ctx *g, gen_tunnel *t, gen_tun_kind kind, const char *near_ip,
                    const char *far_ip);

/* Each call writes the frames it names and returns 0, or -1 with g->err set. */
int craft_tcp_open(gen_ctx *g, gen_flow *f); /* SYN, SYN-ACK, ACK: 3 frames */
int craft_tcp_data(gen_ctx *g, gen_flow *f, int dir, const uint8_t *data, size_t len); /* 1 */
int craft_tcp_close(gen_ctx *g, gen_flow *f); /* FIN-ACK, FIN-ACK, ACK: 3 frames */
/* A TCP segment with explicit flags (RST, lone SYN probes); sequence numbers advance as usual. */
int craft_tcp_segment(gen_ctx *g, gen_flow *f, int dir, uint8_t flags, const uint8_t *data,
                      size_t len);
int craft_udp(gen_ctx *g, gen_flow *f, int dir, const uint8_t *data, size_t len); /* 1 frame */
/* data cut into nseg segments of near-equal size (the first ones one byte longer), each with
 * its own correct sequence number (RFC 9293 section 3.4), sent in order. nseg frames. */
int craft_tcp_data_split(gen_ctx *g, gen_flow *f, int dir, const uint8_t *data, size_t len,
                         size_t nseg);
/* The same segments sent in the order order[0..nseg) (a permutation of 0..nseg-1, segment 0
 * being the first bytes); sequence numbers stay those of each segment's place in the stream, so
 * a receiver that reorders gets data back. The side's next sequence number ends after data. */
int craft_tcp_data_permuted(gen_ctx *g, gen_flow *f, int dir, const uint8_t *data, size_t len,
                            size_t nseg, const size_t *order);
/* ICMP (or ICMPv6) echo request to the server or reply to the client, id = f->cport. 1 frame. */
int craft_icmp_echo(gen_ctx *g, gen_flow *f, int dir, uint16_t seq, const uint8_t *data,
                    size_t len);
/* RFC 4303 ESP packet (IP protocol 50): SPI, sequence, then len bytes of stand-in ciphertext
 * (len rounded to 4). Ports of f are unused. 1 frame. */
int craft_esp(gen_ctx *g, gen_flow *f, int dir, uint32_t spi, uint32_t seq, size_t len);
/* The same ESP bytes for UDP encapsulation (RFC 3948), written into out; returns their length. */
size_t craft_esp_bytes(gen_ctx *g, uint32_t spi, uint32_t seq, size_t len, uint8_t *out,
                       size_t cap);

#endif
