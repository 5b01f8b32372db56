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

swift build -c release --product bucketlist-server --scratch-path .build-release >/dev/null
binary="$(swift build -c release --scratch-path .build-release --show-bin-path)/bucketlist-server"
work=$(mktemp -d)
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

cat >"$work/update.lua" <<'LUA'
-- Each request renames the item to a new random name, so every update changes something and is recorded.
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
request = function()
    return wrk.format(nil, os.getenv("BENCH_PATH"), nil, '{"name":"item ' .. math.random(1, 1000000000) .. '"}')
end
LUA

# run MODE [extra serve flags...]: prints the requests/s of one wrk run against a fresh server.
run() {
    local mode=$1; shift
    local dir="$work/$mode" port
    mkdir -p "$dir"
    port=$(free_port)
    "$binary" serve --port "$port" --database "$dir/db.sqlite" --activity-log "$dir/activity.log" \
        --feed-dir "$dir/feed" --source bench --log-level error "$@" 2>"$dir/server.stderr" &
    server_pid=$!
    for _ in $(seq 1 200); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.05; done
    local base="http://127.0.0.1:$port" token list item
    curl -fs -X POST "$base/auth/register" -d '{"username":"bench","password":"bench-password"}' >/dev/null
    token=$(curl -fs -X POST "$base/auth/login" -d '{"username":"bench","password":"bench-password"}' |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
    list=$(curl -fs -X POST "$base/bucketlists" -H "Authorization: Bearer $token" -d '{"name":"Bench"}' |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    item=$(curl -fs -X POST "$base/bucketlists/$list/items" -H "Authorization: Bearer $token" -d '{"name":"item"}' |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    BENCH_TOKEN=$token BENCH_PATH="/bucketlists/$list/items/$item" \
        wrk -t"$threads" -c"$connections" -d"$duration" -s "$work/update.lua" "$base" >"$dir/wrk.txt"
    kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=""
    if grep -q "Non-2xx" "$dir/wrk.txt"; then
        echo "bench-server: $mode: some requests failed:" >&2; cat "$dir/wrk.txt" >&2; exit 1
    fi
    if [[ "$mode" == connected* ]]; then
        echo "bench-server: connected: $(wc -l <"$dir/activity.log") records in the activity log" >&2
    fi
    awk '/^Requests\/sec:/ { print $2 }' "$dir/wrk.txt"
}

connected=()
disconnected=()
for round in $(seq 1 "$rounds"); do
    connected+=("$(run "connected-$round")")
    disconnected+=("$(run "disconnected-$round" --no-activity-log)")
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
