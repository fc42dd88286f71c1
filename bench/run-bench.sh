#!/usr/bin/env bash
# Generates the mixed benchmark captures once (>= 1 GB, >= 1 M flows each) and runs
# seawall-bench on each. SEAWALL_BENCH_SIZES (default "1G") lists capture sizes for the same
# million flows: 1G is the densest capture the benchmark's terms allow (about 5 packets a flow,
# the worst case for the ratios); "1G 8G" adds one with about 14 packets a flow (bench/README.md).
# Usage: run-bench.sh SEAWALL_GEN SEAWALL_BENCH DATA_DIR
set -euo pipefail
gen=$1 bench=$2 data=$3
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$data"
for size in ${SEAWALL_BENCH_SIZES:-1G}; do
  capture="$data/mixed-1000000-$size.pcap"
  if [ ! -s "$capture" ]; then
    echo "generating $capture (once)..."
    "$gen" --mixed --flows 1000000 --bytes "$size" --seed 1 -w "$capture"
  fi
  "$bench" "$capture" "$here/etc/seawall-lab.yaml" "${SEAWALL_BENCH_REPEATS:-3}"
done
