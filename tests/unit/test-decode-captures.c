/* Shared captures through the decoder: every capture decodes without a crash and counts every
 * packet, and for the tunnel captures the header-instance counters equal counts derived from
 * tshark 4.x (see tests/data/decode-layer-counts.md for the derivation). */
#include "decode.h"
#include "sw-test.h"

#include <dirent.h>
#include <pcap.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

typedef void (*packet_check_fn)(const sw_packet *p, void *user);

static sw_decoder *decode_file_checking(const char *path, uint64_t *read, packet_check_fn check,
                                        void *user)
{
    char err[PCAP_ERRBUF_SIZE];
    pcap_t *pc = pcap_open_offline(path, err);
    ck_assert_msg(pc != NULL, "%s: %s", path, err);
    sw_decoder *dec = sw_decoder_new(NULL);
    struct pcap_pkthdr *h;
    const u_char *data;
    *read = 0;
    while (pcap_next_ex(pc, &h, &data) == 1) {
        sw_packet p;
        memset(&p, 0, sizeof(p));
        p.linktype = pcap_datalink(pc);
        p.data = data;
        p.caplen = h->caplen;
        p.wirelen = h->len;
        p.ts.sec = h->ts.tv_sec;
        p.ts.usec = (int32_t)h->ts.tv_usec;
        p.pcap_cnt = ++*read;
        sw_decode_packet(dec, &p);
        if (check)
            check(&p, user);
    }
    pcap_close(pc);
    return dec;
}

static sw_decoder *decode_file(const char *path, uint64_t *read)
{
    return decode_file_checking(path, read, NULL, NULL);
}

static int is_capture(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && strcmp(name + n - 5, ".pcap") == 0) ||
           (n > 7 && strcmp(name + n - 7, ".pcapng") == 0);
}

static unsigned walk(const char *dir)
{
    unsigned files = 0;
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        struct stat sb;
        if (stat(path, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            files += walk(path);
        } else if (is_capture(e->d_name)) {
            uint64_t read;
            sw_decoder *dec = decode_file(path, &read);
            ck_assert_msg(sw_decoder_stats(dec)->pkts == read, "%s", path);
            sw_decoder_free(dec);
            files++;
        }
    }
    closedir(d);
    return files;
}

START_TEST(test_every_capture_decodes)
{
    /* Also walks suricata-eve/ and zeek-logs/, which hold no captures: only .pcap/.pcapng. */
    ck_assert_uint_gt(walk(sw_test_shared("testdata")), 100);
}
END_TEST

/* Counters of one capture; -1 would mean "not checked", all listed ones are checked. */
typedef struct layer_counts {
    const char *file;
    uint64_t pkts, ethernet, vlan, vlan_qinq, vlan_qinqinq, mpls, ipv4, ipv6, gre, erspan, ppp;
    uint64_t icmpv4, udp, tcp, ipv4_in_ipv4, ipv6_in_ipv4, ipv4_in_ipv6, ipv6_in_ipv6;
} layer_counts;

/* Derived from `tshark -r FILE -T fields -e frame.protocols | sort | uniq -c`, counting each
 * protocol once per occurrence in the chain (tshark lists frames; we count headers). */
static const layer_counts expected[] = {
    /* file                                   pkts eth vlan qinq qqq mpls ipv4 ipv6 gre ersp ppp
                                              icmp udp tcp 4in4 6in4 4in6 6in6 */
    {"tunnels/sv-decode-erspan-typeI-02.pcap", 42, 84, 42, 0, 0, 0, 84, 0, 42, 42, 0, 42, 0, 0, 0,
     0, 0, 0},
    {"tunnels/sv-decode-erspan-typeII-01.pcap", 6, 12, 0, 0, 0, 0, 10, 0, 6, 6, 0, 4, 0, 0, 0, 0, 0,
     0},
    {"tunnels/tcpdump-erspan-type-i-4.pcap", 119, 207, 8, 0, 0, 0, 208, 0, 96, 88, 0, 80, 0, 0, 0,
     0, 0, 0},
    {"tunnels/tcpdump-erspan-type-ii-3.pcap", 108, 216, 38, 0, 0, 0, 108, 0, 108, 108, 0, 0, 0, 0,
     0, 0, 0, 0},
    {"tunnels/zeek-gre-erspan3-dot1q.pcap", 2, 4, 2, 0, 0, 0, 4, 0, 2, 2, 0, 2, 0, 0, 0, 0, 0, 0},
    {"tunnels/tcpdump-various_gre.pcap", 100, 100, 51, 0, 0, 0, 50, 0, 38, 0, 0, 10, 0, 0, 0, 0, 0,
     0},
    {"tunnels/sv-gre-udp.pcap", 3, 3, 3, 0, 0, 0, 6, 0, 3, 0, 0, 0, 3, 0, 0, 0, 0, 0},
    {"tunnels/zeek-gre-pptp.pcap", 2, 2, 2, 0, 0, 0, 4, 2, 2, 0, 2, 0, 2, 0, 0, 0, 2, 0},
    {"tunnels/tcpdump-wccp_redirect_gre.pcap", 1, 1, 0, 0, 0, 0, 2, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0,
     0},
    {"tunnels/zeek-4in4.pcap", 1, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0},
    {"tunnels/zeek-6in4.pcap", 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0},
    {"tunnels/zeek-4in6.pcap", 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0},
    {"tunnels/zeek-6in6in6.pcap", 1, 1, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2},
    {"tunnels/zeek-vlan-qinqinq.pcap", 14, 14, 14, 14, 14, 0, 14, 0, 0, 0, 0, 0, 0, 14, 0, 0, 0, 0},
    /* tshark shows one "mpls" per stack; our counter, like Suricata's, counts stacks too. */
    {"tunnels/zeek-mpls-in-vlan.pcap", 3, 3, 3, 0, 0, 2, 3, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0},
    /* 8 IPv6 headers; UDP in 4 unfragmented packets and 1 reassembled datagram (frames 6-8). */
    {"misc/zeek-ipv6-fragmented-dns.pcap", 8, 8, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0},
};
#define N_EXPECTED (sizeof(expected) / sizeof(expected[0]))

#define CHECK(field)                                                                         \
    ck_assert_msg(st->field == e->field, "%s: " #field " = %llu, tshark says %llu", e->file, \
                  (unsigned long long)st->field, (unsigned long long)e->field)

START_TEST(test_tunnel_counts)
{
    const layer_counts *e = &expected[_i];
    uint64_t read;
    char rel[256];
    snprintf(rel, sizeof(rel), "testdata/%s", e->file);
    sw_decoder *dec = decode_file(sw_test_shared(rel), &read);
    const sw_decode_stats *st = sw_decoder_stats(dec);
    CHECK(pkts);
    CHECK(ethernet);
    CHECK(vlan);
    CHECK(vlan_qinq);
    CHECK(vlan_qinqinq);
    CHECK(mpls);
    CHECK(ipv4);
    CHECK(ipv6);
    CHECK(gre);
    CHECK(erspan);
    CHECK(ppp);
    CHECK(icmpv4);
    CHECK(udp);
    CHECK(tcp);
    CHECK(ipv4_in_ipv4);
    CHECK(ipv6_in_ipv4);
    CHECK(ipv4_in_ipv6);
    CHECK(ipv6_in_ipv6);
    sw_decoder_free(dec);
}
END_TEST

START_TEST(test_fragmented_dns_reassembled)
{
    uint64_t read;
    sw_decoder *dec =
        decode_file(sw_test_shared("testdata/misc/zeek-ipv6-fragmented-dns.pcap"), &read);
    const sw_decode_stats *st = sw_decoder_stats(dec);
    /* tshark: frames 4, 6, 7, 8 carry fragment headers; 6-8 (id 2) complete, 4 (id 1) never. */
    ck_assert_uint_eq(st->frag_ipv6_fragments, 4);
    ck_assert_uint_eq(st->frag_ipv6_reassembled, 1);
    sw_decoder_free(dec);
}
END_TEST

/* Per layer: packets with no tag, then with one tag of each of two ids. */
typedef struct vlan_tally {
    uint16_t id[2];
    unsigned untagged[2], tagged[2][2]; /* [layer][which id] */
    unsigned other;
} vlan_tally;

static void tally_vlans(const sw_packet *p, void *user)
{
    vlan_tally *t = user;
    ck_assert_uint_eq(p->n_ip, 2);
    for (unsigned l = 0; l < 2; l++) {
        const sw_ip_layer *lay = &p->ip[l];
        if (lay->vlan_count == 0)
            t->untagged[l]++;
        else if (lay->vlan_count == 1 && lay->vlan[0] == t->id[0])
            t->tagged[l][0]++;
        else if (lay->vlan_count == 1 && lay->vlan[0] == t->id[1])
            t->tagged[l][1]++;
        else
            t->other++;
    }
}

/* A layer carries the tags of its own frame: VLANs inside an ERSPAN copy belong to the mirrored
 * flow, not to the GRE flow to the collector (which they used to split in two), and a VLAN
 * around a GRE tunnel is the tunnel's, not its inner flow's (as Suricata 7 reports both).
 * tshark -r FILE -T fields -e vlan.id -e ip.src -e ip.dst | sort | uniq -c:
 *   sv-decode-erspan-typeI-02.pcap: 21 x 1011, 21 x 999, each in the frame inside ERSPAN;
 *   sv-gre-udp.pcap: 3 x 6, the frame around the GRE tunnel. */
START_TEST(test_vlans_belong_to_their_frame)
{
    uint64_t read;
    vlan_tally erspan = {{1011, 999}, {0}, {{0}}, 0};
    sw_decoder_free(
        decode_file_checking(sw_test_shared("testdata/tunnels/sv-decode-erspan-typeI-02.pcap"),
                             &read, tally_vlans, &erspan));
    ck_assert_uint_eq(erspan.untagged[0], 42);
    ck_assert_uint_eq(erspan.tagged[1][0], 21);
    ck_assert_uint_eq(erspan.tagged[1][1], 21);
    ck_assert_uint_eq(erspan.other, 0);
    vlan_tally gre = {{6, 0}, {0}, {{0}}, 0};
    sw_decoder_free(decode_file_checking(sw_test_shared("testdata/tunnels/sv-gre-udp.pcap"), &read,
                                         tally_vlans, &gre));
    ck_assert_uint_eq(gre.tagged[0][0], 3);
    ck_assert_uint_eq(gre.untagged[1], 3);
    ck_assert_uint_eq(gre.other, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("decode-captures");
    TCase *tc = tcase_create("captures");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_every_capture_decodes);
    tcase_add_loop_test(tc, test_tunnel_counts, 0, N_EXPECTED);
    tcase_add_test(tc, test_fragmented_dns_reassembled);
    tcase_add_test(tc, test_vlans_belong_to_their_frame);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
