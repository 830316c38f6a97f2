/// The distributions of uncertain assumptions: their parameters checked, and their means.
enum Distribution {
    /// z of the 95th percentile: `between(a, b)` is a 90% interval.
    static let z95 = 1.6448536269514722

    /// The distribution `name(arguments)` stands for, as (kind, parameters) that `Sampling.draw` takes.
    static func parameters(_ name: String, _ arguments: [Double], at range: SourceRange) throws(KPIError) -> (String, [Double]) {
        let counts = ["normal": 2, "uniform": 2, "triangular": 3, "lognormal": 2, "between": 2]
        guard arguments.count == counts[name] else {
            throw .invalidExpression("\(name)() takes \(counts[name]!) numbers", at: range, help: usage[name].map { "usage: \($0)" })
        }
        guard arguments.allSatisfy(\.isFinite) else {
            throw .invalidExpression("\(name)() takes finite numbers", at: range, help: usage[name].map { "usage: \($0)" })
        }
        switch name {
        case "normal", "lognormal":
            guard arguments[1] >= 0 else { throw .invalidExpression("\(name)()'s spread must not be negative", at: range, help: nil) }
        case "uniform":
            guard arguments[0] <= arguments[1] else { throw .invalidExpression("uniform(a, b) needs a ≤ b", at: range, help: nil) }
        case "triangular":
            guard arguments[0] <= arguments[1], arguments[1] <= arguments[2] else {
                throw .invalidExpression("triangular(a, mode, b) needs a ≤ mode ≤ b", at: range, help: nil)
            }
        default:
            let (a, b) = (arguments[0], arguments[1])
            guard a < b else { throw .invalidExpression("between(a, b) needs a < b", at: range, help: nil) }
            if a > 0 {
                let mu = (DetMath.log(a) + DetMath.log(b)) / 2, sigma = (DetMath.log(b) - DetMath.log(a)) / (2 * z95)
                return ("lognormal", [mu, sigma])
            }
            return ("normal", [(a + b) / 2, (b - a) / (2 * z95)])
        }
        return (name, arguments)
    }

    /// The value at standard normal score `z` of a distribution (its quantile at Φ(z)):
    /// how a Gaussian copula keeps each input's own distribution. Increasing in `z`, so
    /// ranks, and rank correlations, carry over from the normal scores.
    static func quantile(_ kind: String, _ p: [Double], normal z: Double) -> Double {
        quantiles(kind, p, normal: [z])[0]
    }

    /// `quantile` of each score, the distribution chosen once rather than per value.
    static func quantiles(_ kind: String, _ p: [Double], normal scores: [Double]) -> [Double] {
        switch kind {
        case "normal":
            let (mean, sd) = (p[0], p[1])
            return scores.map { mean + sd * $0 }
        case "lognormal":
            let (mu, sigma) = (p[0], p[1])
            return scores.map { DetMath.quickExp(mu + sigma * $0) }
        case "uniform":
            let (low, width) = (p[0], p[1] - p[0])
            return scores.map { low + width * NormalDistribution.quickCDF($0) }
        default: return scores.map { triangular(p, at: NormalDistribution.quickCDF($0)) }
        }
    }

    /// triangular(a, mode, b)'s quantile at `u`.
    static func triangular(_ p: [Double], at u: Double) -> Double {
        let (a, m, b) = (p[0], p[1], p[2])
        let split = b == a ? 0.5 : (m - a) / (b - a)
        return u < split ? a + ((b - a) * (m - a) * u).squareRoot() : b - ((b - a) * (b - m) * (1 - u)).squareRoot()
    }

    /// The distribution written as the language would: `lognormal(μ, σ)`, `normal(m, sd)`.
    static func text(_ kind: String, _ p: [Double]) -> String {
        kind + "(" + p.map { NumberFormat.plain($0, significant: 4) }.joined(separator: ", ") + ")"
    }

    static func mean(_ kind: String, _ p: [Double]) -> Double {
        switch kind {
        case "normal": return p[0]
        case "uniform": return (p[0] + p[1]) / 2
        case "triangular": return (p[0] + p[1] + p[2]) / 3
        default: return DetMath.exp(p[0] + p[1] * p[1] / 2)
        }
    }

    static let usage = [
        "normal": "normal(mean, sd)", "uniform": "uniform(low, high)", "triangular": "triangular(low, mode, high)",
        "lognormal": "lognormal(mu, sigma)", "between": "between(low, high) — a 90% range",
        "fit": "fit(x, last 12) — normal or lognormal, fitted to x's values",
    ]
}
