"""Builds classic pcap files of complete TCP sessions (Ethernet, IPv4) for the rule tests.

Checksums are computed (RFC 791 3.1 header checksum, RFC 793 3.1 pseudo-header checksum) so that
tshark shows the packets as valid; the sensor does not need them. Sequence numbers follow RFC 793:
the SYN takes one number, each payload byte one, the FIN one."""
import struct

PCAP_HEADER = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)  # LINKTYPE_ETHERNET
SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01


def checksum(data):
    if len(data) % 2:
        data += b"\x00"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ip4(text):
    return bytes(int(x) for x in text.split("."))


def tcp_frame(src, dst, sport, dport, seq, ack, flags, payload=b""):
    s, d = ip4(src), ip4(dst)
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0)
    pseudo = s + d + struct.pack("!BBH", 0, 6, len(tcp) + len(payload))
    csum = checksum(pseudo + tcp + payload)
    tcp = tcp[:16] + struct.pack("!H", csum) + tcp[18:]
    total = 20 + len(tcp) + len(payload)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, 1, 0x4000, 64, 6, 0, s, d)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    eth = b"\x00\x00\x5e\x00\x01\x01" + b"\x02\x00\x00\x00\x00\x02" + b"\x08\x00"
    return eth + ip + tcp + payload


class Session:
    """One TCP connection, client -> server; packets are collected with their times."""

    def __init__(self, client, server, sport, dport, t0):
        self.c, self.s, self.sport, self.dport = client, server, sport, dport
        self.cseq, self.sseq = 1000, 5000
        self.t = t0
        self.frames = []

    def _add(self, to_server, flags, payload=b""):
        if to_server:
            ack = 0 if flags == SYN else self.sseq  # a bare SYN acknowledges nothing
            f = tcp_frame(self.c, self.s, self.sport, self.dport, self.cseq, ack, flags, payload)
        else:
            f = tcp_frame(self.s, self.c, self.dport, self.sport, self.sseq, self.cseq, flags,
                          payload)
        self.frames.append((self.t, f))
        self.t += 0.001
        step = len(payload) + (1 if flags & (SYN | FIN) else 0)
        if to_server:
            self.cseq += step
        else:
            self.sseq += step

    def handshake(self):
        self._add(True, SYN)
        self._add(False, SYN | ACK)
        self._add(True, ACK)
        return self

    def send(self, to_server, data, pieces=1):
        """data in `pieces` segments, each acknowledged by the other side."""
        size = -(-len(data) // pieces)
        for i in range(0, len(data), size):
            self._add(to_server, PSH | ACK, data[i:i + size])
            self._add(not to_server, ACK)
        return self

    def close(self):
        self._add(True, FIN | ACK)
        self._add(False, FIN | ACK)
        self._add(True, ACK)
        return self


def records(frames):
    out = b""
    for t, f in frames:
        sec = int(t)
        usec = int(round((t - sec) * 1e6))
        out += struct.pack("<IIII", sec, usec, len(f), len(f)) + f
    return out


def write(path, sessions):
    frames = sorted((fr for s in sessions for fr in s.frames), key=lambda x: x[0])
    with open(path, "wb") as f:
        f.write(PCAP_HEADER + records(frames))
