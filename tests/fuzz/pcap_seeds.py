#!/usr/bin/env python3
"""Turns captures into fuzz seeds, for fuzz-decode (default) or fuzz-pipeline (--pipeline).

Usage: pcap_seeds.py [--pipeline] SOURCE... OUT_DIR
A SOURCE is a capture file or a directory searched for *.pcap and *.pcapng files.

fuzz-decode: one seed per packet, the selector byte for the capture's link type (the index into
link_types[] of fuzz-decode.c) followed by the packet bytes.

fuzz-pipeline: the packets of a capture in order, as fuzz-pipeline.c reads them: a profile byte
(0), then per packet a big-endian u16 length, a control byte (link type selector, snap-length
cut flag, time step nearest below the real gap) and the bytes. A capture larger than
PIPELINE_SEED_MAX is split into consecutive seeds, so each stays quick to run.

Classic pcap (microsecond and nanosecond) and pcapng (every interface, if_tsresol honoured) are
read; captures with a link type the decoder does not know are skipped.
"""
import os
import struct
import sys

# Same order as link_types[] in fuzz-decode.c and fuzz-pipeline.c.
LINK_TYPES = [1, 0, 101, 12, 228, 229, 113, 276]
# fuzz-pipeline.c: time_steps_us[] and the control byte's bits.
TIME_STEPS_US = [1, 1000, 100000, 1000000, 31000000, 61000000, 601000000]
STEP_BACK = 7
CTL_SNAP_CUT = 0x10
CTL_STEP_SHIFT = 5
PIPELINE_SEED_MAX = 16 << 10


class Packet:
    def __init__(self, linktype, ts_us, data, wirelen):
        self.linktype, self.ts_us, self.data, self.wirelen = linktype, ts_us, data, wirelen


def classic_packets(f, head):
    magic = head[:4]
    endian = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    nanos = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    linktype = struct.unpack(endian + "I", head[20:24])[0] & 0x0FFFFFFF
    while True:
        rec = f.read(16)
        if len(rec) < 16:
            return
        sec, frac, caplen, wirelen = struct.unpack(endian + "IIII", rec)
        data = f.read(caplen)
        if len(data) < caplen:
            return
        yield Packet(linktype, sec * 1000000 + (frac // 1000 if nanos else frac), data, wirelen)


def tsresol_divisor(options, endian):
    """Units per second of an interface (option if_tsresol, code 9; default microseconds)."""
    pos = 0
    while pos + 4 <= len(options):
        code, length = struct.unpack(endian + "HH", options[pos:pos + 4])
        if code == 0:
            break
        if code == 9 and length >= 1:
            v = options[pos + 4]
            return 2 ** (v & 0x7F) if v & 0x80 else 10 ** v
        pos += 4 + (length + 3) // 4 * 4
    return 1000000


def pcapng_packets(f, head):
    data = head + f.read()
    endian, interfaces, pos = "<", [], 0
    while pos + 12 <= len(data):
        btype = struct.unpack(endian + "I", data[pos:pos + 4])[0]
        if btype == 0x0A0D0D0A:  # section header: byte order and fresh interface list
            endian = "<" if data[pos + 8:pos + 12] == b"\x4d\x3c\x2b\x1a" else ">"
            interfaces = []
        blen = struct.unpack(endian + "I", data[pos + 4:pos + 8])[0]
        if blen < 12 or pos + blen > len(data):
            return
        body = data[pos + 8:pos + blen - 4]
        if btype == 1 and len(body) >= 8:  # interface description
            linktype = struct.unpack(endian + "H", body[:2])[0]
            interfaces.append((linktype, tsresol_divisor(body[8:], endian)))
        elif btype == 6 and len(body) >= 20:  # enhanced packet
            iface, hi, lo, caplen, wirelen = struct.unpack(endian + "IIIII", body[:20])
            if iface < len(interfaces) and 20 + caplen <= len(body):
                linktype, per_sec = interfaces[iface]
                ts = ((hi << 32) | lo) * 1000000 // per_sec
                yield Packet(linktype, ts, body[20:20 + caplen], wirelen)
        elif btype == 3 and len(body) >= 4 and interfaces:  # simple packet: no time stamp
            wirelen = struct.unpack(endian + "I", body[:4])[0]
            yield Packet(interfaces[0][0], 0, body[4:4 + wirelen], wirelen)
        pos += blen


def packets(path):
    """Every packet of a capture whose link type the fuzz targets know."""
    with open(path, "rb") as f:
        head = f.read(24)
        if len(head) < 24:
            return
        if head[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\xc3\xd4",
                        b"\xa1\xb2\x3c\x4d"):
            source = classic_packets(f, head)
        elif head[:4] == b"\x0a\x0d\x0d\x0a":
            source = pcapng_packets(f, head)
        else:
            return  # not a capture
        for pkt in source:
            if pkt.linktype in LINK_TYPES:
                yield pkt


def time_step(gap_us):
    """Index of the largest step not above the gap; gaps backwards step back."""
    if gap_us < 0:
        return STEP_BACK
    best = 0
    for i, step in enumerate(TIME_STEPS_US):
        if step <= gap_us:
            best = i
    return best


def pipeline_seeds(path):
    """The capture as fuzz-pipeline inputs, split at PIPELINE_SEED_MAX bytes."""
    seed, prev_ts = bytearray([0]), None
    for pkt in packets(path):
        data = pkt.data[:0xFFFF]
        ctl = LINK_TYPES.index(pkt.linktype)
        if pkt.wirelen > len(data):
            ctl |= CTL_SNAP_CUT
        gap = 0 if prev_ts is None else pkt.ts_us - prev_ts
        ctl |= time_step(gap) << CTL_STEP_SHIFT
        prev_ts = pkt.ts_us
        record = struct.pack(">HB", len(data), ctl) + data
        if len(seed) > 1 and len(seed) + len(record) > PIPELINE_SEED_MAX:
            yield bytes(seed)
            seed = bytearray([0])
        seed += record
    if len(seed) > 1:
        yield bytes(seed)


def decode_seeds(path):
    for pkt in packets(path):
        yield bytes([LINK_TYPES.index(pkt.linktype)]) + pkt.data


def captures(sources):
    for src in sources:
        if os.path.isfile(src):
            yield src
            continue
        for root, dirs, files in os.walk(src):
            dirs.sort()
            for name in sorted(files):
                if name.endswith((".pcap", ".pcapng")):
                    yield os.path.join(root, name)


def main():
    args = sys.argv[1:]
    pipeline = bool(args) and args[0] == "--pipeline"
    if pipeline:
        args = args[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    *sources, out = args
    for src in sources:
        if not os.path.exists(src):
            sys.exit(f"pcap_seeds.py: {src}: no such file or directory")
    os.makedirs(out, exist_ok=True)
    make = pipeline_seeds if pipeline else decode_seeds
    count = 0
    for path in captures(sources):
        name = os.path.basename(path)
        for i, seed in enumerate(make(path)):
            with open(os.path.join(out, f"{name}-{i}"), "wb") as f:
                f.write(seed)
            count += 1
    print(f"{count} seeds written to {out}")


if __name__ == "__main__":
    main()
