#!/usr/bin/env bash
# Generates the mixed benchmark capture once (>= 1 GB, >= 1 M flows) and runs seawall-bench.
# Usage: run-bench.sh SEAWALL_GEN SEAWALL_BENCH DATA_DIR
set -euo pipefail
gen=$1 bench=$2 data=$3
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$data"
capture="$data/mixed-1m-flows.pcap"
if [ ! -s "$capture" ]; then
  echo "generating $capture (once)..."
  "$gen" --mixed --flows 1000000 --bytes 1G --seed 1 -w "$capture"
fi
"$bench" "$capture" "$here/etc/seawall-lab.yaml" "${SEAWALL_BENCH_REPEATS:-3}"
