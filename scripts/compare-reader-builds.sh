#!/usr/bin/env bash
# Compares the log reader of two revisions on the same logs, for judging a change to it.
#
# Usage: scripts/compare-reader-builds.sh [--runs N] [--count N] REVISION_A REVISION_B
#
# Builds Benchmarks' `reader-bench` (release) at each revision in a temporary git worktree,
# generates a log of COUNT records (default 1000000) and one with --distinct-titles, then runs the
# two binaries in turn, N times each per log (default 12), and prints for each the median and best
# time of the read (as reader-bench measures it, without process start) and the median CPU time
# (user + system, both threads). Interleaving the runs and taking
# medians keeps a change's effect apart from the machine's drift; on this shared 2-core machine,
# batches of medians still moved by about 5%, so a difference below that is noise.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=12
count=1000000
while [[ $# -gt 2 ]]; do
    case $1 in
    --runs) runs=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    *) break ;;
    esac
done
[[ $# -eq 2 ]] || { echo "usage: $0 [--runs N] [--count N] REVISION_A REVISION_B" >&2; exit 2; }

work=$(mktemp -d)
cleanup() {
    for side in a b; do git worktree remove --force "$work/$side" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

build() {  # build SIDE REVISION: prints the path of that revision's reader-bench
    local side=$1 revision=$2
    git worktree add --quiet --detach "$work/$side" "$revision"
    swift build -c release --package-path "$work/$side/Benchmarks" \
        --scratch-path "$work/$side/Benchmarks/.build-release" >&2
    echo "$(swift build -c release --package-path "$work/$side/Benchmarks" \
        --scratch-path "$work/$side/Benchmarks/.build-release" --show-bin-path)/reader-bench"
}
bench_a=$(build a "$1")
bench_b=$(build b "$2")

python3 scripts/generate-activity-log.py "$count" 1 app-1 "$work/repeated.jsonl"
python3 scripts/generate-activity-log.py "$count" 1 app-1 "$work/distinct.jsonl" --distinct-titles
sync "$work/repeated.jsonl" "$work/distinct.jsonl"

summary() {  # summary FILE: "wall median M best B, cpu median C" from lines "WALL CPU"
    sort -n -k1 "$1" | awk '{ wall[NR] = $1 } END { printf "wall median %s best %s", wall[int((NR + 1) / 2)], wall[1] }'
    sort -n -k2 "$1" | awk '{ cpu[NR] = $2 } END { printf ", cpu median %s\n", cpu[int((NR + 1) / 2)] }'
}

uptime
for log in repeated distinct; do
    cat "$work/$log.jsonl" >/dev/null
    : >"$work/a.times"
    : >"$work/b.times"
    for _ in $(seq "$runs"); do
        "$bench_a" "$work/$log.jsonl" | sed -E 's/.*seconds=([0-9.]+) cpu_seconds=([0-9.]+).*/\1 \2/' >>"$work/a.times"
        "$bench_b" "$work/$log.jsonl" | sed -E 's/.*seconds=([0-9.]+) cpu_seconds=([0-9.]+).*/\1 \2/' >>"$work/b.times"
    done
    echo "$log titles, $count records, $runs runs each:"
    echo "  A $1: $(summary "$work/a.times")"
    echo "  B $2: $(summary "$work/b.times")"
done
