#!/usr/bin/env bash
# make bench: figures for a release build of kpi on a generated file.
set -euo pipefail
exec python3 "$(dirname "$0")/bench.py" "$@"
