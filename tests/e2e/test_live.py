#!/usr/bin/env python3
"""Live capture end to end, inside a network namespace made for the test (nothing leaves it):
seawall -i lo captures what seawall-gen --inject lo sends; SIGHUP reopens eve.json after a
logrotate-style rename; SIGTERM ends every flow and writes a final stats record. Then
--workers 2 with PACKET_FANOUT on a veth pair (live_fanout.py).
Needs root (ip netns); otherwise it reports SKIP (exit 77), never a pass."""
import argparse
import os
import signal
import subprocess
import tempfile
import time

from e2etest import Results, alert_ids, read_eve, run, sanitizer_report, wait_for
from live_fanout import fanout_phase

SKIP = 77
# One positive per flow-level detection: small, and each raises exactly its id.
LIVE_SCENARIOS = ["tun-001-gre-external", "tun-002-ike-external", "tun-003-erspan-ii",
                  "aaa-001-tacacs-rogue", "aaa-002-radius-rogue", "snmp-001-non-nms",
                  "acc-002-xr-operns", "acc-005-external-mgmt"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sensor", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--config", required=True)
    args = ap.parse_args()
    ns = f"seawall-test-{os.getpid()}"
    if os.geteuid() != 0 or run(["ip", "netns", "add", ns]).returncode != 0:
        print("SKIP: live capture needs root and ip netns (not available here)")
        return SKIP
    res = Results("e2e-live")
    try:
        run(["ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up"])
        with tempfile.TemporaryDirectory(prefix="seawall-live-") as tmp:
            logdir = os.path.join(tmp, "logs")
            inns = ["ip", "netns", "exec", ns]
            sensor = subprocess.Popen(inns + [args.sensor, "-c", args.config, "-i", "lo",
                                              "-l", logdir], stderr=subprocess.PIPE, text=True)
            eve = os.path.join(logdir, "eve.json")
            res.check(wait_for(lambda: os.path.exists(eve), 10), "sensor opened eve.json")
            time.sleep(0.5)  # the capture handle is active once eve.json exists; settle anyway
            g = run(inns + [args.gen, "--inject", "lo", "--seed", "1"] + LIVE_SCENARIOS)
            res.check(g.returncode == 0, "seawall-gen --inject lo (flow-level scenarios)", g.stderr)
            res.check(wait_for(lambda: len(alert_ids(read_eve(eve))) >= 9, 10),
                      "alerts written within seconds (buffer flushed on idle)")
            first = sorted(set(alert_ids(read_eve(eve))))
            expected = sorted({"ST-TUN-001", "ST-TUN-002", "ST-TUN-003", "ST-AAA-001",
                               "ST-AAA-002", "ST-SNMP-001", "ST-ACC-002", "ST-ACC-005"})
            res.check(first == expected, "live capture raises each injected scenario's id",
                      f"{first}")
            os.rename(eve, eve + ".1")
            sensor.send_signal(signal.SIGHUP)
            res.check(wait_for(lambda: os.path.exists(eve), 5), "SIGHUP reopened eve.json")
            g = run(inns + [args.gen, "--inject", "lo", "--seed", "2", "aaa-002-radius-rogue"])
            res.check(wait_for(lambda: "ST-AAA-002" in alert_ids(read_eve(eve)), 10),
                      "records after the reopen go to the new file")
            sensor.send_signal(signal.SIGTERM)
            try:
                _, err = sensor.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                sensor.kill()
                _, err = sensor.communicate()
            res.check(sensor.returncode == 0 and not sanitizer_report(err),
                      "SIGTERM: exit 0, no sanitizer report", f"rc={sensor.returncode} {err}")
            last = read_eve(eve)
            stats = [r for r in last if r.get("event_type") == "stats"]
            res.check(stats and stats[-1]["seawall"]["counters"].get("eve.reopens") == 1,
                      "final stats record counts the reopen",
                      str(stats[-1]["seawall"]["counters"] if stats else None))
            flows = [r for r in last if r.get("event_type") == "flow"]
            res.check(len(flows) > 0, "flows still open at SIGTERM were ended and logged")
            v = run(["/usr/bin/python3", os.path.join(os.path.dirname(__file__), "..", "eve",
                     "validate_eve.py"), os.environ.get("SW_SCHEMA", ""), eve, eve + ".1"])
            if os.environ.get("SW_SCHEMA"):
                res.check(v.returncode == 0, "live records validate", v.stdout[-1500:])
            fanout_phase(args, res, ns, tmp)
    finally:
        run(["ip", "netns", "del", ns])
    return res.finish()


if __name__ == "__main__":
    raise SystemExit(main())
