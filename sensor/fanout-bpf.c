/* Program generator for ip-pair fanout (see fanout-bpf.h). Classic BPF has two 32-bit
 * registers (A, X), sixteen scratch words and forward jumps only (8-bit conditional offsets),
 * so the byte loop of FNV-1a is unrolled, once per address order. The IP header's offset from
 * the network header (0; after MPLS labels or a second VLAN tag more) is kept in M[off] and
 * every header load is indexed by it. */
#include "fanout-bpf.h"

#include <stdint.h>

enum { FNV_OFFSET = 2166136261u, FNV_PRIME = 16777619u };
enum { M_HASH = 0, M_LOW = 1, M_OFF = 2, M_WORD = 3 }; /* scratch words */
enum {
    L_IP,
    L_V4,
    L_V6,
    L_SRC4,
    L_DST4,
    L_SRC6,
    L_DST6,
    L_SRC6_BODY,
    L_DST6_BODY,
    L_FINISH,
    L_AT0,
    L_AT4,
    L_TAG,
    L_MPLS0,
    L_MPLS4,
    L_COUNT
};
#define MPLS_LABELS 8

typedef struct emitter {
    struct sock_filter *out;
    size_t cap, n;
    int overflow;
    size_t label[L_COUNT];
    /* Jumps to patch: instruction index and the labels of jt/jf (-1 none) or of ja. */
    struct {
        size_t at;
        int jt, jf, ja;
    } fix[64];
    size_t n_fix;
} emitter;

static void emit_raw(emitter *e, struct sock_filter insn)
{
    if (e->n == e->cap) {
        e->overflow = 1;
        return;
    }
    e->out[e->n++] = insn;
}

static void emit(emitter *e, uint16_t code, uint32_t k)
{
    emit_raw(e, (struct sock_filter)BPF_STMT(code, k));
}

static void emit_jump(emitter *e, uint16_t code, uint32_t k, int jt, int jf, int ja)
{
    if (e->n_fix == sizeof(e->fix) / sizeof(e->fix[0])) {
        e->overflow = 1;
        return;
    }
    e->fix[e->n_fix].at = e->n;
    e->fix[e->n_fix].jt = jt;
    e->fix[e->n_fix].jf = jf;
    e->fix[e->n_fix].ja = ja;
    e->n_fix++;
    emit(e, code, k);
}

static void place(emitter *e, int label)
{
    e->label[label] = e->n;
}

/* -1 keeps "next instruction" (offset 0). */
static int resolve_one(emitter *e, size_t at, int label, uint32_t *off, uint32_t max)
{
    if (label < 0) {
        *off = 0;
        return 0;
    }
    size_t target = e->label[label];
    if (target <= at || target - at - 1 > max)
        return -1;
    *off = (uint32_t)(target - at - 1);
    return 0;
}

static int resolve(emitter *e)
{
    for (size_t i = 0; i < e->n_fix; i++) {
        struct sock_filter *f = &e->out[e->fix[i].at];
        uint32_t jt = 0, jf = 0;
        if (e->fix[i].ja >= 0) {
            if (resolve_one(e, e->fix[i].at, e->fix[i].ja, &f->k, UINT32_MAX) != 0)
                return -1;
            continue;
        }
        if (resolve_one(e, e->fix[i].at, e->fix[i].jt, &jt, 255) != 0 ||
            resolve_one(e, e->fix[i].at, e->fix[i].jf, &jf, 255) != 0)
            return -1;
        f->jt = (uint8_t)jt;
        f->jf = (uint8_t)jf;
    }
    return 0;
}

/* A = the header field at the IP header's offset + off. */
static void ld_ip(emitter *e, uint16_t size, uint32_t off)
{
    emit(e, BPF_LDX | BPF_MEM, M_OFF);
    emit(e, BPF_LD | size | BPF_IND, (uint32_t)SKF_NET_OFF + off);
}

/* M[hash] = (M[hash] ^ IP header byte at off) * FNV prime */
static void fnv_byte(emitter *e, uint32_t off)
{
    ld_ip(e, BPF_B, off);
    emit(e, BPF_MISC | BPF_TAX, 0);
    emit(e, BPF_LD | BPF_MEM, M_HASH);
    emit(e, BPF_ALU | BPF_XOR | BPF_X, 0);
    emit(e, BPF_ALU | BPF_MUL | BPF_K, FNV_PRIME);
    emit(e, BPF_ST, M_HASH);
}

/* FNV-1a over the first address, the second, then the protocol byte; then to L_FINISH. */
static void hash_pair(emitter *e, uint32_t first, uint32_t second, uint32_t len, uint32_t proto)
{
    emit(e, BPF_LD | BPF_IMM, FNV_OFFSET);
    emit(e, BPF_ST, M_HASH);
    for (uint32_t i = 0; i < len; i++)
        fnv_byte(e, first + i);
    for (uint32_t i = 0; i < len; i++)
        fnv_byte(e, second + i);
    fnv_byte(e, proto);
    emit_jump(e, BPF_JMP | BPF_JA, 0, -1, -1, L_FINISH);
}

/* Branches to `src_first` when the source address (at `src`, `words` 32-bit words) is not
 * greater than the destination, to `dst_first` otherwise: big-endian word loads compare like
 * memcmp. */
static void compare(emitter *e, uint32_t src, uint32_t dst, uint32_t words, int src_first,
                    int dst_first)
{
    for (uint32_t w = 0; w < words; w++) {
        ld_ip(e, BPF_W, src + 4 * w);
        emit(e, BPF_ST, M_WORD);
        ld_ip(e, BPF_W, dst + 4 * w);
        emit(e, BPF_LDX | BPF_MEM, M_WORD); /* A = dst word, X = src word */
        if (w + 1 < words) {
            emit_jump(e, BPF_JMP | BPF_JGT | BPF_X, 0, src_first, -1, -1);
            /* equal: compare the next word; smaller: the destination comes first */
            emit_jump(e, BPF_JMP | BPF_JEQ | BPF_X, 0, -1, dst_first, -1);
        } else {
            emit_jump(e, BPF_JMP | BPF_JGE | BPF_X, 0, src_first, dst_first, -1);
        }
    }
}

/* M[off] = off, then the IP header there. */
static void ip_at(emitter *e, uint32_t off)
{
    emit(e, BPF_LD | BPF_IMM, off);
    emit(e, BPF_ST, M_OFF);
    emit_jump(e, BPF_JMP | BPF_JA, 0, -1, -1, L_IP);
}

/* RFC 3032: labels of 4 bytes from `base`; the IP header follows the one with the
 * bottom-of-stack bit (0x100). Deeper stacks go to socket 0, as in the dispatcher. */
static void mpls_walk(emitter *e, uint32_t base)
{
    for (uint32_t i = 0; i < MPLS_LABELS; i++) {
        emit(e, BPF_LD | BPF_W | BPF_ABS, (uint32_t)SKF_NET_OFF + base + 4 * i);
        emit_raw(e, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x100, 0, 3));
        ip_at(e, base + 4 * (i + 1));
    }
    emit(e, BPF_RET | BPF_K, 0);
}

/* A holds an ethertype: IP, MPLS and (tag >= 0) VLAN TPIDs branch, the rest returns 0. */
static void by_ethertype(emitter *e, int ip, int mpls, int tag)
{
    static const struct {
        uint16_t type;
        int kind; /* 0 ip, 1 mpls, 2 tag */
    } types[] = {{0x0800, 0}, {0x86dd, 0}, {0x8847, 1}, {0x8848, 1},
                 {0x8100, 2}, {0x88a8, 2}, {0x9100, 2}};
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        int to = types[i].kind == 0 ? ip : types[i].kind == 1 ? mpls : tag;
        if (to >= 0)
            emit_jump(e, BPF_JMP | BPF_JEQ | BPF_K, types[i].type, to, -1, -1);
    }
    emit(e, BPF_RET | BPF_K, 0);
}

size_t sw_fanout_bpf_pair(unsigned n, struct sock_filter *out, size_t cap)
{
    emitter e = {.out = out, .cap = cap};
    if (n < 1 || n > 64)
        return 0;
    /* The ethertype after the kernel removed the link header and one VLAN tag. Long jumps go
     * through `ja` (32-bit offset); conditional ones stay within 255. */
    /* The kernel's checker (check_load_and_stores in net/core/filter.c) refuses a program
     * that may read a scratch word before writing it, and it also follows the fall-through
     * after a `ret`: every word is written first. */
    emit(&e, BPF_LD | BPF_IMM, 0);
    for (uint32_t m = M_HASH; m <= M_WORD; m++)
        emit(&e, BPF_ST, m);
    emit(&e, BPF_LD | BPF_H | BPF_ABS, (uint32_t)SKF_AD_OFF + SKF_AD_PROTOCOL);
    by_ethertype(&e, L_AT0, L_MPLS0, L_TAG);
    place(&e, L_AT0);
    ip_at(&e, 0);
    /* A second tag (802.1ad QinQ) is still in the data: TCI, then the inner ethertype. */
    place(&e, L_TAG);
    emit(&e, BPF_LD | BPF_H | BPF_ABS, (uint32_t)SKF_NET_OFF + 2);
    by_ethertype(&e, L_AT4, L_MPLS4, -1);
    place(&e, L_AT4);
    ip_at(&e, 4);
    place(&e, L_MPLS0);
    mpls_walk(&e, 0);
    place(&e, L_MPLS4);
    mpls_walk(&e, 4);
    /* The version nibble decides, as in the dispatcher (workers.c, hash_ip). */
    place(&e, L_IP);
    ld_ip(&e, BPF_B, 0);
    emit(&e, BPF_ALU | BPF_RSH | BPF_K, 4);
    emit_jump(&e, BPF_JMP | BPF_JEQ | BPF_K, 4, L_V4, -1, -1);
    emit_jump(&e, BPF_JMP | BPF_JEQ | BPF_K, 6, L_V6, -1, -1);
    emit(&e, BPF_RET | BPF_K, 0); /* neither: socket 0 */
    /* RFC 791: protocol at 9, addresses at 12 and 16 */
    place(&e, L_V4);
    compare(&e, 12, 16, 1, L_SRC4, L_DST4);
    place(&e, L_SRC4);
    hash_pair(&e, 12, 16, 4, 9);
    place(&e, L_DST4);
    hash_pair(&e, 16, 12, 4, 9);
    /* RFC 8200: next header at 6, addresses at 8 and 24. The comparison's targets are more
     * than 255 instructions apart, hence the two trampolines. */
    place(&e, L_V6);
    compare(&e, 8, 24, 4, L_SRC6, L_DST6);
    place(&e, L_SRC6);
    emit_jump(&e, BPF_JMP | BPF_JA, 0, -1, -1, L_SRC6_BODY);
    place(&e, L_DST6);
    emit_jump(&e, BPF_JMP | BPF_JA, 0, -1, -1, L_DST6_BODY);
    place(&e, L_SRC6_BODY);
    hash_pair(&e, 8, 24, 16, 6);
    place(&e, L_DST6_BODY);
    hash_pair(&e, 24, 8, 16, 6);
    /* pair_hash never yields 0 for an IP packet; then idx = (h * n) >> 32 in 32-bit steps:
     * ((h >> 16) * n + (((h & 0xffff) * n) >> 16)) >> 16, exact since the dropped low bits of
     * the second product are below 2^16. */
    place(&e, L_FINISH);
    emit(&e, BPF_LD | BPF_MEM, M_HASH);
    emit_raw(&e, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1));
    emit(&e, BPF_LD | BPF_IMM, 1);
    emit(&e, BPF_ST, M_HASH);
    emit(&e, BPF_ALU | BPF_AND | BPF_K, 0xffff);
    emit(&e, BPF_ALU | BPF_MUL | BPF_K, n);
    emit(&e, BPF_ALU | BPF_RSH | BPF_K, 16);
    emit(&e, BPF_ST, M_LOW);
    emit(&e, BPF_LD | BPF_MEM, M_HASH);
    emit(&e, BPF_ALU | BPF_RSH | BPF_K, 16);
    emit(&e, BPF_ALU | BPF_MUL | BPF_K, n);
    emit(&e, BPF_LDX | BPF_MEM, M_LOW);
    emit(&e, BPF_ALU | BPF_ADD | BPF_X, 0);
    emit(&e, BPF_ALU | BPF_RSH | BPF_K, 16);
    emit(&e, BPF_RET | BPF_A, 0);
    if (e.overflow || resolve(&e) != 0)
        return 0;
    return e.n;
}
