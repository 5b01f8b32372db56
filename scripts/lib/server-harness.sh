# shellcheck shell=bash
# Shared by scripts/e2e.sh, scripts/logrotate-test.sh and scripts/bench-server.sh (sourced, not run):
# builds the two executables, starts bucketlist-server on a free loopback port
# with its files in a temporary folder, talks HTTP to it with curl, and stops
# it on exit.
#
# The caller sets `set -euo pipefail`, names itself in $harness_name, then
# calls harness_init; afterwards these globals are set:
#   work      temporary folder holding everything the run writes
#   bin       folder of the built executables
#   base_url  http://127.0.0.1:<port>
#   status    HTTP status of the last `api` call; its body is in $work/body

harness_name=${harness_name:-harness}

# Prints a message on stderr and stops the run (the EXIT trap cleans up).
die() {
    echo "$harness_name: FAIL: $*" >&2
    exit 1
}

say() {
    echo "$harness_name: $*"
}

# Kills the server (if started), shows its log on failure, removes $work
# unless the run failed or KEEP_WORK=1.
harness_cleanup() {
    local rc=$?
    if [[ -n ${server_pid:-} ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [[ -n ${harness_cleanup_extra:-} ]]; then
        "$harness_cleanup_extra" || true
    fi
    if [[ -n ${work:-} && -d $work ]]; then
        if ((rc != 0)) || [[ ${KEEP_WORK:-0} == 1 ]]; then
            if ((rc != 0)) && [[ -f $work/server.out ]]; then
                echo "--- last lines of the server's output ($work/server.out):" >&2
                tail -n 30 "$work/server.out" >&2
            fi
            echo "$harness_name: files kept in $work" >&2
        else
            rm -rf "$work"
        fi
    fi
    exit "$rc"
}

harness_init() {
    work=$(mktemp -d "${TMPDIR:-/tmp}/$harness_name.XXXXXX")
    trap harness_cleanup EXIT
    trap 'exit 130' INT TERM
    for tool in curl python3; do
        command -v "$tool" >/dev/null || die "'$tool' not found"
    done
}

# Debug build of everything, reusing .build; BUCKETLIST_BIN=DIR uses the
# executables already in DIR instead (a release build, for instance).
harness_build() {
    if [[ -n ${BUCKETLIST_BIN:-} ]]; then
        bin=$BUCKETLIST_BIN
        say "using the executables in $bin"
    else
        say "swift build (debug)"
        swift build >"$work/build.out" 2>&1 || {
            tail -n 40 "$work/build.out" >&2
            die "swift build failed"
        }
        bin=$(swift build --show-bin-path)
    fi
    for exe in bucketlist-server activity-feed; do
        [[ -x $bin/$exe ]] || die "$bin/$exe not found"
    done
}

# A TCP port that was free a moment ago on the loopback interface.
free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# start_server SOURCE [SERVE_FLAG...]: serves $server_dir/app.sqlite, logs to
# $server_dir/log/activity.log, serves $server_dir/feed under /admin/, with any
# further flags of `bucketlist-server serve`. $server_dir defaults to $work.
start_server() {
    local source=$1 port dir=${server_dir:-$work}
    shift
    mkdir -p "$dir/log" "$dir/feed"
    port=$(free_port)
    base_url="http://127.0.0.1:$port"
    "$bin/bucketlist-server" serve --hostname 127.0.0.1 --port "$port" \
        --database "$dir/app.sqlite" --activity-log "$dir/log/activity.log" \
        --source "$source" --feed-dir "$dir/feed" "$@" >"$work/server.out" 2>&1 &
    server_pid=$!
    # GET /health answers 200 once the server serves.
    local deadline=$((SECONDS + 60))
    while :; do
        kill -0 "$server_pid" 2>/dev/null || die "the server exited during start-up"
        curl -fs -o /dev/null --max-time 2 "$base_url/health" && break
        ((SECONDS < deadline)) || die "the server did not answer within 60 s on $base_url"
        sleep 0.2
    done
    say "server (pid $server_pid) answering on $base_url"
}

# stop_server: SIGTERM, then waits for the server to finish (it drains its outbox first).
stop_server() {
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

# api METHOD PATH [JSON_BODY] [BEARER_TOKEN]: sets $status, body in $work/body.
api() {
    local method=$1 path=$2 body=${3:-} token=${4:-}
    local args=(-sS -X "$method" -o "$work/body" -w '%{http_code}' --max-time 30)
    [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
    [[ -n $token ]] && args+=(-H "Authorization: Bearer $token")
    status=$(curl "${args[@]}" "$base_url$path") || status=000
}

# expect_status CODE WHAT: fails the run unless the last `api` call answered CODE.
expect_status() {
    [[ $status == "$1" ]] || die "$2: expected HTTP $1, got $status: $(head -c 300 "$work/body")"
}

# json_field NAME: prints a top-level field of the last response body.
json_field() {
    python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$work/body" "$1" ||
        die "response has no field '$1': $(head -c 300 "$work/body")"
}

# register_and_login USER PASSWORD: registers over HTTP, prints a bearer token.
register_and_login() {
    local user=$1 password=$2
    api POST /auth/register "{\"username\":\"$user\",\"password\":\"$password\"}"
    expect_status 201 "register $user"
    login "$user" "$password"
}

# login USER PASSWORD: prints a bearer token.
login() {
    api POST /auth/login "{\"username\":\"$1\",\"password\":\"$2\"}"
    expect_status 200 "login $1"
    json_field token
}

# wait_for_log_lines N: waits until the activity log files hold N complete lines
# (the server appends after commit, possibly just after answering).
wait_for_log_lines() {
    local want=$1 have deadline=$((SECONDS + 30))
    while :; do
        have=$(cat "$work"/log/activity.log* 2>/dev/null | wc -l)
        ((have >= want)) && return 0
        ((SECONDS < deadline)) || die "activity log holds $have lines after 30 s, expected $want"
        sleep 0.1
    done
}
