#!/usr/bin/env bash
# Packets/s of the sensor with 1 and 2 workers on the mixed capture (seawall-gen --mixed), and
# the ratio. Wall time of the whole run (read, dispatch, decode, flows, detection, EVE to a file).
# Usage: bench-workers.sh SEAWALL_GEN SEAWALL DATA_DIR [FLOWS] [BYTES]
set -euo pipefail
gen=$1 sensor=$2 data=$3 flows=${4:-200000} bytes=${5:-256M}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$data"
capture="$data/mixed-$flows-$bytes.pcap"
[ -s "$capture" ] || "$gen" --mixed --flows "$flows" --bytes "$bytes" --seed 1 -w "$capture"

declare -A rate
for w in 1 2; do
  best=0
  for rep in 1 2 3; do
    rm -rf "$data/out-$w"
    start=$(date +%s.%N)
    "$sensor" -c "$here/etc/seawall-lab.yaml" -r "$capture" -l "$data/out-$w" --workers "$w" \
      2>"$data/err-$w"
    end=$(date +%s.%N)
    pkts=$(grep -o '^seawall: info: [0-9]*' "$data/err-$w" | grep -o '[0-9]*$')
    r=$(python3 -c "print(int($pkts / ($end - $start)))")
    [ "$r" -gt "$best" ] && best=$r
  done
  rate[$w]=$best
  echo "workers=$w packets=$pkts best_of_3=${best} packets/s"
done
echo "ratio 2/1 = $(python3 -c "print(round(${rate[2]} / ${rate[1]}, 2))")"
