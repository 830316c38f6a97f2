/// The what-if statements: scenario, scenarios, use, compare, solve, sensitivity, simulate.
extension Parser {
    /// `scenario NAME: X = EXPR, Y = EXPR`
    mutating func parseScenario() throws(KPIError) -> Statement {
        let example = "scenario bigger: budget = budget * 1.2"
        let name = try self.name("a scenario name", example: example)
        _ = try expect(":", "':' after the scenario's name")
        return .scenario(name: name, overrides: try overrides(example: example))
    }

    /// `compare S1, S2 on M1, M2 [at P | from P to Q] [as FORMAT]`
    mutating func parseCompare() throws(KPIError) -> Statement {
        let scenarios = try nameList("scenarios to compare", example: "compare base, bigger on planned_customers")
        try expect(keyword: "on", "'on' and the metrics", help: "for example: compare base, bigger on planned_customers, cac")
        let metrics = try nameList("metrics to compare", example: "compare base, bigger on planned_customers")
        var request = CompareRequest(scenarios: scenarios, metrics: metrics)
        request.at = try optionalAt()
        while request.at == nil, case .identifier(let clause) = current.kind, clause == "from" || clause == "to" {
            position += 1
            if clause == "from" { request.from = try periodLiteral() } else { request.to = try periodLiteral() }
        }
        if let from = request.from, let to = request.to, to.value.lastDay < from.value.firstDay {
            throw .invalidArgument("the periods end (\(to.value)) before they start (\(from.value))", at: from.range.union(to.range))
        }
        request.format = try optionalFormat()
        return .compare(request)
    }

    /// `METRIC`, or `total(METRIC [from P] [to Q])`: what a what-if reads off a metric.
    mutating func measure(example: String) throws(KPIError) -> Measure {
        guard current.kind == .identifier("total"), tokens[position + 1].kind == .symbol("(") else {
            return Measure(metric: try name("a metric", example: example))
        }
        let start = current
        position += 2
        let metric = try name("the metric to total", example: "total(planned_customers from 2027-01 to 2027-06)")
        var span = TotalSpan(from: nil, to: nil)
        while case .identifier(let clause) = current.kind, clause == "from" && span.from == nil || clause == "to" && span.to == nil {
            position += 1
            let period = try periodLiteral().value
            if clause == "from" { span.from = period } else { span.to = period }
        }
        let close = try expect(")", "')' to close total(")
        if let from = span.from, let to = span.to, to.lastDay < from.firstDay {
            throw .invalidArgument("the periods end (\(to)) before they start (\(from))", at: start.range.union(close))
        }
        let label = String(String.UnicodeScalarView(scalars[start.startOffset..<tokens[position - 1].endOffset]))
        return Measure(metric: metric, total: span, range: start.range.union(close), label: label)
    }

    /// `correlate X, Y RANK`
    mutating func parseCorrelate() throws(KPIError) -> Statement {
        let example = "correlate cpc, close_rate -0.5"
        let first = try name("an uncertain assumption", example: example)
        _ = try expect(",", "',' and the second assumption")
        let second = try name("an uncertain assumption", example: example)
        let token = current
        let rank = try signedNumber("a rank correlation from -1 to 1")
        guard rank >= -1, rank <= 1, !token.isPercent else {
            throw .expected("a rank correlation from -1 to 1", found: NumberFormat.plain(rank), at: token.range.union(tokens[position - 1].range),
                            help: "for example: \(example)")
        }
        return .correlate(first: first, second: second, rank: Located(rank, token.range.union(tokens[position - 1].range)))
    }

    /// `sensitivity METRIC [at P] to X, Y [by STEP]`
    mutating func parseSensitivity() throws(KPIError) -> Statement {
        let metric = try measure(example: "sensitivity planned_customers to budget, cpc by 10%")
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

    /// `simulate METRIC [at P] [runs N] [seed S] [as FORMAT]`
    mutating func parseSimulate() throws(KPIError) -> Statement {
        let metric = try measure(example: "simulate planned_customers runs 10000 seed 1")
        let at = try optionalAt()
        let (runs, seed) = try runsAndSeed()
        return .simulate(metric: metric, at: at, runs: runs, seed: seed, format: try optionalFormat(example: "simulate planned_customers as csv"))
    }

    /// `[runs N] [seed S]`, in either order: 10,000 runs and seed 1 unless given.
    private mutating func runsAndSeed(runs: Int = 10_000, seed: UInt64 = 1) throws(KPIError) -> (runs: Int, seed: UInt64) {
        var runs = runs, seed = seed
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
        return (runs, seed)
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
        if current.kind == .identifier("P"), tokens[position + 1].kind == .symbol("(") { return try probabilitySolve(input) }
        let metric = try measure(example: example)
        _ = try expect("=", "'=' and the target value")
        var request = SolveRequest(input: input, metric: metric, target: try signedNumber("a target number"))
        try solveClauses(&request)
        return request
    }

    /// `P(METRIC >= T) = 80%` and the clauses after it, `runs` and `seed` among them.
    private mutating func probabilitySolve(_ input: Located<String>) throws(KPIError) -> SolveRequest {
        let example = "solve budget for P(planned_customers >= 1400) = 80%"
        position += 2
        let metric = try measure(example: example)
        guard case .symbol(let op) = current.kind, [">=", "<=", ">", "<"].contains(op) else {
            throw .expected(">=, <=, > or <", found: current.description, at: current.range, help: "for example: \(example)")
        }
        position += 1
        let target = try signedNumber("a target number")
        _ = try expect(")", "')' to close P(")
        _ = try expect("=", "'=' and the probability")
        let token = current
        guard case .number(let value) = token.kind, token.isPercent ? value > 0 && value < 1 : value > 0 && value < 1 else {
            throw .expected("a probability between 0% and 100%", found: token.description, at: token.range, help: "for example: \(example)")
        }
        position += 1
        var request = SolveRequest(input: input, metric: metric, target: target)
        request.probability = ProbabilityTarget(comparison: op, probability: value, runs: 10_000, seed: 1)
        try solveClauses(&request)
        return request
    }

    private mutating func solveClauses(_ request: inout SolveRequest) throws(KPIError) {
        while case .identifier(let clause) = current.kind {
            switch clause {
            case "runs" where request.probability != nil, "seed" where request.probability != nil:
                let (runs, seed) = try runsAndSeed(runs: request.probability!.runs, seed: request.probability!.seed)
                request.probability?.runs = runs
                request.probability?.seed = seed
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
                return
            }
        }
    }
}
