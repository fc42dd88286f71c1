"""The sensor as a systemd service, under a real systemd.

systemd-container.sh boots /lib/systemd/systemd as PID 1 of a private container (PID, mount,
network, UTS, IPC and cgroup namespaces; the host's / as the lower layer of an overlay, so every
write stays in a tmpfs). Inside it the test does what docs/deployment.md tells an operator: the
`seawall` system user, `cmake --install`, /etc/seawall/seawall.yaml, dist/seawall.service and
/etc/default/seawall, `systemctl enable --now seawall`; the capture interface is one end of a
veth pair and seawall-gen --inject sends scenarios into the other. Then it checks what the unit
and docs promise: systemd-analyze verify is clean, the service is active once `systemctl start`
returns (Type=notify), the process runs as `seawall` with no capability left and the bounding
set CAP_NET_RAW, alerts reach /var/log/seawall/eve.json, `systemctl reload` after a logrotate-
style rename keeps the same process, reopens eve.json and applies the changed configuration,
`systemctl stop` ends it with exit status 0 after logging the flows, and the baseline state
file is written in the StateDirectory.

Expected alert ids come from `seawall-gen --list` (the scenario's catalog id column), not from a
sensor run. SKIP (77) only when a container cannot be made here: not root, no systemd, unshare or
nsenter, or a kernel without overlay or cgroup2 support, or namespaces refused."""
import argparse
import ipaddress
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e"))
from e2etest import Results  # noqa: E402

SKIP = 77
SYSTEMD = ["/lib/systemd/systemd", "/usr/lib/systemd/systemd"]
CAPTURE_IFACE, INJECT_IFACE = "sw-capture", "sw-inject"
# Seed 1 before the reload, seed 2 after it: new ports, so the second batch makes new flows.
BEFORE_RELOAD = ["tun-001-gre-external", "tun-001-benign", "aaa-001-tacacs-rogue",
                 "aaa-001-benign", "exp-001-wsma-bypass", "exp-001-benign",
                 "exf-001-tftp-config", "exf-001-benign", "acc-005-external-mgmt",
                 "acc-005-benign"]
AFTER_RELOAD = ["acc-005-external-mgmt", "acc-005-benign"]
DISABLED_UNTIL_RELOAD = "ST-ACC-005"
CAP_NET_RAW = 13
ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C",
       "SYSTEMD_PAGER": "", "SYSTEMD_COLORS": "0"}


def why_impossible():
    """The reason a container cannot be made on this machine, or None."""
    if os.geteuid() != 0:
        return "not root: namespaces, mounts and a second systemd need root"
    if not any(os.access(p, os.X_OK) for p in SYSTEMD):
        return "systemd is not installed (" + " or ".join(SYSTEMD) + ")"
    for tool in ("unshare", "nsenter", "ip", "useradd"):
        if not shutil.which(tool):
            return f"{tool} is not installed"
    with open("/proc/filesystems") as f:
        kinds = {line.split()[-1] for line in f if line.strip()}
    for fs in ("overlay", "cgroup2"):
        if fs not in kinds:
            return f"the kernel has no {fs} file system"
    probe = subprocess.run(["unshare", "--mount", "--pid", "--fork", "--net", "--cgroup", "true"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        return "namespaces refused: " + probe.stderr.strip()
    return None


class Container:
    """A booted systemd; run() executes a command inside it with nsenter."""

    def __init__(self, script, binds):
        self.base = tempfile.mkdtemp(prefix="seawall-systemd-")
        self.proc = subprocess.Popen(
            ["unshare", "--mount", "--propagation", "private", script, "outer", self.base]
            + binds, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True)
        line = self.proc.stdout.readline()
        self.pid = int(line.split()[1]) if line.startswith("host-pid ") else 0

    def run(self, cmd, timeout=60, stdin_text=None):
        full = ["nsenter", "--target", str(self.pid), "--all"] + cmd
        try:
            return subprocess.run(full, capture_output=True, text=True, timeout=timeout, env=ENV,
                                  input=stdin_text)
        except subprocess.TimeoutExpired:
            return subprocess.CompletedProcess(full, -1, "", f"timed out after {timeout} s")

    def sh(self, script, timeout=60):
        return self.run(["/bin/sh", "-ec", script], timeout=timeout)

    def wait_booted(self, timeout=90):
        end = time.monotonic() + timeout
        state = ""
        while time.monotonic() < end and self.proc.poll() is None:
            r = self.run(["systemctl", "is-system-running"], timeout=10)
            state = r.stdout.strip()
            if state in ("running", "degraded"):
                return state
            time.sleep(0.3)
        return state or "(no answer)"

    def read(self, path):
        r = self.run(["cat", path])
        return r.stdout if r.returncode == 0 else None

    def stop(self):
        if self.pid and self.proc.poll() is None:
            self.run(["systemctl", "poweroff"], timeout=10)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 9)  # unshare --kill-child takes PID 1 down with it
            self.proc.wait()
        err = self.proc.stderr.read()
        shutil.rmtree(self.base, ignore_errors=True)
        return self.proc.returncode, err


def scenario_ids(gen):
    """{scenario: (catalog ids or [], description)} from seawall-gen --list."""
    out = subprocess.run([gen, "--list"], capture_output=True, text=True, check=True).stdout
    table = {}
    for line in out.splitlines():
        name, ids, desc = line.split(None, 2)
        table[name] = ([] if ids == "benign" else ids.split("+"), desc)
    return table


def addresses(text):
    found = set()
    for word in re.findall(r"[0-9a-fA-F.:]+", text):
        try:
            found.add(str(ipaddress.ip_address(word.strip(".:"))))
        except ValueError:
            pass
    return found


def benign_only_addresses(table, names):
    """Addresses that only the benign twins among names use: no alert may name them."""
    positive = set().union(*(addresses(table[n][1]) for n in names if table[n][0]))
    benign = set().union(*(addresses(table[n][1]) for n in names if not table[n][0]))
    return benign - positive


def expected_ids(table, names, disabled=()):
    return sorted({i for n in names for i in table[n][0] if i not in disabled})


def records(text):
    return [json.loads(line) for line in (text or "").splitlines() if line.strip()]


def alert_ids(recs):
    return sorted({r["seawall"]["id"] for r in recs if r.get("event_type") == "alert"})


def lab_config(source, disabled):
    """The lab address plan as an operator's /etc/seawall/seawall.yaml: the installed IOC lists
    and rules, the baseline state in the unit's StateDirectory, `disabled` switched off."""
    with open(os.path.join(source, "etc", "seawall-lab.yaml")) as f:
        text = f.read()
    text = text.replace("ioc: [../signatures/ioc]", "ioc: [/usr/local/share/seawall/ioc]")
    text = re.sub(r"(?m)^default-log-dir:.*\n", "", text)
    if disabled:
        text = text.replace("\ndetections:\n", f"\ndetections:\n  {disabled}: {{enabled: false}}\n")
    return text + ("rules: [/usr/local/share/seawall/seawall.rules]\n"
                   "state:\n  file: /var/lib/seawall/baselines.json\n")


def write_file(ct, path, text):
    return ct.run(["/bin/sh", "-ec", f"cat > {path}"], stdin_text=text)


def cap_sets(status):
    return {k: int(v, 16) for k, v in re.findall(r"(?m)^(Cap\w+):\s+([0-9a-f]+)$", status)}


def wait_for(pred, timeout=20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = pred()
        if value:
            return value
        time.sleep(0.25)
    return pred()


def sanitizer_build(binary):
    with open(binary, "rb") as f:
        return b"__asan_init" in f.read()


def install(ct, res, args):
    """docs/deployment.md's steps, run as root inside the container."""
    src = args.source
    r = ct.sh(f"""
id seawall >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin seawall
cmake --install {args.build} --prefix /usr/local >/dev/null
install -d /etc/seawall
install -m 0644 {src}/dist/seawall.service /etc/systemd/system/
sed 's/^SEAWALL_IFACE=.*/SEAWALL_IFACE={CAPTURE_IFACE}/; s/^SEAWALL_OPTS=.*/SEAWALL_OPTS=/' \
    {src}/dist/seawall.default > /etc/default/seawall
install -m 0644 {src}/dist/seawall.logrotate /etc/logrotate.d/seawall
ip link add {INJECT_IFACE} type veth peer name {CAPTURE_IFACE}
ip link set {INJECT_IFACE} up
ip link set {CAPTURE_IFACE} up
""", timeout=120)
    if not res.check(r.returncode == 0, "operator install steps (useradd, cmake --install, "
                     "unit, default file, veth pair)", r.stderr):
        return False
    if sanitizer_build(os.path.join(args.build, "sensor", "seawall")):
        # LeakSanitizer stops the process with ptrace(2) at exit, which the unit's
        # SystemCallFilter=@system-service forbids: the check would hang. Allowed for this build
        # only, so the service run stays leak-checked; the release build tests the unit as is.
        r = ct.sh("mkdir -p /etc/systemd/system/seawall.service.d && printf '[Service]\\n"
                  "SystemCallFilter=ptrace\\n' > /etc/systemd/system/seawall.service.d/lsan.conf")
        res.check(r.returncode == 0, "sanitizer build: drop-in SystemCallFilter=ptrace for "
                  "LeakSanitizer", r.stderr)
    r = write_file(ct, "/etc/seawall/seawall.yaml", lab_config(src, DISABLED_UNTIL_RELOAD))
    if not res.check(r.returncode == 0, "write /etc/seawall/seawall.yaml", r.stderr):
        return False
    r = ct.run(["systemd-analyze", "verify", "/etc/systemd/system/seawall.service"])
    res.check(r.returncode == 0 and not r.stderr.strip() and not r.stdout.strip(),
              "systemd-analyze verify seawall.service: no complaint",
              r.stdout + r.stderr)
    return True


def main_pid(ct):
    r = ct.run(["systemctl", "show", "-p", "MainPID", "--value", "seawall"])
    return int(r.stdout.strip() or 0)


def check_missing_interface(ct, res):
    """Type=notify: a capture that cannot open fails `systemctl start` itself, with the reason."""
    r = ct.sh("sed -i 's/^SEAWALL_IFACE=.*/SEAWALL_IFACE=sw-missing0/' /etc/default/seawall && "
              "systemctl daemon-reload && systemctl start seawall", timeout=90)
    journal = ct.run(["journalctl", "-u", "seawall", "--no-pager", "-o", "cat"]).stdout
    res.check(r.returncode != 0 and "sw-missing0" in journal,
              "a missing capture interface fails systemctl start, named in the journal",
              f"rc {r.returncode}: {journal[-600:]}")
    errors = ct.run(["journalctl", "-u", "seawall", "-p", "err", "--no-pager", "-o",
                     "cat"]).stdout.splitlines()
    sensor = [line for line in errors if line.startswith("seawall:")]
    res.check(sensor and all(": error: " in line for line in sensor)
              and any("sw-missing0" in line for line in sensor),
              "the sensor's error has priority err in the journal (journalctl -p err), its "
              "info lines do not", "\n".join(errors))
    r = ct.sh("systemctl stop seawall && "
              f"sed -i 's/^SEAWALL_IFACE=.*/SEAWALL_IFACE={CAPTURE_IFACE}/' /etc/default/seawall")
    res.check(r.returncode == 0, "stop the restart loop, name the real interface", r.stderr)


def check_running(ct, res):
    r = ct.sh("systemctl daemon-reload && systemctl enable --now seawall", timeout=90)
    if not res.check(r.returncode == 0, "systemctl enable --now seawall succeeds",
                     r.stderr + ct.run(["journalctl", "-u", "seawall", "--no-pager"]).stdout):
        return 0
    state = ct.run(["systemctl", "is-active", "seawall"]).stdout.strip()
    res.check(state == "active", "active as soon as systemctl start returns (Type=notify)", state)
    text = ct.run(["systemctl", "show", "-p", "StatusText", "--value", "seawall"]).stdout.strip()
    res.check(text == f"capturing on {CAPTURE_IFACE}", "systemctl status shows the sensor's "
              "STATUS= line", text)
    pid = main_pid(ct)
    status = (ct.read(f"/proc/{pid}/status") or "") if pid else ""
    # The user exists only in the container's /etc/passwd: ask there.
    uid = ct.run(["id", "-u", "seawall"]).stdout.strip()
    gid = ct.run(["id", "-g", "seawall"]).stdout.strip()
    uids = re.search(r"(?m)^Uid:\s+(.*)$", status)
    gids = re.search(r"(?m)^Gid:\s+(.*)$", status)
    res.check(uid and uids and uids.group(1).split() == [uid] * 4,
              "the sensor runs as the seawall user (real, effective, saved, fs uid)",
              f"seawall={uid} status {uids.group(1) if uids else '?'}")
    res.check(gid and gids and gids.group(1).split() == [gid] * 4,
              "... and the seawall group", f"seawall={gid} status {gids.group(1) if gids else '?'}")
    caps = cap_sets(status)
    res.check(caps.get("CapEff") == 0 and caps.get("CapPrm") == 0 and caps.get("CapAmb") == 0
              and caps.get("CapInh") == 0,
              "no capability left once the capture is open (CapEff, CapPrm, CapAmb, CapInh 0)",
              str({k: hex(v) for k, v in caps.items()}))
    res.check(caps.get("CapBnd") == 1 << CAP_NET_RAW,
              "bounding set is CAP_NET_RAW alone", hex(caps.get("CapBnd", -1)))
    res.check(re.search(r"(?m)^NoNewPrivs:\s+1$", status) is not None,
              "NoNewPrivileges in force", "")
    r = ct.run(["ip", "-d", "link", "show", CAPTURE_IFACE])
    res.check(re.search(r"\bpromiscuity 1\b", r.stdout), "the capture interface is promiscuous "
              "(CAP_NET_RAW was enough)", r.stdout)
    return pid


def inject(ct, res, gen, names, seed):
    r = ct.run([gen, "--inject", INJECT_IFACE, "--seed", str(seed)] + names)
    res.check(r.returncode == 0, f"seawall-gen --inject {len(names)} scenarios (seed {seed})",
              r.stderr)


def eve_alerts_reach(ct, path, want, timeout=20.0):
    """Alert ids in path once they include want (the file buffer flushes within a second)."""
    wait_for(lambda: set(want) <= set(alert_ids(records(ct.read(path)))), timeout)
    return alert_ids(records(ct.read(path)))


def check_detection(ct, res, table, gen):
    inject(ct, res, gen, BEFORE_RELOAD, 1)
    want = expected_ids(table, BEFORE_RELOAD, disabled=(DISABLED_UNTIL_RELOAD,))
    eve_alerts_reach(ct, "/var/log/seawall/eve.json", want)
    time.sleep(1.5)  # anything unexpected is flushed too
    recs = records(ct.read("/var/log/seawall/eve.json"))
    got = alert_ids(recs)
    res.check(got == want, "eve.json holds the injected scenarios' alerts, and only those "
              f"({DISABLED_UNTIL_RELOAD} disabled)", f"{got} vs {want}")
    forbidden = benign_only_addresses(table, BEFORE_RELOAD)
    hits = [r for r in recs if r.get("event_type") == "alert"
            and {r.get("src_ip"), r.get("dest_ip")} & forbidden]
    res.check(forbidden and not hits, "no alert on the benign twins' approved peers "
              f"{sorted(forbidden)}", str(hits[:2]))


def check_reload(ct, res, args, table, pid):
    """logrotate's job: rename eve.json, `systemctl reload`; the config also changes."""
    r = write_file(ct, "/etc/seawall/seawall.yaml", lab_config(args.source, None))
    res.check(r.returncode == 0, f"enable {DISABLED_UNTIL_RELOAD} in the configuration", r.stderr)
    r = ct.sh("mv /var/log/seawall/eve.json /var/log/seawall/eve.json.1 && "
              "systemctl reload seawall")
    res.check(r.returncode == 0, "systemctl reload seawall succeeds", r.stderr)
    res.check(wait_for(lambda: "applied" in ct.run(
        ["journalctl", "-u", "seawall", "--no-pager", "-o", "cat"]).stdout),
        "the journal reports the reloaded configuration applied")
    res.check(ct.run(["systemctl", "is-active", "seawall"]).stdout.strip() == "active"
              and main_pid(ct) == pid, "after reload: still active, same main process",
              f"pid {main_pid(ct)} vs {pid}")
    res.check(wait_for(lambda: ct.run(["test", "-e", "/var/log/seawall/eve.json"]).returncode
                       == 0), "SIGHUP reopened a fresh eve.json")
    owner = ct.run(["stat", "-c", "%U:%G %a", "/var/log/seawall/eve.json"]).stdout.strip()
    res.check(owner == "seawall:seawall 640", "the new eve.json belongs to seawall, mode 0640 "
              "(UMask=0027)", owner)
    inject(ct, res, args.gen, AFTER_RELOAD, 2)
    want = expected_ids(table, AFTER_RELOAD)
    got = eve_alerts_reach(ct, "/var/log/seawall/eve.json", want)
    res.check(got == want, f"the reloaded configuration (with {DISABLED_UNTIL_RELOAD}) "
              "detects, into the new eve.json", f"{got} vs {want}")


def check_stop(ct, res, pid):
    r = ct.run(["systemctl", "stop", "seawall"], timeout=90)
    res.check(r.returncode == 0, "systemctl stop seawall succeeds", r.stderr)
    show = ct.run(["systemctl", "show", "-p", "ExecMainStatus", "-p", "ExecMainCode",
                   "-p", "Result", "-p", "ActiveState", "seawall"]).stdout
    props = dict(line.split("=", 1) for line in show.splitlines() if "=" in line)
    res.check(props.get("ExecMainCode") == "1" and props.get("ExecMainStatus") == "0"
              and props.get("Result") == "success" and props.get("ActiveState") == "inactive",
              "the sensor exited with status 0 (CLD_EXITED), result success", show)
    recs = records(ct.read("/var/log/seawall/eve.json.1")) + records(
        ct.read("/var/log/seawall/eve.json"))
    flows = {r.get("flow_id") for r in recs if r.get("event_type") == "flow"}
    alerted = {r.get("flow_id") for r in recs if r.get("event_type") == "alert"}
    res.check(alerted and alerted <= flows, "at stop every alerted flow is logged as a flow "
              "record", f"{len(alerted - flows)} of {len(alerted)} missing")
    stats = [r for r in recs if r.get("event_type") == "stats"]
    res.check(stats and stats[-1]["seawall"]["counters"].get("eve.write_errors") == 0,
              "a final stats record with no write error", str(stats[-1:])[:300])
    state = ct.run(["stat", "-c", "%U %s", "/var/lib/seawall/baselines.json"]).stdout.split()
    res.check(len(state) == 2 and state[0] == "seawall" and int(state[1]) > 0,
              "the baselines were saved in the StateDirectory", " ".join(state))
    journal = ct.run(["journalctl", f"_PID={pid}", "--no-pager", "-o", "cat"]).stdout
    worse = ct.run(["journalctl", f"_PID={pid}", "-p", "warning", "--no-pager", "-o",
                    "cat"]).stdout
    res.check("packets" in journal and not worse.strip() and ": error:" not in journal
              and ": warning:" not in journal,
              "the service's journal has the exit summary and no error or warning",
              worse or journal[-600:])


def check_two_workers(ct, res):
    """The shipped /etc/default/seawall asks for --workers 2: one capture handle per worker in a
    fanout group. systemd must still hear READY=1 and STOPPING=1 from that path."""
    r = ct.sh("sed -i 's/^SEAWALL_OPTS=.*/SEAWALL_OPTS=\"--workers 2\"/' /etc/default/seawall && "
              "systemctl start seawall", timeout=90)
    journal = ct.run(["journalctl", "-u", "seawall", "--no-pager", "-o", "cat"]).stdout
    if not res.check(r.returncode == 0, "--workers 2: systemctl start returns (READY=1 sent "
                     "once every fanout handle is open)", r.stderr + journal[-800:]):
        return
    text = ct.run(["systemctl", "show", "-p", "StatusText", "--value", "seawall"]).stdout.strip()
    res.check(text == f"capturing on {CAPTURE_IFACE}", "--workers 2: STATUS= line shown", text)
    res.check(f"2 handles on {CAPTURE_IFACE} in PACKET_FANOUT group" in journal,
              "--workers 2: the journal names the fanout group", journal[-800:])
    r = ct.run(["systemctl", "stop", "seawall"], timeout=90)
    show = ct.run(["systemctl", "show", "-p", "ExecMainStatus", "-p", "Result",
                   "seawall"]).stdout
    res.check(r.returncode == 0 and "ExecMainStatus=0" in show and "Result=success" in show,
              "--workers 2: systemctl stop ends it with status 0", show + r.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--gen", required=True)
    args = ap.parse_args()
    reason = why_impossible()
    if reason:
        print(f"SKIP ops/systemd: {reason}")
        return SKIP
    res = Results("ops/systemd")
    table = scenario_ids(args.gen)
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "systemd-container.sh")
    binds = sorted({os.path.realpath(args.source), os.path.realpath(args.build)})
    ct = Container(script, binds)
    try:
        if not res.check(ct.pid > 0, "the container starts", ct.proc.stderr.read()
                         if ct.proc.poll() is not None else ""):
            return res.finish()
        state = ct.wait_booted()
        if not res.check(state in ("running", "degraded"),
                         "systemd boots as PID 1 of the container (basic.target)", state):
            return res.finish()
        if state == "degraded":
            print(ct.run(["systemctl", "--failed", "--no-pager"]).stdout)
        if install(ct, res, args):
            check_missing_interface(ct, res)
            pid = check_running(ct, res)
            if pid:
                check_detection(ct, res, table, args.gen)
                check_reload(ct, res, args, table, pid)
                check_stop(ct, res, pid)
                check_two_workers(ct, res)
    finally:
        rc, err = ct.stop()
        # reboot(2) from PID 1 of a PID namespace ends it by SIGINT for a power-off
        # (pid_namespaces(7)); unshare reports that as 128 + 2.
        res.check(rc == 128 + 2, "the container powers off cleanly (reboot(2) in a PID "
                  "namespace: SIGINT)", f"exit {rc}: {err[-2000:]}")
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
