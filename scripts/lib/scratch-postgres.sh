# Starts a scratch PostgreSQL cluster for a test script; sourced. Debian's
# postgresql package (scripts/lib/install-test-deps.sh) gives initdb and
# pg_ctl; as root they run as the postgres user (initdb refuses root).
# After `scratch_postgres_start DIR`: PGPORT is a free port on 127.0.0.1,
# PGURL_BASE is postgres://postgres@127.0.0.1:$PGPORT (append /DB), and
# `scratch_postgres_stop` stops the cluster (call it from the script's trap).
# Authentication is trust, on 127.0.0.1 only, for a throwaway cluster.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
scratch_postgres_dir=
scratch_postgres_as() {
    if ((EUID == 0)); then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}
scratch_postgres_start() {
    [[ -n $pg_bin && -x $pg_bin/initdb ]] || {
        echo "scratch-postgres: initdb not found under /usr/lib/postgresql; install Debian's postgresql" >&2
        return 1
    }
    scratch_postgres_dir=$1
    mkdir -p "$scratch_postgres_dir"
    chmod 0755 "$scratch_postgres_dir"
    ((EUID == 0)) && chown postgres: "$scratch_postgres_dir"
    PGPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    scratch_postgres_as "$pg_bin/initdb" -D "$scratch_postgres_dir/data" -A trust -U postgres >"$scratch_postgres_dir/initdb.log" 2>&1 || {
        echo "scratch-postgres: initdb failed; see $scratch_postgres_dir/initdb.log" >&2
        return 1
    }
    scratch_postgres_as "$pg_bin/pg_ctl" -D "$scratch_postgres_dir/data" -l "$scratch_postgres_dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $scratch_postgres_dir -c max_connections=200" start >/dev/null || {
        echo "scratch-postgres: the server did not start; see $scratch_postgres_dir/server.log" >&2
        return 1
    }
    export PGPORT
    PGURL_BASE="postgres://postgres@127.0.0.1:$PGPORT"
}
scratch_postgres_stop() {
    [[ -n $scratch_postgres_dir && -d $scratch_postgres_dir/data ]] || return 0
    scratch_postgres_as "$pg_bin/pg_ctl" -D "$scratch_postgres_dir/data" -m fast -w stop >/dev/null 2>&1 || true
}
scratch_postgres_createdb() {
    "$pg_bin/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -q -c "CREATE DATABASE \"$1\"" postgres
}
