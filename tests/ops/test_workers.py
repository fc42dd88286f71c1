"""--workers 2 gives the same alerts as --workers 1 on the same capture (sorted timestamp, sid,
source and destination of every alert; for the detections that correlate several flows, whose
state is per worker engine, the alerts of 2 workers are a subset of those of 1 worker on these
captures: see docs/detections-impl.md, "Workers"), the same number of flow records, and one merged stats
record whose packet and flow counters equal the single-worker run's. Captures: the shipped
sample, every seawall-gen scenario, and a small mixed capture (seawall-gen --mixed)."""
import argparse
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e"))
from e2etest import Results, read_eve, run  # noqa: E402


# Detections whose state spans flows (chains, first-seen baselines, sweeps): each worker engine
# sees only the flows dispatched to it, so a chain split across workers is not seen whole.
CROSS_FLOW = {"ST-LAT-001", "ST-LAT-004", "ST-SCAN-001", "ST-ACC-003", "ST-ACC-004",
              "ST-EVA-001", "ST-SNMP-003", "ST-SNMP-004"}


def catalog_id(rec):
    words = rec["alert"].get("signature", "").split()
    return words[1] if len(words) > 1 else ""


def summary(path):
    recs = read_eve(path)
    alerts = sorted((r["timestamp"], r["alert"]["signature_id"], r["src_ip"], r["dest_ip"])
                    for r in recs if r.get("event_type") == "alert"
                    and catalog_id(r) not in CROSS_FLOW)
    cross = sorted((r["timestamp"], r["alert"]["signature_id"], r["src_ip"], r["dest_ip"])
                   for r in recs if r.get("event_type") == "alert" and catalog_id(r) in CROSS_FLOW)
    flows = sum(1 for r in recs if r.get("event_type") == "flow")
    stats = [r for r in recs if r.get("event_type") == "stats"]
    return alerts, cross, flows, stats[-1] if stats else None


def compare(args, res, tmp, name, capture, config):
    out = {}
    for n in (1, 2):
        d = os.path.join(tmp, f"{name}-{n}")
        r = run([args.sensor, "-c", config, "-r", capture, "-l", d, "--workers", str(n)],
                timeout=600)
        res.check(r.returncode == 0, f"{name}: --workers {n} runs", r.stderr[-400:])
        out[n] = summary(os.path.join(d, "eve.json"))
    (a1, c1, f1, s1), (a2, c2, f2, s2) = out[1], out[2]
    res.check(a1 == a2 and len(a1) > 0, f"{name}: identical alerts with 1 and 2 workers",
              f"{len(a1)} vs {len(a2)}")
    res.check(set(c2) <= set(c1), f"{name}: cross-flow alerts of 2 workers are a subset of 1's",
              f"{len(c1)} vs {len(c2)}")
    res.check(f1 == f2, f"{name}: same number of flow records", f"{f1} vs {f2}")
    ok = s1 and s2
    for path in (("decoder", "pkts"), ("flow", "total")):
        v1 = v2 = None
        if ok:
            v1, v2 = s1["stats"], s2["stats"]
            for k in path:
                v1, v2 = (v1 or {}).get(k), (v2 or {}).get(k)
        res.check(ok and v1 is not None and v1 == v2,
                  f"{name}: merged stats {'.'.join(path)} equals the single run", f"{v1} vs {v2}")
    res.check(ok and s2["seawall"]["counters"].get("workers") == 2,
              f"{name}: the stats record says 2 workers")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sensor", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--sample", required=True)
    args = ap.parse_args()
    res = Results("ops/workers")
    lab = os.path.join(args.source, "etc", "seawall-lab.yaml")
    tmp = tempfile.mkdtemp(prefix="seawall-workers-")
    try:
        scen = os.path.join(tmp, "scenarios.pcap")
        mixed = os.path.join(tmp, "mixed.pcap")
        r1 = run([args.gen, "-w", scen, "all"])
        r2 = run([args.gen, "--mixed", "--flows", "5000", "--bytes", "8M", "--seed", "7",
                  "-w", mixed])
        res.check(r1.returncode == 0 and r2.returncode == 0, "captures generated",
                  r1.stderr + r2.stderr)
        compare(args, res, tmp, "sample", args.sample, lab)
        compare(args, res, tmp, "scenarios", scen, lab)
        compare(args, res, tmp, "mixed", mixed, lab)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
