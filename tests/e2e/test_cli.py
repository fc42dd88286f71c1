#!/usr/bin/env python3
"""The sensor's command line and configuration errors as an operator meets them."""
import argparse
import os
import tempfile

from e2etest import Results, read_eve, run, sanitizer_report

HERE = os.path.dirname(os.path.abspath(__file__))


def expected_errors():
    rows = []
    with open(os.path.join(HERE, "expected-config-errors.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            name, lineno, text = [p.strip() for p in line.split("|")]
            rows.append((name, int(lineno), text))
    return rows


IOC_IDS = {"ST-ACC-006", "ST-C2-001"}


def alert_ids(logdir):
    path = os.path.join(logdir, "eve.json")
    recs = read_eve(path) if os.path.exists(path) else []
    return [r["seawall"]["id"] for r in recs if r.get("event_type") == "alert"]


def check_ioc_default(res, args):
    """Without an `ioc:` key the shipped lists are matched (no network set needed); `ioc: []`
    turns matching off; no lists beside the catalog is a warning, not silence."""
    s = args.sensor
    with tempfile.TemporaryDirectory() as tmp:
        cfg = os.path.join(tmp, "seawall.yaml")
        with open(cfg, "w") as f:
            f.write("outputs: [{type: file}]\n")
        out = run([s, "-v", "-c", cfg, "-r", args.sample, "-l", os.path.join(tmp, "shipped")])
        ids = alert_ids(os.path.join(tmp, "shipped"))
        res.check(out.returncode == 0 and ids and set(ids) <= IOC_IDS
                  and "the shipped lists in" in out.stderr,
                  "no ioc key: the shipped IOC lists match on the sample (and nothing else fires)",
                  f"rc={out.returncode} ids={sorted(set(ids))} {out.stderr[-400:]}")
        off = os.path.join(tmp, "off.yaml")
        with open(off, "w") as f:
            f.write("outputs: [{type: file}]\nioc: []\n")
        out = run([s, "-c", off, "-r", args.sample, "-l", os.path.join(tmp, "off")])
        res.check(out.returncode == 0 and not alert_ids(os.path.join(tmp, "off")),
                  "ioc: [] turns IOC matching off", out.stderr[-400:])
        catalog = os.path.join(tmp, "catalog.yaml")
        with open(os.path.join(args.source, "signatures", "catalog.yaml")) as src, \
                open(catalog, "w") as dst:
            dst.write(src.read())
        out = run([s, "-T", "-c", cfg], env=dict(os.environ, SEAWALL_CATALOG=catalog))
        res.check(out.returncode == 0 and "IOC matching (ST-ACC-006, ST-C2-001) is off" in out.stderr
                  and os.path.join(tmp, "ioc") in out.stderr,
                  "no ioc key and no lists beside the catalog: a warning naming where it looked",
                  out.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sensor", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--sample", required=True)
    args = ap.parse_args()
    res = Results("e2e-cli")
    s = args.sensor
    for cfg in ["etc/seawall.yaml", "etc/seawall-lab.yaml"]:
        out = run([s, "-T", "-c", os.path.join(args.source, cfg)])
        res.check(out.returncode == 0 and "successfully loaded" in out.stdout,
                  f"-T accepts the shipped {cfg}", out.stderr)
    for name, lineno, text in expected_errors():
        path = os.path.join(HERE, "bad-configs", name)
        out = run([s, "-T", "-c", path])
        where = f"{path}:{lineno}:"
        res.check(out.returncode == 2 and where in out.stderr and text in out.stderr
                  and not sanitizer_report(out.stderr),
                  f"{name}: exit 2 naming {os.path.basename(where)} and '{text}'",
                  f"rc={out.returncode} stderr={out.stderr.strip()}")
    with tempfile.TemporaryDirectory() as tmp:
        # The loopback inventory file (ST-LAT-001): relative to the config; a bad line stops the
        # start naming the inventory file and its line, not the YAML.
        cfg = os.path.join(tmp, "seawall.yaml")
        inventory = os.path.join(tmp, "loopbacks.txt")
        with open(cfg, "w") as f:
            f.write("networks:\n  loopback_ranges: [10.255.0.0/24]\n"
                    "loopback-files: [loopbacks.txt]\n")
        with open(inventory, "w") as f:
            f.write("# pe routers\n10.255.0.1\n10.255.0.2/32  # pe2\n")
        out = run([s, "-T", "-c", cfg])
        res.check(out.returncode == 0, "-T accepts a loopback inventory file", out.stderr)
        with open(inventory, "a") as f:
            f.write("\n10.255.0.256\n")
        out = run([s, "-T", "-c", cfg])
        res.check(out.returncode == 2 and f"{inventory}:5:" in out.stderr
                  and "10.255.0.256" in out.stderr and "loopback-files" in out.stderr,
                  "a bad inventory line: exit 2 naming loopbacks.txt:5 and the value",
                  f"rc={out.returncode} stderr={out.stderr.strip()}")
        os.unlink(inventory)
        out = run([s, "-T", "-c", cfg])
        res.check(out.returncode == 2 and "loopbacks.txt" in out.stderr,
                  "a missing inventory file: exit 2 naming it", out.stderr)
    check_ioc_default(res, args)
    out = run([s])
    res.check(out.returncode == 2 and "-r PATH or -i IFACE" in out.stderr,
              "no input: exit 2 with a hint", out.stderr)
    out = run([s, "--bogus"])
    res.check(out.returncode == 2, "unknown option: exit 2", out.stderr)
    out = run([s, "--version"])
    res.check(out.returncode == 0 and out.stdout.startswith("seawall "), "--version")
    out = run([s, "--help"])
    res.check(out.returncode == 0 and "-r PATH" in out.stdout, "--help")
    with tempfile.TemporaryDirectory() as tmp:
        missing = os.path.join(tmp, "nope.pcap")
        out = run([s, "-r", missing, "-l", tmp])
        res.check(out.returncode == 1 and "nope.pcap" in out.stderr,
                  "missing capture: exit 1 naming the file", out.stderr)
        junk = os.path.join(tmp, "junk.pcap")
        with open(junk, "wb") as f:
            f.write(b"this is not a capture file at all")
        out = run([s, "-r", junk, "-l", tmp])
        res.check(out.returncode == 1 and "junk.pcap" in out.stderr
                  and not sanitizer_report(out.stderr),
                  "not a capture: exit 1 naming the file", out.stderr)
        out = run([s, "-r", args.sample, "-l", os.path.join(tmp, "noconf")])
        res.check(out.returncode == 0 and "no configuration file" in out.stderr
                  and "network sets" in out.stderr,
                  "no config: runs, warns that network sets are missing", out.stderr)
        out = run([s, "-r", args.sample, "-l", os.path.join(tmp, "bpf"), "udp"])
        res.check(out.returncode == 0, "a trailing BPF expression is accepted", out.stderr)
        out = run([s, "-r", args.sample, "-l", os.path.join(tmp, "bpf2"), "not", "a", "((("])
        res.check(out.returncode == 1 and "BPF" in out.stderr, "a bad BPF filter is an error",
                  out.stderr)
        for extra in (["--user", "seawall-no-such-user"],
                      ["--user", "root", "--group", "seawall-no-such-group"]):
            out = run([s, "-r", args.sample, "-l", os.path.join(tmp, "user")] + extra)
            res.check(out.returncode == 2 and extra[-1] in out.stderr
                      and "packets" not in out.stderr,
                      f"{' '.join(extra)}: exit 2 before reading, naming it", out.stderr)
            out = run([s, "-T"] + extra)
            res.check(out.returncode == 2 and extra[-1] in out.stderr,
                      f"-T {' '.join(extra)}: exit 2", out.stderr)
        empty = os.path.join(tmp, "empty-dir")
        os.mkdir(empty)
        out = run([s, "-r", empty, "-l", os.path.join(tmp, "empty-out")])
        res.check(out.returncode == 0 and "no capture files found" in out.stderr
                  and not sanitizer_report(out.stderr),
                  "an empty capture directory: a warning, no sanitizer report", out.stderr)
        full = os.path.join(tmp, "full.yaml")
        with open(full, "w", encoding="utf-8") as f:
            f.write("outputs: [{type: file, path: /dev/full}]\n")
        out = run([s, "-c", full, "-r", args.sample, "-l", os.path.join(tmp, "full")])
        res.check(out.returncode == 1 and "records were not written" in out.stderr
                  and "/dev/full" in out.stderr,
                  "an output that loses every record: exit 1 with the count", out.stderr)
        out = run([s, "-r", args.sample, "-l", "/proc/seawall-cannot-exist"])
        res.check(out.returncode == 1 and "seawall-cannot-exist" in out.stderr,
                  "unwritable log directory: exit 1 naming it", out.stderr)
        out = run([s, "-c", os.path.join(args.source, "etc/seawall-lab.yaml"), "-r", args.sample,
                   "-l", os.path.join(tmp, "print"), "--print-alerts"])
        res.check(out.returncode == 0 and "[**] [1:91004" in out.stdout,
                  "--print-alerts prints fast-log lines", out.stdout[-500:] + out.stderr)
    return res.finish()


if __name__ == "__main__":
    raise SystemExit(main())
