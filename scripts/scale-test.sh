#!/usr/bin/env bash
# The scale test: three bucketlist-server instances (sources app-1, app-2, app-3, each with its own port and
# activity log) on one scratch PostgreSQL database, under concurrent CRUD traffic, each SIGKILLed at random
# moments and restarted; checks that the three logs hold exactly the committed operations, gapless per
# source, that replaying them gives the database's final state, and that `activity-feed build` over the
# three logs publishes them all (scripts/scale-test.py says how). Builds the executables (debug) first.
# Knobs: SCALE_SECONDS (35), SCALE_KILLS per instance (6), SCALE_WORKERS (6), SCALE_SEED, KEEP_WORK=1.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/scratch-postgres.sh
source scripts/lib/scratch-postgres.sh

swift build --product bucketlist-server >/dev/null
swift build --product activity-feed >/dev/null
bin=$(swift build --show-bin-path)

work=$(mktemp -d "${TMPDIR:-/tmp}/scale-test.XXXXXX")
chmod 0755 "$work" # the cluster's folder inside must be reachable by the postgres user
cleanup() {
    local rc=$? pid_file pid
    # The driver kills its servers on the way out; should it have died first, its pid files name them.
    for pid_file in "$work"/app-*/server.pid; do
        [[ -f $pid_file ]] || continue
        pid=$(<"$pid_file")
        if [[ $(ps -o comm= -p "$pid" 2>/dev/null) == bucketlist-serv* ]]; then
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    scratch_postgres_stop
    echo "scale-test: $SECONDS s in all (build, cluster, run and checks)"
    if ((rc != 0)) || [[ ${KEEP_WORK:-0} == 1 ]]; then
        echo "scale-test: files kept in $work" >&2
    else
        rm -rf "$work"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

scratch_postgres_start "$work/postgres"
scratch_postgres_createdb scale
seed=()
[[ -n ${SCALE_SEED:-} ]] && seed=(--seed "$SCALE_SEED")
python3 scripts/scale-test.py "$bin/bucketlist-server" "$bin/activity-feed" "$pg_bin/psql" "$PGURL_BASE/scale" \
    "$work" --seconds "${SCALE_SECONDS:-35}" --kills "${SCALE_KILLS:-6}" --workers "${SCALE_WORKERS:-6}" \
    "${seed[@]}"
