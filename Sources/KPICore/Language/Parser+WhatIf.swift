/// The what-if statements: scenario, scenarios, use, compare, solve, sensitivity, simulate.
extension Parser {
    /// `scenario NAME: X = EXPR, Y = EXPR`
    mutating func parseScenario() throws(KPIError) -> Statement {
        let example = "scenario bigger: budget = budget * 1.2"
        let name = try self.name("a scenario name", example: example)
        _ = try expect(":", "':' after the scenario's name")
        return .scenario(name: name, overrides: try overrides(example: example))
    }

    /// `compare S1, S2 on M1, M2 [at P] [as FORMAT]`
    mutating func parseCompare() throws(KPIError) -> Statement {
        let scenarios = try nameList("scenarios to compare", example: "compare base, bigger on planned_customers")
        try expect(keyword: "on", "'on' and the metrics", help: "for example: compare base, bigger on planned_customers, cac")
        let metrics = try nameList("metrics to compare", example: "compare base, bigger on planned_customers")
        let at = try optionalAt()
        return .compare(scenarios: scenarios, metrics: metrics, at: at, format: try optionalFormat())
    }

    /// `sensitivity METRIC [at P] to X, Y [by STEP]`
    mutating func parseSensitivity() throws(KPIError) -> Statement {
        let metric = try name("a metric", example: "sensitivity planned_customers to budget, cpc by 10%")
        let at = try optionalAt()
        try expect(keyword: "to", "'to' and the inputs", help: "for example: sensitivity planned_customers to budget, cpc by 10%")
        let inputs = try nameList("inputs", example: "sensitivity planned_customers to budget, cpc")
        var step = 0.1
        if self.at(keyword: "by") {
            position += 1
            guard case .number(let value) = current.kind, value > 0, value < 1 || !current.isPercent else {
                throw .expected("a step such as 10%", found: current.description, at: current.range)
            }
            position += 1
            step = value
        }
        return .sensitivity(metric: metric, at: at, inputs: inputs, step: step)
    }

    /// The most runs a simulation may ask for: memory grows with runs × definitions.
    static let maxRuns = 1_000_000.0

    /// `simulate METRIC [at P] [runs N] [seed S]`
    mutating func parseSimulate() throws(KPIError) -> Statement {
        let metric = try name("a metric", example: "simulate planned_customers runs 10000 seed 1")
        let at = try optionalAt()
        var runs = 10_000, seed: UInt64 = 1
        while case .identifier(let clause) = current.kind, clause == "runs" || clause == "seed" {
            position += 1
            let cap = clause == "runs" ? Self.maxRuns : 9_007_199_254_740_992
            guard case .number(let value) = current.kind, value == value.rounded(), value >= 1, value <= cap else {
                throw .expected(clause == "runs" ? "a number of runs from 1 to \(NumberFormat.count(Int(Self.maxRuns)))"
                                    : "a whole number of 1 or more after 'seed'",
                                found: current.description, at: current.range,
                                help: clause == "runs" ? "each run holds a value per definition: a million runs of a "
                                    + "ten-step model is 80 MB" : nil)
            }
            position += 1
            if clause == "runs" { runs = Int(value) } else { seed = UInt64(value) }
        }
        return .simulate(metric: metric, at: at, runs: runs, seed: seed)
    }

    private mutating func optionalAt() throws(KPIError) -> Located<Period>? {
        guard current.kind == .identifier("at") else { return nil }
        position += 1
        return try periodLiteral()
    }

    /// `as table|csv|json|markdown`, or nothing: the one format clause of every view.
    mutating func optionalFormat(example: String = "compare base, bigger on cac as csv") throws(KPIError) -> OutputFormat? {
        guard at(keyword: "as") else { return nil }
        position += 1
        let word = try name("table, csv, json or markdown", example: example)
        guard let format = OutputFormat(rawValue: word.value) else {
            throw .expected("table, csv, json or markdown", found: "'\(word.value)'", at: word.range,
                            help: KPIError.didYouMean(Suggestion.closest(to: word.value, in: OutputFormat.allCases.map(\.rawValue))))
        }
        return format
    }

    private mutating func signedNumber(_ what: String) throws(KPIError) -> Double {
        var sign = 1.0
        if current.kind == .symbol("-") {
            sign = -1
            position += 1
        }
        guard case .number(let value) = current.kind else { throw .expected(what, found: current.description, at: current.range) }
        position += 1
        return sign * value
    }

    mutating func solve() throws(KPIError) -> SolveRequest {
        let example = "solve budget for planned_customers = 1200"
        let input = try name("the assumption to solve for", example: example)
        try expect(keyword: "for", "'for' and the metric", help: "for example: \(example)")
        let metric = try name("a metric", example: example)
        _ = try expect("=", "'=' and the target value")
        var request = SolveRequest(input: input, metric: metric, target: try signedNumber("a target number"))
        while case .identifier(let clause) = current.kind {
            switch clause {
            case "at": request.at = try optionalAt()
            case "between":
                position += 1
                let low = try signedNumber("the low end of the range")
                try expect(keyword: "and", "'and' and the high end")
                request.between = (low, try signedNumber("the high end of the range"))
            case "as":
                position += 1
                try expect(keyword: "scenario", "'scenario' and a name")
                request.scenario = try name("the scenario's name")
            default:
                return request
            }
        }
        return request
    }
}
