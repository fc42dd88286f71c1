/* Unit tests for the ip-pair fanout program (sensor/fanout-bpf.c). The program is run by a
 * small classic-BPF interpreter written here from the instruction semantics of
 * linux/filter.h and Documentation/networking/filter.rst (32-bit A and X, M[0..15], forward
 * jumps, loads at SKF_NET_OFF + k from the network header, SKF_AD_PROTOCOL = skb->protocol,
 * a load past the end ends the program with 0). Its answer for a packet must equal the software
 * dispatcher's worker, (sw_workers_flow_hash() * n) >> 32 (workers.c), for IPv4 and IPv6
 * packets with random addresses, in both directions, for several worker counts, and for frames
 * with VLAN tags and MPLS labels as the kernel presents them (first tag removed). */
#include "fanout-bpf.h"
#include "sw-test.h"
#include "workers.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct bpf_run {
    uint32_t result;
    int bad; /* malformed program: jump out of range, unknown opcode, no return */
} bpf_run;

static int load(const uint8_t *net, size_t len, uint16_t proto, uint16_t code, uint32_t k,
                uint32_t *out)
{
    size_t size = BPF_SIZE(code) == BPF_W ? 4 : BPF_SIZE(code) == BPF_H ? 2 : 1;
    if (k == (uint32_t)(SKF_AD_OFF + SKF_AD_PROTOCOL)) {
        *out = proto;
        return 1;
    }
    if ((int32_t)k < SKF_NET_OFF || (int32_t)k >= SKF_AD_OFF)
        return 0;
    size_t off = k - (uint32_t)SKF_NET_OFF;
    if (off + size > len)
        return 0;
    uint32_t v = 0;
    for (size_t i = 0; i < size; i++)
        v = v << 8 | net[off + i];
    *out = v;
    return 1;
}

static bpf_run run(const struct sock_filter *prog, size_t n, uint16_t proto, const uint8_t *net,
                   size_t len)
{
    uint32_t A = 0, X = 0, M[16] = {0};
    bpf_run r = {0, 0};
    for (size_t pc = 0; pc < n; pc++) {
        const struct sock_filter *f = &prog[pc];
        uint32_t src = BPF_SRC(f->code) == BPF_X ? X : f->k;
        switch (BPF_CLASS(f->code)) {
        case BPF_LD:
            if (BPF_MODE(f->code) == BPF_IMM)
                A = f->k;
            else if (BPF_MODE(f->code) == BPF_MEM && f->k < 16)
                A = M[f->k];
            else if (BPF_MODE(f->code) != BPF_ABS && BPF_MODE(f->code) != BPF_IND)
                r.bad = 1;
            else if (!load(net, len, proto, f->code, f->k + (BPF_MODE(f->code) == BPF_IND ? X : 0),
                           &A))
                return r; /* result 0 */
            break;
        case BPF_LDX:
            if (BPF_MODE(f->code) != BPF_MEM || f->k >= 16)
                r.bad = 1;
            else
                X = M[f->k];
            break;
        case BPF_ST:
            if (f->k >= 16)
                r.bad = 1;
            else
                M[f->k] = A;
            break;
        case BPF_MISC:
            if (BPF_MISCOP(f->code) != BPF_TAX)
                r.bad = 1;
            X = A;
            break;
        case BPF_ALU:
            switch (BPF_OP(f->code)) {
            case BPF_ADD:
                A += src;
                break;
            case BPF_MUL:
                A *= src;
                break;
            case BPF_AND:
                A &= src;
                break;
            case BPF_XOR:
                A ^= src;
                break;
            case BPF_RSH:
                A = src < 32 ? A >> src : 0;
                break;
            default:
                r.bad = 1;
            }
            break;
        case BPF_JMP: {
            int take = 0;
            switch (BPF_OP(f->code)) {
            case BPF_JA:
                pc += f->k;
                break;
            case BPF_JEQ:
                take = A == src;
                break;
            case BPF_JGT:
                take = A > src;
                break;
            case BPF_JGE:
                take = A >= src;
                break;
            case BPF_JSET:
                take = (A & src) != 0;
                break;
            default:
                r.bad = 1;
            }
            if (BPF_OP(f->code) != BPF_JA)
                pc += take ? f->jt : f->jf;
            if (pc + 1 >= n + 1)
                r.bad = 1;
            break;
        }
        case BPF_RET:
            r.result = BPF_RVAL(f->code) == BPF_A ? A : f->k;
            return r;
        default:
            r.bad = 1;
        }
        if (r.bad)
            return r;
    }
    r.bad = 1; /* fell off the end */
    return r;
}

static uint32_t rng_state = 12345;
static uint32_t next_random(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

/* A random IPv4 (family 4) or IPv6 header; `swap` writes the same pair reversed. */
static size_t random_ip(int family, uint8_t *ip, uint8_t *swapped)
{
    size_t len = family == 4 ? 20 : 40, a = family == 4 ? 12 : 8, alen = family == 4 ? 4 : 16;
    for (size_t i = 0; i < len; i++)
        ip[i] = (uint8_t)next_random();
    ip[0] = family == 4 ? 0x45 : 0x60;
    ip[family == 4 ? 9 : 6] = (uint8_t)(next_random() % 3 == 0 ? 47 : next_random() % 2 ? 6 : 17);
    if (next_random() % 4 == 0) /* addresses sharing a prefix: the comparison goes deeper */
        memcpy(ip + a + alen, ip + a, alen - (next_random() % 8 == 0 ? 0 : 1));
    memcpy(swapped, ip, len);
    memcpy(swapped + a, ip + a + alen, alen);
    memcpy(swapped + a + alen, ip + a, alen);
    return len;
}

START_TEST(program_picks_the_software_dispatchers_worker)
{
    static const unsigned counts[] = {1, 2, 3, 4, 7, 16, 64};
    struct sock_filter prog[SW_FANOUT_BPF_MAX];
    for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
        unsigned n = counts[c];
        size_t len = sw_fanout_bpf_pair(n, prog, SW_FANOUT_BPF_MAX);
        ck_assert_uint_gt(len, 0);
        ck_assert_uint_le(len, 4096); /* BPF_MAXINSNS */
        unsigned used[64] = {0};
        for (int i = 0; i < 4000; i++) {
            int family = i % 2 ? 6 : 4;
            uint8_t ip[40], rev[40];
            size_t iplen = random_ip(family, ip, rev);
            uint16_t proto = family == 4 ? 0x0800 : 0x86dd;
            uint32_t h = sw_workers_flow_hash(101 /* raw IP */, ip, iplen);
            uint32_t want = (uint32_t)(((uint64_t)h * n) >> 32);
            bpf_run r = run(prog, len, proto, ip, iplen), back = run(prog, len, proto, rev, iplen);
            ck_assert_int_eq(r.bad, 0);
            ck_assert_msg(r.result == want, "n=%u IPv%d packet %d: program chose %u, dispatcher %u",
                          n, family, i, r.result, want);
            ck_assert_uint_eq(back.result, r.result);
            used[r.result]++;
        }
        for (unsigned w = 0; w < n && n <= 16; w++)
            ck_assert_msg(used[w] > 0, "n=%u: worker %u never chosen", n, w);
    }
}
END_TEST

/* What the kernel shows the program for an Ethernet frame: the ethertype after the first VLAN
 * tag is removed (skb->protocol) and the bytes after that. */
static uint16_t kernel_view(const uint8_t *frame, size_t len, const uint8_t **net, size_t *netlen)
{
    size_t off = 12;
    uint16_t type = (uint16_t)(frame[off] << 8 | frame[off + 1]);
    off += 2;
    if (type == 0x8100 || type == 0x88a8) {
        type = (uint16_t)(frame[off + 2] << 8 | frame[off + 3]);
        off += 4;
    }
    *net = frame + off;
    *netlen = len - off;
    return type;
}

/* Ethernet with the given tags (TPIDs), MPLS labels (0 = none) and an IP header. */
static size_t build_frame(uint8_t *f, const uint16_t *tpids, size_t ntags, size_t labels,
                          const uint8_t *ip, size_t iplen)
{
    size_t n = 12;
    memset(f, 0x33, 12);
    uint16_t inner = labels ? 0x8847 : (ip[0] >> 4) == 4 ? 0x0800 : 0x86dd;
    for (size_t i = 0; i < ntags; i++) {
        f[n++] = (uint8_t)(tpids[i] >> 8), f[n++] = (uint8_t)tpids[i];
        f[n++] = 0x00, f[n++] = (uint8_t)(10 + i); /* VID */
    }
    f[n++] = (uint8_t)(inner >> 8), f[n++] = (uint8_t)inner;
    for (size_t i = 0; i < labels; i++) {
        uint32_t label = (uint32_t)(16 + i) << 12 | (i + 1 == labels ? 0x100u : 0) | 64;
        f[n++] = (uint8_t)(label >> 24), f[n++] = (uint8_t)(label >> 16);
        f[n++] = (uint8_t)(label >> 8), f[n++] = (uint8_t)label;
    }
    memcpy(f + n, ip, iplen);
    return n + iplen;
}

START_TEST(tags_and_mpls_as_the_dispatcher)
{
    static const uint16_t none[1] = {0}, one[1] = {0x8100}, qinq[2] = {0x88a8, 0x8100};
    static const struct {
        const uint16_t *tpids;
        size_t ntags, labels;
    } shapes[] = {{none, 0, 0}, {one, 1, 0},  {none, 0, 1}, {none, 0, 3},
                  {one, 1, 2},  {qinq, 2, 0}, {qinq, 2, 4}, {none, 0, 7}};
    struct sock_filter prog[SW_FANOUT_BPF_MAX];
    const unsigned n = 5;
    size_t len = sw_fanout_bpf_pair(n, prog, SW_FANOUT_BPF_MAX);
    for (size_t k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++) {
        unsigned spread[5] = {0};
        for (int i = 0; i < 400; i++) {
            uint8_t ip[40], rev[40], frame[128];
            size_t iplen = random_ip(i % 2 ? 6 : 4, ip, rev);
            size_t flen =
                build_frame(frame, shapes[k].tpids, shapes[k].ntags, shapes[k].labels, ip, iplen);
            uint32_t h = sw_workers_flow_hash(1, frame, flen);
            ck_assert_uint_ne(h, 0);
            const uint8_t *net;
            size_t netlen;
            uint16_t proto = kernel_view(frame, flen, &net, &netlen);
            bpf_run r = run(prog, len, proto, net, netlen);
            uint32_t want = (uint32_t)(((uint64_t)h * n) >> 32);
            ck_assert_int_eq(r.bad, 0);
            ck_assert_msg(r.result == want, "shape %zu packet %d: program %u, dispatcher %u", k, i,
                          r.result, want);
            spread[r.result]++;
        }
        for (unsigned w = 0; w < n; w++)
            ck_assert_msg(spread[w] > 0, "shape %zu: worker %u never chosen", k, w);
    }
}
END_TEST

START_TEST(non_ip_and_short_packets_go_to_the_first_socket)
{
    struct sock_filter prog[SW_FANOUT_BPF_MAX];
    size_t len = sw_fanout_bpf_pair(4, prog, SW_FANOUT_BPF_MAX);
    uint8_t arp[28] = {0, 1, 8, 0, 6, 4, 0, 1};
    bpf_run r = run(prog, len, 0x0806, arp, sizeof(arp));
    ck_assert_int_eq(r.bad, 0);
    ck_assert_uint_eq(r.result, 0);
    uint8_t ip[40], rev[40];
    random_ip(6, ip, rev);
    r = run(prog, len, 0x86dd, ip, 30); /* truncated before the destination address */
    ck_assert_int_eq(r.bad, 0);
    ck_assert_uint_eq(r.result, 0);
}
END_TEST

/* The kernel checks a classic program the same way for every socket (bpf_check_classic: known
 * opcodes, jumps inside the program, no scratch word read before it is written, a return at
 * the end), and a UDP socket takes one without privileges. */
START_TEST(kernel_accepts_the_program)
{
    struct sock_filter prog[SW_FANOUT_BPF_MAX];
    for (unsigned n = 1; n <= 64; n *= 2) {
        size_t len = sw_fanout_bpf_pair(n, prog, SW_FANOUT_BPF_MAX);
        struct sock_fprog fprog = {(unsigned short)len, prog};
        int fd = socket(AF_INET, SOCK_DGRAM, 0);
        ck_assert_int_ge(fd, 0);
        int rc = setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, sizeof(fprog));
        int saved = errno;
        close(fd);
        ck_assert_msg(rc == 0, "n=%u: the kernel refused the program: %s", n, strerror(saved));
    }
}
END_TEST

START_TEST(bad_sizes_are_refused)
{
    struct sock_filter prog[SW_FANOUT_BPF_MAX];
    ck_assert_uint_eq(sw_fanout_bpf_pair(0, prog, SW_FANOUT_BPF_MAX), 0);
    ck_assert_uint_eq(sw_fanout_bpf_pair(65, prog, SW_FANOUT_BPF_MAX), 0);
    ck_assert_uint_eq(sw_fanout_bpf_pair(2, prog, 100), 0); /* does not fit */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fanout-bpf");
    TCase *tc = tcase_create("program");
    tcase_add_test(tc, program_picks_the_software_dispatchers_worker);
    tcase_add_test(tc, tags_and_mpls_as_the_dispatcher);
    tcase_add_test(tc, non_ip_and_short_packets_go_to_the_first_socket);
    tcase_add_test(tc, kernel_accepts_the_program);
    tcase_add_test(tc, bad_sizes_are_refused);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
