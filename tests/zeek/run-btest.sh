#!/bin/sh
# ctest wrapper for the Zeek package's btest suite (plugins/zeek/testing). Without Zeek, btest or
# a built plugin it prints why and exits 77, which ctest reports as SKIPPED - never as passed.
#   run-btest.sh TESTING_DIR PLUGIN_BUILD_DIR SHARED_DIR SEAWALL_GEN LAB_CONFIG
set -u
testing=$1 plugin_dir=$2 shared=$3 gen=$4 lab=$5
if ! command -v zeek >/dev/null 2>&1 || ! command -v zeek-config >/dev/null 2>&1; then
    echo "SKIP: zeek not installed (the btest suite needs Zeek >= 8.0 and zeek-config)"
    exit 77
fi
if ! command -v btest >/dev/null 2>&1; then
    echo "SKIP: btest not installed (pip install btest, or zkg's dependencies)"
    exit 77
fi
if [ ! -d "$plugin_dir" ] || ! find "$plugin_dir" -name __zeek_plugin__ | grep -q .; then
    echo "SKIP: the Seawall::Core plugin was not built (configure with -DSEAWALL_ZEEK=ON)"
    exit 77
fi
cd "$testing" || exit 1
SEAWALL_ZEEK_PLUGIN_PATH=$plugin_dir SEAWALL_SHARED_DIR=$shared SEAWALL_GEN=$gen \
    SEAWALL_LAB_CONFIG=$lab btest -c btest.cfg -d
rc=$?
# btest prints "N tests successful" / "N of M tests failed"; restate it in the project's form.
total=$(find tests -name '*.zeek' | wc -l)
if [ $rc -eq 0 ]; then
    echo "$total passed, 0 failed"
else
    echo "btest failed (exit $rc); see the lines above: ? passed, ? failed"
fi
exit $rc
