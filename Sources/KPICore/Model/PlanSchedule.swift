import Glibc

/// Planned values: the implicit plan from a goal, the plan a metric is compared
/// with, and the variance of actuals against it.
enum PlanSchedule {
    /// From the latest actual to the goal's target at its deadline: equal steps
    /// (`line`), or a constant rate (`growth`). Keyed by period ordinal.
    static func toGoal(_ goal: Goal, report: GoalReport, growth: Bool, at range: SourceRange) throws(KPIError) -> [Int: Double] {
        guard let due = report.deadline, let target = report.target, let latest = report.latestPeriod, report.latest.isFinite else {
            throw .invalidExpression("\(goal.name) has no data or target to plan from", at: range, help: "goals shows why")
        }
        let steps = due.ordinal - latest.ordinal
        guard steps > 0 else { throw .invalidExpression("\(goal.name)'s deadline is not after the latest data", at: range, help: nil) }
        var values: [Int: Double] = [:]
        let base = report.latest
        let rate = base > 0 && target > 0 ? Glibc.pow(target / base, 1 / Double(steps)) : .nan
        for step in 1...steps {
            values[latest.ordinal + step] = growth && rate.isFinite ? base * Glibc.pow(rate, Double(step))
                : base + (target - base) * Double(step) / Double(steps)
        }
        return values
    }

    /// The plan to compare `metric` with: its own, or the straight line of its first goal.
    static func plan(for metric: String, in workspace: Workspace, report: (Goal) -> GoalReport,
                     at range: SourceRange) throws(KPIError) -> [Int: Double] {
        if let plan = workspace.plans[metric] {
            guard plan.grain == workspace.grain else {
                throw .invalidExpression("the plan for \(metric) is per \(plan.grain.noun)", at: range,
                                         help: "grain \(plan.grain.noun) to compare with it")
            }
            return plan.values
        }
        guard let goal = workspace.goals.first(where: { $0.metric == metric && !$0.isDraft }) else {
            throw .invalidExpression("\(metric) has no plan", at: range,
                                     help: "plan \(metric) = 900, 950, 1000 from 2026-10, or set a goal on it")
        }
        return try toGoal(goal, report: report(goal), growth: false, at: range)
    }

    /// Actual minus plan, and that as a share of the plan (null where the plan is 0).
    static func variance(actual: [Double], plan: [Double]) -> (absolute: [Double], relative: [Double]) {
        let absolute = zip(actual, plan).map { Quantity.clean($0 - $1) }
        let relative = zip(absolute, plan).map { $1 == 0 ? Double.nan : Quantity.clean($0 / $1) }
        return (absolute, relative)
    }
}
