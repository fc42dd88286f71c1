#!/bin/sh
# Replays every shared capture and the sample, converted as the fuzz seeds are, through the
# whole-pipeline target's entry point: the target's invariants must hold on real traffic, and
# some record of each kind must come out, else the converter and the target disagree on the
# input format (nothing would decode).
# Usage: pipeline-captures.sh REPLAY_BINARY SHARED_TESTDATA SAMPLE_PCAP WORK_DIR
set -eu
replay=$1 testdata=$2 sample=$3 work=$4
here=$(dirname "$0")
rm -rf "$work"
/usr/bin/python3 "$here/pcap_seeds.py" --pipeline "$testdata" "$sample" "$work"
out=$(SEAWALL_FUZZ_SUMMARY=1 "$replay" "$work")
echo "$out"
echo "$out" | grep -Eq 'records: alert=[1-9][0-9]* flow=[1-9][0-9]* anomaly=[1-9][0-9]* stats=[1-9]' ||
  { echo "no alert, flow, anomaly or stats record: converter and target disagree" >&2; exit 1; }
rm -rf "$work"
