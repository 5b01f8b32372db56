#!/usr/bin/env bash
# Benchmarks `activity-feed build` (release build) and prints, in one run:
#   0. the cold path (issue 13), all on the same 1M-record log from scripts/generate-activity-log.py:
#      `wc -l`, the reader alone (Benchmarks' reader-bench), the peer script a user would write
#      instead (scripts/peers/feedgen-peer.py: orjson + feedgen + Jinja2, its packages installed
#      with pip), a cold `activity-feed build` with the defaults, and `cp -r` of what that build
#      published; goals: cold build <= 0.5x the peer, <= 1.5x (reader + cp -r), published bytes
#      <= 1.5x the log's bytes; and a cold build with --archive-retention 7 of the same log, whose
#      history lies outside it (goal <= 10x wc -l);
#   1. a cold build of a 1M-record log vs `wc -l` on the same file (goal <= 10x), split into its
#      ingest and publish phases, next to `cp -r` of what it published (the floor under publishing);
#   2. +1k records after that 1M history vs +1k on an empty history (goal <= 1.3x);
#   3. peak RSS of cold builds of 1M and 5M records (goal: the same, <= 64 MB);
#   4. that a run with nothing new reads no log bytes (the tool's counter, and strace when present).
# Usage: scripts/bench-feed.sh [work-dir]   (RECORDS_LARGE=5000000 by default; needs ~5 GB of disk)
# COLD_ONLY=1 measures and prints the cold path (0.) alone.
# Without a work-dir the logs and states go to a temporary directory removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
if [[ $# -ge 1 ]]; then
    work=$1
    mkdir -p "$work"
else
    work=$(mktemp -d "${TMPDIR:-/tmp}/bench-feed.XXXXXX")
    trap 'rm -rf "$work"' EXIT
fi
large=${RECORDS_LARGE:-5000000}

echo "bench-feed: release build (--scratch-path .build-release)"
swift build -c release --scratch-path .build-release --product activity-feed >"$work/build.txt" 2>&1 ||
    { tail -20 "$work/build.txt"; exit 1; }
tool="$root/.build-release/release/activity-feed"
echo "bench-feed: reader-bench (release build, Benchmarks/)"
reader_build=(swift build -c release --package-path Benchmarks --scratch-path Benchmarks/.build-release
    --disable-build-manifest-caching)
"${reader_build[@]}" >"$work/reader-build.txt" 2>&1 || { tail -20 "$work/reader-build.txt"; exit 1; }
reader="$("${reader_build[@]}" --show-bin-path)/reader-bench"
echo "bench-feed: the peer's packages (pip install orjson feedgen jinja2)"
python3 -m pip install --quiet --disable-pip-version-check orjson feedgen jinja2 >"$work/pip.txt" 2>&1 ||
    { tail -20 "$work/pip.txt"; exit 1; }

# generate PATH FIRST_SEQ COUNT: appends COUNT valid v1 records of source app-1 starting at FIRST_SEQ.
generate() {
    python3 - "$1" "$2" "$3" <<'PY'
import json, sys, datetime
path, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
base = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
verbs = ["created", "updated", "deleted"]
with open(path, "a", encoding="utf-8") as out:
    lines = []
    for seq in range(first, first + count):
        ts = base + datetime.timedelta(seconds=seq // 7)
        verb = verbs[seq % 3]
        record = {"v": 1, "seq": seq, "ts": ts.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (seq % 1000),
                  "source": "app-1", "signal": "item." + verb,
                  "actor": {"id": seq % 50 + 1, "name": "user-%d" % (seq % 50 + 1)},
                  "subject": {"type": "item", "id": seq, "title": "See the cherry blossoms <%d> & \u00e9t\u00e9" % seq},
                  "parent": {"type": "bucketlist", "id": seq % 100 + 1, "title": "Visit Japan"}}
        if verb == "updated":
            record["changes"] = {"done": [False, True]}
        record["request_id"] = "5c1f0a2e-93b4-4d07-9a51-%012d" % seq
        lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        if len(lines) == 10000:
            out.write("\n".join(lines) + "\n")
            lines = []
    if lines:
        out.write("\n".join(lines) + "\n")
PY
}

# measure LABEL CMD...: runs CMD, prints wall seconds, peak RSS (MiB), CPU seconds (user+sys) and the
# kernel's part of them (sys) of the child. Dirty pages are flushed first (sync), so that one run's
# writes, or the removal of an earlier run's files, do not land on the next run's clock.
measure() {
    local label=$1
    shift
    python3 - "$label" "$@" <<'PY'
import os, resource, subprocess, sys, time
label, command = sys.argv[1], sys.argv[2:]
os.sync()
start = time.monotonic()
result = subprocess.run(command, stdout=subprocess.DEVNULL)
elapsed = time.monotonic() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
if result.returncode != 0:
    sys.exit(f"{label}: exit status {result.returncode}")
print(f"{label}\t{elapsed:.3f}\t{usage.ru_maxrss / 1024:.1f}\t{usage.ru_utime + usage.ru_stime:.3f}\t{usage.ru_stime:.3f}")
PY
}

# medians FILE [SUFFIX]: per label of FILE's measure lines, the median of each column, the label + SUFFIX.
medians() {
    python3 - "$1" "${2:-}" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, *values = line.rstrip("\n").split("\t")
    rows.setdefault(label, []).append([float(v) for v in values])
for label, runs in rows.items():
    wall, rss, cpu, sys_time = (statistics.median(column) for column in zip(*runs))
    print(f"{label}{sys.argv[2]}\t{wall:.3f}\t{rss:.1f}\t{cpu:.3f}\t{sys_time:.3f}")
PY
}

field() { awk -F'\t' -v k="$1" -v c="$2" '$1 == k { print $c }' "$work/figures.tsv"; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / max(float(sys.argv[2]), 1e-9):.2f}')" "$1" "$2"; }
: >"$work/figures.tsv"

# print_cold: the cold-path table and its ratios.
print_cold() {
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wall times suffer when it is high; CPU seconds less)"
    echo "figure                               wall s   peak RSS MiB    CPU s      sys s"
    awk -F'\t' '$1 ~ /^cold: / { printf "%-36s %8s %10s %10s %10s\n", $1, $2, $3, $4, $5 }' "$work/figures.tsv"
    floor=$(python3 -c "import sys; print(float(sys.argv[1]) + float(sys.argv[2]))" \
        "$(field "cold: reader alone" 2)" "$(field "cold: cp -r of its output" 2)")
    echo "cold path on one log of 1M records, $cold_bytes bytes (each figure the median of 3 rounds):"
    echo "  cold build / peer script:          $(ratio "$(field "cold: activity-feed build" 2)" "$(field "cold: peer script" 2)")x wall (goal <= 0.5x)"
    echo "  cold build / (reader + cp -r):     $(ratio "$(field "cold: activity-feed build" 2)" "$floor")x wall (goal <= 1.5x)"
    echo "  cold build / wc -l:                $(ratio "$(field "cold: activity-feed build" 2)" "$(field "cold: wc -l" 2)")x wall"
    echo "  published:                         $cold_published_files files, $cold_published_bytes bytes; / log bytes: $(ratio "$cold_published_bytes" "$cold_bytes")x (goal <= 1.5x)"
    echo "  cold build phases:                 $(grep -o 'took .*' "$work/cold.txt" | tail -1)"
    echo "  --archive-retention 7 / wc -l:     $(ratio "$(field "cold: build --archive-retention 7" 2)" "$(field "cold: wc -l" 2)")x wall (goal <= 10x; history all outside it)"
    echo "  --archive-retention 7:             $(grep -o 'ingested .*' "$work/retention.txt" | tail -1)"
    echo
}

echo "bench-feed: the cold path"
# The cold path: one realistic 1M-record log, flushed and in the page cache, read by each contender.
python3 scripts/generate-activity-log.py 1000000 1 app-1 "$work/cold.log"
sync "$work/cold.log"
cat "$work/cold.log" >/dev/null
cold_bytes=$(stat -c %s "$work/cold.log")
# Three rounds of every contender, each from nothing (no state, no output); the medians are kept.
# Each round writes into folders of its own, removed only after the last: creating 20,000 files right
# after removing 20,000 others costs the kernel several times more (ext4 scanning for inodes it may
# not reuse yet: recently_deleted and find_inode_bit in `perf record -g`), which is the removal's
# cost, not the contender's.
: >"$work/cold-rounds.tsv"
for round in 1 2 3; do
    measure "cold: wc -l" wc -l "$work/cold.log" >>"$work/cold-rounds.tsv"
    measure "cold: reader alone" "$reader" "$work/cold.log" >>"$work/cold-rounds.tsv"
    measure "cold: peer script" python3 scripts/peers/feedgen-peer.py "$work/peer-out-$round" "$work/cold.log" \
        >>"$work/cold-rounds.tsv"
    measure "cold: activity-feed build" "$tool" build --verbose --log "$work/cold.log" \
        --state "$work/scold-$round/state.sqlite" --out "$work/cold-out-$round" >>"$work/cold-rounds.tsv" \
        2>"$work/cold.txt" || { cat "$work/cold.txt" >&2; exit 1; }
    measure "cold: cp -r of its output" cp -r "$work/cold-out-$round" "$work/cold-out-copy-$round" \
        >>"$work/cold-rounds.tsv"
    # The same log's history lies more than 7 days back (it ends on 2026-11-24): a retention leaves it all out.
    measure "cold: build --archive-retention 7" "$tool" build --verbose --archive-retention 7 --log "$work/cold.log" \
        --state "$work/sretention-$round/state.sqlite" --out "$work/retention-out-$round" \
        >>"$work/cold-rounds.tsv" 2>"$work/retention.txt" || { cat "$work/retention.txt" >&2; exit 1; }
done
medians "$work/cold-rounds.tsv" >>"$work/figures.tsv"
cold_published_bytes=$(du -sb "$work/cold-out-1" | cut -f1)
cold_published_files=$(find "$work/cold-out-1" -type f | wc -l)
# remove_outputs: what the measured runs wrote, once nothing more is measured.
remove_outputs() {
    rm -rf "$work"/cold-out-* "$work"/peer-out-* "$work"/scold-* "$work"/sretention-* "$work"/retention-out-* \
        "$work/out-copy"
}
if [[ -n ${COLD_ONLY:-} ]]; then
    remove_outputs
    echo
    print_cold
    exit 0
fi

echo "bench-feed: generating logs in $work"
rm -f "$work"/*.log
generate "$work/1m.log" 1 1000000
generate "$work/large.log" 1 "$large"
generate "$work/1k.log" 1 1000
ls -l "$work"/*.log | awk '{ print "  " $NF ": " $5 " bytes" }'


cat "$work/1m.log" >/dev/null
measure "wc -l 1M" wc -l "$work/1m.log" >>"$work/figures.tsv"
measure "cold build 1M" "$tool" build --verbose --log "$work/1m.log" --state "$work/s1m/state.sqlite" --out "$work/out" \
    >>"$work/figures.tsv" 2>"$work/cold-1m.txt" || { cat "$work/cold-1m.txt" >&2; exit 1; }
# The floor under publishing: copying what the cold build published, as plain files without fsync.
published_bytes=$(du -sb "$work/out" | cut -f1)
published_files=$(find "$work/out" -type f | wc -l)
measure "cp -r of the published output" cp -r "$work/out" "$work/out-copy" >>"$work/figures.tsv"

# Small runs are noisy: five rounds each, the median kept.
: >"$work/small.tsv"
for round in 1 2 3 4 5; do
    generate "$work/1m.log" $((1000001 + (round - 1) * 1000)) 1000
    measure "+1k after 1M" "$tool" build --quiet --log "$work/1m.log" --state "$work/s1m/state.sqlite" --out "$work/out" >>"$work/small.tsv"
    measure "+1k on empty history" "$tool" build --quiet --log "$work/1k.log" --state "$work/s1k-$round/state.sqlite" \
        --out "$work/out-1k-$round" >>"$work/small.tsv"
done
medians "$work/small.tsv" " (median of 5)" >>"$work/figures.tsv"

cat "$work/large.log" >/dev/null
measure "cold build ${large}" "$tool" build --quiet --log "$work/large.log" --state "$work/slarge/state.sqlite" \
    --out "$work/out-large" >>"$work/figures.tsv"

nothing=$("$tool" build --verbose --log "$work/1m.log" --state "$work/s1m/state.sqlite" --out "$work/out" 2>&1 | grep "ingested" | tail -1)
strace_line="strace not installed"
if command -v strace >/dev/null; then
    strace -f -y -e trace=read,pread64,readv,preadv -o "$work/strace.txt" \
        "$tool" build --quiet --log "$work/1m.log" --state "$work/s1m/state.sqlite" --out "$work/out"
    reads=$(grep -c "1m\.log>" "$work/strace.txt" || true)
    strace_line="strace: read calls on the log's descriptor: $reads"
fi

echo
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wall times suffer when it is high; CPU seconds less)"
echo "figure                               wall s   peak RSS MiB    CPU s      sys s"
awk -F'\t' '$1 !~ /^cold: / { printf "%-36s %8s %10s %10s %10s\n", $1, $2, $3, $4, $5 }' "$work/figures.tsv"
echo
print_cold
echo "cold build 1M / wc -l:               $(ratio "$(field "cold build 1M" 2)" "$(field "wc -l 1M" 2)")x wall, $(ratio "$(field "cold build 1M" 4)" "$(field "wc -l 1M" 4)")x CPU (goal <= 10x)"
phases=$(grep -o 'took .*' "$work/cold-1m.txt" | tail -1)
ingest=$(sed -E 's/.*ingest ([0-9.]+) s.*/\1/' <<<"$phases")
echo "cold build 1M phases:                $phases; ingest / wc -l: $(ratio "$ingest" "$(field "wc -l 1M" 2)")x"
echo "cold build 1M published:             $published_files files, $published_bytes bytes; cp -r of them / wc -l: $(ratio "$(field "cp -r of the published output" 2)" "$(field "wc -l 1M" 2)")x"
after="+1k after 1M (median of 5)"
empty="+1k on empty history (median of 5)"
echo "+1k after 1M / +1k on empty:         $(ratio "$(field "$after" 2)" "$(field "$empty" 2)")x wall, $(ratio "$(field "$after" 4)" "$(field "$empty" 4)")x CPU (goal <= 1.3x)"
echo "peak RSS 1M / ${large}:              $(field "cold build 1M" 3) / $(field "cold build ${large}" 3) MiB (goal: the same, <= 64)"
echo "nothing new: $nothing"
echo "nothing new: $strace_line"
remove_outputs
