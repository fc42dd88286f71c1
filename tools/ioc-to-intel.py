#!/usr/bin/python3
"""Export Seawall IOC sets (signatures/ioc/) as a Zeek Intel framework file.

Input: tab-separated lines `indicator type source date confidence label`, '#' comments and
blank lines ignored. Output: the Intel framework's input format (base/frameworks/intel/main.zeek,
Intel::read_files): a `#fields` header, then one tab-separated row per indicator with
indicator, indicator_type (Intel::ADDR, Intel::SUBNET, Intel::DOMAIN, Intel::URL),
meta.source, meta.desc and meta.url ('-' when empty).

Usage: ioc-to-intel.py [-o OUT] PATH...   (files, or folders read for *.tsv/*.txt/*.ioc)
Exit status: 0 success, 2 a malformed line (reported as file:line: reason).
"""
import argparse
import ipaddress
import os
import re
import sys

FIELDS = ["indicator", "indicator_type", "meta.source", "meta.desc", "meta.url"]
TYPE_ALIASES = {
    "ip": "ADDR", "ipv4": "ADDR", "ipv6": "ADDR", "addr": "ADDR", "address": "ADDR",
    "cidr": "SUBNET", "subnet": "SUBNET", "net": "SUBNET", "network": "SUBNET",
    "domain": "DOMAIN", "fqdn": "DOMAIN", "hostname": "DOMAIN",
    "url": "URL",
}
DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)+"
                       r"[A-Za-z0-9-]{2,63}\.?$")


class IocError(Exception):
    pass


def clean(text):
    """Intel rows are tab-separated: tabs and newlines inside a value would break the row."""
    text = re.sub(r"[\t\r\n]+", " ", text).strip()
    return text if text else "-"


def intel_type(indicator, kind):
    """The Intel::Type for an indicator, checking the value really is of that type."""
    want = TYPE_ALIASES.get(kind.lower())
    if want is None:
        raise IocError(f"type '{kind}' is not one of {', '.join(sorted(TYPE_ALIASES))}")
    try:
        if want == "ADDR":
            ipaddress.ip_address(indicator)
        elif want == "SUBNET":
            net = ipaddress.ip_network(indicator, strict=True)
            if net.prefixlen == net.max_prefixlen:
                want = "ADDR"  # a /32 is an address to the Intel framework
                indicator = str(net.network_address)
        elif want == "DOMAIN" and not DOMAIN_RE.match(indicator):
            raise ValueError("not a domain name")
    except ValueError as exc:
        raise IocError(f"'{indicator}' is not a valid {kind}: {exc}") from exc
    return indicator, "Intel::" + want


def convert_line(line):
    parts = line.rstrip("\r\n").split("\t")
    if len(parts) != 6:
        raise IocError(f"expected 6 tab-separated fields (indicator type source date "
                       f"confidence label), found {len(parts)}")
    indicator, kind, source, date, confidence, label = (p.strip() for p in parts)
    if not indicator:
        raise IocError("empty indicator")
    indicator, itype = intel_type(indicator, kind)
    desc = f"{label} (confidence {confidence or '?'}, {date or 'undated'})"
    url = source if source.startswith(("http://", "https://")) else "-"
    return [indicator, itype, clean("seawall:" + source), clean(desc), clean(url)]


def input_files(paths):
    for path in paths:
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                if name.endswith((".tsv", ".txt", ".ioc")):
                    yield os.path.join(path, name)
        else:
            yield path


def convert(paths):
    rows, seen = [], set()
    for path in input_files(paths):
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                try:
                    row = convert_line(line)
                except IocError as exc:
                    raise IocError(f"{path}:{number}: {exc}") from None
                if (row[0], row[1]) not in seen:  # the framework keys on indicator + type
                    seen.add((row[0], row[1]))
                    rows.append(row)
    return rows


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--output", help="output file (default: standard output)")
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args(argv)
    try:
        rows = convert(args.paths)
    except (IocError, OSError) as exc:
        print(f"ioc-to-intel: error: {exc}", file=sys.stderr)
        return 2
    text = "#fields\t" + "\t".join(FIELDS) + "\n" + "".join("\t".join(r) + "\n" for r in rows)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
