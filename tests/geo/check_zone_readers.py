#!/usr/bin/python3
"""seawall-mmdb output read by two independent readers: libmaxminddb's `mmdblookup` (Debian
mmdb-bin) and python3-maxminddb; and `seawall-mmdb lookup` output checked against the EVE
extension schema. Expected values are written by hand from the CSV below (most specific prefix
wins). Usage: check_zone_readers.py <seawall-mmdb> <schema.json> <mmdb test-data dir>"""
import json
import os
import subprocess
import sys
import tempfile

import jsonschema
import maxminddb

CSV = """prefix,zone,site,role,owner,sets
0.0.0.0/0,v4-all,,,
::/0,v6-all,,,
10.0.0.0/8,corp,hq,own,netops
10.1.0.0/16,core,hq,infra,netops,own
10.1.2.3/32,rtr1,hq,infra,"Ops, A",own noc
10.2.0.0/16,adj-a,dc1,aaa,netops
10.3.0.0/16,adj-b,dc2,nms,netops
2001:db8::/32,v6corp,hq,own,netops
2001:db8::1/128,v6host,hq,syslog,netops
"""

# address -> (zone, prefix length as python-maxminddb reports it for an IPv6 tree)
EXPECT = {
    "10.1.2.3": ("rtr1", 32),
    "10.1.2.2": ("core", 32),   # sibling of the /32 host route
    "10.1.2.0": ("core", 31),   # 10.1.2.0/31
    "10.0.255.255": ("corp", 16),
    "10.2.0.0": ("adj-a", 16),
    "10.3.255.255": ("adj-b", 16),
    "11.0.0.1": ("v4-all", 8),
    "255.255.255.255": ("v4-all", 1),
    "::ffff:10.1.2.3": ("rtr1", 128),
    "2001:db8::1": ("v6host", 128),
    "2001:db8::": ("v6corp", 128),
    "2001:db8:ffff::": ("v6corp", 33),
    "ffff::": ("v6-all", 1),
}


def mmdblookup(db, ip, *path):
    out = subprocess.run(["mmdblookup", "--file", db, "--ip", ip, *path],
                         capture_output=True, text=True, check=True).stdout
    return out.split('"')[1]


def main():
    tool, schema_path, testdata = sys.argv[1:4]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = os.path.join(tmp, "zones.csv")
        db = os.path.join(tmp, "zones.mmdb")
        with open(csv_path, "w", encoding="utf-8") as f:
            f.write(CSV)
        subprocess.run([tool, "build", csv_path, db], check=True)
        reader = maxminddb.open_database(db, maxminddb.MODE_FILE)
        if reader.metadata().database_type != "Seawall-Zones":
            failures.append("database_type")
        for ip, (zone, plen) in EXPECT.items():
            rec, got_len = reader.get_with_prefix_len(ip)
            if rec is None or rec.get("zone") != zone or got_len != plen:
                failures.append(f"python {ip}: {rec} /{got_len}, want {zone} /{plen}")
            if mmdblookup(db, ip, "zone") != zone:
                failures.append(f"mmdblookup {ip}: want {zone}")
        if mmdblookup(db, "10.1.2.3", "owner") != "Ops, A":
            failures.append("quoted owner")
        if reader.get("10.1.2.3")["sets"] != ["infra", "noc", "own"]:
            failures.append("sets of 10.1.2.3")
        reader.close()
        with open(schema_path, encoding="utf-8") as f:
            schema = json.load(f)
        dbs = ",".join([db, os.path.join(testdata, "GeoIP2-City-Test.mmdb"),
                        os.path.join(testdata, "GeoLite2-ASN-Test.mmdb")])
        ips = ["10.1.2.3", "81.2.69.160", "1.128.0.1", "2001:db8::1", "::ffff:89.160.20.128",
               "127.0.0.1", "224.0.0.1"]
        out = subprocess.run([tool, "lookup", dbs, *ips], capture_output=True, text=True,
                             check=True).stdout.splitlines()
        for ip, line in zip(ips, out):
            try:
                jsonschema.validate({"src": json.loads(line)}, schema,
                                    cls=jsonschema.Draft202012Validator)
            except jsonschema.ValidationError as e:
                failures.append(f"schema {ip}: {e.message}")
        if len(out) != len(ips):
            failures.append("lookup output lines")
    for f in failures:
        print("FAIL", f)
    print(f"{len(EXPECT) * 2 + 4 + len(ips)} checks, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
