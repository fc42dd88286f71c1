#!/usr/bin/env bash
# Byte-for-byte comparison of the EVE output of two sensor builds, for changes that must not
# change behaviour (performance work). Runs both binaries over the sample capture, every scenario
# of seawall-gen on its own, every capture under ../shared/testdata and any extra captures given,
# with the lab configuration and the content rules, and diffs eve.json.
# Usage: eve-diff.sh BASE_SEAWALL NEW_SEAWALL SEAWALL_GEN [EXTRA.pcap ...]
# Exit status: 0 identical everywhere, 1 a difference (the first lines of each diff are shown).
set -uo pipefail
base=$1 new=$2 gen=$3
shift 3
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/scenarios"
for s in $("$gen" --list | awk '{print $1}'); do
    "$gen" -w "$work/scenarios/$s.pcap" --seed 1 "$s" >/dev/null 2>&1 || exit 1
done

captures=("$here/samples/sample.pcap" "$work"/scenarios/*.pcap)
while IFS= read -r -d '' f; do captures+=("$f"); done < <(
    find "$here/../shared/testdata" -type f \( -name '*.pcap' -o -name '*.pcapng' \) -print0 | sort -z)
captures+=("$@")

# Seeded community id and a sensor name exercise the optional header fields too.
printf 'eve:\n  community-id-seed: 7\n' >"$work/seeded.yaml"
sed '/^default-log-dir/d' "$here/etc/seawall-lab.yaml" >>"$work/seeded.yaml"
sed -i "s#^ioc: \[\.\./signatures/ioc\]#ioc: [$here/signatures/ioc]#" "$work/seeded.yaml"

run() { # binary config capture outdir
    mkdir -p "$4"
    "$1" -c "$2" -S "$here/signatures/seawall.rules" -r "$3" -l "$4" >"$4/stdout" 2>"$4/stderr"
    echo $? >"$4/rc"
}

failed=0 compared=0 records=0
for c in "${captures[@]}"; do
    for cfg in "$here/etc/seawall-lab.yaml" "$work/seeded.yaml"; do
        run "$base" "$cfg" "$c" "$work/a"
        run "$new" "$cfg" "$c" "$work/b"
        compared=$((compared + 1))
        [ -f "$work/a/eve.json" ] && records=$((records + $(wc -l <"$work/a/eve.json")))
        if ! cmp -s "$work/a/rc" "$work/b/rc" ||
            ! cmp -s "$work/a/eve.json" "$work/b/eve.json" 2>/dev/null; then
            echo "DIFFERENT: $c ($(basename "$cfg"))"
            diff "$work/a/eve.json" "$work/b/eve.json" | head -6
            failed=1
        fi
        rm -rf "$work/a" "$work/b"
    done
done
echo "compared $compared runs ($records EVE records in the base output): $([ $failed = 0 ] && echo identical || echo DIFFERENT)"
exit $failed
