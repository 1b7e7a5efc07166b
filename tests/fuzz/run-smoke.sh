#!/bin/sh
# Runs every fuzz target of a `fuzz` preset build for a bounded time:
#   sh tests/fuzz/run-smoke.sh BUILD_DIR
# FUZZ_SECONDS (default 20) is the time per target. Inputs the fuzzer finds go to a temporary
# corpus, so the seed corpus in the repository stays as it is. A crash, a broken invariant, a
# leak or a timeout fails the run; its input is kept under BUILD_DIR/fuzz-artifacts.
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
seconds=${FUZZ_SECONDS:-20}
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ran=0
failed=0
for target in fuzz_estimate fuzz_command_line fuzz_scenario fuzz_hf_config fuzz_deepspeed_config; do
    binary="$build/tests/fuzz/$target"
    if [ ! -x "$binary" ]; then
        echo "$target: not built, skipped"
        continue
    fi
    mkdir -p "$work/$target"
    log="$build/$target.log"
    status=0
    QT_QPA_PLATFORM=offscreen "$binary" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/$target-" \
        "$work/$target" "$here/corpus/$target" >"$log" 2>&1 || status=$?
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    crashes=$(grep -c -E '^==[0-9]+==ERROR|^SUMMARY: (Address|UndefinedBehavior|Leak)Sanitizer|invariant broken|runtime error|ALARM: working on the last Unit' "$log" || true)
    corpus=$(find "$work/$target" -type f | wc -l)
    echo "$target: ${executions:-?} executions in ${seconds} s, $crashes crash(es), $corpus new corpus inputs"
    ran=$((ran + 1))
    if [ "$status" -ne 0 ] || [ "$crashes" -ne 0 ]; then
        failed=$((failed + 1))
        echo "$target FAILED (exit $status); log: $log; inputs: $artifacts" >&2
        grep -m 20 -E 'ERROR|runtime error|invariant broken|SUMMARY|#[0-9]+ 0x' "$log" >&2 || true
    fi
done

if [ "$ran" -eq 0 ]; then
    echo "no fuzz target built in $build" >&2
    exit 1
fi
if [ "$failed" -ne 0 ]; then
    exit 1
fi
echo "fuzz smoke run passed: $ran target(s)"
