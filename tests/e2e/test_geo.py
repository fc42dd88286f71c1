#!/usr/bin/env python3
"""Geo/zone enrichment in the sensor: the zone database alone defines the network sets (one
source of truth) and labels both ends of every alert; MaxMind databases are found or refused
with messages that name the file."""
import argparse
import os
import shutil
import tempfile

from e2etest import Results, alert_ids, read_eve, run, sanitizer_report


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def lab_without_networks(source):
    lab = os.path.join(source, "etc", "seawall-lab.yaml")
    iocs = os.path.join(source, "signatures", "ioc")
    kept, skipping = [], False
    with open(lab, encoding="utf-8") as f:
        for line in f:
            if line.startswith("networks:"):
                skipping = True
                continue
            if skipping and line[:1] not in (" ", "\n", "#"):
                skipping = False
            if not skipping:
                kept.append(line.replace("ioc: [../signatures/ioc]", f"ioc: [{iocs}]"))
    return "".join(kept)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sensor", required=True)
    ap.add_argument("--mmdb-tool", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--sample", required=True)
    ap.add_argument("--testdata", required=True)
    ap.add_argument("--validator", required=True)
    ap.add_argument("--schema", required=True)
    args = ap.parse_args()
    res = Results("e2e-geo")
    s = args.sensor
    with tempfile.TemporaryDirectory(prefix="seawall-geo-") as tmp:
        zones = os.path.join(tmp, "zones.mmdb")
        out = run([args.mmdb_tool, "build", os.path.join(args.source, "etc/zones-lab.csv"), zones])
        res.check(out.returncode == 0, "seawall-mmdb builds the lab zone database", out.stderr)

        yaml_run = os.path.join(tmp, "yaml")
        run([s, "-c", os.path.join(args.source, "etc/seawall-lab.yaml"), "-r", args.sample,
             "-l", yaml_run])
        expected = sorted(alert_ids(read_eve(os.path.join(yaml_run, "eve.json"))))

        # The lab config with its networks: block replaced by the zone database (everything else,
        # detection settings and IOC lists, stays the same so the alerts can be compared).
        zone_cfg = os.path.join(tmp, "zone.yaml")
        write(zone_cfg, lab_without_networks(args.source) + f"geo:\n  zone-db: {zones}\n")
        zone_run = os.path.join(tmp, "zone")
        out = run([s, "-c", zone_cfg, "-r", args.sample, "-l", zone_run])
        res.check(out.returncode == 0 and "network sets" not in out.stderr
                  and not sanitizer_report(out.stderr),
                  "zone database alone configures the network sets", out.stderr)
        records = read_eve(os.path.join(zone_run, "eve.json"))
        got = sorted(alert_ids(records))
        res.check(len(expected) >= 9 and got == expected,
                  "zone-db network sets raise the same alerts as the YAML lists",
                  f"yaml={expected} zone={got}")
        alerts = [r for r in records if r.get("event_type") == "alert"]
        tun = [a for a in alerts if a["seawall"]["id"] == "ST-TUN-001"]
        if res.check(len(tun) == 1, "one ST-TUN-001 alert to inspect"):
            src = tun[0]["seawall"].get("src", {})
            dest = tun[0]["seawall"].get("dest", {})
            res.check(src.get("zone", {}).get("zone") == "router-mgmt"
                      and src.get("zone", {}).get("role") == "infra"
                      and src.get("ip_class") == "private",
                      "the router end carries its zone labels", str(src))
            res.check(dest == {"ip_class": "documentation"},
                      "the outside end is labelled by class without a lookup", str(dest))
        res.check(all("src" in a["seawall"] and "dest" in a["seawall"] for a in alerts),
                  "every alert is enriched on both ends")
        v = run(["/usr/bin/python3", args.validator, args.schema,
                 os.path.join(zone_run, "eve.json")])
        res.check(v.returncode == 0, "enriched records validate against the EVE schema",
                  v.stdout[-2000:])

        mmdb = os.path.join(args.testdata, "mmdb")
        good_cfg = os.path.join(tmp, "good.yaml")
        write(good_cfg, "geo:\n  databases:\n"
              f"    - {mmdb}/GeoIP2-City-Test.mmdb\n    - {mmdb}/GeoLite2-ASN-Test.mmdb\n")
        out = run([s, "-T", "-c", good_cfg])
        res.check(out.returncode == 0, "-T accepts the MaxMind test databases", out.stderr)

        broken = os.path.join(mmdb, "GeoIP2-City-Test-Invalid-Node-Count.mmdb")
        bad_cfg = os.path.join(tmp, "bad.yaml")
        write(bad_cfg, f"geo:\n  databases: [{broken}]\n")
        out = run([s, "-T", "-c", bad_cfg])
        res.check(out.returncode == 2 and "GeoIP2-City-Test-Invalid-Node-Count.mmdb" in out.stderr
                  and not sanitizer_report(out.stderr),
                  "a corrupt database stops the sensor with its file named", out.stderr)
        cont_cfg = os.path.join(tmp, "continue.yaml")
        write(cont_cfg, f"geo:\n  on-error: continue\n  databases: [{broken}]\n")
        out = run([s, "-c", cont_cfg, "-r", args.sample, "-l", os.path.join(tmp, "cont")])
        res.check(out.returncode == 0 and "GeoIP2-City-Test-Invalid-Node-Count.mmdb" in out.stderr,
                  "on-error: continue runs without the bad database and says so", out.stderr)

        truncated = os.path.join(tmp, "truncated.mmdb")
        shutil.copyfile(os.path.join(mmdb, "GeoLite2-ASN-Test.mmdb"), truncated)
        with open(truncated, "r+b") as f:
            f.truncate(4096)
        write(bad_cfg, f"geo:\n  databases: [{truncated}]\n")
        out = run([s, "-T", "-c", bad_cfg])
        res.check(out.returncode == 2 and "truncated.mmdb" in out.stderr,
                  "a truncated database is refused with its file named", out.stderr)
    return res.finish()


if __name__ == "__main__":
    raise SystemExit(main())
