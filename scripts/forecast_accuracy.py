#!/usr/bin/env python3
"""kpi's `forecast` against statsmodels' ETS chosen by AICc, on classic seasonal series.

Each series loses its last H values (18 months, 8 quarters); both fit the rest, forecast
H periods, and are scored by MASE (mean absolute error over the in-sample mean absolute
seasonal change) and by how many held-out values fall inside their 80% intervals. The
statsmodels peer fits every ETS form kpi considers (errors A/M; trend none, additive,
damped; season none, additive, multiplicative; not additive error with a multiplicative
season, multiplicative forms only for positive data) and keeps the lowest AICc.

    pip install statsmodels pmdarima     # the peer, and the series (no network needed)
    python3 scripts/forecast_accuracy.py .build/release/kpi [METHOD ...]

Peers check numbers here; kpi never depends on them.
"""
import csv
import os
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np


def series():
    """(name, frequency, first year, first period, values) of the classic series."""
    import pmdarima.datasets as pm
    import statsmodels.api as sm
    found = [
        ("AirPassengers", 12, 1949, 1, pm.load_airpassengers()),
        ("wineind", 12, 1980, 1, pm.load_wineind()),
        ("woolyrnq", 4, 1965, 1, pm.load_woolyrnq()),
        ("ausbeer", 4, 1956, 1, pm.load_ausbeer()),
        ("austres", 4, 1971, 2, pm.load_austres()),
    ]
    co2 = sm.datasets.co2.load_pandas().data["co2"].resample("MS").mean().interpolate()
    co2 = co2["1980-01-01":"2001-12-01"]
    found.append(("co2 (1980-2001)", 12, 1980, 1, co2.values))
    nino = sm.datasets.elnino.load_pandas().data
    temperatures = nino[nino["YEAR"] >= 1985].drop(columns=["YEAR"]).values.flatten()
    found.append(("elnino (1985-2010)", 12, 1985, 1, temperatures))
    macro = sm.datasets.macrodata.load_pandas().data
    found.append(("US real consumption", 4, 1959, 1, macro["realcons"].values))
    cleaned = []
    for name, m, year, first, values in found:
        values = np.asarray(values, dtype=float)
        cleaned.append((name, m, year, first, values[: len(values) - np.argmax(np.isfinite(values[::-1]))]))
    return cleaned


def period_date(frequency, year, first, index):
    months_per = 12 // frequency
    month0 = (first - 1) * months_per + index * months_per
    return f"{year + month0 // 12:04d}-{month0 % 12 + 1:02d}-01"


def mase(train, actual, predicted, m):
    scale = np.mean(np.abs(train[m:] - train[:-m]))
    return np.mean(np.abs(actual - predicted)) / scale


def statsmodels_ets(train, m, h):
    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel
    positive = bool(np.all(train > 0))
    endog = pd.Series(train)
    best = None
    for error in ["add", "mul"] if positive else ["add"]:
        for trend, damped in [(None, False), ("add", False), ("add", True)]:
            for seasonal in [None, "add", "mul"] if len(train) >= 2 * m else [None]:
                if seasonal == "mul" and (error == "add" or not positive):
                    continue
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        fit = ETSModel(endog, error=error, trend=trend, damped_trend=damped, seasonal=seasonal,
                                       seasonal_periods=m if seasonal else None).fit(disp=False, maxiter=2000)
                except Exception:
                    continue
                if not np.isfinite(fit.aicc):
                    continue
                if best is None or fit.aicc < best[0].aicc:
                    name = f"ETS({error[0].upper()},{'N' if trend is None else 'Ad' if damped else 'A'}," \
                           f"{'N' if seasonal is None else seasonal[0].upper()})"
                    best = (fit, name)
    fit, name = best
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = fit.get_prediction(start=len(train), end=len(train) + h - 1).summary_frame(alpha=0.2)
    return name, frame["mean"].values, frame["pi_lower"].values, frame["pi_upper"].values


def kpi_forecast(kpi, train, m, year, first, h, method):
    grain = {12: "month", 4: "quarter"}[m]
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "series.csv")
        with open(path, "w", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(["date", "value"])
            for index, value in enumerate(train):
                writer.writerow([period_date(m, year, first, index), repr(float(value))])
        statements = (f'load "{path}" as s; grain {grain}; metric y = sum(s.value); '
                      f"forecast y next {h} method {method} as csv; forecast y next {h} method {method}")
        out = subprocess.run([kpi, "-c", statements], capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    start = lines.index("period,forecast,low,high")
    rows = [line.split(",") for line in lines[start + 1:start + 1 + h]]
    title = lines[start + 1 + h]
    model = title.split(" · ")[1].split(", ")[0] if " · " in title else "?"
    return model, *(np.array([float(row[k]) for row in rows]) for k in (1, 2, 3))


def main():
    kpi = sys.argv[1] if len(sys.argv) > 1 else ".build/release/kpi"
    methods = sys.argv[2:] or ["auto"]
    rows, totals = [], {"statsmodels": [], **{method: [] for method in methods}}
    covered = {"statsmodels": [], **{method: [] for method in methods}}
    for name, m, year, first, values in series():
        h = 18 if m == 12 else 8
        train, actual = values[:-h], values[-h:]
        started = time.perf_counter()
        peer, mean, low, high = statsmodels_ets(train, m, h)
        peer_seconds = time.perf_counter() - started
        score = mase(train, actual, mean, m)
        totals["statsmodels"].append(score)
        covered["statsmodels"].extend((actual >= low) & (actual <= high))
        row = [name, str(len(train)), f"{peer} {score:.3f}"]
        for method in methods:
            model, kmean, klow, khigh = kpi_forecast(kpi, train, m, year, first, h, method)
            kscore = mase(train, actual, kmean, m)
            totals[method].append(kscore)
            covered[method].extend((actual >= klow) & (actual <= khigh))
            row.append(f"{model} {kscore:.3f}")
        rows.append(row)
        print(" | ".join(row) + f"   (statsmodels {peer_seconds:.1f} s)", file=sys.stderr)
    print("| series | values fitted | statsmodels ETS (AICc): model, MASE | "
          + " | ".join(f"kpi `method {method}`: model, MASE" for method in methods) + " |")
    print("|---|---:|---|" + "---|" * len(methods))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print("| **mean MASE** | | " + " | ".join(f"**{np.mean(totals[key]):.3f}**" for key in totals) + " |")
    print("| 80% interval coverage of the held-out values | | "
          + " | ".join(f"{np.mean(covered[key]) * 100:.0f}% of {len(covered[key])}" for key in covered) + " |")


if __name__ == "__main__":
    main()
