/// A fitted model's forecasts of the next periods and the distribution around each: a
/// normal distribution where the model gives its variance in closed form, simulated
/// futures otherwise.
struct ModelForecast: Sendable {
    enum Spread: Sendable {
        /// The standard deviation of each period's value.
        case normal([Double])
        /// Each period's simulated values.
        case paths([[Double]])
    }

    /// The model as `forecast` names it: `ETS(M,Ad,M)`, `Theta`, `linear trend`, `naive`.
    var name: String
    var parameters: [(String, Double)]
    /// The point forecasts, one per period ahead.
    var means: [Double]
    var spread: Spread

    /// The central interval holding `level` (0.8) of period `step`'s distribution (0-based).
    func interval(_ step: Int, level: Double) -> (low: Double, high: Double) {
        let tail = (1 - level) / 2
        switch spread {
        case .normal(let deviations):
            let z = NormalDistribution.quantile(1 - tail)
            return (means[step] - z * deviations[step], means[step] + z * deviations[step])
        case .paths(let values):
            let bounds = Statistics.quantiles(values[step], [tail, 1 - tail])
            return (bounds[0], bounds[1])
        }
    }

    /// P(value ≥ threshold) in period `step` (0-based); P(value ≤ threshold) when `above` is false.
    func probability(_ step: Int, of threshold: Double, above: Bool) -> Double {
        switch spread {
        case .normal(let deviations):
            guard deviations[step] > 0 else { return (above ? means[step] >= threshold : means[step] <= threshold) ? 1 : 0 }
            let below = NormalDistribution.cdf((threshold - means[step]) / deviations[step])
            return above ? 1 - below : below
        case .paths(let values):
            // The share of the simulated futures that meet it, ties included.
            let meeting = values[step].reduce(0) { $0 + ((above ? $1 >= threshold : $1 <= threshold) ? 1 : 0) }
            return Double(meeting) / Double(values[step].count)
        }
    }
}
