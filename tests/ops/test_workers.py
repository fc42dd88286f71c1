"""--workers 2 and --workers 3 give exactly the alerts of --workers 1 on the same capture: every
alert record (ids, timestamps, flow ids, ports, evidence, severity; everything but the host
field) is compared, as a multiset, including the detections whose state spans flows (sweeps,
device pairs, relay chains, baselines, listeners, ST-SCAN-001 over other alerts), which the
workers hand to one correlator (docs/scale-out.md). The same holds with alert hygiene whose
keys span flows (by_src limits, by_rule thresholds, aggregation by address), and with content
rules whose own threshold keyword counts by address across flows. Also checked: the
same number of flow records, one merged stats record whose packet, flow and alert counters
equal the single run's, and one baseline state file equal to the single run's.

The expected alerts are the single-thread run's: the point is that a multi-threaded run cannot
be told apart from it. That the captures exercise every cross-flow detection is checked too
(seawall-gen's scenarios are written to raise them, docs/seawall-gen.md). Captures: the shipped
sample, every seawall-gen scenario, and a mixed capture (seawall-gen --mixed)."""
import argparse
import collections
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e"))
from e2etest import Results, read_eve, run  # noqa: E402


# Detections whose state spans flows (core/detect-*.c with cross_flow = 1).
CROSS_FLOW = {"ST-LAT-001", "ST-LAT-004", "ST-SCAN-001", "ST-ACC-003", "ST-ACC-004",
              "ST-EVA-001", "ST-SNMP-003", "ST-SNMP-004"}
WORKERS = (1, 2, 3)

# Hygiene whose keys span flows and workers (syntax: docs/hygiene.md).
HYGIENE = """\
threshold gen_id 0, sig_id 0, type limit, track by_src, count 1, seconds 3600
threshold sig_id ST-EXP-001, type threshold, track by_rule, count 2, seconds 86400
threshold sig_id ST-EXP-002, type limit, track by_src, count 100, seconds 60
threshold sig_id ST-EXP-009, type limit, track by_src, count 100, seconds 60
aggregate sig_id ST-EXP-002, track by_src, seconds 600
aggregate sig_id ST-EXP-009, track by_dst, seconds 600
"""


# Content rules with their own threshold keyword, which counts by address across flows: the
# scenarios' HTTP requests come from several sources to several destinations.
THRESHOLD_RULES = """
alert http any any -> any any (msg:"TEST first HTTP GET per source"; flow:to_server; \
http.method; content:"GET"; threshold: type limit, track by_src, count 1, seconds 86400; \
sid:9000001; rev:1;)
alert http any any -> any any (msg:"TEST every 3rd HTTP P* request per destination"; \
flow:to_server; http.method; content:"P"; threshold: type threshold, track by_dst, count 3, \
seconds 86400; sid:9000002; rev:1;)
"""


def alert_key(rec):
    return json.dumps({k: v for k, v in rec.items() if k != "host"}, sort_keys=True)


def summary(path):
    recs = read_eve(path)
    alerts = collections.Counter(alert_key(r) for r in recs if r.get("event_type") == "alert")
    ids = {r["seawall"]["id"] for r in recs if r.get("event_type") == "alert"}
    flows = sum(1 for r in recs if r.get("event_type") == "flow")
    stats = [r for r in recs if r.get("event_type") == "stats"]
    return alerts, ids, flows, stats[-1] if stats else None


def stat(rec, *path):
    for k in path:
        rec = (rec or {}).get(k)
    return rec


def compare(args, res, tmp, name, capture, config, counters=("detect.alerts",), rules=None):
    out = {}
    for n in WORKERS:
        d = os.path.join(tmp, f"{name}-{n}")
        r = run([args.sensor, "-c", config, "-S", rules or args.rules, "-r", capture, "-l", d,
                 "--workers", str(n)], timeout=600)
        res.check(r.returncode == 0, f"{name}: --workers {n} runs", r.stderr[-400:])
        out[n] = summary(os.path.join(d, "eve.json"))
    a1, ids1, f1, s1 = out[1]
    res.check(sum(a1.values()) > 0, f"{name}: the single run raises alerts", "none")
    for n in WORKERS[1:]:
        an, _, fn, sn = out[n]
        missing, extra_alerts = a1 - an, an - a1
        res.check(an == a1, f"{name}: identical alerts with 1 and {n} workers",
                  f"{sum(a1.values())} vs {sum(an.values())}; only in 1: "
                  f"{list(missing)[:2]}; only in {n}: {list(extra_alerts)[:2]}")
        res.check(fn == f1, f"{name}: same number of flow records with {n} workers",
                  f"{f1} vs {fn}")
        for path in (("stats", "decoder", "pkts"), ("stats", "flow", "total"),
                     *(("seawall", "counters", c) for c in counters)):
            v1, vn = stat(s1, *path), stat(sn, *path)
            res.check(v1 is not None and v1 == vn,
                      f"{name}: merged stats {path[-1]} with {n} workers equals the single run",
                      f"{v1} vs {vn}")
        res.check(stat(sn, "seawall", "counters", "workers") == n,
                  f"{name}: the stats record says {n} workers")
    return ids1


def write_configs(args, tmp):
    """The lab config (IOC path made absolute), and the same with hygiene rules."""
    lab = os.path.join(args.source, "etc", "seawall-lab.yaml")
    with open(lab, encoding="utf-8") as f:
        text = f.read().replace("ioc: [../signatures/ioc]",
                                f"ioc: [{os.path.join(args.source, 'signatures', 'ioc')}]")
    with open(os.path.join(tmp, "threshold.config"), "w", encoding="utf-8") as f:
        f.write(HYGIENE)
    hygiene = os.path.join(tmp, "hygiene.yaml")
    with open(hygiene, "w", encoding="utf-8") as f:
        f.write(text + "thresholds: threshold.config\n")
    return lab, hygiene, text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sensor", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--sample", required=True)
    args = ap.parse_args()
    args.source = os.path.abspath(args.source)
    args.rules = os.path.join(args.source, "signatures", "seawall.rules")
    res = Results("ops/workers")
    tmp = tempfile.mkdtemp(prefix="seawall-workers-")
    try:
        lab, hygiene, lab_text = write_configs(args, tmp)
        scen = os.path.join(tmp, "scenarios.pcap")
        mixed = os.path.join(tmp, "mixed.pcap")
        r1 = run([args.gen, "-w", scen, "all"])
        r2 = run([args.gen, "--mixed", "--flows", "5000", "--bytes", "8M", "--seed", "7",
                  "-w", mixed])
        res.check(r1.returncode == 0 and r2.returncode == 0, "captures generated",
                  r1.stderr + r2.stderr)
        seen = set()
        seen |= compare(args, res, tmp, "sample", args.sample, lab)
        seen |= compare(args, res, tmp, "scenarios", scen, lab)
        seen |= compare(args, res, tmp, "mixed", mixed, lab)
        withheld = ("detect.alerts", "detect.hygiene.thresholded", "detect.hygiene.aggregated",
                    "detect.hygiene.passed")
        hyg = compare(args, res, tmp, "scenarios-hygiene", scen, hygiene, withheld)
        res.check(len(hyg) > 0, "scenarios-hygiene: alerts pass the hygiene rules")
        single = read_eve(os.path.join(tmp, "scenarios-hygiene-1", "eve.json"))
        last = [r for r in single if r.get("event_type") == "stats"][-1]
        res.check(all(stat(last, "seawall", "counters", c) for c in withheld[1:3]),
                  "scenarios-hygiene: the rules withhold and aggregate alerts",
                  str([stat(last, "seawall", "counters", c) for c in withheld]))
        rules = os.path.join(tmp, "threshold.rules")
        with open(args.rules, encoding="utf-8") as f, open(rules, "w", encoding="utf-8") as out:
            out.write(f.read() + THRESHOLD_RULES)
        rule_counters = ("detect.alerts", "detect.rules.observations", "detect.rules.matches",
                         "detect.rules.alerts", "detect.rules.thresholded",
                         "detect.rules.superseded")
        compare(args, res, tmp, "scenarios-rule-thresholds", scen, lab, rule_counters, rules)
        single = read_eve(os.path.join(tmp, "scenarios-rule-thresholds-1", "eve.json"))
        sids = collections.Counter(r["alert"]["signature_id"] for r in single
                                   if r.get("event_type") == "alert")
        res.check(sids[9000001] > 0 and sids[9000002] > 0,
                  "scenarios-rule-thresholds: both threshold rules alert", str(sids))
        last = [r for r in single if r.get("event_type") == "stats"][-1]
        res.check(all(stat(last, "seawall", "counters", c) for c in rule_counters[3:]),
                  "scenarios-rule-thresholds: rules alert, are thresholded and superseded",
                  str([stat(last, "seawall", "counters", c) for c in rule_counters]))
        compare_state(args, res, tmp, scen, lab_text)
        reload_with_workers(args, res, tmp, scen, lab)
        res.check(CROSS_FLOW <= seen, "the captures exercise every cross-flow detection",
                  f"never raised: {sorted(CROSS_FLOW - seen)}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return res.finish()


def compare_state(args, res, tmp, capture, lab_text):
    """One baseline file per run, written by the correlator with workers: equal to the single
    run's (same engine state, so the same JSON text)."""
    texts = {}
    for n in WORKERS:
        d = os.path.join(tmp, f"stateful-{n}")
        os.makedirs(d)
        path = os.path.join(d, "baseline.json")
        with open(os.path.join(d, "seawall.yaml"), "w", encoding="utf-8") as f:
            f.write(lab_text + f"state:\n  file: {path}\n")
        r = run([args.sensor, "-c", os.path.join(d, "seawall.yaml"), "-S", args.rules,
                 "-r", capture, "-l", os.path.join(d, "log"), "--workers", str(n)], timeout=600)
        res.check(r.returncode == 0, f"state: --workers {n} runs", r.stderr[-400:])
        texts[n] = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        res.check(texts[n] is not None, f"state: --workers {n} writes the state file")
        res.check(not any(f.startswith("baseline.json.") for f in os.listdir(d)),
                  f"state: --workers {n} writes no per-worker state files", str(os.listdir(d)))
    for n in WORKERS[1:]:
        res.check(texts[n] is not None and texts[n] == texts[1],
                  f"state: the baselines of {n} workers equal the single run's")


def pcap_records(data):
    """The global header and the packet records of a classic pcap file (either byte order)."""
    order = "<" if data[:4] == b"\xd4\xc3\xb2\xa1" or data[:4] == b"\x4d\x3c\xb2\xa1" else ">"
    records, at = [], 24
    while at + 16 <= len(data):
        incl = struct.unpack(order + "I", data[at + 8:at + 12])[0]
        records.append(data[at:at + 16 + incl])
        at += 16 + incl
    return data[:24], records


def reload_with_workers(args, res, tmp, capture, config):
    """SIGHUP with 2 workers while a capture streams in through a FIFO: the workers and then the
    correlator switch to the new configuration and the old one is released (-v says so; the
    sensor checks between packets, so the last packets arrive after the workers caught up), and
    the run ends cleanly with alerts."""
    fifo = os.path.join(tmp, "capture.fifo")
    os.mkfifo(fifo)
    out = os.path.join(tmp, "reload")
    with open(capture, "rb") as f:
        header, records = pcap_records(f.read())
    half = len(records) // 2
    p = subprocess.Popen([args.sensor, "-c", config, "-S", args.rules, "-r", fifo, "-l", out,
                          "--workers", "2", "-v"], stderr=subprocess.PIPE, text=True)
    try:
        with open(fifo, "wb") as w:
            w.write(header + b"".join(records[:half]))
            w.flush()
            time.sleep(1.0)
            p.send_signal(signal.SIGHUP)
            time.sleep(0.5)
            w.write(b"".join(records[half:-20]))
            w.flush()
            time.sleep(1.5)
            for rec in records[-20:]:
                w.write(rec)
                w.flush()
                time.sleep(0.05)
        err = p.communicate(timeout=120)[1]
    finally:
        if p.poll() is None:
            p.kill()
    res.check(p.returncode == 0, "reload with workers: exit 0", err[-400:])
    res.check("correlator switched" in err,
              "reload with workers: the correlator switched and the old set was released",
              err[-400:])
    alerts = [r for r in read_eve(os.path.join(out, "eve.json")) if r.get("event_type") == "alert"]
    res.check(len(alerts) > 0, "reload with workers: alerts written")


if __name__ == "__main__":
    sys.exit(main())
