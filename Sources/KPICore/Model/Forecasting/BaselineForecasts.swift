/// The simple forecasts a model should beat, and what goals used before forecasts knew
/// the season: a straight line, and the last value carried forward.
enum BaselineForecasts {
    /// The least-squares line through the last `window` values (12 by default, as goals
    /// read their trend), with the regression's prediction intervals.
    static func linear(_ values: [Double], horizon: Int, window: Int = 12) -> ModelForecast? {
        let recent = Array(values.suffix(window))
        let n = recent.count
        guard n >= 3 else { return nil }
        let meanX = Double(n + 1) / 2, meanY = recent.reduce(0, +) / Double(n)
        let slope = ThetaMethod.slope(recent)
        let intercept = meanY - slope * meanX
        var squares = 0.0, sxx = 0.0
        for (i, y) in recent.enumerated() {
            let residual = y - (intercept + slope * Double(i + 1))
            squares += residual * residual
            sxx += (Double(i + 1) - meanX) * (Double(i + 1) - meanX)
        }
        let variance = squares / Double(n - 2)
        var means: [Double] = [], deviations: [Double] = []
        for h in 1...horizon {
            let x = Double(n + h)
            means.append(intercept + slope * x)
            deviations.append((variance * (1 + 1 / Double(n) + (x - meanX) * (x - meanX) / sxx)).squareRoot())
        }
        return ModelForecast(name: "linear trend", parameters: [("slope", slope), ("periods", Double(n))], means: means,
                             spread: .normal(deviations))
    }

    /// The AICc of the least-squares line through all `values` as a model of them (three
    /// parameters: intercept, slope, variance), comparable with an ETS fit's; nil with
    /// fewer than five values.
    static func lineAICc(_ values: [Double]) -> Double? {
        let n = values.count
        guard n >= 5 else { return nil }
        let meanX = Double(n + 1) / 2, meanY = values.reduce(0, +) / Double(n)
        let slope = ThetaMethod.slope(values), intercept = meanY - slope * meanX
        let squares = values.enumerated().reduce(0.0) { sum, point in
            let residual = point.element - (intercept + slope * Double(point.offset + 1))
            return sum + residual * residual
        }
        let count = Double(n), k = 3.0
        let minusTwiceLog = count * (DetMath.log(2 * DetMath.pi * Swift.max(squares, .leastNormalMagnitude) / count) + 1)
        return minusTwiceLog + 2 * k + 2 * k * (k + 1) / (count - k - 1)
    }

    /// The last value, spreading as a random walk's (σ√h, σ from the changes on record).
    static func naive(_ values: [Double], horizon: Int) -> ModelForecast? {
        guard let last = values.last, values.count >= 2 else { return nil }
        let changes = zip(values, values.dropFirst()).map { $1 - $0 }
        let variance = changes.reduce(0) { $0 + $1 * $1 } / Double(changes.count)
        return ModelForecast(name: "naive", parameters: [], means: [Double](repeating: last, count: horizon),
                             spread: .normal((1...horizon).map { (variance * Double($0)).squareRoot() }))
    }
}
