/// A what-if scenario: assumptions or metrics replaced by other expressions.
/// An override may read the base value of the name it replaces (`budget = budget * 1.2`).
public struct Scenario: Sendable {
    public var name: String
    public var overrides: [Override]

    public func override(of name: String) -> Override? { overrides.first { $0.name.value == name } }
}

/// The inputs of a Monte Carlo simulation: how many runs, the random stream, and
/// the period whose values are drawn.
final class Sampling {
    let runs: Int
    var random: Rng
    /// Series are read at this period when they meet drawn values.
    let ordinal: Int

    init(runs: Int, seed: UInt64, ordinal: Int) {
        self.runs = runs
        self.random = Rng(seed: seed)
        self.ordinal = ordinal
    }

    /// `runs` draws of a distribution, in one pass (no allocation per draw).
    func draw(_ name: String, _ p: [Double]) -> [Double] {
        var values = [Double](repeating: 0, count: runs)
        switch name {
        case "normal": fillNormal(&values, mean: p[0], sd: p[1])
        case "uniform": for i in 0..<runs { values[i] = random.uniform(p[0], p[1]) }
        case "lognormal":
            fillNormal(&values, mean: p[0], sd: p[1])
            for i in 0..<runs { values[i] = DetMath.exp(values[i]) }
        case "triangular":
            let (a, m, b) = (p[0], p[1], p[2])
            let split = b == a ? 0.5 : (m - a) / (b - a)
            for i in 0..<runs {
                let u = random.uniform()
                values[i] = u < split ? a + ((b - a) * (m - a) * u).squareRoot() : b - ((b - a) * (b - m) * (1 - u)).squareRoot()
            }
        default: break
        }
        return values
    }
}

extension Sampling {
    /// Normal draws by Marsaglia's polar method, two per accepted pair.
    private func fillNormal(_ values: inout [Double], mean: Double, sd: Double) {
        var i = 0
        while i < values.count {
            let u = random.uniform(-1, 1), v = random.uniform(-1, 1)
            let s = u * u + v * v
            guard s > 0, s < 1 else { continue }
            let factor = (-2 * DetMath.quickLog(s) / s).squareRoot()
            values[i] = mean + sd * u * factor
            if i + 1 < values.count { values[i + 1] = mean + sd * v * factor }
            i += 2
        }
    }
}

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
    ]
}
