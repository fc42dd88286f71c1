#!/usr/bin/env python3
"""Writes every packet of the classic-pcap captures under a directory as a fuzz-decode seed.

Usage: pcap_seeds.py TESTDATA_DIR OUT_DIR
Each seed is the selector byte for the capture's link type (the index into link_types[] of
fuzz-decode.c) followed by the packet bytes. pcapng files are skipped.
"""
import os
import struct
import sys

# Same order as link_types[] in fuzz-decode.c.
LINK_TYPES = [1, 0, 101, 12, 228, 229, 113, 276]


def packets(path):
    with open(path, "rb") as f:
        head = f.read(24)
        if len(head) < 24:
            return
        magic = head[:4]
        if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
            endian = "<"
        elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
            endian = ">"
        else:
            return  # pcapng or not a capture
        linktype = struct.unpack(endian + "I", head[20:24])[0] & 0x0FFFFFFF
        if linktype not in LINK_TYPES:
            return
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                return
            caplen = struct.unpack(endian + "I", rec[8:12])[0]
            data = f.read(caplen)
            if len(data) < caplen:
                return
            yield LINK_TYPES.index(linktype), data


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    count = 0
    for root, _, files in os.walk(src):
        for name in sorted(files):
            if not name.endswith(".pcap"):
                continue
            for i, (sel, data) in enumerate(packets(os.path.join(root, name))):
                with open(os.path.join(out, f"{name}-{i}"), "wb") as seed:
                    seed.write(bytes([sel]) + data)
                count += 1
    print(f"{count} seeds written to {out}")


if __name__ == "__main__":
    main()
