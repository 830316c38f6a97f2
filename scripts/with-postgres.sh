#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server (scripts/postgres-server.sh): KPI_TEST_PG
# and PGPASSWORD say where it is and how to log in, and the server is stopped and removed
# when the command ends, however it ends.
#
#   scripts/with-postgres.sh swift test
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /tmp/kpi-postgres.XXXXXX)
trap '"$here/postgres-server.sh" stop "$dir"' EXIT
export "$("$here/postgres-server.sh" start "$dir")"
PGPASSWORD=$(cat "$dir/password")
export PGPASSWORD
echo "PostgreSQL for the tests: $KPI_TEST_PG" >&2
"$@"
