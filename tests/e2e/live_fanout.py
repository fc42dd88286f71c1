"""Live capture with --workers 2 on a veth pair (PACKET_FANOUT), part of test_live.py.

seawall-gen --inject sends every scenario (about 100 scenarios, 140 flows, tunnels, FTP/TFTP
data connections, fragments) into one end; the sensor captures on the other, once with
--workers 1 and once with --workers 2. Checked against independent sources:
- the packets of each TCP/UDP/GRE flow, counted per direction by reading the same traffic
  (seawall-gen -w, same seed) with the pcap reader below: with 2 workers each flow has one flow
  record carrying all of its packets (a flow split across workers would give two records with
  part of the packets each);
- the software dispatcher: reading that file with --workers 2 puts exactly as many packets on
  each worker as the kernel fanout did live (the ip-pair program computes the same choice);
- the single-worker live run: the same alerts; the detections that correlate several address
  pairs are compared as a subset, since fanout workers have no correlator and each runs them
  over its own flows only (docs/scale-out.md; test_workers.py requires equality for the
  software dispatcher, which has one).
All three runs use the BPF filter `not port 161`; the --workers 2 run gets a SIGHUP (reload and
reopen) before the traffic. A last run sends the same traffic under two MPLS labels (the
frames written by mpls_wrap, sent by this script's `inject` command from inside the namespace):
the workers again get exactly the packets the dispatcher gives them from the file."""
import collections
import ipaddress
import os
import signal
import struct
import subprocess
import sys
import time

from e2etest import read_eve, run, sanitizer_report, wait_for

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "ops"))
from test_workers import CROSS_FLOW  # noqa: E402


def catalog_id(rec):
    """ST-xxx-nnn from the alert's signature text ("SEAWALL ST-LAT-001 ...")."""
    words = rec["alert"].get("signature", "").split()
    return words[1] if len(words) > 1 else ""


PROTO_NAMES = {6: "TCP", 17: "UDP", 47: "GRE"}
SEED = "3"
# Large enough for any frame on a 1500-byte veth, small enough that libpcap's ring has room
# for the whole burst (with the default 262144 its TPACKET_V2 frames are huge and few).
SNAPLEN = "2048"
# Every handle of the group must apply the filter: SNMP is left out of all three runs.
BPF = ["not", "port", "161"]


def pcap_flows(path):
    """{(proto, endpoint, endpoint): {(src, sport): packets}} for the outer TCP/UDP/GRE headers
    of an Ethernet pcap; flows with IP fragments are left out (their counting is defrag's)."""
    flows = collections.defaultdict(collections.Counter)
    fragmented = set()
    with open(path, "rb") as f:
        data = f.read()
    endian = "<" if data[:4] == b"\xd4\xc3\xb2\xa1" else ">"
    pos = 24
    while pos + 16 <= len(data):
        caplen = struct.unpack(endian + "I", data[pos + 8:pos + 12])[0]
        frame = data[pos + 16:pos + 16 + caplen]
        pos += 16 + caplen
        etype, off = struct.unpack("!H", frame[12:14])[0], 14
        while etype in (0x8100, 0x88A8):
            etype, off = struct.unpack("!H", frame[off + 2:off + 4])[0], off + 4
        frag = False
        if etype == 0x0800:
            ihl = (frame[off] & 0x0F) * 4
            proto = frame[off + 9]
            frag = struct.unpack("!H", frame[off + 6:off + 8])[0] & 0x3FFF != 0
            src, dst = frame[off + 12:off + 16], frame[off + 16:off + 20]
            l4 = off + ihl
        elif etype == 0x86DD:
            proto = frame[off + 6]
            frag = proto == 44
            src, dst = frame[off + 8:off + 24], frame[off + 24:off + 40]
            l4 = off + 40
        else:
            continue
        if proto not in PROTO_NAMES:
            continue
        sport = dport = 0
        if proto in (6, 17) and len(frame) >= l4 + 4:
            sport, dport = struct.unpack("!HH", frame[l4:l4 + 4])
        a, b = (bytes(src), sport), (bytes(dst), dport)
        key = (PROTO_NAMES[proto],) + tuple(sorted([a, b]))
        if frag:
            fragmented.add(key)
        flows[key][a] += 1
    return {k: v for k, v in flows.items() if k not in fragmented}


def eve_key(rec):
    a = (ipaddress.ip_address(rec["src_ip"]).packed, rec.get("src_port") or 0)
    b = (ipaddress.ip_address(rec["dest_ip"]).packed, rec.get("dest_port") or 0)
    return (rec.get("proto"),) + tuple(sorted([a, b])), a


def settled(path, quiet=1.5, limit=30):
    """Waits until the file has not grown for `quiet` seconds (outputs are flushed every
    100 ms on a live interface), at most `limit` seconds."""
    last, since, deadline = -1, time.monotonic(), time.monotonic() + limit
    while time.monotonic() < deadline:
        size = os.path.getsize(path) if os.path.exists(path) else 0
        if size != last:
            last, since = size, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.1)


def mpls_wrap(src, dst):
    """Copies an Ethernet pcap, putting two MPLS labels (RFC 3032) before every IP packet."""
    with open(src, "rb") as f:
        data = f.read()
    endian = "<" if data[:4] == b"\xd4\xc3\xb2\xa1" else ">"
    out, pos = bytearray(data[:24]), 24
    labels = struct.pack("!II", (100 << 12) | 64, (200 << 12) | 0x100 | 64)
    while pos + 16 <= len(data):
        hdr = bytearray(data[pos:pos + 16])
        caplen = struct.unpack(endian + "I", hdr[8:12])[0]
        frame = data[pos + 16:pos + 16 + caplen]
        pos += 16 + caplen
        if frame[12:14] in (b"\x08\x00", b"\x86\xdd"):
            frame = frame[:12] + b"\x88\x47" + labels + frame[14:]
        hdr[8:16] = struct.pack(endian + "II", len(frame), len(frame))
        out += hdr + frame
    with open(dst, "wb") as f:
        f.write(out)


def inject(pcap, iface):
    """Sends every frame of a pcap on iface (needs CAP_NET_RAW)."""
    import socket
    with open(pcap, "rb") as f:
        data = f.read()
    endian = "<" if data[:4] == b"\xd4\xc3\xb2\xa1" else ">"
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    pos = 24
    while pos + 16 <= len(data):
        caplen = struct.unpack(endian + "I", data[pos + 8:pos + 12])[0]
        s.send(data[pos + 16:pos + 16 + caplen])
        pos += 16 + caplen


def file_workers(args, tmp, name, pcap):
    """worker.0/1.packets of a --workers 2 run reading the file (the software dispatcher)."""
    logdir = os.path.join(tmp, name)
    run([args.sensor, "-c", args.config, "-r", pcap, "-l", logdir, "--workers", "2"] + BPF)
    counters = [x for x in read_eve(os.path.join(logdir, "eve.json"))
                if x.get("event_type") == "stats"][-1]["seawall"]["counters"]
    return [counters.get("worker.0.packets"), counters.get("worker.1.packets")]


def live_run(args, res, inns, logdir, workers, sender=None):
    eve = os.path.join(logdir, "eve.json")
    errpath = logdir + ".stderr"
    with open(errpath, "w") as errfile:
        sensor = subprocess.Popen(inns + [args.sensor, "-c", args.config, "-i", "swcap", "-l",
                                          logdir, "--snaplen", SNAPLEN, "--workers",
                                          str(workers)] + BPF, stderr=errfile, text=True)

    def said(text):
        with open(errpath, encoding="utf-8", errors="replace") as f:
            return text in f.read()

    res.check(wait_for(lambda: os.path.exists(eve), 20), f"--workers {workers}: eve.json opened")
    if workers > 1:
        res.check(wait_for(lambda: said("PACKET_FANOUT group"), 20),
                  f"--workers {workers}: capture handles ready")
        sensor.send_signal(signal.SIGHUP)
        # Same configuration, but a reload in the middle of the traffic would restart the
        # flows' "already alerted" marks: wait until it is applied.
        wait_for(lambda: said("reload: configuration"), 20)
    time.sleep(1)  # the handles are open (no log line with one worker) and every worker synced
    g = run(inns + (sender or [args.gen, "--inject", "swinj", "--seed", SEED, "all"]))
    res.check(g.returncode == 0, f"--workers {workers}: traffic sent on swinj", g.stderr)
    settled(eve)  # the workers have read their rings: nothing more is being written
    sensor.send_signal(signal.SIGTERM)
    try:
        sensor.wait(timeout=60)
    except subprocess.TimeoutExpired:
        sensor.kill()
        sensor.wait()
    with open(errpath, encoding="utf-8", errors="replace") as f:
        err = f.read()
    res.check(sensor.returncode == 0 and not sanitizer_report(err),
              f"--workers {workers}: SIGTERM, exit 0, no sanitizer report",
              f"rc={sensor.returncode} {err[-1500:]}")
    recs = read_eve(eve)
    stats = [r for r in recs if r.get("event_type") == "stats"]
    return recs, (stats[-1] if stats else {"stats": {}, "seawall": {"counters": {}}}), err


def alerts_of(recs, cross):
    return sorted((r["alert"]["signature_id"], r["src_ip"], r.get("src_port"), r["dest_ip"],
                   r.get("dest_port")) for r in recs if r.get("event_type") == "alert"
                  and (catalog_id(r) in CROSS_FLOW) == cross)


def check_flows_whole(res, recs, expected):
    records = collections.defaultdict(list)
    for r in recs:
        if r.get("event_type") == "flow":
            key, first = eve_key(r)
            records[key].append((first, r["flow"]["pkts_toserver"], r["flow"]["pkts_toclient"]))
    problems = []
    for key, per_side in expected.items():
        got = records.get(key, [])
        want = sorted(per_side.values())
        if len(got) != 1:
            problems.append(f"{key[0]} {key[1:]}: {len(got)} flow records")
        elif sorted([got[0][1], got[0][2]]) != sorted(want + [0] * (2 - len(want))):
            problems.append(f"{key[0]} {key[1:]}: packets {got[0][1:]} vs sent {want}")
    res.check(len(expected) > 100 and not problems,
              f"--workers 2: each of {len(expected)} flows has one record with all its packets",
              "; ".join(problems[:5]))


def fanout_phase(args, res, ns, tmp):
    inns = ["ip", "netns", "exec", ns]
    # No IPv6 in the namespace: router solicitations would add packets of their own.
    for knob in ("all", "default"):
        run(inns + ["sysctl", "-qw", f"net.ipv6.conf.{knob}.disable_ipv6=1"])
    run(inns + ["ip", "link", "add", "swcap", "type", "veth", "peer", "name", "swinj"])
    for dev in ("swcap", "swinj"):
        run(inns + ["ip", "link", "set", dev, "up"])
    pcap = os.path.join(tmp, "fanout.pcap")
    g = run([args.gen, "-w", pcap, "--seed", SEED, "all"])
    res.check(g.returncode == 0, "seawall-gen -w (the injected traffic, as a file)", g.stderr)
    expected = {k: v for k, v in pcap_flows(pcap).items() if 161 not in (k[1][1], k[2][1])}
    one, s1, _ = live_run(args, res, inns, os.path.join(tmp, "live1"), 1)
    two, s2, err2 = live_run(args, res, inns, os.path.join(tmp, "live2"), 2)
    c2 = s2["seawall"]["counters"]
    res.check("reload: configuration" in err2 and c2.get("eve.reopens") == 1,
              "--workers 2: SIGHUP reloaded the configuration and reopened eve.json", err2[-800:])
    snmp = [r for r in two if r.get("event_type") == "flow" and 161 in (r.get("src_port"),
                                                                           r.get("dest_port"))]
    res.check(not snmp, "--workers 2: the BPF filter applies on every handle",
              f"{len(snmp)} SNMP flows")
    res.check("PACKET_FANOUT group" in err2 and c2.get("capture.handles") == 2,
              "--workers 2: two capture handles in one PACKET_FANOUT group", err2[-800:])
    drops = [s["stats"].get("capture", {}).get("kernel_drops") for s in (s1, s2)]
    res.check(drops == [0, 0], "no kernel drops in either run (else the comparison is moot)",
              str(drops))
    per_worker = [c2.get("worker.0.packets", 0), c2.get("worker.1.packets", 0)]
    res.check(min(per_worker) > 0, "--workers 2: both workers received packets", str(per_worker))
    want = file_workers(args, tmp, "file2", pcap)
    res.check(per_worker == want,
              "live fanout spread the packets over the workers as the software dispatcher does "
              "reading the same traffic from a file", f"live {per_worker} vs file {want}")
    check_flows_whole(res, two, expected)
    a1, a2 = alerts_of(one, False), alerts_of(two, False)
    res.check(a1 == a2 and len(a1) > 20, "--workers 2 raises the same alerts as --workers 1",
              f"{len(a1)} vs {len(a2)}: only 1: {sorted(set(a1) - set(a2))[:4]} only 2: "
              f"{sorted(set(a2) - set(a1))[:4]}")
    x1, x2 = alerts_of(one, True), alerts_of(two, True)
    res.check(set(x2) <= set(x1), "cross-flow alerts of --workers 2 are a subset of 1's",
              f"{sorted(set(x2) - set(x1))[:4]}")
    mpls = os.path.join(tmp, "mpls.pcap")
    mpls_wrap(pcap, mpls)
    sender = [sys.executable, os.path.abspath(__file__), "inject", mpls, "swinj"]
    _, s3, _ = live_run(args, res, inns, os.path.join(tmp, "live-mpls"), 2, sender)
    c3 = s3["seawall"]["counters"]
    got = [c3.get("worker.0.packets", 0), c3.get("worker.1.packets", 0)]
    want = file_workers(args, tmp, "file-mpls", mpls)
    res.check(got == want and min(got) > 0 and c3.get("decoder.mpls", 0) > 0,
              "MPLS-labelled traffic: live fanout spreads it as the dispatcher does from the file",
              f"live {got} vs file {want}, decoder.mpls {c3.get('decoder.mpls')}")


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == "inject":
    inject(sys.argv[2], sys.argv[3])
