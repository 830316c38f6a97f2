#!/usr/bin/env python3
"""A NumPy peer of one kpi Monte Carlo model: a 12-month revenue path with five
uncertain inputs, two of them rank-correlated.

The model, as kpi writes it, is `MODEL` below: a budget path of 80k growing 3% a
month over 2027, cpc = between(0.9, 1.2) (lognormal, 5%-95%), lead_rate, close_rate,
price and retention, cpc and close_rate correlated with Spearman -0.5 through a
Gaussian copula. Each run draws every input once, holds it over the 12 months, and
sums the monthly revenue. The NumPy side computes the metrics as (12, N) arrays by
broadcasting, the way a NumPy user writes a per-period model.

`make bench` (scripts/bench.py) imports this module and prints `numpy_ms()` beside
kpi's time for the same simulate; `available()` says whether numpy and scipy are
installed, and the module imports without them.

    python3 scripts/whatif_peer.py               NumPy timings (median, minimum) and results
    python3 scripts/whatif_peer.py --check KPI   kpi's draws and output checked against the peer
"""
import csv
import math
import re
import statistics
import subprocess
import sys
import time

RUNS = 100_000
SEED = 1
PERIODS = 12
BUDGET_START, BUDGET_GROWTH = 80_000.0, 0.03
Z95 = 1.6448536269514722
CPC_MU = (math.log(0.9) + math.log(1.2)) / 2
CPC_SIGMA = (math.log(1.2) - math.log(0.9)) / (2 * Z95)
LEAD_MEAN, LEAD_SD = 0.085, 0.008
CLOSE_LOW, CLOSE_MODE, CLOSE_HIGH = 0.15, 0.185, 0.22
PRICE_LOW, PRICE_HIGH = 40.0, 60.0
RETENTION_LOW, RETENTION_HIGH = 0.80, 0.95
SPEARMAN = -0.5
TARGET = 1_100_000
PERCENTILES = (5, 25, 50, 75, 95)
BINS = 16

INPUTS = ("cpc", "lead_rate", "close_rate", "price", "retention")
OUTPUT = "total(revenue from 2027-01 to 2027-12)"
MODEL = "; ".join([
    "let budget = 80k from 2027-01 growing 3%",
    "let cpc = between(0.9, 1.2)",
    "let lead_rate = normal(8.5%, 0.8%)",
    "let close_rate = triangular(15%, 18.5%, 22%)",
    "let price = uniform(40, 60)",
    "let retention = uniform(80%, 95%)",
    "correlate cpc, close_rate -0.5",
    "metric clicks = budget / cpc",
    "metric leads = clicks * lead_rate",
    "metric customers = leads * close_rate",
    "metric revenue = customers * price * retention",
])
SIMULATE = f"simulate {OUTPUT} runs {RUNS} seed {SEED}"
ACHIEVED = re.compile(r"cpc, close_rate\s+(-?[\d.]+)\s+(-?[\d.]+)")


def available():
    """Whether numpy and scipy import."""
    try:
        import numpy  # noqa: F401
        import scipy.special  # noqa: F401
        import scipy.stats  # noqa: F401
    except ImportError:
        return False
    return True


def budget_path():
    """The budget of each month, 2027-01 to 2027-12."""
    import numpy as np
    return BUDGET_START * (1 + BUDGET_GROWTH) ** np.arange(PERIODS)


def triangular_quantile(u):
    """The triangular(CLOSE_LOW, CLOSE_MODE, CLOSE_HIGH) inverse CDF at `u`."""
    import numpy as np
    width = CLOSE_HIGH - CLOSE_LOW
    below_mode = u < (CLOSE_MODE - CLOSE_LOW) / width
    return np.where(below_mode,
                    CLOSE_LOW + np.sqrt(u * width * (CLOSE_MODE - CLOSE_LOW)),
                    CLOSE_HIGH - np.sqrt((1 - u) * width * (CLOSE_HIGH - CLOSE_MODE)))


def draw_inputs(rng, runs):
    """One draw of each input per run, cpc and close_rate through a Gaussian copula."""
    import numpy as np
    from scipy.special import ndtr
    rho = 2 * math.sin(math.pi * SPEARMAN / 6)
    z1, z_other = rng.standard_normal((2, runs))
    z2 = rho * z1 + math.sqrt(1 - rho * rho) * z_other
    return {
        "cpc": np.exp(CPC_MU + CPC_SIGMA * z1),
        "lead_rate": rng.normal(LEAD_MEAN, LEAD_SD, runs),
        "close_rate": triangular_quantile(ndtr(z2)),
        "price": rng.uniform(PRICE_LOW, PRICE_HIGH, runs),
        "retention": rng.uniform(RETENTION_LOW, RETENTION_HIGH, runs),
    }


def total_revenue(inputs, budget):
    """Revenue summed over the months, each metric a (months, runs) array."""
    clicks = budget[:, None] / inputs["cpc"]
    leads = clicks * inputs["lead_rate"]
    customers = leads * inputs["close_rate"]
    revenue = customers * inputs["price"] * inputs["retention"]
    return revenue.sum(axis=0)


def spearman(x, y):
    """Spearman correlation: Pearson of the ranks (argsort of argsort; no ties in draws)."""
    import numpy as np
    return float(np.corrcoef(np.argsort(np.argsort(x)), np.argsort(np.argsort(y)))[0, 1])


def numpy_model(runs, seed):
    """The whole simulation in NumPy: draws, metrics and every output kpi reports."""
    import numpy as np
    inputs = draw_inputs(np.random.default_rng(seed), runs)
    total = total_revenue(inputs, budget_path())
    counts, edges = np.histogram(total, bins=BINS, range=(total.min(), total.max()))
    return {
        "mean": float(total.mean()),
        "sd": float(total.std(ddof=1)),
        "percentiles": dict(zip(PERCENTILES, np.percentile(total, PERCENTILES).tolist())),
        "histogram": (counts, edges),
        "p_target": float((total >= TARGET).mean()),
        "spearman": spearman(inputs["cpc"], inputs["close_rate"]),
    }


def timed_model(runs, repeats, seed=SEED):
    """Median and minimum ms of `repeats` runs of `numpy_model` after a warm-up, and its result."""
    numpy_model(runs, seed)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = numpy_model(runs, seed)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), result


def numpy_ms(runs=RUNS, repeats=7):
    """Median and minimum ms of the NumPy model (for scripts/bench.py)."""
    median, minimum, _ = timed_model(runs, repeats)
    return median, minimum


def show_results(result):
    """The figures kpi reports for the simulate, from `numpy_model`."""
    print(f"mean {result['mean']:,.2f}   sd {result['sd']:,.2f}")
    print("percentiles " + "   ".join(f"p{p} {v:,.2f}" for p, v in result["percentiles"].items()))
    print(f"P(total >= {TARGET:,}) {result['p_target']:.4f}")
    print(f"achieved Spearman(cpc, close_rate) {result['spearman']:.4f} (target {SPEARMAN})")


# --check: kpi against the peer


def run_kpi(kpi, statement):
    """kpi's stdout for MODEL followed by `statement`; exits 1 with its stderr on failure."""
    try:
        done = subprocess.run([kpi, "-c", f"{MODEL}; {statement}"], capture_output=True, text=True)
    except OSError as error:
        sys.exit(f"cannot run {kpi}: {error}")
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        sys.exit(f"{kpi} exited with status {done.returncode}")
    return done.stdout


def parse_csv(text):
    """Header and rows (strings) of the csv, the last block of kpi's output: from its last
    line starting `run,` (earlier lines describe the definitions)."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("run,")]
    if not starts:
        sys.exit("no csv header line starting with `run,` in kpi's output")
    rows = list(csv.reader(line for line in lines[starts[-1]:] if line.strip()))
    return rows[0], rows[1:]


def significant_digits(text):
    """How many significant digits a printed number shows."""
    mantissa = text.lower().partition("e")[0]
    return len(mantissa.lstrip("+-").replace(".", "").lstrip("0"))


def check_shape(header, rows):
    """The csv has the expected columns and one row per run."""
    expected = ["run", *INPUTS, OUTPUT]
    if header != expected:
        return False, f"header {','.join(header)} (expected {','.join(expected)})"
    ok = (len(rows) == RUNS and all(len(row) == len(header) for row in rows)
          and [row[0] for row in rows] == [str(i) for i in range(1, RUNS + 1)])
    if ok:
        return ok, f"{RUNS:,} rows of {len(header)} fields, runs numbered 1…{RUNS:,}"
    return ok, f"{len(rows):,} rows (expected {RUNS:,} of {len(header)} fields, runs numbered from 1)"


def check_correlations(columns):
    """(a) cpc/close_rate at the target; (b) every other pair near 0."""
    from itertools import combinations
    import numpy as np
    from scipy.stats import spearmanr
    matrix = spearmanr(np.column_stack([columns[name] for name in INPUTS])).statistic
    checks = []
    for (i, a), (j, b) in combinations(enumerate(INPUTS), 2):
        r = matrix[i, j]
        if {a, b} == {"cpc", "close_rate"}:
            checks.append((abs(r - SPEARMAN) < 0.02, f"Spearman({a}, {b}) {r:.4f}, target {SPEARMAN} ± 0.02"))
        else:
            checks.append((abs(r) < 0.02, f"Spearman({a}, {b}) {r:.4f}, |r| < 0.02"))
    return checks


def check_marginals(columns):
    """(c) each input against its stated distribution, Kolmogorov-Smirnov p > 0.001."""
    from scipy import stats
    width = CLOSE_HIGH - CLOSE_LOW
    distributions = {
        "cpc": stats.lognorm(s=CPC_SIGMA, scale=math.exp(CPC_MU)),
        "lead_rate": stats.norm(LEAD_MEAN, LEAD_SD),
        "close_rate": stats.triang(c=(CLOSE_MODE - CLOSE_LOW) / width, loc=CLOSE_LOW, scale=width),
        "price": stats.uniform(PRICE_LOW, PRICE_HIGH - PRICE_LOW),
        "retention": stats.uniform(RETENTION_LOW, RETENTION_HIGH - RETENTION_LOW),
    }
    checks = []
    for name, distribution in distributions.items():
        test = stats.kstest(columns[name], distribution.cdf)
        checks.append((test.pvalue > 0.001, f"{name} marginal: KS D {test.statistic:.5f}, p {test.pvalue:.4f} > 0.001"))
    return checks


def check_recomputed(columns, strings):
    """(d) the output recomputed from the input columns equals kpi's, to 1e-9 relative or,
    when kpi prints fewer digits, the rounding of the printed digits. Each column's digits
    are the most any of its numbers shows (the others dropped trailing zeros); every input
    enters the output as one factor, so the relative roundings add."""
    import numpy as np
    recomputed = total_revenue(columns, budget_path())
    difference = float((np.abs(columns[OUTPUT] - recomputed) / np.abs(recomputed)).max())
    digits = [max(map(significant_digits, strings[name])) for name in (*INPUTS, OUTPUT)]
    rounding = sum(0.5 * 10.0 ** (1 - d) for d in digits)
    tolerance = max(1e-9, 1.01 * rounding)
    line = f"{OUTPUT} recomputed from the inputs: max relative difference {difference:.2e}"
    if tolerance > 1e-9:
        line += (f", tolerance {tolerance:.2e} from the printed precision ({min(digits)} to"
                 f" {max(digits)} significant digits) instead of 1e-9")
    else:
        line += ", tolerance 1e-9"
    return difference <= tolerance, line


def check_mean(output, peer):
    """(e) kpi's mean within 3 standard errors of the peer's (independent draws)."""
    mean, sd = float(output.mean()), float(output.std(ddof=1))
    standard_error = math.sqrt((sd ** 2 + peer["sd"] ** 2) / RUNS)
    gap = (mean - peer["mean"]) / standard_error
    return abs(gap) < 3, f"mean {mean:,.2f}, NumPy peer {peer['mean']:,.2f}: {gap:+.2f} standard errors (< 3)"


def check_reported(table, achieved):
    """kpi's reported achieved correlation equals scipy's Spearman on the csv draws."""
    found = ACHIEVED.search(table)
    if not found:
        return False, "no `cpc, close_rate  TARGET  ACHIEVED` line in kpi's simulate table"
    target, reported = float(found.group(1)), float(found.group(2))
    return (abs(reported - achieved) < 0.001,
            f"kpi's reported achieved correlation {reported} (target {target}), scipy {achieved:.4f} ± 0.001")


def check(kpi):
    """Every check of kpi against the peer, printed; exit status 1 if any fails."""
    import numpy as np
    from scipy.stats import spearmanr
    header, rows = parse_csv(run_kpi(kpi, f"{SIMULATE} as csv"))
    checks = [check_shape(header, rows)]
    if checks[0][0]:
        strings = {name: [row[i] for row in rows] for i, name in enumerate(header)}
        columns = {name: np.array(strings[name], dtype=float) for name in (*INPUTS, OUTPUT)}
        achieved = spearmanr(columns["cpc"], columns["close_rate"]).statistic
        checks += check_correlations(columns)
        checks += check_marginals(columns)
        checks.append(check_recomputed(columns, strings))
        checks.append(check_mean(columns[OUTPUT], numpy_model(RUNS, SEED)))
        checks.append(check_reported(run_kpi(kpi, SIMULATE), achieved))
    for ok, line in checks:
        print(f"{'✓' if ok else '✗'} {line}")
    return 0 if all(ok for ok, _ in checks) else 1


def main():
    checking = sys.argv[1:2] == ["--check"] and len(sys.argv) == 3
    if len(sys.argv) > 1 and not checking:
        sys.exit(f"usage: {sys.argv[0]} [--check KPI_BINARY]")
    if not available():
        sys.exit("numpy and scipy are needed (pip install numpy scipy)")
    if checking:
        sys.exit(check(sys.argv[2]))
    median, minimum, result = timed_model(RUNS, 7)
    print(f"NumPy, {RUNS:,} runs × {PERIODS} months: median {median:.1f} ms (minimum {minimum:.1f} ms)")
    show_results(result)


if __name__ == "__main__":
    main()
