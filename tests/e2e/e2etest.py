"""Small shared helpers for the end-to-end scripts: run a program, read EVE, report results."""
import datetime
import json
import struct
import subprocess
import sys
import time


class Results:
    """Counts checks and prints the closing line CI reads ('N passed, N failed')."""

    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
            print(f"PASS {what}")
        else:
            self.failed += 1
            print(f"FAIL {what}{': ' + detail if detail else ''}")
        return ok

    def finish(self):
        print(f"{self.name}: {self.passed} passed, {self.failed} failed")
        if self.passed == 0:
            print(f"{self.name}: no check ran")
            return 1
        return 1 if self.failed else 0


def run(cmd, timeout=300, env=None):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)


def read_eve(path):
    records = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                records.append(json.loads(line))
    return records


def alert_ids(records):
    """The Seawall catalog ids of the alert records, in order."""
    return [r["seawall"]["id"] for r in records if r.get("event_type") == "alert"]


def pcap_first_time(path):
    """Seconds since the epoch of the first packet of a classic pcap file (either byte order,
    micro- or nanosecond stamps)."""
    with open(path, "rb") as f:
        head = f.read(24 + 16)
    magic = head[:4]
    order = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    scale = 1e-9 if magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d") else 1e-6
    sec, frac = struct.unpack(order + "II", head[24:32])
    return sec + frac * scale


def _ip_text(raw):
    if len(raw) == 4:
        return ".".join(str(b) for b in raw)
    return ":".join("%02x%02x" % (raw[i], raw[i + 1]) for i in range(0, 16, 2))


def _frame_source(linktype, frame):
    """(source address as EVE writes it, source port or None) of an Ethernet or raw-IP frame
    carrying IPv4/IPv6 directly (VLAN tags skipped), or None for anything else."""
    off = 0
    if linktype == 1:
        off, etype = 14, int.from_bytes(frame[12:14], "big") if len(frame) >= 14 else 0
        while etype in (0x8100, 0x88A8) and len(frame) >= off + 4:
            etype, off = int.from_bytes(frame[off + 2:off + 4], "big"), off + 4
        if etype not in (0x0800, 0x86DD):
            return None
    elif linktype not in (101, 12):
        return None
    ip = frame[off:]
    if len(ip) >= 20 and ip[0] >> 4 == 4:
        src, proto, l4 = ip[12:16], ip[9], ip[(ip[0] & 15) * 4:]
    elif len(ip) >= 40 and ip[0] >> 4 == 6:
        src, proto, l4 = ip[8:24], ip[6], ip[40:]
    else:
        return None
    port = int.from_bytes(l4[0:2], "big") if proto in (6, 17) and len(l4) >= 2 else None
    return _ip_text(src), port


def pcap_sources(path):
    """Per packet number (1-based), what _frame_source reads; None for packets it cannot."""
    out = [None]
    with open(path, "rb") as f:
        head = f.read(24)
        if len(head) < 24 or head[:4] not in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
            return None
        linktype = struct.unpack("<I", head[20:24])[0]
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                break
            caplen = struct.unpack("<I", rec[8:12])[0]
            out.append(_frame_source(linktype, f.read(caplen)))
    return out


def eve_time(text):
    """An EVE timestamp ("2025-08-27T12:53:21.932438+0000") as seconds since the epoch."""
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()


def wait_for(pred, seconds):
    """Polls pred every 100 ms for up to `seconds`; its last answer."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(0.1)
    return pred()


def sanitizer_report(text):
    return "AddressSanitizer" in text or "runtime error:" in text or "LeakSanitizer" in text


def fail_exit(msg):
    print(msg, file=sys.stderr)
    sys.exit(2)
