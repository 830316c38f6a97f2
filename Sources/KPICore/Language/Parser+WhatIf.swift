/// The what-if statements: scenario, scenarios, use, compare, solve, sensitivity, simulate.
extension Parser {
    mutating func whatIfStatement(_ word: String) throws(KPIError) -> Statement? {
        switch word {
        case "scenario":
            let name = try self.name("a scenario name", example: "scenario bigger: budget = budget * 1.2")
            _ = try expect(":", "':' after the scenario's name")
            var overrides: [Override] = []
            repeat {
                if !overrides.isEmpty { position += 1 }
                let start = current.startOffset
                let target = try self.name("the name to override", example: "scenario bigger: budget = budget * 1.2")
                _ = try expect("=", "'=' after \(target.value)")
                let expression = try self.expression()
                let text = String(String.UnicodeScalarView(scalars[start..<tokens[position - 1].endOffset]))
                overrides.append(Override(name: target, expression: expression, text: text))
            } while current.kind == .symbol(",")
            return .scenario(name: name, overrides: overrides)
        case "scenarios": return .scenarios
        case "use": return .use(try name("a scenario, or base", example: "use bigger"))
        case "compare":
            let scenarios = try nameList("scenarios to compare", example: "compare base, bigger on planned_customers")
            guard current.kind == .identifier("on") else {
                throw .expected("'on' and the metrics", found: current.description, at: current.range,
                                help: "for example: compare base, bigger on planned_customers, cac")
            }
            position += 1
            let metrics = try nameList("metrics to compare", example: "compare base, bigger on planned_customers")
            let at = try optionalAt()
            return .compare(scenarios: scenarios, metrics: metrics, at: at, format: try optionalFormat())
        case "solve": return .solve(try solve())
        case "sensitivity":
            let metric = try name("a metric", example: "sensitivity planned_customers to budget, cpc by 10%")
            let at = try optionalAt()
            guard current.kind == .identifier("to") else {
                throw .expected("'to' and the inputs", found: current.description, at: current.range,
                                help: "for example: sensitivity planned_customers to budget, cpc by 10%")
            }
            position += 1
            let inputs = try nameList("inputs", example: "sensitivity planned_customers to budget, cpc")
            var step = 0.1
            if current.kind == .identifier("by") {
                position += 1
                guard case .number(let value) = current.kind, value > 0, value < 1 || !current.isPercent else {
                    throw .expected("a step such as 10%", found: current.description, at: current.range)
                }
                position += 1
                step = value
            }
            return .sensitivity(metric: metric, at: at, inputs: inputs, step: step)
        case "simulate":
            let metric = try name("a metric", example: "simulate planned_customers runs 10000 seed 1")
            let at = try optionalAt()
            var runs = 10_000, seed: UInt64 = 1
            while case .identifier(let clause) = current.kind, clause == "runs" || clause == "seed" {
                position += 1
                guard case .number(let value) = current.kind, value == value.rounded(), value >= 1, value <= 10_000_000 else {
                    throw .expected("a whole number after '\(clause)'", found: current.description, at: current.range)
                }
                position += 1
                if clause == "runs" { runs = Int(value) } else { seed = UInt64(value) }
            }
            return .simulate(metric: metric, at: at, runs: runs, seed: seed)
        default:
            return nil
        }
    }

    private mutating func optionalAt() throws(KPIError) -> Located<Period>? {
        guard current.kind == .identifier("at") else { return nil }
        position += 1
        return try periodLiteral()
    }

    mutating func optionalFormat() throws(KPIError) -> OutputFormat? {
        guard current.kind == .identifier("as") else { return nil }
        position += 1
        let word = try name("table, csv, json or markdown", example: "compare base, bigger on cac as csv")
        guard let format = OutputFormat(rawValue: word.value) else {
            throw .expected("table, csv, json or markdown", found: "'\(word.value)'", at: word.range)
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

    private mutating func solve() throws(KPIError) -> SolveRequest {
        let example = "solve budget for planned_customers = 1200"
        let input = try name("the assumption to solve for", example: example)
        guard current.kind == .identifier("for") else {
            throw .expected("'for' and the metric", found: current.description, at: current.range, help: "for example: \(example)")
        }
        position += 1
        let metric = try name("a metric", example: example)
        _ = try expect("=", "'=' and the target value")
        var request = SolveRequest(input: input, metric: metric, target: try signedNumber("a target number"))
        while case .identifier(let clause) = current.kind {
            switch clause {
            case "at": request.at = try optionalAt()
            case "between":
                position += 1
                let low = try signedNumber("the low end of the range")
                guard current.kind == .identifier("and") else {
                    throw .expected("'and' and the high end", found: current.description, at: current.range)
                }
                position += 1
                request.between = (low, try signedNumber("the high end of the range"))
            case "as":
                position += 1
                guard current.kind == .identifier("scenario") else {
                    throw .expected("'scenario' and a name", found: current.description, at: current.range)
                }
                position += 1
                request.scenario = try name("the scenario's name")
            default:
                return request
            }
        }
        return request
    }
}
