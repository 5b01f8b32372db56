#!/usr/bin/env bash
# Rotation under load: real logrotate, with deploy/logrotate/bucketlist-activity
# adapted to temporary paths, rotates the activity log while bucketlist-server
# is being written to by a stream of curl requests; activity-feed build runs
# before each rotation, after the last one, and once more when the writes have
# stopped. Passes if the set of (source, seq) in the log files, in the feed
# store (activity-feed stats --json) and in the published documents
# (feed.atom plus every archive/*.atom) is exactly the set of operations the
# server acknowledged: none lost, none twice.
#
#   scripts/logrotate-test.sh [ROTATIONS]      (default 3)
#
# Needs: swift, curl, python3, logrotate (Debian package). Prints its figures.
set -euo pipefail
cd "$(dirname "$0")/.."

rotations=${1:-3}
[[ $rotations =~ ^[1-9][0-9]?$ ]] || {
    echo "usage: $0 [ROTATIONS 1-99]" >&2
    exit 2
}

harness_name=logrotate-test
# shellcheck source=scripts/lib/server-harness.sh
source scripts/lib/server-harness.sh
harness_init
started=$SECONDS
command -v logrotate >/dev/null || die "'logrotate' not found (Debian: apt-get install -y logrotate)"

stop_writer() {
    if [[ -n ${writer_pid:-} ]]; then
        touch "$work/stop"
        wait "$writer_pid" 2>/dev/null || true
        writer_pid=
    fi
}
harness_cleanup_extra=stop_writer

harness_build
source_name=rotate-test
start_server "$source_name"
log=$work/log/activity.log

# The deploy config with the log's path replaced; the service user and `su`
# are dropped (the test runs as whoever runs it and owns the folder).
config=$work/logrotate.conf
sed -e "s|/var/log/bucketlist/activity.log|$log|" \
    -e '/^[[:space:]]*su /d' \
    deploy/logrotate/bucketlist-activity >"$config"
chmod 0644 "$config"
grep -q "^$log {" "$config" || die "could not adapt deploy/logrotate/bucketlist-activity"
if grep -qE "^[[:space:]]*copytruncate" "$config"; then
    die "the deploy config uses copytruncate"
fi

token=$(register_and_login writer 'rotating all day long')

# The writer: creates lists as fast as one curl at a time allows, and notes
# each one the server acknowledged (201) in $work/acked.
: >"$work/acked"
: >"$work/refused"
(
    n=0
    while [[ ! -e $work/stop ]]; do
        n=$((n + 1))
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X POST \
            -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
            --data-binary "{\"name\":\"list $n\"}" "$base_url/bucketlists") || code=000
        if [[ $code == 201 ]]; then
            echo "$n" >>"$work/acked"
        else
            echo "$n $code" >>"$work/refused"
        fi
    done
) &
writer_pid=$!

build() {
    "$bin/activity-feed" build --log "$log" --state "$work/feed.state" --out "$work/feed" \
        >>"$work/feed-build.out" 2>&1 || {
        tail -n 20 "$work/feed-build.out" >&2
        die "activity-feed build failed"
    }
}

# A build before each rotation, as the every-minute timer would have done: the
# tailer finds a rotated file through the checkpoint it holds for it.
for ((round = 1; round <= rotations; round++)); do
    sleep 1
    build
    sleep 0.5
    before=$(stat -c %i "$log" 2>/dev/null || echo none)
    logrotate -f -s "$work/logrotate.state" "$config" >>"$work/logrotate.out" 2>&1 || {
        cat "$work/logrotate.out" >&2
        die "logrotate failed"
    }
    [[ -e $log.1 ]] || die "rotation $round produced no $log.1"
    after=$(stat -c %i "$log" 2>/dev/null || echo none)
    [[ $before != "$after" ]] || die "rotation $round left $log in place"
    say "rotation $round: $(wc -l <"$work/acked") operations acknowledged so far"
done
sleep 1
build
sleep 0.5
stop_writer
if [[ -s $work/refused ]]; then
    die "the server refused $(wc -l <"$work/refused") requests: $(head -n 3 "$work/refused")"
fi

acked=$(wc -l <"$work/acked")
# The registration is one record too.
want=$((acked + 1))
# Wait for the server to append the last acknowledged records.
deadline=$((SECONDS + 30))
while :; do
    in_logs=$(for f in "$log"*; do zcat -f -- "$f"; done | wc -l)
    ((in_logs >= want)) && break
    ((SECONDS < deadline)) || die "the log files hold $in_logs records after 30 s, expected $want"
    sleep 0.2
done
build

"$bin/activity-feed" stats --state "$work/feed.state" --json >"$work/stats.json" 2>>"$work/feed-build.out" ||
    die "activity-feed stats --json failed"

# Three views must agree with the acknowledged operations: the log files
# (what the server wrote), the feed store (activity-feed stats --json: per
# source, records ingested, high-water seq, missing ranges) and the published
# documents (feed.atom and every archive/*.atom, as a feed reader walking
# prev-archive sees them).
python3 - "$work/feed" "$source_name" "$want" "$log" "$work/stats.json" <<'PY' || die "records were lost or repeated"
import glob
import gzip
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter

out, source, want, log, stats_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
expected = {(source, seq) for seq in range(1, want + 1)}
problems = []

in_logs = Counter()
files = sorted(glob.glob(log + "*"))
for path in files:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            in_logs[(record["source"], record["seq"])] += 1
print(f"logrotate-test: log files: {', '.join(os.path.basename(p) for p in files)}: "
      f"{sum(in_logs.values())} lines, {len(in_logs)} distinct (source, seq)")
if set(in_logs) != expected:
    problems.append(f"the log files hold {len(in_logs)} distinct records, expected {want}")

stats = json.load(open(stats_path))
sources = {s["source"]: s for s in stats["sources"]}
mine = sources.get(source, {})
print(f"logrotate-test: feed store: ingested {mine.get('ingested')}, high-water seq "
      f"{mine.get('high_water_seq')}, duplicates dropped {mine.get('duplicates')}, missing ranges "
      f"{mine.get('missing_ranges')}, rejects {stats['rejects']['count']}")
if (set(sources) != {source} or mine["ingested"] != want or mine["high_water_seq"] != want
        or mine["missing_ranges"] or stats["rejects"]["count"]):
    problems.append("the feed store does not hold exactly seqs 1…" + str(want))

ns = {"a": "http://www.w3.org/2005/Atom"}
documents = [os.path.join(out, "feed.atom")] + sorted(glob.glob(os.path.join(out, "archive", "*.atom")))
published = Counter()
if os.path.exists(documents[0]):
    for path in documents:
        for entry in ET.parse(path).getroot().findall("a:entry", ns):
            entry_id = entry.findtext("a:id", namespaces=ns) or ""
            match = re.fullmatch(r"tag:.+:([A-Za-z0-9._-]{1,64})/([0-9]+)", entry_id)
            if not match:
                sys.exit(f"{path}: entry id {entry_id!r} is not tag:…:<source>/<seq>")
            published[(match.group(1), int(match.group(2)))] += 1
    lost = sorted(expected - set(published))
    extra = sorted(set(published) - expected)
    twice = sorted(k for k, n in published.items() if n > 1)
    print(f"logrotate-test: published: {len(documents)} documents, {sum(published.values())} entries, "
          f"{len(published)} distinct; lost {len(lost)}, unexpected {len(extra)}, twice {len(twice)}")
    if lost or extra or twice:
        problems.append(f"published: lost {lost[:5]} unexpected {extra[:5]} twice {twice[:5]}")
else:
    problems.append(f"nothing published: no {documents[0]}")

if problems:
    sys.exit("; ".join(problems))
PY

say "OK: $rotations rotations under load, $want records acknowledged = $want in the logs = $want in the feed store = $want published, none lost or repeated; $((SECONDS - started)) s"
