/* Fanout groups over libpcap handles: pcap_fileno() of an activated Linux handle is the bound
 * AF_PACKET socket (libpcap 1.10 maps a TPACKET_V3 ring on it), and PACKET_FANOUT may be set on
 * a bound socket at any time (net/packet/af_packet.c, fanout_add: only "not bound" and "already
 * in a group" are refused), so the group is joined after pcap_activate. */
#include "capture-fanout.h"
#include "fanout-bpf.h"

#include <errno.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

sw_status sw_fanout_mode_parse(const char *text, sw_fanout_mode *out)
{
    static const sw_fanout_mode modes[] = {SW_FANOUT_NONE, SW_FANOUT_PAIR, SW_FANOUT_HASH,
                                           SW_FANOUT_CPU};
    for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
        if (strcmp(text, sw_fanout_mode_name(modes[i])) == 0) {
            *out = modes[i];
            return SW_OK;
        }
    return SW_ERR_INVALID;
}

const char *sw_fanout_mode_name(sw_fanout_mode mode)
{
    switch (mode) {
    case SW_FANOUT_PAIR:
        return "ip-pair";
    case SW_FANOUT_HASH:
        return "hash";
    case SW_FANOUT_CPU:
        return "cpu";
    default:
        return "none";
    }
}

/* PACKET_FANOUT_HASH picks the socket with fanout_demux_hash(), which is
 * reciprocal_scale(__skb_get_hash_symmetric(skb), num) (net/packet/af_packet.c). The symmetric
 * hash (net/core/flow_dissector.c) sorts the two addresses and the two ports before hashing
 * (__flow_hash_consistentify), so both directions of a connection reach the same socket (kernels
 * before a 2022 fix compared IPv4 addresses as a signed difference, asymmetric for pairs more
 * than 2^31 apart). The dissector does not stop at GRE or IP-in-IP (no
 * FLOW_DISSECTOR_F_STOP_AT_ENCAP), so a tunnel's packets are spread by their inner flows.
 * Non-first IP fragments carry no ports and would hash apart from their first fragment:
 * PACKET_FANOUT_FLAG_DEFRAG reassembles IPv4 before the choice (ip_check_defrag), as
 * Suricata's af-packet does for cluster_flow. */
static int type_flags(sw_fanout_mode mode)
{
    if (mode == SW_FANOUT_CPU)
        return PACKET_FANOUT_CPU;
    /* Fragments share their address pair: the kernel leaves them alone and our defragmenter
     * sees them as sent (overlaps, evasion). */
    if (mode == SW_FANOUT_PAIR)
        return PACKET_FANOUT_CBPF;
    return PACKET_FANOUT_HASH | PACKET_FANOUT_FLAG_DEFRAG;
}

static int join(int fd, unsigned id, int flags)
{
    int val = (int)(id & 0xffff) | (flags << 16);
    return setsockopt(fd, SOL_PACKET, PACKET_FANOUT, &val, sizeof(val));
}

/* The first socket asks the kernel for an unused group id (PACKET_FANOUT_FLAG_UNIQUEID, Linux
 * 4.12+): a socket joining another program's group by accident cannot be detected, and two
 * sensors on one host must not share a group. Older kernels refuse the flag with EINVAL; then
 * the id comes from our pid and the interface index. */
static int create_group(int fd, int flags, const char *iface, unsigned *id)
{
    if (join(fd, 0, flags | PACKET_FANOUT_FLAG_UNIQUEID) == 0) {
        int val = 0;
        socklen_t len = sizeof(val);
        if (getsockopt(fd, SOL_PACKET, PACKET_FANOUT, &val, &len) != 0)
            return -1;
        *id = (unsigned)val & 0xffff;
        return 0;
    }
    if (errno != EINVAL)
        return -1;
    *id = ((unsigned)getpid() ^ (if_nametoindex(iface) << 10)) & 0xffff;
    return join(fd, *id, flags);
}

/* The group's program (PACKET_FANOUT_CBPF and PACKET_FANOUT_DATA, Linux 4.3+) is set once,
 * through any member. */
static sw_status set_program(int fd, unsigned n, const char *iface, sw_error *err)
{
    struct sock_filter insns[SW_FANOUT_BPF_MAX];
    size_t len = sw_fanout_bpf_pair(n, insns, SW_FANOUT_BPF_MAX);
    if (len == 0)
        return sw_error_set(err, SW_ERR_INVALID, iface, 0, "capture.fanout",
                            "cannot build the ip-pair program for %u handles", n);
    struct sock_fprog prog = {(unsigned short)len, insns};
    if (setsockopt(fd, SOL_PACKET, PACKET_FANOUT_DATA, &prog, sizeof(prog)) != 0)
        return sw_error_set(err, SW_ERR_IO, iface, 0, "capture.fanout",
                            "cannot load the ip-pair program into the fanout group: %s",
                            strerror(errno));
    return SW_OK;
}

sw_status sw_fanout_join(sw_capture_handle *const *handles, unsigned n, sw_fanout_mode mode,
                         const char *iface, unsigned *group, sw_error *err)
{
    int flags = type_flags(mode);
    if (mode == SW_FANOUT_NONE || n == 0)
        return sw_error_set(err, SW_ERR_INVALID, iface, 0, "capture.fanout",
                            "no fanout mode to join");
    if (create_group(sw_capture_handle_fd(handles[0]), flags, iface, group) != 0)
        return sw_error_set(err, SW_ERR_IO, iface, 0, "capture.fanout",
                            "cannot create a PACKET_FANOUT group (%s): %s",
                            sw_fanout_mode_name(mode), strerror(errno));
    for (unsigned i = 1; i < n; i++)
        if (join(sw_capture_handle_fd(handles[i]), *group, flags) != 0)
            return sw_error_set(err, SW_ERR_IO, iface, 0, "capture.fanout",
                                "cannot join handle %u to PACKET_FANOUT group %u: %s", i + 1,
                                *group, strerror(errno));
    if (mode == SW_FANOUT_PAIR)
        return set_program(sw_capture_handle_fd(handles[0]), n, iface, err);
    return SW_OK;
}
