#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and benchmarks: initdb into a fresh folder
# (as the unprivileged `postgres` user when run as root, since the server refuses root),
# started on a free loopback port with password authentication, stopped and removed by
# `stop`. Nothing touches a system cluster.
#
#   scripts/postgres-server.sh start DIR   # prints KPI_TEST_PG=postgresql://kpi@127.0.0.1:PORT/kpi_test
#   scripts/postgres-server.sh stop DIR
#
# The password (for PGPASSWORD) is in DIR/password.
set -euo pipefail

command=${1:?usage: postgres-server.sh start|stop DIR}
dir=${2:?usage: postgres-server.sh start|stop DIR}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] && command -v pg_config >/dev/null 2>&1; then bindir=$(pg_config --bindir); fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "postgres-server.sh: no PostgreSQL server found (install the postgresql package: make setup-postgres)" >&2
    exit 1
fi

# Run as the owner of the cluster: ourselves, or `postgres` when we are root.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "$command" in
start)
    rm -rf "$dir"
    mkdir -p "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    password="kpi-test-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
    printf '%s\n' "$password" > "$dir/password"
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
        chown -R postgres "$dir"
    fi
    as_owner "$bindir/initdb" -D "$dir/data" -U kpi --pwfile="$dir/password" --auth-local=trust \
        --auth-host=scram-sha-256 -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    PGPASSWORD=$password "$bindir/psql" -q -h 127.0.0.1 -p "$port" -U kpi -d postgres -c "CREATE DATABASE kpi_test" >/dev/null
    echo "$port" > "$dir/port"
    echo "KPI_TEST_PG=postgresql://kpi@127.0.0.1:$port/kpi_test"
    ;;
stop)
    if [ -d "$dir/data" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: postgres-server.sh start|stop DIR" >&2
    exit 2
    ;;
esac
