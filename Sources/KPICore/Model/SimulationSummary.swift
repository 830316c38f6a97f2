/// What `simulate` reports of the draws of a metric: moments, percentiles, a
/// histogram and the share of runs that meet each goal.
struct SimulationSummary {
    /// The percentiles reported: p5, p25, p50, p75, p95.
    static let levels = [0.05, 0.25, 0.5, 0.75, 0.95]
    static let bins = 16

    var mean: Double
    var sd: Double
    var percentiles: [Double]
    var histogram: [(low: Double, high: Double, count: Int)]
    /// (goal, share of all runs that meet it)
    var goals: [(name: String, probability: Double)]

    /// Nil when no run gave a value. Runs without a value count as not meeting a goal.
    init?(draws: [Double], goals: [(goal: Goal, target: Double)]) {
        // Sorted once (a radix sort): the percentiles are then read off, not selected.
        let finite = RankCorrelation.sorted(draws.filter(\.isFinite))
        guard !finite.isEmpty else { return nil }
        mean = Statistics.mean(finite)
        sd = Statistics.standardDeviation(finite, mean: mean)
        percentiles = Self.levels.map { level in
            let position = level * Double(finite.count - 1)
            let lower = Int(position.rounded(.down)), upper = min(lower + 1, finite.count - 1)
            return finite[lower] + (finite[upper] - finite[lower]) * (position - Double(lower))
        }
        histogram = Statistics.histogram(finite, bins: Self.bins)
        self.goals = goals.map { goal, target in
            (goal.name, Double(finite.filter { goal.isMet(by: $0, target: target) }.count) / Double(draws.count))
        }
    }
}
