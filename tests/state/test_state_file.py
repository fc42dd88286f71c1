#!/usr/bin/python3
"""The sensor's baseline state file and IOC loading, end to end.

Checks (expected values from the contract in sensor/state-file.h and core/ioc.h, not from a
previous run): a run writes a JSON state file with format "seawall-baseline" and version 1 and
leaves no temporary file; a corrupt file is reported as a warning naming the file, not trusted,
kept as <file>.rejected and replaced by a valid one; a file that is no baseline at all is never
replaced; a malformed IOC line is reported with file:line and skipped while
the rest of the list loads (`-T` test mode accepts the config).
"""
import json
import os
import subprocess
import sys
import tempfile

SENSOR, SOURCE = sys.argv[1], sys.argv[2]
PCAP = os.path.join(SOURCE, "samples", "sample.pcap")
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def run(cfg, logdir, *extra):
    return subprocess.run([SENSOR, "-c", cfg, "-r", PCAP, "-l", logdir, *extra],
                          capture_output=True, text=True, timeout=120)


with tempfile.TemporaryDirectory() as tmp:
    state = os.path.join(tmp, "baseline.json")
    iocdir = os.path.join(tmp, "ioc")
    os.mkdir(iocdir)
    with open(os.path.join(iocdir, "mine.tsv"), "w") as f:
        f.write("# operator list\n")
        f.write("198.51.100.77\tip\tlocal\t2025-01-02\thigh\ttest\n")
        f.write("broken line without tabs\n")
    cfg = os.path.join(tmp, "seawall.yaml")
    with open(cfg, "w") as f:
        f.write("networks:\n  infra: [10.0.0.0/8]\n")
        f.write(f"state:\n  file: {state}\n  save-interval: 60\n")
        f.write(f"ioc: [{os.path.join(SOURCE, 'signatures', 'ioc')}, {iocdir}]\n")
    logdir = os.path.join(tmp, "log")

    r = run(cfg, logdir, "-v")
    check("first run exits 0", r.returncode == 0, r.stderr)
    check("malformed IOC line named", "mine.tsv:3" in r.stderr, r.stderr)
    check("state file written", os.path.exists(state))
    with open(state) as f:
        doc = json.load(f)
    check("format", doc.get("format") == "seawall-baseline", str(doc)[:200])
    check("version", doc.get("version") == 1)
    for key in ("server_ports", "device_pairs", "log_cadence"):
        check(f"{key} is a list", isinstance(doc.get(key), list))
    check("no temporary file left", not [n for n in os.listdir(tmp) if ".tmp." in n])

    with open(state, "w") as f:
        f.write("{ this is not json")
    r = run(cfg, logdir)
    check("corrupt state: still runs", r.returncode == 0, r.stderr)
    check("corrupt state: warned with the path", "warning" in r.stderr and state in r.stderr,
          r.stderr)
    with open(state) as f:
        check("corrupt state: replaced by a valid file",
              json.load(f).get("format") == "seawall-baseline")
    kept = open(state + ".rejected").read() if os.path.exists(state + ".rejected") else None
    check("corrupt state: its bytes kept beside it", kept == "{ this is not json", str(kept))
    check("corrupt state: the warning says where", state + ".rejected" in r.stderr, r.stderr)

    # A state.file naming some other file (the sensor often runs as root) never replaces it.
    notes = os.path.join(tmp, "notes.txt")
    with open(notes, "w") as f:
        f.write("root:x:0:0:root:/root:/bin/bash\n")
    os.chmod(notes, 0o644)
    other = os.path.join(tmp, "other.yaml")
    with open(cfg) as f, open(other, "w") as out:
        out.write(f.read().replace(state, notes))
    r = run(other, logdir)
    check("foreign state file: still runs", r.returncode == 0, r.stderr)
    with open(notes) as f:
        check("foreign state file: left as it was", f.read() == "root:x:0:0:root:/root:/bin/bash\n")
    check("foreign state file: mode kept", os.stat(notes).st_mode & 0o777 == 0o644)
    check("foreign state file: not moved", not os.path.exists(notes + ".rejected"))
    check("foreign state file: said so", "not a baseline file" in r.stderr and notes in r.stderr,
          r.stderr)

    with open(state, "w") as f:
        json.dump({"format": "seawall-baseline", "version": 99, "learning_start": 0}, f)
    r = run(cfg, logdir)
    check("other version: reported", "version 99" in r.stderr, r.stderr)

    bad = os.path.join(tmp, "bad.yaml")
    with open(bad, "w") as f:
        f.write("ioc: [/nonexistent/seawall-ioc]\n")
    r = subprocess.run([SENSOR, "-c", bad, "-T"], capture_output=True, text=True, timeout=60)
    check("missing IOC path is a configuration error", r.returncode == 2, r.stderr)
    check("missing IOC path named", "/nonexistent/seawall-ioc" in r.stderr, r.stderr)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
