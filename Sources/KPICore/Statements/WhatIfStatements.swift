/// scenario, scenarios, use, compare, solve, sensitivity, simulate.
struct WhatIfStatements: StatementHandler {
    var context: StatementContext

    mutating func perform(_ statement: Statement) throws(KPIError) -> Output {
        switch statement {
        case .scenario(let name, let overrides): return try defineScenario(name, overrides)
        case .scenarios: return listScenarios()
        case .use(let name): return try use(name)
        case .compare(let scenarios, let metrics, let at, let format):
            return try compare(scenarios, metrics: metrics, at: at, format: format ?? context.defaultFormat)
        case .solve(let request): return try solve(request)
        case .sensitivity(let metric, let at, let inputs, let step): return try sensitivity(metric, at: at, inputs: inputs, step: step)
        case .simulate(let metric, let at, let runs, let seed): return try simulate(metric, at: at, runs: runs, seed: seed)
        default: preconditionFailure("\(statement.keyword) is not a what-if statement")
        }
    }

    /// The active scenario's overrides with `override` added (replacing one of the same name):
    /// what solve and sensitivity vary.
    private func varying(_ override: Override) -> Scenario {
        let active = workspace.activeScenario.flatMap(workspace.scenario(named:))?.overrides ?? []
        return Scenario(name: "what-if", overrides: active.filter { $0.name.value != override.name.value } + [override])
    }

    private mutating func defineScenario(_ name: Located<String>, _ overrides: [Override]) throws(KPIError) -> Output {
        guard name.value != "base" else {
            throw .invalidExpression("'base' is the case without overrides", at: name.range, help: "give the scenario another name")
        }
        for override in overrides {
            guard workspace.definitions[override.name.value] != nil else {
                throw .unknownName(override.name.value, at: override.name.range,
                                   suggestion: Suggestion.closest(to: override.name.value, in: workspace.definitionNames))
            }
            let downstream = Set(workspace.dependents(of: override.name.value))
            if let looping = override.expression.names.first(where: { downstream.contains($0) }) {
                throw .cycle([override.name.value, looping, override.name.value], at: override.expression.range)
            }
        }
        let scenario = Scenario(name: name.value, overrides: overrides)
        let trial = evaluator(scenario: scenario)
        for override in overrides { _ = try trial.evaluate(override.expression) }
        context.work.add(trial)
        if let index = workspace.scenarios.firstIndex(where: { $0.name == name.value }) {
            workspace.scenarios[index] = scenario
        } else {
            workspace.scenarios.append(scenario)
        }
        let changed = Set(overrides.flatMap { workspace.dependents(of: $0.name.value) }).subtracting(overrides.map(\.name.value))
        let follows = workspace.definitionOrder.filter(changed.contains)
        return .message("scenario \(name.value): " + overrides.map(\.text).joined(separator: ", ")
                        + (follows.isEmpty ? "" : "\n  changes " + follows.joined(separator: ", ")))
    }

    private func listScenarios() -> Output {
        guard !workspace.scenarios.isEmpty else { return .message("no scenarios yet: scenario bigger: budget = budget * 1.2") }
        return .message(workspace.scenarios.map { scenario in
            (scenario.name == workspace.activeScenario ? "* " : "  ") + scenario.name + ": "
                + scenario.overrides.map(\.text).joined(separator: ", ")
        }.joined(separator: "\n"))
    }

    private mutating func use(_ name: Located<String>) throws(KPIError) -> Output {
        if name.value == "base" {
            workspace.activeScenario = nil
            return .message("using the base case")
        }
        _ = try scenario(name)
        workspace.activeScenario = name.value
        return .message("using scenario \(name.value): show, chart, goals and scorecard evaluate under it; use base to return")
    }

    /// A metric as one number: a constant, or a series at `at` (by default its latest period with data).
    private func reading(_ value: Quantity, at period: Period?) -> (Double, Period?) {
        switch value {
        case .scalar(let x): return (x, nil)
        case .samples(let xs): return (xs.reduce(0, +) / Double(max(xs.count, 1)), nil)
        case .series(let series):
            let ordinal = period.map { Period(containing: Period(grain: $0.grain, ordinal: $0.ordinal + 1).firstDay - 1, grain: series.grain).ordinal }
                ?? series.lastOrdinalWithData ?? series.start
            return (series.value(ordinal: ordinal), Period(grain: series.grain, ordinal: ordinal))
        }
    }

    // MARK: compare

    private func compare(_ names: [Located<String>], metrics: [Located<String>], at: Located<Period>?,
                 format: OutputFormat) throws(KPIError) -> Output {
        var scenarios: [Scenario] = []
        for name in names { scenarios.append(try scenario(name)) }
        var values = [[Double]](repeating: [], count: metrics.count), periods = [Period?](repeating: nil, count: metrics.count)
        var units: [MetricUnit] = []
        for metric in metrics { units.append(try definition(metric).unit) }
        var verdicts: [[String]] = workspace.goals.filter { !$0.isDraft }.map { _ in [] }
        for scenario in scenarios {
            let evaluator = Evaluator(workspace: workspace, cache: cache, scenario: scenario.overrides.isEmpty ? nil : scenario)
            for (index, metric) in metrics.enumerated() {
                let (value, period) = reading(try evaluator.value(of: metric.value, at: metric.range), at: at?.value)
                values[index].append(value)
                periods[index] = period
            }
            let check = GoalCheck(workspace: workspace, evaluator: evaluator)
            for (index, goal) in workspace.goals.filter({ !$0.isDraft }).enumerated() {
                verdicts[index].append(check.report(goal).verdict.rawValue)
            }
            context.work.add(evaluator)
        }
        let goals = zip(workspace.goals.filter { !$0.isDraft }, verdicts).map { ($0.name, $1) }
        return .comparison(ComparisonView(scenarios: scenarios.map(\.name), metrics: metrics.map(\.value), units: units,
                                          values: values, periods: periods, goals: goals, format: format))
    }

    // MARK: solve

    private mutating func solve(_ request: SolveRequest) throws(KPIError) -> Output {
        let input = try definition(request.input)
        let metric = try definition(request.metric)
        guard workspace.dependents(of: input.name).contains(metric.name) else {
            throw .invalidExpression("\(metric.name) does not depend on \(input.name)", at: request.input.range,
                                     help: "explain \(metric.name) shows what it reads")
        }
        guard case .scalar(let start) = try evaluator().value(of: input.name, at: request.input.range) else {
            throw .invalidExpression("solve works on an assumption, a single number; \(input.name) is a series",
                                     at: request.input.range, help: "let NAME = … defines one")
        }
        var evaluations = 0
        var period: Period?
        func f(_ x: Double) throws(KPIError) -> Double {
            evaluations += 1
            let override = Override(name: request.input, expression: Expression(.number(x, percent: false), request.input.range),
                                    text: "")
            let evaluator = self.evaluator(scenario: varying(override))
            let (value, at) = reading(try evaluator.value(of: metric.name, at: request.metric.range), at: request.at?.value)
            period = at
            return value - request.target
        }
        let root = try Solver.solve(f, start: start, between: request.between)
        let range = request.between.map { "\($0.low) … \($0.high)" } ?? "the values tried"
        guard case .found(let x) = root else {
            if case .noSignChange(let low, let high, let lowest, let highest) = root {
                throw .invalidExpression("no value of \(input.name) in \(NumberFormat.plain(low)) … \(NumberFormat.plain(high)) "
                                         + "brings \(metric.name) to \(NumberFormat.plain(request.target)); there it ranges from "
                                         + "\(NumberFormat.plain(lowest + request.target)) to \(NumberFormat.plain(highest + request.target))",
                                         at: request.metric.range, help: "try a wider range: between LOW and HIGH")
            }
            throw .invalidExpression("\(metric.name) cannot be computed over \(range)", at: request.metric.range, help: nil)
        }
        let reached = try f(x) + request.target
        var saved: String?
        if let name = request.scenario {
            let override = Override(name: request.input, expression: Expression(.number(x, percent: false), request.input.range),
                                    text: "\(input.name) = \(NumberFormat.plain(x))")
            let scenario = Scenario(name: name.value, overrides: [override])
            workspace.scenarios.removeAll { $0.name == name.value }
            workspace.scenarios.append(scenario)
            saved = name.value
        }
        return .solved(SolveResult(input: input.name, value: x, baseValue: start, metric: metric.name, metricValue: reached,
                                   target: request.target, period: period, evaluations: evaluations, inputUnit: input.unit,
                                   metricUnit: metric.unit, savedAs: saved))
    }

    // MARK: sensitivity

    private func sensitivity(_ metric: Located<String>, at: Located<Period>?, inputs: [Located<String>], step: Double) throws(KPIError) -> Output {
        let definition = try self.definition(metric)
        let (base, period) = reading(try evaluator().value(of: metric.value, at: metric.range), at: at?.value)
        var rows: [SensitivityView.Row] = []
        for input in inputs {
            _ = try self.definition(input)
            guard workspace.dependents(of: input.value).contains(metric.value) else {
                throw .invalidExpression("\(metric.value) does not depend on \(input.value)", at: input.range,
                                         help: "explain \(metric.value) shows what it reads")
            }
            var ends: [Double] = []
            for factor in [1 - step, 1 + step] {
                let scaled = Expression(.binary("*", Expression(.name(input.value), input.range),
                                                Expression(.number(factor, percent: false), input.range)), input.range)
                let evaluator = self.evaluator(scenario: varying(Override(name: input, expression: scaled, text: "")))
                ends.append(reading(try evaluator.value(of: metric.value, at: metric.range), at: at?.value).0)
            }
            rows.append(SensitivityView.Row(input: input.value, low: ends[0], high: ends[1]))
        }
        rows.sort { $0.swing > $1.swing }
        return .sensitivity(SensitivityView(metric: metric.value, unit: definition.unit, base: base, step: step, period: period, rows: rows))
    }

    // MARK: simulate

    private func simulate(_ metric: Located<String>, at: Located<Period>?, runs: Int, seed: UInt64) throws(KPIError) -> Output {
        let definition = try self.definition(metric)
        let (_, period) = reading(try evaluator().value(of: metric.value, at: metric.range), at: at?.value)
        let sampling = Sampling(runs: runs, seed: seed, ordinal: period?.ordinal ?? 0)
        let evaluator = self.evaluator(sampling: sampling)
        var draws: [Double]
        switch try evaluator.value(of: metric.value, at: metric.range) {
        case .samples(let values): draws = values
        case let other: draws = [Double](repeating: reading(other, at: at?.value).0, count: runs)
        }
        context.work.add(evaluator)
        let targets = workspace.goals.filter { $0.metric == metric.value && !$0.isDraft }.compactMap { goal in
            report(goal).target.map { (goal: goal, target: $0) }
        }
        guard let summary = SimulationSummary(draws: draws, goals: targets) else {
            throw .invalidExpression("\(metric.value) has no value in any run", at: metric.range, help: "explain \(metric.value)")
        }
        return .simulation(SimulationView(metric: metric.value, unit: definition.unit, period: period, runs: runs, seed: seed,
                                          mean: summary.mean, sd: summary.sd, percentiles: summary.percentiles,
                                          histogram: summary.histogram, goals: summary.goals))
    }
}
