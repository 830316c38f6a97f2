# kpi — two commands on a fresh machine: `make run` and `make test`.
SWIFT      ?= swift
RELEASE    := .build/release/kpi
BENCH_ROWS ?= 1000000
BENCH_FILE := bench-data/bench-1m.csv

.PHONY: run test build setup setup-postgres bench bench-100m samples fuzz clean

## Start the shell on the sample data (installs what is missing, builds a release binary).
run: setup build
	@$(RELEASE) -i -c 'load "samples/marketing.csv"'

## Run the whole test suite, against a throwaway PostgreSQL server of its own.
# The end-to-end tests refuse a kpi older than the sources; SwiftPM does not relink when a
# change leaves the object code as it was (a comment), so the binary is touched once the
# build has checked it is up to date.
test: setup setup-postgres
	$(SWIFT) build
	touch "$$($(SWIFT) build --show-bin-path)/kpi"
	KPI_BIN="$$($(SWIFT) build --show-bin-path)/kpi" scripts/with-postgres.sh $(SWIFT) test

## A release build.
build: setup
	$(SWIFT) build -c release --product kpi

## The C libraries kpi builds on, installed when missing: libedit (line editing), SQLite
## and libpq (databases), and pkg-config to find them.
setup:
	@missing=""; \
	command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"; \
	for pair in libedit:libedit-dev sqlite3:libsqlite3-dev libpq:libpq-dev; do \
		pkg-config --exists "$${pair%%:*}" 2>/dev/null || missing="$$missing $${pair##*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing$$missing (line editing and database clients)…"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pkg-config $$missing >/dev/null; \
	fi

## A PostgreSQL server for the database tests and benchmarks (each run starts its own
## throwaway cluster on a loopback port; none is left running), installed when missing.
setup-postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "Installing postgresql (a real server for the database tests)…"; \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	fi

## Speed figures on a generated 1,000,000-row file (release build), and against a
## throwaway PostgreSQL server of its own.
bench: setup setup-postgres
	$(SWIFT) build -c release --product kpi
	$(SWIFT) build -c release --product kpi-datagen
	@[ -f $(BENCH_FILE) ] || .build/release/kpi-datagen bench --rows $(BENCH_ROWS) --out $(BENCH_FILE)
	@[ -f $(BENCH_FILE:.csv=.jsonl) ] || .build/release/kpi-datagen bench --rows $(BENCH_ROWS) --out $(BENCH_FILE:.csv=.jsonl)
	@[ -f bench-data/bench-10m.csv ] || .build/release/kpi-datagen bench --rows 10000000 --out bench-data/bench-10m.csv
	@scripts/with-postgres.sh bash scripts/bench.sh $(RELEASE) $(BENCH_FILE)

## The 100M-row figures: writes a 5.9 GB CSV (about a minute) and needs about 4 GB of
## memory for the load; `make bench` includes them once the file is there.
bench-100m: setup
	$(SWIFT) build -c release --product kpi
	$(SWIFT) build -c release --product kpi-datagen
	@[ -f bench-data/bench-100m.csv ] || .build/release/kpi-datagen bench --rows 100000000 --out bench-data/bench-100m.csv
	@python3 scripts/bench.py $(RELEASE) $(BENCH_FILE) --100m

## Coverage-guided fuzzing (libFuzzer + AddressSanitizer) of the parser and the readers:
## each target for FUZZ_SECONDS (CI runs 60).
FUZZ_SECONDS ?= 60
fuzz: setup
	@bash scripts/fuzz.sh $(FUZZ_SECONDS)

## Regenerate samples/ (deterministic: the same files every time).
samples:
	$(SWIFT) build -c release --product kpi-datagen
	.build/release/kpi-datagen samples --out samples

clean:
	rm -rf .build .build-fuzz bench-data
