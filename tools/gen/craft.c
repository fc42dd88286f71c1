/* seawall-gen: frame building on libnet (see craft.h for the model).
 *
 * Frames are built innermost first, as libnet requires: transport, IP, then link. A tunnelled
 * packet is first coalesced into g->inner, then becomes the payload of GRE (RFC 2784/2890) or of
 * an ERSPAN header, and gets its own outer IPv4 and Ethernet headers. */
#include "craft.h"
#include "bytes.h"

#include <libnet.h>
#include <stdio.h>
#include <string.h>

#define GEN_TTL               64
#define GEN_TCP_WINDOW        64240
#define GEN_ERSPAN2_HLEN      8  /* draft-foschiano-erspan-03 section 4.1 */
#define GEN_ERSPAN3_HLEN      12 /* draft-foschiano-erspan-03 section 4.2 */
#define GEN_ETHERTYPE_ERSPAN2 0x88be
#define GEN_ETHERTYPE_ERSPAN3 0x22eb

static int libnet_fail(gen_ctx *g, const char *what)
{
    snprintf(g->err, sizeof(g->err), "building %s: %s", what, libnet_geterror(g->ln));
    libnet_clear_packet(g->ln);
    return -1;
}

int gen_ctx_init(gen_ctx *g, gen_writer *out, uint64_t seed)
{
    char lerr[LIBNET_ERRBUF_SIZE] = "";
    memset(g, 0, sizeof(*g));
    g->out = out;
    gen_rng_seed(&g->rng, seed);
    /* The offset makes captures of different seeds differ in time too, deterministically. */
    uint64_t offset_us = gen_rng_next(&g->rng) % 3600000000ULL;
    g->now.sec = GEN_EPOCH_SEC + (int64_t)(offset_us / 1000000);
    g->now.usec = (int32_t)(offset_us % 1000000);
    g->gap_min_us = 200;
    g->gap_max_us = 20000;
    g->ln = libnet_init(LIBNET_NONE, NULL, lerr);
    if (!g->ln) {
        /* libnet's buffer is larger than ours; a cut message is still a useful one. */
        snprintf(g->err, sizeof(g->err), "libnet_init: %.200s", lerr);
        return -1;
    }
    return 0;
}

void gen_ctx_free(gen_ctx *g)
{
    if (g->ln)
        libnet_destroy(g->ln);
    g->ln = NULL;
}

void gen_advance(gen_ctx *g, uint32_t usec)
{
    int64_t us = (int64_t)g->now.usec + usec;
    g->now.sec += us / 1000000;
    g->now.usec = (int32_t)(us % 1000000);
}

void gen_host_from_ip(gen_ctx *g, gen_host *h, const sw_ip *ip)
{
    h->ip = *ip;
    gen_rng_fill(&g->rng, h->mac, sizeof(h->mac));
    h->mac[0] = (uint8_t)((h->mac[0] & 0xfc) | 0x02); /* IEEE 802: local, unicast */
}

int gen_host_init(gen_ctx *g, gen_host *h, const char *ip_text)
{
    sw_ip ip;
    if (sw_ip_parse(&ip, ip_text) != SW_OK) {
        snprintf(g->err, sizeof(g->err), "bad address '%s' in the plan", ip_text);
        return -1;
    }
    gen_host_from_ip(g, h, &ip);
    return 0;
}

void gen_flow_init_hosts(gen_ctx *g, gen_flow *f, uint8_t proto, const gen_host *cli,
                         const gen_host *srv, uint16_t sport)
{
    memset(f, 0, sizeof(*f));
    f->cli = *cli;
    f->srv = *srv;
    f->proto = proto;
    f->sport = sport;
    f->cport = (uint16_t)gen_rng_range(&g->rng, 49152, 65535); /* RFC 6335 dynamic ports */
    f->cli_next = gen_rng_u32(&g->rng);
    f->srv_next = gen_rng_u32(&g->rng);
}

int gen_flow_init(gen_ctx *g, gen_flow *f, uint8_t proto, const char *cli, const char *srv,
                  uint16_t sport)
{
    gen_host c, s;
    if (gen_host_init(g, &c, cli) < 0 || gen_host_init(g, &s, srv) < 0)
        return -1;
    gen_flow_init_hosts(g, f, proto, &c, &s, sport);
    return 0;
}

int gen_tunnel_init(gen_ctx *g, gen_tunnel *t, gen_tun_kind kind, const char *near_ip,
                    const char *far_ip)
{
    memset(t, 0, sizeof(*t));
    t->kind = kind;
    if (gen_host_init(g, &t->near_end, near_ip) < 0 || gen_host_init(g, &t->far_end, far_ip) < 0)
        return -1;
    t->key = gen_rng_u32(&g->rng);
    t->seq = gen_rng_range(&g->rng, 0, 1000);
    t->session = (uint16_t)gen_rng_range(&g->rng, 1, 1023);
    return 0;
}

/* Coalesces the pblocks built so far into dst and clears the context. */
static int coalesce_into(gen_ctx *g, uint8_t *dst, size_t cap, size_t *len)
{
    uint8_t *pkt = NULL;
    uint32_t n = 0;
    if (libnet_pblock_coalesce(g->ln, &pkt, &n) < 0)
        return libnet_fail(g, "frame");
    int fits = n <= cap;
    if (fits)
        memcpy(dst, pkt, n);
    libnet_adv_free_packet(g->ln, pkt);
    libnet_clear_packet(g->ln);
    if (!fits) {
        snprintf(g->err, sizeof(g->err), "inner packet of %u bytes is too large", n);
        return -1;
    }
    *len = n;
    return 0;
}

/* Coalesces the finished frame, writes it and advances the clock. */
static int emit(gen_ctx *g)
{
    uint8_t *pkt = NULL;
    uint32_t n = 0;
    if (libnet_pblock_coalesce(g->ln, &pkt, &n) < 0)
        return libnet_fail(g, "frame");
    int rc = gen_writer_write(g->out, pkt, n, g->now, g->err, sizeof(g->err));
    libnet_adv_free_packet(g->ln, pkt);
    libnet_clear_packet(g->ln);
    g->packets++;
    gen_advance(g, gen_rng_range(&g->rng, g->gap_min_us, g->gap_max_us));
    return rc;
}

static int build_link(gen_ctx *g, const gen_host *src, const gen_host *dst, uint16_t vlan)
{
    uint16_t type = src->ip.family == 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IP;
    libnet_ptag_t t;
    if (vlan) /* IEEE 802.1Q: priority 0, DEI 0, 12-bit id */
        t = libnet_build_802_1q(dst->mac, src->mac, ETHERTYPE_VLAN, 0, 0, vlan & 0x0fff, type, NULL,
                                0, g->ln, 0);
    else
        t = libnet_build_ethernet(dst->mac, src->mac, type, NULL, 0, g->ln, 0);
    return t < 0 ? libnet_fail(g, "ethernet") : 0;
}

/* IP header for l4len bytes already built above it plus pl (for protocols built as raw bytes). */
static int build_ip(gen_ctx *g, const sw_ip *src, const sw_ip *dst, uint8_t proto, uint32_t l4len,
                    const uint8_t *pl, size_t pllen)
{
    libnet_ptag_t t;
    uint16_t id = (uint16_t)gen_rng_u32(&g->rng);
    if (src->family == 6) {
        struct libnet_in6_addr s6, d6;
        memcpy(&s6, src->bytes, 16);
        memcpy(&d6, dst->bytes, 16);
        t = libnet_build_ipv6(0, 0, (uint16_t)(l4len + pllen), proto, GEN_TTL, s6, d6, pl,
                              (uint32_t)pllen, g->ln, 0);
    } else {
        uint32_t s4, d4;
        memcpy(&s4, src->bytes, 4); /* network order already */
        memcpy(&d4, dst->bytes, 4);
        t = libnet_build_ipv4((uint16_t)(LIBNET_IPV4_H + l4len + pllen), 0, id, 0, GEN_TTL, proto,
                              0, s4, d4, pl, (uint32_t)pllen, g->ln, 0);
    }
    return t < 0 ? libnet_fail(g, "ip") : 0;
}

/* ERSPAN header in front of the mirrored frame (draft-foschiano-erspan-03). Returns its length. */
static size_t erspan_header(const gen_ctx *g, const gen_tunnel *t, uint8_t *out)
{
    gen_buf b = gen_buf_init(out, GEN_ERSPAN3_HLEN);
    uint16_t session = t->session & 0x03ff;
    if (t->kind == GEN_TUN_ERSPAN2) {
        /* 4.1: Ver=1 | VLAN=0; COS=0 En=0 (untagged original) T=0 | Session ID; Reserved | Index */
        gen_put_be16(&b, 0x1000);
        gen_put_be16(&b, session);
        gen_put_be32(&b, 0);
    } else {
        /* 4.2: Ver=2 | VLAN=0; COS BSO T=0 | Session ID; Timestamp (Gra=00: 100 us units);
         * SGT=0; P=0 FT=0 (Ethernet) HwID=0 D=0 Gra=00 O=0 (no optional subheader) */
        uint64_t ticks = ((uint64_t)g->now.sec * 1000000 + (uint64_t)g->now.usec) / 100;
        gen_put_be16(&b, 0x2000);
        gen_put_be16(&b, session);
        gen_put_be32(&b, (uint32_t)ticks);
        gen_put_be16(&b, 0);
        gen_put_be16(&b, 0);
    }
    return b.len;
}

static void gre_shape(const gen_tunnel *t, int inner_v6, uint16_t *fv, uint16_t *type)
{
    switch (t->kind) {
    case GEN_TUN_GRE:
        *fv = 0;
        *type = inner_v6 ? ETHERTYPE_IPV6 : ETHERTYPE_IP;
        break;
    case GEN_TUN_GRE_KEY: /* RFC 2890 section 2.1: K bit and key word */
        *fv = GRE_KEY;
        *type = inner_v6 ? ETHERTYPE_IPV6 : ETHERTYPE_IP;
        break;
    case GEN_TUN_ERSPAN2: /* ERSPAN always sets the GRE S bit and a sequence number */
        *fv = GRE_SEQ;
        *type = GEN_ETHERTYPE_ERSPAN2;
        break;
    case GEN_TUN_ERSPAN3:
        *fv = GRE_SEQ;
        *type = GEN_ETHERTYPE_ERSPAN3;
        break;
    }
}

/* The IP packet (GRE) or Ethernet frame (ERSPAN) built so far becomes the payload of the tunnel.
 * GRE follows the flow's direction; ERSPAN copies always travel from the mirroring router. */
static int wrap_tunnel(gen_ctx *g, gen_flow *f, int dir)
{
    gen_tunnel *t = f->tun;
    int erspan = t->kind == GEN_TUN_ERSPAN2 || t->kind == GEN_TUN_ERSPAN3;
    size_t hlen = t->kind == GEN_TUN_ERSPAN2 ? GEN_ERSPAN2_HLEN : erspan ? GEN_ERSPAN3_HLEN : 0;
    size_t ilen = 0;
    uint16_t fv = 0, type = 0;
    if (erspan && build_link(g, dir ? &f->srv : &f->cli, dir ? &f->cli : &f->srv, 0) < 0)
        return -1;
    if (coalesce_into(g, g->inner + hlen, sizeof(g->inner) - hlen, &ilen) < 0)
        return -1;
    if (erspan)
        erspan_header(g, t, g->inner);
    gre_shape(t, f->cli.ip.family == 6, &fv, &type);
    uint32_t plen = (uint32_t)(hlen + ilen);
    uint32_t glen = libnet_getgre_length(fv) + plen;
    uint32_t seq = erspan ? t->seq++ : 0;
    if (libnet_build_gre(fv, type, 0, 0, t->key, seq, (uint16_t)glen, g->inner, plen, g->ln, 0) < 0)
        return libnet_fail(g, "gre");
    int reverse = !erspan && dir == GEN_TO_CLIENT;
    const gen_host *src = reverse ? &t->far_end : &t->near_end;
    const gen_host *dst = reverse ? &t->near_end : &t->far_end;
    if (build_ip(g, &src->ip, &dst->ip, IPPROTO_GRE, glen, NULL, 0) < 0 ||
        build_link(g, src, dst, f->vlan) < 0)
        return -1;
    return emit(g);
}

/* IP, then tunnel or link layer, then write: the common tail of every craft_* call. */
static int finish(gen_ctx *g, gen_flow *f, int dir, uint8_t proto, uint32_t l4len,
                  const uint8_t *pl, size_t pllen)
{
    const gen_host *src = dir ? &f->srv : &f->cli;
    const gen_host *dst = dir ? &f->cli : &f->srv;
    if (build_ip(g, &src->ip, &dst->ip, proto, l4len, pl, pllen) < 0)
        return -1;
    if (f->tun)
        return wrap_tunnel(g, f, dir);
    if (build_link(g, src, dst, f->vlan) < 0)
        return -1;
    return emit(g);
}

int craft_tcp_segment(gen_ctx *g, gen_flow *f, int dir, uint8_t flags, const uint8_t *data,
                      size_t len)
{
    uint32_t *mine = dir ? &f->srv_next : &f->cli_next;
    uint32_t ack = (flags & TH_ACK) ? (dir ? f->cli_next : f->srv_next) : 0;
    uint16_t sp = dir ? f->sport : f->cport;
    uint16_t dp = dir ? f->cport : f->sport;
    if (len > GEN_FRAME_MAX) {
        snprintf(g->err, sizeof(g->err), "TCP payload of %zu bytes is too large", len);
        return -1;
    }
    if (libnet_build_tcp(sp, dp, *mine, ack, flags, GEN_TCP_WINDOW, 0, 0,
                         (uint16_t)(LIBNET_TCP_H + len), data, (uint32_t)len, g->ln, 0) < 0)
        return libnet_fail(g, "tcp");
    /* RFC 9293 section 3.4: SYN and FIN occupy one sequence number each. */
    *mine += (uint32_t)len + ((flags & TH_SYN) ? 1 : 0) + ((flags & TH_FIN) ? 1 : 0);
    return finish(g, f, dir, IPPROTO_TCP, (uint32_t)(LIBNET_TCP_H + len), NULL, 0);
}

int craft_tcp_open(gen_ctx *g, gen_flow *f)
{
    if (craft_tcp_segment(g, f, GEN_TO_SERVER, TH_SYN, NULL, 0) < 0 ||
        craft_tcp_segment(g, f, GEN_TO_CLIENT, TH_SYN | TH_ACK, NULL, 0) < 0)
        return -1;
    return craft_tcp_segment(g, f, GEN_TO_SERVER, TH_ACK, NULL, 0);
}

int craft_tcp_data(gen_ctx *g, gen_flow *f, int dir, const uint8_t *data, size_t len)
{
    return craft_tcp_segment(g, f, dir, TH_PUSH | TH_ACK, data, len);
}

int craft_tcp_close(gen_ctx *g, gen_flow *f)
{
    if (craft_tcp_segment(g, f, GEN_TO_SERVER, TH_FIN | TH_ACK, NULL, 0) < 0 ||
        craft_tcp_segment(g, f, GEN_TO_CLIENT, TH_FIN | TH_ACK, NULL, 0) < 0)
        return -1;
    return craft_tcp_segment(g, f, GEN_TO_SERVER, TH_ACK, NULL, 0);
}

int craft_udp(gen_ctx *g, gen_flow *f, int dir, const uint8_t *data, size_t len)
{
    uint16_t sp = dir ? f->sport : f->cport;
    uint16_t dp = dir ? f->cport : f->sport;
    if (len > GEN_FRAME_MAX) {
        snprintf(g->err, sizeof(g->err), "UDP payload of %zu bytes is too large", len);
        return -1;
    }
    if (libnet_build_udp(sp, dp, (uint16_t)(LIBNET_UDP_H + len), 0, data, (uint32_t)len, g->ln, 0) <
        0)
        return libnet_fail(g, "udp");
    return finish(g, f, dir, IPPROTO_UDP, (uint32_t)(LIBNET_UDP_H + len), NULL, 0);
}

int craft_icmp_echo(gen_ctx *g, gen_flow *f, int dir, uint16_t seq, const uint8_t *data, size_t len)
{
    libnet_ptag_t t;
    uint8_t proto;
    if (len > GEN_FRAME_MAX) {
        snprintf(g->err, sizeof(g->err), "ICMP payload of %zu bytes is too large", len);
        return -1;
    }
    if (f->cli.ip.family == 6) { /* RFC 4443 section 4.1/4.2 */
        proto = IPPROTO_ICMPV6;
        t = libnet_build_icmpv6_echo(dir ? ICMP6_ECHO_REPLY : ICMP6_ECHO_REQUEST, 0, 0, f->cport,
                                     seq, (uint8_t *)(uintptr_t)data, (uint32_t)len, g->ln, 0);
    } else { /* RFC 792 echo: type 8 request, 0 reply */
        proto = IPPROTO_ICMP;
        t = libnet_build_icmpv4_echo(dir ? ICMP_ECHOREPLY : ICMP_ECHO, 0, 0, f->cport, seq, data,
                                     (uint32_t)len, g->ln, 0);
    }
    if (t < 0)
        return libnet_fail(g, "icmp");
    return finish(g, f, dir, proto, (uint32_t)(LIBNET_ICMPV4_ECHO_H + len), NULL, 0);
}

size_t craft_esp_bytes(gen_ctx *g, uint32_t spi, uint32_t seq, size_t len, uint8_t *out, size_t cap)
{
    /* RFC 4303 section 2: SPI, sequence number, then IV, ciphertext, padding, pad length, next
     * header and ICV, which are opaque without the keys: random bytes stand in for them. */
    size_t body = (len + 3) & ~(size_t)3;
    if (cap < 8 || body > cap - 8)
        return 0;
    gen_buf b = gen_buf_init(out, cap);
    gen_put_be32(&b, spi);
    gen_put_be32(&b, seq);
    gen_rng_fill(&g->rng, out + b.len, body);
    return b.len + body;
}

int craft_esp(gen_ctx *g, gen_flow *f, int dir, uint32_t spi, uint32_t seq, size_t len)
{
    uint8_t esp[1500];
    size_t n = craft_esp_bytes(g, spi, seq, len, esp, sizeof(esp));
    if (n == 0) {
        snprintf(g->err, sizeof(g->err), "ESP body of %zu bytes is too large", len);
        return -1;
    }
    return finish(g, f, dir, IPPROTO_ESP, 0, esp, n);
}

/* Offset and length of segment i when len bytes are cut into nseg near-equal pieces. */
static void segment_bounds(size_t len, size_t nseg, size_t i, size_t *off, size_t *n)
{
    size_t base = len / nseg, extra = len % nseg;
    *off = i * base + (i < extra ? i : extra);
    *n = base + (i < extra ? 1 : 0);
}

int craft_tcp_data_permuted(gen_ctx *g, gen_flow *f, int dir, const uint8_t *data, size_t len,
                            size_t nseg, const size_t *order)
{
    if (nseg == 0 || nseg > len) {
        snprintf(g->err, sizeof(g->err), "cannot cut %zu bytes into %zu segments", len, nseg);
        return -1;
    }
    uint32_t *mine = dir ? &f->srv_next : &f->cli_next;
    uint32_t start = *mine;
    for (size_t k = 0; k < nseg; k++) {
        size_t off, n;
        if (order[k] >= nseg) {
            snprintf(g->err, sizeof(g->err), "segment %zu of %zu does not exist", order[k], nseg);
            return -1;
        }
        segment_bounds(len, nseg, order[k], &off, &n);
        *mine = start + (uint32_t)off; /* the segment's own place in the stream */
        if (craft_tcp_segment(g, f, dir, TH_PUSH | TH_ACK, data + off, n) < 0)
            return -1;
    }
    *mine = start + (uint32_t)len;
    return 0;
}

int craft_tcp_data_split(gen_ctx *g, gen_flow *f, int dir, const uint8_t *data, size_t len,
                         size_t nseg)
{
    size_t order[64];
    if (nseg > sizeof(order) / sizeof(order[0])) {
        snprintf(g->err, sizeof(g->err), "at most 64 segments, not %zu", nseg);
        return -1;
    }
    for (size_t i = 0; i < nseg; i++)
        order[i] = i;
    return craft_tcp_data_permuted(g, f, dir, data, len, nseg, order);
}
