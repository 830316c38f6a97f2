#!/usr/bin/env python3
"""`make bench`: wall time and peak memory of kpi on a large generated file.

Each figure is printed with the command that produced it. Times are the median
of several runs (minimum in brackets); memory is the peak resident set size of
the process, read with wait4(2). DuckDB is measured the same way when a
`duckdb` binary is on PATH (pip install duckdb-cli).
"""
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time


def run_once(argv):
    """Wall seconds, peak RSS (MiB, from wait4) and stdout of one run."""
    read_end, write_end = os.pipe()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.dup2(write_end, 1)
        os.close(read_end)
        os.execvp(argv[0], argv)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 1 << 16):
        chunks.append(chunk)
    os.close(read_end)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(argv)}")
    return wall, usage.ru_maxrss / 1024, b"".join(chunks).decode()


def measure(argv, runs):
    """Median and minimum wall seconds, peak RSS in MiB, and the last stdout."""
    results = [run_once(argv) for _ in range(runs)]
    walls = [r[0] for r in results]
    return statistics.median(walls), min(walls), max(r[1] for r in results), results[-1][2]


def measure_pair(first, second, runs):
    """`measure` of two commands whose runs alternate, so both see the same machine: on a
    virtual machine the cost of fresh memory pages drifts by a third within minutes, and
    a ratio of figures taken minutes apart says more about the drift than the programs."""
    results = [], []
    for _ in range(runs):
        results[0].append(run_once(first))
        results[1].append(run_once(second))
    return [(statistics.median(r[0] for r in rs), min(r[0] for r in rs), max(r[1] for r in rs), rs[-1][2])
            for rs in results]


def beside_duckdb(label, argv, target, query, reference_label, runs):
    """`argv` measured and shown; with `duckdb` on PATH, runs alternating with DuckDB's on
    `query` (`measure_pair`), both shown and their ratio printed."""
    if not shutil.which("duckdb"):
        m, lo, peak, _ = measure(argv, runs)
        show(label, argv, m, lo, peak, target)
        return
    reference = ["duckdb", "-c", query]
    (m, lo, peak, _), (dm, dlo, dpeak, _) = measure_pair(argv, reference, runs)
    show(label, argv, m, lo, peak, target)
    show(reference_label, reference, dm, dlo, dpeak, "(reference; runs alternate with kpi's)")
    print(f"  kpi / duckdb: {m / dm:.2f}x (medians), {lo / dlo:.2f}x (minimums)")


def show(label, argv, median, minimum, peak, target):
    command = shlex.join([os.path.relpath(argv[0]) if os.path.isabs(argv[0]) and "/.build/" in argv[0] else argv[0]] + argv[1:])
    print(f"{label:<34} {median * 1000:8.1f} ms  (min {minimum * 1000:.1f})  peak {peak:6.1f} MiB   target {target}")
    print(f"  $ {command}")


def timer_readouts(kpi, statements, runs=5):
    """Median ms of each statement's `timer on` readout, over several runs."""
    per_run = []
    for _ in range(runs):
        _, _, _, out = measure([kpi, "-c", statements], 1)
        found = re.findall(r"\(([\d.,]+) (ms|s)(?: · (\d+) definitions? computed)?\)", out)
        per_run.append([(float(v.replace(",", "")) * (1 if u == "ms" else 1000), int(c or 0)) for v, u, c in found])
    return [(statistics.median(run[i][0] for run in per_run), per_run[0][i][1]) for i in range(len(per_run[0]))]


def metrics(kpi, data, load):
    """Issue 3's figures: show by month and by channel, a 200-metric chain, the whole run."""
    print()
    define = ("metric spend = sum(bench.spend); metric new_customers = sum(bench.new_customers); "
              "metric cac = spend / new_customers")
    statements = (f"{load}; {define}; timer on; grain quarter; grain month; "
                  "show spend, new_customers, cac last 1; grain quarter; show spend, new_customers, cac last 1; "
                  "grain month; show spend, new_customers, cac by bench.channel last 1")
    readouts = timer_readouts(kpi, statements)
    cached, uncached, by = readouts[2][0], readouts[4][0], readouts[6][0]
    print(f"{'show 3 metrics by month (cached)':<34} {cached:8.2f} ms" + " " * 36 + "target <= 20 ms")
    print(f"{'show 3 metrics, computed afresh':<34} {uncached:8.2f} ms  (by quarter: new period index, 2 aggregates)")
    print(f"{'show 3 metrics by bench.channel':<34} {by:8.2f} ms" + " " * 36 + "target <= 40 ms")
    print(f"  $ kpi -c '{statements}'")
    chain = "; ".join(["metric m0 = spend * 1"] + [f"metric m{i} = m{i - 1} + 1" for i in range(1, 200)])
    statements = f"{load}; {define}; {chain}; timer on; metric m0 = spend * 2"
    (ms, computed), = timer_readouts(kpi, statements)
    print(f"{'redefine the root of 200 metrics':<34} {ms:8.2f} ms  ({computed} definitions computed)" + " " * 8
          + "target <= 20 ms")
    print(f"  $ kpi -c '{load}; {define}; metric m0 = spend * 1; metric m1 = m0 + 1; … m199; timer on; metric m0 = spend * 2'")
    query = (f"select date_trunc('month', date) as m, sum(spend) / sum(new_customers) from read_csv('{data}') "
             "group by m order by m;")
    beside_duckdb("load, define, show cac by month", [kpi, "-c", f"{load}; {define}; show cac"],
                  "<= 350 ms, <= 220 MiB", query, "duckdb: monthly CAC on the file", 9)


def forecasts(kpi):
    """Issue 13's figures: `forecast` (auto) on ten years of a monthly series, and `goals`
    with 10 goals on 5 such metrics (forecast at each deadline and P(met))."""
    import math
    print()
    path = "bench-data/forecast-monthly.csv"
    with open(path, "w") as file:
        file.write("date," + ",".join(f"m{k}" for k in range(1, 6)) + "\n")
        for month in range(120):
            # Trend, a season of its own per series and a deterministic wobble for noise.
            row = [(1000 + 8 * month * k) * (1 + 0.25 * math.sin(2 * math.pi * (month + k) / 12))
                   * (1 + 0.04 * math.sin(month * 2.39996 * k)) for k in range(1, 6)]
            file.write(f"{2016 + month // 12}-{month % 12 + 1:02d}-01," + ",".join(f"{v:.2f}" for v in row) + "\n")
    load = f'load "{path}" as f; ' + "; ".join(f"metric m{k} = sum(f.m{k})" for k in range(1, 6))
    statements = f"{load}; timer on; forecast m1"
    (ms, _), = timer_readouts(kpi, statements)
    print(f"{'forecast, 10 years monthly (auto)':<34} {ms:8.2f} ms  (15 ETS forms by AICc)" + " " * 13 + "target < 20 ms")
    print(f"  $ kpi -c '{statements}'")
    goals = "; ".join(f"goal g{k}{deadline}: m{k} >= {1400 + 150 * k} by 2026-{deadline:02d} for grow"
                      for k in range(1, 6) for deadline in (6, 12))
    # Each goal statement reports on its goal, so the ten of them pay for the five fits
    # (the second goal on a metric reuses its fit); `goals` after them reuses all five.
    statements = f'{load}; objective grow "More"; timer on; {goals}; goals'
    readouts = timer_readouts(kpi, statements)
    defining, listing = sum(ms for ms, _ in readouts[:-1]), readouts[-1][0]
    print(f"{'goals: 10 goals on 5 metrics':<34} {defining:8.2f} ms  (the 10 goal statements, 5 fits)" + " " * 3
          + "target < 100 ms")
    print(f"{'  then goals (fits reused)':<34} {listing:8.2f} ms")
    print(f"  $ kpi -c '{load}; objective grow \"More\"; timer on; goal g16: m1 >= 1550 by 2026-06 for grow; … g512; goals'")


def what_if(kpi, data, load):
    """Issue 5's figures: simulate a 10-step driver model, solve, compare 5 scenarios on the big file."""
    print()
    model = ("let budget = normal(60k, 5k); let cpc = lognormal(0, 0.2); let cvr = uniform(3%, 5%); "
             "let close_rate = triangular(20%, 25%, 30%); let aov = between(80, 120); "
             "metric clicks = budget / cpc; metric leads = clicks * cvr; metric customers = leads * close_rate; "
             "metric revenue = customers * aov; metric cac = budget / customers; metric roi = revenue / budget - 1; "
             "metric margin = revenue * 40%; metric profit = margin - budget; metric profit_per_customer = profit / customers")
    statements = f"{model}; timer on; simulate profit_per_customer runs 100000 seed 7"
    (ms, computed), = timer_readouts(kpi, statements)
    print(f"{'simulate a 10-step model, 100k runs':<34} {ms:8.2f} ms  (5 uncertain inputs, {computed} nodes)" + " " * 2
          + "target <= 40 ms")
    print(f"  $ kpi -c '{model}; timer on; simulate profit_per_customer runs 100000 seed 7'")
    define = ("metric spend = sum(bench.spend); metric clicks = sum(bench.clicks); metric new_customers = sum(bench.new_customers); "
              "metric cac = spend / new_customers; let budget = 3M; let cpc = mean(spend / clicks, last 3); "
              "let close = mean(new_customers / clicks, last 3); metric planned = budget / cpc * close")
    scenarios = "; ".join(f"scenario s{i}: budget = budget * {1 + i / 10}" for i in range(1, 5))
    statements = f"{load}; {define}; {scenarios}; timer on; compare base, s1, s2, s3, s4 on planned, cac"
    (ms, computed), = timer_readouts(kpi, statements)
    print(f"{'compare 5 scenarios on 1M rows':<34} {ms:8.2f} ms  ({computed} definitions computed)" + " " * 10 + "target <= 50 ms")
    print(f"  $ kpi -c '{statements}'")
    _, _, _, out = measure([kpi, "-c", f"{load}; {define}; solve budget for planned = 50000"], 1)
    evaluations = re.search(r"(\d+) evaluations", out).group(1)
    print(f"{'solve budget for planned = 50000':<34} {evaluations:>8} evaluations" + " " * 26 + "target <= 60")


def paths(kpi):
    """Issue 14's figures: a 12-month path model with 5 uncertain inputs, 2 correlated, at
    100,000 runs beside the same model in NumPy (scripts/whatif_peer.py), and a probability solve."""
    print()
    import whatif_peer
    # Twice in one process: the second is warm, as NumPy's runs after its warm-up are.
    simulate = f"{whatif_peer.MODEL}; timer on; {whatif_peer.SIMULATE}; {whatif_peer.SIMULATE}"
    (first, _), (ms, _) = timer_readouts(kpi, simulate, runs=7)
    print(f"{'simulate a 12-month path, 100k runs':<34} {ms:8.2f} ms  (first in the process {first:.1f}; 5 uncertain "
          "inputs, 2 correlated)   target < 0.5x NumPy")
    print(f"  $ kpi -c '{simulate}'")
    if whatif_peer.available():
        median, minimum = whatif_peer.numpy_ms()
        print(f"{'the same model in NumPy':<34} {median:8.2f} ms  (min {minimum:.1f}; after a warm-up, 7 runs)")
        print("  $ python3 scripts/whatif_peer.py")
        print(f"  kpi / numpy: {ms / median:.2f}x (medians, warm), {first / median:.2f}x (kpi's first run)")
        check = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "whatif_peer.py"), "--check", kpi],
                               capture_output=True, text=True)
        passed = check.stdout.count("✓")
        print(f"{'the draws checked by NumPy/SciPy':<34} {passed} of {passed + check.stdout.count('✗')} checks pass "
              "(rank correlations, marginals, the metric per run)")
        print(f"  $ python3 scripts/whatif_peer.py --check {os.path.relpath(kpi)}")
    solve = (f"{whatif_peer.MODEL}; timer on; "
             "solve budget for P(total(customers from 2027-01 to 2027-12) >= 18000) = 80% runs 100000")
    (ms, computed), = timer_readouts(kpi, solve)
    print(f"{'solve on P(…) = 80%, 100k runs':<34} {ms:8.2f} ms  (each trial on the same draws)" + " " * 5 + "target < 1 s")
    print(f"  $ kpi -c '{solve}'")


def replay(kpi):
    """Issue 6's figure: replaying a 1,000-statement session."""
    print()
    lines = ["# kpi session · format 1", "let base = 100"]
    for i in range(333):
        lines += [f"let a{i} = base + {i}", f"metric m{i} = a{i} * 2", f"show m{i}"]
    lines.append("show m0, m332")
    path = "bench-data/replay-1000.kpi"
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    argv = [kpi, path]
    m, lo, peak, _ = measure(argv, 5)
    show("replay a 1,000-statement session", argv, m, lo, peak, "<= 1 s")


def scale(kpi, data):
    """Issue 12's figures at 10M rows: the load with a monthly CAC (beside DuckDB querying the
    file), and what statements cost on the loaded table."""
    if not os.path.exists(data):
        print(f"\n({data} is missing: make bench writes it)")
        return
    print(f"\n10M rows · {data}: {os.path.getsize(data) / 1e6:.0f} MB")
    cac = ("metric spend = sum(bench.spend); metric new_customers = sum(bench.new_customers); "
           "metric cac = spend / new_customers; show cac last 1")
    query = (f"select date_trunc('month', date) as m, sum(spend) / sum(new_customers) from read_csv('{data}') "
             "group by m order by m desc limit 1;")
    beside_duckdb("10M rows: load, monthly CAC", [kpi, "-c", f'load "{data}" as bench; {cac}'],
                  "<= 0.8x DuckDB, <= 80 B/row (763 MiB)", query, "duckdb: the same on the file", 7)
    statements = (f'load "{data}" as bench; timer on; metric spend = sum(bench.spend); '
                  "metric new_customers = sum(bench.new_customers); metric cac = spend / new_customers; "
                  "grain quarter; show spend, cac last 1; show spend, cac by bench.channel last 1; describe bench")
    readouts = timer_readouts(kpi, statements, runs=3)
    names = ["metric spend (+ period index)", "metric new_customers", "metric cac", "grain quarter",
             "show at a new grain (afresh)", "show by bench.channel (afresh)", "describe bench"]
    for name, (ms, _) in zip(names, readouts):
        print(f"  {name:<32} {ms:8.1f} ms")
    print(f"  target: each < 200 ms\n  $ kpi -c '{statements}'")
    if shutil.which("taskset"):
        argv = ["taskset", "-c", "0", kpi, "-c", f'load "{data}" as bench']
        m, lo, peak, _ = measure(argv, 3)
        show("10M rows: load on 1 core", argv, m, lo, peak, "(2 cores: the load above)")
        argv = [kpi, "-c", f'load "{data}" as bench']
        m, lo, peak, _ = measure(argv, 3)
        show("10M rows: load on 2 cores", argv, m, lo, peak, "(this machine's cores)")


def cancel_after(kpi, data, delay):
    """Milliseconds from Ctrl-C, sent `delay` seconds into a load in the interactive shell (on a
    pseudo-terminal), to the next prompt."""
    import pty
    import select
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(kpi, [kpi])
    def read_until(marker, timeout):
        seen, deadline = b"", time.perf_counter() + timeout
        while marker not in seen and time.perf_counter() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.002)
            if ready:
                seen += os.read(fd, 1 << 16)
        return seen
    read_until(b"kpi>", 10)
    os.write(fd, f'load "{data}" as bench\r'.encode())
    read_until(b"\0", delay)  # everything echoed while the load runs, so none is taken for the answer
    start = time.perf_counter()
    os.write(fd, b"\x03")
    seen = read_until(b"kpi>", 30)
    elapsed = (time.perf_counter() - start) * 1000
    os.write(fd, b"quit\r")
    os.waitpid(pid, 0)
    return elapsed, b"cancelled; nothing was changed" in seen


def huge(kpi):
    """Issue 12's 100M-row figures (`make bench-100m` writes the 5.9 GB file first)."""
    data = "bench-data/bench-100m.csv"
    if not os.path.exists(data):
        print(f"\n({data} is missing: `make bench-100m` writes it and measures it)")
        return
    print(f"\n100M rows · {data}: {os.path.getsize(data) / 1e9:.1f} GB")
    argv = [kpi, "-c", f'load "{data}" as bench']
    load, _, peak, _ = measure(argv, 1)
    show("100M rows: load", argv, load, load, peak, f"({peak * 2**20 / 1e8:.0f} B/row)")
    statements = (f'load "{data}" as bench; timer on; metric spend = sum(bench.spend); '
                  "metric new_customers = sum(bench.new_customers); metric cac = spend / new_customers; "
                  "show cac by bench.channel last 1")
    argv = [kpi, "-c", statements]
    m, lo, peak, out = measure(argv, 1)
    show("100M rows: load, show cac by channel", argv, m, lo, peak,
         f"no running out of memory ({peak * 2**20 / 1e8:.0f} B/row)")
    readouts = re.findall(r"\(([\d.,]+) (ms|s)", out)
    names = ["metric spend (+ period index)", "metric new_customers", "metric cac", "show cac by bench.channel"]
    for name, (value, unit) in zip(names, readouts):
        print(f"  {name:<32} {float(value.replace(',', '')) * (1 if unit == 'ms' else 1000):8.1f} ms")
    for delay in (round(load * fraction, 1) for fraction in (0.05, 0.2, 0.35)):
        ms, answered = cancel_after(kpi, data, delay)
        print(f"  Ctrl-C {delay:>4} s into the load: prompt after {ms:6.1f} ms"
              f"{'' if answered else ' (no cancellation message seen)'}   target <= 200 ms")
    print(f"  $ kpi   then   load \"{data}\" as bench   and Ctrl-C (on a pseudo-terminal)")


def main():
    kpi, data = sys.argv[1], sys.argv[2]
    if sys.argv[3:] == ["--100m"]:
        huge(kpi)
        return
    size = os.path.getsize(data) / 1e6
    rows = sum(1 for _ in open(data, "rb")) - 1
    env_note = f"{os.cpu_count()} cores"
    print(f"kpi bench · {data}: {rows:,} rows, {size:.1f} MB · release build · {env_note}\n")

    argv = [kpi, "-c", "tables"]
    m, lo, peak, _ = measure(argv, 20)
    show("start-up (kpi -c tables)", argv, m, lo, peak, "<= 20 ms")

    load = f'load "{data}" as bench'
    argv = [kpi, "-c", f"{load}; tables"]
    m, lo, peak, _ = measure(argv, 9)
    show("load 1M rows", argv, m, lo, peak, "<= 300 ms, <= 200 MiB")

    jsonl = data[: -len(".csv")] + ".jsonl"
    cac = ("metric spend = sum(bench.spend); metric new_customers = sum(bench.new_customers); "
           "metric cac = spend / new_customers; show cac last 1")
    if os.path.exists(jsonl):
        query = (f"select date_trunc('month', date) as m, sum(spend) / sum(new_customers) from read_json('{jsonl}') "
                 "group by m order by m desc limit 1;")
        beside_duckdb(f"JSON Lines ({os.path.getsize(jsonl) / 1e6:.0f} MB): load, monthly CAC",
                      [kpi, "-c", f'load "{jsonl}" as bench; {cac}'], "<= DuckDB read_json", query,
                      "duckdb read_json, monthly CAC", 5)

    # Load scales with cores: the same loads pinned to one core with taskset.
    if shutil.which("taskset"):
        for path in [data, jsonl] if os.path.exists(jsonl) else [data]:
            argv = ["taskset", "-c", "0", kpi, "-c", f'load "{path}" as bench']
            m, lo, peak, _ = measure(argv, 5)
            show(f"load {os.path.splitext(path)[1][1:]} on 1 core", argv, m, lo, peak, "(the 2-core figures above)")

    argv = [kpi, "-c", f"{load}; timer on; describe bench"]
    timings = []
    for _ in range(5):
        _, _, _, out = measure(argv, 1)
        found = re.findall(r"\(([\d.,]+) (ms|s)\)", out)
        value, unit = found[-1]
        timings.append(float(value.replace(",", "")) / (1000 if unit == "ms" else 1))
    print(f"{'describe after load (timer on)':<34} {statistics.median(timings) * 1000:8.1f} ms  "
          f"(min {min(timings) * 1000:.1f})                    target <= 150 ms")
    print(f"  $ {shlex.join(argv)}")

    metrics(kpi, data, load)
    what_if(kpi, data, load)
    paths(kpi)
    forecasts(kpi)
    replay(kpi)
    scale(kpi, data[: -len("-1m.csv")] + "-10m.csv")
    huge(kpi)
    from bench_databases import database
    database(kpi, data)

    duckdb = shutil.which("duckdb")
    if duckdb:
        print()
        sql = f"create table bench as select * from read_csv('{data}');"
        argv = ["duckdb", "-c", sql]
        m, lo, peak, _ = measure(argv, 5)
        show("duckdb load", argv, m, lo, peak, "(reference)")
        argv = ["duckdb", "-c", sql + " summarize bench;"]
        m2, lo2, peak2, _ = measure(argv, 3)
        show("duckdb load + summarize", argv, m2, lo2, peak2, "(reference)")
    else:
        print("\n(duckdb not on PATH: `pip install duckdb-cli` to print its figures beside these)")


if __name__ == "__main__":
    main()
