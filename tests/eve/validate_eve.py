#!/usr/bin/python3
"""Validate EVE JSON lines against Suricata's schema plus Seawall's one extension object.

usage: validate_eve.py SCHEMA EVE_FILE...

SCHEMA is Suricata's etc/schema.json (JSON Schema 2020-12 keywords, no $schema key). The
"seawall" object defined in seawall-extension.json (beside this script) is added as a top-level
property; everything else must be as Suricata defines it. Every line of every file is checked;
errors are reported as file:line: message. Exit status 1 on any error and when no record at all
was checked (a test that validated nothing proves nothing), 2 on bad usage.
"""
import json
import os
import sys

import jsonschema

EXTENSION_KEY = "seawall"
HERE = os.path.dirname(os.path.abspath(__file__))
EXTENSION_FILE = os.path.join(HERE, "seawall-extension.json")
# The geo stage's part of the extension (seawall.src / seawall.dest, docs/geo.md).
GEO_EXTENSION_FILE = os.path.join(HERE, "seawall-geo-extension.json")


def inline_refs(node, defs):
    """Replaces local {"$ref": "#/$defs/X"} with the definition, so a fragment can be grafted
    into another schema whose root has different $defs."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            return inline_refs(defs[ref[len("#/$defs/"):]], defs)
        return {k: inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [inline_refs(v, defs) for v in node]
    return node


def load_validator(schema_path):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with open(EXTENSION_FILE, encoding="utf-8") as f:
        extension = json.load(f)
    with open(GEO_EXTENSION_FILE, encoding="utf-8") as f:
        geo = json.load(f)
    for side, definition in geo["properties"].items():
        extension["properties"][side] = inline_refs(definition, geo.get("$defs", {}))
    if EXTENSION_KEY in schema.get("properties", {}):
        raise SystemExit(f"{schema_path}: already defines '{EXTENSION_KEY}'; refusing to merge")
    schema.setdefault("properties", {})[EXTENSION_KEY] = extension
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def validate_file(validator, path):
    """Returns (records checked, errors found) for one file of EVE lines."""
    records = errors = 0
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            records += 1
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                print(f"{path}:{lineno}: not JSON: {e}")
                errors += 1
                continue
            for err in sorted(validator.iter_errors(record), key=lambda e: list(e.path)):
                where = "/".join(str(p) for p in err.absolute_path) or "(top level)"
                print(f"{path}:{lineno}: {where}: {err.message}")
                errors += 1
    return records, errors


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    validator = load_validator(argv[1])
    total_records = total_errors = 0
    for path in argv[2:]:
        try:
            records, errors = validate_file(validator, path)
        except OSError as e:
            print(f"{path}: cannot read: {e.strerror}")
            total_errors += 1
            continue
        total_records += records
        total_errors += errors
    print(f"validate_eve: {total_records} records in {len(argv) - 2} files, "
          f"{total_errors} errors")
    if total_records == 0:
        print("validate_eve: no records checked: failing (empty input proves nothing)")
        return 1
    return 1 if total_errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
