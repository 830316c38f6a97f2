/// The weighted score of a scorecard.
enum GoalScore {
    /// The cap on one goal's attainment, so that one runaway goal cannot hide the others.
    static let attainmentCap = 1.5

    /// Σ weight × min(attainment, 150%) ÷ Σ weight over the goals with an attainment; nan when none has one.
    static func weighted(_ reports: [GoalReport]) -> Double {
        var weighted = 0.0, weights = 0.0
        for report in reports where report.attainment.isFinite {
            weighted += report.goal.weight * min(report.attainment, attainmentCap)
            weights += report.goal.weight
        }
        return weights == 0 ? .nan : weighted / weights
    }
}
