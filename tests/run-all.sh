#!/usr/bin/env bash
# The whole test suite, as README.md states it: a normal build and an ASan+UBSan build, each
# running every unit and end-to-end test; a format check; and a short libFuzzer run of every
# fuzz target when clang is present. Exits non-zero on the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
fuzz_seconds=${SEAWALL_FUZZ_SECONDS:-30}

echo "== format check (clang-format)"
if command -v clang-format >/dev/null; then
  git ls-files '*.c' '*.h' | xargs clang-format --dry-run -Werror
else
  echo "clang-format not installed: format not checked" >&2
fi

echo "== packet bytes only through the cursor (docs/style.md 3.1)"
# Casting packet data to protocol structs is how overreads start; decoders use sw_cursor.
if grep -nE '\(const )?struct (ip|ip6_hdr|tcphdr|udphdr|ether_header) *\*\)' \
     sensor/*.c core/*.c; then
  echo "a decoder casts packet bytes to a struct" >&2
  exit 1
fi

for variant in release asan; do
  dir=build-ci-$variant
  flags=()
  [ "$variant" = asan ] && flags=(-DSEAWALL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
  echo "== $variant build"
  cmake -S . -B "$dir" "${flags[@]}" >/dev/null
  cmake --build "$dir" -j"$jobs"
  echo "== $variant tests"
  (cd "$dir" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
     UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     ctest --output-on-failure -j"$jobs")
done

if command -v clang >/dev/null; then
  echo "== fuzz smoke (${fuzz_seconds}s per target)"
  CC=clang cmake -S . -B build-ci-fuzz -DSEAWALL_FUZZ=ON -DSEAWALL_TESTS=OFF >/dev/null
  cmake --build build-ci-fuzz -j"$jobs"
  seeds=build-ci-fuzz/seeds
  rm -rf "$seeds" && mkdir -p "$seeds"
  /usr/bin/python3 tests/fuzz/pcap_seeds.py ../shared/testdata "$seeds/decode"
  # fuzz-pipeline: whole captures (packet sequences), the sample's scenarios included.
  /usr/bin/python3 tests/fuzz/pcap_seeds.py --pipeline ../shared/testdata samples/sample.pcap \
    "$seeds/pipeline"
  # Suricata 7.0.17's own records, one per seed, for the plugin's record mapping.
  mkdir -p "$seeds/suricata-eve-map"
  find ../shared/testdata/suricata-eve -name '*.json' -exec cat {} + |
    split -l 1 -a 4 - "$seeds/suricata-eve-map/record-"
  for target in build-ci-fuzz/tests/fuzz/fuzz-*; do
    [ -x "$target" ] || continue
    name=$(basename "$target")
    corpus="build-ci-fuzz/corpus-$name"
    mkdir -p "$corpus"
    extra=()
    [ -d "$seeds/${name#fuzz-}" ] && extra=("$seeds/${name#fuzz-}")
    [ -d "tests/fuzz/seeds/${name#fuzz-}" ] && extra+=("tests/fuzz/seeds/${name#fuzz-}")
    [ -d "tests/fuzz/regress/${name#fuzz-}" ] && extra+=("tests/fuzz/regress/${name#fuzz-}")
    echo "-- $name"
    "$target" -max_total_time="$fuzz_seconds" -print_final_stats=1 "$corpus" "${extra[@]}" \
      2>&1 | tail -n 3
  done
else
  echo "clang not installed: fuzz smoke skipped" >&2
fi
echo "== all stages passed"
