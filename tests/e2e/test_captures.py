#!/usr/bin/env python3
"""Every real capture under shared/testdata through the sensor: exit 0, no sanitizer report, the
packet count libpcap reads, and EVE output that validates against the schema."""
import argparse
import os
import tempfile

from e2etest import Results, pcap_sources, read_eve, run, sanitizer_report


def captures(root):
    found = []
    for dirpath, _, files in os.walk(root):
        for f in files:
            if f.endswith((".pcap", ".pcapng")):
                found.append(os.path.join(dirpath, f))
    return sorted(found)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sensor", required=True)
    ap.add_argument("--testdata", required=True)
    ap.add_argument("--validator", required=True)
    ap.add_argument("--schema", required=True)
    args = ap.parse_args()
    res = Results("e2e-captures")
    files = captures(args.testdata)
    res.check(len(files) >= 50, f"found {len(files)} shared captures")
    checked_sides, wrong_sides = 0, []
    with tempfile.TemporaryDirectory(prefix="seawall-cap-") as tmp:
        eves = []
        for i, pcap in enumerate(files):
            name = os.path.relpath(pcap, args.testdata)
            logdir = os.path.join(tmp, str(i))
            out = run([args.sensor, "-r", pcap, "-l", logdir])
            res.check(out.returncode == 0 and not sanitizer_report(out.stderr),
                      f"{name}: exit 0, no sanitizer report",
                      f"rc={out.returncode} {out.stderr[-1500:]}")
            eve = os.path.join(logdir, "eve.json")
            if not res.check(os.path.exists(eve), f"{name}: eve.json written"):
                continue
            records = read_eve(eve)
            # An app-layer anomaly describes the packet that raised it, as Suricata's do.
            sources = pcap_sources(pcap)
            for r in records:
                a = r.get("anomaly") or {}
                if a.get("type") != "applayer" or "tunnel" in r or not sources:
                    continue
                cnt = r.get("pcap_cnt", 0)
                if 0 < cnt < len(sources) and sources[cnt]:
                    checked_sides += 1
                    if (r["src_ip"], r.get("src_port")) != sources[cnt]:
                        wrong_sides.append(f"{name} packet {cnt}: {r['src_ip']}:"
                                           f"{r.get('src_port')} vs {sources[cnt]}")
            stats = [r for r in records if r.get("event_type") == "stats"]
            if res.check(len(stats) >= 1, f"{name}: a final stats record"):
                counters = stats[-1]["seawall"]["counters"]
                res.check(counters.get("decoder.pkts") == counters.get("capture.packets")
                          and counters.get("capture.packets", 0) > 0,
                          f"{name}: every packet read reached the decoder",
                          f"{counters.get('decoder.pkts')} vs {counters.get('capture.packets')}")
            eves.append(eve)
        res.check(checked_sides >= 20 and not wrong_sides,
                  f"{checked_sides} app-layer anomalies name their packet's sender as src",
                  "; ".join(wrong_sides[:5]))
        v = run(["/usr/bin/python3", args.validator, args.schema] + eves, timeout=900)
        res.check(v.returncode == 0, f"EVE schema validation of {len(eves)} outputs",
                  (v.stdout + v.stderr)[-3000:])
    return res.finish()


if __name__ == "__main__":
    raise SystemExit(main())
