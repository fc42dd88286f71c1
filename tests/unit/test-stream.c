/* TCP reassembly (sensor/stream-tcp.h) on hand-made segments. Expected byte strings and counts are
 * worked out by hand from the sequence numbers given (RFC 9293 section 3.4: a SYN takes one
 * sequence number, data starts at ISN + 1). */
#include "stream-tcp.h"
#include "sw-test.h"

#include <string.h>

#define TH_SYN 0x02
#define TH_ACK 0x10

typedef struct sink {
    char bytes[256];
    size_t len;
    unsigned calls, gaps;
    uint64_t offsets[16];
} sink;

static void collect(const uint8_t *data, size_t len, uint64_t offset, int gap, void *user)
{
    sink *s = user;
    ck_assert_uint_le(s->len + len, sizeof(s->bytes) - 1);
    memcpy(s->bytes + s->len, data, len);
    s->len += len;
    s->bytes[s->len] = '\0';
    if (s->calls < 16)
        s->offsets[s->calls] = offset;
    s->calls++;
    s->gaps += gap != 0;
}

typedef struct fixture {
    sw_stream_ctx ctx;
    sw_stream_dir dir;
    sink out;
} fixture;

static void setup_fx(fixture *f, size_t depth, size_t memcap)
{
    memset(f, 0, sizeof(*f));
    sw_stream_config cfg = {depth, memcap};
    sw_stream_ctx_init(&f->ctx, &cfg);
}

static void seg(fixture *f, uint32_t seq, const char *text)
{
    sw_stream_segment(&f->ctx, &f->dir, seq, TH_ACK, (const uint8_t *)text, strlen(text), collect,
                      &f->out);
}

static void syn(fixture *f, uint32_t isn)
{
    sw_stream_segment(&f->ctx, &f->dir, isn, TH_SYN, NULL, 0, collect, &f->out);
}

START_TEST(in_order)
{
    fixture f;
    setup_fx(&f, 0, 1 << 20);
    syn(&f, 1000);
    seg(&f, 1001, "USER ");
    seg(&f, 1006, "alice\r\n");
    ck_assert_str_eq(f.out.bytes, "USER alice\r\n");
    ck_assert_uint_eq(f.out.offsets[0], 0);
    ck_assert_uint_eq(f.out.offsets[1], 5);
    ck_assert_uint_eq(f.ctx.st.out_of_order, 0);
    ck_assert_uint_eq(f.ctx.st.midstream, 0);
    ck_assert_uint_eq(f.ctx.st.memuse, 0);
}
END_TEST

START_TEST(out_of_order_is_held_then_delivered)
{
    fixture f;
    setup_fx(&f, 0, 1 << 20);
    syn(&f, 0xfffffff0u); /* data crosses the 2^32 wrap: bytes at ...f1 to ...00 and beyond */
    seg(&f, 0xfffffff1u + 8, "CCCC");
    seg(&f, 0xfffffff1u + 4, "BBBB");
    ck_assert_uint_eq(f.out.len, 0);
    ck_assert_uint_eq(f.ctx.st.out_of_order, 2);
    ck_assert_uint_gt(f.ctx.st.memuse, 0);
    seg(&f, 0xfffffff1u, "AAAA");
    ck_assert_str_eq(f.out.bytes, "AAAABBBBCCCC");
    ck_assert_uint_eq(f.ctx.st.memuse, 0);
    ck_assert_uint_eq(f.out.gaps, 0);
}
END_TEST

START_TEST(overlap_first_wins)
{
    fixture f;
    setup_fx(&f, 0, 1 << 20);
    syn(&f, 99);
    seg(&f, 106, "XYZ");        /* offsets 6..8 held first */
    seg(&f, 100, "abcdefghij"); /* offsets 0..9: 6..8 collide with the held copy */
    ck_assert_str_eq(f.out.bytes, "abcdefXYZj");
    ck_assert_uint_eq(f.ctx.st.overlaps, 1);
    ck_assert_uint_eq(f.ctx.st.overlap_bytes, 3);
    /* A retransmission of delivered bytes with other content changes nothing. */
    seg(&f, 100, "0123");
    ck_assert_str_eq(f.out.bytes, "abcdefXYZj");
    ck_assert_uint_eq(f.ctx.st.overlaps, 2);
    ck_assert_uint_eq(f.ctx.st.overlap_bytes, 7);
    /* Partly old, partly new: only the new tail goes out. */
    seg(&f, 108, "##kl");
    ck_assert_str_eq(f.out.bytes, "abcdefXYZjkl");
    ck_assert_uint_eq(f.ctx.st.overlap_bytes, 9);
}
END_TEST

START_TEST(held_segments_overlap_each_other)
{
    fixture f;
    setup_fx(&f, 0, 1 << 20);
    syn(&f, 0);
    seg(&f, 5, "EE");       /* offsets 4..5 */
    seg(&f, 3, "ccddeeff"); /* 2..9: 4..5 already held, the rest fills around it */
    seg(&f, 1, "ab");
    ck_assert_str_eq(f.out.bytes, "abccEEeeff"); /* offsets 2,3 "cc"; 4,5 held "EE"; 6..9 "eeff" */
    ck_assert_uint_eq(f.ctx.st.overlap_bytes, 2);
}
END_TEST

START_TEST(gap_after_ack)
{
    fixture f;
    setup_fx(&f, 0, 1 << 20);
    syn(&f, 0);
    seg(&f, 1, "head");
    seg(&f, 15, "tail"); /* offsets 14..17; 4..13 were never captured */
    ck_assert_str_eq(f.out.bytes, "head");
    sw_stream_acked(&f.ctx, &f.dir, 19, collect, &f.out);
    ck_assert_str_eq(f.out.bytes, "headtail");
    ck_assert_uint_eq(f.ctx.st.gaps, 1);
    ck_assert_uint_eq(f.ctx.st.gap_bytes, 10);
    ck_assert_uint_eq(f.out.gaps, 1);
    ck_assert_uint_eq(f.out.offsets[1], 14);
    /* An ACK past everything held (the capture lost the last bytes) is a second gap. */
    sw_stream_acked(&f.ctx, &f.dir, 30, collect, &f.out);
    ck_assert_uint_eq(f.ctx.st.gaps, 2);
    seg(&f, 30, "more");
    ck_assert_str_eq(f.out.bytes, "headtailmore");
    ck_assert_uint_eq(f.out.offsets[2], 29);
}
END_TEST

START_TEST(finish_flushes_held_after_gap)
{
    fixture f;
    setup_fx(&f, 0, 1 << 20);
    syn(&f, 0);
    seg(&f, 11, "late");
    sw_stream_dir_finish(&f.ctx, &f.dir, collect, &f.out);
    ck_assert_str_eq(f.out.bytes, "late");
    ck_assert_uint_eq(f.ctx.st.gaps, 1);
    ck_assert_uint_eq(f.ctx.st.memuse, 0);
}
END_TEST

START_TEST(depth_limit)
{
    fixture f;
    setup_fx(&f, 6, 1 << 20);
    syn(&f, 0);
    seg(&f, 1, "1234");
    seg(&f, 9, "zz"); /* beyond the depth: not held */
    ck_assert_uint_eq(f.ctx.st.memuse, 0);
    seg(&f, 5, "5678");
    ck_assert_str_eq(f.out.bytes, "123456");
    ck_assert_uint_eq(f.ctx.st.depth_reached, 1);
    seg(&f, 9, "9999");
    ck_assert_str_eq(f.out.bytes, "123456");
    ck_assert_uint_eq(f.ctx.st.depth_reached, 1);
}
END_TEST

START_TEST(memcap_refuses)
{
    fixture f;
    setup_fx(&f, 0, 64); /* room for one small held segment and its header, not two */
    syn(&f, 0);
    seg(&f, 11, "first");
    seg(&f, 31, "second-segment-that-does-not-fit");
    ck_assert_uint_eq(f.ctx.st.reassembly_memcap, 1);
    ck_assert_uint_le(f.ctx.st.memuse, 64);
    sw_stream_dir_finish(&f.ctx, &f.dir, NULL, NULL);
    ck_assert_uint_eq(f.ctx.st.memuse, 0);
}
END_TEST

START_TEST(midstream_pickup)
{
    fixture f;
    setup_fx(&f, 0, 1 << 20);
    seg(&f, 5000, "mid");
    seg(&f, 5003, "stream");
    ck_assert_str_eq(f.out.bytes, "midstream");
    ck_assert_uint_eq(f.ctx.st.midstream, 1);
    ck_assert_uint_eq(f.out.offsets[0], 0);
    ck_assert(f.dir.midstream);
}
END_TEST

static void split_at_every_point(const uint8_t *buf, size_t len, void *user)
{
    /* The message split into [0,len) and [len,n) sent in reverse order reassembles whole. */
    const char *msg = user;
    size_t n = strlen(msg);
    fixture f;
    setup_fx(&f, 0, 1 << 20);
    syn(&f, 7);
    if (len < n)
        seg(&f, 8 + (uint32_t)len, msg + len);
    sw_stream_segment(&f.ctx, &f.dir, 8, TH_ACK, buf, len, collect, &f.out);
    ck_assert_str_eq(f.out.bytes, msg);
}

START_TEST(every_split_point)
{
    static const char msg[] = "SSH-2.0-OpenSSH_9.6\r\n";
    sw_test_all_prefixes((const uint8_t *)msg, sizeof(msg) - 1, split_at_every_point, (void *)msg);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("stream");
    TCase *tc = tcase_create("reassembly");
    tcase_add_test(tc, in_order);
    tcase_add_test(tc, out_of_order_is_held_then_delivered);
    tcase_add_test(tc, overlap_first_wins);
    tcase_add_test(tc, held_segments_overlap_each_other);
    tcase_add_test(tc, gap_after_ack);
    tcase_add_test(tc, finish_flushes_held_after_gap);
    tcase_add_test(tc, depth_limit);
    tcase_add_test(tc, memcap_refuses);
    tcase_add_test(tc, midstream_pickup);
    tcase_add_test(tc, every_split_point);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
