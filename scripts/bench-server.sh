#!/usr/bin/env bash
# Item-update throughput of bucketlist-server, against 127.0.0.1 only. Needs wrk (Debian: apt-get install -y
# wrk), curl, and (default mode) Debian's postgresql for a scratch cluster (scripts/lib/scratch-postgres.sh);
# builds the release binary into .build-release.
#
# Default mode: requests/s of three configurations in the same run, each instance's activity-log relay
# connected (it writes its own log):
#   - SQLite, one instance;
#   - PostgreSQL, one instance (a fresh database of a scratch cluster);
#   - PostgreSQL, three instances (sources app-1..app-3, each with its own port and log, one database).
# "SQLite, three instances" is not measured: it is not a configuration the product supports (one server per
# SQLite database; several instances share a PostgreSQL database, see docs/operations.md, "More than one
# machine"). One wrk process drives each configuration with the same threads and connections; its Lua
# script's setup() points each thread at one instance (thread i at instance i mod N), so in the three-instance
# configuration each instance takes a third of the threads and connections, and wrk's Requests/sec is their
# sum. Each instance gets a list of its own with ITEMS items; every request renames a random one of them (an
# instance's updates do not queue on one row, and instances do not share rows). Ends with a table of the mean
# requests/s over the rounds and each one's ratio to SQLite on one instance, and a line on the expectation
# "three instances on PostgreSQL >= 1.5x one SQLite instance". All of it runs on this one machine: the three
# servers, PostgreSQL and wrk share its cores.
#
# MODE=relay: the earlier comparison, SQLite on one instance with the relay connected and disconnected
# (goal: connected / disconnected >= 0.7).
#
# The configurations (modes) alternate for ROUNDS rounds (the machine's load drifts) and each one's mean is
# compared. Environment: DURATION (wrk -d, default 10s), ROUNDS (default 2), CONNECTIONS (default 18; 16 with
# MODE=relay), THREADS (default 3, a multiple of 3 dividing CONNECTIONS; 2 with MODE=relay), ITEMS (items per
# instance, default 8), KEEP_WORK=1 keeps the files, BUCKETLIST_BIN=DIR uses DIR/bucketlist-server instead of
# building (a check of the script; its figures mean something only for a release build).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "bench-server: wrk is missing (apt-get install -y wrk)" >&2; exit 2; }
mode=${MODE:-configurations}
case $mode in
relay)
    connections=${CONNECTIONS:-16}
    threads=${THREADS:-2}
    ;;
configurations)
    connections=${CONNECTIONS:-18}
    threads=${THREADS:-3}
    ((threads % 3 == 0 && connections % threads == 0)) || {
        echo "bench-server: THREADS ($threads) must be a multiple of 3 and divide CONNECTIONS ($connections)" >&2
        exit 2
    }
    ;;
*)
    echo "bench-server: MODE is 'configurations' (the default) or 'relay', not '$mode'" >&2
    exit 2
    ;;
esac
duration=${DURATION:-10s}
rounds=${ROUNDS:-2}
items=${ITEMS:-8}

harness_name=bench-server
# shellcheck source=scripts/lib/server-harness.sh
source scripts/lib/server-harness.sh
# shellcheck source=scripts/lib/scratch-postgres.sh
source scripts/lib/scratch-postgres.sh

# Instances started by start_instance; killed (and the scratch cluster stopped) on any exit.
instance_pids=()
bench_cleanup() {
    local pid
    for pid in "${instance_pids[@]}"; do
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    scratch_postgres_stop
}
harness_cleanup_extra=bench_cleanup
harness_init
chmod 0755 "$work" # the scratch cluster's folder inside must be reachable by the postgres user

echo "bench-server: load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
if [[ -n ${BUCKETLIST_BIN:-} ]]; then
    bin=$BUCKETLIST_BIN # a folder holding a bucketlist-server already built (figures only mean something for release)
    echo "bench-server: using $bin/bucketlist-server"
else
    swift build -c release --product bucketlist-server --scratch-path .build-release >"$work/build.out" 2>&1 || {
        tail -n 40 "$work/build.out" >&2
        die "swift build -c release failed"
    }
    bin="$(swift build -c release --scratch-path .build-release --show-bin-path)"
fi
[[ -x $bin/bucketlist-server ]] || die "$bin/bucketlist-server not found"

cat >"$work/update.lua" <<'LUA'
-- Each request renames the item to a new random name, so every update changes something and is recorded.
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
request = function()
    return wrk.format(nil, os.getenv("BENCH_PATH"), nil, '{"name":"item ' .. math.random(1, 1000000000) .. '"}')
end
LUA

cat >"$work/spread.lua" <<'LUA'
-- BENCH_TARGETS: one "PORT PATH PATH ..." per instance, separated by ";". setup() runs once per thread, in
-- order: thread i connects to instance i mod N and renames random items among that instance's paths.
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
local targets, threads = {}, 0
for spec in string.gmatch(os.getenv("BENCH_TARGETS"), "[^;]+") do
    local words = {}
    for word in string.gmatch(spec, "%S+") do words[#words + 1] = word end
    local port = table.remove(words, 1)
    targets[#targets + 1] = { port = port, paths = words }
end
function setup(thread)
    local target = targets[threads % #targets + 1]
    threads = threads + 1
    thread.addr = wrk.lookup("127.0.0.1", target.port)[1]
    thread:set("paths", target.paths)
    thread:set("seed", threads)
end
function init(args)
    math.randomseed(os.time() * 100 + seed)
end
function request()
    return wrk.format(nil, paths[math.random(#paths)], nil, '{"name":"item ' .. math.random(1, 1000000000) .. '"}')
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

# start_instance DIR SOURCE DATABASE: starts a server (relay connected, its own log in DIR/log) on a free
# port, waits until it serves; appends its pid and port to instance_pids and instance_ports.
start_instance() {
    local dir=$1 source=$2 database=$3 port pid deadline=$((SECONDS + 60))
    mkdir -p "$dir/log" "$dir/feed"
    port=$(free_port)
    "$bin/bucketlist-server" serve --hostname 127.0.0.1 --port "$port" --database "$database" \
        --activity-log "$dir/log/activity.log" --source "$source" --feed-dir "$dir/feed" \
        --log-level error >"$dir/server.out" 2>&1 &
    pid=$!
    instance_pids+=("$pid")
    instance_ports+=("$port")
    until curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$port/health"; do
        kill -0 "$pid" 2>/dev/null || die "$source exited during start-up: $(tail -n 20 "$dir/server.out")"
        ((SECONDS < deadline)) || die "$source did not answer within 60 s on port $port"
        sleep 0.2
    done
}

# stop_instances: SIGTERM to all, then waits for each (each drains its outbox into its log first).
stop_instances() {
    local pid
    for pid in "${instance_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${instance_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    instance_pids=()
}

# measure NAME DATABASE COUNT: starts COUNT instances (app-1 … app-COUNT) on DATABASE (a path: SQLite, made
# in the run's folder; a postgres:// URL: PostgreSQL), gives each a list of ITEMS items, runs wrk spread over
# them, stops them; sets $rate to wrk's requests/s (the sum over the instances).
measure() {
    local name=$1 database=$2 count=$3 dir="$work/$1" i token list targets="" spec records=0 lines per_log=""
    instance_ports=()
    for i in $(seq 1 "$count"); do
        [[ $database == postgres://* ]] || database="$dir/app.sqlite"
        start_instance "$dir/app-$i" "app-$i" "$database"
    done
    base_url="http://127.0.0.1:${instance_ports[0]}"
    token=$(register_and_login bench bench-password)
    for i in $(seq 1 "$count"); do
        base_url="http://127.0.0.1:${instance_ports[i - 1]}"
        api POST /bucketlists "{\"name\":\"Bench $i\"}" "$token"
        expect_status 201 "create a list on app-$i"
        list=$(json_field id)
        spec=${instance_ports[i - 1]}
        for _ in $(seq 1 "$items"); do
            api POST "/bucketlists/$list/items" '{"name":"item"}' "$token"
            expect_status 201 "create an item on app-$i"
            spec+=" /bucketlists/$list/items/$(json_field id)"
        done
        targets+="$spec;"
    done
    BENCH_TOKEN=$token BENCH_TARGETS=$targets \
        wrk -t"$threads" -c"$connections" -d"$duration" -s "$work/spread.lua" \
        "http://127.0.0.1:${instance_ports[0]}" >"$dir/wrk.txt"
    stop_instances
    grep -q "Non-2xx" "$dir/wrk.txt" && die "$name: some requests failed: $(cat "$dir/wrk.txt")"
    grep -q "Socket errors" "$dir/wrk.txt" && echo "bench-server: $name: $(grep "Socket errors" "$dir/wrk.txt")" >&2
    for i in $(seq 1 "$count"); do
        lines=$(wc -l <"$dir/app-$i/log/activity.log")
        ((lines > 0)) || die "$name: app-$i wrote no activity log"
        records=$((records + lines))
        per_log+=" app-$i $lines"
    done
    rate=$(awk '/^Requests\/sec:/ { print $2 }' "$dir/wrk.txt")
    echo "bench-server: $name: $(awk '/requests in/ { print $1 }' "$dir/wrk.txt") responses," \
        "$records records in the activity log(s) ($per_log )" >&2
}

if [[ $mode == relay ]]; then
    connected=()
    disconnected=()
    for round in $(seq 1 "$rounds"); do
        run "connected-$round"
        connected+=("$rate")
        run "disconnected-$round" --no-activity-log
        disconnected+=("$rate")
        echo "round $round: item updates/s connected ${connected[-1]}, disconnected ${disconnected[-1]}"
    done
    echo "bench-server: load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    python3 - "${connected[*]}" "${disconnected[*]}" <<'PY'
import sys
connected = [float(x) for x in sys.argv[1].split()]
disconnected = [float(x) for x in sys.argv[2].split()]
c, d = sum(connected) / len(connected), sum(disconnected) / len(disconnected)
print(f"item updates/s, relay connected (mean):    {c:.1f}")
print(f"item updates/s, relay disconnected (mean): {d:.1f}")
print(f"ratio connected/disconnected: {c / d:.2f} (goal >= 0.70)")
PY
    exit 0
fi

scratch_postgres_start "$work/postgres" || die "the scratch PostgreSQL cluster did not start"
sqlite1=()
pg1=()
pg3=()
for round in $(seq 1 "$rounds"); do
    measure "sqlite-1-r$round" "" 1
    sqlite1+=("$rate")
    scratch_postgres_createdb "bench_pg1_r$round"
    measure "postgres-1-r$round" "$PGURL_BASE/bench_pg1_r$round" 1
    pg1+=("$rate")
    scratch_postgres_createdb "bench_pg3_r$round"
    measure "postgres-3-r$round" "$PGURL_BASE/bench_pg3_r$round" 3
    pg3+=("$rate")
    echo "round $round: item updates/s SQLite x1 ${sqlite1[-1]}, PostgreSQL x1 ${pg1[-1]}, PostgreSQL x3 ${pg3[-1]}"
done
echo "bench-server: load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "wrk: $threads threads, $connections connections, $duration per run, $rounds round(s), $items items per instance"
echo "SQLite, three instances: not measured (not a supported configuration: one server per SQLite database)"
python3 - "${sqlite1[*]}" "${pg1[*]}" "${pg3[*]}" <<'PY'
import sys
means = [sum(v) / len(v) for v in ([float(x) for x in arg.split()] for arg in sys.argv[1:4])]
names = ["SQLite, one instance", "PostgreSQL, one instance", "PostgreSQL, three instances"]
print(f"{'configuration':<30} {'requests/s (mean)':>18} {'ratio to SQLite x1':>19}")
for name, mean in zip(names, means):
    print(f"{name:<30} {mean:>18.1f} {mean / means[0]:>19.2f}")
ratio = means[2] / means[0]
verdict = "met" if ratio >= 1.5 else "not met"
print(f"expectation: three instances on PostgreSQL >= 1.5x one SQLite instance: {verdict} ({ratio:.2f}x)")
PY
