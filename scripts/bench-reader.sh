#!/usr/bin/env bash
# Measures LogReader against `wc -l` on the same generated logs, in one run.
#
# Usage: scripts/bench-reader.sh [--distinct-titles] [RECORD COUNT]...   (default: 1000000 5000000)
#
# --distinct-titles gives every list and item a title of its own (generate-activity-log.py's flag),
# so few strings repeat from line to line and the reader's string cache helps less.
#
# For each count: generates a log with scripts/generate-activity-log.py into a temporary
# directory, flushes it to disk and reads it once to warm the page cache, then takes the best of three runs of
# `wc -l` and of the release-built `reader-bench` (Benchmarks/), and prints both wall times,
# their ratio, the reader's CPU time (user + system, both threads) in its best run and its peak
# RSS. Goal: ratio <= 8 and the same RSS, <= 32 MiB, for every size. The machine's load (uptime)
# is printed first: wall times on a busy machine are not comparable.
set -euo pipefail
cd "$(dirname "$0")/.."

generator_flags=()
if [[ ${1:-} == --distinct-titles ]]; then
    generator_flags=(--distinct-titles)
    shift
fi
counts=("$@")
[ ${#counts[@]} -eq 0 ] && counts=(1000000 5000000)

# Without manifest caching, SwiftPM also notices source files added to the root package, which the
# benchmark package uses by path; with it, a new file would be missing from the build.
build=(swift build -c release --package-path Benchmarks --scratch-path Benchmarks/.build-release
    --disable-build-manifest-caching)
"${build[@]}" >&2
bench="$("${build[@]}" --show-bin-path)/reader-bench"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

now() { date +%s%N; }

best_of_three() {  # sets best_seconds to the best wall time of three runs of "$@", best_output to its output
    local best="" start end elapsed output
    for _ in 1 2 3; do
        start=$(now)
        output=$("$@")
        end=$(now)
        elapsed=$(( end - start ))
        if [ -z "$best" ] || [ "$elapsed" -lt "$best" ]; then best=$elapsed; best_output=$output; fi
    done
    best_seconds=$(awk -v ns="$best" 'BEGIN { printf "%.3f", ns / 1e9 }')
}

uptime
printf '%-10s %12s %9s %9s %6s %9s %13s  %s\n' records bytes "wc -l s" "reader s" ratio "cpu s" "peak RSS MiB" "reader output"
for count in "${counts[@]}"; do
    log="$work/activity-$count.jsonl"
    python3 scripts/generate-activity-log.py "$count" 1 app-1 "$log" "${generator_flags[@]}"
    sync "$log"  # the kernel's writeback of the new file would otherwise take a core during the runs
    cat "$log" >/dev/null
    best_of_three wc -l "$log"
    wc_seconds=$best_seconds
    best_of_three "$bench" "$log"
    reader_seconds=$best_seconds
    output=$best_output
    rss_kb=$(sed -E 's/.*peak_rss_kb=([0-9]+).*/\1/' <<<"$output")
    cpu_seconds=$(sed -E 's/.*cpu_seconds=([0-9.]+).*/\1/' <<<"$output")
    ratio=$(awk -v r="$reader_seconds" -v w="$wc_seconds" 'BEGIN { printf "%.1f", r / w }')
    printf '%-10s %12s %9s %9s %6s %9s %13s  %s\n' "$count" "$(stat -c %s "$log")" "$wc_seconds" "$reader_seconds" \
        "$ratio" "$cpu_seconds" "$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')" "$output"
    rm -f "$log"
done
