#!/usr/bin/env bash
# Fuzzes the SignalLog line decoder and LogReader with libFuzzer and AddressSanitizer.
#
# Usage: scripts/fuzz.sh [SECONDS] [LIBFUZZER FLAG]...   (default: 60 seconds)
#
# Compiles the SignalLog sources and the harness in Fuzz/ into one module with
# `swiftc -sanitize=fuzzer,address` (the harness reaches the reader's internal options), then runs
# it for SECONDS on the corpus in .build-fuzz/corpus (kept between runs, not committed), starting from
# the seeds in Fuzz/seeds, with the tokens of Fuzz/record.dict. What each input is checked for is
# described at the top of Fuzz/LineChecks.swift, Fuzz/JSONOracle.swift and Fuzz/ReaderChecks.swift.
#
# libFuzzer prints its progress (`cov:` edges covered, `ft:` features, `corp:` corpus size,
# `exec/s`) to standard error; the script ends with a summary line of runs, executions per second,
# coverage and peak RSS. A broken check or a crash stops the run and leaves the input in
# .build-fuzz/crash-*; replay it with `.build-fuzz/signal-log-fuzz FILE`, and make it a test in
# Tests/SignalLogTests before fixing it. Not part of CI: it takes minutes and a core.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
[[ $# -gt 0 ]] && shift

out=.build-fuzz
mkdir -p "$out/corpus"
mapfile -t sources < <(find Sources/SignalLog Fuzz -name '*.swift' | sort)
binary="$out/signal-log-fuzz"
if [[ ! -x $binary || -n $(find "${sources[@]}" -newer "$binary") ]]; then
    echo "fuzz: building $binary from ${#sources[@]} files" >&2
    swiftc -sanitize=fuzzer,address -O -g -parse-as-library -swift-version 6 \
        -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility \
        -module-name SignalLogFuzz "${sources[@]}" -o "$binary" 2>"$out/build.log" ||
        { cat "$out/build.log" >&2; exit 1; }
fi

# The reader checks write each input to a file in TMPDIR; keep those apart and remove them after.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log="$out/last-run.log"
echo "fuzz: running for $seconds s; libFuzzer's output in $log" >&2
set +e +o pipefail
# Swift's own backtracer would catch the abort of a failed check before libFuzzer and AddressSanitizer.
SWIFT_BACKTRACE=enable=no TMPDIR="$work" "$binary" "$out/corpus" Fuzz/seeds -dict=Fuzz/record.dict \
    -max_total_time="$seconds" -max_len=4096 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$out/" "$@" 2>&1 | tee "$log" | grep --line-buffered -E '^#[0-9]+\s+(pulse|DONE)|ERROR|failed' >&2
status=${PIPESTATUS[0]}
set -e

last=$(grep -E '^#[0-9]+' "$log" | tail -1)
runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log")
per_second=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+).*/\1/p' "$log")
rss=$(sed -nE 's/^stat::peak_rss_mb: *([0-9]+).*/\1/p' "$log")
coverage=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
features=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
corpus=$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<<"$last")
echo "fuzz: ${seconds} s, ${runs:-?} runs, ${per_second:-?} exec/s, cov ${coverage:-?} edges, ft ${features:-?}," \
    "corpus ${corpus:-?} inputs, peak RSS ${rss:-?} MB, exit status $status"
exit "$status"
