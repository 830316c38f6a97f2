/// The Theta method (Assimakopoulos & Nikolopoulos, 2000), the M3 competition's winner:
/// simple exponential smoothing with a drift of half the series' linear trend, on the
/// seasonally adjusted series when it has a season. Hyndman & Billah (2003) showed it is
/// that model, which gives its intervals; statsmodels' `ThetaModel` computes the same.
enum ThetaMethod {
    static func forecast(_ values: [Double], period: Int, horizon: Int) -> ModelForecast? {
        let n = values.count
        guard n >= 3 else { return nil }
        var indices: [Double]?
        let positive = values.allSatisfy { $0 > 0 }
        if SeasonalIndices.detected(values, period: period) {
            indices = SeasonalIndices.classical(values, period: period, multiplicative: positive)
        }
        let adjusted = indices.map { indices in
            values.indices.map { positive ? values[$0] / indices[$0 % period] : values[$0] - indices[$0 % period] }
        } ?? values
        guard let smoothing = ETSFit.fit(ETSForm(error: .additive, trend: .none, season: .none, period: 1), to: adjusted)
        else { return nil }
        let alpha = smoothing.alpha, level = smoothing.state.level
        let drift = slope(adjusted) / 2
        let decay = DetMath.exp(Double(n) * DetMath.log(1 - alpha))
        var means: [Double] = [], deviations: [Double] = []
        for h in 1...horizon {
            var mean = level + drift * (Double(h - 1) + 1 / alpha - decay / alpha)
            var deviation = (smoothing.variance * (1 + alpha * alpha * Double(h - 1))).squareRoot()
            if let indices {
                let index = indices[(n + h - 1) % period]
                if positive {
                    mean *= index
                    deviation *= index
                } else {
                    mean += index
                }
            }
            means.append(mean)
            deviations.append(deviation)
        }
        return ModelForecast(name: "Theta", parameters: [("alpha", alpha), ("drift", drift)], means: means,
                             spread: .normal(deviations))
    }

    /// The least-squares slope of the values against 1, 2, 3, …
    static func slope(_ values: [Double]) -> Double {
        let n = Double(values.count), meanX = (n + 1) / 2
        let meanY = values.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for (i, y) in values.enumerated() {
            let x = Double(i + 1) - meanX
            sxy += x * (y - meanY)
            sxx += x * x
        }
        return sxx == 0 ? 0 : sxy / sxx
    }
}
