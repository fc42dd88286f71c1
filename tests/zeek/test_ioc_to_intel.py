#!/usr/bin/python3
"""End-to-end check of tools/ioc-to-intel.py against the Zeek Intel framework's input format.

The expectations come from Zeek 8.2.2's base/frameworks/intel/main.zeek (Intel::Item: indicator,
indicator_type; Intel::MetaData: source required, desc and url optional; Intel::Type values) and
the input framework's ASCII reader (a '#fields' line naming the columns, tab separated, '-' for an
unset optional field), applied by hand to the fixture tests/zeek/data/sample.ioc."""
import ipaddress
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.join(HERE, "..", "..", "tools", "ioc-to-intel.py")
DATA = os.path.join(HERE, "data")
INTEL_TYPES = {"Intel::ADDR", "Intel::SUBNET", "Intel::URL", "Intel::SOFTWARE", "Intel::EMAIL",
               "Intel::DOMAIN", "Intel::USER_NAME", "Intel::CERT_HASH", "Intel::PUBKEY_HASH",
               "Intel::FILE_HASH", "Intel::FILE_NAME"}
RECORD_FIELDS = {"indicator", "indicator_type", "meta.source", "meta.desc", "meta.url"}

passed = failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {what}")
    else:
        failed += 1
        print(f"FAIL {what}{': ' + detail if detail else ''}")


def run(*args):
    return subprocess.run(["/usr/bin/python3", TOOL, *args], capture_output=True, text=True)


out = run(os.path.join(DATA, "sample.ioc"))
check(out.returncode == 0, "sample converts", out.stderr)
lines = out.stdout.splitlines()
header = lines[0].split("\t") if lines else []
check(header[:1] == ["#fields"], "first line is the ASCII reader's #fields header")
cols = header[1:]
check(set(cols) <= RECORD_FIELDS, "every column is a field of Intel::Item / Intel::MetaData", str(cols))
check({"indicator", "indicator_type", "meta.source"} <= set(cols),
      "the required fields (indicator, indicator_type, meta.source) are present")
rows = [dict(zip(cols, line.split("\t"))) for line in lines[1:]]
check(all(len(line.split("\t")) == len(cols) for line in lines[1:]), "every row has one value per column")
check(all(r["indicator_type"] in INTEL_TYPES for r in rows), "every type is an Intel::Type value")
check(all(r["meta.source"] not in ("", "-") for r in rows), "meta.source is never empty (it is required)")
by_indicator = {r["indicator"]: r for r in rows}
# Five distinct indicators in the fixture; the sixth line repeats 203.0.113.77.
check(len(rows) == 5, "duplicates dropped: 5 rows", str(len(rows)))
check(by_indicator.get("203.0.113.77", {}).get("indicator_type") == "Intel::ADDR", "IPv4 -> Intel::ADDR")
check(by_indicator.get("2001:db8:bad::1", {}).get("indicator_type") == "Intel::ADDR", "IPv6 -> Intel::ADDR")
check(by_indicator.get("198.51.100.0/24", {}).get("indicator_type") == "Intel::SUBNET", "CIDR -> Intel::SUBNET")
check(by_indicator.get("192.0.2.10", {}).get("indicator_type") == "Intel::ADDR", "a /32 becomes an address")
check(by_indicator.get("update.example-c2.net", {}).get("indicator_type") == "Intel::DOMAIN", "domain -> Intel::DOMAIN")
check(by_indicator.get("203.0.113.77", {}).get("meta.url") == "https://www.cisa.gov/aa25-239a",
      "an http(s) source becomes meta.url")
check(by_indicator.get("2001:db8:bad::1", {}).get("meta.url") == "-", "no URL: '-' (unset)")
desc = by_indicator.get("203.0.113.77", {}).get("meta.desc", "")
check("Salt Typhoon C2" in desc and "high" in desc and "2025-08-27" in desc,
      "meta.desc keeps label, confidence and date", desc)
for r in rows:
    if r["indicator_type"] == "Intel::SUBNET":
        ipaddress.ip_network(r["indicator"], strict=True)

bad = run(os.path.join(DATA, "bad-address.ioc"))
check(bad.returncode == 2, "a bad address exits 2")
check("bad-address.ioc:2:" in bad.stderr and "10.0.0.300" in bad.stderr,
      "the error names file:line and the value", bad.stderr.strip())
check(bad.stdout == "", "nothing is written on error")
cols_err = run(os.path.join(DATA, "bad-columns.ioc"))
check(cols_err.returncode == 2 and "bad-columns.ioc:1:" in cols_err.stderr,
      "space-separated columns are refused with file:line", cols_err.stderr.strip())
folder = run(DATA + "/sample.ioc", "-o", os.devnull)
check(folder.returncode == 0 and folder.stdout == "", "-o writes the file, not standard output")

print(f"ioc-to-intel: {passed} passed, {failed} failed")
sys.exit(1 if failed or not passed else 0)
