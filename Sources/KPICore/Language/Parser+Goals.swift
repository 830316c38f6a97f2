/// The statements of goals: objective, goal, goals, plan, scorecard, catalog.
extension Parser {
    /// `objective NAME "TEXT"`
    mutating func parseObjective() throws(KPIError) -> Statement {
        let example = "objective grow \"Increase the number of sales\""
        let name = try self.name("an objective's name", example: example)
        let text = try string("the objective in quotes", example: example)
        return .objective(name: name, text: text.value)
    }

    /// `plan METRIC = V, V, … from PERIOD` or `plan METRIC = line|growth to GOAL`
    mutating func parsePlan() throws(KPIError) -> Statement {
        let metric = try name("a metric", example: "plan new_customers = 900, 950, 1000 from 2026-10")
        _ = try expect("=", "'=' after the metric")
        return .plan(metric: metric, plan: try plan())
    }

    /// `scorecard [OBJECTIVE] [as FORMAT]`
    mutating func parseScorecard() throws(KPIError) -> Statement {
        var objective: Located<String>?
        if case .identifier(let next) = current.kind, next != "as" { objective = try name("an objective") }
        return .scorecard(objective: objective, format: try optionalFormat())
    }

    private static let goalExample = "goal more_customers: new_customers >= 1200 by 2026-12 for grow"

    mutating func goal() throws(KPIError) -> GoalStatement {
        var goal = GoalStatement()
        if case .string(let text) = current.kind {
            position += 1
            goal.draft = text
            return goal
        }
        goal.name = try name("a goal's name, or the goal in quotes", example: Self.goalExample)
        _ = try expect(":", "':' after the goal's name")
        let measure = try self.measure(example: Self.goalExample)
        if let span = measure.total, span.from != nil || span.to != nil {
            throw .invalidExpression("a goal's total adds up the period of its deadline", at: measure.range,
                                     help: "for example: goal q1: total(\(measure.metric.value)) >= 3600 by 2027-Q1")
        }
        goal.metric = measure.metric
        goal.total = measure.total
        guard case .symbol(let op) = current.kind, [">=", "<=", ">", "<"].contains(op) else {
            throw .expected(">=, <=, > or <", found: current.description, at: current.range, help: "for example: \(Self.goalExample)")
        }
        position += 1
        goal.comparison = op
        goal.target = try target()
        try expect(keyword: "by", "'by' and a deadline", help: "a SMART goal is time-bound: … by 2026-12")
        goal.deadline = try periodLiteral()
        while true {
            switch current.kind {
            case .identifier("for"):
                position += 1
                goal.objective = try name("an objective after 'for'")
            case .identifier("weight"):
                position += 1
                guard case .number(let weight) = current.kind, weight > 0 else {
                    throw .expected("a positive weight", found: current.description, at: current.range)
                }
                position += 1
                goal.weight = weight
            case .string(let text):
                position += 1
                goal.description = text
            default:
                return goal
            }
        }
    }

    /// `1200`, `4%`, or a change of the latest actual: `+20%`, `-10%`, `+200`.
    private mutating func target() throws(KPIError) -> GoalStatement.Target {
        var sign: Double?
        if current.kind == .symbol("+") || current.kind == .symbol("-") {
            sign = current.kind == .symbol("+") ? 1 : -1
            position += 1
        }
        guard case .number(let value) = current.kind else {
            throw .expected("a target number", found: current.description, at: current.range,
                            help: "a number (1200, 4%), or a change of the latest value (+20%)")
        }
        let percent = current.isPercent
        position += 1
        guard let sign else { return .value(value) }
        return percent ? .relativePercent(sign * value) : .relativeAmount(sign * value)
    }

    private mutating func plan() throws(KPIError) -> PlanStatement {
        if case .identifier(let word) = current.kind, word == "line" || word == "growth" {
            position += 1
            try expect(keyword: "to", "'to' and a goal", help: "for example: plan new_customers = line to more_customers")
            return .toGoal(try name("a goal after 'to'"), growth: word == "growth")
        }
        var values: [Double] = []
        repeat {
            if !values.isEmpty { position += 1 }
            var sign = 1.0
            if current.kind == .symbol("-") {
                sign = -1
                position += 1
            }
            guard case .number(let value) = current.kind else {
                throw .expected("planned values", found: current.description, at: current.range,
                                help: "for example: plan new_customers = 900, 950, 1000 from 2026-10")
            }
            position += 1
            values.append(sign * value)
        } while current.kind == .symbol(",")
        try expect(keyword: "from", "'from' and the first period", help: "for example: plan new_customers = 900, 950, 1000 from 2026-10")
        return .values(values, from: try periodLiteral().value)
    }
}
