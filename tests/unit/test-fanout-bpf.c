/* Unit tests for the ip-pair fanout program (sensor/fanout-bpf.c). The program is run by a
 * small classic-BPF interpreter written here from the instruction semantics of
 * linux/filter.h and Documentation/networking/filter.rst (32-bit A and X, M[0..15], forward
 * jumps, loads at SKF_NET_OFF + k from the network header, SKF_AD_PROTOCOL = skb->protocol,
 * a load past the end ends the program with 0). Its answer for a packet must equal the software
 * dispatcher's worker, (sw_workers_flow_hash() * n) >> 32 (workers.c), for IPv4 and IPv6
 * packets with random addresses, in both directions, for several worker counts. */
#include "fanout-bpf.h"
#include "sw-test.h"
#include "workers.h"

#include <string.h>

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
            else if (BPF_MODE(f->code) != BPF_ABS)
                r.bad = 1;
            else if (!load(net, len, proto, f->code, f->k, &A))
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
    tcase_add_test(tc, non_ip_and_short_packets_go_to_the_first_socket);
    tcase_add_test(tc, bad_sizes_are_refused);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
