"""Service operation of the sensor: pid file and daemon mode, SIGHUP reload (a broken config is
reported and the old one kept; a valid one changes detection on a running capture), privilege
drop to `nobody`, and thresholds from the config.

A running capture is a FIFO read with -r: the test writes the pcap header and a filler frame,
signals, then writes the rest, so the sensor is alive and reading when signalled. Every wait is
bounded. Expected alert sets come from the unfiltered run, filtered by hand with the documented
threshold semantics (docs/hygiene.md), or from the lab plan (no networks: no alert can fire)."""
import argparse
import json
import os
import pwd
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e"))
from e2etest import Results, read_eve, run  # noqa: E402

# No network sets and no IOC lists (the shipped ones are used unless `ioc:` says otherwise).
BLANK_CONFIG = "outputs: [{type: file}]\nioc: []\n"
BROKEN_CONFIG = "networks:\n  infra: [10.10.0.0/33]\n"


def pcap_parts(path):
    """(global header, [(record header, data)]) of a classic little-endian pcap."""
    with open(path, "rb") as f:
        blob = f.read()
    header, off, packets = blob[:24], 24, []
    while off + 16 <= len(blob):
        caplen = struct.unpack_from("<I", blob, off + 8)[0]
        packets.append(blob[off:off + 16 + caplen])
        off += 16 + caplen
    return header, packets


def filler_like(record):
    """A 60-byte ARP frame (no IP: no flow, no alert) with the time of `record`."""
    sec, usec = struct.unpack_from("<II", record, 0)
    frame = b"\xff" * 6 + b"\x02" + b"\x00" * 5 + b"\x08\x06" + b"\x00" * 46
    return struct.pack("<IIII", sec, usec, len(frame), len(frame)) + frame


def wait_for(pred, timeout=20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.05)
    return pred()


def alerts(path):
    if not os.path.exists(path):
        return []
    return [r for r in read_eve(path) if r.get("event_type") == "alert"]


class FifoRun:
    """A sensor reading a FIFO; feed() writes, close() ends the capture."""

    def __init__(self, args, tmp, name, sample, extra):
        self.fifo = os.path.join(tmp, name + ".fifo")
        os.mkfifo(self.fifo)
        self.logdir = os.path.join(tmp, name)
        self.header, self.packets = pcap_parts(sample)
        cmd = [args.sensor, "-r", self.fifo, "-l", self.logdir] + extra
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        self.w = open(self.fifo, "wb")  # returns once the sensor opened the read end

    def start(self):
        wait_for(lambda: os.path.exists(os.path.join(self.logdir, "eve.json")))
        time.sleep(0.5)  # signal handlers are installed right after the outputs open
        self.w.write(self.header + filler_like(self.packets[0]))
        self.w.flush()

    def signal_then_feed(self, sig=signal.SIGHUP):
        time.sleep(0.3)
        self.proc.send_signal(sig)
        time.sleep(0.3)
        # The reload runs at the poll after the next packet: the filler, not a sample packet.
        self.w.write(filler_like(self.packets[0]) + b"".join(self.packets))
        self.w.close()

    def feed_rest(self):
        self.w.write(b"".join(self.packets))
        self.w.close()

    def finish(self):
        try:
            out, err = self.proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
        return self.proc.returncode, out, err


def test_pidfile_and_daemon(args, res, tmp, lab):
    pidfile = os.path.join(tmp, "seawall.pid")
    fifo = os.path.join(tmp, "daemon.fifo")
    os.mkfifo(fifo)
    logdir = os.path.join(tmp, "daemon")
    # The daemon opens the FIFO after detaching; the parent's exit comes first.
    first = run([args.sensor, "-D", "--pidfile", pidfile, "-c", lab, "-r", fifo, "-l", logdir],
                timeout=30)
    res.check(first.returncode == 0, "-D: the starting process exits 0 once detached",
              first.stderr)
    res.check(wait_for(lambda: os.path.exists(pidfile)), "-D writes the pid file")
    pid = int(open(pidfile).read().strip() or 0) if os.path.exists(pidfile) else 0
    res.check(pid > 0 and os.path.exists(f"/proc/{pid}"), "the pid file names a live process",
              str(pid))
    res.check(not any(n.startswith("seawall.pid.tmp") for n in os.listdir(tmp)),
              "no temporary pid file is left (written by rename)")
    second = run([args.sensor, "--pidfile", pidfile, "-c", lab, "-r", args.sample,
                  "-l", os.path.join(tmp, "second")], timeout=30)
    res.check(second.returncode == 1 and "holds this pid file" in second.stderr,
              "a second instance refuses the live pid file", second.stderr)
    with open(fifo, "wb") as w:  # the daemon is blocked opening the FIFO until now
        w.write(open(args.sample, "rb").read())
    res.check(wait_for(lambda: not os.path.exists(pidfile)), "the pid file is removed at exit")
    res.check(len(alerts(os.path.join(logdir, "eve.json"))) > 0,
              "the daemon processed the capture and wrote alerts")
    with open(pidfile, "w") as f:  # a stale pid file (no such process) is replaced
        f.write("999999\n")
    stale = run([args.sensor, "--pidfile", pidfile, "-c", lab, "-r", args.sample,
                 "-l", os.path.join(tmp, "stale")], timeout=60)
    res.check(stale.returncode == 0 and not os.path.exists(pidfile),
              "a stale pid file is taken over and removed at exit", stale.stderr)


def copy_lab(lab, dst):
    """The lab plan elsewhere: its relative `ioc:` list is taken from the config's directory, so
    the copy names the shipped lists by absolute path (a missing list is a startup error)."""
    iocs = os.path.normpath(os.path.join(os.path.dirname(lab), "..", "signatures", "ioc"))
    with open(lab) as f:
        text = f.read()
    with open(dst, "w") as f:
        f.write(text.replace("ioc: [../signatures/ioc]", f"ioc: [{iocs}]"))


def test_reload(args, res, tmp, lab, baseline):
    # Broken config on SIGHUP: reported, old (lab) config kept, the capture goes on.
    cfg = os.path.join(tmp, "reload-bad.yaml")
    copy_lab(lab, cfg)
    fr = FifoRun(args, tmp, "reload-bad", args.sample, ["-c", cfg])
    fr.start()
    with open(cfg, "w") as f:
        f.write(BROKEN_CONFIG)
    fr.signal_then_feed()
    rc, _, err = fr.finish()
    res.check(rc == 0, "SIGHUP with a broken config: the sensor keeps running", err)
    res.check("reload: configuration" in err and "keeping the previous configuration" in err
              and "reload-bad.yaml:2" in err,
              "the broken config is reported with file and line", err)
    got = len(alerts(os.path.join(fr.logdir, "eve.json")))
    res.check(got == baseline, "the old configuration still detects",
              f"{got} alerts, want {baseline}")

    # Valid new config on SIGHUP: from no networks (nothing can fire) to the lab plan.
    cfg = os.path.join(tmp, "reload-good.yaml")
    with open(cfg, "w") as f:
        f.write(BLANK_CONFIG)
    fr = FifoRun(args, tmp, "reload-good", args.sample, ["-c", cfg])
    fr.start()
    copy_lab(lab, cfg)
    fr.signal_then_feed()
    rc, _, err = fr.finish()
    res.check(rc == 0 and "reload: configuration" in err and "applied" in err,
              "SIGHUP with a valid config applies it", err)
    got = len(alerts(os.path.join(fr.logdir, "eve.json")))
    res.check(got == baseline, "the reloaded network sets drive detection",
              f"{got} alerts, want {baseline}")
    blank = run([args.sensor, "-c", os.path.join(tmp, "blank.yaml"), "-r", args.sample, "-l",
                 os.path.join(tmp, "blank")], timeout=60)
    res.check(len(alerts(os.path.join(tmp, "blank", "eve.json"))) == 0,
              "control: without networks the same capture raises nothing", blank.stderr)


LOOPBACK_REASON = "source is a loopback not in the inventory"


def lat001_reasons(path):
    """{source: set of ST-LAT-001 reasons} of an eve.json."""
    out = {}
    for a in alerts(path):
        if a["seawall"]["id"] == "ST-LAT-001":
            ev = a["seawall"]["evidence"]
            out.setdefault(ev["source"], set()).add(ev["baseline"])
    return out


def test_reload_inventory(args, res, tmp, lab):
    """The loopback inventory file is part of a reload: the lab's inline loopbacks move to a
    file that starts empty (so 10.10.255.1 and .2 look rogue) and is filled before SIGHUP."""
    inv = os.path.join(tmp, "loopbacks.txt")
    cfg = os.path.join(tmp, "reload-inventory.yaml")
    copy_lab(lab, cfg)
    with open(cfg) as f:
        text = f.read()
    inline = "loopbacks: [10.10.255.1, 10.10.255.2]"
    res.check(inline in text, "the lab config lists its inventoried loopbacks inline")
    with open(cfg, "w") as f:
        f.write(text.replace(inline, "loopbacks: []") + f"\nloopback-files: [{inv}]\n")
    with open(inv, "w") as f:
        f.write("# no devices yet\n")
    control = os.path.join(tmp, "inventory-control")
    run([args.sensor, "-c", cfg, "-r", args.sample, "-l", control], timeout=60)
    before = lat001_reasons(os.path.join(control, "eve.json"))
    res.check(LOOPBACK_REASON in before.get("10.10.255.1", set()),
              "control: with an empty inventory file 10.10.255.1 is an unknown loopback",
              str(before))

    def reload_with(name, inventory):
        """A capture whose inventory file becomes `inventory` just before SIGHUP."""
        fr = FifoRun(args, tmp, name, args.sample, ["-c", cfg])
        fr.start()
        with open(inv, "w") as f:
            f.write(inventory)
        fr.signal_then_feed()
        rc, _, err = fr.finish()
        return rc, err, lat001_reasons(os.path.join(fr.logdir, "eve.json"))

    rc, err, after = reload_with("reload-inventory", "10.10.255.1\n10.10.255.2/32  # pe-2\n")
    res.check(rc == 0 and "applied" in err and
              LOOPBACK_REASON not in after.get("10.10.255.1", set()) and
              LOOPBACK_REASON not in after.get("10.10.255.2", set()) and
              LOOPBACK_REASON in after.get("10.10.255.9", set()),
              "SIGHUP reads the inventory file again: .1 and .2 known, .9 still not",
              f"{after} {err}")
    rc, err, _ = reload_with("reload-inventory-bad", "10.10.255.1\n10.10.255.x\n")
    res.check(rc == 0 and "keeping the previous configuration" in err and
              f"{inv}:2" in err and "10.10.255.x" in err,
              "a bad inventory line on SIGHUP is reported with file:line, old config kept", err)


def test_privs(args, res, tmp, lab, baseline):
    if os.geteuid() != 0:
        print("SKIP privilege drop: not running as root")
        return
    nobody = pwd.getpwnam("nobody")
    fr = FifoRun(args, tmp, "privs", args.sample,
                 ["-c", lab, "--user", "nobody", "--group", "nogroup"])
    fr.start()
    # The drop happens at the first poll, after the filler frame.
    ok = wait_for(lambda: f"\t{nobody.pw_uid}\t" in open(f"/proc/{fr.proc.pid}/status").read())
    status = open(f"/proc/{fr.proc.pid}/status").read()
    uid_line = [l for l in status.splitlines() if l.startswith("Uid:")]
    cap_eff = [l for l in status.splitlines() if l.startswith("CapEff:")]
    res.check(ok and uid_line and uid_line[0].split()[1:] == [str(nobody.pw_uid)] * 4,
              "--user nobody: real, effective, saved and fs uid all switched", str(uid_line))
    res.check(cap_eff and int(cap_eff[0].split()[1], 16) == 0,
              "reading files keeps no capability", str(cap_eff))
    fr.feed_rest()
    rc, _, err = fr.finish()
    got = len(alerts(os.path.join(fr.logdir, "eve.json")))
    res.check(rc == 0 and got == baseline, "after the drop the capture is still processed",
              f"rc {rc}, {got} alerts, want {baseline}: {err}")


def test_thresholds(args, res, tmp, lab, base_alerts):
    ids = [a["seawall"]["id"] for a in base_alerts]
    victim = ids[0]
    thr = os.path.join(tmp, "threshold.config")
    with open(thr, "w") as f:
        f.write(f"suppress sig_id {victim}\n")
    cfg = os.path.join(tmp, "thr.yaml")
    copy_lab(lab, cfg)
    with open(cfg, "a") as f:
        f.write("\nthresholds: threshold.config\n")
    out = os.path.join(tmp, "thr")
    r = run([args.sensor, "-c", cfg, "-r", args.sample, "-l", out], timeout=60)
    recs = read_eve(os.path.join(out, "eve.json")) if r.returncode == 0 else []
    got = sorted(a["seawall"]["id"] for a in recs if a.get("event_type") == "alert")
    want = sorted(i for i in ids if i != victim)
    res.check(got == want, f"thresholds: suppress {victim} removes exactly its alerts",
              f"{got} vs {want}: {r.stderr}")
    stats = [x for x in recs if x.get("event_type") == "stats"]
    sup = stats[-1]["seawall"]["counters"].get("detect.hygiene.suppressed") if stats else None
    res.check(sup == ids.count(victim), "detect.hygiene.suppressed counts them", str(sup))
    with open(thr, "w") as f:
        f.write("threshold gen_id 1, sig_id 0, type limit, track by_rule, count 1, "
                "seconds 86400\n")
    run([args.sensor, "-c", cfg, "-r", args.sample, "-l", out + "2"], timeout=60)
    got = sorted(a["seawall"]["id"] for a in alerts(os.path.join(out + "2", "eve.json")))
    res.check(got == sorted(set(ids)), "limit 1 by_rule: one alert per signature",
              f"{got} vs {sorted(set(ids))}")
    with open(thr, "w") as f:
        f.write("threshold gen_id 1, sig_id 1, type limit, track by_rule\n")
    bad = run([args.sensor, "-c", cfg, "-T"], timeout=30)
    res.check(bad.returncode == 2 and "threshold.config:1" in bad.stderr,
              "a bad thresholds file is a configuration error naming file:line", bad.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sensor", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--sample", required=True)
    args = ap.parse_args()
    res = Results("ops/service")
    lab = os.path.join(args.source, "etc", "seawall-lab.yaml")
    tmp = tempfile.mkdtemp(prefix="seawall-ops-")
    try:
        with open(os.path.join(tmp, "blank.yaml"), "w") as f:
            f.write(BLANK_CONFIG)
        r = run([args.sensor, "-c", lab, "-r", args.sample, "-l", os.path.join(tmp, "base")])
        base = alerts(os.path.join(tmp, "base", "eve.json"))
        if not res.check(r.returncode == 0 and base, "baseline run raises alerts", r.stderr):
            return res.finish()
        test_pidfile_and_daemon(args, res, tmp, lab)
        test_reload(args, res, tmp, lab, len(base))
        test_reload_inventory(args, res, tmp, lab)
        test_privs(args, res, tmp, lab, len(base))
        test_thresholds(args, res, tmp, lab, base)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
