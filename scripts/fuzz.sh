#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/) and runs each for SECONDS, seeded from samples/,
# sessions/ and the kept regression inputs. A crash fails the run and leaves its input in
# bench-data/fuzz/crashes/TARGET/: fix it, then keep it in Tests/KPICoreTests/Fixtures/fuzz/TARGET/.
set -euo pipefail
seconds=${1:-60}
cd "$(dirname "$0")/.."
targets=(statements delimited jsonlines sessionfile lesson)
build=.build-fuzz
for target in "${targets[@]}"; do
    KPI_FUZZ=1 swift build -c release --scratch-path "$build" --product "fuzz-$target" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld 2>&1 | grep -E "error|warning: unre|Compiling|complete" || true
done
bin="$(KPI_FUZZ=1 swift build -c release --scratch-path "$build" --show-bin-path)"
work=bench-data/fuzz
for target in "${targets[@]}"; do
    corpus="$work/corpus/$target" crashes="$work/crashes/$target"
    mkdir -p "$corpus" "$crashes"
    case $target in
        statements|sessionfile) cp sessions/*.kpi "$corpus/" ;;
        delimited) cp samples/*.csv Tests/KPICoreTests/Fixtures/*.csv Tests/KPICoreTests/Fixtures/*.tsv "$corpus/" ;;
        jsonlines) head -c 20000 samples/social.jsonl > "$corpus/social.jsonl"; cp Tests/KPICoreTests/Fixtures/*.jsonl "$corpus/" ;;
        lesson) cp sessions/lessons/*.kpi Tests/KPICoreTests/Fixtures/progress.json "$corpus/" ;;
    esac
    kept="Tests/KPICoreTests/Fixtures/fuzz/$target"
    [ -d "$kept" ] && cp "$kept"/* "$corpus/" 2>/dev/null || true
    echo "fuzz-$target: ${seconds}s"
    # -rss_limit_mb: the 2-core, 24 GiB machine; -timeout: an input taking 10 s is a hang.
    if ! "$bin/fuzz-$target" "$corpus" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
            -artifact_prefix="$crashes/" -print_final_stats=1 > "$work/$target.log" 2>&1; then
        tail -40 "$work/$target.log"
        echo "fuzz-$target found a crash: $(ls "$crashes")" >&2
        exit 1
    fi
    grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$work/$target.log" | tr '\n' ' '
    echo
done
