#!/usr/bin/python3
"""The Redis sink against a real redis-server on a free loopback port.

Checks: every record the sensor produced (counted in a second, unbuffered file output) arrives in
a list, a stream and on a pub/sub channel; Redis killed mid-run and restarted on the same port
gives produced == delivered + eve.redis.dropped from the final stats record, and exit 0; two sensor
processes publishing to one stream are read completely by one reader. Only 127.0.0.1 is used;
every wait is bounded in time."""
import argparse
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

RESULTS = {"passed": 0, "failed": 0}


def check(cond, what):
    RESULTS["passed" if cond else "failed"] += 1
    print(("ok   " if cond else "FAIL ") + what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Resp:
    """A minimal RESP2 client (the test needs no Python Redis library)."""

    def __init__(self, port, timeout=5.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""

    def close(self):
        self.sock.close()

    def _line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exact(self, n):
        while len(self.buf) < n + 2:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def reply(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind in (b"+", b"-"):
            return rest.decode()
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self._exact(n)
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self.reply() for _ in range(n)]
        raise ValueError("bad reply %r" % line)

    def send(self, *args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.sock.sendall(out)

    def cmd(self, *args):
        self.send(*args)
        return self.reply()


class Redis:
    def __init__(self, workdir, port):
        self.workdir, self.port, self.proc = workdir, port, None

    def start(self):
        # appendfsync always: a write is on disk before Redis answers it, so a killed server
        # keeps every record it acknowledged and the count across the restart is exact.
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "yes", "--appendfsync", "always", "--dir", self.workdir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                c = Resp(self.port)
                if c.cmd("PING") == "PONG":
                    c.close()
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start on port %d" % self.port)

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)


def write_config(path, eve_path, port, mode, key, queue_size=10000, flow_timeout=0):
    with open(path, "w") as f:
        if flow_timeout:
            f.write("flow:\n  timeouts:\n" + "".join(
                "    %s: %d\n" % (k, flow_timeout) for k in
                ("tcp-new", "tcp-established", "tcp-closed", "udp-new", "udp", "icmp", "other")))
        f.write("outputs:\n"
                "  - type: file\n    path: %s\n    buffer-size: 0\n"
                "  - type: redis\n    address: 127.0.0.1\n    port: %d\n    mode: %s\n"
                "    key: %s\n    queue-size: %d\n    flush-deadline: 5000\n"
                % (eve_path, port, mode, key, queue_size))


def eve_lines(path):
    with open(path, "rb") as f:
        return [line.rstrip(b"\n") for line in f if line.strip()]


def counters(lines):
    last = json.loads(lines[-1])
    check(last.get("event_type") == "stats", "the last record is the final stats record")
    return last["seawall"]["counters"]


def run_sensor(args, cfg, pcap, logdir):
    return subprocess.run([args.sensor, "-c", cfg, "-r", pcap, "-l", logdir],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)


def stream_values(r, key):
    entries = r.cmd("XRANGE", key, "-", "+")
    return [fields[1] for _id, fields in entries]


def test_every_record_arrives(args, tmp, port, pcap):
    for mode, key in (("list", "eve-list"), ("stream", "eve-stream"), ("channel", "eve-chan")):
        d = os.path.join(tmp, mode)
        os.makedirs(d)
        cfg = os.path.join(d, "seawall.yaml")
        write_config(cfg, os.path.join(d, "eve.json"), port, mode, key)
        sub = None
        if mode == "channel":
            sub = Resp(port, timeout=10)
            check(sub.cmd("SUBSCRIBE", key)[0] == b"subscribe", "subscriber is listening")
        res = run_sensor(args, cfg, pcap, d)
        check(res.returncode == 0, "%s: sensor exits 0" % mode)
        produced = eve_lines(os.path.join(d, "eve.json"))
        r = Resp(port)
        if mode == "list":
            got = r.cmd("LRANGE", key, 0, -1)
        elif mode == "stream":
            got = stream_values(r, key)
        else:
            got = []
            while len(got) < len(produced):
                msg = sub.reply()
                got.append(msg[2])
            sub.close()
        r.close()
        check(len(produced) > 3000, "%s: %d records produced" % (mode, len(produced)))
        check(got == produced, "%s: all %d records arrived, in order, byte for byte"
              % (mode, len(produced)))
        c = counters(produced)
        # The final stats record is built before it is queued: its counters account for every
        # record before it, as delivered, dropped or still queued (the writer runs concurrently).
        accounted = c["eve.redis.records"] + c["eve.redis.dropped"] + c["eve.redis.queued"]
        check(accounted == len(produced) - 1 and c["eve.redis.dropped"] == 0,
              "%s: final stats account for %d records before it, none dropped"
              % (mode, accounted))


def retime(pcap_bytes, step_us):
    """The capture with packet i stamped i*step_us after the first (classic pcap: a 24-byte file
    header, then per packet ts_sec, ts_usec, incl_len, orig_len), so flows end during the run."""
    order = "<" if pcap_bytes[:4] == b"\xd4\xc3\xb2\xa1" else ">"
    out = bytearray(pcap_bytes[:24])
    pos, i = 24, 0
    base_sec = struct.unpack(order + "I", pcap_bytes[24:28])[0]
    while pos + 16 <= len(pcap_bytes):
        _sec, _usec, incl, orig = struct.unpack(order + "IIII", pcap_bytes[pos:pos + 16])
        t = i * step_us
        out += struct.pack(order + "IIII", base_sec + t // 1000000, t % 1000000, incl, orig)
        out += pcap_bytes[pos + 16:pos + 16 + incl]
        pos += 16 + incl
        i += 1
    return bytes(out)


def feed(proc, data):
    proc.stdin.write(data)
    proc.stdin.flush()


def wait_lines(path, at_least, seconds):
    deadline = time.time() + seconds
    n = 0
    while time.time() < deadline:
        n = len(eve_lines(path)) if os.path.exists(path) else 0
        if n >= at_least:
            break
        time.sleep(0.05)
    return n


def wait_llen(port, key, at_least, seconds):
    deadline = time.time() + seconds
    n = 0
    while time.time() < deadline:
        r = Resp(port)
        n = r.cmd("LLEN", key)
        r.close()
        if n >= at_least:
            break
        time.sleep(0.05)
    return n


def wait_reconnected(port, seconds):
    """True once a client other than this probe is connected: the sensor's writer is back."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        r = Resp(port)
        clients = [ln for ln in r.cmd("CLIENT", "LIST").decode().splitlines() if ln.strip()]
        r.close()
        if len(clients) >= 2:
            return True
        time.sleep(0.05)
    return False


def test_restart_mid_run(args, tmp, port, pcap):
    d = os.path.join(tmp, "restart")
    os.makedirs(d)
    rdir = os.path.join(d, "redis")
    os.makedirs(rdir)
    redis = Redis(rdir, port)
    redis.start()
    cfg = os.path.join(d, "seawall.yaml")
    eve = os.path.join(d, "eve.json")
    queue_size = 200
    write_config(cfg, eve, port, "list", "eve", queue_size, flow_timeout=1)
    data = retime(open(pcap, "rb").read(), 100000)
    cut1, cut2 = len(data) // 4, len(data) * 3 // 4
    # The capture arrives through a pipe, so the test decides when records are produced.
    proc = subprocess.Popen([args.sensor, "-c", cfg, "-r", "/dev/stdin", "-l", d],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        feed(proc, data[:cut1])
        before = wait_lines(eve, 100, 20)
        redis.kill()
        feed(proc, data[cut1:cut2])
        # Enough records during the outage to overflow the queue and the held batch.
        during = wait_lines(eve, before + queue_size + 600, 30) - before
        time.sleep(0.5)
        redis.start()
        # Let the writer reconnect and drain what it held before the rest of the capture.
        # (The list survived the kill in the AOF; the writer is still in its backoff wait.)
        reloaded = wait_llen(port, "eve", 0, 1)
        # Wait for the writer's reconnect itself (its backoff reaches 5 s, longer under ASan and
        # load) rather than for a record: what it held may all have been dropped in the outage.
        # Delivery after the restart is then measured on the rest of the capture.
        reconnected = wait_reconnected(port, 60)
        feed(proc, data[cut2:])
        proc.stdin.close()
        err = proc.stderr.read().decode(errors="replace")
        rc = proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    # It kept running through the outage, but records were lost: exit 1, saying how many.
    check(rc == 1 and "records were not written" in err,
          "restart: sensor ran on and exits 1 naming the lost records (rc %d: %s)"
          % (rc, err[-300:]))
    produced = eve_lines(eve)
    c = counters(produced)
    r = Resp(port)
    got = r.cmd("LRANGE", "eve", 0, -1)
    r.close()
    redis.kill()
    delivered_after_restart = len(got) - reloaded
    unique = set(got)
    duplicates = len(got) - len(unique)
    dropped = c["eve.redis.dropped"]
    print("restart: produced %d (%d during the outage), delivered %d (+%d duplicates), "
          "dropped %d, queue_full %d, reconnects %d, errors %d"
          % (len(produced), during, len(unique), duplicates, dropped,
             c["eve.redis.queue_full"], c["eve.redis.reconnects"], c["eve.redis.errors"]))
    check(unique <= set(produced), "restart: every delivered record is one the sensor produced")
    # Every record before the final stats record is in its counters: delivered or dropped (the
    # queue drains at exit, Redis being up). The final record's own fate is not in them.
    final = produced[-1]
    before_final = unique - {final}
    check(reconnected, "restart: the sensor reconnected to the restarted Redis")
    check(delivered_after_restart > 0, "restart: delivery resumed after Redis came back")
    check(len(produced) - 1 == len(before_final) + dropped,
          "restart: produced %d == delivered %d + dropped %d (before the final stats record)"
          % (len(produced) - 1, len(before_final), dropped))
    check(dropped > 0 and c["eve.redis.queue_full"] == dropped,
          "restart: the outage overflowed the queue and every loss is a counted queue_full")
    check(c["eve.redis.reconnects"] >= 1 and c["eve.redis.errors"] >= 1,
          "restart: the sink counted errors and reconnected")


def test_two_sensors_one_stream(args, tmp, port, pcaps):
    procs, dirs = [], []
    for i, pcap in enumerate(pcaps):
        d = os.path.join(tmp, "two-%d" % i)
        os.makedirs(d)
        cfg = os.path.join(d, "seawall.yaml")
        write_config(cfg, os.path.join(d, "eve.json"), port, "stream", "shared")
        procs.append(subprocess.Popen([args.sensor, "-c", cfg, "-r", pcap, "-l", d],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        dirs.append(d)
    rcs = [p.wait(timeout=120) for p in procs]
    check(rcs == [0, 0], "two sensors: both exit 0")
    produced = [eve_lines(os.path.join(d, "eve.json")) for d in dirs]
    r = Resp(port)
    # One reader with XREAD in pages, as a consumer would.
    got, last = [], "0-0"
    for _ in range(1000):
        reply = r.cmd("XREAD", "COUNT", 500, "STREAMS", "shared", last)
        if not reply:
            break
        entries = reply[0][1]
        got += [fields[1] for _id, fields in entries]
        last = entries[-1][0]
    r.close()
    want = sorted(produced[0] + produced[1])
    check(sorted(got) == want, "two sensors: the reader got all %d + %d records exactly once"
          % (len(produced[0]), len(produced[1])))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sensor", required=True)
    ap.add_argument("--gen", required=True)
    args = ap.parse_args()
    if not shutil.which("redis-server"):
        print("redis-server is not installed (scripts/debian-packages.txt lists it)")
        print("0 passed, 1 failed")
        return 1
    tmp = tempfile.mkdtemp(prefix="seawall-sinks-")
    try:
        pcaps = []
        for seed in (1, 2):
            p = os.path.join(tmp, "mixed-%d.pcap" % seed)
            subprocess.run([args.gen, "--mixed", "--flows", "3000", "--bytes", "2M", "--seed",
                            str(seed), "-w", p], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            pcaps.append(p)
        rdir = os.path.join(tmp, "redis-main")
        os.makedirs(rdir)
        port = free_port()
        redis = Redis(rdir, port)
        redis.start()
        try:
            test_every_record_arrives(args, tmp, port, pcaps[0])
            test_two_sensors_one_stream(args, tmp, port, pcaps)
        finally:
            redis.kill()
        test_restart_mid_run(args, tmp, free_port(), pcaps[0])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (RESULTS["passed"], RESULTS["failed"]))
    return 0 if RESULTS["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
