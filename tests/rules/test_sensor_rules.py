"""Content rules in the running sensor: a capture of the CVE-2023-20198 exploit request of
/work/shared/docs/exploit-requests.md (section A, body variant 1) reaches the rules through TCP
reassembly and the HTTP parser; -S, the config's `rules:`, --workers 2 and alert hygiene all give
the rules their usual effect; SIGHUP reloads a changed rules file and keeps the old rules when the
new file is broken.

Expected sids come from signatures/seawall.rules and signatures/catalog.yaml as written: the
request matches sid 9100101 (raw URI has %25 and sma_http) and sid 9100102 (wsma-config body with
a cli-config-data-block creating `privilege 15`, source outside NOC); the 200 answer with
urn:cisco:wsma matches sid 9100151 (flowbit set by 9100101), priority 1 = critical. All three
carry `metadata: seawall_id`, so they alert as catalog entries ST-EXP-001 (sid 9100101) and
ST-EXP-002 (sid 9100102); the rule itself is in evidence.rule as gid:sid:rev."""
import argparse
import os
import shutil
import signal
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
sys.path.insert(0, os.path.join(HERE, "..", "ops"))
sys.path.insert(0, HERE)
import pcapbuild as pb  # noqa: E402
from e2etest import Results, run  # noqa: E402
from test_service import FifoRun, alerts  # noqa: E402

ATTACKER, NOC_HOST, ROUTER = "203.0.113.77", "10.20.0.5", "10.10.0.1"  # etc/seawall-lab.yaml
UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/124.0.0.0 Safari/537.36")
# exploit-requests.md A, body variant 1, {command} = CDATA "exit\n" + the CLI line (privileged).
SOAP_CONFIG = """<?xml version="1.0"?>
\t<SOAP:Envelope xmlns:SOAP="http://schemas.xmlsoap.org/soap/envelope/" \
xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" \
xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
\t<SOAP:Header>
\t  <wsse:Security xmlns:wsse="http://schemas.xmlsoap.org/ws/2002/04/secext">
\t\t<wsse:UsernameToken SOAP:mustUnderstand="false">
\t\t  <wsse:Username>qzkx</wsse:Username>
\t\t  <wsse:Password>*****</wsse:Password>
\t\t</wsse:UsernameToken>
\t  </wsse:Security>
\t</SOAP:Header>
\t<SOAP:Body>
\t  <request correlator="abcdefgh" xmlns="urn:cisco:wsma-config">
\t\t<configApply details="all" action-on-fail="continue">
\t\t  <config-data>
\t\t   <cli-config-data-block><![CDATA[exit
username qzkx privilege 15 secret S3cret]]></cli-config-data-block>
\t\t  </config-data>
\t\t</configApply>
\t  </request>
\t</SOAP:Body>
</SOAP:Envelope>
""".encode()
ANSWER = (b'<?xml version="1.0"?><SOAP:Envelope><SOAP:Body><response correlator="abcdefgh" '
          b'xmlns="urn:cisco:wsma-config" success="1"><resultEntry><text>OK</text>'
          b"</resultEntry></response></SOAP:Body></SOAP:Envelope>")

EXPLOIT_RULES = {"1:9100101:1", "1:9100102:1", "1:9100151:1"}
NEVER_RULE = ('alert http any any -> any any (msg:"placeholder"; flow:established,to_server; '
              'http.uri; content:"/never-requested-path"; classtype:bad-unknown; sid:9900001; '
              'rev:1;)\n')


def request(uri, body):
    head = (f"POST {uri} HTTP/1.1\r\nHost: {ROUTER}\r\nUser-Agent: {UA}\r\n"
            "Accept-Encoding: gzip, deflate\r\nAccept: */*\r\nConnection: keep-alive\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


def response(body):
    return (b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)


def build_captures(tmp):
    # The request in 3 segments: header and body are split across them (reassembly matters).
    exploit = pb.Session(ATTACKER, ROUTER, 41234, 80, 1700000000.0).handshake()
    exploit.send(True, request("/%2577ebui_wsma_Http", SOAP_CONFIG), pieces=3)
    exploit.send(False, response(ANSWER)).close()
    # Benign twin: the NOC pushes the same config to the plain (not double-encoded) endpoint.
    benign = pb.Session(NOC_HOST, ROUTER, 41235, 80, 1700000000.0).handshake()
    benign.send(True, request("/webui_wsma_Http", SOAP_CONFIG), pieces=3)
    benign.send(False, response(ANSWER)).close()
    paths = {"exploit": os.path.join(tmp, "exploit.pcap"),
             "benign": os.path.join(tmp, "benign.pcap")}
    pb.write(paths["exploit"], [exploit])
    pb.write(paths["benign"], [benign])
    return paths


def rule_alerts(eve):
    """{gid:sid:rev of the rule: alert record} for every rule alert."""
    return {a["seawall"]["evidence"]["rule"]: a for a in alerts(eve)
            if "rule" in a.get("seawall", {}).get("evidence", {})}


def sensor(args, tmp, name, extra):
    logdir = os.path.join(tmp, name)
    r = run([args.sensor, "-l", logdir] + extra, timeout=120)
    return r, rule_alerts(os.path.join(logdir, "eve.json"))


def test_capture(args, res, tmp, caps, lab, rules):
    r, got = sensor(args, tmp, "exploit", ["-S", rules, "-c", lab, "-r", caps["exploit"]])
    res.check(r.returncode == 0 and set(got) == EXPLOIT_RULES,
              "-S seawall.rules: the exploit capture raises rules 9100101, 9100102, 9100151",
              f"{sorted(got)} rc={r.returncode} {r.stderr}")
    a = got.get("1:9100101:1", {}).get("alert", {})
    res.check(a.get("signature_id") == 9100101 and a.get("gid") == 1,
              "the attempt rule alerts as catalog entry ST-EXP-001 (sid 9100101)", str(a))
    ok = got.get("1:9100151:1", {})
    res.check(ok.get("seawall", {}).get("severity") == "critical"
              and ok.get("alert", {}).get("signature_id") == 9100101,
              "the success rule (flowbit from the request) is ST-EXP-001, critical", str(ok))
    res.check(got.get("1:9100102:1", {}).get("alert", {}).get("signature_id") == 9100102,
              "the SOAP privilege-15 config push is ST-EXP-002 (sid 9100102)")

    r, got = sensor(args, tmp, "no-rules", ["-c", lab, "-r", caps["exploit"]])
    res.check(r.returncode == 0 and not got and not any(
        a["alert"]["signature_id"] in (9100101, 9100102) for a in
        alerts(os.path.join(tmp, "no-rules", "eve.json"))),
        "control: without -S the same capture raises no ST-EXP-001/002", r.stderr)

    r, got = sensor(args, tmp, "benign", ["-S", rules, "-c", lab, "-r", caps["benign"]])
    res.check(r.returncode == 0 and not got,
              "benign twin (NOC, plain endpoint, same answer) raises no rule alert", str(got))

    r, got = sensor(args, tmp, "workers", ["-S", rules, "-c", lab, "--workers", "2",
                                           "-r", caps["exploit"]])
    res.check(r.returncode == 0 and set(got) == EXPLOIT_RULES,
              "--workers 2: every worker's engine has the rules", f"{sorted(got)} {r.stderr}")


def write_config(tmp, lab, name, extra):
    """The lab plan copied elsewhere: relative paths in it (the `ioc:` list) are taken from the
    config's own directory, so they are made absolute for the copy."""
    path = os.path.join(tmp, name)
    iocs = os.path.normpath(os.path.join(os.path.dirname(lab), "..", "signatures", "ioc"))
    with open(lab) as f:
        text = f.read().replace("ioc: [../signatures/ioc]", f"ioc: [{iocs}]")
    with open(path, "w") as f:
        f.write(text + "\n" + extra)
    return path


def test_config_and_hygiene(args, res, tmp, caps, lab, rules):
    local = os.path.join(tmp, "conf-rules")
    os.makedirs(local)
    shutil.copy(rules, os.path.join(local, "seawall.rules"))
    cfg = write_config(local, lab, "with-rules.yaml", "rules: [seawall.rules]\n")
    r, got = sensor(args, tmp, "conf", ["-c", cfg, "-r", caps["exploit"]])
    res.check(r.returncode == 0 and set(got) == EXPLOIT_RULES,
              "config `rules:` (relative to the config file) loads the same rules",
              f"{sorted(got)} {r.stderr}")

    # docs/hygiene.md: suppress by gen_id/sig_id; sid 9100102 is ST-EXP-002's.
    with open(os.path.join(local, "threshold.config"), "w") as f:
        f.write("suppress gen_id 1, sig_id 9100102\n")
    cfg = write_config(local, lab, "suppress.yaml", "thresholds: threshold.config\n")
    r, got = sensor(args, tmp, "suppress", ["-S", rules, "-c", cfg, "-r", caps["exploit"]])
    res.check(r.returncode == 0 and set(got) == EXPLOIT_RULES - {"1:9100102:1"},
              "rule alerts pass the hygiene filter: a suppress of 9100102 removes only it",
              f"{sorted(got)} {r.stderr}")

    bad = os.path.join(tmp, "one-bad.rules")
    with open(bad, "w") as f:
        f.write(NEVER_RULE + "alert http any any -> any any (msg:\"x\"; nosuchkeyword; sid:2;)\n")
    r, got = sensor(args, tmp, "one-bad", ["-S", bad, "-c", lab, "-r", caps["exploit"]])
    res.check(r.returncode == 0 and "one-bad.rules:2" in r.stderr and "1 loaded, 1 skipped"
              in r.stderr, "a bad rule is skipped with a warning naming file:line", r.stderr)
    r, _ = sensor(args, tmp, "missing", ["-S", os.path.join(tmp, "absent.rules"), "-c", lab,
                                         "-r", caps["exploit"]])
    res.check(r.returncode == 2 and "absent.rules" in r.stderr,
              "an unreadable -S file is a configuration error (exit 2) naming it", r.stderr)


def test_reload(args, res, tmp, caps, lab, rules):
    # Changed rules file: a placeholder rule at start, seawall.rules after SIGHUP.
    live = os.path.join(tmp, "live.rules")
    with open(live, "w") as f:
        f.write(NEVER_RULE)
    fr = FifoRun(args, tmp, "reload-good", caps["exploit"], ["-S", live, "-c", lab])
    fr.start()
    shutil.copy(rules, live)
    fr.signal_then_feed()
    rc, _, err = fr.finish()
    got = rule_alerts(os.path.join(fr.logdir, "eve.json"))
    res.check(rc == 0 and "reload: configuration" in err and "applied" in err,
              "SIGHUP with a changed rules file applies it", err)
    res.check(set(got) == EXPLOIT_RULES, "the reloaded rules detect the exploit",
              f"{sorted(got)} {err}")

    # Broken rules file: every rule refused -> reported, the running rules keep detecting.
    live = os.path.join(tmp, "live2.rules")
    shutil.copy(rules, live)
    fr = FifoRun(args, tmp, "reload-bad", caps["exploit"], ["-S", live, "-c", lab])
    fr.start()
    with open(live, "w") as f:
        f.write("alert http any any -> any any (msg:\"broken\"; content:\"x\"; sid:abc;)\n")
    fr.signal_then_feed()
    rc, _, err = fr.finish()
    got = rule_alerts(os.path.join(fr.logdir, "eve.json"))
    res.check(rc == 0 and "live2.rules:1" in err and "no rule loaded" in err
              and "keeping the previous configuration" in err,
              "a broken rules file on SIGHUP is reported with file:line", err)
    res.check(set(got) == EXPLOIT_RULES, "the old rules are kept and still detect",
              f"{sorted(got)} {err}")

    # Rules file gone: a load error, same outcome.
    live = os.path.join(tmp, "live3.rules")
    shutil.copy(rules, live)
    fr = FifoRun(args, tmp, "reload-gone", caps["exploit"], ["-S", live, "-c", lab])
    fr.start()
    os.unlink(live)
    fr.signal_then_feed(signal.SIGHUP)
    rc, _, err = fr.finish()
    got = rule_alerts(os.path.join(fr.logdir, "eve.json"))
    res.check(rc == 0 and "reload: rules" in err and "live3.rules" in err
              and set(got) == EXPLOIT_RULES,
              "a vanished rules file on SIGHUP is reported and the old rules kept",
              f"{sorted(got)} {err}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sensor", required=True)
    ap.add_argument("--source", required=True)
    args = ap.parse_args()
    res = Results("rules/sensor")
    lab = os.path.join(args.source, "etc", "seawall-lab.yaml")
    rules = os.path.join(args.source, "signatures", "seawall.rules")
    tmp = tempfile.mkdtemp(prefix="seawall-rules-")
    try:
        caps = build_captures(tmp)
        test_capture(args, res, tmp, caps, lab, rules)
        test_config_and_hygiene(args, res, tmp, caps, lab, rules)
        test_reload(args, res, tmp, caps, lab, rules)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
