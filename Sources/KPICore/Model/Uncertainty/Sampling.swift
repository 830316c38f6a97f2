/// The inputs of a Monte Carlo simulation: how many runs, the random stream, the periods
/// simulated, and the draws made so far.
///
/// Draws are kept by the input they are for, so every evaluation of the model under one
/// `Sampling` sees the same draws: `solve … for P(…)` compares trials on common random
/// numbers. (Uncorrelated inputs share one stream in the order the model first reads
/// them, as they always have, so that earlier sessions' simulations print as before.)
final class Sampling {
    let runs: Int
    var random: Rng
    /// The periods simulated, as ordinals at the workspace's grain: a series meeting draws
    /// is read there (one period for `simulate M at P`, a horizon for a total).
    let window: Range<Int>
    private var made: [String: [Double]] = [:]
    /// The groups of inputs drawn together.
    private(set) var correlated: [CorrelatedInputs] = []

    init(runs: Int, seed: UInt64, window: Range<Int>) {
        self.runs = runs
        self.random = Rng(seed: seed)
        self.window = window
    }

    /// The draws for `key` (an assumption's name, or a distribution's place in the text),
    /// made the first time they are asked for.
    func draws(for key: String, _ kind: String, _ p: [Double]) -> [Double] {
        if let made = made[key] { return made }
        let values = draw(kind, p)
        made[key] = values
        return values
    }

    /// The draws made for `key`, if any.
    func made(_ key: String) -> [Double]? { made[key] }

    /// Draws the inputs of `group` together, each with its own distribution and the
    /// group's rank correlations (a Gaussian copula): later `draws(for:)` of its names
    /// return them.
    ///
    /// Each input's normal scores come from a stream of its own, seeded from this one, so
    /// the inputs are drawn on every core and the draws do not depend on how many there are.
    func correlate(_ group: CorrelatedInputs) {
        let seeds = group.names.map { _ in random.next() }
        let runs = self.runs
        let normals = Parallel.map(seeds.count) { index in
            let stream = Sampling(runs: runs, seed: seeds[index], window: 0..<1)
            var values = [Double](repeating: 0, count: runs)
            stream.fillNormal(&values, mean: 0, sd: 1)
            return values
        }
        let mixed = group.factor.mix(normals)
        let drawn = Parallel.map(group.names.count) { index in
            let (kind, p) = group.marginals[index]
            return Distribution.quantiles(kind, p, normal: mixed[index])
        }
        for (index, name) in group.names.enumerated() { made[name] = drawn[index] }
        correlated.append(group)
    }

    /// Each correlated pair's target and the rank correlation its draws have.
    func achievedCorrelations() -> [CorrelationReading] {
        correlated.flatMap { group in
            group.pairs.map { pair in
                let (first, second) = (group.names[pair.first], group.names[pair.second])
                return CorrelationReading(first: first, second: second, target: pair.target,
                                          achieved: RankCorrelation.spearman(made[first]!, made[second]!))
            }
        }
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
            for i in 0..<runs { values[i] = Distribution.triangular(p, at: random.uniform()) }
        default: break
        }
        return values
    }

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
