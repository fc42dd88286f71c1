/* Header building blocks for hand-built test frames. Each macro expands to the bytes of one
 * header with every field spelled out; lengths are passed in by the frame that knows them. */
#ifndef SEAWALL_TEST_HELPER_FRAMES_H
#define SEAWALL_TEST_HELPER_FRAMES_H

/* Ethernet II: dst 00:11:22:33:44:55, src 66:77:88:99:aa:bb, EtherType t1 t2. */
#define ETH(t1, t2) 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, t1, t2
/* 802.1Q tag: TCI (PCP 0, VID hi/lo), inner EtherType. */
#define VLAN(v1, v2, t1, t2) v1, v2, t1, t2
/* IPv4, IHL 5: version/IHL 0x45, TOS 0, total length l1 l2, id 0x1234, flags/offset 0, TTL 64,
 * protocol p, checksum 0 (not checked), 192.0.2.1 -> 198.51.100.2. */
#define IPV4(l1, l2, p) \
    0x45, 0x00, l1, l2, 0x12, 0x34, 0x00, 0x00, 0x40, p, 0x00, 0x00, 192, 0, 2, 1, 198, 51, 100, 2
/* IPv6: version 6, class/flow 0, payload length l1 l2, next header nh, hop limit 64,
 * 2001:db8::1 -> 2001:db8::2. */
#define IPV6(l1, l2, nh)                                                                       \
    0x60, 0, 0, 0, l1, l2, nh, 64, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, \
        0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2
/* UDP 1234 -> 53, length l1 l2, checksum 0. */
#define UDP(l1, l2) 0x04, 0xd2, 0x00, 0x35, l1, l2, 0x00, 0x00
/* ICMP echo request type 8 code 0, checksum 0, id 1, seq 1. */
#define ICMP_ECHO 0x08, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01
/* ICMPv6 echo request type 128 code 0, checksum 0, id 1, seq 1. */
#define ICMP6_ECHO 0x80, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01
/* TCP 12345 -> 80, seq 1, ack 0, data offset 6 (24 bytes), SYN, window 0x7210, checksum 0,
 * urgent 0, option MSS (kind 2, length 4, 1460). */
#define TCP_SYN_MSS                                                                           \
    0x30, 0x39, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x60, 0x02, 0x72, 0x10, 0, 0, 0, 0, 0x02, \
        0x04, 0x05, 0xb4
/* Four payload bytes "abcd". */
#define DATA4 'a', 'b', 'c', 'd'

#endif
