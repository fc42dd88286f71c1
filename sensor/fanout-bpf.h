/* The classic BPF program behind `capture.fanout: ip-pair` (PACKET_FANOUT_CBPF): the kernel runs
 * it on each packet and hands the packet to socket number <return value> % n. It computes the
 * software dispatcher's choice (workers.h: FNV-1a of the outer address pair, smaller address
 * first, and the IP protocol; multiply-shift onto n), so a live capture spreads flows, tunnels,
 * fragments and FTP/TFTP data exactly as reading the same traffic from a file does. */
#ifndef SEAWALL_SENSOR_FANOUT_BPF_H
#define SEAWALL_SENSOR_FANOUT_BPF_H

#include <linux/filter.h>
#include <stddef.h>

#define SW_FANOUT_BPF_MAX 1024 /* instructions; the program for IPv6 needs about 500 */

/* Writes the program for n sockets (1..64) into out; returns its length, 0 when it does not
 * fit. Loads are relative to the network header (SKF_NET_OFF) and the ethertype comes from
 * skb->protocol (SKF_AD_PROTOCOL): the kernel has removed the link header and one VLAN tag
 * before fanout. It looks through a second VLAN tag and up to 8 MPLS labels like the
 * dispatcher; anything else that is not IPv4/IPv6 (ARP, LLDP) goes to socket 0. */
size_t sw_fanout_bpf_pair(unsigned n, struct sock_filter *out, size_t cap);

#endif
