/// A distribution fitted to a metric's recent values (`fit(x, last 12)`): a normal and, for
/// positive values, a lognormal, both by their closed-form maximum-likelihood estimates,
/// and the likelier kept (both have two parameters, so likelihood and AIC agree).
public struct DistributionFit: Sendable, Equatable {
    /// `normal` or `lognormal`.
    public var kind: String
    /// (mean, sd) of a normal; (μ, σ) of the values' logarithm for a lognormal.
    public var parameters: [Double]
    /// The log-likelihood of each candidate: normal, then lognormal (nil for values ≤ 0).
    public var normalLogLikelihood: Double
    public var lognormalLogLikelihood: Double?
    /// How many values it was fitted to, and their periods.
    public var count: Int
    public var from: Period
    public var to: Period

    var distribution: (String, [Double]) { (kind, parameters) }

    /// Nil when the values do not vary (a spread of zero has no likelihood).
    init?(_ values: [Double], from: Period, to: Period) {
        let n = Double(values.count)
        let (mean, variance) = Self.moments(values)
        guard variance > 0 else { return nil }
        normalLogLikelihood = -n / 2 * (DetMath.log(2 * Double.pi * variance) + 1)
        kind = "normal"
        parameters = [mean, variance.squareRoot()]
        if values.allSatisfy({ $0 > 0 }) {
            let logs = values.map { DetMath.log($0) }
            let (mu, logVariance) = Self.moments(logs)
            if logVariance > 0 {
                let likelihood = -n / 2 * (DetMath.log(2 * Double.pi * logVariance) + 1) - logs.reduce(0, +)
                lognormalLogLikelihood = likelihood
                if likelihood > normalLogLikelihood {
                    kind = "lognormal"
                    parameters = [mu, logVariance.squareRoot()]
                }
            }
        }
        count = values.count
        self.from = from
        self.to = to
    }

    /// The mean and the maximum-likelihood variance (divided by n, not n − 1).
    static func moments(_ values: [Double]) -> (mean: Double, variance: Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        return (mean, values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count))
    }

    /// As the language writes it: `lognormal(0.0173, 0.0412)`.
    public var written: String { Distribution.text(kind, parameters) }

    /// The fitted distribution's mean.
    public var mean: Double { Distribution.mean(kind, parameters) }

    /// Its 5th and 95th percentiles: the 90% range a `between(…)` would be written with.
    public var range90: (low: Double, high: Double) {
        let z = Distribution.z95
        return (Distribution.quantile(kind, parameters, normal: -z), Distribution.quantile(kind, parameters, normal: z))
    }
}
