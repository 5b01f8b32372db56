#!/usr/bin/env bash
# Item-update throughput of bucketlist-server with the activity-log relay connected and disconnected, in the
# same run, against 127.0.0.1 only. Prints requests/s for both and their ratio (goal: connected / disconnected
# >= 0.7). Needs wrk (Debian: apt-get install -y wrk) and curl; builds the release binary into .build-release.
#
# The two modes alternate for ROUNDS rounds (the machine's load drifts) and each mode's mean is compared.
# Environment: DURATION (wrk -d, default 10s), CONNECTIONS (default 16), THREADS (default 2), ROUNDS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "bench-server: wrk is missing (apt-get install -y wrk)" >&2; exit 2; }
duration=${DURATION:-10s}
connections=${CONNECTIONS:-16}
threads=${THREADS:-2}
rounds=${ROUNDS:-2}

harness_name=bench-server
# shellcheck source=scripts/lib/server-harness.sh
source scripts/lib/server-harness.sh
harness_init

swift build -c release --product bucketlist-server --scratch-path .build-release >"$work/build.out" 2>&1 || {
    tail -n 40 "$work/build.out" >&2
    die "swift build -c release failed"
}
bin="$(swift build -c release --scratch-path .build-release --show-bin-path)"

cat >"$work/update.lua" <<'LUA'
-- Each request renames the item to a new random name, so every update changes something and is recorded.
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
request = function()
    return wrk.format(nil, os.getenv("BENCH_PATH"), nil, '{"name":"item ' .. math.random(1, 1000000000) .. '"}')
end
LUA

# run MODE [extra serve flags...]: one wrk run against a fresh server; sets $rate to its requests/s.
run() {
    local mode=$1
    shift
    local server_dir="$work/$mode" token list item
    start_server bench --log-level error "$@" >&2
    token=$(register_and_login bench bench-password)
    api POST /bucketlists '{"name":"Bench"}' "$token"
    expect_status 201 "create a list"
    list=$(json_field id)
    api POST "/bucketlists/$list/items" '{"name":"item"}' "$token"
    expect_status 201 "create an item"
    item=$(json_field id)
    BENCH_TOKEN=$token BENCH_PATH="/bucketlists/$list/items/$item" \
        wrk -t"$threads" -c"$connections" -d"$duration" -s "$work/update.lua" "$base_url" >"$server_dir/wrk.txt"
    stop_server
    grep -q "Non-2xx" "$server_dir/wrk.txt" && die "$mode: some requests failed: $(cat "$server_dir/wrk.txt")"
    if [[ "$mode" == connected* ]]; then
        echo "bench-server: connected: $(wc -l <"$server_dir/log/activity.log") records in the activity log" >&2
    fi
    rate=$(awk '/^Requests\/sec:/ { print $2 }' "$server_dir/wrk.txt")
}

connected=()
disconnected=()
for round in $(seq 1 "$rounds"); do
    run "connected-$round"
    connected+=("$rate")
    run "disconnected-$round" --no-activity-log
    disconnected+=("$rate")
    echo "round $round: item updates/s connected ${connected[-1]}, disconnected ${disconnected[-1]}"
done
python3 - "${connected[*]}" "${disconnected[*]}" <<'PY'
import sys
connected = [float(x) for x in sys.argv[1].split()]
disconnected = [float(x) for x in sys.argv[2].split()]
c, d = sum(connected) / len(connected), sum(disconnected) / len(disconnected)
print(f"item updates/s, relay connected (mean):    {c:.1f}")
print(f"item updates/s, relay disconnected (mean): {d:.1f}")
print(f"ratio connected/disconnected: {c / d:.2f} (goal >= 0.70)")
PY
