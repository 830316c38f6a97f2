/// A business objective that goals serve (`objective grow "Increase the number of sales"`).
public struct Objective: Sendable {
    public var name: String
    public var text: String
}

/// A goal: a target for a metric by a deadline, or a draft still in words.
public struct Goal: Sendable {
    public var name: String
    public var statement: GoalStatement
    /// The statement as typed.
    public var text: String

    public var isDraft: Bool { statement.draft != nil }
    public var metric: String? { statement.metric?.value }
    /// What the goal measures, as written: `new_customers`, or `total(new_customers)`.
    public var measure: String? { metric.map { statement.total == nil ? $0 : "total(\($0))" } }
    public var objective: String? { statement.objective?.value }
    public var weight: Double { statement.weight }

    /// Whether `value` meets the goal.
    func isMet(by value: Double, target: Double) -> Bool {
        guard value.isFinite else { return false }
        switch statement.comparison {
        case ">=": return value >= target
        case ">": return value > target
        case "<=": return value <= target
        default: return value < target
        }
    }

    /// Up is good (`>=`, `>`), or down (`<=`, `<`).
    var wantsIncrease: Bool { statement.comparison == ">=" || statement.comparison == ">" }

    /// The target as a number, given the latest actual for relative targets.
    func target(latest: Double) -> Double? {
        switch statement.target {
        case .value(let value)?: return value
        case .relativePercent(let change)?: return latest.isFinite ? latest * (1 + change) : nil
        case .relativeAmount(let change)?: return latest.isFinite ? latest + change : nil
        case nil: return nil
        }
    }
}

/// Planned values of a metric per period, at the grain they were made for.
public struct Plan: Sendable {
    public var grain: Grain
    public var values: [Int: Double]
}
