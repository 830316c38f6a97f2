"""`make bench`, databases: figures against the throwaway PostgreSQL server that
scripts/with-postgres.sh starts (KPI_TEST_PG, PGPASSWORD).

1. `load` of a 1M-row table (COPY, binary) beside psql's `\\copy … to stdout csv` into a file.
2. A pushed-down `show m, n by source` on a 10M-row table beside the database's own time
   for the same GROUP BY (EXPLAIN ANALYZE's execution time): kpi's overhead is the rest.
"""
import os
import re
import shlex
import statistics
import subprocess

from bench import measure, show, timer_readouts


def psql(url, sql):
    argv = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url, "-c", sql]
    result = subprocess.run(argv, check=True, capture_output=True, text=True)
    return result.stdout


def database(kpi, data):
    url = os.environ.get("KPI_TEST_PG")
    if not url:
        print("\n(no KPI_TEST_PG: run make bench, which starts a throwaway PostgreSQL, for the database figures)")
        return
    version = psql(url, "SHOW server_version").strip()
    print(f"\ndatabases · a throwaway PostgreSQL {version} on loopback, started by scripts/with-postgres.sh")
    columns = ("date date, channel text, region text, campaign text, spend numeric(12,2), impressions integer, "
               "clicks integer, leads integer, new_customers integer, revenue numeric(12,2)")
    psql(url, f"DROP TABLE IF EXISTS bench; CREATE TABLE bench ({columns})")
    psql(url, f"\\copy bench from '{os.path.abspath(data)}' csv header")
    psql(url, "ANALYZE bench")

    out = os.path.abspath("bench-data/psql-copy.csv")
    argv = ["sh", "-c", f"psql -X {shlex.quote(url)} -c '\\copy bench to stdout csv' > {shlex.quote(out)}"]
    m, lo, peak, _ = measure(argv, 5)
    show("psql \\copy 1M rows to a csv file", argv, m, lo, peak, "(reference)")
    argv = [kpi, "-c", f'connect wh "{url}"; load wh.bench']
    m, lo, peak, _ = measure(argv, 5)
    show("kpi load wh.bench (1M rows)", argv, m, lo, peak, "<= psql \\copy")

    # 10M rows made by the server itself: 6 sources, 1,000 days.
    psql(url, "DROP TABLE IF EXISTS events10m; CREATE TABLE events10m AS SELECT DATE '2024-01-01' + (i % 1000) AS day, "
              "(ARRAY['ads','organic','email','referral','social','direct'])[1 + i % 6] AS source, "
              "round((i % 99991) / 100.0, 2)::numeric(10,2) AS amount FROM generate_series(1, 10000000) AS i")
    psql(url, "VACUUM ANALYZE events10m")
    define = "metric m = sum(e.amount); metric n = count(e)"
    statements = f'connect wh "{url}"; attach wh.events10m as e; {define}; timer on; show m, n by e.source'
    # The query kpi sends for that show (`explain m sql` prints it without the by): one
    # GROUP BY of month and source with both aggregates.
    sql = ("SELECT (date_trunc('month', \"day\")::date - DATE '1970-01-01'), \"source\", sum(\"amount\"), count(*) "
           "FROM \"events10m\" GROUP BY 1, 2")
    kpi_runs, server_runs = [], []
    for _ in range(7):
        # Interleaved, so both see the same state of the machine and the server's cache.
        _, _, _, text = measure([kpi, "-c", statements], 1)
        value, unit = re.findall(r"\(([\d.,]+) (ms|s)", text)[0]
        kpi_runs.append(float(value.replace(",", "")) * (1 if unit == "ms" else 1000))
        timed = subprocess.run(["psql", "-X", "-q", url, "-c", "\\timing on", "-c", sql], check=True, capture_output=True, text=True)
        server_runs.append(float(re.search(r"Time: ([\d.]+) ms", timed.stdout).group(1)))
    kpi_ms, db_ms = statistics.median(kpi_runs), statistics.median(server_runs)
    print(f"{'show m, n by e.source (10M rows)':<34} {kpi_ms:8.1f} ms  (the same GROUP BY through psql: {db_ms:.1f} ms; "
          f"difference {kpi_ms - db_ms:+.1f} ms)   target: < +10 ms")
    print(f"  $ kpi -c '{statements}'")
    print(f"  $ psql -c '\\timing on' -c '{sql}'")
