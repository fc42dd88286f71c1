#!/usr/bin/python3
"""End-to-end checks of seawall-gen, reading its captures with the struct module only (no tshark
or tcpdump needed): the file is a valid pcap, every IPv4 header checksum and every TCP, UDP and
ICMP checksum verifies (through VLAN, GRE and ERSPAN II/III), packet counts match the scenario
definitions, output is byte-identical for one seed and differs for another, and the command
line refuses bad input with the documented exit codes.

usage: check_pcap.py GEN WORKDIR CHECK [ARGS]
  CHECK = list | scenario NAME | all | determinism | mixed | usage
"""
import os
import re
import struct
import subprocess
import sys

# Packets per scenario, counted by hand from the scenario definitions (docs/seawall-gen.md):
# a TCP session is 3 (handshake) + its data segments + 3 (FIN-ACK, FIN-ACK, ACK).
EXPECTED_PACKETS = {
    "tun-001-gre-external": 4,   # inner UDP request+reply, ICMP echo request+reply
    "tun-001-benign": 4,
    "tun-002-ike-external": 6,   # IKE_SA_INIT x2 (500), IKE_AUTH x2 + ESP-in-UDP x2 (4500)
    "tun-002-benign": 6,
    "tun-003-erspan-ii": 4,      # mirrored SYN, SYN-ACK, ACK, HTTP request
    "tun-003-erspan-iii": 4,
    "tun-003-benign": 4,
    "aaa-001-tacacs-rogue": 8,   # 3 + START + REPLY + 3
    "aaa-001-benign": 8,
    "aaa-002-radius-rogue": 2,   # Access-Request, Access-Reject
    "aaa-002-benign": 2,
    "snmp-001-non-nms": 1,       # GetRequest, no answer
    "snmp-001-benign": 2,        # GetRequest, GetResponse
    "acc-002-xr-operns": 8,      # 3 + two SSH banners + 3
    "acc-002-benign": 8,
    "acc-005-external-mgmt": 8,
    "acc-005-benign": 10,        # 3 + OPEN x2 + KEEPALIVE x2 + 3
    "aaa-003-tacacs-cleartext": 8,  # 3 + START + REPLY + 3
    "aaa-003-benign": 8,
    "aaa-004-tacacs-in-gre": 8,     # the same 8, each inside GRE
    "aaa-004-benign": 8,
    "aaa-004-over-approved-gre": 8,
    "aaa-004-erspan-to-collector": 8,
    "snmp-002-set-config-copy": 1,  # one SetRequest, unanswered
    "snmp-002-benign": 1,
    "snmp-003-community-sweep": 6,  # one GetRequest to each of 6 routers
    "snmp-003-benign": 6,
    "snmp-004-v2c-from-nms": 1,
    "snmp-004-benign": 1,
    "exf-001-tftp-config": 4,       # WRQ, ACK 0, DATA 1 (286 B < 512: last), ACK 1
    "exf-001-benign": 4,
    "exf-002-ftp-stor-capture": 19,  # 3 + 220 USER 331 PASS 230 TYPE 200 + PASV 227 + STOR 553
    "exf-002-benign": 19,           #   + QUIT 221 + 3
    "exf-003-tftp-capture": 4,      # WRQ, ACK 0, DATA 1 (100 B), ACK 1
    "exf-003-benign": 3,            # RRQ, DATA 1, ACK 1
    "exf-004-ftp-config-markers": 28,  # 19 - 553 + data 3 + 2 segments + 3, 150, 226
    "exf-004-benign": 28,
    "eva-002-syslog-rogue": 1,
    "eva-002-benign": 1,
    "tun-004-gre-one-way": 744,     # 740 out + 4 back
    "tun-004-benign": 814,          # 740 out + 74 back
    "exp-006-smi-probe": 8,         # 3 + probe + answer + 3
    "exp-006-benign": 8,
    "exp-007-smi-get-config": 7,    # 3 + get_config + 3
    "exp-007-benign": 7,
    "exp-001-wsma-bypass": 8,       # 3 + request + 200 response + 3
    "exp-001-split": 16,            # 3 + 9 request segments + response + 3
    "exp-001-reordered": 13,        # 3 + 6 request segments + response + 3
    "exp-001-case": 8,
    "exp-001-benign": 8,
    "exp-008-ivanti-traversal": 8,
    "exp-008-benign": 8,
    "exp-010-sessid-traversal": 8,
    "exp-010-benign": 8,
    "exp-013-level-exec": 8,
    "exp-013-benign": 8,
    # scn-exploit2.c: 3 + request + response + 3, split 3 + 9 + 1 + 3, reordered 3 + 6 + 1 + 3.
    "exp-002-wsma-add-user": 8, "exp-002-split": 16, "exp-002-plain-path": 8,
    "exp-002-benign": 8,
    "exp-003-implant-check": 8, "exp-003-case": 8, "exp-003-nginx-404": 8, "exp-003-benign": 8,
    "exp-004-install-injection": 8, "exp-004-reordered": 13, "exp-004-benign": 8,
    "exp-005-tac-admin-cookie": 8, "exp-005-benign": 8,
    "exp-009-cloud-test": 8, "exp-009-keys-status": 8, "exp-009-case": 8, "exp-009-benign": 8,
    "exp-011-dropped-file": 8, "exp-011-glyphicons": 8, "exp-011-benign": 8,
    "exp-012-proxylogon": 8, "exp-012-split": 16, "exp-012-oab-setobject": 8,
    "exp-012-benign": 8,
    # scn-behaviour2.c: an SSH session with both banners is 8, an empty TCP session 6.
    "acc-001-ssh-high-port": 8,
    "acc-001-benign": 8,
    "acc-003-web-18xxx": 8,       # 3 + GET + 200 + 3
    "acc-003-benign": 8,
    "acc-004-new-server-port": 16,  # SSH session on 22, 61 s later another on 830
    "acc-004-benign": 16,
    "acc-006-ioc-address": 6,     # handshake + close, no data
    "acc-006-benign": 6,
    "lat-001-new-device-pair": 12,  # two empty telnet sessions, 61 s apart
    "lat-001-benign": 12,
    # scn-telnet.c: a Telnet session is 3 + greeting + negotiation answer + 3 = 8.
    "acc-004-telnet-port": 16,    # Telnet on 23, 61 s later on 2323
    "acc-004-telnet-benign": 16,
    "lat-001-loopback-ssh": 8,
    "lat-001-loopback-ssh-benign": 8,
    "lat-001-loopback-telnet": 8,
    "lat-001-loopback-telnet-benign": 8,
    "lat-002-ssh-outside": 8,
    "lat-002-benign": 8,
    "lat-003-go-client": 8,
    "lat-003-benign": 8,
    "lat-004-relay-chain": 12,    # two empty telnet sessions, 5 s apart
    "lat-004-benign": 12,
    "eva-001-syslog-silence": 10,  # 4 syslog + 3 NTP request/reply pairs
    "eva-001-benign": 20,         # 16 syslog + 2 NTP pairs
    "eva-001-device-down": 6,     # 4 syslog + 2 unanswered SYNs
    "con-001-container-egress": 6,
    "con-001-benign": 6,
    "c2-001-dns-ioc-domain": 2,   # query, answer
    "c2-001-benign": 2,
    "scan-001-exploit-sweep": 24,  # 3 HTTP sessions of 8
    "scan-001-benign": 24,
}

# Catalog id per scenario, from the brief (None = benign twin).
EXPECTED_IDS = {
    "tun-001-gre-external": "ST-TUN-001", "tun-002-ike-external": "ST-TUN-002",
    "tun-003-erspan-ii": "ST-TUN-003", "tun-003-erspan-iii": "ST-TUN-003",
    "aaa-001-tacacs-rogue": "ST-AAA-001", "aaa-002-radius-rogue": "ST-AAA-002",
    "snmp-001-non-nms": "ST-SNMP-001", "acc-002-xr-operns": "ST-ACC-002",
    "acc-005-external-mgmt": "ST-ACC-005",
    "aaa-003-tacacs-cleartext": "ST-AAA-003", "aaa-004-tacacs-in-gre": "ST-AAA-004+ST-TUN-001",
    "snmp-002-set-config-copy": "ST-SNMP-002",
    "snmp-003-community-sweep": "ST-SNMP-003+ST-SNMP-001+ST-SNMP-004",
    "snmp-004-v2c-from-nms": "ST-SNMP-004", "exf-001-tftp-config": "ST-EXF-001",
    "exf-002-ftp-stor-capture": "ST-EXF-002", "exf-003-tftp-capture": "ST-EXF-003",
    "exf-004-ftp-config-markers": "ST-EXF-004", "eva-002-syslog-rogue": "ST-EVA-002",
    "tun-004-gre-one-way": "ST-TUN-004", "exp-006-smi-probe": "ST-EXP-006",
    "exp-007-smi-get-config": "ST-EXP-007+ST-EXP-006",
    # The CVE-2023-20198 PoC body is a wsma-exec execCLI request: ST-EXP-002 comes along.
    "exp-001-wsma-bypass": "ST-EXP-001+ST-EXP-002", "exp-001-split": "ST-EXP-001+ST-EXP-002",
    "exp-001-reordered": "ST-EXP-001+ST-EXP-002", "exp-001-case": "ST-EXP-001+ST-EXP-002",
    "exp-008-ivanti-traversal": "ST-EXP-008", "exp-010-sessid-traversal": "ST-EXP-010",
    "exp-013-level-exec": "ST-EXP-013",
    # The PoC's bypass path is ST-EXP-001; the Ivanti injections go through the ST-EXP-008
    # traversal.
    "exp-002-wsma-add-user": "ST-EXP-002+ST-EXP-001", "exp-002-split": "ST-EXP-002+ST-EXP-001",
    "exp-002-plain-path": "ST-EXP-002", "exp-003-implant-check": "ST-EXP-003",
    "exp-003-case": "ST-EXP-003", "exp-003-nginx-404": "ST-EXP-003",
    "exp-004-install-injection": "ST-EXP-004",
    "exp-004-reordered": "ST-EXP-004", "exp-005-tac-admin-cookie": "ST-EXP-005",
    "exp-009-cloud-test": "ST-EXP-009+ST-EXP-008", "exp-009-keys-status": "ST-EXP-009+ST-EXP-008",
    "exp-009-case": "ST-EXP-009+ST-EXP-008", "exp-011-dropped-file": "ST-EXP-011",
    "exp-011-glyphicons": "ST-EXP-011", "exp-012-proxylogon": "ST-EXP-012",
    "exp-012-split": "ST-EXP-012", "exp-012-oab-setobject": "ST-EXP-012",
    "acc-001-ssh-high-port": "ST-ACC-001", "acc-003-web-18xxx": "ST-ACC-003",
    "acc-004-new-server-port": "ST-ACC-004", "acc-006-ioc-address": "ST-ACC-006",
    "lat-001-new-device-pair": "ST-LAT-001", "lat-002-ssh-outside": "ST-LAT-002",
    "acc-004-telnet-port": "ST-ACC-004", "lat-001-loopback-ssh": "ST-LAT-001",
    "lat-001-loopback-telnet": "ST-LAT-001",
    "lat-003-go-client": "ST-LAT-003", "lat-004-relay-chain": "ST-LAT-004",
    "eva-001-syslog-silence": "ST-EVA-001", "con-001-container-egress": "ST-CON-001",
    "c2-001-dns-ioc-domain": "ST-C2-001",
    # ST-SCAN-001 counts the targets of ST-EXP-* alerts, so the sweep's exploits come along.
    "scan-001-exploit-sweep": "ST-SCAN-001+ST-EXP-008",
}
# Ids after the first are the ones the catalog forces along (the sweep comes from a non-NMS
# source with v2c; Smart Install to infra with no director configured is always ST-EXP-006).
# snmp-001's probe speaks SNMPv3 authPriv, so it is not also the v1/v2c posture finding.

EPOCH = 1756296000  # 2025-08-27T12:00:00Z


class Bad(Exception):
    pass


def csum(data):
    """RFC 1071 Internet checksum; 0 over data that includes a correct checksum."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def read_pcap(path):
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 24:
        raise Bad("shorter than a pcap header")
    magic, vmaj, vmin, _, _, snap, link = struct.unpack("<IHHiIII", blob[:24])
    if magic != 0xA1B2C3D4 or (vmaj, vmin) != (2, 4) or link != 1:
        raise Bad("not a little-endian pcap 2.4 Ethernet file: %x %d.%d link %d"
                  % (magic, vmaj, vmin, link))
    off, packets = 24, []
    while off < len(blob):
        if len(blob) - off < 16:
            raise Bad("truncated record header at %d" % off)
        sec, usec, caplen, wirelen = struct.unpack("<IIII", blob[off:off + 16])
        off += 16
        if caplen != wirelen or caplen > snap or len(blob) - off < caplen or usec >= 1000000:
            raise Bad("bad record at %d" % off)
        packets.append((sec, usec, blob[off:off + caplen]))
        off += caplen
    return packets


def check_l4(proto, pseudo, seg, flows, key):
    if proto in (6, 17, 58):
        if proto == 17 and len(seg) >= 8 and struct.unpack("!H", seg[4:6])[0] != len(seg):
            raise Bad("UDP length differs from the IP payload length")
        if csum(pseudo + seg) != 0:
            raise Bad("bad %s checksum" % {6: "TCP", 17: "UDP", 58: "ICMPv6"}[proto])
    elif proto == 1 and csum(seg) != 0:
        raise Bad("bad ICMP checksum")
    if proto in (6, 17) and len(seg) >= 4:
        sport, dport = struct.unpack("!HH", seg[:4])
        ends = sorted([(key[0], sport), (key[1], dport)])
        flows.add((proto, tuple(ends)))
    elif proto in (1, 58) and len(seg) >= 6:
        flows.add((proto, tuple(sorted(key)), seg[4:6]))


def parse_ipv4(pkt, flows, stats):
    ihl = (pkt[0] & 0x0F) * 4
    if pkt[0] >> 4 != 4 or ihl < 20 or len(pkt) < ihl:
        raise Bad("bad IPv4 header")
    if csum(pkt[:ihl]) != 0:
        raise Bad("bad IPv4 header checksum")
    total = struct.unpack("!H", pkt[2:4])[0]
    if total != len(pkt):
        raise Bad("IPv4 total length %d but %d bytes" % (total, len(pkt)))
    proto, src, dst = pkt[9], pkt[12:16], pkt[16:20]
    seg = pkt[ihl:]
    if proto == 47:
        return parse_gre(seg, flows, stats)
    pseudo = src + dst + struct.pack("!BBH", 0, proto, len(seg))
    check_l4(proto, pseudo, seg, flows, (src, dst))


def parse_ipv6(pkt, flows, stats):
    if pkt[0] >> 4 != 6 or len(pkt) < 40:
        raise Bad("bad IPv6 header")
    stats["ipv6"] += 1
    plen, nh = struct.unpack("!HB", pkt[4:7])
    if plen != len(pkt) - 40:
        raise Bad("IPv6 payload length mismatch")
    src, dst, seg = pkt[8:24], pkt[24:40], pkt[40:]
    pseudo = src + dst + struct.pack("!I3xB", len(seg), nh)
    check_l4(nh, pseudo, seg, flows, (src, dst))


def parse_gre(seg, flows, stats):
    flags, ptype = struct.unpack("!HH", seg[:4])
    if flags & 0x0007:
        raise Bad("GRE version is not 0")
    off = 4 + 4 * bool(flags & 0x8000) + 4 * bool(flags & 0x2000) + 4 * bool(flags & 0x1000)
    inner = seg[off:]
    stats["gre"] += 1
    if ptype == 0x0800:
        return parse_ipv4(inner, flows, stats)
    if ptype == 0x86DD:
        return parse_ipv6(inner, flows, stats)
    if ptype not in (0x88BE, 0x22EB) or not flags & 0x1000:
        raise Bad("unexpected GRE payload 0x%04x / flags 0x%04x" % (ptype, flags))
    version = inner[0] >> 4
    if (ptype, version) == (0x88BE, 1):
        stats["erspan2"] += 1
        return parse_eth(inner[8:], flows, stats)
    if (ptype, version) == (0x22EB, 2):
        stats["erspan3"] += 1
        hlen = 12 + (8 if inner[11] & 1 else 0)
        return parse_eth(inner[hlen:], flows, stats)
    raise Bad("ERSPAN version %d in GRE 0x%04x" % (version, ptype))


def parse_eth(frame, flows, stats):
    etype, off = struct.unpack("!H", frame[12:14])[0], 14
    if etype == 0x8100:
        stats["vlan"] += 1
        etype, off = struct.unpack("!H", frame[16:18])[0], 18
    if etype == 0x0800:
        return parse_ipv4(frame[off:], flows, stats)
    if etype == 0x86DD:
        return parse_ipv6(frame[off:], flows, stats)
    raise Bad("unexpected ethertype 0x%04x" % etype)


def verify(path):
    """Returns (packets, flows, stats); raises Bad on any defect."""
    packets = read_pcap(path)
    flows, stats = set(), {"ipv6": 0, "gre": 0, "erspan2": 0, "erspan3": 0, "vlan": 0}
    last = None
    for i, (sec, usec, frame) in enumerate(packets):
        if sec < EPOCH or sec > EPOCH + 86400 * 30:
            raise Bad("packet %d: timestamp %d outside the expected window" % (i + 1, sec))
        if last and (sec, usec) < last:
            raise Bad("packet %d: time goes backwards" % (i + 1))
        last = (sec, usec)
        try:
            parse_eth(frame, flows, stats)
        except (Bad, IndexError, struct.error) as e:
            raise Bad("packet %d: %s" % (i + 1, e))
    return packets, flows, stats


def run(gen, *args, timeout=None):
    return subprocess.run([gen] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=timeout)


def generate(gen, workdir, name, seed, *scenarios):
    path = os.path.join(workdir, name)
    res = run(gen, "-w", path, "--seed", str(seed), *scenarios)
    if res.returncode != 0:
        raise Bad("seawall-gen exited %d: %s" % (res.returncode, res.stderr.strip()))
    return path


def check_list(gen, workdir):
    res = run(gen, "--list")
    if res.returncode != 0:
        raise Bad("--list exited %d" % res.returncode)
    listed = {}
    for line in res.stdout.splitlines():
        name, ident, desc = line.split(None, 2)
        # Families may hold digits (ST-C2-001).
        one_id = r"ST-[A-Z][A-Z0-9]*-\d{3}"
        if ident != "benign" and not re.fullmatch(one_id + r"(\+" + one_id + r")*", ident):
            raise Bad("%s: bad catalog id %r" % (name, ident))
        if not desc.strip():
            raise Bad("%s: no description" % name)
        listed[name] = None if ident == "benign" else ident
    expected = {n: EXPECTED_IDS.get(n) for n in EXPECTED_PACKETS}
    if listed != expected:
        raise Bad("--list differs from the brief: %r" % sorted(set(listed.items()) ^
                                                             set(expected.items())))


def check_scenario(gen, workdir, name):
    path = generate(gen, workdir, name + ".pcap", 7, name)
    packets, flows, stats = verify(path)
    if len(packets) != EXPECTED_PACKETS[name]:
        raise Bad("%s: %d packets, expected %d" % (name, len(packets), EXPECTED_PACKETS[name]))
    check_behaviour(name, packets, stats)
    if name.startswith("tun-003"):
        kind = "erspan3" if name.endswith("-iii") else "erspan2"
        if stats[kind] != len(packets):
            raise Bad("%s: %d of %d packets are %s" % (name, stats[kind], len(packets), kind))


def outer_ipv4(frame):
    """(src, dst, proto, total length, transport bytes) of an untagged IPv4 frame."""
    ip = frame[14:]
    ihl = (ip[0] & 0x0F) * 4
    return (".".join(map(str, ip[12:16])), ".".join(map(str, ip[16:20])), ip[9],
            struct.unpack("!H", ip[2:4])[0], ip[ihl:])


def udp_fields(frame):
    src, dst, proto, _, l4 = outer_ipv4(frame)
    if proto != 17:
        raise Bad("expected UDP, got protocol %d" % proto)
    sport, dport = struct.unpack("!HH", l4[:4])
    return src, sport, dst, dport, l4[8:]


def check_tftp(name, packets):
    """RFC 1350: the request goes to port 69; every later packet runs between the requester's
    port and one new server port (the server's TID), never 69."""
    src, sport, _, dport, data = udp_fields(packets[0][2])
    opcode = struct.unpack("!H", data[:2])[0]
    if dport != 69 or opcode not in (1, 2):
        raise Bad("%s: first packet is not an RRQ/WRQ to port 69" % name)
    tids = set()
    for _, _, frame in packets[1:]:
        s, sp, d, dp, _ = udp_fields(frame)
        mine, theirs = (sp, dp) if s == src else (dp, sp)
        if mine != sport or theirs == 69:
            raise Bad("%s: data packet %s:%d -> %s:%d breaks the TID rule" % (name, s, sp, d, dp))
        tids.add(theirs)
    if len(tids) != 1:
        raise Bad("%s: server used %d TIDs" % (name, len(tids)))


def check_http_request(name, packets):
    """The client's bytes, put back in sequence-number order, are one whole HTTP request whose
    body is Content-Length long (RFC 9112 section 6.2), with no gap or overlap; returns the
    order the segments were sent in (their stream offsets)."""
    client = outer_ipv4(packets[0][2])[0]
    segs = []
    for _, _, frame in packets:
        src, _, proto, _, l4 = outer_ipv4(frame)
        data = l4[(l4[12] >> 4) * 4:]
        if proto == 6 and src == client and data:
            segs.append((struct.unpack("!I", l4[4:8])[0], data))
    base = min(seq for seq, _ in segs)
    stream, sent = b"", [seq - base for seq, _ in segs]
    for seq, data in sorted(segs):
        if seq - base != len(stream):
            raise Bad("%s: gap or overlap at stream offset %d" % (name, len(stream)))
        stream += data
    head, _, body = stream.partition(b"\r\n\r\n")
    length = re.search(rb"\r\nContent-Length: (\d+)", head)
    if not head.startswith(b"POST /%2577") or not length or int(length.group(1)) != len(body):
        raise Bad("%s: reassembled request is not the whole WSMA POST" % name)
    return sent


def check_device_session(name, packets):
    """The Telnet and loopback scenarios: the client is the loopback the scenario names
    (10.10.255.9 is in no inventory, .1 and .2 are), and a Telnet server's first bytes are
    IAC WILL ECHO (RFC 854: 255 251, RFC 857: option 1)."""
    first = outer_ipv4(packets[0][2])
    if name.startswith("lat-001-loopback"):
        want = "10.10.255.9" if not name.endswith("benign") else \
            ("10.10.255.1" if "ssh" in name else "10.10.255.2")
        if first[0] != want or not first[1].startswith("10.10.0."):
            raise Bad("%s: session %s -> %s, expected from %s" % (name, first[0], first[1], want))
    if "telnet" not in name:
        return
    for _, _, frame in packets:
        src, _, _, _, l4 = outer_ipv4(frame)
        payload = l4[(l4[12] >> 4) * 4:]
        if payload and src == first[1]:
            if payload[:3] != b"\xff\xfb\x01":
                raise Bad("%s: server's first bytes %r" % (name, payload[:3]))
            return
    raise Bad("%s: the server sent nothing" % name)


def check_behaviour(name, packets, stats):
    """Shape checks for the behavioural scenarios, against numbers worked out by hand."""
    if name.startswith(("aaa-004-tacacs", "aaa-004-over", "aaa-004-erspan", "tun-004")) and \
            stats["gre"] != len(packets):
        raise Bad("%s: %d of %d packets are GRE" % (name, stats["gre"], len(packets)))
    if name.startswith("tun-004"):
        out = sum(outer_ipv4(f)[3] for _, _, f in packets if outer_ipv4(f)[0] == "10.10.0.1")
        back = sum(outer_ipv4(f)[3] for _, _, f in packets if outer_ipv4(f)[0] == "10.40.0.2")
        # 740 x (20 IP + 4 GRE + 20 IP + 8 UDP + 1372) out; 4 x 152 or 74 x 1424 back.
        want = (1053760, 608) if name.endswith("one-way") else (1053760, 105376)
        if (out, back) != want:
            raise Bad("%s: GRE bytes out/back %d/%d, expected %r" % (name, out, back, want))
    if name.startswith("exf-00") and name[:7] in ("exf-001", "exf-003"):
        check_tftp(name, packets)
    if name in ("exp-001-wsma-bypass", "exp-001-split", "exp-001-reordered",
                "exp-002-split"):
        sent = check_http_request(name, packets)
        want_in_order = name != "exp-001-reordered"
        if (sent == sorted(sent)) != want_in_order:
            raise Bad("%s: segments sent in order %r" % (name, sent))
    if name.startswith("exp-0") and name[:7] not in ("exp-006", "exp-007"):
        for _, _, frame in packets:  # every whole HTTP message: Content-Length = body length
            l4 = outer_ipv4(frame)[4]
            head, _, body = l4[(l4[12] >> 4) * 4:].partition(b"\r\n\r\n")
            length = re.search(rb"\r\nContent-Length: (\d+)", head)
            if head.startswith((b"HTTP/1.1 ", b"GET ", b"POST ")) and length and \
                    int(length.group(1)) != len(body):
                raise Bad("%s: Content-Length %s, body %d bytes" % (name, length.group(1),
                                                                   len(body)))
    if "telnet" in name or name.startswith("lat-001-loopback"):
        check_device_session(name, packets)
    if name.startswith(("snmp-002", "snmp-003", "snmp-004")):
        for _, _, frame in packets:
            _, _, dst, dport, msg = udp_fields(frame)
            # X.690: SEQUENCE, then INTEGER version: 1 (v2c) or 3 (v3, RFC 3412 section 6).
            # The outer length is short form (< 0x80) or 0x8n and n length octets (8.1.3.5).
            version = msg[4 if msg[1] < 0x80 else 4 + (msg[1] & 0x7F)]
            v2c = name in ("snmp-003-community-sweep", "snmp-004-v2c-from-nms")
            if dport != 161 or not dst.startswith("10.10.0.") or version != (1 if v2c else 3):
                raise Bad("%s: SNMP to %s:%d version %d" % (name, dst, dport, version))


def check_all(gen, workdir):
    for group, want in (("all", sum(EXPECTED_PACKETS.values())),
                        ("positive", sum(v for n, v in EXPECTED_PACKETS.items()
                                         if n in EXPECTED_IDS)),
                        ("benign", sum(v for n, v in EXPECTED_PACKETS.items()
                                       if n not in EXPECTED_IDS))):
        packets, _, _ = verify(generate(gen, workdir, group + ".pcap", 1, group))
        if len(packets) != want:
            raise Bad("%s: %d packets, expected %d" % (group, len(packets), want))


def check_determinism(gen, workdir):
    blobs = []
    for i, seed in enumerate((5, 5, 6)):
        with open(generate(gen, workdir, "det%d.pcap" % i, seed, "all"), "rb") as f:
            blobs.append(f.read())
    if blobs[0] != blobs[1]:
        raise Bad("two runs with seed 5 differ")
    if blobs[0] == blobs[2]:
        raise Bad("seeds 5 and 6 give the same capture")
    mixed = []
    for i, seed in enumerate((9, 9, 10)):
        path = os.path.join(workdir, "detm%d.pcap" % i)
        res = run(gen, "--mixed", "--flows", "300", "--bytes", "200K", "--seed", str(seed),
                  "-w", path)
        if res.returncode != 0:
            raise Bad("mixed exited %d: %s" % (res.returncode, res.stderr))
        with open(path, "rb") as f:
            mixed.append(f.read())
    if mixed[0] != mixed[1] or mixed[0] == mixed[2]:
        raise Bad("mixed traffic is not deterministic per seed")


def check_mixed(gen, workdir):
    path = os.path.join(workdir, "mixed.pcap")
    res = run(gen, "--mixed", "--flows", "3000", "--bytes", "3M", "-w", path)
    if res.returncode != 0:
        raise Bad("mixed exited %d: %s" % (res.returncode, res.stderr))
    packets, flows, stats = verify(path)
    size = os.path.getsize(path)
    if len(flows) < 3000:
        raise Bad("only %d distinct flows, asked for 3000" % len(flows))
    if not 3 * 2**20 <= size <= 3.3 * 2**20:
        raise Bad("capture is %d bytes, asked for about %d" % (size, 3 * 2**20))
    share_v6 = stats["ipv6"] / len(packets)
    if not 0.1 <= share_v6 <= 0.3 or stats["vlan"] == 0 or stats["gre"] == 0:
        raise Bad("mix is off: %r of %d packets" % (stats, len(packets)))


def expect_exit(gen, code, *args):
    # A bad command line is refused at once; one taken as work would run for hours.
    try:
        res = run(gen, *args, timeout=60)
    except subprocess.TimeoutExpired:
        raise Bad("%r still running after 60 s, expected exit %d" % (args, code))
    if res.returncode != code or (code and not res.stderr.strip()):
        raise Bad("%r exited %d (stderr %r), expected %d with a message"
                  % (args, res.returncode, res.stderr, code))


def check_usage(gen, workdir):
    out = os.path.join(workdir, "usage.pcap")
    expect_exit(gen, 2, "-w", out, "no-such-scenario")
    expect_exit(gen, 2, "-w", out, "--seed", "12x", "all")
    expect_exit(gen, 2, "-w", out, "--seed", "-1", "all")
    expect_exit(gen, 2, "-w", out)                       # no scenario
    expect_exit(gen, 2, "all")                           # no destination: never injects
    expect_exit(gen, 2, "-w", out, "--inject", "lo", "all")
    expect_exit(gen, 2, "--mixed", "--bytes", "10X", "-w", out)
    expect_exit(gen, 2, "--mixed", "--flows", "0", "-w", out)
    # beyond what the address plan keeps distinct (and before any packet is written)
    expect_exit(gen, 2, "--mixed", "--flows", "4227858433", "-w", out)
    if os.path.exists(out):
        raise Bad("a refused --flows still wrote %s" % out)
    expect_exit(gen, 2, "--flows", "10", "-w", out, "all")
    expect_exit(gen, 2, "--bogus-option")
    expect_exit(gen, 1, "-w", os.path.join(workdir, "missing-dir", "x.pcap"), "all")
    expect_exit(gen, 0, "--help")


CHECKS = {"list": check_list, "scenario": check_scenario, "all": check_all,
          "determinism": check_determinism, "mixed": check_mixed, "usage": check_usage}


def main(argv):
    if len(argv) < 4 or argv[3] not in CHECKS:
        print(__doc__, file=sys.stderr)
        return 2
    gen, workdir, check = argv[1], argv[2], argv[3]
    os.makedirs(workdir, exist_ok=True)
    try:
        CHECKS[check](gen, workdir, *argv[4:])
    except Bad as e:
        print("FAIL %s: %s" % (check, e), file=sys.stderr)
        return 1
    print("ok %s %s" % (check, " ".join(argv[4:])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
